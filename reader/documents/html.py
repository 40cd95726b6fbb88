"""HTML to readable plain text: trafilatura finds the article, lxml trees become blocks.

Entities are decoded exactly once, by lxml's parser; nothing is unescaped afterwards
(trafilatura's own ``text`` output unescapes a second time, so its ``body`` tree is
walked instead). Scripts, styles and other non-content elements are never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.documents.blocks import TextBuilder

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "head"})  # head: trafilatura's heading
_LISTS = frozenset({"ul", "ol", "list", "dl"})
_ITEMS = frozenset({"li", "item", "dt", "dd"})
_QUOTES = frozenset({"blockquote", "quote"})
_BREAKS = frozenset({"br", "lb"})
_CELLS = frozenset({"td", "th", "cell"})
_ROWS = frozenset({"tr", "row"})
_SKIPPED = frozenset(
    {
        "script", "style", "noscript", "template", "title", "meta", "link",
        "svg", "math", "iframe", "object", "embed", "canvas", "select", "button",
    }
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
        "figure", "figcaption", "address", "caption", "details", "summary",
        "center", "form", "fieldset", "body", "html",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Extracted:
    """The readable part of an HTML page."""

    text: str
    """The article body as plain text (not yet sanitised)."""
    title: str | None
    """The page's title, if one was found."""
    date: str | None
    """The publication date (ISO 8601), if one was found."""


def extract_html(markup: str, *, url: str | None = None) -> Extracted:
    """Extract the article body, title and date from an HTML page.

    trafilatura picks the main content; when it finds none (very short pages), the
    whole ``<body>`` is used, minus scripts and styles.

    Args:
        markup: The page, already decoded.
        url: Where it came from, which helps trafilatura with metadata.

    Returns:
        The body text, title and date.
    """
    import trafilatura

    result: Any = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
    )
    body = getattr(result, "body", None)
    text = element_text(body) if body is not None else ""
    if not text.strip():
        text, title = _whole_page(markup)
        return Extracted(
            text, getattr(result, "title", None) or title, getattr(result, "date", None)
        )
    return Extracted(text, result.title or None, result.date or None)


def fragment_text(markup: str) -> str:
    """The readable text of an HTML fragment (e.g. raw HTML inside Markdown)."""
    import lxml.html
    from lxml import etree

    if not markup.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    return element_text(root)


def document_text(markup: str | bytes) -> tuple[str, str | None]:
    """The readable text of a whole (X)HTML document's ``<body>``, and its ``<title>``.

    Raises:
        ValueError: The markup cannot be parsed at all.
    """
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except etree.ParserError as error:
        raise ValueError(str(error)) from None
    title = root.findtext(".//title")
    body = root.find("body")
    text = element_text(body if body is not None else root)
    return text, " ".join(title.split()) if title and title.strip() else None


def element_text(root: Any) -> str:
    """Reduce an lxml element tree (HTML, or trafilatura's XML) to block-separated text."""
    from lxml import etree

    builder = TextBuilder()
    cells: list[int] = [0]
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, element in walker:
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIPPED or _open(tag, element, builder, cells):
                walker.skip_subtree()
            continue
        if event == "end" and tag not in _SKIPPED:
            _close(tag, builder)
        if element is not root and element.tail:
            builder.add(element.tail)
    return builder.text()


def _open(tag: str, element: Any, builder: TextBuilder, cells: list[int]) -> bool:
    """Start an element; returns whether its content was consumed whole (to skip it)."""
    if tag in ("pre", "code") and "\n" in element.text_content():
        builder.preformatted(element.text_content())
        return True
    if tag in _HEADINGS or tag in _BLOCKS:
        builder.end_block()
    elif tag in _LISTS:
        builder.open_list(ordered=tag == "ol" or element.get("rend") == "ol")
    elif tag in _ITEMS:
        builder.open_item()
    elif tag in _QUOTES:
        builder.open_quote()
    elif tag == "table":
        builder.open_table()
    elif tag in _ROWS:
        builder.end_block()
        cells[0] = 0
    elif tag in _CELLS:
        if cells[0]:
            builder.add(" │ ")
        cells[0] += 1
    elif tag in _BREAKS:
        builder.line_break()
    elif tag == "hr":
        builder.rule()
    if element.text and tag not in _BREAKS:
        builder.add(element.text)
    return False


def _close(tag: str, builder: TextBuilder) -> None:
    if tag in _HEADINGS:
        builder.end_block(heading=True)
    elif tag in _BLOCKS or tag in _ROWS:
        builder.end_block()
    elif tag in _LISTS:
        builder.close_list()
    elif tag in _ITEMS:
        builder.close_item()
    elif tag in _QUOTES:
        builder.close_quote()
    elif tag == "table":
        builder.close_table()


def _whole_page(markup: str) -> tuple[str, str | None]:
    try:
        return document_text(markup)
    except ValueError:
        return "", None

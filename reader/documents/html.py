"""HTML to readable plain text: trafilatura finds the article, lxml events become blocks.

Entities are decoded exactly once, by lxml's parser; nothing is unescaped afterwards
(trafilatura's own ``text`` output unescapes a second time, so its ``body`` tree is
walked instead). Scripts, styles and other non-content elements are never shown.

Large pages skip trafilatura: it keeps several trees of a page and scores every node,
some 0.1 ms and 2 KB per element (a 10 MB page of small paragraphs took 2 GB and did not
finish in 280 s). They, and pages trafilatura finds nothing in, are parsed straight
into text, without a tree, stopping as soon as the text passes its limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reader.documents.blocks import Built, Spans, TextBuilder

MAX_EXTRACTION_CHARS = 2_000_000
"""Largest page trafilatura looks at (a long article's page is a few hundred kilobytes)..."""

MAX_EXTRACTION_TAGS = 20_000
"""...and most tags (it has a few thousand): a larger page is read whole, minus scripts."""

FEED_CHARS = 64 * 1024
"""How much markup the event parser is given at a time."""

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
_PAGE_SKIPPED = _SKIPPED | {"head"}  # in a page, <head> is metadata, not trafilatura's heading
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
        "figure", "figcaption", "address", "caption", "details", "summary",
        "center", "form", "fieldset", "body", "html",
    }
)  # fmt: skip
_VERBATIM = frozenset({"pre", "code"})

_Event = tuple[str, str, Mapping[str, str]]
"""A held parser event: ("start", tag, attributes), ("data", text, {}) or ("end", tag, {})."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """The readable part of an HTML page."""

    text: str
    """The article body as plain text (not yet sanitised)."""
    title: str | None
    """The page's title, if one was found."""
    date: str | None
    """The publication date (ISO 8601), if the page's metadata gives one."""
    code: Spans = ()
    """Where the text's code is (``<pre>``, ``<code>``): shown, never analysed."""
    headings: Spans = ()
    """Where the text's headings are."""


def extract_html(markup: str, *, url: str | None = None, limit: int | None = None) -> Extracted:
    """Extract the article body, title and date from an HTML page.

    trafilatura picks the main content; when it finds none (very short pages), or the
    page is larger than :data:`MAX_EXTRACTION_CHARS` or :data:`MAX_EXTRACTION_TAGS`,
    the whole ``<body>`` is used, minus scripts and styles. The title is the page's
    ``og:title`` or ``<title>`` (trafilatura's pick, which drops a site's name). The
    date comes from the page's metadata only, never guessed from its text (a footer's
    "© 2019" is not a publication date).

    Args:
        markup: The page, already decoded.
        url: Where it came from, which helps trafilatura with metadata.
        limit: The most characters of text to produce.

    Returns:
        The body text, title and date.

    Raises:
        TextTooLong: The text passes ``limit``.
    """
    result: Any = None
    if len(markup) <= MAX_EXTRACTION_CHARS and markup.count("<") <= MAX_EXTRACTION_TAGS:
        import trafilatura
        from trafilatura.settings import set_date_params

        result = trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            date_extraction_params=set_date_params(extensive=False),
        )
        body = getattr(result, "body", None)
        built = _element_built(body, limit) if body is not None else None
        if built is not None and built.text.strip():
            return Extracted(
                built.text, result.title or None, result.date or None, built.code, built.headings
            )
    reducer = _reduce_document(markup, limit)
    built = reducer.builder.build()
    title = getattr(result, "title", None) or reducer.og_title or reducer.title
    return Extracted(
        built.text, title, getattr(result, "date", None) or None, built.code, built.headings
    )


def fragment_text(markup: str, *, limit: int | None = None) -> str:
    """The readable text of an HTML fragment (e.g. raw HTML inside Markdown).

    Raises:
        TextTooLong: The text passes ``limit``.
    """
    return _reduce_document(markup, limit).builder.text()


def page_text(markup: str, *, limit: int | None = None) -> Built:
    """The readable text of a whole (X)HTML document's ``<body>``, with where its code
    and headings are (an EPUB chapter, say).

    Raises:
        TextTooLong: The text passes ``limit``.
    """
    return _reduce_document(markup, limit).builder.build()


def _reduce_document(markup: str, limit: int | None) -> _Reducer:
    """Parse a whole page in steps straight into a reducer, keeping no tree (its builder
    holds the text)."""
    from lxml import etree

    reducer = _Reducer(_PAGE_SKIPPED, limit)
    if not markup.strip():
        return reducer
    parser = etree.HTMLParser(
        target=reducer, remove_comments=True, remove_pis=True, no_network=True
    )
    for start in range(0, len(markup), FEED_CHARS):
        parser.feed(markup[start : start + FEED_CHARS])
    parser.close()
    return reducer


def _element_built(root: Any, limit: int | None) -> Built:
    """The readable text of an element (trafilatura's extracted body), with where its code
    and headings are.

    Raises:
        TextTooLong: The text passes ``limit``.
    """
    from lxml import etree

    reducer = _Reducer(_SKIPPED, limit)
    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event == "start":
            reducer.start(element.tag, element.attrib)
            if element.text:
                reducer.data(element.text)
            continue
        if event == "end":
            reducer.end(element.tag)
        if element is not root and element.tail:
            reducer.data(element.tail)
    reducer.close()
    return reducer.builder.build()


class _Reducer:
    """Turns start, data and end events into block text: an lxml parser target.

    ``<pre>`` and ``<code>`` are held until they end: with a line break inside they
    become a verbatim block, otherwise their events are replayed as ordinary ones.
    """

    def __init__(self, skipped: frozenset[str], limit: int | None) -> None:
        self.builder = TextBuilder(limit=limit)
        self.title: str | None = None
        """The text of the first ``<title>``."""
        self.og_title: str | None = None
        """The first ``<meta property="og:title">``'s content."""
        self._skipped = skipped
        self._skip_depth = 0
        self._cells = 0
        self._held: list[_Event] | None = None
        self._held_depth = 0
        self._title: list[str] | None = None

    def start(self, tag: Any, attrib: Mapping[str, str], nsmap: object = None) -> None:
        """An element starts."""
        name = _local(tag)
        if self._held is not None:
            self._held.append(("start", name, attrib))
            self._held_depth += 1
        elif self._skip_depth or name in self._skipped:
            self._skip_depth += 1
            if name == "title" and self.title is None:
                self._title = []
            elif name == "meta" and attrib.get("property") == "og:title" and not self.og_title:
                self.og_title = " ".join(attrib.get("content", "").split()) or None
        elif name in _VERBATIM:
            self._held, self._held_depth = [("start", name, attrib)], 1
        else:
            self._open(name, attrib)

    def data(self, text: str) -> None:
        """Text, inside an element or after one."""
        if self._held is not None:
            self._held.append(("data", text, {}))
        elif self._title is not None:
            self._title.append(text)
        elif not self._skip_depth:
            self.builder.add(text)

    def end(self, tag: Any) -> None:
        """An element ends."""
        name = _local(tag)
        if self._held is not None:
            self._held.append(("end", name, {}))
            self._held_depth -= 1
            if not self._held_depth:
                self._release()
        elif self._skip_depth:
            self._skip_depth -= 1
            if self._title is not None and name == "title":
                self.title = " ".join("".join(self._title).split()) or None
                self._title = None
        else:
            self._close(name)

    def close(self) -> str:
        """The document ended: the text."""
        while self._held is not None:  # a <pre> left open
            self._release()
        return self.builder.text()

    def _release(self) -> None:
        held, self._held = self._held or [], None
        verbatim = _verbatim_text(held)
        if "\n" in verbatim:
            self.builder.preformatted(verbatim)
            return
        closed = not self._held_depth  # released by its end tag, not by the document's end
        _kind, name, attrib = held[0]
        self._open(name, attrib)
        self.builder.open_code()  # inline code: shown, never analysed
        for kind, value, attrib in held[1 : -1 if closed else None]:
            if kind == "start":
                self.start(value, attrib)
            elif kind == "data":
                self.data(value)
            else:
                self.end(value)
        self.builder.close_code()
        if closed:
            self.end(held[-1][1])

    def _open(self, tag: str, attrib: Mapping[str, str]) -> None:
        builder = self.builder
        if tag in _HEADINGS or tag in _BLOCKS:
            builder.end_block()
        elif tag in _LISTS:
            builder.open_list(ordered=tag == "ol" or attrib.get("rend") == "ol")
        elif tag in _ITEMS:
            builder.open_item()
        elif tag in _QUOTES:
            builder.open_quote()
        elif tag == "table":
            builder.open_table()
        elif tag in _ROWS:
            builder.end_block()
            self._cells = 0
        elif tag in _CELLS:
            if self._cells:
                builder.add(" │ ")
            self._cells += 1
        elif tag in _BREAKS:
            builder.line_break()
        elif tag == "hr":
            builder.rule()

    def _close(self, tag: str) -> None:
        builder = self.builder
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


@lru_cache(maxsize=512)
def _local(tag: Any) -> str:
    """An element's name without namespace, lower case (``""`` for comments and PIs)."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _verbatim_text(held: list[_Event]) -> str:
    """The text of held events, leaving out what skipped elements hold."""
    parts: list[str] = []
    skipping = 0
    for kind, value, _attrib in held:
        if kind == "start" and (skipping or value in _SKIPPED):
            skipping += 1
        elif kind == "end" and skipping:
            skipping -= 1
        elif kind == "data" and not skipping:
            parts.append(value)
    return "".join(parts)

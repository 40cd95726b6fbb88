"""Markdown to readable plain text, through markdown-it-py's token stream."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.documents.blocks import TextBuilder

_SHOWN_URL_SCHEMES = ("http://", "https://", "mailto:")


def render_markdown(source: str) -> tuple[str, str | None]:
    """Render Markdown as plain text: markers gone, links as "text (url)", lists bulleted.

    Raw HTML in the Markdown is dropped, except the text of HTML blocks.

    Args:
        source: The Markdown source.

    Returns:
        The text and the first heading (``None`` if there is none).
    """
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    builder = TextBuilder()
    cells_in_row = 0
    for token in parser.parse(source):
        if token.type == "tr_open":
            cells_in_row = 0
        elif token.type in ("th_open", "td_open"):
            if cells_in_row:
                builder.add(" │ ")
            cells_in_row += 1
        _block(token, builder)
    text = builder.text()
    return text, builder.headings[0] if builder.headings else None


def _block(token: Token, builder: TextBuilder) -> None:
    kind = token.type
    if kind == "inline":
        _inline(token.children or (), builder)
    elif kind == "heading_close":
        builder.end_block(heading=True)
    elif kind in ("paragraph_close", "heading_open", "tr_close"):
        builder.end_block()
    elif kind in ("bullet_list_open", "ordered_list_open"):
        builder.open_list(ordered=kind == "ordered_list_open", start=_start(token))
    elif kind in ("bullet_list_close", "ordered_list_close"):
        builder.close_list()
    elif kind == "list_item_open":
        builder.open_item()
    elif kind == "list_item_close":
        builder.close_item()
    elif kind == "blockquote_open":
        builder.open_quote()
    elif kind == "blockquote_close":
        builder.close_quote()
    elif kind in ("fence", "code_block"):
        builder.preformatted(token.content)
    elif kind == "table_open":
        builder.open_table()
    elif kind == "table_close":
        builder.close_table()
    elif kind == "hr":
        builder.rule()
    elif kind == "html_block":
        from reader.documents.html import fragment_text

        builder.add(fragment_text(token.content))
        builder.end_block()


def _inline(children: Sequence[Token], builder: TextBuilder) -> None:
    href: list[str] = []
    link_text: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            builder.add(child.content)
            if href:
                link_text.append(child.content)
        elif kind == "softbreak":
            builder.add(" ")
        elif kind == "hardbreak":
            builder.line_break()
        elif kind == "image":
            builder.add(child.content)
        elif kind == "link_open":
            href.append(str(child.attrs.get("href", "")))
            link_text.clear()
        elif kind == "link_close" and href:
            url = href.pop()
            if url.startswith(_SHOWN_URL_SCHEMES) and url != "".join(link_text):
                builder.add(f" ({url.removeprefix('mailto:')})")


def _start(token: Token) -> int:
    try:
        return int(token.attrs.get("start", 1))
    except (TypeError, ValueError):
        return 1

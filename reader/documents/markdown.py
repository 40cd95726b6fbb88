"""Markdown to readable plain text, through markdown-it-py's token stream.

markdown-it-py holds every token of a document at once (some 350 bytes and 10 µs of
work each) and five numbers for every line at every level of quoting: 10 MB of
one-letter paragraphs would be 13 million tokens, gigabytes and minutes. A document of
more than :data:`MAX_LINES` lines is not laid out, nor one whose parse passes
:data:`MAX_TOKENS` tokens; it is shown as plain text instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from reader.documents.blocks import Built, TextBuilder

MAX_TOKENS = 300_000
"""Most tokens a document may make to be laid out (some 100 MB and a few seconds)."""

MAX_LINES = 200_000
"""Most lines a document may have to be laid out, each quote marker counting as one more
(every level of quoting goes through its lines again): a 5 MB novel has some 80,000."""

_SHOWN_URL_SCHEMES = ("http://", "https://", "mailto:")
_QUOTE_MARKER = re.compile(r"(?:^|(?<=>))[ \t]{0,3}>", re.MULTILINE)
_TOKENS = "reader_tokens"
"""Where the parse's ``env`` counts the tokens made before the current inline run."""


class _TooDense(Exception):
    """The document makes more than :data:`MAX_TOKENS` tokens."""


def render_markdown(source: str, *, limit: int | None = None) -> Built | None:
    """Render Markdown as plain text: markers gone, links as "text (url)", lists bulleted.

    Raw HTML in the Markdown is dropped, except the text of HTML blocks. Code blocks
    and inline code are kept, and marked as code (shown, never analysed); headings are
    marked as headings.

    Args:
        source: The Markdown source.
        limit: The most characters of text to produce.

    Returns:
        The text, its first heading (``None`` if there is none) and where its code
        and headings are; ``None`` for a document of more than :data:`MAX_LINES`
        lines or :data:`MAX_TOKENS` tokens.

    Raises:
        TextTooLong: The text passes ``limit``.
    """
    if source.count("\n") + _QUOTE_MARKER.subn("", source)[1] > MAX_LINES:
        return None
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    parser.block.ruler.before("table", "reader_budget", _block_budget)
    parser.inline.ruler.before("text", "reader_budget", _inline_budget)
    parser.inline.ruler2.push("reader_budget", _count_inline)
    try:
        tokens = parser.parse(source, {_TOKENS: 0})
    except _TooDense:
        return None
    builder = TextBuilder(limit=limit)
    cells_in_row = 0
    for token in tokens:
        if token.type == "tr_open":
            cells_in_row = 0
        elif token.type in ("th_open", "td_open"):
            if cells_in_row:
                builder.add(" │ ")
            cells_in_row += 1
        _block(token, builder)
    return builder.build()


def _block_budget(state: StateBlock, _start: int, _end: int, _silent: bool) -> bool:
    """A block rule tried first at every block: stops a parse past the budget."""
    if len(state.tokens) > MAX_TOKENS:
        raise _TooDense
    state.env[_TOKENS] = len(state.tokens)
    return False


def _inline_budget(state: StateInline, _silent: bool) -> bool:
    """An inline rule tried first at every step: stops a parse past the budget."""
    if state.env[_TOKENS] + len(state.tokens) > MAX_TOKENS:
        raise _TooDense
    return False


def _count_inline(state: StateInline) -> None:
    """After each inline run: add its tokens to the count."""
    state.env[_TOKENS] += len(state.tokens)


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

        builder.add(fragment_text(token.content, limit=builder.limit))
        builder.end_block()


def _inline(children: Sequence[Token], builder: TextBuilder) -> None:
    href: list[str] = []
    link_text: list[str] = []
    for child in children:
        kind = child.type
        if kind == "text":
            builder.add(child.content)
            if href:
                link_text.append(child.content)
        elif kind == "code_inline":
            builder.open_code()
            builder.add(child.content)
            builder.close_code()
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

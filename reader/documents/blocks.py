"""A builder of readable plain text from structured documents (HTML, Markdown, EPUB).

Blocks (paragraphs, headings, list items, code) are separated by blank lines, list
items by single line breaks; list items get a bullet or number, quotes a bar, code
stays verbatim and indented. With a ``limit``, the builder stops as soon as the text
passes it (nested lists and quotes indent every line, so text can outgrow its source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BULLET = "• "
QUOTE_BAR = "│ "
CODE_INDENT = "    "
RULE = "─" * 20
_CHUNK_PARTS = 4096
"""Finished pieces kept apart before joining them into one string (a few bytes each)."""

# Code and headings are marked in the text as it is built, by noncharacters (which no
# input keeps: :meth:`TextBuilder.add` replaces them), and the marks are turned into
# offsets at the end, once every indent, bullet and quote bar is in place.
_CODE_OPEN, _CODE_CLOSE, _HEADING_OPEN, _HEADING_CLOSE = "\ufdd0\ufdd1\ufdd2\ufdd3"
_MARKS = re.compile("[\ufdd0-\ufdd3]")

Spans = tuple[tuple[int, int], ...]
"""``(start, end)`` offsets into a built text, in text order."""


@dataclass(frozen=True, slots=True)
class Built:
    """A built text, and where its code and headings are."""

    text: str
    first_heading: str | None
    """The text of the first heading."""
    code: Spans = ()
    """Code blocks and inline code: shown, never analysed."""
    headings: Spans = ()
    """Headings."""


def _unmark(text: str) -> str:
    """``text`` with any of the builder's marks replaced (input never carries them)."""
    return _MARKS.sub("\ufffd", text) if _MARKS.search(text) else text


def _spans(marked: str) -> Built:
    """Remove the marks from ``marked``; the code and heading spans they delimited."""
    pieces: list[str] = []
    code: list[tuple[int, int]] = []
    headings: list[tuple[int, int]] = []
    opened: dict[str, int] = {}
    at = 0
    for seen, mark in enumerate(_MARKS.finditer(marked)):
        pieces.append(marked[at : mark.start()])
        at = mark.end()
        offset = mark.start() - seen  # in the text without the marks
        kind = mark.group()
        if kind in (_CODE_OPEN, _HEADING_OPEN):
            opened.setdefault(kind, offset)
        else:
            start = opened.pop(_CODE_OPEN if kind == _CODE_CLOSE else _HEADING_OPEN, None)
            if start is not None and offset > start:
                (code if kind == _CODE_CLOSE else headings).append((start, offset))
    pieces.append(marked[at:])
    text = "".join(pieces)
    for kind, start in opened.items():  # never closed: runs to the end
        (code if kind == _CODE_OPEN else headings).append((start, len(text)))
    return Built(text, None, tuple(sorted(code)), tuple(sorted(headings)))


class TextTooLong(Exception):
    """The text grew past the builder's limit (the loaders report the input as too large)."""


@dataclass(slots=True)
class _List:
    ordered: bool
    next_number: int
    marker: str = ""
    """Marker still to print before the current item's first block."""
    depth: int = 0


@dataclass(slots=True)
class TextBuilder:
    """Collects inline text and block boundaries; :meth:`text` returns the result.

    Raises:
        TextTooLong: From any method, once the text (or one block's raw inline text)
            passes ``limit`` characters.
    """

    limit: int | None = None
    """The most characters the text may have; ``None``: no limit."""
    first_heading: str | None = None
    """The text of the first heading."""
    _chunks: list[str] = field(default_factory=list)
    _parts: list[str] = field(default_factory=list)
    _size: int = 0
    _last_group: int | None = None
    _inline: list[str] = field(default_factory=list)
    _inline_size: int = 0
    _lists: list[_List] = field(default_factory=list)
    _quote_depth: int = 0
    _group_depth: int = 0
    _groups_opened: int = 0

    def add(self, text: str) -> None:
        """Add inline text; runs of whitespace will collapse to one space."""
        text = _unmark(text)
        self._inline.append(text)
        self._inline_size += len(text)
        if self.limit is not None and self._inline_size > self.limit:
            raise TextTooLong

    def open_code(self) -> None:
        """Inline code starts: what is added until :meth:`close_code` is never analysed."""
        self._inline.append(_CODE_OPEN)

    def close_code(self) -> None:
        """Inline code ends."""
        self._inline.append(_CODE_CLOSE)

    def line_break(self) -> None:
        """Add a hard line break inside the current block."""
        self._inline.append("\n")

    def end_block(self, *, heading: bool = False) -> None:
        """Close the current block, if it has any text."""
        if not self._inline:
            return
        inline = "".join(self._inline)
        self._inline.clear()
        self._inline_size = 0
        if "\n" in inline:
            lines = (" ".join(line.split()) for line in inline.split("\n"))
            text = "\n".join(line for line in lines if line)
        else:
            text = " ".join(inline.split())
        if not _MARKS.sub("", text).strip():
            return
        if heading:
            if self.first_heading is None:
                self.first_heading = _MARKS.sub("", text)
            text = _HEADING_OPEN + text + _HEADING_CLOSE
        self._push(text)

    def preformatted(self, text: str) -> None:
        """Add a verbatim block (code), indented."""
        self.end_block()
        lines = _unmark(text).rstrip("\n").split("\n")
        if any(line.strip() for line in lines):
            block = "\n".join(CODE_INDENT + line if line else "" for line in lines)
            self._push(_CODE_OPEN + block + _CODE_CLOSE)

    def rule(self) -> None:
        """Add a horizontal rule."""
        self.end_block()
        self._push(RULE)

    def open_list(self, *, ordered: bool = False, start: int = 1) -> None:
        """Start a (possibly nested) list."""
        self.open_table()
        self._lists.append(_List(ordered, start, depth=len(self._lists)))

    def close_list(self) -> None:
        """End the innermost list."""
        self.close_table()
        if self._lists:
            self._lists.pop()

    def open_table(self) -> None:
        """Start a table (or list): its rows are separated by single line breaks."""
        self.end_block()
        if self._group_depth == 0:
            self._groups_opened += 1
        self._group_depth += 1

    def close_table(self) -> None:
        """End the innermost table (or list)."""
        self.end_block()
        self._group_depth = max(0, self._group_depth - 1)

    def open_item(self) -> None:
        """Start an item of the innermost list (a bullet list if none is open)."""
        self.end_block()
        if not self._lists:
            self.open_list()
        current = self._lists[-1]
        if current.ordered:
            current.marker = f"{current.next_number}. "
            current.next_number += 1
        else:
            current.marker = BULLET

    def close_item(self) -> None:
        """End the current list item."""
        self.end_block()

    def open_quote(self) -> None:
        """Start a block quote."""
        self.end_block()
        self._quote_depth += 1

    def close_quote(self) -> None:
        """End the innermost block quote."""
        self.end_block()
        self._quote_depth = max(0, self._quote_depth - 1)

    def text(self) -> str:
        """The text built so far: blocks joined by blank lines, list items and rows by newlines."""
        return self.build().text

    def build(self) -> Built:
        """The text built so far, with where its code and headings are."""
        self.end_block()
        built = _spans("".join([*self._chunks, *self._parts]))
        return Built(built.text, self.first_heading, built.code, built.headings)

    def _push(self, text: str) -> None:
        rendered = text
        if self._lists or self._quote_depth:
            prefix = QUOTE_BAR * self._quote_depth
            first = rest = prefix
            if self._lists:
                current = self._lists[-1]
                indent = "  " * current.depth
                marker = current.marker or " " * len(BULLET)
                first = prefix + indent + marker
                rest = prefix + indent + " " * len(marker)
                current.marker = " " * len(marker) if current.marker else ""
            lines = text.split("\n")
            rendered = "\n".join([first + lines[0], *(rest + line for line in lines[1:])])
        group = self._groups_opened if self._group_depth else None
        if self._size:
            separator = "\n" if group is not None and group == self._last_group else "\n\n"
            self._parts.append(separator)
            self._size += len(separator)
        self._parts.append(rendered)
        self._size += len(rendered)
        self._last_group = group
        if self.limit is not None and self._size > self.limit:
            raise TextTooLong
        if len(self._parts) >= _CHUNK_PARTS:  # one string, not thousands of small ones
            self._chunks.append("".join(self._parts))
            self._parts.clear()

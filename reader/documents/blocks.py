"""A builder of readable plain text from structured documents (HTML, Markdown, EPUB).

Blocks (paragraphs, headings, list items, code) are separated by blank lines, list
items by single line breaks; list items get a bullet or number, quotes a bar, code
stays verbatim and indented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BULLET = "• "
QUOTE_BAR = "│ "
CODE_INDENT = "    "
RULE = "─" * 20


@dataclass(slots=True)
class _List:
    ordered: bool
    next_number: int
    marker: str = ""
    """Marker still to print before the current item's first block."""
    depth: int = 0


@dataclass(slots=True)
class TextBuilder:
    """Collects inline text and block boundaries; :meth:`text` returns the result."""

    _blocks: list[tuple[str, int | None]] = field(default_factory=list)
    _inline: list[str] = field(default_factory=list)
    _lists: list[_List] = field(default_factory=list)
    _quote_depth: int = 0
    _group_depth: int = 0
    _groups_opened: int = 0
    headings: list[str] = field(default_factory=list)
    """The text of every heading, in order."""

    def add(self, text: str) -> None:
        """Add inline text; runs of whitespace will collapse to one space."""
        self._inline.append(text)

    def line_break(self) -> None:
        """Add a hard line break inside the current block."""
        self._inline.append("\n")

    def end_block(self, *, heading: bool = False) -> None:
        """Close the current block, if it has any text."""
        lines = [" ".join(line.split()) for line in "".join(self._inline).split("\n")]
        self._inline.clear()
        text = "\n".join(line for line in lines if line)
        if not text:
            return
        if heading:
            self.headings.append(text)
        self._push(text)

    def preformatted(self, text: str) -> None:
        """Add a verbatim block (code), indented."""
        self.end_block()
        lines = text.rstrip("\n").split("\n")
        if any(line.strip() for line in lines):
            self._push("\n".join(CODE_INDENT + line if line else "" for line in lines))

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
        self.end_block()
        parts: list[str] = []
        previous_group: int | None = None
        for text, group in self._blocks:
            if parts:
                parts.append("\n" if group is not None and group == previous_group else "\n\n")
            parts.append(text)
            previous_group = group
        return "".join(parts)

    def _push(self, text: str) -> None:
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
        self._blocks.append((rendered, self._groups_opened if self._group_depth else None))

"""Word-wrapping a document into visual lines, as character ranges (no Textual needed).

The article view never renders the whole text: it lays the text out once per
width as ``(start, end)`` offsets and renders only the lines on screen.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len

_WORD = re.compile(r"\S+\s*|\s+")
_SPACES = re.compile(r"\s*")
_WIDE_OR_ZERO_WIDTH = re.compile(
    "[^\x00-\u02ff\u0370-\u1fff\u2010-\u205f\u20a0-\u20cf\u2100-\u2bff\ufffd]"
)
"""Characters that may not take exactly one cell (CJK, emoji, combining marks...)."""


@lru_cache(maxsize=16)
def _line_pattern(width: int) -> re.Pattern[str]:
    """Matches the longest run of whole words that fits ``width`` cells (or a word's
    first ``width`` characters when the word alone is wider)."""
    return re.compile(rf"\S.{{0,{width - 2}}}\S(?=\s|$)|\S(?=\s|$)|\S{{1,{width}}}")


@dataclass(frozen=True, slots=True)
class Layout:
    """Visual lines of a text wrapped to ``width`` cells."""

    width: int
    """The wrap width in cells."""
    starts: array[int]
    """Offset of the first character of each visual line."""
    ends: array[int]
    """Offset one past the last character shown on each line (trailing spaces dropped)."""

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """Index of the visual line holding character ``offset``."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def lines_of(self, offsets: Iterable[int]) -> list[int]:
        """:meth:`line_of` for many offsets (bisecting a list copy: twice as fast)."""
        starts = self.starts.tolist()
        return [max(0, bisect_right(starts, offset) - 1) for offset in offsets]


def _cells(text: str) -> int:
    """Cells ``text`` takes on screen (the view shows a tab as one space)."""
    return cell_len(text.replace("\t", " "))


def _split_long(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Hard-split ``text[start:end]`` (one over-long word) into pieces of ``width`` cells."""
    pieces: list[tuple[int, int]] = []
    piece_start, used = start, 0
    for index in range(start, end):
        cells = cell_len(text[index])
        if used + cells > width and index > piece_start:
            pieces.append((piece_start, index))
            piece_start, used = index, 0
        used += cells
    pieces.append((piece_start, end))
    return pieces


def _wrap_narrow(
    paragraph: str, offset: int, width: int, starts: array[int], ends: array[int]
) -> None:
    """Wrap a paragraph of one-cell characters with a regular expression (the fast path)."""
    line = _line_pattern(width).match
    position, length = 0, len(paragraph)
    while position < length:
        end = line(paragraph, position).end()  # type: ignore[union-attr]
        starts.append(offset + position)
        ends.append(offset + end)
        position = _SPACES.match(paragraph, end).end()  # type: ignore[union-attr]


def _wrap_words(
    text: str, offset: int, length: int, width: int, starts: array[int], ends: array[int]
) -> None:
    """Wrap ``text[offset:offset + length]`` word by word, measuring every word in cells."""
    paragraph = text[offset : offset + length]
    ascii_only = paragraph.isascii()
    line_start, used = offset, 0
    line_end = offset
    for match in _WORD.finditer(paragraph):
        word_start = offset + match.start()
        word = match.group()
        stripped = word.rstrip()
        word_cells = len(stripped) if ascii_only else _cells(stripped)
        full_cells = len(word) if ascii_only else _cells(word)
        if used and used + word_cells > width:
            starts.append(line_start)
            ends.append(line_end)
            line_start, used = word_start, 0
        if word_cells > width:
            pieces = _split_long(text, word_start, word_start + len(stripped), width)
            for piece_start, piece_end in pieces[:-1]:
                starts.append(piece_start)
                ends.append(piece_end)
            line_start = pieces[-1][0]
            used = _cells(text[line_start : word_start + len(word)])
            line_end = word_start + len(stripped)
            continue
        used += full_cells
        if stripped:
            line_end = word_start + len(stripped)
        elif not used - full_cells:
            line_end = word_start
    starts.append(line_start)
    ends.append(max(line_start, line_end))


def wrap(text: str, width: int) -> Layout:
    """Greedy word-wrap ``text`` at ``width`` cells, keeping its own line breaks.

    Args:
        text: The document text (LF line endings).
        width: Cells per line (at least 1).

    Returns:
        The layout: one ``(start, end)`` range per visual line.
    """
    width = max(1, width)
    starts = array("l")
    ends = array("l")
    offset = 0
    for paragraph in text.split("\n"):
        length = len(paragraph)
        narrow = paragraph.isascii() or not _WIDE_OR_ZERO_WIDTH.search(paragraph)
        if (length if narrow else cell_len(paragraph)) <= width:
            starts.append(offset)
            ends.append(offset + len(paragraph.rstrip()))
        elif narrow and width >= 2 and not paragraph[0].isspace():
            _wrap_narrow(paragraph, offset, width, starts, ends)
        else:
            _wrap_words(text, offset, length, width, starts, ends)
        offset += length + 1
    return Layout(width, starts, ends)

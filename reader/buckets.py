"""Where positions fall in a text cut into equal slices: the panel's mention map and the
article's scrollbar marks (issue 12).

A text of ``length`` positions (characters, or visual lines) is cut into ``cells`` slices;
position ``p`` belongs to cell ``p * cells // length``, so slices differ by at most one
position and, with more cells than positions, some cells hold none. Every function takes
the positions sorted and costs ``O(cells log n)`` (bisection at each slice's edge), not
``O(n)``: a book's name can have thousands of mentions.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence


def cell_start(cell: int, length: int, cells: int) -> int:
    """The first position of slice ``cell`` (``length`` for ``cell == cells``)."""
    return -(-cell * length // cells)


def cell_of(position: int, length: int, cells: int) -> int:
    """The slice holding ``position`` (positions past the end fall in the last slice)."""
    if cells <= 0 or length <= 0:
        return 0
    return max(0, min(cells - 1, position * cells // length))


def bucket_counts(positions: Sequence[int], length: int, cells: int) -> list[int]:
    """How many of ``positions`` fall in each of ``cells`` equal slices of ``length``.

    Args:
        positions: Sorted positions (mention starts, line numbers).
        length: The text's length in the same unit (at least 1 to count anything).
        cells: How many slices (the strip's width, the scrollbar's height).

    Returns:
        ``cells`` counts, first slice first; they add up to ``len(positions)`` (positions
        past the end count in the last slice, negative ones in the first).
    """
    if cells <= 0:
        return []
    if length <= 0:
        return [0] * cells
    edges = [bisect_left(positions, cell_start(cell, length, cells)) for cell in range(1, cells)]
    edges = [0, *edges, len(positions)]
    return [edges[cell + 1] - edges[cell] for cell in range(cells)]


def position_for_cell(positions: Sequence[int], length: int, cells: int, cell: int) -> int | None:
    """Index in ``positions`` to jump to from slice ``cell``: the first position in that
    slice, else the nearest one on either side (the earlier on a tie); ``None`` if empty."""
    if not positions:
        return None
    start = cell_start(cell, length, cells)
    end = cell_start(cell + 1, length, cells) if cell < cells - 1 else None
    index = bisect_left(positions, start)
    if index < len(positions) and (end is None or positions[index] < end):
        return index
    if index == 0:
        return 0
    if index == len(positions):
        return index - 1
    before, after = positions[index - 1], positions[index]
    return index - 1 if start - before <= after - start else index


def shade_levels(counts: Sequence[int], levels: int) -> list[int]:
    """Each count as a level from 0 (none) to ``levels`` (the most in any cell): any
    count above zero is at least level 1, so a lone mention still shows."""
    most = max(counts, default=0)
    if most == 0:
        return [0] * len(counts)
    return [-(-count * levels // most) for count in counts]

"""Marks in the article's scrollbar: where the selected entity's mentions and the search
matches are, as editors show them (issue 12).

Drawn by the scrollbar itself, through Textual's extension point for it: a
:class:`~textual.scrollbar.ScrollBarRender` subclass set as the scrollbar's ``renderer``.
The view gives :class:`ScrollMarks` the marked lines once per selection, search or
layout; the rows they fall on are worked out once per bar height
(:func:`reader.buckets.bucket_counts`), so a frame only paints the marked rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment, Segments
from rich.style import Style
from textual.scrollbar import ScrollBarRender

from reader.buckets import bucket_counts

MENTION, MATCH = 1, 2
"""What a row marks (bits): a mention of the selected entity, a search match, or both."""

MARK_GLYPHS = {MENTION: "━", MATCH: "━", MENTION | MATCH: "▀"}
"""A marked row's glyph; with both, the upper half is the mention's colour, the lower the
match's."""


class ScrollMarks:
    """The lines to mark in a scrollbar, and the rows they fall on at a given height."""

    def __init__(self) -> None:
        self.mention_lines: Sequence[int] = ()
        """Sorted visual lines holding a mention of the selected entity."""
        self.match_lines: Sequence[int] = ()
        """Sorted visual lines holding a search match."""
        self.mention_color = Color.parse("#d6548a")
        """The mentions' mark colour (the entity's highlight colour)."""
        self.match_color = Color.parse("#b58900")
        """The matches' mark colour (the search highlight's)."""
        self._rows: tuple[tuple[int, int], list[tuple[int, int]]] | None = None
        self._marks: dict[tuple[Segment, int], Segment] = {}
        """Marked forms of the bar's segments (it reuses a few), per kind of mark."""

    def set_lines(
        self, mention_lines: Sequence[int] | None = None, match_lines: Sequence[int] | None = None
    ) -> None:
        """Mark these lines (``None`` keeps what is marked); the rows are worked out anew."""
        if mention_lines is not None:
            self.mention_lines = mention_lines
        if match_lines is not None:
            self.match_lines = match_lines
        self._rows = None

    def rows(self, height: int, lines: int) -> list[tuple[int, int]]:
        """``(row, MENTION | MATCH bits)`` for each marked row of a bar ``height`` rows
        tall over ``lines`` lines; cached per height and line count."""
        key = (height, lines)
        if self._rows is None or self._rows[0] != key:
            marked = [0] * max(0, height)
            for kind, where in ((MENTION, self.mention_lines), (MATCH, self.match_lines)):
                if where:
                    for row, count in enumerate(bucket_counts(where, lines, height)):
                        if count:
                            marked[row] |= kind
            self._rows = (key, [(row, kind) for row, kind in enumerate(marked) if kind])
        return self._rows[1]

    def set_colors(self, mention: Color | None = None, match: Color | None = None) -> None:
        """Draw the mentions' marks in ``mention``, the matches' in ``match`` (``None``
        keeps a colour)."""
        self.mention_color = mention or self.mention_color
        self.match_color = match or self.match_color
        self._marks.clear()

    def paint(self, segments: list[Segment], lines: int) -> None:
        """Draw the marks over a vertical bar's ``segments`` (one per row), keeping each
        row's background (the track's or the thumb's) and its mouse actions.

        The bar reuses a few segments (track above, thumb, track below); their marked
        forms are kept, so a frame costs a lookup per marked row.
        """
        made = self._marks
        for row, kind in self.rows(len(segments), lines):
            segment = segments[row]
            mark = made.get((segment, kind))
            if mark is None:
                if len(made) > 256:  # new bar styles (hover, a theme): forget the old
                    made.clear()
                mark = made[segment, kind] = self._mark(segment, kind)
            segments[row] = mark

    def _mark(self, segment: Segment, kind: int) -> Segment:
        style = segment.style or Style()
        mention, match = self.mention_color, self.match_color
        # The thumb is drawn reversed: its background is the style's colour.
        if kind == MENTION | MATCH:
            colors = (
                Style(color=match, bgcolor=mention)
                if style.reverse
                else Style(color=mention, bgcolor=match)
            )
        else:
            color = mention if kind == MENTION else match
            colors = Style(bgcolor=color) if style.reverse else Style(color=color)
        return Segment(MARK_GLYPHS[kind] * len(segment.text), style + colors)


class MarkedScrollBarRender(ScrollBarRender):
    """Textual's scrollbar with :class:`ScrollMarks` drawn over it (vertical bars only)."""

    marks: ClassVar[ScrollMarks] = ScrollMarks()
    """What this renderer class marks (each view has its own class: :meth:`using`)."""

    @classmethod
    def using(cls, marks: ScrollMarks) -> type[MarkedScrollBarRender]:
        """A renderer class that draws ``marks``: the scrollbar makes one renderer per
        frame from its class, so the marks travel with the class."""
        return type(cls.__name__, (cls,), {"marks": marks})

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The bar as Textual draws it, then the marks over it."""
        for bar in super().__rich_console__(console, options):
            if self.vertical and isinstance(bar, Segments) and self.virtual_size > 0:
                self.marks.paint(bar.segments, self.virtual_size)
            yield bar

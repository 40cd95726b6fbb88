"""The mention map: one line under the panel's heading showing where the entity's mentions
fall through the document, as Kindle's X-Ray bar does (issue 12).

Each cell is an equal slice of the text, shaded by how many mentions start in it; the
current mention's cell is marked. The counts come from :func:`reader.buckets.bucket_counts`,
once per entity and width; a redraw only looks them up.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from rich.segment import Segment
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from reader.buckets import bucket_counts, cell_of, position_for_cell, shade_levels
from reader.models import Mention

SHADES = " ░▒▓█"
"""A cell's glyph by level: none, then more and more mentions."""

CURRENT = "◆"
"""The current mention's cell, in its own colour (a shape of its own, too: not a shade)."""


class MentionMap(Widget):
    """Where the entity is named through the text; clicking a cell jumps there."""

    DEFAULT_CSS = """
    MentionMap {
        height: 1;
        width: 100%;
        background: $boost;
        & > .mention-map--shade { color: $text-accent; }
        & > .mention-map--current { color: $foreground; text-style: bold; }
    }
    """

    COMPONENT_CLASSES = {"mention-map--shade", "mention-map--current"}

    class MentionChosen(Message):
        """The reader clicked a cell: go to this mention."""

        def __init__(self, mention: Mention) -> None:
            super().__init__()
            self.mention = mention

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.tooltip = "Where the name is mentioned: click to go there ([ and ] in the panel)"
        self._mentions: Sequence[Mention] = ()
        self._starts: list[int] = []
        self._length = 0
        self._current: int | None = None
        self._levels: tuple[int, list[int]] | None = None
        """``(width, shade levels)`` for the mentions shown, computed once per width."""

    @property
    def current(self) -> Mention | None:
        """The mention marked as current, if any."""
        return None if self._current is None else self._mentions[self._current]

    def show(self, mentions: Sequence[Mention], length: int) -> None:
        """Map ``mentions`` (sorted) over a text of ``length`` characters; the current
        mention stays marked if it is one of them (a book's entity grows as its
        highlights arrive)."""
        current = self.current
        self._mentions = mentions
        self._starts = [mention.start for mention in mentions]
        self._length = length
        self._current = None
        self._levels = None
        self.mark(current)
        self.refresh()

    def mark(self, mention: Mention | None) -> None:
        """Mark ``mention`` as the current one (``None``, or not one of these: no mark)."""
        current = None
        if mention is not None:
            index = bisect_left(self._starts, mention.start)
            if index < len(self._mentions) and self._mentions[index] == mention:
                current = index
        if current != self._current:
            self._current = current
            self.refresh()

    def step(self, step: int) -> Mention | None:
        """The mention after (``step=1``) or before (``-1``) the current one, wrapping
        around; from none, the first (or the last). ``None`` with no mentions."""
        if not self._mentions:
            return None
        if self._current is None:
            return self._mentions[0 if step > 0 else -1]
        return self._mentions[(self._current + step) % len(self._mentions)]

    def levels(self, width: int) -> list[int]:
        """Each cell's shade level at ``width`` cells (cached per width)."""
        if self._levels is None or self._levels[0] != width:
            counts = bucket_counts(self._starts, self._length, width)
            self._levels = (width, shade_levels(counts, len(SHADES) - 1))
        return self._levels[1]

    def mention_at(self, cell: int) -> Mention | None:
        """The mention a click on ``cell`` goes to: the first in its slice, else the nearest."""
        width = self.size.width
        index = position_for_cell(self._starts, self._length, width, cell) if width else None
        return None if index is None else self._mentions[index]

    def render_line(self, y: int) -> Strip:
        """The strip: one glyph per cell."""
        width = self.size.width
        base = self.rich_style
        if y != 0 or not width:
            return Strip.blank(width, base)
        shade = base + self.get_component_rich_style("mention-map--shade", partial=True)
        current = base + self.get_component_rich_style("mention-map--current", partial=True)
        marked = None
        if self._current is not None:
            marked = cell_of(self._starts[self._current], self._length, width)
        segments = [
            Segment(CURRENT, current) if cell == marked else Segment(SHADES[level], shade)
            for cell, level in enumerate(self.levels(width))
        ]
        return Strip(segments, width).simplify()

    def on_resize(self) -> None:
        """Redraw for the new width (the levels are computed again, once)."""
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """Go to the mention nearest the clicked cell."""
        event.stop()
        mention = self.mention_at(event.x)
        if mention is not None:
            self.post_message(self.MentionChosen(mention))

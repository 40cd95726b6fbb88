"""The article: a line-API view that renders only the visible lines, with entity highlights."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from reader.labels import HIGHLIGHTS, NAME_LABELS, label_class, legend_entries
from reader.models import Entity, Mention
from reader.ui.keys import ARTICLE_BINDINGS
from reader.ui.layout import Layout, wrap
from reader.ui.widgets.scroll_marks import MarkedScrollBarRender, ScrollMarks

COLUMN_WIDTH = 84
"""The widest reading column, in cells."""


@dataclass(frozen=True, slots=True)
class Target:
    """A mention the cursor can stop on."""

    mention: Mention
    entity: Entity


class ArticleView(ScrollView, can_focus=True):
    """Shows the document in a centred reading column and owns the entity cursor."""

    BINDINGS = ARTICLE_BINDINGS

    COMPONENT_CLASSES = {
        *(highlight.css_class for highlight in HIGHLIGHTS),
        "article-view--selected",
        "article-view--uncertain",
        "article-view--cursor",
        "article-view--match",
        "article-view--current-match",
        "article-view--heading",
        "article-view--code",
    }

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;  /* the text is wrapped to the column: never a horizontal bar */
        & > .article-view--person { color: #d6548a; text-style: bold; }
        & > .article-view--org { color: #3d8fd6; text-style: bold; }
        & > .article-view--place { color: #2e9e5e; text-style: bold; }
        & > .article-view--group { color: #c9731c; text-style: bold; }
        & > .article-view--facility { color: #9a7b2f; text-style: bold; }
        & > .article-view--event { color: #9b59d0; text-style: bold; }
        & > .article-view--work { color: #16a3a3; text-style: bold; }
        & > .article-view--number { color: #8a8a8a; text-style: italic; }
        & > .article-view--uncertain { text-style: italic; }
        & > .article-view--selected { text-style: bold underline; }
        & > .article-view--cursor { text-style: bold reverse; }
        & > .article-view--match { background: #b58900 40%; }
        & > .article-view--current-match { background: #b58900; color: #000000; }
        & > .article-view--heading { color: $text-accent; text-style: bold; }
        & > .article-view--code { color: $text-muted; background: $surface-lighten-1; }
    }
    """

    matches: var[tuple[tuple[int, int], ...]] = var((), init=False, bindings=True)
    """The search matches, as ``(start, end)`` offsets in text order."""
    current_match: var[int | None] = var(None, init=False, always_update=True, bindings=True)
    """Index of the match shown most (and scrolled to); ``None`` until one is chosen."""

    class CursorMoved(Message):
        """The cursor moved to a mention (by key, click or jump), or stayed on it while
        its entity changed (``regrouped``: corrected, or grown as highlights arrive)."""

        def __init__(self, target: Target, *, regrouped: bool = False) -> None:
            super().__init__()
            self.target = target
            self.regrouped = regrouped

    class Painted(Message):
        """The article's text has been rendered for the first time."""

    def __init__(self, text: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.text = text
        self._painted = False
        self._lines: Layout | None = None
        self._entities: list[Entity] = []
        self._labels: frozenset[str] = NAME_LABELS
        self._targets: list[Target] = []
        self._target_starts: list[int] = []
        self._target_ends: list[int] = []
        self._cursor: int | None = None
        self._selected: str | None = None
        self._uncertain: frozenset[str] = frozenset()
        self.search_query = ""
        """What the reader last searched for."""
        self._match_starts: list[int] = []
        self._match_ends: list[int] = []
        self._base_style: Style | None = None
        self._blocks: list[tuple[int, int, str]] = []
        """Headings and code, as ``(start, end, component class)`` in text order."""
        self._block_ends: list[int] = []
        self.scroll_marks = ScrollMarks()
        """The selected entity's mentions and the search matches, marked in the scrollbar."""
        self._seen_size = Size(0, 0)
        """The widget's size when the text was last laid out (see :meth:`on_resize`)."""
        self._seen_height = 0
        """The text's rows on screen then."""
        self._seen_top = 0
        """The top visible line, as the reader last left it at that size."""
        self._top_anchor: int | None = None
        """The offset the top line was kept for at the last resize, until the reader
        scrolls: each narrower width moves the line's start back a little."""

    def on_mount(self) -> None:
        """Let the vertical scrollbar draw the marks (Textual's renderer extension point)."""
        self.vertical_scrollbar.renderer = MarkedScrollBarRender.using(self.scroll_marks)  # type: ignore[misc]

    # ------------------------------------------------------------------ state

    @property
    def targets(self) -> Sequence[Target]:
        """Every mention the cursor can stop on, in text order."""
        return self._targets

    @property
    def cursor(self) -> Target | None:
        """The mention under the cursor, if any."""
        return None if self._cursor is None else self._targets[self._cursor]

    @property
    def lines(self) -> Layout:
        """The current visual lines (laid out on first use). Not ``layout``: that is
        ``Widget.layout``, which Textual calls."""
        if self._lines is None:
            self._lines = wrap(self.text, self._column_width())
        return self._lines

    @property
    def top_offset(self) -> int:
        """Offset of the first character on the top visible line."""
        return self.lines.starts[min(int(self.scroll_y), len(self.lines) - 1)]

    @property
    def bottom_line(self) -> int:
        """Index of the last visual line on screen."""
        height = max(1, self.scrollable_content_region.height)
        return max(0, min(int(self.scroll_y) + height, len(self.lines)) - 1)

    @property
    def position(self) -> str:
        """How far down the text the view is, as ``less -M`` says it: ``0%`` at the top,
        ``100%`` at the bottom; ``All`` when the whole text fits."""
        end = self.max_scroll_y
        if end <= 0:
            return "All"
        return f"{min(100, int(100 * self.scroll_y // end))}%"

    def legend(self) -> Content:
        """The highlighted types' names (those in the article, once it has entities),
        one entry per colour, coloured as this view highlights them; entries are
        separated by two spaces."""
        present = {entity.label for entity in self._entities}
        codes = self._labels & present if self._entities else self._labels
        parts: list[tuple[str, VisualStyle | str]] = []
        for highlight, names in legend_entries(codes):
            style = self.get_component_rich_style(highlight.css_class, partial=True)
            parts += [("■ ", VisualStyle.from_rich_style(style)), (f"{names}  ", "")]
        return Content.assemble(*parts)

    def set_blocks(
        self, headings: Iterable[tuple[int, int]], code: Iterable[tuple[int, int]]
    ) -> None:
        """Show these spans of the text as headings and as code."""
        blocks = [(start, end, "article-view--heading") for start, end in headings]
        blocks += [(start, end, "article-view--code") for start, end in code]
        self._blocks = sorted(blocks)
        # Running maximum: spans may nest (code in a heading), so ends are not sorted.
        self._block_ends = list(accumulate((end for _s, end, _c in self._blocks), max))
        self.refresh()

    def set_entities(self, entities: Sequence[Entity]) -> None:
        """Show ``entities``; the cursor stays on the same place in the text."""
        self._entities = list(entities)
        self._rebuild_targets()

    def set_labels(self, labels: Iterable[str]) -> None:
        """Highlight and travel between mentions of these labels only."""
        self._labels = frozenset(labels)
        self._rebuild_targets()

    def set_uncertain(self, entity_ids: frozenset[str]) -> None:
        """Mark the mentions of these entities quietly (italic): their page is only
        likely, or the name is ambiguous."""
        if entity_ids != self._uncertain:
            self._uncertain = entity_ids
            self.refresh()

    def set_selected(self, entity_id: str | None) -> None:
        """Emphasise every mention of the entity ``entity_id``."""
        if entity_id != self._selected:
            self._selected = entity_id
            self._mark_mentions()
            self.refresh()

    def search(self, query: str) -> None:
        """Mark every occurrence of ``query`` (literal, any case, loose about quotes,
        dashes, accents and spaces); none is current yet."""
        from reader.ui.widgets.search_bar import find_matches

        self.search_query = query
        self.current_match = None
        self.matches = tuple(find_matches(self.text, query))

    def step_match(self, step: int) -> None:
        """Show the next (``step=1``) or previous (``-1``) match, wrapping around.

        With none shown yet, start from the cursor (or the top of the view).
        """
        if not self.matches:
            return
        if self.current_match is None:
            cursor = self.cursor
            here = cursor.mention.start if cursor else self.top_offset
            after = bisect_left(self._match_starts, here)
            index = after if step > 0 else after - 1
        else:
            index = self.current_match + step
        self.current_match = index % len(self.matches)

    def clear_matches(self) -> None:
        """Remove the search highlights and forget the search."""
        self.search_query = ""
        self.current_match = None
        self.matches = ()

    def watch_matches(self, matches: tuple[tuple[int, int], ...]) -> None:
        """Index the matches for drawing."""
        self._match_starts = [start for start, _ in matches]
        self._match_ends = [end for _, end in matches]
        self._mark_matches()
        self.refresh()

    def watch_current_match(self, current: int | None) -> None:
        """Bring the current match into view."""
        if current is not None:
            self.scroll_to_offset(self.matches[current][0])
        self.refresh()

    def _rebuild_targets(self) -> None:
        old = self.cursor
        targets = [
            Target(mention, entity)
            for entity in self._entities
            if entity.label in self._labels
            for mention in entity.mentions
        ]
        targets.sort(key=lambda target: target.mention.start)
        self._targets = targets
        self._target_starts = [target.mention.start for target in targets]
        self._target_ends = [target.mention.end for target in targets]
        self._cursor = None
        if old is not None:
            index = self.target_at(old.mention.start)
            self._cursor = index
            if index is not None and self._targets[index].entity != old.entity:
                moved = self.CursorMoved(self._targets[index], regrouped=True)
                self.post_message(moved.set_sender(self))  # sent by the view (see move_to)
        self._mark_mentions()
        self.refresh()

    # ------------------------------------------------------------------ scrollbar marks

    def _mark_mentions(self) -> None:
        """Mark the selected entity's mentions in the scrollbar (once per selection, update
        of the entities, or layout; none when its type is not highlighted)."""
        entity = self._selected_entity()
        if entity is None or entity.label not in self._labels:
            self.scroll_marks.set_lines(mention_lines=())
        else:
            lines = self.lines.lines_of(mention.start for mention in entity.mentions)
            self.scroll_marks.set_lines(mention_lines=lines)
        self._mark_colors()

    def _mark_matches(self) -> None:
        """Mark the search matches in the scrollbar (once per search, or layout)."""
        self.scroll_marks.set_lines(match_lines=self.lines.lines_of(self._match_starts))
        self._refresh_scrollbar()

    @property
    def selected(self) -> str | None:
        """The id of the selected entity (the one under the cursor, or in the panel)."""
        return self._selected

    def _selected_entity(self) -> Entity | None:
        return next((e for e in self._entities if e.id == self._selected), None)

    def _mark_colors(self) -> None:
        """The marks' colours: the selected entity's highlight, the current match's."""
        entity = self._selected_entity()
        mention = None
        if entity is not None:
            style = self.get_component_rich_style(label_class(entity.label), partial=True)
            mention = style.color
        match = self.get_component_rich_style("article-view--current-match", partial=True)
        self.scroll_marks.set_colors(mention, match.bgcolor)
        self._refresh_scrollbar()

    def _refresh_scrollbar(self) -> None:
        if self._vertical_scrollbar is not None:
            self._vertical_scrollbar.refresh()

    # ------------------------------------------------------------------ travel

    def target_at(self, offset: int) -> int | None:
        """Index of the target covering character ``offset``, if any."""
        index = bisect_right(self._target_starts, offset) - 1
        if index >= 0 and offset < self._target_ends[index]:
            return index
        return None

    def move_cursor(self, step: int) -> Target | None:
        """Move to the next (``step=1``) or previous (``-1``) mention, wrapping around.

        With no cursor yet, or one scrolled off screen, start from the first mention on
        screen (or the last one): tab follows the reader's eyes.
        """
        if not self._targets:
            return None
        count = len(self._targets)
        if self._cursor is None or not self.shows_mention(self._targets[self._cursor].mention):
            top = self.top_offset
            bottom = self.lines.ends[self.bottom_line]
            if step > 0:
                index = bisect_left(self._target_starts, top) % count
            else:
                index = (bisect_left(self._target_starts, bottom) - 1) % count
        else:
            index = (self._cursor + step) % count
        return self.move_to(index)

    def shows_mention(self, mention: Mention) -> bool:
        """Whether ``mention`` starts on a line now on screen."""
        return int(self.scroll_y) <= self.lines.line_of(mention.start) <= self.bottom_line

    def move_to(self, index: int) -> Target:
        """Put the cursor on target ``index``, scroll it into view and announce it."""
        self._cursor = index
        target = self._targets[index]
        self.scroll_to_offset(target.mention.start)
        self.refresh()
        # Sent by the view itself, whoever moved it: a message made while a parent handles
        # another one counts as that parent's, and Textual stops it there, so the screen
        # (the status line) never heard of moves chosen in the panel.
        self.post_message(self.CursorMoved(target).set_sender(self))
        return target

    def move_to_mention(self, mention: Mention) -> Target | None:
        """Put the cursor on ``mention`` (if it is a target)."""
        index = self.target_at(mention.start)
        return None if index is None else self.move_to(index)

    def step_mention(self, entity: Entity | None, step: int) -> Target | None:
        """Move to the next (``step=1``) or previous (``-1``) mention of ``entity``.

        The first one after the cursor, or the last one before it, wrapping around.
        """
        if entity is None or not entity.mentions:
            return None
        starts = [mention.start for mention in entity.mentions]
        here = self.cursor.mention.start if self.cursor else -1
        index = bisect_right(starts, here) if step > 0 else bisect_left(starts, here) - 1
        return self.move_to_mention(entity.mentions[index % len(starts)])

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding ``offset`` is visible (a third from the top if it moves)."""
        line = self.lines.line_of(offset)
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    def scroll_to_top(self, offset: int) -> None:
        """Scroll so the line holding ``offset`` is the top line (a chapter's start)."""
        self.scroll_to(y=self.lines.line_of(offset), animate=False, immediate=True)

    # ------------------------------------------------------------------ rendering

    def _column_width(self) -> int:
        width = self.scrollable_content_region.width or self.size.width or COLUMN_WIDTH
        return max(10, min(COLUMN_WIDTH, width - 4))

    def _left_pad(self) -> int:
        width = self.scrollable_content_region.width
        return max(0, (width - self.lines.width) // 2)

    def on_resize(self, event: events.Resize) -> None:
        """Lay the text out again for the new size (if :meth:`render_lines` has not)."""
        self._relayout()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the lines; at a new size, lay the text out for it first. Textual draws a
        widget at its new size before the widget's Resize event arrives, and that can
        wait a while (the side panel opening): the old lines would be cut at the edge."""
        if self.size != self._seen_size and self._lines is not None:
            self._relayout()
        return super().render_lines(crop)

    def _relayout(self) -> None:
        """Lay the text out again when the column width changes, and keep the reader's
        place: the cursor's line at the same height on screen (if it was on screen), else
        the line that was at the top."""
        anchor, row = self._place()
        if self._lines is None or self._lines.width != self._column_width():
            self._lines = wrap(self.text, self._column_width())
            if self._selected is not None:
                self._mark_mentions()
            if self._match_starts:
                self._mark_matches()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._lines))
        self._seen_size, self._seen_height = self.size, self.scrollable_content_region.height
        height = max(1, self._seen_height)
        top = self._lines.line_of(anchor) - min(height - 1, round(row * height))
        self.scroll_to(y=max(0, top), animate=False, immediate=True)
        self._seen_top = int(self.scroll_y)  # as laid out, even when it did not move
        self._top_anchor = anchor if row == 0.0 else None
        self.refresh()

    def _place(self) -> tuple[int, float]:
        """Where the reader is, as the view was last laid out: the offset to keep in view
        (the cursor's mention if it was on screen, else the top line's start) and its row,
        as a fraction of the view's height."""
        if self._lines is None or not len(self._lines):
            return 0, 0.0
        top = min(self._seen_top, len(self._lines) - 1)
        cursor = self.cursor
        if cursor is not None and self._seen_height > 0:
            row = self._lines.line_of(cursor.mention.start) - top
            if 0 <= row < self._seen_height:
                return cursor.mention.start, row / self._seen_height
        if self._top_anchor is not None and self._lines.line_of(self._top_anchor) == top:
            return self._top_anchor, 0.0  # not the line's start: it would creep up
        return self._lines.starts[top], 0.0

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Remember where the reader scrolled to; not Textual's clamping of the old
        scroll position to a new size, which comes before :meth:`on_resize`."""
        super().watch_scroll_y(old_value, new_value)
        if self.size == self._seen_size:
            self._seen_top = int(new_value)
            self._top_anchor = None

    def _ranges_on_line(self, start: int, end: int) -> list[tuple[int, int, Style]]:
        """Styled ranges (clipped to ``[start, end)``) that touch this line."""
        ranges: list[tuple[int, int, Style]] = []
        first = bisect_right(self._block_ends, start)  # headings and code, under the rest
        for block_start, block_end, name in self._blocks[first:]:
            if block_start >= end:
                break
            if block_end > start:
                style = self.get_component_rich_style(name, partial=True)
                ranges.append((max(start, block_start), min(end, block_end), style))
        first = bisect_right(self._target_ends, start)
        for index in range(first, len(self._targets)):
            target = self._targets[index]
            if target.mention.start >= end:
                break
            style = self.get_component_rich_style(label_class(target.entity.label), partial=True)
            if target.entity.id in self._uncertain:
                style += self.get_component_rich_style("article-view--uncertain", partial=True)
            if target.entity.id == self._selected:
                style += self.get_component_rich_style("article-view--selected", partial=True)
            if index == self._cursor:
                style += self.get_component_rich_style("article-view--cursor", partial=True)
            ranges.append((max(start, target.mention.start), min(end, target.mention.end), style))
        if matches := self.matches:
            first = bisect_right(self._match_ends, start)
            for index in range(first, len(matches)):
                match_start, match_end = matches[index]
                if match_start >= end:
                    break
                name = (
                    "article-view--current-match"
                    if index == self.current_match
                    else "article-view--match"
                )
                style = self.get_component_rich_style(name, partial=True)
                ranges.append((max(start, match_start), min(end, match_end), style))
        return ranges

    def notify_style_update(self) -> None:
        """Forget the cached base style when the styles (or the theme) change."""
        self._base_style = None
        super().notify_style_update()
        if self.is_mounted:  # the marks' colours follow the theme
            self._mark_colors()

    def render_line(self, y: int) -> Strip:
        """Render visual line ``y`` of the viewport."""
        if not self._painted:
            self._painted = True
            self.post_message(self.Painted())
        width = self.scrollable_content_region.width
        if self._base_style is None:  # computing it walks the ancestors: once, not per line
            self._base_style = self.rich_style
        base = self._base_style
        line = int(self.scroll_y) + y
        lines = self.lines
        if line >= len(lines):
            return Strip.blank(width, base)
        start, end = lines.starts[line], lines.ends[line]
        text = self.text[start:end].replace("\t", " ")
        ranges = self._ranges_on_line(start, end)
        segments = [Segment(" " * self._left_pad(), base)]
        if not ranges:
            segments.append(Segment(text, base))
        else:
            cuts = sorted({start, end, *(p for s, e, _ in ranges for p in (s, e))})
            for left, right in zip(cuts, cuts[1:], strict=False):
                style = base
                for range_start, range_end, range_style in ranges:
                    if range_start <= left and right <= range_end:
                        style += range_style
                segments.append(Segment(text[left - start : right - start], style))
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    def action_page_down(self) -> None:
        """One screen down, at once (as less does)."""
        self.scroll_to(y=self.scroll_y + self._page(), animate=False, immediate=True)

    def action_page_up(self) -> None:
        """One screen up, at once."""
        self.scroll_to(y=self.scroll_y - self._page(), animate=False, immediate=True)

    def action_scroll_down(self) -> None:
        """One line down."""
        self.scroll_to(y=self.scroll_y + 1, animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        """One line up."""
        self.scroll_to(y=self.scroll_y - 1, animate=False, immediate=True)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def action_scroll_home(self) -> None:
        """Home jumps to the start at once (no scrolling animation through a book)."""
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        """End jumps to the end at once."""
        self.scroll_end(animate=False)

    # ------------------------------------------------------------------ mouse

    def offset_at(self, x: int, y: int) -> int | None:
        """The character offset under viewport cell ``(x, y)``, if any."""
        line = int(self.scroll_y) + y
        if line >= len(self.lines):
            return None
        start, end = self.lines.starts[line], self.lines.ends[line]
        column = x - self._left_pad()
        if column < 0:
            return None
        used = 0
        for offset in range(start, end):
            used += cell_len(self.text[offset])
            if used > column:
                return offset
        return None

    def on_click(self, event: events.Click) -> None:
        """Clicking a highlighted name selects that mention."""
        offset = self.offset_at(event.x, event.y)
        index = None if offset is None else self.target_at(offset)
        if index is not None:
            self.move_to(index)

"""The status line: where the reader is, how the search, the analysis and the lookups
stand, then the legend."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Container, Iterable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from reader.wording import counted

if TYPE_CHECKING:
    from reader.models import Entity
    from reader.ui.widgets.article_view import Target


def search_status(query: str, count: int, current: int | None) -> str:
    """``Match 3/8``, ``8 matches``, ``No matches``; empty when nothing was searched for."""
    if not query:
        return ""
    if not count:
        return "No matches"
    if current is None:
        return counted(count, "match", "matches")
    return f"Match {current + 1}/{count}"


class StatusLine(Static):
    """One line: the non-empty statuses joined by ``·`` (the position first, so a narrow
    terminal never cuts it off), then the colour legend. When they do not all fit and
    lookups failed, the entity counts (a summary the outline also gives) make room for
    the failures and the key that retries them.

    Args:
        legend: Makes the legend (read at each render: it follows the theme).
    """

    position: reactive[str] = reactive("")
    """How far down the text the view is (``37%``), as ``less -M`` shows it."""
    mention: reactive[str] = reactive("")
    """Where the cursor is among its entity's mentions (``mention 2 of 8``)."""
    analysis: reactive[str] = reactive("")
    """Entity recognition: progress, then what it found (or why it did not run)."""
    lookup: reactive[str] = reactive("")
    """The Wikipedia prefetch."""
    search: reactive[str] = reactive("")
    """The search matches."""
    note: reactive[str] = reactive("")
    """What just changed ("Islamic Republic joined Iran: same Wikipedia page"), until the
    reader moves on or a few seconds pass (``ReadingView.say``)."""

    def __init__(self, legend: Callable[[], Content], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._legend = legend
        self._cut = ""
        """The statuses in full when the line cuts them (and its tooltip shows them)."""

    def render(self) -> RenderResult:
        """The statuses, cut with ``…`` if they are longer than the line (the whole text
        is then the tooltip), and as much of the legend as fits: whole entries, then ``…``.
        """
        statuses = [self.position, self.mention, self.note, self.search, self.analysis, self.lookup]
        text = STATUS_SEPARATOR.join(piece for piece in statuses if piece)
        width = self.content_region.width
        if cell_len(text) > width and COUNTS.fullmatch(self.analysis) and FAILED in self.lookup:
            statuses.remove(self.analysis)
        pieces = Content(fit_statuses(STATUS_SEPARATOR.join(p for p in statuses if p), width))
        cut = text if pieces.plain != text else ""
        if cut != self._cut:  # the text is data: a Content, never parsed as markup
            self._cut, self.tooltip = cut, Content(cut) if cut else None
        legend = fit_legend(self._legend(), width - pieces.cell_length - len(LEGEND_GAP))
        return Content.assemble(pieces, LEGEND_GAP, legend) if legend else pieces


STATUS_SEPARATOR = "  ·  "
"""Between two statuses."""

WORD_SEARCH = 16
"""How far back from the edge :func:`fit_statuses` looks for a word break to cut at."""


def fit_statuses(text: str, width: int) -> str:
    """``text`` if it fits in ``width`` cells, else cut and ended with ``…``: after its
    last whole status when that is in reach of the edge (`` …``), else at the last word
    break, else at the edge; so a long note never runs off the line mid-word, and the
    line says there is more."""
    if cell_len(text) <= width:
        return text
    if width < 1:
        return ""
    cut = min(len(text), width)  # a character takes a cell or more
    while cut and cell_len(text[:cut]) > width - 1:
        cut -= 1
    # A status ending before ``cut`` leaves at least the two cells `` …`` takes.
    status = text.rfind(STATUS_SEPARATOR, 0, cut - 1 + len(STATUS_SEPARATOR))
    if status > 0 and cut - status < WORD_SEARCH:
        return text[:status] + " …"
    space = text.rfind(" ", 0, cut + 1)
    if space > 0 and cut - space < WORD_SEARCH:
        cut = space
    return text[:cut].rstrip(" ·,:;") + "…"


LEGEND_GAP = "   "
"""Between the statuses and the legend."""


def fit_legend(legend: Content, width: int) -> Content:
    """``legend`` cut after its last whole entry (entries end in two spaces) that fits in
    ``width`` cells, followed by ``…``; the whole legend if it fits, nothing if none does.
    """
    legend = legend.rstrip()
    if legend.cell_length <= width:
        return legend
    plain = legend.plain
    end = plain.rfind("  ", 0, max(0, width - 1))
    while end > 0 and cell_len(plain[:end]) + 2 > width:
        end = plain.rfind("  ", 0, end)
    return legend[:end] + " …" if end > 0 else Content("")


def mention_status(target: Target, note: str = "") -> str:
    """Which of its entity's mentions the cursor is on: ``mention 2 of 4``, and a note on
    how it got there, if any (``wrapped to the first``)."""
    starts = [mention.start for mention in target.entity.mentions]
    place = f"mention {bisect_left(starts, target.mention.start) + 1} of {len(starts)}"
    return f"{place} ({note})" if note else place


FILTERED = " · filter on (f)"
"""After the counts while the type filter hides some of the article's names."""
COUNTS = re.compile(rf"\d+ entit(?:y|ies) · \d+ mentions?(?:{re.escape(FILTERED)})?")
"""What :func:`entity_counts` says: left out of a crowded line when lookups failed."""
FAILED = " failed"
"""In the lookups' status when some failed (``Wikipedia 0/28 found, 28 failed (r retries)``)."""


def entity_counts(entities: Iterable[Entity], labels: Container[str]) -> str:
    """``28 entities · 63 mentions``: those of the highlighted types; ``· filter on (f)``
    after them while the type filter hides some of the article's names."""
    entities = list(entities)
    shown = [entity for entity in entities if entity.label in labels]
    filtered = any(entity.is_name and entity.label not in labels for entity in entities)
    mentions = sum(len(entity.mentions) for entity in shown)
    counts = f"{counted(len(shown), 'entity', 'entities')} · {counted(mentions, 'mention')}"
    return counts + (FILTERED if filtered else "")

"""The reading view: outline, article and side panel side by side, and the search bar.

Like Toolong's ``LogView``, the container holds the views and routes between them:
the screen sets its attributes (the entities, the highlighted types) and calls its
methods; the views tell it what the reader did (a name reached, an entity or a mention
chosen, a search typed); it tells the screen, by message, when the panel wants a
background.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget

from reader.history.recorder import HistoryRecorder
from reader.labels import NAME_LABELS
from reader.models import Background, Chapter, Entity, Mention
from reader.sanitize import one_line
from reader.ui.widgets.article_view import ArticleView

# The outline, side panel and search bar are imported and mounted when first used:
# they start hidden, and leaving them out makes the first frame come sooner.
if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widgets import Input

    from reader.corrections import ArticleCorrections, Correction
    from reader.lookup.coordinator import LookupCoordinator
    from reader.same_page import FoundPages, Join
    from reader.ui.widgets.outline import EntityOutline
    from reader.ui.widgets.search_bar import SearchBar
    from reader.ui.widgets.side_panel import MentionList, SidePanel

W = TypeVar("W", bound=Widget)

RETYPE_DELAY = 0.3
"""Seconds a background that types its name anew waits for others before the regroup."""
NOTE_SECONDS = 8.0
"""How long a note stays on the status line when the reader does not move on."""

NARROW = "-narrow"
"""The screen's class on narrow terminals (``ReaderApp.HORIZONTAL_BREAKPOINTS``): the
outline and the panel take turns (reader.tcss), and the footer keeps its main keys."""
MEDIUM = "-medium"
"""The screen's class on terminals wide enough for every footer key, not for the outline,
article and panel at once: the outline and the panel take turns there too."""

NARROW_BELOW = 100
"""Columns the footer's keys need."""
SIDE_BY_SIDE_FROM = 130
"""Columns the outline (32), the side panel (46) and a readable article (50) need together:
at 100 the article was 20 columns wide."""
WIDE = "-wide"
"""The screen's class from :data:`SIDE_BY_SIDE_FROM` columns: outline, article and panel."""


class ReadingView(Horizontal):
    """Outline | article | side panel, the search bar under them; owns their routing."""

    DEFAULT_CSS = """
    ReadingView {
        #article {
            width: 1fr;
            height: 100%;
            scrollbar-size-vertical: 1;
        }
        /* Mounted on first use, then shown and hidden with these classes. */
        #outline, #side-panel, #search {
            display: none;
        }
        &.-show-outline #outline, &.-show-panel #side-panel, &.-searching #search {
            display: block;
        }
    }
    """

    labels: var[frozenset[str]] = var(NAME_LABELS, init=False)
    """The entity types highlighted (the type filter, the dates toggle)."""
    panel_entity: var[Entity | None] = var(None, init=False, always_update=True, bindings=True)
    """The entity in the side panel (it stays there while the panel is closed)."""
    show_panel: var[bool] = var(False, bindings=True, toggle_class="-show-panel")
    """Whether the side panel is showing."""
    show_outline: var[bool] = var(False, toggle_class="-show-outline")
    """Whether the outline is showing."""
    searching: var[bool] = var(False, toggle_class="-searching")
    """Whether the search bar is showing."""

    class BackgroundWanted(Message):
        """The panel shows an entity whose background needs the lookup service."""

    class EntitiesCorrected(Message):
        """The reader's corrections, or names found on one page, regrouped the entities
        (:attr:`entities`)."""

    def __init__(
        self,
        text: str,
        lookups: LookupCoordinator,
        corrections: Path | None = None,
        *,
        id: str | None = None,  # noqa: A002
    ) -> None:
        """``corrections``: the directory of the reader's corrections (the cache's)."""
        super().__init__(id=id)
        self.text = text
        self.lookups = lookups
        """Where the panel's backgrounds come from."""
        self.entities: list[Entity] = []
        """The entities shown: as found, as the reader corrected them, then with the names
        on one Wikipedia page joined (:mod:`reader.same_page`) and typed as their
        page says (:mod:`reader.page_labels`)."""
        self.found: list[Entity] = []
        """The entities as found."""
        self.joins: list[Join] = []
        """The entities made of names on one page, as shown."""
        self._pages: FoundPages | None = None
        """The found page of each entity whose background came (once one has: the module
        is imported then, not before the first frame)."""
        self._corrected_ids: frozenset[str] = frozenset()
        """The ids of the entities as corrected, before the joins."""
        self._joins_said = 0
        """Joins the status line has told of since the reader last moved."""
        self._note_after_move = ""
        """A note to say once the cursor has moved where a correction put it."""
        self._note_timer: Timer | None = None
        """Lets the status line's note go (:meth:`say`)."""
        self._shown: dict[str, Entity] = {}
        """The entities shown, by id."""
        self._retype: Timer | None = None
        """Pending: regroup, as backgrounds came that type their names anew."""
        self.fixes: ArticleCorrections | None = None
        """The reader's corrections of this article (once read)."""
        self._corrections_dir = corrections
        self.uncertain: frozenset[str] = frozenset()
        """Entities whose page is only likely, or ambiguous: marked quietly."""
        self._outline_stale = True
        self._panel_yielded = False
        """Whether the outline took the open panel's place (too narrow for both): hiding the
        outline brings the panel back."""

    def compose(self) -> ComposeResult:
        yield ArticleView(self.text, id="article")

    def on_mount(self) -> None:
        """Read the reader's corrections of this article, off the main thread."""
        if self._corrections_dir is not None:
            self.load_corrections(self._corrections_dir)

    @property
    def article(self) -> ArticleView:
        """The article view."""
        return self.query_one(ArticleView)

    @property
    def panel(self) -> SidePanel:
        """The side panel (mounted by :meth:`open_panel`)."""
        return self.query_one("#side-panel", Widget)  # type: ignore[return-value]

    @property
    def panel_background(self) -> Background | None:
        """The background in the panel while it is showing."""
        return self.panel.background if self.show_panel else None

    @property
    def selected_entity(self) -> Entity | None:
        """The panel's entity while it is open, else the one under the cursor."""
        if self.show_panel and self.panel_entity is not None:
            return self.panel_entity
        cursor = self.article.cursor
        return cursor.entity if cursor else None

    async def _mount_once(self, make: Callable[..., W], widget_id: str, **where: Widget) -> W:
        """The widget with ``widget_id``, made and mounted (``before``/``after``) on first use."""
        found = self.query(f"#{widget_id}")
        if found:
            return found.first()  # type: ignore[return-value]
        widget = make(id=widget_id)
        await self.mount(widget, **where)
        return widget

    # ------------------------------------------------------------------ entities

    def set_entities(self, entities: Sequence[Entity]) -> list[Entity]:
        """Show these entities, as the reader corrected them, then with the names on one
        sure page joined; the panel keeps its entity (in its new version, or the one its
        entity joined). Returns the entities shown."""
        self.found = list(entities)
        corrected = self.found
        fixes = self.fixes.corrections if self.fixes is not None else []
        if self.fixes is not None and fixes:
            corrected = self.fixes.apply(self.found)
        self._corrected_ids = frozenset(entity.id for entity in corrected)
        self.entities, self.joins = corrected, []
        looked_up = corrected
        if self._pages is not None:  # some background came: names may share a page
            from reader.corrections import reader_typed
            from reader.page_labels import typed_by_page
            from reader.same_page import apart, join_same_page

            looked_up, self.joins = join_same_page(corrected, self.lookups.background, apart(fixes))
            typed = reader_typed(looked_up, fixes)
            self.entities = typed_by_page(looked_up, self.lookups.background, typed)
        parts = {join.entity.id: join.parts for join in self.joins}
        self.lookups.shown_as(looked_up, self.entities, parts)
        self._shown = {entity.id: entity for entity in self.entities}
        self.article.set_entities(self.entities)
        self._refresh_outline()
        if self.panel_entity is not None:
            self._follow_in_panel(self.panel_entity)
        return self.entities

    def _follow_in_panel(self, entity: Entity) -> None:
        """Show ``entity``'s new version in the panel: the entity with its id, else the
        one its first mention joined (a page reloads when the id changes)."""
        replacement = next((e for e in self.entities if e.id == entity.id), None)
        if replacement is None and entity.mentions:
            first = entity.mentions[0]
            joined = (join.entity for join in self.joins if first in join.entity.mentions)
            replacement = next(joined, None)
        if replacement is not None:
            self.panel_entity = replacement
            if replacement.id != entity.id and self.show_panel:
                self.panel.load_background()
                self.post_message(self.BackgroundWanted())

    def watch_labels(self, labels: frozenset[str]) -> None:
        """Highlight these types only; the outline follows."""
        self.article.set_labels(labels)
        self._refresh_outline()

    def toggle_labels(self, labels: frozenset[str]) -> None:
        """Highlight ``labels`` too, or none of them if some already are."""
        self.labels = self.labels - labels if self.labels & labels else self.labels | labels

    def filter_labels(self, labels: frozenset[str] | None) -> None:
        """Highlight ``labels`` of the types in the article; others stay as they are."""
        if labels is not None:
            present = {entity.label for entity in self.entities}
            self.labels = labels | (self.labels - present)

    async def jump_to_entity(self, entity: Entity) -> None:
        """Move the cursor to the first mention of ``entity`` and open its panel."""
        if entity.label not in self.labels:
            self.labels = self.labels | {entity.label}
        if entity.mentions:
            self.article.move_to_mention(entity.mentions[0])
        await self.open_panel(entity)
        self.article.focus()

    # ------------------------------------------------------------------ outline

    async def toggle_outline(self) -> None:
        """Show the entity outline with the keys in it, or hide it (the text has the keys)."""
        from reader.ui.widgets.outline import EntityOutline

        outline = await self._mount_once(EntityOutline, "outline", before=self.article)
        if self.show_panel and not self.screen.has_class(WIDE):
            # Too narrow for both (reader.tcss): the outline takes the panel's place.
            self.show_panel = False
            self.show_outline = self._panel_yielded = True
        else:
            self.show_outline = not self.show_outline
            if not self.show_outline and self._panel_yielded:
                self.show_panel = True  # the panel the outline had replaced
            self._panel_yielded = False
        if self.show_outline:
            if outline.filter_text:
                outline.set_filter("")  # opened again, it lists every name
            outline.point_at(self.article.selected)
            self.screen.set_focus(outline)
        elif outline.has_focus:
            self.screen.set_focus(self.article)

    def panes(self) -> list[Widget]:
        """The widgets that can have the keys, left to right: outline, text, panel (its
        mentions, then the other articles naming the entity, when there are any)."""
        panes: list[Widget] = []
        if self.show_outline:
            panes.append(self.query_one("#outline", Widget))
        panes.append(self.article)
        if self.show_panel:
            panes.append(self.query_one("#mention-list", Widget))
            if (elsewhere := self.panel.elsewhere_list()) is not None:
                panes.append(elsewhere)
        return panes

    def focus_pane(self, step: int) -> None:
        """Give the keys to the next (``step=1``) or previous (``-1``) pane, wrapping."""
        panes = self.panes()
        focused = self.screen.focused
        here = next(
            (
                i
                for i, pane in enumerate(panes)
                if focused is pane or (focused and pane in focused.ancestors)
            ),
            panes.index(self.article),
        )
        self.screen.set_focus(panes[(here + step) % len(panes)])

    def watch_show_outline(self, show: bool) -> None:
        """Bring the outline up to date when it is shown."""
        if show and self._outline_stale:
            self._refresh_outline()

    def _refresh_outline(self) -> None:
        # A hidden outline is rebuilt when it is shown, not on every update of a book.
        self._outline_stale = not self.show_outline
        if not self._outline_stale:
            outline: EntityOutline = self.query_one("#outline", Widget)  # type: ignore[assignment]
            outline.show_entities(self.entities, self.labels, self.uncertain)

    async def on_entity_outline_entity_chosen(self, message: EntityOutline.EntityChosen) -> None:
        """Jump to the entity chosen in the outline."""
        await self.jump_to_entity(message.entity)

    # ------------------------------------------------------------------ panel

    async def open_panel(self, entity: Entity) -> None:
        """Show ``entity`` in the side panel."""
        from reader.ui.widgets.side_panel import SidePanel

        make = partial(SidePanel, self.lookups)
        panel = await self._mount_once(make, "side-panel", after=self.article)
        if self.panel_entity is None or self.panel_entity.id != entity.id or not self.show_panel:
            self.panel_entity = entity
            panel.load_background()
            self.post_message(self.BackgroundWanted())
        self.show_panel = True
        cursor = self.article.cursor
        if cursor is not None and cursor.entity.id == entity.id:
            panel.highlight_mention(cursor.mention)

    def watch_panel_entity(self, entity: Entity | None) -> None:
        """Show the entity's heading and mentions in the panel."""
        if entity is not None:
            self.panel.show_entity(entity, self.text)

    def mark_uncertain(self, entity_ids: frozenset[str]) -> None:
        """Mark these entities quietly in the text and the outline."""
        if entity_ids != self.uncertain:
            self.uncertain = entity_ids
            self.article.set_uncertain(entity_ids)
            self._refresh_outline()

    def show_background(self, entity_id: str, background: Background) -> None:
        """Show ``background`` if its entity is the one in the panel; when it puts two
        names on one page (or takes one off), regroup (:meth:`join_pages`), and when
        its page gives the name another type (:mod:`reader.page_labels`), regroup soon."""
        if self.panel_entity is not None and self.panel_entity.id == entity_id:
            self.panel.show_background(background)
        if self._pages is None:
            from reader.same_page import FoundPages

            self._pages = FoundPages()
        others = self._pages.update(entity_id, background)
        if entity_id in self._corrected_ids and others & self._corrected_ids:
            self.join_pages()
        elif self._retype is None and self._retyped_by(entity_id, background):
            self._retype = self.set_timer(RETYPE_DELAY, self._retype_now)

    def _retyped_by(self, entity_id: str, background: Background) -> bool:
        """Whether ``background`` gives its entity, as shown, another type (its page says it
        is something else): the regroup waits :data:`RETYPE_DELAY` for others to come."""
        from reader.page_labels import page_label

        shown = self._shown.get(entity_id)
        return shown is not None and page_label(shown, background) is not None

    def _retype_now(self) -> None:
        self._retype = None
        self.join_pages()

    def join_pages(self) -> None:
        """Regroup with the pages known now, the way a correction regroups (the cursor
        and the view stay where they are), and say once what joined."""
        if self._retype is not None:  # this regroup types the names too
            self._retype.stop()
            self._retype = None
        before = {_parts(join) for join in self.joins}
        self._regroup()
        cursor = self.article.cursor
        if cursor is not None:
            self.article.set_selected(cursor.entity.id)
            if self.show_panel and cursor.mention in (self.panel_entity or cursor.entity).mentions:
                self.panel.highlight_mention(cursor.mention)
        new = [join for join in self.joins if _parts(join) not in before]
        if new:  # one at a time, as the pages come: the latest, and how many before it
            self._joins_said += len(new)
            more = self._joins_said - 1
            self.say(one_line(new[-1].describe(), 120) + (f" (and {more} more)" if more else ""))

    def retry_background(self) -> None:
        """Look the panel's entity up again."""
        if self.panel_entity is not None:
            self.lookups.start_retry([self.panel_entity])
            self.panel.load_background(retry=True)
            self.post_message(self.BackgroundWanted())

    def close(self) -> None:
        """Close the panel (or, with none open, clear the search, found or not, and the
        search bar's text)."""
        if self.show_panel:
            self.show_panel = False
            self.article.focus()
        elif self.article.search_query:
            from reader.ui.widgets.search_bar import SearchBar

            self.article.clear_matches()
            for search_bar in self.query(SearchBar):
                search_bar.clear()

    async def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        """Emphasise the entity under the cursor; follow it in the panel when open."""
        if message.regrouped:  # the cursor stays: only the status line has news
            return
        note, self._note_after_move = self._note_after_move, ""
        self.say(note)  # the reader moved on, or a correction moved the cursor: its note
        self.article.set_selected(message.target.entity.id)
        if self.show_panel:
            await self.open_panel(message.target.entity)

    def on_side_panel_mention_chosen(self, message: SidePanel.MentionChosen) -> None:
        """Jump to the mention chosen in the panel (its list, its map, or [ and ])."""
        moved = self.article.move_to_mention(message.mention) is not None
        if moved and message.give_keys_to_text:
            self.article.focus()

    # ------------------------------------------------------------------ corrections

    @work(thread=True, exit_on_error=False, group="corrections")
    def load_corrections(self, directory: Path) -> None:
        """Read this article's corrections (off the main thread: the file, the fingerprint)."""
        from reader.corrections import ArticleCorrections, CorrectionStore

        fixes = ArticleCorrections(CorrectionStore(directory, self._warn), self.text)
        self.app.call_from_thread(self._corrections_loaded, fixes)

    def _corrections_loaded(self, fixes: ArticleCorrections) -> None:
        self.fixes = fixes
        if fixes.corrections and self.found:  # else they apply when the entities come
            self._regroup()

    def say(self, note: str) -> None:
        """Say on the status line what just changed, until the reader moves on or
        :data:`NOTE_SECONDS` pass."""
        from reader.ui.widgets.status_line import StatusLine

        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        if note:
            self._note_timer = self.set_timer(NOTE_SECONDS, lambda: self.say(""))
        else:
            self._joins_said = 0
        for line in self.screen.query(StatusLine):
            line.note = note

    def _warn(self, message: str) -> None:
        try:
            self.app.call_from_thread(self.notify, message, severity="warning", markup=False)
        except RuntimeError:  # on the app's thread already
            self.notify(message, severity="warning", markup=False)

    def _regroup(self) -> None:
        """Show the entities as corrected now, and tell the lookups, the history and the
        screen."""
        entities = self.set_entities(self.found)
        self.lookups.regrouped(entities)
        recorder = getattr(self.screen, "history", None)
        if isinstance(recorder, HistoryRecorder):
            recorder.regrouped(entities)
        self.post_message(self.EntitiesCorrected())

    async def on_mention_list_correct(self, message: MentionList.Correct) -> None:
        """Split a mention out, merge with another entity, or undo, as the reader asked."""
        from reader.corrections import describe

        entity, fixes, mention = self.panel_entity, self.fixes, message.mention
        if entity is None or fixes is None:
            self.hint("Corrections need reader's data directory, which is not available")
        elif message.kind == "merge":
            self._pick_merge(entity, fixes)
        elif message.kind == "retype":
            self._pick_type(entity, fixes)
        elif message.kind == "undo":
            await self._undo(entity, fixes)
        elif mention is None:
            self.hint("Choose a mention in the list first (up and down)")
        elif (correction := fixes.split(entity, mention, every=message.every)) is not None:
            self._regroup()
            await self._show_holder(mention, describe(correction))
        elif message.every and sum(m.text == mention.text for m in entity.mentions) > 1:
            self.hint("Nothing would stay: shift+s splits only the chosen mention out")
        else:
            self.hint("Its only mention: there is nothing to split it from")

    async def _show_holder(self, anchor: Mention, done: str) -> None:
        """Show the entity that now holds ``anchor`` in the panel, put the text's cursor on
        ``anchor`` (the status line, the map and the list name one mention), and say what
        was ``done`` on the status line."""
        note = one_line(done, 120)
        target = next((e for e in self.entities if anchor in e.mentions), None)
        if target is not None:
            await self.open_panel(target)
            self.article.set_selected(target.id)
            self.panel.highlight_mention(anchor)
            cursor = self.article.cursor
            if cursor is None or cursor.mention != anchor:
                self._note_after_move = note  # said when the move arrives
                if self.article.move_to_mention(anchor) is not None:
                    return
                self._note_after_move = ""  # no move (its type is hidden): none will come
        self.say(note)

    async def _undo(self, entity: Entity, fixes: ArticleCorrections) -> None:
        """Undo what last made ``entity`` what it is (:meth:`_undoing`). A merge undone that
        the page would make again is kept apart too: the reader's word wins."""
        from reader.corrections import describe

        cursor = self.article.cursor
        here = cursor.mention if cursor is not None else None
        correction, join = self._undoing(entity, fixes)
        note = ""
        if join is None:
            if correction is None:
                self.hint(f"Nothing to undo: you made no correction to {one_line(entity.name, 30)}")
                return
            fixes.undo(correction)
            self._regroup()
            note = f"Undone: {describe(correction)}"
            if correction["kind"] == "merge":
                anchors = [Mention(*place) for place in correction["mentions"]]
                join = next(
                    (j for j in self.joins if all(a in j.entity.mentions for a in anchors)), None
                )
        if join is not None:
            note = self._keep_apart(join, fixes) or note
        await self._show_holder(here if here in entity.mentions else entity.mentions[0], note)

    def _undoing(
        self, entity: Entity, fixes: ArticleCorrections
    ) -> tuple[Correction | None, Join | None]:
        """What ``u`` undoes for ``entity``: the type the reader gave it (every name of a
        join, as it was given), else the join of names on one page (kept apart from then
        on), else the reader's last correction of it; ``(None, None)`` for nothing."""
        join = self._join_of(entity)
        last = fixes.last_for(entity)
        if join is not None and (last is None or last["kind"] != "retype"):
            return None, join
        return last, None

    def _has_page(self, entity: Entity) -> bool:
        """A Wikipedia page was found for ``entity``: merged with a name that has none
        ("Christina" misspelt), it keeps its name, and so its page."""
        background = self.lookups.background(entity.id)
        return background is not None and background.status == "found"

    def _join_of(self, entity: Entity) -> Join | None:
        """The join that made ``entity``, if names on one page did."""
        return next((join for join in self.joins if join.entity.id == entity.id), None)

    def _keep_apart(self, join: Join, fixes: ArticleCorrections) -> str:
        """Keep ``join``'s names apart, as the reader asked: each joined part's mentions
        become a split correction of the entity named. Applied to the entities as found
        it changes nothing (nothing would stay), but the page joins them no more
        (:func:`reader.same_page.apart`), and ``u`` on one undoes it. What was done, to
        say ("" when nothing was)."""
        from reader.corrections import MAX_MENTIONS, split

        parts = [part for part in join.joined if len(part.mentions) <= MAX_MENTIONS]
        for part in parts:
            fixes.add(split(fixes.article, join.namer, part.mentions))
        self._regroup()
        if not parts:
            return ""
        self._joins_said = 0
        return f"{' and '.join(part.name for part in parts)} kept apart from {join.namer.name}"

    def _pick_merge(self, entity: Entity, fixes: ArticleCorrections) -> None:
        """Let the reader pick the entity to merge with (or undo the last correction)."""
        from reader.corrections import describe
        from reader.ui.screens.merge import UNDO, MergePicker

        others = [e for e in self.entities if e.id != entity.id and e.label in self.labels]

        async def picked(choice: str | None) -> None:
            other = next((e for e in self.entities if e.id == choice), None)
            if choice == UNDO:
                await self._undo(entity, fixes)
            elif other is not None:
                paged = [e.name for e in (entity, other) if self._has_page(e)]
                correction = fixes.merge(entity, other, paged[0] if len(paged) == 1 else None)
                self._regroup()
                await self._show_holder(entity.mentions[0], describe(correction))

        last, join = self._undoing(entity, fixes)
        undo = None
        if join is not None:
            names = " and ".join(part.name for part in join.joined)
            undo = f"Keep apart: {names} (same Wikipedia page as {join.namer.name})"
        elif last is not None:
            undo = f"Undo your correction: {describe(last)}"
        self.app.push_screen(MergePicker(entity, others, undo), picked)

    def _pick_type(self, entity: Entity, fixes: ArticleCorrections) -> None:
        """Let the reader pick the entity's type; its mentions are shown in that type's
        colour from then on (the type shown again if it was filtered out), and its
        background is looked up again for it. Every name of a joined entity takes it."""
        from reader.corrections import describe
        from reader.labels import label_name
        from reader.ui.screens.dialogs import TypePicker

        join = self._join_of(entity)
        parts = join.parts if join is not None else ()

        async def picked(label: str | None) -> None:
            if label is None or label == entity.label:
                return
            # kept even for a part the model typed so: the page no longer retypes it
            done = describe(fixes.retype(entity, label, parts))
            self._regroup()
            if label not in self.labels:  # else its mentions would vanish from the text
                self.labels = self.labels | {label}
                done += f" · {label_name(label)} shown again"
            await self._show_holder(entity.mentions[0], done)

        self.app.push_screen(TypePicker(entity), picked)

    # ------------------------------------------------------------------ search

    async def open_search(self) -> None:
        """Open the search bar."""
        from reader.ui.widgets.search_bar import SearchBar

        search_bar: SearchBar = await self._mount_once(SearchBar, "search")
        self.searching = True
        # At once: Widget.focus() would wait behind keys already typed ("/hamas" pasted).
        self.screen.set_focus(search_bar)

    # The search bar is the only Input here.
    def on_input_changed(self, event: Input.Changed) -> None:
        """Find what is typed in the search bar."""
        self.article.search(event.value)

    def on_input_submitted(self) -> None:
        """Close the search bar and go to the first match after the cursor."""
        self.screen.set_focus(self.article)
        self.searching = False
        self.article.step_match(1)

    def on_search_bar_closed(self) -> None:
        """Close the search bar; the matches stay highlighted."""
        self.searching = False
        self.screen.set_focus(self.article)

    # -- keys the screen hands over --------------------------------------------------

    def give_keys_to_text(self) -> None:
        """Tab travels the text: from the outline or the panel, the keys go back to it, so
        enter then opens the name under the cursor."""
        focused = self.screen.focused
        if focused is not None and focused is not self.article and focused.id != "search":
            self.screen.set_focus(self.article)

    def choose_types(self, entities: Sequence[Entity]) -> None:
        """Let the reader choose which entity types are highlighted."""
        from reader.ui.screens.dialogs import FilterDialog

        self.app.push_screen(FilterDialog(entities, self.labels), self.filter_labels)

    def hint(self, message: str) -> None:
        """Say briefly why a key did nothing."""
        self.notify(message, timeout=3, markup=False)

    def step_mention(self, step: int) -> str:
        """Go to the next (``step=1``) or previous (``-1``) mention of the selected entity;
        a note for the status line when that wrapped around ("wrapped to the first")."""
        entity = self.selected_entity
        if entity is None:
            self.hint("No name selected: press tab to reach one, then m / shift+m")
            return ""
        cursor = self.article.cursor
        here = cursor.mention.start if cursor and cursor.entity.id == entity.id else None
        starts = [m.start for m in entity.mentions]
        note = ""
        if len(starts) == 1:
            note = "its only mention"
        elif here is not None and step > 0 and here >= starts[-1]:
            note = "wrapped to the first"
        elif here is not None and step < 0 and here <= starts[0]:
            note = "wrapped to the last"
        if self.article.step_mention(entity, step) is None:
            self.hint(f"{one_line(entity.name, 30)} is hidden by the type filter (f)")
            return ""
        return note

    def _panel_hint(self) -> str | None:
        """Why a panel key cannot apply: no name selected, or the panel is closed."""
        if self.selected_entity is None:
            return "No name selected: press tab to reach one, then enter"
        if not self.show_panel:
            return "Open the panel first (enter)"
        return None

    def open_in_browser(self) -> None:
        """Open the panel's Wikipedia page in the browser."""
        from reader.ui.app import ReaderApp

        background = self.panel_background
        if background and background.url and background.url.startswith(("https://", "http://")):
            app = self.app
            if isinstance(app, ReaderApp) and not app.browser_available():
                self.panel.show_address(background.url)
                self.hint("No browser can be opened here: the address is in the panel to copy")
                return
            app.open_url(background.url)
            self.notify(background.url, title="Opening", markup=False)
        elif self.selected_entity is None:
            # b pages up in less: say what b does here, and which key pages up
            self.hint("b opens a name's Wikipedia page (tab to one first); shift+space pages up")
        else:
            self.hint(self._panel_hint() or "No Wikipedia page to open for this name")

    def retry(self, entities: Sequence[Entity]) -> list[Entity]:
        """Look the panel's entity up again, if its lookup failed; with no panel open, the
        failed ones among ``entities``, now counted as pending, for the caller to look up.
        """
        if self.show_panel and self.panel_entity is not None:
            background = self.panel_background
            if background is not None and background.status == "error":
                self.retry_background()
            else:
                self.hint("Nothing to retry: the lookup did not fail")
            return []
        failed = self.lookups.start_retry(entities) if self.lookups.is_open else []
        if not failed:
            self.hint("Nothing to retry: no lookup failed")
        return failed

    async def choose_page(self) -> None:
        """Open the chooser for the selected name, whatever its background: its known
        pages, a search of the wiki, none, or automatic; the panel shows the result."""
        from reader.ui.screens.chooser import PageChoice, PageChooser

        entity = self.selected_entity
        if entity is None:
            self.hint("No name selected: press tab to reach one, then c")
            return
        if not self.lookups.is_open:
            self.post_message(self.BackgroundWanted())
            self.hint(
                "Wikipedia lookups are still starting: press c again in a moment"
                if self.lookups.can_open
                else "No Wikipedia lookups in this session"
            )
            return
        current = self.panel_background if self.panel_entity == entity else None
        current = current or self.lookups.background_for(entity)

        async def chosen(choice: PageChoice | None) -> None:
            if choice is not None:
                await self.open_panel(entity)
                self.panel.choose_page(choice)

        self.app.push_screen(PageChooser(entity, self.lookups, current), chosen)

    def step_chapter(self, chapters: Sequence[Chapter], step: int) -> None:
        """Go to the next chapter, or to the start of this one or the previous one."""
        if not chapters:
            self.notify(
                "No chapters: [ and ] move between a book's chapters.", timeout=3, markup=False
            )
            return
        starts = [chapter.start for chapter in chapters]
        top = self.article.top_offset
        index = bisect_right(starts, top) if step > 0 else bisect_left(starts, top) - 1
        if not 0 <= index < len(chapters):
            self.notify("Last chapter" if step > 0 else "First chapter", timeout=2, markup=False)
            return
        self.go_to_chapter(chapters, index)

    def go_to_chapter(self, chapters: Sequence[Chapter], index: int) -> None:
        """Show chapter ``index`` from its first line."""
        chapter = chapters[index]
        self.article.scroll_to_top(chapter.start)
        title = f"Chapter {index + 1} of {len(chapters)}"
        self.notify(chapter.title, title=title, markup=False, timeout=2)


def _parts(join: Join) -> frozenset[str]:
    return frozenset(part.id for part in join.parts)

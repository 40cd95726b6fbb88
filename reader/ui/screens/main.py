"""The main screen: the reading view and the status line; the keys, the NER and the lookups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Unpack

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.history.recorder import HistoryRecorder
from reader.labels import NUMERIC_LABELS
from reader.lookup.coordinator import LookupCoordinator
from reader.models import Document, Entity
from reader.sanitize import one_line
from reader.ui.keys import MAIN_BINDINGS, every_binding
from reader.ui.messages import (
    AnalysisFailed,
    BackgroundReady,
    EntitiesFound,
    LookupReady,
    PrefetchProgress,
)
from reader.ui.sources import Reading
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.reading import ReadingView
from reader.ui.widgets.status_line import StatusLine, entity_counts, mention_status, search_status

if TYPE_CHECKING:
    from reader.nlp.stream import AnalysisStream


def named_entity(entities: Sequence[Entity], name: str) -> Entity | None:
    """The entity called ``name``, else the one with ``name`` among its other names."""
    entity = next((e for e in entities if e.name == name), None)
    return entity or next((e for e in entities if name in e.aliases), None)


class MainScreen(Screen[None]):
    """Reading: travel between names, open the panel, search, filter."""

    BINDINGS = MAIN_BINDINGS

    def __init__(self, document: Document, **reading: Unpack[Reading]) -> None:
        super().__init__()
        self.document = document
        entities = reading.get("entities")
        self.entities: list[Entity] = list(entities or [])
        self.lookups = LookupCoordinator(document.text, reading.get("lookup"))
        """The backgrounds: the service (opened when first needed), prefetch, fetches."""
        self.history = HistoryRecorder(document, reading.get("history"))
        self._stream, self._corrections = reading.get("stream"), reading.get("corrections")
        self._analysis_done = entities is not None
        self._travel_note = ""
        """Said with the next cursor move's place (``wrapped to the first``)."""
        self.arrive_at: str | None = None
        """The name an article opened from the history goes to once its names are known."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield ReadingView(self.document.text, self.lookups, self._corrections, id="reading")
        yield StatusLine(lambda: self.article.legend(), id="status")
        # The Footer joins once the text is on screen (on_article_view_painted).

    @property
    def reading(self) -> ReadingView:
        """The outline, article, side panel and search bar."""
        return self.query_one(ReadingView)

    @property
    def article(self) -> ArticleView:
        """The article view."""
        return self.query_one(ArticleView)

    @property
    def status_line(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        """Show the text at once; NER runs in another process, lookups in threads."""
        self.article.focus()
        self.article.set_blocks(self.document.headings, self.document.code)
        self.watch(self.article, "matches", self._show_search_status, init=False)
        self.watch(self.article, "current_match", self._show_search_status, init=False)
        self.watch(self.reading, "labels", self._show_summary, init=False)
        for name in ("scroll_y", "virtual_size", "size"):
            self.watch(self.article, name, self._show_position)
        self.entities = self.reading.set_entities(self.entities)  # none yet, or given
        if self._analysis_done:
            self._show_summary()
            self._start_prefetch()
        elif self._stream is not None:
            self.status_line.analysis = "Finding names…"  # the worker gets the text once painted
        else:
            self._analysis_done = True

    def on_article_view_painted(self) -> None:
        """The text is on screen: now start the model and add the key bar.

        Neither is part of the first frame, so it comes sooner (bench/first_paint.py).
        """
        if self._stream is not None and not self._analysis_done:
            self._stream.feed(self.document.analysed_text)  # code blanked: never analysed
            self.analyse_document(self._stream)
        self.call_after_refresh(self._add_footer)

    async def _add_footer(self) -> None:
        from reader.ui.widgets.footer import ReaderFooter

        await self.mount(ReaderFooter())
        self.refresh_bindings()  # the footer shows the keys when the bindings are announced

    @work(thread=True, exclusive=True, exit_on_error=False, group="nlp")
    def analyse_document(self, stream: AnalysisStream) -> None:
        """Pass on the NER worker process's updates as they come."""
        worker = get_current_worker()
        try:
            for update in stream:
                if worker.is_cancelled:
                    return
                self.post_message(
                    EntitiesFound(update.entities, update.done, update.total, update.final)
                )
        except ReaderError as error:
            self.post_message(AnalysisFailed(error.message))
        finally:
            stream.close()

    async def on_entities_found(self, message: EntitiesFound) -> None:
        """Show new entities; keep the cursor and the panel where they were (or, once all
        are known, go to the name the article was opened for: :attr:`arrive_at`)."""
        message.stop()
        self.entities = self.reading.set_entities(message.entities)
        if message.final:
            self._analysis_done = True
            self._show_summary()
            self._start_prefetch()
            name, self.arrive_at = self.arrive_at, None
            if name is not None and (entity := named_entity(self.entities, name)) is not None:
                await self.jump_to_entity(entity)
        else:
            self.status_line.analysis = f"Finding names… {100 * message.done // message.total}%"

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        """Keep reading without highlights and say why."""
        self._analysis_done = True
        self.status_line.analysis = f"No highlights: {one_line(message.reason, 80)}"
        self.notify(
            one_line(message.reason), title="Entity recognition", severity="error", markup=False
        )

    def _show_summary(self) -> None:
        """Count the names as corrected, and their lookups (the types shown: once analysed)."""
        self.entities, self.status_line.lookup = self.reading.entities, self.lookups.status
        if self._analysis_done:
            self.status_line.analysis = entity_counts(self.entities, self.reading.labels)

    def on_reading_view_entities_corrected(self) -> None:
        """The reader regrouped names: count them, and look up the new ones (a type given
        to names joined by their page joins them again once their pages come)."""
        self._show_summary()
        if names := self.lookups.new_names(self.entities):
            self.look_up_new_names(names)

    def _start_prefetch(self) -> None:
        """The names are known: look them all up, opening the service first if need be."""
        self.history.article_ready(self.entities)
        names = self.lookups.start_prefetch(self.entities)
        if names:
            self.prefetch_backgrounds(names)
        elif any(entity.is_name for entity in self.entities):
            self._open_lookups()
        self.status_line.lookup = self.lookups.status

    def _open_lookups(self) -> None:
        """Open the lookup service unless it is open or opening; LookupReady follows.

        It opens when the names are known or a panel wants a background, not at start:
        importing the HTTP and cache stack would take CPU from the NER worker.
        """
        if self.lookups.start_opening():
            self.open_lookups()

    @work(thread=True, exclusive=True, exit_on_error=False, group="lookup")
    def open_lookups(self) -> None:
        """Open the lookup service (cache, HTTP client) off the main thread."""
        self.post_message(LookupReady(self.lookups.open()))

    def on_lookup_ready(self, message: LookupReady) -> None:
        """Start prefetching; fill the panel if it is waiting."""
        self.lookups.opened(message.service)
        if self._analysis_done:
            self._start_prefetch()
        if self.reading.show_panel:
            self.reading.panel.load_background()

    @work(thread=True, exclusive=True, exit_on_error=False, group="prefetch")
    def prefetch_backgrounds(self, names: list[Entity]) -> None:
        """Look every name up in the background, a few requests at a time."""
        self._look_up(names, lambda done, total: self.post_message(PrefetchProgress(done, total)))

    @work(thread=True, exit_on_error=False, group="corrected")
    def look_up_new_names(self, names: list[Entity]) -> None:
        """Look up the names the reader's corrections made, in the background (the count
        of the prefetch is not theirs)."""
        self._look_up(names, lambda done, total: None)

    def _look_up(self, names: list[Entity], progress: Callable[[int, int], object]) -> None:
        """Look ``names`` up in this worker; each background comes as a message."""
        worker = get_current_worker()
        self.lookups.prefetch(
            names,
            progress=progress,
            ready=lambda entity_id, found: self.post_message(BackgroundReady(entity_id, found)),
            cancelled=lambda: worker.is_cancelled,
        )

    def on_prefetch_progress(self, message: PrefetchProgress) -> None:
        """Show how far the prefetch got."""
        self.lookups.progressed(message.done, message.total)
        self.status_line.lookup = self.lookups.status

    def on_background_ready(self, message: BackgroundReady) -> None:
        """Keep the background; show it if its entity is the one in the panel."""
        self.lookups.record(message.entity_id, message.background)
        self.history.background(message.entity_id, message.background)
        self.reading.show_background(message.entity_id, message.background)
        self.reading.mark_uncertain(self.lookups.uncertain)
        self.status_line.lookup = self.lookups.status

    def on_reading_view_background_wanted(self) -> None:
        """The panel waits for a background: open the lookup service if need be."""
        self._open_lookups()

    def _show_position(self) -> None:
        self.status_line.position = self.article.position

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        """Say which of its entity's mentions the cursor is on (and if m wrapped)."""
        self.status_line.mention = mention_status(message.target, self._travel_note)
        self._travel_note = ""

    async def jump_to_entity(self, entity: Entity) -> None:
        """Move the cursor to the first mention of ``entity`` and open its panel."""
        await self.reading.jump_to_entity(entity)

    def action_next_name(self) -> None:
        """Move the cursor to the next entity mention (the text takes the keys)."""
        self.reading.give_keys_to_text()
        self.article.move_cursor(1)

    def action_previous_name(self) -> None:
        """Move the cursor to the previous entity mention (the text takes the keys)."""
        self.reading.give_keys_to_text()
        self.article.move_cursor(-1)

    async def action_open_panel(self) -> None:
        """Open the panel for the entity under the cursor."""
        cursor = self.article.cursor or self.article.move_cursor(1)
        if cursor is not None:
            await self.reading.open_panel(cursor.entity)

    def action_close_panel(self) -> None:
        """Close the panel (or, with none open, clear the search)."""
        self.reading.close()
        self._show_search_status()  # "No matches" goes too, though no match changed

    def action_next_mention(self) -> None:
        """Jump to the next mention of the selected entity."""
        self._travel_note = self.reading.step_mention(1)

    def action_previous_mention(self) -> None:
        """Jump to the previous mention of the selected entity."""
        self._travel_note = self.reading.step_mention(-1)

    async def action_toggle_outline(self) -> None:
        """Show or hide the entity outline."""
        await self.reading.toggle_outline()

    def action_focus_next_pane(self) -> None:
        """Give the keys to the next pane: outline, text, panel."""
        self.reading.focus_pane(1)

    def action_focus_previous_pane(self) -> None:
        """Give the keys to the previous pane."""
        self.reading.focus_pane(-1)

    def action_toggle_numbers(self) -> None:
        """Show or hide dates, times and numbers."""
        self.reading.toggle_labels(NUMERIC_LABELS)

    def action_filter_types(self) -> None:
        """Choose which entity types are highlighted."""
        self.reading.choose_types(self.entities)

    async def action_search(self) -> None:
        """Open the search bar."""
        await self.reading.open_search()

    def _show_search_status(self) -> None:
        article = self.article
        self.status_line.search = search_status(
            article.search_query, len(article.matches), article.current_match
        )

    def action_next_match(self) -> None:
        """Go to the next search match."""
        self.article.step_match(1)

    def action_previous_match(self) -> None:
        """Go to the previous search match."""
        self.article.step_match(-1)

    def action_open_browser(self) -> None:
        """Open the entity's Wikipedia page in the browser."""
        self.reading.open_in_browser()

    def action_retry_lookup(self) -> None:
        """Look the panel's entity up again; with no panel open, every failed lookup."""
        if failed := self.reading.retry(self.entities):
            self.status_line.lookup = self.lookups.status
            self.retry_backgrounds(failed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="retry")
    def retry_backgrounds(self, names: list[Entity]) -> None:
        """Look the failed names up again; each background comes as it is ready."""
        worker = get_current_worker()
        self.lookups.retry(
            names,
            lambda entity_id, found: self.post_message(BackgroundReady(entity_id, found)),
            lambda: worker.is_cancelled,
        )

    async def action_choose_page(self) -> None:
        """Choose the page of the selected name (the chooser)."""
        await self.reading.choose_page()

    def action_next_chapter(self) -> None:
        """Go to the next chapter of a book."""
        self.reading.step_chapter(self.document.chapters, 1)

    def action_previous_chapter(self) -> None:
        """Go to the start of this chapter, or to the previous one from its start."""
        self.reading.step_chapter(self.document.chapters, -1)

    def go_to_chapter(self, index: int) -> None:
        """Show chapter ``index`` of the book from its first line (the palette's command)."""
        self.reading.go_to_chapter(self.document.chapters, index)

    def action_help(self) -> None:
        """Show the help screen."""
        from reader.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(every_binding(), self.article.legend()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer context keys only when they apply (the footer follows)."""
        if not self.is_mounted:  # keys typed before the screen is up do nothing
            return False
        if action == "search":  # in the search bar, "/" is a character to search for
            return not (self.focused and self.focused.id == "search")
        if action == "close_panel":
            return self.reading.show_panel or bool(self.article.search_query)
        if action in ("next_match", "previous_match"):
            return bool(self.article.matches)
        # m, b, r and c always run: where they cannot apply, they say why.
        return True

    def on_unmount(self) -> None:
        """Stop background work at once."""
        if self._stream is not None:
            self._stream.close()
        self.lookups.close()
        self.history.close()

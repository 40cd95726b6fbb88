"""The main screen: article, outline, side panel, search bar and status line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Header
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.labels import HIGHLIGHTS, NAME_LABELS, NUMERIC_LABELS
from reader.lookup.coordinator import LookupCoordinator
from reader.models import Background, Document, Entity
from reader.sanitize import one_line
from reader.ui.keys import MAIN_BINDINGS
from reader.ui.messages import (
    AnalysisFailed,
    BackgroundReady,
    EntitiesFound,
    LookupReady,
    PrefetchProgress,
)
from reader.ui.widgets.article_view import ArticleView, Target
from reader.ui.widgets.status_line import StatusLine, search_status

# The outline, side panel, search bar and dialogs are imported and mounted when first
# used: they start hidden, and leaving them out makes the first frame come sooner.
if TYPE_CHECKING:
    from textual.widgets import Input

    from reader.lookup.service import LookupService
    from reader.nlp.stream import AnalysisStream
    from reader.ui.widgets.outline import EntityOutline
    from reader.ui.widgets.search_bar import SearchBar
    from reader.ui.widgets.side_panel import SidePanel

W = TypeVar("W", bound=Widget)


class MainScreen(Screen[None]):
    """Reading: travel between names, open the panel, search, filter."""

    BINDINGS = MAIN_BINDINGS

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

    def __init__(
        self,
        document: Document,
        *,
        entities: Sequence[Entity] | None = None,
        stream: AnalysisStream | None = None,
        lookup: LookupService | Callable[[], LookupService] | None = None,
    ) -> None:
        super().__init__()
        self.document = document
        self.entities: list[Entity] = list(entities or [])
        self.lookups = LookupCoordinator(document.text, lookup)
        """The backgrounds: the service (opened when first needed), prefetch, fetches."""
        self._stream = stream
        self._analysis_done = entities is not None
        self._outline_stale = True

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield ArticleView(self.document.text, id="article")
        yield StatusLine(self.legend, id="status")
        # The Footer joins once the text is on screen (on_article_view_painted); the
        # outline, side panel and search bar when first used (_mount_once).

    @property
    def article(self) -> ArticleView:
        """The article view."""
        return self.query_one(ArticleView)

    @property
    def panel(self) -> SidePanel:
        """The side panel (mounted by :meth:`open_panel`)."""
        return self.query_one("#side-panel", Widget)  # type: ignore[return-value]

    @property
    def status_line(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    async def _mount_once(self, make: Callable[..., W], widget_id: str, **where: Widget) -> W:
        """The widget with ``widget_id``, made and mounted (``before``/``after``) on first use."""
        found = self.query(f"#{widget_id}")
        if found:
            return found.first()  # type: ignore[return-value]
        widget = make(id=widget_id)
        await self.mount(widget, **where)
        return widget

    async def _side_panel(self) -> SidePanel:
        from reader.ui.widgets.side_panel import SidePanel

        make = partial(SidePanel, self.lookups)
        return await self._mount_once(make, "side-panel", after=self.article)

    async def _outline(self) -> EntityOutline:
        from reader.ui.widgets.outline import EntityOutline

        return await self._mount_once(EntityOutline, "outline", before=self.article)

    async def _search_bar(self) -> SearchBar:
        from reader.ui.widgets.search_bar import SearchBar

        return await self._mount_once(SearchBar, "search")

    def on_mount(self) -> None:
        """Show the text at once; NER runs in another process, lookups in threads."""
        self.article.focus()
        self.watch(self.article, "matches", self._show_search_status, init=False)
        self.watch(self.article, "current_match", self._show_search_status, init=False)
        if self.entities:
            self._apply_entities(self.entities)
        if self._analysis_done:
            self.status_line.analysis = self._summary()
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
            self._stream.feed(self.document.text)
            self.analyse_document(self._stream)
        self.call_after_refresh(self._add_footer)

    async def _add_footer(self) -> None:
        from textual.widgets import Footer

        await self.mount(Footer())
        self.refresh_bindings()  # the footer shows the keys when the bindings are announced

    # ------------------------------------------------------------------ NER

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

    def on_entities_found(self, message: EntitiesFound) -> None:
        """Show new entities; keep the cursor and the panel where they were."""
        self._apply_entities(message.entities)
        if message.final:
            self._analysis_done = True
            self.status_line.analysis = self._summary()
            self._start_prefetch()
        else:
            self.status_line.analysis = f"Finding names… {100 * message.done // message.total}%"

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        """Keep reading without highlights and say why."""
        self._analysis_done = True
        self.status_line.analysis = f"No highlights: {one_line(message.reason, 80)}"
        self.notify(
            one_line(message.reason), title="Entity recognition", severity="error", markup=False
        )

    def _apply_entities(self, entities: Sequence[Entity]) -> None:
        self.entities = list(entities)
        self.article.set_entities(self.entities)
        self._refresh_outline()
        if self.panel_entity is not None:
            replacement = next((e for e in self.entities if e.id == self.panel_entity.id), None)
            if replacement is not None:
                self.panel_entity = replacement

    def _summary(self) -> str:
        shown = [entity for entity in self.entities if entity.label in self.labels]
        mentions = sum(len(entity.mentions) for entity in shown)
        return f"{len(shown)} entities · {mentions} mentions"

    # ------------------------------------------------------------------ lookups

    def _start_prefetch(self) -> None:
        """The names are known: look them all up, opening the service first if need be."""
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
        if self.show_panel:
            self.panel.load_background()

    @work(thread=True, exclusive=True, exit_on_error=False, group="prefetch")
    def prefetch_backgrounds(self, names: list[Entity]) -> None:
        """Look every name up in the background, a few requests at a time."""
        worker = get_current_worker()
        self.lookups.prefetch(
            names,
            progress=lambda done, total: self.post_message(PrefetchProgress(done, total)),
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
        if self.panel_entity is not None and self.panel_entity.id == message.entity_id:
            self.panel.show_background(message.background)

    # ------------------------------------------------------------------ panel

    @property
    def panel_open(self) -> bool:
        """Whether the side panel is showing."""
        return self.show_panel

    def watch_panel_entity(self, entity: Entity | None) -> None:
        """Show the entity's heading and mentions in the panel."""
        if entity is not None:
            self.panel.show_entity(entity, self.document.text)

    async def open_panel(self, entity: Entity) -> None:
        """Show ``entity`` in the side panel."""
        panel = await self._side_panel()
        if self.panel_entity is None or self.panel_entity.id != entity.id or not self.show_panel:
            self.panel_entity = entity
            panel.load_background()
            self._open_lookups()
        self.show_panel = True
        cursor = self.article.cursor
        if cursor is not None and cursor.entity.id == entity.id:
            panel.highlight_mention(cursor.mention)

    async def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        """Emphasise the entity under the cursor; follow it in the panel when open."""
        target: Target = message.target
        self.article.set_selected(target.entity.id)
        if self.show_panel:
            await self.open_panel(target.entity)

    def on_side_panel_mention_chosen(self, message: SidePanel.MentionChosen) -> None:
        """Jump to the mention chosen in the panel's list."""
        if self.article.move_to_mention(message.mention) is not None:
            self.article.focus()

    async def on_entity_outline_entity_chosen(self, message: EntityOutline.EntityChosen) -> None:
        """Jump to the entity chosen in the outline."""
        await self.jump_to_entity(message.entity)

    async def jump_to_entity(self, entity: Entity) -> None:
        """Move the cursor to the first mention of ``entity`` and open its panel."""
        if entity.label not in self.labels:
            self.labels = self.labels | {entity.label}
        if entity.mentions:
            self.article.move_to_mention(entity.mentions[0])
        await self.open_panel(entity)
        self.article.focus()

    # ------------------------------------------------------------------ actions

    def action_next_name(self) -> None:
        """Move the cursor to the next entity mention."""
        self.article.move_cursor(1)

    def action_previous_name(self) -> None:
        """Move the cursor to the previous entity mention."""
        self.article.move_cursor(-1)

    async def action_open_panel(self) -> None:
        """Open the panel for the entity under the cursor."""
        cursor = self.article.cursor or self.article.move_cursor(1)
        if cursor is not None:
            await self.open_panel(cursor.entity)

    def action_close_panel(self) -> None:
        """Close the panel (or, with none open, clear the search)."""
        if self.show_panel:
            self.show_panel = False
            self.article.focus()
        elif self.article.matches:
            self.article.clear_matches()

    def action_next_mention(self) -> None:
        """Jump to the next mention of the selected entity."""
        self.article.step_mention(self._selected_entity(), 1)

    def action_previous_mention(self) -> None:
        """Jump to the previous mention of the selected entity."""
        self.article.step_mention(self._selected_entity(), -1)

    def _selected_entity(self) -> Entity | None:
        """The panel's entity while it is open, else the one under the cursor."""
        if self.show_panel and self.panel_entity is not None:
            return self.panel_entity
        cursor = self.article.cursor
        return cursor.entity if cursor else None

    async def action_toggle_outline(self) -> None:
        """Show or hide the entity outline."""
        await self._outline()
        self.show_outline = not self.show_outline

    def watch_show_outline(self, show: bool) -> None:
        """Bring the outline up to date when it is shown."""
        if show and self._outline_stale:
            self._refresh_outline()

    def _refresh_outline(self) -> None:
        # A hidden outline is rebuilt when it is shown, not on every update of a book.
        self._outline_stale = not self.show_outline
        if not self._outline_stale:
            outline: EntityOutline = self.query_one("#outline", Widget)  # type: ignore[assignment]
            outline.show_entities(self.entities, self.labels)

    def watch_labels(self, labels: frozenset[str]) -> None:
        """Highlight these types only; the outline and the counts follow."""
        self.article.set_labels(labels)
        self._refresh_outline()
        if self._analysis_done:
            self.status_line.analysis = self._summary()

    def action_toggle_numbers(self) -> None:
        """Show or hide dates, times and numbers."""
        if self.labels & NUMERIC_LABELS:
            self.labels = self.labels - NUMERIC_LABELS
        else:
            self.labels = self.labels | NUMERIC_LABELS

    def action_filter_types(self) -> None:
        """Choose which entity types are highlighted."""
        from reader.ui.screens.dialogs import FilterDialog

        def apply(labels: frozenset[str] | None) -> None:
            if labels is not None:
                present = {entity.label for entity in self.entities}
                self.labels = labels | (self.labels - present)

        self.app.push_screen(FilterDialog(self.entities, self.labels), apply)

    async def action_search(self) -> None:
        """Open the search bar."""
        search_bar = await self._search_bar()
        self.searching = True
        # At once: Widget.focus() would wait behind keys already typed ("/hamas" pasted).
        self.set_focus(search_bar)

    # The search bar is this screen's only Input.
    def on_input_changed(self, event: Input.Changed) -> None:
        """Find what is typed in the search bar."""
        self.article.search(event.value)

    def on_input_submitted(self) -> None:
        """Close the search bar and go to the first match after the cursor."""
        self.set_focus(self.article)
        self.searching = False
        self.article.step_match(1)

    def on_search_bar_closed(self) -> None:
        """Close the search bar; the matches stay highlighted."""
        self.searching = False
        self.set_focus(self.article)

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

    def _panel_background(self) -> Background | None:
        return self.panel.background if self.show_panel else None

    def action_open_browser(self) -> None:
        """Open the entity's Wikipedia page in the browser."""
        background = self._panel_background()
        if background and background.url and background.url.startswith(("https://", "http://")):
            self.app.open_url(background.url)
            self.notify(background.url, title="Opening", markup=False)

    def action_retry_lookup(self) -> None:
        """Look the panel's entity up again."""
        if self.panel_entity is not None:
            self.panel.load_background(retry=True)
            self._open_lookups()

    def action_choose_page(self) -> None:
        """Pick the right page for an ambiguous name."""
        from reader.ui.screens.dialogs import ChoosePageDialog

        background = self._panel_background()
        entity = self.panel_entity
        if background is None or entity is None or not background.candidates:
            return

        def chosen(title: str | None) -> None:
            if title is not None:
                self.panel.choose_page(title)

        self.app.push_screen(ChoosePageDialog(entity.name, background.candidates), chosen)

    def action_help(self) -> None:
        """Show the help screen."""
        from reader.ui.screens.help import HelpScreen

        bindings = [*self.BINDINGS, *self.app.BINDINGS]
        self.app.push_screen(HelpScreen(bindings, self.legend()))  # type: ignore[arg-type]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer context keys only when they apply (the footer follows)."""
        if not self.is_mounted:  # keys typed before the screen is up do nothing
            return False
        background = self._panel_background()
        if action == "search":  # in the search bar, "/" is a character to search for
            return not (self.focused and self.focused.id == "search")
        if action == "close_panel":
            return self.show_panel or bool(self.article.matches)
        if action in ("next_match", "previous_match"):
            return bool(self.article.matches)
        if action == "open_browser":
            return bool(background and background.url)
        if action == "retry_lookup":
            return bool(background and background.status == "error")
        if action == "choose_page":
            return bool(background and background.candidates)
        return True

    # ------------------------------------------------------------------ status

    def legend(self) -> Content:
        """Coloured names of the entity types, as the article shows them."""
        parts: list[tuple[str, Style | str]] = []
        for highlight in HIGHLIGHTS:
            style = Style.from_rich_style(
                self.article.get_component_rich_style(highlight.css_class, partial=True)
            )
            parts += [("■ ", style), (f"{highlight.legend}  ", "")]
        return Content.assemble(*parts)

    def on_unmount(self) -> None:
        """Stop background work at once."""
        if self._stream is not None:
            self._stream.close()
        self.lookups.close()

"""The main screen: article, outline, side panel, search bar and status line."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.labels import HIGHLIGHTS, NAME_LABELS, NUMERIC_LABELS
from reader.models import Background, Document, Entity
from reader.sanitize import one_line
from reader.ui.messages import (
    AnalysisFailed,
    BackgroundReady,
    EntitiesFound,
    LookupReady,
    PrefetchProgress,
)
from reader.ui.widgets.article_view import ArticleView, Target

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

    BINDINGS = [
        Binding("tab", "next_name", "Next name", id="next-name", priority=True),
        Binding("shift+tab", "previous_name", "Previous", id="previous-name", priority=True),
        Binding("enter", "open_panel", "Open", id="open-panel"),
        Binding("escape", "close_panel", "Close", id="close-panel"),
        Binding(
            "m",
            "next_mention",
            "Next mention",
            id="next-mention",
            show=False,
            tooltip="Next mention of the selected entity",
        ),
        Binding(
            "M",
            "previous_mention",
            "Previous mention",
            id="previous-mention",
            key_display="shift+m",
            show=False,
            tooltip="Previous mention of the selected entity",
        ),
        Binding("o", "toggle_outline", "Outline", id="toggle-outline"),
        # A priority binding: the screen takes "/" before the article does, so the keys
        # typed right after it (or pasted with it) find the search bar already focused.
        Binding("slash", "search", "Search", id="search", key_display="/", priority=True),
        Binding(
            "n",
            "next_match",
            "Next match",
            id="next-match",
            show=False,
            tooltip="Next search match",
        ),
        Binding(
            "N",
            "previous_match",
            "Previous match",
            id="previous-match",
            key_display="shift+n",
            show=False,
            tooltip="Previous search match",
        ),
        Binding(
            "f",
            "filter_types",
            "Filter",
            id="filter-types",
            tooltip="Choose which entity types are highlighted",
        ),
        Binding(
            "d",
            "toggle_numbers",
            "Dates",
            id="toggle-numbers",
            show=False,
            tooltip="Show or hide dates, times and numbers",
        ),
        Binding(
            "b",
            "open_browser",
            "Browser",
            id="open-browser",
            show=False,
            tooltip="Open the entity's Wikipedia page in the browser",
        ),
        Binding(
            "r",
            "retry_lookup",
            "Retry",
            id="retry-lookup",
            show=False,
            tooltip="Retry a failed Wikipedia lookup",
        ),
        Binding(
            "c",
            "choose_page",
            "Choose page",
            id="choose-page",
            show=False,
            tooltip="Choose the right page for an ambiguous name",
        ),
    ]

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
        self._stream = stream
        self._lookup: LookupService | None = None
        self._open_lookup: Callable[[], LookupService] | None = None
        if callable(lookup):  # a factory: opened when first needed
            self._open_lookup = lookup
        else:
            self._lookup = lookup
        self._lookup_opening = False
        self._labels: frozenset[str] = NAME_LABELS
        self._analysis_done = entities is not None
        self._analysis_status = ""
        self._lookup_status = ""
        self._search_status = ""
        self._search_query = ""
        self._matches: list[tuple[int, int]] = []
        self._match_index: int | None = None
        self._panel_entity: Entity | None = None
        self._backgrounds: dict[str, Background] = {}
        self._prefetching = False
        self._outline_stale = True

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield ArticleView(self.document.text, id="article")
        yield Static(id="status")
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

        return await self._mount_once(SidePanel, "side-panel", after=self.article)

    async def _outline(self) -> EntityOutline:
        from reader.ui.widgets.outline import EntityOutline

        return await self._mount_once(EntityOutline, "outline", before=self.article)

    async def _search_bar(self) -> SearchBar:
        from reader.ui.widgets.search_bar import SearchBar

        return await self._mount_once(SearchBar, "search")

    def on_mount(self) -> None:
        """Show the text at once; NER runs in another process, lookups in threads."""
        self.article.focus()
        if self.entities:
            self._apply_entities(self.entities)
        if self._analysis_done:
            self._analysis_status = self._summary()
            self._start_prefetch()
        elif self._stream is not None:
            self._analysis_status = "Finding names…"  # the worker gets the text once painted
        else:
            self._analysis_done = True
        self._update_status()

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
            self._analysis_status = self._summary()
            self._start_prefetch()
        else:
            self._analysis_status = f"Finding names… {100 * message.done // message.total}%"
        self._update_status()

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        """Keep reading without highlights and say why."""
        self._analysis_done = True
        self._analysis_status = f"No highlights: {one_line(message.reason, 80)}"
        self.notify(
            one_line(message.reason), title="Entity recognition", severity="error", markup=False
        )
        self._update_status()

    def _apply_entities(self, entities: Sequence[Entity]) -> None:
        self.entities = list(entities)
        self.article.set_entities(self.entities)
        self._refresh_outline()
        if self._panel_entity is not None:
            replacement = next((e for e in self.entities if e.id == self._panel_entity.id), None)
            if replacement is not None:
                self._panel_entity = replacement
                self.panel.show_entity(replacement, self.document.text)

    def _summary(self) -> str:
        shown = [entity for entity in self.entities if entity.label in self._labels]
        mentions = sum(len(entity.mentions) for entity in shown)
        return f"{len(shown)} entities · {mentions} mentions"

    # ------------------------------------------------------------------ lookups

    def _request_lookups(self) -> None:
        """Open the lookup service if it is not open or opening; LookupReady follows.

        It opens when the names are known or a panel wants a background, not at start:
        importing the HTTP and cache stack would take CPU from the NER worker.
        """
        if self._lookup is None and self._open_lookup is not None and not self._lookup_opening:
            self._lookup_opening = True
            self.open_lookups(self._open_lookup)

    @work(thread=True, exclusive=True, exit_on_error=False, group="lookup")
    def open_lookups(self, open_lookup: Callable[[], LookupService]) -> None:
        """Open the lookup service (cache, HTTP client) off the main thread."""
        self.post_message(LookupReady(open_lookup()))

    def on_lookup_ready(self, message: LookupReady) -> None:
        """Start prefetching; fill the panel if it is waiting."""
        self._lookup = message.service
        if self._analysis_done:
            self._start_prefetch()
        if self.panel_open and self._panel_entity is not None:
            self._show_background_for(self._panel_entity)

    def _start_prefetch(self) -> None:
        names = [entity for entity in self.entities if entity.is_name]
        if not names:
            return
        if self._lookup is None:
            self._request_lookups()
        elif not self._prefetching:
            self._prefetching = True
            self._lookup_status = f"Wikipedia 0/{len(names)}"
            self.prefetch_backgrounds(names)

    @work(thread=True, exclusive=True, exit_on_error=False, group="prefetch")
    def prefetch_backgrounds(self, entities: list[Entity]) -> None:
        """Look every entity up in the background, a few requests at a time."""
        assert self._lookup is not None
        worker = get_current_worker()
        backgrounds = self._lookup.lookup_many(
            entities,
            self.document.text,
            progress=lambda done, total: self.post_message(PrefetchProgress(done, total)),
            cancelled=lambda: worker.is_cancelled,
        )
        for entity_id, background in backgrounds.items():
            self.post_message(BackgroundReady(entity_id, background))
        self.post_message(PrefetchProgress(len(entities), len(entities)))

    def on_prefetch_progress(self, message: PrefetchProgress) -> None:
        """Show how far the prefetch got."""
        if message.done >= message.total:
            self._lookup_status = self._lookup_summary(message.total)
        else:
            self._lookup_status = f"Wikipedia {message.done}/{message.total}"
        self._update_status()

    def _lookup_summary(self, total: int) -> str:
        """How the prefetch ended: ``Wikipedia ✓ 26/28 found`` or ``Wikipedia 0/28 found,
        28 failed (r retries)``."""
        counts = Counter(background.status for background in self._backgrounds.values())
        complete = not (counts["error"] or counts["offline"])
        parts = [f"Wikipedia {'✓ ' if complete else ''}{counts['found']}/{total} found"]
        if counts["error"]:
            parts.append(f"{counts['error']} failed (r retries)")
        if counts["offline"]:
            parts.append(f"{counts['offline']} not cached (offline)")
        return ", ".join(parts)

    @work(thread=True, exclusive=True, exit_on_error=False, group="panel")
    def fetch_background(self, entity: Entity) -> None:
        """Look one entity up (the panel is waiting for it)."""
        assert self._lookup is not None
        background = self._lookup.lookup(entity, self.document.text)
        self.post_message(BackgroundReady(entity.id, background))

    @work(thread=True, exclusive=True, exit_on_error=False, group="panel")
    def choose_background(self, entity: Entity, title: str) -> None:
        """Fetch and remember the page the reader chose."""
        assert self._lookup is not None
        self.post_message(
            BackgroundReady(entity.id, self._lookup.choose(entity, title, self.document.text))
        )

    def on_background_ready(self, message: BackgroundReady) -> None:
        """Keep the background; show it if its entity is the one in the panel."""
        self._backgrounds[message.entity_id] = message.background
        if self._panel_entity is not None and self._panel_entity.id == message.entity_id:
            self.panel.show_background(message.background)
            self.refresh_bindings()

    def _show_background_for(self, entity: Entity, *, refresh: bool = False) -> None:
        if self._lookup is None:
            if self._open_lookup is not None:
                self.panel.show_loading()  # LookupReady fills it in
                self._request_lookups()
            else:
                self.panel.show_background(None)
            return
        background = None if refresh else self._backgrounds.get(entity.id)
        if background is None and not refresh:
            background = self._lookup.cached(entity, self.document.text)
        if background is not None:
            self._backgrounds[entity.id] = background
            self.panel.show_background(background)
        else:
            self.panel.show_loading()
            self.fetch_background(entity)
        self.refresh_bindings()

    # ------------------------------------------------------------------ panel

    @property
    def panel_open(self) -> bool:
        """Whether the side panel is showing."""
        return self.has_class("-show-panel")

    async def open_panel(self, entity: Entity) -> None:
        """Show ``entity`` in the side panel."""
        panel = await self._side_panel()
        if self._panel_entity is None or self._panel_entity.id != entity.id or not self.panel_open:
            self._panel_entity = entity
            panel.show_entity(entity, self.document.text)
            self._show_background_for(entity)
        self.add_class("-show-panel")
        cursor = self.article.cursor
        if cursor is not None and cursor.entity.id == entity.id:
            panel.highlight_mention(cursor.mention)
        self.refresh_bindings()

    async def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        """Emphasise the entity under the cursor; follow it in the panel when open."""
        target: Target = message.target
        self.article.set_selected(target.entity.id)
        if self.panel_open:
            await self.open_panel(target.entity)
        self.refresh_bindings()

    def on_side_panel_mention_chosen(self, message: SidePanel.MentionChosen) -> None:
        """Jump to the mention chosen in the panel's list."""
        if self.article.move_to_mention(message.mention) is not None:
            self.article.focus()

    async def on_entity_outline_entity_chosen(self, message: EntityOutline.EntityChosen) -> None:
        """Jump to the entity chosen in the outline."""
        await self.jump_to_entity(message.entity)

    async def jump_to_entity(self, entity: Entity) -> None:
        """Move the cursor to the first mention of ``entity`` and open its panel."""
        if entity.label not in self._labels:
            self._set_labels(self._labels | {entity.label})
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
        if self.panel_open:
            self.remove_class("-show-panel")
            self.article.focus()
        elif self._matches:
            self._set_matches([], None)
        self.refresh_bindings()

    def _step_mention(self, step: int) -> None:
        cursor = self.article.cursor
        entity = self._panel_entity if self.panel_open else None
        entity = entity or (cursor.entity if cursor else None)
        if entity is None or not entity.mentions:
            return
        starts = [mention.start for mention in entity.mentions]
        here = cursor.mention.start if cursor else -1
        # The first mention after the cursor, or the last one before it; wrapping around.
        index = bisect_right(starts, here) if step > 0 else bisect_left(starts, here) - 1
        self.article.move_to_mention(entity.mentions[index % len(starts)])

    def action_next_mention(self) -> None:
        """Jump to the next mention of the selected entity."""
        self._step_mention(1)

    def action_previous_mention(self) -> None:
        """Jump to the previous mention of the selected entity."""
        self._step_mention(-1)

    async def action_toggle_outline(self) -> None:
        """Show or hide the entity outline."""
        await self._outline()
        self.toggle_class("-show-outline")
        if self._outline_stale:
            self._refresh_outline()

    def _refresh_outline(self) -> None:
        # A hidden outline is rebuilt when it is shown, not on every update of a book.
        self._outline_stale = not self.has_class("-show-outline")
        if not self._outline_stale:
            outline: EntityOutline = self.query_one("#outline", Widget)  # type: ignore[assignment]
            outline.show_entities(self.entities, self._labels)

    def _set_labels(self, labels: frozenset[str]) -> None:
        self._labels = labels
        self.article.set_labels(labels)
        self._refresh_outline()
        if self._analysis_done:
            self._analysis_status = self._summary()
        self._update_status()

    def action_toggle_numbers(self) -> None:
        """Show or hide dates, times and numbers."""
        if self._labels & NUMERIC_LABELS:
            self._set_labels(self._labels - NUMERIC_LABELS)
        else:
            self._set_labels(self._labels | NUMERIC_LABELS)

    def action_filter_types(self) -> None:
        """Choose which entity types are highlighted."""
        from reader.ui.screens.dialogs import FilterDialog

        def apply(labels: frozenset[str] | None) -> None:
            if labels is not None:
                present = {entity.label for entity in self.entities}
                self._set_labels(labels | (self._labels - present))

        self.app.push_screen(FilterDialog(self.entities, self._labels), apply)

    async def action_search(self) -> None:
        """Open the search bar."""
        search_bar = await self._search_bar()
        self.add_class("-searching")
        # At once: Widget.focus() would wait behind keys already typed ("/hamas" pasted).
        self.set_focus(search_bar)

    # The search bar is this screen's only Input.
    def on_input_changed(self, event: Input.Changed) -> None:
        """Find what is typed in the search bar."""
        from reader.ui.widgets.search_bar import find_matches

        self._search_query = event.value
        self._set_matches(find_matches(self.document.text, event.value), None)

    def on_input_submitted(self) -> None:
        """Close the search bar and go to the first match after the cursor."""
        self.set_focus(self.article)
        self.remove_class("-searching")
        self._step_match(1)

    def on_search_bar_closed(self) -> None:
        """Close the search bar; the matches stay highlighted."""
        self.remove_class("-searching")
        self.set_focus(self.article)

    def _set_matches(self, matches: list[tuple[int, int]], current: int | None) -> None:
        self._matches = matches
        self._match_index = current
        self.article.set_matches(matches, current)
        if not self._search_query:
            self._search_status = ""
        elif not matches:
            self._search_status = "No matches"
        elif current is None:
            self._search_status = f"{len(matches)} match{'es' if len(matches) != 1 else ''}"
        else:
            self._search_status = f"Match {current + 1}/{len(matches)}"
        self._update_status()
        self.refresh_bindings()

    def _step_match(self, step: int) -> None:
        if not self._matches:
            return
        if self._match_index is None:
            cursor = self.article.cursor
            here = cursor.mention.start if cursor else self.article.top_offset
            after = bisect_left([start for start, _ in self._matches], here)
            index = after if step > 0 else after - 1
        else:
            index = self._match_index + step
        self._set_matches(self._matches, index % len(self._matches))

    def action_next_match(self) -> None:
        """Go to the next search match."""
        self._step_match(1)

    def action_previous_match(self) -> None:
        """Go to the previous search match."""
        self._step_match(-1)

    def _panel_background(self) -> Background | None:
        if not self.panel_open or self._panel_entity is None:
            return None
        return self._backgrounds.get(self._panel_entity.id)

    def action_open_browser(self) -> None:
        """Open the entity's Wikipedia page in the browser."""
        background = self._panel_background()
        if background and background.url and background.url.startswith(("https://", "http://")):
            self.app.open_url(background.url)
            self.notify(background.url, title="Opening", markup=False)

    def action_retry_lookup(self) -> None:
        """Look the panel's entity up again."""
        if self._panel_entity is not None:
            self._show_background_for(self._panel_entity, refresh=True)

    def action_choose_page(self) -> None:
        """Pick the right page for an ambiguous name."""
        from reader.ui.screens.dialogs import ChoosePageDialog

        background = self._panel_background()
        entity = self._panel_entity
        if background is None or entity is None or not background.candidates:
            return

        def chosen(title: str | None) -> None:
            if title is not None:
                self.panel.show_loading()
                self.choose_background(entity, title)

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
            return self.panel_open or bool(self._matches)
        if action in ("next_match", "previous_match"):
            return bool(self._matches)
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

    def _update_status(self) -> None:
        pieces = [p for p in (self._analysis_status, self._lookup_status, self._search_status) if p]
        self.query_one("#status", Static).update(
            Content.assemble(("  ·  ".join(pieces), ""), "   ", self.legend())
        )

    def on_unmount(self) -> None:
        """Stop background work at once."""
        if self._stream is not None:
            self._stream.close()
        if self._lookup is not None:
            self._lookup.close()

"""Snapshot tests of what a reader sees (review the report before --snapshot-update)."""

from __future__ import annotations

from reader.ui.app import ReaderApp
from tests.ui.conftest import load_sample

SIZE = (120, 36)


def _compare(snap_compare, app: ReaderApp, *, run_before=None, **kwargs) -> bool:
    """``snap_compare`` once the key bar is up (it joins after the first frame)."""

    async def ready(pilot) -> None:
        for _ in range(200):
            if pilot.app.screen.query("FooterKey"):
                break
            await pilot.pause(0.01)
        if run_before is not None:
            await run_before(pilot)

    return snap_compare(app, run_before=ready, **kwargs)


def _app() -> ReaderApp:
    document, entities = load_sample()
    return ReaderApp(document, entities=entities)


def test_main_screen(snap_compare):
    assert _compare(snap_compare, _app(), terminal_size=SIZE)


def test_cursor_on_a_name(snap_compare):
    assert _compare(snap_compare, _app(), press=["tab", "tab"], terminal_size=SIZE)


def test_panel_on_netanyahu(snap_compare):
    async def open_netanyahu(pilot):
        screen = pilot.app.screen
        entity = next(e for e in screen.entities if e.name == "Benjamin Netanyahu")
        await screen.jump_to_entity(entity)
        await pilot.pause()

    assert _compare(snap_compare, _app(), run_before=open_netanyahu, terminal_size=SIZE)


def test_panel_mention_map_with_the_current_mention_marked(snap_compare):
    # Issue 12: the map under the heading; ] in the panel moved to Israel's third mention,
    # so the map marks its cell and the scrollbar marks Israel's mentions.
    async def open_israel(pilot):
        screen = pilot.app.screen
        entity = next(e for e in screen.entities if e.name == "Israel")
        await screen.jump_to_entity(entity)
        await pilot.press("f6", "right_square_bracket", "right_square_bracket")
        await pilot.pause()

    assert _compare(snap_compare, _app(), run_before=open_israel, terminal_size=SIZE)


def test_scrollbar_marks_mentions_and_matches(snap_compare):
    # Issue 12: Israel under the cursor (its colour) and the matches of "gaza" (the search
    # colour) marked in the scrollbar; the bar's top rows are the thumb.
    press = ["tab", "slash", *"gaza", "enter"]
    assert _compare(snap_compare, _app(), press=press, terminal_size=(100, 24))


def test_outline(snap_compare):
    assert _compare(snap_compare, _app(), press=["o"], terminal_size=SIZE)


def test_help_screen(snap_compare):
    assert _compare(snap_compare, _app(), press=["question_mark"], terminal_size=SIZE)


def test_filter_dialog(snap_compare):
    assert _compare(snap_compare, _app(), press=["f"], terminal_size=SIZE)


def test_search_bar_with_matches(snap_compare):
    assert _compare(snap_compare, _app(), press=["slash", *"hamas"], terminal_size=SIZE)


def test_narrow_terminal_with_panel(snap_compare):
    assert _compare(snap_compare, _app(), press=["tab", "enter"], terminal_size=(70, 24))


def test_60x20_outline_then_panel_the_outline_yields(snap_compare):
    # Issue 11, item 7: the article keeps its room; the panel takes the outline's place.
    assert _compare(snap_compare, _app(), press=["o", "tab", "enter"], terminal_size=(60, 20))


def test_60x20_panel_then_outline_the_panel_yields(snap_compare):
    assert _compare(snap_compare, _app(), press=["tab", "enter", "o"], terminal_size=(60, 20))


class TestPanelStates:
    """The background section in each state, served by the fixture wiki over HTTP."""

    @staticmethod
    def _app(
        server, tmp_path, *, offline: bool = False, text: str | None = None, history=None
    ) -> ReaderApp:
        from reader.config import load_settings
        from reader.lookup.service import LookupService
        from reader.models import Document, Entity, Mention

        settings = load_settings(wiki_api=server.url, cache_dir=tmp_path, offline=offline)
        document, entities = load_sample()
        if text is not None:
            name = text.split()[0]
            mention = Mention(0, len(name), name)
            document = Document(text, "Test article", "test.txt")
            entities = [Entity(name.lower(), name, "GPE", (name,), (mention,))]
        lookup = LookupService(settings)
        if history is None:
            return ReaderApp(document, entities=entities, lookup=lookup)
        return ReaderApp(document, entities=entities, lookup=lookup, history=history)

    @staticmethod
    def _open(name: str):
        async def run_before(pilot):
            app = pilot.app
            await app.workers.wait_for_complete()
            entity = next(e for e in app.screen.entities if e.name == name)
            await app.screen.jump_to_entity(entity)
            await app.workers.wait_for_complete()
            await pilot.pause()

        return run_before

    def test_found(self, snap_compare, wiki_server, tmp_path):
        app = self._app(wiki_server, tmp_path)
        assert _compare(snap_compare, app, run_before=self._open("Fuad Shukr"), terminal_size=SIZE)

    def test_likely(self, snap_compare, wiki_server, tmp_path):
        app = self._app(wiki_server, tmp_path)
        assert _compare(snap_compare, app, run_before=self._open("Jerusalem"), terminal_size=SIZE)

    def test_not_found(self, snap_compare, wiki_server, tmp_path):
        app = self._app(wiki_server, tmp_path)
        assert _compare(
            snap_compare,
            app,
            run_before=self._open("Menahem Kahana/AFP/Getty Images/TNS"),
            terminal_size=SIZE,
        )

    def test_ambiguous(self, snap_compare, wiki_server, tmp_path):
        app = self._app(wiki_server, tmp_path, text="Washington reacted to the news on Monday.")
        assert _compare(snap_compare, app, run_before=self._open("Washington"), terminal_size=SIZE)

    def test_offline_nothing_cached(self, snap_compare, wiki_server, tmp_path):
        app = self._app(wiki_server, tmp_path, offline=True)
        assert _compare(snap_compare, app, run_before=self._open("Mossad"), terminal_size=SIZE)

    def test_error(self, snap_compare, wiki_server, tmp_path):
        wiki_server.faults.status = 503
        app = self._app(wiki_server, tmp_path)
        assert _compare(snap_compare, app, run_before=self._open("Mossad"), terminal_size=SIZE)

    def test_loading(self, snap_compare, wiki_server, tmp_path):
        wiki_server.faults.latency = 3

        async def run_before(pilot):
            await pilot.press("tab", "enter")
            await pilot.pause()

        app = self._app(wiki_server, tmp_path)
        assert _compare(snap_compare, app, run_before=run_before, terminal_size=SIZE)
        wiki_server.faults.latency = 0

    def test_elsewhere(self, snap_compare, wiki_server, tmp_path):
        # Issue 12: Netanyahu was read about in two articles before; the panel lists them
        # under the background, newest first (read at noon UTC: the same date anywhere).
        from reader.history.store import EntityRow, History
        from reader.paths import default_data_dir

        history = History(default_data_dir())
        for read_at, title in ((1795176000.0, "Ceasefire talks"), (1795262400.0, "Knesset vote")):
            row = EntityRow("Netanyahu", "PERSON", 3, 0, "Benjamin Netanyahu")
            history.record(title, title, f"/news/{title}.txt", [row], read_at=read_at)
        history.close()
        app = self._app(wiki_server, tmp_path, history=lambda: History(default_data_dir()))
        assert _compare(
            snap_compare,
            app,
            run_before=self._open("Benjamin Netanyahu"),
            terminal_size=(120, 44),
        )


class TestChooser:
    """The chooser (c) on the orchards' "Washington" (the state, given the capital as a
    likely match), against the Apple articles' wiki."""

    @staticmethod
    def _app(tmp_path, wiki) -> ReaderApp:
        from reader.config import load_settings
        from reader.lookup.service import LookupService
        from tests.ui.test_chooser import ORCHARDS, _article

        settings = load_settings(wiki_api=wiki.url, cache_dir=tmp_path)
        document, entities = _article(ORCHARDS)
        return ReaderApp(document, entities=entities, lookup=LookupService(settings))

    @staticmethod
    async def _open_chooser(pilot) -> None:
        app = pilot.app
        await app.workers.wait_for_complete()
        entity = next(e for e in app.screen.entities if e.name == "Washington")
        await app.screen.jump_to_entity(entity)
        await app.workers.wait_for_complete()
        await pilot.press("c")
        # No blinking cursor: whether a blink has hidden it would depend on timing.
        app.screen.query_one("#chooser-search").cursor_blink = False
        await pilot.pause()

    def test_chooser_opens_on_the_page_shown(self, snap_compare, tmp_path):
        from tests.ui.test_chooser import apple_wiki

        with apple_wiki() as wiki:
            app = self._app(tmp_path, wiki)
            assert _compare(snap_compare, app, run_before=self._open_chooser, terminal_size=SIZE)

    def test_chooser_with_search_results(self, snap_compare, tmp_path):
        from tests.ui.test_chooser import apple_wiki

        async def search(pilot) -> None:
            await self._open_chooser(pilot)
            chooser = pilot.app.screen
            await pilot.press(*"Washington state")
            for _ in range(300):  # a hang guard: the answer comes in well under a second
                # the whole query's answer: on a loaded machine typing is slow enough for
                # the debounce to search "Washington" first
                if chooser.answer is not None and chooser.answer.query == "Washington state":
                    break
                await pilot.pause(0.02)
            await pilot.pause()

        with apple_wiki() as wiki:
            app = self._app(tmp_path, wiki)
            assert _compare(snap_compare, app, run_before=search, terminal_size=SIZE)


def _corrections_app(cache_dir) -> ReaderApp:
    from tests.ui.test_corrections import make_app

    return make_app(cache_dir)


async def _panel_keys_on(pilot, name: str) -> None:
    screen = pilot.app.screen
    await pilot.app.workers.wait_for_complete()
    await screen.jump_to_entity(next(e for e in screen.entities if e.name == name))
    await pilot.press("f6", "down")
    await pilot.pause()


def test_mention_list_says_why_each_mention_belongs(snap_compare, tmp_path):
    async def on_jordan(pilot):
        await _panel_keys_on(pilot, "Michael Jordan")

    app = _corrections_app(tmp_path / "cache")
    assert _compare(snap_compare, app, run_before=on_jordan, terminal_size=SIZE)


def test_merge_picker_narrowed_by_a_query(snap_compare, tmp_path):
    async def merge_abdullah(pilot):
        await _panel_keys_on(pilot, "Abdullah II")
        await pilot.press("J", "k", "i", "n")
        await pilot.pause()

    app = _corrections_app(tmp_path / "cache")
    assert _compare(snap_compare, app, run_before=merge_abdullah, terminal_size=SIZE)

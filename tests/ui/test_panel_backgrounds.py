"""Pilot tests of every background state, with lookups over HTTP to the fixture wiki."""

from __future__ import annotations

import re
import threading
import webbrowser
from pathlib import Path

import pytest

import reader.ui.app
from reader.config import load_settings
from reader.lookup.certainty import certainty, uncertain
from reader.lookup.service import LookupService
from reader.models import Background, Document, Entity, Mention
from reader.ui.app import ReaderApp
from reader.ui.screens.chooser import PageChooser
from reader.ui.widgets.side_panel import BackgroundView, describe_background
from tests.ui.conftest import load_sample, open_entity, settle
from wikifixture import HOSTILE_TITLE

SIZE = (130, 36)


def _service(server, cache_dir, *, offline: bool = False) -> LookupService:
    return LookupService(load_settings(wiki_api=server.url, cache_dir=cache_dir, offline=offline))


def _single(name: str, label: str, text: str) -> tuple[Document, list[Entity]]:
    start = text.index(name)
    mention = Mention(start, start + len(name), name)
    return Document(text, "Test", "-"), [Entity(name.lower(), name, label, (name,), (mention,))]


def _background_text(app: ReaderApp) -> str:
    return str(app.screen.query_one("#background-text").render())


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


async def test_prefetch_batches_and_reopening_costs_no_request(wiki_server, cache_dir):
    document, entities = load_sample()
    app = ReaderApp(document, entities=entities, lookup=_service(wiki_server, cache_dir))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        names = [e for e in entities if e.is_name]
        assert 0 < wiki_server.request_count <= len(names) / 2
        before = wiki_server.request_count
        await open_entity(app, pilot, "Benjamin Netanyahu")
        text = _background_text(app)
        assert "Benjamin Netanyahu" in text and "https://" in text
        await open_entity(app, pilot, "Fuad Shukr")
        assert "Fuad Shukr" in _background_text(app)
        assert wiki_server.request_count == before
        status = str(app.screen.query_one("#status").render())
        found, total = map(int, re.search(r"Wikipedia ✓ (\d+)/(\d+) found", status).groups())
        # Names on one sure page are one: "Islamic Republic" and "Iran" (the page Iran).
        # "Palestinian" and "Palestinians" share the page Palestinians, but the second is
        # only likely there (87.7%, below the link model's sure 89.8%): they stay apart.
        assert total == len(names) - 1 and found >= total - 3 and "failed" not in status


async def test_offline_second_run_serves_the_cache_with_its_date(wiki_server, cache_dir):
    document, entities = load_sample()
    service = _service(wiki_server, cache_dir)
    service.lookup_many([e for e in entities if e.is_name], document.text)
    service.close()
    wiki_server.reset()
    app = ReaderApp(
        document, entities=entities, lookup=_service(wiki_server, cache_dir, offline=True)
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Hezbollah")
        text = _background_text(app)
        assert "Hezbollah" in text and "From the cache" in text
    assert wiki_server.request_count == 0


async def test_offline_with_nothing_cached(wiki_server, cache_dir):
    document, entities = load_sample()
    app = ReaderApp(
        document, entities=entities, lookup=_service(wiki_server, cache_dir, offline=True)
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Mossad")
        assert "Offline" in _background_text(app)
        assert "not cached (offline)" in str(app.screen.query_one("#status").render())
    assert wiki_server.request_count == 0


async def test_not_found(wiki_server, cache_dir):
    document, entities = _single(
        "Okonkwo Adeyemi", "PERSON", "Union steward Okonkwo Adeyemi said the plant would strike."
    )
    app = ReaderApp(document, entities=entities, lookup=_service(wiki_server, cache_dir))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Okonkwo Adeyemi")
        assert "No Wikipedia article" in _background_text(app)


async def test_ambiguous_then_choose_a_page_which_is_remembered(wiki_server, cache_dir):
    document, entities = _single("Washington", "GPE", "Washington reacted to the news on Monday.")
    app = ReaderApp(document, entities=entities, lookup=_service(wiki_server, cache_dir))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Washington")
        text = _background_text(app)
        assert "may refer to" in text and "Washington, D.C." in text
        await pilot.press("c")
        assert isinstance(app.screen, PageChooser)
        titles = [candidate.title for candidate in app.screen.shown]
        app.screen.query_one("OptionList").highlighted = titles.index("Washington, D.C.")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Washington, D.C." in _background_text(app)
        assert "may refer to" not in _background_text(app)
    again = ReaderApp(document, entities=entities, lookup=_service(wiki_server, cache_dir))
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        await open_entity(again, pilot, "Washington")
        assert "Washington, D.C." in _background_text(again)
        assert "may refer to" not in _background_text(again)


async def test_error_then_retry(wiki_server, cache_dir):
    wiki_server.faults.status = 500
    document, entities = load_sample()
    service = _service(wiki_server, cache_dir)
    app = ReaderApp(document, entities=entities, lookup=service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Mossad")
        assert "Lookup failed" in _background_text(app)
        assert "failed (r retries)" in str(app.screen.query_one("#status").render())
        assert app.screen.check_action("retry_lookup", ()) is True
        wiki_server.faults.status = None
        await pilot.press("r")
        await settle(app, pilot)
        assert "Mossad" in _background_text(app) and "Lookup failed" not in _background_text(app)


async def test_loading_shows_a_spinner_and_reading_goes_on(wiki_server, cache_dir):
    replies = wiki_server.faults.hold = threading.Event()  # no reply until let go below
    document, entities = load_sample()
    app = ReaderApp(document, entities=entities, lookup=_service(wiki_server, cache_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "enter")
        assert app.screen.query_one(BackgroundView).has_class("-loading")
        start = app.screen.article.cursor.mention.start
        await pilot.press("tab")  # travelling never waits on the network
        assert app.screen.article.cursor.mention.start > start
        replies.set()
        await settle(app, pilot)
        assert not app.screen.query_one(BackgroundView).has_class("-loading")


async def test_hostile_page_is_shown_literally(wiki_server, cache_dir):
    document, entities = _single("Hostile", "ORG", "Hostile was in the news again.")
    service = _service(wiki_server, cache_dir)
    service.choose(entities[0], HOSTILE_TITLE)  # remembered, as if the reader had picked it
    app = ReaderApp(document, entities=entities, lookup=service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Hostile")
        text = _background_text(app)
        assert app.is_running
        assert "[@click=app.quit]" in text and "[/]" in text
        assert "\x1b" not in text and "\u202e" not in text


def _status(app: ReaderApp) -> str:
    return str(app.screen.query_one("#status").render())


async def test_r_without_a_panel_retries_every_failure_and_recounts(wiki_server, cache_dir):
    wiki_server.faults.status = 500
    document, entities = load_sample()
    app = ReaderApp(document, entities=entities, lookup=_service(wiki_server, cache_dir))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        failures = app.screen.lookups.counts.failed
        assert failures > 0 and f"{failures} failed (r retries)" in _status(app)
        wiki_server.faults.status = None
        replies = wiki_server.faults.hold = threading.Event()  # hold the answers a moment
        await pilot.press("r")
        await pilot.pause()
        assert f"{failures} pending" in _status(app) and "failed" not in _status(app)
        replies.set()
        await settle(app, pilot)
        assert "pending" not in _status(app) and "failed" not in _status(app)
        assert app.screen.lookups.counts.failed == 0
        assert "Wikipedia ✓" in _status(app)
        await open_entity(app, pilot, "Mossad")
        assert "Mossad" in _background_text(app) and "Lookup failed" not in _background_text(app)


async def test_r_with_nothing_failed_says_so(wiki_server, cache_dir):
    document, entities = load_sample()
    app = ReaderApp(document, entities=entities, lookup=_service(wiki_server, cache_dir))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        before = wiki_server.request_count
        await pilot.press("r")
        await settle(app, pilot)
        assert "Nothing to retry" in [n.message for n in app._notifications][-1]
        assert wiki_server.request_count == before


async def test_the_panel_says_it_is_retrying(wiki_server, cache_dir):
    wiki_server.faults.status = 500
    document, entities = load_sample()
    app = ReaderApp(document, entities=entities, lookup=_service(wiki_server, cache_dir))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Mossad")
        assert "Lookup failed" in _background_text(app)
        wiki_server.faults.status = None
        replies = wiki_server.faults.hold = threading.Event()
        await pilot.press("r")
        await pilot.pause()
        view = app.screen.query_one(BackgroundView)
        assert view.has_class("-loading")
        assert "Retrying…" in str(view.query_one("#background-note").render())
        replies.set()
        await settle(app, pilot)
        assert not view.has_class("-loading")
        assert "Mossad" in _background_text(app)


class _BrowserSpy(ReaderApp):
    """The app with Textual's open_url recorded instead of run; browser_available is real."""

    CSS_PATH = Path(reader.ui.app.__file__).parent / ReaderApp.CSS_PATH

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.opened: list[str] = []

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened.append(url)


def _no_browser(using=None):
    raise webbrowser.Error("could not locate runnable browser")


@pytest.mark.parametrize("browser", [False, True])
async def test_b_without_a_browser_shows_the_address_to_copy(
    wiki_server, cache_dir, monkeypatch, browser
):
    monkeypatch.setattr(
        webbrowser, "get", (lambda using=None: object()) if browser else _no_browser
    )
    document, entities = _single("Mossad", "ORG", "The Mossad chief flew to Cairo.")
    app = _BrowserSpy(document, entities=entities, lookup=_service(wiki_server, cache_dir))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Mossad")
        url = app.screen.reading.panel_background.url
        assert url and url.startswith("https://")
        await pilot.press("b")
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        titles = [n.title for n in app._notifications]
        note = app.screen.query_one("#browser-note")
        if browser:
            assert app.opened == [url] and "Opening" in titles
            assert not note.display
        else:
            assert app.opened == [] and "Opening" not in titles
            assert "No browser" in notices[-1]
            assert note.display and url in str(note.render()).replace("\n", "")


def test_the_panel_says_how_sure_each_state_is():
    sure = Background("found", title="Fuad Shukr", confidence=0.98, candidates=("Fuad Shukr",))
    likely = Background(
        "found", title="Apple", confidence=0.63, candidates=("Apple", "Apple Inc."),
        scores=(0.63, 0.41),
    )  # fmt: skip
    mine = Background("found", title="Apple Inc.", confidence=0.2, chosen_by="reader")
    ambiguous = Background(
        "ambiguous", confidence=0.68, candidates=("Washington, D.C.", "Washington (state)"),
        scores=(0.68, 0.53),
    )  # fmt: skip
    assert certainty(sure) == "sure" and not uncertain(sure)
    assert certainty(likely) == "likely" and uncertain(likely)
    assert certainty(mine) == "sure"
    assert certainty(ambiguous) == "ambiguous" and uncertain(ambiguous)
    assert certainty(Background("not_found")) is None
    assert "Sure match (98%)" in describe_background(sure, "Fuad Shukr").plain
    text = describe_background(likely, "Apple").plain
    assert "Likely match (63%); runner-up: Apple Inc. (41%). Press c to choose." in text
    assert "Your choice" in describe_background(mine, "Apple").plain
    text = describe_background(ambiguous, "Washington").plain
    assert text.startswith("Ambiguous: “Washington” may refer to several pages, ranked:")
    assert "1. Washington, D.C.  68%" in text and "2. Washington (state)  53%" in text
    text = describe_background(Background("not_found"), "Helen Marsh").plain
    assert text.endswith("Press c to search for one.")
    namesake = Background("not_found", candidates=("Helen Marsh",))
    text = describe_background(namesake, "Helen Marsh").plain
    assert text.endswith("1 page weighed and set aside: press c to see it or search.")


async def test_uncertain_pages_are_marked_in_the_panel_text_and_outline(wiki_server, cache_dir):
    document, entities = load_sample()
    app = ReaderApp(document, entities=entities, lookup=_service(wiki_server, cache_dir))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Jerusalem")
        assert "Likely match (" in _background_text(app)
        line = next(
            y for y in range(app.screen.article.size.height)
            if "Jerusalem" in app.screen.article.render_line(y).text
        )  # fmt: skip
        styles = {segment.text: segment.style for segment in app.screen.article.render_line(line)}
        assert styles["Jerusalem"].italic
        await open_entity(app, pilot, "Fuad Shukr")
        assert "Sure match (" in _background_text(app)
        reading = app.screen.reading
        assert "jerusalem" in reading.uncertain and "fuad-shukr" not in reading.uncertain
        assert app.screen.article._uncertain == reading.uncertain
        await pilot.press("o")
        await pilot.pause()
        leaves = [
            str(leaf.label) for group in app.screen.query_one("#outline").root.children
            for leaf in group.children
        ]  # fmt: skip
        assert any(label.startswith("Jerusalem ?") for label in leaves)
        assert any(label.startswith("Fuad Shukr ×") for label in leaves)


async def _choose(app: ReaderApp, pilot, title: str, *, everywhere: bool) -> None:
    await pilot.press("c")
    assert isinstance(app.screen, PageChooser)
    if everywhere:
        await pilot.press("ctrl+e")
    titles = [candidate.title for candidate in app.screen.shown]
    app.screen.query_one("OptionList").highlighted = titles.index(title)
    await pilot.press("enter")
    await settle(app, pilot)


@pytest.mark.parametrize("everywhere", [False, True])
async def test_a_choice_is_for_this_article_unless_for_every_article(
    wiki_server, cache_dir, everywhere
):
    first = _single("Washington", "GPE", "Washington reacted to the news on Monday.")
    app = ReaderApp(first[0], entities=first[1], lookup=_service(wiki_server, cache_dir))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Washington")
        await _choose(app, pilot, "Washington, D.C.", everywhere=everywhere)
        assert "Your choice" in _background_text(app)
    other = _single("Washington", "GPE", "Washington said nothing on Tuesday.")
    later = ReaderApp(other[0], entities=other[1], lookup=_service(wiki_server, cache_dir))
    async with later.run_test(size=SIZE) as pilot:
        await settle(later, pilot)
        await open_entity(later, pilot, "Washington")
        text = _background_text(later)
        if everywhere:
            assert "Washington, D.C." in text and "Your choice" in text
        else:
            assert "may refer to" in text and "Your choice" not in text
    again = ReaderApp(first[0], entities=first[1], lookup=_service(wiki_server, cache_dir))
    async with again.run_test(size=SIZE) as pilot:  # the first article, after a restart
        await settle(again, pilot)
        await open_entity(again, pilot, "Washington")
        assert "Washington, D.C." in _background_text(again)
        assert "Your choice" in _background_text(again)

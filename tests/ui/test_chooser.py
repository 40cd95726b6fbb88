"""Pilot tests of the chooser (c, issue 10 item 2) against the fixture wiki over HTTP:
it opens in every background state, searches as the reader types (debounced, one request
in flight, answers kept), and enter, None of these and Automatic do what they say.

The reader's story: the orchards' "Washington" (the state, where the growers are) is given
the capital, only as a likely match; typing "Washington state" finds the state, which the
reader takes. The chip makers' "Apple" is the company (issue 9), likely; the chooser's other
keys are tried on it."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

import reader.ui.screens.chooser
from reader.config import load_settings
from reader.lookup.client import RetryPolicy
from reader.lookup.service import LookupService
from reader.models import Document, Entity, Mention
from reader.ui.app import ReaderApp
from reader.ui.screens.chooser import AUTOMATIC_ID, NONE_ID, PageChooser
from reader.ui.widgets.ordered_input import OrderedInput
from tests.ui.conftest import open_entity, settle, until
from wikifixture import DATA_DIR, HOSTILE_TITLE, WikiServer, start_server

SIZE = (130, 40)
ARTICLES = Path(__file__).resolve().parents[1] / "data" / "apple"
CHIPS = (ARTICLES / "chip-makers.txt").read_text(encoding="utf-8")
ORCHARDS = (ARTICLES / "orchards.txt").read_text(encoding="utf-8")
BARE = "Washington reacted to the news on Monday."
"""Nothing says which Washington: the name stays ambiguous."""
NAMES = {
    CHIPS: [("Apple", "ORG"), ("Nvidia", "ORG"), ("Arizona", "GPE")],
    ORCHARDS: [("Washington", "GPE"), ("Apple", "ORG"), ("Maria Lopez", "PERSON")],
    BARE: [("Washington", "GPE")],
}
"""The names the model finds in each article (precomputed: no model here)."""
FAST = RetryPolicy(max_retries=1, backoff=0.01, request_deadline=20.0, call_deadline=40.0)
"""Failures come back at once (the chooser, not the retries, is under test); a reply the
test holds back is not given up (the deadlines are hang guards)."""


def _article(
    text: str, names: list[tuple[str, str]] | None = None
) -> tuple[Document, list[Entity]]:
    entities = []
    for name, label in names or NAMES[text]:
        mentions = tuple(
            Mention(m.start(), m.end(), name) for m in re.finditer(rf"\b{re.escape(name)}\b", text)
        )
        entities.append(Entity(name.lower().replace(" ", "-"), name, label, (name,), mentions))
    return Document(text, text.splitlines()[0], "article.txt"), entities


def apple_wiki() -> WikiServer:
    """A fixture wiki of the two Apple articles (``tests/data/wiki/apple_pages.json``),
    running (a context manager: it stops on leaving)."""
    return start_server(DATA_DIR / "apple_pages.json")


@pytest.fixture
def wiki():
    """The fixture wiki of the two Apple articles, fresh for each test."""
    with apple_wiki() as server:
        yield server


def _app(
    server,
    cache_dir,
    text: str = CHIPS,
    *,
    offline: bool = False,
    names: list[tuple[str, str]] | None = None,
) -> ReaderApp:
    settings = load_settings(wiki_api=server.url, cache_dir=cache_dir, offline=offline)
    document, entities = _article(text, names)
    return ReaderApp(document, entities=entities, lookup=LookupService(settings, policy=FAST))


def _panel(app: ReaderApp) -> str:
    return str(app.screen.query_one("#background-text").render())


def _answered(chooser: PageChooser, query: str) -> bool:
    """Whether the chooser shows the answer to ``query`` (not one to a query typed on the way:
    a slow machine may search "Evil" before " page" is typed)."""
    return chooser.answer is not None and chooser.answer.query == query


def _prompts(chooser: PageChooser) -> list[str]:
    return [str(option.prompt) for option in chooser.query_one("OptionList").options]


async def _until(pilot, condition, what: str, limit: int = 300) -> None:
    """Let the app run until ``condition()`` holds (a hang guard of ``limit`` pauses)."""
    for _ in range(limit):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def _chooser(app: ReaderApp, pilot) -> PageChooser:
    await pilot.press("c")
    await _until(pilot, lambda: isinstance(app.screen, PageChooser), "the chooser")
    chooser = app.screen
    assert isinstance(chooser, PageChooser)
    assert chooser.focused is chooser.query_one("#chooser-search", OrderedInput)
    return chooser


def _highlight(chooser: PageChooser, option_id: str) -> None:
    options = chooser.query_one("OptionList")
    options.highlighted = options.get_option_index(option_id)


def _searches(server) -> list[str]:
    return [r["gsrsearch"] for r in server.requests if r.get("generator") == "search"]


@pytest.mark.parametrize(
    ("text", "name", "fault", "now", "first"),
    [
        (CHIPS, "Nvidia", None, "now: shows Nvidia", "● Nvidia  shown now"),
        (CHIPS, "Apple", None, "now: shows Apple Inc.", "● Apple Inc.  shown now"),  # issue 9
        (BARE, "Washington", None, "now: ambiguous", "  "),
        (ORCHARDS, "Maria Lopez", None, "now: no article found", "  None of these"),
        (CHIPS, "Apple", "error", "now: the lookup failed", "  None of these"),
        (CHIPS, "Apple", "offline", "now: nothing cached (offline)", "  None of these"),
    ],
    ids=["found", "likely", "ambiguous", "not-found", "error", "offline"],
)
async def test_c_opens_the_chooser_whatever_the_state(
    wiki, tmp_path, text, name, fault, now, first
):
    if fault == "error":
        wiki.faults.status = 500
    app = _app(wiki, tmp_path, text, offline=fault == "offline")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, name)
        chooser = await _chooser(app, pilot)
        assert now in str(chooser.query_one("#chooser-now").render())
        prompts = _prompts(chooser)
        assert prompts[0].startswith(first)
        assert any(p.startswith("  None of these") for p in prompts)
        assert not any("Automatic" in p for p in prompts)  # no choice yet
        if name == "Washington":  # the ranked candidates, with description and score
            capital = next(p for p in prompts if p.startswith("  Washington, D.C."))
            assert capital.splitlines()[1].strip() == "Capital city of the United States"
            assert any(re.search(r"Washington \(state\)  \d+%", p) for p in prompts[:4])
        if fault == "offline":
            assert "Offline" in str(chooser.query_one("#chooser-status").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, PageChooser)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), SIZE])
async def test_the_scope_box_and_the_keys_fit_a_small_terminal(wiki, tmp_path, size):
    """At 60x20 the keys line was cut off and the scope box's label ran off the dialog: the
    list gives way, and on a short terminal the dialog drops its blank lines."""
    app = _app(wiki, tmp_path, BARE)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Washington")
        chooser = await _chooser(app, pilot)
        await pilot.pause()
        dialog = chooser.query_one(".dialog").content_region
        for selector in ("#everywhere", "#chooser-keys"):
            region = chooser.query_one(selector).region
            assert region.height >= 1 and dialog.contains_region(region), selector
        assert chooser.query_one("OptionList").region.height >= 3


async def test_c_with_the_panel_closed_chooses_for_the_name_under_the_cursor(wiki, tmp_path):
    app = _app(wiki, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "tab")  # Nvidia, then Apple; no panel
        assert app.screen.article.cursor.entity.name == "Apple"
        assert not app.screen.reading.show_panel
        chooser = await _chooser(app, pilot)
        assert chooser.entity.name == "Apple"
        _highlight(chooser, NONE_ID)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.reading.show_panel  # the panel opens on the result
        assert "No article (your choice)" in _panel(app)


async def test_typing_searches_once_typing_pauses_one_request_at_a_time(
    wiki, tmp_path, monkeypatch
):
    # A long pause between keys and search, so a slow machine cannot split the typing.
    monkeypatch.setattr(reader.ui.screens.chooser, "DEBOUNCE", 1.0)
    app = _app(wiki, tmp_path, ORCHARDS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Washington")
        chooser = await _chooser(app, pilot)
        wiki.reset()
        replies = wiki.faults.hold = threading.Event()  # the first search waits for the test
        await pilot.press(*"Wash")
        await _until(pilot, lambda: wiki.request_count == 1, "the first search")
        assert _searches(wiki) == ["Wash"]  # four keys, one request
        await pilot.press(*"ington state")
        await _until(pilot, lambda: chooser._timer is None, "the second search to start")
        for _ in range(25):  # a moment for a second request that must not be sent
            await pilot.pause(0.02)
        assert wiki.request_count == 1  # the second waits for the first
        replies.set()
        await _until(pilot, lambda: chooser.answer is not None, "the results")
        assert _searches(wiki) == ["Wash", "Washington state"]
        assert wiki.max_in_flight == 1
        assert chooser.answer.query == "Washington state"  # the first answer came too late to show
        status = str(chooser.query_one("#chooser-status").render())
        assert re.match(r"\d+ pages? found: enter takes the one highlighted", status)
        titles = [candidate.title for candidate in chooser.shown]
        known = [candidate.title for candidate in chooser.known]
        assert titles[0] == "Washington, D.C." and titles[: len(known)] == known, known
        assert "Seattle" in titles[len(known) :]  # the results join the list
        assert "Washington" not in titles  # a disambiguation page is no answer
        assert len(titles) == len(set(titles))
        options = chooser.query_one("OptionList")
        assert options.highlighted == titles.index("Washington (state)")  # the best result
        # Typed again, a search already made costs no request.
        chooser.query_one("#chooser-search").value = ""
        await pilot.pause()
        assert chooser.answer is None and chooser.shown == chooser.known  # the results left
        await pilot.press(*"Washington state")
        await _until(pilot, lambda: _answered(chooser, "Washington state"), "the kept results")
        assert _searches(wiki) == ["Wash", "Washington state"]


async def test_enter_takes_the_highlighted_page_which_survives_a_restart(wiki, tmp_path):
    app = _app(wiki, tmp_path, ORCHARDS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Washington")
        assert "Likely match" in _panel(app) and "Capital city" in _panel(app)
        assert "washington" in app.screen.reading.uncertain
        chooser = await _chooser(app, pilot)
        await pilot.press(*"Washington state")
        await _until(pilot, lambda: _answered(chooser, "Washington state"), "the results")
        before = wiki.request_count
        await pilot.press("enter")
        await settle(app, pilot)
        text = _panel(app)
        assert "Washington (state)" in text and "U.S. state" in text and "Your choice" in text
        assert "Capital city" not in text
        assert "washington" not in app.screen.reading.uncertain
        assert wiki.request_count == before  # the search brought the page already
    again = _app(wiki, tmp_path, ORCHARDS)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        await open_entity(again, pilot, "Washington")
        assert "Washington (state)" in _panel(again) and "Your choice" in _panel(again)
        chooser = await _chooser(again, pilot)  # c again: the choice is marked
        prompts = _prompts(chooser)
        assert prompts[0].startswith("  Automatic  let reader choose again")  # in sight
        assert prompts[1].startswith("● Washington (state)  your choice")
        assert any(p.startswith("  Washington, D.C.  ") for p in prompts)  # the resolver's
        options = chooser.query_one("OptionList")
        assert options.get_option_at_index(options.highlighted).id == "0"  # the choice
        await pilot.press(*"D.C")  # a known page matches: highlighted, past "Automatic"
        capital = [candidate.title for candidate in chooser.shown].index("Washington, D.C.")
        assert options.get_option_at_index(options.highlighted).id == str(capital)
    other = _app(wiki, tmp_path, BARE)
    async with other.run_test(size=SIZE) as pilot:  # another article: the resolver's answer
        await settle(other, pilot)
        await open_entity(other, pilot, "Washington")
        assert "Ambiguous" in _panel(other) and "Your choice" not in _panel(other)


async def test_none_of_these_then_automatic_undoes_it(wiki, tmp_path):
    app = _app(wiki, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Apple")
        chooser = await _chooser(app, pilot)
        _highlight(chooser, NONE_ID)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "No article (your choice)" in _panel(app)
        assert "apple" not in app.screen.reading.uncertain
        chooser = await _chooser(app, pilot)
        prompts = _prompts(chooser)
        assert any(p.startswith("● None of these  your choice") for p in prompts)
        assert "forget your choice for this article" in prompts[0]
        _highlight(chooser, AUTOMATIC_ID)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Likely match" in _panel(app) and "Your choice" not in _panel(app)
        assert "apple" in app.screen.reading.uncertain
        chooser = await _chooser(app, pilot)
        assert not any("Automatic" in p for p in _prompts(chooser))
        assert chooser.lookups.chosen_everywhere(chooser.entity) is None  # forgotten


async def test_a_name_its_page_gives_another_type_keeps_its_pages_and_choices(wiki, tmp_path):
    """The model calls "Nvidia" a place; its page, a company, shows it as an organisation
    (``reader.page_labels``). The chooser still lists the page the lookups found, and a
    choice made there holds when the article is opened again: both are kept under the
    label the lookups were made with, not the one on screen."""
    names = [("Apple", "ORG"), ("Nvidia", "GPE"), ("Arizona", "GPE")]
    app = _app(wiki, tmp_path, names=names)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reading = app.screen.reading
        await _until(pilot, lambda: reading.entities[1].label == "ORG", "the page's type")
        await open_entity(app, pilot, "Nvidia")
        chooser = await _chooser(app, pilot)
        assert _prompts(chooser)[0].startswith("● Nvidia  shown now")
        _highlight(chooser, NONE_ID)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "No article (your choice)" in _panel(app)
    again = _app(wiki, tmp_path, names=names)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        await open_entity(again, pilot, "Nvidia")
        assert "No article (your choice)" in _panel(again)


async def test_for_every_article_is_ctrl_e_and_e_is_typed(wiki, tmp_path):
    app = _app(wiki, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Apple")
        chooser = await _chooser(app, pilot)
        box = chooser.query_one("#everywhere")
        await pilot.press("e")
        assert chooser.query_one("#chooser-search").value == "e" and not box.value
        await pilot.press("ctrl+e")
        assert box.value
        await pilot.press("backspace")
        _highlight(chooser, "0")
        await pilot.press("enter")
        await settle(app, pilot)
    other = _app(wiki, tmp_path, ORCHARDS)
    async with other.run_test(size=SIZE) as pilot:  # for every article: here too
        await settle(other, pilot)
        await open_entity(other, pilot, "Apple")
        assert "Your choice" in _panel(other)
        chooser = await _chooser(other, pilot)
        assert chooser.query_one("#everywhere").value  # the scope of the choice in force
        assert "here and for every article" in _prompts(chooser)[0]


async def test_offline_the_search_says_so_and_sends_nothing(wiki, tmp_path):
    app = _app(wiki, tmp_path, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Apple")
        chooser = await _chooser(app, pilot)
        await pilot.press(*"Apple Inc")
        await until(pilot, lambda: "Offline" in str(chooser.query_one("#chooser-status").render()))
        assert chooser.answer is None
        assert chooser.query_one("OptionList").highlighted == 0  # the known Apple matches
        chooser.query_one("#chooser-search").value = ""
        await pilot.pause()
        assert "Offline" in str(chooser.query_one("#chooser-status").render())
    assert wiki.request_count == 0


async def test_enter_while_the_search_is_out_takes_nothing(wiki, tmp_path):
    """Enter pressed before the results are in would take what the results are about to
    replace (for a name with no page known, "None of these"): it waits for them."""
    app = _app(wiki, tmp_path, ORCHARDS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Maria Lopez")
        chooser = await _chooser(app, pilot)
        replies = wiki.faults.hold = threading.Event()
        await pilot.press(*"Apple Inc", "enter")
        status = chooser.query_one("#chooser-status")
        assert app.screen is chooser and "enter takes a page once" in str(status.render())
        replies.set()
        await _until(pilot, lambda: _answered(chooser, "Apple Inc"), "the results")
        assert chooser.shown[0].title == "Apple Inc."
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Apple Inc." in _panel(app) and "Your choice" in _panel(app)


async def test_enter_after_words_that_match_nothing_takes_nothing(wiki, tmp_path):
    """Letters typed as commands into the reading view ("Oscar": c opens the chooser, "ar"
    is typed into it) match no page: enter then pins nothing, not even the entry the list
    starts on ("None of these" for a name with no page), until an entry is moved to."""
    app = _app(wiki, tmp_path, ORCHARDS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Maria Lopez")
        chooser = await _chooser(app, pilot)
        await pilot.press(*"zqx")
        await _until(pilot, lambda: _answered(chooser, "zqx"), "the results")
        await pilot.press("enter")
        await settle(app, pilot)
        status = str(chooser.query_one("#chooser-status").render())
        assert app.screen is chooser and "Nothing matches “zqx”" in status
        await pilot.press("tab", "shift+tab", "enter")  # the list was looked at: taken
        await settle(app, pilot)
        assert app.screen is not chooser and "No article (your choice)" in _panel(app)


async def test_words_the_search_finds_nothing_for_keep_the_known_page_they_match(wiki, tmp_path):
    app = _app(wiki, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Apple")
        chooser = await _chooser(app, pilot)
        wanted = [candidate.title for candidate in chooser.shown].index("Apple Corps")
        await pilot.press(*"pple corp")  # no search finds it
        await _until(pilot, lambda: _answered(chooser, "pple corp"), "the search")
        assert not chooser.answer.candidates
        assert chooser.query_one("OptionList").highlighted == wanted


async def test_a_failed_search_is_said_in_the_chooser(wiki, tmp_path):
    app = _app(wiki, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Apple")
        chooser = await _chooser(app, pilot)
        wiki.faults.status = 503
        await pilot.press(*"Apple Inc")
        status = chooser.query_one("#chooser-status")
        await _until(pilot, lambda: "Search failed" in str(status.render()), "the failure")
        assert "Wikipedia unavailable (HTTP 503)" in str(status.render())
        assert app.is_running and isinstance(app.screen, PageChooser)
        await pilot.press(*" zqx")  # matches no page known
        await _until(pilot, lambda: chooser._answered == "Apple Inc zqx", "the failure")
        await pilot.press("enter")
        assert app.screen is chooser and "HTTP 503" in str(status.render())


async def test_a_hostile_search_result_is_shown_literally(wiki_server, tmp_path):
    settings = load_settings(wiki_api=wiki_server.url, cache_dir=tmp_path)
    document, entities = _article(CHIPS)
    app = ReaderApp(document, entities=entities, lookup=LookupService(settings, policy=FAST))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_entity(app, pilot, "Apple")
        chooser = await _chooser(app, pilot)
        await pilot.press(*"Evil page")
        await _until(pilot, lambda: _answered(chooser, "Evil page"), "the results")
        assert HOSTILE_TITLE in [candidate.title for candidate in chooser.shown]
        entry = next(p for p in _prompts(chooser) if "Evil" in p)
        assert "[@click=app.quit]x[/]" in entry and "\x1b" not in entry
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running and "[@click=app.quit]" in _panel(app)


async def test_the_outline_says_what_its_question_mark_means(wiki, tmp_path):
    """A likely page is marked "?" in the outline, and a line under it says what that is
    and that c chooses; once the reader has chosen, no name is in doubt and it goes."""
    from reader.ui.widgets.outline import EntityOutline

    app = _app(wiki, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        outline = app.screen.query_one(EntityOutline)
        assert "apple" in app.screen.reading.uncertain
        assert outline.border_subtitle == EntityOutline.UNCERTAIN_NOTE
        outline.point_at("apple")  # as the note says: enter, then c
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        chooser = await _chooser(app, pilot)
        assert chooser.entity.name == "Apple"
        await pilot.press("escape")
        await settle(app, pilot)
        for name in ("Apple", "Arizona"):  # the two likely pages, taken
            await open_entity(app, pilot, name)
            chooser = await _chooser(app, pilot)
            _highlight(chooser, "0")
            await pilot.press("enter")
            await settle(app, pilot)
        assert not app.screen.reading.uncertain and outline.border_subtitle is None


async def test_automatic_undoes_a_choice_that_joined_another_name(wiki, tmp_path, monkeypatch):
    """A new user searched in Arizona's chooser and took the wrong result, Nvidia's page:
    Arizona joined Nvidia (same page), and the chooser of the entity they made offered no
    "Automatic", the choice being Arizona's. It does now, and it undoes Arizona's choice:
    the two part again."""
    monkeypatch.setattr(reader.ui.screens.chooser, "DEBOUNCE", 0.05)
    app = _app(wiki, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reading = app.screen.reading
        await open_entity(app, pilot, "Arizona")
        chooser = await _chooser(app, pilot)
        await pilot.press(*"Nvidia")
        await _until(pilot, lambda: _answered(chooser, "Nvidia"), "the results")
        _highlight(chooser, str([c.title for c in chooser.shown].index("Nvidia")))
        await pilot.press("enter")
        await _until(pilot, lambda: len(reading.entities) == 2, "Arizona to join Nvidia")
        await settle(app, pilot)
        joined = next(entity for entity in reading.entities if entity.name == "Nvidia")
        assert "Arizona" in {mention.text for mention in joined.mentions}
        await open_entity(app, pilot, "Nvidia")
        chooser = await _chooser(app, pilot)
        prompts = _prompts(chooser)
        assert "Automatic" in prompts[0]
        assert prompts[1].startswith("● Nvidia")  # Arizona's choice, highlighted
        assert prompts[2].startswith("  Arizona  62%")  # Arizona's own page, the resolver's
        options = chooser.query_one("OptionList")
        assert options.get_option_at_index(options.highlighted).id not in (NONE_ID, None)
        _highlight(chooser, AUTOMATIC_ID)
        await pilot.press("enter")
        await _until(pilot, lambda: len(reading.entities) == 3, "Arizona to part again")
        await settle(app, pilot)
        assert {entity.name for entity in reading.entities} == {"Apple", "Nvidia", "Arizona"}

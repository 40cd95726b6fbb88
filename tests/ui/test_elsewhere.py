"""The panel's "Elsewhere" section and the palette's "History: NAME" (issue 12 items 3-4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from reader.config import load_settings
from reader.history.store import EntityRow, History
from reader.lookup.records import digest
from reader.lookup.service import LookupService
from reader.models import Document, Entity, Mention
from reader.paths import default_data_dir
from reader.ui.app import ReaderApp
from reader.ui.widgets.elsewhere import Elsewhere, ElsewhereList
from tests.ui.conftest import load_sample, open_entity, settle, until

SIZE = (130, 40)


def _open_history() -> History:
    return History(default_data_dir())


@pytest.fixture
def earlier(tmp_path) -> Path:
    """An article read before, mentioning Netanyahu (by his page) and Barnea (unfound)."""
    path = tmp_path / "earlier.txt"
    filler = "".join(f"Line {number} of an earlier piece.\n\n" for number in range(80))
    text = f"Earlier piece\n\n{filler}David Barnea and Benjamin Netanyahu met.\n\n{filler}"
    path.write_text(text, encoding="utf-8")
    history = History(default_data_dir())
    history.record(
        digest(text),
        "Earlier piece",
        str(path),
        [
            EntityRow("Benjamin Netanyahu", "PERSON", 2, text.index("Benj"), "Benjamin Netanyahu"),
            EntityRow("David Barnea", "PERSON", 1, text.index("David")),
        ],
        read_at=1_000_000.0,
    )
    history.record(
        "d-web",
        "Gone from the web",
        "https://user:pw@example.com/story",
        [EntityRow("Netanyahu", "PERSON", 4, 0, "Benjamin Netanyahu")],
        read_at=2_000_000.0,
    )
    history.close()
    return path


def _note(app: ReaderApp) -> str:
    return str(app.screen.query_one("#elsewhere-note").render())


def _options(app: ReaderApp) -> list[str]:
    options = app.screen.query_one(ElsewhereList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_elsewhere_lists_the_other_articles_by_page(wiki_server, tmp_path, earlier):
    document, entities = load_sample()
    service = LookupService(load_settings(wiki_api=wiki_server.url, cache_dir=tmp_path / "c"))
    app = ReaderApp(document, entities=entities, lookup=service, history=_open_history)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, 3)
        await open_entity(app, pilot, "Benjamin Netanyahu", 3)
        section = app.screen.query_one(Elsewhere)
        assert section.display
        assert _note(app) == "Also in 2 articles you read"
        options = _options(app)
        assert [option.splitlines()[0] for option in options] == [
            "Gone from the web",
            "Earlier piece",
        ]
        assert "read 1970-01-" in options[1] and "2 mentions" in options[1]
        # A name no other article has: the section stays hidden.
        await open_entity(app, pilot, "Shin Bet", 3)
        assert not app.screen.query_one(Elsewhere).display
    # The article read now was recorded, with the pages its names were found under.
    history = History(default_data_dir())
    rows = history.articles()
    assert [row.title for row in rows] == [document.title, "Gone from the web", "Earlier piece"]
    entities_kept = {entity.name: entity.wiki_title for entity in history.entities(rows[0].digest)}
    assert entities_kept["Benjamin Netanyahu"] == "Benjamin Netanyahu"
    assert len(history.mentioning("x", "PERSON", "Benjamin Netanyahu")) == 3


async def test_unfound_names_match_by_exact_name_and_type_and_say_so(earlier):
    document, entities = load_sample()
    app = ReaderApp(document, entities=entities, history=_open_history)  # no lookups
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, 3)
        await open_entity(app, pilot, "David Barnea", 3)
        assert _note(app) == (
            "Also in 1 article you read\nMatched by exact name and type: no Wikipedia page found."
        )
        await open_entity(
            app, pilot, "Benjamin Netanyahu", 3
        )  # by name: the web story named "Netanyahu"
        assert [option.splitlines()[0] for option in _options(app)] == ["Earlier piece"]


async def test_choosing_an_article_that_cannot_be_opened_shows_what_is_remembered(earlier):
    document, entities = load_sample()
    earlier.unlink()
    app = ReaderApp(document, entities=entities, history=_open_history)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, 3)
        await open_entity(app, pilot, "David Barnea", 3)
        app.screen.article.focus()
        # f6 reaches the list (text, mentions, elsewhere), once round and again: enter
        # takes the first article, highlighted when the keys arrive.
        await pilot.press("f6", "f6", "f6", "f6", "f6")
        await pilot.pause()
        options = app.screen.query_one(ElsewhereList)
        assert options.has_focus and options.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        remembered = str(app.screen.query_one("#elsewhere-remembered").render())
        assert "Earlier piece" in remembered and "1 mention of the name" in remembered
        assert str(earlier) in remembered and "no longer there" in remembered
        assert app.screen.document is document


async def test_choosing_a_readable_article_opens_it_at_the_first_mention(earlier):
    document, entities = load_sample()

    def reopen(source: str):
        text = Path(source).read_text(encoding="utf-8")
        start = text.index("David Barnea")
        mention = Mention(start, start + 12, "David Barnea")
        other = Document(text, "Earlier piece", source)
        found = [Entity("barnea", "David Barnea", "PERSON", ("David Barnea",), (mention,))]
        return other, {"entities": found, "history": _open_history, "reopen": reopen}

    app = ReaderApp(document, entities=entities, history=_open_history, reopen=reopen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, 3)
        await open_entity(app, pilot, "David Barnea", 3)
        assert app.check_action("back", ()) is False  # the footer offers no "Back" yet
        options = app.screen.query_one(ElsewhereList)
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await settle(app, pilot, 3)
        assert app.check_action("back", ()) is True
        assert app.screen.reading.show_panel  # the footer keeps "Back" beside the panel's keys
        await pilot.resize_terminal(110, 40)
        await until(pilot, lambda: app.screen.size.width == 110)
        await pilot.pause()
        keys = app.screen.query(FooterKey)
        shown = [key.description for key in keys if not key.has_class("-cut")]
        assert "Back" in shown
        assert app.screen.document.source == str(earlier)
        assert app.title == "Earlier piece"
        assert len(app.screen_stack) == 2
        article = app.screen.article
        assert article.scroll_y > 0
        assert article.cursor is not None and article.cursor.entity.name == "David Barnea"
        assert article.cursor.mention.start == app.screen.document.text.index("David Barnea")
        assert app.screen.reading.show_panel
        # From there, another article goes over it, and backspace goes back through them.
        await open_entity(app, pilot, "David Barnea", 3)
        assert _note(app).startswith("Also in 1 article")  # the first article, just recorded
        options = app.screen.query_one(ElsewhereList)
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await settle(app, pilot, 3)
        assert len(app.screen_stack) == 3
        assert app.screen.document.source.endswith("israel-egypt-truce-talks.txt")
        await pilot.press("o", "d", "a", "backspace", "backspace", "backspace")
        await pilot.pause()
        assert len(app.screen_stack) == 3  # deleting in the outline's filter never goes back
        app.screen.article.focus()
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen.document.source == str(earlier) and app.title == "Earlier piece"
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen.document is document and app.title == document.title
        cursor = app.screen.article.cursor  # as it was left: on the name, the panel open
        assert cursor is not None and cursor.entity.name == "David Barnea"
        assert app.screen.reading.show_panel
        await pilot.press("backspace")  # nothing to go back to: nothing happens
        await pilot.pause()
        assert app.screen.document is document and len(app.screen_stack) == 1


async def test_the_palette_opens_an_entitys_history(earlier):
    document, entities = load_sample()
    app = ReaderApp(document, entities=entities, history=_open_history)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, 3)
        await pilot.press("ctrl+p")
        await pilot.press(*"history barnea")
        await settle(app, pilot)  # the palette's search
        await pilot.press("enter")
        await settle(app, pilot, 3)
        assert app.screen.reading.panel_entity.name == "David Barnea"
        assert isinstance(app.screen.focused, ElsewhereList)
        assert _options(app)[0].startswith("Earlier piece")


async def test_no_history_no_section_and_nothing_written(earlier):
    document, entities = load_sample()
    app = ReaderApp(document, entities=entities)  # history off
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, 3)
        await open_entity(app, pilot, "David Barnea", 3)
        assert not app.screen.query_one(Elsewhere).display
        await pilot.press("ctrl+p")
        await pilot.press(*"history barnea")
        await settle(app, pilot)  # the palette's search
        await pilot.press("enter")
        await settle(app, pilot, 3)
        assert not isinstance(app.screen.focused, ElsewhereList)
    assert [row.title for row in History(default_data_dir()).articles()] == [
        "Gone from the web",
        "Earlier piece",
    ]


async def test_a_corrupt_history_is_moved_aside_and_reading_goes_on():
    directory = default_data_dir()
    directory.mkdir(parents=True, mode=0o700)
    (directory / "history.db").write_bytes(b"not a database at all " * 300)
    (directory / "history.db").chmod(0o600)
    warnings: list[str] = []
    document, entities = load_sample()
    app = ReaderApp(
        document, entities=entities, history=lambda: History(directory, warnings.append)
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, 3)
        await open_entity(app, pilot, "David Barnea", 3)
        assert not app.screen.query_one(Elsewhere).display
        await pilot.press("tab")
        assert app.screen.article.cursor is not None
    assert len(warnings) == 1 and "moved to history.db.corrupt-" in warnings[0]
    assert len(list(directory.glob("history.db.corrupt-*"))) == 1
    assert [row.title for row in History(directory).articles()] == [document.title]


async def test_the_palette_matches_history_commands_by_the_name_not_by_history(earlier):
    # "State" listed "History: Senate" and "History: Late Show": the letters s and t of
    # "History: " itself matched. The name must match (after "history", if typed).

    document, entities = load_sample()
    history = History(default_data_dir())  # an article naming them all: all are offered
    names = [EntityRow(e.name, e.label, 1, 0) for e in entities if e.is_name]
    history.record("d-all", "All of them", "all.txt", names, read_at=3_000_000.0)
    history.close()
    app = ReaderApp(document, entities=entities, history=_open_history)
    async with app.run_test(size=SIZE) as pilot:
        await _history_known(app, pilot)
        await pilot.press("ctrl+p")

        async def shown(query: str) -> list[str]:
            return await _palette_shows(app, pilot, query)

        state = await shown("State")
        assert "History: United States" in state
        assert not [p for p in state if p.startswith("History:") and "States" not in p], state
        assert "History: David Barnea" in await shown("barnea")
        assert "History: David Barnea" in await shown("hist barnea")
        assert len([p for p in await shown("history") if p.startswith("History:")]) > 5


async def _history_known(app: ReaderApp, pilot) -> None:
    """Settle until the recorder has read what the other articles name (in its thread)."""
    await settle(app, pilot, 3)
    for _ in range(100):  # a hang guard
        if app.screen.history.mentioned_elsewhere(app.screen.entities[0]) is not None:
            return
        await pilot.pause(0.05)
    raise AssertionError("the history was never read")


async def _palette_shows(app: ReaderApp, pilot, query: str) -> list[str]:
    """The first lines of the palette's options for ``query`` (the palette is open)."""
    from textual.command import CommandList

    await pilot.press("ctrl+u", *query)
    await settle(app, pilot)  # the palette's search
    options = app.screen.query_one(CommandList)
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return [prompt.splitlines()[0] for prompt in prompts]


async def test_the_palette_offers_history_only_for_names_other_articles_mention(earlier):
    # "History: Shin Bet" was offered though no other article names it, and showed
    # nothing when chosen. Only Barnea and Netanyahu are in the earlier articles.
    document, entities = load_sample()
    app = ReaderApp(document, entities=entities, history=_open_history)
    async with app.run_test(size=SIZE) as pilot:
        await _history_known(app, pilot)
        await pilot.press("ctrl+p")
        offered = [p for p in await _palette_shows(app, pilot, "history") if "History:" in p]
        assert sorted(offered) == ["History: Benjamin Netanyahu", "History: David Barnea"]
        assert "History: Shin Bet" not in await _palette_shows(app, pilot, "shin bet")


async def test_the_history_keeps_the_names_as_the_app_shows_them(wiki_server, tmp_path):
    # "Islamic Republic" and "Iran" are found on one page and shown as one entity: the
    # history kept them apart (28 names where the app showed 27).
    document, entities = load_sample()
    service = LookupService(load_settings(wiki_api=wiki_server.url, cache_dir=tmp_path / "c"))
    app = ReaderApp(document, entities=entities, lookup=service, history=_open_history)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, 4)
        assert app.screen.reading.joins  # the sample has names on one page
        shown = {(e.name, len(e.mentions)) for e in app.screen.entities if e.is_name}
    kept = History(default_data_dir()).entities(digest(document.text))
    assert {(row.name, row.mentions) for row in kept} == shown
    assert len(kept) < len([e for e in entities if e.is_name])


async def test_an_article_whose_names_come_later_opens_at_the_name_then(earlier):
    """Its names are not known when it opens: the cursor goes to the name once they are,
    whatever the article under it finds meanwhile."""
    from reader.ui.messages import EntitiesFound

    document, entities = load_sample()
    text = earlier.read_text(encoding="utf-8")
    start = text.index("David Barnea")
    barnea = Entity("barnea", "David Barnea", "PERSON", ("David Barnea",),
                    (Mention(start, start + 12, "David Barnea"),))  # fmt: skip

    def reopen(source: str):
        return Document(text, "Earlier piece", source), {"history": _open_history}

    app = ReaderApp(document, entities=entities, history=_open_history, reopen=reopen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, 3)
        await open_entity(app, pilot, "David Barnea", 3)
        below = app.screen
        options = below.query_one(ElsewhereList)
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await settle(app, pilot, 3)
        opened = app.screen
        assert opened is not below and opened.arrive_at == "David Barnea"
        below.post_message(EntitiesFound(entities, 1, 1, True))  # the article below, again
        await pilot.pause()
        assert opened.arrive_at == "David Barnea" and opened.article.cursor is None
        opened.post_message(EntitiesFound([barnea], 1, 1, True))
        await settle(app, pilot, 3)
        assert opened.arrive_at is None
        assert opened.article.cursor is not None
        assert opened.article.cursor.entity.name == "David Barnea"

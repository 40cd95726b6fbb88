"""Pilot tests of correcting groupings in the panel: split, merge, undo, and a restart."""

from __future__ import annotations

from reader.corrections import FILE_NAME, YOUR_CORRECTION
from reader.models import Document, Entity
from reader.nlp.mentions import build_entities
from reader.ui.app import ReaderApp
from reader.ui.screens.merge import MergePicker
from reader.ui.widgets.side_panel import MentionList
from tests.unit.test_mentions import spans_of

SIZE = (130, 36)
TEXT = (
    "Michael Jordan visited Jordan on Monday. Jordan said the talks went well.\n\n"
    "Later Michael Jordan met King Abdullah, and Abdullah II thanked him."
)
MARKS = [
    ("Michael Jordan", "PERSON"),
    ("Jordan", "PERSON"),
    ("Jordan", "PERSON"),
    ("King Abdullah", "PERSON"),
    ("Abdullah II", "PERSON"),
]


def found(text: str = TEXT) -> list[Entity]:
    return build_entities(text, spans_of(text, *MARKS))


def make_app(cache_dir, text: str = TEXT) -> ReaderApp:
    document = Document(text, "Test", "-")
    return ReaderApp(document, entities=found(text), lookup=None, corrections=cache_dir)


async def settle(app: ReaderApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_in_panel(app: ReaderApp, pilot, name: str) -> MentionList:
    """Open ``name``'s panel and give the keys to its mention list."""
    await settle(app, pilot)
    entity = next(e for e in app.screen.entities if e.name == name)
    await app.screen.jump_to_entity(entity)
    await pilot.press("f6")
    await settle(app, pilot)
    mentions = app.screen.query_one(MentionList)
    assert mentions.has_focus
    return mentions


def looked_up_app(wiki, tmp_path, text: str, marks: list[tuple[str, str]]) -> ReaderApp:
    """An app over ``text`` whose names are looked up on the fixture ``wiki``: ``marks``
    and the countries and capital around Jordan, which every such text names."""
    from reader.config import load_settings
    from reader.lookup.service import LookupService

    settings = load_settings(wiki_api=wiki.url, cache_dir=tmp_path / "lookups")
    places = [(name, "GPE") for name in ("Syria", "Iraq", "Saudi Arabia", "Israel", "Amman")]
    return ReaderApp(
        Document(text, "Test", "-"),
        entities=build_entities(text, spans_of(text, *marks, *places)),
        lookup=LookupService(settings),
        corrections=tmp_path / "cache",
    )


def grouped(app: ReaderApp) -> dict[str, list[str]]:
    return {e.name: [m.text for m in e.mentions] for e in app.screen.entities}


async def test_the_mention_list_says_why_each_mention_belongs(tmp_path):
    app = make_app(tmp_path / "cache")
    async with app.run_test(size=SIZE) as pilot:
        mentions = await open_in_panel(app, pilot, "Michael Jordan")
        lines = [str(mentions.get_option_at_index(i).prompt) for i in range(4)]
        assert lines[1].endswith("surname of Michael Jordan")
        assert lines[0].endswith("found by the model")
        shown = {key for key, b in app.screen.active_bindings.items() if b.binding.show}
        assert {"s", "J", "u"} <= shown  # the footer offers the corrections here
        await pilot.press("f6")  # and only here
        shown = {key for key, b in app.screen.active_bindings.items() if b.binding.show}
        assert not {"s", "J", "u"} & shown


async def test_split_then_restart_then_undo(tmp_path):
    cache_dir = tmp_path / "cache"
    app = make_app(cache_dir)
    async with app.run_test(size=SIZE) as pilot:
        mentions = await open_in_panel(app, pilot, "Michael Jordan")
        assert app.screen.status_line.mention == "mention 1 of 4"
        mentions.highlighted = 1  # the first "Jordan"
        await pilot.press("s")
        await settle(app, pilot)
        assert grouped(app)["Michael Jordan"] == ["Michael Jordan", "Michael Jordan"]
        assert app.screen.status_line.mention == "mention 1 of 2"  # the cursor's entity shrank
        assert grouped(app)["Jordan"] == ["Jordan", "Jordan"]
        reading = app.screen.reading
        assert reading.panel_entity is not None and reading.panel_entity.name == "Jordan"
        assert {m.reason for m in reading.panel_entity.mentions} == {YOUR_CORRECTION}
        assert reading.article._entities == app.screen.entities  # the highlights follow
        assert app.screen.status_line.analysis == "4 entities · 6 mentions"
        assert (cache_dir / FILE_NAME).exists()

    again = make_app(cache_dir)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert grouped(again)["Jordan"] == ["Jordan", "Jordan"]
        assert again.screen.status_line.analysis == "4 entities · 6 mentions"
        await open_in_panel(again, pilot, "Jordan")
        await pilot.press("u")
        await settle(again, pilot)
        assert grouped(again)["Michael Jordan"] == [m.text for m in found()[0].mentions]
        assert "Jordan" not in grouped(again)

    third = make_app(cache_dir)
    async with third.run_test(size=SIZE) as pilot:
        await settle(third, pilot)
        assert grouped(third) == {e.name: [m.text for m in e.mentions] for e in found()}


async def test_split_one_mention_only(tmp_path):
    app = make_app(tmp_path / "cache")
    async with app.run_test(size=SIZE) as pilot:
        mentions = await open_in_panel(app, pilot, "Michael Jordan")
        mentions.highlighted = 2  # the second "Jordan"
        await pilot.press("S")
        await settle(app, pilot)
        assert grouped(app)["Michael Jordan"] == ["Michael Jordan", "Jordan", "Michael Jordan"]
        assert grouped(app)["Jordan"] == ["Jordan"]


async def test_merge_picked_from_a_fuzzy_list_survives_a_restart(tmp_path):
    cache_dir = tmp_path / "cache"
    app = make_app(cache_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_panel(app, pilot, "Abdullah II")
        await pilot.press("J")
        await settle(app, pilot)
        assert isinstance(app.screen, MergePicker)
        keys = str(app.screen.query_one("#merge-keys").render())
        assert keys == "↑↓ move · enter merge · esc cancel"  # the dialog says how
        await pilot.press(*"kng ab")
        await pilot.press("enter")
        await settle(app, pilot)
        assert grouped(app)["King Abdullah"] == ["King Abdullah", "Abdullah II"]
        assert "Abdullah II" not in grouped(app)
        assert app.screen.reading.panel_entity.name == "King Abdullah"
        assert app.screen.status_line.analysis == "2 entities · 6 mentions"

    again = make_app(cache_dir)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert grouped(again)["King Abdullah"] == ["King Abdullah", "Abdullah II"]
        await open_in_panel(again, pilot, "King Abdullah")
        await pilot.press("J")  # the picker offers the undo first
        await settle(again, pilot)
        await pilot.press("enter")
        await settle(again, pilot)
        assert grouped(again)["Abdullah II"] == ["Abdullah II"]

    other = make_app(cache_dir, TEXT + "\n\nKing Abdullah left.")
    async with other.run_test(size=SIZE) as pilot:
        await settle(other, pilot)
        assert "Abdullah II" in grouped(other)  # another article: not corrected


async def test_after_an_undo_the_status_line_and_the_map_name_one_mention(tmp_path):
    # After u the status said "mention 1 of 2" (the text's cursor) while the map marked
    # the 2nd cell (the undone entity's first mention): the cursor now goes there too.
    from reader.ui.widgets.mention_map import MentionMap

    app = make_app(tmp_path / "cache")
    async with app.run_test(size=SIZE) as pilot:
        mentions = await open_in_panel(app, pilot, "Michael Jordan")
        mentions.highlighted = 1  # the first "Jordan"
        await pilot.press("s")
        await settle(app, pilot)
        for _ in range(4):  # the keys back to the list, wherever they went
            if app.screen.query_one(MentionList).has_focus:
                break
            await pilot.press("f6")
        await pilot.press("u")
        await settle(app, pilot)
        assert grouped(app)["Michael Jordan"] == [m.text for m in found()[0].mentions]
        marked = app.screen.query_one(MentionMap).current
        entity = app.screen.reading.panel_entity
        assert entity is not None and marked is not None
        place = list(entity.mentions).index(marked) + 1
        assert app.screen.status_line.mention == f"mention {place} of {len(entity.mentions)}"
        assert app.screen.article.cursor is not None
        assert app.screen.article.cursor.mention == marked
        assert mentions.highlighted == place - 1


async def test_the_status_line_says_what_each_correction_did(tmp_path):
    # A merge said nothing, and the note of an undo before it stayed on the status line.
    app = make_app(tmp_path / "cache")
    async with app.run_test(size=SIZE) as pilot:
        note = lambda: app.screen.status_line.note  # noqa: E731
        mentions = await open_in_panel(app, pilot, "Michael Jordan")
        await pilot.press("u")
        said = [notification.message for notification in app._notifications]
        assert said == ["Nothing to undo: you made no correction to Michael Jordan"]
        mentions.highlighted = 1  # the first "Jordan"
        await pilot.press("s")
        await settle(app, pilot)
        assert note() == "Jordan split from Michael Jordan"
        await open_in_panel(app, pilot, "Jordan")
        await pilot.press("u")
        await settle(app, pilot)
        assert note() == "Undone: Jordan split from Michael Jordan"
        await open_in_panel(app, pilot, "Abdullah II")
        await pilot.press("J")
        await settle(app, pilot)
        await pilot.press(*"king ab", "enter")
        await settle(app, pilot)
        assert note() == "Abdullah II merged with King Abdullah"
        await pilot.press("tab")  # the reader moves on: the note goes
        await settle(app, pilot)
        assert note() == ""


async def test_a_name_split_out_finds_its_own_page_and_takes_its_type(tmp_path):
    """ "Jordan", split out of Michael Jordan, keeps his label (PERSON) at first; it is
    looked up on its own, and the country's sure page makes it a place (a label that
    would rule the page out is tested in test_lookup_namesakes)."""
    from wikifixture import DATA_DIR, start_server

    with start_server(DATA_DIR / "newsfair_pages.json") as wiki:
        text = (
            "Michael Jordan flew to Jordan on Monday. Jordan, a country bordered by Syria,"
            " Iraq, Saudi Arabia and Israel, welcomed him in Amman, its capital."
        )
        marks = [("Michael Jordan", "PERSON"), ("Jordan", "PERSON"), ("Jordan", "PERSON")]
        app = looked_up_app(wiki, tmp_path, text, marks)
        async with app.run_test(size=SIZE) as pilot:
            mentions = await open_in_panel(app, pilot, "Michael Jordan")
            mentions.highlighted = 1  # the first "Jordan"
            await pilot.press("s")
            for _ in range(50):
                await settle(app, pilot)
                jordan = next(e for e in app.screen.entities if e.name == "Jordan")
                if jordan.label != "PERSON":
                    break
                await pilot.pause(0.1)
            background = app.screen.reading.panel_background
            assert background is not None and background.title == "Jordan"
            assert jordan.label == "GPE", background


async def test_a_type_picked_from_a_list_survives_a_restart_and_undoes(tmp_path):
    """t lists the names' types, the entity's own highlighted; the type picked colours its
    mentions (shown even where that type was filtered out), and u undoes it."""
    from reader.ui.screens.dialogs import TypePicker

    cache_dir = tmp_path / "cache"
    app = make_app(cache_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_panel(app, pilot, "King Abdullah")
        app.screen.reading.labels -= {"ORG"}  # organisations filtered out
        await pilot.press("t")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, TypePicker)
        options = picker.query_one("#type-options")
        assert options.get_option_at_index(options.highlighted).id == "PERSON"
        await pilot.press("down", "enter")  # Organisation, next in the list
        await settle(app, pilot)
        king = next(e for e in app.screen.entities if e.name == "King Abdullah")
        assert king.label == "ORG"
        assert "ORG" in app.screen.reading.labels
        assert app.screen.reading.panel_entity == king
        assert app.screen.status_line.note == (
            "King Abdullah typed as Organisation · Organisation shown again"
        )
        assert app.screen.reading.article._entities == app.screen.entities

    again = make_app(cache_dir)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        labels = {e.name: e.label for e in again.screen.entities}
        assert labels["King Abdullah"] == "ORG" and labels["Abdullah II"] == "PERSON"
        await open_in_panel(again, pilot, "King Abdullah")
        await pilot.press("t")
        await settle(again, pilot)
        options = again.screen.query_one("#type-options")
        highlighted = lambda: options.get_option_at_index(options.highlighted).id  # noqa: E731
        assert highlighted() == "ORG"
        await pilot.press("p")
        assert highlighted() == "GPE"  # Place, the next type starting with p
        await pilot.press("p")
        assert highlighted() == "PRODUCT"
        await pilot.press("escape")  # nothing changes
        await settle(again, pilot)
        assert {e.name: e.label for e in again.screen.entities} == labels
        await pilot.press("u")
        await settle(again, pilot)
        assert {e.name: e.label for e in again.screen.entities}["King Abdullah"] == "PERSON"


async def test_a_merge_keeps_the_name_that_has_a_page(tmp_path):
    """Merged with a misspelling one letter longer, the name found on Wikipedia stays the
    entity's name, and its page with it: the fuller name had won, and found nothing."""
    from tests.ui.conftest import until
    from wikifixture import DATA_DIR, start_server

    with start_server(DATA_DIR / "newsfair_pages.json") as wiki:
        text = (
            "Cristina Fernandez de Kirchner won again, as Jordan, Syria, Iraq, Saudi Arabia,"
            " Israel and Amman watched. Christina Fernandez de Kirchner thanked her voters."
        )
        marks = [("Cristina Fernandez de Kirchner", "PERSON")]
        marks.append(("Christina Fernandez de Kirchner", "PERSON"))
        app = looked_up_app(wiki, tmp_path, text, marks)
        async with app.run_test(size=SIZE) as pilot:
            await open_in_panel(app, pilot, "Cristina Fernandez de Kirchner")
            reading = app.screen.reading
            await until(pilot, lambda: reading.panel_background is not None)
            await pilot.press("J", *"christina", "enter")
            await until(pilot, lambda: len(grouped(app)) < 8)
            assert reading.panel_entity.name == "Cristina Fernandez de Kirchner"
            await until(pilot, lambda: reading.panel_background is not None)
            assert reading.panel_background.title == "Cristina Fernández de Kirchner"


async def test_a_type_the_reader_picks_wins_over_the_pages(tmp_path):
    """ "Jordan" (a person to the model) is the country on its page, which types it a place;
    the reader makes it a person again, and the page no longer retypes it."""
    from tests.ui.conftest import until
    from wikifixture import DATA_DIR, start_server

    with start_server(DATA_DIR / "newsfair_pages.json") as wiki:
        text = (
            "Jordan, a country bordered by Syria, Iraq, Saudi Arabia and Israel, welcomed the"
            " envoys in Amman, its capital. Jordan has long hosted refugees."
        )
        app = looked_up_app(wiki, tmp_path, text, [("Jordan", "PERSON"), ("Jordan", "PERSON")])
        async with app.run_test(size=SIZE) as pilot:
            jordan = lambda: next(e for e in app.screen.entities if e.name == "Jordan")  # noqa: E731
            await open_in_panel(app, pilot, "Jordan")
            await until(pilot, lambda: jordan().label == "GPE")
            await pilot.press("t")
            await settle(app, pilot)
            await pilot.press("home", "enter")  # Person, first in the list
            for _ in range(3):
                await settle(app, pilot)
            assert jordan().label == "PERSON"
            assert app.screen.status_line.note == "Jordan typed as Person"

"""Pilot tests for reading comfort (issue 11): pager keys, tab following the eyes,
mention travel, the keyboard outline, forgiving search, hints."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reader.labels import NUMERIC_LABELS
from reader.models import Document
from reader.ui.app import ReaderApp
from reader.ui.messages import EntitiesFound
from reader.ui.screens.main import MainScreen
from tests.ui.conftest import settle

SMALL = (100, 12)
SIZE = (120, 30)


def _entity(entities, name):
    return next(entity for entity in entities if entity.name == name)


def _status(app) -> str:
    return str(app.screen.query_one("#status").render())


def _notices(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def _ready(pilot) -> MainScreen:
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    await pilot.pause()
    return screen


# ---------------------------------------------------------------- pager keys


async def test_space_pages_down_and_shift_space_up_one_screen(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SMALL) as pilot:
        article = (await _ready(pilot)).article
        page = article.scrollable_content_region.height
        await pilot.press("space")
        assert article.scroll_y == page
        await pilot.press("space")
        assert article.scroll_y == 2 * page
        await pilot.press("shift+space")
        assert article.scroll_y == page
        await pilot.press("pageup")
        assert article.scroll_y == 0


async def test_j_k_and_arrows_scroll_a_line(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SMALL) as pilot:
        article = (await _ready(pilot)).article
        await pilot.press("j", "j")
        assert article.scroll_y == 2
        await pilot.press("k")
        assert article.scroll_y == 1
        await pilot.press("down")
        await pilot.pause()
        assert article.scroll_y == 2
        await pilot.press("up", "up")
        await pilot.pause()
        assert article.scroll_y == 0


async def test_g_and_shift_g_go_to_top_and_bottom_and_the_status_says_where(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SMALL) as pilot:
        article = (await _ready(pilot)).article
        status = app.screen.status_line
        assert status.position == "0%"
        await pilot.press("G")
        await pilot.pause()
        assert article.scroll_y == article.max_scroll_y > 0
        assert status.position == "100%"
        assert _status(app).startswith("100%")
        await pilot.press("g")
        await pilot.pause()
        assert article.scroll_y == 0
        assert status.position == "0%"
        await pilot.press("space")
        expected = 100 * article.scroll_y // article.max_scroll_y
        assert status.position == f"{int(expected)}%"


async def test_a_text_that_fits_says_all():
    app = ReaderApp(Document("One short line.\n", "Short", "short.txt"), entities=[])
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        assert app.screen.status_line.position == "All"


async def test_b_stays_open_in_browser_and_help_says_how_to_page_up(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SMALL) as pilot:
        article = (await _ready(pilot)).article
        await pilot.press("space", "b")
        assert article.scroll_y > 0  # b did not page up
        assert any("shift+space pages up" in notice for notice in _notices(app))
        await pilot.press("question_mark")
        help_text = " ".join(str(static.render()) for static in app.screen.query("Static"))
        assert "browser (to page up, press shift+space)" in help_text
        # The help pages with the same keys as the text, as in less.
        scroll = app.screen.query_one("#help-dialog")
        await pilot.press("space")
        await pilot.pause()
        paged = scroll.scroll_y
        assert paged > 0
        await pilot.press("k")
        await pilot.pause()
        assert scroll.scroll_y == paged - 1
        await pilot.press("j", "g")
        await pilot.pause()
        assert scroll.scroll_y == 0


# ---------------------------------------------------------------- tab follows the eyes


async def test_tab_after_scrolling_starts_from_the_screen_not_the_old_cursor(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _ready(pilot)
        article = screen.article
        await pilot.press("tab")
        first = article.cursor
        assert first is not None and article.shows_mention(first.mention)
        await pilot.press("G")
        await pilot.pause()
        assert not article.shows_mention(first.mention)
        top = article.lines.starts[int(article.scroll_y)]
        await pilot.press("tab")
        cursor = article.cursor
        assert article.shows_mention(cursor.mention)
        on_screen = [t for t in article.targets if t.mention.start >= top]
        assert cursor == on_screen[0]  # the first name on the last screen
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("shift+tab")
        bottom = article.lines.ends[article.bottom_line]
        assert article.cursor == [t for t in article.targets if t.mention.start < bottom][-1]


async def test_tab_follows_the_screen_while_names_are_still_arriving(sample):
    document, entities = sample
    app = ReaderApp(document, entities=None)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _ready(pilot)
        article = screen.article
        early = [e for e in entities if e.mentions[0].start < 400]
        screen.post_message(EntitiesFound(early, 1, 4, False))
        await pilot.pause()
        await pilot.press("tab")
        assert article.cursor is not None
        await pilot.press("G")
        await pilot.pause()
        screen.post_message(EntitiesFound(list(entities), 4, 4, True))  # the rest arrive
        await pilot.pause()
        await pilot.press("tab")
        assert article.shows_mention(article.cursor.mention)


# ---------------------------------------------------------------- mention travel


async def test_m_says_which_mention_and_when_it_wraps(sample):
    document, entities = sample
    hamas = _entity(entities, "Hamas")
    count = len(hamas.mentions)
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await screen.jump_to_entity(hamas)
        await pilot.pause()
        status = screen.status_line
        assert status.mention == f"mention 1 of {count}"
        await pilot.press("m")
        assert status.mention == f"mention 2 of {count}"
        assert f"mention 2 of {count}" in _status(app)
        await pilot.press("M", "M")
        assert status.mention == f"mention {count} of {count} (wrapped to the last)"
        await pilot.press("m")
        assert status.mention == f"mention 1 of {count} (wrapped to the first)"


async def test_keys_that_cannot_apply_give_a_hint(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        for key in ("m", "M", "c", "r", "b"):
            before = len(_notices(app))
            await pilot.press(key)
            assert len(_notices(app)) == before + 1, key
            expected = {"r": "Nothing to retry", "b": "shift+space pages up"}
            assert expected.get(key, "No name selected") in _notices(app)[-1], key
        await pilot.press("tab", "enter")  # a panel, but no lookup service: nothing failed
        await pilot.press("r")
        assert "Nothing to retry" in _notices(app)[-1]
        await pilot.press("c")  # a name, but no lookups: nothing to choose from
        assert "No Wikipedia lookups" in _notices(app)[-1]


# ---------------------------------------------------------------- the outline


async def test_outline_is_a_keyboard_tree_that_filters_and_jumps(sample):
    document, entities = sample
    shukr = _entity(entities, "Fuad Shukr")
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("o")
        outline = screen.query_one("#outline")
        assert outline.has_focus
        await pilot.pause()
        assert outline.cursor_node.data is not None  # a cursor row, on the first entity
        start = outline.cursor_line
        await pilot.press("down", "down")
        assert outline.cursor_line == start + 2
        await pilot.press(*"shukr")
        await pilot.pause()
        assert outline.filter_text == "shukr"
        leaves = [leaf.data for group in outline.root.children for leaf in group.children]
        assert leaves == [shukr]
        await pilot.press("enter")
        await pilot.pause()
        assert screen.reading.show_panel and screen.reading.panel_entity.id == shukr.id
        assert screen.article.cursor.entity.id == shukr.id
        assert screen.article.has_focus
        await pilot.press("f6")  # text -> panel
        assert screen.query_one("#mention-list").has_focus
        await pilot.press("f6")  # panel -> outline, wrapping
        assert outline.has_focus
        await pilot.press("backspace", "escape")
        assert outline.filter_text == ""
        await pilot.press("shift+f6")
        assert screen.query_one("#mention-list").has_focus
        await pilot.press("shift+f6")
        assert screen.article.has_focus


async def test_the_outline_opens_on_the_selected_name(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("tab", "tab", "tab")
        selected = screen.article.cursor.entity
        await pilot.press("o")
        await pilot.pause()
        outline = screen.query_one("#outline")
        assert outline.cursor_node.data.id == selected.id


async def test_an_outline_filter_that_matches_nothing_says_so(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("o", *"zzq")
        await pilot.pause()
        outline = screen.query_one("#outline")
        [note] = outline.root.children
        assert str(note.label) == "No name contains “zzq”" and note.data is None
        await pilot.press("enter")  # nothing to open
        await pilot.pause()
        assert not screen.reading.show_panel
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        assert all(group.children for group in outline.root.children)  # the groups again


async def test_in_the_outline_q_still_quits_until_a_filter_is_typed(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("o", "o")  # o hides it again while nothing is typed
        assert not screen.reading.show_outline
        assert screen.article.has_focus
        await pilot.press("o", "Q")  # typed upper case: a filter, not quit
        assert screen.query_one("#outline").filter_text == "Q"
        await pilot.press("q")
        assert screen.query_one("#outline").filter_text == "Qq"
        await pilot.press("tab")  # tab travels the text, which takes the keys
        assert screen.article.has_focus
        await pilot.press("q")
    assert app.return_code == 0


# ---------------------------------------------------------------- search


async def test_search_forgives_typography_and_escape_clears_the_status(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        article = (await _ready(pilot)).article
        await pilot.press("slash", *"country's")
        assert [document.text[s:e] for s, e in article.matches] == ["country’s"]
        await pilot.press("enter")
        assert "Match 1/1" in _status(app)
        await pilot.press("escape")
        assert article.matches == ()
        assert app.screen.status_line.search == ""
        assert "No matches" not in _status(app)


async def test_escape_clears_a_search_that_found_nothing(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("slash", *"zzzz", "enter")
        assert "No matches" in _status(app)
        await pilot.press("escape")
        assert "No matches" not in _status(app)
        assert screen.article.search_query == ""
        await pilot.press("slash")
        assert screen.query_one("#search").value == ""  # the bar opens empty again


async def test_match_count_is_never_capped_and_shift_n_reaches_the_real_last():
    text = "a " * 12_000 + "\n"
    app = ReaderApp(Document(text, "Many", "many.txt"), entities=[])
    async with app.run_test(size=SIZE) as pilot:
        article = (await _ready(pilot)).article
        await pilot.press("slash", "a", "enter")
        assert len(article.matches) == 12_000
        assert "Match 1/12000" in _status(app)
        await pilot.press("N")
        assert article.matches[article.current_match] == (2 * 11_999, 2 * 11_999 + 1)
        assert "Match 12000/12000" in _status(app)


# ---------------------------------------------------------------- help and palette


async def test_help_says_how_to_close_it(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        await pilot.press("question_mark")
        assert "Press escape, q or ? to close this help." in str(
            app.screen.query_one("Static").render()
        )


async def _palette(app, pilot, listed: Callable[[int], bool]) -> list[str]:
    """Open the palette and give the first line of each option once ``listed(count)``
    holds (or after 2 s)."""
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    command_list = app.screen.query_one(CommandList)
    for _ in range(100):
        await pilot.pause(0.02)
        if listed(command_list.option_count):
            break
    return [
        str(command_list.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(command_list.option_count)
    ]


async def test_palette_lists_entities_before_system_commands(sample):
    from textual.command import CommandInput

    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        prompts = await _palette(app, pilot, lambda count: count > len(entities))
        names = {entity.name for entity in entities}
        kinds = ["entity" if prompt in names else "system" for prompt in prompts]
        assert "system" in kinds and "entity" in kinds
        assert kinds == sorted(kinds)  # every entity first, then Textual's commands
        assert "Screenshot" in prompts
        field = app.screen.query_one(CommandInput)
        assert field.placeholder == "Go to a name, a chapter or a command…"


def _screen_named(name: str) -> Callable[[ReaderApp], bool]:
    return lambda app: type(app.screen).__name__ == name


@pytest.mark.parametrize(
    ("typed", "done"),
    [
        ("help", _screen_named("HelpScreen")),
        ("keys", _screen_named("HelpScreen")),
        ("outline", lambda app: app.screen.query_one("#outline").display),
        ("filter", _screen_named("FilterDialog")),
        ("search", lambda app: type(app.screen.focused).__name__ == "SearchBar"),
        ("dates", lambda app: set(app.screen.reading.labels) >= NUMERIC_LABELS),
    ],
)
async def test_the_palette_finds_the_help_and_the_main_keys(sample, typed, done):
    """Typed in the palette, "help" (or "keys") opens the reader's help, not Textual's keys
    panel; "outline", "filter", "search" and "dates" do what o, f, / and d do."""
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        await pilot.press("ctrl+p", *typed)
        await settle(app, pilot)  # the palette's search
        await pilot.press("enter")
        await settle(app, pilot)
        assert done(app)
        assert not app.screen.query("HelpPanel")


async def test_the_palette_lists_the_highlighted_types_and_finds_the_others(sample):
    """Before anything is typed, the dates and numbers the text hides are not listed; typed,
    one is found, and going to it shows its type."""
    document, entities = sample
    hidden = next(entity for entity in entities if entity.label in NUMERIC_LABELS)
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        listed = set(await _palette(app, pilot, lambda count: count > 0))
        names = {entity.name for entity in entities if entity.is_name}
        assert names <= listed and hidden.name not in listed
        await pilot.press(*hidden.name)
        await settle(app, pilot)  # the palette's search
        await pilot.press("enter")
        await settle(app, pilot)
        reading = app.screen.reading
        assert reading.panel_entity.name == hidden.name and hidden.label in reading.labels


async def test_screenshot_falls_back_to_the_current_directory(sample, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(tmp_path / "no-such-downloads"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        path = app.save_picture()
        await pilot.pause()
        assert path is not None and path.parent == tmp_path and path.is_file()
        assert _notices(app)[-1] == f"Saved to {path}"


@pytest.mark.parametrize(
    ("size", "keys"),
    [
        ((140, 30), ("o", "o")),  # side by side with the panel: o hides it, o shows it
        (SIZE, ("o",)),  # too narrow for both: the panel took its place, o brings it back
    ],
)
async def test_the_outline_opened_again_lists_every_name(sample, size, keys):
    # Shown again, the outline kept the filter typed before: most names were missing.
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=size) as pilot:
        screen = await _ready(pilot)
        await pilot.press("o", *"shukr", "enter")
        await pilot.pause()
        outline = screen.query_one("#outline")
        assert len(outline._rows()) == 1 and screen.article.has_focus
        await pilot.press(*keys)
        await pilot.pause()
        assert outline.display and outline.has_focus
        assert outline.filter_text == "" and not outline.border_title
        assert len(outline._rows()) == len([e for e in entities if e.is_name])

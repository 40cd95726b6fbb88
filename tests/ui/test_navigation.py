"""Pilot tests: keys move the cursor, open and close the panel, scroll the article."""

from __future__ import annotations

from reader.labels import NAME_LABELS
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.side_panel import MentionList

SIZE = (120, 30)


def _entity(entities, name):
    return next(entity for entity in entities if entity.name == name)


async def test_tab_walks_every_name_in_order(sample):
    document, entities = sample
    expected = sorted(
        (m.start, e.name) for e in entities if e.label in NAME_LABELS for m in e.mentions
    )
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        seen = []
        for _ in range(len(expected)):
            await pilot.press("tab")
            cursor = screen.article.cursor
            seen.append((cursor.mention.start, cursor.entity.name))
        assert seen == expected
        await pilot.press("tab")  # wraps around to the first name
        assert screen.article.cursor.mention.start == expected[0][0]
        await pilot.press("shift+tab")
        assert screen.article.cursor.mention.start == expected[-1][0]


async def test_enter_opens_panel_with_every_mention_and_escape_closes(sample):
    document, entities = sample
    netanyahu = _entity(entities, "Benjamin Netanyahu")
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        while screen.article.cursor is None or screen.article.cursor.entity.id != netanyahu.id:
            await pilot.press("tab")
        await pilot.press("enter")
        assert screen.reading.show_panel
        assert screen.reading.panel.entity.id == netanyahu.id
        assert (
            screen.reading.panel.query_one(MentionList).option_count == len(netanyahu.mentions) == 2
        )
        await pilot.press("escape")
        assert not screen.reading.show_panel


async def test_tab_updates_open_panel_and_scrolls_into_view(sample):
    document, entities = sample
    shukr = _entity(entities, "Fuad Shukr")
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(100, 12)) as pilot:
        screen = app.screen
        await pilot.press("tab", "enter")
        assert screen.article.scroll_y == 0
        await pilot.press("shift+tab")  # the last name: Lebanon, at the very end
        assert screen.article.scroll_y > 0
        line = screen.article.lines.line_of(screen.article.cursor.mention.start)
        assert screen.article.scroll_y <= line < screen.article.scroll_y + 12
        await pilot.press("shift+tab")
        assert screen.reading.panel.entity.id == shukr.id
        assert screen.reading.panel.query_one(MentionList).option_count == 1


async def test_choosing_a_mention_in_the_panel_jumps_there(sample):
    document, entities = sample
    netanyahu = _entity(entities, "Benjamin Netanyahu")
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await screen.jump_to_entity(netanyahu)
        await pilot.pause()
        assert screen.article.cursor.mention == netanyahu.mentions[0]
        mention_list = screen.reading.panel.query_one(MentionList)
        mention_list.focus()
        mention_list.highlighted = 1
        await pilot.press("enter")
        assert screen.article.cursor.mention == netanyahu.mentions[1]
        assert screen.article.has_focus


async def test_next_mention_of_selected_entity(sample):
    document, entities = sample
    hamas = _entity(entities, "Hamas")
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await screen.jump_to_entity(hamas)
        await pilot.pause()
        for mention in hamas.mentions[1:]:
            await pilot.press("m")
            assert screen.article.cursor.mention == mention
        await pilot.press("M")
        assert screen.article.cursor.mention == hamas.mentions[-2]


async def test_click_selects_a_name(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        article = screen.article
        target = article.targets[1]
        line = article.lines.line_of(target.mention.start)
        column = target.mention.start - article.lines.starts[line] + article._left_pad()
        await pilot.click("#article", offset=(column + 1, line))
        assert article.cursor == target


async def test_search_finds_and_steps_through_matches(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        article = app.screen.article
        await pilot.press("slash")
        await pilot.press(*"truce")
        assert len(article.matches) == document.text.lower().count("truce")
        assert article.current_match is None
        await pilot.press("enter")
        assert article.current_match == 0
        await pilot.press("n")
        assert article.current_match == 1
        await pilot.press("N", "N")
        assert article.current_match == len(article.matches) - 1
        await pilot.press("escape")
        assert article.matches == ()


async def test_the_status_line_counts_matches_in_words(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        status = app.screen.query_one("#status")
        await pilot.press("slash", *"shukr")
        assert "1 match " in str(status.render())
        await pilot.press(*"xyz")
        assert "No matches" in str(status.render())
        await pilot.press(*["backspace"] * 8, *"hamas")
        assert "8 matches" in str(status.render())


async def test_slash_inside_the_search_bar_is_a_character(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"and/or")
        search = app.screen.query_one("#search")
        assert search.has_focus and search.value == "and/or"


async def test_outline_toggle_and_numbers_toggle(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        names = len(screen.article.targets)
        await pilot.press("d")
        assert len(screen.article.targets) > names
        await pilot.press("d")
        assert len(screen.article.targets) == names
        await pilot.press("o")
        assert screen.reading.has_class("-show-outline")
        await pilot.press("o")
        assert not screen.reading.has_class("-show-outline")


async def test_help_lists_every_binding(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        await pilot.press("question_mark")
        help_text = " ".join(str(static.render()) for static in app.screen.query("Static"))
        for binding in [*main.BINDINGS, *app.BINDINGS]:
            assert (binding.tooltip or binding.description) in help_text
        await pilot.press("escape")
        assert app.screen is main


async def test_home_and_end_jump_at_once(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(100, 12)) as pilot:
        article = app.screen.article
        await pilot.press("end")
        assert article.scroll_y == article.max_scroll_y > 0
        await pilot.press("home")
        assert article.scroll_y == 0

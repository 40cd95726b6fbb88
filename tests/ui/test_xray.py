"""X-Ray views (issue 12): the mention map under the panel's heading, and the marks the
article's scrollbar draws for the selected entity's mentions and the search matches."""

from __future__ import annotations

import re

from rich.console import Console
from rich.segment import Segment

from reader.models import Chapter, Document, Entity, Mention
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.mention_map import CURRENT, MentionMap
from reader.ui.widgets.scroll_marks import MATCH, MENTION, MarkedScrollBarRender
from reader.ui.widgets.side_panel import MentionList

SIZE = (120, 30)


def _entity(entities: list[Entity], name: str) -> Entity:
    return next(entity for entity in entities if entity.name == name)


def _book() -> tuple[Document, Entity]:
    """Four chapters, "Ada Lovelace" named twice in each: chapters and mentions to travel."""
    parts: list[str] = []
    chapters: list[Chapter] = []
    at = 0
    for number in range(1, 5):
        title = f"Chapter {number}"
        body = "\n\n".join(
            f"Paragraph {p}." + (" Ada Lovelace wrote." if p in (2, 9) else "") for p in range(12)
        )
        chapters.append(Chapter(at, title))
        parts.append(f"{title}\n\n{body}")
        at += len(parts[-1]) + 2
    text = "\n\n".join(parts)
    mentions = tuple(
        Mention(m.start(), m.end(), m.group()) for m in re.finditer("Ada Lovelace", text)
    )
    ada = Entity("ada-lovelace", "Ada Lovelace", "PERSON", ("Ada Lovelace",), mentions)
    return Document(text, "Book", "book.epub", chapters=tuple(chapters)), ada


def _screen(app: ReaderApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def test_the_map_sits_under_the_heading_and_shades_where_the_mentions_are(sample):
    document, entities = sample
    israel = _entity(entities, "Israel")
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        await screen.jump_to_entity(israel)
        await pilot.pause()
        panel = screen.reading.panel
        strip = panel.query_one(MentionMap)
        heading = panel.query_one("#entity-heading")
        background = panel.query_one("#background")
        assert heading.region.bottom <= strip.region.y < background.region.y
        assert strip.region.height == 1
        assert strip.region.width == panel.query_one(MentionList).region.width  # the panel's
        width = strip.region.width
        cells = {m.start * width // len(document.text) for m in israel.mentions}
        drawn = strip.render_line(0).text
        assert len(drawn) == width
        assert {i for i, glyph in enumerate(drawn) if glyph != " "} == cells
        first = israel.mentions[0].start * width // len(document.text)
        assert drawn[first] == CURRENT and strip.current == israel.mentions[0]


async def test_clicking_a_cell_jumps_as_choosing_from_the_list_does(sample):
    document, entities = sample
    israel = _entity(entities, "Israel")
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        await screen.jump_to_entity(israel)
        await pilot.pause()
        strip = screen.reading.panel.query_one(MentionMap)
        target = israel.mentions[-1]
        cell = target.start * strip.region.width // len(document.text)
        await pilot.click(MentionMap, offset=(cell, 0))
        await pilot.pause()
        assert screen.article.cursor.mention == target
        assert screen.focused is screen.article  # as after choosing from the list
        assert strip.current == target
        count = len(israel.mentions)
        assert screen.status_line.mention == f"mention {count} of {count}"
        mention_list = screen.reading.panel.query_one(MentionList)
        assert mention_list.highlighted == len(israel.mentions) - 1
        assert screen.article.shows_mention(target)


async def test_a_click_on_an_empty_cell_goes_to_the_nearest_mention(sample):
    document, entities = sample
    israel = _entity(entities, "Israel")
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        await screen.jump_to_entity(israel)
        await pilot.pause()
        strip = screen.reading.panel.query_one(MentionMap)
        width = strip.region.width
        drawn = strip.render_line(0).text
        empty = next(i for i in range(width - 1, -1, -1) if drawn[i] == " ")
        middle = (2 * empty + 1) * len(document.text) // (2 * width)
        nearest = min(israel.mentions, key=lambda m: (abs(m.start - middle), m.start))
        await pilot.click(MentionMap, offset=(empty, 0))
        await pilot.pause()
        assert screen.article.cursor.mention == nearest


async def test_brackets_step_mentions_in_the_panel_and_chapters_in_the_text():
    document, ada = _book()
    app = ReaderApp(document, entities=[ada])
    async with app.run_test(size=(110, 20)) as pilot:
        screen = _screen(app)
        await pilot.pause()
        await screen.jump_to_entity(ada)
        await pilot.press("f6")  # text -> panel
        await pilot.pause()
        panel = screen.reading.panel
        strip = panel.query_one(MentionMap)
        assert panel in screen.focused.ancestors_with_self
        top = screen.article.scroll_y
        for expected in (1, 2, 3):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert screen.article.cursor.mention == ada.mentions[expected]
            assert strip.current == ada.mentions[expected]
            assert panel.query_one(MentionList).highlighted == expected
            assert panel in screen.focused.ancestors_with_self  # the keys stay in the panel
            assert screen.status_line.mention == f"mention {expected + 1} of 8"
        assert screen.article.scroll_y > top
        drawn = strip.render_line(0).text
        assert drawn.count(CURRENT) == 1
        assert drawn.index(CURRENT) == ada.mentions[3].start * len(drawn) // len(document.text)
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert screen.article.cursor.mention == ada.mentions[0]
        await pilot.press("left_square_bracket")  # wraps to the last
        await pilot.pause()
        assert strip.current == ada.mentions[-1]
        await pilot.press("right_square_bracket")  # and back to the first
        await pilot.pause()
        assert screen.article.cursor.mention == ada.mentions[0]
        screen.set_focus(screen.article)
        await pilot.press("right_square_bracket")  # in the text: the next chapter
        await pilot.pause()
        assert screen.article.cursor.mention == ada.mentions[0]
        assert any(n.title == "Chapter 2 of 4" for n in app._notifications)


def _bar_rows(app: ReaderApp) -> list[list[Segment]]:
    """The article's vertical scrollbar as it draws itself: one list of segments per row."""
    scrollbar = _screen(app).article.vertical_scrollbar
    height = scrollbar.region.height
    console = Console(width=1, height=height, color_system="truecolor", legacy_windows=False)
    renderable = scrollbar.render()
    return console.render_lines(renderable, console.options.update_dimensions(1, height))


def _marked(rows: list[list[Segment]], glyphs: str = "━▀") -> dict[int, Segment]:
    return {
        row: segment
        for row, line in enumerate(rows)
        for segment in line
        if segment.text and segment.text in glyphs
    }


def _shown_color(segment: Segment) -> object:
    """The colour a mark shows in (the thumb's rows are drawn reversed)."""
    style = segment.style
    assert style is not None
    return style.bgcolor if style.reverse else style.color


def _expected_rows(lines: list[int], total: int, height: int) -> set[int]:
    return {line * height // total for line in lines}


async def test_the_scrollbar_marks_the_selected_entitys_mentions_and_the_matches():
    document, ada = _book()
    app = ReaderApp(document, entities=[ada])
    async with app.run_test(size=(100, 20)) as pilot:
        screen = _screen(app)
        await pilot.pause()
        article = screen.article
        scrollbar = article.vertical_scrollbar
        assert issubclass(scrollbar.renderer, MarkedScrollBarRender)
        assert scrollbar.renderer.marks is article.scroll_marks
        assert _marked(_bar_rows(app)) == {}  # nothing selected, nothing searched
        await pilot.press("tab")  # Ada Lovelace is selected
        await pilot.pause()
        height, total = scrollbar.region.height, len(article.lines)
        mention_lines = [article.lines.line_of(m.start) for m in ada.mentions]
        expected = _expected_rows(mention_lines, total, height)
        assert len(expected) > 4
        marked = _marked(_bar_rows(app))
        assert set(marked) == expected
        assert {row for row, kind in article.scroll_marks.rows(height, total)} == expected
        mention_color = {_shown_color(segment) for segment in marked.values()}
        assert len(mention_color) == 1
        for segment in marked.values():  # a mark still scrolls, or grabs the thumb, on a click
            assert segment.style.meta["@mouse.down"] in {"scroll_up", "scroll_down", "grab"}
        article.search("Paragraph 5")  # one match per chapter, away from the mentions
        await pilot.pause()
        match_lines = [article.lines.line_of(start) for start, _ in article.matches]
        matched = _expected_rows(match_lines, total, height)
        marked = _marked(_bar_rows(app))
        assert set(marked) == expected | matched
        rows = dict(article.scroll_marks.rows(height, total))
        for row in matched - expected:
            assert rows[row] == MATCH
            assert _shown_color(marked[row]) not in mention_color  # their own colour
        for row in expected - matched:
            assert rows[row] == MENTION
        article.clear_matches()
        await pilot.pause()
        assert set(_marked(_bar_rows(app))) == expected


async def test_marks_follow_a_new_layout_and_a_new_selection(sample):
    document, entities = sample
    israel, hamas = _entity(entities, "Israel"), _entity(entities, "Hamas")
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(100, 20)) as pilot:
        screen = _screen(app)
        article = screen.article
        await screen.jump_to_entity(israel)
        await pilot.pause()
        lines = [article.lines.line_of(m.start) for m in israel.mentions]
        assert list(article.scroll_marks.mention_lines) == lines
        await screen.jump_to_entity(hamas)
        await pilot.pause()
        lines = [article.lines.line_of(m.start) for m in hamas.mentions]
        assert list(article.scroll_marks.mention_lines) == lines
        await pilot.resize_terminal(70, 20)  # narrower: more lines, marks follow
        await pilot.pause()
        relaid = [article.lines.line_of(m.start) for m in hamas.mentions]
        assert relaid != lines
        assert list(article.scroll_marks.mention_lines) == relaid
        height = article.vertical_scrollbar.region.height
        assert set(_marked(_bar_rows(app))) == _expected_rows(relaid, len(article.lines), height)


async def test_choosing_from_the_list_tells_the_status_line(sample):
    # The cursor's move, made while the reading view handled the panel's message, was
    # stopped there: the status line kept the mention it showed before.
    document, entities = sample
    israel = _entity(entities, "Israel")
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        await screen.jump_to_entity(israel)
        await pilot.press("f6", "down", "down", "enter")
        await pilot.pause()
        assert screen.article.cursor.mention == israel.mentions[2]
        assert screen.status_line.mention == f"mention 3 of {len(israel.mentions)}"


async def test_help_lists_the_panel_keys_and_the_map(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = " ".join(str(static.render()) for static in app.screen.query("Static"))
        assert "In the panel: next mention" in shown
        assert "In the panel: previous mention" in shown
        assert "The map under the panel's heading" in shown


async def test_the_current_mention_stays_marked_when_the_entity_grows():
    # A book's highlights arrive in batches: the panel shows each new version of the entity.
    document, ada = _book()
    early = Entity(ada.id, ada.name, ada.label, ada.aliases, ada.mentions[:3])
    app = ReaderApp(document, entities=[early])
    async with app.run_test(size=(110, 20)) as pilot:
        screen = _screen(app)
        await pilot.pause()
        await screen.jump_to_entity(early)
        await pilot.press("f6", "right_square_bracket")
        await pilot.pause()
        strip = screen.reading.panel.query_one(MentionMap)
        assert strip.current == ada.mentions[1]
        screen.reading.set_entities([ada])
        await pilot.pause()
        assert strip.current == ada.mentions[1]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.article.cursor.mention == ada.mentions[2]


async def test_the_map_marks_the_mention_highlighted_in_the_list(sample):
    # Moving through the list showed nowhere where that mention falls: the mark stayed on
    # the mention the text was at.
    document, entities = sample
    israel = _entity(entities, "Israel")
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        await screen.jump_to_entity(israel)
        await pilot.press("f6", "down", "down")
        await pilot.pause()
        strip = screen.reading.panel.query_one(MentionMap)
        assert strip.current == israel.mentions[2]
        assert screen.article.cursor.mention == israel.mentions[0]  # the text stays put
        await pilot.press("right_square_bracket")  # the next after the one marked
        await pilot.pause()
        assert screen.article.cursor.mention == israel.mentions[3]

"""Pilot tests: resizing the terminal keeps the reader's place.

The article is wrapped again at each width, and the view grows or shrinks: the line
holding the cursor's mention (or, with no cursor, the line that was at the top) must stay
on screen, and the status line's percentage must follow.
"""

from __future__ import annotations

from reader.models import Mention
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_view import ArticleView

START = (100, 16)
SIZES = [(80, 12), (220, 30), (100, 16), (60, 14), (130, 20), (80, 24)]
"""Narrower and shorter, wider and taller, back, narrow (the outline and the panel take
turns), wide and back: a tour that loses the place if any step does."""


def _on_screen(article: ArticleView) -> str:
    """The article's text as drawn now, one line per row."""
    height = article.scrollable_content_region.height
    return "\n".join(article.render_line(y).text.strip() for y in range(height))


def _last_iran(screen: MainScreen) -> Mention:
    iran = next(entity for entity in screen.entities if entity.name == "Iran")
    return iran.mentions[-1]  # "…a sharp escalation of tensions with Iran and the…"


async def _resize(pilot, size: tuple[int, int]) -> None:
    await pilot.resize_terminal(*size)
    await pilot.pause()
    await pilot.pause()


async def _at_last_iran(app: ReaderApp, pilot) -> tuple[MainScreen, ArticleView, Mention]:
    """The text cursor on the sample's last "Iran", scrolled to the end of the article."""
    screen = app.screen
    assert isinstance(screen, MainScreen)
    await pilot.pause()
    article = screen.article
    mention = _last_iran(screen)
    article.scroll_end(animate=False, immediate=True)
    await pilot.pause()
    article.move_to_mention(mention)
    return screen, article, mention


def _assert_in_view(article: ArticleView, mention: Mention, why: object) -> None:
    """The line holding ``mention`` is on screen, with the mention drawn on it."""
    top = int(article.scroll_y)
    line = article.lines.line_of(mention.start)
    assert top <= line < top + article.scrollable_content_region.height, why
    assert "Iran" in _on_screen(article).split("\n")[line - top], why


async def test_the_cursors_mention_stays_on_screen_through_resizes(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=START) as pilot:
        screen, article, mention = await _at_last_iran(app, pilot)
        await pilot.pause()
        assert "tensions with Iran" in _on_screen(article)
        for size in SIZES:
            await _resize(pilot, size)
            _assert_in_view(article, mention, size)
            assert article.cursor is not None and article.cursor.mention == mention
            assert screen.status_line.position == article.position, size


async def test_the_cursor_keeps_its_row_when_the_height_is_unchanged(sample):
    """Wrapped to another width, the cursor's line stays where the eyes were."""
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(120, 16)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.pause()
        article = screen.article
        mention = next(e for e in screen.entities if e.name == "Iran").mentions[1]
        article.move_to_mention(mention)
        article.scroll_to(y=article.lines.line_of(mention.start) - 5, animate=False, immediate=True)
        await pilot.pause()
        assert article.lines.line_of(mention.start) - int(article.scroll_y) == 5
        await _resize(pilot, (70, 16))
        assert article.lines.line_of(mention.start) - int(article.scroll_y) == 5


async def test_without_a_cursor_the_top_line_stays_at_the_top(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(100, 12)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.pause()
        article = screen.article
        article.scroll_to(y=12, animate=False, immediate=True)
        await pilot.pause()
        assert article.cursor is None
        top = article.top_offset
        for size in [(220, 20), (70, 12), (100, 12)]:
            await _resize(pilot, size)
            line = article.lines.line_of(top)
            assert line == int(article.scroll_y) or article.scroll_y == article.max_scroll_y
            assert line >= int(article.scroll_y), size
            if article.scroll_y < article.max_scroll_y:
                assert article.top_offset <= top < article.lines.ends[int(article.scroll_y)]


async def test_the_narrow_layout_switch_keeps_the_place(sample):
    """Below the breakpoint the outline and the panel take turns: each turn resizes the
    article, and the cursor's mention stays on screen through all of them."""
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(130, 16)) as pilot:
        screen, article, mention = await _at_last_iran(app, pilot)
        await pilot.press("o")  # the outline and the panel, side by side
        await pilot.pause()
        article.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.reading.show_panel and article.cursor.mention == mention
        for step in ["resize", "o", "o", "escape"]:  # narrow: the panel yields, comes back…
            if step == "resize":
                await _resize(pilot, (70, 14))
            else:
                article.focus()
                await pilot.press(step)
                await pilot.pause()
                await pilot.pause()
            _assert_in_view(article, mention, step)

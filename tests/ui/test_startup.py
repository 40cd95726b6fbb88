"""Pilot tests: what the first frame holds, and what joins it later."""

from __future__ import annotations

from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen

SIZE = (120, 30)


async def test_first_frame_has_the_article_and_the_rest_joins_when_needed(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)  # no blank screen before it
        await pilot.pause()
        assert screen.query("Footer")  # mounted once the article had painted
        assert not screen.query("#outline, #side-panel, #search")
        await pilot.press("o")
        assert screen.query_one("#outline").display
        await pilot.press("tab", "enter")
        assert screen.query_one("#side-panel").display
        await pilot.press("slash")
        assert screen.query_one("#search").has_focus
        # Each is made once: hiding and showing again reuses it.
        await pilot.press("escape", "o", "o")
        assert len(screen.query("#outline")) == len(screen.query("#search")) == 1


async def test_keys_before_the_screen_is_up_do_nothing(sample):
    document, entities = sample
    screen = MainScreen(document, entities=entities)
    assert screen.check_action("next_name", ()) is False  # not mounted yet
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE):
        assert app.screen.check_action("next_name", ()) is True


async def test_the_header_names_standard_input_in_words() -> None:
    from reader.models import Document

    app = ReaderApp(Document("Ann Lee spoke.\n", "Ann Lee spoke.", "-"), entities=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.sub_title == "standard input"

"""Pilot tests: narrow terminals (issue 11, item 7).

At 60×20 the outline and the side panel take turns, so the article keeps its room;
panel snippets and URLs break at word boundaries.
"""

from __future__ import annotations

import pytest

from reader.models import Mention
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.side_panel import break_url, mention_context

NARROW = (60, 20)


def _visible(screen: MainScreen, widget_id: str) -> bool:
    found = screen.query(f"#{widget_id}")
    return bool(found) and found.first().display and found.first().region.width > 0


async def test_outline_then_panel_at_60_columns_never_hides_the_article(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=NARROW) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("o")
        await pilot.pause()
        assert _visible(screen, "outline")
        await pilot.press("tab", "enter")  # the panel opens: the outline yields
        await pilot.pause()
        assert screen.reading.show_panel and _visible(screen, "side-panel")
        assert not _visible(screen, "outline")
        assert screen.article.region.width >= 30
        await pilot.press("escape")  # the panel closes: the outline is back
        await pilot.pause()
        assert _visible(screen, "outline") and not screen.reading.show_panel
        assert screen.article.region.width >= 25


@pytest.mark.parametrize("size", [NARROW, (110, 30)])
async def test_panel_then_outline_under_130_columns_the_panel_yields(sample, size):
    # At 100 columns both fitted, and the article was 20 columns wide.
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert _visible(screen, "side-panel")
        await pilot.press("o")  # the outline takes the panel's place
        await pilot.pause()
        assert _visible(screen, "outline") and not screen.reading.show_panel
        assert screen.article.region.width >= 25
        await pilot.press("o")  # the outline goes: the panel it replaced is back
        await pilot.pause()
        assert not _visible(screen, "outline")
        assert screen.reading.show_panel and _visible(screen, "side-panel")
        await pilot.press("escape", "o", "o")  # with no panel to give back, none comes
        await pilot.pause()
        assert not screen.reading.show_panel and not _visible(screen, "outline")


async def test_wide_terminal_shows_outline_and_panel_together(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(130, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("o", "tab", "enter")
        await pilot.pause()
        assert _visible(screen, "outline") and _visible(screen, "side-panel")
        await pilot.press("o")
        await pilot.pause()
        assert not _visible(screen, "outline") and screen.reading.show_panel


def test_mention_context_starts_and_ends_at_word_boundaries() -> None:
    text = "Alpha bravo charlie delta echo foxtrot Golda Meir golf hotel india juliet kilo."
    start = text.index("Golda")
    mention = Mention(start, start + len("Golda Meir"), "Golda Meir")
    context = mention_context(text, mention, width=12).plain
    assert context == "…foxtrot Golda Meir golf hotel…"  # not "…cho foxtrot" nor "hotel i…"
    for cut in range(1, 30):  # whatever the width, no word is cut in two
        plain = mention_context(text, mention, width=cut).plain.strip("…")
        assert all(word in text.split() or word in ("Golda", "Meir") for word in plain.split())


def test_long_urls_break_after_slashes_and_underscores() -> None:
    url = "https://en.wikipedia.org/wiki/Benjamin_Netanyahu"
    assert break_url(url, 27) == "https://en.wikipedia.org/\nwiki/Benjamin_Netanyahu"
    assert break_url(url, 80) == url
    assert break_url(url, None) == url
    for width in range(4, 40):
        lines = break_url(url, width).split("\n")
        assert "".join(lines) == url and max(map(len, lines)) <= width


async def test_panel_url_breaks_at_its_width(sample):
    from reader.models import Background

    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=NARROW) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        netanyahu = next(e for e in entities if e.name == "Benjamin Netanyahu")
        await screen.jump_to_entity(netanyahu)
        await pilot.pause()
        url = "https://en.wikipedia.org/wiki/Benjamin_Netanyahu"
        background = Background("found", "Benjamin Netanyahu", url, "PM", "Israeli politician.")
        screen.reading.show_background(netanyahu.id, background)
        await pilot.pause()
        view = screen.reading.panel.query_one("#background-text")
        lines = str(view.render()).split("\n\n")[-1].split("\n")
        assert "".join(lines) == url and len(lines) > 1
        assert all(len(line) <= view.content_region.width for line in lines)
        assert all(line[-1] in "/_." for line in lines[:-1])  # never inside a word


async def test_help_and_quit_stay_in_the_footer_at_80_columns(sample):
    # A new user at 80x24 saw "... / Search  f F▏^p palette": no way to learn the keys
    # or to quit. Help and quit now stay at the right, beside the palette, at any width.
    from textual.widgets._footer import FooterKey

    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(80, 24)) as pilot:
        for keys in ((), ("tab", "enter"), ("f6",)):  # the panel open, then its keys
            await pilot.press(*keys)
            for _ in range(100):
                if app.screen.query(FooterKey):
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            shown = {key.action: key for key in app.screen.query(FooterKey)}
            for action in ("help", "quit", "command_palette"):
                region = shown[action].region
                assert region.width >= len(shown[action].description), (keys, action)
                assert region.right <= 80, (keys, action)
                widget, _ = app.screen.get_widget_at(region.x + 1, region.y)
                assert widget is shown[action], (keys, action)  # in sight, on top


async def test_the_help_indents_a_wrapped_description_under_its_column(sample):
    # At 80x24 "tab  Next name in the text (after scrolling: the first one on" went on
    # with "screen)" at the dialog's left edge, and the Mouse section left "cell" alone.
    from textual.widgets import Static

    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        descriptions = list(app.screen.query(".help-what").results(Static))
        assert len(descriptions) == len(app.screen.query(".help-key"))
        tab = descriptions[0]
        assert "Next name in the text" in str(tab.render())
        assert tab.region.height >= 2  # it wraps at 80 columns...
        assert {d.region.x for d in descriptions} == {tab.region.x}  # ...in its column
        key_x = app.screen.query(".help-key").first().content_region.x
        assert tab.region.x >= key_x + 16
        for prose in app.screen.query(".help-text").results(Static):
            assert prose.content_region.x == key_x  # wrapped prose keeps its indent


async def test_the_outline_has_no_horizontal_scrollbar_and_long_names_end_in_an_ellipsis(sample):
    # A stray "▏" at the outline's bottom left: the thumb of a horizontal scrollbar, as
    # "Menahem Kahana/AFP/Getty Images/TNS ×1" was wider than the outline.
    from reader.ui.widgets.outline import LEAF_CELLS, EntityOutline

    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        outline = app.screen.query_one(EntityOutline)
        assert not outline.show_horizontal_scrollbar
        labels = [leaf.label for group in outline.root.children for leaf in group.children]
        long = next(label for label in labels if label.plain.startswith("Menahem"))
        assert long.plain.endswith("… ×1")
        assert max(label.cell_len for label in labels) <= LEAF_CELLS

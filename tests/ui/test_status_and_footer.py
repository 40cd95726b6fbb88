"""Pilot tests: at 80x24 a long status ends in an ellipsis, and the footer shows whole keys
(issue 9, "noticed, left": a long note ran off the status line mid-word, and the key
under the footer's right end was cut to "esc")."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets._footer import FooterKey

from reader.config import load_settings
from reader.labels import NAME_LABELS
from reader.lookup.service import LookupService
from reader.models import Entity, Mention
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from reader.ui.screens.merge import MergePicker
from reader.ui.widgets.status_line import COUNTS, STATUS_SEPARATOR, entity_counts, fit_statuses

from .conftest import settle

SMALL = (80, 24)


@pytest.mark.parametrize(
    ("text", "width", "shown"),
    [
        ("12%  ·  mention 1 of 4", 40, "12%  ·  mention 1 of 4"),  # fits: as it is
        ("Undone: Ann Lee merged with Tom Hay  ·  4 entities", 30, "Undone: Ann Lee merged with…"),
        (
            "12%  ·  Undone: Ann Lee merged with Tom Hay  ·  4 entities",
            45,
            "12%  ·  Undone: Ann Lee merged with Tom Hay …",
        ),
        ("12%  ·  Ann Lee kept apart  ·  4 entities", 28, "12%  ·  Ann Lee kept apart …"),
        ("Averyveryveryverylongwordwithoutanybreak", 12, "Averyveryve…"),  # no break: cut
        ("東京都の東京タワー  ·  2 entities", 9, "東京都の…"),  # wide characters count as two
        ("anything", 0, ""),
    ],
)
def test_fit_statuses_cuts_at_a_word_break_and_ends_in_an_ellipsis(text, width, shown):
    assert fit_statuses(text, width) == shown
    assert cell_len(fit_statuses(text, width)) <= width


async def _footer_keys(app: ReaderApp, pilot) -> list[FooterKey]:
    for _ in range(100):  # the footer joins after the first paint
        if app.screen.query(FooterKey):
            break
        await pilot.pause(0.01)
    await pilot.pause()
    return list(app.screen.query(FooterKey))


async def test_a_long_note_ends_in_an_ellipsis_and_every_footer_key_is_whole(sample, tmp_path):
    document, entities = sample
    app = ReaderApp(document, entities=entities, lookup=None, corrections=tmp_path / "cache")
    async with app.run_test(size=SMALL) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await settle(app, pilot)
        await screen.jump_to_entity(next(e for e in screen.entities if e.name == "Israel"))
        await pilot.press("f6")  # the mention list: its keys join the footer's left
        await settle(app, pilot)
        await pilot.press("J")
        await settle(app, pilot)
        assert isinstance(app.screen, MergePicker)
        await pilot.press(*"Ismail Haniyeh", "enter")
        await settle(app, pilot)
        await pilot.press("u")  # "Undone: Israel merged with Ismail Haniyeh"
        await settle(app, pilot)
        status = screen.status_line
        full = STATUS_SEPARATOR.join(
            piece
            for piece in (status.position, status.mention, status.note, status.analysis)
            if piece
        )
        assert status.note.startswith("Undone: ")
        shown = status.render().plain  # type: ignore[union-attr]
        assert cell_len(shown) <= status.content_region.width
        assert shown.endswith("…")
        cut = shown.removesuffix("…")
        assert full.startswith(cut) and full[len(cut)] in " ·"  # at a word break
        assert str(status.tooltip).startswith(full)  # the whole text on hover

        keys = await _footer_keys(app, pilot)
        right = screen.query_one("#footer-right").region
        shown_keys = [key for key in keys if key.region.width]
        assert {key.action for key in shown_keys} >= {"split", "help", "quit"}
        for key in shown_keys:
            if key.region.x < right.x:  # the left keys end before the right end starts
                assert key.region.right <= right.x, key.description
            assert key.region.width >= len(key.description) + 2, key.description
        assert "Close" not in {key.description for key in shown_keys}  # left out, not cut


async def test_the_footer_gives_back_the_keys_that_fit_again(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities, lookup=None)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("tab", "enter")  # esc Close joins: / Search no longer fits
        keys = {key.action: key for key in await _footer_keys(app, pilot)}
        assert not keys["search"].region.width and keys["close_panel"].region.width
        await pilot.press("escape")  # the panel closed: room for / Search again
        keys = {key.action: key for key in await _footer_keys(app, pilot)}
        assert keys["search"].region.width and "close_panel" not in keys
        await pilot.resize_terminal(130, 24)
        await pilot.pause()
        await pilot.press("tab", "enter")
        keys = {key.action: key for key in await _footer_keys(app, pilot)}
        assert all(key.region.width for key in keys.values())  # wide: every key


async def test_at_80_columns_failed_lookups_show_before_the_entity_counts(
    sample, wiki_server, tmp_path
):
    """The counts make room: "31 failed (r retries)" was cut to "Wikipedia 0/31…"."""
    wiki_server.faults.status = 500
    document, entities = sample
    settings = load_settings(wiki_api=wiki_server.url, cache_dir=tmp_path / "cache")
    app = ReaderApp(document, entities=entities, lookup=LookupService(settings))
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        await settle(app, pilot)
        status = app.screen.status_line
        shown = status.render().plain  # type: ignore[union-attr]
        assert status.lookup.endswith("failed (r retries)") and status.lookup in shown
        assert status.analysis not in shown  # "30 entities · 66 mentions": left out
        assert status.mention in shown and status.analysis in str(status.tooltip)
        await pilot.resize_terminal(160, 24)  # room for all: the counts come back
        await pilot.pause()
        assert status.analysis in status.render().plain  # type: ignore[union-attr]


def test_the_counts_say_when_the_type_filter_hides_names():
    """The counts are those of the types shown; hiding a type of name (f) says so, showing
    dates and numbers (d) or not does not."""
    people = Entity("p", "Ann Lee", "PERSON", ("Ann Lee",), (Mention(0, 7, "Ann Lee"),))
    place = Entity("g", "Leeds", "GPE", ("Leeds",), (Mention(10, 15, "Leeds"),))
    date = Entity("d", "Monday", "DATE", ("Monday",), (Mention(20, 26, "Monday"),))
    entities = [people, place, date]
    assert entity_counts(entities, NAME_LABELS) == "2 entities · 2 mentions"
    assert entity_counts(entities, NAME_LABELS | {"DATE"}) == "3 entities · 3 mentions"
    hidden = entity_counts(entities, NAME_LABELS - {"GPE"})
    assert hidden == "1 entity · 1 mention · filter on (f)" and COUNTS.fullmatch(hidden)


@pytest.mark.parametrize("size", [(40, 20), (60, 20), (80, 24), (120, 40)])
async def test_the_merge_dialog_keeps_its_keys_on_a_short_terminal(sample, tmp_path, size):
    """The list of names gives way; the line of keys stays inside the box."""
    document, entities = sample
    app = ReaderApp(document, entities=entities, lookup=None, corrections=tmp_path / "cache")
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        await settle(app, pilot)
        await screen.jump_to_entity(next(e for e in screen.entities if e.name == "Israel"))
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press("J")
        await settle(app, pilot)
        assert isinstance(app.screen, MergePicker)
        keys = app.screen.query_one("#merge-keys")
        box = app.screen.query_one(".dialog")
        assert keys.region.height == 1 and box.content_region.contains_region(keys.region)
        assert app.screen.query_one("#merge-options").region.height >= 1

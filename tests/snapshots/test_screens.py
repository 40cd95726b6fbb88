"""Snapshot tests of what a reader sees (review the report before --snapshot-update)."""

from __future__ import annotations

from reader.ui.app import ReaderApp
from tests.ui.conftest import load_sample

SIZE = (120, 36)


def _app() -> ReaderApp:
    document, entities = load_sample()
    return ReaderApp(document, entities=entities)


def test_main_screen(snap_compare):
    assert snap_compare(_app(), terminal_size=SIZE)


def test_cursor_on_a_name(snap_compare):
    assert snap_compare(_app(), press=["tab", "tab"], terminal_size=SIZE)


def test_panel_on_netanyahu(snap_compare):
    async def open_netanyahu(pilot):
        screen = pilot.app.screen
        entity = next(e for e in screen.entities if e.name == "Benjamin Netanyahu")
        screen.jump_to_entity(entity)
        await pilot.pause()

    assert snap_compare(_app(), run_before=open_netanyahu, terminal_size=SIZE)


def test_outline(snap_compare):
    assert snap_compare(_app(), press=["o"], terminal_size=SIZE)


def test_help_screen(snap_compare):
    assert snap_compare(_app(), press=["question_mark"], terminal_size=SIZE)


def test_narrow_terminal_with_panel(snap_compare):
    assert snap_compare(_app(), press=["tab", "enter"], terminal_size=(70, 24))

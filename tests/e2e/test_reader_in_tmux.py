"""End to end: the installed ``reader`` command with the real model, in a real terminal."""

from __future__ import annotations

import pytest

from tests.e2e.tmux import READER, TmuxSession, tmux_available

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.model,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed"),
]


def test_sample_tab_enter_escape_quit(tmp_path):
    env = {"READER_CACHE_DIR": str(tmp_path / "cache"), "READER_OFFLINE": "1"}
    with TmuxSession([str(READER)], env=env) as tmux:
        screen = tmux.wait_for(lambda s: "truce-talks" in s and "Shin Bet" in s)
        assert "David Barnea" in screen
        # Highlights arrive from the model; the status line then counts entities.
        tmux.wait_for(lambda s: "entities ·" in s, timeout=60)
        tmux.keys("Tab")
        tmux.keys("Enter")
        screen = tmux.wait_for(lambda s: "mention" in s and "Mentions" in s)
        assert "Place · " in screen  # the first name is Israel
        tmux.keys("Escape")
        screen = tmux.wait_for(lambda s: "Mentions" not in s)
        tmux.keys("q")
        tmux.wait_for(lambda s: "[exit 0]" in s)

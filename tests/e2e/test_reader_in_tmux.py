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


def test_search_typed_in_one_burst(tmp_path):
    """Keys typed right after '/' reach the search bar, even before it was ever shown."""
    env = {"READER_CACHE_DIR": str(tmp_path / "cache"), "READER_OFFLINE": "1"}
    with TmuxSession([str(READER)], env=env) as tmux:
        tmux.wait_for(lambda s: "entities ·" in s, timeout=60)
        tmux.keys("/hamas")  # one write to the terminal, like a paste
        tmux.wait_for(lambda s: "8 matches" in s)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Match 1/8" in s)
        tmux.keys("q")  # the article has the keys again
        tmux.wait_for(lambda s: "[exit 0]" in s)


def test_panel_background_from_the_fixture_wiki_then_offline(tmp_path, wiki_server):
    env = {"READER_CACHE_DIR": str(tmp_path / "cache"), "READER_WIKI_API": wiki_server.url}
    with TmuxSession([str(READER)], env=env, size=(140, 40)) as tmux:
        tmux.wait_for(lambda s: "Wikipedia ✓" in s, timeout=60)
        tmux.keys("C-p")
        tmux.keys("Fuad Shukr", pause=0.6)
        tmux.keys("Enter")
        tmux.wait_for(
            lambda s: all(
                part in s
                for part in (
                    "Lebanese Hezbollah commander",
                    "Person · 1 mention",
                    "https://en.wikipedia.org/wiki/Fuad_Shukr",
                )
            )
        )
        tmux.keys("q")
        tmux.wait_for(lambda s: "[exit 0]" in s)
    requests = wiki_server.request_count
    assert requests <= 14  # 28 names, batched
    # A second run, offline, serves the same background from the cache with no request.
    env["READER_OFFLINE"] = "1"
    with TmuxSession([str(READER)], env=env, size=(140, 40)) as tmux:
        tmux.wait_for(lambda s: "Wikipedia ✓" in s, timeout=60)
        tmux.keys("C-p")
        tmux.keys("Fuad Shukr", pause=0.6)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Lebanese Hezbollah commander" in s and "From the cache" in s)
        tmux.keys("q")
        tmux.wait_for(lambda s: "[exit 0]" in s)
    assert wiki_server.request_count == requests

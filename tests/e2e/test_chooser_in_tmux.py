"""End to end (issue 10): the real ``reader`` command, the real model and the fixture wiki,
on a short article about orchards in Washington state and one about chip makers.

The resolver gives the orchards' Washington the capital, only as a likely match; the reader
chooses the state with ``c``, typing "Washington state" and ``enter``; the choice survives a
restart and shows in ``reader entities --lookup --json``; another article saying only
"Washington" keeps the resolver's answer (ambiguous); and "Automatic" undoes the choice.
The chip makers' Apple is the company (issue 9).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.e2e.tmux import READER, TmuxSession, tmux_available
from wikifixture import DATA_DIR, start_server

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.model,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed"),
]

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "apple"
CHIPS = ARTICLES / "chip-makers.txt"
ORCHARDS = ARTICLES / "orchards.txt"
STATE = "U.S. state"
CAPITAL = "Capital city of the United States"
BARE = "Washington reacted to the news on Monday.\n"
"""Nothing says which Washington: the name stays ambiguous."""


@pytest.fixture
def wiki():
    """The fixture wiki of the two articles (``tests/data/wiki/apple_pages.json``)."""
    with start_server(DATA_DIR / "apple_pages.json") as server:
        yield server


def _open_washington(tmux: TmuxSession, done: str = "Wikipedia ✓") -> str:
    """Wait for the lookups (``done`` on the status line), open Washington's panel from the
    palette; the screen."""
    tmux.wait_for(lambda s: done in s, timeout=60)
    tmux.keys("C-p")
    tmux.keys("Washington", pause=0.6)
    tmux.keys("Enter")
    return tmux.wait_for(lambda s: "Place · 1 mention" in s)


def _quit(tmux: TmuxSession) -> None:
    tmux.keys("q")
    tmux.wait_for(lambda s: "[exit 0]" in s)


def _background(env: dict[str, str], article: Path, name: str) -> dict[str, object]:
    result = subprocess.run(
        [str(READER), "entities", str(article), "--lookup", "--json"],
        env={**env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,  # a hang guard; it takes seconds
    )
    entities = json.loads(result.stdout)["entities"]
    return next(e["background"] for e in entities if e["name"] == name)


def test_the_chip_makers_apple_is_the_company(tmp_path, wiki):
    """Issue 9: "Apple" in a story about chip makers is Apple Inc., not the fruit."""
    env = {"READER_CACHE_DIR": str(tmp_path / "cache"), "READER_WIKI_API": wiki.url}
    background = _background(env, CHIPS, "Apple")
    assert (background["status"], background["title"]) == ("found", "Apple Inc.")


def test_choose_the_state_for_the_orchards_washington_then_undo(tmp_path, wiki):
    env = {
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),  # the page choices'
        "READER_WIKI_API": wiki.url,
    }
    with TmuxSession([str(READER), str(ORCHARDS)], env=env, size=(140, 40)) as tmux:
        # 1. The resolver's page, the capital, is shown as uncertain.
        _open_washington(tmux)
        screen = tmux.wait_for(lambda s: CAPITAL in s)
        assert "? Likely match" in screen
        # 2. c, typing "Washington state" and enter give the state.
        tmux.keys("c")
        tmux.wait_for(
            lambda s: "Which page is “Washington”?" in s and "● Washington, D.C.  shown now" in s
        )
        tmux.keys("Washington state")
        tmux.wait_for(lambda s: "found: enter takes" in s and STATE in s)
        tmux.keys("Enter")
        screen = tmux.wait_for(lambda s: "Which page" not in s and "Your choice" in s)
        assert STATE in screen and CAPITAL not in screen and "Likely match" not in screen
        _quit(tmux)
    # 3. After a restart the state is still shown for this article, and scripts see it.
    with TmuxSession([str(READER), str(ORCHARDS)], env=env, size=(140, 40)) as tmux:
        _open_washington(tmux)
        tmux.wait_for(lambda s: STATE in s and "Your choice" in s)
        _quit(tmux)
    background = _background(env, ORCHARDS, "Washington")
    assert background["title"] == "Washington (state)" and background["chosen_by"] == "reader"
    # 4. Another article saying "Washington" keeps the resolver's answer.
    bare = tmp_path / "bare.txt"
    bare.write_text(BARE, encoding="utf-8")
    with TmuxSession([str(READER), str(bare)], env=env, size=(140, 40)) as tmux:
        _open_washington(tmux, done="Wikipedia 0/1 found")
        screen = tmux.wait_for(lambda s: "Ambiguous" in s)
        assert "Your choice" not in screen
        _quit(tmux)
    assert "chosen_by" not in _background(env, bare, "Washington")
    # 5. "Automatic" undoes the choice: the resolver's page again.
    with TmuxSession([str(READER), str(ORCHARDS)], env=env, size=(140, 40)) as tmux:
        _open_washington(tmux)
        tmux.wait_for(lambda s: "Your choice" in s)
        tmux.keys("c")
        tmux.wait_for(lambda s: "● Washington (state)  your choice" in s and "Automatic" in s)
        # Automatic, above the state (highlighted), the capital, George Washington...
        tmux.keys("Up")
        tmux.keys("Enter")
        screen = tmux.wait_for(lambda s: "Which page" not in s and CAPITAL in s)
        assert "Likely match" in screen and "Your choice" not in screen
        _quit(tmux)
    background = _background(env, ORCHARDS, "Washington")
    assert background["title"] == "Washington, D.C." and "chosen_by" not in background

"""End to end (issue 10): the real ``reader`` command, the real model and the fixture wiki,
on a short article about chip makers that says "Apple" and one about orchards that does too.

The resolver gives the chip makers' Apple the fruit, only as a likely match; the reader
chooses the company with ``c``, typing "Apple Inc" and ``enter``; the choice survives a
restart and shows in ``reader entities --lookup --json``; the orchards keep the fruit; and
"Automatic" undoes the choice.
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
COMPANY = "American multinational technology company"
FRUIT = "Fruit of the apple tree"


@pytest.fixture
def wiki():
    """The fixture wiki of the two Apple articles (``tests/data/wiki/apple_pages.json``)."""
    with start_server(DATA_DIR / "apple_pages.json") as server:
        yield server


def _open_apple(tmux: TmuxSession) -> str:
    """Wait for the lookups, open Apple's panel from the palette; the screen."""
    tmux.wait_for(lambda s: "Wikipedia ✓" in s, timeout=60)
    tmux.keys("C-p")
    tmux.keys("Apple", pause=0.6)
    tmux.keys("Enter")
    return tmux.wait_for(lambda s: "Organisation · 3 mentions" in s or "Organisation · 1" in s)


def _quit(tmux: TmuxSession) -> None:
    tmux.keys("q")
    tmux.wait_for(lambda s: "[exit 0]" in s)


def _apple_json(env: dict[str, str], article: Path) -> dict[str, object]:
    result = subprocess.run(
        [str(READER), "entities", str(article), "--lookup", "--json"],
        env={**env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,  # a hang guard; it takes seconds
    )
    entities = json.loads(result.stdout)["entities"]
    return next(e["background"] for e in entities if e["name"] == "Apple")


def test_choose_the_company_for_the_chip_makers_apple_then_undo(tmp_path, wiki):
    env = {"READER_CACHE_DIR": str(tmp_path / "cache"), "READER_WIKI_API": wiki.url}
    with TmuxSession([str(READER), str(CHIPS)], env=env, size=(140, 40)) as tmux:
        # 1. The resolver's page, the fruit, is shown as uncertain.
        screen = _open_apple(tmux)
        screen = tmux.wait_for(lambda s: FRUIT in s)
        assert "? Likely match" in screen
        # 2. c, typing "Apple Inc" and enter give the company.
        tmux.keys("c")
        tmux.wait_for(lambda s: "Which page is “Apple”?" in s and "● Apple  shown now" in s)
        tmux.keys("Apple Inc")
        tmux.wait_for(lambda s: "found for “Apple Inc”" in s and COMPANY in s)
        tmux.keys("Enter")
        screen = tmux.wait_for(lambda s: "Which page" not in s and "Your choice" in s)
        assert COMPANY in screen and "Likely match" not in screen
        _quit(tmux)
    # 3. After a restart the company is still shown for this article, and scripts see it.
    with TmuxSession([str(READER), str(CHIPS)], env=env, size=(140, 40)) as tmux:
        _open_apple(tmux)
        tmux.wait_for(lambda s: COMPANY in s and "Your choice" in s)
        _quit(tmux)
    background = _apple_json(env, CHIPS)
    assert background["title"] == "Apple Inc." and background["chosen_by"] == "reader"
    # 4. The orchards still get the fruit.
    with TmuxSession([str(READER), str(ORCHARDS)], env=env, size=(140, 40)) as tmux:
        screen = _open_apple(tmux)
        screen = tmux.wait_for(lambda s: FRUIT in s)
        assert "Your choice" not in screen and COMPANY not in screen
        _quit(tmux)
    # 5. "Automatic" undoes the choice: the resolver's page again.
    with TmuxSession([str(READER), str(CHIPS)], env=env, size=(140, 40)) as tmux:
        _open_apple(tmux)
        tmux.wait_for(lambda s: "Your choice" in s)
        tmux.keys("c")
        tmux.wait_for(lambda s: "● Apple Inc.  your choice" in s and "Automatic" in s)
        tmux.keys("Down", "Down", "Down")  # Apple Inc., Apple, None of these, Automatic
        tmux.keys("Enter")
        screen = tmux.wait_for(lambda s: "Which page" not in s and FRUIT in s)
        assert "Likely match" in screen and "Your choice" not in screen
        _quit(tmux)
    background = _apple_json(env, CHIPS)
    assert background["title"] == "Apple" and "chosen_by" not in background

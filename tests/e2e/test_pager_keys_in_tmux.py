"""End to end (issue 11): the pager keys, tab after G and forgiving search on a long text,
with the real model and the real ``reader`` command in tmux."""

from __future__ import annotations

import re

import pytest

from tests.e2e.tmux import READER, TmuxSession, tmux_available
from tests.long_prose import long_prose

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.model,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed"),
]

WIDTH, HEIGHT = 120, 36
ENDING = (
    "In Cairo, the women’s delegation met Egyptian officials on Sunday.\n\n"
    "Benjamin Netanyahu spoke with Joe Biden in Washington about Israel and Hamas.\n"
)
"""The book's last paragraphs: a curly apostrophe to search for, and names on the last
screen."""


def _status(screen: str) -> str:
    """The status line: the one that counts the entities."""
    return next(line for line in screen.splitlines() if "entities ·" in line)


def _position(screen: str) -> str:
    match = re.match(r"\s*(\d+%|All)", _status(screen))
    assert match, _status(screen)
    return match.group(1)


def _article_rows(screen: str) -> list[str]:
    """The article's rows: under the header, above the status line, without the
    scrollbar column."""
    rows = screen.splitlines()
    status = next(i for i, line in enumerate(rows) if "entities ·" in line)
    return [row[: WIDTH - 2].rstrip() for row in rows[1:status]]


def test_pager_keys_tab_after_end_and_forgiving_search_on_a_long_text(tmp_path):
    book = tmp_path / "book.txt"
    book.write_text(long_prose(60_000, "blank-lines") + "\n" + ENDING, encoding="utf-8")
    env = {"READER_CACHE_DIR": str(tmp_path / "cache"), "READER_OFFLINE": "1"}
    with TmuxSession([str(READER), str(book)], env=env, size=(WIDTH, HEIGHT)) as tmux:
        screen = tmux.wait_for(lambda s: "entities ·" in s, timeout=180)
        assert _position(screen) == "0%"
        tmux.keys("Tab")  # a name near the top: after G, tab must not go back to it
        tmux.wait_for(lambda s: "mention " in _status(s))

        tmux.keys("G")
        screen = tmux.wait_for(lambda s: _position(s) == "100%")
        assert "Joe Biden" in screen
        before = _status(screen)

        # tab after G: a name on the last screen, so the view does not move.
        tmux.keys("Tab")
        screen = tmux.wait_for(lambda s: _status(s) != before)
        assert _position(screen) == "100%"

        tmux.keys("g")
        top = _article_rows(tmux.wait_for(lambda s: _position(s) == "0%"))

        # space moves exactly one screen: one line back up, the old last line is on top.
        tmux.keys("space")
        screen = tmux.wait_for(lambda s: _position(s) != "0%")
        assert not set(filter(None, _article_rows(screen))) & set(filter(None, top))
        tmux.keys("k")
        screen = tmux.wait_for(lambda s: _article_rows(s)[0] == top[-1])

        tmux.keys("/women's")
        tmux.wait_for(lambda s: "1 match " in _status(s))
        tmux.keys("Enter")
        screen = tmux.wait_for(lambda s: "Match 1/1" in _status(s))
        assert "women’s delegation" in screen
        tmux.keys("Escape")
        screen = tmux.wait_for(lambda s: "Match" not in _status(s))
        assert "No matches" not in _status(screen)

        tmux.keys("q")
        tmux.wait_for(lambda s: "[exit 0]" in s)

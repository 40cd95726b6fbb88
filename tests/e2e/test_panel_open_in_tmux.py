"""End to end (trial): at 80x24 the side panel opens and closes without one frame of the
article's old lines cut at the panel's edge ("...security agency 'Sh━▏" showed for
0.3-0.9 s: Textual draws the new size before the article's Resize event arrives)."""

from __future__ import annotations

import time

import pytest

from tests.e2e.tmux import READER, TmuxSession, tmux_available

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.model,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed"),
]

PANEL_EDGE = "▏"


def _panel_open(screen: str) -> bool:
    """Whether the panel's edge is drawn (the footer has one of its own)."""
    return any(PANEL_EDGE in row for row in screen.splitlines()[1:-2])


def _cut_rows(screen: str) -> list[str]:
    """Article rows whose text runs into the article's scrollbar beside the panel (a
    laid-out line ends two cells before it, at least)."""
    cut = []
    for row in screen.splitlines()[1:-2]:  # under the header, above status and footer
        edge = row.find(PANEL_EDGE)
        if edge >= 2 and not row[edge - 2].isspace():
            cut.append(row)
    return cut


def test_opening_the_panel_never_shows_the_old_lines_cut(tmp_path):
    env = {"READER_CACHE_DIR": str(tmp_path / "cache"), "READER_OFFLINE": "1"}
    with TmuxSession([str(READER)], env=env, size=(80, 24)) as tmux:
        tmux.wait_for(lambda s: "67 mentions" in s or "mention 1 of" in s, timeout=120)
        tmux.keys("Tab")
        tmux.wait_for(lambda s: "mention 1 of" in s)
        for _ in range(3):
            tmux.keys("Enter", pause=0)
            frames, deadline = [], time.monotonic() + 1.5  # a hang guard, far above the bug
            while time.monotonic() < deadline:
                frames.append(tmux.screen())
            assert _panel_open(frames[-1])
            for frame in frames:
                assert not _cut_rows(frame), frame
            tmux.keys("Escape", pause=0)
            tmux.wait_for(lambda s: not _panel_open(s))

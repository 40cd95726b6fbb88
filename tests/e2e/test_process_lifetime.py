"""End to end: a killed or hung-up reader restores the terminal and leaves no process."""

from __future__ import annotations

import os
import signal
import termios
import time
from pathlib import Path

import pytest

from tests.e2e.tmux import READER, TmuxSession, tmux_available

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.model,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed"),
]

SAMPLE = Path("assets/israel-egypt-truce-talks.txt").resolve()
TERMINAL_MODES = ("alternate_on", "mouse_any_flag", "mouse_sgr_flag", "mouse_button_flag")
"""tmux's view of the modes the app turns on; all must be off again after it ends."""


def _family(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    children = path.read_text().split() if path.exists() else []
    return [pid, *(grandchild for child in children for grandchild in _family(int(child)))]


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _wait_until_gone(pids: list[int], timeout: float = 10) -> list[int]:
    deadline = time.monotonic() + timeout
    while (alive := [pid for pid in pids if _alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def _local_modes(tty: str) -> int:
    """The terminal's local mode flags (``ICANON``, ``ECHO``...), as ``stty`` shows them."""
    fd = os.open(tty, os.O_RDONLY | os.O_NOCTTY)
    try:
        return termios.tcgetattr(fd)[3]
    finally:
        os.close(fd)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """Over 200,000 characters: the worker runs two spaCy helpers."""
    path = tmp_path / "book.txt"
    path.write_text("\n\n".join([SAMPLE.read_text(encoding="utf-8")] * 80), encoding="utf-8")
    return path


def _open(book: Path, tmp_path: Path) -> tuple[TmuxSession, list[int]]:
    """Start reader on ``book``; return the session and the app's process family once the
    worker's helpers are running."""
    env = {"READER_CACHE_DIR": str(tmp_path / "cache"), "READER_OFFLINE": "1"}
    tmux = TmuxSession([str(READER), str(book)], env=env)
    tmux.wait_for(lambda s: "book.txt" in s)
    app = tmux.command_pid()
    deadline = time.monotonic() + 60
    while len(family := _family(app)) < 4 and time.monotonic() < deadline:  # app, worker, 2
        time.sleep(0.2)
    assert len(family) >= 4, family
    assert all(mode == "1" for mode in map(tmux.pane, TERMINAL_MODES[:2]))
    return tmux, family


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["term", "hup"])
def test_a_signal_ends_the_app_cleanly(book, tmp_path, number):
    """Probe case 54: after SIGTERM or SIGHUP the terminal is back to normal (it was left
    on the alternate screen, in raw mode, with the mouse tracked) and nothing is left."""
    tmux, family = _open(book, tmp_path)
    with tmux:
        os.kill(family[0], number)
        tmux.wait_for(lambda s: f"[exit {128 + number}]" in s, timeout=10)
        assert [tmux.pane(mode) for mode in TERMINAL_MODES] == ["0"] * len(TERMINAL_MODES)
        assert _wait_until_gone(family) == []
        # Cooked mode again: line editing and echo, as the shell left them.
        modes = _local_modes(tmux.pane("pane_tty"))
        assert modes & termios.ICANON and modes & termios.ECHO


@pytest.mark.parametrize("how", ["kill", "close"])
def test_nothing_outlives_a_killed_app_or_a_closed_pane(book, tmp_path, how):
    """Probe case 54: kill -9 of the app, or closing its pane, ends the worker and its
    spaCy helpers (they stayed for ever, about 370 MB)."""
    tmux, family = _open(book, tmp_path)
    with tmux:
        if how == "kill":
            os.kill(family[0], signal.SIGKILL)
        else:
            tmux.close()
        assert _wait_until_gone(family) == []

"""Drive the real ``reader`` command in a tmux session and read the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

READER = Path(sys.executable).with_name("reader")
"""The installed ``reader`` command of the test environment."""


def tmux_available() -> bool:
    """Whether tmux is installed."""
    return shutil.which("tmux") is not None


class TmuxSession:
    """One detached tmux session running a command, with keys in and screen text out."""

    def __init__(
        self,
        command: list[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        size: tuple[int, int] = (120, 36),
    ) -> None:
        self.name = f"reader-test-{uuid.uuid4().hex[:8]}"
        # A clean environment: only what a user's shell would have, plus ``env``.
        base = {
            key: os.environ[key]
            for key in ("PATH", "HOME", "LANG", "LC_ALL", "XDG_DATA_HOME")
            if key in os.environ
        }
        variables = {**base, "TERM": "xterm-256color", **(env or {})}
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in variables.items())
        shell = (
            f"cd {shlex.quote(str(cwd or Path.cwd()))} && env -i {exports} {shlex.join(command)}; "
            'echo "[exit $?]"; sleep 600'
        )
        width, height = (str(size[0]), str(size[1]))
        # Size the window first, then start the command in it, so it never sees another size.
        self._start(["new-session", "-d", "-s", self.name, "-x", width, "-y", height, "sleep 600"])
        for args in (
            ["set-option", "-t", self.name, "window-size", "manual"],
            ["resize-window", "-t", self.name, "-x", width, "-y", height],
            ["respawn-pane", "-k", "-t", self.name, shell],
        ):
            subprocess.run(["tmux", *args], check=True, capture_output=True)

    @staticmethod
    def _start(args: list[str]) -> None:
        """Start the session. The server exits when the test before closed the last
        session, and a session asked for while it is exiting fails: ask again."""
        for attempt in range(10):
            done = subprocess.run(["tmux", *args], check=False, capture_output=True)
            if done.returncode == 0:
                return
            time.sleep(0.2 * (attempt + 1))
        done.check_returncode()

    def keys(self, *keys: str, pause: float = 0.3) -> None:
        """Send keys (tmux names: Tab, BTab, Enter, Escape, or literal text)."""
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(pause)

    def screen(self) -> str:
        """The text on screen now."""
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def pane(self, variable: str) -> str:
        """A tmux format variable of the pane, e.g. ``alternate_on`` or ``pane_pid``."""
        return subprocess.run(
            ["tmux", "display-message", "-p", "-t", self.name, f"#{{{variable}}}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def command_pid(self) -> int:
        """The process id of the command (a child of the pane's shell)."""
        shell = self.pane("pane_pid")
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        return int(children[0])

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30.0) -> str:
        """Poll the screen until ``predicate`` holds; return the screen (or fail)."""
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while not predicate(screen):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting; the screen shows:\n{screen}")
            time.sleep(0.1)
            screen = self.screen()
        return screen

    def close(self) -> None:
        """Kill the session."""
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False, capture_output=True)

    def __enter__(self) -> TmuxSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

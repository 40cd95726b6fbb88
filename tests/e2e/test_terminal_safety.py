"""The bytes the real app writes to a terminal, and stdin handling, checked in real terminals."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest

from tests.e2e.tmux import READER, TmuxSession, tmux_available

pytestmark = [pytest.mark.e2e, pytest.mark.model]

PAYLOADS = {
    "osc52 clipboard": b"\x1b]52;c;UFdORUQ=\x1b\\",
    "osc0 title": b"\x1b]0;PWNED-TITLE\x07",
    "osc0 title (ST)": b"\x1b]2;PWNED2\x1b\\",
    "clear screen": b"\x1b[2J",
    "cursor up": b"\x1b[1A",
    "sgr red": b"\x1b[31mRED",
    "dcs": b"\x1bPqSIXEL\x1b\\",
    "c1 csi": "\u009b2J".encode(),
    "c1 osc": "\u009d0;C1TITLE\u009c".encode(),
    "bidi override": "\u202egnp.exe".encode(),
    "nul": b"\x00",
    "osc8 link": b"\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
}

ARTICLE = (
    b"Hostile article\n\nAngela Merkel met Emmanuel Macron in Berlin. "
    + b" ".join(PAYLOADS.values())
    + b"\n\n[@click=app.quit]Click to read more[/] and [/] and [citation needed].\n"
)


def _run_in_pty(args: list[str], env: dict[str, str], keys: list[bytes]) -> tuple[bytes, int]:
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execve(args[0], args, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    output = bytearray()

    def pump(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    output.extend(os.read(fd, 65536))
                except OSError:
                    return

    deadline = time.monotonic() + 30
    while b"Merkel" not in output and time.monotonic() < deadline:
        pump(0.2)
    pump(1.5)
    for key in keys:
        os.write(fd, key)
        pump(0.4)
    os.write(fd, b"q")
    pump(2.0)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return bytes(output), os.waitstatus_to_exitcode(status)


def pty_env(home: Path) -> dict[str, str]:
    """A minimal, offline environment for the app in a pty, with its cache under ``home``."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "TERM": "xterm-256color",
        "READER_CACHE_DIR": str(home / "cache"),
        "READER_OFFLINE": "1",
    }


def test_no_escape_sequence_from_the_article_reaches_the_terminal(tmp_path):
    article = tmp_path / "hostile.txt"
    article.write_bytes(ARTICLE)
    env = pty_env(tmp_path)
    output, code = _run_in_pty([str(READER), str(article)], env, [b"\t", b"\r", b"\x1b"])
    assert b"Merkel" in output
    assert code == 0
    for name, payload in PAYLOADS.items():
        assert payload not in output, name
    assert b"PWNED" not in output.replace("␛]0;PWNED".encode(), b"").replace(
        "␛]52;c;UFdORUQ=".encode(), b""
    ).replace("␛]2;PWNED2".encode(), b"")
    assert "␛]0;PWNED-TITLE".encode() in output  # shown, visibly, as text


@pytest.mark.skipif(not tmux_available(), reason="tmux is not installed")
def test_article_on_stdin_then_keys_from_the_terminal(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Stdin story\n\nAngela Merkel met Emmanuel Macron in Berlin.\n")
    env = {"READER_CACHE_DIR": str(tmp_path / "cache"), "READER_OFFLINE": "1"}
    with TmuxSession(["sh", "-c", f"cat {article} | {READER} -"], env=env) as tmux:
        tmux.wait_for(lambda s: "Angela Merkel met" in s)
        tmux.wait_for(lambda s: "entities ·" in s, timeout=60)
        tmux.keys("Tab", "Enter")
        tmux.wait_for(lambda s: "Mentions" in s)
        tmux.keys("q")
        tmux.wait_for(lambda s: "[exit 0]" in s)


def test_stdin_without_a_terminal_fails_clearly(tmp_path):
    result = subprocess.run(
        [str(READER), "-"],
        input=b"Some article text about Paris.\n",
        capture_output=True,
        start_new_session=True,  # no controlling terminal: /dev/tty cannot be opened
        env={**os.environ, "READER_CACHE_DIR": str(tmp_path / "c")},
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "no terminal" in lines[0]
    assert b"Traceback" not in result.stderr

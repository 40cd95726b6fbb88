"""``reader entities`` shows how far the analysis got on a terminal's stderr (issue 9,
"noticed, left": an 8.8 MB single-line file printed nothing for over a minute).

The bar is on stderr only when stderr is a terminal, and it leaves nothing behind: stdout
carries the same JSON as in a pipe. Real model, real command.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from tests.threats.cli import READER, drain, run_reader

pytestmark = pytest.mark.model

SENTENCE = "Ann Lee met Tom Hay in Leeds on Monday, and the two spoke of Northern Salt. "
"""Made up: a few names, repeated into a single long line."""


def _single_line(tmp_path, repeats: int = 800) -> str:
    path = tmp_path / "one-line.txt"
    path.write_text(SENTENCE * repeats, encoding="utf-8")  # about 60 KB, no line break
    return str(path)


def _stderr_on_a_terminal(args: list[str], tmp_path) -> tuple[str, str, int]:
    """Run ``reader ARGS`` with stderr on a pseudo-terminal and stdout to a file; its
    stdout, what the terminal received, and the exit code."""
    leader, follower = os.openpty()
    with (
        (tmp_path / "stdout").open("w+b") as stdout,
        subprocess.Popen(
            [str(READER), *args],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=follower,
            env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
        ) as process,
    ):
        os.close(follower)
        received = drain(leader)
        code = process.wait(120)  # a hang guard, far above the seconds this takes
        stdout.seek(0)
        out = stdout.read().decode("utf-8")
    os.close(leader)
    return out, received.decode("utf-8", errors="replace"), code


def test_entities_shows_progress_on_a_terminal_and_nothing_in_a_pipe(tmp_path):
    source = _single_line(tmp_path)
    piped = run_reader(["entities", source, "--json"])
    assert piped.code == 0 and piped.stderr == ""  # not a terminal: not a byte on stderr

    out, terminal, code = _stderr_on_a_terminal(["entities", source, "--json"], tmp_path)
    assert code == 0
    assert out == piped.stdout  # the JSON as in a pipe, no bar in it
    assert json.loads(out)["entities"]
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", terminal)  # what is seen: the text
    assert "Finding names" in shown
    assert "100%" in shown  # it got to the end
    assert terminal.endswith("\x1b[2K")  # then the bar was erased: the line is clean

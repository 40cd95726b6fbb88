"""Run the installed ``reader`` command as a user would, and judge how it ended."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

READER = Path(sys.executable).with_name("reader")
"""The installed ``reader`` command of the test environment."""


@dataclass(frozen=True)
class Ended:
    """How one run of ``reader`` ended."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"reader {' '.join(self.args)!r} -> {self.code}\nstderr: {self.stderr!r}"


def run_reader(
    args: Sequence[str],
    *,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
) -> Ended:
    """Run ``reader ARGS`` without a terminal; a hang fails the test at ``timeout``."""
    result = subprocess.run(
        [str(READER), *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        start_new_session=True,  # no controlling terminal, as in a pipeline or cron
    )
    decode = lambda data: data.decode("utf-8", errors="replace")  # noqa: E731
    return Ended(tuple(args), result.returncode, decode(result.stdout), decode(result.stderr))


def assert_refused(ended: Ended, *expected: str) -> str:
    """Exit code 2 with exactly one clear line on stderr (containing ``expected``)."""
    lines = ended.stderr.splitlines()
    assert ended.code == 2, ended
    assert len(lines) == 1 and lines[0].startswith("reader: "), ended
    assert "Traceback" not in ended.stderr and "\x1b" not in ended.stderr, ended
    for part in expected:
        assert part in lines[0], ended
    return lines[0]


def assert_sane_json(ended: Ended) -> dict:
    """Exit code 0 and DESIGN §4 JSON whose offsets point at the mention texts."""
    assert ended.code == 0, ended
    assert "Traceback" not in ended.stderr, ended
    payload = json.loads(ended.stdout)
    text_length = payload["text_length"]
    for entity in payload["entities"]:
        assert entity["mentions"], entity
        for mention in entity["mentions"]:
            assert 0 <= mention["start"] < mention["end"] <= text_length, mention
    return payload


def assert_offsets_match(payload: dict, text: str) -> None:
    """Every mention's ``text`` is ``text[start:end]`` of the document text."""
    assert payload["text_length"] == len(text)
    for entity in payload["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"], mention


def drain(leader: int) -> bytes:
    """Everything a pseudo-terminal's leader side receives until the process at the other
    end closes it (Linux reports the close as an ``OSError``)."""
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


class TerminalInput(io.StringIO):
    """Standard input of a terminal with ``text`` typed: for commands that ask first."""

    def isatty(self) -> bool:
        return True

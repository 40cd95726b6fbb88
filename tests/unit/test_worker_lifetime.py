"""The NER worker runs none of the user's files and never outlives the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.nlp.stream import AnalysisStream

SAMPLE = Path("assets/israel-egypt-truce-talks.txt").resolve()
HIJACKERS = ("spacy", "json", "os", "reader", "thinc", "numpy")
"""Modules a file in the current directory could shadow."""


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.mark.model
def test_files_in_the_working_directory_are_never_imported(tmp_path, monkeypatch):
    """Probe case 52: a spacy.py (or json.py...) where reader runs is not executed."""
    marker = tmp_path / "ran"
    for name in HIJACKERS:
        (tmp_path / f"{name}.py").write_text(
            f"import pathlib\npathlib.Path({str(marker)!r}).write_text({name!r})\n"
            "raise SystemExit('hijacked')\n"
        )
    monkeypatch.chdir(tmp_path)
    with AnalysisStream() as stream:
        stream.feed(SAMPLE.read_text(encoding="utf-8"))
        updates = list(stream)
    assert not marker.exists(), f"{marker.read_text()}.py in the working directory ran"
    assert "Shin Bet" in {entity.name for entity in updates[-1].entities}


def test_a_pipeline_directory_named_relatively_still_loads(tmp_path, monkeypatch):
    """The worker runs elsewhere, so a relative ``--model`` path is made absolute."""
    monkeypatch.chdir(tmp_path)
    with AnalysisStream("no-such-pipeline") as stream:
        stream.feed("Text.")
        with pytest.raises(Exception, match="no-such-pipeline"):
            list(stream)
    (tmp_path / "mine").mkdir()
    with AnalysisStream("mine") as stream:
        stream.feed("Text.")
        with pytest.raises(Exception, match=str(tmp_path / "mine")):
            list(stream)


PARENT = textwrap.dedent(
    """
    import sys, time
    from reader.nlp.stream import AnalysisStream
    stream = AnalysisStream()
    stream.feed(open(sys.argv[1], encoding="utf-8").read())
    print(stream.pid, flush=True)
    for update in stream:  # reads the first update, so the worker is past loading
        print("update", flush=True)
        time.sleep(600)
    """
)


@pytest.mark.model
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill", "term"])
def test_the_worker_and_its_helpers_die_with_the_app(tmp_path, how):
    """Probe case 54: no worker or spaCy helper outlives a killed app (they used to
    stay for ever, about 370 MB, deadlocked on their pipes)."""
    book = tmp_path / "book.txt"
    paragraph = SAMPLE.read_text(encoding="utf-8")
    book.write_text("\n\n".join([paragraph] * 80), encoding="utf-8")  # 250,000+ characters
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(book)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path.cwd(),
        start_new_session=True,
    )
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        assert parent.stdout.readline() == "update\n"
        # Past the first screenful, two helper processes share the rest.
        assert _wait(lambda: len(_children(worker)) >= 2, 60), _children(worker)
        family = [worker, *_children(worker)]
        os.kill(parent.pid, how)
        parent.wait(10)
        assert _wait(lambda: not any(map(_alive, family)), 10), [
            pid for pid in family if _alive(pid)
        ]
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()

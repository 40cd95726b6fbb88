"""The NER worker process: nothing heavy before the text arrives, then entities."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from reader.errors import ModelError
from reader.nlp.stream import AnalysisStream
from tests.long_prose import long_prose

SAMPLE = Path("assets/israel-egypt-truce-talks.txt")


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


@pytest.mark.model
def test_the_worker_loads_spacy_only_once_it_has_the_text() -> None:
    with AnalysisStream() as stream:
        pid = stream.pid
        ticks, deadline = -1, time.monotonic() + 20
        while time.monotonic() < deadline:  # until it has settled, waiting on stdin
            time.sleep(0.3)
            now = _cpu_ticks(pid)
            if now == ticks:
                break
            ticks = now
        maps = Path(f"/proc/{pid}/maps").read_text()
        assert "spacy" not in maps and "thinc" not in maps and "numpy" not in maps
        stream.feed(SAMPLE.read_text(encoding="utf-8"))
        updates = list(stream)
    assert updates[-1].final
    names = {entity.name for entity in updates[-1].entities}
    assert {"Benjamin Netanyahu", "Shin Bet", "Fuad Shukr"} <= names
    assert stream.model_description and "core_web_sm" in stream.model_description


def _tree_rss(pid: int) -> int:
    """Summed VmRSS in bytes of ``pid`` and its descendants (spaCy's helper processes)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit():
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, ()))
        with contextlib.suppress(OSError, IndexError):  # gone, or a zombie (no VmRSS)
            status = Path(f"/proc/{current}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) * 1024
    return total


LIMIT = 700_000_000
"""The worker and its helpers, with 300 MB to spare for the app within DESIGN's 1 GB."""


@pytest.mark.model
def test_the_worker_stays_small_on_a_long_text_without_line_breaks() -> None:
    """Probe case 55: a long text with no blank line once took gigabytes (spaCy got
    100,000-character texts, 64 to a batch); the worker and its spaCy helper processes
    must stay well under 1 GB (``bench/large_input.py`` measures 10 MB)."""
    text = long_prose(400_000, "one-paragraph")
    peak = 0
    with AnalysisStream() as stream:
        done = threading.Event()

        def watch() -> None:
            nonlocal peak
            while not done.wait(0.05):
                peak = max(peak, _tree_rss(stream.pid))
                if peak > LIMIT:  # fail fast, before the machine runs short of memory
                    with contextlib.suppress(OSError):
                        os.killpg(stream.pid, signal.SIGKILL)
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        stream.feed(text)
        try:
            updates = list(stream)
        except ModelError:  # killed by watch()
            updates = []
        finally:
            done.set()
            watcher.join()
    assert 0 < peak <= LIMIT, f"the worker took {peak / 1e6:.0f} MB"
    assert updates[-1].final and updates[-1].done == len(text)

"""The NER worker process: nothing heavy before the text arrives, then entities."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.nlp.stream import AnalysisStream

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

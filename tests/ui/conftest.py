"""Fixtures for pilot tests: the sample article with precomputed entities (no model)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.models import Document, Entity
from reader.ui.app import ReaderApp

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "israel-egypt-truce-talks.txt"
SAMPLE_ENTITIES = ROOT / "tests" / "data" / "sample.entities.json"


def load_sample() -> tuple[Document, list[Entity]]:
    """The sample document and its entities as recorded in ``tests/data``."""
    text = SAMPLE.read_text(encoding="utf-8")
    document = Document(text, "Israel-Egypt truce talks", "assets/israel-egypt-truce-talks.txt")
    data = json.loads(SAMPLE_ENTITIES.read_text(encoding="utf-8"))
    return document, [Entity.from_json(item) for item in data["entities"]]


@pytest.fixture
def sample() -> tuple[Document, list[Entity]]:
    """The sample document and its entities."""
    return load_sample()


async def settle(app: ReaderApp, pilot, rounds: int = 1) -> None:
    """Let the app's workers finish and the screen catch up, ``rounds`` times (a lookup
    that starts another, as the history's does, needs more than one)."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def until(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds, looking every 20 ms; fail after
    ``timeout`` seconds. Unlike a fixed pause, a loaded machine only makes it slower."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the app never got there"
        await pilot.pause(0.02)


async def open_entity(app: ReaderApp, pilot, name: str, rounds: int = 1) -> None:
    """Jump to the entity called ``name`` (its panel opens), then :func:`settle`."""
    entity = next(e for e in app.screen.entities if e.name == name)
    await app.screen.jump_to_entity(entity)
    await settle(app, pilot, rounds)

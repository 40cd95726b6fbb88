"""App-wide messages posted by workers to the main screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from reader.models import Background, Entity

if TYPE_CHECKING:
    from reader.lookup.service import LookupService


@dataclass
class EntitiesFound(Message):
    """NER produced (more) entities; ``final`` when the whole text is done."""

    entities: list[Entity]
    done: int
    total: int
    final: bool


@dataclass
class AnalysisFailed(Message):
    """NER could not run (model missing, worker crashed)."""

    reason: str


@dataclass
class BackgroundReady(Message):
    """A background arrived for the entity ``entity_id``."""

    entity_id: str
    background: Background


@dataclass
class PrefetchProgress(Message):
    """``done`` of ``total`` entities have been looked up."""

    done: int
    total: int


@dataclass
class LookupReady(Message):
    """The lookup service is open (it is opened after the first paint)."""

    service: LookupService

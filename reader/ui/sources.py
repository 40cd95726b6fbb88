"""What a reading session is fed from, besides its document."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from pathlib import Path

    from reader.history.store import History
    from reader.lookup.service import LookupService
    from reader.models import Document, Entity
    from reader.nlp.stream import AnalysisStream


class Reading(TypedDict, total=False):
    """Where the entities and backgrounds of the document being read come from."""

    entities: Sequence[Entity] | None
    """Precomputed entities (skips NER; used by tests and ``--no-nlp`` runs)."""
    stream: AnalysisStream | None
    """A running NER worker that will deliver entities."""
    lookup: LookupService | Callable[[], LookupService] | None
    """The lookup service, or a function that opens it (in a thread after the first
    paint); ``None``: no backgrounds."""
    history: Callable[[], History] | None
    """Opens the reading history (in a thread); ``None``: keep none."""
    reopen: Callable[[str], tuple[Document, Reading]] | None
    """Loads another article (blocking, in a thread) and what to read it with, to open it
    from the history; ``None``: articles are only recalled, not opened."""
    corrections: Path | None
    """The directory of the reader's corrections of groupings (its data directory);
    ``None``: none are read or kept."""

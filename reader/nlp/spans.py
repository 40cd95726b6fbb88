"""The raw span type that the NER model hands to the entity builder."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class RawSpan:
    """One raw NER span: offsets into the document text and the model's label."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""
    label: str
    """spaCy entity type (``PERSON``, ``DATE``, ...)."""

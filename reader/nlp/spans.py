"""The raw span type that the NER model hands to the entity builder."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class RawSpan:
    """One raw NER span: offsets into the document text, its label and what found it."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""
    label: str
    """spaCy entity type (``PERSON``, ``DATE``, ...)."""
    source: str = field(default="", compare=False)
    """The rule group whose pipeline component found it (``datelines``, ``holidays``,
    ``places``, ``untagged-names``); empty when the model did."""

"""The general grouping rules on made-up sentences: which mentions belong to one entity.
Each test fails with its rule off."""

from __future__ import annotations

from reader.models import Entity
from reader.nlp.mentions import RawSpan, build_entities
from reader.nlp.rules import disabled


def spans_of(text: str, *pairs: tuple[str, str]) -> list[RawSpan]:
    """A span for each ``(surface, label)``, each found after the one before."""
    spans, position = [], 0
    for surface, label in pairs:
        start = text.index(surface, position)
        spans.append(RawSpan(start, start + len(surface), label))
        position = start + len(surface)
    return spans


def panels(entities: list[Entity]) -> list[list[str]]:
    return [[mention.text for mention in entity.mentions] for entity in entities]


def test_a_surname_found_after_another_first_name_is_another_person() -> None:
    text = "Lena Varga scored twice. Her sister Mira Varga scored once. Varga was pleased."
    spans = spans_of(text, ("Lena Varga", "PERSON"))
    assert panels(build_entities(text, spans)) == [
        ["Lena Varga", "Varga"],
        ["Mira Varga"],
    ]
    with disabled(["other-first-names"]):
        assert panels(build_entities(text, spans)) == [["Lena Varga", "Mira Varga", "Varga"]]


def test_a_surname_found_after_the_same_first_name_stays_the_person() -> None:
    text = "Lena Varga scored twice. Varga was pleased, and Lena Varga said so."
    spans = spans_of(text, ("Lena Varga", "PERSON"), ("Varga", "PERSON"))
    assert panels(build_entities(text, spans)) == [["Lena Varga", "Varga", "Lena Varga"]]


def test_a_first_name_before_a_bare_surname_joins_it() -> None:
    text = "Varga scored twice. Later Lena Varga said she was pleased."
    spans = spans_of(text, ("Varga", "PERSON"))
    assert panels(build_entities(text, spans)) == [["Varga", "Lena Varga"]]

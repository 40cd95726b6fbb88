"""The holidays rule on made-up sentences: a listed holiday the model read as a date, or left
untagged, is an event; a name the model tagged keeps its label."""

from __future__ import annotations

import pytest

from reader.nlp.holidays import HOLIDAYS
from reader.nlp.rules import disabled


@pytest.fixture(scope="module")
def blank():
    """A blank English pipeline (the standard tokenizer, no model) with the holidays."""
    import spacy

    from reader.nlp.holidays import add_holidays

    nlp = spacy.blank("en")
    add_holidays(nlp)
    return nlp


def tagged(nlp, text: str, *ents: tuple[str, str]) -> list[tuple[str, str]]:
    """The entities of ``text`` after the holidays, the model having tagged ``ents`` (each
    a text and its label; each text found once)."""
    from spacy.tokens import Span

    doc = nlp.make_doc(text)
    spans = []
    for name, label in ents:
        start = text.index(name)
        spans.append(doc.char_span(start, start + len(name), label=label))
    doc.ents = [span for span in spans if isinstance(span, Span)]
    doc = nlp.get_pipe(HOLIDAYS)(doc)
    return [(span.text, span.label_) for span in doc.ents]


@pytest.mark.parametrize(
    ("text", "model", "expected"),
    [
        pytest.param(
            "They left before the Labor Day weekend.",
            [("the Labor Day weekend", "DATE")],
            [("Labor Day", "EVENT")],
            id="inside-a-date",
        ),
        pytest.param(
            "The trip on 12 April, Easter Sunday, was short.",
            [("12 April", "DATE"), ("Sunday", "DATE")],
            [("12 April", "DATE"), ("Easter Sunday", "EVENT")],
            id="over-a-date-the-longest-holiday",
        ),
        pytest.param("Shops shut during Ramadan.", [], [("Ramadan", "EVENT")], id="left-untagged"),
        pytest.param(
            "The Easter Rising failed.",
            [("Easter Rising", "EVENT")],
            [("Easter Rising", "EVENT")],
            id="a-name-keeps-its-label",
        ),
        pytest.param(
            "Birds nest on Christmas Island in May.",
            [("May", "DATE")],
            [("May", "DATE")],
            id="beginning-a-longer-name",
        ),
        pytest.param("They met at easter.", [], [], id="only-as-written"),
        pytest.param(
            "Roses sell out by Valentine’s Day.",
            [],
            [("Valentine’s Day", "EVENT")],
            id="curly-apostrophe",
        ),
    ],
)
def test_a_listed_holiday_is_an_event(
    blank, text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert tagged(blank, text, *model) == expected


def test_with_the_group_off_the_entities_are_unchanged(blank) -> None:
    with disabled(["holidays"]):
        assert tagged(blank, "During Ramadan, on 12 April.", ("12 April", "DATE")) == [
            ("12 April", "DATE")
        ]


def test_a_holiday_says_where_it_was_found() -> None:
    from reader.nlp.mentions import build_entities
    from reader.nlp.spans import RawSpan

    text = "Shops shut during Ramadan."
    start = text.index("Ramadan")
    (entity,) = build_entities(text, [RawSpan(start, start + 7, "EVENT", "holidays")])
    assert entity.mentions[0].reason == "found in the list of holidays"

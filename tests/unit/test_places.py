"""The places rule on made-up sentences: a listed place the model left untagged is a GPE."""

from __future__ import annotations

import pytest

from reader.nlp.rules import disabled
from tests.unit.test_ner_rules import ents


@pytest.fixture(scope="module")
def blank():
    """A blank English pipeline (the standard tokenizer, no model) with the places."""
    import spacy

    from reader.nlp.places import add_places

    nlp = spacy.blank("en")
    add_places(nlp)
    return nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Rain fell on Budapest all week.", [("Budapest", "GPE")], id="title-case"),
        pytest.param("BRUSSELS 1990-01-02 Rain fell.", [("BRUSSELS", "GPE")], id="capitals"),
        pytest.param(
            "The office moved from PHNOM PENH to Chicago , Illinois .",
            [("PHNOM PENH", "GPE"), ("Chicago", "GPE"), ("Illinois", "GPE")],
            id="two-words-and-a-state",
        ),
        pytest.param("Leeds 2 Hull 1", [("Leeds", "GPE"), ("Hull", "GPE")], id="results"),
        pytest.param(
            "The talks in Nice ended late.", [("Nice", "GPE")], id="common-word-inside-a-sentence"
        ),
        pytest.param("They drove to Krakow.", [("Krakow", "GPE")], id="without-accents"),
        pytest.param(
            "Leeds 12 BATH 3",
            [("Leeds", "GPE"), ("BATH", "GPE")],
            id="common-word-alone-in-capitals",
        ),
    ],
)
def test_a_listed_place_is_a_gpe(blank, text: str, expected: list[tuple[str, str]]) -> None:
    assert ents(blank, text) == expected
    with disabled(["places"]):
        assert ents(blank, text) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("It was a nice day for reading by the sea.", id="lowercase-words"),
        pytest.param("Reading the report took an hour.", id="common-word-opening-a-sentence"),
        pytest.param("NICE WORK was the verdict.", id="common-word-in-capitals"),
        pytest.param("Victoria Hale spoke first.", id="a-first-name-before-a-surname"),
        pytest.param("They met Mr Jackson on Monday.", id="a-surname-after-a-title"),
        pytest.param("Leeds United lost again.", id="part-of-a-longer-name"),
        pytest.param("They flew over budapest at night.", id="place-in-lower-case"),
        pytest.param("The BuDaPeSt office closed.", id="mixed-case"),
    ],
)
def test_no_place(blank, text: str) -> None:
    assert ents(blank, text) == []


def test_a_place_inside_the_models_entity_is_left_alone(blank) -> None:
    from spacy.tokens import Span

    doc = blank.make_doc("The Bank of Chicago rose.")
    doc.ents = [Span(doc, 1, 4, label="ORG")]
    found = [(span.text, span.label_) for span in blank.get_pipe("reader_places")(doc).ents]
    assert found == [("Bank of Chicago", "ORG")]

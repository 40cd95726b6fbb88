"""The untagged-names rule on made-up sentences: a capitalised run inside a sentence that
the model left untagged is a name, unless its capitals say nothing of one."""

from __future__ import annotations

import pytest

from reader.nlp.rules import disabled
from tests.unit.test_ner_rules import ents


@pytest.fixture(scope="module")
def blank():
    """A blank English pipeline (the standard tokenizer, no model) with the rule."""
    import spacy

    from reader.nlp.untagged import add_untagged_names

    nlp = spacy.blank("en")
    add_untagged_names(nlp)
    return nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("She posts photos on Zemblagram every day.", ["Zemblagram"], id="one-word"),
        pytest.param("They bought shares of Dorvik Quell last year.", ["Dorvik Quell"], id="run"),
        pytest.param(
            "He trained with the Vantries, and Ostrel Park too.",
            ["Vantries", "Ostrel Park"],
            id="after-a-comma",
        ),
        pytest.param(
            "The price cuts at Woolmart Stores start today.", ["Woolmart Stores"], id="two-words"
        ),
        pytest.param("A guard at Boots saw him.", ["Boots"], id="a-common-word"),
        pytest.param("The council met the Evening Post.", ["Evening Post"], id="common-words"),
        pytest.param("They ate at McDorvik every week.", ["McDorvik"], id="a-capital-inside"),
        pytest.param("He fought for the ZBF title.", ["ZBF"], id="an-acronym"),
        pytest.param(
            "Rebels fled to Urus-Vantri on foot.", ["Urus-Vantri"], id="a-hyphenated-name"
        ),
        pytest.param("Zemblagram posted the photos.", ["Zemblagram"], id="opening-a-text"),
        pytest.param(
            "It rained. Like Dorvik Quell, she stayed.", ["Dorvik Quell"], id="opening-a-sentence"
        ),
        pytest.param(
            "It rained.\nThe Woolmart price cuts start.", ["Woolmart"], id="opening-a-line"
        ),
        pytest.param(
            "ON THE MOUND: Dorvik Quell pitched five innings and gave up three runs.",
            ["Dorvik Quell"],
            id="opening-after-a-colon",
        ),
        pytest.param(
            "They met Dorvik van der Quell today.",
            ["Dorvik van der Quell"],
            id="with-surname-particles",
        ),
        pytest.param("They met Dorvik van der.", ["Dorvik"], id="no-particle-ending-it"),
    ],
)
def test_an_untagged_run_inside_a_sentence_is_a_name(blank, text: str, expected: list[str]) -> None:
    assert ents(blank, text) == [(name, "ORG") for name in expected]
    with disabled(["untagged-names"]):
        assert ents(blank, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "They came with their daughter Summer Rose today.",
            [("Summer Rose", "PERSON")],
            id="a-person-after-a-role-noun",
        ),
        pytest.param(
            "Police stopped a Black driver and two Indigenous women.",
            [("Black", "NORP"), ("Indigenous", "NORP")],
            id="a-people-by-race-or-origin",
        ),
        pytest.param(
            "He told The Evening Post about it.",
            [("The Evening Post", "ORG")],
            id="a-capital-the-begins-the-name",
        ),
        pytest.param(
            'She reviewed "Dorvik Quell," a novel.',
            [("Dorvik Quell", "WORK_OF_ART")],
            id="a-quoted-title",
        ),
    ],
)
def test_the_label_and_the_article(blank, text: str, expected: list[tuple[str, str]]) -> None:
    assert ents(blank, text) == expected
    with disabled(["untagged-names"]):
        assert ents(blank, text) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Playing at home, they won.", id="a-common-word-opening-a-sentence"),
        pytest.param("It rained.\nLocal Troopers said so.", id="common-words-opening-a-line"),
        pytest.param('He said: "Zemblagram is down."', id="after-a-quote"),
        pytest.param('They call it "Zemblagram" now.', id="one-quoted-word"),
        pytest.param("Now playing: Local Troopers live", id="common-words-after-a-colon"),
        pytest.param("Local Troopers said the bears left.", id="an-inflected-common-word"),
        pytest.param("She left on Friday in July, I think.", id="days-months-and-I"),
        pytest.param("The figures for GDP fell.", id="an-ordinary-abbreviation"),
        pytest.param("Three MPs said so.", id="a-job-title-in-the-plural"),
        pytest.param("She is a HUGE fan.", id="a-common-word-in-capitals"),
        pytest.param("The U.S.-led talks ended.", id="a-lowercase-word-after-a-hyphen"),
        pytest.param("The deal was signed by Sen Vortan.", id="a-title"),
        pytest.param("Plan for the option B only.", id="a-single-letter"),
        pytest.param(
            "Stores Near Zemblagram Are Closing Earlier Than Expected", id="a-title-case-headline"
        ),
    ],
)
def test_capitals_that_say_nothing_of_a_name(blank, text: str) -> None:
    assert ents(blank, text) == []


def test_a_name_the_model_tagged_is_left_alone() -> None:
    """The model's own spans win: the rule only fills what it left untagged."""
    import spacy

    from reader.nlp.untagged import add_untagged_names

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Dorvik Quell"}])
    add_untagged_names(nlp)
    assert ents(nlp, "They met Dorvik Quell and Ostrel Vane today.") == [
        ("Dorvik Quell", "PERSON"),
        ("Ostrel Vane", "ORG"),
    ]

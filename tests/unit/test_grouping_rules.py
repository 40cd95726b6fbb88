"""The general grouping rules on made-up sentences: which mentions belong to one entity.
Each test fails with its rule off."""

from __future__ import annotations

from reader.nlp.mentions import build_entities
from reader.nlp.rules import disabled
from tests.unit.test_mentions import panels, spans_of


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


def test_a_country_the_model_calls_a_place_is_no_surname() -> None:
    text = "Heats: Karl Lund Norway 10.21, Ivo Marek 10.30. Norway won the relay."
    spans = spans_of(
        text, ("Karl Lund Norway", "PERSON"), ("Ivo Marek", "PERSON"), ("Norway", "GPE")
    )
    assert panels(build_entities(text, spans)) == [["Karl Lund Norway"], ["Ivo Marek"], ["Norway"]]
    with disabled(["country-surnames"]):
        assert panels(build_entities(text, spans))[0] == ["Karl Lund Norway", "Norway"]


def test_a_country_ending_a_name_with_no_given_name_is_no_surname() -> None:
    text = "Welcome to Bachelorette Australia. Shoppers across Australia watched."
    spans = spans_of(text, ("Bachelorette Australia", "PERSON"), ("Australia", "GPE"))
    assert panels(build_entities(text, spans)) == [["Bachelorette Australia"], ["Australia"]]
    with disabled(["country-surnames"]):
        assert panels(build_entities(text, spans))[0] == ["Bachelorette Australia", "Australia"]


def test_a_country_used_as_a_persons_name_still_joins() -> None:
    text = "Michael Jordan scored 40. Jordan said he was tired."
    spans = spans_of(text, ("Michael Jordan", "PERSON"), ("Jordan", "GPE"))
    assert panels(build_entities(text, spans)) == [["Michael Jordan", "Jordan"]]


def test_a_place_the_country_table_lacks_may_be_a_surname() -> None:
    text = "Foreign Minister Abbas Tavani spoke. Tavani said talks went on."
    spans = spans_of(text, ("Abbas Tavani", "PERSON"), ("Tavani", "GPE"))
    assert panels(build_entities(text, spans)) == [["Abbas Tavani", "Tavani"]]


def test_a_bracketed_acronym_joins_no_name_short_of_its_letters() -> None:
    # (a title-case long form would be taken in whole: "Transport for London (TfL)")
    text = "The union for rights and democracy in Vantria (URDV) met. URDV leaders left Vantria."
    spans = spans_of(text, ("Vantria", "GPE"), ("Vantria", "GPE"))
    found = panels(build_entities(text, spans))
    assert ["Vantria", "Vantria"] in found
    assert ["URDV", "URDV"] in found
    with disabled(["acronym-letters"]):
        assert ["Vantria", "URDV", "URDV", "Vantria"] in panels(build_entities(text, spans))


def test_a_bracketed_acronym_joins_the_name_it_abbreviates() -> None:
    text = "The Defence Research Agency (DERA) warned us. DERA staff said more."
    spans = spans_of(text, ("Defence Research Agency", "ORG"))
    expected = [["Defence Research Agency", "DERA", "DERA"]]
    assert panels(build_entities(text, spans)) == expected


def test_a_generational_suffix_is_no_surname() -> None:
    text = "Lena Varga Jr. scored twice. Varga was pleased. Later, Varga left."
    tagged = spans_of(text, ("Lena Varga Jr.", "PERSON"), ("Varga", "ORG"))
    assert panels(build_entities(text, tagged)) == [["Lena Varga Jr.", "Varga", "Varga"]]
    untagged = spans_of(text, ("Lena Varga Jr.", "PERSON"))  # found by mention completion
    assert panels(build_entities(text, untagged)) == [["Lena Varga Jr.", "Varga", "Varga"]]

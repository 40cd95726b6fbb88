"""Round-4 rules on made-up sentences: a person's name the model called a body, the first
word of a company's name used alone, an initial opening a name, title words between a body
and a person, an adjective opening a sentence before a name, a demonym or party before a
title. Each test fails with its rule off."""

from __future__ import annotations

import pytest

from reader.nlp.mentions import build_entities
from reader.nlp.rules import disabled
from tests.unit.test_mentions import panels, spans_of


def _labelled(entities):
    return [(entity.name, entity.label, len(entity.mentions)) for entity in entities]


def test_a_name_opening_with_a_given_name_is_a_person_whatever_its_label() -> None:
    text = "Yet Dominic Tarrow drove north. Tarrow has denied any wrongdoing."
    spans = spans_of(text, ("Dominic Tarrow", "ORG"))
    assert _labelled(build_entities(text, spans)) == [("Dominic Tarrow", "PERSON", 2)]
    with disabled(["given-names"]):
        assert _labelled(build_entities(text, spans)) == [("Dominic Tarrow", "ORG", 1)]


def test_a_place_named_after_someone_stays_a_place() -> None:
    text = "They shopped in Beverly Mounds. Then they left."
    spans = spans_of(text, ("Beverly Mounds", "GPE"))
    assert _labelled(build_entities(text, spans)) == [("Beverly Mounds", "GPE", 1)]


def test_a_capital_letter_before_a_persons_name_begins_it() -> None:
    text = "We spoke with K Rove Dallin, the producer. Dallin smiled."
    spans = spans_of(text, ("Rove Dallin", "PERSON"))
    assert panels(build_entities(text, spans))[0] == ["K Rove Dallin", "Dallin"]
    with disabled(["single-initials"]):
        assert panels(build_entities(text, spans))[0] == ["Rove Dallin", "Dallin"]


def test_a_word_in_capitals_or_a_capitalised_word_before_the_letter_keeps_it_out() -> None:
    text = "Their Plan B Rove Dallin failed. I Rove Dallin knew it. Said A Rove Dallin."
    spans = spans_of(
        text, ("Rove Dallin", "PERSON"), ("Rove Dallin", "PERSON"), ("Rove Dallin", "PERSON")
    )
    assert panels(build_entities(text, spans)) == [["Rove Dallin"] * 3]


def test_a_participle_opening_a_sentence_is_cut_off_a_name() -> None:
    text = "Zolvers fans sang. Enraged Zolvers striker Ann Lee left. Zolvers lost."
    spans = spans_of(
        text,
        ("Zolvers", "ORG"),
        ("Enraged Zolvers", "ORG"),
        ("Ann Lee", "PERSON"),
        ("Zolvers", "ORG"),
    )
    assert panels(build_entities(text, spans))[0] == ["Zolvers", "Zolvers", "Zolvers"]
    with disabled(["sentence-openers"]):
        assert panels(build_entities(text, spans))[0] == ["Zolvers", "Zolvers"]


@pytest.mark.parametrize("opener", ["Bringing", "Celebrating"])
def test_a_participle_of_an_ordinary_word_is_no_first_word_of_a_name(opener: str) -> None:
    """The common words list ordinary words but few of their forms: "bringing" is "bring"."""
    text = f'Zolvers fans sang. "{opener} Zolvers home was right," she said. Zolvers lost.'
    spans = spans_of(text, ("Zolvers", "ORG"), ("Zolvers", "ORG"), ("Zolvers", "ORG"))
    assert panels(build_entities(text, spans))[0] == ["Zolvers", "Zolvers", "Zolvers"]


def test_a_given_name_spelled_like_a_participle_is_taken_in() -> None:
    """ "Jared" ends like "jarred" does, but a given name is no participle."""
    text = "The adviser Jared Zolver said so. Later Zolver left."
    spans = spans_of(text, ("Zolver", "PERSON"), ("Zolver", "PERSON"))
    assert panels(build_entities(text, spans))[0] == ["Jared Zolver", "Zolver"]


def test_a_participle_that_belongs_to_the_name_stays() -> None:
    text = "Associated Zolvers said so. The Zolvers rose. Later, Associated Zolvers fell."
    spans = spans_of(text, ("Associated Zolvers", "ORG"), ("Zolvers", "ORG"))
    assert panels(build_entities(text, spans))[0] == ["Associated Zolvers", "Associated Zolvers"]


def test_a_known_name_before_a_job_title_is_a_mention() -> None:
    text = "The Vantrist party met. Vantrist MP Ann Lee spoke first."
    spans = spans_of(text, ("Vantrist", "NORP"), ("Ann Lee", "PERSON"))
    assert panels(build_entities(text, spans))[0] == ["Vantrist", "Vantrist"]
    with disabled(["titles-after"]):
        assert panels(build_entities(text, spans))[0] == ["Vantrist"]


def test_a_known_name_before_another_capitalised_word_stays_out() -> None:
    text = "The Vantrist party met. Vantrist Petroleum shares rose."
    spans = spans_of(text, ("Vantrist", "NORP"))
    assert panels(build_entities(text, spans)) == [["Vantrist"]]


def test_a_name_the_model_calls_a_number_is_a_name_where_tagged_elsewhere() -> None:
    text = "A Vantrian official spoke. Vantrian engineers left. Vantrian oil flows."
    spans = spans_of(text, ("Vantrian", "NORP"), ("Vantrian", "CARDINAL"), ("Vantrian", "NORP"))
    assert panels(build_entities(text, spans))[0] == ["Vantrian"] * 3
    with disabled(["numbers-as-names"]):
        assert panels(build_entities(text, spans))[0] == ["Vantrian"] * 2


def test_an_ordinary_word_opening_a_sentence_is_no_place() -> None:
    text = "Storms hit Vantria. Media playback is off. It became a Category 4 storm."
    spans = spans_of(text, ("Vantria", "GPE"), ("Media", "GPE"), ("Category", "NORP"))
    assert [entity.name for entity in build_entities(text, spans)] == ["Vantria"]
    with disabled(["common-openers"]):
        names = [entity.name for entity in build_entities(text, spans)]
        assert names == ["Vantria", "Media", "Category"]


def test_an_ordinary_word_the_text_capitalises_inside_a_sentence_stays_a_place() -> None:
    text = "Gulf states met. Tankers left the Gulf on Monday."
    spans = spans_of(text, ("Gulf", "LOC"), ("Gulf", "LOC"))
    assert panels(build_entities(text, spans)) == [["Gulf", "Gulf"]]


def test_a_title_ending_a_bodys_name_before_a_person_is_cut_off() -> None:
    text = "He said so, Vantria Journal Political Correspondent Jane Roe wrote."
    spans = spans_of(
        text, ("Vantria Journal Political Correspondent", "ORG"), ("Jane Roe", "PERSON")
    )
    assert panels(build_entities(text, spans)) == [["Vantria Journal"], ["Jane Roe"]]
    with disabled(["title-tails"]):
        assert panels(build_entities(text, spans))[0] == ["Vantria Journal Political Correspondent"]


def test_a_body_named_after_a_title_without_a_person_after_it_stays_whole() -> None:
    text = "The Vantria Journal Political Correspondent prize went to a poet."
    spans = spans_of(text, ("Vantria Journal Political Correspondent", "ORG"))
    assert panels(build_entities(text, spans)) == [["Vantria Journal Political Correspondent"]]


def test_an_acronym_running_text_repeats_is_a_name() -> None:
    text = "Fighters of the VKP held the pass. Later VKP flags flew over the town."
    assert panels(build_entities(text, [])) == [["VKP", "VKP"]]
    with disabled(["repeated-acronyms"]):
        assert build_entities(text, []) == []


def test_ordinary_abbreviations_and_headlines_in_capitals_are_no_acronym_names() -> None:
    text = "VOTERS BACK VKP PLAN\n\nThe MP said TV was to blame. The MP left. TV, again. VKP won."
    assert build_entities(text, []) == []


def test_a_date_stays_a_date_beside_a_name_spelt_the_same() -> None:
    text = "Ann Vell spoke. Vell met Bo on Vell 3. Later Vell left."
    spans = spans_of(text, ("Ann Vell", "PERSON"), ("Vell", "PERSON"), ("Vell", "DATE"))
    labels = {entity.label for entity in build_entities(text, spans)}
    assert "DATE" in labels


def test_a_group_before_an_ordinary_capitalised_word_names_a_body() -> None:
    text = "Leaders of the Vantrian State met in the capital."
    spans = spans_of(text, ("Vantrian", "NORP"))
    assert [(e.name, e.label) for e in build_entities(text, spans)] == [("Vantrian State", "ORG")]
    with disabled(["norp-bodies"]):
        assert [e.name for e in build_entities(text, spans)] == ["Vantrian"]


def test_a_group_before_a_job_title_stays_a_group() -> None:
    text = "The Vantrian Minister spoke."
    spans = spans_of(text, ("Vantrian", "NORP"))
    assert [e.name for e in build_entities(text, spans)] == ["Vantrian"]


def test_lowercase_words_opening_a_person_are_cut_off_but_not_a_surnames_particle() -> None:
    text = (
        "He drove his dying dad Rove Dallin home. Ask custodian X. Then his friend de Vrolik"
        " sang, and his lawyer J. Smeld said no."
    )
    spans = spans_of(
        text,
        ("dying dad Rove Dallin", "PERSON"),
        ("custodian X", "PERSON"),
        ("his friend de Vrolik", "PERSON"),
        ("his lawyer J. Smeld", "PERSON"),
    )
    assert panels(build_entities(text, spans)) == [["Rove Dallin"], ["de Vrolik"], ["J. Smeld"]]
    with disabled(["lowercase-head"]):
        assert panels(build_entities(text, spans)) == [
            ["dying dad Rove Dallin"],
            ["custodian X"],
            ["his friend de Vrolik"],
            ["his lawyer J. Smeld"],
        ]

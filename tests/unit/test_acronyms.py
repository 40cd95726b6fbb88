"""Acronyms defined in brackets (Schwartz–Hearst) and the rule groups that can be ablated."""

from __future__ import annotations

import pytest

from reader.nlp.acronyms import best_long_form, find_definitions, is_short_form
from reader.nlp.mentions import build_entities
from reader.nlp.pipeline import unshout
from reader.nlp.rules import RULE_GROUPS, active, disabled
from reader.nlp.spans import RawSpan


def _pairs(text: str) -> list[tuple[str, str]]:
    return [
        (text[d.long_start : d.long_end], text[d.short_start : d.short_end])
        for d in find_definitions(text)
    ]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("The Bureau of Meteorology (BOM) warned.", [("Bureau of Meteorology", "BOM")]),
        ("the Democratic Republic of Congo (DRC) said", [("Democratic Republic of Congo", "DRC")]),
        (
            "the Federal Bureau of Investigation (F.B.I.)",
            [("Federal Bureau of Investigation", "F.B.I.")],
        ),
        (
            "NATO (North Atlantic Treaty Organization) met",
            [("North Atlantic Treaty Organization", "NATO")],
        ),
        ("officials, the World Health Organisation (WHO)", [("World Health Organisation", "WHO")]),
        (  # short lowercase words are not counted against the long form's length
            "The International Association of Machinists and Aerospace Workers (IAM) struck.",
            [("International Association of Machinists and Aerospace Workers", "IAM")],
        ),
    ],
)
def test_definitions_are_found_with_their_long_form(
    text: str, pairs: list[tuple[str, str]]
) -> None:
    assert _pairs(text) == pairs


@pytest.mark.parametrize(
    "text",
    [
        "He said (AP) that it rained.",  # no word opens with A, then P
        "in Washington (Reuters) - The",  # one capital: not a short form
        "the Dutch Research Council (NWO) said",  # no word of it opens with N
        "a rise of 4% (2019) in",  # no letter
        "Smith said. (BBC) The",  # the clause ends before the bracket
    ],
)
def test_brackets_that_define_nothing_are_left_alone(text: str) -> None:
    assert find_definitions(text) == []


def test_the_first_letter_must_open_a_word() -> None:
    assert best_long_form("BOM", "Bureau of Meteorology") == 0
    assert best_long_form("MB", "umbrella") is None
    assert not is_short_form("Reuters") and is_short_form("BoM")


def test_an_acronym_defined_in_brackets_joins_its_name() -> None:
    text = "The Bureau of Meteorology (BoM) issued a warning. Later the BoM said more."
    spans = [RawSpan(4, 25, "ORG")]  # the model found only the long form
    entities = {e.name: e for e in build_entities(text, spans)}
    bureau = entities["Bureau of Meteorology"]
    assert [m.text for m in bureau.mentions] == ["Bureau of Meteorology", "BoM", "BoM"]
    with disabled(["bracket-acronyms"]):
        alone = build_entities(text, spans)
    assert [e.name for e in alone] == ["Bureau of Meteorology"]


def test_a_name_before_an_acronym_takes_in_the_rest_of_its_long_form() -> None:
    text = "Transport for London (TfL) said fares would rise. TfL blamed costs."
    spans = [RawSpan(14, 20, "GPE"), RawSpan(22, 25, "ORG")]  # "London", one "TfL"
    entities = build_entities(text, spans)
    assert [(e.name, e.label) for e in entities] == [("Transport for London", "ORG")]
    assert [m.text for m in entities[0].mentions] == ["Transport for London", "TfL", "TfL"]
    # a long form that is no title-case name is not taken in: "mayor of London (MoL)"
    plain = "the mayor of London (MoL) spoke."
    assert _pairs(plain) == [("mayor of London", "MoL")]
    assert build_entities(plain, [RawSpan(13, 19, "GPE")])[0].name == "London"


def test_a_long_form_cut_into_pieces_is_one_name_unless_a_piece_is_a_person() -> None:
    text = "Analysts at Stiftung Ostra und Politik (SOP) agreed."
    spans = [RawSpan(12, 26, "ORG"), RawSpan(31, 38, "ORG")]  # "Stiftung Ostra", "Politik"
    entities = build_entities(text, spans)
    assert [(e.name, e.label) for e in entities] == [("Stiftung Ostra und Politik", "ORG")]
    assert [m.text for m in entities[0].mentions] == ["Stiftung Ostra und Politik", "SOP"]
    person = "Ann Lee and Partners (ALP) agreed."
    found = build_entities(person, [RawSpan(0, 7, "PERSON"), RawSpan(12, 20, "ORG")])
    assert [(e.name, e.label) for e in found][0] == ("Ann Lee", "PERSON")


def test_rule_groups_are_on_unless_disabled_and_names_are_checked() -> None:
    assert all(active(group) for group in RULE_GROUPS)
    with disabled(["case-variants"]):
        assert not active("case-variants") and active("join-people")
    assert active("case-variants")
    with pytest.raises(KeyError), disabled(["no-such-rule"]):
        pass


def test_a_first_name_joins_its_one_person_whatever_the_model_called_it() -> None:
    text = "Jake Austin sang. Later Jake smiled. Jordan Henderson flew to Jordan."
    spans = [
        RawSpan(0, 11, "PERSON"),
        RawSpan(24, 28, "NORP"),  # the small model's guess for a bare first name
        RawSpan(37, 53, "PERSON"),
        RawSpan(62, 68, "GPE"),
    ]
    names = {e.name: [m.text for m in e.mentions] for e in build_entities(text, spans)}
    assert names["Jake Austin"] == ["Jake Austin", "Jake"]
    assert names["Jordan"] == ["Jordan"]  # a place stays apart from the person


def test_a_span_run_across_a_line_break_is_cut_into_its_lines() -> None:
    text = "President\nNuclear Energy Institute\nWashington, June 19"
    spans = [RawSpan(10, 45, "ORG")]  # the model read the signature block as one name
    names = [e.name for e in build_entities(text, spans)]
    assert names == ["Nuclear Energy Institute", "Washington"]
    with disabled(["line-breaks"]):
        assert build_entities(text, spans) == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (
            "SOCCER - JAPAN BEAT SYRIA . TOKYO 1996-08-30",
            "Soccer - Japan Beat Syria . Tokyo 1996-08-30",
        ),
        ("NATO and U.S. forces", "NATO and U.S. forces"),  # acronyms are not a headline
        ("MILWAUKEE 1996-08-30", "MILWAUKEE 1996-08-30"),  # one word: left alone
    ],
)
def test_headlines_in_capitals_reach_the_model_in_title_case(text: str, read: str) -> None:
    assert unshout(text) == read and len(unshout(text)) == len(text)
    with disabled(["unshout"]):
        assert unshout(text) == text


@pytest.mark.parametrize(
    ("text", "span", "label", "names"),
    [
        (
            "CRICKET - ENGLISH COUNTY CHAMPIONSHIP",
            (0, 37),
            "ORG",
            ["ENGLISH COUNTY CHAMPIONSHIP"],  # "CRICKET" is a section label (section-labels)
        ),
        ("at the Oval , London on Friday", (7, 20), "FAC", ["Oval", "London"]),
        ("1. Ann Lee * Vantria ) 2:01", (3, 20), "PERSON", ["Ann Lee", "Vantria"]),
        ("Bo Tal • Ann Lee", (0, 16), "PERSON", ["Bo Tal", "Ann Lee"]),
        ("bowler S. Watkin 4-28 took", (7, 21), "PERSON", ["S. Watkin"]),
        ("Ann Lee 71 led the field", (0, 10), "PERSON", ["Ann Lee"]),
        ("the Apollo 11 crew", (4, 13), "PRODUCT", ["Apollo 11"]),  # a name with a number
        ("on May 5, 2024 it rained", (3, 14), "DATE", ["May 5, 2024"]),  # a date: one
        ("1706 - Prussian troops", (0, 15), "DATE", ["1706", "Prussian"]),
    ],
)
def test_names_joined_by_separators_or_glued_to_scores_come_apart(
    text: str, span: tuple[int, int], label: str, names: list[str]
) -> None:
    assert [e.name for e in build_entities(text, [RawSpan(*span, label)])] == names


def test_a_photo_credit_names_its_photographer_a_person() -> None:
    text = "(Jane Roe/AFP/Getty Images)"
    spans = [RawSpan(1, len(text) - 1, "ORG")]
    found = [(e.name, e.label) for e in build_entities(text, spans)]
    assert found == [("Jane Roe", "PERSON"), ("AFP", "ORG"), ("Getty Images", "ORG")]
    text = "(Reuters/Jane Roe)"  # an agency first: nothing to say of the others
    found = [(e.name, e.label) for e in build_entities(text, [RawSpan(1, 17, "ORG")])]
    assert found == [("Reuters", "ORG"), ("Jane Roe", "ORG")]

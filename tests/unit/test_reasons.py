"""Every mention says why it belongs to its entity, from the step that put it there."""

from __future__ import annotations

import pytest

from reader.models import Entity
from reader.nlp.mentions import FOUND, FOUND_AGAIN, FOUND_BY_RULE, RawSpan, build_entities
from tests.unit.test_mentions import named, spans_of


def reasons(entity: Entity) -> list[tuple[str, str]]:
    return [(mention.text, mention.reason) for mention in entity.mentions]


@pytest.mark.parametrize(
    ("text", "marks", "name", "expected"),
    [
        pytest.param(
            "Benjamin Netanyahu spoke. Netanyahu left.",
            [("Benjamin Netanyahu", "PERSON"), ("Netanyahu", "PERSON")],
            "Benjamin Netanyahu",
            [("Benjamin Netanyahu", FOUND), ("Netanyahu", "surname of Benjamin Netanyahu")],
            id="surname",
        ),
        pytest.param(
            "Sarah Okafor spoke. Then Sarah left.",
            [("Sarah Okafor", "PERSON"), ("Sarah", "PERSON")],
            "Sarah Okafor",
            [("Sarah Okafor", FOUND), ("Sarah", "first name of Sarah Okafor")],
            id="first-name",
        ),
        pytest.param(
            "Kim Jong-un spoke. Then Kim left.",
            [("Kim Jong-un", "PERSON"), ("Kim", "PERSON")],
            "Kim Jong-un",
            [("Kim Jong-un", FOUND), ("Kim", "surname of Kim Jong-un")],
            id="family-name-first",
        ),
        pytest.param(
            "Xi Jinping spoke. Then Xi left.",
            [("Xi Jinping", "PERSON"), ("Xi", "PERSON")],
            "Xi Jinping",
            [("Xi Jinping", FOUND), ("Xi", "short form of Xi Jinping")],
            id="first-word-no-given-name",
        ),
        pytest.param(
            "John F. Kennedy spoke. John Kennedy left.",
            [("John F. Kennedy", "PERSON"), ("John Kennedy", "PERSON")],
            "John F. Kennedy",
            [("John F. Kennedy", FOUND), ("John Kennedy", "another form of John F. Kennedy")],
            id="variant",
        ),
        pytest.param(
            "The Federal Bureau of Investigation said so. The FBI denied it.",
            [("Federal Bureau of Investigation", "ORG"), ("FBI", "ORG")],
            "Federal Bureau of Investigation",
            [
                ("Federal Bureau of Investigation", FOUND),
                ("FBI", "acronym of Federal Bureau of Investigation"),
            ],
            id="acronym",
        ),
        pytest.param(
            "The Bureau of Meteorology (BOM) warned. BOM said more.",
            [("Bureau of Meteorology", "ORG"), ("BOM", "ORG"), ("BOM", "ORG")],
            "Bureau of Meteorology",
            [
                ("Bureau of Meteorology", FOUND),
                ("BOM", "acronym the text defines for Bureau of Meteorology"),
                ("BOM", "acronym the text defines for Bureau of Meteorology"),
            ],
            id="declared-acronym",
        ),
        pytest.param(
            "The U.S. said so, and the United States agreed.",
            [("U.S.", "GPE"), ("United States", "GPE")],
            "United States",
            [("U.S.", "another name for United States"), ("United States", FOUND)],
            id="known-abbreviation",
        ),
        pytest.param(
            "TEHRAN - Officials in Tehran said so.",
            [("TEHRAN", "GPE"), ("Tehran", "GPE")],
            "Tehran",
            [("TEHRAN", "Tehran in capitals"), ("Tehran", FOUND)],
            id="capitals",
        ),
        pytest.param(
            "Acme Corp. grew. Acme said so.",
            [("Acme Corp.", "ORG"), ("Acme", "ORG")],
            "Acme Corp.",
            [("Acme Corp.", FOUND), ("Acme", "short form of Acme Corp.")],
            id="company",
        ),
        pytest.param(
            "Hamas spoke on Monday. Hamas spoke again.",
            [("Hamas", "ORG")],
            "Hamas",
            [("Hamas", FOUND), ("Hamas", FOUND_AGAIN)],
            id="completion",
        ),
        pytest.param(
            "Benjamin Netanyahu spoke. Netanyahu left. Later, Netanyahu came back.",
            [("Benjamin Netanyahu", "PERSON"), ("Netanyahu", "PERSON")],
            "Benjamin Netanyahu",
            [
                ("Benjamin Netanyahu", FOUND),
                ("Netanyahu", "surname of Benjamin Netanyahu"),
                ("Netanyahu", "surname of Benjamin Netanyahu, found again"),
            ],
            id="completion-of-a-surname",
        ),
        pytest.param(
            "Sarah Okafor spoke. Then Okafor left.",
            [("Sarah Okafor", "PERSON")],
            "Sarah Okafor",
            [("Sarah Okafor", FOUND), ("Okafor", "surname of Sarah Okafor")],
            id="short-alias-never-tagged",
        ),
    ],
)
def test_each_grouping_path_gives_its_reason(text, marks, name, expected):
    assert reasons(named(build_entities(text, spans_of(text, *marks)), name)) == expected


def test_the_reason_travels_in_the_json_and_is_not_part_of_a_mention():
    text = "Benjamin Netanyahu spoke. Netanyahu left."
    entity = named(
        build_entities(text, spans_of(text, ("Benjamin Netanyahu", "PERSON"))),
        "Benjamin Netanyahu",
    )
    data = entity.to_json()
    assert [m["reason"] for m in data["mentions"]] == [FOUND, "surname of Benjamin Netanyahu"]
    assert Entity.from_json(data) == entity
    assert [m.reason for m in Entity.from_json(data).mentions] == [
        m.reason for m in entity.mentions
    ]
    plain = {key: value for key, value in data["mentions"][0].items() if key != "reason"}
    assert set(plain) == {"start", "end", "text"}


def at(text: str, surface: str, label: str, source: str = "") -> RawSpan:
    start = text.index(surface)
    return RawSpan(start, start + len(surface), label, source)


def test_a_rule_components_mention_says_which_rule_found_it():
    text = "Ann Lee of Zolbermart Group left. A guard at Zolbermart saw him."
    spans = [at(text, "Ann Lee", "PERSON"), at(text, "Zolbermart Group", "ORG", "untagged-names")]
    entities = build_entities(text, spans)
    assert reasons(named(entities, "Zolbermart Group")) == [
        ("Zolbermart Group", FOUND_BY_RULE["untagged-names"]),
        ("Zolbermart", "short form of Zolbermart Group"),
    ]
    assert reasons(named(entities, "Ann Lee")) == [("Ann Lee", FOUND)]


def test_a_span_joined_from_the_models_and_a_rules_is_the_models():
    text = "Talks with Ann Lee Zolbermart ended."
    spans = [at(text, "Ann Lee", "PERSON"), at(text, "Zolbermart", "PERSON", "untagged-names")]
    joined = build_entities(text, spans)
    assert [entity.name for entity in joined] == ["Ann Lee Zolbermart"]
    assert reasons(joined[0]) == [("Ann Lee Zolbermart", FOUND)]


@pytest.mark.model
def test_the_pipeline_tells_the_rule_components_names_from_the_models():
    from reader.nlp.pipeline import analyse

    text = "LONDON (Reuters) - Theresa May said the Web sites of the councils were slow."
    found = {m.text: m.reason for entity in analyse(text) for m in entity.mentions}
    assert found["LONDON"] == FOUND_BY_RULE["datelines"]
    assert found["Web"] == FOUND_BY_RULE["untagged-names"]
    assert found["Reuters"] == FOUND

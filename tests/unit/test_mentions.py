"""build_entities on hand-written spans: cleaning, grouping and completion (no model)."""

from __future__ import annotations

import re

import pytest

from reader.models import Entity
from reader.nlp.mentions import RawSpan, build_entities, slugify
from reader.nlp.rules import disabled


def spans_of(text: str, *marks: tuple[str, str]) -> list[RawSpan]:
    """A RawSpan for each (surface, label): its next whole-word occurrence not yet marked."""
    spans: list[RawSpan] = []
    for surface, label in marks:
        pattern = r"(?<!\w)" + re.escape(surface) + r"(?!\w)"
        for match in re.finditer(pattern, text):
            if not any(s.start < match.end() and match.start() < s.end for s in spans):
                spans.append(RawSpan(match.start(), match.end(), label))
                break
        else:
            raise AssertionError(f"no free occurrence of {surface!r}")
    return spans


def named(entities: list[Entity], name: str) -> Entity:
    matches = [entity for entity in entities if entity.name == name]
    assert len(matches) == 1, [entity.name for entity in entities]
    return matches[0]


def texts(entity: Entity) -> list[str]:
    return [mention.text for mention in entity.mentions]


def panels(entities: list[Entity]) -> list[list[str]]:
    """Each entity's mentions, as its panel lists them."""
    return [texts(entity) for entity in entities]


@pytest.mark.parametrize(
    ("text", "marks", "name", "expected"),
    [
        pytest.param(
            "Benjamin Netanyahu flew home. Netanyahu’s office said so.",
            [("Benjamin Netanyahu", "PERSON"), ("Netanyahu’s", "PERSON")],
            "Benjamin Netanyahu",
            ["Benjamin Netanyahu", "Netanyahu"],
            id="curly-possessive",
        ),
        pytest.param(
            "Benjamin Netanyahu flew home. Netanyahu's office said so.",
            [("Benjamin Netanyahu", "PERSON"), ("Netanyahu's", "PERSON")],
            "Benjamin Netanyahu",
            ["Benjamin Netanyahu", "Netanyahu"],
            id="straight-possessive",
        ),
        pytest.param(
            "The Davies’ house was sold by Jones.",
            [("Davies’", "PERSON")],
            "Davies",
            ["Davies"],
            id="bare-apostrophe-after-s",
        ),
        pytest.param(
            "Israel's domestic security agency 'Shin Bet' chief spoke.",
            [("Shin Bet'", "PERSON")],
            "Shin Bet",
            ["Shin Bet"],
            id="closing-quote",
        ),
        pytest.param(
            'The agency, known as "Mossad", said nothing.',
            [('"Mossad",', "ORG")],
            "Mossad",
            ["Mossad"],
            id="double-quotes-and-comma",
        ),
        pytest.param(
            "Both Hamas and the Islamic Republic have blamed Israel.",
            [("the Islamic Republic", "GPE")],
            "Islamic Republic",
            ["Islamic Republic"],
            id="the-prefix",
        ),
        pytest.param(
            "Carlsen chose a Berlin Defence again.",
            [("a Berlin Defence", "WORK_OF_ART")],
            "Berlin Defence",
            ["Berlin Defence"],
            id="a-prefix",
        ),
        pytest.param(
            "The deal is backed by the U.S. and the United States Congress. The US agrees.",
            [("U.S.", "GPE"), ("US", "GPE")],
            "United States",
            ["U.S.", "US"],
            id="us-abbreviations",
        ),
        pytest.param(
            "Rafael Grossi spoke. Later, Grossi said more, and Grossi left.",
            [("Rafael Grossi", "PERSON"), ("Grossi", "GPE")],
            "Rafael Grossi",
            ["Rafael Grossi", "Grossi", "Grossi"],
            id="surname-mislabelled-as-place-and-completed",
        ),
        pytest.param(
            "Sarah Okafor ran the models. Okafor said they were robust.",
            [("Sarah Okafor", "PERSON")],
            "Sarah Okafor",
            ["Sarah Okafor", "Okafor"],
            id="surname-never-marked-alone",
        ),
        pytest.param(
            "Shin Bet chief spoke. Shin Bet agents left. Later Shin Bet denied it.",
            [("Shin Bet", "PERSON"), ("Shin Bet", "ORG"), ("Shin Bet", "ORG")],
            "Shin Bet",
            ["Shin Bet", "Shin Bet", "Shin Bet"],
            id="mislabelled-once",
        ),
        pytest.param(
            "TEHRAN — Officials in Tehran said so.",
            [("Tehran", "GPE")],
            "Tehran",
            ["TEHRAN", "Tehran"],
            id="dateline-capitals",
        ),
        pytest.param(
            "The International Atomic Energy Agency met. The IAEA report was grim.",
            [("International Atomic Energy Agency", "ORG"), ("IAEA", "ORG")],
            "International Atomic Energy Agency",
            ["International Atomic Energy Agency", "IAEA"],
            id="acronym",
        ),
        pytest.param(
            "Homes along the River Ouse flooded. The Ouse rose again.",
            [("the River Ouse", "LOC"), ("Ouse", "ORG")],
            "River Ouse",
            ["River Ouse", "Ouse"],
            id="place-with-generic-word",
        ),
        pytest.param(
            "Ferries crossed Tokyo Bay. In Tokyo, trains stopped.",
            [("Tokyo Bay", "LOC"), ("Tokyo", "GPE")],
            "Tokyo",
            ["Tokyo"],
            id="a-city-beside-the-bay-named-after-it",
        ),
    ],
)
def test_grouping_and_cleaning(
    text: str, marks: list[tuple[str, str]], name: str, expected: list[str]
) -> None:
    entity = named(build_entities(text, spans_of(text, *marks)), name)
    assert texts(entity) == expected
    assert entity.aliases[0] == max(entity.aliases, key=len) or entity.name not in entity.aliases


@pytest.mark.parametrize(
    ("text", "marks", "name", "expected"),
    [
        pytest.param(
            "Ronen Bar leads the agency. David Barnea met Bar on Monday. Bar said no. "
            "The bar was open. Bar owners complained. The Bar Association objected.",
            [("Ronen Bar", "PERSON"), ("David Barnea", "PERSON")],
            "Ronen Bar",
            ["Ronen Bar", "Bar", "Bar"],
            id="surname-that-is-a-common-word",
        ),
        pytest.param(
            "Theresa May spoke on May 5. Later May said she agreed. May 6 was quiet.",
            [("Theresa May", "PERSON"), ("May 5", "DATE")],
            "Theresa May",
            ["Theresa May", "May"],
            id="surname-that-is-a-month",
        ),
        pytest.param(
            "Israel struck. Israeli officials said Israel would wait; Israel-Hamas talks go on.",
            [("Israel", "GPE")],
            "Israel",
            ["Israel", "Israel", "Israel"],
            id="never-inside-a-longer-word",
        ),
        pytest.param(
            "Officials in New York met. York is far away, said a man from York.",
            [("New York", "GPE"), ("York", "GPE")],
            "York",
            ["York", "York"],
            id="never-inside-a-longer-mention",
        ),
        pytest.param(
            "Gaza spoke. Fighters from Gaza City and Gaza Strip met. Gaza was quiet.",
            [("Gaza", "GPE")],
            "Gaza",
            ["Gaza", "Gaza"],
            id="not-part-of-an-unknown-longer-name",
        ),
    ],
)
def test_completion(
    text: str, marks: list[tuple[str, str]], name: str, expected: list[str]
) -> None:
    entity = named(build_entities(text, spans_of(text, *marks)), name)
    assert texts(entity) == expected


def test_two_people_sharing_a_first_name_stay_apart() -> None:
    text = (
        "Ali Khamenei spoke. Ali Larijani travelled. Khamenei agreed. "
        "Larijani’s trip was long. Ali was tired."
    )
    marks = [
        ("Ali Khamenei", "PERSON"),
        ("Ali Larijani", "PERSON"),
        ("Khamenei", "PERSON"),
        ("Larijani’s", "PERSON"),
        ("Ali", "PERSON"),
    ]
    entities = build_entities(text, spans_of(text, *marks))
    assert texts(named(entities, "Ali Khamenei")) == ["Ali Khamenei", "Khamenei"]
    assert texts(named(entities, "Ali Larijani")) == ["Ali Larijani", "Larijani"]
    assert texts(named(entities, "Ali")) == ["Ali"]


def test_surname_that_fits_two_people_is_not_guessed() -> None:
    text = "Mark Warner and Ann Warner met. Warner said it went well."
    marks = [("Mark Warner", "PERSON"), ("Ann Warner", "PERSON"), ("Warner", "PERSON")]
    entities = build_entities(text, spans_of(text, *marks))
    assert texts(named(entities, "Warner")) == ["Warner"]
    assert texts(named(entities, "Mark Warner")) == ["Mark Warner"]


def test_a_bare_first_name_joins_the_only_person_with_it() -> None:
    text = "Erling Haaland scored. Pep Guardiola said Erling is a killer."
    marks = [("Erling Haaland", "PERSON"), ("Pep Guardiola", "PERSON"), ("Erling", "PERSON")]
    entities = build_entities(text, spans_of(text, *marks))
    assert texts(named(entities, "Erling Haaland")) == ["Erling Haaland", "Erling"]


@pytest.mark.parametrize(
    "surface",
    [
        pytest.param(
            "wrapped by hand at the end of a long line, Angela\nMerkel", id="newline-inside"
        ),
        pytest.param("Angela\u241bMerkel", id="control-stand-in"),
        pytest.param("Angela\ufffdMerkel", id="replacement-character"),
        pytest.param("Word " * 30, id="too-long"),
        pytest.param("' — '", id="only-punctuation"),
    ],
)
def test_garbage_spans_are_dropped(surface: str) -> None:
    text = f"Before {surface} after."
    assert build_entities(text, [RawSpan(7, 7 + len(surface), "PERSON")]) == []


def test_numeric_labels_are_kept_but_not_completed() -> None:
    text = "In 2024 the war went on. By 2024 it had not ended."
    entities = build_entities(text, spans_of(text, ("2024", "DATE")))
    assert [(entity.name, entity.label, texts(entity)) for entity in entities] == [
        ("2024", "DATE", ["2024"])
    ]


def test_ids_are_unique_slugs() -> None:
    text = "May spoke in May. Theresa May left. Zürich Café opened."
    marks = [("May", "PERSON"), ("May", "DATE"), ("Zürich Café", "ORG")]
    ids = [entity.id for entity in build_entities(text, spans_of(text, *marks))]
    assert sorted(ids) == ["may", "may-2", "zurich-cafe"]
    assert slugify("Benjamin Netanyahu") == "benjamin-netanyahu"


SAMPLE = (
    "Benjamin Netanyahu's office said Israel and Hamas met in Egypt on Friday. "
    "Netanyahu’s aide, speaking in Cairo, said the U.S. backed the talks.\n\n"
    "Hamas said 'Netanyahu' had stalled; Egypt disagreed. The United States, "
    "Egypt and Qatar mediate. On Friday Israel's army said Hamas fired 12 rockets."
)


@pytest.mark.parametrize(
    "marks",
    [
        pytest.param(
            [
                ("Benjamin Netanyahu's", "PERSON"),
                ("Israel", "GPE"),
                ("Hamas", "ORG"),
                ("Egypt", "GPE"),
                ("Friday", "DATE"),
                ("Netanyahu’s aide", "PERSON"),
                ("Cairo", "GPE"),
                ("U.S.", "GPE"),
                ("'Netanyahu'", "PERSON"),
                ("The United States", "GPE"),
                ("Qatar", "GPE"),
                ("12", "CARDINAL"),
            ],
            id="typical",
        ),  # fmt: skip
        pytest.param(
            [
                ("Benjamin Netanyahu's office", "ORG"),
                ("office said Israel", "ORG"),
                ("Israel", "GPE"),
                ("Egypt", "GPE"),
                ("Egypt", "GPE"),
            ],
            id="overlapping-garbage",
        ),  # fmt: skip
    ],
)
def test_invariants(marks: list[tuple[str, str]]) -> None:
    # First occurrences, overlapping or not: the model may return anything.
    spans = [RawSpan(SAMPLE.index(s), SAMPLE.index(s) + len(s), label) for s, label in marks]
    entities = build_entities(SAMPLE, spans)
    every = sorted((m.start, m.end) for entity in entities for m in entity.mentions)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(every, every[1:], strict=False))
    firsts = [entity.mentions[0].start for entity in entities]
    assert firsts == sorted(firsts)
    assert len({entity.id for entity in entities}) == len(entities)
    for entity in entities:
        assert list(entity.mentions) == sorted(entity.mentions)
        for mention in entity.mentions:
            assert mention.text == SAMPLE[mention.start : mention.end]
            assert mention.text == mention.text.strip(" '’\",")
            assert not mention.text.endswith(("'s", "’s"))
        assert len(set(entity.aliases)) == len(entity.aliases)
        assert set(entity.aliases) == {mention.text for mention in entity.mentions}


def test_a_book_sized_input_groups_every_mention() -> None:
    """200,000 words with 72,000 spans (denser than a real book): every copy's mentions end
    up in their entity. How long it takes is measured by ``bench/mentions.py``."""
    paragraph = (
        "Benjamin Netanyahu met Ismail Haniyeh's envoy in Cairo. Netanyahu’s office and "
        "the U.S. said Hamas, Egypt and Qatar agreed; Ronen Bar of Shin Bet nodded. "
    )
    marks = [("Benjamin Netanyahu", "PERSON"), ("Ismail Haniyeh's", "PERSON"),
             ("Cairo", "GPE"), ("Netanyahu’s", "PERSON"), ("U.S.", "GPE"), ("Hamas", "ORG"),
             ("Egypt", "GPE"), ("Qatar", "GPE"), ("Ronen Bar", "PERSON")]  # fmt: skip
    base = spans_of(paragraph, *marks)
    copies = 200_000 // len(paragraph.split())
    text = paragraph * copies
    spans = [
        RawSpan(s.start + i * len(paragraph), s.end + i * len(paragraph), s.label)
        for i in range(copies)
        for s in base
    ]
    entities = build_entities(text, spans)
    assert len(spans) > 35_000
    assert len(named(entities, "Benjamin Netanyahu").mentions) == 2 * copies


@pytest.mark.parametrize(
    ("text", "marks", "name", "label", "expected"),
    [
        pytest.param(
            "CAPE CANAVERAL, Fla. — A rocket rose. Crowds in Cape Canaveral cheered.",
            [("Cape Canaveral", "GPE")],
            "Cape Canaveral",
            "GPE",
            ["CAPE CANAVERAL", "Cape Canaveral"],
            id="dateline-in-capitals",
        ),
        pytest.param(
            "He lives in Tampa, Fla., far from Florida's capital.",
            [("Fla.", "GPE"), ("Florida's", "GPE")],
            "Florida",
            "GPE",
            ["Fla.", "Florida"],
            id="state-abbreviation-keeps-its-dot",
        ),
        pytest.param(
            "The Natural Environment Research Council (NERC) paid. NERC said so.",
            [("Natural Environment Research Council", "ORG")],
            "Natural Environment Research Council",
            "ORG",
            ["Natural Environment Research Council", "NERC", "NERC"],
            id="acronym-in-parentheses",
        ),
        pytest.param(
            "LONDON — Erling Haaland's header won it. Haaland was happy.",
            [("Haaland's", "GPE"), ("Haaland", "GPE")],
            "Erling Haaland",
            "PERSON",
            ["Erling Haaland", "Haaland"],
            id="left-out-first-name",
        ),
        pytest.param(
            "Yesterday Haaland scored. Haaland was happy.",
            [("Haaland", "PERSON"), ("Haaland", "PERSON")],
            "Haaland",
            "PERSON",
            ["Haaland", "Haaland"],
            id="ordinary-word-before-is-no-first-name",
        ),
        pytest.param(
            "He lost to American Oliver McCall. McCall won.",
            [("Oliver McCall", "PERSON"), ("McCall", "PERSON")],
            "Oliver McCall",
            "PERSON",
            ["Oliver McCall", "McCall"],
            id="nationality-before-a-name-is-no-first-name",
        ),
        pytest.param(
            "Arteta said no. City beat Mikel Arteta's side.",
            [("Arteta", "PERSON")],
            "Arteta",
            "PERSON",
            ["Arteta", "Mikel Arteta"],
            id="completion-takes-in-first-name",
        ),
        pytest.param(
            "It flew on a Falcon 9 rocket.",
            [("Falcon", "ORG")],
            "Falcon 9",
            "ORG",
            ["Falcon 9"],
            id="model-number",
        ),
        pytest.param(
            "Arsenal 2-2 City, said the board of Arsenal.",
            [("Arsenal", "ORG")],
            "Arsenal",
            "ORG",
            ["Arsenal", "Arsenal"],
            id="score-is-no-model-number",
        ),
        pytest.param(
            "SpaceX won. It flew a SpaceX Falcon rocket.",
            [("SpaceX", "ORG"), ("Falcon", "PRODUCT")],
            "SpaceX",
            "ORG",
            ["SpaceX", "SpaceX"],
            id="completion-before-another-known-name",
        ),
        pytest.param(
            "Netanyahu's office said no. Netanyahu's aide left.",
            [("Netanyahu's", "PERSON"), ("Netanyahu's", "PERSON")],
            "Netanyahu",
            "PERSON",
            ["Netanyahu", "Netanyahu"],
            id="possessive-followed-by-what-it-owns",
        ),
        pytest.param(
            "Zentrix Aerospace landed. Zentrix's chief spoke.",
            [("Zentrix Aerospace", "ORG")],
            "Zentrix Aerospace",
            "ORG",
            ["Zentrix Aerospace", "Zentrix"],
            id="company-without-industry-word",
        ),
        pytest.param(
            "Manchester City drew. Arteta said City were strong, but the city was wet.",
            [("Manchester City", "ORG"), ("Arteta", "PERSON")],
            "Manchester City",
            "ORG",
            ["Manchester City", "City"],
            id="ordinary-word-short-name",
        ),
        pytest.param(
            "Officials in New York met. York is far away.",
            [("New York", "GPE")],
            "New York",
            "GPE",
            ["New York"],
            id="proper-noun-is-no-short-name",
        ),
        pytest.param(
            "Israel's agency 'Shin Bet' chief Ronen Bar spoke.",
            [("Shin Bet'", "PERSON"), ("Ronen Bar", "PERSON")],
            "Shin Bet",
            "ORG",
            ["Shin Bet"],
            id="person-label-followed-by-chief",
        ),
        pytest.param(
            "Donald Trump spoke. Trump chief of staff Susie Wiles agreed.",
            [("Donald Trump", "PERSON"), ("Trump", "PERSON")],
            "Donald Trump",
            "PERSON",
            ["Donald Trump", "Trump"],
            id="chief-of-staff-keeps-person",
        ),
        pytest.param(
            'No "Oprah" for him: an appearance on "Oprah," was reported Monday.',
            [("Oprah", "PERSON"), ("Oprah", "PERSON")],
            "Oprah",
            "WORK_OF_ART",
            ["Oprah", "Oprah"],
            id="a-name-only-ever-alone-in-quotes-is-a-title",
        ),
        pytest.param(
            'A man identified only as "Ahmed" said so. "Ahmed" is 34.',
            [("Ahmed", "PERSON")],
            "Ahmed",
            "PERSON",
            ["Ahmed", "Ahmed"],
            id="a-name-given-in-quotes-is-the-person",
        ),
        pytest.param(
            "She sang on ‘Oprah’ and later on ‘Oprah’s’ stage.",
            [("Oprah", "PERSON")],
            "Oprah",
            "PERSON",
            ["Oprah", "Oprah"],
            id="a-possessive-in-quotes-is-no-title",
        ),
        pytest.param(
            'Oprah Winfrey spoke. "Oprah," he said, and Oprah smiled.',
            [("Oprah Winfrey", "PERSON"), ("Oprah", "PERSON"), ("Oprah", "PERSON")],
            "Oprah Winfrey",
            "PERSON",
            ["Oprah Winfrey", "Oprah", "Oprah"],
            id="a-name-also-written-unquoted-is-the-person",
        ),
        pytest.param(
            "The Environment Agency said so.",
            [("Environment Agency", "PERSON")],
            "Environment Agency",
            "ORG",
            ["Environment Agency"],
            id="person-label-with-body-word",
        ),
    ],
)
def test_repairs_and_labels(
    text: str, marks: list[tuple[str, str]], name: str, label: str, expected: list[str]
) -> None:
    entity = named(build_entities(text, spans_of(text, *marks)), name)
    assert (entity.label, texts(entity)) == (label, expected)


def test_job_title_is_not_taken_in_as_a_first_name():
    text = "Councilwoman Elena Vargas won. Later, Councilwoman Vargas spoke."
    spans = [RawSpan(13, 25, "PERSON"), RawSpan(51, 57, "PERSON")]
    (entity,) = build_entities(text, spans)
    assert entity.name == "Elena Vargas"
    assert [m.text for m in entity.mentions] == ["Elena Vargas", "Vargas"]


@pytest.mark.parametrize(
    ("text", "marks", "name", "label", "expected"),
    [
        pytest.param(
            "Sacramento County voters and Sacramento residents agreed.",
            [("Sacramento County", "GPE"), ("Sacramento", "GPE")],
            "Sacramento",
            "GPE",
            ["Sacramento"],
            id="county-is-not-the-city",
        ),
        pytest.param(
            "Kerinci Seblat National Park is vast. In Kerinci Seblat, rangers work.",
            [("Kerinci Seblat National Park", "LOC"), ("Kerinci Seblat", "GPE")],
            "Kerinci Seblat National Park",
            "LOC",
            ["Kerinci Seblat National Park", "Kerinci Seblat"],
            id="national-park-short-name",
        ),
        pytest.param(
            "Margriet de Wit chaired it. De Wit wrote the report.",
            [("Margriet de Wit", "PERSON"), ("De Wit", "PERSON")],
            "Margriet de Wit",
            "PERSON",
            ["Margriet de Wit", "De Wit"],
            id="surname-particle-opening-a-sentence",
        ),
        pytest.param(
            "Camps along the American River grew. American voters noticed.",
            [("American", "NORP"), ("American", "NORP")],
            "American River",
            "LOC",
            ["American River"],
            id="geographic-word-after-demonym",
        ),
        pytest.param(
            "Camps along the American River grew. American voters noticed.",
            [("American", "NORP"), ("American", "NORP")],
            "American",
            "NORP",
            ["American"],
            id="demonym-joins-no-river",
        ),
        pytest.param(
            "His lawyer, Bart Jan Kuipers, objected. Kuipers said no.",
            [("Bart Jan Kuipers", "ORG"), ("Kuipers", "ORG")],
            "Bart Jan Kuipers",
            "PERSON",
            ["Bart Jan Kuipers", "Kuipers"],
            id="role-noun-makes-a-person",
        ),
        pytest.param(
            "Daniel Young lost the race. Aides said Young had called.",
            [("Daniel Young", "ORG"), ("Young", "PERSON")],
            "Daniel Young",
            "PERSON",
            ["Daniel Young", "Young"],
            id="surname-alone-a-person-makes-a-person",
        ),
        pytest.param(
            "Shares of Norbridge Foods rose. Norbridge said so.",
            [("Norbridge Foods", "ORG"), ("Norbridge", "PERSON")],
            "Norbridge Foods",
            "ORG",
            ["Norbridge Foods", "Norbridge"],
            id="company-with-suffix-stays-org",
        ),
        pytest.param(
            "Young voters stayed home.\n\nDaniel Young lost. Young conceded. He was young.",
            [("Daniel Young", "PERSON")],
            "Daniel Young",
            "PERSON",
            ["Daniel Young", "Young"],
            id="past-tense-after-common-word-surname",
        ),
        pytest.param(
            "Peter Bush warned of floods.\n\nBush said so.",
            [("Peter Bush", "PERSON"), ("Bush", "PERSON")],
            "Peter Bush",
            "PERSON",
            ["Peter Bush", "Bush"],
            id="first-name-opening-a-sentence-is-kept",
        ),
    ],
)
def test_round_two_rules(
    text: str, marks: list[tuple[str, str]], name: str, label: str, expected: list[str]
) -> None:
    entity = named(build_entities(text, spans_of(text, *marks)), name)
    assert (entity.label, texts(entity)) == (label, expected)


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        pytest.param("The metro was shut all day.", [("metro", "FAC")], id="lowercase-span"),
        pytest.param("A man in a grey suit left.", [("grey suit", "ORG")], id="lowercase-phrase"),
    ],
)
def test_name_spans_without_a_capital_are_dropped(text: str, marks: list[tuple[str, str]]) -> None:
    assert build_entities(text, spans_of(text, *marks)) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("Fans of Arsenal sang as Arsenal fell.", 3, id="never-lowercase"),
        pytest.param("Arsenal fell, an arsenal of excuses.", 1, id="also-lowercase"),
    ],
)
def test_common_word_name_opening_a_headline(body: str, expected: int) -> None:
    """Taken in only when the text never writes the word as an ordinary one."""
    text = "Arsenal held by City\n\n" + body
    spans = [
        RawSpan(match.start(), match.end(), "ORG")
        for match in re.finditer("Arsenal", text)
        if match.start() > 0
    ]
    entity = named(build_entities(text, spans), "Arsenal")
    assert len(entity.mentions) == expected


def test_lowercase_number_words_are_kept() -> None:
    text = "They met two times."
    (entity,) = build_entities(text, spans_of(text, ("two", "CARDINAL")))
    assert texts(entity) == ["two"]


@pytest.mark.parametrize(
    ("text", "surname", "expected"),
    [
        pytest.param('"It is fair," de Vries told reporters.', "Vries", "de Vries", id="de"),
        pytest.param("Then van der Merwe scored.", "Merwe", "van der Merwe", id="two-particles"),
        pytest.param("He met the Vries family.", "Vries", "Vries", id="no-particle"),
        pytest.param("A hike in Vries began.", "Vries", "Vries", id="not-a-particle"),
    ],
)
def test_a_surnames_lowercase_particles_belong_to_its_mention(text, surname, expected):
    for label in ("PERSON", "ORG"):
        [entity] = build_entities(text, spans_of(text, (surname, label)))
        assert texts(entity) == [expected]
    with disabled(["extend-names"]):
        [entity] = build_entities(text, spans_of(text, (surname, "PERSON")))
        assert texts(entity) == [surname]


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        pytest.param("President Moon Jae-in spoke.", "Moon Jae", "Moon Jae-in", id="given-name"),
        pytest.param("A Joe Biden-led coalition won.", "Joe Biden-led", "Joe Biden", id="led"),
        pytest.param("A Joe Biden-led coalition won.", "Joe Biden", "Joe Biden", id="stays"),
        pytest.param("Jane Roe-era rules ended.", "Jane Roe", "Jane Roe", id="era"),
        pytest.param("A Jane Roe-endorsed bill.", "Jane Roe", "Jane Roe", id="participle"),
        pytest.param("Her Jane Roe-loving fans.", "Jane Roe-loving", "Jane Roe", id="ing"),
        pytest.param("A Jane Roe-maximalist view.", "Jane Roe", "Jane Roe", id="long-rest"),
    ],
)
def test_a_persons_name_ends_at_a_hyphen_only_where_the_rest_makes_an_adjective(
    text, span, expected
):
    [entity] = build_entities(text, spans_of(text, (span, "PERSON")))
    assert texts(entity) == [expected]
    with disabled(["extend-names"]):
        [entity] = build_entities(text, spans_of(text, (span, "PERSON")))
        assert texts(entity) == [span]


@pytest.mark.parametrize("label", ["PERSON", "ORG", "GPE", "NORP", "PRODUCT", "CARDINAL"])
@pytest.mark.parametrize("tail", ["", " ", "  ", "\n", "-", "-in", " 787", "'s ", " ("])
def test_a_name_at_the_very_end_of_the_text_is_repaired_without_error(label, tail):
    # "...met Angela Merkel " crashed the repairs (IndexError: a name one space from the
    # end was taken for the first half of a name cut in two).
    text = f"Yesterday the minister met Angela Merkel{tail}"
    [entity] = build_entities(text, spans_of(text, ("Angela Merkel", label)))
    assert entity.mentions[0].text.startswith("Angela Merkel")

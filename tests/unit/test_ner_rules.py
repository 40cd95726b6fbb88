"""The general NER rules on made-up sentences: datelines, names joined by a preposition,
countries and nationalities the model left untagged, unclosed brackets. Each test fails with
its rule off."""

from __future__ import annotations

import pytest

from reader.models import Entity
from reader.nlp.mentions import RawSpan, build_entities
from reader.nlp.rules import disabled
from tests.unit.test_mentions import panels, spans_of


@pytest.fixture(scope="module")
def blank():
    """A blank English pipeline (the standard tokenizer, no model) with the datelines."""
    import spacy

    from reader.nlp.datelines import add_datelines

    nlp = spacy.blank("en")
    add_datelines(nlp)
    return nlp


def ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(span.text, span.label_) for span in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "RIVERS RISE . ZOLBERG 2031-04-02 The water rose.", [("ZOLBERG", "GPE")], id="iso-date"
        ),
        pytest.param(
            "ZOLBERG , Vantria 2031-04-02 The water rose.",
            [("ZOLBERG", "GPE"), ("Vantria", "GPE")],
            id="region",
        ),
        pytest.param(
            "PORT-AU-VERT, Vantria, Sept. 3 - Rain.",
            [("PORT-AU-VERT", "GPE"), ("Vantria", "GPE")],
            id="month-day",
        ),
        pytest.param(
            "Headline\nST. ZOLBERG (Wirepress) - Rain fell.", [("ST. ZOLBERG", "GPE")], id="agency"
        ),
        pytest.param(
            "It rained. NEW ZOLBERG, 3 April - More rain.", [("NEW ZOLBERG", "GPE")], id="day-month"
        ),
    ],
)
def test_a_dateline_place_is_a_gpe(blank, text: str, expected: list[tuple[str, str]]) -> None:
    assert ents(blank, text) == expected
    with disabled(["datelines"]):
        assert ents(blank, text) == []


def test_a_byline_before_a_dateline_keeps_its_name(blank) -> None:
    from spacy.tokens import Span

    text = "FLOODS . Ann Lee ZOLBERG 2031-04-02 The water rose."
    doc = blank.make_doc(text)
    doc.ents = [Span(doc, 2, 5, label="PERSON")]  # the model's "Ann Lee ZOLBERG"
    found = [(span.text, span.label_) for span in blank.get_pipe("reader_datelines")(doc).ents]
    assert found == [("Ann Lee", "PERSON"), ("ZOLBERG", "GPE")]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("ROWING - ZOLBERG WIN . The crew won.", id="section-label"),
        pytest.param("They met on ZOLBERG 2031-04-02 at noon.", id="mid-sentence"),
        pytest.param("ZOLBERG ********** The water rose.", id="masked-date"),
        pytest.param("Zolberg 2031-04-02 The water rose.", id="not-in-capitals"),
        pytest.param("ROWING - ZOLBERG 2031-04-02 The crew won.", id="after-a-spaced-dash"),
    ],
)
def test_no_dateline(blank, text: str) -> None:
    assert ents(blank, text) == []


@pytest.mark.model
def test_a_dateline_replaces_the_models_overlapping_entity() -> None:
    from reader.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    text = "MARKETS . ZOLBERG 2031-04-02 Shares of Vantria Mining rose."
    doc = nlp(text)
    assert ("ZOLBERG", "GPE") in [(e.text, e.label_) for e in doc.ents]
    assert all(e.start_char >= text.index("2031") or e.text == "ZOLBERG" for e in doc.ents)


def names(entities: list[Entity]) -> list[tuple[str, str]]:
    return [(m.text, e.label) for e in entities for m in e.mentions]


def whole(text: str, surface: str, label: str) -> list[RawSpan]:
    start = text.index(surface)
    return [RawSpan(start, start + len(surface), label)]


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        (
            "Tickets from Brankton to Melvale rose.",
            "Brankton to Melvale",
            "ORG",
            ["Brankton", "Melvale"],
        ),
        (
            "Rain stopped Ashcombe at Fernleigh.",
            "Ashcombe at Fernleigh",
            "PERSON",
            ["Ashcombe", "Fernleigh"],
        ),
        (
            "The final, Brankton v Melvale, is sold out.",
            "Brankton v Melvale",
            "ORG",
            ["Brankton", "Melvale"],
        ),
    ],
)
def test_two_names_joined_by_a_preposition_are_cut(
    text: str, surface: str, label: str, expected: list[str]
) -> None:
    spans = whole(text, surface, label)
    assert [name for name, _ in names(build_entities(text, spans))] == expected
    with disabled(["prepositions"]):
        assert [name for name, _ in names(build_entities(text, spans))] == [surface]


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        (
            "She studied at the University of Vantria at Melvale.",
            "University of Vantria at Melvale",
            "ORG",
        ),
        ("They read Journey to Melvale twice.", "Journey to Melvale", "WORK_OF_ART"),
        ("Ships sailed from Brankton.", "Ships sailed from Brankton", "ORG"),
    ],
)
def test_names_that_hold_a_preposition_stay_whole(text: str, surface: str, label: str) -> None:
    assert [name for name, _ in names(build_entities(text, whole(text, surface, label)))] == [
        surface
    ]


def test_countries_and_nationalities_left_untagged_are_names() -> None:
    text = (
        "A Kenyan runner won. KENYA CELEBRATES . Peru's coach and a Chadian fan cheered"
        " at the Polish-Czech border, not in a Chile-based club. Around 30 Scots and two"
        " Ukrainians met."
    )
    expected = [
        ("Kenyan", "NORP"),
        ("KENYA", "GPE"),
        ("Peru", "GPE"),
        ("Chadian", "NORP"),
        ("Polish", "NORP"),
        ("Czech", "NORP"),
        ("Scots", "NORP"),
        ("Ukrainians", "NORP"),
    ]
    assert sorted(names(build_entities(text, []))) == sorted(expected)
    with disabled(["countries"]):
        assert names(build_entities(text, [])) == []


def test_a_country_inside_a_tagged_name_is_left_alone() -> None:
    text = "The Peru Cup began."
    found = names(build_entities(text, whole(text, "Peru Cup", "EVENT")))
    assert found == [("Peru Cup", "EVENT")]


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Ann Lee ZOLBERG", ["Ann Lee", "ZOLBERG"]),
        ("Ann Lee NEW ZOLBERG", ["Ann Lee", "NEW ZOLBERG"]),
        ("Louis Brant XIV", ["Louis Brant XIV"]),
        ("Vantria SA", ["Vantria SA"]),
        ("Melvale ZOLBERG", ["Melvale ZOLBERG"]),
    ],
)
def test_a_span_is_cut_where_title_case_turns_to_capitals(
    surface: str, expected: list[str]
) -> None:
    text = f"By {surface} rain fell."
    spans = whole(text, surface, "PERSON")
    assert [name for name, _ in names(build_entities(text, spans))] == expected
    with disabled(["case-change"]):
        assert [name for name, _ in names(build_entities(text, spans))] == [surface]


@pytest.mark.parametrize(
    ("surface", "label", "expected"),
    [
        ("Vantria news agency", "ORG", ["Vantria"]),
        ("Melvale province", "GPE", ["Melvale"]),
    ],
)
def test_lowercase_words_at_the_end_of_a_name_are_cut_off(
    surface: str, label: str, expected: list[str]
) -> None:
    text = f"The {surface} said so."
    spans = whole(text, surface, label)
    assert [name for name, _ in names(build_entities(text, spans))] == expected
    with disabled(["lowercase-tail"]):
        assert [name for name, _ in names(build_entities(text, spans))] == [surface]


def test_a_title_may_end_in_a_lowercase_word() -> None:
    text = "They sang Melvale in the rain twice."
    spans = whole(text, "Melvale in the rain", "WORK_OF_ART")
    assert [name for name, _ in names(build_entities(text, spans))] == ["Melvale in the rain"]


def test_a_section_label_before_a_headline_is_no_name() -> None:
    text = "ROWING - MELVALE WIN CUP . The crew from Melvale won."
    spans = whole(text, "ROWING", "ORG") + whole(text, "MELVALE", "GPE")
    assert names(build_entities(text, spans)) == [("MELVALE", "GPE")]
    with disabled(["section-labels"]):
        assert ("ROWING", "ORG") in names(build_entities(text, spans))


def test_a_place_before_a_dash_and_a_sentence_stays() -> None:
    text = "MELVALE - The crew won."
    assert names(build_entities(text, whole(text, "MELVALE", "GPE"))) == [("MELVALE", "GPE")]


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("Ayrton 2 Melvale 0 after extra time", "Ayrton 2 Melvale 0", "ORG", ["Ayrton", "Melvale"]),
        (
            "Ayrton 2 Melvale 1 Brankton 3 Fernleigh",
            "Ayrton 2 Melvale",
            "ORG",
            ["Ayrton", "Melvale"],
        ),
        ("Tally: 56 Jo Brant b Lee", "56 Jo Brant", "PERSON", ["Jo Brant"]),
        pytest.param(
            "Results: Ayrton 2 Melvale Rovers 0",
            "Ayrton 2 Melvale",
            "ORG",
            ["Ayrton", "Melvale Rovers"],
            id="the span ends inside the last name",
        ),
    ],
)
def test_a_line_of_results_is_cut_into_its_names(
    text: str, surface: str, label: str, expected: list[str]
) -> None:
    spans = whole(text, surface, label)
    assert [name for name, _ in names(build_entities(text, spans))] == expected
    with disabled(["score-lines"]):
        assert [name for name, _ in names(build_entities(text, spans))] != expected


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("He watched Channel 4 News at ten.", "Channel 4 News", "ORG"),
        ("She lives at 10 Melvale Street now.", "10 Melvale Street", "FAC"),
        ("The Vantria 2030 Games opened.", "Vantria 2030 Games", "EVENT"),
    ],
)
def test_a_name_holding_a_number_stays_whole(text: str, surface: str, label: str) -> None:
    assert [name for name, _ in names(build_entities(text, whole(text, surface, label)))] == [
        surface
    ]


def test_a_headline_name_in_capitals_joins_the_longer_name_it_begins() -> None:
    text = "VANTRIA OPEN ENDS IN RAIN\n\nThe Vantria Open Regatta ended early on Sunday."
    spans = spans_of(text, ("VANTRIA OPEN", "EVENT"), ("Vantria Open Regatta", "EVENT"))
    assert panels(build_entities(text, spans)) == [["VANTRIA OPEN", "Vantria Open Regatta"]]
    with disabled(["capital-prefixes"]):
        assert len(build_entities(text, spans)) == 2


def test_a_dateline_place_in_capitals_stays_apart_from_a_longer_name() -> None:
    text = "MELVALE CITY 2031-04-02\n\nShares in Melvale City Council fell."
    spans = spans_of(text, ("MELVALE CITY", "GPE"), ("Melvale City Council", "ORG"))
    assert panels(build_entities(text, spans)) == [["MELVALE CITY"], ["Melvale City Council"]]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        pytest.param(
            "The Brankton Zephyrs won. Brankton is a port. The Zephyrs play again.",
            [("Brankton Zephyrs", "ORG"), ("Brankton", "GPE"), ("Zephyrs", "ORG")],
            id="place-in-the-text",
        ),
        pytest.param(
            "The Kenyan Wildlife Authority said so. The Wildlife Authority counts herds.",
            [("Kenyan Wildlife Authority", "ORG"), ("Wildlife Authority", "ORG")],
            id="nationality",
        ),
        pytest.param(
            "The U.S. Weather Office warned of storms. The Weather Office said so.",
            [("U.S. Weather Office", "ORG"), ("Weather Office", "ORG")],
            id="abbreviated-country",
        ),
    ],
)
def test_a_name_without_the_place_before_it_joins_the_full_name(
    text: str, pairs: list[tuple[str, str]]
) -> None:
    entities = build_entities(text, spans_of(text, *pairs))
    full, short = pairs[0][0], pairs[-1][0]
    assert [short in panel for panel in panels(entities) if full in panel] == [True]
    with disabled(["drop-places"]):
        entities = build_entities(text, spans_of(text, *pairs))
        assert [short in panel for panel in panels(entities) if full in panel] == [False]


def test_a_name_that_two_longer_names_end_with_stays_apart() -> None:
    text = "The Brankton Navy and the Melvale Navy met. Brankton and Melvale are ports. Navy won."
    pairs = [
        ("Brankton Navy", "ORG"),
        ("Melvale Navy", "ORG"),
        ("Brankton", "GPE"),
        ("Melvale", "GPE"),
        ("Navy", "ORG"),
    ]
    assert ["Navy"] in panels(build_entities(text, spans_of(text, *pairs)))


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        pytest.param(
            "She is a reporter at The Melvale Herald now.",
            "Melvale Herald",
            "ORG",
            "The Melvale Herald",
            id="inside-a-sentence",
        ),
        pytest.param(
            "In the end, The Brankton Hours won the prize.",
            "The Brankton Hours",
            "WORK_OF_ART",
            "The Brankton Hours",
            id="after-a-comma",
        ),
        pytest.param(
            'He sang once more. "The Lantern Road," he said, was his last.',
            "Lantern Road",
            "WORK_OF_ART",
            "The Lantern Road",
            id="quoted-title",
        ),
    ],
)
def test_a_capital_the_inside_a_sentence_begins_the_name(
    text: str, surface: str, label: str, expected: str
) -> None:
    assert [name for name, _ in names(build_entities(text, whole(text, surface, label)))] == [
        expected
    ]
    with disabled(["leading-the"]):
        assert [name for name, _ in names(build_entities(text, whole(text, surface, label)))] == [
            expected.removeprefix("The ")
        ]


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("The Melvale Herald said so.", "Melvale Herald", "ORG"),
        ("MELVALE 2031-04-02 The Brankton Bank cut rates.", "Brankton Bank", "ORG"),
        ("He met The Brankton Singers' manager.", "Brankton", "NORP"),
        ('"The Lantern Road is long," he said.', "Lantern Road", "FAC"),
    ],
)
def test_a_the_opening_a_sentence_stays_out(text: str, surface: str, label: str) -> None:
    assert surface in [name for name, _ in names(build_entities(text, whole(text, surface, label)))]


def test_a_name_with_and_without_the_is_one_entity() -> None:
    text = "The Melvale Herald said so. She writes for The Melvale Herald."
    spans = spans_of(text, ("Melvale Herald", "ORG"), ("Melvale Herald", "ORG"))
    assert panels(build_entities(text, spans)) == [["Melvale Herald", "The Melvale Herald"]]


def test_a_country_is_not_read_as_the_nationality_it_begins() -> None:
    text = "Slovak fans cheered. Slovakia beat them."
    found = names(build_entities(text, whole(text, "Slovak", "NORP")))
    assert found == [("Slovak", "NORP"), ("Slovakia", "GPE")]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        pytest.param(
            "BOMB IN AL-MARWA\n\nA bomb went off in al-Marwa on Friday.",
            [("AL-MARWA", "PERSON"), ("al-Marwa", "ORG")],
            id="case",
        ),
        pytest.param(
            "Jay-Q sang first. Later Jay Q came back.",
            [("Jay-Q", "PERSON"), ("Jay Q", "PERSON")],
            id="hyphen",
        ),
        pytest.param(
            "Zol-Met runs the trains. ZolMet said fares rise.",
            [("Zol-Met", "ORG"), ("ZolMet", "ORG")],
            id="hyphen-for-nothing",
        ),
    ],
)
def test_forms_that_differ_in_case_or_a_hyphen_are_one_entity(
    text: str, pairs: list[tuple[str, str]]
) -> None:
    spans = spans_of(text, *pairs)
    assert len(build_entities(text, spans)) == 1
    with disabled(["case-variants"]):
        assert len(build_entities(text, spans)) == 2


def test_short_forms_that_differ_in_case_stay_apart() -> None:
    text = "The US team won. Us Weekly wrote about it."
    spans = spans_of(text, ("US", "GPE"), ("Us", "ORG"))
    assert len(build_entities(text, spans)) == 2


def test_an_acronym_may_keep_the_initials_of_small_words() -> None:
    text = "The Bureau of Wind warned of gales. A BOW spokesman said more would come."
    spans = spans_of(text, ("Bureau of Wind", "ORG"), ("BOW", "ORG"))
    assert panels(build_entities(text, spans)) == [["Bureau of Wind", "BOW"]]
    with disabled(["join-acronyms"]):
        assert len(build_entities(text, spans)) == 2


def test_the_fed_is_the_federal_reserve() -> None:
    text = "The Federal Reserve met on Tuesday. The Fed left its rate alone."
    spans = spans_of(text, ("Federal Reserve", "ORG"), ("Fed", "ORG"))
    assert panels(build_entities(text, spans)) == [["Federal Reserve", "Fed"]]
    with disabled(["known-abbreviations"]):
        assert len(build_entities(text, spans)) == 2


def test_a_known_name_in_a_headline_in_capitals_is_a_mention() -> None:
    text = "SOCCER - ZOLBERG TO RETIRE AFTER CUP\n\nAnn Zolberg said on Friday she would retire."
    spans = spans_of(text, ("Ann Zolberg", "PERSON"))
    assert panels(build_entities(text, spans)) == [["ZOLBERG", "Ann Zolberg"]]
    with disabled(["capitals-completion"]):
        assert panels(build_entities(text, spans)) == [["Ann Zolberg"]]


def test_a_common_word_in_capitals_stays_a_word() -> None:
    text = "MEXICO CITY WINS AGAIN\n\nFans of Manchester City cheered. City won."
    spans = spans_of(text, ("Manchester City", "ORG"))
    assert "CITY" not in panels(build_entities(text, spans))[0]


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        (
            "The Melvale Weather Bureau (MWB said rain would fall.",
            "Melvale Weather Bureau (MWB",
            "ORG",
            ["Melvale Weather Bureau", "MWB"],
        ),
        ("Ann Brankton ( Vantria ) won.", "Ann Brankton (", "PERSON", ["Ann Brankton"]),
    ],
)
def test_a_span_is_cut_at_a_bracket_it_never_closes(
    text: str, surface: str, label: str, expected: list[str]
) -> None:
    spans = whole(text, surface, label)
    assert [name for name, _ in names(build_entities(text, spans))] == expected
    with disabled(["open-brackets"]):
        assert [name for name, _ in names(build_entities(text, spans))] != expected


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        (
            "Divers at the reef. (Ann Roe/Vantria Press/Melvale Images)",
            "Ann Roe/Vantria Press/Melvale Images",
            ["Ann Roe", "Vantria Press", "Melvale Images"],
        ),
        (
            "Photo by Brankton News / Lee Marr.",
            "Brankton News / Lee Marr",
            ["Brankton News", "Lee Marr"],
        ),
    ],
)
def test_a_span_is_cut_at_slashes_listing_names(
    text: str, surface: str, expected: list[str]
) -> None:
    spans = whole(text, surface, "ORG")
    assert [name for name, _ in names(build_entities(text, spans))] == expected
    with disabled(["slashes"]):
        assert [name for name, _ in names(build_entities(text, spans))] == [surface]


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Work on the Lyon-Turin rail link stopped.", "Lyon-Turin", ["Lyon", "Turin"]),
        ("THE LYON-TURIN LINK STOPPED", "LYON-TURIN", ["LYON", "TURIN"]),
    ],
)
def test_listed_places_joined_by_hyphens_are_cut_into_them(
    text: str, surface: str, expected: list[str]
) -> None:
    spans = whole(text, surface, "FAC")
    assert names(build_entities(text, spans)) == [(place, "GPE") for place in expected]
    with disabled(["place-pairs"]):
        assert names(build_entities(text, spans)) == [(surface, "FAC")]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Flights to Winston-Salem resumed.", "Winston-Salem"),  # listed itself
        ("Guinea-Bissau voted.", "Guinea-Bissau"),
        ("Rain fell on Baden-Württemberg.", "Baden-Württemberg"),  # its parts are not listed
        ("The Lyon-Vantria link stopped.", "Lyon-Vantria"),
    ],
)
def test_hyphened_names_that_are_not_listed_places_joined_stay_whole(
    text: str, surface: str
) -> None:
    assert names(build_entities(text, whole(text, surface, "GPE"))) == [(surface, "GPE")]


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("The F/A-18 flew low.", "F/A-18", "PRODUCT"),
        ("They played AC/DC songs.", "AC/DC", "ORG"),
        ("The N / A column was empty.", "N / A", "ORG"),
    ],
)
def test_a_name_with_short_parts_around_a_slash_stays_whole(
    text: str, surface: str, label: str
) -> None:
    assert [name for name, _ in names(build_entities(text, whole(text, surface, label)))] == [
        surface
    ]


def test_a_name_holding_its_brackets_stays_whole() -> None:
    text = "Melvale Rovers (Women) won again."
    spans = whole(text, "Melvale Rovers (Women)", "ORG")
    assert [name for name, _ in names(build_entities(text, spans))] == ["Melvale Rovers (Women)"]


def test_a_headline_read_as_one_name_is_cut_into_the_names_the_text_knows() -> None:
    text = "ROWING - BRANKTON BEAT MELVALE ROVERS AGAIN\n\nBrankton beat Melvale Rovers easily."
    spans = spans_of(
        text,
        ("BRANKTON BEAT MELVALE ROVERS AGAIN", "ORG"),
        ("Brankton", "ORG"),
        ("Melvale Rovers", "ORG"),
    )
    found = [name for name, _ in names(build_entities(text, spans))]
    assert found == ["BRANKTON", "Brankton", "MELVALE ROVERS", "Melvale Rovers"]
    with disabled(["headline-pieces"]):
        found = [name for name, _ in names(build_entities(text, spans))]
        assert "BRANKTON BEAT MELVALE ROVERS AGAIN" in found


@pytest.mark.parametrize(
    ("text", "surface", "known"),
    [
        pytest.param(
            "VANTRIAN SAILING LEAGUE OPENS\n\nThe Vantrian crews sailed.",
            "VANTRIAN SAILING LEAGUE",
            ("Vantrian", "NORP"),
            id="a nationality opens the name",
        ),
        pytest.param(
            "MELVALE ROVERS\n\nMelvale Rovers won.",
            "MELVALE ROVERS",
            ("Melvale Rovers", "ORG"),
            id="the text writes it whole",
        ),
    ],
)
def test_a_headline_name_the_text_does_not_cut_stays_whole(
    text: str, surface: str, known: tuple[str, str]
) -> None:
    spans = spans_of(text, (surface, "ORG"), known)
    assert surface in [name for name, _ in names(build_entities(text, spans))]


@pytest.mark.parametrize(
    ("text", "pairs", "expected"),
    [
        pytest.param(
            "The keeper Jorvik Tallan saved it.",
            (("Jorvik", "PERSON"),),
            ["Jorvik Tallan"],
            id="a surname after a first name",
        ),
        pytest.param(
            "A pair of Brankel Vosse boots.",
            (("Brankel", "NORP"),),
            ["Brankel Vosse"],
            id="any label",
        ),
        pytest.param(
            "Leader Ama Sela Dun Kora spoke.",
            (("Ama Sela", "PERSON"), ("Dun Kora", "PERSON")),
            ["Ama Sela Dun Kora"],
            id="a person cut in two",
        ),
        pytest.param(
            "Fernanda Lima, the city's secretary, spoke.",
            (("Fernanda", "ORG"), ("Lima", "GPE")),
            ["Fernanda Lima"],
            id="a given name and a surname tagged as other things",
        ),
    ],
)
def test_a_name_takes_in_the_capitalised_word_after_it(
    text: str, pairs: tuple[tuple[str, str], ...], expected: list[str]
) -> None:
    spans = spans_of(text, *pairs)
    assert [name for name, _ in names(build_entities(text, spans))] == expected
    with disabled(["next-word"]):
        assert [name for name, _ in names(build_entities(text, spans))] != expected


@pytest.mark.parametrize(
    ("text", "pairs", "expected"),
    [
        pytest.param(
            "The Ostra Competition and Consumer Commission sued.",
            (("Consumer Commission", "ORG"),),
            ["Ostra Competition and Consumer Commission"],
            id="a kind of body after and",
        ),
        pytest.param(
            "Officers of Ostra and Belvik Police said so.",
            (("Ostra", "GPE"), ("Belvik Police", "ORG")),
            ["Ostra and Belvik Police"],
            id="a place before and",
        ),
        pytest.param(
            "The Centre for Volcanology and Geological Hazard Mitigation warned us.",
            (("The Centre for Volcanology", "ORG"), ("Geological Hazard Mitigation", "ORG")),
            ["Centre for Volcanology and Geological Hazard Mitigation"],
            id="a body for ordinary words",
        ),
        pytest.param(
            "The Ministry of Land, Infrastructure, Transport and Tourism said so.",
            (("The Ministry of Land", "ORG"), ("Infrastructure", "ORG"), ("Tourism", "ORG")),
            ["Ministry of Land, Infrastructure, Transport and Tourism"],
            id="a body of ordinary words listed",
        ),
    ],
)
def test_pieces_of_a_body_s_name_with_and_are_one(
    text: str, pairs: tuple[tuple[str, str], ...], expected: list[str]
) -> None:
    spans = spans_of(text, *pairs)
    assert [name for name, _ in names(build_entities(text, spans))] == expected
    with disabled(["joined-bodies"]):
        assert [name for name, _ in names(build_entities(text, spans))] != expected


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        pytest.param(
            "Money went to Zelbank and Ostra Bank.",
            (("Zelbank", "ORG"), ("Ostra Bank", "ORG")),
            id="a company of its own before and",
        ),
        pytest.param(
            "The Ostra Party and Green Party voted.",
            (("The Ostra Party", "ORG"), ("Green Party", "ORG")),
            id="two kinds of body",
        ),
        pytest.param(
            "Shares of Zelco and Brightline Inc fell.",
            (("Zelco", "ORG"), ("Brightline Inc", "ORG")),
            id="a company's legal form",
        ),
        pytest.param(
            "The Bank of Ostra and Zelbank agreed.",
            (("The Bank of Ostra", "ORG"), ("Zelbank", "ORG")),
            id="a name after and",
        ),
        pytest.param(
            "The Bank of Ostra, Zelbank and Ostra Bank agreed.",
            (("The Bank of Ostra", "ORG"), ("Zelbank", "ORG"), ("Ostra Bank", "ORG")),
            id="names listed after a body",
        ),
        pytest.param(
            "Kenya and World Bank officials met.",
            (("Kenya", "GPE"), ("World Bank", "ORG")),
            id="a country and a body",
        ),
        pytest.param(
            "The Bank of England and Treasury agreed.",
            (("The Bank of England", "ORG"), ("Treasury", "ORG")),
            id="a body of a country and another",
        ),
        pytest.param(
            "She came to Ostra for History and Horses.",
            (("Ostra", "GPE"),),
            id="a place for ordinary words",
        ),
    ],
)
def test_a_list_of_bodies_stays_apart(text: str, pairs: tuple[tuple[str, str], ...]) -> None:
    spans = spans_of(text, *pairs)
    found = [name for name, _ in names(build_entities(text, spans))]
    assert found == [name.removeprefix("The ") for name, _ in pairs]


@pytest.mark.parametrize(
    ("text", "pairs", "expected"),
    [
        pytest.param(
            "Talks with Jorvik Monday went well.",
            (("Jorvik", "PERSON"),),
            ["Jorvik"],
            id="a day",
        ),
        pytest.param(
            "He fought American Tallan in Melvale.",
            (("American", "NORP"), ("Melvale", "GPE")),
            ["American", "Melvale"],
            id="a nationality",
        ),
        pytest.param(
            "Shares of Vantria Mining rose.",
            (("Vantria", "ORG"),),
            ["Vantria"],
            id="an ordinary word",
        ),
        pytest.param(
            "Ann Tallan OSLO 2031-04-02 Rain fell.",
            (("Ann Tallan", "PERSON"), ("OSLO", "PERSON")),
            ["Ann Tallan", "OSLO"],
            id="a byline before a dateline",
        ),
        pytest.param(
            "The Jordan Times said so.",
            (("Jordan", "GPE"), ("Times", "ORG")),
            ["Jordan", "Times"],
            id="a given name before no surname's label",
        ),
    ],
)
def test_a_name_leaves_out_a_word_that_is_not_its_own(
    text: str, pairs: tuple[tuple[str, str], ...], expected: list[str]
) -> None:
    spans = spans_of(text, *pairs)
    assert [name for name, _ in names(build_entities(text, spans))] == expected


def name_mentions(text: str, spans: list[RawSpan]) -> list[tuple[str, str]]:
    return [(m.text, e.label) for e in build_entities(text, spans) if e.is_name for m in e.mentions]


def test_names_in_a_numbered_list_are_names() -> None:
    text = "Vantria - 1 - Ann Tallan, 2 - Jorvik de Brand, 3 - Melvale Sorn (4 - Bo Kell).\n"
    spans = spans_of(text, ("Ann Tallan", "PERSON"), ("2 - Jorvik de Brand", "QUANTITY"))
    expected = ["Ann Tallan", "Jorvik de Brand", "Melvale Sorn", "Bo Kell"]
    assert sorted(name_mentions(text, spans)) == sorted((name, "PERSON") for name in expected)
    with disabled(["numbered-items"]):
        assert name_mentions(text, spans) == [("Ann Tallan", "PERSON")]


def test_a_numbered_list_gives_its_names_the_label_of_the_others() -> None:
    text = "Standings: 1 - Melvale Rovers, 2 - Brankton Town, 3 - Vantria City.\n"
    spans = spans_of(text, ("Melvale Rovers", "ORG"), ("Brankton Town", "ORG"))
    assert ("Vantria City", "ORG") in name_mentions(text, spans)


def test_one_numbered_item_is_no_list() -> None:
    text = "See part 3 - Results, below.\n"
    assert name_mentions(text, []) == []


def test_a_name_opening_a_row_of_numbers_is_a_name() -> None:
    text = "Standings:\nBrankton 4 3 1 0 9 4 10\nMelvale Rovers 4 2 1 1 5 3 7\nTotal 8 5 2\n"
    spans = spans_of(text, ("Melvale Rovers", "PERSON"))
    found = name_mentions(text, spans)
    assert found == [("Brankton", "ORG"), ("Melvale Rovers", "PERSON")]
    with disabled(["table-rows"]):
        assert name_mentions(text, spans) == [("Melvale Rovers", "PERSON")]


def test_a_name_before_one_number_is_no_row() -> None:
    text = "Brankton 4 won.\nIn 2031 Melvale grew.\n"
    assert name_mentions(text, []) == []


def test_a_surname_after_initials_is_a_person() -> None:
    text = "Brankton 214 (J. Tallan 64, A. R. Vosse 41; F. de Kell 5-40, P. Such 4-37)."
    expected = [
        ("J. Tallan", "PERSON"),
        ("A. R. Vosse", "PERSON"),
        ("F. de Kell", "PERSON"),
        ("P. Such", "PERSON"),
    ]
    assert name_mentions(text, []) == expected
    with disabled(["initials"]):
        assert name_mentions(text, []) == []


def test_an_initial_ending_a_sentence_is_no_name() -> None:
    text = "They chose plan B. Then we left for the U.S. Open in Melvale."
    assert name_mentions(text, []) == []


def test_a_span_run_over_a_score_into_initials_is_cut() -> None:
    text = "Bowling: Jorvik Brand 2 I. Tallan c Vosse b Kell 9."
    spans = spans_of(text, ("Jorvik Brand 2 I. Tallan", "PERSON"))
    assert name_mentions(text, spans) == [("Jorvik Brand", "PERSON"), ("I. Tallan", "PERSON")]


def test_a_middle_initial_stays_in_the_name() -> None:
    text = "The farm belongs to Jorvik A. Tallan of Melvale."
    spans = spans_of(text, ("Jorvik A. Tallan", "PERSON"), ("Melvale", "GPE"))
    assert name_mentions(text, spans) == [("Jorvik A. Tallan", "PERSON"), ("Melvale", "GPE")]


def test_a_row_of_figures_is_no_name() -> None:
    text = "The row read 3 1 1 0 9 4, then 57 5 49."
    spans = spans_of(text, ("3 1 1 0 9 4", "PRODUCT"), ("57 5", "ORG"))
    assert name_mentions(text, spans) == []
    with disabled(["figures"]):
        assert ("3 1 1 0 9 4", "PRODUCT") in name_mentions(text, spans)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Scorers: Jo Brant 75th ) won.", "Jo Brant 75th"),
        ("Money: 2. Jo Brant 442,201 pounds.", "Jo Brant 442,201"),
    ],
)
def test_an_ordinal_or_a_large_figure_after_a_person_is_cut_off(text: str, surface: str) -> None:
    spans = whole(text, surface, "PERSON")
    assert names(build_entities(text, spans)) == [("Jo Brant", "PERSON")]
    with disabled(["scores"]):
        assert names(build_entities(text, spans)) == [(surface, "PERSON")]


def test_a_first_name_takes_in_the_surname_an_editor_bracketed() -> None:
    text = (
        '"Dave [Okafor] and Jack [Begert, co-directors] were excited," he said. Begert'
        " left. Ann [sic] stayed. Michelle [Applause] spoke."
    )
    marks = ["Dave", "Jack", "Begert", "Begert", "Ann", "Michelle"]
    spans = spans_of(text, *((name, "PERSON") for name in marks))
    entities = build_entities(text, spans)
    assert sorted((e.name, tuple(m.text for m in e.mentions)) for e in entities) == [
        ("Ann", ("Ann",)),  # a lowercase note in brackets is no surname
        ("Dave Okafor", ("Dave [Okafor]",)),  # named without the editor's brackets
        ("Jack Begert", ("Jack [Begert", "Begert")),  # the bracket goes on to describe him
        ("Michelle", ("Michelle",)),  # a stage direction, a common word, is no surname
    ]
    with disabled(["extend-names"]):
        names_off = {e.name for e in build_entities(text, spans)}
        assert "Dave Okafor" not in names_off and "Jack Begert" not in names_off


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("She wore a pair of black leather Ann Vantry boots to the party.", "ORG"),
        ("Ann Vantry said the boots were too tight.", "PERSON"),
    ],
)
def test_goods_after_a_name_make_it_a_brand(text: str, label: str) -> None:
    """A name the model calls a person, right before the goods it sells ("Christian Dior
    boots"), is the brand, a body; the person who talks about boots stays a person."""
    entities = build_entities(text, whole(text, "Ann Vantry", "PERSON"))
    assert names(entities) == [("Ann Vantry", label)]
    with disabled(["relabel-organisations"]):
        assert names(build_entities(text, whole(text, "Ann Vantry", "PERSON"))) == [
            ("Ann Vantry", "PERSON")
        ]


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # after a place and a comma: the state's abbreviation, another name of the state
        ("Police in Vancouver, Wash., said so.", "Wash.", [("Wash.", "Washington")]),
        # ending a sentence: a word and the sentence's period ("the Wash", a bay)
        ("Boats were lost on the Wash. Farmers said so.", "Wash.", [("Wash", "Wash")]),
    ],
)
def test_a_state_abbreviation_is_one_only_after_a_place_and_a_comma(
    text: str, surface: str, expected: list[tuple[str, str]]
) -> None:
    entities = build_entities(text, whole(text, surface, "GPE"))
    assert [(m.text, e.name) for e in entities for m in e.mentions] == expected

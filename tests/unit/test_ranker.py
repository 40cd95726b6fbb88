"""The search-result ranking model: every candidate and "no page" weighed, then decided."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reader.lookup.client import Page
from reader.lookup.context import Context
from reader.lookup.pages import first_name_of, name_match
from reader.lookup.ranker import CANDIDATE_FEATURES, NONE_FEATURES, choice_model
from reader.lookup.resolve import choose, listed_sure_page, weigh
from reader.models import Entity, Mention

TEXT = (
    "Orbis shares fell after the chip maker warned that demand for its processors and"
    " graphics cards would slow. Orbis supplies laptop makers in Taiwan and Korea."
)
ORBIS = Entity(
    "orbis", "Orbis", "ORG", ("Orbis",), (Mention(0, 5, "Orbis"), Mention(111, 116, "Orbis"))
)


def page(title: str, description: str, summary: str, rank: int = 0) -> Page:
    return Page(title, None, description, summary, rank=rank)


CHIPS = page(
    "Orbis Semiconductor",
    "Chip maker",
    "Orbis Semiconductor is a chip maker that designs processors and graphics cards for"
    " laptop makers; it is based in Taiwan.",
    rank=1,
)
ATLAS = page("Orbis (atlas)", "Book", "Orbis is an atlas of the world printed in 1570.", rank=0)
RIVER = page("Orbis River", "River in Spain", "The Orbis River flows through Castile.", rank=2)


def test_the_model_is_complete_and_its_odds_sum_to_one():
    model = choice_model()
    assert set(model.weights) == set(CANDIDATE_FEATURES)
    assert set(model.none_weights) == set(NONE_FEATURES)
    context = Context(TEXT, ORBIS)
    pages, values, none = weigh(ORBIS, [ATLAS, CHIPS, RIVER], context)
    assert [p.title for p in pages] == ["Orbis (atlas)", "Orbis Semiconductor", "Orbis River"]
    assert all(set(v) == set(CANDIDATE_FEATURES) for v in values) and set(none) == set(
        NONE_FEATURES
    )
    p_none, shares = model.probabilities(none, values)
    assert p_none + sum(shares) == pytest.approx(1.0)


def test_the_page_that_shares_the_article_s_words_wins_over_the_first_result():
    decision = choose(ORBIS, [ATLAS, CHIPS, RIVER], Context(TEXT, ORBIS))
    assert decision.status == "found" and decision.page == CHIPS
    assert [p.title for p, _ in decision.ranking][0] == "Orbis Semiconductor"
    shares = [share for _, share in decision.ranking]
    assert shares == sorted(shares, reverse=True) and 0 < shares[-1] <= shares[0] < 1


def test_no_page_when_none_fits_and_a_near_tie_is_ambiguous():
    assert choose(ORBIS, [ATLAS, RIVER], Context(TEXT, ORBIS)).status == "not_found"
    assert choose(ORBIS, [], Context(TEXT, ORBIS)).status == "not_found"
    twin = replace(CHIPS, title="Orbis Systems", rank=2)
    unsure = replace(choice_model(), sure=0.9)
    decision = choose(ORBIS, [CHIPS, twin], Context(TEXT, ORBIS), model=unsure)
    assert decision.status == "ambiguous" and set(decision.candidates) == {CHIPS, twin}


def test_pages_that_do_not_carry_the_name_or_only_list_meanings_are_no_candidates():
    other = page("Helios Chips", "Chip maker", "Helios makes processors in Taiwan.")
    listing = replace(CHIPS, title="Orbis (disambiguation)", disambiguation=True)
    pages, _, _ = weigh(ORBIS, [other, listing, CHIPS], Context(TEXT, ORBIS))
    assert pages == [CHIPS]


def test_a_page_whose_subject_only_holds_the_name_gives_way_to_the_name_s_own_page():
    """Beside "Orbis" the company's own page, "Orbis Tablet" (whose intro opens on "The
    Orbis Tablet", a product) is about something else of that name and is no candidate;
    an acronym keeps such pages ("ANI" opens the intro of the agency it abbreviates)."""
    own = page("Orbis", "Technology company", "Orbis is a company that makes chips.")
    tablet = page(
        "Slate (tablet)", "Tablet computer", "The Orbis Slate is a tablet with a chip and cards."
    )
    pages, _, _ = weigh(ORBIS, [tablet, own], Context(TEXT, ORBIS))
    assert pages == [own]
    short = Entity("obs", "OBS", "ORG", ("OBS",), (Mention(0, 3, "OBS"),))
    agency = page(
        "Orbis Broadcast Service", "News agency", "Orbis Broadcast Service (OBS) is a news agency."
    )
    name = page("OBS", "Given name", "Obs is a rare word.")
    pages, _, _ = weigh(short, [name, agency], Context("OBS said so.", short))
    assert agency in pages


@pytest.mark.parametrize(
    "summary",
    [
        "The Vantrian Union (VU) is the body that runs rowing in Vantria.",
        "The Vantrian Union (the VU) is the body that runs rowing in Vantria.",
        "The Vantrian Union, also known simply as the VU, is the body that runs rowing.",
        "The Vantrian Union, commonly referred to as VU, is the body that runs rowing.",
    ],
)
def test_an_intro_giving_the_acronym_as_another_name_carries_it(summary: str) -> None:
    vu = Entity("vu", "VU", "ORG", ("VU",), (Mention(0, 2, "VU"),))
    union = page("Vantrian Union", "Sports body", summary)
    assert name_match(vu, union) == 1
    assert name_match(vu, replace(union, summary="It is the body that runs rowing.")) == 0


def test_an_acronym_a_later_sentence_of_the_intro_gives_names_something_else() -> None:
    """A person's page that brackets the body he ran ("... of the Vantrian Union (VU)") in
    its second sentence does not carry the body's acronym."""
    vu = Entity("vu", "VU", "ORG", ("VU",), (Mention(0, 2, "VU"),))
    referee = page(
        "Dan Orlo",
        "Vantrian rowing referee (born 1964)",
        "Dan Orlo is a Vantrian former rowing referee. He ran the Vantrian Union (VU) from"
        " 2009 to 2022.",
    )
    assert name_match(vu, referee) == 0


@pytest.mark.parametrize(
    ("name", "title", "description", "rest"),
    [
        ("Paul", "Paul Pogba", "French footballer (born 1993)", ["Pogba"]),
        ("Sergio", "Sergio Agüero", "Argentine footballer (born 1988)", ["Agüero"]),
        ("Charles", "Charles III", "King of the United Kingdom since 2022", []),
        ("Chelsea", "Chelsea F.C.", "Association football club in London, England", []),
        ("Harris", "Kamala Harris", "Vice President of the United States (born 1964)", []),
        ("Adele", "Adele", "English singer (born 1988)", []),
    ],
)
def test_a_bare_first_name_and_one_bearer_of_it(name, title, description, rest) -> None:
    entity = Entity("e", name, "PERSON", (name,), (Mention(0, len(name), name),))
    assert first_name_of(entity, page(title, description, f"{title} is someone.")) == rest


@pytest.mark.parametrize(
    ("name", "summary", "match"),
    [
        ("Randall", "Dax Randall Shepard is an American actor and podcaster.", 0),
        ("William", "William Raymond Smith was an American football defensive end.", 0),
        ("Gerald", "Gerald Rudolph Ford Jr. was the 38th president of the United States.", 0),
        ("Germanotta", "Stefani Joanne Angelina Germanotta is an American singer.", 1),
        ("Rudolph", "Gerald Rudolph Ford Jr. was the 38th president of the United States.", 0),
    ],
)
def test_a_first_or_middle_name_in_a_persons_intro_does_not_carry_the_name(
    name: str, summary: str, match: int
) -> None:
    """Only the surname of the full name an intro opens with calls the person."""
    entity = Entity("e", name, "PERSON", (name,), (Mention(0, len(name), name),))
    person = page("Stage Name", "American performer (born 1975)", summary)
    assert name_match(entity, person) == match
    place = page("Stage Name", "Town in Ohio", summary)
    assert name_match(entity, place) == 1  # only a person's full name has given names


def test_an_intro_carries_a_name_as_a_whole_word_only() -> None:
    """ "Man" is no word of "Manchester", nor "Republican" of "Republicanism"."""
    man = Entity("e", "Man", "ORG", ("Man",), (Mention(0, 3, "Man"),))
    club = page("Vantria United", "Football club", "Manchester Vantria is a football club.")
    assert name_match(man, club) == 0
    assert name_match(man, replace(club, summary="Man Vantria is a football club.")) == 1


@pytest.mark.parametrize(
    ("name", "title", "description", "match"),
    [
        ("Democrats", "Democratic Party (Vantria)", "Political party in Vantria", 2),
        ("Social Democrats", "Social Democratic Party", "Political party in Vantria", 2),
        ("Christian Democrats", "Social Democratic Party", "Political party in Vantria", 0),
        ("Democrats", "Democratic Republic of Vantria", "Country in Central Africa", 0),
    ],
)
def test_a_bodys_members_carry_its_adjective(name, title, description, match) -> None:
    """ "Democrats" are the members of a body titled "Democratic", all its words told."""
    entity = Entity("e", name, "NORP", (name,), (Mention(0, len(name), name),))
    assert name_match(entity, page(title, description, f"{title} is a body.")) == match


@pytest.mark.parametrize(
    ("summary", "match"),
    [
        ("Vantria, officially the Islamic Republic of Vantria, is a country.", 0),
        ("Christian Vantor SE, commonly known as Vantor, is a fashion house.", 0),
        ("The Vantrian Union, also known as the Islamic, is a league of states.", 1),
    ],
)
def test_a_groups_adjective_inside_a_longer_name_does_not_carry_it(summary, match) -> None:
    """ "Islamic" is no name of Vantria, though its official name holds the word."""
    islamic = Entity("e", "Islamic", "NORP", ("Islamic",), (Mention(0, 7, "Islamic"),))
    assert name_match(islamic, page("Vantria", "Country in Asia", summary)) == match


def test_an_abbreviations_full_stop_does_not_end_the_intros_first_sentence() -> None:
    vu = Entity("vu", "VTC", "ORG", ("VTC",), (Mention(0, 3, "VTC"),))
    company = page(
        "Vantria Trading Co.", "Trading company", "Vantria Trading Co. (VTC) is a trading firm."
    )
    assert name_match(vu, company) == 1


def test_a_disambiguation_page_listing_a_page_the_article_is_sure_of_means_it() -> None:
    """ "Woolies" reaches "Woolworths", which lists the page of the article's "WOOLWORTHS";
    a page an entry only mentions ("... in the United States") or that opens a longer
    title ("United States Department of the Treasury") is no entry."""
    listing = replace(
        page(
            "Woolworths",
            "Topics referred to by the same term",
            "Woolworths may refer to: Woolworths Group (Australia) and its supermarkets;"
            " F. W. Woolworth Company, a retailer in the United States; United States"
            " Department of the Treasury, a joke entry; Woolworths (New Zealand).",
        ),
        disambiguation=True,
    )
    group = page("Woolworths Group (Australia)", "Australian retailer", "Woolworths Group ...")
    usa = page("United States", "Country in North America", "The United States ...")
    kiwi = page("Woolworths (New Zealand)", "Supermarket chain", "Woolworths NZ ...")
    assert listed_sure_page(listing, {"woolworths": group, "usa": usa}, "woolies") is group
    assert listed_sure_page(listing, {"usa": usa}, "woolies") is None
    assert listed_sure_page(listing, {"woolies": group}, "woolies") is None  # its own page
    assert listed_sure_page(listing, {"a": group, "b": kiwi}, "woolies") is None  # two: unsure
    assert listed_sure_page(group, {"woolworths": group}, "woolies") is None  # no list


@pytest.mark.parametrize(
    ("name", "label", "title", "match"),
    [
        ("Grammys", "EVENT", "Grammy Awards", 2),  # the name with an ending the title lacks
        ("Olympics", "EVENT", "Olympic Games", 2),
        ("Future", "ORG", "Black Futures", 0),  # the title's word with its ending taken off
        ("Olympic", "FAC", "2012 Summer Olympics", 0),
        ("Scot", "LANGUAGE", "Scots language", 0),
    ],
)
def test_a_title_carries_a_name_whose_words_it_holds_or_shortens(name, label, title, match):
    entity = Entity("e", name, label, (name,), (Mention(0, len(name), name),))
    assert name_match(entity, page(title, "Something", "It is something else.")) == match


def test_a_surname_with_an_ending_is_a_family_not_the_person():
    """ "the Kennedys" are not John F. Kennedy; "Kennedy" is."""
    person = page("John F. Kennedy", "President of the United States (1961–1963)", "John F...")
    for name, match in (("Kennedys", 0), ("Kennedy", 2)):
        entity = Entity("e", name, "ORG", (name,), (Mention(0, len(name), name),))
        assert name_match(entity, person) == match


CITY = page("Cambridge", "City in Cambridgeshire, England", "Cambridge is a city in England.")
UNIVERSITY = page(
    "University of Cambridge",
    "Collegiate research university in Cambridge, England",
    "The University of Cambridge is a public collegiate research university in Cambridge.",
    rank=1,
)


def place(text: str) -> Entity:
    """The GPE "Cambridge" at each place ``text`` writes it."""
    mentions = tuple(
        Mention(at, at + 9, "Cambridge")
        for at in range(len(text))
        if text.startswith("Cambridge", at)
    )
    return Entity("cambridge", "Cambridge", "GPE", ("Cambridge",), mentions)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("She read history at Cambridge.", ""),
        ("He was a star at Sandhurst and Cambridge, and later at the Staff College.", ""),
        ("At Cambridge, he rowed for his college.", ""),
        ("He studied at Cambridge, then lived in Cambridge for years.", "GPE"),
        ("She was born at Bedford, Cambridge.", "GPE"),
        ("She grew up in Cambridge.", "GPE"),
        ("Cambridge voted to stay. Rents in Cambridge rose; he studied at Cambridge.", "GPE"),
    ],
)
def test_a_place_mostly_written_after_at_may_be_what_stands_there(text, label):
    """ "at Cambridge" reads as its university (or a venue), where a place itself takes
    "in": the GPE label then weighs nothing for the city against the university."""
    entity = place(text)
    context = Context(text, entity)
    assert context.label == label
    _, values, _ = weigh(entity, [CITY, UNIVERSITY], context, incumbent=CITY)
    fits = [value["label_fit"] for value in values]
    assert fits == [0.0, 0.0] if not label else fits[0] > 0 > fits[1]

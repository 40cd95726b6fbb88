"""Title-stage and namesake rules, over real HTTP to a small fixture wiki of made-up pages
shaped like Wikipedia's (``tests/data/wiki/namesake_pages.json``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reader.config import Settings
from reader.lookup import LookupService
from reader.lookup.client import Page
from reader.lookup.coherence import Profile
from reader.lookup.context import Context
from reader.lookup.pages import death_year
from reader.lookup.resolve import weigh
from reader.models import Entity, Mention
from tests.unit.test_lookup_rules import FAST, resolve_one
from wikifixture import DATA_DIR, WikiServer, make_entities, start_server


@pytest.fixture(scope="module")
def wiki() -> Iterator[WikiServer]:
    with start_server(DATA_DIR / "namesake_pages.json") as server:
        yield server


def test_a_surname_the_wiki_redirects_to_its_usual_bearer_keeps_him(wiki, tmp_path):
    """ "Orlanov" redirects to Vasil Orlanov; a later namesake who shares a few more of the
    article's words (regiment, veterans) than he does (purges) not displace him."""
    text = (
        "His grandfather's regiment fought Orlanov during the purges, and the veterans"
        " still meet each spring."
    )
    background, _ = resolve_one(wiki, tmp_path, text, "Orlanov", "PERSON")
    assert (background.status, background.title) == ("found", "Vasil Orlanov")


def test_a_country_labelled_organisation_is_no_person_carrying_its_name(wiki, tmp_path):
    """spaCy calls the country ORG, so its own page is of the wrong kind; still, a royal or
    an entrepreneur whose title carries the name (and who shares more of the article's
    words) is not what an organisation's label means: the country is."""
    text = (
        "The army veteran was given a train ticket to Norvania, where his family lived by"
        " the sea, and a charity for veterans of his regiment paid for the funeral."
    )
    background, _ = resolve_one(wiki, tmp_path, text, "Norvania", "ORG")
    assert (background.status, background.title) == ("found", "Norvania")


def test_a_lowercase_common_noun_title_is_no_page_for_a_capitalised_name(wiki, tmp_path):
    """ "told the Sentinel": the newspaper, not "Night sentinel", which shares the words
    police and officer with the article."""
    text = (
        "Two police officers told the Sentinel that the night inquiry had closed, the"
        " Sentinel understands."
    )
    background, _ = resolve_one(wiki, tmp_path, text, "Sentinel", "ORG")
    assert (background.title or background.candidates[0]) == "The Sentinel"
    assert "Night sentinel" not in background.candidates


def test_a_name_capitalised_only_where_sentences_start_keeps_the_common_noun(wiki, tmp_path):
    """ "Sentinel" only opens sentences: the article may mean the common noun, which stays
    a candidate."""
    text = "Sentinel duty at night was hard, the police officer said.\nSentinel posts were doubled."
    background, _ = resolve_one(wiki, tmp_path, text, "Sentinel", "ORG")
    assert "Night sentinel" in (background.title, *background.candidates)


def test_a_name_after_a_countrys_abbreviation_gets_the_page_titled_without_it(wiki, tmp_path):
    """ "U.S. National Tide Office" has no title of its own; the wiki titles the agency
    without the country's abbreviation."""
    text = "The U.S. National Tide Office warned of a storm surge along the coast."
    background, _ = resolve_one(wiki, tmp_path, text, "U.S. National Tide Office", "ORG")
    assert (background.status, background.title) == ("found", "National Tide Office")


def test_a_page_that_shares_much_with_the_article_is_no_namesake(wiki, tmp_path):
    """The apposition gives him a role ("team") his page never names, but the page shares
    the article's club, titles and position: it is him, not a namesake."""
    text = (
        "Dario Fenwick, the team's president of basketball operations, quit on Tuesday. The"
        " Harbourton Hawks, whom he led to five championships as a point guard, lost again."
    )
    background, _ = resolve_one(wiki, tmp_path, text, "Dario Fenwick", "PERSON")
    assert (background.status, background.title) == ("found", "Dario Fenwick")


@pytest.mark.parametrize("label", ["GPE", "PERSON"])  # the model's label may be wrong
def test_a_place_with_a_page_of_its_own_is_not_a_place_named_longer(wiki, tmp_path, label):
    """ "Varland" has its own state page, which shares none of the article's many names;
    "West Varland" shares its mountains and coal mining, but an article meaning it would
    write its whole name."""
    text = (
        "Former Varland Gov. Tom Ashby joined Ann Cole, Rob Dunn, Pat Ewing and Lee Ford in"
        " Harbourton on Monday. Kim Gale of Ostend and Ray Hale of Brackley, with Sam Irwin"
        " of the Dunmore Company and Eve Jory of Kessel, spoke about coal mining in the"
        " Appalon mountains."
    )
    background, _ = resolve_one(wiki, tmp_path, text, "Varland", label)
    assert "West Varland" not in background.candidates
    if label == "GPE":
        assert (background.status, background.title) == ("found", "Varland")


def test_a_common_nouns_page_is_searched_for_a_capitalised_name(wiki, tmp_path):
    """ "passed the Veldting": the page under the name is about the common noun ("A
    veldting is a formal assembly"); the article means one assembly, which the search
    brings."""
    text = (
        "The budget bill passed the Veldting on Tuesday, and ministers in Norvania said the"
        " Veldting would vote on the lower chamber's amendments in Port Amsel next spring."
    )
    background, searches = resolve_one(wiki, tmp_path, text, "Veldting", "ORG")
    assert searches == 1
    assert (background.status, background.title) == ("found", "Veldting of Norvania")


def test_a_name_only_opening_sentences_keeps_the_common_nouns_page(wiki, tmp_path):
    """ "Veldting" only where sentences start: the article may mean the common noun, whose
    page the title lookup gives without a search."""
    text = "Veldting procedure is old.\nVeldting rules say an assembly elects its speaker."
    background, searches = resolve_one(wiki, tmp_path, text, "Veldting", "ORG")
    assert searches == 0
    assert (background.status, background.title) == ("found", "Veldting")


def test_a_theorys_page_is_searched_for_a_name_the_model_calls_an_event(wiki, tmp_path):
    """The title "Quiet Surge" is an oceanographic theory; an article about banks and share
    prices calling it an event means the crash named after it, which the search brings."""
    text = (
        "Bankers in Port Amsel still speak of the Quiet Surge, the week in 1994 when share"
        " prices on the Norvanian stock market halved and several banks failed."
    )
    background, searches = resolve_one(wiki, tmp_path, text, "Quiet Surge", "EVENT")
    assert searches == 1
    assert (background.status, background.title) == ("found", "Quiet Surge (stock market)")


def test_a_common_nouns_page_is_not_kept_where_the_article_names_much_else(wiki, tmp_path):
    """An article naming many people and places, none of which the generic page shares:
    the generic page is not held against the search as the name's usual meaning ("Apple"
    the fruit); weighed like any candidate, it is not sure enough to be shown as found."""
    text = (
        "Ministers Ada Brenn, Olek Marr, Pia Santer and Ivo Kestrel met Tomas Greel in"
        " Harbourton, Kessel, Marrow Bay and Lindqvist before the Veldting voted. Deputies"
        " from Ostvik, Brannholm and Sellafjord said the Veldting would sit again."
    )
    background, searches = resolve_one(wiki, tmp_path, text, "Veldting", "ORG")
    assert searches == 1
    assert background.status != "found"
    assert "Veldting of Norvania" in background.candidates


def test_a_bare_first_name_is_no_one_bearer_the_article_never_names(wiki, tmp_path):
    """ "Oscar" at a Dublin theatre: the playwright Oscar Pellworth shares the theatre and
    the city, but the article never writes "Pellworth"; a first name alone names no one
    bearer."""
    text = "Oscar was cheered at the Dublin theatre where his comedy opened in the spring."
    background, _ = resolve_one(wiki, tmp_path, text, "Oscar", "PERSON")
    assert background.title != "Oscar Pellworth"
    assert "Oscar Pellworth" not in background.candidates


def test_a_first_name_whose_bearer_the_article_names_keeps_him(wiki, tmp_path):
    text = "Pellworth's comedy opened in Dublin. Oscar loved the theatre and its poets."
    background, _ = resolve_one(wiki, tmp_path, text, "Oscar", "PERSON")
    assert "Oscar Pellworth" in (background.title, *background.candidates)


def test_a_name_the_reader_split_out_is_looked_up_whatever_its_old_label(wiki, tmp_path):
    """ "Norvania" split out of a show the model called a person keeps the label PERSON;
    its page is still the country's, not "no person of that name"."""
    from reader.config import Settings
    from reader.lookup import LookupService
    from reader.models import YOUR_CORRECTION, Entity, Mention
    from tests.unit.test_lookup_rules import FAST

    text = "Shoppers across Norvania watched the final."
    start = text.index("Norvania")
    mention = Mention(start, start + 8, "Norvania", YOUR_CORRECTION)
    split_out = Entity("norvania", "Norvania", "PERSON", ("Norvania",), (mention,))
    lookups = LookupService(Settings(wiki_api=wiki.url, cache_dir=tmp_path), policy=FAST)
    background = lookups.lookup_many([split_out], text)[split_out.id]
    lookups.close()
    assert (background.status, background.title) == ("found", "Norvania")
    found, _ = resolve_one(wiki, tmp_path / "model", text, "Norvania", "PERSON")
    assert found.title != "Norvania"  # as the model labelled it, the country is no answer


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # a police title the page never mentions, a page that tells only an occupation
        (
            "Detective Inspector Ilse Brandauer, who leads the inquiry, said the thieves knew"
            " exactly what they wanted from the museum.",
            "not_found",
        ),
        (
            "Patients said the nurse Ilse Brandauer had stayed with them through the night.",
            "not_found",
        ),  # an occupation's word right before the name
        (
            "The bronze medallist Ilse Brandauer said the backstroke final had been the fastest"
            " swim of her career.",
            "found",
        ),
    ],
)
def test_a_title_of_another_occupation_makes_a_namesake(wiki, tmp_path, text, status):
    """The page under the exact name says only "Austrian swimmer"; a detective inspector
    of that name is someone else."""
    background, _ = resolve_one(wiki, tmp_path, text, "Ilse Brandauer", "PERSON")
    assert background.status == status
    assert background.candidates == ("Ilse Brandauer",)  # set aside or not, the chooser has it


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "In Dunmore, the local brigade captain, Tomas Verhelst, said volunteers had spent"
            " the night protecting the school.",
            "not_found",
        ),
        (
            "Tomas Verhelst, 71, a retired farm worker, said he had voted in every election"
            " since the war.",
            "not_found",
        ),  # the apposition after the age
        # appositions as news writes them: a name or an age inside, a possessive, a share
        (
            "Tomas Verhelst, a Harbourton city councillor, said the budget would pass.",
            "not_found",
        ),
        ("Tomas Verhelst, the union's chief negotiator, said talks would resume.", "not_found"),
        ("The ship's master, Tomas Verhelst, was questioned by investigators.", "not_found"),
        ('"It came at once," said Tomas Verhelst, one of two pilots on board.', "not_found"),
        ("Tomas Verhelst, head of research at the bank, said rates would fall.", "not_found"),
        ("Tomas Verhelst, speaking in Brussels, said the tour would go on.", "found"),
        # no role: a phrase after a preposition, and a list of people thanked
        (
            "Tomas Verhelst sang three songs at the festival. In the end, Tomas Verhelst, who"
            " closed the night, thanked the crowd.",
            "found",
        ),
        (
            "Tomas Verhelst sang three songs at the festival and thanked the organisers, Tomas"
            " Verhelst, and the crowd.",
            "found",
        ),
        # a list: the householder is the actor named before, and no apposition is closed
        (
            "The cast is strong, from Pieter Claes as the harassed householder, Tomas Verhelst"
            " as his mutinous son and Anna Berg as the neighbour.",
            "found",
        ),
    ],
)
def test_a_role_set_before_the_name_with_a_comma_makes_a_namesake(wiki, tmp_path, text, status):
    """ "the local brigade captain, X," gives X a role the singer's page never mentions; in
    a list of actors and their parts, the role before the comma is another person's."""
    background, _ = resolve_one(wiki, tmp_path, text, "Tomas Verhelst", "PERSON")
    assert background.status == status
    assert background.candidates == ("Tomas Verhelst",)  # set aside or not, the chooser has it


def test_the_chooser_offers_the_namesake_set_aside(wiki, tmp_path):
    """The detective's panel finds no article; the chooser shows the swimmer's page, with its
    description, for the reader to take if the resolver was wrong."""
    text = "Detective Inspector Ilse Brandauer said the thieves knew what they wanted."
    spec = {"name": "Ilse Brandauer", "label": "PERSON", "aliases": ["Ilse Brandauer"]}
    entity = make_entities({"text": text, "entities": [spec]})[0]
    lookups = LookupService(Settings(wiki_api=wiki.url, cache_dir=tmp_path), policy=FAST)
    assert lookups.lookup(entity, text).status == "not_found"
    requests = len(wiki.requests)
    offered = lookups.candidates(entity, text)
    lookups.close()
    assert [(c.title, c.description) for c in offered] == [("Ilse Brandauer", "Austrian swimmer")]
    assert len(wiki.requests) == requests


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("a microbiologist", "not_found"),  # another discipline of science
        ("a physicist", "found"),
        ("a scientist", "found"),  # the family's own word fits every discipline
        ("a professor", "found"),
    ],
)
def test_a_scientist_of_another_discipline_is_a_namesake(wiki, tmp_path, role, status):
    """The page under the exact name says "Croatian physicist and broadcaster": a
    microbiologist of that name is someone else, a scientist or professor may be him."""
    text = (
        f"Anselm Kovac, {role} at the city hospital who was not involved in the study, called"
        " the results exciting but warned that most new compounds fail in people."
    )
    background, _ = resolve_one(wiki, tmp_path, text, "Anselm Kovac", "PERSON")
    assert background.status == status
    assert background.candidates == ("Anselm Kovac",)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # the physicist, born in 1968, was 19 in 1987: not in an article about 2024
        ("At the 2024 championships Anselm Kovac, 19, beat the world record holder.", "not_found"),
        ("Anselm Kovac, 104, said he had watched every launch since 1957.", "not_found"),
        ("Anselm Kovac, 56, said the 2024 results were the best he had seen.", "found"),
        ("Anselm Kovac, 56, said in 2024 that he hoped to fly by 2050.", "found"),
        ("At the 2024 final Anselm Kovac (19) and Ilse Brandauer (23) scored.", "found"),
        ("At the 2024 final Anselm Kovac, a 19-year-old from Split, scored.", "not_found"),
        ("At the 2024 final the 19-year-old striker Anselm Kovac scored.", "not_found"),
        ("At the 2024 final a 19-year-old from Split beat Anselm Kovac.", "found"),
    ],
)
def test_an_age_the_pages_year_of_birth_rules_out_makes_a_namesake(wiki, tmp_path, text, status):
    """An age puts the article in a year: no later than next year, nor years before the
    latest one it writes."""
    background, _ = resolve_one(wiki, tmp_path, text, "Anselm Kovac", "PERSON")
    assert background.status == status
    assert background.candidates == ("Anselm Kovac",)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ('"We sold out," said Oscar Pellworth after the 2024 premiere.', "not_found"),
        ("Oscar Pellworth, 58, told reporters the 2024 season had sold out.", "not_found"),
        ("The 2024 revival of a comedy by Oscar Pellworth sold out.", "found"),  # not quoted
        ('"We sold out," said Oscar Pellworth after the premiere.', "found"),  # no year written
    ],
)
def test_a_person_the_article_quotes_is_none_dead_before_its_time(wiki, tmp_path, text, status):
    """The page says "Irish playwright (1854–1900)": a man the article quotes in 2024, or
    gives an age, is someone else; a play of his is still his."""
    background, _ = resolve_one(wiki, tmp_path, text, "Oscar Pellworth", "PERSON")
    assert background.status == status


def test_a_lifes_years_are_told_from_a_term_of_office():
    life = Page("A", None, "American singer (1933–2006)", "")
    dates = Page("B", None, "Greek poet", "B (13 March 1900 – 20 September 1971) was a poet.")
    term = Page("C", None, "President of Estmark (2017–2021)", "")
    assert [death_year(p) for p in (life, dates, term)] == [2006, 1971, None]


def test_a_person_the_article_gives_an_age_is_no_store(wiki, tmp_path):
    text = "Corwin Hale, 52, pleaded guilty to fraud on Friday and will be sentenced in June."
    background, _ = resolve_one(wiki, tmp_path, text, "Corwin Hale", "PERSON")
    assert background.status == "not_found"


def test_a_people_is_not_a_body_named_with_its_adjective():
    """Beside the people's own page, a body named with its adjective is no candidate
    (searched when the title lookup doubted the people's page, the article naming much
    else: the body shares more of its words)."""
    text = (
        "Norvanians lost millions to the scheme, the Norvanian Securities Commission said,"
        " and many Norvanians are still waiting for their money."
    )
    spec = {"name": "Norvanians", "label": "NORP", "aliases": ["Norvanians"]}
    entity = make_entities({"text": text, "entities": [spec]})[0]
    people = Page("Norvanians", None, "People of Norvania", "Norvanians are the people of X.")
    body = Page("Norvanian Securities Commission", None, "Financial regulator", "It regulates.")
    weighed, _, _ = weigh(entity, [body, people], Context(text, entity), incumbent=people)
    assert [page.title for page in weighed] == ["Norvanians"]
    alone, _, _ = weigh(entity, [body], Context(text, entity))
    assert [page.title for page in alone] == [body.title]  # no people's page: it may be


def test_an_acronym_is_the_body_its_initials_spell_not_an_event_named_with_it(wiki, tmp_path):
    text = (
        "The ZRC said the 2031 regatta would go ahead on the river Harbour despite the floods,"
        " and rowing clubs from across Norvania have entered crews."
    )
    background, _ = resolve_one(wiki, tmp_path, text, "ZRC", "ORG")
    offered = background.title or next(iter(background.candidates), None)
    assert offered == "Zenith Rowing Club"
    assert "2031 Harbour Regatta" not in background.candidates  # held in its intro
    assert "ZRC Sculls" not in background.candidates  # held in its title


@pytest.mark.parametrize(
    ("quote", "status"),
    [
        ('"We were lucky," said Tomas Verhelst, who runs the cafe by the pool.', "not_found"),
        (  # sharing much with the singer's page, which the titles find: set aside after
            '"We were lucky," said Tomas Verhelst, a Belgian who runs the Noordzee cafe.',
            "not_found",
        ),
        ('"We were lucky," said Tomas Verhelst as the choir\'s singers looked on.', "found"),
        ("Tomas Verhelst watched from the stands.", "found"),  # not shown at work
    ],
)
def test_a_person_of_a_field_none_of_the_articles_people_are_of_is_a_namesake(
    wiki, tmp_path, quote, status
):
    """Beside a basketball player and a swimmer (and places), a man quoted with nothing of
    the singer's field in the article is not the singer."""
    text = (
        "Dario Fenwick and Ilse Brandauer opened the new pool in Norvania on Sunday, the"
        f" first in Varland. {quote}"
    )
    specs = [
        ("Dario Fenwick", "PERSON"),
        ("Ilse Brandauer", "PERSON"),
        ("Norvania", "GPE"),
        ("Varland", "GPE"),
        ("Tomas Verhelst", "PERSON"),
    ]
    entities = make_entities(
        {"text": text, "entities": [{"name": n, "label": label} for n, label in specs]}
    )
    lookups = LookupService(Settings(wiki_api=wiki.url, cache_dir=tmp_path), policy=FAST)
    found = lookups.lookup_many(entities, text)
    lookups.close()
    backgrounds = {e.name: found[e.id] for e in entities}
    assert backgrounds["Dario Fenwick"].status == "found"
    assert backgrounds["Tomas Verhelst"].status == status
    assert backgrounds["Tomas Verhelst"].candidates == ("Tomas Verhelst",)


def test_writing_and_the_screen_are_one_field_and_a_sciences_disciplines_one():
    people = {
        "a": Page("A", None, "American actress (born 1980)", ""),
        "b": Page("B", None, "English actor (born 1970)", ""),
        "c": Page("C", None, "Welsh physicist (born 1960)", ""),
    }
    text = '"No," said Tomas Verhelst, who met them in Paris.'
    start = text.index("Tomas")
    entity = Entity("t", "Tomas Verhelst", "PERSON", ("Tomas Verhelst",),
                    (Mention(start, start + 14, "Tomas Verhelst"),))  # fmt: skip
    context = Context(text, entity)
    context.profile = Profile(people)
    context.key = "tomas verhelst"
    journalist = Page("Tomas Verhelst", None, "Belgian broadcast journalist (born 1950)", "")
    biologist = Page("Tomas Verhelst", None, "Belgian microbiologist (born 1950)", "")
    footballer = Page("Tomas Verhelst", None, "Belgian footballer (born 1990)", "")
    assert [context.out_of_field(p) for p in (journalist, biologist, footballer)] == [
        False,
        False,
        True,
    ]
    context.profile = Profile(dict(list(people.items())[:2]))  # too few people to tell
    assert not context.out_of_field(footballer)


@pytest.mark.parametrize(
    ("text", "namesake"),
    [
        ("Tomas Verhelst, a portfolio manager at Norbank, said the bid was fair.", True),
        ("The fund manager Tomas Verhelst said the bid was fair.", True),
        ("Tomas Verhelst, the team manager, said the bid was fair.", False),
        ("Tomas Verhelst, the manager, said the bid was fair.", False),  # sport's word too
    ],
)
def test_a_compound_role_is_of_the_field_its_first_word_settles(text, namesake):
    """A portfolio manager is of business, not of sport as a manager may be: no footballer."""
    start = text.index("Tomas")
    entity = Entity("t", "Tomas Verhelst", "PERSON", ("Tomas Verhelst",),
                    (Mention(start, start + 14, "Tomas Verhelst"),))  # fmt: skip
    footballer = Page("Tomas Verhelst", None, "Belgian footballer (born 1990)", "")
    assert Context(text, entity).other_role(footballer) is namesake


def test_a_name_with_a_nickname_in_quotes_is_asked_without_the_quotes(wiki, tmp_path):
    """The wiki titles the agent by his nickname and redirects his given name to it; the
    name as the article writes it, with the quotes, is no title."""
    text = 'Smugglers killed the customs agent Anselmo "Tito" Marlowe in 1985, the court heard.'
    name = 'Anselmo "Tito" Marlowe'
    background, _ = resolve_one(wiki, tmp_path, text, name, "PERSON")
    assert (background.status, background.title) == ("found", "Tito Marlowe")

"""Sports reports name clubs, national teams and racecourses after their places ("at
Fulham, Liverpool and England"; "a winner at Warwick"): in an article about sport, a place
the article never writes as the place itself is weighed against the page of the article's
sport named after it.

Served over real HTTP by the fixture wiki of news-fair's gold entities, which has the
places, their clubs and their namesakes of other sports; the articles are written here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.config import Settings
from reader.lookup import LookupService
from reader.lookup.client import Page, RetryPolicy
from reader.lookup.coherence import Profile
from reader.lookup.context import Context
from reader.lookup.resolve import Sport, weigh
from reader.models import Background, Entity, Mention
from wikifixture import DATA_DIR, WikiServer, make_entities, start_server

FAST = RetryPolicy(
    max_retries=1, backoff=0.01, retry_after_cap=0.05, request_deadline=2.0, call_deadline=5.0
)

PEOPLE = [("Roy Hodgson", "PERSON"), ("Jack Wilshere", "PERSON"), ("Calum Chambers", "PERSON")]


@pytest.fixture(scope="module")
def newsfair_wiki() -> Iterator[WikiServer]:
    with start_server(DATA_DIR / "newsfair_pages.json") as server:
        yield server


FOOTBALL = (
    "Roy Hodgson named his staff on Monday. Jack Wilshere and Calum Chambers trained with"
    " the squad, and the analyst who worked with him at Fulham, Liverpool and England"
    " joined them in London before the friendly against Central Coast."
)


def look_up(
    server: WikiServer, cache_dir: Path, text: str, names: list[tuple[str, str]]
) -> tuple[dict[str, Background], list[str]]:
    """The backgrounds of ``names`` (name, label) in ``text``, by name; and the searches."""
    specs = [{"name": name, "label": label, "aliases": [name]} for name, label in names]
    entities = make_entities({"text": text, "entities": specs})
    before = len(server.requests)
    lookups = LookupService(Settings(wiki_api=server.url, cache_dir=cache_dir), policy=FAST)
    found = lookups.lookup_many(entities, text)
    lookups.close()
    searched = [params["gsrsearch"] for params in server.requests[before:] if "gsrsearch" in params]
    return {entity.name: found[entity.id] for entity in entities}, searched


PLACES = [
    ("Fulham", "GPE"),
    ("Liverpool", "GPE"),
    ("England", "GPE"),
    ("Central Coast", "LOC"),
    ("London", "GPE"),
]


def test_in_a_football_report_places_name_their_clubs(newsfair_wiki, tmp_path):
    found, searches = look_up(newsfair_wiki, tmp_path, FOOTBALL, [*PEOPLE, *PLACES])
    assert {name: found[name].title for name, _ in PLACES} == {
        "Fulham": "Fulham F.C.",
        "Liverpool": "Liverpool F.C.",
        "England": "England national football team",  # football's, not rugby's or cricket's
        "Central Coast": "Central Coast Mariners FC",
        "London": "London",  # "in London": the place itself, not searched
    }
    assert "London" not in searches
    newsfair_wiki.reset()
    again, _ = look_up(newsfair_wiki, tmp_path, FOOTBALL, [*PEOPLE, *PLACES])
    assert again["Fulham"].title == "Fulham F.C." and newsfair_wiki.requests == []


def test_a_place_whose_search_fails_stays_the_place_until_asked_again(newsfair_wiki, tmp_path):
    newsfair_wiki.faults.fail_search = "Fulham"
    try:
        found, _ = look_up(newsfair_wiki, tmp_path, FOOTBALL, [*PEOPLE, *PLACES])
    finally:
        newsfair_wiki.reset()
    assert (found["Fulham"].status, found["Fulham"].title) == ("found", "Fulham")
    assert found["Liverpool"].title == "Liverpool F.C."
    again, searches = look_up(newsfair_wiki, tmp_path, FOOTBALL, [*PEOPLE, *PLACES])
    assert again["Fulham"].title == "Fulham F.C." and searches == ["Fulham"]


def test_in_a_racing_card_places_name_their_racecourses(newsfair_wiki, tmp_path):
    """The racecourse, not the town's football club."""
    text = (
        "Sam Twiston-Davies rode the winner at Warwick, and David Pipe saddled two at"
        " Wincanton and one at Leicester. Sandown Park stages the Tingle Creek next."
    )
    names = [
        ("Sam Twiston-Davies", "PERSON"),
        ("David Pipe", "PERSON"),
        ("Sandown Park", "FAC"),
        ("Warwick", "GPE"),
        ("Wincanton", "GPE"),
        ("Leicester", "GPE"),
    ]
    found, _ = look_up(newsfair_wiki, tmp_path, text, names)
    assert [found[name].title for name, _ in names[3:]] == [
        "Warwick Racecourse",
        "Wincanton Racecourse",
        "Leicester Racecourse",
    ]


def test_a_venue_the_model_calls_a_person_is_the_venue(newsfair_wiki, tmp_path):
    """ "second at Aintree": the small model calls the one word a person; written after "at"
    it is no person, and in a racing card the place's name is its racecourse."""
    text = (
        "Sam Twiston-Davies rode the winner at Warwick, and David Pipe saddled two at"
        " Wincanton. Cepage was a fine second at Aintree on his reappearance."
    )
    names = [
        ("Sam Twiston-Davies", "PERSON"),
        ("David Pipe", "PERSON"),
        ("Warwick", "GPE"),
        ("Wincanton", "GPE"),
        ("Aintree", "PERSON"),
    ]
    found, _ = look_up(newsfair_wiki, tmp_path, text, names)
    assert found["Aintree"].title == "Aintree Racecourse"


def test_a_place_the_article_writes_as_a_place_stays_the_place(newsfair_wiki, tmp_path):
    text = (
        "Roy Hodgson named his staff on Monday. Jack Wilshere and Calum Chambers trained with"
        " the squad. The analyst grew up in Fulham."
    )
    found, _ = look_up(newsfair_wiki, tmp_path, text, [*PEOPLE, ("Fulham", "GPE")])
    assert (found["Fulham"].status, found["Fulham"].title) == ("found", "Fulham")


def test_outside_sport_a_place_is_the_place_and_costs_no_search(newsfair_wiki, tmp_path):
    """Leicester has a football club and a racecourse; a council story means the city."""
    text = (
        "Leicester voted to raise its council tax by five per cent. The mayor said"
        " Nottingham and Derby had done the same."
    )
    names = [("Leicester", "GPE"), ("Nottingham", "GPE"), ("Derby", "GPE")]
    found, searches = look_up(newsfair_wiki, tmp_path, text, names)
    assert (found["Leicester"].status, found["Leicester"].title) == ("found", "Leicester")
    assert "Leicester" not in searches


def page(title: str, description: str) -> Page:
    return Page(title=title, url="", description=description, summary=f"{title} is a page.")


def sport_of(sure: dict[str, Page]) -> Sport | None:
    """The article's sport from its sure pages, weighed against their own profile."""
    return Sport.of(sure, Profile(sure))


def test_the_team_is_of_the_sport_most_of_the_articles_pages_belong_to():
    sure = {
        "a": page("Sam Twiston-Davies", "British jockey"),
        "b": page("Sandown Park", "Horse racing venue in Esher, Surrey, England"),
        "c": page("Leicester City F.C.", "Association football club in Leicester, England"),
        "d": page("David Pipe", "British racehorse trainer"),
    }
    sport = sport_of(sure)
    assert sport is not None
    entity = Entity("e1", "Warwick", "GPE", ("Warwick",), (Mention(0, 7, "Warwick"),))
    place = page("Warwick", "Town in Warwickshire, England")
    results = [
        place,
        page("Warwick Racecourse", "Horse racing venue in Warwick, England"),
        page("Warwick Rangers F.C.", "Association football club in Warwick, England"),
        page("Dionne Warwick", "American singer (born 1940)"),
    ]
    assert sport.team(entity, place, results) == results[1]
    assert sport.team(entity, place, [place, results[3]]) is None


def test_a_team_whose_description_names_no_sport_is_of_its_titles():
    """Wikipedia describes many national sides only as a "National sports team": the
    title says which sport ("England national rugby union team")."""
    sure = {
        "a": page("Gloucester Rugby", "English rugby union club"),
        "b": page("Leicester Tigers", "English rugby union club"),
        "c": page("Steve Borthwick", "English rugby union coach (born 1979)"),
    }
    sport = sport_of(sure)
    assert sport is not None
    entity = Entity("e1", "England", "GPE", ("England",), (Mention(0, 7, "England"),))
    place = page("England", "Country in the United Kingdom")
    rugby = page("England national rugby union team", "National sports team")
    assert sport.team(entity, place, [place, rugby]) == rugby
    assert sport.team(entity, place, [place, page("England national team", "Sports team")]) is None


def test_an_article_with_few_pages_of_sport_is_not_about_sport():
    sure = {
        "a": page("Dirk Nowitzki", "German basketball player (born 1978)"),
        "b": page("William Barr", "American lawyer (born 1950)"),
        "c": page("Texas", "U.S. state"),
        "d": page("Denver", "Capital city of Colorado, United States"),
        "e": page("Donald Trump", "President of the United States"),
        "f": page("Midwestern United States", "Region of the United States"),
        "g": page("Philippines", "Country in Southeast Asia"),
        "h": page("Luzon", "Largest island of the Philippines"),
    }
    assert sport_of(sure) is None
    lakers = page("Los Angeles Lakers", "Basketball team")
    assert sport_of({**sure, "lakers": lakers}) is None  # 2 of 9: under a quarter
    assert sport_of({"lakers": lakers, **dict(list(sure.items())[:3])}) is not None  # 2 of 4


def test_a_team_named_after_a_place_may_open_with_an_abbreviation():
    sure = {"a": page("Jack Wilshere", "English footballer"), "b": page("FIFA", "Football body")}
    sport = sport_of(sure)
    assert sport is not None
    zurich = Entity("e1", "Zurich", "GPE", ("Zurich",), (Mention(0, 6, "Zurich"),))
    place = page("Zurich", "City in Switzerland")
    club = page("FC Zürich", "Association football club in Zürich, Switzerland")
    assert sport.team(zurich, place, [place, club]) == club
    uae = Entity("e2", "UAE", "GPE", ("UAE",), (Mention(0, 3, "UAE"),))
    country = page("UAE", "Country in Western Asia")
    team = page("UAE national football team", "Men's national association football team")
    assert sport.team(uae, country, [country, team]) == team


@pytest.mark.parametrize(
    ("text", "placed"),
    [
        ("He grew up in Denver.", True),
        ("In Denver, a top of 25C is expected.", True),
        ("Fans came from Denver.", True),
        ("They lost to Denver at home.", False),
        ("Denver could get up to 10 inches of snow.", False),
        ("Denver (AP) - Denver beat Utah.", False),  # a dateline: the team may be meant
    ],
)
def test_outside_sport_or_where_written_as_a_place_no_team_is_a_candidate(text, placed):
    start = text.index("Denver")
    entity = Entity("e1", "Denver", "GPE", ("Denver",), (Mention(start, start + 6, "Denver"),))
    context = Context(text, entity)
    assert context.placed is placed
    city = page("Denver", "Capital city of Colorado, United States")
    teams = [page("Denver Nuggets", "National Basketball Association team")]
    titles = [[p.title for p in weigh(entity, [city, *teams], context, incumbent=city)[0]]]
    context.sporting = True
    titles.append([p.title for p in weigh(entity, [city, *teams], context, incumbent=city)[0]])
    assert titles == [["Denver"], ["Denver"] if placed else ["Denver", "Denver Nuggets"]]


def test_in_at_a_sentences_start_puts_an_organisation_in_doubt():
    text = "Rain fell all day. In Adelaide, a top of 25C was expected."
    start = text.index("Adelaide")
    entity = Entity(
        "e1", "Adelaide", "ORG", ("Adelaide",), (Mention(start, start + 8, "Adelaide"),)
    )
    context = Context(text, entity)
    assert (context.label, context.placed) == ("", True)


def test_a_place_written_as_a_place_is_no_team_whatever_its_title_reached():
    """ "a loss in Phoenix" in a basketball report: the title reached a disambiguation
    page, and the search brings the city and the team; the article writes the city."""
    text = "Two nights after a loss in Phoenix, the Lakers won."
    start = text.index("Phoenix")
    entity = Entity("e1", "Phoenix", "GPE", ("Phoenix",), (Mention(start, start + 7, "Phoenix"),))
    context = Context(text, entity)
    context.sporting = True
    listing = Page("Phoenix", None, "Topics referred to by the same term", "", True)
    city = page("Phoenix, Arizona", "Capital city of Arizona, United States")
    team = page("Phoenix Suns", "National Basketball Association team")
    titles = [p.title for p in weigh(entity, [city, team], context, incumbent=listing)[0]]
    assert titles == ["Phoenix, Arizona"]

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
from reader.lookup.resolve import Sport
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


def test_in_a_football_report_places_name_their_clubs(newsfair_wiki, tmp_path):
    text = (
        "Roy Hodgson named his staff on Monday. Jack Wilshere and Calum Chambers trained with"
        " the squad, and the analyst who worked with him at Fulham, Liverpool and England"
        " joined them in London."
    )
    names = [*PEOPLE, ("Fulham", "GPE"), ("Liverpool", "GPE"), ("England", "GPE")]
    found, searches = look_up(newsfair_wiki, tmp_path, text, [*names, ("London", "GPE")])
    assert {name: found[name].title for name, _ in names[3:]} == {
        "Fulham": "Fulham F.C.",
        "Liverpool": "Liverpool F.C.",
        "England": "England national football team",  # football's, not rugby's or cricket's
    }
    assert found["London"].title == "London"  # "in London": the place itself
    assert "London" not in searches


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


def test_the_team_is_of_the_sport_most_of_the_articles_pages_belong_to():
    sure = {
        "a": page("Sam Twiston-Davies", "British jockey"),
        "b": page("Sandown Park", "Horse racing venue in Esher, Surrey, England"),
        "c": page("Leicester City F.C.", "Association football club in Leicester, England"),
        "d": page("David Pipe", "British racehorse trainer"),
    }
    sport = Sport.of(sure)
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


def test_an_article_with_few_pages_of_sport_is_not_about_sport():
    sure = {
        "a": page("Dirk Nowitzki", "German basketball player (born 1978)"),
        "b": page("William Barr", "American lawyer (born 1950)"),
        "c": page("Texas", "U.S. state"),
        "d": page("Denver", "Capital city of Colorado, United States"),
        "e": page("Donald Trump", "President of the United States"),
    }
    assert Sport.of(sure) is None
    assert Sport.of({**sure, "f": page("Los Angeles Lakers", "Basketball team")}) is not None

"""Coherence: a name's page is weighed against the pages of the article's other names.

Made-up pages served by the fixture wiki over real HTTP; the articles are written here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.config import Settings
from reader.lookup import LookupService
from reader.lookup.client import Page, RetryPolicy
from reader.lookup.coherence import MIN_PAGES, TOP, Profile
from reader.lookup.terms import words
from reader.models import Background
from wikifixture import WikiServer, make_entities, start_server

FAST = RetryPolicy(
    max_retries=1, backoff=0.01, retry_after_cap=0.05, request_deadline=2.0, call_deadline=5.0
)


def _page(title: str, description: str, extract: str, popularity: int) -> dict[str, object]:
    return {
        "title": title,
        "description": description,
        "extract": extract,
        "popularity": popularity,
    }


PAGES = [
    {
        "title": "Brackley",
        "description": "Topics referred to by the same term",
        "extract": "Brackley most commonly refers to: Brackley, Wessex, a market town. It may"
        " also refer to: Brackley Rovers F.C., a football club.",
        "disambiguation": True,
        "popularity": 500,
    },
    _page(
        "Brackley, Wessex",
        "Market town in Wessex, England",
        "Brackley is a market town on the River Ouse in Wessex, England, known for its wool"
        " trade and its Norman church.",
        50000,
    ),
    _page(
        "Brackley Rovers F.C.",
        "Association football club in Wessex, England",
        "Brackley Rovers Football Club is a professional football club that plays in the"
        " Southern League; its manager and players train at Ouse Park.",
        8000,
    ),
    _page(
        "Tobias Renn",
        "English football manager (born 1961)",
        "Tobias Renn is an English football manager who has managed the professional football"
        " clubs Ashby Athletic and Kelso Wanderers in the Southern League.",
        9000,
    ),
    _page(
        "Ashby Athletic F.C.",
        "Association football club in Mercia, England",
        "Ashby Athletic Football Club is a professional football club that plays in the"
        " Southern League at the Moor Ground.",
        7000,
    ),
    _page(
        "Kelso Wanderers F.C.",
        "Association football club in Mercia, England",
        "Kelso Wanderers Football Club is a professional football club founded in 1880 that"
        " plays in the Southern League.",
        7000,
    ),
    _page(
        "Lena Marsh",
        "English footballer (born 1994)",
        "Lena Marsh is an English professional footballer who plays as a midfielder for"
        " Kelso Wanderers in the Southern League.",
        3000,
    ),
    _page(
        "River Ouse (Wessex)",
        "River in Wessex, England",
        "The River Ouse is a river in Wessex, England, that flows past market towns and"
        " water meadows to the sea.",
        4000,
    ),
    _page(
        "Tarrant Abbey",
        "Ruined abbey in Wessex, England",
        "Tarrant Abbey is a ruined Norman abbey near the River Ouse in Wessex, England, whose"
        " wool trade made the market towns around it rich.",
        3000,
    ),
    _page(
        "Wessex Wool Hall",
        "Medieval market hall in Wessex, England",
        "The Wessex Wool Hall is a medieval market hall in Wessex, England, built for the wool"
        " trade of the market towns on the River Ouse.",
        2000,
    ),
    _page(
        "Wessex",
        "County in England",
        "Wessex is a county in south-west England, with market towns, rivers and downs.",
        40000,
    ),
]
REDIRECTS = {
    "Ashby Athletic": "Ashby Athletic F.C.",
    "Kelso Wanderers": "Kelso Wanderers F.C.",
    "Tarrant": "Tarrant Abbey",
}
FOOTBALL = (
    "Tobias Renn was named manager of Kelso Wanderers on Monday. Renn, who led Ashby Athletic"
    " to promotion and worked at Brackley before that, signed the midfielder Lena Marsh on"
    " his first day and said the players would train twice a day."
)
TOWN = (
    "Visitors to Brackley can walk along the River Ouse to Tarrant Abbey, then see the Wessex"
    " Wool Hall, where the market has met since the wool trade made the town rich. Wessex"
    " keeps the path open all year."
)


@pytest.fixture(scope="module")
def wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WikiServer]:
    """A made-up wiki where "Brackley" is a town or a football club."""
    path = tmp_path_factory.mktemp("wiki") / "pages.json"
    path.write_text(json.dumps({"pages": PAGES, "redirects": REDIRECTS}), encoding="utf-8")
    with start_server(path) as server:
        yield server


def look_up(
    server: WikiServer, cache: Path, text: str, specs: list[tuple[str, str]]
) -> tuple[dict[str, Background], int]:
    """Backgrounds by name of the entities ``specs`` of ``text``, in one batch, and the
    searches made."""
    entities = make_entities(
        {"text": text, "entities": [{"name": name, "label": label} for name, label in specs]}
    )
    before = len(server.requests)
    lookups = LookupService(Settings(wiki_api=server.url, cache_dir=cache), policy=FAST)
    try:
        found = lookups.lookup_many(entities, text)
    finally:
        lookups.close()
    searches = sum("gsrsearch" in params for params in server.requests[before:])
    return {entity.name: found[entity.id] for entity in entities}, searches


FOOTBALL_NAMES = [
    ("Tobias Renn", "PERSON"),
    ("Kelso Wanderers", "ORG"),
    ("Ashby Athletic", "ORG"),
    ("Lena Marsh", "PERSON"),
    ("Brackley", "GPE"),
]


def test_a_place_name_is_the_club_among_football_pages(wiki, tmp_path):
    """ "Brackley" leads to a disambiguation page, so a search weighs the town (the most read,
    first in the results, with the exact name) against the club; the article's other names
    are a manager, a footballer and clubs, so the club is the more coherent page and wins."""
    found, searches = look_up(wiki, tmp_path, FOOTBALL, FOOTBALL_NAMES)
    assert found["Tobias Renn"].title == "Tobias Renn"
    assert found["Brackley"].status == "found"
    assert found["Brackley"].title == "Brackley Rovers F.C."
    assert searches == 1


def test_the_same_name_is_the_town_among_pages_of_its_surroundings(wiki, tmp_path):
    """Among a river, an abbey and a market hall the same search gives the town, and each
    article keeps its own decision."""
    town_names = [
        ("Brackley", "GPE"),
        ("River Ouse", "LOC"),
        ("Tarrant Abbey", "FAC"),
        ("Wessex Wool Hall", "FAC"),
        ("Wessex", "GPE"),
    ]
    found, _ = look_up(wiki, tmp_path, TOWN, town_names)
    assert found["Brackley"].title == "Brackley, Wessex"
    again, _ = look_up(wiki, tmp_path, FOOTBALL, FOOTBALL_NAMES)
    assert again["Brackley"].title == "Brackley Rovers F.C."


def test_a_name_looked_up_alone_is_not_weighed_by_coherence(wiki, tmp_path):
    """With no other names' pages to weigh it against, coherence says nothing: the club
    leads the town by less than it does once the article's other names have their pages."""
    alone = look_up(wiki, tmp_path / "alone", FOOTBALL, [("Brackley", "GPE")])[0]["Brackley"]
    together = look_up(wiki, tmp_path / "together", FOOTBALL, FOOTBALL_NAMES)[0]["Brackley"]
    assert alone.candidates == together.candidates == ("Brackley Rovers F.C.", "Brackley, Wessex")
    lead_alone = alone.scores[0] - alone.scores[1]
    assert lead_alone < together.scores[0] - together.scores[1] - 0.05


def _wiki_page(title: str) -> Page:
    page = next(p for p in PAGES if p["title"] == title)
    return Page(title, None, str(page["description"]), str(page["extract"]))


def test_coherence_needs_enough_other_names_and_leaves_the_name_s_own_page_out():
    club, town = _wiki_page("Brackley Rovers F.C."), _wiki_page("Brackley, Wessex")
    sure = {
        "renn": _wiki_page("Tobias Renn"),
        "kelso": _wiki_page("Kelso Wanderers F.C."),
        "ashby": _wiki_page("Ashby Athletic F.C."),
    }
    profile = Profile(sure)
    assert len(sure) == MIN_PAGES
    club_score, town_score = profile.score(club, "brackley"), profile.score(town, "brackley")
    assert club_score is not None and town_score is not None
    assert club_score > town_score
    # the name's own page is none of the others: two are too few, three are enough
    assert profile.score(club, "renn") is None
    assert Profile({**sure, "marsh": _wiki_page("Lena Marsh")}).score(club, "renn") is not None
    # another name given the same page does not make a page coherent with itself (a cosine
    # of 1 among the best TOP would lift the mean to 1 / TOP at least)
    same = Profile({**sure, "rovers": club}).score(club, "brackley")
    assert same is not None and same < 1 / TOP


def test_a_page_given_to_another_form_of_the_name_is_no_neighbour():
    """ "Labour" was given the UK party's page: for "Labour Party" that page is a rival
    reading, not a neighbour that would make the Irish party (so like it) coherent."""
    intro = "The Labour Party is a centre-left political party in {}."
    uk = Page("Labour Party (UK)", None, "Political party", intro.format("the United Kingdom"))
    irish = Page("Labour Party (Ireland)", None, "Political party", intro.format("Ireland"))
    others = {
        "renn": _wiki_page("Tobias Renn"),
        "kelso": _wiki_page("Kelso Wanderers F.C."),
        "ashby": _wiki_page("Ashby Athletic F.C."),
    }
    own = frozenset(words("Labour Party"))
    alone = Profile(others).score(irish, "labour party", own)
    beside = Profile({**others, "labour": uk}).score(irish, "labour party", own)
    assert alone is not None and beside == alone
    # without the name's words in its title, the same page is a neighbour
    assert Profile({**others, "labour": uk}).score(irish, "fianna", frozenset()) > alone


def test_an_initialism_is_a_word_the_article_and_a_page_share():
    """ "UK" and "EU" are names an article writes often; a page titled "Labour Party (UK)"
    shares one with it. The pronoun "us" stays a stop word."""
    assert words("The UK left the EU, they said to us.") == ["UK", "left", "EU"]
    assert "UK" in words("Labour Party (UK)")

"""What lookups cost over real HTTP (the fixture wiki): titles 50 a request, intros beyond
20 asked again, later titles riding along, and nothing asked twice in a session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.config import Settings
from reader.lookup import LookupService
from reader.lookup.client import (
    INTROS_PER_REQUEST,
    TITLE_CHARS_PER_REQUEST,
    TITLES_PER_REQUEST,
    RetryPolicy,
    WikiClient,
    title_batches,
)
from reader.models import Entity, Mention
from wikifixture import PAGES_FILE, Wiki, load_articles, make_entities

FAST = RetryPolicy(
    max_retries=2, backoff=0.01, retry_after_cap=0.05, request_deadline=2.0, call_deadline=5.0
)
WIKI = Wiki.load(PAGES_FILE)
PAGES = [title for title, page in WIKI.pages.items() if not page.get("disambiguation")]
ARTICLES = {article["name"]: article for article in load_articles()}
SAMPLE = ARTICLES["israel-egypt-truce-talks"]


def service(url: str, cache_dir: Path) -> LookupService:
    return LookupService(Settings(wiki_api=url, cache_dir=cache_dir), policy=FAST)


def entity(name: str, label: str = "ORG", text: str = "") -> Entity:
    """An entity named once in ``text`` (or in its own name)."""
    slug = name.casefold().replace(" ", "-") + "-" + label.lower()
    start = (text or name).index(name)
    return Entity(slug, name, label, (name,), (Mention(start, start + len(name), name),))


@pytest.fixture
def client(wiki_server):
    client = WikiClient(wiki_server.url, "en", FAST)
    yield client
    client.close()


# -- the client ----------------------------------------------------------------------


def test_fifty_titles_cost_one_request_when_at_most_twenty_exist(client, wiki_server):
    titles = PAGES[:INTROS_PER_REQUEST] + [f"Nowhere page {n}" for n in range(30)]
    results = client.query_titles(titles)
    assert wiki_server.request_count == 1
    assert all(results[title].page.summary for title in PAGES[:INTROS_PER_REQUEST])
    assert all(results[f"Nowhere page {n}"].page is None for n in range(30))
    with pytest.raises(ValueError):
        client.query_titles([f"T{n}" for n in range(TITLES_PER_REQUEST + 1)])


def test_intros_beyond_twenty_come_in_one_more_request(client, wiki_server):
    """The wiki gives 20 intros a reply: the other pages' intros are asked by their titles."""
    titles = PAGES[:35] + [f"Nowhere page {n}" for n in range(15)]
    results = client.query_titles(titles)
    assert wiki_server.request_count == 2
    again = wiki_server.requests[1]["titles"].split("|")
    assert len(again) == 35 - INTROS_PER_REQUEST  # only the pages left without an intro
    for title in PAGES[:35]:
        page = results[title].page
        assert page is not None and page.summary == WIKI.pages[page.title]["extract"]


def test_a_reply_listing_many_pages_without_intros_costs_one_more_request(client, wiki_server):
    """A hostile reply says more is to come and lists a thousand pages without their
    intros: only the pages asked for are asked again, once."""
    pages = [{"pageid": n + 1, "ns": 0, "title": f"P{n}"} for n in range(1000)]
    reply = {"continue": {"excontinue": 20}, "query": {"pages": pages}}
    wiki_server.faults.payload = json.dumps(reply).encode()
    results = client.query_titles(["P0", "P1"])
    assert wiki_server.request_count == 2
    assert set(wiki_server.requests[1]["titles"].split("|")) == {"P0", "P1"}
    assert results["P0"].page is not None and results["P0"].page.summary == ""


def test_title_batches_keep_to_fifty_titles_and_a_bounded_url():
    assert [len(b) for b in title_batches(f"T{n}" for n in range(120))] == [50, 50, 20]
    long = ["Ä" * 120] * 20  # 720 characters each once encoded
    batches = title_batches(long)
    assert sum(map(len, batches)) == 20 and len(batches) > 1
    assert all(sum(len(t.encode()) * 3 + 3 for t in b) <= TITLE_CHARS_PER_REQUEST for b in batches)


# -- the service ---------------------------------------------------------------------


def test_an_article_of_many_names_asks_its_titles_in_one_request(wiki_server, tmp_path):
    """Forty names, fifteen of them with a page, cost one title request (20 a request: 2)."""
    names = PAGES[:15] + [f"Nowhere place {n}" for n in range(25)]
    text = ", ".join(names) + "."
    entities = [entity(name, text=text) for name in names]
    service(wiki_server.url, tmp_path).lookup_many(entities, text)
    assert wiki_server.request_kinds()["title batches"] == 1


def test_a_name_missing_asks_its_aliases_in_the_same_request(wiki_server, tmp_path):
    """The aliases are asked only when the name has no page; they ride along in its
    request, and are not looked at when the name has a page."""
    text = "The Jewish state and Hamas met in Cairo."
    names = ("Jewish state", "Israel")
    state = Entity("state", "Jewish state", "GPE", names, (Mention(4, 16, "Jewish state"),))
    hamas = Entity("hamas", "Hamas", "ORG", ("Hamas", "Mossad"), (Mention(21, 26, "Hamas"),))
    results = service(wiki_server.url, tmp_path).lookup_many([state, hamas], text)
    assert wiki_server.request_count == 1
    assert set(wiki_server.requests[0]["titles"].split("|")) == {
        "Jewish state",
        "Israel",
        "Hamas",
        "Mossad",
    }
    assert results["state"].title == "Israel"
    assert results["hamas"].title == "Hamas"


def test_two_entities_of_one_name_are_searched_once(wiki_server, tmp_path):
    """ "TNS" the company and "TNS" as spaCy's PERSON need a search each: one request."""
    text = SAMPLE["text"]
    tns = next(e for e in make_entities(SAMPLE) if e.name == "TNS")
    other = Entity("tns-person", "TNS", "PERSON", tns.aliases, tns.mentions)
    service(wiki_server.url, tmp_path).lookup_many([tns, other], text)
    kinds = wiki_server.request_kinds()
    assert kinds["searches"] == 1


def test_a_name_in_a_second_article_costs_no_request(wiki_server, tmp_path):
    """The decision is the first article's own, so the second article decides again, from
    what the wiki said of the name's titles and its search the first time."""
    tns = next(e for e in make_entities(SAMPLE) if e.name == "TNS")
    lookups = service(wiki_server.url, tmp_path)
    first = lookups.lookup(tns, SAMPLE["text"])
    assert "Kantar TNS" in first.candidates  # decided by a search, for this article only
    requests = wiki_server.request_count
    assert requests == 2  # its title, then a search
    other = "TNS said polls show the race is close. Tribune columns ran in many papers."
    lookups.lookup(tns, other)
    assert wiki_server.request_count == requests


def test_the_fixture_articles_in_one_session_cost_few_requests(wiki_server, tmp_path):
    """Every fixture article in one session: what the wiki answered once is not asked again."""
    lookups = service(wiki_server.url, tmp_path)
    entities = 0
    for article in ARTICLES.values():
        found = make_entities(article)
        entities += len(found)
        lookups.lookup_many(found, article["text"])
    kinds = wiki_server.request_kinds()
    assert kinds["titles asked before"] == 0
    assert kinds["searches repeated"] == 0
    assert wiki_server.request_count <= 23  # 24 when each article asked again (of 64 entities)


def test_the_chooser_finds_the_lookups_search_without_a_request(wiki_server, tmp_path):
    tns = next(e for e in make_entities(SAMPLE) if e.name == "TNS")
    lookups = service(wiki_server.url, tmp_path)
    lookups.lookup(tns, SAMPLE["text"])
    requests = wiki_server.request_count
    answer = lookups.search("TNS")
    assert wiki_server.request_count == requests
    assert "Tribune News Service" in [candidate.title for candidate in answer.candidates]
    assert lookups.search("Kantar").candidates  # another query asks the wiki
    assert wiki_server.request_count == requests + 1

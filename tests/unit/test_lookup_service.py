"""LookupService over real HTTP: right pages, few requests, none when cached, faults survived."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from reader.config import Settings
from reader.lookup import LookupService
from reader.lookup.cache import BackgroundCache, cache_key
from reader.lookup.client import Page, RetryPolicy
from reader.lookup.confidence import link_model
from reader.lookup.records import digest
from reader.lookup.resolve import Decision
from reader.models import Entity, Mention
from reader.sanitize import is_clean
from wikifixture import HOSTILE_TITLE, load_articles, make_entities

FAST = RetryPolicy(
    max_retries=3, backoff=0.01, retry_after_cap=0.05, request_deadline=2.0, call_deadline=5.0
)
ARTICLES = {article["name"]: article for article in load_articles()}
SAMPLE = ARTICLES["israel-egypt-truce-talks"]


def service(url: str, cache_dir: Path, *, offline: bool = False, warn=None) -> LookupService:
    settings = Settings(wiki_api=url, cache_dir=cache_dir, offline=offline)
    return LookupService(settings, warn=warn, policy=FAST)


def resolved_title(background) -> str | None:
    if background.status == "found":
        return background.title
    return "?" if background.status == "ambiguous" else None


def check_expected(article: dict, results: dict) -> list[str]:
    wrong = []
    for spec, entity in zip(article["entities"], make_entities(article), strict=True):
        expected = spec["expected"]
        allowed = expected if isinstance(expected, list) else [expected]
        got = resolved_title(results[entity.id])
        if got not in allowed:
            wrong.append(f"{entity.name}: got {got!r}, expected {expected!r}")
    return wrong


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_every_entity_gets_its_page_and_no_namesake(wiki_server, tmp_path, name):
    """The traps: Washington, Orion, "Moon said", Boeing's 787, Gaza, a union official."""
    article = ARTICLES[name]
    lookups = service(wiki_server.url, tmp_path)
    results = lookups.lookup_many(make_entities(article), article["text"])
    assert check_expected(article, results) == []


def test_an_article_costs_at_most_one_request_per_two_entities(wiki_server, tmp_path):
    total_entities = total_requests = 0
    for article in ARTICLES.values():
        entities = make_entities(article)
        lookups = service(wiki_server.url, tmp_path / article["name"])
        lookups.lookup_many(entities, article["text"])
        total_entities += len(entities)
        total_requests += lookups.request_count
    assert total_requests == wiki_server.request_count
    assert total_requests * 2 <= total_entities


def test_second_run_and_offline_run_make_no_request(wiki_server, tmp_path):
    entities = make_entities(SAMPLE)
    first = service(wiki_server.url, tmp_path).lookup_many(entities, SAMPLE["text"])
    wiki_server.reset()
    again = service(wiki_server.url, tmp_path).lookup_many(entities, SAMPLE["text"])
    offline = service(wiki_server.url, tmp_path, offline=True).lookup_many(entities, SAMPLE["text"])
    assert wiki_server.request_count == 0
    for entity in entities:
        for cached in (again[entity.id], offline[entity.id]):
            assert cached.status == first[entity.id].status
            assert cached.title == first[entity.id].title
            assert cached.cached_at is not None


def test_cached_is_memory_and_disk_only(wiki_server, tmp_path):
    entities = make_entities(SAMPLE)
    lookups = service(wiki_server.url, tmp_path)
    israel = next(e for e in entities if e.name == "Israel")
    gaza = next(e for e in entities if e.name == "Gaza")
    assert lookups.cached(israel) is None
    lookups.lookup_many(entities, SAMPLE["text"])
    wiki_server.reset()
    fresh = service(wiki_server.url, tmp_path)
    assert fresh.cached(israel).title == "Israel"
    assert (
        fresh.cached(gaza, SAMPLE["text"]).title == "Gaza Strip"
    )  # chosen by this article's words
    assert wiki_server.request_count == 0


def test_a_decision_the_article_made_is_kept_for_that_article_only(wiki_server, tmp_path):
    """Scopes: "Gaza" is the Strip because of this article's words, so only this article
    remembers it; the reader's choice is for this article unless they say every article,
    and comes first."""
    entities = make_entities(SAMPLE)
    gaza = next(e for e in entities if e.name == "Gaza")
    lookups = service(wiki_server.url, tmp_path)
    lookups.lookup_many(entities, SAMPLE["text"])
    assert lookups.cached(gaza, SAMPLE["text"]).title == "Gaza Strip"
    assert lookups.cached(gaza) is None
    assert lookups.cached(gaza, "Another article about Gaza.") is None
    assert lookups.choose(gaza, "Gaza City", SAMPLE["text"]).chosen_by == "reader"
    assert lookups.cached(gaza, SAMPLE["text"]).title == "Gaza City"
    chosen = lookups.cached(gaza, SAMPLE["text"]).to_json()
    assert chosen["chosen_by"] == "reader"
    assert "cached_at" not in chosen  # from the choices file, not the cache (DESIGN §4)
    assert lookups.cached(gaza) is None
    assert lookups.cached(gaza, "Another article about Gaza.") is None
    lookups.choose(gaza, "Gaza Strip", "Another article about Gaza.", everywhere=True)
    for context in (None, "Another article about Gaza."):
        assert lookups.cached(gaza, context).title == "Gaza Strip"
        assert lookups.cached(gaza, context).to_json()["chosen_by"] == "reader"
    assert lookups.cached(gaza, SAMPLE["text"]).title == "Gaza City"  # this article's own
    # Chosen for every article from this article, it replaces this article's own choice.
    lookups.choose(gaza, "Gaza Strip", SAMPLE["text"], everywhere=True)
    assert lookups.cached(gaza, SAMPLE["text"]).title == "Gaza Strip"


def test_an_article_keeps_its_decision_when_another_decides_for_the_name(wiki_server, tmp_path):
    """A later article's title lookups do not replace what an earlier article decided, so
    a second run (or ``--offline``) replays the first; they are the fallback of an article
    never looked up, offline, and not that article's own."""
    entities = make_entities(SAMPLE)
    gaza = next(e for e in entities if e.name == "Gaza")
    lookups = service(wiki_server.url, tmp_path)
    lookups.lookup_many(entities, SAMPLE["text"])
    city = Page("Gaza City", None, "City in the Gaza Strip", "Gaza City is a city.")
    lookups.store(gaza, digest("Another article."), Decision("found", page=city, scope="name"))
    later = service(wiki_server.url, tmp_path, offline=True)
    assert later.cached(gaza, SAMPLE["text"]).title == "Gaza Strip"
    assert later.cached(gaza, "Another article.").title == "Gaza City"
    assert later.cached(gaza, "A third article.") is None
    assert later.lookup(gaza, "A third article.").title == "Gaza City"


def test_backgrounds_say_how_sure_they_are(wiki_server, tmp_path):
    """``confidence`` for a page, and a score per candidate when ambiguous; kept by the cache."""
    entities = make_entities(SAMPLE)
    results = service(wiki_server.url, tmp_path).lookup_many(entities, SAMPLE["text"])
    israel = next(e for e in entities if e.name == "Israel")
    assert 0 < results[israel.id].confidence < 1
    text = "Washington reacted to the news on Monday."  # nothing says which Washington
    washington = Entity(
        "washington", "Washington", "GPE", ("Washington",), (Mention(0, 10, "Washington"),)
    )
    ambiguous = service(wiki_server.url, tmp_path).lookup(washington, text)
    assert ambiguous.status == "ambiguous"
    assert len(ambiguous.scores) == len(ambiguous.candidates) > 1
    assert all(0 < score < 1 for score in ambiguous.scores)
    assert ambiguous.to_json()["scores"] == list(ambiguous.scores)
    again = service(wiki_server.url, tmp_path, offline=True).lookup(israel, SAMPLE["text"])
    assert again.confidence == round(results[israel.id].confidence, 3)


def test_a_page_not_sure_enough_is_offered_first_instead_of_shown(wiki_server, tmp_path):
    israel = next(e for e in make_entities(SAMPLE) if e.name == "Israel")
    settings = Settings(wiki_api=wiki_server.url, cache_dir=tmp_path)
    doubtful = replace(link_model(), found_at=0.999)
    background = LookupService(settings, policy=FAST, model=doubtful).lookup(israel, SAMPLE["text"])
    assert background.status == "ambiguous"
    assert background.candidates[0] == "Israel"
    assert background.confidence == background.scores[0] < 0.999


def test_offline_with_nothing_cached(wiki_server, tmp_path):
    entities = make_entities(SAMPLE)[:3]
    results = service(wiki_server.url, tmp_path, offline=True).lookup_many(entities, SAMPLE["text"])
    assert {background.status for background in results.values()} == {"offline"}
    assert wiki_server.request_count == 0


def test_duplicates_and_dates_are_not_fetched(wiki_server, tmp_path):
    text = "Israel and Israel again on May 5, 2024."
    twins = [
        Entity("israel-1", "Israel", "GPE", ("Israel",), (Mention(0, 6, "Israel"),)),
        Entity("israel-2", "Israel", "GPE", ("Israel",), (Mention(11, 17, "Israel"),)),
        Entity("date", "May 5, 2024", "DATE", ("May 5, 2024",), (Mention(27, 38, "May 5, 2024"),)),
    ]
    results = service(wiki_server.url, tmp_path).lookup_many(twins, text)
    assert wiki_server.request_count == 1
    assert wiki_server.requests[0]["titles"] == "Israel"
    assert results["israel-1"] == results["israel-2"]
    assert results["date"].status == "not_found"


def test_concurrent_lookups_of_one_entity_fetch_once(wiki_server, tmp_path):
    wiki_server.faults.latency = 0.2
    lookups = service(wiki_server.url, tmp_path)
    entity = make_entities(SAMPLE)[0]
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(lookups.lookup(entity, SAMPLE["text"])))
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert [r.title for r in results] == ["Israel"] * 5
    assert wiki_server.request_count == 1


def test_progress_is_reported_up_to_the_total(wiki_server, tmp_path):
    entities = make_entities(SAMPLE)
    seen: list[tuple[int, int]] = []
    service(wiki_server.url, tmp_path).lookup_many(
        entities, SAMPLE["text"], progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (len(entities), len(entities))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_cancelled_lookups_stop_without_requests(wiki_server, tmp_path):
    entities = make_entities(SAMPLE)
    results = service(wiki_server.url, tmp_path).lookup_many(
        entities, SAMPLE["text"], cancelled=lambda: True
    )
    assert wiki_server.request_count == 0
    assert {r.error for r in results.values()} == {"cancelled"}


def test_close_aborts_a_lookup_waiting_on_retry_after(wiki_server, tmp_path):
    wiki_server.faults.status = 429
    wiki_server.faults.retry_after = "30"
    settings = Settings(wiki_api=wiki_server.url, cache_dir=tmp_path)
    lookups = LookupService(settings, policy=RetryPolicy(call_deadline=100.0))
    results = []
    thread = threading.Thread(
        target=lambda: results.append(lookups.lookup(make_entities(SAMPLE)[0], SAMPLE["text"]))
    )
    thread.start()
    for _ in range(3000):  # until the server has the request (a hang guard of 30 s)
        if wiki_server.request_count or not thread.is_alive():
            break
        time.sleep(0.01)
    assert wiki_server.request_count == 1  # answered 429: the lookup now waits 30 s
    lookups.close()
    thread.join(10)  # hang guard: far below the 30 s wait close must cut
    assert not thread.is_alive()
    assert results[0].status == "error"


@pytest.mark.parametrize(
    ("fault", "value", "reason"),
    [
        ("status", 500, "unavailable"),
        ("status", 403, "refused"),
        ("status", 429, "rate-limiting"),
        ("body", "broken_json", "unusable"),
        ("body", "html", "unusable"),
        ("latency", 3.0, "in time"),
    ],
)
def test_faults_end_in_the_error_state_and_are_not_cached(
    wiki_server, tmp_path, fault, value, reason
):
    setattr(wiki_server.faults, fault, value)
    entity = make_entities(SAMPLE)[0]
    settings = Settings(wiki_api=wiki_server.url, cache_dir=tmp_path)
    lookups = LookupService(
        settings, policy=RetryPolicy(max_retries=1, backoff=0.01, retry_after_cap=0.05, timeout=0.3)
    )
    background = lookups.lookup(entity, SAMPLE["text"])
    assert background.status == "error" and reason in background.error
    assert wiki_server.request_count <= 2  # the first try and one retry at most
    wiki_server.reset()
    assert lookups.lookup(entity, SAMPLE["text"]).status == "found"  # the error was not cached


def test_refused_connection_is_an_error(tmp_path):
    lookups = service("http://127.0.0.1:9/w/api.php", tmp_path)
    background = lookups.lookup(make_entities(SAMPLE)[0], SAMPLE["text"])
    assert background.status == "error"
    assert "connect" in background.error


def test_a_failure_never_replaces_a_good_page(wiki_server, tmp_path):
    entity = make_entities(SAMPLE)[0]
    service(wiki_server.url, tmp_path).lookup(entity, SAMPLE["text"])
    settings = Settings(wiki_api=wiki_server.url, cache_dir=tmp_path)
    cache = BackgroundCache(tmp_path, print)
    key = cache_key(settings, entity.name, entity.label)
    cache.set(key, {**cache.get(key), "expires": 0})  # make the page stale
    cache.close()
    wiki_server.faults.status = 500
    background = service(wiki_server.url, tmp_path).lookup(entity, SAMPLE["text"])
    assert background.status == "found" and background.title == "Israel"
    assert background.cached_at is not None


def test_fail_every_third_and_rate_limit_every_fifth_still_finishes(wiki_server, tmp_path):
    """One request at a time, so that a request's four attempts are four requests in a row,
    of which two at most are faults (with requests in parallel, the others' attempts can
    leave one request only the faulty numbers)."""
    wiki_server.faults.fail_every = 3
    wiki_server.faults.rate_limit_every = 5
    wiki_server.faults.rate_limit_retry_after = "1"
    one_at_a_time = replace(FAST, max_in_flight=1)
    settings = Settings(wiki_api=wiki_server.url, cache_dir=tmp_path)
    for article in ARTICLES.values():
        results = LookupService(settings, policy=one_at_a_time).lookup_many(
            make_entities(article), article["text"]
        )
        assert "error" not in {r.status for r in results.values()}
    wiki_server.reset()
    for article in ARTICLES.values():  # later, healthy: every page is there (from the cache)
        results = service(wiki_server.url, tmp_path).lookup_many(
            make_entities(article), article["text"]
        )
        assert check_expected(article, results) == []


def test_choosing_a_candidate_is_remembered(wiki_server, tmp_path):
    tns = next(e for e in make_entities(SAMPLE) if e.name == "TNS")
    lookups = service(wiki_server.url, tmp_path)
    background = lookups.lookup(tns, SAMPLE["text"])
    assert background.candidates[0] == "Tribune News Service"  # found, or first if ambiguous
    assert "Kantar TNS" in background.candidates
    requests = wiki_server.request_count
    chosen = lookups.choose(tns, "Kantar TNS", SAMPLE["text"], everywhere=True)
    assert chosen.status == "found" and chosen.summary
    assert wiki_server.request_count == requests  # the search already brought its intro
    later = service(wiki_server.url, tmp_path, offline=True)
    assert later.lookup(tns, "another article").title == "Kantar TNS"


def test_hostile_page_reaches_the_background_sanitised(wiki_server, tmp_path):
    text = "The Hostile group said nothing."
    entity = Entity("hostile", "Hostile", "ORG", ("Hostile",), (Mention(4, 11, "Hostile"),))
    lookups = service(wiki_server.url, tmp_path)
    lookups.lookup(entity, text)
    background = lookups.choose(entity, HOSTILE_TITLE)
    assert background.status == "found" and background.title == HOSTILE_TITLE
    assert lookups.cached(entity).title == HOSTILE_TITLE
    for value in (background.title, background.description, background.summary, background.url):
        assert is_clean(value)
    assert "\x1b" not in background.summary


def test_summaries_are_capped(wiki_server, tmp_path):
    results = service(wiki_server.url, tmp_path).lookup_many(make_entities(SAMPLE), SAMPLE["text"])
    assert all(len(r.summary or "") <= 2000 for r in results.values())


def test_a_mislabelled_exact_name_still_finds_its_page(wiki_server, tmp_path):
    """spaCy calls "Shin Bet" a PERSON; its exact page shares plenty with the article."""
    text = SAMPLE["text"]
    start = text.index("Shin Bet")
    entity = Entity(
        "shin-bet", "Shin Bet", "PERSON", ("Shin Bet",), (Mention(start, start + 8, "Shin Bet"),)
    )
    assert service(wiki_server.url, tmp_path).lookup(entity, text).title == "Shin Bet"

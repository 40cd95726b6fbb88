"""LookupCoordinator without a screen: opening, prefetch, panel fetches, retries and counts,
over real HTTP to the fixture wiki."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.config import Settings
from reader.lookup import LookupService
from reader.lookup.client import RetryPolicy
from reader.lookup.coordinator import LookupCoordinator, LookupCounts
from reader.models import Background, Entity, Mention
from wikifixture import load_articles, make_entities

FAST = RetryPolicy(
    max_retries=1, backoff=0.01, retry_after_cap=0.05, request_deadline=2.0, call_deadline=5.0
)
SAMPLE = next(article for article in load_articles() if article.get("sample"))
TEXT: str = SAMPLE["text"]
ENTITIES: list[Entity] = make_entities(SAMPLE)
NAMES = [entity for entity in ENTITIES if entity.is_name]


def _service(url: str, cache_dir: Path, *, offline: bool = False) -> LookupService:
    return LookupService(Settings(wiki_api=url, cache_dir=cache_dir, offline=offline), policy=FAST)


def _named(name: str) -> Entity:
    return next(entity for entity in ENTITIES if entity.name == name)


def _run_prefetch(lookups: LookupCoordinator, names: list[Entity]) -> list[tuple[int, int]]:
    """Prefetch in a thread, as the screen's worker does; hand the results back here."""
    events: list[tuple[str, object, object]] = []
    thread = threading.Thread(
        target=lambda: lookups.prefetch(
            names,
            progress=lambda done, total: events.append(("progress", done, total)),
            ready=lambda entity_id, background: events.append(("ready", entity_id, background)),
            cancelled=lambda: False,
        )
    )
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert lookups.counts.found == 0  # the thread changed nothing: the results come back here
    complete = [
        index
        for index, (kind, done, total) in enumerate(events)
        if kind == "progress" and done == total
    ]
    assert complete == [len(events) - 1]  # "all done" once, after every background (no "0/9 found")
    seen = []
    for kind, first, second in events:
        if kind == "progress":
            lookups.progressed(first, second)  # type: ignore[arg-type]
            seen.append((first, second))
        else:
            lookups.record(first, second)  # type: ignore[arg-type]
    return seen


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_the_service_opens_once_when_asked(wiki_server, cache_dir):
    opened: list[LookupService] = []

    def open_service() -> LookupService:
        opened.append(_service(wiki_server.url, cache_dir))
        return opened[-1]

    lookups = LookupCoordinator(TEXT, open_service)
    assert lookups.can_open and not lookups.is_open
    assert lookups.start_prefetch(ENTITIES) == []  # nothing to prefetch with until it is open
    assert lookups.status == ""
    assert lookups.start_opening()
    assert not lookups.start_opening()  # opening already
    lookups.opened(lookups.open())
    assert lookups.is_open and not lookups.start_opening()
    assert len(opened) == 1
    assert lookups.start_prefetch(ENTITIES) == NAMES
    lookups.close()


def test_without_a_service_there_is_nothing_to_do():
    lookups = LookupCoordinator(TEXT)
    assert not lookups.can_open and not lookups.start_opening()
    assert lookups.start_prefetch(ENTITIES) == []
    assert lookups.background_for(NAMES[0]) is None
    with pytest.raises(RuntimeError):
        lookups.fetch(NAMES[0])


def test_prefetch_runs_once_and_reports_progress_then_a_summary(wiki_server, cache_dir):
    lookups = LookupCoordinator(TEXT, _service(wiki_server.url, cache_dir))
    names = lookups.start_prefetch(ENTITIES)
    assert names == NAMES
    assert lookups.status == f"Wikipedia 0/{len(NAMES)}"
    assert lookups.counts == LookupCounts(pending=len(NAMES))
    assert lookups.start_prefetch(ENTITIES) == []  # it runs once
    seen = _run_prefetch(lookups, names)
    assert seen[-1] == (len(NAMES), len(NAMES))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    counts = lookups.counts
    assert counts.pending == counts.failed == counts.offline == 0
    assert len(NAMES) - 3 <= counts.found <= len(NAMES)
    assert lookups.status == f"Wikipedia ✓ {counts.found}/{len(NAMES)} found"
    assert 0 < wiki_server.request_count <= len(NAMES) / 2
    lookups.close()


def test_the_panel_is_served_from_memory_then_the_disk_cache(wiki_server, cache_dir):
    first = LookupCoordinator(TEXT, _service(wiki_server.url, cache_dir))
    _run_prefetch(first, first.start_prefetch(ENTITIES))
    israel = _named("Israel")
    remembered = first.background(israel.id)
    assert remembered is not None and remembered.title == "Israel"
    assert first.background_for(israel) == remembered
    first.close()
    wiki_server.reset()
    again = LookupCoordinator(TEXT, _service(wiki_server.url, cache_dir))
    assert again.background(israel.id) is None
    cached = again.background_for(israel)
    assert cached is not None and cached.title == "Israel" and cached.cached_at is not None
    assert again.background(israel.id) == cached  # remembered for the next time
    assert wiki_server.request_count == 0
    again.close()


def test_a_failure_is_counted_and_a_retry_asks_the_network_again(wiki_server, cache_dir):
    wiki_server.faults.status = 500
    lookups = LookupCoordinator(TEXT, _service(wiki_server.url, cache_dir))
    _run_prefetch(lookups, lookups.start_prefetch(ENTITIES))
    mossad = _named("Mossad")
    failed = lookups.background_for(mossad)
    assert failed is not None and failed.status == "error"
    failures = lookups.counts.failed
    assert failures > 0 and lookups.counts.found == 0
    assert lookups.status.startswith(
        f"Wikipedia 0/{len(NAMES)} found, {failures} failed (r retries)"
    )
    assert "✓" not in lookups.status
    wiki_server.faults.status = None
    assert lookups.background_for(mossad, retry=True) is None  # fetch it again
    assert lookups.background(mossad.id) == failed  # until the new one comes
    lookups.record(mossad.id, lookups.fetch(mossad))
    assert lookups.background(mossad.id).status == "found"
    assert (lookups.counts.found, lookups.counts.failed) == (1, failures - 1)
    lookups.close()


def test_offline_with_nothing_cached(wiki_server, cache_dir):
    lookups = LookupCoordinator(TEXT, _service(wiki_server.url, cache_dir, offline=True))
    _run_prefetch(lookups, lookups.start_prefetch(ENTITIES))
    assert lookups.counts.offline == len(NAMES)
    assert lookups.status == f"Wikipedia 0/{len(NAMES)} found, {len(NAMES)} not cached (offline)"
    assert wiki_server.request_count == 0


def test_choosing_a_page_for_an_ambiguous_name(wiki_server, cache_dir):
    text = "Washington reacted to the news on Monday."
    washington = Entity(
        "washington", "Washington", "GPE", ("Washington",), (Mention(0, 10, "Washington"),)
    )
    lookups = LookupCoordinator(text, _service(wiki_server.url, cache_dir))
    assert lookups.background_for(washington) is None  # not cached: fetch it
    ambiguous = lookups.fetch(washington)
    assert ambiguous.status == "ambiguous" and "Washington, D.C." in ambiguous.candidates
    lookups.record(washington.id, ambiguous)
    lookups.record(*lookups.choose(washington, "Washington, D.C."))
    chosen = lookups.background(washington.id)
    assert isinstance(chosen, Background) and chosen.title == "Washington, D.C."
    lookups.close()


def test_retrying_every_failure_recounts_as_the_answers_come(wiki_server, cache_dir):
    wiki_server.faults.status = 500
    lookups = LookupCoordinator(TEXT, _service(wiki_server.url, cache_dir))
    _run_prefetch(lookups, lookups.start_prefetch(ENTITIES))
    assert lookups.counts.failed == len(NAMES)
    failed = lookups.start_retry(ENTITIES)
    assert {e.id for e in failed} == {e.id for e in NAMES}
    assert lookups.counts == LookupCounts(0, 0, 0, len(NAMES))  # pending, no longer failed
    assert f"{len(NAMES)} pending" in lookups.status and "failed" not in lookups.status
    assert lookups.retry_note(NAMES[0].id) == "Retrying…"
    wiki_server.faults.status = None
    answers: list[tuple[str, Background]] = []
    lookups.retry(failed, lambda entity_id, background: answers.append((entity_id, background)))
    for entity_id, background in answers[:1]:
        lookups.record(entity_id, background)
    assert lookups.counts.pending == len(NAMES) - 1  # one answer in, the rest still to come
    for entity_id, background in answers[1:]:
        lookups.record(entity_id, background)
    assert lookups.counts.failed == lookups.counts.pending == 0
    assert lookups.counts.found >= len(NAMES) - 3
    assert lookups.retry_note(NAMES[0].id) == ""
    assert lookups.start_retry(ENTITIES) == []  # nothing failed any more


def test_the_retry_note_tells_the_servers_wait(wiki_server, cache_dir):
    wiki_server.faults.status = 429
    wiki_server.faults.retry_after = "20"
    service = LookupService(
        Settings(wiki_api=wiki_server.url, cache_dir=cache_dir),
        policy=RetryPolicy(max_retries=1, backoff=0.0, retry_after_cap=30.0),
    )
    lookups = LookupCoordinator(TEXT, service)
    mossad = _named("Mossad")
    thread = threading.Thread(target=lambda: lookups.fetch(mossad))
    thread.start()
    try:
        for _ in range(400):  # hang guard: the first 429 comes back within milliseconds
            if "in" in lookups.retry_note(mossad.id):
                break
            threading.Event().wait(0.05)
        assert lookups.retry_note(mossad.id) in ("Retrying in 20 s…", "Retrying in 19 s…")
        assert service.retrying[0]
    finally:
        service.close()  # ends the wait at once
        thread.join(30)
    assert not thread.is_alive()


def test_after_a_correction_the_names_of_the_corrected_article_are_counted(wiki_server, cache_dir):
    from reader.corrections import apply, merge, split

    lookups = LookupCoordinator(TEXT, _service(wiki_server.url, cache_dir))
    _run_prefetch(lookups, lookups.start_prefetch(ENTITIES))
    found = lookups.counts.found
    netanyahu = _named("Benjamin Netanyahu")
    two = [e for e in NAMES if e.id != netanyahu.id][:2]
    corrected = apply(ENTITIES, [split("a", netanyahu, netanyahu.mentions[1:])])
    lookups.regrouped(corrected)
    new = next(e for e in corrected if e.id not in {n.id for n in NAMES})
    lookups.record(new.id, lookups.fetch(new))
    assert lookups.counts.found == found + 1
    assert lookups.status.startswith(f"Wikipedia ✓ {found + 1}/{len(NAMES) + 1} found")
    merged = apply(ENTITIES, [merge("a", *two)])
    lookups.regrouped(merged)  # the split undone, two names merged: one name fewer
    removed = next(e for e in two if e.id not in {m.id for m in merged})
    assert lookups.counts.found == found - (lookups.background(removed.id).status == "found")
    assert f"/{len(NAMES) - 1} found" in lookups.status
    lookups.close()


def test_no_tick_when_no_name_has_a_page(wiki_server, cache_dir):
    """Every lookup answered, none found: the summary must not read as a success."""
    text = "Quornby Vellitch met Drastan Ulmo in Pellivar."
    names = [
        Entity(f"x{i}", name, "PERSON", (name,), (Mention(start, start + len(name), name),))
        for i, name in enumerate(["Quornby Vellitch", "Drastan Ulmo"])
        for start in [text.index(name)]
    ]
    lookups = LookupCoordinator(text, _service(wiki_server.url, cache_dir))
    _run_prefetch(lookups, lookups.start_prefetch(names))
    assert lookups.counts.found == 0 and lookups.counts.failed == 0
    assert lookups.status == "Wikipedia 0/2 found"
    lookups.close()

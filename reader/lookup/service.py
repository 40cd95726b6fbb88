"""Background lookups for the UI and the CLI: cache first, then batched requests.

:class:`LookupService` is the one entry point. It never raises: network and
cache trouble become ``error``/``offline`` backgrounds or fall back to stale
cache entries, and the cache degrades to memory with a single warning.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from wikipediaapi import (
    WikiConnectionError,
    WikiHttpError,
    WikiHttpTimeoutError,
    WikiInvalidJsonError,
    WikiRateLimitError,
)

from reader.config import Settings
from reader.lookup import resolve
from reader.lookup.cache import BackgroundCache, Record, cache_key, is_fresh, new_record
from reader.lookup.client import (
    TITLES_PER_REQUEST,
    LookupCancelled,
    Page,
    RetryPolicy,
    TitleResult,
    WikiApiError,
    WikiClient,
)
from reader.models import Background, Entity
from reader.sanitize import one_line

log = logging.getLogger(__name__)
MAX_ENTITIES = 1000
"""Entities looked up per call at most (the rest get ``not_found`` without a request)."""


class LookupService:
    """Backgrounds for entities: memory, then the disk cache, then the MediaWiki API."""

    def __init__(
        self,
        settings: Settings,
        *,
        warn: Callable[[str], None] | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        """Open the cache (no request is made).

        Args:
            settings: Endpoint, language, offline flag and cache directory.
            warn: Called once per problem with a one-line message (default: logging).
            policy: Retry and limit settings for the HTTP client.
        """
        self._settings = settings
        self._user_warn = warn if warn is not None else log.warning
        self._warned: set[str] = set()
        self._lock = threading.Lock()
        self._cache = BackgroundCache(settings.resolved_cache_dir, self._warn)
        self._client = (
            None if settings.offline else WikiClient(settings.api_url, settings.lang, policy)
        )
        self._pages: dict[str, Page] = {}
        self._inflight: dict[str, threading.Event] = {}
        self._last_context: str | None = None

    # -- public interface ------------------------------------------------------------------

    @property
    def request_count(self) -> int:
        """HTTP requests made by this service (every attempt counts)."""
        return 0 if self._client is None else self._client.request_count

    def cached(self, entity: Entity, context: str | None = None) -> Background | None:
        """The cached background, fresh or stale, without touching the network."""
        digest = _digest(context) if context is not None else self._last_context
        record = self._cached_record(entity, digest)
        return None if record is None else _from_record(record)

    def lookup(self, entity: Entity, context: str) -> Background:
        """The background of one entity (blocking, thread-safe, never raises)."""
        return self.lookup_many([entity], context)[entity.id]

    def lookup_many(
        self,
        entities: Sequence[Entity],
        context: str,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> dict[str, Background]:
        """Backgrounds keyed by entity id: cached ones at once, the rest in batched requests."""
        try:
            return _Batch(self, entities, context, progress, cancelled).run()
        except Exception as err:  # noqa: BLE001 - the UI must never see a lookup crash
            log.exception("lookup failed")
            failure = Background("error", error=one_line(f"lookup failed: {err}", 200))
            return {entity.id: failure for entity in entities}

    def choose(self, entity: Entity, title: str) -> Background:
        """Take ``title`` as the entity's page (the reader's pick); remembered for this name."""
        try:
            page = self._pages.get(title) or self._page_from_cache(entity, title)
            if page is None:
                if self._client is None:
                    return Background("offline", title=title)
                page = self._client.query_titles([title])[title].page
            if page is None:
                return Background("not_found", title=title)
            self._cache.set(self._key(entity), new_record("found", _page_fields(page)))
            return _background(page, "found")
        except Exception as err:  # noqa: BLE001
            return Background("error", title=title, error=_reason(err))

    def close(self) -> None:
        """Abort pending requests and waits at once; close the cache."""
        if self._client is not None:
            self._client.close()
        self._cache.close()

    # -- internals used by _Batch ---------------------------------------------------------------

    def _warn(self, message: str) -> None:
        kind = message.split("(", 1)[0]
        with self._lock:
            if kind in self._warned:
                return
            self._warned.add(kind)
        try:
            self._user_warn(message)
        except Exception:  # noqa: BLE001
            log.warning(message)

    def _key(self, entity: Entity, digest: str | None = None) -> str:
        return cache_key(self._settings, entity.name, entity.label, digest)

    def _cached_record(self, entity: Entity, digest: str | None) -> Record | None:
        record = self._cache.get(self._key(entity))
        if record is not None and record["status"] == "context":
            if digest is None:
                return None
            record = self._cache.get(self._key(entity, digest))
        return record

    def _page_from_cache(self, entity: Entity, title: str) -> Page | None:
        keys = [self._key(entity)]
        if self._last_context is not None:
            keys.append(self._key(entity, self._last_context))
        for key in keys:
            for page in (self._cache.get(key) or {}).get("pages", []):
                if page["title"] == title:
                    return Page(
                        page["title"],
                        page.get("url"),
                        page.get("description"),
                        page.get("summary") or "",
                    )
        return None

    def _store(self, entity: Entity, digest: str, decision: resolve.Decision) -> Background:
        fields: dict[str, Any] = {}
        if decision.page is not None:
            fields = _page_fields(decision.page)
        if decision.status == "ambiguous":
            fields["candidates"] = [page.title for page in decision.candidates]
            fields["pages"] = [page.to_json() for page in decision.candidates]
        elif decision.status == "not_found" and decision.candidates:
            fields["candidates"] = [page.title for page in decision.candidates]
        for page in decision.candidates:
            self._pages.setdefault(page.title, page)
        record = new_record(decision.status, fields)
        if decision.by_context:
            self._cache.set(self._key(entity), new_record("context", {}))
            self._cache.set(self._key(entity, digest), record)
        else:
            self._cache.set(self._key(entity), record)
        return _from_record(record, cached=False)


class _Batch:
    """One ``lookup_many`` call: cache, title batches, then searches."""

    def __init__(
        self,
        service: LookupService,
        entities: Sequence[Entity],
        context: str,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.service = service
        self.entities = list(entities)
        self.context = context
        self.digest = _digest(context)
        self.progress = progress
        self.cancelled = cancelled or (lambda: False)
        self.results: dict[str, Background] = {}
        self.done = 0

    def run(self) -> dict[str, Background]:
        service = self.service
        service._last_context = self.digest
        groups: dict[str, list[Entity]] = {}
        for number, entity in enumerate(self.entities):
            if number >= MAX_ENTITIES or resolve.skip_lookup(entity):
                self._finish([entity], Background("not_found"))
                continue
            record = service._cached_record(entity, self.digest)
            if record is not None and is_fresh(record):
                self._finish([entity], _from_record(record))
                continue
            groups.setdefault(service._key(entity), []).append(entity)
        self._report()
        if groups:
            if service._client is None:
                for members in groups.values():
                    self._fallback(members, Background("offline"))
            else:
                self._fetch(groups)
        self._report()
        return self.results

    def _fetch(self, groups: dict[str, list[Entity]]) -> None:
        service = self.service
        mine, theirs = [], []
        with service._lock:
            for key, members in groups.items():
                if key in service._inflight:
                    theirs.append((service._inflight[key], members))
                else:
                    service._inflight[key] = threading.Event()
                    mine.append((key, members))
        try:
            self._resolve([members for _, members in mine])
        finally:
            with service._lock:
                for key, _ in mine:
                    service._inflight.pop(key).set()
        policy = service._client.policy if service._client else RetryPolicy()
        for event, members in theirs:  # another thread is fetching these: wait, then read
            event.wait(policy.call_deadline)
            record = service._cached_record(members[0], self.digest)
            if record is not None:
                self._finish(members, _from_record(record, cached=False))
            else:
                self._resolve([members])

    def _resolve(self, groups: list[list[Entity]]) -> None:
        if not groups:
            return
        client = self.service._client
        assert client is not None
        leaders = [members[0] for members in groups]
        contexts = {entity.id: resolve.Context(self.context, entity) for entity in leaders}
        titles = {entity.id: resolve.title_candidates(entity, self.context) for entity in leaders}
        first = {e.id: _first_titles(e, titles[e.id]) for e in leaders}
        found, failures = self._query_titles(client, [t for e in leaders for t in first[e.id]])
        missing = [
            e
            for e in leaders
            if all(found.get(t) is None or found[t].page is None for t in first[e.id])
        ]
        rest = [t for e in missing for t in titles[e.id] if t not in first[e.id]]
        more, more_failures = self._query_titles(client, rest)
        found.update(more)
        failures.update(more_failures)
        searches: list[tuple[list[Entity], resolve.Decision]] = []
        for members in groups:
            entity = members[0]
            tried = titles[entity.id]
            failed = next((failures[t] for t in tried if t in failures), None)
            if failed is not None:
                self._fallback(members, Background("error", error=_reason(failed)))
                continue
            decision = resolve.judge_titles(
                entity, [found.get(t) for t in tried], contexts[entity.id]
            )
            if decision.status == "search":
                searches.append((members, decision))
            else:
                self._finish(members, self.service._store(entity, self.digest, decision))
        self._report()
        self._search(client, searches, contexts)

    def _query_titles(
        self, client: WikiClient, titles: Iterable[str]
    ) -> tuple[dict[str, TitleResult], dict[str, BaseException]]:
        unique = list(dict.fromkeys(titles))
        chunks = [
            unique[i : i + TITLES_PER_REQUEST] for i in range(0, len(unique), TITLES_PER_REQUEST)
        ]
        found: dict[str, TitleResult] = {}
        failures: dict[str, BaseException] = {}
        if not chunks:
            return found, failures

        def query(chunk: list[str]) -> dict[str, TitleResult]:
            if self.cancelled():
                raise LookupCancelled("lookups were cancelled")
            return client.query_titles(chunk)

        with ThreadPoolExecutor(max_workers=min(3, len(chunks))) as pool:
            futures = [(chunk, pool.submit(query, chunk)) for chunk in chunks]
            for chunk, future in futures:
                try:
                    found.update(future.result())
                except Exception as err:  # noqa: BLE001
                    failures.update(dict.fromkeys(chunk, err))
        return found, failures

    def _search(
        self,
        client: WikiClient,
        searches: list[tuple[list[Entity], resolve.Decision]],
        contexts: dict[str, resolve.Context],
    ) -> None:
        def one(members: list[Entity], asked: resolve.Decision) -> None:
            entity = members[0]
            try:
                if self.cancelled():
                    raise LookupCancelled("lookups were cancelled")
                pages = client.search_pages(entity.name, resolve.SEARCH_LIMIT)
            except Exception as err:  # noqa: BLE001
                self._fallback(members, Background("error", error=_reason(err)))
                return
            decision = resolve.choose(
                entity, pages, contexts[entity.id], incumbent=asked.page, keep=asked.keep
            )
            self._finish(members, self.service._store(entity, self.digest, decision))
            self._report()

        if not searches:
            return
        with ThreadPoolExecutor(max_workers=min(3, len(searches))) as pool:
            for future in [pool.submit(one, members, asked) for members, asked in searches]:
                future.result()

    def _fallback(self, members: list[Entity], background: Background) -> None:
        """A stale cache entry beats an error or ``offline``."""
        record = self.service._cached_record(members[0], self.digest)
        self._finish(members, _from_record(record) if record is not None else background)

    def _finish(self, members: list[Entity], background: Background) -> None:
        for entity in members:
            if entity.id not in self.results:
                self.results[entity.id] = background
                self.done += 1

    def _report(self) -> None:
        if self.progress is not None:
            try:
                self.progress(min(self.done, len(self.entities)), len(self.entities))
            except Exception:  # noqa: BLE001
                log.exception("progress callback failed")


def _first_titles(entity: Entity, titles: list[str]) -> list[str]:
    """Titles asked for in the first batch: those up to the entity's name, and model names."""
    upto = titles.index(entity.name) + 1 if entity.name in titles else 1
    return [t for n, t in enumerate(titles) if n < upto or any(c.isdigit() for c in t)]


def _digest(context: str) -> str:
    return hashlib.sha256(context.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _page_fields(page: Page) -> dict[str, Any]:
    return {
        "title": page.title,
        "url": page.url,
        "description": page.description,
        "summary": page.summary,
    }


def _background(page: Page, status: str) -> Background:
    return Background(
        status,  # type: ignore[arg-type]
        title=page.title,
        url=page.url,
        description=page.description,
        summary=page.summary or None,
        fetched_at=datetime.now().astimezone().isoformat(timespec="seconds"),
    )


def _from_record(record: Record, *, cached: bool = True) -> Background:
    return Background(
        record["status"],
        title=record.get("title"),
        url=record.get("url"),
        description=record.get("description"),
        summary=record.get("summary") or None,
        candidates=tuple(record.get("candidates", ())),
        cached_at=record.get("stored") if cached else None,
        fetched_at=None if cached else record.get("stored"),
    )


def _reason(err: BaseException) -> str:
    """A one-line reason for the ``error`` state."""
    if isinstance(err, LookupCancelled):
        return "cancelled"
    if isinstance(err, WikiRateLimitError):
        return "Wikipedia is rate-limiting requests; try again later"
    if isinstance(err, WikiHttpError):
        if err.status_code in (403, 404):
            return f"Wikipedia refused the request (HTTP {err.status_code})"
        return f"Wikipedia unavailable (HTTP {err.status_code})"
    if isinstance(err, WikiHttpTimeoutError):
        return "Wikipedia did not answer in time"
    if isinstance(err, WikiConnectionError):
        return "could not connect to Wikipedia"
    if isinstance(err, WikiInvalidJsonError | WikiApiError):
        return "Wikipedia sent an unusable reply"
    return one_line(f"lookup failed: {type(err).__name__}", 200)

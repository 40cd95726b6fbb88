"""Background lookups for the UI and the CLI: cache first, then batched requests.

:class:`LookupService` is the one entry point. It never raises: network and
cache trouble become ``error``/``offline`` backgrounds or fall back to stale
cache entries, and the cache degrades to memory with a single warning.

Every decision is kept under the name and the article's fingerprint: the article's words
weigh in on every decision, even one the title lookups made ("Apple" the fruit unless the
article is about chips), so an article never takes another's. A decision of the title
lookups is also kept under the name alone (:data:`reader.lookup.resolve.Scope`), the
fallback for an article that cannot be looked up (offline, or the wiki failing). The
reader's own choices (:mod:`reader.lookup.choices`) have scopes too: this article (by
default) or every article. Reading, the reader's choice for this article comes first,
then their choice for the name everywhere, then the article's own decision, then (as a
fallback) the name's.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from reader.config import Settings
from reader.lookup import resolve
from reader.lookup.batch import LookupBatch, Observer
from reader.lookup.cache import BackgroundCache, Record, cache_key, normalize_name
from reader.lookup.candidates import Candidate, SearchAnswer, known_candidates
from reader.lookup.choices import EVERYWHERE, Choice, ChoiceStore, new_choice
from reader.lookup.client import Page, RetryPolicy, TitleResult, WikiClient
from reader.lookup.confidence import LinkModel, link_model
from reader.lookup.records import (
    decision_record,
    digest,
    from_record,
    page_background,
    page_fields,
    reason,
    stored_page,
)
from reader.models import Background, Entity
from reader.sanitize import one_line

log = logging.getLogger(__name__)
CHOICE_EXPIRES = 1e12
"""A choice never goes stale (its record's expiry, in seconds since the epoch)."""
SEARCHES_KEPT = 100
"""Searches the chooser made that are kept in memory for the session."""
SEARCH_RESULTS = 10
"""Pages a chooser's search asks for."""
TITLES_REMEMBERED = 4000
"""Title lookups the wiki answered that are kept in memory for the session."""
SEARCHES_REMEMBERED = 500
"""Searches the lookups made that are kept in memory for the session."""


class LookupService:
    """Backgrounds for entities: memory, then the disk cache, then the MediaWiki API."""

    def __init__(
        self,
        settings: Settings,
        *,
        warn: Callable[[str], None] | None = None,
        policy: RetryPolicy | None = None,
        model: LinkModel | None = None,
    ) -> None:
        """Open the cache (no request is made).

        Args:
            settings: Endpoint, language, offline flag, cache directory and data
                directory (the reader's page choices).
            warn: Called once per problem with a one-line message (default: logging).
            policy: Retry and limit settings for the HTTP client.
            model: How sure a link is (default: the fitted model shipped with reader).
        """
        self._settings = settings
        self._user_warn = warn if warn is not None else log.warning
        self._warned: set[str] = set()
        self._lock = threading.Lock()
        self._cache = BackgroundCache(settings.resolved_cache_dir, self._warn)
        self.choices = ChoiceStore(settings.resolved_data_dir, self._warn)
        """The reader's own page choices (a JSON file in its data directory)."""
        self.client = (
            None if settings.offline else WikiClient(settings.api_url, settings.lang, policy)
        )
        """The wiki client; ``None`` when offline."""
        self._inflight: dict[str, threading.Event] = {}
        self._search_lock = threading.Lock()
        self._searches: OrderedDict[str, SearchAnswer] = OrderedDict()
        self._memo_lock = threading.Lock()
        self._titles: OrderedDict[str, TitleResult] = OrderedDict()
        self._pages_searched: OrderedDict[tuple[str, int], list[Page]] = OrderedDict()
        self.model = model or link_model()
        """Says how sure each link is, and which pages are sure enough to show as found."""

    # -- public interface ------------------------------------------------------------------

    @property
    def request_count(self) -> int:
        """HTTP requests made by this service (every attempt counts)."""
        return 0 if self.client is None else self.client.request_count

    @property
    def retrying(self) -> tuple[bool, float | None]:
        """Whether a request is being retried, and the seconds left of the server's
        ``Retry-After`` wait if one is on."""
        if self.client is None:
            return False, None
        wait = self.client.retry_wait
        return self.client.retrying or wait is not None, wait

    def cached(self, entity: Entity, context: str | None = None) -> Background | None:
        """The cached background, fresh or stale, without the network: the one for the
        article ``context`` if given, else the name's fallback."""
        record = self.record(entity, None if context is None else digest(context), fallback=False)
        return None if record is None else from_record(record)

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
        observe: Observer | None = None,
    ) -> dict[str, Background]:
        """Backgrounds keyed by entity id: cached ones at once, the rest in batched requests.

        ``observe`` is told every decision with a page, and its features, before they
        are calibrated (for fitting the confidence model).
        """
        try:
            return LookupBatch(self, entities, context, progress, cancelled, observe).run()
        except Exception as err:  # noqa: BLE001 - the UI must never see a lookup crash
            log.exception("lookup failed")
            failure = Background("error", error=one_line(f"lookup failed: {err}", 200))
            return {entity.id: failure for entity in entities}

    def choose(
        self,
        entity: Entity,
        title: str | None,
        context: str | None = None,
        *,
        everywhere: bool = False,
        page: Candidate | None = None,
    ) -> Background:
        """Take ``title`` as the entity's page, or no page at all (``title`` ``None``): the
        reader's choice for the article ``context``, or for the name in every article when
        ``everywhere`` (or when there is no article). A page the resolver offered in the
        article, or ``page`` as a search found it, costs no request.
        """
        try:
            article = None if context is None else digest(context)
            scope = EVERYWHERE if everywhere or article is None else article
            if title is None:
                self._keep_choice(entity, scope, {"title": None}, article)
                return Background("not_found", chosen_by="reader")
            fields = page.page_fields() if page is not None and page.title == title else None
            if fields is None:
                stored = stored_page(self.decided(entity, article), title)
                fields = page_fields(stored) if stored is not None else None
            if fields is None:
                if self.client is None:
                    return Background("offline", title=title)
                known = self.known_titles([title]).get(title)
                fetched = (known or self.query_titles(self.client, [title])[title]).page
                if fetched is None:
                    return Background("not_found", title=title)
                fields = page_fields(fetched)
            self._keep_choice(entity, scope, fields, article)
            shown = Page(fields["title"], fields["url"], fields["description"], fields["summary"])
            return replace(page_background(shown, "found"), chosen_by="reader")
        except Exception as err:  # noqa: BLE001
            return Background("error", title=title, error=reason(err))

    def unchoose(self, entity: Entity, context: str, *, everywhere: bool = False) -> Background:
        """Forget the reader's choice for the name in the article ``context`` (and in every
        article when ``everywhere``); the background the lookups give it then (the stored
        decision, or a lookup)."""
        scopes = [digest(context), EVERYWHERE] if everywhere else [digest(context)]
        settings = self._settings
        self.choices.forget(settings.api_url, settings.lang, entity.label, entity.name, scopes)
        return self.lookup(entity, context)

    def candidates(self, entity: Entity, context: str) -> list[Candidate]:
        """The pages to offer for ``entity`` before any search: the reader's choice, then
        the resolver's page and its ranked candidates (no request is made)."""
        article = digest(context)
        return known_candidates(self.decided(entity, article), self.choice(entity, article))

    def search(self, query: str, superseded: Callable[[], bool] = lambda: False) -> SearchAnswer:
        """Search the wiki for ``query``: pages with their intros, best first, disambiguation
        pages left out (thread-safe, never raises).

        One search is in flight at a time: a search waits for the one before it, and is not
        made at all if ``superseded()`` says so by then. Answers are kept for the session.
        """
        query = " ".join(query.split())[:200]
        key = normalize_name(query)
        if not key:
            return SearchAnswer(query)
        if self.client is None:
            return SearchAnswer(query, problem="Offline: searching needs the network", offline=True)
        with self._search_lock:
            kept = self._searches.get(key)
            if kept is not None:
                self._searches.move_to_end(key)
                return SearchAnswer(query, kept.candidates)
            if superseded():
                return SearchAnswer(query, problem="superseded")
            try:
                pages = self.search_pages(self.client, query, SEARCH_RESULTS)
            except Exception as err:  # noqa: BLE001 - the chooser shows the reason
                return SearchAnswer(query, problem=f"Search failed: {reason(err)}")
            answer = SearchAnswer(
                query,
                tuple(
                    Candidate(p.title, p.description, p.summary, p.url, origin="search")
                    for p in pages
                    if not p.disambiguation
                ),
            )
            self._searches[key] = answer
            while len(self._searches) > SEARCHES_KEPT:
                self._searches.popitem(last=False)
            return answer

    # -- what the wiki answered this session ---------------------------------------------

    def known_titles(self, titles: Iterable[str]) -> dict[str, TitleResult]:
        """What the wiki answered this session for those of ``titles`` it was asked already."""
        with self._memo_lock:
            known = {title: self._titles[title] for title in titles if title in self._titles}
            for title in known:
                self._titles.move_to_end(title)
        return known

    def query_titles(self, client: WikiClient, titles: Sequence[str]) -> dict[str, TitleResult]:
        """:meth:`WikiClient.query_titles`, remembered for the session (the wiki does not
        change while the reader runs; a failure is not remembered)."""
        results = client.query_titles(titles)
        with self._memo_lock:
            self._titles.update(results)
            while len(self._titles) > TITLES_REMEMBERED:
                self._titles.popitem(last=False)
        return results

    def search_pages(self, client: WikiClient, query: str, limit: int) -> list[Page]:
        """:meth:`WikiClient.search_pages`, remembered for the session: the same query
        (two entities of one name, or one name in two articles) is asked once."""
        key = (query, limit)
        with self._memo_lock:
            pages = self._pages_searched.get(key)
            if pages is not None:
                self._pages_searched.move_to_end(key)
                return list(pages)
        pages = client.search_pages(query, limit)
        with self._memo_lock:
            self._pages_searched[key] = list(pages)
            while len(self._pages_searched) > SEARCHES_REMEMBERED:
                self._pages_searched.popitem(last=False)
        return pages

    def _keep_choice(
        self, entity: Entity, scope: str, fields: dict[str, object], article: str | None
    ) -> None:
        """Keep the choice; one for every article replaces this article's own too."""
        settings = self._settings
        if scope == EVERYWHERE and article is not None:
            self.choices.forget(
                settings.api_url, settings.lang, entity.label, entity.name, [article]
            )
        self.choices.add(
            new_choice(settings.api_url, settings.lang, entity.label, entity.name, scope, fields)
        )

    def close(self) -> None:
        """Abort pending requests and waits at once; close the cache."""
        if self.client is not None:
            self.client.close()
        self._cache.close()

    # -- what a batch uses ---------------------------------------------------------------------

    def key(self, entity: Entity, scope: str | None = None) -> str:
        """The cache key of the entity's name, or of the name in one article (``scope`` is
        its fingerprint)."""
        return cache_key(self._settings, entity.name, entity.label, scope)

    def choice(self, entity: Entity, article: str | None) -> Choice | None:
        """The reader's choice for the name in the article ``article``, else everywhere."""
        scopes = [article, EVERYWHERE] if article is not None else [EVERYWHERE]
        settings = self._settings
        return self.choices.find(settings.api_url, settings.lang, entity.label, entity.name, scopes)

    def record(
        self, entity: Entity, article: str | None, *, fallback: bool = True
    ) -> Record | None:
        """The reader's choice (for this article, else everywhere), else the decision for
        the article ``article``, else (with ``fallback``, or without an article) the
        name's fallback."""
        choice = self.choice(entity, article)
        if choice is not None:
            fields = {key: choice.get(key) for key in ("title", "url", "description", "summary")}
            return {
                **fields,
                "status": "found" if choice.get("title") else "not_found",
                "chosen_by": "reader",
                "stored": choice["chosen_at"],
                "expires": CHOICE_EXPIRES,
            }
        return self.decided(entity, article, fallback=fallback)

    def decided(
        self, entity: Entity, article: str | None, *, fallback: bool = True
    ) -> Record | None:
        """What the lookups decided, without the reader's choices: the decision for the
        article ``article``, else (with ``fallback``, or without an article) the name's
        fallback."""
        scopes = (article, None) if article is None or fallback else (article,)
        for scope in scopes:
            record = self._cache.get(self.key(entity, scope))
            if record is not None:
                return record
        return None

    def store(self, entity: Entity, article: str, decision: resolve.Decision) -> Background:
        """Keep ``decision`` for the article ``article`` (and a title lookups' one as the
        name's fallback); the background it shows."""
        record = decision_record(decision)
        self._cache.set(self.key(entity, article), record)
        if decision.scope == "name":
            self._cache.set(self.key(entity), record)
        return from_record(record, cached=False)

    def claim(self, groups: list[list[Entity]]) -> tuple[list[list[Entity]], list[list[Entity]]]:
        """Split name groups into those this thread resolves and those another thread is
        resolving already."""
        mine, theirs = [], []
        with self._lock:
            for members in groups:
                key = self.key(members[0])
                if key in self._inflight:
                    theirs.append(members)
                else:
                    self._inflight[key] = threading.Event()
                    mine.append(members)
        return mine, theirs

    def release(self, groups: list[list[Entity]]) -> None:
        """Mark claimed groups resolved, waking the threads that wait for them."""
        with self._lock:
            for members in groups:
                self._inflight.pop(self.key(members[0])).set()

    def wait(self, entity: Entity, timeout: float) -> None:
        """Wait until the thread resolving the entity's name is done (or ``timeout``)."""
        with self._lock:
            event = self._inflight.get(self.key(entity))
        if event is not None:
            event.wait(timeout)

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

"""MediaWiki access through ``wikipedia-api``, extended for batching and hardened.

The library gives us the httpx client, the User-Agent handling, its exception
hierarchy, and its retries with ``Retry-After``. It lacks batched titles, page
properties, intros only and search-with-intros: :class:`WikiClient` adds them as
queries through the library's ``_get``. What happens on the wire (deadlines, the byte
cap, pacing, cancellation) is the job of the httpx transport handed to the library,
:class:`~reader.lookup.transport.GuardedTransport`. The one method overridden is
``_build_url``, the library's hook for the endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import wikipediaapi
from wikipediaapi import WikiHttpTimeoutError, WikiInvalidJsonError

from reader.lookup.policy import RetryPolicy, parse_retry_after
from reader.lookup.transport import DeadlinePassed, GuardedTransport, LookupCancelled, WikiApiError
from reader.sanitize import sanitize
from reader.web import user_agent, without_credentials

__all__ = [
    "LookupCancelled",
    "Page",
    "RequestTooSlow",
    "RetryPolicy",
    "TitleResult",
    "WikiApiError",
    "WikiClient",
    "parse_retry_after",
    "title_batches",
]

TITLES_PER_REQUEST = 50
"""Titles MediaWiki takes in one query."""
INTROS_PER_REQUEST = 20
"""Intros MediaWiki returns in one reply at most (``exlimit`` with ``exintro``): the pages
of a batch of titles beyond them get theirs in another request."""
TITLE_CHARS_PER_REQUEST = 4000
"""Characters of URL-encoded titles sent in one request at most (a bound on the URL)."""
SUMMARY_LIMIT = 2000
"""Characters of an intro kept (and shown)."""
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 300

_PAGE_PROPS = {
    "prop": "extracts|pageprops|info",
    "exintro": 1,
    "explaintext": 1,
    "ppprop": "disambiguation|wikibase-shortdesc",
    "inprop": "url",
    "redirects": 1,
    "formatversion": 2,
}


class RequestTooSlow(WikiHttpTimeoutError):
    """A call given up at a deadline (a reply still dripping, or an endpoint resting after
    one), rather than by a read timeout: it was not retried."""


@dataclass(frozen=True, slots=True)
class Page:
    """A wiki page as the resolver needs it (all text sanitised and capped)."""

    title: str
    url: str | None
    description: str | None
    summary: str
    disambiguation: bool = False
    rank: int = 0
    """Position in search results (0 for title queries)."""

    def to_json(self) -> dict[str, Any]:
        """The page as a JSON-safe dict (used by the cache)."""
        return {
            "title": self.title,
            "url": self.url,
            "description": self.description,
            "summary": self.summary,
            "disambiguation": self.disambiguation,
        }


@dataclass(frozen=True, slots=True)
class TitleResult:
    """What became of one requested title."""

    requested: str
    page: Page | None
    """``None`` when the page is missing or the title invalid."""
    redirected: bool = False
    """Reached through a redirect (not mere normalisation)."""


class WikiClient(wikipediaapi.Wikipedia):
    """A ``wikipediaapi.Wikipedia`` for one endpoint, with batching and hard limits."""

    def __init__(self, api_url: str, lang: str, policy: RetryPolicy | None = None) -> None:
        """Create the client (no request is made).

        Args:
            api_url: The action API endpoint (``.../w/api.php``); credentials in it are
                sent as HTTP basic auth and never shown.
            lang: The language code (already validated by ``reader.config``).
            policy: Retry and limit settings.
        """
        self.policy = policy or RetryPolicy()
        self._api_url = without_credentials(api_url)
        self._transport = GuardedTransport(self.policy)
        url = httpx.URL(api_url)
        super().__init__(
            user_agent=user_agent(),
            language=lang,
            max_retries=self.policy.max_retries,
            retry_wait=self.policy.backoff,
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            headers={"Accept-Encoding": "gzip, deflate"},  # what reader.web can inflate
            transport=self._transport,
            auth=(url.username, url.password) if url.username else None,
        )

    @property
    def request_count(self) -> int:
        """HTTP requests sent so far (every attempt counts)."""
        return self._transport.request_count

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._transport.closed

    @property
    def retrying(self) -> bool:
        """Whether a request is being retried (its last attempt failed)."""
        return self._transport.retrying

    @property
    def retry_wait(self) -> float | None:
        """Seconds left before the server lets the next request go (``Retry-After``)."""
        return self._transport.wait

    def close(self) -> None:
        """Abort requests and waits at once and release the connection pool."""
        self._transport.close()
        self._client.close()

    def _build_url(self, language: str) -> str:  # type: ignore[override]
        """The library's endpoint hook: the configured endpoint, whatever the language."""
        return self._api_url

    def _ask(self, params: dict[str, Any]) -> dict[str, Any]:
        """One ``action=query`` call, within the call deadline: the reply's ``query``."""
        return self._reply(params)[0]

    def _reply(self, params: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """One ``action=query`` call, within the call deadline: the reply's ``query``, and
        whether the reply says more is to come (``continue``)."""
        try:
            with self._transport.call():
                data = self._get(self.language, self._construct_params_standalone(params))
        except DeadlinePassed as err:
            raise RequestTooSlow(self._api_url) from err
        if not isinstance(data, dict):
            raise WikiInvalidJsonError(self._api_url)
        error = data.get("error")
        if error is not None:
            code = error.get("code") if isinstance(error, dict) else None
            raise WikiApiError(f"API error {sanitize(str(code))[:80]}")
        query = data.get("query", {})
        if not isinstance(query, dict):
            raise WikiApiError("malformed reply")
        return query, "continue" in data

    # -- batched queries ----------------------------------------------------------------

    def query_titles(self, titles: Sequence[str]) -> dict[str, TitleResult]:
        """Fetch intro, short description, disambiguation flag and URL of up to 50 titles.

        One request, unless more than :data:`INTROS_PER_REQUEST` of the pages exist: the
        wiki leaves the intros of the others out, and they are asked for again by their
        page titles, 20 a request.

        Returns:
            A result for every requested title, keyed by the title as given.
        """
        if len(titles) > TITLES_PER_REQUEST:
            raise ValueError(f"at most {TITLES_PER_REQUEST} titles per request")
        exlimit = min(len(titles), INTROS_PER_REQUEST)
        params = dict(_PAGE_PROPS, action="query", titles="|".join(titles), exlimit=exlimit)
        query, more = self._reply(params)
        normalized = _title_map(query.get("normalized"))
        redirects = _title_map(query.get("redirects"))
        pages = {page.title: page for page in _pages(query)}
        targets: dict[str, tuple[str, bool]] = {}
        for title in titles:
            current = normalized.get(title, title)
            redirected = False
            for _ in range(5):  # redirect chains are short; never loop forever
                if current not in redirects:
                    break
                current = redirects[current]
                redirected = True
            targets[title] = (sanitize(current)[:TITLE_LIMIT], redirected)
        if more:  # only the pages asked for: a reply can list any number of others
            wanted = {target for target, _ in targets.values() if target in pages}
            lacking = dict.fromkeys(t for t in _without_intro(query) if t in wanted)
            pages.update(self._intros(list(lacking)))
        return {
            title: TitleResult(title, pages.get(target), redirected)
            for title, (target, redirected) in targets.items()
        }

    def search_pages(self, query: str, limit: int = 10) -> list[Page]:
        """Full-text search with the candidates' intros in the same request, best first."""
        limit = max(1, min(limit, INTROS_PER_REQUEST))
        params = dict(
            _PAGE_PROPS,
            action="query",
            generator="search",
            gsrsearch=query,
            gsrlimit=limit,
            gsrnamespace=0,
            exlimit=limit,
        )
        return sorted(_pages(self._ask(params)), key=lambda page: page.rank)

    def _intros(self, titles: Sequence[str]) -> dict[str, Page]:
        """The pages ``titles`` name (existing pages, by their own titles) with their intros,
        20 a request; a page the wiki still gives no intro is left out."""
        pages: dict[str, Page] = {}
        for start in range(0, len(titles), INTROS_PER_REQUEST):
            chunk = titles[start : start + INTROS_PER_REQUEST]
            params = dict(_PAGE_PROPS, action="query", titles="|".join(chunk), exlimit=len(chunk))
            query = self._ask(params)
            lacking = set(_without_intro(query))
            pages.update((p.title, p) for p in _pages(query) if p.title not in lacking)
        return pages


def title_batches(titles: Iterable[str]) -> list[list[str]]:
    """``titles`` in order, cut into the batches :meth:`WikiClient.query_titles` takes: at
    most :data:`TITLES_PER_REQUEST` titles and :data:`TITLE_CHARS_PER_REQUEST` characters
    once URL-encoded (a title longer than that goes alone)."""
    batches: list[list[str]] = []
    size = 0
    for title in titles:
        length = len(quote(title, safe="")) + 3  # and its encoded "|"
        if (
            not batches
            or len(batches[-1]) >= TITLES_PER_REQUEST
            or (size + length > TITLE_CHARS_PER_REQUEST)
        ):
            batches.append([])
            size = 0
        batches[-1].append(title)
        size += length
    return batches


def _without_intro(query: dict[str, Any]) -> list[str]:
    """Titles of the existing pages of a reply that came without their intro (``extract``)."""
    raw = query.get("pages", [])
    if isinstance(raw, dict):  # formatversion=1 servers
        raw = list(raw.values())
    if not isinstance(raw, list):
        return []
    titles = []
    for item in raw:
        if isinstance(item, dict) and not {"missing", "invalid", "extract"} & item.keys():
            title = _text(item.get("title"), TITLE_LIMIT)
            if title is not None:
                titles.append(title)
    return titles


def _title_map(items: Any) -> dict[str, str]:
    mapping: dict[str, str] = {}
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("from"), str):
                target = item.get("to")
                if isinstance(target, str):
                    mapping[item["from"]] = target
    return mapping


def _text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    value = sanitize(value.strip())
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value or None


def _safe_url(value: Any) -> str | None:
    url = _text(value, 2000)
    if url and url.startswith(("https://", "http://")) and url.isprintable() and " " not in url:
        return url
    return None


def _pages(query: dict[str, Any]) -> list[Page]:
    raw = query.get("pages", [])
    if isinstance(raw, dict):  # formatversion=1 servers
        raw = list(raw.values())
    pages: list[Page] = []
    if not isinstance(raw, list):
        return pages
    for item in raw:
        if not isinstance(item, dict) or "missing" in item or "invalid" in item:
            continue
        title = _text(item.get("title"), TITLE_LIMIT)
        if title is None:
            continue
        props = item.get("pageprops")
        props = props if isinstance(props, dict) else {}
        rank = item.get("index")
        pages.append(
            Page(
                title=title,
                url=_safe_url(item.get("fullurl")),
                description=_text(props.get("wikibase-shortdesc"), DESCRIPTION_LIMIT),
                summary=_text(item.get("extract"), SUMMARY_LIMIT) or "",
                disambiguation="disambiguation" in props,
                rank=rank if isinstance(rank, int) else 0,
            )
        )
    return pages

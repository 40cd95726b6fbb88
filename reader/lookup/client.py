"""MediaWiki access through ``wikipedia-api``, extended for batching and hardened.

The library gives us the httpx client, the User-Agent handling, its exception
hierarchy and tenacity retries. It lacks batched titles, page properties, intros
only and search-with-intros, and some replies escape its exceptions (THREATS §3).
:class:`WikiClient` extends it through its own extension points: ``_build_url``
(any endpoint), ``_get`` (bounded, cancellable retries), ``_do_get`` (an overall
deadline and a byte cap per request) and ``_process_response`` (Retry-After,
maxlag and malformed replies).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from importlib import metadata
from typing import Any

import httpx
import wikipediaapi
from tenacity import RetryCallState, Retrying, retry_if_exception
from wikipediaapi import (
    WikiConnectionError,
    WikiHttpError,
    WikiHttpTimeoutError,
    WikiInvalidJsonError,
    WikipediaException,
    WikiRateLimitError,
)

from reader.sanitize import sanitize

PROJECT_URL = "https://github.com/reader-app/reader"
TITLES_PER_REQUEST = 20
"""MediaWiki returns at most 20 intros per request (``exlimit`` with ``exintro``)."""
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


class WikiApiError(WikipediaException):
    """The server answered with an API error (``{"error": ...}``) or an unusable reply."""


class LookupCancelled(WikipediaException):
    """The client was closed while a request was pending."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard the client tries; tests shrink every wait."""

    max_retries: int = 3
    """Retries after the first attempt (429, 5xx, timeouts, refused connections)."""
    backoff: float = 0.5
    """First backoff in seconds, doubled each retry."""
    retry_after_cap: float = 30.0
    """The longest ``Retry-After`` honoured."""
    request_deadline: float = 15.0
    """Overall seconds for one HTTP request, however slowly the server drips."""
    call_deadline: float = 40.0
    """Overall seconds for one call, retries and waits included."""
    timeout: float = 8.0
    """httpx connect/read timeout (per read)."""
    max_bytes: int = 8_000_000
    """Decoded bytes accepted from one reply."""
    max_in_flight: int = 3
    """Requests open at the same time, across threads."""


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


def user_agent() -> str:
    """``reader/<version> (+<project URL>)``, as Wikimedia's policy asks."""
    try:
        version = metadata.version("reader")
    except metadata.PackageNotFoundError:
        version = "0.1.0"
    return f"reader/{version} (+{PROJECT_URL})"


def parse_retry_after(value: str | None, cap: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header, capped; ``None`` if unusable."""
    if not value:
        return None
    value = value.strip()
    seconds: float | None = None
    if value.isascii() and value.isdigit():
        seconds = float(int(value[:12]))
    else:
        try:
            when = parsedate_to_datetime(value)
            seconds = when.timestamp() - time.time()
        except (TypeError, ValueError, OverflowError, IndexError):
            return None
    return max(0.0, min(seconds, cap))


class WikiClient(wikipediaapi.Wikipedia):
    """A ``wikipediaapi.Wikipedia`` for one endpoint, with batching and hard limits."""

    def __init__(self, api_url: str, lang: str, policy: RetryPolicy | None = None) -> None:
        """Create the client (no request is made).

        Args:
            api_url: The action API endpoint (``.../w/api.php``).
            lang: The language code (already validated by ``reader.config``).
            policy: Retry and limit settings.
        """
        self.policy = policy or RetryPolicy()
        self._api_url = api_url
        self._closed = threading.Event()
        self._slots = threading.BoundedSemaphore(self.policy.max_in_flight)
        self._count_lock = threading.Lock()
        self._request_count = 0
        super().__init__(
            user_agent=user_agent(),
            language=lang,
            max_retries=self.policy.max_retries,
            retry_wait=self.policy.backoff,
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
        )

    @property
    def request_count(self) -> int:
        """HTTP requests sent so far (every attempt counts)."""
        return self._request_count

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed.is_set()

    def close(self) -> None:
        """Abort waits at once and release the connection pool."""
        self._closed.set()
        self._client.close()

    # -- the library's extension points ---------------------------------------------

    def _build_url(self, language: str) -> str:  # type: ignore[override]
        return self._api_url

    def _get(self, language: str, params: dict[str, Any]) -> dict[str, Any]:
        """One API call: bounded retries, capped waits, an overall deadline, cancellable."""
        url = self._build_url(language)
        policy = self.policy
        started = time.monotonic()

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, WikiRateLimitError) and exc.retry_after is not None:
                return min(float(exc.retry_after), policy.retry_after_cap)
            return policy.backoff * 2 ** (state.attempt_number - 1)

        def stop(state: RetryCallState) -> bool:
            spent = time.monotonic() - started
            return (
                self._closed.is_set()
                or state.attempt_number > policy.max_retries
                or spent + (state.upcoming_sleep or 0.0) > policy.call_deadline
            )

        retryer = Retrying(
            stop=stop,
            wait=wait,
            retry=retry_if_exception(_is_retryable),
            sleep=self._sleep,
            reraise=True,
        )
        return retryer(self._do_get, url, params)  # type: ignore[no-any-return]

    def _do_get(self, url: str, params: dict[str, Any]) -> dict[str, Any]:
        """One attempt: at most ``max_in_flight`` at once, an overall deadline, a byte cap."""
        if self._closed.is_set():
            raise LookupCancelled("lookups were cancelled")
        with self._slots:
            if self._closed.is_set():
                raise LookupCancelled("lookups were cancelled")
            with self._count_lock:
                self._request_count += 1
            deadline = time.monotonic() + self.policy.request_deadline
            try:
                with self._client.stream("GET", url, params=params) as response:
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > self.policy.max_bytes:
                            raise WikiApiError("reply too large")
                        if time.monotonic() > deadline or self._closed.is_set():
                            raise WikiHttpTimeoutError(url)
                    headers = [
                        (k, v)  # raw bytes: a header such as "Retry-After: ²" must not raise
                        for k, v in response.headers.raw
                        if k.lower() != b"content-encoding"
                    ]
                    full = httpx.Response(
                        response.status_code, headers=headers, content=bytes(body)
                    )
            except httpx.TimeoutException as err:
                raise WikiHttpTimeoutError(url) from err
            except httpx.TransportError as err:  # refused, reset, protocol errors
                if self._closed.is_set():
                    raise LookupCancelled("lookups were cancelled") from err
                raise WikiConnectionError(url) from err
            except RuntimeError as err:  # the pool was closed under us
                raise LookupCancelled("lookups were cancelled") from err
        return self._process_response(full, url)

    def _process_response(self, r: Any, url: str) -> dict[str, Any]:
        """Turn a reply into a dict, raising the library's exceptions for every bad case."""
        if r.status_code == 429:
            raise WikiRateLimitError(url, _retry_after(r, self.policy.retry_after_cap))
        if r.status_code != 200:
            raise WikiHttpError(r.status_code, url)
        try:
            data = r.json()
        except (ValueError, UnicodeDecodeError) as err:
            raise WikiInvalidJsonError(url) from err
        if not isinstance(data, dict):
            raise WikiInvalidJsonError(url)
        error = data.get("error")
        if error is not None:
            code = error.get("code") if isinstance(error, dict) else None
            if code in ("maxlag", "ratelimited"):
                wait = _retry_after(r, self.policy.retry_after_cap)
                raise WikiRateLimitError(url, 5 if wait is None else wait)
            raise WikiApiError(f"API error {sanitize(str(code))[:80]}")
        return data

    def _sleep(self, seconds: float) -> None:
        if self._closed.wait(seconds):
            raise LookupCancelled("lookups were cancelled")

    # -- batched queries ----------------------------------------------------------------

    def query_titles(self, titles: Sequence[str]) -> dict[str, TitleResult]:
        """Fetch intro, short description, disambiguation flag and URL of up to 20 titles.

        Returns:
            A result for every requested title, keyed by the title as given.
        """
        if len(titles) > TITLES_PER_REQUEST:
            raise ValueError(f"at most {TITLES_PER_REQUEST} titles per request")
        params = dict(_PAGE_PROPS, action="query", titles="|".join(titles), exlimit=len(titles))
        data = self._get(self.language, self._construct_params_standalone(params))
        query = _query(data)
        normalized = _title_map(query.get("normalized"))
        redirects = _title_map(query.get("redirects"))
        pages = {page.title: page for page in _pages(query)}
        results: dict[str, TitleResult] = {}
        for title in titles:
            current = normalized.get(title, title)
            redirected = False
            for _ in range(5):  # redirect chains are short; never loop forever
                if current not in redirects:
                    break
                current = redirects[current]
                redirected = True
            results[title] = TitleResult(
                title, pages.get(sanitize(current)[:TITLE_LIMIT]), redirected
            )
        return results

    def search_pages(self, query: str, limit: int = 10) -> list[Page]:
        """Full-text search with the candidates' intros in the same request, best first."""
        limit = max(1, min(limit, TITLES_PER_REQUEST))
        params = dict(
            _PAGE_PROPS,
            action="query",
            generator="search",
            gsrsearch=query,
            gsrlimit=limit,
            gsrnamespace=0,
            exlimit=limit,
        )
        data = self._get(self.language, self._construct_params_standalone(params))
        return sorted(_pages(_query(data)), key=lambda page: page.rank)


def _is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, LookupCancelled | WikiApiError):
        return False
    if isinstance(exc, WikiRateLimitError):
        return True
    if isinstance(exc, WikiHttpError):  # 5xx retried; 403, 404 and other 4xx are final
        return exc.status_code >= 500
    # Timeouts, refused connections, and HTML error pages from proxies.
    return isinstance(exc, WikiHttpTimeoutError | WikiConnectionError | WikiInvalidJsonError)


def _retry_after(response: httpx.Response, cap: float) -> int | None:
    seconds = parse_retry_after(response.headers.get("Retry-After"), cap)
    return None if seconds is None else int(seconds)


def _query(data: dict[str, Any]) -> dict[str, Any]:
    query = data.get("query", {})
    if not isinstance(query, dict):
        raise WikiApiError("malformed reply")
    return query


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

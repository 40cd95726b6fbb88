"""MediaWiki access through ``wikipedia-api``, extended for batching and hardened.

The library gives us the httpx client, the User-Agent handling, its exception
hierarchy and tenacity retries. It lacks batched titles, page properties, intros
only and search-with-intros, and some replies escape its exceptions (THREATS §3).
:class:`WikiClient` extends it through its own extension points: ``_build_url``
(any endpoint), ``_get`` (bounded, cancellable retries), ``_do_get`` (each attempt in
a worker thread given up at its deadline, headers included, and a body inflated once
under a byte cap) and ``_process_response`` (Retry-After, maxlag and malformed replies).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Sequence
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
from reader.web import BodyError, BodyTooLarge, read_body, without_credentials

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


class RequestTooSlow(WikiHttpTimeoutError):
    """A request given up at its deadline (still connecting, or dripping): not retried."""


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
    """Overall seconds for one HTTP request, headers and body, however slowly they drip."""
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
        self._unresponsive_until = 0.0
        super().__init__(
            user_agent=user_agent(),
            language=lang,
            max_retries=self.policy.max_retries,
            retry_wait=self.policy.backoff,
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            headers={"Accept-Encoding": "gzip, deflate"},  # what reader.web can inflate
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
        """One API call: bounded retries, capped waits, an overall deadline, cancellable.

        A call given up at a deadline, or that spent a whole ``request_deadline`` on
        timeouts, marks the endpoint unresponsive: calls fail at once for the next
        ``call_deadline`` seconds, so a batch of calls against a server that drips its
        replies ends in about one request deadline, not one per call.
        """
        url = self._build_url(language)
        policy = self.policy
        started = time.monotonic()
        if started < self._unresponsive_until:
            raise WikiHttpTimeoutError(without_credentials(url))

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
        until = started + policy.call_deadline
        try:
            return retryer(self._do_get, url, params, until)  # type: ignore[no-any-return]
        except WikiHttpTimeoutError as err:
            now = time.monotonic()
            if isinstance(err, RequestTooSlow) or now - started >= policy.request_deadline:
                self._unresponsive_until = now + policy.call_deadline
            raise

    def _do_get(
        self, url: str, params: dict[str, Any], until: float | None = None
    ) -> dict[str, Any]:
        """One attempt, at most ``max_in_flight`` at once, given up at its deadline.

        The request runs in a worker thread that this one waits for until
        ``request_deadline`` (never past the call's deadline ``until``), so a server
        dripping its headers or body a byte at a time cannot hold the caller longer.
        """
        shown = without_credentials(url)
        deadline = time.monotonic() + self.policy.request_deadline
        if until is not None:
            deadline = min(deadline, until)
        while not self._slots.acquire(timeout=0.05):
            if time.monotonic() >= deadline:
                raise RequestTooSlow(shown)
            if self._closed.is_set():
                raise LookupCancelled("lookups were cancelled")
        if self._closed.is_set():
            self._slots.release()
            raise LookupCancelled("lookups were cancelled")
        with self._count_lock:
            self._request_count += 1
        outcome: list[httpx.Response | BaseException] = []
        done, given_up = threading.Event(), threading.Event()
        sockets: list[socket.socket] = []

        def trace(event: str, info: dict[str, Any]) -> None:
            """Note the connection's socket, so that giving up can cut it."""
            if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
                with contextlib.suppress(Exception):  # never let bookkeeping fail a request
                    sockets.append(info["return_value"].get_extra_info("socket"))

        def check() -> None:
            if given_up.is_set():
                raise WikiHttpTimeoutError(shown)

        def work() -> None:
            try:
                outcome.append(self._fetch(url, params, shown, check, trace))
            except BaseException as err:  # handed to the waiting thread
                outcome.append(err)
            finally:
                self._slots.release()  # held while the worker lives: few threads, ever
                done.set()

        threading.Thread(target=work, name="reader-wiki-request", daemon=True).start()
        while not done.wait(max(0.0, min(0.05, deadline - time.monotonic()))):
            if self._closed.is_set() or time.monotonic() >= deadline:
                given_up.set()
                for sock in sockets:  # wakes a worker blocked in a read (best effort)
                    with contextlib.suppress(OSError, TypeError):
                        socket.socket.shutdown(sock, socket.SHUT_RDWR)
                if self._closed.is_set():
                    raise LookupCancelled("lookups were cancelled")
                raise RequestTooSlow(shown)
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return self._process_response(result, shown)

    def _fetch(
        self,
        url: str,
        params: dict[str, Any],
        shown: str,
        check: Callable[[], None],
        trace: Callable[[str, dict[str, Any]], None],
    ) -> httpx.Response:
        """GET ``url`` and read the reply, inflated once under the byte cap (worker thread)."""
        try:
            with self._client.stream(
                "GET", url, params=params, extensions={"trace": trace}
            ) as response:
                body = read_body(
                    response.iter_raw(),
                    response.headers.get("content-encoding", ""),
                    self.policy.max_bytes,
                    check,
                )
                headers = [
                    (k, v)  # raw bytes: a header such as "Retry-After: ²" must not raise
                    for k, v in response.headers.raw
                    if k.lower() != b"content-encoding"
                ]
                return httpx.Response(response.status_code, headers=headers, content=body)
        except BodyTooLarge as err:
            raise WikiApiError("reply too large") from err
        except BodyError as err:  # stacked or unknown encodings, corrupt data: final
            raise WikiApiError(str(err)) from err
        except httpx.TimeoutException as err:
            raise WikiHttpTimeoutError(shown) from err
        except httpx.TransportError as err:  # refused, reset, protocol errors
            if self._closed.is_set():
                raise LookupCancelled("lookups were cancelled") from err
            raise WikiConnectionError(shown) from err
        except RuntimeError as err:  # the pool was closed under us
            raise LookupCancelled("lookups were cancelled") from err

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
    if isinstance(exc, LookupCancelled | WikiApiError | RequestTooSlow):
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

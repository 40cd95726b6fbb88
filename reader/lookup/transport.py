"""The httpx transport that holds every MediaWiki request to reader's limits.

wikipedia-api owns the requests, their retries and their ``Retry-After`` waits; this
transport, handed to it as httpx's ``transport``, owns what happens on the wire:

- **a deadline** for each exchange, headers and body, however slowly they drip, never
  past the deadline of the call it belongs to (:meth:`GuardedTransport.call`); one
  watchdog thread cuts the sockets of exchanges past it;
- **finality**: an exchange given up is not asked again (:class:`DeadlinePassed` is not
  one of the errors the library retries);
- **a rest** after an exchange is given up: for ``call_deadline`` seconds requests fail
  at once without reaching the server, so a dripping server costs one deadline, not one
  per request;
- **the byte cap**: the body is inflated once, in bounded steps (:func:`read_body`);
- **the server's pace**: a ``Retry-After`` (or MediaWiki's in-band ``maxlag`` error, shown
  to the library as the 429 it stands for) holds every later request, capped, and
  cancellably; the library is told to wait 0 s so that nothing waits twice;
- **cancellation**: :meth:`GuardedTransport.close` cuts open exchanges and ends holds.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from wikipediaapi import WikipediaException

from reader.lookup.policy import RetryPolicy, parse_retry_after
from reader.web import BodyError, BodyTooLarge, read_body

_DROPPED = {b"content-encoding", b"content-length", b"transfer-encoding", b"retry-after"}
"""Reply headers that no longer describe the body handed on, or that the transport used."""
_RATE_LIMIT_CODES = ("maxlag", "ratelimited")
_MAXLAG_WAIT = 5.0
"""Seconds to hold after ``maxlag`` without a ``Retry-After``, as MediaWiki advises."""


class LookupCancelled(WikipediaException):
    """The client was closed while a request was pending."""


class WikiApiError(WikipediaException):
    """The server answered with an API error (``{"error": ...}``) or an unusable reply."""


class DeadlinePassed(WikipediaException):
    """An exchange given up at its deadline, or refused while the endpoint rests or the
    call is out of time: final, so the library does not retry it."""


@dataclass(eq=False)
class _Exchange:
    """One request on the wire, as the watchdog sees it."""

    deadline: float
    sockets: list[socket.socket] = field(default_factory=list)
    given_up: threading.Event = field(default_factory=threading.Event)

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: note the connection's socket so that it can be cut."""
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            with contextlib.suppress(Exception):  # bookkeeping never fails a request
                self.sockets.append(info["return_value"].get_extra_info("socket"))

    def cut(self) -> None:
        """Give the exchange up and wake a read blocked on its socket."""
        self.given_up.set()
        for sock in self.sockets:
            with contextlib.suppress(OSError, TypeError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def check(self) -> None:
        """Raise between body chunks once the exchange is given up."""
        if self.given_up.is_set():
            raise DeadlinePassed("gave up at the deadline")


class GuardedTransport(httpx.BaseTransport):
    """An ``httpx.HTTPTransport`` for one endpoint, with deadlines, caps and pacing."""

    def __init__(self, policy: RetryPolicy) -> None:
        """Create the transport: at most ``policy.max_in_flight`` connections."""
        self.policy = policy
        self._inner = httpx.HTTPTransport(limits=httpx.Limits(max_connections=policy.max_in_flight))
        self._closed = threading.Event()
        self._lock = threading.Condition()
        self._open: set[_Exchange] = set()
        self._watchdog: threading.Thread | None = None
        self._call = threading.local()
        self._resting_until = 0.0
        self._not_before = 0.0
        self.request_count = 0
        """Requests sent to the server (refusals and holds are not counted)."""
        self._failing = 0
        """Calls under way whose last exchange failed (the library is about to retry)."""

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed.is_set()

    @property
    def retrying(self) -> bool:
        """Whether a call under way is retrying: its last exchange failed."""
        return self._failing > 0

    @property
    def wait(self) -> float | None:
        """Seconds left of the server's ``Retry-After`` hold, if one is on."""
        left = self._not_before - time.monotonic()
        return left if left > 0 and not self.closed else None

    @contextlib.contextmanager
    def call(self) -> Iterator[None]:
        """Scope one API call, retries included: no exchange outlives its deadline."""
        self._call.deadline = time.monotonic() + self.policy.call_deadline
        self._call.failed = False
        try:
            yield
        finally:
            self._failed(False)
            self._call.deadline = None

    def _failed(self, failed: bool) -> None:
        """Note whether the call's last exchange failed (it counts in :attr:`retrying`)."""
        if getattr(self._call, "deadline", None) is None:
            return  # outside a call: nobody retries it
        if getattr(self._call, "failed", False) != failed:
            with self._lock:
                self._failing += 1 if failed else -1
            self._call.failed = failed

    def close(self) -> None:
        """Cut open exchanges, end holds, refuse further requests, release the pool."""
        self._closed.set()
        with self._lock:
            for exchange in self._open:
                exchange.cut()
            self._lock.notify_all()
        self._inner.close()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` within its deadline and hand on its body, inflated and capped."""
        call_deadline = self._call_deadline()
        if not self._hold(call_deadline):
            # The server's pace outlasts the call: a rate limit, without asking again.
            return httpx.Response(429, headers={"Retry-After": "0"}, request=request)
        exchange = _Exchange(min(time.monotonic() + self.policy.request_deadline, call_deadline))
        request.extensions = {**request.extensions, "trace": exchange.trace}
        self._watch(exchange)
        try:
            with self._lock:
                self.request_count += 1
            response = self._inner.handle_request(request)
            try:
                body = read_body(
                    response.stream,  # type: ignore[arg-type]  # a SyncByteStream
                    response.headers.get("content-encoding", ""),
                    self.policy.max_bytes,
                    exchange.check,
                )
            finally:
                response.close()
        except BodyTooLarge as err:
            raise WikiApiError("reply too large") from err
        except BodyError as err:  # stacked or unknown encodings, corrupt data
            raise WikiApiError(str(err)) from err
        except (httpx.TransportError, DeadlinePassed, RuntimeError) as err:
            self._failed(True)
            if self.closed:
                raise LookupCancelled("lookups were cancelled") from err
            if exchange.given_up.is_set():
                self._resting_until = time.monotonic() + self.policy.call_deadline
                raise DeadlinePassed("no complete reply before the deadline") from err
            raise
        finally:
            with self._lock:
                self._open.discard(exchange)
        paced = self._paced(request, response, body)
        self._failed(paced.status_code == 429 or paced.status_code >= 500)
        return paced

    # -- deadlines ---------------------------------------------------------------------

    def _call_deadline(self) -> float:
        """The deadline of the call under way; refuse at once when closed, resting or late."""
        if self.closed:
            raise LookupCancelled("lookups were cancelled")
        now = time.monotonic()
        if now < self._resting_until:
            raise DeadlinePassed("the endpoint did not answer in time lately")
        deadline = getattr(self._call, "deadline", None)
        if deadline is None:
            return now + self.policy.call_deadline
        if now >= deadline:
            raise DeadlinePassed("the call is out of time")
        return float(deadline)

    def _watch(self, exchange: _Exchange) -> None:
        with self._lock:
            self._open.add(exchange)
            if self._watchdog is None:
                self._watchdog = threading.Thread(
                    target=self._cut_late_exchanges, name="reader-wiki-watchdog", daemon=True
                )
                self._watchdog.start()
            self._lock.notify_all()

    def _cut_late_exchanges(self) -> None:
        """The watchdog: cut every exchange past its deadline, sleeping while none is open."""
        with self._lock:
            while not self.closed:
                if not self._open:
                    self._lock.wait()
                    continue
                now = time.monotonic()
                for exchange in self._open:
                    if now >= exchange.deadline:
                        exchange.cut()
                soonest = min(exchange.deadline for exchange in self._open)
                self._lock.wait(max(0.01, min(0.05, soonest - now)))

    # -- the server's pace -------------------------------------------------------------

    def _hold(self, deadline: float) -> bool:
        """Wait out the server's ``Retry-After``; ``False`` if it runs past ``deadline``."""
        wait = self._not_before - time.monotonic()
        if wait <= 0:
            return True
        if time.monotonic() + wait > deadline:
            return False
        self._sleep(wait)
        return True

    def _sleep(self, seconds: float) -> None:
        """Wait ``seconds``, or less if the transport is closed meanwhile (then raise)."""
        if self._closed.wait(seconds):
            raise LookupCancelled("lookups were cancelled")

    def _paced(
        self, request: httpx.Request, response: httpx.Response, body: bytes
    ) -> httpx.Response:
        """The reply handed to the library; a rate limit holds later requests instead."""
        status = response.status_code
        pause = parse_retry_after(response.headers.get("retry-after"), self.policy.retry_after_cap)
        if status == 200 and _rate_limit_code(body):
            status, pause = 429, _MAXLAG_WAIT if pause is None else pause
        headers = [(k, v) for k, v in response.headers.raw if k.lower() not in _DROPPED]
        if status == 429 and pause is not None:
            self._not_before = max(self._not_before, time.monotonic() + pause)
            headers.append((b"Retry-After", b"0"))  # held here, cancellably: not twice
        return httpx.Response(status, headers=headers, content=body, request=request)


def _rate_limit_code(body: bytes) -> bool:
    """Whether a 200 reply is MediaWiki's in-band ``maxlag`` or ``ratelimited`` error."""
    if b'"error"' not in body[:4096]:
        return False
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return False
    return isinstance(error, dict) and error.get("code") in _RATE_LIMIT_CODES

"""Fetching an article over http(s), bounded in time, size and redirects (THREATS §4.2, §5.3).

- An overall deadline covers connecting, every redirect and the whole body, so a server
  that drips one byte at a time is stopped; the fetch runs in a daemon thread, so the
  caller gets its answer at the deadline even if a read is still blocked.
- The body is decompressed here, chunk by chunk with a bounded output size, so a gzip
  bomb stops at the cap without inflating in memory.
- Redirects are followed by hand, at most ``max_redirects``; each target must be http(s),
  and a public address may not redirect to a private or loopback one.
"""

from __future__ import annotations

import ipaddress
import threading
import time
import zlib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import httpx

from reader.documents.raw import too_large
from reader.errors import InputError
from reader.sanitize import one_line

DEADLINE_SECONDS = 20.0
"""Overall time allowed for a fetch, redirects and body included."""

MAX_BODY_BYTES = 10 * 1024 * 1024
"""Cap on the decoded (decompressed) body."""

MAX_REDIRECTS = 5
"""Redirects followed before giving up."""

ALLOWED_SCHEMES = frozenset({"http", "https"})

TEXT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/markdown",
        "text/x-markdown",
        "application/epub+zip",
    }
)
"""Content types reader can show."""

_CHUNK = 16 * 1024
_ACCEPT = "text/html, application/xhtml+xml, text/plain;q=0.9, text/markdown;q=0.9, */*;q=0.1"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body with what the server said about it."""

    url: str
    """The final address, after redirects."""
    content_type: str
    """The media type, lower case, without parameters."""
    charset: str | None
    """The charset the server declared, if any."""
    body: bytes
    """The decoded (decompressed) body."""


def user_agent() -> str:
    """The User-Agent sent with every fetch, naming reader and its version."""
    try:
        return f"reader/{version('reader')} (terminal reading assistant)"
    except PackageNotFoundError:
        return "reader (terminal reading assistant)"


def is_allowed_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) address with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return False
    return parsed.scheme in ALLOWED_SCHEMES and bool(parsed.host)


def fetch(
    url: str,
    *,
    deadline: float = DEADLINE_SECONDS,
    max_bytes: int = MAX_BODY_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> Fetched:
    """Fetch ``url`` and return its decoded body.

    Args:
        url: An http or https address.
        deadline: Seconds allowed for the whole fetch.
        max_bytes: Cap on the decoded body; a larger body is refused.
        max_redirects: Redirects followed at most.

    Returns:
        The body and its content type.

    Raises:
        InputError: Refused address or redirect, unreachable host, HTTP error, deadline
            passed, body too large, or a content type reader cannot show.
    """
    outcome: list[Fetched | BaseException] = []

    def run() -> None:
        try:
            outcome.append(_fetch(url, deadline, max_bytes, max_redirects))
        except BaseException as error:  # handed to the caller's thread
            outcome.append(error)

    worker = threading.Thread(target=run, name="reader-fetch", daemon=True)
    worker.start()
    worker.join(deadline + 0.5)
    if not outcome:
        raise _too_slow(url, deadline)
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _fetch(url: str, deadline: float, max_bytes: int, max_redirects: int) -> Fetched:
    deadline_at = time.monotonic() + deadline
    shown = one_line(url, 200)
    if not is_allowed_url(url):
        raise InputError(f"cannot open {shown}: only http and https addresses are supported")
    headers = {"User-Agent": user_agent(), "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"}
    try:
        with httpx.Client(headers=headers, timeout=deadline, follow_redirects=False) as client:
            request = client.build_request("GET", url)
            for _hop in range(max_redirects + 1):
                response = client.send(request, stream=True)
                try:
                    if response.next_request is None:
                        return _read(response, shown, deadline_at, max_bytes)
                    request = _checked_redirect(response, shown)
                finally:
                    response.close()
            raise InputError(f"cannot open {shown}: more than {max_redirects} redirects")
    except httpx.TimeoutException:
        raise _too_slow(url, deadline) from None
    except httpx.ConnectError as error:
        reason = one_line(str(error) or "connection failed", 120)
        raise InputError(f"cannot open {shown}: cannot connect ({reason})") from None
    except httpx.HTTPError as error:
        raise InputError(
            f"cannot open {shown}: {one_line(str(error) or type(error).__name__)}"
        ) from None


def _checked_redirect(response: httpx.Response, shown: str) -> httpx.Request:
    request = response.next_request
    assert request is not None
    target = request.url
    if target.scheme not in ALLOWED_SCHEMES or not target.host:
        where = one_line(str(target), 200)
        raise InputError(f"cannot open {shown}: it redirects to {where}, which is not http(s)")
    if _is_private(target.host) and not _is_private(response.url.host):
        raise InputError(f"cannot open {shown}: it redirects to a private address ({target.host})")
    return request


def _is_private(host: str) -> bool:
    """Whether ``host`` is a loopback, private or link-local address (by name or literal)."""
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(
        ".localhost"
    ):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_reserved


def _read(response: httpx.Response, shown: str, deadline_at: float, max_bytes: int) -> Fetched:
    if response.status_code >= 400:
        reason = one_line(response.reason_phrase or "error", 80)
        raise InputError(
            f"cannot open {shown}: the server answered {response.status_code} {reason}"
        )
    content_type, _, params = response.headers.get("content-type", "").partition(";")
    content_type = content_type.strip().lower()
    if content_type not in TEXT_TYPES:
        kind = one_line(content_type, 80) or "no content type"
        raise InputError(f"cannot open {shown}: it is {kind}, not an article reader can show")
    declared = response.headers.get("content-length", "")
    if (
        declared.isdigit()
        and "content-encoding" not in response.headers
        and int(declared) > max_bytes
    ):
        raise too_large(shown, max_bytes)
    inflater = _Inflater(response.headers.get("content-encoding", ""), shown)
    body = bytearray()
    for raw in response.iter_raw(_CHUNK):
        for piece in inflater.feed(raw, max_bytes - len(body) + 1):
            body += piece
            if len(body) > max_bytes:
                raise too_large(shown, max_bytes)
        if time.monotonic() > deadline_at:
            raise _too_slow(str(response.url), 0)
    return Fetched(str(response.url), content_type, _charset(params), bytes(body))


class _Inflater:
    """Decompresses gzip/deflate bodies in bounded steps; passes identity bodies through."""

    def __init__(self, encoding: str, shown: str) -> None:
        encoding = encoding.strip().lower()
        self._shown = shown
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            # 32 + MAX_WBITS accepts gzip and zlib headers alike.
            self._zlib = zlib.decompressobj(32 + zlib.MAX_WBITS)
        else:
            raise InputError(
                f"cannot open {shown}: unsupported content encoding {one_line(encoding, 40)!r}"
            )

    def feed(self, data: bytes, room: int) -> list[bytes]:
        """Decompress ``data``, producing at most a little more than ``room`` bytes."""
        if self._zlib is None:
            return [data]
        pieces: list[bytes] = []
        produced = 0
        try:
            while data and produced <= room:
                piece = self._zlib.decompress(data, _CHUNK * 4)
                pieces.append(piece)
                produced += len(piece)
                data = self._zlib.unconsumed_tail
        except zlib.error:
            raise InputError(f"cannot open {self._shown}: the compressed body is corrupt") from None
        return pieces


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _too_slow(url: str, deadline: float) -> InputError:
    within = f" within {deadline:g} s" if deadline else " in time"
    return InputError(f"cannot open {one_line(url, 200)}: it did not arrive{within}")

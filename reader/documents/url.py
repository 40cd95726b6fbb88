"""Fetching an article over http(s), bounded in time, size and redirects (THREATS §4.2, §5.3).

- An overall deadline covers connecting, every redirect and the whole body, so a server
  that drips one byte at a time is stopped; the fetch runs in a daemon thread, so the
  caller gets its answer at the deadline even if a read is still blocked.
- The body is inflated once, in bounded steps (:func:`reader.web.read_body`), so a gzip
  bomb stops at the cap; stacked or unknown encodings are refused.
- Redirects are followed by hand, at most ``max_redirects``; each target must be http(s),
  and a public address may not redirect to a private or loopback one, however spelt
  (``127.1``, ``0x7f000001``, a name resolving to 127.0.0.1: the host is resolved).
- A URL is shown without its ``user:password@`` part, in every message and result.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass

import httpx

from reader.documents.raw import too_large
from reader.errors import InputError
from reader.sanitize import one_line
from reader.web import BodyError, BodyTooLarge, read_body, user_agent, without_credentials

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
    """The final address, after redirects (without credentials)."""
    content_type: str
    """The media type, lower case, without parameters."""
    charset: str | None
    """The charset the server declared, if any."""
    body: bytes
    """The decoded (decompressed) body."""


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
    private_redirects: bool | None = None,
) -> Fetched:
    """Fetch ``url`` and return its decoded body.

    Args:
        url: An http or https address.
        deadline: Seconds allowed for the whole fetch.
        max_bytes: Cap on the decoded body; a larger body is refused.
        max_redirects: Redirects followed at most.
        private_redirects: Whether a redirect may lead to a private or loopback address;
            by default only from a page that is on such an address itself.

    Returns:
        The body and its content type.

    Raises:
        InputError: Refused address or redirect, unreachable host, HTTP error, deadline
            passed, body too large, or a content type reader cannot show.
    """
    outcome: list[Fetched | BaseException] = []

    def run() -> None:
        try:
            outcome.append(_fetch(url, deadline, max_bytes, max_redirects, private_redirects))
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


def _fetch(
    url: str, deadline: float, max_bytes: int, max_redirects: int, private_redirects: bool | None
) -> Fetched:
    deadline_at = time.monotonic() + deadline
    shown = _shown(url)
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
                    request = _checked_redirect(response, shown, private_redirects)
                finally:
                    response.close()
            raise InputError(f"cannot open {shown}: more than {max_redirects} redirects")
    except httpx.TimeoutException:
        raise _too_slow(url, deadline) from None
    except httpx.ConnectError as error:
        reason = _shown(str(error) or "connection failed", 120)
        raise InputError(f"cannot open {shown}: cannot connect ({reason})") from None
    except httpx.HTTPError as error:
        raise InputError(
            f"cannot open {shown}: {_shown(str(error) or type(error).__name__)}"
        ) from None


def _shown(text: str, limit: int = 200) -> str:
    """A URL (or a message holding one) as shown: one line, no credentials."""
    return one_line(without_credentials(text), limit)


def _checked_redirect(
    response: httpx.Response, shown: str, private_redirects: bool | None
) -> httpx.Request:
    request = response.next_request
    assert request is not None
    target = request.url
    if target.scheme not in ALLOWED_SCHEMES or not target.host:
        where = _shown(str(target))
        raise InputError(f"cannot open {shown}: it redirects to {where}, which is not http(s)")
    if private_redirects is None:
        private_redirects = _is_private(response.url.host)
    if not private_redirects and _is_private(target.host):
        host = one_line(target.host, 100)
        raise InputError(f"cannot open {shown}: it redirects to a private address ({host})")
    return request


def _is_private(host: str) -> bool:
    """Whether ``host`` is, or resolves to, a loopback, private, link-local or reserved address.

    Every address the resolver gives counts, so every spelling of one counts too:
    ``127.1``, ``2130706433``, ``0x7f000001``, ``0``, or a name that resolves there.
    A name that does not resolve is not private (nothing can be reached through it).
    """
    name = host.strip("[]").rstrip(".").lower()
    if name in ("localhost", "localhost.localdomain") or name.endswith(".localhost"):
        return True
    try:
        found = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        return False
    return any(_is_private_address(str(info[4][0])) for info in found)


def _is_private_address(text: str) -> bool:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return True  # not understood: not trusted
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
        or address.is_multicast
    )


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

    def check() -> None:
        if time.monotonic() > deadline_at:
            raise _too_slow(str(response.url), 0)

    encoding = response.headers.get("content-encoding", "")
    try:
        body = read_body(response.iter_raw(_CHUNK), encoding, max_bytes, check)
    except BodyTooLarge:
        raise too_large(shown, max_bytes) from None
    except BodyError as error:  # stacked or unknown encodings, corrupt data
        raise InputError(f"cannot open {shown}: {error}") from None
    return Fetched(without_credentials(str(response.url)), content_type, _charset(params), body)


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _too_slow(url: str, deadline: float) -> InputError:
    within = f" within {deadline:g} s" if deadline else " in time"
    return InputError(f"cannot open {_shown(url)}: it did not arrive{within}")

"""What the article fetcher and the wiki client share about HTTP replies (THREATS §4.2).

- :func:`read_body` joins a reply's raw (still encoded) chunks and inflates them once,
  in bounded steps, so a gzip bomb stops at the byte cap instead of filling memory.
  Only one ``gzip`` or ``deflate`` layer is accepted: stacked or unknown encodings are
  refused before a byte is inflated.
- :func:`without_credentials` takes ``user:password@`` out of every URL before it is shown.
- :func:`user_agent` is the one User-Agent reader sends, to wikis and article sites alike.

No httpx here: callers hand in the chunks (``response.iter_raw()``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata

from reader.sanitize import one_line

PROJECT_URL = "https://github.com/reader-app/reader"
STEP = 64 * 1024
"""Most bytes inflated at once."""

_USERINFO = re.compile(r"(?<![\w+.-])([A-Za-z][\w+.-]*://)[^/?#\s]*@")


class BodyError(Exception):
    """A reply body reader will not take; ``str()`` says why in a few words."""


class UnsupportedEncoding(BodyError):
    """A ``Content-Encoding`` other than one ``gzip`` or ``deflate`` layer."""


class BodyTooLarge(BodyError):
    """The inflated body is over the cap."""


class CorruptBody(BodyError):
    """The compressed body cannot be inflated."""


def user_agent() -> str:
    """``reader/<version> (+<project URL>)``, as Wikimedia's User-Agent policy asks."""
    try:
        version = metadata.version("reader")
    except metadata.PackageNotFoundError:
        version = "0.1.0"
    return f"reader/{version} (+{PROJECT_URL})"


def without_credentials(text: str) -> str:
    """``text`` with the user name and password taken out of every URL in it."""
    return _USERINFO.sub(r"\1", text)


def read_body(
    chunks: Iterable[bytes],
    encoding: str,
    max_bytes: int,
    check: Callable[[], None] | None = None,
) -> bytes:
    """Join the raw ``chunks`` of a reply, inflating its ``Content-Encoding`` once.

    Args:
        chunks: The body as sent (not yet decompressed).
        encoding: The ``Content-Encoding`` header (empty if none).
        max_bytes: Cap on the inflated body.
        check: Called after every chunk (a deadline, a cancellation); may raise.

    Raises:
        UnsupportedEncoding: Stacked or unknown encodings, before reading anything.
        BodyTooLarge: More than ``max_bytes`` once inflated (memory stays near the cap).
        CorruptBody: Compressed data that cannot be inflated.
    """
    inflater = Inflater(encoding)
    body = bytearray()
    for raw in chunks:
        for piece in inflater.feed(raw):
            body += piece
            if len(body) > max_bytes:
                raise BodyTooLarge(f"larger than {max_bytes} bytes")
        if check is not None:
            check()
    return bytes(body)


class Inflater:
    """Inflates one gzip or deflate layer at most :data:`STEP` bytes at a time."""

    def __init__(self, encoding: str) -> None:
        """Choose the decoder for a ``Content-Encoding`` value.

        Raises:
            UnsupportedEncoding: More than one layer, or a layer other than gzip/deflate.
        """
        codings = [c.strip().lower() for c in encoding.split(",")]
        codings = [c for c in codings if c not in ("", "identity")]
        shown = one_line(encoding, 40)
        if len(codings) > 1:
            raise UnsupportedEncoding(f"stacked content encodings {shown!r}")
        if codings and codings[0] not in ("gzip", "x-gzip", "deflate"):
            raise UnsupportedEncoding(f"unsupported content encoding {shown!r}")
        self._raw_fallback = codings == ["deflate"]  # some servers send deflate unwrapped
        # 32 + MAX_WBITS takes gzip and zlib headers alike.
        self._zlib = zlib.decompressobj(32 + zlib.MAX_WBITS) if codings else None

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Inflate ``data`` lazily: each piece is at most :data:`STEP` bytes."""
        if self._zlib is None:
            yield data
            return
        while not self._zlib.eof:
            try:
                piece = self._zlib.decompress(data, STEP)
            except zlib.error:
                if not self._raw_fallback:
                    raise CorruptBody("the compressed body is corrupt") from None
                self._raw_fallback = False
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._raw_fallback = False
            data = self._zlib.unconsumed_tail
            if piece:
                yield piece
            if not data and len(piece) < STEP:  # input used up and nothing held back
                return

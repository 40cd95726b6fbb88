"""reader.web: the bounded inflater and the credential stripper both fetchers share."""

from __future__ import annotations

import gzip
import zlib

import pytest

from reader.web import (
    STEP,
    BodyTooLarge,
    CorruptBody,
    Inflater,
    UnsupportedEncoding,
    read_body,
    without_credentials,
)
from wikifixture import gzip_bomb

TEXT = b"Angela Merkel met Emmanuel Macron in Paris. " * 5000


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("", TEXT),
        ("identity", TEXT),
        ("gzip", gzip.compress(TEXT, mtime=0)),
        ("GZIP ", gzip.compress(TEXT, mtime=0)),
        ("x-gzip", gzip.compress(TEXT, mtime=0)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", _raw_deflate(TEXT)),  # what some servers send as "deflate"
    ],
    # Short ids, the same in every process: pytest-xdist's workers must collect alike.
    ids=["none", "identity", "gzip", "gzip-capitals", "x-gzip", "deflate-zlib", "deflate-raw"],
)
def test_one_layer_is_inflated_exactly(encoding: str, body: bytes) -> None:
    chunks = [body[i : i + 1000] for i in range(0, len(body), 1000)]
    assert read_body(chunks, encoding, len(TEXT)) == TEXT


def test_pieces_stay_small_however_compressible() -> None:
    """Probe case 53: one 200 KB chunk holding 200 MiB comes out in STEP-sized pieces."""
    pieces = Inflater("gzip").feed(gzip_bomb(200 << 20))
    for _ in range(50):
        assert len(next(pieces)) <= STEP


def test_the_cap_stops_a_bomb() -> None:
    with pytest.raises(BodyTooLarge):
        read_body([gzip_bomb(64 << 20)], "gzip", 1 << 20)


@pytest.mark.parametrize("encoding", ["gzip, gzip", "gzip,deflate", "br", "zstd", "compress"])
def test_stacked_and_unknown_encodings_are_refused_before_reading(encoding: str) -> None:
    def never() -> bytes:
        raise AssertionError("read before the encoding was checked")

    with pytest.raises(UnsupportedEncoding, match="content encoding"):
        read_body(iter(never, None), encoding, 100)


def test_corrupt_data_is_reported() -> None:
    with pytest.raises(CorruptBody):
        read_body([b"\x1f\x8b\x08\x00garbage" * 10], "gzip", 10_000)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("http://user:pass@host/x", "http://host/x"),
        ("https://user@host:8443/x?y=1", "https://host:8443/x?y=1"),
        ("http://user:p@ss@host/x", "http://host/x"),  # the last @ ends the userinfo
        ("ftp://u:secret@127.0.0.1/", "ftp://127.0.0.1/"),
        ("http://host/path@not-userinfo", "http://host/path@not-userinfo"),
        ("http://host/?q=a@b", "http://host/?q=a@b"),
        (
            "cannot open http://a:b@h/x: it redirects to https://c:d@i/y",
            "cannot open http://h/x: it redirects to https://i/y",
        ),
        ("notes.txt", "notes.txt"),
    ],
)
def test_credentials_are_taken_out_of_urls(text: str, shown: str) -> None:
    """Probe case 62: the one function every shown URL goes through."""
    assert without_credentials(text) == shown

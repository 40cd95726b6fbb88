"""Bytes to text: BOMs, UTF-8, the cp1252 guess, binary refusal (THREATS checklist 13-19)."""

from __future__ import annotations

import codecs
import gzip

import pytest

from reader.documents.decode import check_not_binary, decode, normalize_newlines, text_codec
from reader.errors import InputError, UsageError

TEXT = "Grüße aus Köln – “Zitat” ☃ 漢字\nsecond line\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), id="utf-32-le-bom"),
        pytest.param(codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), id="utf-32-be-bom"),
    ],
)
def test_unicode_with_or_without_bom_decodes_exactly(data: bytes) -> None:
    decoded = decode(data, name="t")
    assert decoded.text == TEXT  # no stray U+FEFF, nothing replaced
    assert decoded.encoding is None
    assert decoded.notices == ()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"caf\xe9 M\xfcller stra\xdfe\n", "café Müller straße\n"),
        (b"\x93smart quotes\x94 \x96 dash \x80 euro\n", "“smart quotes” – dash € euro\n"),
    ],
    ids=["latin-1", "cp1252"],
)
def test_legacy_text_falls_back_to_cp1252_with_a_notice(data: bytes, expected: str) -> None:
    decoded = decode(data, name="t")
    assert decoded.text == expected
    assert decoded.encoding == "cp1252"
    assert any("cp1252" in notice for notice in decoded.notices)


def test_explicit_encoding_overrides_the_guess() -> None:
    data = "Ελληνικά κείμενο\n".encode("iso-8859-7")
    assert decode(data, name="t").encoding == "cp1252"  # the guess is wrong...
    decoded = decode(data, name="t", encoding="iso-8859-7")  # ...the user knows better
    assert decoded.text == "Ελληνικά κείμενο\n"
    assert decoded.encoding == "iso-8859-7"


def test_explicit_encoding_reads_utf16_without_bom() -> None:
    data = "plain words\n".encode("utf-16-le")
    with pytest.raises(InputError, match="binary"):
        decode(data, name="t")
    assert decode(data, name="t", encoding="utf-16-le").text == "plain words\n"


NOT_CHARSETS = [
    "undefined", "idna", "punycode", "raw_unicode_escape", "unicode-escape",
    "charmap", "rot13", "base64", "zlib", "no-such-codec", "utf-8\x00", "",
]  # fmt: skip
"""Names codecs.lookup may know that are not character sets a document can be in."""


@pytest.mark.parametrize("name", NOT_CHARSETS)
def test_unusable_encoding_from_the_user_is_a_usage_error(name: str) -> None:
    """Probe case 59: idna, punycode, undefined... as ``--encoding`` are refused, not run."""
    with pytest.raises(UsageError, match="unknown text encoding"):
        decode(b"caf\xe9 \\x41\n", name="t", encoding=name)


@pytest.mark.parametrize("name", NOT_CHARSETS)
def test_unusable_declared_charset_falls_back_to_detection(name: str) -> None:
    """Probe case 59: a document declaring idna, punycode... is decoded as if undeclared."""
    decoded = decode(b"caf\xe9 \\x41\n", name="t", declared=name)
    assert decoded.text == "café \\x41\n"
    assert decoded.encoding == "cp1252"
    assert any("declared charset" in notice and "cp1252" in notice for notice in decoded.notices)


@pytest.mark.parametrize(
    ("name", "codec"),
    [("UTF8", "utf-8"), ("latin1", "iso8859-1"), ("Windows-1252", "cp1252"),
     ("iso-8859-7", "iso8859-7"), ("Shift_JIS", "shift_jis"), ("utf-16le", "utf-16-le"),
     ("koi8-r", "koi8-r"), ("GB18030", "gb18030")],
)  # fmt: skip
def test_real_charsets_are_allowed(name: str, codec: str) -> None:
    """Probe case 59: the allow-list keeps every real text encoding, under its aliases."""
    assert text_codec(name) == codec


@pytest.mark.parametrize(
    "bad",
    [b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82"],
    ids=["invalid", "overlong", "surrogate", "truncated"],
)
def test_invalid_utf8_mid_file_is_replaced_with_a_notice(bad: bytes) -> None:
    data = "Grüße aus Köln, ".encode() + bad + " und Straße.\n".encode()
    decoded = decode(data, name="t")
    assert decoded.text.startswith("Grüße aus Köln, \ufffd")
    assert decoded.text.endswith(" und Straße.\n")
    assert decoded.encoding is None
    assert decoded.notices and "UTF-8" in decoded.notices[0]


def test_declared_charset_is_trusted_after_utf8() -> None:
    data = "Ελληνικά\n".encode("iso-8859-7")
    assert decode(data, name="t", declared="iso-8859-7").text == "Ελληνικά\n"
    # Valid UTF-8 wins over a (commonly wrong) declaration.
    assert decode("Grüße\n".encode(), name="t", declared="iso-8859-1").text == "Grüße\n"


def test_a_few_nuls_are_text() -> None:
    data = b"Angela Merkel\x00met Macron\x00 in Paris on Monday.\n"
    assert decode(data, name="t").text == "Angela Merkel\x00met Macron\x00 in Paris on Monday.\n"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (gzip.compress(b"hello " * 100), "gzip"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "ELF"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        ("Hello world, this is UTF-16 text.\n".encode("utf-16-le"), "binary"),
        (b"\x00" * 64, "binary"),
        (bytes(range(256)) * 32, "binary"),
    ],
    ids=["png", "gzip", "elf", "pdf", "utf16-no-bom", "nuls", "random-bytes"],
)
def test_binary_is_refused(data: bytes, kind: str) -> None:
    with pytest.raises(InputError, match=kind):
        decode(data, name="thing.bin")


def test_binary_check_skips_nul_ratio_when_told() -> None:
    check_not_binary(b"a\x00" * 50, "t", sniff_nuls=False)
    with pytest.raises(InputError):
        check_not_binary(b"a\x00" * 50, "t")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\r\nc", "a\nb\nc"),
        ("a\rb\rc\r", "a\nb\nc\n"),
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("a\n\rb", "a\n\nb"),
    ],
    ids=["crlf", "cr-only", "mixed", "lf-cr"],
)
def test_line_endings_become_lf(text: str, expected: str) -> None:
    assert normalize_newlines(text) == expected


@pytest.mark.parametrize(
    "bom", [codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE], ids=["utf-32-le-bom", "utf-32-be-bom"]
)
def test_a_bom_over_bytes_that_are_not_its_encoding_is_refused(bom: bytes) -> None:
    """A UTF-32 byte-order mark, then junk: most of it would be U+FFFD, a text of nothing.
    (UTF-16 reads most junk as characters, which this check cannot tell from text.)"""
    with pytest.raises(InputError, match="byte-order mark but is not"):
        decode(bom + b"ABCDEFGH junk \x01\x02\xff", name="t")


def test_a_bom_over_text_with_a_few_bad_bytes_keeps_the_text() -> None:
    data = codecs.BOM_UTF16_LE + "plain words, then".encode("utf-16-le") + b"\x00\xd8"
    decoded = decode(data, name="t")
    assert decoded.text.startswith("plain words, then") and decoded.notices

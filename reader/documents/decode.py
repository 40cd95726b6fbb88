"""Bytes to text: BOMs, strict UTF-8, a cp1252 guess, and binary detection (THREATS §5.1)."""

from __future__ import annotations

import codecs
import encodings
import pkgutil
import re
from dataclasses import dataclass
from functools import cache

from reader.errors import InputError, UsageError
from reader.sanitize import one_line

FALLBACK_ENCODING = "cp1252"
"""The guess for text that is not UTF-8: a superset of Latin-1 for printable characters."""

SNIFF_BYTES = 8192
"""How much of the start of the input the binary check looks at."""

BINARY_CONTROL_RATIO = 0.10
"""Share of NUL and other non-text control bytes above which the input is binary..."""

BINARY_CONTROL_MIN = 4
"""...provided there are more of them than this (a few NULs in a short text are shown as ␀)."""

NOT_CHARSETS = frozenset(
    {"idna", "punycode", "undefined", "raw-unicode-escape", "unicode-escape", "charmap",
     "mbcs", "oem"}
)  # fmt: skip
"""Text codecs to Python that are no character set a document can be written in: host-name
encodings, escape-sequence interpreters, the codec that always fails, and Windows-only ones."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"BZh91AY&SY", "bzip2-compressed"),
    (b"\xfd7zXZ\x00", "xz-compressed"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"\xcf\xfa\xed\xfe", "an executable (Mach-O)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# C0 controls that never appear in text files; TAB, LF, CR, FF and ESC are left out
# (ESC-laden text is hostile but still text: the sanitiser shows it).
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_UTF16_HINT = " (if it is UTF-16 text without a BOM, give its encoding, e.g. utf-16-le)"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with how it was decoded."""

    text: str
    """The decoded text (line endings and control characters untouched)."""
    encoding: str | None
    """The encoding, when it had to be guessed or was given; ``None`` for UTF-8 and BOMs."""
    notices: tuple[str, ...] = ()
    """Notes for the user (guessed encoding, replaced bytes)."""


def check_not_binary(data: bytes, name: str, *, sniff_nuls: bool = True) -> None:
    """Refuse input that starts with a known binary signature or is full of control bytes.

    Args:
        data: The raw input.
        name: How to name the input in the message.
        sniff_nuls: Whether to apply the control-byte ratio test (off when a BOM or an
            explicit encoding says the NULs belong to the text).

    Raises:
        InputError: The input looks binary.
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name} looks like {kind}, not text")
    if not sniff_nuls:
        return
    sample = data[:SNIFF_BYTES]
    controls = len(_BINARY_BYTES.findall(sample))
    if controls > max(BINARY_CONTROL_MIN, BINARY_CONTROL_RATIO * len(sample)):
        hint = _UTF16_HINT if b"\x00" in sample else ""
        raise InputError(f"{name} looks like a binary file, not text{hint}")


def decode(
    data: bytes, *, name: str, encoding: str | None = None, declared: str | None = None
) -> Decoded:
    """Decode raw input: ``encoding``, else BOM, strict UTF-8, ``declared``, then a cp1252 guess.

    Text that is UTF-8 apart from a few bad sequences keeps UTF-8, with the bad bytes
    replaced by U+FFFD. A leading U+FEFF never reaches the text.

    Args:
        data: The raw input.
        name: How to name the input in messages.
        encoding: An encoding the user chose; overrides everything else.
        declared: An encoding the source declared (HTTP or HTML ``charset``), trusted
            after BOM and strict UTF-8.

    Returns:
        The text and how it was decoded.

    Raises:
        UsageError: ``encoding`` is not a text encoding (see :func:`user_codec`).
        InputError: The input looks binary, or most of it is not the encoding its
            byte-order mark names.
    """
    if encoding is not None:
        codec = user_codec(encoding)
        check_not_binary(data, name, sniff_nuls=False)
        return _decode_as(data, codec, encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            check_not_binary(data, name, sniff_nuls=False)
            text = data.decode(codec, errors="replace").removeprefix("\ufeff")
            if mostly_replacements(text):
                unicode = codec.removesuffix("-sig").upper()
                raise InputError(
                    f"{name} starts with a {unicode} byte-order mark but is not {unicode} text"
                    " (give its encoding with --encoding if it is text)"
                )
            return Decoded(text, None, _replaced_notice(text, codec))
    check_not_binary(data, name)
    try:
        return Decoded(data.decode("utf-8"), None)
    except UnicodeDecodeError:
        pass
    why = "Not UTF-8"
    if declared is not None:
        declared_codec = text_codec(declared)
        if declared_codec is not None:
            return _decode_as(data, declared_codec, declared)
        why += f", and the declared charset {one_line(declared, 40)!r} is not a text encoding"
    text = data.decode("utf-8", errors="replace")
    if _mostly_utf8(text):
        notice = "Invalid UTF-8 bytes were replaced with \ufffd"
        return Decoded(text.removeprefix("\ufeff"), None, (notice,))
    text = data.decode(FALLBACK_ENCODING, errors="replace")
    notice = f"{why}: decoded as {FALLBACK_ENCODING} (a guess; choose another encoding if wrong)"
    return Decoded(text, FALLBACK_ENCODING, (notice,))


def text_codec(name: str) -> str | None:
    """The canonical name of the character set ``name`` stands for, if reader decodes with it.

    The one allow-list for every charset a source names (``--encoding``, HTTP, HTML ``<meta>``,
    XML declarations): the standard library's text encodings, less :data:`NOT_CHARSETS`.
    Bytes-to-bytes codecs (base64, zlib, rot13) and codecs registered by other packages
    are not on it.
    """
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):  # ValueError: an embedded NUL
        return None
    if (
        not getattr(info, "_is_text_encoding", True)
        or info.name in NOT_CHARSETS
        or info.name.replace("-", "_") not in _standard_codecs()
    ):
        return None
    return info.name


def user_codec(encoding: str) -> str:
    """The codec for an encoding the user chose; see :func:`text_codec`.

    Raises:
        UsageError: It is not a text encoding reader decodes with.
    """
    codec = text_codec(encoding)
    if codec is None:
        raise UsageError(
            f"unknown text encoding {one_line(encoding, 40)!r}"
            " (give a character set such as utf-8, cp1252 or utf-16-le)"
        )
    return codec


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line endings into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@cache
def _standard_codecs() -> frozenset[str]:
    """The codec modules of the standard library's ``encodings`` package."""
    return frozenset(module.name for module in pkgutil.iter_modules(encodings.__path__))


def _decode_as(data: bytes, codec: str, given: str) -> Decoded:
    """Decode with a codec :func:`text_codec` allowed (none fails with ``replace``).

    The encoding is reported as the source named it (``given``), made safe to show.
    """
    text = data.decode(codec, errors="replace")
    label = one_line(given, 40)
    return Decoded(text.removeprefix("\ufeff"), label, _replaced_notice(text, label))


def _replaced_notice(text: str, encoding: str) -> tuple[str, ...]:
    if "\ufffd" not in text:
        return ()
    return (f"Some bytes were not valid {encoding} and were replaced with \ufffd",)


def mostly_replacements(text: str) -> bool:
    """Whether a fifth or more of the text's visible characters are U+FFFD: decoded with
    the wrong encoding, or not text."""
    sample = "".join(text[:200_000].split())
    return bool(sample) and sample.count("\ufffd") * 5 >= len(sample)


def _mostly_utf8(text: str) -> bool:
    """Whether text decoded as UTF-8 with replacement is UTF-8 with a few bad bytes.

    Legacy 8-bit text almost never forms valid multi-byte UTF-8 sequences, so a text
    with some of them (and not many more bad bytes) is taken as damaged UTF-8.
    """
    bad = text.count("\ufffd")
    good = sum(1 for char in text if char > "\x7f") - bad
    return good > 0 and 4 * good >= bad

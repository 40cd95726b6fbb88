"""Telling an input's kind from its first bytes, cheaply (the readers load on demand)."""

from __future__ import annotations

import re

EPUB_MAGIC = b"PK\x03\x04"
"""Every EPUB is a ZIP archive..."""
EPUB_MIMETYPE = b"mimetypeapplication/epub+zip"
"""...whose first entry is the ``mimetype`` file (a sniffable signature at offset 30)."""

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_HTML_START = re.compile(
    r"\A\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S
)


def looks_like_epub(data: bytes) -> bool:
    """Whether the bytes start like an EPUB archive."""
    return data.startswith(EPUB_MAGIC) and data[30:58] == EPUB_MIMETYPE


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares: in an XML declaration, or a ``<meta>`` tag near its
    start; ``None`` if none. Unchecked: :func:`reader.documents.decode.decode` vets it."""
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def looks_like_html(text: str) -> bool:
    """Whether text starts like an HTML document (doctype, ``<html>`` or ``<head>``)."""
    return _HTML_START.match(text[:4096]) is not None

"""Loading articles: files, http(s) URLs and stdin, as sanitised plain text.

Every source goes the same way: raw bytes (capped at :data:`MAX_INPUT_BYTES`), then
decoding (BOM, strict UTF-8, cp1252 guess), line endings to LF, the format's reduction
to readable text (Markdown, HTML, EPUB), and last :func:`reader.sanitize.sanitize`, which
replaces control characters one for one. For a clean UTF-8 plain-text file with LF line
endings the text is the file's content, unchanged, so offsets match the file.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Literal, NamedTuple
from urllib.parse import urlsplit

from reader.documents.blocks import Spans, TextTooLong
from reader.documents.decode import decode, normalize_newlines, user_codec
from reader.documents.plain import plain_title
from reader.documents.raw import read_path, read_stream, too_large
from reader.documents.sniff import declared_charset, looks_like_epub, looks_like_html
from reader.errors import InputError
from reader.models import Chapter, Document
from reader.sanitize import one_line, sanitize
from reader.web import without_credentials

__all__ = ["MAX_INPUT_BYTES", "STDIN", "load_document"]

MAX_INPUT_BYTES: int = 10 * 1024 * 1024
"""Cap on an input's raw size (and on the text extracted from it); larger is refused."""

STDIN = "-"
"""The source that means standard input."""

Kind = Literal["plain", "markdown", "html", "epub"]

_SUFFIX_KINDS: dict[str, Kind] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".epub": "epub",
}
_CONTENT_TYPE_KINDS: dict[str, Kind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "application/epub+zip": "epub",
}
_SCHEME = re.compile(r"\A([A-Za-z][A-Za-z0-9+.-]+):")


def load_document(
    source: str,
    *,
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Document:
    """Load an article from a path, an http(s) URL or ``-`` (standard input).

    Args:
        source: A file path, an ``http``/``https`` URL, or ``-``.
        encoding: Decode with this encoding instead of detecting one.
        stdin: The stream ``-`` reads (default: ``sys.stdin.buffer``).
        max_bytes: Cap on the raw input size.

    Returns:
        The sanitised article.

    Raises:
        UsageError: ``encoding`` is not a text encoding.
        InputError: The input is missing, unreadable, empty, binary, too large, of an
            unsupported kind or address, or could not be fetched.
    """
    if encoding is not None:
        user_codec(encoding)  # a usage error is told before any input is read
    if source == STDIN:
        name = "standard input"
        data = read_stream(stdin if stdin is not None else sys.stdin.buffer, name, max_bytes)
        return _from_bytes(data, source, name, None, name, encoding, max_bytes=max_bytes)
    name = one_line(without_credentials(source), 200)  # shown: never a URL's password
    scheme = _SCHEME.match(source)
    if scheme and scheme.group(1).lower() in ("http", "https"):
        from reader.documents.url import is_allowed_url  # httpx: only for web articles

        if is_allowed_url(source):
            return _from_url(source, name, encoding, max_bytes)
    if scheme and not os.path.lexists(source):
        if scheme.group(1).lower() in ("http", "https"):
            raise InputError(f"cannot open {name}: not a valid web address")
        raise InputError(
            f"cannot open {name}: {scheme.group(1).lower()}: addresses are not supported"
            " (only http, https and local files)"
        )
    path = Path(source)
    data = read_path(path, name, max_bytes)
    kind = _SUFFIX_KINDS.get(path.suffix.lower())
    return _from_bytes(
        data, source, name, kind, _title_from_stem(path.stem) or name, encoding, max_bytes=max_bytes
    )


def _title_from_stem(stem: str) -> str:
    """A title from a file name: the name as written, without its suffix
    (``israel-egypt-truce-talks``), never re-cased or re-spaced."""
    return stem.strip()


def _from_url(url: str, name: str, encoding: str | None, max_bytes: int) -> Document:
    from reader.documents.url import fetch

    fetched = fetch(url, max_bytes=max_bytes)
    final = urlsplit(fetched.url)
    path = PurePosixPath(final.path)
    kind = _CONTENT_TYPE_KINDS.get(fetched.content_type)
    if kind is None:
        kind = "markdown" if path.suffix.lower() in (".md", ".markdown") else "plain"
    fallback = path.stem or final.hostname or name
    return _from_bytes(
        fetched.body,
        without_credentials(url),  # the source is shown and printed
        name,
        kind,
        fallback,
        encoding,
        declared=fetched.charset,
        url=fetched.url,
        max_bytes=max_bytes,
    )


def _from_bytes(
    data: bytes,
    source: str,
    name: str,
    kind: Kind | None,
    fallback_title: str,
    encoding: str | None,
    *,
    declared: str | None = None,
    url: str | None = None,
    max_bytes: int,
) -> Document:
    """Turn raw input into a Document, given (or sniffing) its kind."""
    if not data.strip():
        raise InputError(f"{name} is empty")
    if kind == "epub" or (kind is None and looks_like_epub(data)):
        from reader.documents.epub import read_epub

        book = read_epub(data, name, max_text=max_bytes)
        return _document(
            book.text,
            book.title or fallback_title,
            source,
            name,
            None,
            book.notices,
            max_bytes,
            Marks(book.code, book.headings, book.chapters),
        )
    if kind in (None, "html") and declared is None:
        declared = declared_charset(data)
    decoded = decode(data, name=name, encoding=encoding, declared=declared)
    text = normalize_newlines(decoded.text)
    if kind is None:
        kind = "html" if looks_like_html(text) else "plain"
    notices = decoded.notices
    title: str | None = None
    marks = Marks()
    try:  # the readers stop as soon as the text passes the cap
        if kind == "markdown":
            from reader.documents.markdown import render_markdown  # markdown-it: only for Markdown

            rendered = render_markdown(text, limit=max_bytes)
            if rendered is None:
                notices += ("Too large to lay out as Markdown: shown as plain text",)
            else:
                text, title = rendered.text, rendered.first_heading
                marks = Marks(rendered.code, rendered.headings)
        elif kind == "html":
            from reader.documents.html import extract_html

            extracted = extract_html(text, url=url, limit=max_bytes)
            text = normalize_newlines(extracted.text)
            if len(text) == len(extracted.text):  # offsets still hold
                marks = Marks(extracted.code, extracted.headings)
            title = extracted.title or fallback_title
            if extracted.date:
                notices += (f"Dated {extracted.date}",)
            if not text.strip():
                raise InputError(f"{name} has no readable text")
    except TextTooLong:
        raise too_large(f"the text of {name}", max_bytes) from None
    title = title or plain_title(text, fallback_title)
    return _document(text, title, source, name, decoded.encoding, notices, max_bytes, marks)


class Marks(NamedTuple):
    """What a format's reader knows about its text beyond the characters."""

    code: Spans = ()
    """Code: shown, never analysed."""
    headings: Spans = ()
    chapters: tuple[Chapter, ...] = ()


def _document(
    text: str,
    title: str,
    source: str,
    name: str,
    encoding: str | None,
    notices: tuple[str, ...],
    max_bytes: int,
    marks: Marks | None = None,
) -> Document:
    """Check the size, sanitise, refuse an empty result, and build the Document.

    Sanitising replaces characters one for one, so ``marks``' offsets still hold."""
    if len(text) > max_bytes:
        raise too_large(f"the text of {name}", max_bytes)
    text = sanitize(text)
    if not text.strip():
        raise InputError(f"{name} is empty")
    return Document(
        text=text,
        title=one_line(title, 200),
        source=sanitize(source),  # shown in the header and printed: a file name is untrusted
        encoding=encoding,
        notices=tuple(one_line(notice) for notice in notices),
        code=marks.code if marks else (),
        headings=marks.headings if marks else (),
        chapters=tuple(
            Chapter(chapter.start, one_line(chapter.title, 200)) for chapter in marks.chapters
        )
        if marks
        else (),
    )

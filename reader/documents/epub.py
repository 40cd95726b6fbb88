"""EPUB books as plain text: chapters in spine order, read from the ZIP with bounded work.

An EPUB is a ZIP archive, and a ZIP's sizes are whatever its writer claims: a 146 KB
file can unpack to gigabytes. So the archive's directory is sized up before it is
parsed, the members' declared sizes are added up before anything is unpacked, members
are unpacked a step at a time with the bytes counted, and the chapters' text stops at
its limit. The package document, the table of contents and the chapters are parsed
as event streams, keeping no tree.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple
from urllib.parse import unquote

from reader.documents.blocks import Spans, TextTooLong
from reader.documents.decode import decode
from reader.documents.html import FEED_CHARS, page_text
from reader.documents.raw import too_large
from reader.documents.sniff import declared_charset
from reader.errors import InputError
from reader.models import Chapter
from reader.sanitize import one_line

MARKUP_FACTOR = 5
"""The unpacked size allowed, in multiples of the text cap: four for the chapters' markup
(even heavily styled XHTML is rarely three times its text) and one for images and fonts,
which a ZIP cannot shrink, so that they unpack to about the input's own size."""

MAX_MEMBERS = 10_000
"""Most files an archive may hold (a long illustrated book has a few thousand)."""

MAX_DIRECTORY_BYTES = 2 * 1024 * 1024
"""Largest ZIP directory parsed: some 200 bytes for each of :data:`MAX_MEMBERS` files."""

EPUB_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
"""The only compression methods the EPUB specification allows."""

CONTAINER = "META-INF/container.xml"
PACKAGE_TYPE = "application/oebps-package+xml"

_END_RECORD = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_ZIP64_RECORD = struct.Struct("<4sQ2H2L4Q")
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_READ_BYTES = 1024 * 1024


class Book(NamedTuple):
    """An EPUB's text and what is known about it."""

    text: str
    title: str | None
    """The title in the book's metadata (``dc:title``)."""
    notices: tuple[str, ...]
    chapters: tuple[Chapter, ...] = ()
    """Where each chapter starts in :attr:`text`, with its title."""
    code: Spans = ()
    headings: Spans = ()
    """The chapters' titles and headings."""


TOC_SHARE = 0.8
"""A spine page at least this share of whose lines (less one, its heading) are
table-of-contents titles is the book's contents page, not body text..."""

TOC_MIN_LINES = 3
"""...when it lists at least this many of them."""

_LIST_MARKER = re.compile(r"^(?:[•│\s]+|\d+\.\s+)")


def read_epub(
    data: bytes,
    name: str,
    *,
    max_text: int,
    max_unpacked: int | None = None,
    max_members: int = MAX_MEMBERS,
) -> Book:
    """Extract an EPUB's chapters, in reading order, as block-separated text.

    Each chapter's (X)HTML body becomes text; a chapter whose text does not start with
    its table-of-contents title gets that title as its first line. The table of
    contents is not body text: the navigation document, a page the package's guide
    calls the contents, and a page made of the contents' titles are left out.

    Args:
        data: The EPUB file's bytes.
        name: How to name it in messages.
        max_text: The most characters of text.
        max_unpacked: Cap on the bytes unpacked (default: :data:`MARKUP_FACTOR` times
            ``max_text``).
        max_members: Cap on the number of files in the archive.

    Returns:
        The book's text, its title (``None`` if it has none), notices about it, and
        where its chapters, code and headings are.

    Raises:
        InputError: Not a readable EPUB, too large once unpacked, too many files, or
            text longer than ``max_text``.
    """
    if max_unpacked is None:
        max_unpacked = MARKUP_FACTOR * max_text
    try:
        with _Archive(data, name, max_unpacked, max_members) as archive:
            return _read_book(archive, max_text)
    except InputError:
        raise
    except TextTooLong:
        raise too_large(f"the text of {name}", max_text) from None
    except Exception as error:  # zipfile, zlib and lxml raise many types for broken books
        raise InputError(f"{name} is not a readable EPUB ({type(error).__name__})") from None


def _read_book(archive: _Archive, max_text: int) -> Book:
    container = archive.parse(CONTAINER, _Package())
    if container is None or container.package_path is None:
        raise archive.unreadable("no package document")
    package = archive.parse(container.package_path, _Package())
    if package is None:
        raise archive.unreadable("its package document is missing")
    base = posixpath.dirname(container.package_path)
    titles = _toc_titles(archive, package, base)
    contents_pages = {_member(base, href) for href in package.toc_pages}
    pieces: list[str] = []
    chapters: list[Chapter] = []
    code: list[tuple[int, int]] = []
    headings: list[tuple[int, int]] = []
    notices: list[str] = []
    used = 0
    for idref in package.spine:
        item = package.items.get(idref)
        if item is None or "html" not in item.media_type or "nav" in item.properties:
            continue  # the navigation document is the table of contents
        path = _member(base, item.href)
        if path in contents_pages:
            continue
        markup = archive.text(path, notices)
        if markup is None:
            continue
        built = page_text(markup, limit=max_text - used)
        text, shift = built.text, 0
        if _is_contents_page(text, titles.values()):
            continue
        heading = titles.get(path)
        if heading and not text.lstrip().startswith(heading):
            text = f"{heading}\n\n{text}" if text.strip() else heading
            shift = len(heading) + 2 if built.text.strip() else 0
            headings.append((used, used + len(heading)))
        if not text.strip():
            continue
        title = heading or built.first_heading or _first_line(text)
        chapters.append(Chapter(used + len(text) - len(text.lstrip()), title))
        code += [(used + shift + start, used + shift + end) for start, end in built.code]
        headings += [(used + shift + start, used + shift + end) for start, end in built.headings]
        pieces.append(text)
        used += len(text) + 2
        if used > max_text + 2:
            raise TextTooLong
    return Book(
        "\n\n".join(pieces),
        package.title,
        tuple(dict.fromkeys(notices)),
        tuple(chapters),
        tuple(code),
        tuple(headings),
    )


def _is_contents_page(text: str, toc_titles: Iterable[str]) -> bool:
    """Whether a page's text is the book's table of contents: mostly its titles."""
    titles = {title.casefold() for title in toc_titles}
    lines = [_LIST_MARKER.sub("", line).strip().casefold() for line in text.split("\n")]
    lines = [line for line in lines if line]
    listed = sum(1 for line in lines if line in titles)
    # One line may be the page's own heading ("Contents", in whatever language).
    return listed >= TOC_MIN_LINES and listed >= TOC_SHARE * (len(lines) - 1)


def _first_line(text: str) -> str:
    """A chapter's first line, as its title when nothing better names it."""
    return one_line(text.strip().split("\n", 1)[0], 80)


def _toc_titles(archive: _Archive, package: _Package, base: str) -> dict[str, str]:
    """Map each chapter file to its table-of-contents title (EPUB 3 nav, else EPUB 2 NCX)."""
    nav = next((item for item in package.items.values() if "nav" in item.properties), None)
    ncx = package.items.get(package.toc_id or "")
    for item in (nav, ncx):
        if item is None:
            continue
        path = _member(base, item.href)
        toc = archive.parse(path, _Toc(posixpath.dirname(path)), html=item is nav)
        if toc is not None and toc.titles:
            titles: dict[str, str] = toc.titles
            return titles
    return {}


def _member(base: str, href: str) -> str:
    """The archive path of ``href``, relative to the directory ``base``."""
    return posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))


class _Archive:
    """An EPUB's ZIP, opened only if its directory and declared sizes are within the caps."""

    def __init__(self, data: bytes, name: str, max_unpacked: int, max_members: int) -> None:
        self.name = name
        entries, directory_size = _directory(data)
        if entries > max_members or directory_size > MAX_DIRECTORY_BYTES:
            raise InputError(f"{name} holds more than {max_members} files, the limit for one book")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise self.unreadable("not a ZIP archive") from None
        infos = self._zip.infolist()
        if len(infos) > max_members:
            raise InputError(f"{name} holds more than {max_members} files, the limit for one book")
        if any(info.compress_type not in EPUB_METHODS for info in infos):
            # bzip2 and LZMA unpack whole chunks at once, however small the reads.
            raise self.unreadable("compressed other than as EPUB allows (stored or deflate)")
        self._max_unpacked = self._left = max_unpacked
        if sum(info.file_size for info in infos) > max_unpacked:
            raise self.too_big()

    def __enter__(self) -> _Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._zip.close()

    def read(self, path: str) -> bytes | None:
        """A member's bytes (``None`` if missing), unpacked in steps and counted."""
        try:
            info = self._zip.getinfo(path)
        except KeyError:
            return None
        chunks: list[bytes] = []
        with self._zip.open(info) as stream:
            while chunk := stream.read(_READ_BYTES):  # in steps: declared sizes may lie
                self._left -= len(chunk)
                if self._left < 0:
                    raise self.too_big()
                chunks.append(chunk)
        return b"".join(chunks)

    def text(self, path: str, notices: list[str]) -> str | None:
        """A member decoded like any input: BOM, UTF-8, its declared charset, a guess."""
        data = self.read(path)
        if data is None:
            return None
        shown = f"{self.name} ({one_line(path, 80)})"
        decoded = decode(data, name=shown, declared=declared_charset(data))
        notices.extend(decoded.notices)
        return decoded.text

    def parse(self, path: str, target: Any, *, html: bool = False) -> Any:
        """Parse a member (XML, or HTML) into a parser ``target``; ``None`` if missing."""
        from lxml import etree

        markup = self.text(path, [])
        if markup is None:
            return None
        if html:
            parser: Any = etree.HTMLParser(target=target, no_network=True)
        else:
            parser = etree.XMLParser(target=target, resolve_entities=False, recover=True)
        for start in range(0, len(markup), FEED_CHARS):  # text: its declared charset is moot
            parser.feed(markup[start : start + FEED_CHARS])
        return parser.close()

    def unreadable(self, why: str) -> InputError:
        """The error for a book that is not a readable EPUB."""
        return InputError(f"{self.name} is not a readable EPUB ({why})")

    def too_big(self) -> InputError:
        """The error for a book that unpacks to more than the cap."""
        limit = f"{self._max_unpacked / (1024 * 1024):g} MB"
        return InputError(f"{self.name} unpacks to more than {limit}, the limit for one book")


def _directory(data: bytes) -> tuple[int, int]:
    """The entry count and directory size a ZIP's end record declares, found as zipfile does.

    zipfile parses the whole directory when it opens an archive, whatever its size;
    this looks first. ``(0, 0)`` when there is no end record (zipfile then refuses it).
    """
    at = len(data) - _END_RECORD.size
    if data[at : at + 4] != _END_SIGNATURE or data[-2:] != b"\0\0":
        at = data.rfind(_END_SIGNATURE, max(0, at - (1 << 16)))
    if at < 0 or len(data) < at + _END_RECORD.size:
        return 0, 0
    *_, entries, size, _offset, _comment = _END_RECORD.unpack_from(data, at)
    record = at - _ZIP64_LOCATOR_SIZE - _ZIP64_RECORD.size  # zipfile prefers a ZIP64 record
    if record >= 0 and data[at - _ZIP64_LOCATOR_SIZE : at - 16] == _ZIP64_LOCATOR_SIGNATURE:
        *_, entries64, size64, _offset = _ZIP64_RECORD.unpack_from(data, record)
        entries, size = max(entries, entries64), max(size, size64)
    return entries, size


class _Item(NamedTuple):
    """A file the package document lists."""

    href: str
    media_type: str
    properties: tuple[str, ...]


class _Package:
    """A parser target collecting the package document's path (from ``container.xml``),
    or the book's title, manifest and spine (from the package document)."""

    def __init__(self) -> None:
        self.package_path: str | None = None
        self.title: str | None = None
        self.items: dict[str, _Item] = {}
        """The manifest, by id."""
        self.spine: list[str] = []
        self.toc_id: str | None = None
        self.toc_pages: list[str] = []
        """The guide's table-of-contents pages (EPUB 2 ``<reference type="toc">``)."""
        self._title: list[str] | None = None

    def start(self, tag: str, attrib: Mapping[str, str], nsmap: object = None) -> None:
        name = tag.rsplit("}", 1)[-1]
        get = attrib.get
        if name == "rootfile" and get("media-type") == PACKAGE_TYPE and self.package_path is None:
            self.package_path = posixpath.normpath(get("full-path") or ".")
        elif name == "item" and get("id") and get("href"):
            item = _Item(
                get("href", ""), get("media-type", ""), tuple(get("properties", "").split())
            )
            self.items.setdefault(get("id", ""), item)
        elif name == "itemref" and get("idref"):
            self.spine.append(get("idref", ""))
        elif name == "spine":
            self.toc_id = get("toc")
        elif name == "reference" and get("type") == "toc" and get("href"):
            self.toc_pages.append(get("href", ""))
        elif name == "title" and self.title is None:
            self._title = []

    def data(self, text: str) -> None:
        if self._title is not None:
            self._title.append(text)

    def end(self, tag: str) -> None:
        if self._title is not None and tag.rsplit("}", 1)[-1] == "title":
            self.title = " ".join("".join(self._title).split()) or None
            self._title = None

    def close(self) -> _Package:
        return self


class _Toc:
    """A parser target mapping each chapter file to its title: the links of an EPUB 3
    nav document's table of contents (``<nav epub:type="toc">``), or an NCX's navMap."""

    def __init__(self, base: str) -> None:
        self.titles: dict[str, str] = {}
        self._base = base
        self._depth = 0
        self._href: str | None = None
        self._text: list[str] | None = None
        self._label = ""

    def start(self, tag: str, attrib: Mapping[str, str], nsmap: object = None) -> None:
        name = tag.rsplit("}", 1)[-1]
        if self._depth:
            self._depth += 1
        elif name == "navMap" or (
            name == "nav" and any("toc" in value.split() for value in attrib.values())
        ):
            self._depth = 1
        if not self._depth:
            return
        if name == "a" and attrib.get("href"):
            self._href, self._text = attrib["href"], []
        elif name == "text":
            self._text = []
        elif name == "content" and attrib.get("src"):
            self._add(attrib["src"], self._label)

    def data(self, text: str) -> None:
        if self._text is not None:
            self._text.append(text)

    def end(self, tag: str) -> None:
        name = tag.rsplit("}", 1)[-1]
        self._depth = max(0, self._depth - 1)
        if self._text is None or name not in ("a", "text"):
            return
        label = " ".join("".join(self._text).split())
        if name == "a" and self._href is not None:
            self._add(self._href, label)
            self._href = None
        self._label, self._text = label, None

    def close(self) -> _Toc:
        return self

    def _add(self, href: str, title: str) -> None:
        if title:
            self.titles.setdefault(_member(self._base, href), title)

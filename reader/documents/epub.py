"""EPUB books as plain text: chapters in spine order, read with ebooklib."""

from __future__ import annotations

import io
import posixpath
import warnings
import zipfile
from typing import Any

from reader.documents.html import document_text
from reader.errors import InputError

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
"""Cap on the archive's total uncompressed size (a ZIP bomb guard)."""


def read_epub(
    data: bytes, name: str, *, max_unpacked: int = MAX_UNPACKED_BYTES
) -> tuple[str, str | None]:
    """Extract an EPUB's chapters, in reading order, as block-separated text.

    Each chapter's (X)HTML body becomes text; a chapter whose text does not start with
    its table-of-contents title gets that title as its first line.

    Args:
        data: The EPUB file's bytes.
        name: How to name it in messages.
        max_unpacked: Cap on the archive's total uncompressed size.

    Returns:
        The book's text and its title (``None`` if it has none).

    Raises:
        InputError: Not a readable EPUB, or too large once unpacked.
    """
    _check_archive(data, name, max_unpacked)
    try:
        book = _load(data)
        toc_titles = _toc_titles(book.toc)
        chapters: list[str] = []
        for idref, *_linear in book.spine:
            item = book.get_item_with_id(idref)
            if item is None:
                continue
            text, _title = document_text(item.get_content())
            heading = toc_titles.get(posixpath.normpath(item.get_name()))
            if heading and not text.lstrip().startswith(heading):
                text = f"{heading}\n\n{text}" if text.strip() else heading
            if text.strip():
                chapters.append(text)
        title_entries = book.get_metadata("DC", "title")
    except InputError:
        raise
    except Exception as error:  # ebooklib and lxml raise many types for broken books
        raise InputError(f"{name} is not a readable EPUB ({type(error).__name__})") from None
    title = str(title_entries[0][0]).strip() if title_entries else None
    return "\n\n".join(chapters), title or None


def _check_archive(data: bytes, name: str, max_unpacked: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(f"{name} is not a readable EPUB (not a ZIP archive)") from None
    if unpacked > max_unpacked:
        limit = f"{max_unpacked / (1024 * 1024):g} MB"
        raise InputError(f"{name} unpacks to more than {limit}, the limit for one book")


def _load(data: bytes) -> Any:
    from ebooklib import epub

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ebooklib warns about future defaults
        return epub.read_epub(io.BytesIO(data), {"ignore_ncx": True})


def _toc_titles(toc: Any) -> dict[str, str]:
    """Map each chapter file named in the table of contents to its title."""
    from ebooklib import epub

    titles: dict[str, str] = {}
    pending = list(toc or ())
    while pending:
        entry = pending.pop(0)
        if isinstance(entry, tuple | list):
            section, children = entry[0], entry[1]
            pending[:0] = [section, *children]
            continue
        href = getattr(entry, "href", None)
        title = getattr(entry, "title", None)
        if href and title and not isinstance(entry, epub.EpubHtml):
            path = posixpath.normpath(href.split("#", 1)[0])
            titles.setdefault(path, " ".join(str(title).split()))
    return titles

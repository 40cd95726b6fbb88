"""The search bar: find text in the article, then step through the matches."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

SINGLE_QUOTES = "'‘’‚‛′`´ʼ"
"""Apostrophes and single quotes: any one finds the others."""
DOUBLE_QUOTES = '"“”„‟″«»'
"""Double quotes."""
DASHES = "-‐‑‒–—―−﹘﹣－"
"""Hyphens, dashes and the minus sign."""
_COMBINING = "[\u0300-\u036f]*"
"""Accents written as separate combining marks after a letter."""


def _base(char: str) -> str:
    """``char`` without its accents, case-folded (``É`` -> ``e``)."""
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=4)
def _accented(text: str) -> dict[str, str]:
    """For each plain letter, the accented forms of it that ``text`` uses (``e`` -> ``éÉè``).

    Cached: the reader types a search a letter at a time over the same text (a string's
    hash is computed once, so the lookup is cheap even for a book)."""
    forms: dict[str, str] = {}
    for char in set(text):
        if ord(char) > 127:
            base = _base(char)
            if len(base) == 1 and base != char.casefold():
                forms[base] = forms.get(base, "") + char
    return forms


def search_pattern(text: str, query: str) -> re.Pattern[str]:
    """A pattern finding ``query`` in ``text`` loosely: any case; straight and curly quotes
    alike; hyphens and dashes alike; letters with or without accents ("Leon" finds "Léon",
    and "Léon" finds "Leon"); any run of white space for a space."""
    accented = _accented(text)
    parts: list[str] = []
    for char in "".join(_base(c) if c.isalpha() else c for c in query):
        if char.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif char in SINGLE_QUOTES:
            parts.append(f"[{re.escape(SINGLE_QUOTES)}]")
        elif char in DOUBLE_QUOTES:
            parts.append(f"[{re.escape(DOUBLE_QUOTES)}]")
        elif char in DASHES:
            parts.append(f"[{re.escape(DASHES)}]")
        elif char.isalpha() and char in accented:
            parts.append(f"[{re.escape(char + accented[char])}]{_COMBINING}")
        elif char.isalpha():
            parts.append(re.escape(char) + _COMBINING)
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE)


def find_matches(text: str, query: str) -> list[tuple[int, int]]:
    """Every occurrence of ``query`` in ``text`` (literal, not a pattern; loose as
    :func:`search_pattern` says), as exact offsets into ``text``. All of them: the count
    is never capped."""
    if not query.strip():
        return []
    return [match.span() for match in search_pattern(text, query).finditer(text)]


class SearchBar(Input):
    """An input docked under the article; Enter jumps to the first match, Escape closes it."""

    DEFAULT_CSS = """
    SearchBar {
        dock: bottom;  /* under the article, above the status line and the footer */
    }
    """

    BINDINGS = [Binding("escape", "close", "Close search", show=False)]

    class Closed(Message):
        """The reader closed the search bar."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(placeholder="Search the article…", id=id)

    def action_close(self) -> None:
        """Hide the bar and hand the keys back to the article."""
        self.post_message(self.Closed())

"""The search bar: find text in the article, then step through the matches."""

from __future__ import annotations

import re
from functools import lru_cache

from textual.binding import Binding
from textual.message import Message

from reader.folding import unaccented
from reader.ui.widgets.ordered_input import OrderedInput

SINGLE_QUOTES = "'‘’‚‛′`´ʼ"
"""Apostrophes and single quotes: any one finds the others."""
DOUBLE_QUOTES = '"“”„‟″«»'
"""Double quotes."""
DASHES = "-‐‑‒–—―−﹘﹣－"
"""Hyphens, dashes and the minus sign."""
_COMBINING = "[\u0300-\u036f]*"
"""Accents written as separate combining marks after a letter."""


@lru_cache(maxsize=4)
def _accented(text: str) -> dict[str, str]:
    """For each plain letter, the accented forms of it that ``text`` uses (``e`` -> ``éÉè``).

    Cached: the reader types a search a letter at a time over the same text (a string's
    hash is computed once, so the lookup is cheap even for a book)."""
    forms: dict[str, str] = {}
    for char in set(text):
        if ord(char) > 127:
            base = unaccented(char)
            if len(base) == 1 and base != char.casefold():
                forms[base] = forms.get(base, "") + char
    return forms


_SEPARATOR = rf"(?:\s*[{re.escape(DASHES)}]\s*|\s+)"
"""A hyphen or dash (with or without spaces around it), or a run of white space."""
_JOIN = f"{_SEPARATOR}?"
"""Where a query joins words or parts of a word: a separator, or none ("cease fire",
"cease-fire" and "ceasefire" find each other)."""


_QUOTE = f"[{re.escape(SINGLE_QUOTES)}]"
"""Any single quote or apostrophe, straight or curly."""
_APOSTROPHE = f"{_QUOTE}?"
"""An apostrophe after a letter, there or not ("oneills" finds "O'Neill's")."""


def search_pattern(text: str, query: str) -> re.Pattern[str]:
    """A pattern finding ``query`` in ``text`` loosely: any case; straight and curly quotes
    alike; letters with or without accents ("Leon" finds "Léon", and "Léon" finds "Leon");
    words written apart, hyphenated or joined alike ("cease fire", "cease-fire" and
    "ceasefire" find each other; any run of white space or a dash for a space or a dash);
    an apostrophe after a letter may be there or not ("botolphs" and "botolph's" find
    "Botolph's" and "Botolphs"). White space or dashes at the query's ends must be there."""
    accented = _accented(text)
    parts: list[str] = []
    core = query.strip(" \t\n" + DASHES)
    head = query[: len(query) - len(query.lstrip(" \t\n" + DASHES))]
    tail = query[len(head) + len(core) :]
    if not core:  # only dashes (and spaces): find the dashes
        return re.compile(f"[{re.escape(DASHES)}]" if head.strip() else r"\s+")
    if head:
        parts.append(_SEPARATOR)
    previous = ""
    for char in "".join(unaccented(c) if c.isalpha() else c for c in core):
        if char.isspace() or char in DASHES:
            if parts and parts[-1] != _JOIN:
                parts.append(_JOIN)
            previous = ""
            continue
        after_letter = previous.isalnum()
        if after_letter and char.isalnum():
            parts.append(_JOIN + _APOSTROPHE)  # "botolphs" finds "Botolph's"
        previous = char
        if char in SINGLE_QUOTES:
            parts.append(_APOSTROPHE if after_letter else _QUOTE)
        elif char in DOUBLE_QUOTES:
            parts.append(f"[{re.escape(DOUBLE_QUOTES)}]")
        elif char.isalpha() and char in accented:
            parts.append(f"[{re.escape(char + accented[char])}]{_COMBINING}")
        elif char.isalpha():
            parts.append(re.escape(char) + _COMBINING)
        else:
            parts.append(re.escape(char))
    if tail:
        parts.append(_SEPARATOR)
    return re.compile("".join(parts), re.IGNORECASE)


def find_matches(text: str, query: str) -> list[tuple[int, int]]:
    """Every occurrence of ``query`` in ``text`` (literal, not a pattern; loose as
    :func:`search_pattern` says), as exact offsets into ``text``. All of them: the count
    is never capped."""
    if not query.strip():
        return []
    return [match.span() for match in search_pattern(text, query).finditer(text)]


class SearchBar(OrderedInput):
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

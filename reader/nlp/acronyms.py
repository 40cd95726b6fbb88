"""Acronyms defined in brackets, found with the Schwartz–Hearst algorithm.

A. Schwartz and M. Hearst, "A simple algorithm for identifying abbreviation definitions
in biomedical text", Pacific Symposium on Biocomputing 2003. A definition is a long
form followed by its short form in brackets, "Bureau of Meteorology (BOM)", or the
reverse, "NATO (North Atlantic Treaty Organization)". The long form is the shortest
run of words before the bracket, at most ``min(len(short) + 5, 2 * len(short))`` words,
that holds the short form's letters and digits in order, the first one opening a word.
Unlike the paper (written for biomedical text), function words ("of", "and", "for",
:func:`function_words`) are not counted against that limit: names of bodies are full of
them, "International Association of Machinists and Aerospace Workers (IAM)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reader.wordlists import word_set

_BRACKETED = re.compile(r"\(([^()\n]{1,120})\)")
_CLAUSE_END = re.compile(r"[.;:!?\n()\[\]]|,\s")
_WORD = re.compile(r"\S+")
MAX_SHORT = 10
"""Characters of a short form at most."""


@dataclass(frozen=True, slots=True)
class Definition:
    """One acronym and the long form it stands for, as offsets into the text."""

    long_start: int
    long_end: int
    short_start: int
    short_end: int


@cache
def function_words() -> frozenset[str]:
    """Words left out of a name's initials ("Federal Bureau of Investigation" -> "FBI")
    and not counted in a long form's length (``function_words.txt``)."""
    return word_set("reader.nlp", "function_words.txt")


def is_short_form(candidate: str) -> bool:
    """Whether ``candidate`` can be a short form: two to ten characters, at most two words,
    opening with a letter or digit, holding a letter, with two capitals ("BoM", "NATO")."""
    return (
        2 <= len(candidate) <= MAX_SHORT
        and len(candidate.split()) <= 2
        and candidate[0].isalnum()
        and any(char.isalpha() for char in candidate)
        and sum(char.isupper() for char in candidate) >= 2
    )


def best_long_form(short: str, long: str) -> int | None:
    """Where in ``long`` the long form of ``short`` starts, or ``None``.

    The short form's letters and digits are matched right to left, each to the nearest
    same character (any case) further left in ``long``; its first one must open a word.
    """
    index = len(long) - 1
    for position in range(len(short) - 1, -1, -1):
        char = short[position].lower()
        if not char.isalnum():
            continue
        while index >= 0 and (
            long[index].lower() != char
            or (position == 0 and index > 0 and long[index - 1].isalnum())
        ):
            index -= 1
        if index < 0:
            return None
        index -= 1
    return long.rfind(" ", 0, index + 1) + 1


def find_definitions(text: str) -> list[Definition]:
    """Every bracketed acronym definition in ``text``, in order."""
    found: list[Definition] = []
    for match in _BRACKETED.finditer(text):
        inner = match.group(1).strip()
        inner_start = match.start(1) + match.group(1).index(inner)
        before = _clause_before(text, match.start())
        if is_short_form(inner):
            long = _long_form(inner, text, before, match.start())
            if long is not None:
                found.append(Definition(*long, inner_start, inner_start + len(inner)))
            continue
        short = _WORD.findall(text[before : match.start()])[-1:]  # "NATO (North Atlantic ...)"
        if short and is_short_form(short[0]) and len(inner.split()) > 1:
            short_end = text.rindex(short[0], before, match.start()) + len(short[0])
            inner_end = inner_start + len(inner)
            if best_long_form(short[0], inner) == 0:
                found.append(
                    Definition(inner_start, inner_end, short_end - len(short[0]), short_end)
                )
    return found


def _clause_before(text: str, end: int) -> int:
    """Where the clause that ends at ``end`` starts (after the last stop, colon or comma)."""
    start = max(0, end - 300)
    stops = list(_CLAUSE_END.finditer(text, start, end))
    return stops[-1].end() if stops else start


def _long_form(short: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The long form of ``short`` among the words of ``text[start:end]``, as offsets."""
    words = list(_WORD.finditer(text, start, end))
    limit = min(len(short) + 5, 2 * len(short))
    counted = 0
    for first in range(len(words) - 1, -1, -1):
        counted += words[first].group() not in function_words()
        if counted > limit:
            words = words[first + 1 :]
            break
    if not words:
        return None
    window_start, window_end = words[0].start(), words[-1].end()
    window = text[window_start:window_end]
    offset = best_long_form(short, window)
    if offset is None:
        return None
    long = window[offset:]
    if len(long) <= len(short) or short.lower() in long.lower().split():
        return None
    return window_start + offset, window_end

"""Matching a typed query against a name, as a reader narrowing a list of names expects.

A query matches a name when its words start words of the name ("ism han", "Haniyeh"),
when it occurs in the name ("niye"), when it spells the initials of the name's words
("bn"), or when each of its words abbreviates a word of the name, starting with that
word's first letter ("kng ab"). Letters scattered over the name do not match: "Hay" is
not "Lee Charnley" (Textual's fuzzy matcher would list it). Case and accents never
matter ("leon" finds "Léon").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from reader.folding import unaccented

_WORD = re.compile(r"[^\W_]+")
"""A word: a run of letters and digits (hyphens, dots and apostrophes divide words)."""


class Fit(IntEnum):
    """How a query matches a name, best last."""

    NONE = 0
    ABBREVIATION = 1
    """Each query word abbreviates a name word: its letters in order, the first first."""
    INITIALS = 2
    """The query spells the first letters of consecutive words of the name."""
    SUBSTRING = 3
    """The query occurs in the name."""
    WORD_PREFIX = 4
    """Each query word starts a different word of the name."""
    WHOLE = 5
    """The query is the name."""


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How well a query matches a name, and where."""

    fit: Fit
    at_start: bool
    """Whether the match begins with the name's first letter."""
    offsets: tuple[int, ...]
    """The matched characters, as offsets into the name as given."""

    def __bool__(self) -> bool:
        return self.fit is not Fit.NONE

    @property
    def rank(self) -> tuple[int, bool]:
        """Sort key, best highest: the kind of match, then a match from the start."""
        return int(self.fit), self.at_start


NO_MATCH = NameMatch(Fit.NONE, False, ())


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` case-folded and without accents, and for each of its characters the
    offset in ``text`` of the character it came from (``ß`` gives two)."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for part in unaccented(char):
            folded.append(part)
            origin.append(index)
    return "".join(folded), origin


def match_name(query: str, name: str) -> NameMatch:
    """How ``query`` matches ``name`` (see the module's docstring); :data:`NO_MATCH` if
    it does not. An empty query matches nothing."""
    wanted = " ".join(_WORD.findall(fold(query)[0]))
    if not wanted:
        return NO_MATCH
    text, origin = fold(name)
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    found = (
        _whole(wanted, text, words)
        or _word_prefixes(wanted, text, words)
        or _substring(wanted, text, words)
        or _initials(wanted, text, words)
        or _abbreviation(wanted, text, words)
    )
    if found is None:
        return NO_MATCH
    fit, positions = found
    start = words[0][0] if words else 0
    offsets = tuple(sorted({origin[p] for p in positions}))
    return NameMatch(fit, bool(positions) and min(positions) == start, offsets)


_Found = tuple[Fit, list[int]] | None


def _whole(wanted: str, text: str, words: list[tuple[int, int]]) -> _Found:
    """The query's words are the name's words."""
    if wanted == " ".join(text[s:e] for s, e in words):
        return Fit.WHOLE, [p for s, e in words for p in range(s, e)]
    return None


def _word_prefixes(wanted: str, text: str, words: list[tuple[int, int]]) -> _Found:
    """Each query word starts a different name word (the first free one, in order)."""
    free = list(words)
    positions: list[int] = []
    for part in wanted.split(" "):
        start = next((s for s, _ in free if text.startswith(part, s)), None)
        if start is None:
            return None
        free = [(s, e) for s, e in free if s != start]
        positions.extend(range(start, start + len(part)))
    return Fit.WORD_PREFIX, positions


def _substring(wanted: str, text: str, words: list[tuple[int, int]]) -> _Found:
    """The query, spaces as any separator, occurs in the name."""
    pattern = r"[\W_]+".join(re.escape(part) for part in wanted.split(" "))
    found = re.search(pattern, text)
    if found is None:
        return None
    return Fit.SUBSTRING, [p for p in range(found.start(), found.end()) if text[p].isalnum()]


def _initials(wanted: str, text: str, words: list[tuple[int, int]]) -> _Found:
    """The query, two letters or more, is the initials of consecutive name words."""
    letters = wanted.replace(" ", "")
    initials = "".join(text[s] for s, _ in words)
    at = initials.find(letters) if len(letters) >= 2 else -1
    if at < 0:
        return None
    return Fit.INITIALS, [s for s, _ in words[at : at + len(letters)]]


def _abbreviation(wanted: str, text: str, words: list[tuple[int, int]]) -> _Found:
    """Each query word is a name word's first letter then some of its other letters, in
    order; the query words take different name words, in order."""
    positions: list[int] = []
    remaining = iter(words)
    for part in wanted.split(" "):
        for start, end in remaining:
            taken = _letters_in(part, text, start, end)
            if taken is not None:
                positions.extend(taken)
                break
        else:
            return None
    return Fit.ABBREVIATION, positions


def _letters_in(part: str, text: str, start: int, end: int) -> list[int] | None:
    """Where ``part``'s letters occur in order in ``text[start:end]``, its first letter
    at ``start``; ``None`` if they do not."""
    if not text.startswith(part[0], start):
        return None
    taken = [start]
    at = start + 1
    for letter in part[1:]:
        at = text.find(letter, at, end)
        if at < 0:
            return None
        taken.append(at)
        at += 1
    return taken

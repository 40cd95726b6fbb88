"""Cutting a headline in capitals that the model read as one name into the names in it.

The model reads a headline in capitals in title case (``unshout``) and often runs a name
into the words around it: "KENT MADE TO SWEAT", "LYNAGH SEALS VICTORY", "ENGLAND BEAT
MOLDOVA" come back as one name each. The article's own text says where the names are:
it writes them in mixed case elsewhere ("Kent", "Moldova"), and the model tagged them
there. A span in capitals that the text never writes as one name is cut into the longest
names it does write, and the words between them are left out.
"""

from __future__ import annotations

import re

from reader.nlp.repairs import nationalities
from reader.nlp.rules import active

Span = tuple[int, int, str]

_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s")
_NATIONALITY_LABELS = frozenset({"NORP", "LANGUAGE"})


def _key(surface: str) -> str:
    """``surface`` in capitals with single spaces: how a headline would write it."""
    return " ".join(surface.upper().split())


def _in_capitals(surface: str) -> bool:
    return not any(char.islower() for char in surface) and any(c.isupper() for c in surface)


def _nationality(surface: str, label: str) -> bool:
    return label in _NATIONALITY_LABELS or surface.title() in nationalities()


def headline_pieces(text: str, spans: list[Span]) -> list[Span]:
    """Cut each span in capitals of two words or more into the names the text knows.

    Args:
        text: The document text.
        spans: Sorted, non-overlapping ``(start, end, label)``.

    Returns:
        The spans, with such a span replaced by the pieces that the text's other spans
        name in mixed case (each with the label of the name it matches). A span with no
        such piece, or that the text writes whole, stays. So does one that a nationality opens
        ("ENGLISH COUNTY CHAMPIONSHIP" where only "English" is known): the nationality
        begins a longer name there.
    """
    if not active("headline-pieces"):
        return spans
    shouted = [
        index
        for index, (start, end, _) in enumerate(spans)
        if text[start:end].isupper() and _SPACE.search(text, start, end)
    ]
    if not shouted:
        return spans
    labels: dict[str, str] = {}  # each surface, with the label it first had
    for start, end, label in spans:
        labels.setdefault(text[start:end], label)
    known = {
        _key(surface): label
        for surface, label in labels.items()
        if not surface.isupper() and not surface.islower() and surface.upper() != surface.lower()
    }
    result = list(spans)
    for index in reversed(shouted):
        result[index : index + 1] = _pieces(text, spans[index], known)
    return result


def _pieces(text: str, span: Span, known: dict[str, str]) -> list[Span]:
    start, end, label = span
    surface = text[start:end]
    if not _in_capitals(surface) or _key(surface) in known:
        return [span]
    words = [(start + m.start(), start + m.end()) for m in _WORD.finditer(surface)]
    if len(words) < 2:
        return [span]
    pieces: list[Span] = []
    index = 0
    while index < len(words):
        for last in range(len(words), index, -1):
            piece_start, piece_end = words[index][0], words[last - 1][1]
            piece_label = known.get(_key(text[piece_start:piece_end]))
            if piece_label is not None:
                if last < len(words) and _nationality(text[piece_start:piece_end], piece_label):
                    return [span]  # a nationality opens a longer name
                pieces.append((piece_start, piece_end, piece_label))
                index = last
                break
        else:
            index += 1
    return pieces or [span]

"""Datelines: the place a news story was filed from, in capitals at the head of a story.

A dateline is a place written in capitals at the start of a paragraph or sentence,
optionally followed by ", Region", then by a date or an agency in brackets and a dash::

    OSLO 2031-04-02 ...
    QUITO , Ecuador 2031-04-02 ...
    WASHINGTON, Dec. 1 ...
    LONDON (Reuters) - ...

The place (and the region) are places (GPE). A date or an agency is required: a word in
capitals before a dash alone is as often a section label ("SOCCER - ...").

The rule is a spaCy pipeline component (:class:`Datelines`), added after ``ner`` by
:func:`add_datelines`; it finds candidates with a :class:`~spacy.matcher.Matcher` and
adds their places to ``doc.ents`` in place of the model's entities they overlap. spaCy
is imported only when the component is built.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from reader.nlp.rules import active
from reader.wordlists import entries

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

DATELINES = "reader_datelines"
"""The component's factory name in spaCy's registry."""

LABEL = "GPE"
GROUP = "datelines"
"""The component's rule group (:mod:`reader.nlp.rules`), also the id of the spans it adds."""

_CAPITALS = re.compile(r"^[A-Z][A-Z'’&.]*$")
"""A word in capitals ("BONN", "U.S.", "O'HARE")."""
_PLACE_TOKEN = r"^(?:[A-Z][A-Z'’&.]*|[-.])$"
"""A token of a place in capitals: a word, or a hyphen or period joining two words."""
_REGION_TOKEN = r"^[A-Z][A-Za-z'’&.-]*$"
_DAY = r"^(?:[1-9]|[0-2]\d|3[01])$"
_SENTENCE_END = frozenset({".", "!", "?", "...", "…", '"', "”", "’", "'"})
_DASHES = ["-", "–", "—", "--"]


@cache
def month_names() -> frozenset[str]:
    """Month names and abbreviations in lower case, with and without a final period."""
    words = entries("reader.nlp", "month_names.txt")
    return frozenset(words) | frozenset(word + "." for word in words)


def _patterns() -> list[list[dict[str, Any]]]:
    """Matcher patterns: a place in capitals, an optional region, then a date or agency."""
    months = sorted(month_names())
    place: list[dict[str, Any]] = [
        {"TEXT": {"REGEX": _CAPITALS.pattern}},
        {"TEXT": {"REGEX": _PLACE_TOKEN}, "OP": "{0,4}"},
    ]
    region: dict[str, Any] = {
        "TEXT": {"REGEX": _REGION_TOKEN},
        "LOWER": {"NOT_IN": months},
        "OP": "{1,3}",
    }
    middles: list[list[dict[str, Any]]] = [
        [],
        [{"ORTH": ","}],
        [{"ORTH": ","}, region],
        [{"ORTH": ","}, region, {"ORTH": ","}],
    ]
    dates: list[list[dict[str, Any]]] = [
        [{"SHAPE": "dddd"}, {"ORTH": "-"}, {"SHAPE": "dd"}, {"ORTH": "-"}, {"SHAPE": "dd"}],
        [{"LOWER": {"IN": months}}, {"TEXT": {"REGEX": _DAY}}],
        [{"TEXT": {"REGEX": _DAY}}, {"LOWER": {"IN": months}}],
        [
            {"ORTH": "("},
            {"TEXT": {"REGEX": r"^[A-Z]"}, "OP": "{1,3}"},
            {"ORTH": ")"},
            {"ORTH": {"IN": _DASHES}},
        ],
    ]
    return [place + middle + date for middle in middles for date in dates]


def _joins(token: Token) -> bool:
    """Whether a hyphen or period token joins the words of one place ("PORT-AU-PRINCE",
    "ST. LOUIS"): a hyphen with no space around it, a period right after a word."""
    doc = token.doc
    if token.text == "-":
        before = doc[token.i - 1] if token.i > 0 else None
        return bool(before is not None and not before.whitespace_ and not token.whitespace_)
    return token.i > 0 and not doc[token.i - 1].whitespace_


def _at_start(token: Token) -> bool:
    """Whether ``token`` opens its paragraph or a sentence, or follows a byline that does
    (two or three words in title case: "Ann Lee OSLO 2031-04-02")."""
    doc = token.doc
    for words in range(4):
        first = token.i - words
        if first < 0 or (words and not doc[first].is_title):
            return False
        if words == 1:
            continue
        if first == 0:
            return True
        before = doc[first - 1]
        if before.is_space or before.text in _SENTENCE_END or "\n" in before.whitespace_:
            return True
    return False


def _place(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The place in capitals of a match beginning at ``start``: token offsets, or ``None``
    when it does not stand at the start of a sentence."""
    stop = start
    while stop < end and re.match(_PLACE_TOKEN, doc[stop].text):
        stop += 1
    first = start
    for index in range(start, stop):  # a spaced dash or period ends a headline before it
        if not _CAPITALS.match(doc[index].text) and not _joins(doc[index]):
            first = index + 1
    while first < stop and not _CAPITALS.match(doc[first].text):
        first += 1
    last = stop
    while last > first and not _CAPITALS.match(doc[last - 1].text):
        last -= 1
    if last <= first or len(doc[first:last].text) < 2 or not _at_start(doc[first]):
        return None
    return first, last


def _region(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The ", Region" after the place ending at ``start``, as token offsets, if any."""
    if start >= end or doc[start].text != ",":
        return None
    months = month_names()
    stop = start + 1
    while stop < end and re.match(_REGION_TOKEN, doc[stop].text) and doc[stop].lower_ not in months:
        stop += 1
    return (start + 1, stop) if stop > start + 1 else None


class Datelines:
    """The pipeline component: each dateline's place (and region) becomes a GPE entity."""

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import Matcher

        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("DATELINE", _patterns(), greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        """Add the datelines' places to ``doc.ents`` (when the rule group is on)."""
        if not active(GROUP):
            return doc
        from spacy.tokens import Span

        places: list[Span] = []
        regions: list[Span] = []
        for _, start, end in self.matcher(doc):
            place = _place(doc, start, end)
            if place is None:
                continue
            places.append(Span(doc, *place, label=LABEL, span_id=GROUP))
            region = _region(doc, place[1], end)
            if region is not None:
                regions.append(Span(doc, *region, label=LABEL, span_id=GROUP))
        if places:
            doc.ents = _merge(list(doc.ents), places, regions)
        return doc


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)


def _merge(model: list[Span], places: list[Span], regions: list[Span]) -> list[Span]:
    """The places, in place of the model's entities they overlap; what such an entity
    holds before the place stays ("Ann Lee" of "Ann Lee BONN"), what it holds after is
    the date. The regions only where the model found nothing."""
    from spacy.tokens import Span

    kept: list[Span] = []
    for span in model:
        overlapped = [place for place in places if _overlaps(span, [place])]
        if not overlapped:
            kept.append(span)
        elif span.start < overlapped[0].start:
            kept.append(Span(span.doc, span.start, overlapped[0].start, label=span.label))
    kept += [span for span in regions if not _overlaps(span, kept)]
    return sorted([*kept, *places], key=lambda span: span.start)


def add_datelines(nlp: Language) -> None:
    """Add the dateline component after ``ner``, or last in a pipeline without one
    (registering its factory once)."""
    from spacy.language import Language

    if not Language.has_factory(DATELINES):
        Language.factory(DATELINES, func=lambda nlp, name: Datelines(nlp))
    nlp.add_pipe(DATELINES, after="ner" if "ner" in nlp.pipe_names else None)

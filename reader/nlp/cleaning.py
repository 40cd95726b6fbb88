"""Cleaning model noise off raw spans: stray quotes and punctuation, possessives, a leading
"the" or "a".

A name-like span with no capital letter and no digit ("metro", "grey suit") is an
ordinary phrase the model mistook for a name, and is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from reader.labels import NAME_LABELS
from reader.nlp.abbreviations import state_abbreviations
from reader.nlp.grouping import surname_particles
from reader.nlp.rules import active
from reader.nlp.spans import RawSpan
from reader.wordlists import entries

MAX_NAME_LENGTH = 100
"""Spans longer than this (in characters) are model garbage, not names."""

_LEADING = re.compile(
    r"""^(?:[\s'"‘’“”«»‹›`´,;:!?.*•·/\\|\-–—]+|(?:the|The|THE|a|an)\s+|(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)"""
)
_TRAILING = re.compile(r"""(?:[\s'"‘’“”«»‹›`´,;:!?*•·/\\|\-–—]+|['’]s)$""")
_UNSAFE = re.compile("[\n\u2400-\u2421\ufffd\u200b\ufeff]")
_HAS_WORD = re.compile(r"\w")


@cache
def _abbreviation_end() -> re.Pattern[str]:
    """A name ending in an abbreviation whose period belongs to it: an initial ("J."), a
    company form, a name suffix ("Inc.", "Jr.") or a US state ("Calif.")."""
    words = [re.escape(word) for word in entries("reader.nlp", "period_abbreviations.txt")]
    states = sorted(re.escape(a[:-1]) for a in state_abbreviations() if "." not in a[:-1])
    return re.compile(r"(?:^|[\s.])[A-Za-z]\.$|\b(?:" + "|".join(words + states) + r")\.$")


def clean_surface(surface: str) -> tuple[int, int] | None:
    """Where the clean name lies inside one raw span's text.

    Args:
        surface: The text the model marked.

    Returns:
        ``(start, end)`` offsets relative to ``surface``, or ``None`` when nothing
        name-like is left (empty, multi-line, control stand-ins, too long).
    """
    start, end = 0, len(surface)
    while start < end:
        before = (start, end)
        piece = surface[start:end]
        if match := _LEADING.search(piece):
            start += match.end()
            continue
        if match := _TRAILING.search(piece):
            end -= len(match.group())
            continue
        if (piece.endswith(".") and not _abbreviation_end().search(piece)) or (
            piece.endswith(")") and piece.count("(") < piece.count(")")
        ):
            end -= 1
        elif piece.startswith("(") and piece.count("(") > piece.count(")"):
            start += 1
        if (start, end) == before:
            break
    piece = surface[start:end]
    if not piece or len(piece) > MAX_NAME_LENGTH or _UNSAFE.search(piece):
        return None
    if not _HAS_WORD.search(piece):
        return None
    return start, end


def clean_spans(text: str, spans: Iterable[RawSpan]) -> list[tuple[int, int, str]]:
    """Clean every span and keep a sorted, non-overlapping selection of them.

    Args:
        text: The document text the offsets point into.
        spans: Raw spans from the model, in any order.

    Returns:
        Cleaned ``(start, end, label)`` sorted by position; where two overlap, the
        earlier (then the longer) one wins.
    """
    cache: dict[str, tuple[int, int] | None] = {}
    plain: set[str] = set()  # cleaned surfaces with no capital and no digit
    cleaned: list[tuple[int, int, str]] = []
    pieces = _open_brackets(text, _separated(text, _line_pieces(text, spans)))
    pieces = _case_change(text, _joined(text, pieces))
    pieces = _score_lines(text, pieces)
    pieces = _trim_lowercase_head(text, _trim_lowercase_tail(text, _trim_scores(text, pieces)))
    for span in pieces:
        surface = text[span.start : span.end]
        if surface in cache:
            inner = cache[surface]
        else:
            inner = cache[surface] = clean_surface(surface)
            if inner is not None and not any(
                char.isupper() or char.isdigit() for char in surface[inner[0] : inner[1]]
            ):
                plain.add(surface)
        if inner is not None and not (span.label in NAME_LABELS and surface in plain):
            if span.label in NAME_LABELS and _is_figures(surface[inner[0] : inner[1]]):
                continue
            start, end = span.start + inner[0], span.start + inner[1]
            if _sentence_end_state(text, start, end):
                end -= 1
            cleaned.append((start, end, span.label))
    if active("place-pairs"):
        cleaned = [piece for span in cleaned for piece in _place_pairs(text, span)]
    if active("section-labels"):
        labels = section_labels(text)
        cleaned = [span for span in cleaned if (span[0], span[1]) not in labels]
    cleaned.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int, str]] = []
    last_end = -1
    for start, end, label in cleaned:
        if start >= last_end:
            if active("leading-the") and _takes_the(text, start, end, label, last_end):
                start -= len("The ")
            kept.append((start, end, label))
            last_end = end
    return kept


def _sentence_end_state(text: str, start: int, end: int) -> bool:
    """A state's abbreviation alone is one only after a place and a comma ("Spokane,
    Wash."); elsewhere its period ends a sentence and the word is a word ("boats lost on
    the Wash.")."""
    return text[start:end] in state_abbreviations() and not re.search(
        r",\s*$", text[max(0, start - 3) : start]
    )


_THE_LABELS = NAME_LABELS - {"PERSON", "NORP"}
"""Labels of names that may begin with "The" ("The Times", "The Hague"); not people or
peoples ("The Americans" are Americans)."""
_OPENING_QUOTES = "\"'‘“«"
_CLOSING_QUOTE = re.compile(r"""[,.!?;:]?["'’”»]""")
_MID_SENTENCE = re.compile(r"(?:(?<![\w'’.-])[a-z]+[,;]?|[,;(])[ \t]+$")
"""A lowercase word, a comma or a bracket before: no sentence, dateline or list begins."""


_FIGURES = re.compile(r"[\d.,:/%+-]+(?:[ \t]+[\d.,:/%+-]+)+")
"""Two or more numbers and nothing else: a row of a table ("3 1 1 0 9 4")."""


def _is_figures(surface: str) -> bool:
    """Whether a name-labelled span is only a row of figures (``figures`` on)."""
    return active("figures") and _FIGURES.fullmatch(surface) is not None


def _takes_the(text: str, start: int, end: int, label: str, last_end: int) -> bool:
    """Whether a capitalised "The" right before the name ``text[start:end]`` is part of
    it: inside a sentence, where a "the" would be written in lower case ("a reporter at
    The Times"), or opening a quoted title that the name closes ("“The Divide”")."""
    the = start - len("The ")
    if label not in _THE_LABELS or the < 0 or the < last_end or text[the:start] != "The ":
        return False
    if _MID_SENTENCE.search(text, max(0, the - 20), the):
        return True
    return the > 0 and text[the - 1] in _OPENING_QUOTES and bool(_CLOSING_QUOTE.match(text, end))


_SECTION_LABEL = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?][ \t]))([A-Z][A-Z'’.&]+(?:[ \t][A-Z][A-Z'’.&]+)*)"
    r"[ \t]+[-–—][ \t]+(?=[A-Z0-9][A-Z0-9'’.&-]*\b)"
)
"""Words in capitals opening a paragraph or sentence, then a spaced dash and a headline in
capitals: a section label ("RUGBY UNION - WALES NAME SIDE"), not a name."""


def section_labels(text: str) -> set[tuple[int, int]]:
    """Where ``text`` has section labels before headlines in capitals."""
    if " - " not in text and "–" not in text and "—" not in text:
        return set()
    return {match.span(1) for match in _SECTION_LABEL.finditer(text)}


WRAPPED_LINE = 50
"""A line at least this long, ending inside a span, is running text wrapped by hand."""


def _line_pieces(text: str, spans: Iterable[RawSpan]) -> Iterator[RawSpan]:
    """Each span, cut at its line breaks when they end short lines: a headline or a
    signature line the model read on into the next ("Nuclear Energy Institute⏎
    Washington"). In text wrapped by hand ("... Angela⏎Merkel") the span is left whole
    (and then dropped as multi-line by :func:`clean_surface`)."""
    for span in spans:
        surface = text[span.start : span.end]
        if "\n" not in surface or not active("line-breaks"):
            yield span
            continue
        line_start = text.rfind("\n", 0, span.start) + 1
        if span.start + surface.index("\n") - line_start >= WRAPPED_LINE:
            yield span
            continue
        offset = span.start
        for line in surface.split("\n"):
            if line.strip():
                yield RawSpan(offset, offset + len(line), span.label)
            offset += len(line) + 1


_SPACED_MARK = r"[ \t]+[-–—*•·][ \t]+|[ \t]+\*+[ \t]+"
_SEPARATOR = re.compile(rf"{_SPACED_MARK}|[ \t]*,[ \t]+")
"""A spaced dash, bullet or asterisk, or a comma: names never hold one ("SOCCER - JAPAN",
"Oval , London", "Denver, Colorado", "Smith, Jones", "Ann Lee * Bo Tal")."""
_FIGURE_SEPARATOR = re.compile(_SPACED_MARK)
"""What separates a date or figure from the next one: not a comma ("May 5, 2024" is one
date; "1706 - French" is a year and a name)."""
_SCORE = re.compile(r"(?:[ \t]+\d+(?:[-–]\d+)+)+$")
"""Trailing scores and figures ("S. Watkin 4-28", "Law 2-0-23-0")."""
_NUMBER = re.compile(r"(?:[ \t]+\d+(?:[-–,]\d+)*(?:st|nd|rd|th)?)+$")
_NUMBERLESS_LABELS = frozenset({"PERSON", "GPE", "LOC", "NORP"})
"""Labels whose names never end in a number ("Ann Lee 71", "Ann Lee 75th", "Ann Lee
442,201"); products and events may ("Apollo 11", "Euro 2024")."""


_SLASH = re.compile(r"(?<=[A-Za-z]{3})[ \t]*/[ \t]*(?=[A-Z][A-Za-z]{2})")
"""A slash between two words of three letters or more, the second capitalised: names
listed with slashes, as photo credits write them ("Jane Roe/AFP/Getty Images",
"Reuters / Ann Lee"). Short parts stay whole ("F/A-18", "AC/DC")."""
_NAME_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_PLAIN_NAME = re.compile(rf"{_NAME_WORD}(?: {_NAME_WORD}){{1,2}}")
"""Two or three words in title case: a personal name as a photo credit writes it."""


def _separated(text: str, spans: Iterable[RawSpan]) -> Iterator[RawSpan]:
    """Each span, cut at spaced dashes, commas and listing slashes into the names it
    joined; a date or a figure is not cut at a comma ("May 5, 2024")."""
    groups = (("separators", _SEPARATOR), ("slashes", _SLASH))
    cuts = [pattern for group, pattern in groups if active(group)]
    figure_cuts = [_FIGURE_SEPARATOR] if active("separators") else []
    for span in spans:
        surface = text[span.start : span.end]
        matches = sorted(
            (
                match
                for pattern in (cuts if span.label in NAME_LABELS else figure_cuts)
                for match in pattern.finditer(surface)
            ),
            key=lambda match: match.start(),
        )
        if not matches:
            yield span
            continue
        offset = span.start
        for match in matches:
            if span.start + match.start() > offset:
                label = span.label
                if (  # a credit: the photographer before the agencies ("Jane Roe/AFP")
                    offset == span.start
                    and match.re is _SLASH
                    and _PLAIN_NAME.fullmatch(surface[: match.start()])
                ):
                    label = "PERSON"
                yield RawSpan(offset, span.start + match.start(), label)
            offset = span.start + match.end()
        if span.end > offset:
            yield RawSpan(offset, span.end, span.label)


_HYPHENED = re.compile(r"[^\W\d_][\w.'’]*(?:-[^\W\d_][\w.'’]*)+")
"""Words joined by hyphens, with no space."""


@cache
def _places() -> frozenset[str]:
    """The place names of ``data/places.txt`` (:mod:`reader.nlp.places`)."""
    from reader.nlp.places import place_names

    return frozenset(place_names())


def _place_pairs(text: str, span: tuple[int, int, str]) -> list[tuple[int, int, str]]:
    """The span, or the places it joins where it is listed places joined by hyphens and not
    a listed place itself: "the Delhi-Noida border", "the Baku-Tbilisi-Ceyhan pipeline"
    ("Winston-Salem" and "Guinea-Bissau" are listed, and stay whole)."""
    start, end, _ = span
    surface = text[start:end]
    places = _places()
    if not _HYPHENED.fullmatch(surface) or surface in places:
        return [span]
    parts = surface.split("-")
    if not all(part in places or (part.isupper() and part.title() in places) for part in parts):
        return [span]
    pieces = []
    for part in parts:
        pieces.append((start, start + len(part), "GPE"))
        start += len(part) + 1
    return pieces


_OPEN_BRACKET = re.compile(r"[(\[]")
_BRACKETS = {"(": ")", "[": "]"}


def _open_brackets(text: str, spans: Iterable[RawSpan]) -> Iterator[RawSpan]:
    """Each span, cut at an opening bracket it never closes: the model ran a name into
    what follows it ("National Hurricane Center (NHC", "Ann Lee ( Nigeria")."""
    for span in spans:
        surface = text[span.start : span.end]
        match = _OPEN_BRACKET.search(surface) if active("open-brackets") else None
        if match is None or _BRACKETS[match.group()] in surface[match.end() :]:
            yield span
            continue
        if match.start() > 0:
            yield RawSpan(span.start, span.start + match.start(), span.label)
        if match.end() < len(surface):
            yield RawSpan(span.start + match.end(), span.end, span.label)


_JOINING_WORD = re.compile(r"[ \t]+(?:at|to|from|in|v|vs\.?|versus)[ \t]+(?=[A-Z])")
"""A lowercase preposition between two names ("Kent at Canterbury", "Paris to
Lyon", "Leeds v Hull"); never "of", which belongs inside names ("Bank of England")."""
_LOWER_WORD = re.compile(r"(?<![\w'’.-])[a-z][\w'’.-]*")
_TITLED_LABELS = frozenset({"WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})
"""Labels whose names are titles, which may hold such a word ("Journey to the West")."""
_UNTITLED_NAME_LABELS = NAME_LABELS - {"WORK_OF_ART"}


def _joined(text: str, spans: Iterable[RawSpan]) -> Iterator[RawSpan]:
    """Each span, cut in two at a joining preposition when that is its only lowercase
    word: a name such as "University of California at Berkeley" holds others and is kept."""
    for span in spans:
        surface = text[span.start : span.end]
        if span.label in _TITLED_LABELS or not active("prepositions"):
            yield span
            continue
        match = _JOINING_WORD.search(surface)
        if match is None or len(_LOWER_WORD.findall(surface)) != 1 or match.start() == 0:
            yield span
            continue
        yield RawSpan(span.start, span.start + match.start(), span.label)
        yield RawSpan(span.start + match.end(), span.end, span.label)


_CASE_CHANGE = re.compile(
    r"^[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*)+(?=[ \t]+(?:[A-Z][A-Z'’-]{2,}(?:[ \t]+|$))+$)"
)
"""Two or more words in title case, then only words in capitals: a byline's name before
a dateline's place ("Ann Lee LONDON"), which the model reads as one name."""
_ROMAN = re.compile(r"^[IVXLC]+$")


def _case_change(text: str, spans: Iterable[RawSpan]) -> Iterator[RawSpan]:
    """Each span, cut where its words in title case give way to words in capitals (not
    Roman numerals: "Henry VIII")."""
    for span in spans:
        surface = text[span.start : span.end]
        match = _CASE_CHANGE.match(surface) if active("case-change") else None
        if match is None or any(_ROMAN.match(word) for word in surface[match.end() :].split()):
            yield span
            continue
        tail = match.end() + len(surface[match.end() :]) - len(surface[match.end() :].lstrip())
        yield RawSpan(span.start, span.start + match.end(), span.label)
        yield RawSpan(span.start + tail, span.end, span.label)


_LOWERCASE_TAIL = re.compile(r"(?<=[\w.)])(?:[ \t]+[a-z]+)+$")
"""Words in lower case at the end of a span: common nouns the model read on into
("Wirepress news agency", "Melvale province")."""


def _trim_lowercase_tail(text: str, spans: Iterable[RawSpan]) -> Iterator[RawSpan]:
    """Each name-like span without the lowercase words at its end (titles of works may
    end in one and keep it)."""
    for span in spans:
        surface = text[span.start : span.end]
        tail = (
            _LOWERCASE_TAIL.search(surface)
            if active("lowercase-tail") and span.label in _UNTITLED_NAME_LABELS
            else None
        )
        if tail is None or tail.start() == 0:
            yield span
        else:
            yield RawSpan(span.start, span.start + tail.start(), span.label)


_WORD_AND_SPACE = re.compile(r"(\S+)[ \t]+")
_LONE_INITIAL = re.compile(r"[A-Z]\.?")


def _trim_lowercase_head(text: str, spans: Iterable[RawSpan]) -> Iterator[RawSpan]:
    """Each person's span without the ordinary lowercase words the model read in before the
    name ("his lover Zoe Barnes", "dying dad William"), up to a surname's particle, which
    stays ("his friend de Silva"). A lone initial left is no name ("custodian X")."""
    particles, on = surname_particles(), active("lowercase-head")
    for span in spans:
        surface = text[span.start : span.end]
        cut = 0
        while on and span.label == "PERSON":
            word = _WORD_AND_SPACE.match(surface, cut)
            if word is None or not word.group(1).isalpha() or not word.group(1).islower():
                break
            if word.group(1) in particles:
                break
            cut = word.end()
        if not cut:
            yield span
        elif not _LONE_INITIAL.fullmatch(surface[cut:]):
            yield RawSpan(span.start + cut, span.end, span.label)


_SCORE_IN_LINE = re.compile(r"(?<=[\w.)])[ \t]+\d{1,3}(?:[-–]\d{1,3})*[ \t]+(?=[A-Z])")
_LEADING_SCORE = re.compile(r"^\d{1,3}(?:[-–]\d{1,3})*[ \t]+(?=[A-Z])")
_TRAILING_SCORE = re.compile(r"[ \t]+\d{1,3}(?:[-–]\d{1,3})*$")
_SCORE_AFTER = re.compile(r"[ \t]+(?:[A-Z][\w'’.-]*[ \t]+){0,3}\d")
"""A score after the span, or after the rest of a name the span ends inside
("Ayr 2 Hansa| Rostock 0")."""


def _score_lines(text: str, spans: Iterable[RawSpan]) -> Iterator[RawSpan]:
    """Each span that runs over a line of results ("Leeds 2 Hull 1", "Ayr 0 Troon 3
    Irvine"), cut into its names without their scores; a person or place without the
    number before it ("12 J. Smith").

    A line of results alternates names and small numbers, so the cut needs a score
    after the last name too (in the span, right after it or after the capitalised words
    that end the name): "Channel 4 News" stays."""
    for span in spans:
        surface = text[span.start : span.end]
        if not active("score-lines") or span.label == "PRODUCT":
            yield span
            continue
        lead = _LEADING_SCORE.match(surface) if span.label in _NUMBERLESS_LABELS else None
        if lead:  # "12 J. Smith"; not "10 Downing Street"
            span = RawSpan(span.start + lead.end(), span.end, span.label)
            surface = surface[lead.end() :]
        cuts = list(_SCORE_IN_LINE.finditer(surface))
        if not cuts or not (_TRAILING_SCORE.search(surface) or _SCORE_AFTER.match(text, span.end)):
            yield span
            continue
        offset = 0
        for cut in [*cuts, None]:
            end = cut.start() if cut else len(surface)
            piece = surface[offset:end]
            if trailing := _TRAILING_SCORE.search(piece):
                end = offset + trailing.start()
            if end > offset:
                yield RawSpan(span.start + offset, span.start + end, span.label)
            offset = cut.end() if cut else end


def _trim_scores(text: str, spans: Iterable[RawSpan]) -> Iterator[RawSpan]:
    """Each span without the scores or numbers glued to its end by the model."""
    for span in spans:
        surface = text[span.start : span.end]
        pattern = _NUMBER if span.label in _NUMBERLESS_LABELS else _SCORE
        glued = pattern.search(surface) if active("scores") else None
        if glued is None or glued.start() == 0:
            yield span
        else:
            yield RawSpan(span.start, span.start + glued.start(), span.label)

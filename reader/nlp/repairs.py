"""Repairing cleaned spans with general evidence from the text around them.

The small model misses or cuts short some names in predictable ways; each repair here
uses only the text and the spans themselves (no list of particular names):

- datelines in capitals at the start of a paragraph ("CAPE CANAVERAL, Fla. —");
- an acronym in parentheses right after a name ("Natural Environment Research Council
  (NERC)");
- an alias the text declares right after a name ("the Dutch Research Council, known as
  NWO", "known by its Dutch initials LOWI"), whatever its letters;
- a capitalised first name the model left out ("Erling" before "Haaland");
- a model number after a product or company ("Falcon 9");
- a geographic word after a place or demonym ("American River", "Sacramento Valley"),
  which makes the whole a location of its own;
- an ordinary word opening a headline, taken in before a name that occurs alone
  elsewhere and never with that word ("Grocer Halden agrees ...", then "Halden");
- a possessive inside a span ("China’s Ministry of Commerce" is two names);
- a name that really ends in "'s" ("Sainsbury's", "McDonald's"), told from a possessive
  by what follows it (a possessive is followed by what it owns, not by "and" or a comma).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from reader.labels import NAME_LABELS
from reader.nlp.abbreviations import STATE_ABBREVIATIONS
from reader.nlp.acronyms import find_definitions
from reader.nlp.completion import JOB_TITLES, TITLES, common_words
from reader.nlp.rules import active

Span = tuple[int, int, str]

_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z'’.-]+(?:[ \t][A-Z][A-Z'’.-]+)*)"
    r"(?:,[ \t]+(?P<region>[A-Z][A-Za-z.]+(?:[ \t][A-Z][A-Za-z.]+)?))?"
    r"[ \t]*(?:\([A-Za-z]+\)[ \t]*)?(?:[—–]|--?[ \t])",
    re.MULTILINE,
)
"""A paragraph opening with a place in capitals, maybe a region, then a dash."""
_NAME_BEFORE = re.compile(r"([A-Z][a-z]+) (?=[A-Z])")
"""A capitalised word right before another (its end is where the next word starts)."""
_INNER_POSSESSIVE = re.compile(r"['’]s (?=[A-Z])")
_POSSESSIVE = re.compile(r"['’]s(?!\w)")
_MODEL_NUMBER = re.compile(r"[ \t](\d{1,3})(?![\w%.,:/–-]\d|[\w%–-])")
_NOT_OWNED = re.compile(
    r"['’]s(?:[ \t]*[,.;:!?)\]\"”]|[ \t]+(?:and|or|but|in|on|at|to|for|from|with|by|said|says|"
    r"has|had|is|was|will|would|fell|rose|slipped|jumped|gained|declined)\b(?![ \t]+\w+['’]s\b))"
)
_MODEL_NUMBER_LABELS = frozenset({"ORG", "PRODUCT"})
_GEOGRAPHIC_WORD = re.compile(
    r"[ \t](?:River|Lake|Sea|Ocean|Valley|Mountains|Basin|Desert|Canyon|Delta|Peninsula"
    r"|Gulf|Strait|Islands|Coast|Plateau)(?![\w'’-])"
)
"""A capitalised geographic word the model left out after a place or demonym."""
_GEOGRAPHIC_LABELS = frozenset({"GPE", "NORP", "LOC"})
_DECLARED_ALIAS = re.compile(
    r",?[ \t]+(?:(?:also|widely|commonly|better|locally)[ \t]+)?(?:known|referred[ \t]+to)"
    r"[ \t]+(?:as|by[ \t]+(?:its|their|the)[ \t]+(?:[A-Z]?[a-z]+[ \t]+)?"
    r"(?:initials|acronym|abbreviation|nickname|name))[ \t]+(?:the[ \t]+)?[\"“‘']?"
    r"(?P<alias>[A-Z][\w&-]*(?:[ \t][A-Z][\w&-]*){0,3})(?![\w&-])"
)
"""A name's alias declared right after it ("..., known as NWO")."""


def repair_spans(text: str, cleaned: list[Span]) -> list[Span]:
    """Apply every repair to the cleaned spans.

    Args:
        text: The document text.
        cleaned: Sorted, non-overlapping ``(start, end, label)`` from
            :func:`reader.nlp.cleaning.clean_spans`.

    Returns:
        The repaired spans, still sorted and non-overlapping.
    """
    spans = cleaned
    if active("split-possessives"):
        spans = _split_possessives(text, spans)
    if active("drop-opening-words"):
        spans = _drop_opening_words(text, spans)
    if active("extend-names"):
        spans, stripped = _extend(text, spans)
        if stripped and active("possessive-names"):
            spans = _keep_possessive_names(text, spans, stripped)
    added = [
        *(_datelines(text) if active("datelines") else ()),
        *(alias for _, alias in declared_aliases(text, spans)),
    ]
    return _merge(spans, added) if added else spans


def _merge(spans: list[Span], added: list[Span]) -> list[Span]:
    """Add spans that overlap none of ``spans`` (nor each other)."""
    starts = [start for start, _, _ in spans]
    kept: list[Span] = []
    for span in sorted(added):
        index = bisect.bisect_right(starts, span[0]) - 1
        if index >= 0 and spans[index][1] > span[0]:
            continue
        if index + 1 < len(spans) and spans[index + 1][0] < span[1]:
            continue
        if kept and kept[-1][1] > span[0]:
            continue
        kept.append(span)
    return sorted([*spans, *kept]) if kept else spans


def _datelines(text: str) -> list[Span]:
    """GPE spans for datelines: "CAPE CANAVERAL, Fla. —", "TEHRAN (Reuters) —"."""
    found: list[Span] = []
    for match in _DATELINE.finditer(text):
        place = match.group("place")
        if not any(len(word) > 1 for word in place.split()):
            continue
        found.append((match.start("place"), match.end("place"), "GPE"))
        region = match.group("region")
        if region and (region in STATE_ABBREVIATIONS or not region.endswith(".")):
            found.append((match.start("region"), match.end("region"), "GPE"))
    return found


def declared_aliases(text: str, spans: list[Span]) -> list[tuple[Span, Span]]:
    """Names with an alias the text declares for them: "X, known as Y", and acronyms
    defined in brackets, "Bureau of Meteorology (BOM)" (:mod:`reader.nlp.acronyms`).

    Args:
        text: The document text.
        spans: Sorted, non-overlapping spans.

    Returns:
        ``(name span, alias span)`` pairs; the alias span takes the name's label.
    """
    by_end = {span[1]: span for span in spans if span[2] in NAME_LABELS}
    found: list[tuple[Span, Span]] = []
    if active("declared-aliases") and ("known" in text or "referred" in text):
        for match in _DECLARED_ALIAS.finditer(text):
            name = by_end.get(match.start())
            if name is not None:
                found.append((name, (match.start("alias"), match.end("alias"), name[2])))
    if active("bracket-acronyms") and "(" in text:
        for definition in find_definitions(text):
            name = by_end.get(definition.long_end)
            if name is not None and name[2] != "PERSON" and name[0] < definition.long_end:
                alias = (definition.short_start, definition.short_end, name[2])
                found.append((name, alias))
    return found


def _extend(text: str, spans: list[Span]) -> tuple[list[Span], dict[str, list[int]]]:
    """Take in a left-out capitalised first name and a trailing model number.

    Returns:
        The spans, and the indexes of those followed by "'s" by their text (for
        :func:`_keep_possessive_names`; gathered here to walk the spans once).
    """
    common = common_words()
    before = {match.end(): match.group(1) for match in _NAME_BEFORE.finditer(text)}
    possessives = {match.start() for match in _POSSESSIVE.finditer(text)}
    geographic = {match.start(): match.end() for match in _GEOGRAPHIC_WORD.finditer(text)}
    stripped: dict[str, list[int]] = {}
    repaired: list[Span] = []
    previous_end = -1
    for index, (start, end, label) in enumerate(spans):
        word = before.get(start)
        if (
            word
            and start - len(word) > previous_end
            and word.lower() not in common
            and word not in TITLES
            and word not in JOB_TITLES
            and not _is_word_char(text[start - len(word) - 2 : start - len(word) - 1])
        ):
            label = "PERSON" if " " not in text[start:end] else label
            start -= len(word) + 1
        if label in _MODEL_NUMBER_LABELS and (number := _MODEL_NUMBER.match(text, end)):
            end = number.end(1)
        elif (
            label in _GEOGRAPHIC_LABELS
            and (place_end := geographic.get(end))
            and (index + 1 == len(spans) or spans[index + 1][0] >= place_end)
        ):
            end, label = place_end, "LOC"
        if end in possessives:
            stripped.setdefault(text[start:end], []).append(len(repaired))
        repaired.append((start, end, label))
        previous_end = end
    return repaired, stripped


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_'’.&-"


_HEADLINE_END = re.compile(r"[.!?:;,\"'’”)]$")
"""How a line that is no headline ends."""


def _drop_opening_words(text: str, spans: list[Span]) -> list[Span]:
    """Cut an ordinary word that only opens a headline off a name known alone."""
    common = common_words()
    counts: Counter[str] | None = None
    repaired = spans
    starts = [start for start, _, _ in spans]
    for line in re.finditer(r"^", text, re.MULTILINE):
        index = bisect.bisect_left(starts, line.start())
        if index == len(spans) or starts[index] != line.start():
            continue
        start, end, label = spans[index]
        first, space, rest = text[start:end].partition(" ")
        if not space or first.lower() not in common or not first.istitle():
            continue
        line_end = text.find("\n", end)
        if _HEADLINE_END.search(text[end : line_end if line_end >= 0 else len(text)].rstrip()):
            continue
        if counts is None:
            counts = Counter(text[a:b] for a, b, _ in spans)
        if counts[rest] and counts[text[start:end]] == 1:
            repaired = repaired if repaired is not spans else list(spans)
            repaired[index] = (end - len(rest), end, label)
    return repaired


def _split_possessives(text: str, spans: list[Span]) -> list[Span]:
    """Split "China’s Ministry of Commerce" when "China" is a name of its own elsewhere."""
    starts = [start for start, _, _ in spans]
    cuts: dict[int, int] = {}  # span index -> offset of its inner possessive
    for match in _INNER_POSSESSIVE.finditer(text):
        index = bisect.bisect_right(starts, match.start()) - 1
        inside = index >= 0 and spans[index][1] > match.end() and spans[index][0] < match.start()
        if inside and index not in cuts:
            cuts[index] = match.start()
    if not cuts:
        return spans
    surfaces = {text[start:end] for start, end, _ in spans}
    repaired = list(spans)
    for index in sorted(cuts, reverse=True):
        start, end, label = spans[index]
        if text[start : cuts[index]] in surfaces:
            cut = cuts[index] + 3  # after "'s "
            repaired[index : index + 1] = [(start, cuts[index], label), (cut, end, label)]
    return repaired


def _keep_possessive_names(
    text: str, spans: list[Span], stripped: dict[str, list[int]]
) -> list[Span]:
    """Give back the "'s" of names like "Sainsbury's" that a possessive reading cannot fit.

    Only for a text that never occurs without "'s" and that is, at least once, followed
    by nothing it could own ("Tesco and Sainsbury's but", "Sainsbury's slipped").
    """
    repaired = spans
    for surface, indexes in stripped.items():
        if not any(_NOT_OWNED.match(text, spans[index][1]) for index in indexes):
            continue
        if re.search(r"(?<!\w)" + re.escape(surface) + r"(?!['’]s\b|\w)", text):
            continue
        repaired = repaired if repaired is not spans else list(spans)
        for index in indexes:
            start, end, label = repaired[index]
            repaired[index] = (start, end + 2, label)
    return repaired

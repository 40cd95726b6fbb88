"""Names among numbers: a numbered list on one line, such as a team's line-up, and the
rows of a table of results.

Sports reports list a side as numbers and names: "Vantria - 1 - Ann Tallan, 2 - Jorvik
Brand, 3 - Melvale Sorn". The small model tags some of these names, reads others into the
number ("11 - Jorvik Brand" as a quantity) and misses the rest. Where a line holds two or
more such items, each capitalised run after "N -" that ends at a comma, a semicolon, a
bracket or the line's end is a name, with the label the model gave the others (a person
where it tagged none).

A table of results or standings opens each row with a name and follows it with numbers:
"Wigan 4 3 1 0 9 4 10". A capitalised run at the start of a line, or after a number,
followed by two numbers or more is a name (an organisation, or whatever the model called
it elsewhere), unless it is one ordinary word ("Total 35 20").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import cache

from reader.labels import NAME_LABELS, NUMERIC_LABELS
from reader.wordlists import common_words, word_set

Span = tuple[int, int, str]

_CAPITALISED = r"[A-Z][a-z]+(?:[-'’][A-Za-z]+)*"
_NUMBER = r"-?\d+(?:[.:/]\d+)?"
_ROW_NAME = re.compile(
    rf"(?:^|(?<=\d[ \t]))({_CAPITALISED}(?:[ \t]{_CAPITALISED})*)"
    rf"(?=(?:[ \t]+{_NUMBER}){{2,}}(?:[ \t]|$))",
    re.MULTILINE,
)
"""A capitalised run opening a line or after a number, before two numbers or more."""


@cache
def _item() -> re.Pattern[str]:
    """A number, a dash and a capitalised run (with name particles inside), ending at a
    comma, semicolon, bracket, full stop or the line's end."""
    particles = "|".join(sorted(word_set("reader.nlp", "surname_particles.txt")))
    word = rf"(?:{_CAPITALISED}|(?:{particles})(?= [A-Z]))"
    return re.compile(
        rf"(?<![\w.,/-])\d{{1,2}}[ \t]?[-–][ \t]?({_CAPITALISED}(?:[ \t]{word})*)"
        rf"(?=[ \t]?[,;()]|[ \t]?\.(?:\s|$)|[ \t]*$)",
        re.MULTILINE,
    )


def _overlaps(spans: list[Span], starts: list[int], start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps one of ``spans`` (sorted, non-overlapping, with
    ``starts`` their starts)."""
    index = bisect.bisect_right(starts, start) - 1
    if index >= 0 and spans[index][1] > start:
        return True
    return index + 1 < len(spans) and spans[index + 1][0] < end


def numbered_items(text: str, spans: list[Span]) -> list[Span]:
    """The spans with the names of numbered lists added (see the module docstring).

    A number the model read together with the name after it keeps only the number; a
    name the model already tagged there stays as it is.
    """
    lines: dict[int, list[tuple[int, int]]] = {}
    line, searched = 0, 0
    for match in _item().finditer(text):
        line = max(line, text.rfind("\n", searched, match.start()) + 1)
        searched = match.start()
        lines.setdefault(line, []).append(match.span(1))
    items = [item for found in lines.values() if len(found) >= 2 for item in found]
    if not items:
        return spans
    where = {item: line for line, found in lines.items() for item in found}
    votes: dict[int, Counter[str]] = {}
    for start, end, label in spans:
        if (start, end) in where and label in NAME_LABELS:
            votes.setdefault(where[(start, end)], Counter())[label] += 1
    items.sort()
    item_starts = [start for start, _ in items]
    result: list[Span] = []
    for start, end, label in spans:
        index = bisect.bisect_left(item_starts, start)  # the first item from the span on
        before = index > 0 and items[index - 1][1] > start
        within = index < len(items) and items[index][0] < end
        if label in NUMERIC_LABELS and (before or within):
            number = re.match(r"\d+", text[start:end])
            if not before and start < items[index][0] and number:
                result.append((start, start + number.end(), label))
            continue
        result.append((start, end, label))
    taken = sorted(result)
    starts = [start for start, _, _ in taken]
    added: list[Span] = []
    for start, end in items:
        if _overlaps(taken, starts, start, end):
            continue
        label = votes.get(where[(start, end)], Counter({"PERSON": 1})).most_common(1)[0][0]
        added.append((start, end, label))
    return sorted(taken + added)


def table_rows(text: str, spans: list[Span]) -> list[Span]:
    """The spans with the names opening rows of numbers added (see the module docstring);
    a name already tagged there, or overlapping a span, stays as it is."""
    found = [match.span(1) for match in _ROW_NAME.finditer(text)]
    if not found:
        return spans
    labels: dict[str, str] = {}
    for start, end, label in spans:
        if label in NAME_LABELS:
            labels.setdefault(text[start:end], label)
    common = common_words()
    taken = sorted(spans)
    starts = [start for start, _, _ in taken]
    added: list[Span] = []
    for start, end in found:
        name = text[start:end]
        if " " not in name and name.lower() in common:
            continue
        if _overlaps(taken, starts, start, end):
            continue
        added.append((start, end, labels.get(name, "ORG")))
    return sorted(taken + added) if added else spans

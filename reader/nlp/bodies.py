"""Names of bodies that hold "and" (or "&"), which the small model cuts into pieces.

"Avon and Somerset Police" reaches the reader as "Avon" and "Somerset Police", and
"Centre for Volcanology and Geological Hazard Mitigation" as two organisations. Two
patterns tell such a name from a list of two names:

- the words after "and" end with a kind of body ("Police", "Council", "Board"), not a
  company's legal form, and those before it are no body of their own: "Test and County
  Cricket Board", "State Law and Order Restoration Council" (a list of two bodies names
  both: "the Labour Party and Plaid Cymru", "Citibank and Deutsche Bank"; so does a
  country and a body: "UK and European Union");
- a body "of" or "for" something goes on after "and" (and commas) with ordinary words:
  "Centre for Volcanology and Geological Hazard Mitigation", "Ministry of Land,
  Infrastructure, Transport and Tourism" (a list goes on with a name: "the Bank of
  England and Barclays", or another body: "the Ministry of Defence and Foreign Office",
  "the Bank of England and Treasury").
"""

from __future__ import annotations

import re

from reader.labels import NAME_LABELS
from reader.nlp.completion import opens_sentence
from reader.nlp.grouping import countries_and_nationalities
from reader.nlp.relabel import organisation_words
from reader.wordlists import common_words, corporate_suffixes

Span = tuple[int, int, str]

_RUN = r"[A-Z][\w'’&-]*(?: [A-Z][\w'’&-]*)*"
"""Capitalised words one space apart."""
_NOT_AFTER = r"(?![\w'’&-]| [A-Z])"
_KIND_LAST = re.compile(rf"(?<![\w'’.&-])(?P<left>{_RUN}) (?:and|&) (?P<right>{_RUN}){_NOT_AFTER}")
"""Two runs of capitalised words joined by "and" (the first may be cut at its start)."""
_OBJECT = re.compile(
    rf"(?<![\w'’.&-])(?P<head>{_RUN}) (?:of|for) (?:the )?(?P<left>{_RUN})"
    rf"(?P<more>(?:, {_RUN})*),? and (?P<right>{_RUN}){_NOT_AFTER}"
)
"""A run, "of" or "for", and more runs listed with commas and "and" ("Ministry of Land,
Infrastructure, Transport and Tourism")."""


def join_bodies(text: str, spans: list[Span]) -> list[Span]:
    """Join the pieces of a body's name with "and" in it into one ORG span.

    Args:
        text: The document text.
        spans: Sorted, non-overlapping ``(start, end, label)`` spans.

    Returns:
        The spans, with the pieces of each such name replaced by the whole.
    """
    joined: list[tuple[int, int]] = []
    for match in _KIND_LAST.finditer(text):
        start = _left_start(text, match.start("left"), match.end("left"))
        kind = _last_word(match["right"])
        if (
            kind in organisation_words()
            and kind not in corporate_suffixes()  # "Google and Facebook Inc"
            and _last_word(match["left"]) not in organisation_words()
            and not _company(text, spans, start, match.end("left"))  # "Citibank and Deutsche Bank"
            and not _country(text[start : match.end("left")])  # "UK and European Union"
        ):
            joined.append((start, match.end("right")))
    for match in _OBJECT.finditer(text):
        start = _left_start(text, match.start("head"), match.end("head"))
        body = _span_over(spans, start, match.end("left"))
        listed = [match["right"], *match["more"].split(", ")[1:]]
        if (
            all(_ordinary(run) for run in listed)
            and not any(_last_word(run) in organisation_words() for run in listed)  # "Office"
            and (
                (body is not None and body[2] == "ORG" and not _country(match["left"]))
                or (_last_word(match["head"]) in organisation_words() and _ordinary(match["left"]))
            )
        ):
            joined.append((start, match.end("right")))
    for start, end in joined:
        spans = _join(text, spans, start, end)
    return spans


def _country(run: str) -> bool:
    """Whether ``run`` is a country or a nationality ("England" in "Bank of England and
    Treasury": a list of two bodies)."""
    return run in countries_and_nationalities()


def _left_start(text: str, start: int, end: int) -> int:
    """Where the name that opens with the run ``start:end`` starts: after an article, and
    after an ordinary word that only opens the sentence ("Yesterday Kent and Essex
    Police")."""
    first_end = text.find(" ", start, end)
    if first_end < 0:
        return start
    first = text[start:first_end]
    if first in ("The", "A", "An") or (
        opens_sentence(text, start) and first.lower() in common_words()
    ):
        return first_end + 1
    return start


def _span_over(spans: list[Span], start: int, end: int) -> Span | None:
    """The span that holds ``start:end`` (it may open with "the" before it), if any."""
    return next(
        (span for span in spans if span[0] <= start <= span[0] + 4 and span[1] >= end), None
    )


def _company(text: str, spans: list[Span], start: int, end: int) -> bool:
    """Whether ``start:end`` is an organisation's name of its own, not ordinary words."""
    span = _span_over(spans, start, end)
    return (
        span is not None and span[1] == end and span[2] == "ORG" and not _ordinary(text[start:end])
    )


def _last_word(run: str) -> str:
    return run.rsplit(" ", 1)[-1]


def _ordinary(run: str) -> bool:
    """Whether every word of ``run`` is an ordinary English word, or its plural, in
    capitals ("Geological Hazard Mitigation", "Monuments")."""
    common = common_words()
    return all(
        word.lower() in common or (word.endswith("s") and word[:-1].lower() in common)
        for word in run.split()
    )


def _join(text: str, spans: list[Span], start: int, end: int) -> list[Span]:
    """Replace the spans inside ``start:end`` by one ORG span over it, if they are names
    and hold no person's full name; a span may open with "The" before ``start``. Nothing
    changes when no span lies there or one runs across either end."""
    inside: list[int] = []
    for index, (span_start, span_end, label) in enumerate(spans):
        if span_end <= start or span_start >= end:
            continue
        if span_start < start and text[span_start:start].lower() == "the ":
            span_start = start  # "The" is left out of the whole
        if span_start < start or span_end > end or label not in NAME_LABELS:
            return spans
        if label == "PERSON" and " " in text[span_start:span_end]:
            return spans
        inside.append(index)
    if not inside:
        return spans
    kept = [span for index, span in enumerate(spans) if index not in inside]
    return sorted([*kept, (start, end, "ORG")])

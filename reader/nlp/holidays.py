"""Holidays the model reads as dates: "on 12 April, Easter Sunday", "the Labor Day weekend".

The small model follows OntoNotes, where a named holiday is a date, and the reader hides
dates; annotated news links a holiday as an event, whose page a reader may want. The names
come from ``data/holidays.txt`` (see its header). A holiday the text writes as listed is an
event (EVENT) where the model tagged a date, a time or nothing, unless a capitalised word
follows it ("Easter Island"); a name the model tagged keeps its label.

The rule is spaCy's own ``span_ruler`` with phrase patterns, added after the datelines by
:func:`add_holidays`; :func:`holidays_over_dates`, registered as its ``ents_filter``,
decides which of its matches replace the model's entities.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader.nlp.rules import active
from reader.wordlists import entries

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

HOLIDAYS = "reader_holidays"
"""The component's name in the pipeline."""
GROUP = "holidays"
"""The component's rule group (:mod:`reader.nlp.rules`), also the id of the spans it adds."""

LABEL = "EVENT"
FILTER = "reader.holidays_over_dates.v1"
"""The filter's name in spaCy's ``misc`` registry."""

_REPLACEABLE = frozenset({"DATE", "TIME"})


def holidays_over_dates(entities: Iterable[Span], holidays: Iterable[Span]) -> list[Span]:
    """The entities with each holiday in place of the dates and times it overlaps, or of
    nothing; a holiday overlapping a name or a longer holiday, or beginning a longer name,
    is left out. With the rule group off, the entities unchanged."""
    kept = list(entities)
    if not active(GROUP):
        return kept
    for holiday in sorted(holidays, key=lambda span: (span.start - span.end, span.start)):
        if _begins_longer_name(holiday):
            continue
        overlapped = [e for e in kept if e.start < holiday.end and holiday.start < e.end]
        if all(entity.label_ in _REPLACEABLE for entity in overlapped):
            kept = [entity for entity in kept if entity not in overlapped]
            kept.append(holiday)  # an event: a shorter holiday inside it is left out
    return kept


def _begins_longer_name(holiday: Span) -> bool:
    """Whether a capitalised word follows ``holiday`` on its line, making it the start of a
    longer name ("Easter Island", "Christmas Island", "Easter Rising")."""
    doc = holiday.doc
    return (
        holiday.end < len(doc)
        and doc[holiday.end].is_title
        and doc[holiday.end - 1].whitespace_ == " "
    )


def add_holidays(nlp: Language) -> None:
    """Add the holidays' ``span_ruler`` last: after ``ner`` and the datelines, before the
    places (registering the filter once)."""
    from spacy.util import registry

    if FILTER not in registry.misc:
        registry.misc.register(FILTER, func=lambda: holidays_over_dates)
    ruler = nlp.add_pipe(
        "span_ruler",
        name=HOLIDAYS,
        last=True,
        config={
            "spans_key": None,
            "annotate_ents": True,
            "ents_filter": {"@misc": FILTER},
            "overwrite": False,  # the filter decides what a holiday replaces
            "validate": False,
        },
    )
    names = dict.fromkeys(form for name in holidays() for form in (name, name.replace("'", "’")))
    patterns = [{"label": LABEL, "pattern": name, "id": GROUP} for name in names]
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]


def holidays() -> tuple[str, ...]:
    """The holiday names of ``data/holidays.txt``, in file order."""
    return entries("reader.nlp", "holidays.txt")

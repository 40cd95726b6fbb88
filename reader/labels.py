"""Every fact about spaCy's entity labels, in one registry.

Each label the model can emit has one :class:`EntityLabel`: its display name, its
highlight (the component class that colours it), whether it is a name (listed and
highlighted by default, DESIGN §4) and which Wikipedia page kinds fit it. The order of
:data:`LABELS` is the order of the outline, the filter dialog and the legend. Every
place that names a type (legend, outline, filter dialog, panel, palette, help, CLI
table) takes the name from here, so a label has one name everywhere; the JSON output
keeps spaCy's code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Highlight:
    """One highlight colour of the article; several labels may share it. Its legend
    entry is made of its labels' names (:func:`legend_entries`)."""

    css_class: str
    """Component class of the article view that styles the mentions."""


PERSON = Highlight("article-view--person")
ORGANISATION = Highlight("article-view--org")
PLACE = Highlight("article-view--place")
GROUP = Highlight("article-view--group")
FACILITY = Highlight("article-view--facility")
EVENT = Highlight("article-view--event")
WORK = Highlight("article-view--work")
NUMBER = Highlight("article-view--number")
"""Dates, numbers, amounts and any label the registry does not know."""


@dataclass(frozen=True, slots=True)
class EntityLabel:
    """What the reader knows about one spaCy entity label."""

    code: str
    """spaCy's label (``PERSON``, ``GPE``, ...), as in the JSON output."""
    name: str
    """Display name in the outline, the panel, the filter dialog and the CLI table."""
    highlight: Highlight
    """The colour of its mentions; several labels share one."""
    is_name: bool
    """Listed and highlighted by default; otherwise a date, number or amount."""
    accepts: frozenset[str] = frozenset()
    """Page kinds (``reader.lookup.pages.kinds``) that fit it; empty: no opinion."""
    about: str = ""
    """What it covers, in spaCy's glossary's words (``spacy.explain``), for the reader
    choosing a type; empty for dates and numbers."""


LABELS: tuple[EntityLabel, ...] = (
    EntityLabel(
        "PERSON", "Person", PERSON, True, frozenset({"person"}), "people, including fictional"
    ),
    EntityLabel(
        "ORG",
        "Organisation",
        ORGANISATION,
        True,
        frozenset({"org", "facility"}),
        "companies, agencies, institutions",
    ),
    EntityLabel("GPE", "Place", PLACE, True, frozenset({"place"}), "countries, cities, states"),
    EntityLabel(
        "LOC",
        "Location",
        PLACE,
        True,
        frozenset({"place", "nature"}),
        "other places: mountain ranges, bodies of water",
    ),
    EntityLabel(
        "NORP",
        "Group",
        GROUP,
        True,
        frozenset({"people", "org", "concept"}),
        "nationalities, religious or political groups",
    ),
    EntityLabel(
        "FAC",
        "Facility",
        FACILITY,
        True,
        frozenset({"facility", "place"}),
        "buildings, airports, highways, bridges",
    ),
    EntityLabel(
        "EVENT",
        "Event",
        EVENT,
        True,
        frozenset({"event"}),
        "named hurricanes, battles, wars, sports events",
    ),
    EntityLabel(
        "PRODUCT",
        "Product",
        WORK,
        True,
        frozenset({"product"}),
        "objects, vehicles, foods (not services)",
    ),
    EntityLabel(
        "WORK_OF_ART", "Work", WORK, True, frozenset({"work"}), "titles of books, songs, films"
    ),
    EntityLabel("LAW", "Law", WORK, True, frozenset({"law"}), "named documents made into laws"),
    EntityLabel(
        "LANGUAGE", "Language", GROUP, True, frozenset({"language", "people"}), "any named language"
    ),
    EntityLabel("DATE", "Date", NUMBER, False, frozenset({"time", "event"})),
    EntityLabel("TIME", "Time", NUMBER, False),
    EntityLabel("MONEY", "Money", NUMBER, False),
    EntityLabel("PERCENT", "Percent", NUMBER, False),
    EntityLabel("QUANTITY", "Quantity", NUMBER, False),
    EntityLabel("ORDINAL", "Ordinal", NUMBER, False),
    EntityLabel("CARDINAL", "Number", NUMBER, False),
)
"""Every label of spaCy's English pipelines, in display order."""

_BY_CODE: dict[str, EntityLabel] = {label.code: label for label in LABELS}
_ORDER: dict[str, int] = {label.code: index for index, label in enumerate(LABELS)}

KIND_LABELS: dict[str, str] = {
    "person": "PERSON",
    "org": "ORG",
    "facility": "FAC",
    "place": "GPE",
    "nature": "LOC",
    "people": "NORP",
    "event": "EVENT",
    "product": "PRODUCT",
    "work": "WORK_OF_ART",
    "law": "LAW",
    "language": "LANGUAGE",
}
"""The label a page of each kind gives a name the model labelled as something else
(:mod:`reader.page_labels`); kinds with no label of their own ("concept", "time") give none."""

NAME_LABELS: frozenset[str] = frozenset(label.code for label in LABELS if label.is_name)
"""Entity types highlighted and listed by default (DESIGN §4)."""
NUMERIC_LABELS: frozenset[str] = frozenset(label.code for label in LABELS if not label.is_name)
"""Dates, numbers and amounts: shown only with ``--all-types`` or the UI toggle."""
HIGHLIGHTS: tuple[Highlight, ...] = tuple(dict.fromkeys(label.highlight for label in LABELS))
"""Every highlight, in legend order (that of their first label)."""
_HIGHLIGHT_ORDER: dict[Highlight, int] = {highlight: n for n, highlight in enumerate(HIGHLIGHTS)}


def label_info(code: str) -> EntityLabel:
    """The registry entry of ``code``; an unknown label gets a title-cased name, no colour
    of its own, and counts as neither a name nor a number."""
    known = _BY_CODE.get(code)
    if known is not None:
        return known
    return EntityLabel(code, code.replace("_", " ").title(), NUMBER, False)


def label_name(code: str) -> str:
    """The display name of ``code`` (the code itself, title-cased, if unknown)."""
    return label_info(code).name


def label_order(code: str) -> int:
    """Sort key that puts labels in :data:`LABELS` order, unknown ones last."""
    return _ORDER.get(code, len(LABELS))


def label_class(code: str) -> str:
    """The component class that styles mentions of ``code``."""
    return label_info(code).highlight.css_class


def accepted_kinds(code: str) -> frozenset[str]:
    """The page kinds that fit ``code``; empty when the label has no opinion."""
    return label_info(code).accepts


def legend_entries(codes: Iterable[str]) -> list[tuple[Highlight, str]]:
    """The legend for these labels: one entry per colour, in registry order, named by
    the display names of its labels among ``codes`` (``Place/Location``).

    Args:
        codes: The labels to explain (those highlighted in the article, say).

    Returns:
        ``(highlight, text)`` pairs; a colour none of ``codes`` uses is left out.
    """
    names: dict[Highlight, list[str]] = {}
    for code in sorted(set(codes), key=lambda code: (label_order(code), code)):
        info = label_info(code)
        names.setdefault(info.highlight, []).append(info.name)
    ordered = sorted(names, key=lambda highlight: _HIGHLIGHT_ORDER.get(highlight, len(HIGHLIGHTS)))
    return [(highlight, "/".join(names[highlight])) for highlight in ordered]

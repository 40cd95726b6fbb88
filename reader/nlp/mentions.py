"""From raw NER spans to entities: clean, group, complete (DESIGN §5).

Pure Python (no spaCy): the UI re-runs :func:`build_entities` as chunks of a long book
arrive, so it is written to stay well under half a second for 40,000 spans.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable

from reader.labels import NUMERIC_LABELS
from reader.models import Entity, Mention
from reader.nlp.acronyms import best_long_form
from reader.nlp.cleaning import clean_spans
from reader.nlp.completion import complete_mentions
from reader.nlp.grouping import JOINS, Form, group_forms, short_aliases
from reader.nlp.headlines import headline_pieces
from reader.nlp.relabel import (
    relabel_numbers,
    relabel_organisations,
    relabel_people,
    relabel_quoted,
)
from reader.nlp.repairs import declared_aliases, repair_spans
from reader.nlp.rules import active
from reader.nlp.spans import RawSpan

__all__ = [
    "FOUND",
    "FOUND_AGAIN",
    "FOUND_BY_RULE",
    "RawSpan",
    "build_entities",
    "ranked_aliases",
    "slugify",
    "unique_id",
]

FOUND = "found by the model"
"""The reason of a mention the model tagged, in the words of its entity's name."""
FOUND_AGAIN = "found again in the text"
"""The reason of a mention completion found: a form tagged elsewhere in the text."""
FOUND_BY_RULE = {
    "datelines": "found in the dateline",
    "holidays": "found in the list of holidays",
    "places": "found in the list of places",
    "untagged-names": "found by its capital letters",
}
"""The reason of a mention a rule group's pipeline component tagged (``RawSpan.source``)."""

Place = tuple[int, int, str, str | None]
"""A mention's ``(start, end, form, source)``: the form (alias) that found it, and what
tagged it: the model (``""``), a rule group (:data:`FOUND_BY_RULE`), or ``None`` when
mention completion found it."""


def slugify(name: str) -> str:
    """A lowercase ASCII slug of ``name`` (``Benjamin Netanyahu`` -> ``benjamin-netanyahu``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _fullness(form: str) -> tuple[int, int]:
    return len(form.split()), len(form)


def _naming_rank(form: Form) -> tuple[bool, int, int, int]:
    """How well a form names its group: not in capitals (a dateline), fullest, first."""
    return (not form.text.isupper(), *_fullness(form.text), -form.first)


def _reason(form: str, source: str | None, name: str, why: dict[str, str], shorts: set[str]) -> str:
    """Why a mention found by ``form`` belongs to the entity ``name``, said from the step
    that put it there: the model or a rule component (``source``, see :data:`Place`), a
    grouping rule (:data:`JOINS`) or mention completion."""
    join = why.get(form) if form != name else None
    if join is None:
        return FOUND_AGAIN if source is None else FOUND_BY_RULE.get(source, FOUND)
    phrase = JOINS[join].format(name=name)
    return phrase if source is not None or form in shorts else f"{phrase}, found again"


def _sources(spans: list[RawSpan], cleaned: list[tuple[int, int, str]]) -> list[str]:
    """What tagged each cleaned span: the rule group whose component found the raw spans it
    overlaps, or ``""`` (the model) when the model found one of them (a repair may have
    joined the two)."""
    if not any(span.source for span in spans):
        return [""] * len(cleaned)
    ordered = sorted(spans)  # raw spans never overlap each other
    starts = [span.start for span in ordered]
    found = []
    for start, end, _ in cleaned:
        index = bisect_left(starts, end) - 1
        sources = set()
        while index >= 0 and ordered[index].end > start:
            sources.add(ordered[index].source)
            index -= 1
        found.append(sources.pop() if len(sources) == 1 else "")
    return found


def _first_names(forms: dict[str, Form], root_of: dict[str, str]) -> dict[str, set[str]]:
    """The first names of each group's people: "Edgar" for a group holding "Edgar Martinez"."""
    names: dict[str, set[str]] = defaultdict(set)
    for text, form in forms.items():
        if form.label == "PERSON" and len(form.tokens) > 1:
            names[root_of[text]].add(form.tokens[0])
    return names


def _another_person(surface: str, alias: str, first_names: Iterable[str]) -> bool:
    """Whether completion, finding ``alias`` (a known surname) with a first name the model
    never marked before it, found someone else of that surname: the group's people all have
    other first names ("Tino Martinez" beside "Edgar Martinez"; father and son)."""
    known = set(first_names)
    if not known or len(surface) <= len(alias):
        return False
    first = surface[: len(surface) - len(alias)].split()
    return bool(first) and first[0] not in known


def build_entities(text: str, spans: Iterable[RawSpan]) -> list[Entity]:
    """Turn raw NER spans into entities with every mention, each with its reason.

    Args:
        text: The document text the spans point into.
        spans: Raw spans from the model, any order, any type.

    Returns:
        Every entity (name-like and numeric), ordered by first mention, with unique ids.
    """
    raw = list(spans)
    cleaned = repair_spans(text, headline_pieces(text, clean_spans(text, raw)))
    if active("numbers-as-names"):
        cleaned = relabel_numbers(text, cleaned)
    if active("relabel-people"):
        cleaned = relabel_people(text, cleaned)
    if active("relabel-organisations"):
        cleaned = relabel_organisations(text, cleaned)
    if active("quoted-titles"):
        cleaned = relabel_quoted(text, cleaned)
    forms: dict[str, Form] = {}
    positions: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for (start, end, label), source in zip(cleaned, _sources(raw, cleaned), strict=True):
        surface = text[start:end]
        if label in NUMERIC_LABELS:
            positions[(surface, label)].append((start, end, surface, source))
            continue
        form = forms.get(surface)
        if form is None:
            form = forms[surface] = Form(surface, first=start)
        form.labels[label] += 1
        positions[(surface, "")].append((start, end, surface, source))

    declared = [
        (text[alias[0] : alias[1]], text[name[0] : name[1]])
        for name, alias in declared_aliases(text, cleaned)
    ]
    if active("acronym-letters"):
        # The model may tag only the end of a definition ("... and Democracy in Vantria
        # (RDV)"): the acronym joins a name that holds its letters, not that tail.
        declared = [
            (alias, name) for alias, name in declared if best_long_form(alias, name) is not None
        ]
    why: dict[str, str] = {}
    root_of, table_names = group_forms(forms, declared, why)
    taken = [(start, end) for start, end, _ in cleaned]
    members: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for (surface, label), places in positions.items():
        members[(root_of[surface], "") if not label else (surface, label)].extend(places)
    shorts: dict[str, str] = {}
    if active("complete-mentions"):
        short_why: dict[str, str] = {}
        if active("short-aliases"):
            shorts = short_aliases(forms, root_of, short_why)
            why.update((short, short_why[short]) for short in shorts)
        keys = {**shorts, **root_of}
        first_names = _first_names(forms, root_of) if active("other-first-names") else {}
        # Completion reports the alias it matched; its entity is the alias's group.
        for start, end, alias in complete_mentions(text, {alias: alias for alias in keys}, taken):
            surface = text[start:end]
            if _another_person(surface, alias, first_names.get(keys[alias], ())):
                members[(surface, "PERSON")].append((start, end, surface, None))
            else:
                members[(keys[alias], "")].append((start, end, alias, None))

    groups: dict[str, list[Form]] = defaultdict(list)
    for surface, root in root_of.items():
        groups[root].append(forms[surface])
    built: list[tuple[int, str, str, list[Place]]] = []
    for (root, label), places in members.items():
        places.sort()
        if label:
            built.append((places[0][0], root, label, places))
            continue
        group = groups[root]
        fullest = max(group, key=_naming_rank)
        name = table_names.get(root, " ".join(fullest.tokens))  # "Jack [Begert": Jack Begert
        votes = fullest.labels
        if root in table_names:  # named from the table: every form votes
            votes = sum((form.labels for form in group), Counter())
        built.append((places[0][0], name, votes.most_common(1)[0][0], places))

    built.sort(key=lambda item: item[0])
    entities: list[Entity] = []
    used: set[str] = set()
    short_forms = set(shorts)
    for _, name, label, places in built:
        reasons: dict[tuple[str, str | None], str] = {}
        mentions: list[Mention] = []
        for start, end, alias, by in places:
            reason = reasons.get((alias, by))
            if reason is None:
                reason = reasons[(alias, by)] = _reason(alias, by, name, why, short_forms)
            mentions.append(Mention(start, end, text[start:end], reason))
        entity_id = unique_id(name, label, used)
        entities.append(Entity(entity_id, name, label, ranked_aliases(mentions), tuple(mentions)))
    return entities


def ranked_aliases(mentions: Iterable[Mention]) -> tuple[str, ...]:
    """Every distinct surface form of ``mentions``, fullest first (ties: first seen)."""
    first_seen: dict[str, int] = {}
    for mention in mentions:
        first_seen.setdefault(mention.text, mention.start)
    ranked = sorted(first_seen, key=lambda alias: (_fullness(alias), -first_seen[alias]))
    ranked.reverse()
    return tuple(ranked)


def unique_id(name: str, label: str, used: set[str]) -> str:
    """An id for ``name`` not in ``used`` (``jordan``, then ``jordan-2``), added to it."""
    base = slugify(name) or label.lower()
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate

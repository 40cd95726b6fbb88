"""From raw NER spans to entities: clean, group, complete (DESIGN §5).

Pure Python (no spaCy): the UI re-runs :func:`build_entities` as chunks of a long book
arrive, so it is written to stay well under half a second for 40,000 spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from reader.labels import NUMERIC_LABELS
from reader.models import Entity, Mention
from reader.nlp.cleaning import clean_spans
from reader.nlp.completion import complete_mentions
from reader.nlp.grouping import Form, group_forms, short_aliases
from reader.nlp.relabel import relabel_organisations, relabel_people
from reader.nlp.repairs import declared_aliases, repair_spans
from reader.nlp.rules import active
from reader.nlp.spans import RawSpan

__all__ = ["RawSpan", "build_entities", "slugify"]


def slugify(name: str) -> str:
    """A lowercase ASCII slug of ``name`` (``Benjamin Netanyahu`` -> ``benjamin-netanyahu``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _fullness(form: str) -> tuple[int, int]:
    return len(form.split()), len(form)


def _naming_rank(form: Form) -> tuple[bool, int, int, int]:
    """How well a form names its group: not in capitals (a dateline), fullest, first."""
    return (not form.text.isupper(), *_fullness(form.text), -form.first)


def build_entities(text: str, spans: Iterable[RawSpan]) -> list[Entity]:
    """Turn raw NER spans into entities with every mention.

    Args:
        text: The document text the spans point into.
        spans: Raw spans from the model, any order, any type.

    Returns:
        Every entity (name-like and numeric), ordered by first mention, with unique ids.
    """
    cleaned = repair_spans(text, clean_spans(text, spans))
    if active("relabel-people"):
        cleaned = relabel_people(text, cleaned)
    if active("relabel-organisations"):
        cleaned = relabel_organisations(text, cleaned)
    forms: dict[str, Form] = {}
    positions: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for start, end, label in cleaned:
        surface = text[start:end]
        if label in NUMERIC_LABELS:
            positions[(surface, label)].append((start, end))
            continue
        form = forms.get(surface)
        if form is None:
            form = forms[surface] = Form(surface, first=start)
        form.labels[label] += 1
        positions[(surface, "")].append((start, end))

    declared = [
        (text[alias[0] : alias[1]], text[name[0] : name[1]])
        for name, alias in declared_aliases(text, cleaned)
    ]
    root_of, table_names = group_forms(forms, declared)
    taken = [(start, end) for start, end, _ in cleaned]
    members: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for (surface, label), places in positions.items():
        members[(root_of[surface], "") if not label else (surface, label)].extend(places)
    if active("complete-mentions"):
        shorts = short_aliases(forms, root_of) if active("short-aliases") else {}
        for start, end, root in complete_mentions(text, {**shorts, **root_of}, taken):
            members[(root, "")].append((start, end))

    groups: dict[str, list[Form]] = defaultdict(list)
    for surface, root in root_of.items():
        groups[root].append(forms[surface])
    built: list[tuple[int, str, str, list[tuple[int, int]]]] = []
    for (root, label), places in members.items():
        places.sort()
        if label:
            built.append((places[0][0], root, label, places))
            continue
        group = groups[root]
        fullest = max(group, key=_naming_rank)
        name = table_names.get(root, fullest.text)
        votes = fullest.labels
        if root in table_names:  # named from the table: every form votes
            votes = sum((form.labels for form in group), Counter())
        built.append((places[0][0], name, votes.most_common(1)[0][0], places))

    built.sort(key=lambda item: item[0])
    entities: list[Entity] = []
    used: set[str] = set()
    for _, name, label, places in built:
        mentions = tuple(Mention(start, end, text[start:end]) for start, end in places)
        first_seen: dict[str, int] = {}
        for mention in mentions:
            first_seen.setdefault(mention.text, mention.start)
        ranked = sorted(first_seen, key=lambda alias: (_fullness(alias), -first_seen[alias]))
        ranked.reverse()
        entity_id = _unique_id(name, label, used)
        entities.append(Entity(entity_id, name, label, tuple(ranked), mentions))
    return entities


def _unique_id(name: str, label: str, used: set[str]) -> str:
    base = slugify(name) or label.lower()
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate

"""Correcting the model's labels: organisations called people, and people called bodies.

The small model calls some organisations people (``'Shin Bet' chief Ronen Bar``). The
label matters for grouping (only people join by surname) and for the background lookup,
so a name the model calls a person becomes an organisation on general evidence:

- it is an acronym in capitals ("NERC");
- one of its words names a kind of body ("Agency", "Council", "Ministry");
- somewhere it is directly followed by a word that follows bodies, never people
  ("chief", "agency", "agents", "headquarters").

The reverse happens too ("his lawyer, Bart Jan Kuipers" as ORG, "Daniel Young" as ORG
while "Young" alone is a person). A plain two-to-four-word name the model calls a body
or place becomes a person when a role noun stands right before it ("lawyer,",
"economist") or when its last word alone is labelled a person elsewhere.
"""

from __future__ import annotations

import re

from reader.nlp.completion import JOB_TITLES, common_words
from reader.nlp.grouping import CORPORATE_SUFFIXES, GENERIC_WORDS, SURNAME_PARTICLES

Span = tuple[int, int, str]

ORGANISATION_WORDS = frozenset(
    {"Agency", "Council", "Ministry", "Department", "Committee", "Association", "Party",
     "Bank", "University", "Institute", "Foundation", "Authority", "Commission", "Court",
     "Bureau", "Service", "Office", "League", "Union", "Corporation", "Company", "Group",
     "Inc", "Inc.", "Corp", "Corp.", "Ltd", "Ltd.", "LLC", "plc", "Club", "Society", "Board",
     "Army", "Police", "Brigade", "Brigades", "Front", "Movement"}
)  # fmt: skip
"""Words that make a name a body, not a person."""
_ORGANISATION_FOLLOWER = re.compile(
    r"['’\"”]?[ \t]+(?:chief|chiefs|agency|agents|operatives|headquarters)\b(?![ \t]+of\b)"
)
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_ROLE_NOUNS = frozenset(
    {"lawyer", "attorney", "spokesman", "spokeswoman", "spokesperson", "chairman",
     "chairwoman", "director", "president", "minister", "professor", "economist", "analyst",
     "researcher", "scientist", "biologist", "founder", "executive", "secretary", "mayor",
     "governor", "senator", "coach", "manager", "captain", "judge", "colleague", "wife",
     "husband", "son", "daughter", "brother", "sister", "father", "mother", "nurse",
     "doctor", "author", "editor", "negotiator", "adviser", "advisor", "officer",
     "conservationist", "activist", "student", "teacher", "correspondent", "owner"}
)  # fmt: skip
"""Lowercase role nouns written right before a person's name ("his lawyer, X")."""
_ROLE_BEFORE = re.compile(r"([a-z]+),?[ \t]+$")
_MISTAKEN_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC"})


def _plain_name(surface: str, common: frozenset[str]) -> bool:
    """Two to four capitalised words (maybe a particle) with no word of a body or place."""
    words = surface.split()
    if not 2 <= len(words) <= 4 or words[0].lower() in common or words[0] in JOB_TITLES:
        return False
    for word in words:
        if word in SURNAME_PARTICLES:
            continue
        if not (word.istitle() and word.replace("-", "").isalpha()):
            return False
        if word in ORGANISATION_WORDS or word in CORPORATE_SUFFIXES or word in GENERIC_WORDS:
            return False
    return True


def relabel_people(text: str, spans: list[Span]) -> list[Span]:
    """Label as PERSON the plain names that context shows are people.

    Args:
        text: The document text.
        spans: Sorted ``(start, end, label)`` spans.

    Returns:
        The spans, with a body or place label changed to PERSON where the evidence says so.
    """
    common = common_words()
    plain: dict[str, bool] = {}
    candidates: dict[str, list[int]] = {}
    for start, end, label in spans:
        if label in _MISTAKEN_LABELS:
            surface = text[start:end]
            if surface not in plain:
                plain[surface] = _plain_name(surface, common)
            if plain[surface]:
                candidates.setdefault(surface, []).append(start)
    if not candidates:
        return spans
    alone: dict[str, set[str]] = {}
    for start, end, label in spans:
        alone.setdefault(text[start:end], set()).add(label)
    people: set[str] = set()
    for surface, starts in candidates.items():
        words = surface.split()
        if words[0] in alone:
            continue  # "Lisbon Metro": its first word is a name itself
        last = alone.get(words[-1], set())
        if "PERSON" in last and not last & {"GPE", "LOC", "NORP"}:
            people.add(surface)
        for start in starts:
            role = _ROLE_BEFORE.search(text, max(0, start - 30), start)
            if role and role.group(1) in _ROLE_NOUNS:
                people.add(surface)
    if not people:
        return spans
    return [
        (start, end, "PERSON") if text[start:end] in people else (start, end, label)
        for start, end, label in spans
    ]


def relabel_organisations(text: str, spans: list[Span]) -> list[Span]:
    """Label as ORG every PERSON span whose text shows it names an organisation.

    Args:
        text: The document text.
        spans: Sorted ``(start, end, label)`` spans.

    Returns:
        The spans, with PERSON changed to ORG where the evidence says so.
    """
    verdicts: dict[str, bool] = {}
    for start, end, label in spans:
        if label != "PERSON":
            continue
        surface = text[start:end]
        if surface not in verdicts:
            verdicts[surface] = bool(_ACRONYM.match(surface)) or any(
                word in ORGANISATION_WORDS for word in surface.split()
            )
        if not verdicts[surface] and _ORGANISATION_FOLLOWER.match(text, end):
            verdicts[surface] = True
    organisations = {surface for surface, verdict in verdicts.items() if verdict}
    if not organisations:
        return spans
    return [
        (start, end, "ORG")
        if label == "PERSON" and text[start:end] in organisations
        else (start, end, label)
        for start, end, label in spans
    ]

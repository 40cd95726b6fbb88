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
"economist"), when its last word alone is labelled a person elsewhere, or (two or three
words) when it opens with a common given name ("Dominic Cummings").

A name the text only ever writes alone in quotation marks ('an appearance on "Oprah,"')
is the title of a work (a show, a song, a book), not the person.

A word the model calls a number or date ("Kenyan" CARDINAL) takes the label the text
gives it elsewhere as a name.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from reader.labels import NAME_LABELS, NUMERIC_LABELS
from reader.nlp.completion import given_names, job_titles
from reader.nlp.grouping import generic_words, surname_particles
from reader.nlp.rules import active
from reader.wordlists import common_words, corporate_suffixes, entries, word_set

Span = tuple[int, int, str]

_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_ROLE_BEFORE = re.compile(r"([a-z]+),?[ \t]+$")
_MISTAKEN_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC"})


@cache
def organisation_words() -> frozenset[str]:
    """Words that make a name a body, not a person."""
    return word_set("reader.nlp", "organisation_words.txt")


@cache
def _organisation_follower() -> re.Pattern[str]:
    """A word right after a name that follows bodies, never people ("Shin Bet chief")."""
    words = "|".join(
        re.escape(word) for word in entries("reader.nlp", "organisation_followers.txt")
    )
    return re.compile(r"['’\"”]?[ \t]+(?:" + words + r")\b(?![ \t]+of\b)")


@cache
def role_nouns() -> frozenset[str]:
    """Lowercase role nouns written right before a person's name ("his lawyer, X")."""
    return word_set("reader.nlp", "role_nouns.txt")


def _plain_name(surface: str, common: frozenset[str]) -> bool:
    """Two to four capitalised words (maybe a particle) with no word of a body or place."""
    words = surface.split()
    if not 2 <= len(words) <= 4 or words[0].lower() in common or words[0] in job_titles():
        return False
    for word in words:
        if word in surname_particles():
            continue
        if not (word.istitle() and word.replace("-", "").isalpha()):
            return False
        if word in organisation_words() or word in corporate_suffixes() or word in generic_words():
            return False
    return True


def _ordinary_place(surface: str, label: str) -> bool:
    """Whether a name the model calls a place ends in an ordinary word: a place named
    after someone ("Beverly Hills", "Grace Bay"), not a person."""
    last = surface.split()[-1].lower()
    return label in {"GPE", "LOC"} and (last in common_words() or last[:-1] in common_words())


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
    labels: dict[str, str] = {}
    for start, end, label in spans:
        if label in _MISTAKEN_LABELS:
            surface = text[start:end]
            labels.setdefault(surface, label)
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
    given = given_names() if active("given-names") else frozenset()
    for surface, starts in candidates.items():
        words = surface.split()
        if words[0] in alone:
            continue  # "Lisbon Metro": its first word is a name itself
        last = alone.get(words[-1], set())
        if "PERSON" in last and not last & {"GPE", "LOC", "NORP"}:
            people.add(surface)
        if len(words) <= 3 and words[0] in given and not _ordinary_place(surface, labels[surface]):
            people.add(surface)  # "Dominic Cummings" called a body
        for start in starts:
            role = _ROLE_BEFORE.search(text, max(0, start - 30), start)
            if role and role.group(1) in role_nouns():
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
                word in organisation_words() for word in surface.split()
            )
        if not verdicts[surface] and _organisation_follower().match(text, end):
            verdicts[surface] = True
    organisations = {surface for surface, verdict in verdicts.items() if verdict}
    return _people_relabelled(text, spans, organisations, "ORG")


_QUOTED = re.compile(
    r"(?<!\bas )(?<!\bnamed )(?<!\bcalled )"
    r"[\"“‘]([^\"“”‘’\n]{1,60}?)[,.!?]?[\"”’](?!\w| [A-Z])"
)
"""A short run of words alone in quotation marks (punctuation that ends a clause allowed
inside), neither a name the text gives someone ('identified only as "Ahmed"'), a
nickname inside a name ('Earvin "Magic" Johnson') nor a possessive ("‘Oprah’s show’")."""


def relabel_quoted(text: str, spans: list[Span]) -> list[Span]:
    """Label WORK_OF_ART every PERSON name that each of its occurrences writes alone in
    quotation marks ('No "Oprah" for him', 'an appearance on "Oprah,"'): the title of a
    show, song or book named after someone. A person is quoted by their words, not by
    their bare name.

    Args:
        text: The document text.
        spans: Sorted ``(start, end, label)`` spans.

    Returns:
        The spans, with PERSON changed to WORK_OF_ART for such names.
    """
    people = {text[start:end] for start, end, label in spans if label == "PERSON"}
    quoted = Counter(match.group(1) for match in _QUOTED.finditer(text))
    candidates = sorted(people & set(quoted), key=len, reverse=True)
    if not candidates:
        return spans
    names = "|".join(re.escape(name) for name in candidates)
    written = Counter(re.findall(rf"(?<!\w)(?:{names})(?!\w)", text))
    titles = {name for name in candidates if written[name] == quoted[name]}
    return _people_relabelled(text, spans, titles, "WORK_OF_ART")


def _people_relabelled(text: str, spans: list[Span], names: set[str], new: str) -> list[Span]:
    """The spans, with the PERSON spans whose text is one of ``names`` labelled ``new``."""
    if not names:
        return spans
    return [
        (start, end, new) if label == "PERSON" and text[start:end] in names else (start, end, label)
        for start, end, label in spans
    ]


_COUNT_LABELS = NUMERIC_LABELS - {"DATE", "TIME"}
"""Numeric labels that a word without a digit never deserves ("Kenyan" CARDINAL); a date
may ("May" is a month beside "Theresa May")."""


def relabel_numbers(text: str, spans: list[Span]) -> list[Span]:
    """Give a name's label to a span without a digit that the model called a number or
    amount where the text tags the same words as a name elsewhere ("Kenyan" CARDINAL
    opening a sentence, "Kenyan" NORP before); a date stays a date ("May").

    Args:
        text: The document text.
        spans: Sorted ``(start, end, label)`` spans.

    Returns:
        The spans, with such numeric labels replaced by the name's most frequent label.
    """
    wordy = {
        text[start:end]
        for start, end, label in spans
        if label in _COUNT_LABELS and not any(char.isdigit() for char in text[start:end])
    }
    if not wordy:
        return spans
    votes: dict[str, Counter[str]] = {}
    for start, end, label in spans:
        if label in NAME_LABELS and (surface := text[start:end]) in wordy:
            votes.setdefault(surface, Counter())[label] += 1
    relabelled: list[Span] = []
    for start, end, label in spans:
        surface = text[start:end]
        if label in _COUNT_LABELS and surface in votes:
            label = votes[surface].most_common(1)[0][0]
        relabelled.append((start, end, label))
    return relabelled

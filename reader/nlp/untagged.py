"""Names the model left untagged: "a security guard at Boots", "followers on Instagram",
"behind Torpillo at Warwick", "Nerweyi did not know".

English capitalises a word inside a sentence only for a name (or "I", a day, a month, a
title). The small model tags most such words but misses many brands, products, teams,
bodies and rarer names. A run of capitalised words (or an acronym, "the FA") that the
model left untagged is a name here when:

- it follows a lowercase word or a comma ("at Boots", "the Government", "Wall Street");
- or it opens a sentence, a line or what follows a colon, where a capital says less: then
  its leading common English words (``common_words.txt``, or a regular form of one:
  "Troopers", "Playing") and articles are left out ("Like Dwin Bramall", "The Woolies
  price cuts", "ON THE MOUND: Jered Weaver worked"), and the name is what follows them, if
  anything;
- or it fills a quotation and has two words or more, a title ("Long Division," a novel);
  never otherwise after a quote, nor in a headline in title case (most words of its line
  capitalised);
- lowercase surname particles (``surname_particles.txt``) between two of its words belong
  to it ("Joost van der Westhuizen");
- none of its words is a day, a month, "I", a title or job title, or an abbreviation of an
  ordinary thing ("GDP"); it is no single letter, and no common word in capitals ("a
  HUGE fan": emphasis).

Its label is ORG, the commonest label of such names; WORK_OF_ART for a quoted title; PERSON
after a role noun (``role_nouns.txt``: "daughter Blue Ivy"); NORP for an adjective naming a
people by race or origin (``group_adjectives.txt``: "a Black man"); later rules relabel the
other people ("given-names", "relabel-people"). The rule is a spaCy pipeline component
(:class:`UntaggedNames`, added after the places by :func:`add_untagged_names`) that finds
the runs with a :class:`~spacy.matcher.Matcher`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from reader.nlp.completion import job_titles, titles
from reader.nlp.datelines import month_names
from reader.nlp.grouping import surname_particles
from reader.nlp.relabel import role_nouns
from reader.nlp.repairs import common_abbreviations, weekdays
from reader.nlp.rules import active
from reader.wordlists import common_words, word_set

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

UNTAGGED = "reader_untagged_names"
"""The component's factory name in spaCy's registry."""
GROUP = "untagged-names"
"""The component's rule group (:mod:`reader.nlp.rules`), also the id of the spans it adds."""

LABEL = "ORG"

TITLE_CASE_SHARE = 0.6
"""A line with this share of its words capitalised is a headline."""

_CAPITALISED = r"^(?:(?=.*[a-z])[A-Z][\w'’.&]*(?:-[A-Z0-9][\w'’.&]*)*(?<!\.)|[A-Z]{2,5})$"
"""A word that opens with a capital, has a lowercase letter and does not end in a full stop
("McDonald", "Irn-Bru", not "U.S.-led"), or an acronym of two to five capitals ("FA")."""

_ARTICLES = frozenset({"The", "A", "An"})
_OPENERS = frozenset({".", "!", "?", ":"})
"""Marks after which a run opens a sentence or a clause."""

_ENDINGS = (
    ("s", ""), ("es", ""), ("ies", "y"), ("d", ""), ("ed", ""), ("ied", "y"), ("ing", ""),
    ("ing", "e"), ("er", ""), ("ers", ""), ("ier", "y"), ("est", ""), ("iest", "y"),
    ("ly", ""), ("ily", "y"),
)  # fmt: skip
"""Regular English endings that the common-word list (base forms) leaves out, each with
what the base ends in instead."""


def _bases(word: str) -> Iterator[str]:
    """``word`` and the base forms it may be a regular form of: "dropped" -> "drop",
    "stating" -> "state", "stories" -> "story", "unbeaten" -> "beaten"."""
    yield word
    if word.startswith("un") and len(word) > 5:
        yield from _bases(word[2:])
    for ending, base_ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            yield stem + base_ending
            if not base_ending and len(stem) > 2 and stem[-1] == stem[-2]:
                yield stem[:-1]  # a doubled consonant


@cache
def _never_names() -> frozenset[str]:
    """Lowercase words that a capital inside a sentence does not make a name ("I" is a
    single letter, never taken)."""
    lists = (weekdays(), month_names(), titles(), job_titles(), common_abbreviations())
    return frozenset(word.lower() for words in lists for word in words)


@cache
def group_adjectives() -> frozenset[str]:
    """Adjectives naming a people by race or origin, lower case ("black", "indigenous")."""
    return word_set("reader.nlp", "group_adjectives.txt")


def _headline_tokens(doc: Doc) -> list[bool]:
    """For each token of ``doc``, whether its line is written in title case, a headline
    ("Stores Are Closing Earlier Than Expected"), where capitals say nothing of names. The
    names the model tagged are not counted: a sentence full of names is no headline."""
    flags: list[bool] = []
    line: list[Token] = []
    for token in doc:
        line.append(token)
        if token.is_space or "\n" in token.whitespace_ or token.i == len(doc) - 1:
            words = [word for word in line if word.is_alpha and not word.ent_type]
            capitals = sum(word.text[0].isupper() for word in words)
            flags.extend([capitals >= TITLE_CASE_SHARE * len(words)] * len(line))
            line = []
    return flags


class UntaggedNames:
    """The pipeline component: each untagged capitalised run that passes the checks above
    becomes a name (when the group is on)."""

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import Matcher

        self.common = common_words()
        self.matcher = Matcher(nlp.vocab)
        # One word a match, joined into runs here: a "+" pattern makes the Matcher try
        # every sub-run, quadratic in a run's length (a text in capitals is one long run).
        self.matcher.add(UNTAGGED, [[{"TEXT": {"REGEX": _CAPITALISED}}]])

    def _common(self, word: str) -> bool:
        """Whether ``word`` (lower case) is a common word or a regular form of one
        ("playing", "troopers", "stories", "dropped", "undeterred")."""
        return any(base in self.common for base in _bases(word))

    def _name(self, run: Span, headline: list[bool]) -> Span | None:
        """The name in the capitalised ``run``, with its label, or ``None``; ``headline``
        as from :func:`_headline_tokens`."""
        from spacy.tokens import Span

        doc = run.doc
        if (  # "Urus-Martan": a capitalised word after a hyphen belongs to a one-word run
            len(run) == 1
            and run.end + 1 < len(doc)
            and doc[run.end].text == "-"
            and not doc[run.end - 1].whitespace_
            and not doc[run.end].whitespace_
            and re.match(_CAPITALISED, doc[run.end + 1].text)
        ):
            run = doc[run.start : run.end + 2]
        lead = doc[run.start - 1] if run.start else None
        label = LABEL
        if lead is None or lead.is_space or "\n" in lead.whitespace_ or lead.text in _OPENERS:
            while run and (run[0].text in _ARTICLES or self._common(run[0].lower_)):
                run = run[1:]  # "Like Dwin Bramall", "The Woolies price cuts"
            if not run:
                return None
        elif lead.lower_ in role_nouns():  # "daughter Blue Ivy"
            label = "PERSON"
        elif lead.is_quote and len(run) >= 2 and _fills_quote(run):
            label = "WORK_OF_ART"  # '"Long Division," a novel'
        elif lead.text != "," and not (lead.is_lower and lead.is_alpha):
            return None
        if sum(char.isalpha() for char in run.text) < 2 or headline[run.start]:
            return None
        if any(token.lower_.removesuffix("s") in _never_names() for token in run):  # "MPs"
            return None
        if any(len(token) > 3 and token.is_upper and self._common(token.lower_) for token in run):
            return None  # a common word in capitals is emphasis ("a HUGE fan"), no acronym
        if len(run) == 1 and run[0].lower_ in group_adjectives():
            label = "NORP"  # "a Black man"
        return Span(doc, run.start, run.end, label=label, span_id=GROUP)

    def __call__(self, doc: Doc) -> Doc:
        """Add the untagged names to ``doc.ents``."""
        if not active(GROUP):
            return doc
        from spacy.util import filter_spans

        words = sorted(start for _, start, _ in self.matcher(doc))
        if not words:
            return doc
        words = _with_particles(doc, words)
        headline = _headline_tokens(doc)
        found = []
        for start, end in _runs(words):
            name = self._name(doc[start:end], headline)
            if name is not None and not any(token.ent_type for token in name):
                found.append(name)
        if found:
            doc.ents = sorted([*doc.ents, *filter_spans(found)], key=lambda span: span.start)
        return doc


def _fills_quote(run: Span) -> bool:
    """Whether ``run`` is all of a quotation, up to its closing quote or a final comma or
    full stop before it."""
    doc, end = run.doc, run.end
    if end < len(doc) and doc[end].text in {",", ".", "!", "?"}:
        end += 1
    return end < len(doc) and doc[end].is_quote


def _with_particles(doc: Doc, words: list[int]) -> list[int]:
    """``words`` (token indices, sorted) and the lowercase surname particles between two of
    them ("Joost van der Westhuizen")."""
    capitalised = set(words)
    between: list[int] = []
    for index in words:
        end = index + 1
        while end < len(doc) and doc[end].text in surname_particles():
            end += 1
        if end > index + 1 and end in capitalised:
            between.extend(range(index + 1, end))
    return sorted(capitalised.union(between))


def _runs(words: list[int]) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of each run of consecutive token indices in ``words`` (sorted)."""
    start = previous = words[0]
    for index in words[1:]:
        if index != previous + 1:
            yield start, previous + 1
            start = index
        previous = index
    yield start, previous + 1


def add_untagged_names(nlp: Language) -> None:
    """Add the component last (registering its factory once)."""
    from spacy.language import Language

    if not Language.has_factory(UNTAGGED):
        Language.factory(UNTAGGED, func=lambda nlp, name: UntaggedNames(nlp))
    nlp.add_pipe(UNTAGGED, last=True)

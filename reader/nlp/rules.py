"""The rule groups applied after the model, by name, so that each can be measured alone.

Every step that changes the model's spans or groups them is one named group here.
``bench/corpus.py --ablate`` turns each off in turn over the development corpus and
prints its effect: a group stays only if the corpus as a whole is better with it.
Rules are on unless :func:`disabled` says otherwise (thread- and task-local).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

RULE_GROUPS: dict[str, str] = {
    "unshout": "headlines and datelines in capitals reach the model in title case",
    "datelines": 'a place in capitals before a date or agency is a GPE ("OSLO 2031-04-02")',
    "holidays": 'a holiday the model read as a date is an event ("on Easter Sunday")',
    "places": 'a large city, US state or country the model left untagged is a GPE ("LEEDS")',
    "untagged-names": 'a capitalised run the model left untagged is a name ("on Instagram")',
    "line-breaks": "a span the model ran across a line break is cut into its lines",
    "section-labels": 'a label in capitals before a headline is no name ("ROWING - OXFORD WIN")',
    "open-brackets": 'a span is cut at a bracket it never closes ("Hurricane Center (NHC")',
    "separators": 'a span is cut at spaced dashes and commas ("SOCCER - JAPAN", "Oval , London")',
    "slashes": 'a span is cut at slashes listing names; a credit opens on a person ("Ann Lee/AFP")',
    "place-pairs": 'listed places joined by hyphens are cut into them ("Delhi-Noida border")',
    "prepositions": 'a span is cut at a preposition joining two names ("Leeds v Hull")',
    "case-change": 'a span is cut where title case turns to capitals ("Ann Lee LONDON")',
    "headline-pieces": 'a headline in capitals read as one name is cut into its names ("KENT WIN")',
    "scores": 'scores and numbers glued to a name are cut off ("S. Watkin 4-28", "Ann Lee 71")',
    "figures": 'a span of numbers only is no name, whatever its label ("3 1 1 0 9 4")',
    "score-lines": 'a line of results read as one name is cut into its names ("Ayr 0 Troon 3")',
    "leading-the": 'a capital "The" inside a sentence begins the name ("at The Times")',
    "lowercase-tail": 'lowercase words at the end of a name are cut off ("Wirepress news agency")',
    "lowercase-head": 'lowercase words opening a person are cut off ("dying dad Bo Lee")',
    "sentence-openers": 'a participle opening a sentence is no part of a name ("Enraged Ural")',
    "common-openers": 'an ordinary word opening a sentence is no place ("Media playback is")',
    "title-tails": 'a title between a body and a person is cut off ("X Daily Correspondent Ann")',
    "extend-names": 'a left-out first word, particles, a model number, "Ann [Lee]" are taken in',
    "single-initials": 'a capital letter right before a person begins the name ("T Bone Burnett")',
    "joined-bodies": 'pieces of a body\'s name with "and" are one ("Avon and Somerset Police")',
    "next-word": 'a one-word name takes in the capitalised word after it ("Bob Estes")',
    "norp-bodies": 'a group before an ordinary capitalised word names a body ("Islamic State")',
    "countries": 'a country, nationality or people the model left untagged is a name ("Scots")',
    "repeated-acronyms": 'an acronym running text writes twice is a name ("the KDP said")',
    "numbered-items": 'names in a numbered list on one line are names ("1 - Ann Lee, 2 - Bo Tal")',
    "table-rows": 'a name opening a row of numbers is a name ("Wigan 4 3 1 0 9 4 10")',
    "initials": 'a capitalised surname after initials is a person ("W. Athey 111")',
    "bracket-acronyms": 'an acronym in brackets after a name is a name ("(BOM)")',
    "acronym-letters": 'a bracketed acronym joins no name short of its letters ("Vantria (RDV)")',
    "numbers-as-names": "a word the model calls a number but tags as a name elsewhere is a name",
    "relabel-people": "a name the model labels otherwise but the text uses as a person's",
    "given-names": 'a plain name opening with a common given name is a person ("Dominic Cummings")',
    "relabel-organisations": "a name the model labels otherwise but the text uses as an ORG",
    "quoted-titles": "a person's name only ever alone in quotes is a work (on “Oprah”)",
    "known-abbreviations": 'the abbreviation table joins "U.S." and "United States"',
    "case-variants": 'forms that differ in case or a hyphen are one ("AL-RAM", "al-Ram", "TriMet")',
    "capital-prefixes": 'a headline name in capitals joins the longer name it begins ("U.S. OPEN")',
    "join-people": "a person's surname or first name joins the full name",
    "country-surnames": 'a country is a surname only after a given name (not "Ola Lund Norway")',
    "join-acronyms": "an acronym joins the name whose initials it is",
    "join-companies": 'a company without its suffix joins the full name ("Acme", "Acme Inc")',
    "join-places": 'a place\'s short name joins the full one ("Ouse", "River Ouse")',
    "drop-places": 'a name without the place before it joins the full one ("Navy", "U.S. Navy")',
    "short-aliases": "short forms of a name are looked for in the text",
    "other-first-names": "a surname found again after another first name is another person",
    "titles-after": 'a known name before a job title is a mention ("Tory MP Ann Lee")',
    "capitals-completion": 'a known name in a headline in capitals is a mention ("LEE TO GO")',
    "complete-mentions": "every further occurrence of a known name is a mention",
}
"""Each rule group and the general pattern it handles."""

MODEL_GROUPS: tuple[str, ...] = ("unshout", "datelines", "holidays", "places", "untagged-names")
"""Groups that act on the text the model reads or inside the spaCy pipeline: to measure
one, the model must run again with it off (spaCy's helper processes, when ``nlp.pipe``
runs several, always apply every group)."""

_DISABLED: ContextVar[frozenset[str]] = ContextVar("reader_disabled_rules", default=frozenset())


def active(group: str) -> bool:
    """Whether the rule group ``group`` applies."""
    return group not in _DISABLED.get()


@contextmanager
def disabled(groups: Iterable[str]) -> Iterator[None]:
    """Turn the named rule groups off inside the ``with`` block.

    Raises:
        KeyError: A name that is not in :data:`RULE_GROUPS`.
    """
    names = frozenset(groups)
    unknown = names - RULE_GROUPS.keys()
    if unknown:
        raise KeyError(f"unknown rule groups: {', '.join(sorted(unknown))}")
    token = _DISABLED.set(names)
    try:
        yield
    finally:
        _DISABLED.reset(token)

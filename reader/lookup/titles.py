"""The titles to ask the wiki for an entity, most specific first: the country a nationality
names, the place as the article qualifies it, the name itself and its other forms. Dates,
amounts and numbers are not looked up at all (:func:`skip_lookup`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import cache, lru_cache
from types import MappingProxyType

from reader.labels import NUMERIC_LABELS
from reader.models import Entity
from reader.wordlists import common_words, word_set, word_table

MAX_TITLES = 6
"""Titles tried per entity at most."""

_QUALIFIER = re.compile(r",\s([A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+)?)(?=[,.;:)]|\s[a-z]|\s[-–—]|$)")
"""A region right after a place: ", Virginia" in "Alexandria, Virginia, found", ", Maine"
in a dateline, "PORTLAND, Maine — "."""

_PLACE_WORDS = frozenset(
    {"district", "area", "region", "borough", "suburb", "neighbourhood", "neighborhood"}
)


def title_candidates(entity: Entity, text: str) -> list[str]:
    """Titles to try for an entity, most specific first; the service asks for all titles up
    to the entity's own name in its first batch, and the later ones only if those are missing.

    Before the name come: the country a nationality names ("Italy" for "Italian"), the
    place as the article qualifies it ("Alexandria, Virginia"), the people a nationality
    names ("Germans", "Dutch people"), a body of ordinary words as the article's country's
    ("Supreme Court of India") and the name without a
    trailing kind word ("Opladen" for "Opladen district"). After it come a dateline's
    word in ordinary case ("Paphos" for "PAPHOS"), the name without a country's
    abbreviation ("National Hurricane Center" for "U.S. National Hurricane Center"), the
    aliases, a person's first and last names alone ("Jose Goni" for "Jose Mario Goni") or
    without a nickname in quotes ("Kiki Camarena" for 'Enrique "Kiki" Camarena') and model
    names ("Boeing 787").
    """
    titles = [*nation(entity), *_qualified(entity, text), *_peoples(entity)]
    titles += _of_country(entity, text)
    titles += people_of_place(entity, text)
    titles += _without_kind_word(entity)
    titles += [entity.name, *_uncapped(entity), *_without_country(entity), *entity.aliases]
    titles += without_middle_names(entity) + without_nickname(entity)
    if any(ch.isdigit() for ch in entity.name) and len(entity.name) <= 12:
        for mention in entity.mentions[:20]:
            match = re.search(
                r"([A-Z][\w&-]+)(?:['’]s)?\s+$", text[max(0, mention.start - 40) : mention.start]
            )
            if match:
                titles.insert(titles.index(entity.name) + 1, f"{match.group(1)} {entity.name}")
    cleaned = []
    for title in titles:
        title = " ".join(title.split())
        if 0 < len(title) <= 120 and "|" not in title and title not in cleaned:
            cleaned.append(title)
    return cleaned[:MAX_TITLES]


def _of_country(entity: Entity, text: str) -> list[str]:
    """ "National Police Agency (Japan)" and "Supreme Court of Japan": a body named with
    ordinary words ("Culture Ministry" as "Ministry of Culture") in an article that writes
    one country most, titled as the wiki titles such a body of a country."""
    words = entity.name.split()
    if entity.label != "ORG" or not all(word.istitle() for word in words):
        return []
    if not all(word.lower() in common_words() for word in words):
        return []
    country = main_country(text)
    if country is None:
        return []
    name = f"Ministry of {' '.join(words[:-1])}" if words[-1] == "Ministry" else entity.name
    return [f"{name} ({country})", f"{name} of {country}"]


def main_country(text: str) -> str | None:
    """The country the article writes most often (:func:`countries_written`), if one does."""
    ranked = Counter(_country_counts(text)).most_common(2)
    if not ranked:
        return None
    return ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None


_NICKNAMED = re.compile(r"(\S+) [\"“]([^\"“”]+)[\"”] (\S.*)")
"""A person's name with a nickname in quotes: 'Enrique "Kiki" Camarena'."""


def without_nickname(entity: Entity) -> list[str]:
    """ "Enrique Camarena" and "Kiki Camarena" for 'Enrique "Kiki" Camarena': the wiki
    titles a person by name or by nickname, never with the quotes."""
    match = _NICKNAMED.fullmatch(entity.name) if entity.label == "PERSON" else None
    if match is None:
        return []
    given, nickname, surname = match.groups()
    return [f"{given} {surname}", f"{nickname} {surname}"]


def without_middle_names(entity: Entity) -> list[str]:
    """ "Jose Goni" for "Jose Mario Goni": a person's name of three or four capitalised words,
    without those between the first and the last, as the wiki titles most people; not a
    name ending in a generational suffix ("Martin Luther King Jr.")."""
    words = entity.name.split()
    if entity.label != "PERSON" or not 3 <= len(words) <= 4 or words[-1] in _suffixes():
        return []
    if not all(word[:1].isupper() and word.rstrip(".").isalpha() for word in words):
        return []
    return [f"{words[0]} {words[-1]}"]


def _suffixes() -> frozenset[str]:
    return word_set("reader.nlp", "name_suffixes.txt")  # the language's words, with the NLP


def _uncapped(entity: Entity) -> list[str]:
    """ "Paphos" for a dateline's "PAPHOS", "Mexico City" for "MEXICO CITY": words in
    capitals too long for an acronym, each capitalised but the small ones ("Isle of Man")."""
    name = entity.name
    words = name.split()
    if len(name) < 5 or not name.isupper() or not all(word.isalpha() for word in words):
        return []
    if any(len(word) < 3 and word.lower() not in _SMALL_WORDS for word in words):
        return []  # an acronym among them: "AC MILAN"
    return [
        " ".join(
            w.lower() if n and w.lower() in _SMALL_WORDS else w.capitalize()
            for n, w in enumerate(words)
        )
    ]


_SMALL_WORDS = frozenset({"of", "the", "and", "on", "upon", "de", "del", "la", "le"})
"""Words a title writes in lowercase inside a name ("Isle of Man")."""


def _without_country(entity: Entity) -> list[str]:
    """ "National Hurricane Center" for "U.S. National Hurricane Center": a name of two or
    more capitalised words after the abbreviation of a country or union ("U.S.", "UK",
    "EU"), which the wiki titles without it."""
    head, _, rest = entity.name.partition(" ")
    if head not in _country_abbreviations() or len(rest.split()) < 2:
        return []
    return [rest] if all(word[:1].isupper() for word in rest.split()) else []


@cache
def _country_abbreviations() -> frozenset[str]:
    """The abbreviations among the known short forms of countries and unions ("U.S.",
    "UK", "EU"), kept with the NLP (``reader/nlp/data/known_abbreviations.tsv``)."""
    table = word_table("reader.nlp", "known_abbreviations.tsv")
    return frozenset(key for key in table if key.replace(".", "").isupper())


def _qualified(entity: Entity, text: str) -> list[str]:
    """ "Alexandria, Virginia" where the article writes the place with its region."""
    if entity.label not in ("GPE", "LOC", "FAC") or entity.name.isupper():
        return []
    found = []
    for mention in entity.mentions[:20]:
        after = _QUALIFIER.match(text, mention.end)
        if after:
            found.append(f"{entity.name}, {after.group(1)}")
    return list(dict.fromkeys(found))[:1]


def nation(entity: Entity) -> list[str]:
    """ "Italy" for the nationality "Italian", as annotated news links it."""
    if entity.label != "NORP":
        return []
    country = _demonyms().get(entity.name)
    return [country] if country else []


def _demonyms() -> Mapping[str, str]:
    return word_table("reader.nlp", "demonyms.tsv")  # the language's words, kept with the NLP


@cache
def _country_forms() -> Mapping[str, str]:
    """Each way of writing a country ("India", "Indian", "U.S.") and the country's title:
    from ``demonyms.tsv`` and ``known_abbreviations.tsv``, kept with the NLP."""
    forms = dict(_demonyms())
    forms.update({country: country for country in _countries()})
    abbreviations = word_table("reader.nlp", "known_abbreviations.tsv")
    forms.update({key: title for key, title in abbreviations.items() if title in _countries()})
    return forms


@cache
def _countries() -> frozenset[str]:
    """The countries' titles (``demonyms.tsv``: with England, Scotland and Wales)."""
    return frozenset(_demonyms().values())


def countries_written(text: str) -> frozenset[str]:
    """The titles of the countries the article writes, by name, nationality or
    abbreviation ("India", "Indian", "U.S."), not inside a longer name ("Indian Ocean",
    "South Sudan", "Latin American")."""
    return frozenset(_country_counts(text))


@lru_cache(maxsize=8)
def _country_counts(text: str) -> Mapping[str, int]:
    """How often the article writes each country (:func:`countries_written`)."""
    counts: Counter[str] = Counter()
    for form, title in _country_forms().items():
        for match in re.finditer(rf"(?<![\w.-]){re.escape(form)}(?![\w-])", text):
            if not _inside_longer_name(text, match.start(), match.end()):
                counts[title] += 1
    return MappingProxyType(dict(counts))


_WORD_BEFORE = re.compile(r"([A-Z][\w'’-]*) $")
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:\n\"“(]\s*)$")
_WORD_AFTER = re.compile(r" ([A-Z][a-z]+)")


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """Whether a country's name at ``start:end`` is part of a longer name: after a
    capitalised word inside a sentence ("South Sudan", "Latin American", not "The
    Indian") or before a geographic word ("Indian Ocean", ``geographic_words.txt``)."""
    before = text[max(0, start - 40) : start]
    word = _WORD_BEFORE.search(before)
    if (
        word is not None
        and word.group(1) not in _ARTICLES
        and not _SENTENCE_BEFORE.search(before, 0, word.start())
    ):
        return True
    after = _WORD_AFTER.match(text, end)
    return after is not None and after.group(1) in _geographic_words()


_ARTICLES = frozenset({"The", "A", "An"})


@cache
def _geographic_words() -> frozenset[str]:
    return word_set("reader.nlp", "geographic_words.txt")  # kept with the NLP


_COUNTRY_QUALIFIERS = (re.compile(r"\(([^()]+)\)$"), re.compile(r".*\bof (?:the )?([^()]+)$"))
"""Where a title names a country: in brackets at its end, or after its last "of"."""


def title_country(title: str) -> str | None:
    """The country a title names its subject's ("Supreme Court of India", "National Police
    Agency (Japan)", "Ministry of Culture (Peru)"), if any."""
    for pattern in _COUNTRY_QUALIFIERS:
        match = pattern.search(title)
        if match and match.group(1) in _countries():
            return match.group(1)
    return None


_PEOPLE_ENDINGS = ("ns", "ians", "ers", "ites")
"""Endings of the people of a place: Victoria-ns, Paris-ians, London-ers, Denver-ites."""


def people_of_place(entity: Entity, text: str) -> list[str]:
    """ "Victoria" for "Victorians" where the article names Victoria: the people of a place
    the article names (a plural no country table holds), which annotated news links to the
    place; its title is asked first."""
    name = entity.name
    if entity.label != "NORP" or nation(entity) or " " in name or not name[:1].isupper():
        return []
    for ending in _PEOPLE_ENDINGS:
        place = name[: -len(ending)]
        if name.endswith(ending) and len(place) >= 4 and _writes_word(text, place):
            return [place]
    return []


def _writes_word(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word`` as a word of its own (a word of letters and digits
    is looked up among the text's words, gathered once per text, not searched for)."""
    if re.fullmatch(r"\w+", word):
        return word in _words_of(text)
    return re.search(rf"\b{re.escape(word)}\b", text) is not None


@lru_cache(maxsize=8)
def _words_of(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text))


def _peoples(entity: Entity) -> list[str]:
    """ "Germans" and "German people" for the nationality "German"."""
    name = entity.name
    if entity.label != "NORP" or " " in name or not name[:1].isupper() or name.endswith("s"):
        return []
    return [f"{name}s", f"{name} people"]


def _without_kind_word(entity: Entity) -> list[str]:
    """ "Opladen" for "Opladen district": a place named with the word for its kind."""
    head, _, last = entity.name.rpartition(" ")
    if entity.label in ("GPE", "LOC", "FAC") and head and last.islower() and last in _PLACE_WORDS:
        return [head]
    return []


def skip_lookup(entity: Entity) -> bool:
    """Dates, amounts and numbers have no page, unless the number names a model ("Boeing 787")."""
    if entity.label not in NUMERIC_LABELS:
        return False
    return entity.label != "CARDINAL" or not re.fullmatch(r"\d{2,5}", entity.name)

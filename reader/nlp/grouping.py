"""Grouping surface forms into entities: one entity per real-world thing.

A *form* is one distinct cleaned surface string of name-like spans ("Netanyahu",
"Benjamin Netanyahu", "U.S."). Forms are joined into groups by a few general rules:

- well-known abbreviations ("U.S.", "US", "America") join their full name, which also
  names the group ("United States") even when it never occurs;
- an acronym joins the one multi-word name whose initials it spells ("IMF"), with or
  without the small words' ("BOM", Bureau of Meteorology);
- a person's surname, trailing part or (if unambiguous) first name joins the one person
  whose full name ends (or starts) with it; when it fits two people it stays apart;
- a company name joins its longer form with a corporate suffix ("Acme" / "Acme Corp.");
- a place's short name joins its full name with a generic word ("Ouse" / "River Ouse",
  "Kerinci Seblat" / "Kerinci Seblat National Park"), but a demonym never does
  ("American" / "American River");
- a name without the place or nationality before it joins the one longer name
  ("Navy" / "U.S. Navy");
- forms that differ only in case or a hyphen are one ("AL-RAM" / "al-Ram", "TEHRAN" /
  "Tehran"), a name in capitals joins the one longer name it begins ("U.S. OPEN"),
  "The X" joins "X";
- an alias the text declares ("known as NWO") joins its name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from reader.nlp.abbreviations import all_abbreviations, state_abbreviations
from reader.nlp.acronyms import function_words
from reader.nlp.completion import given_names
from reader.nlp.rules import active
from reader.wordlists import common_words, corporate_suffixes, word_set, word_table

_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}$|^[A-Z][a-z]{2,5}$")
"""U.S.-style dotted or all-caps acronyms, and British-style ones ("Defra", "Nasa")."""
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_PLACE_NAME_LABELS = frozenset({"GPE", "LOC", "NORP"})
"""Labels of the place or nationality a longer name may start with ("U.S. Navy")."""
"""Labels of a one-word form that stays apart from a person's name ("Jordan", "Paris")."""


@cache
def generic_words() -> frozenset[str]:
    """Words a place's short name drops ("River Ouse" -> "Ouse", "Emirates Stadium" ->
    "Emirates"); not "County" or "District": "Sacramento County" is more than the city of
    Sacramento."""
    return word_set("reader.nlp", "generic_place_words.txt")


@cache
def _generic_qualifiers() -> frozenset[str]:
    """Words before a trailing generic word that go with it ("Kerinci Seblat National Park")."""
    return word_set("reader.nlp", "generic_qualifiers.txt")


@cache
def name_suffixes() -> frozenset[str]:
    """Generational suffixes that end a personal name ("Jr.", "III")."""
    return word_set("reader.nlp", "name_suffixes.txt")


def _without_suffix(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A person's name without its generational suffix ("Sam Desue Jr." -> "Sam Desue"),
    when a first name and a surname remain."""
    if len(tokens) > 2 and tokens[-1] in name_suffixes():
        return tokens[:-1]
    return tokens


@cache
def surname_particles() -> frozenset[str]:
    """Lowercase particles inside surnames ("de", "van", "al", "bin")."""
    return word_set("reader.nlp", "surname_particles.txt")


@dataclass(slots=True)
class Form:
    """One distinct surface form and the votes the model cast for it."""

    text: str
    """The surface string."""
    labels: Counter[str] = field(default_factory=Counter)
    """How often the model gave each label."""
    first: int = 0
    """Offset of the first mention."""
    label: str = ""
    """The most common label (ties: the first seen); set by :meth:`settle`."""
    tokens: list[str] = field(default_factory=list)
    """The form split on whitespace, without the square brackets an editor put round a
    surname ("Jack [Begert" is Jack, Begert); set by :meth:`settle`."""

    def settle(self) -> None:
        """Fix ``label`` and ``tokens`` once every vote is counted."""
        self.label = self.labels.most_common(1)[0][0]
        self.tokens = self.text.replace("[", "").replace("]", "").split()


class _Groups:
    """Union-find over form texts, noting why each form joined (a :data:`JOINS` key)."""

    def __init__(self, texts: list[str], why: dict[str, str]) -> None:
        self.parent = {text: text for text in texts}
        self.why = why

    def find(self, text: str) -> str:
        root = text
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[text] != root:
            self.parent[text], text = root, self.parent[text]
        return root

    def join(self, short: str, full: str, why: str) -> None:
        root = self.find(full)
        if self.find(short) != root:
            self.why.setdefault(short, why)
        self.parent[self.find(short)] = root


def _initials(tokens: list[str]) -> str:
    small = function_words()
    words = [token for token in tokens if token not in small]
    return "".join(word[0] for word in words if word[:1].isupper())


def _surname_key(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens with a leading particle in lowercase: "De Wit" opening a sentence is "de Wit"."""
    if len(tokens) > 1 and tokens[0].lower() in surname_particles():
        return (tokens[0].lower(), *tokens[1:])
    return tokens


def _is_person(form: Form) -> bool:
    return form.label == "PERSON"


JOINS = {
    "declared": "acronym the text defines for {name}",
    "abbreviation": "another name for {name}",
    "capitals": "{name} in capitals",
    "variant": "another form of {name}",
    "surname": "surname of {name}",
    "first name": "first name of {name}",
    "acronym": "acronym of {name}",
    "short": "short form of {name}",
}
"""Why a form joined its group, as the reader is told it (``{name}``: the entity's)."""


def group_forms(
    forms: dict[str, Form],
    declared: Iterable[tuple[str, str]] = (),
    why: dict[str, str] | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Group forms that name the same thing.

    Args:
        forms: Every name-like form, keyed by its text.
        declared: ``(alias, name)`` pairs the text itself declares ("the Dutch Research
            Council, known as NWO"); joined first when both are forms.
        why: Filled with the rule (a :data:`JOINS` key) that joined each form that
            joined another (the first rule to move it).

    Returns:
        ``(root_of, name_of_root)``: the group (root form text) of every form, and the
        display name of the groups that take their name from the abbreviation table.
    """
    for form in forms.values():
        form.settle()
    texts = sorted(
        forms, key=lambda text: (-len(forms[text].tokens), -len(text), forms[text].first)
    )
    groups = _Groups(texts, {} if why is None else why)
    names: dict[str, str] = {}
    for alias, name in declared:
        if alias in forms and name in forms and groups.find(alias) == alias:
            groups.join(alias, name, "declared")
    if active("known-abbreviations"):
        _join_known_abbreviations(forms, groups, names)
    if active("case-variants"):
        _join_case_variants(texts, groups)
    if active("capital-prefixes"):
        _join_capital_prefixes(forms, texts, groups)
    for text in texts if active("leading-the") else ():  # "The Times" opening a sentence
        if text.startswith("The ") and text[4:] in forms:
            groups.join(text[4:], text, "variant")
    for group, join in (
        ("join-people", _join_people),
        ("join-acronyms", _join_acronyms),
        ("join-companies", _join_companies),
        ("join-places", _join_places),
        ("drop-places", _drop_places),
    ):
        if active(group):
            join(forms, texts, groups)
    root_of = {text: groups.find(text) for text in texts}
    return root_of, {root_of[root]: name for root, name in names.items()}


def _variant_key(text: str) -> str:
    return "".join(text.lower().replace("-", "").split())


def _join_case_variants(texts: list[str], groups: _Groups) -> None:
    """Join forms that differ only in case, or in a hyphen for a space or for nothing
    ("AL-RAM" and "al-Ram", "Jay-Z" and "Jay Z", "Tri-Met" and "TriMet"); short ones stay
    apart ("US" and "Us"). A form in capitals joins one in other case, and is said to be it
    in capitals ("TEHRAN" in a dateline is "Tehran")."""
    first: dict[str, str] = {}
    for text in sorted(texts, key=str.isupper):  # stable: forms in capitals last
        key = _variant_key(text)
        if sum(char.isalpha() for char in key) < 4:
            continue
        if key in first:
            anchor = first[key]
            shouted = text.isupper() and not anchor.isupper()
            groups.join(text, anchor, "capitals" if shouted else "variant")
        else:
            first[key] = text


def _join_capital_prefixes(forms: dict[str, Form], texts: list[str], groups: _Groups) -> None:
    """Join a name in capitals to the one longer name in other case that it begins: a
    headline shortens names ("U.S. OPEN" for "U.S. Open Tennis Championships"). Not a
    place: "NEW YORK" in a dateline is not "New York Stock Exchange"."""
    by_prefix: dict[tuple[str, ...], set[str]] = {}
    for text in texts:
        tokens = forms[text].tokens
        if not text.isupper():
            for end in range(2, len(tokens)):
                by_prefix.setdefault(tuple(tokens[:end]), set()).add(text)
    for text in texts:
        form = forms[text]
        if (
            len(form.tokens) < 2
            or not text.isupper()
            or form.label in _PLACE_LABELS  # a dateline's "NEW YORK" is the city
            or groups.find(text) != text
        ):
            continue
        fits = {groups.find(full) for full in by_prefix.get(tuple(text.title().split()), ())}
        if len(fits) == 1:
            groups.join(text, fits.pop(), "capitals")


def _drop_places(forms: dict[str, Form], texts: list[str], groups: _Groups) -> None:
    """Join a name to the one longer name that is it with a place or nationality before
    it ("Navy" / "U.S. Navy", "Giants" / "San Francisco Giants"); the place is a form
    the model labelled a place in the same text, a country or nationality, or a place
    or body of the abbreviation table."""
    places = {text for text in texts if forms[text].label in _PLACE_NAME_LABELS}
    places |= countries_and_nationalities()
    by_rest: dict[tuple[str, ...], list[str]] = {}
    for text in texts:
        form = forms[text]
        if _is_person(form) or form.label in _PLACE_NAME_LABELS:
            continue
        for cut in range(1, len(form.tokens)):
            if " ".join(form.tokens[:cut]) in places:
                by_rest.setdefault(tuple(form.tokens[cut:]), []).append(text)
    for text in texts:
        form = forms[text]
        if _is_person(form) or form.label in _PLACE_NAME_LABELS or groups.find(text) != text:
            continue
        fits = {groups.find(full) for full in by_rest.get(tuple(form.tokens), ())}
        fits.discard(text)
        if len(fits) == 1:
            groups.join(text, fits.pop(), "short")


@cache
def countries_and_nationalities() -> frozenset[str]:
    """Countries and nationality adjectives of ``demonyms.tsv``, and the abbreviations of
    countries and US states ("U.S.", "N.Y."; not "Fed")."""
    table = word_table("reader.nlp", "demonyms.tsv")
    places = frozenset(table) | frozenset(table.values())
    states = state_abbreviations()
    known = all_abbreviations()
    return places | {short for short, full in known.items() if full in places or short in states}


def _join_known_abbreviations(
    forms: dict[str, Form], groups: _Groups, names: dict[str, str]
) -> None:
    table = all_abbreviations()
    full_names = frozenset(table.values())
    anchors: dict[str, str] = {}
    for text, form in forms.items():
        full = table.get(text, text if text in full_names else None)
        if full is None or _is_person(form):
            continue
        if text != full:
            groups.why.setdefault(text, "abbreviation")
        if full in anchors:
            groups.join(text, anchors[full], "abbreviation")
        else:
            anchors[full] = text
    for full, anchor in anchors.items():
        names[groups.find(anchor)] = full


def _join_people(forms: dict[str, Form], texts: list[str], groups: _Groups) -> None:
    """Join surnames and first names to the one full name they fit."""
    by_suffix: dict[tuple[str, ...], set[str]] = {}
    by_first: dict[str, set[str]] = {}
    by_ends: dict[tuple[str, str], list[str]] = {}
    for text in texts:
        form = forms[text]
        tokens = tuple(form.tokens)
        if len(tokens) < 2 or not _is_person(form):
            continue
        # A longer variant of an already seen name ("John F. Kennedy" / "John Kennedy").
        ends = (tokens[0], tokens[-1])
        for other in by_ends.get(ends, ()):
            if set(tokens) <= set(forms[other].tokens):
                groups.join(text, other, "variant")
                break
        by_ends.setdefault(ends, []).append(text)
        core = _without_suffix(tokens)
        for i in range(1, len(core)):
            by_suffix.setdefault(_surname_key(core[i:]), set()).add(text)
        by_first.setdefault(tokens[0], set()).add(text)
    # The small model often labels a surname it does not know as a place ("Araghchi" GPE),
    # so any short form may join the one person whose name ends with it.
    for text in texts:
        form = forms[text]
        tokens = tuple(form.tokens)
        fulls = by_suffix.get(_surname_key(tokens), set())
        if active("country-surnames") and _country_as_place(form):
            # "Norway" is the country, not the end of a list's "Ola Lund Norway", nor of a
            # show's "Bachelorette Australia": a person's only after a given name.
            fulls = {
                full
                for full in fulls
                if len(forms[full].tokens) == 2 and forms[full].tokens[0] in given_names()
            }
        fits = {groups.find(full) for full in fulls if full != text}
        part = "surname"
        if not fits and len(tokens) == 1 and not form.labels.keys() & _PLACE_LABELS:
            # A bare first name, whatever the model called it ("Jake" NORP) unless a
            # place: only when one person bears it (never guess between two).
            firsts = [full for full in by_first.get(tokens[0], ()) if full != text]
            fits = {groups.find(full) for full in firsts}
            part = _first_word_part(tokens[0], [forms[full].tokens for full in firsts])
        if len(fits) == 1:
            groups.join(text, fits.pop(), part)


_HYPHENED_GIVEN_NAME = re.compile(r"[A-Z][a-z]+-[a-z]+")
"""A given name of two syllables joined by a hyphen, as Korean names are romanised
("Jong-un", "Jae-in"): the name before it is the family name."""


def _first_word_part(word: str, fulls: Iterable[Sequence[str]]) -> str:
    """What the first word of a person's full name is, as the reader is told it (a
    :data:`JOINS` key): the family name where the given name follows it, hyphenated ("Kim"
    of "Kim Jong-un"); a first name where it is a common given name ("Sarah"); else just a
    short form ("Xi" of "Xi Jinping", whose family name comes first)."""
    if any(len(full) == 2 and _HYPHENED_GIVEN_NAME.fullmatch(full[1]) for full in fulls):
        return "surname"
    return "first name" if word in given_names() else "short"


def _country_as_place(form: Form) -> bool:
    """Whether ``form`` is one word the model calls a place and the country table knows.
    Results lists glue a country to a full name ("Ola Lund Norway 10.21"), and the model
    takes the three words for one person; the country alone then names the country. A
    person whose surname is a country's ("Michael Jordan") is still joined by it."""
    return (
        len(form.tokens) == 1
        and form.label in _PLACE_LABELS
        and form.text in countries_and_nationalities()
    )


def _join_acronyms(forms: dict[str, Form], texts: list[str], groups: _Groups) -> None:
    by_initials: dict[str, list[str]] = {}
    for text in texts:
        tokens = forms[text].tokens
        if len(tokens) >= 2 and not _is_person(forms[text]):
            by_initials.setdefault(_initials(tokens), []).append(text)
            # Some acronyms keep the small words' initials: "BOM", Bureau of Meteorology.
            with_all = "".join(word[0] for word in tokens if word[:1].isalpha()).upper()
            if with_all != _initials(tokens):
                by_initials.setdefault(with_all, []).append(text)
    for text in texts:
        if _ACRONYM.match(text) and not _is_person(forms[text]) and groups.find(text) == text:
            fits = {
                groups.find(full) for full in by_initials.get(text.replace(".", "").upper(), ())
            }
            if len(fits) == 1:
                groups.join(text, next(iter(fits)), "acronym")


def _join_companies(forms: dict[str, Form], texts: list[str], groups: _Groups) -> None:
    """Join a company's name without its legal form or industry word to the full name
    ("Acme", "Acme Inc"); not a person's name opening with a given name, which the company
    is named after ("Victoria Beckham")."""
    suffixes = corporate_suffixes()
    by_stem: dict[tuple[str, ...], list[str]] = {}
    for text in texts:
        if forms[text].label != "ORG":
            continue
        stem = list(forms[text].tokens)
        while len(stem) > 1 and stem[-1] in suffixes:
            stem.pop()
            by_stem.setdefault(tuple(stem), []).append(text)
    for text in texts:
        if _is_person(forms[text]) and forms[text].text.split()[0] in given_names():
            continue  # "Victoria Beckham", not her company "Victoria Beckham Ltd"
        fits = {groups.find(full) for full in by_stem.get(tuple(forms[text].tokens), ())}
        fits.discard(groups.find(text))
        if len(fits) == 1 and groups.find(text) == text:
            groups.join(text, fits.pop(), "short")


def _join_places(forms: dict[str, Form], texts: list[str], groups: _Groups) -> None:
    """Join a place's short name to its full name: "Ouse" (River Ouse), "Dales"; not a
    city, state or country of its own (``places.txt``): "Tokyo" beside "Tokyo Bay"."""
    common = common_words()
    generic, qualifiers = generic_words(), _generic_qualifiers()
    by_core: dict[tuple[str, ...], list[str]] = {}
    for text in texts:
        if _is_person(forms[text]):
            continue
        tokens = forms[text].tokens
        start, end = 0, len(tokens)
        while end - start > 1 and tokens[start] in generic:
            start += 1
        while end - start > 1 and tokens[end - 1] in generic:
            end -= 1
            if end - start > 1 and tokens[end - 1] in qualifiers:
                end -= 1
        if (start, end) != (0, len(tokens)):
            by_core.setdefault(tuple(tokens[start:end]), []).append(text)
        elif len(tokens) == 2 and _is_proper_and_common(tokens[0], tokens[1], common):  # "Dales"
            by_core.setdefault((tokens[1],), []).append(text)
    places = word_set("reader.nlp", "places.txt")
    for text in texts:
        if forms[text].label in ("PERSON", "NORP") or groups.find(text) != text:
            continue  # "American" is no short name of "American River"
        if text in places:
            continue  # "Tokyo", a city of its own, is no short name of "Tokyo Bay"
        fits = {groups.find(full) for full in by_core.get(tuple(forms[text].tokens), ())}
        fits.discard(text)
        if len(fits) == 1:
            groups.join(text, fits.pop(), "short")


def short_aliases(
    forms: dict[str, Form], root_of: dict[str, str], why: dict[str, str] | None = None
) -> dict[str, str]:
    """Short names the model never marked alone, for mention completion.

    - a person's surname ("Okafor" once "Sarah Okafor" is known);
    - a company's name without its legal form or industry word ("Firefly" for "Firefly
      Aerospace", "Lakeshore" for "Lakeshore Health Partners");
    - the ordinary-word part of a two-word name whose other word is a proper noun
      ("City" for "Manchester City", "Dales" for "Yorkshire Dales"; never "York" for
      "New York": a proper noun names something of its own).

    Args:
        forms: Every name-like form.
        root_of: The group of every form (from :func:`group_forms`).
        why: Filled with what each short name is (a :data:`JOINS` key).

    Returns:
        Short name -> group, for short names that fit exactly one group and are no form
        of their own.
    """
    common = common_words()
    particles, suffixes = surname_particles(), corporate_suffixes()
    candidates: dict[str, set[str]] = {}
    for text, form in forms.items():
        tokens = form.tokens
        if len(tokens) < 2:
            continue
        shorts: list[str] = []
        if _is_person(form):
            core = _without_suffix(tuple(tokens))
            surname = core[-1]
            if len(core) > 2 and core[-2].lower() in particles:
                surname = " ".join(core[-2:])
            shorts.append(surname)
        else:
            stem = list(tokens)
            while len(stem) > 1 and stem[-1] in suffixes:
                stem.pop()
                if len(stem) > 1 or stem[0].lower() not in common:
                    shorts.append(" ".join(stem))
            if len(tokens) == 2 and _is_proper_and_common(tokens[0], tokens[1], common):
                shorts.append(tokens[1])
        for short in shorts:
            if short[:1].isupper() and short not in forms:
                candidates.setdefault(short, set()).add(root_of[text])
                if why is not None:
                    why.setdefault(short, "surname" if _is_person(form) else "short")
    return {short: roots.pop() for short, roots in candidates.items() if len(roots) == 1}


def _is_proper_and_common(first: str, last: str, common: frozenset[str]) -> bool:
    """Whether ``first`` is a proper noun and ``last`` an ordinary (title-case) word."""
    return (
        first.isalpha()
        and first.lower() not in common
        and last.istitle()
        and last.isalpha()
        and (last.lower() in common or last.lower()[:-1] in common)  # "Dales"
        and last not in corporate_suffixes()
    )

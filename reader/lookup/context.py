"""The article as evidence for one entity (:class:`Context`): its words weighted (proper
nouns and words near the entity's mentions count more), the names it writes, the label the
article bears out, the roles it gives a person, and the coherence of a page with the
article's other names (:mod:`reader.lookup.coherence`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache, cached_property, lru_cache

from reader.lookup.client import Page
from reader.lookup.coherence import Profile
from reader.lookup.pages import (
    base_title,
    birth_year,
    death_year,
    description_words,
    first_name_of,
    head_word,
    kinds,
    page_kinds,
    page_stems,
)
from reader.lookup.terms import WORD, fold_tokens, stem, stop_words, word_stem, words
from reader.lookup.titles import countries_written
from reader.models import YOUR_CORRECTION, Entity
from reader.wordlists import word_groups

MIN_CONTEXT = 3.0
"""Shared-word weight a page needs before it is taken on context alone."""

MIN_NAMES = 12
"""Names an article needs before a page sharing none of them is doubted."""

YEARS_BACK = 5
"""Years an article may write past its own (an event to come: "before the 2027 World
Cup"): a person's age puts the article no earlier than this before its latest year."""

MIN_SURE = 3
"""Other names' sure pages an article needs before the fields of work of its people tell
a person's page of another field for a namesake (:meth:`Context.out_of_field`)."""

YEARS_GONE = 2
"""Years before the latest the article writes that a person's death must lie for the
person it quotes to be someone else (news still quotes what the dead said last year)."""

KINDRED_FIELDS = {"letters": "arts"}
"""Fields one broad field of work holds, for :meth:`Context.out_of_field`: writing and the
stage and screen (a broadcaster in a story about actors); a family's disciplines count as
the family (a physicist beside a biologist)."""


@cache
def role_fields() -> Mapping[str, frozenset[str]]:
    """The fields of work each occupation's stem belongs to (``data/role_fields.tsv``): a
    family's own words ("science": "scientist") to each of its disciplines
    ("science/physics", "science/biology"), which are fields apart."""
    groups = word_groups("reader.lookup", "role_fields.tsv")
    fields: dict[str, set[str]] = {}
    for field, roles in groups.items():
        disciplines = [other for other in groups if other.startswith(field + "/")]
        for role in roles:
            key = " ".join(stem(word) for word in role.split())  # "portfolio manag"
            fields.setdefault(key, set()).update(disciplines or [field])
    return {role: frozenset(found) for role, found in fields.items()}


def fields_of(roles: Iterable[str]) -> frozenset[str]:
    """The fields of work of occupation stems ("lawmaker" and "politician": politics)."""
    table = role_fields()
    return frozenset(field for role in roles for field in table.get(role, ()))


def fields_in(stems: Sequence[str]) -> frozenset[str]:
    """The fields of work of the occupations in a run of word stems, in order: a compound
    occupation's words count only for the compound ("portfolio manager": business, where
    "manager" alone is also sport's)."""
    compounds = _compounds(stems)
    covered = {index + step for index, _ in compounds for step in (0, 1)}
    rest = (s for index, s in enumerate(stems) if index not in covered)
    return fields_of(key for _, key in compounds) | fields_of(rest)


def _compounds(stems: Sequence[str]) -> list[tuple[int, str]]:
    """Each compound occupation of ``role_fields.tsv`` in a run of word stems, with the
    index of its first word ("portfolio manag" at 1 in "a portfolio manager")."""
    table = role_fields()
    pairs = ((index, f"{stems[index]} {stems[index + 1]}") for index in range(len(stems) - 1))
    return [(index, key) for index, key in pairs if key in table]


def broad_fields(fields: Iterable[str]) -> frozenset[str]:
    """The broad fields of ``fields`` (:data:`KINDRED_FIELDS`, families for disciplines)."""
    return frozenset(KINDRED_FIELDS.get(f, f) for f in (field.split("/")[0] for field in fields))


def name_stems(entity: Entity) -> frozenset[str]:
    """Stems of every word of the entity's names (left out of context evidence)."""
    return frozenset(s for alias in (entity.name, *entity.aliases) for s in words(alias))


class Context:
    """The article's words, weighted for one entity: proper nouns and nearby words count more."""

    def __init__(self, text: str, entity: Entity) -> None:
        """Weigh ``text``'s words for ``entity``."""
        own = name_stems(entity)
        base = _base_weights(text)
        near: set[str] = set()
        for mention in entity.mentions[:50]:
            window = text[max(0, mention.start - 120) : mention.end + 120]
            near.update(words(window))
        self.qualifies_place = any(
            re.search(r"[A-Z][\w.'-]+, $", text[max(0, m.start - 30) : m.start])
            for m in entity.mentions
        )
        """A mention reads "Everett, Washington": the entity is a region holding a place."""
        self.placed = _written_as_place(text, entity)
        """A mention reads as the place itself ("in Valencia", "from Melbourne"), not as a
        club or venue named after it ("at Fulham", "against Brighton")."""
        self.credited = any(
            text[m.start - 1 : m.start] == "(" and _CREDIT_AFTER.match(text, m.end)
            for m in entity.mentions
        )
        """A mention is a dateline's credit, in brackets before the dash that opens the story
        ("NAIROBI, Kenya, Aug. 11 (UPI) --", "LONDON (Reuters) -"): the news organisation
        that filed it."""
        self.weights = {s: w + (1.0 if s in near else 0.0) for s, w in base.items() if s not in own}
        lower = _lowercase_stems(text)
        self.names = frozenset(
            s for s, w in base.items() if w >= 2.0 and s not in own and s not in lower
        )
        """Stems the article writes capitalised inside sentences and never in lowercase: its
        names ("Island" of "Leeward Islands" is no name where the text also says "island")."""
        split_out = bool(entity.mentions) and all(
            mention.reason == YOUR_CORRECTION for mention in entity.mentions
        )
        self.label = "" if split_out else _effective_label(text, entity, self.placed)
        """The entity's label, or ``""`` where the article shows it is wrong, or where the
        reader split the name out of another entity, whose label it kept ("Australia" split
        from a show the model called a person)."""
        self.no_person = (
            entity.label == "PERSON" and not self.label and not split_out
        ) or self.label == "WORK_OF_ART"
        """A PERSON the article shows is none ("a sharp Najdorf", "around the Moon"), or a
        work ("Oprah" the show): person pages are not the answer."""
        self.named_inside_sentences = any(
            not re.search(r"[.!?\n\"“:]\s*$|^\s*$", text[max(0, m.start - 2) : m.start])
            for m in entity.mentions
        )
        """The article writes the name capitalised inside a sentence ("told the Guardian"),
        not only where any word is capitalised: it means a name, not the common noun."""
        phrases = _roles(text, entity) if entity.label == "PERSON" else []
        self.roles = frozenset(s for phrase in phrases for s in phrase)
        """Stems of the words the article introduces a person with ("union negotiator")."""
        self.role_fields = frozenset(f for phrase in phrases for f in fields_in(phrase))
        """The fields of work of those roles (:func:`fields_in`)."""
        self.age = _age(text, entity) if entity.label == "PERSON" else None
        """The age the article gives the person ("X, 52,"), if any."""
        self.speaks = entity.label == "PERSON" and _speaks(text, entity)
        """The article quotes the person: "said X", "X told", "X, a driver, said"."""
        alive = self.age is not None or self.speaks
        self._years = _years_written(text) if alive else ()
        self._text = text
        self._entity = entity
        self._own = own
        self.profile: Profile | None = None
        """The sure pages of the article's names, once the title lookups gave them."""
        self.key = ""
        """The entity's name as the profile keys it (its own page is left out)."""
        self.sporting = False
        """The article is about sport (:class:`reader.lookup.resolve.Sport`), once known."""

    def coherence(self, page: Page) -> float | None:
        """How related the page is to the sure pages of the article's other names
        (:mod:`reader.lookup.coherence`); ``None`` before they are known, or too few."""
        if self.profile is None:
            return None
        return self.profile.score(page, self.key, self._own)

    def names_elsewhere(self, page: Page) -> bool:
        """The page is something "of" the entity ("Port of Rotterdam") and the article writes
        its title apart from the entity's own mentions: "Rotterdam" is then the place itself.
        (A short form of a name like "Borussia Dortmund" stays possible.)"""
        title = base_title(page.title)
        if not title.casefold().endswith(" of " + self._entity.name.casefold()):
            return False
        for found in re.finditer(r"(?<!\w)" + re.escape(title) + r"(?!\w)", self._text):
            if not any(
                found.start() <= m.start and m.end <= found.end() for m in self._entity.mentions
            ):
                return True
        return False

    def unnamed_bearer(self, page: Page) -> bool:
        """The entity is a bare first name, the page one bearer of it (``first_name_of``),
        and the article never writes the rest of the bearer's name, in any case or accents
        ("Oscar" and "Oscar Wilde" with no "Wilde"): a first name alone names no one
        bearer."""
        rest = first_name_of(self._entity, page)
        written = _folded_words(self._text) if rest else frozenset()
        return bool(rest) and not any(set(fold_tokens(word)) <= written for word in rest)

    def namesake(self, page: Page) -> bool:
        """The page is about another person of the name: of another occupation
        (:meth:`other_role`, :meth:`out_of_field`), another age (:meth:`other_age`) or one
        dead before the article's time (:meth:`gone`)."""
        return (
            self.other_role(page)
            or self.other_age(page)
            or self.gone(page)
            or self.out_of_field(page)
        )

    def out_of_field(self, page: Page) -> bool:
        """The article shows the person at work (quotes them, or gives a role or an age),
        but the page's occupation is of a field of work (``role_fields.tsv``) that neither
        the article's words nor the occupation of any of the people it is sure of belong
        to: "said Park Ji-sung, an analyst at Kiwoom Securities" in a story about phones
        is no footballer's. Only once :data:`MIN_SURE` other names' pages are sure (the
        article's people tell its field: beside cricketers a cricketer needs no word of
        sport), and for a name of two words or more."""
        profile = self.profile
        if profile is None or len(self._entity.name.split()) < 2:
            return False
        if not (self.speaks or self.roles or self.age is not None) or self.roles & page_stems(page):
            return False
        fields = _work_fields(page)
        others = [other for key, other in profile.pages.items() if key != self.key]
        if not fields or len(others) < MIN_SURE:
            return False
        if fields & self._article_fields:
            return False
        return not any(fields & _work_fields(other) for other in others)

    @cached_property
    def countries(self) -> frozenset[str]:
        """The titles of the countries the article writes (:func:`countries_written`)."""
        return countries_written(self._text)

    @cached_property
    def _article_fields(self) -> frozenset[str]:
        """The broad fields of work of the article's own words ("footballer", "singer")."""
        return broad_fields(fields_in(words(self._text)))

    def gone(self, page: Page) -> bool:
        """The article quotes the person, or gives an age, but the page's person died
        more than :data:`YEARS_GONE` years before the latest year the article writes:
        "said Tom Mboya, the pollster's research director" against the politician who died
        in 1969. For a name of two words or more (a bare surname may be quoted from the
        past: "as Churchill said")."""
        if not self._years or len(self._entity.name.split()) < 2:
            return False
        died = death_year(page)
        return died is not None and died < max(self._years) - YEARS_GONE

    def other_age(self, page: Page) -> bool:
        """The article gives the person an age the page's year of birth makes impossible
        when the article was written: later than next year ("Thomas Müller, 58," against
        a footballer born in 1989), or more than :data:`YEARS_BACK` years before the
        latest past year the article writes. Without one, only the first bound holds (it
        moves on with the calendar)."""
        born = birth_year(page) if self.age is not None else None
        if born is None or self.age is None:
            return False
        written = born + self.age  # or a year later, the birthday still to come
        latest = max(self._years, default=None)
        too_early = latest is not None and written + 1 < latest - YEARS_BACK
        return written > date.today().year + 1 or too_early

    def other_role(self, page: Page) -> bool:
        """The article gives the person a role the page never mentions, and the page's
        occupation is one the article never names, nor of the same field of work as the
        role, and the page shares little with the article: a namesake ("union negotiator
        Willem Dekker" against a footballer of that name; a "lawmaker" is no namesake of a
        page's politician). An occupation only the description's head noun tells ("Austrian
        swimmer") makes a namesake only where both it and the role are of known fields."""
        if not self.roles or self.roles & page_stems(page):
            return False
        if self.score(page) >= 2 * MIN_CONTEXT:
            return False  # the page shares much with the article: it is the person
        named, heads = _occupations(page)
        if self.role_fields & fields_of(named | heads):
            return False  # "lawmaker" for a politician, "writer" for a journalist
        if (named | heads) & set(_base_weights(self._text)):
            return False
        return bool(named) or bool(self.role_fields and fields_of(heads))

    def score(self, page: Page) -> float:
        """Weight of the article's words that the page's title, description and intro share."""
        return sum(self.weights.get(s, 0.0) for s in page_stems(page))

    def off_topic(self, page: Page) -> bool:
        """The article names many things and the page none of them ("Buchan" in Scotland for
        an article about Victoria, "Apple" the fruit for one about technology companies)."""
        return len(self.names) >= MIN_NAMES and not self.names & page_stems(page)


_NOT_PERSON_BEFORE = re.compile(r"\b(?:(?:the|in|at|near)|(?:a|an)(?:\s+[a-z]{3,})?)\s+$")
"""Before a one-word name that is no person: "the Moon", "at Rotterdam", "a sharp Najdorf"
(an opening, a painting, an instrument named after someone)."""

_NOT_ORG_BEFORE = re.compile(r"\b(?:in|near)\s+$", re.IGNORECASE)

_NOT_PLACE_BEFORE = re.compile(r"\b[Aa]t\s+(?:(?:[A-Z][\w'-]+,\s+)*[A-Z][\w'-]+\s+and\s+)?$")
"""Before a one-word place written as what stands there, by itself or ending a list
("studied at Cambridge", "a star at Sandhurst and Cambridge", "at Fulham, Liverpool and
England"); not after a comma ("born at Aldershot, Hampshire" is the place)."""

_NOT_LABEL_BEFORE = {"PERSON": _NOT_PERSON_BEFORE, "ORG": _NOT_ORG_BEFORE, "GPE": _NOT_PLACE_BEFORE}
"""By label, what mostly written before a one-word name says the label is wrong."""

_CREDIT_AFTER = re.compile(r"\)\s*(?:--|[-–—])\s")
"""After a dateline's credit: the closing bracket and the dash that opens the story."""

_PLACE_BEFORE = re.compile(r"\b(?:in|from|near)\s+$", re.IGNORECASE)
"""Before a name written as a place: "in", "from", "near" (also opening a sentence)."""

_ROLE_BEFORE = re.compile(r"\b([a-z][\w-]*(?:er|or|ist|ian|ant|ent|man|woman))\s+$")
"""A role noun right before a name: "negotiator", "producer", "spokeswoman"."""

_ROLE_AFTER = re.compile(
    r",\s+(?:\d{1,3},\s+)?"
    r"(?:a|an|the|its|his|her|their|one\s+of\s+(?:the|its|his|her|their|\w+)|[A-Z][\w.&-]*['’]s)"
    r"\s+((?:(?:[a-z][\w-]*|[A-Z][\w.&-]*|\d[\w-]*)\s+){0,3}[a-z][\w-]*)"
    r"|,\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)(?=\s+(?:of|at|for)\s)"
)
"""An apposition after a name, its age first or not: "X, a logistics analyst", "X, 71, a
retired farm worker", "X, a KMT city councillor", "X, the pollster's research director",
"X, one of two canal pilots"; or, with no article, a role of something: "X, head of
research at", "X, spokesman for" (:func:`_apposition_role`)."""
_APPOSITION_END = re.compile(r"\s(?:of|in|at|for|on|from|with|who|which|that|whose)\s.*")
_BARE_ROLES = frozenset({"head", "chief"})
"""Words heading a role of something with no article ("head of research at")."""

_ROLE_AHEAD = re.compile(
    r"(?<!\b[Ii]n\s)(?<!\b[Oo]n\s)(?<!\b[Aa]t\s)(?<!\b[Bb]y\s)(?<!\b[Tt]o\s)"
    r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+"
    r"((?:(?!(?:for|of|at|in|with)\b)[a-z][\w-]*(?:['’]s)?\s+){0,3}[a-z][\w-]*)"
    r"(?:\s+(?:for|of|at|in|with)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?,\s+$"
)
"""A role ahead of the name, a comma between: "the local brigade captain, X,", "A lawyer
for the council, X," (with the comma after the name: not "as the householder, X as his
daughter", a list; not after a preposition: "In the end, X,"). Its last word must be an
occupation (:func:`_occupation_word`)."""

_WORD_BEFORE = re.compile(r"\b([A-Za-z][a-z]+)\s+$")
"""The word right before a name, a role if it is an occupation of ``role_fields.tsv``
("Detective Inspector X", "Senator X", "the nurse X")."""

_DESCRIPTION_PARTS = re.compile(r",|;|\band\b|\bor\b")
"""Between the parts of a short description: "American journalist and author"."""


def _effective_label(text: str, entity: Entity, placed: bool) -> str:
    """A one-word PERSON the article mostly writes after "the", "in" or "at" ("around the
    Moon", "at Rotterdam"), ORG after "in" ("her school in Dayton"), or GPE after "at" and
    never after "in", "from" or "near" ("studied at Cambridge": the university, a venue)
    is no person, organisation or place: its label is then unknown (``""``). ``placed``:
    the article writes it as a place (:func:`_written_as_place`)."""
    before = _NOT_LABEL_BEFORE.get(entity.label)
    if before is None or " " in entity.name or not entity.mentions:
        return entity.label
    if entity.label == "GPE" and placed:
        return entity.label
    doubted = sum(
        bool(before.search(text[max(0, m.start - 40) : m.start])) for m in entity.mentions
    )
    return "" if 2 * doubted >= len(entity.mentions) else entity.label


def _written_as_place(text: str, entity: Entity) -> bool:
    """A mention reads as the place itself: after "in", "from" or "near" (not a dateline:
    "DENVER (AP) —" opens a report where "Denver" is the team)."""
    return any(_PLACE_BEFORE.search(text[max(0, m.start - 8) : m.start]) for m in entity.mentions)


_AGE_AFTER = re.compile(r",\s+(?:aged\s+(\d{1,3})\b|(\d{1,3}),|an?\s+(\d{1,3})-year-old\b)")
"""A person's age in apposition after the name: "X, 52," "X, aged 52", "X, a 58-year-old
driver" (not "X (52)", which in a match report is a score)."""
_AGE_BEFORE = re.compile(
    r"\b(\d{1,3})-year-old\s+(?:(?!(?:from|of|in|at|for|with|on|by|to|and|or)\b)[a-z][\w-]*\s+){0,3}$"
)
"""A person's age right before the name: "the 58-year-old taxi driver X"."""
MAX_AGE = 110
"""An age above this is no age ("Smith, 112," a count)."""

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _age(text: str, entity: Entity) -> int | None:
    """The age the article gives the person beside one of their mentions ("X, 52,",
    "the 58-year-old driver X"), if any."""
    for mention in entity.mentions[:20]:
        found = _AGE_AFTER.match(text, mention.end) or _AGE_BEFORE.search(
            text, max(0, mention.start - 60), mention.start
        )
        age = int(next(group for group in found.groups() if group)) if found else None
        if age is not None and age <= MAX_AGE:
            return age
    return None


_SAID_BEFORE = re.compile(r"\b(?:said|says|added|adds|according\s+to)\s+$")
_SAID_AFTER = re.compile(
    r"(?:,[^,.;:!?\"“”\n]{1,100},)?\s+(?:said|says|told|tells|added|adds|explained|warned)\b"
)
"""A verb of saying after a name, or after its apposition: "X said", "X, 58, told"."""


def _speaks(text: str, entity: Entity) -> bool:
    """The article quotes the person at one of their mentions: a verb of saying right
    before ("said X", "according to X") or after it, or after its apposition."""
    return any(
        _SAID_BEFORE.search(text, max(0, mention.start - 20), mention.start)
        or _SAID_AFTER.match(text, mention.end)
        for mention in entity.mentions[:50]
    )


def _years_written(text: str) -> tuple[int, ...]:
    """The years the article writes (1800 to next year: "net zero by 2050" is a year to
    come, "2045 points" no year)."""
    last = date.today().year + 1
    return tuple(year for found in _YEAR.findall(text) if (year := int(found)) <= last)


def _roles(text: str, entity: Entity) -> list[list[str]]:
    """The stems of each role the article gives a person, in order: the role noun right
    before the full name ("union negotiator Willem Dekker", "the comedian X"), a title that
    is an occupation ("Detective Inspector X"), a role ahead of it, a comma between ("the
    brigade captain, X"), or an apposition after it ("X, a logistics analyst")."""
    found: list[list[str]] = []
    for mention in entity.mentions[:20]:
        if mention.text != entity.name:
            continue
        before = text[max(0, mention.start - 60) : mention.start]
        word = _WORD_BEFORE.search(before)
        if word and stem(word.group(1)) in role_fields():
            # "Detective Inspector X", "the nurse X", and a compound: "fund manager X"
            qualifier = _WORD_BEFORE.search(before, 0, word.start())
            pair = [stem(qualifier.group(1)), stem(word.group(1))] if qualifier else []
            found.append(pair if " ".join(pair) in role_fields() else [stem(word.group(1))])
        elif match := _ROLE_BEFORE.search(before):
            found.append(words(match.group(1)))
        ahead = text.startswith(",", mention.end) and _ROLE_AHEAD.search(before)
        if ahead and _occupation_word(ahead.group(1).split()[-1]):
            found.append(words(ahead.group(1)))  # an apposition, closed after the name
        if after := _ROLE_AFTER.match(text, mention.end):
            found.append(_apposition_role(after))
    return [phrase for phrase in found if phrase]


def _apposition_role(found: re.Match[str]) -> list[str]:
    """The stems of an apposition's role (:data:`_ROLE_AFTER`): its lowercase words up to
    a preposition or a relative pronoun (names in it, "KMT", and an age, "58-year-old", are
    no role); with no article, only where its last word is an occupation ("head of
    research", not "speaking in")."""
    phrase = _APPOSITION_END.sub("", (found.group(1) or found.group(2)) + " ").split()
    last = phrase[-1] if phrase else ""
    if found.group(2) is not None and not (_occupation_word(last) or last in _BARE_ROLES):
        return []
    return words(" ".join(word for word in phrase if re.fullmatch(r"[a-z][a-z-]*", word)))


@lru_cache(maxsize=4096)
def _work_fields(page: Page) -> frozenset[str]:
    """The broad fields of work of the occupations a page's description gives (once per
    page: every name of an article is weighed against its sure people's)."""
    return broad_fields(fields_of(set().union(*_occupations(page))))


def _occupations(page: Page) -> tuple[set[str], set[str]]:
    """Stems of the occupations a page's description gives: its person words
    (``page_kinds.tsv``), and the head noun of each of its parts (:func:`head_word`) on a
    person's page or where that noun is an occupation (``role_fields.tsv``): "Welsh snooker
    player", "Danish translator (born 1950)", "American journalist and author", "Member of
    Parliament for Leeds"; a compound occupation for its words ("football manager")."""
    named = {stem(word) for word in set(description_words(page)) & set(page_kinds()["person"])}
    person = "person" in kinds(page)
    heads: set[str] = set()
    compounds: set[str] = set()
    for part in _DESCRIPTION_PARTS.split((page.description or "").split("(")[0]):
        head = head_word(part.strip())
        word = stem(head.casefold()) if head else ""
        if word and (person or word in role_fields()):
            heads.add(word)
        compounds.update(key for _, key in _compounds(words(part)))
    compounded = {key.split()[1] for key in compounds}  # "football manager": not "manager"
    return named - compounded, (heads - named - compounded) | compounds


def _occupation_word(word: str) -> bool:
    """An occupation's noun: of ``role_fields.tsv`` or a person word of ``page_kinds.tsv``,
    or with an agent's ending ("negotiator", "analyst", "spokeswoman")."""
    return (
        stem(word) in role_fields()
        or word.casefold() in page_kinds()["person"]
        or bool(_ROLE_BEFORE.search(word + " "))
    )


@lru_cache(maxsize=8)
def _folded_words(text: str) -> frozenset[str]:
    """The article's words, case and accents folded."""
    return frozenset(fold_tokens(text))


@lru_cache(maxsize=8)
def _lowercase_stems(text: str) -> frozenset[str]:
    """Stems of the words the article writes in lowercase somewhere."""
    return frozenset(stem(w) for w in WORD.findall(text) if w[:1].islower())


@lru_cache(maxsize=8)
def _base_weights(text: str) -> dict[str, float]:
    stopwords = stop_words()
    weights: dict[str, float] = {}
    for match in WORD.finditer(text):
        s = word_stem(match.group())
        if s is None or s in stopwords:
            continue
        before = text[max(0, match.start() - 2) : match.start()]
        proper = match.group()[0].isupper() and not re.search(r"[.!?\n\"“]\s*$|^$", before)
        weights[s] = max(weights.get(s, 1.0), 2.0 if proper else 1.0)
    return weights

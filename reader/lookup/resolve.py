"""Choosing the page an entity means, from its names, its type and the article's words.

Pure functions, no I/O: the service fetches titles and search results and asks
these functions what they mean. The rules, in order:

1. A title lookup of the entity's name (or an alias) that lands on a page of the
   right kind is taken, unless the evidence is weak: a disambiguation page, a
   page of another kind ("Moon" the satellite for a PERSON), a person page that
   shares nothing with the article (a famous namesake), the common noun's page for a name
   the article capitalises inside sentences ("A congress is..."), a theory's page for a name
   the model calls a thing ("Big Bang" an event), or a one-word name
   redirected somewhere more specific ("Gaza" to Gaza City; a surname redirected to its
   usual bearer, "Stalin", is kept against the search's namesakes). A country's own title
   stays a candidate whatever the label ("Wales" tagged ORG).
2. A name of several words that no title reaches (as a page or a redirect) has no page:
   the wiki keeps redirects for the usual forms of the names it has, so no search is made.
3. Otherwise a search runs. Every result that carries the name (and the page the title
   lookup reached) is a candidate; a small model fitted on annotated news
   (:mod:`reader.lookup.ranker`) weighs each by its named features (how it carries the
   name, its kind, the article's words and names it shares, its search rank, its
   coherence with the article's other names...) against "no page". The most likely is
   ``found`` when the model is sure enough, else the candidates are ``ambiguous``; "no
   page" ahead of all is ``not_found``.

spaCy's label is doubted where the article contradicts it ("around the Moon" is no
PERSON, "a school in Dayton" no ORG), pages about a given name or surname are never
the answer, and a person page is a namesake when the article gives the person a role
the page never mentions, unless the role is of the page's field of work or the page shares
much with the article. A title writing the name's word as a lowercase common noun ("Legal
guardian") is no candidate for a name the article capitalises inside sentences, and a
one-word place with a page of its own is not a longer place name holding it ("West
Virginia").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from typing import Literal

from reader.folding import unaccented
from reader.labels import NUMERIC_LABELS, accepted_kinds
from reader.lookup.client import Page, TitleResult
from reader.lookup.coherence import Profile
from reader.lookup.ranker import ChoiceModel, choice_model
from reader.models import Entity
from reader.wordlists import word_groups, word_set, word_table

Scope = Literal["name", "article"]
"""Where a decision came from: the title lookups (``name``: the wiki's usual meaning of the
name, which also stands in for it in an article that cannot be looked up), or the article's
search (``article``). Every decision is kept for its article; the article's words weigh in
on both."""

MIN_CONTEXT = 3.0
"""Shared-word weight a page needs before it is taken on context alone."""
MAX_CANDIDATES = 6
MAX_TITLES = 6
"""Titles tried per entity at most."""
MIN_NAMES = 12
"""Names an article needs before a page sharing none of them is doubted."""
SEARCH_LIMIT = 10
COHERENCE_UNIT = 0.1
"""Coherence is weighed in tenths of a cosine, a spread like that of the other features, so
the fit's L2 penalty treats it alike (cross-validated: as a bare cosine it is shrunk to
almost nothing)."""

_STRONG = frozenset({"PERSON", "GPE", "LOC"})
"""Labels whose pages must visibly be of the right kind to be taken without search."""
_REDIRECT_CHECKED = frozenset({"PERSON", "GPE", "LOC", "FAC", "ORG"})
_REGION = re.compile(r"\b(state|province|country|region|county|prefecture)\b", re.IGNORECASE)
_LIFESPAN = re.compile(r"\(\s*(born\s+)?\d{3,4}(\s*[–-]\s*\d{3,4})?\s*\)|\bborn\b")
_QUALIFIER = re.compile(r",\s([A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+)?)(?=[,.;:)]|\s[a-z]|$)")
"""A region right after a place: ", Virginia" in "Alexandria, Virginia, found"."""
_PLACE_WORDS = frozenset(
    {"district", "area", "region", "borough", "suburb", "neighbourhood", "neighborhood"}
)
_OTHER_NAME = re.compile(
    r"\((?:the\s+)?([\w.&'’-]{2,30})\)"
    r"|\b(?:also|often|commonly|usually)\s+(?:called|(?:known|referred\s+to)\s+(?:simply\s+)?as)"
    r"\s+(?:the\s+)?([\w.&'’-]{2,30})"
)
_NAME_PAGE = re.compile(r"^(?:[\w-]+\s+){0,3}(?:surname|given name|family name)s?$", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@cache
def _stopwords() -> frozenset[str]:
    """Words left out of the article's and the pages' words (``data/stopwords.txt``)."""
    return word_set("reader.lookup", "stopwords.txt")


@cache
def _kinds() -> Mapping[str, tuple[str, ...]]:
    """Each kind of page and the words of a description that show it (``data/page_kinds.tsv``)."""
    return word_groups("reader.lookup", "page_kinds.tsv")


@cache
def _role_fields() -> Mapping[str, frozenset[str]]:
    """The fields of work each occupation's stem belongs to (``data/role_fields.tsv``)."""
    fields: dict[str, set[str]] = {}
    for field, roles in word_groups("reader.lookup", "role_fields.tsv").items():
        for role in roles:
            fields.setdefault(stem(role), set()).add(field)
    return {role: frozenset(found) for role, found in fields.items()}


def fields_of(roles: Iterable[str]) -> frozenset[str]:
    """The fields of work of occupation stems ("lawmaker" and "politician": politics)."""
    table = _role_fields()
    return frozenset(field for role in roles for field in table.get(role, ()))


@dataclass(frozen=True, slots=True)
class Decision:
    """What the resolver concluded for one entity."""

    status: str
    """``found``, ``not_found``, ``ambiguous`` or ``search`` (ask the service to search)."""
    page: Page | None = None
    candidates: tuple[Page, ...] = ()
    scope: Scope = "name"
    """``name``: the title lookups decided it; ``article``: a search did (:data:`Scope`)."""
    keep: bool = False
    """With ``search``: the title lookup found ``page`` good enough to keep unless the search
    brings a better one (the ranking model weighs that, :mod:`reader.lookup.ranker`)."""
    ranking: tuple[tuple[Page, float], ...] = ()
    """After a search: every page weighed, with the ranking model's probability, best first."""
    confidence: float | None = None
    """How likely ``page`` (or, when ambiguous, the first candidate) is right, 0-1."""
    scores: tuple[float, ...] = ()
    """The same likelihood for each of ``candidates``."""


def stem(word: str) -> str:
    """A crude English stem: case-folded, possessive and common endings removed."""
    word = word.casefold().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 6 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 5 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The stems of ``text``'s alphabetic words, stop words removed."""
    stopwords = _stopwords()
    return [s for w in _WORD.findall(text) if len(s := stem(w)) > 2 and s not in stopwords]


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
        self.weights = {s: w + (1.0 if s in near else 0.0) for s, w in base.items() if s not in own}
        lower = _lowercase_stems(text)
        self.names = frozenset(
            s for s, w in base.items() if w >= 2.0 and s not in own and s not in lower
        )
        """Stems the article writes capitalised inside sentences and never in lowercase: its
        names ("Island" of "Leeward Islands" is no name where the text also says "island")."""
        self.label = _effective_label(text, entity)
        """The entity's label, or ``""`` where the article shows it is wrong."""
        self.no_person = entity.label == "PERSON" and not self.label
        """A PERSON the article shows is none ("a sharp Najdorf", "around the Moon"): person
        pages are not the answer."""
        self.named_inside_sentences = any(
            not re.search(r"[.!?\n\"“:]\s*$|^\s*$", text[max(0, m.start - 2) : m.start])
            for m in entity.mentions
        )
        """The article writes the name capitalised inside a sentence ("told the Guardian"),
        not only where any word is capitalised: it means a name, not the common noun."""
        self.roles = _roles(text, entity) if entity.label == "PERSON" else frozenset()
        """Stems of the words the article introduces a person with ("union negotiator")."""
        self._text = text
        self._entity = entity
        self._own = own
        self.profile: Profile | None = None
        """The sure pages of the article's names, once the title lookups gave them."""
        self.key = ""
        """The entity's name as the profile keys it (its own page is left out)."""

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
        title = _base_title(page.title)
        if not title.casefold().endswith(" of " + self._entity.name.casefold()):
            return False
        for found in re.finditer(r"(?<!\w)" + re.escape(title) + r"(?!\w)", self._text):
            if not any(
                found.start() <= m.start and m.end <= found.end() for m in self._entity.mentions
            ):
                return True
        return False

    def other_role(self, page: Page) -> bool:
        """The article gives the person a role the page never mentions, and the page's
        occupation is one the article never names, nor of the same field of work as the
        role, and the page shares little with the article: a namesake ("union negotiator
        Willem Dekker" against a footballer of that name; a "lawmaker" is no namesake of a
        page's politician)."""
        if not self.roles or self.roles & _page_stems(page):
            return False
        if self.score(page) >= 2 * MIN_CONTEXT:
            return False  # the page shares much with the article: it is the person
        jobs = set(_plain_words(page.description or first_sentence(page.summary)))
        jobs = {stem(w) for w in jobs & set(_kinds()["person"])}
        if fields_of(self.roles) & fields_of(jobs):
            return False  # "lawmaker" for a politician, "writer" for a journalist
        return bool(jobs) and not jobs & set(_base_weights(self._text))

    def score(self, page: Page) -> float:
        """Weight of the article's words that the page's title, description and intro share."""
        return sum(self.weights.get(s, 0.0) for s in _page_stems(page))

    def off_topic(self, page: Page) -> bool:
        """The article names many things and the page none of them ("Buchan" in Scotland for
        an article about Victoria, "Apple" the fruit for one about technology companies)."""
        return len(self.names) >= MIN_NAMES and not self.names & _page_stems(page)


_NOT_PERSON_BEFORE = re.compile(r"\b(?:(?:the|in|at|near)|(?:a|an)(?:\s+[a-z]{3,})?)\s+$")
"""Before a one-word name that is no person: "the Moon", "at Rotterdam", "a sharp Najdorf"
(an opening, a painting, an instrument named after someone)."""
_NOT_ORG_BEFORE = re.compile(r"\b(?:in|near)\s+$")
_ROLE_BEFORE = re.compile(r"\b([a-z][\w-]*(?:er|or|ist|ian|ant|ent|man|woman))\s+$")
"""A role noun right before a name: "negotiator", "producer", "spokeswoman"."""
_ROLE_AFTER = re.compile(r",\s+(?:a|an|the)\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)")


def _effective_label(text: str, entity: Entity) -> str:
    """A one-word PERSON the article mostly writes after "the", "in" or "at" ("around the
    Moon", "at Rotterdam"), or ORG after "in" ("her school in Dayton"), is no person or
    organisation: its label is then unknown (``""``)."""
    before = {"PERSON": _NOT_PERSON_BEFORE, "ORG": _NOT_ORG_BEFORE}.get(entity.label)
    if before is None or " " in entity.name or not entity.mentions:
        return entity.label
    placed = sum(bool(before.search(text[max(0, m.start - 16) : m.start])) for m in entity.mentions)
    return "" if 2 * placed >= len(entity.mentions) else entity.label


def _roles(text: str, entity: Entity) -> frozenset[str]:
    """Stems of the role noun right before a person's full name ("union negotiator Willem
    Dekker", "the comedian X") or of an apposition after it ("X, a logistics analyst")."""
    found: set[str] = set()
    for mention in entity.mentions[:20]:
        if mention.text != entity.name:
            continue
        before = _ROLE_BEFORE.search(text[max(0, mention.start - 40) : mention.start])
        if before:
            found.update(words(before.group(1)))
        after = _ROLE_AFTER.match(text, mention.end)
        if after:
            found.update(words(after.group(1)))
    return frozenset(found)


def _page_stems(page: Page) -> set[str]:
    return set(words(" ".join(filter(None, (page.title, page.description, page.summary)))))


@lru_cache(maxsize=8)
def _lowercase_stems(text: str) -> frozenset[str]:
    """Stems of the words the article writes in lowercase somewhere."""
    return frozenset(stem(w) for w in _WORD.findall(text) if w[:1].islower())


@lru_cache(maxsize=8)
def _base_weights(text: str) -> dict[str, float]:
    stopwords = _stopwords()
    weights: dict[str, float] = {}
    for match in _WORD.finditer(text):
        s = stem(match.group())
        if len(s) <= 2 or s in stopwords:
            continue
        before = text[max(0, match.start() - 2) : match.start()]
        proper = match.group()[0].isupper() and not re.search(r"[.!?\n\"“]\s*$|^$", before)
        weights[s] = max(weights.get(s, 1.0), 2.0 if proper else 1.0)
    return weights


def kinds(page: Page) -> frozenset[str]:
    """What sort of thing a page is about, from its short description (else its first sentence)."""
    for text in (page.description or "", first_sentence(page.summary)):
        if not text:
            continue
        found = {kind for kind, keys in _kinds().items() if set(_plain_words(text)) & set(keys)}
        if _LIFESPAN.search(text):
            found.add("person")
        if "year" in _plain_words(text) and "calendar" in text.casefold():
            found.add("time")
        if found:
            return frozenset(found)
    return frozenset()


def type_fit(label: str, page: Page) -> int:
    """+1 if the page is of a kind the label allows, -1 if only of other kinds, 0 if unknown."""
    found = kinds(page)
    if not found:
        return 0
    accepted = accepted_kinds(label)
    if not accepted:
        return 0
    return 1 if found & accepted else -1


def first_sentence(text: str) -> str:
    """The intro's first sentence (up to 300 characters)."""
    match = re.search(r"(?<![A-Z])[.!?](\s|$)", text[:300])
    return text[: match.end()] if match else text[:300]


def _subject(summary: str) -> str:
    """The intro's opening words up to its first verb, where other names of the subject appear
    ("Iran, officially the Islamic Republic of Iran, is ...")."""
    return re.split(r"\b(?:is|was|are|were)\b", first_sentence(summary), maxsplit=1)[0]


def _names_subject(name: str, summary: str) -> bool:
    """The intro names its subject (or, for a one-word short form, a part of it) so."""
    folded = name.casefold()
    if len(name) > 2 and folded in _subject(summary).casefold():
        return True
    return " " not in name and folded in _other_names(summary)


def _other_names(summary: str) -> set[str]:
    """Names the intro gives its subject or a part of it: "(DFL)", "(the FA)", "also called
    AdX", "also known simply as the FA"."""
    found = {m.group(1) or m.group(2) for m in _OTHER_NAME.finditer(summary)}
    return {name.casefold().strip(".,;:") for name in found}


def _plain_words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _tokens(text: str) -> list[str]:
    """The words of ``text``, case and accents folded: news often writes "Gonzalez" for
    "González"."""
    return re.findall(r"\w+", unaccented(text))


def _stems(text: str) -> list[str]:
    """Stems of every word: "Germans" and "German" (a people and its adjective) agree."""
    return [stem(token) for token in _tokens(text)]


def _base_title(title: str) -> str:
    """The title without its qualifier: "Columbus, Ohio" and "Orion (spacecraft)" name "Columbus"
    and "Orion"; "Washington, D.C." keeps its abbreviation."""
    title = re.sub(r"\s*\([^)]*\)\s*$", "", title)
    head, _, tail = title.partition(",")
    return title if len(tail.strip()) <= 4 else head


def name_match(entity: Entity, page: Page) -> int:
    """How well the page's title carries the name: 3 same, 2 contains, 1 in intro, 0 none."""
    base = _base_title(page.title)
    if entity.label == "NORP":
        base = re.sub(r"\s+people$", "", base)
    title_tokens = set(_tokens(base))
    best = 0
    for name in dict.fromkeys((entity.name, *entity.aliases)):
        tokens = _tokens(name)
        if not tokens:
            continue
        if _tokens(base) == tokens or _stems(base) == _stems(name):
            return 3
        if entity.label == "NORP" and _adjective_of(name, page):
            best = max(best, 2)
        if set(tokens) <= title_tokens or set(_stems(name)) <= set(_stems(base)):
            best = max(best, 2)  # "Grammys" in "Grammy Awards"
        elif _names_subject(name, page.summary):
            best = max(best, 1)
    return best


def _adjective_of(name: str, page: Page) -> bool:
    """A people page whose first sentence uses the nationality's word ("Danes ... who speak
    Danish" for "Danish")."""
    return "people" in kinds(page) and name.casefold() in _tokens(first_sentence(page.summary))


def common_noun(entity: Entity, page: Page) -> bool:
    """The page's title writes a capitalised word of the name only in lowercase, as the
    common noun it also is ("Legal guardian" for the newspaper "Guardian", "Coast guard"
    for "Coast Guard"). Titles capitalise their first word, so a name's word first in the
    title never counts as lowercase; short function words ("of", "the") never count."""
    title = _WORD.findall(_base_title(page.title))
    lowered = {word for word in title[1:] if word[:1].islower()}
    capitalised = set(title[:1]) | {word for word in title if word[:1].isupper()}
    stopwords = _stopwords()
    return any(
        word[:1].isupper()
        and word.lower() in lowered
        and word not in capitalised
        and stem(word) not in stopwords
        for word in _WORD.findall(entity.name)
    )


def generic_page(entity: Entity, page: Page) -> bool:
    """The page under the name is about the common noun the name also is: its intro opens
    on the name in lowercase ("A congress is a formal meeting", "The police are"). An
    article writing the name capitalised inside sentences means one of its kind (a country's
    legislature), which a search may bring; the generic page stays a candidate."""
    if page.title != entity.name or entity.name.islower():
        return False
    subject = _subject(page.summary)
    folded = re.escape(entity.name.casefold())
    return bool(re.search(rf"(?<!\w){folded}(?!\w)", subject)) and not re.search(
        rf"(?<!\w){re.escape(entity.name)}(?!\w)", subject
    )


def name_page(page: Page) -> bool:
    """A page about a given name or surname ("Rohit", "Dekker"), never what an article means."""
    return bool(_NAME_PAGE.search(page.description or ""))


def _names_its_people(entity: Entity, page: Page) -> bool:
    """A nationality or group ("German", "Dutch") names the people page that carries its name
    ("Germans", "Dutch people"), however little that page shares with the article."""
    return entity.label == "NORP" and "people" in kinds(page) and name_match(entity, page) >= 2


def country(page: Page) -> bool:
    """A country's page: it holds its bare name whatever else the article names ("Cyprus",
    "India" in an article naming none of their neighbours)."""
    return "country" in _plain_words(page.description or first_sentence(page.summary))


def title_candidates(entity: Entity, text: str) -> list[str]:
    """Titles to try for an entity, most specific first; the service asks for all titles up
    to the entity's own name in its first batch, and the later ones only if those are missing.

    Before the name come: the country a nationality names ("Italy" for "Italian"), the
    place as the article qualifies it ("Alexandria, Virginia"), the people a nationality
    names ("Germans", "Dutch people") and the name without a
    trailing kind word ("Opladen" for "Opladen district"). After it come a dateline's
    word in ordinary case ("Paphos" for "PAPHOS"), the name without a country's
    abbreviation ("National Hurricane Center" for "U.S. National Hurricane Center"), the
    aliases, and model names ("Boeing 787").
    """
    titles = [*_nation(entity), *_qualified(entity, text), *_peoples(entity)]
    titles += _without_kind_word(entity)
    titles += [entity.name, *_uncapped(entity), *_without_country(entity), *entity.aliases]
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


def _uncapped(entity: Entity) -> list[str]:
    """ "Paphos" for a dateline's "PAPHOS": a capitalised word too long for an acronym."""
    name = entity.name
    if len(name) >= 5 and name.isalpha() and name.isupper():
        return [name.capitalize()]
    return []


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


def _nation(entity: Entity) -> list[str]:
    """ "Italy" for the nationality "Italian", as annotated news links it."""
    if entity.label != "NORP":
        return []
    country = _demonyms().get(entity.name)
    return [country] if country else []


def _demonyms() -> Mapping[str, str]:
    return word_table("reader.nlp", "demonyms.tsv")  # the language's words, kept with the NLP


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


def judge_titles(
    entity: Entity, results: Sequence[TitleResult | None], context: Context
) -> Decision:
    """Decide from title lookups alone, or ask for a search."""
    name_tokens = _tokens(entity.name)
    by_name = next((r for r in results if r is not None and r.requested == entity.name), None)
    unknown_person = (
        entity.label == "PERSON"
        and len(name_tokens) >= 2
        and by_name is not None
        and by_name.page is None
    )
    label = context.label
    for result in results:
        if result is None or result.page is None:
            continue
        if unknown_person and set(_tokens(result.requested)) < set(name_tokens):
            continue  # a bare surname reaches a namesake or a list of them
        page = result.page
        if _nation(entity) == [result.requested] and not page.disambiguation:
            return Decision("found", page=page)  # the country a nationality names
        if page.disambiguation:
            return Decision("search", page=page)
        if name_page(page):
            return Decision("search")  # "Rohit" the given name: the article means a bearer
        if context.no_person and "person" in kinds(page):
            return Decision("search")
        fit = type_fit(label, page)
        if fit < 0 or (fit == 0 and label in _STRONG):
            if result is by_name:
                exact = page.title == entity.name  # "Boston Review" a PERSON, not a redirect
                if len(name_tokens) >= 2 and (exact or context.score(page) >= 2 * MIN_CONTEXT):
                    if label == "ORG" and "person" in kinds(page):
                        # a company named after its founder ("Eli Lilly"): the person's
                        # page is a candidate, not one to keep
                        return Decision("search", page=page)
                    if kinds(page) == {"concept"}:
                        # an idea or theory ("Big Bang" the cosmology) for a name the
                        # model calls a thing: an event or body may be named after it
                        return Decision("search", page=page, keep=True)
                    return Decision("found", page=page)  # mislabelled: "Manchester City" a GPE
                if exact and label != "PERSON" and country(page):
                    return Decision("search", page=page)  # "Wales" the country, labelled ORG
                return Decision("search", page=page if result.redirected else None)
            continue
        if (
            result.redirected
            and len(name_tokens) >= 2
            and page.title != result.requested
            and page.title.casefold() == result.requested.casefold()
        ):
            return Decision("search")  # "Coast Guard" to "Coast guard": the article means one
        weak = (
            result.redirected
            and label in _REDIRECT_CHECKED
            and len(_tokens(result.requested)) == 1
            and not result.requested.isupper()
            and "." not in result.requested
        )
        if weak:
            # a surname the wiki leads to one bearer's page ("Stalin"): its usual meaning,
            # kept unless the search brings a page the article fits better
            return Decision("search", page=page, keep=_usual_bearer(entity, result))
        shared = context.score(page)
        if label == "PERSON" and shared < MIN_CONTEXT:
            if result is by_name and len(name_tokens) >= 2 and "person" in kinds(page):
                return Decision("search", page=page, keep=True)  # checked against namesakes
            return Decision("search")
        if label == "PERSON" and result is by_name and context.other_role(page):
            return Decision("not_found")  # a namesake with another occupation
        if result is by_name and context.named_inside_sentences and generic_page(entity, page):
            return Decision("search", page=page)  # "Congress" the kind of meeting
        if (
            result is by_name
            and len(name_tokens) == 1
            and context.off_topic(page)
            and not country(page)
        ):
            return Decision("search", page=page, keep=True)  # "Apple" the fruit, "Buchan"
        return Decision("found", page=page)
    if unknown_person or _unknown_name(entity, results):
        return Decision("not_found")  # a full name with no page and no redirect
    return Decision("search")


def _usual_bearer(entity: Entity, result: TitleResult) -> bool:
    """A one-word PERSON name that the wiki redirects to a person page whose full name ends
    with it: the wiki's usual meaning of that surname (a famous bearer), not a place or a
    thing more specific than the name."""
    page = result.page
    if entity.label != "PERSON" or page is None or "person" not in kinds(page):
        return False
    title = _tokens(_base_title(page.title))
    return len(title) >= 2 and title[-1:] == _tokens(result.requested)


def _unknown_name(entity: Entity, results: Sequence[TitleResult | None]) -> bool:
    """A name of several words that no title tried reaches, as a page or a redirect: the
    wiki keeps redirects for the usual forms of the names it has pages for, so a search
    would bring no page that carries the name ("Hangzhou Municipal Government", a photo
    credit). Every title must have been asked (``None`` is a title not asked)."""
    return len(_tokens(entity.name)) >= 2 and all(
        result is not None and result.page is None for result in results
    )


def weigh(
    entity: Entity,
    results: Iterable[Page],
    context: Context,
    *,
    incumbent: Page | None = None,
    keep: bool = False,
) -> tuple[list[Page], list[dict[str, float]], dict[str, float]]:
    """The candidate pages for ``entity`` among search ``results`` (and the page a title
    lookup reached), each with its features (:mod:`reader.lookup.ranker`), and the
    features of "no page".

    Disambiguation pages, pages about a given name, namesakes with another role, person
    pages for what the article shows is no person, pages whose title writes the name as a
    lowercase common noun, and pages that do not carry the name are never candidates.
    """
    results = list(results)
    search_rank: dict[str, int] = {}
    for index, page in enumerate(results):
        search_rank.setdefault(page.title, index)
    pool = [incumbent] if incumbent is not None and not incumbent.disambiguation else []
    pages = [
        (page, name_match(entity, page))
        for page in [*pool, *results]
        if not page.disambiguation
        and not name_page(page)
        and not context.other_role(page)
        and not (context.no_person and "person" in kinds(page))
        and not (context.named_inside_sentences and common_noun(entity, page))
    ]
    if any(match == 3 for _, match in pages):
        pages = [
            (page, match)
            for page, match in pages
            # beside the name's own page, one whose intro only opens on a longer name
            # holding it ("Microsoft Surface") is about something else; not for acronyms
            if (match != 1 or entity.name.isupper())
            and (match != 2 or not context.names_elsewhere(page))
        ]
    if incumbent is not None and _own_country(entity, incumbent):
        pages = [(p, m) for p, m in pages if kinds(p) & {"person", "place"} != {"person"}]
    if incumbent is not None and _own_place(entity, incumbent, context):
        pages = [(p, m) for p, m in pages if not _larger_place_name(entity, p)]
    chosen: list[Page] = []
    values: list[dict[str, float]] = []
    seen: set[str] = set()
    for page, match in pages:
        if page is incumbent:
            match = max(match, 2)  # the wiki itself leads the name there (a redirect)
        if page.title in seen or match == 0:
            continue
        seen.add(page.title)
        fit = type_fit(context.label, page)
        region = context.qualifies_place and bool(
            _REGION.search(page.description or first_sentence(page.summary))
        )
        chosen.append(page)
        values.append(
            {
                "same_name": float(match == 3),
                "carries_name": float(match == 2),
                "in_intro": float(match == 1),
                "right_kind": float(fit > 0),
                "wrong_kind": float(fit < 0),
                "shared": math.log1p(max(0.0, context.score(page))),
                "names": math.log1p(len(context.names & _page_stems(page))),
                "title_lookup": float(page is incumbent),
                "kept": float(page is incumbent and keep),
                "rank": search_rank.get(page.title, SEARCH_LIMIT) / SEARCH_LIMIT,
                "region": float(region),
                "its_people": float(_names_its_people(entity, page)),
                "coherence": (context.coherence(page) or 0.0) / COHERENCE_UNIT,
            }
        )
    listed = _first_listed(incumbent, chosen) if incumbent is not None else None
    for page, page_values in zip(chosen, values, strict=True):
        page_values["listed_first"] = float(page is listed)
    none = {
        "bias": 1.0,
        "person": float(entity.label == "PERSON"),
        "one_word": float(len(_tokens(entity.name)) == 1),
        "several_candidates": float(len(chosen) > 1),
    }
    return chosen, values, none


def choose(
    entity: Entity,
    results: Iterable[Page],
    context: Context,
    *,
    incumbent: Page | None = None,
    keep: bool = False,
    model: ChoiceModel | None = None,
) -> Decision:
    """Choose among search results (and the page a title lookup reached, if any).

    The ranking model (:mod:`reader.lookup.ranker`) weighs every candidate and "no page".
    "No page" ahead of all is ``not_found`` (``ambiguous`` when a disambiguation page
    led here and offers several); a best page the model is not sure enough of leaves the
    candidates ``ambiguous``; else it is ``found``.
    With ``keep``, the page the title lookup reached carries that as a feature.
    """
    model = model if model is not None else choice_model()
    pages, values, none_values = weigh(entity, results, context, incumbent=incumbent, keep=keep)
    none, shares = model.probabilities(none_values, values)
    ranked = sorted(zip(shares, pages, strict=True), key=lambda item: -item[0])
    candidates = tuple(page for _, page in ranked[:MAX_CANDIDATES])
    decision = partial(
        Decision, scope="article", ranking=tuple((page, share) for share, page in ranked)
    )
    disambiguated = incumbent is not None and incumbent.disambiguation
    if not ranked or none >= ranked[0][0]:
        if disambiguated and len(candidates) > 1:
            return decision("ambiguous", candidates=candidates)
        return decision("not_found", candidates=candidates)
    best_share, best = ranked[0]
    if best_share < model.sure:
        return decision("ambiguous", candidates=candidates)
    return decision("found", page=best, candidates=candidates)


def _own_country(entity: Entity, page: Page) -> bool:
    """The title lookup reached the country of the entity's one-word name, which the model
    did not call a person ("Wales" labelled ORG: the country, or its team)."""
    return (
        entity.label != "PERSON"
        and len(_tokens(entity.name)) == 1
        and page.title == entity.name
        and country(page)
    )


def _own_place(entity: Entity, page: Page, context: Context) -> bool:
    """The title lookup reached a place of the entity's one-word name, of the kind its
    label wants ("Virginia" the state for a GPE)."""
    return (
        context.label in ("GPE", "LOC")
        and len(_tokens(entity.name)) == 1
        and name_match(entity, page) == 3
        and "place" in kinds(page)
        and type_fit(context.label, page) > 0
    )


def _larger_place_name(entity: Entity, page: Page) -> bool:
    """Another place whose name puts words before the entity's ("West Virginia", "New South
    Wales", "Northern Ireland" for "Virginia", "Wales", "Ireland"): an article meaning it
    writes the longer name, so where the name has a place of its own, that is the one."""
    tokens = _tokens(_base_title(page.title))
    name = _tokens(entity.name)
    return "place" in kinds(page) and len(tokens) > len(name) and tokens[-len(name) :] == name


def _first_listed(disambiguation: Page, pages: Sequence[Page]) -> Page | None:
    """Among ``pages``, the one a disambiguation page lists first (it lists the usual
    meaning first: "New York City" before "New York (state)")."""
    if not disambiguation.disambiguation:
        return None
    text = disambiguation.summary.casefold()
    places = [(place, page) for page in pages if (place := text.find(page.title.casefold())) >= 0]
    return min(places, key=lambda item: item[0])[1] if places else None

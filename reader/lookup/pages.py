"""What a wiki page is about and how it carries a name, read from its title, short
description and intro: its kinds (a person, a place, an organisation...), whether they fit
an entity's label, how its title carries the entity's name, and the pages that are never
what an article means (about a given name, one bearer of a bare first name, or the common
noun the name also is).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from reader.labels import accepted_kinds
from reader.lookup.terms import WORD, fold_stems, fold_tokens, plain_words, stem, stop_words, words
from reader.models import Entity
from reader.wordlists import common_words, word_groups, word_set

if TYPE_CHECKING:  # light at run time: reader.page_labels reads descriptions in the app
    from reader.lookup.client import Page

_BORN = re.compile(r"\bborn\b")
_LIFESPAN = re.compile(rf"\(\s*(born\s+)?\d{{3,4}}(\s*[–-]\s*\d{{3,4}})?\s*\)|{_BORN.pattern}")

_DATE = r"(?:(?:\d{1,2}\s+\w+|\w+\s+\d{1,2},)\s+)?"
"""A day and month before a year, if any: "4 May ", "May 4, "."""
_BIRTH_YEAR = re.compile(rf"\((?:born\s+{_DATE})?(\d{{4}})(?:\s*[–-]\s*\d{{4}})?\)")
"""A year of birth in brackets: "(born 1981)", "(born 4 May 1977)", "(born May 4,
1977)", "(1918–1990)"."""
_LIFE = re.compile(rf"\({_DATE}(\d{{4}})\s*[–-]\s*{_DATE}(\d{{4}})\)")
"""A life's years in brackets: "(1918–1990)", "(6 June 1931 – 6 July 2019)"."""
MIN_LIFE = 20
"""Years two dates in brackets must span to be a life, not a term of office: "President of
the United States (2017–2021)"."""

_OTHER_NAME = re.compile(
    r"\((?:the\s+)?([\w.&'’-]{2,30})\)"
    r"|\b(?:also|often|commonly|usually)\s+(?:called|(?:known|referred\s+to)\s+(?:simply\s+)?as)"
    r"\s+(?:the\s+)?([\w.&'’-]{2,30})"
)

_HEAD_END = re.compile(
    r"\s(?:of(?!\s+water\b)|in|on|at|by|for|from|with|within|between|under|that|which|who|whose|since"
    r"|made|owned|based|founded|located|operated|developed|built|written|directed"
    r"|published|produced|released|bordered|celebrating)\b|[,;:(–—]|\s-\s"
)
"""Where a short description's head noun phrase ends: "Association football club| in
Manchester", "Tablet computer| made by Microsoft", "Film| by Barry Jenkins" ("body of
water" is one noun: "Landlocked body of water| in Asia")."""

_NAME_PAGE = re.compile(r"^(?:[\w-]+\s+){0,3}(?:surname|given name|family name)s?$", re.I)


@cache
def page_kinds() -> Mapping[str, tuple[str, ...]]:
    """Each kind of page and the words of a description that show it (``data/page_kinds.tsv``)."""
    return word_groups("reader.lookup", "page_kinds.tsv")


@lru_cache(maxsize=4096)
def kinds(page: Page) -> frozenset[str]:
    """What sort of thing a page is about, from its short description (else its first
    sentence). Kept for the pages seen last: the resolver asks it of each page many times."""
    for text in (page.description or "", first_sentence(page.summary)):
        if not text:
            continue
        found = {kind for kind, keys in page_kinds().items() if set(plain_words(text)) & set(keys)}
        if lifespan(text) and (_BORN.search(text) or _head_kinds(text) <= {"person"}):
            found.add("person")  # a bare year range may be a show's run ("(1986–2011)")
        if "year" in plain_words(text) and "calendar" in text.casefold():
            found.add("time")
        if found:
            return frozenset(found)
    return frozenset()


def _head_kinds(text: str) -> frozenset[str]:
    """The kinds the head noun of a description shows ("talk **show**": a work)."""
    head = head_word(text)
    return _kinds_by_stem().get(stem(head), frozenset()) if head else frozenset()


def description_kind(description: str | None) -> str | None:
    """The one kind of thing a page's short ``description`` says it is: a person when it gives
    a birth year ("American actress (born 1979)"), else the kind of its head noun, the last
    word before its first preposition, relative word or punctuation ("Association football
    club in Manchester": an org; "Capital and largest city of Austria": a place).
    ``None`` when that word shows no kind, or several. Stricter than :func:`kinds`, which
    takes any kind word anywhere ("American film and television producer" is no film),
    and a bare year range is no birth here: events have them too ("Cold War ... (1947–1991)")."""
    description = description or ""
    if "(born" in description:
        return "person"
    found = _head_kinds(description)
    return next(iter(found)) if len(found) == 1 else None


def head_word(description: str) -> str | None:
    """The head noun of a short description (or an intro's first sentence): the last word
    before its first preposition, relative word or punctuation ("Association football
    **club** in Manchester", "English **footballer**.")."""
    head = _HEAD_END.split(description, maxsplit=1)[0].split()
    word = head[-1].rstrip(".") if head else ""
    return word or None


def birth_year(page: Page) -> int | None:
    """The year the person a page is about was born, as its description ("American actor
    (born 1981)", "(1918–1990)") or its intro's first sentence ("(born 4 May 1977)") says."""
    for text in (page.description or "", first_sentence(page.summary)):
        if found := _BIRTH_YEAR.search(text):
            return int(found.group(1))
    return None


def death_year(page: Page) -> int | None:
    """The year the person a page is about died, as its description ("American singer
    (1933–2006)") or its intro's first sentence ("(6 June 1931 – 6 July 2019)") says."""
    for text in (page.description or "", first_sentence(page.summary)):
        if (found := _LIFE.search(text)) and int(found[2]) - int(found[1]) >= MIN_LIFE:
            return int(found[2])
    return None


def lifespan(text: str) -> bool:
    """The text gives a birth or a life's years ("(born 1954)", "(1905–1957)")."""
    return bool(_LIFESPAN.search(text))


@cache
def _kinds_by_stem() -> Mapping[str, frozenset[str]]:
    """The kinds each word of ``page_kinds.tsv`` shows, by the word's stem."""
    kinds: dict[str, set[str]] = {}
    for kind, keys in page_kinds().items():
        for key in keys:
            kinds.setdefault(stem(key), set()).add(kind)
    return {word: frozenset(found) for word, found in kinds.items()}


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
    """The intro's first sentence (up to 300 characters): not ended by an initial's or an
    abbreviation's full stop ("Acme Co. (ACME) is...", ``period_abbreviations.txt``)."""
    for match in re.finditer(r"(?<![A-Z])[.!?](\s|$)", text[:300]):
        word = re.search(r"(\w+)$", text[: match.start()])
        if match.group()[0] != "." or word is None or word.group(1) not in _abbreviations():
            return text[: match.end()]
    return text[:300]


@cache
def _abbreviations() -> frozenset[str]:
    """Abbreviations written with a full stop (the NLP's list: the language's words)."""
    return word_set("reader.nlp", "period_abbreviations.txt")


def _subject(summary: str) -> str:
    """The intro's opening words up to its first verb, where other names of the subject appear
    ("Iran, officially the Islamic Republic of Iran, is ...")."""
    return re.split(r"\b(?:is|was|are|were)\b", first_sentence(summary), maxsplit=1)[0]


def _names_subject(name: str, summary: str) -> bool:
    """The intro names its subject (or, for a one-word short form, a part of it) so."""
    folded = name.casefold()
    if len(name) > 2 and re.search(
        rf"(?<!\w){re.escape(folded)}(?!\w)", _subject(summary).casefold()
    ):
        return True
    return " " not in name and folded in _other_names(summary)


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _inner_given_name(tokens: list[str], page: Page) -> bool:
    """A one-word name that is a person's first or middle name in the full name the intro
    opens with ("Randall" for "Dax Randall Shepard", "William" for "William Raymond
    Smith", titled "Will Smith"; asked only of titles that do not carry the name): no one
    bears it alone. A surname ("Germanotta" for Lady Gaga) is how a person is called."""
    if len(tokens) != 1 or "person" not in kinds(page):
        return False
    full = fold_tokens(re.split(r"[,(;]", _subject(page.summary), maxsplit=1)[0])
    while full and full[-1] in _NAME_SUFFIXES:
        full.pop()
    return tokens[0] in full[:-1]


def _adjective_inside(entity: Entity, name: str, page: Page) -> bool:
    """A nationality, religion or other group's adjective that the intro holds only
    inside a longer name ("Islamic" in "the Islamic Republic of Iran", "Christian" in
    "Christian Dior SE", "Western" in "Western Front"), not as another name of its subject."""
    return entity.label == "NORP" and name.casefold() not in _other_names(page.summary)


def _other_names(summary: str) -> set[str]:
    """Names the intro's first sentence gives its subject or a part of it: "(DFL)", "(the
    FA)", "also called AdX", "also known simply as the FA". Later sentences name other
    things ("He was general manager of the ... (PGMOL)")."""
    found = {m.group(1) or m.group(2) for m in _OTHER_NAME.finditer(first_sentence(summary))}
    return {name.casefold().strip(".,;:") for name in found}


def base_title(title: str) -> str:
    """The title without its qualifier: "Columbus, Ohio" and "Orion (spacecraft)" name "Columbus"
    and "Orion"; "Washington, D.C." keeps its abbreviation."""
    title = re.sub(r"\s*\([^)]*\)\s*$", "", title)
    head, _, tail = title.partition(",")
    return title if len(tail.strip()) <= 4 else head


def name_match(entity: Entity, page: Page) -> int:
    """How well the page's title carries the name: 3 same, 2 contains, 1 in intro, 0 none."""
    base = base_title(page.title)
    if entity.label == "NORP":
        base = re.sub(r"\s+people$", "", base)
    title_tokens = set(fold_tokens(base))
    best = 0
    for name in dict.fromkeys((entity.name, *entity.aliases)):
        tokens = fold_tokens(name)
        if not tokens:
            continue
        if fold_tokens(base) == tokens or fold_stems(base) == fold_stems(name):
            return 3
        if entity.label == "NORP" and (_adjective_of(name, page) or _cratic(name, page)):
            best = max(best, 2)
        if _words_carried(tokens, title_tokens, endings="person" not in kinds(page)):
            best = max(best, 2)  # "Grammys" in "Grammy Awards"
        elif (
            _names_subject(name, page.summary)
            and not _inner_given_name(tokens, page)
            and not _adjective_inside(entity, name, page)
        ):
            best = max(best, 1)
    return best


def initials(title: str) -> str:
    """The initials of a title's words but its small ones ("of", "and") and an opening
    "The", each part of a hyphened word counting: "International Cricket Council" gives
    "ICC", "The Football Association" "FA", "Agence France-Presse" "AFP"."""
    words = re.split(r"[\s‐-]+", title)
    if words[:1] == ["The"]:
        words = words[1:]
    return "".join(word[0] for word in words if word[:1].isupper())


def _words_carried(tokens: Sequence[str], title: set[str], *, endings: bool = True) -> bool:
    """Every word of the name is a word of the title, or (with ``endings``) one with an
    ending added to a title word of the same stem ("Grammys" for "Grammy"); never a title
    word with an ending the name lacks ("Future" is not in "Black Futures", nor "Star" in
    "St. Louis Stars"). A person's title takes no ending: "the Kennedys" are a family."""
    return all(
        token in title
        or (endings and any(token.startswith(word) and stem(word) == stem(token) for word in title))
        for token in tokens
    )


def _adjective_of(name: str, page: Page) -> bool:
    """A people page whose first sentence uses the nationality's word ("Danes ... who speak
    Danish" for "Danish"); a people's plural only as the page's subject ("Scottish people,
    or Scots, are" for "Scots"; not "Israelis are ... mainly Jews and Arabs" for "Jews")."""
    plural = name.endswith("s") and not name.endswith("ss")  # "Jews", not "Swiss"
    where = _subject(page.summary) if plural else first_sentence(page.summary)
    return "people" in kinds(page) and name.casefold() in fold_tokens(where)


def _cratic(name: str, page: Page) -> bool:
    """Members named by an agent noun in "-crat" and a body's title by its adjective in
    "-cratic", the name's other words too ("Democrats", "Social Democrats" and "Social
    Democratic Party"; not "Democratic Republic of the Congo", a country)."""
    words = [word + "ic" if word.endswith("crat") else word for word in fold_stems(name)]
    title = set(fold_stems(base_title(page.title)))
    return words != fold_stems(name) and set(words) <= title and "org" in kinds(page)


def common_noun(entity: Entity, page: Page) -> bool:
    """The page's title writes a capitalised word of the name only in lowercase, as the
    common noun it also is ("Legal guardian" for the newspaper "Guardian", "Coast guard"
    for "Coast Guard"). Titles capitalise their first word, so a name's word first in the
    title never counts as lowercase; short function words ("of", "the") never count."""
    title = WORD.findall(base_title(page.title))
    lowered = {word for word in title[1:] if word[:1].islower()}
    capitalised = set(title[:1]) | {word for word in title if word[:1].isupper()}
    stopwords = stop_words()
    return any(
        word[:1].isupper()
        and word.lower() in lowered
        and word not in capitalised
        and stem(word) not in stopwords
        for word in WORD.findall(entity.name)
    )


def generic_page(entity: Entity, page: Page) -> bool:
    """The page under one of the entity's names is about the common noun that name also is:
    its intro opens on the name in lowercase ("A congress is a formal meeting", "The police
    are", "An army is"), or the name is one common English word and the page is about no
    body, place, person, work or event ("Science" the discipline, "Amber" the resin). What
    the resolver makes of it: :func:`reader.lookup.resolve.judge_titles`."""
    name = next((name for name in (entity.name, *entity.aliases) if name == page.title), None)
    if name is None or name.islower():
        return False
    if " " not in name and name.casefold() in common_words() and kinds(page) <= {"concept"}:
        return True
    subject = _subject(page.summary)
    folded = re.escape(name.casefold())
    return bool(re.search(rf"(?<!\w){folded}(?!\w)", subject)) and not re.search(
        rf"(?<!\w){re.escape(name)}(?!\w)", subject
    )


@cache
def given_names() -> frozenset[str]:
    """Common given names, folded (the language's words, kept with the NLP's)."""
    return frozenset(fold_tokens(" ".join(word_set("reader.nlp", "given_names.txt"))))


_REGNAL = re.compile(r"[IVX]+")
"""A regnal number ("Charles III"): no part of a person's name the text must write."""


def first_name_of(entity: Entity, page: Page) -> list[str]:
    """The rest of the name of the person the page is about, when the entity is a bare
    common given name that name opens with ("Paul" and "Paul Pogba": ``["Pogba"]``); else
    ``[]``. A surname alone ("Harris"), a name the page is titled by ("Adele"), a club
    named after a place ("Chelsea F.C.") and a monarch ("Charles III") give none."""
    name = fold_tokens(entity.name)
    words = base_title(page.title).split()
    if len(name) != 1 or len(words) < 2 or name[0] not in given_names():
        return []
    if fold_tokens(words[0]) != name or "person" not in kinds(page):
        return []
    return [w for w in words[1:] if w[:1].isupper() and not _REGNAL.fullmatch(w.strip(".,"))]


def name_page(page: Page) -> bool:
    """A page about a given name or surname ("Rohit", "Dekker"), never what an article means."""
    return bool(_NAME_PAGE.search(page.description or ""))


def description_words(page: Page) -> list[str]:
    """The plain words of the page's short description, else of its intro's first sentence."""
    return plain_words(page.description or first_sentence(page.summary))


def country(page: Page) -> bool:
    """A country's page: it holds its bare name whatever else the article names ("Cyprus",
    "India" in an article naming none of their neighbours)."""
    return "country" in description_words(page)


def page_stems(page: Page) -> set[str]:
    return set(words(" ".join(filter(None, (page.title, page.description, page.summary)))))


_LONGEST_SPORT_PHRASE = 3
"""Words in the longest phrase of ``sport_words.tsv`` ("australian rules footballer")."""


@cache
def _sport_of_word() -> Mapping[str, str]:
    """The sport each sport word names (``data/sport_words.tsv``)."""
    return {
        word: sport
        for sport, words in word_groups("reader.lookup", "sport_words.tsv").items()
        for word in words
    }


def sports(page: Page) -> frozenset[str]:
    """The sports a page belongs to, as its short description (else its first sentence)
    says: a club or team, a player, a venue, a league or a race ("Association football club
    in London": football; "Horse racing venue": racing; "National Football League
    franchise": American football, not football; ``data/sport_words.tsv``). The longest
    phrase of the table wins: "rugby union team" is rugby union, not rugby. A description
    that names no sport ("National sports team") leaves it to the title ("England national
    rugby union team")."""
    return _sports_named(description_words(page)) or _sports_named(plain_words(page.title))


def _sports_named(words: list[str]) -> frozenset[str]:
    """The sports ``words`` name (:func:`sports`)."""
    table = _sport_of_word()
    found: set[str] = set()
    start = 0
    while start < len(words):
        for size in range(min(_LONGEST_SPORT_PHRASE, len(words) - start), 0, -1):
            sport = table.get(" ".join(words[start : start + size]))
            if sport is not None:
                found.add(sport)
                start += size
                break
        else:
            start += 1
    return frozenset(found)

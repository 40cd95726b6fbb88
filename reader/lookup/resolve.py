"""Choosing the page an entity means, from its names, its type and the article's words.

Pure functions, no I/O: the service fetches titles and search results and asks
these functions what they mean. The rules, in order:

1. A title lookup of the entity's name (or an alias) that lands on a page of the
   right kind is taken, unless the evidence is weak: a disambiguation page, a
   page of another kind ("Moon" the satellite for a PERSON), a person page that
   shares nothing with the article (a famous namesake), the common noun's page ("A
   congress is...", reached by the name or a short form: a name means one of its kind,
   unless the article writes it only where sentences open and the page shares its words),
   a theory's page for a name the model calls a thing ("Big Bang" an event), or a one-word name
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
   page" ahead of all is ``not_found``. The common noun's page of rule 1 stays a candidate
   but is never found: the best of the others is weighed instead.

In an article about sport (its names' sure pages are largely clubs, players and venues:
:class:`Sport`), a place the article never writes as the place itself ("in
Valencia") is the page of the article's sport named after it ("at Fulham, Liverpool and
England": the clubs and the national football team; "a winner at Warwick": the racecourse;
"second at Aintree", which the model calls a person); outside sport, or where the article
writes the place, such pages are no candidates.

spaCy's label is doubted where the article contradicts it ("around the Moon" is no
PERSON, "a school in Dayton" no ORG), pages about a given name or surname are never
the answer, and a person page is a namesake when the article gives the person a role
the page never mentions, unless the role is of the page's field of work or the page shares
much with the article, or an age the page's year of birth rules out, or a death before the
article's time for a person it quotes, or a field of work none of the article's people are
of (:meth:`Context.namesake`); a person the article gives an age is no page of another
kind. A people is no body named with its adjective
beside its own page, and an acronym no page that holds it only in its intro beside one
whose initials spell it. A title writing the name's word as a lowercase common noun ("Legal
guardian") is no candidate for a name the article capitalises inside sentences, and a
one-word place with a page of its own is not a longer place name holding it ("West
Virginia").

The pieces live beside this module: the words compared (:mod:`reader.lookup.terms`), what a
page is (:mod:`reader.lookup.pages`), the article as evidence (:mod:`reader.lookup.context`)
and the titles asked for (:mod:`reader.lookup.titles`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import Literal

from reader.lookup.client import Page, TitleResult
from reader.lookup.coherence import Profile
from reader.lookup.context import MIN_CONTEXT, Context
from reader.lookup.pages import (
    base_title,
    common_noun,
    country,
    description_words,
    first_sentence,
    generic_page,
    initials,
    kinds,
    name_match,
    name_page,
    page_stems,
    sports,
    type_fit,
)
from reader.lookup.ranker import ChoiceModel, choice_model
from reader.lookup.terms import fold_tokens
from reader.lookup.titles import nation, title_country, without_middle_names, without_nickname
from reader.lookup.types import label_fit
from reader.models import Entity
from reader.wordlists import corporate_suffixes

Scope = Literal["name", "article"]
"""Where a decision came from: the title lookups (``name``: the wiki's usual meaning of the
name, which also stands in for it in an article that cannot be looked up), or the article's
search (``article``). Every decision is kept for its article; the article's words weigh in
on both."""

MAX_CANDIDATES = 6

SEARCH_LIMIT = 10

COHERENCE_UNIT = 0.1
"""Coherence is weighed in tenths of a cosine, a spread like that of the other features, so
the fit's L2 penalty treats it alike (cross-validated: as a bare cosine it is shrunk to
almost nothing)."""

_STRONG = frozenset({"PERSON", "GPE", "LOC"})
"""Labels whose pages must visibly be of the right kind to be taken without search."""

_REDIRECT_CHECKED = frozenset({"PERSON", "GPE", "LOC", "FAC", "ORG"})

MIN_SPORT = 2
SPORT_SHARE = 0.25
"""An article is about sport when at least :data:`MIN_SPORT` of its sure pages, and this
share of them, belong to a sport (:func:`reader.lookup.pages.sports`)."""

_ABBREVIATION = re.compile(r"[A-Z]{2,4}\.?")
"""A title's leading abbreviation ("FC", "AFC", "SC")."""

_REGION = re.compile(r"\b(state|province|country|region|county|prefecture)\b", re.IGNORECASE)


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


def judge_titles(
    entity: Entity, results: Sequence[TitleResult | None], context: Context
) -> Decision:
    """Decide from title lookups alone, or ask for a search."""
    name_tokens = fold_tokens(entity.name)
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
        if unknown_person and set(fold_tokens(result.requested)) < set(name_tokens):
            shortened = result.requested in without_middle_names(entity) + without_nickname(entity)
            if not shortened or result.page.disambiguation or name_page(result.page):
                continue  # a bare surname reaches a namesake or a list of them
            if context.namesake(result.page):
                continue  # "Jose Goni" the footballer for "Jose Mario Goni" the minister
        page = result.page
        if nation(entity) == [result.requested] and not page.disambiguation:
            return Decision("found", page=page)  # the country a nationality names
        if page.disambiguation:
            return Decision("search", page=page)
        if name_page(page):
            return Decision("search")  # "Rohit" the given name: the article means a bearer
        if context.no_person and "person" in kinds(page):
            return Decision("search")
        fit = type_fit(label, page)
        if fit < 0 or (fit == 0 and label in _STRONG):
            if result is by_name and not (fit < 0 and context.age is not None):
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
                    if label == "PERSON" and context.namesake(page):
                        # a namesake: a page whose kind the label cannot be checked against
                        # ("English swimmer"), of another occupation; offered in the chooser
                        return Decision("not_found", candidates=(page,))
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
            and len(fold_tokens(result.requested)) == 1
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
        if label == "PERSON" and result is by_name and context.namesake(page):
            return Decision("not_found", candidates=(page,))  # a namesake: another role or age
        if _unmeant_common_noun(entity, page, context):
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
    title = fold_tokens(base_title(page.title))
    return len(title) >= 2 and title[-1:] == fold_tokens(result.requested)


def _unknown_name(entity: Entity, results: Sequence[TitleResult | None]) -> bool:
    """A name of several words that no title tried reaches, as a page or a redirect: the
    wiki keeps redirects for the usual forms of the names it has pages for, so a search
    would bring no page that carries the name ("Hangzhou Municipal Government", a photo
    credit). Every title must have been asked (``None`` is a title not asked)."""
    return len(fold_tokens(entity.name)) >= 2 and all(
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

    Disambiguation pages, pages about a given name or one bearer of a bare first name the
    article never names in full, namesakes (:meth:`Context.namesake`), person pages for what
    the article shows is no person and pages of another kind for a person it gives an
    age, pages whose title writes the name as a lowercase common noun, and pages that do
    not carry the name are never candidates; nor, beside a people's own page, bodies named
    with its adjective; nor, beside a page whose initials spell an acronym, pages holding it
    only in a longer name in their intro or before a word of their title; nor pages titled
    with a year ("2021 Semeru eruption") for a name without one that is no event; nor
    products beside their company's own page ("Rolls-Royce Trent XWB"); nor, beside a
    page titled with a country the article writes, one titled with a country it never
    writes ("Supreme Court of the United States" in a story from India); nor, for a
    dateline's credit ("(UPI) --"), pages of anything but news when a news
    organisation is among them; nor, beside a place of the name's own, places whose name
    puts words before it ("East Java" beside "Java", whatever the label); nor, for a place
    the title lookup reached, pages of
    sport named after it ("Leicester City F.C.") outside an article about sport or where the
    article writes the place ("in Leicester").
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
        and not context.unnamed_bearer(page)
        and not context.namesake(page)
        and not (context.no_person and "person" in kinds(page))
        and not (context.age is not None and kinds(page) and "person" not in kinds(page))
        and not (context.named_inside_sentences and common_noun(entity, page))
    ]
    if any(match == 3 and type_fit(context.label, page) >= 0 for page, match in pages):
        pages = [
            (page, match)
            for page, match in pages
            # beside the name's own page of a kind the label allows, one whose intro only
            # opens on a longer name holding it ("Microsoft Surface") is about something
            # else; not for acronyms, and not beside a founder's page for a brand
            # ("Christian Dior SE" for the ORG "Christian Dior")
            if (match != 1 or entity.name.isupper())
            and (match != 2 or not context.names_elsewhere(page))
        ]
    if entity.label == "NORP" and any(m == 3 and "people" in kinds(p) for p, m in pages):
        # beside the people's own page, a body named with its adjective ("Australian
        # Securities and Investments Commission" for "Australians") is not the people
        pages = [(page, match) for page, match in pages if match == 3 or "people" in kinds(page)]
    spelt = (
        {page.title for page, _ in pages if initials(base_title(page.title)) == entity.name}
        if entity.name.isupper()
        else set()
    )
    if any(page.title in spelt and type_fit(context.label, page) >= 0 for page, _ in pages):
        # beside a page whose initials spell the acronym, one that holds it only in a
        # longer name, in its intro ("The 2027 ICC Men's Cricket World Cup") or before a
        # word of its title ("ATP Finals", "2026 NBA draft"), is about something of the
        # body's, not the body (a new owner's name before it is the body's: "Kantar TNS")
        before_word = re.compile(rf"\b{re.escape(entity.name)}\s+\w")
        pages = [
            (page, match)
            for page, match in pages
            if page.title in spelt
            or match not in (1, 2)
            or (match == 2 and not before_word.search(base_title(page.title)))
        ]
    if context.label != "EVENT" and not _YEAR.search(entity.name):
        # a page titled with a year is about an event ("2021 Semeru eruption"): a name the
        # article writes without the year, and not as an event, is the volcano, the town
        pages = [(p, m) for p, m in pages if p is incumbent or not _YEAR.match(p.title)]
    if any(_company_of(entity, page) and type_fit(context.label, page) >= 0 for page, _ in pages):
        # beside the company's own page ("Rolls-Royce Holdings"), a page named with more
        # of its words ("Rolls-Royce Trent XWB", "Qualcomm Snapdragon") is its product's
        pages = [(p, m) for p, m in pages if _company_of(entity, p) or not _named_more(entity, p)]
    qualified = {page.title: title_country(page.title) for page, _ in pages}
    if any(country in context.countries for country in qualified.values()):
        # a body of the article's country, not another's ("Supreme Court of India", not
        # "of the United States", in an article that writes India and not the US)
        pages = [(p, m) for p, m in pages if qualified[p.title] in (None, *context.countries)]
    if context.credited and any(_news_page(page) for page, _ in pages):
        pages = [(page, match) for page, match in pages if _news_page(page)]
    if incumbent is not None and _own_country(entity, incumbent):
        pages = [(p, m) for p, m in pages if kinds(p) & {"person", "place"} != {"person"}]
    if any(_place_named(entity, page) for page, _ in pages):
        pages = [(p, m) for p, m in pages if not _larger_place_name(entity, p)]
    if incumbent is not None and (
        context.placed or (_place_named(entity, incumbent) and not context.sporting)
    ):
        # a club named after the place is meant in an article about sport alone, and not
        # where the article writes the place ("in Zurich"), whatever the title reached
        pages = [(p, m) for p, m in pages if not _named_after(entity, p, incumbent)]
    chosen: list[Page] = []
    values: list[dict[str, float]] = []
    seen: set[str] = set()
    for page, match in pages:
        if page is incumbent:
            match = max(match, 2)  # the wiki itself leads the name there (a redirect)
        if page.title in seen or match == 0:
            continue
        seen.add(page.title)
        region = context.qualifies_place and bool(
            _REGION.search(page.description or first_sentence(page.summary))
        )
        chosen.append(page)
        values.append(
            {
                "same_name": float(match == 3),
                "carries_name": float(match == 2),
                "in_intro": float(match == 1),
                "label_fit": label_fit(context.label, page),
                "shared": math.log1p(max(0.0, context.score(page))),
                "names": math.log1p(len(context.names & page_stems(page))),
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
        "one_word": float(len(fold_tokens(entity.name)) == 1),
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
    led here and offers several). The page about the common noun the name also is stays a
    candidate but is never found (:func:`_unmeant_common_noun`): the best of the others is
    weighed instead, and "no page" ahead of it is ``not_found`` too. A best page the model
    is not sure enough of leaves the candidates ``ambiguous``; else it is ``found``.
    With ``keep``, the page the title lookup reached carries that as a feature. A
    ``not_found`` with no candidate offers the namesakes set aside (:func:`_set_aside`).
    A dateline's credit ("(UPI) --") with one news organisation among the pages finds it.
    """
    model = model if model is not None else choice_model()
    results = list(results)
    pages, values, none_values = weigh(entity, results, context, incumbent=incumbent, keep=keep)
    none, shares = model.probabilities(none_values, values)
    ranked = sorted(zip(shares, pages, strict=True), key=lambda item: -item[0])
    candidates = tuple(page for _, page in ranked[:MAX_CANDIDATES])
    decision = partial(
        Decision, scope="article", ranking=tuple((page, share) for share, page in ranked)
    )
    disambiguated = incumbent is not None and incumbent.disambiguation
    if context.credited and len(pages) == 1 and _news_page(pages[0]):
        return decision("found", page=pages[0], candidates=candidates)  # the credit names it
    if not ranked or none >= ranked[0][0]:
        if disambiguated and len(candidates) > 1:
            return decision("ambiguous", candidates=candidates)
        aside = candidates or _set_aside(entity, [incumbent, *results], context)
        return decision("not_found", candidates=aside)
    # the common noun's page is a candidate (it keeps its share) but never the page found
    best_share, best = next(
        (item for item in ranked if not _unmeant_common_noun(entity, item[1], context)),
        (0.0, None),
    )
    if best is None or none >= best_share:
        return decision("not_found", candidates=candidates)
    if best_share < model.sure:
        return decision("ambiguous", candidates=candidates)
    return decision("found", page=best, candidates=candidates)


def _set_aside(entity: Entity, pages: Iterable[Page | None], context: Context) -> tuple[Page, ...]:
    """The pages under the person's exact name that :func:`weigh` left out as namesakes
    (:meth:`Context.namesake`), for the reader to take if the article meant them after
    all."""
    aside = {
        page.title: page
        for page in pages
        if page is not None
        and not page.disambiguation
        and name_match(entity, page) == 3
        and context.namesake(page)
    }
    return tuple(aside.values())[:MAX_CANDIDATES]


def _unmeant_common_noun(entity: Entity, page: Page, context: Context) -> bool:
    """The page is the common noun's (:func:`~reader.lookup.pages.generic_page`) and the
    article does not mean that noun. It may only where it writes the name, and only where
    sentences open, and the page shares words with it ("Apple growers ... their orchards";
    not "Man, up the road", "House Speaker Nancy Pelosi" or "the Army" of the XIV Army)."""
    meant = (
        page.title == entity.name
        and not context.named_inside_sentences
        and context.score(page) >= MIN_CONTEXT
    )
    return not meant and generic_page(entity, page)


def _news_page(page: Page) -> bool:
    """A news organisation's page ("American international news agency"): what a
    dateline's credit names (``Context.credited``), "UPI" the agency, not the payment
    system."""
    return "news" in description_words(page)


def _names_its_people(entity: Entity, page: Page) -> bool:
    """A nationality or group ("German", "Dutch") names the people page that carries its name
    ("Germans", "Dutch people"), however little that page shares with the article."""
    return entity.label == "NORP" and "people" in kinds(page) and name_match(entity, page) >= 2


def _own_country(entity: Entity, page: Page) -> bool:
    """The title lookup reached the country of the entity's one-word name, which the model
    did not call a person ("Wales" labelled ORG: the country, or its team)."""
    return (
        entity.label != "PERSON"
        and len(fold_tokens(entity.name)) == 1
        and page.title == entity.name
        and country(page)
    )


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
"""A year in a name or opening a title ("2021 Semeru eruption")."""


def _company_of(entity: Entity, page: Page) -> bool:
    """The page's title is the name and a company's legal form or industry word
    ("Rolls-Royce Holdings", "Qualcomm Inc."; ``corporate_suffixes.txt``)."""
    extra = _extra_words(entity, page)
    return bool(extra) and all(word.casefold() in _folded_suffixes() for word in extra)


@cache
def _folded_suffixes() -> frozenset[str]:
    """:func:`corporate_suffixes` case-folded ("inc." for "Inc.")."""
    return frozenset(word.casefold() for word in corporate_suffixes())


def _named_more(entity: Entity, page: Page) -> bool:
    """The page's title is the name and more capitalised words, and the page is about a
    thing made, held or run ("Rolls-Royce Trent XWB", a product), not a body, a place or a
    person named after the name ("Rolls-Royce Motor Cars", "Orbis River")."""
    extra = _extra_words(entity, page)
    return (
        bool(extra)
        and all(word[:1].isupper() or word[:1].isdigit() for word in extra)
        and bool(kinds(page))
        and kinds(page) <= _MADE_KINDS
    )


_MADE_KINDS = frozenset({"product", "work", "event", "concept"})
"""Kinds of page about something a company makes or holds (a page of no kind known, such
as "Record label founded by the Beatles", may be another company's)."""


def _extra_words(entity: Entity, page: Page) -> list[str]:
    """The words of the page's title after the name it opens with (case and accents
    folded for the comparison), if it does."""
    words = base_title(page.title).split()
    name = fold_tokens(entity.name)
    opening = next(
        (n for n in range(1, len(words)) if fold_tokens(" ".join(words[:n])) == name), None
    )
    return words[opening:] if opening is not None else []


def _labelled_place(entity: Entity, page: Page, context: Context) -> bool:
    """The page is a place of the entity's name, of the kind its label wants."""
    return (
        context.label in ("GPE", "LOC")
        and _place_named(entity, page)
        and type_fit(context.label, page) > 0
    )


def _place_named(entity: Entity, page: Page) -> bool:
    """The page is a place of the entity's name, whatever its label."""
    return name_match(entity, page) == 3 and "place" in kinds(page)


def _larger_place_name(entity: Entity, page: Page) -> bool:
    """Another place whose name puts words before the entity's ("West Virginia", "New South
    Wales", "Northern Ireland" for "Virginia", "Wales", "Ireland"): an article meaning it
    writes the longer name, so where the name has a place of its own, that is the one. A
    people ("British people") is no such place."""
    tokens = fold_tokens(base_title(page.title))
    name = fold_tokens(entity.name)
    return (
        kinds(page) & {"place", "people"} == {"place"}
        and len(tokens) > len(name)
        and tokens[-len(name) :] == name
    )


def team_question(entity: Entity, page: Page | None, context: Context) -> bool:
    """``page`` is a place of the entity's name that the article never writes as the place
    itself ("in Valencia"): in an article about sport the name may be the club, team or
    venue named after the place, as sports reports write them ("at Fulham, Liverpool and
    England", "a winner at Warwick", "an equaliser against Central Coast")
    (:meth:`Sport.instead`). A one-word name the model called a person that the article
    writes after "at" or "the" ("second at Aintree": its label unknown) counts too."""
    if page is None or context.placed:
        return False
    unlabelled = context.label == "" and _place_named(entity, page)  # "at Aintree", a PERSON
    return unlabelled or _labelled_place(entity, page, context)


def _named_after(entity: Entity, page: Page, place: Page) -> bool:
    """A page of sport whose title opens with the name of the entity's ``place``, after
    any abbreviation ("Fulham F.C.", "Warwick Racecourse", "England national football
    team", "FC Zürich")."""
    name = fold_tokens(entity.name)
    words = base_title(page.title).split()
    while len(words) > 1 and _ABBREVIATION.fullmatch(words[0]) and fold_tokens(words[0]) != name:
        words.pop(0)
    return (
        page.title != place.title
        and not page.disambiguation
        and fold_tokens(" ".join(words))[: len(name)] == name
        and bool(sports(page))
        and "person" not in kinds(page)
    )


@dataclass(frozen=True, slots=True)
class Sport:
    """An article about sport, read from its names' sure pages: how many belong to each
    sport, and their coherence profile (:mod:`reader.lookup.coherence`)."""

    pages: Mapping[str, int]
    """How many sure pages belong to each sport."""
    profile: Profile

    @classmethod
    def of(cls, sure: Mapping[str, Page], profile: Profile) -> Sport | None:
        """The article's sport from its names' sure pages (by name) and their coherence
        ``profile``; ``None`` when fewer than :data:`MIN_SPORT`, or than
        :data:`SPORT_SHARE` of them, are sport's."""
        counted = [sports(page) for page in sure.values()]
        count = sum(bool(found) for found in counted)
        if count < MIN_SPORT or count < SPORT_SHARE * len(counted):
            return None
        counts = Counter(sport for found in counted for sport in found)
        return cls(counts, profile)

    def instead(
        self, entity: Entity, decision: Decision, results: Iterable[Page], context: Context
    ) -> Decision:
        """``decision``, or, where it found a place that may name a team
        (:func:`team_question`), or left such places ambiguous, the page among the search
        ``results`` of the article's sport named after it (:meth:`team`), found. The place
        is not offered beside it: the link model would rate it above the page chosen
        against it."""
        place = decision.page if decision.status == "found" else None
        if decision.status == "ambiguous" and decision.candidates:
            place = decision.candidates[0]  # which of the places matters not for its team
        if place is None or not team_question(entity, place, context):
            return decision
        team = self.team(entity, place, results)
        if team is None:
            return decision
        return Decision("found", page=team, scope="article")

    def team(self, entity: Entity, place: Page, results: Iterable[Page]) -> Page | None:
        """Among search ``results``, the page of the article's sport named after the
        entity's ``place`` (its title opens with the name): of the sport most of the
        article's pages belong to ("England national football team" beside footballers,
        not the rugby union team; never the Denver Broncos, of American football, in a
        soccer report), then cohering best with them ("Newcastle Jets FC" beside Sydney FC,
        not Newcastle United F.C.); ``None`` when there is none."""
        weighed = [
            (sum(self.pages.get(sport, 0) for sport in sports(page)), self._coherence(page), page)
            for page in results
            if _named_after(entity, page, place)
        ]
        best = max(weighed, key=lambda item: item[:2], default=None)
        return best[2] if best is not None and best[0] > 0 else None

    def _coherence(self, page: Page) -> float:
        return self.profile.score(page, "") or 0.0


_ENTRY_END = r"(?=$|[,;.:]|\s+(?:and|or)\b|\s+[-–—(])"
"""Where a disambiguation page's entry title ends: "Woolworths Group (Australia)| and its
supermarkets;", "Ann Lee|, a singer" (not "United States| Department of the Treasury")."""


def listed_sure_page(
    disambiguation: Page | None, sure: Mapping[str, Page], key: str
) -> Page | None:
    """The one page, among those the article's other names are sure of (``sure``, keyed by
    name; ``key`` is this name's), that the disambiguation page this name reached lists as
    one of its meanings (an entry opens on its title, not a page it merely mentions):
    the article already names that meaning ("Woolies" reaches "Woolworths", which lists
    Woolworths Group (Australia), the page of the article's "WOOLWORTHS"). ``None`` when
    the page lists none of them, or several."""
    if disambiguation is None or not disambiguation.disambiguation:
        return None
    text = disambiguation.summary.casefold()
    listed = {
        page.title: page
        for other, page in sure.items()
        if other != key
        and not page.disambiguation
        and re.search(rf"(?:^|[:;\n•]\s*){re.escape(page.title.casefold())}{_ENTRY_END}", text)
    }
    return next(iter(listed.values())) if len(listed) == 1 else None


def _first_listed(disambiguation: Page, pages: Sequence[Page]) -> Page | None:
    """Among ``pages``, the one a disambiguation page lists first (it lists the usual
    meaning first: "New York City" before "New York (state)")."""
    if not disambiguation.disambiguation:
        return None
    text = disambiguation.summary.casefold()
    places = [(place, page) for page in pages if (place := text.find(page.title.casefold())) >= 0]
    return min(places, key=lambda item: item[0])[1] if places else None

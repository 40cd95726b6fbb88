"""The pages the chooser offers for a name: what the resolver weighed, and search results.

Light on purpose (no HTTP stack): the chooser imports it. :class:`Candidate` is one page
as the chooser shows it; :func:`known_candidates` reads them from what the lookups stored
(the resolver's ranked pages, and the reader's own choice); :func:`join` adds search
results to them, one entry per title.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Origin = Literal["resolver", "choice", "search"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One page the reader may choose (all text sanitised by the client that fetched it)."""

    title: str
    description: str | None = None
    """The short description (Wikidata), if known."""
    summary: str = ""
    """The intro, if known (the chooser shows its first sentence)."""
    url: str | None = None
    score: float | None = None
    """How well the resolver thought the page fits the article (0-1), if it weighed it."""
    origin: Origin = "resolver"
    """Where it came from: the resolver's ranking, the reader's choice, or a search."""

    @property
    def has_page(self) -> bool:
        """Whether its description and intro are known (choosing it costs no request)."""
        return bool(self.summary or self.description or self.url)

    def page_fields(self) -> dict[str, Any]:
        """The fields a choice keeps."""
        return {
            "title": self.title,
            "url": self.url,
            "description": self.description,
            "summary": self.summary,
        }


@dataclass(frozen=True, slots=True)
class SearchAnswer:
    """What a search of the wiki gave: pages, best first, or why it gave none."""

    query: str
    candidates: tuple[Candidate, ...] = ()
    problem: str | None = None
    """A one-line reason when the search could not be made (offline, an error)."""
    offline: bool = False
    """The search was not made: reader is offline."""


def _candidate(page: Mapping[str, Any], score: float | None, origin: Origin) -> Candidate:
    return Candidate(
        title=page["title"],
        description=page.get("description"),
        summary=page.get("summary") or "",
        url=page.get("url"),
        score=score,
        origin=origin,
    )


def known_candidates(
    decided: Mapping[str, Any] | None, choice: Mapping[str, Any] | None
) -> list[Candidate]:
    """The pages to offer before any search: the reader's chosen page, then the resolver's
    page and the candidates it ranked (with their scores), one per title.

    Args:
        decided: The record of what the lookups decided (``reader.lookup.cache`` shape).
        choice: The reader's choice in force, if any (``reader.lookup.choices`` shape).
    """
    found: list[Candidate] = []
    if choice is not None and choice.get("title"):
        found.append(_candidate(choice, None, "choice"))
    if decided:
        scores: dict[str, float] = dict(
            zip(decided.get("candidates", ()), decided.get("scores", ()), strict=False)
        )
        if decided.get("title"):
            score = scores.get(decided["title"], decided.get("confidence"))
            found.append(_candidate(decided, score, "resolver"))
        pages = {page["title"]: page for page in decided.get("pages", ())}
        for title in decided.get("candidates", ()):
            page = pages.get(title, {"title": title})
            found.append(_candidate(page, scores.get(title), "resolver"))
    return join(found, ())


def join(known: Iterable[Candidate], searched: Iterable[Candidate]) -> list[Candidate]:
    """``known`` then ``searched``, one entry per title (the first one seen, completed by
    a later one that has the description and intro it lacks)."""
    joined: dict[str, Candidate] = {}
    for candidate in [*known, *searched]:
        here = joined.get(candidate.title)
        if here is None:
            joined[candidate.title] = candidate
        elif not here.has_page and candidate.has_page:
            joined[candidate.title] = Candidate(
                here.title,
                candidate.description,
                candidate.summary,
                candidate.url,
                here.score,
                here.origin,
            )
    return list(joined.values())

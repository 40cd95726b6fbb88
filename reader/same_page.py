"""Two names for one thing become one entity once both are found on the same Wikipedia page.

The NLP sometimes keeps apart two names of one thing ("Islamic Republic" and "Iran",
"K-Fed" and "Kevin Federline"); their backgrounds then come back as the same page. When
both pages are ``found`` and sure (:func:`reader.lookup.certainty.certainty`, which counts
the reader's own choice as sure), the entities are one (DESIGN §5). A name whose page is
only likely joins a sure one on that page when it is a short form of its name ("Mills" and
"Heather" beside "Heather Mills"): the name and the page agree; where no name is sure of
the page, a likely short form joins the one likely name it shortens ("Shepard", "Dax
Shepard"). Otherwise a page only likely, ambiguous or not found joins nothing.

The order is: the NLP's entities, then the reader's corrections
(:func:`reader.corrections.apply`), then this rule over the corrected entities. The
reader's corrections win: an entity holding a mention a split correction moved out
(:func:`apart`) is never joined by this rule, so a split (``s``) stays split, and a
same-page join the reader undid (``u``, kept as such a split) is not made again.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reader.folding import unaccented
from reader.lookup.certainty import certainty
from reader.models import Background, Entity, Mention
from reader.nlp.mentions import ranked_aliases

SAME_PAGE = sys.intern("same Wikipedia page")
"""The reason of a mention joined to its entity by this rule."""


OWN_KIND = frozenset({"NORP", "LANGUAGE"})
"""Types that join only their own type: "Israeli" (a nationality) and "Israel" (the
country) are two things even when the lookup gives both the country's page, as it often
does for a demonym; "Arabic" the language is not "Arabic" the people. Other types mix
("K-Fed", which the model took for an organisation, is the person Kevin Federline)."""


@dataclass(frozen=True, slots=True)
class Join:
    """Entities found to be one thing: their page, the parts, and the entity they make."""

    title: str
    """The Wikipedia page they share."""
    parts: tuple[Entity, ...]
    """The entities joined, in order of first mention: the first gives the id (so the
    background), the one with the most mentions the label (on a tie, the one named)."""
    entity: Entity
    """The joined entity."""
    namer: Entity
    """The part whose name it carries."""

    @property
    def joined(self) -> tuple[Entity, ...]:
        """The other parts ("Islamic Republic" when the entity is "Iran"): their mentions
        give :data:`SAME_PAGE` as their reason."""
        return tuple(part for part in self.parts if part is not self.namer)

    def describe(self) -> str:
        """The join in a few words ("Islamic Republic joined Iran: same Wikipedia page")."""
        names = " and ".join(part.name for part in self.joined)
        return f"{names} joined {self.entity.name}: same Wikipedia page"


def apart(corrections: Iterable[Mapping[str, Any]]) -> frozenset[Mention]:
    """The mentions the reader's split corrections (:mod:`reader.corrections`) moved:
    their entities stay apart."""
    return frozenset(
        Mention(place[0], place[1], place[2])
        for correction in corrections
        if correction["kind"] == "split"
        for place in correction["mentions"]
    )


def found_title(background: Background | None) -> str | None:
    """The page of a ``found`` background, sure or likely, else ``None``."""
    if background is None or background.status != "found" or not background.title:
        return None
    return background.title


def sure_title(background: Background | None) -> str | None:
    """The page of a ``found`` background that is sure (or the reader's choice), else ``None``."""
    title = found_title(background)
    return title if certainty(background) == "sure" else None


def _joining(pages: list[tuple[Entity, bool]]) -> list[Entity]:
    """The entities on one page that join: those sure of it; those only likely of it whose
    name is a short form of a sure one's (its words, fewer of them); and, where none is
    sure, a likely short form with the one likely name it shortens ("Shepard" and "Dax
    Shepard"; "Dax" beside "Dax Shepard" and "Dax Hudson" shortens two, and joins none)."""
    sure = [entity for entity, is_sure in pages if is_sure]
    anchors = sure or [entity for entity, _ in pages]
    joining = {id(entity) for entity in sure}
    for entity, is_sure in pages:
        longer = [other for other in anchors if _words(entity.name) < _words(other.name)]
        if not is_sure and longer and (sure or len(longer) == 1):
            joining.update(map(id, [entity, *longer]))
    return [entity for entity, _ in pages if id(entity) in joining]


def _words(name: str) -> frozenset[str]:
    return frozenset(unaccented(name).split())


def join_same_page(
    entities: Sequence[Entity],
    background: Callable[[str], Background | None],
    kept_apart: frozenset[Mention] = frozenset(),
) -> tuple[list[Entity], list[Join]]:
    """The entities on the same page made one (as :func:`_joining` says), and the joins made.

    Args:
        entities: One article's entities (as the reader corrected them), in order of
            first mention.
        background: The background of an entity id, if one has come.
        kept_apart: Mentions whose entities never join (:func:`apart`).

    Returns:
        The entities in order of first mention (``entities`` itself, copied, when
        nothing joins), and one :class:`Join` per entity made, in the same order.
    """
    by_page: dict[tuple[str, str], list[tuple[Entity, bool]]] = {}
    for entity in entities:
        found = background(entity.id) if entity.mentions else None
        title = found_title(found)
        if title is not None and not (kept_apart and kept_apart.intersection(entity.mentions)):
            kind = entity.label if entity.label in OWN_KIND else ""
            by_page.setdefault((title, kind), []).append((entity, sure_title(found) is not None))
    groups = [
        (title, parts) for (title, _), pages in by_page.items() if len(parts := _joining(pages)) > 1
    ]
    if not groups:
        return list(entities), []
    joins = [_joined(title, parts) for title, parts in groups]
    gone = {id(part) for join in joins for part in join.parts[1:]}
    made = {id(join.parts[0]): join.entity for join in joins}
    result = [made.get(id(e), e) for e in entities if id(e) not in gone]
    result.sort(key=lambda e: e.mentions[0].start if e.mentions else -1)
    joins.sort(key=lambda join: join.entity.mentions[0].start)
    return result, joins


def _joined(title: str, parts: list[Entity]) -> Join:
    """One entity of ``parts`` (all on the page ``title``)."""
    parts = sorted(parts, key=lambda e: e.mentions[0].start)
    first = parts[0]
    namer = max(parts, key=lambda e: _naming_rank(e, title, parts))
    labeller = max(parts, key=lambda e: (len(e.mentions), e is namer, -parts.index(e)))
    mentions = tuple(
        sorted(
            mention
            for part in parts
            for mention in (
                part.mentions
                if part is namer
                else (replace(m, reason=SAME_PAGE) for m in part.mentions)
            )
        )
    )
    entity = replace(
        first,
        name=namer.name,
        label=labeller.label,
        aliases=ranked_aliases(mentions),
        mentions=mentions,
    )
    return Join(title, tuple(parts), entity, namer)


_QUALIFIER = re.compile(r"\s+\([^()]*\)$")
"""A page title's trailing qualifier: "Jordan (country)"."""


def _naming_rank(
    entity: Entity, title: str, parts: list[Entity]
) -> tuple[bool, bool, bool, int, int, int]:
    """How well a part's name names the whole: not in capitals (a dateline), the page's
    title (without a qualifier such as "(company)"), the words that open it ("Arm", not
    "Holdings", of a model that cut "Arm Holdings" in two), fullest (DESIGN §5), first."""
    name = entity.name.casefold()
    plain = _QUALIFIER.sub("", title).casefold()
    return (
        not entity.name.isupper(),
        name == plain,
        f"{plain} ".startswith(f"{name} "),
        len(name.split()),
        len(name),
        -parts.index(entity),
    )


class FoundPages:
    """The found page (sure or likely) of each entity that has one, to tell cheaply which
    entities a new background may join or part (the app gets backgrounds one at a time: a book's
    thousands of names must not each regroup the whole article)."""

    def __init__(self) -> None:
        """No pages yet."""
        self._title: dict[str, str] = {}
        self._ids: dict[str, set[str]] = {}

    def update(self, entity_id: str, background: Background | None) -> frozenset[str]:
        """Keep ``entity_id``'s found page, if ``background`` gives one.

        Returns:
            The other entities on its page before or after: those it may now join or
            leave (none when its found page did not change).
        """
        new, old = found_title(background), self._title.get(entity_id)
        if new == old:
            return frozenset()
        others: set[str] = set()
        if old is not None:
            self._ids[old].discard(entity_id)
            others |= self._ids[old]
            del self._title[entity_id]
        if new is not None:
            on_page = self._ids.setdefault(new, set())
            others |= on_page
            on_page.add(entity_id)
            self._title[entity_id] = new
        return frozenset(others)

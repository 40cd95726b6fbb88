"""A name's type from its Wikipedia page, where the page says plainly the model got it wrong.

The small model often types a name it does not know by its shape: "Lockheed Martin" and
"SpaceX" as people, "Manchester United" as a person, "La La Land" as a building. Once a
name has a page, sure or likely (found, :mod:`reader.lookup.certainty`), the page's short
description says what it is ("American aerospace company",
:func:`reader.lookup.pages.description_kind`); where that kind is not one the label
allows, the entity takes the label of that kind (:data:`reader.labels.KIND_LABELS`).

Nationalities and languages keep theirs: a nationality's page is its country by
convention ("Italian" links to Italy), which does not make it a place. On news-fair-v2-dev
(the link bench's pages, 2026-12-03) it retypes 84 of 1,595 names. 32 of them are
annotated: 24 take the annotators' label, 6 another wrong one, and 2 lost the right one
("Caspian Sea", a "body of water", became an organisation, until that phrase counted as
one noun, 2026-12-05; "Valencia" took the club's page, which the lookup has since stopped
giving it: :class:`reader.lookup.resolve.Sport`).
Likely pages too (2026-12-03, fifth session): 54 more names retyped, 20 of them annotated;
17 take the annotators' label ("Fulham" a club, "Boston Review" a work), 3 another
wrong one, none loses the right one (before, "Fulham" beside its club's likely page read
"Place").

Applied after the names on one page are joined (:mod:`reader.same_page`), in the app and
in ``reader entities --lookup``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from reader.labels import KIND_LABELS, accepted_kinds
from reader.lookup.pages import description_kind
from reader.models import Background, Entity

KEEP_LABELS = frozenset({"NORP", "LANGUAGE"})
"""Labels a page never changes: a nationality's or a language's page is often its country's."""


def page_label(entity: Entity, background: Background | None) -> str | None:
    """The label ``entity``'s page (sure or likely) gives it, when that differs from its own;
    else ``None``."""
    if entity.label in KEEP_LABELS or background is None or background.status != "found":
        return None  # only a found page, sure or likely, says what the name is
    kind = description_kind(background.description)
    if kind is None or kind not in KIND_LABELS or kind in accepted_kinds(entity.label):
        return None
    return KIND_LABELS[kind]


def typed_by_page(
    entities: Sequence[Entity],
    background: Callable[[str], Background | None],
    keep: frozenset[str] = frozenset(),
) -> list[Entity]:
    """``entities``, each with the label its page gives it (:func:`page_label`), but those
    whose ids are in ``keep``: the reader typed them (:func:`reader.corrections.reader_typed`)."""
    return [
        replace(entity, label=label)
        if entity.id not in keep and (label := page_label(entity, background(entity.id)))
        else entity
        for entity in entities
    ]

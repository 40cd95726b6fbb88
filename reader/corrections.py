"""The reader's own corrections of entities: a mention split out, two entities merged, an
entity given another type.

A correction belongs to one article (its fingerprint, :func:`reader.lookup.cache.digest`,
as the page choices use) and names what it moves by mention offsets and text, so it is
skipped, never misapplied, when the entities no longer hold those mentions. They live
in ``corrections.json`` beside the page choices' ``choices.json``, in the data directory:
``reader cache clear`` keeps them, ``reader choices clear`` forgets them.

Hardened like the choices file (THREATS §3): the directory must be ours, not a link; the
file is written 0600 through a temporary file and an atomic rename, read only when it is
a small regular file, and checked entry by entry. A file that is not what reader writes
is moved aside (``corrections.json.corrupt``) with one warning. Nothing here raises to
its caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.labels import NAME_LABELS, label_name
from reader.lookup.cache import digest
from reader.lookup.record_file import RecordFile, text_field, time_field
from reader.models import YOUR_CORRECTION, Entity, Mention
from reader.nlp.mentions import ranked_aliases, unique_id
from reader.wording import counted

FILE_NAME = "corrections.json"
MAX_MENTIONS = 5_000
"""Mentions one split may move."""

Correction = dict[str, Any]
"""``{"kind": "split", "article", "name", "label", "mentions": [[start, end, text]...],
"made_at"}``: those mentions of the entity ``name`` form an entity of their own.
``{"kind": "merge", ...}``: the entities holding ``mentions[0]`` and ``mentions[1]``
(``name`` and ``other``) are one, named by the fuller name, or by ``keep`` where it is
one of the two (the one with a Wikipedia page). ``{"kind": "retype", ...,
"to"}``: the entities holding ``mentions`` (one each: the names of an entity joined by
their page take the type together) are of the type ``to`` (a name's label)."""

Place = tuple[int, int, str]


def article_key(text: str) -> str:
    """The article's fingerprint: the scope of its corrections (and of its choices)."""
    return digest(text)


def _place(mention: Mention) -> Place:
    return (mention.start, mention.end, mention.text)


def split(article: str, entity: Entity, mentions: Iterable[Mention]) -> Correction:
    """A correction taking ``mentions`` out of ``entity`` into an entity of their own."""
    return _made("split", article, entity.name, entity.label, [list(_place(m)) for m in mentions])


def merge(article: str, entity: Entity, other: Entity, keep: str | None = None) -> Correction:
    """A correction making ``entity`` and ``other`` one entity, named by the fuller name,
    or by ``keep`` (one of their names)."""
    anchors = [list(_place(entity.mentions[0])), list(_place(other.mentions[0]))]
    made = _made("merge", article, entity.name, entity.label, anchors) | {"other": other.name}
    return made | {"keep": keep} if keep in (entity.name, other.name) else made


def retype(article: str, entity: Entity, label: str, parts: Sequence[Entity] = ()) -> Correction:
    """A correction giving ``entity`` the type ``label`` (one of :data:`NAME_LABELS`): or,
    for an entity joined from ``parts``, to each of them."""
    anchors = [list(_place(part.mentions[0])) for part in parts or [entity]]
    return _made("retype", article, entity.name, entity.label, anchors) | {"to": label}


def _made(kind: str, article: str, name: str, label: str, places: list[list[Any]]) -> Correction:
    return {
        "kind": kind,
        "article": article,
        "name": name[:500],
        "label": label[:40],
        "mentions": places,
        "made_at": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def describe(correction: Correction) -> str:
    """The correction in a few words ("Jordan split from Michael Jordan", "2 mentions of
    Michael Jordan split off")."""
    if correction["kind"] == "merge":
        return f"{correction['name']} merged with {correction['other']}"
    if correction["kind"] == "retype":
        return f"{correction['name']} typed as {label_name(correction['to'])}"
    moved = sorted({place[2] for place in correction["mentions"]})
    if moved == [correction["name"]]:  # the full name itself: "Ismail Haniyeh split from ..."
        count = len(correction["mentions"])
        return f"{counted(count, 'mention')} of {correction['name']} split off"
    return f"{', '.join(moved)} split from {correction['name']}"


# ---------------------------------------------------------------------- applying


def apply(entities: Sequence[Entity], corrections: Iterable[Correction]) -> list[Entity]:
    """The entities as the reader corrected them, in order of first mention.

    Each correction applies in turn; one whose mentions are not where it says (the text
    or the analysis changed) is skipped. Moved mentions give :data:`YOUR_CORRECTION` as
    their reason. An entity keeps its id while it keeps its name and type, so its
    background stays; a new, renamed or retyped one gets a fresh id and a lookup of its
    own (the lookup weighs pages by the type).

    Args:
        entities: Entities of one article, as found.
        corrections: That article's corrections, oldest first.

    Returns:
        A new list (``entities`` is left as it is).
    """
    result = list(entities)
    for correction in corrections:
        changed = _CHANGES[correction["kind"]](result, correction)
        if changed is not None:
            result = sorted(changed, key=lambda e: e.mentions[0].start if e.mentions else -1)
    return result


def applied(entities: Sequence[Entity], correction: Correction) -> bool:
    """Whether ``correction`` changes ``entities`` (its mentions are where it says)."""
    return apply(entities, [correction]) != list(entities)


def _holder(entities: Sequence[Entity], place: Sequence[Any]) -> int | None:
    """The index of the entity with a mention at ``place`` ``[start, end, text]``."""
    wanted = Mention(place[0], place[1], place[2])  # equal when offsets and text are
    return next((i for i, entity in enumerate(entities) if wanted in entity.mentions), None)


def _split(entities: list[Entity], correction: Correction) -> list[Entity] | None:
    places = correction["mentions"]
    index = _holder(entities, places[0]) if places else None
    if index is None:
        return None
    entity = entities[index]
    moving = {tuple(place) for place in places}
    moved = [m for m in entity.mentions if _place(m) in moving]
    kept = [m for m in entity.mentions if _place(m) not in moving]
    if len(moved) != len(moving) or not kept:
        return None
    used = {e.id for e in entities}
    rest = _rebuilt(entity, kept, used)
    new = _named(entity.label, [replace(m, reason=YOUR_CORRECTION) for m in moved], used)
    return [*entities[:index], rest, new, *entities[index + 1 :]]


def _merge(entities: list[Entity], correction: Correction) -> list[Entity] | None:
    places = correction["mentions"]
    if len(places) != 2:
        return None
    first, second = _holder(entities, places[0]), _holder(entities, places[1])
    if first is None or second is None or first == second:
        return None
    keep, other = entities[first], entities[second]
    named = correction.get("keep")
    if named in (keep.name, other.name) and keep.name != other.name:
        swap = named == other.name  # the name with a page
    else:
        swap = _fullness(other.name) > _fullness(keep.name)
    if swap:
        keep, other = other, keep
    moved = [replace(m, reason=YOUR_CORRECTION) for m in other.mentions]
    mentions = tuple(sorted([*keep.mentions, *moved]))
    merged = replace(keep, aliases=ranked_aliases(mentions), mentions=mentions)
    return [merged if e is keep else e for e in entities if e is not other]


def _retype(entities: list[Entity], correction: Correction) -> list[Entity] | None:
    label = correction["to"]
    held = {_holder(entities, place) for place in correction["mentions"]}
    changing = {index for index in held if index is not None and entities[index].label != label}
    if not changing:
        return None
    used = {e.id for e in entities}
    retyped = list(entities)
    for index in sorted(changing):
        entity = entities[index]
        retyped[index] = replace(entity, id=unique_id(entity.name, label, used), label=label)
        used.add(retyped[index].id)
    return retyped


_CHANGES = {"split": _split, "merge": _merge, "retype": _retype}


def reader_typed(entities: Sequence[Entity], corrections: Iterable[Correction]) -> frozenset[str]:
    """The ids of ``entities`` the reader gave their type: a page does not retype them
    (:func:`reader.page_labels.typed_by_page`)."""
    typed = set()
    for correction in corrections:
        if correction["kind"] == "retype":
            for place in correction["mentions"]:
                index = _holder(entities, place)
                if index is not None and entities[index].label == correction["to"]:
                    typed.add(entities[index].id)
    return frozenset(typed)


def _fullness(name: str) -> tuple[int, int]:
    return len(name.split()), len(name)


def _rebuilt(entity: Entity, mentions: list[Mention], used: set[str]) -> Entity:
    """``entity`` with only ``mentions``: its name if one still says it, else renamed."""
    if any(m.text == entity.name for m in mentions):
        return replace(entity, aliases=ranked_aliases(mentions), mentions=tuple(mentions))
    used.discard(entity.id)
    return _named(entity.label, mentions, used)


def _named(label: str, mentions: list[Mention], used: set[str]) -> Entity:
    """A new entity of ``mentions``, named by their fullest form, with a fresh id."""
    aliases = ranked_aliases(mentions)
    name = next((alias for alias in aliases if not alias.isupper()), aliases[0])
    return Entity(unique_id(name, label, used), name, label, aliases, tuple(mentions))


# ---------------------------------------------------------------------- the file


def _valid_place(place: Any) -> bool:
    return (
        isinstance(place, list)
        and len(place) == 3
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in place[:2])
        and place[0] < place[1]
        and text_field(place[2], 500)
    )


def valid_correction(correction: Any) -> bool:
    """Whether ``correction`` has exactly the shape reader writes."""
    if not isinstance(correction, dict) or correction.get("kind") not in _CHANGES:
        return False
    places = correction.get("mentions")
    if not (
        text_field(correction.get("article"), 64)
        and text_field(correction.get("name"), 500)
        and text_field(correction.get("label"), 40)
        and isinstance(places, list)
        and 0 < len(places) <= MAX_MENTIONS
        and all(map(_valid_place, places))
        and text_field(correction.get("made_at"), 40)
        and time_field(correction["made_at"])
    ):
        return False
    if correction["kind"] == "retype":
        return correction.get("to") in NAME_LABELS
    return correction["kind"] != "merge" or (
        len(places) == 2
        and text_field(correction.get("other"), 500)
        and ("keep" not in correction or text_field(correction["keep"], 500))
    )


class CorrectionStore(RecordFile[Correction]):
    """The corrections file of one data directory."""

    def __init__(self, directory: Path, warn: Callable[[str], None]) -> None:
        """Use ``directory``/corrections.json (nothing is read until first asked)."""
        super().__init__(
            directory,
            FILE_NAME,
            "corrections",
            valid=valid_correction,
            what="your corrections",
            warn=warn,
        )

    def for_article(self, article: str) -> list[Correction]:
        """The corrections of one article, oldest first."""
        return [c for c in self.all() if c["article"] == article]

    def add(self, correction: Correction) -> None:
        """Keep ``correction`` (after the others); written at once."""
        self.change(lambda corrections: [*corrections, correction])


class ArticleCorrections:
    """One article's corrections: applied to its entities, added to and undone, and kept
    in the store as they change."""

    def __init__(self, store: CorrectionStore, text: str) -> None:
        """Read the corrections of the article ``text`` from ``store``."""
        self.store = store
        self.article = article_key(text)
        """The article's fingerprint, the corrections' scope."""
        self.corrections = store.for_article(self.article)
        """Oldest first."""

    def apply(self, entities: Sequence[Entity]) -> list[Entity]:
        """``entities`` as corrected (see :func:`apply`)."""
        return apply(entities, self.corrections)

    def split(self, entity: Entity, mention: Mention, *, every: bool = True) -> Correction | None:
        """Split ``mention`` out of ``entity``: with ``every`` mention in the same words
        (what a reader usually means: "Jordan" the country is every "Jordan"), or alone.
        ``None`` when nothing would stay in ``entity``. Kept at once."""
        moving = [m for m in entity.mentions if m.text == mention.text] if every else [mention]
        if len(moving) >= len(entity.mentions):
            return None
        return self.add(split(self.article, entity, moving))

    def merge(self, entity: Entity, other: Entity, keep: str | None = None) -> Correction:
        """Make ``entity`` and ``other`` one entity (named by ``keep``, if one of their
        names, else by the fuller). Kept at once."""
        return self.add(merge(self.article, entity, other, keep))

    def retype(self, entity: Entity, label: str, parts: Sequence[Entity] = ()) -> Correction:
        """Give ``entity`` (every one of ``parts``, for an entity they were joined into)
        the type ``label``. Kept at once."""
        return self.add(retype(self.article, entity, label, parts))

    def add(self, correction: Correction) -> Correction:
        """Keep ``correction`` after the others."""
        self.store.add(correction)
        self.corrections.append(correction)
        return correction

    def last_for(self, entity: Entity) -> Correction | None:
        """The latest correction that made ``entity`` what it is: it holds every mention
        that correction names (the split-out entity, the merged one), or one it retyped,
        or it is the entity a split took them from."""
        for correction in reversed(self.corrections):
            held = [Mention(*place) in entity.mentions for place in correction["mentions"]]
            if all(held) or (correction["kind"] == "retype" and any(held)):
                return correction
            if correction["kind"] == "split" and (correction["name"], correction["label"]) == (
                entity.name,
                entity.label,
            ):
                return correction
        return None

    def undo(self, correction: Correction) -> None:
        """Forget ``correction``."""
        self.store.remove(lambda kept: kept == correction)
        self.corrections.remove(correction)

"""The lookups of one open article: opening the service, the prefetch, the panel's fetches.

:class:`LookupCoordinator` holds what the reader has and what is on its way; it knows
nothing of the UI. Its methods come in two kinds: the blocking ones (:meth:`open`,
:meth:`prefetch`, :meth:`fetch`, :meth:`choose`) read nothing that changes (:meth:`shown_as`
replaces its map whole) and are meant for a thread; every other one changes the state and
belongs to one thread (the UI's), which hands the blocking ones' results back with
:meth:`opened`, :meth:`progressed` and :meth:`record`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.lookup.certainty import uncertain
from reader.models import Background, Entity

if TYPE_CHECKING:
    from reader.lookup.candidates import Candidate, SearchAnswer
    from reader.lookup.choices import Choice
    from reader.lookup.service import LookupService


RETRY_BATCH = 20
"""Names retried together: one batch of titles, so the counts move as each comes back."""


@dataclass(frozen=True, slots=True)
class LookupCounts:
    """How the backgrounds stand."""

    found: int = 0
    """Entities with a page."""
    failed: int = 0
    """Entities whose lookup failed (``error``: ``r`` retries)."""
    offline: int = 0
    """Entities with nothing cached, looked up offline."""
    pending: int = 0
    """Names of the prefetch still without a background."""


class LookupCoordinator:
    """Backgrounds for one article's entities, from a :class:`LookupService` opened on demand.

    Args:
        context: The article's text (lookups choose pages by it).
        lookup: The service, a function that opens it (called by :meth:`open`, in a
            thread), or ``None``: no backgrounds.
    """

    def __init__(
        self,
        context: str,
        lookup: LookupService | Callable[[], LookupService] | None = None,
    ) -> None:
        self._context = context
        self._service: LookupService | None = None
        self._opener: Callable[[], LookupService] | None = None
        if callable(lookup):
            self._opener = lookup
        else:
            self._service = lookup
        self._opening = False
        self._backgrounds: dict[str, Background] = {}
        self._planned: set[str] = set()
        self._retrying: set[str] = set()
        self._uncertain: set[str] = set()
        self._progress: tuple[int, int] | None = None
        self._names: set[str] | None = None
        """The names counted, once the reader's corrections changed them."""
        self._labels: dict[str, str] = {}
        """By entity id, the label a name was looked up with, where its page gives it
        another on screen (:meth:`shown_as`)."""
        self._parts: dict[str, tuple[Entity, ...]] = {}
        """By entity id, the entities a shown entity joined, as looked up (:meth:`shown_as`)."""

    # ------------------------------------------------------------------ opening

    @property
    def is_open(self) -> bool:
        """Whether the service is open."""
        return self._service is not None

    @property
    def can_open(self) -> bool:
        """Whether backgrounds can come at all (the service is open or can be opened)."""
        return self._service is not None or self._opener is not None

    def start_opening(self) -> bool:
        """Whether to call :meth:`open` now: once, and only when the service is not open."""
        if self._service is not None or self._opener is None or self._opening:
            return False
        self._opening = True
        return True

    def open(self) -> LookupService:
        """Open the service (blocking: cache, HTTP client); give it to :meth:`opened`."""
        if self._opener is None:
            raise RuntimeError("no lookup service to open")
        return self._opener()

    def opened(self, service: LookupService) -> None:
        """Use ``service`` from now on."""
        self._service = service
        self._opening = False

    def close(self) -> None:
        """Close the service (pending requests end at once)."""
        if self._service is not None:
            self._service.close()

    # ------------------------------------------------------------------ prefetch

    def start_prefetch(self, entities: Sequence[Entity]) -> list[Entity]:
        """The names among ``entities`` to :meth:`prefetch` now.

        Empty when there are none, when the service is not open yet (ask again once
        :meth:`opened`) and when the prefetch has started already: it runs once.
        """
        names = [entity for entity in entities if entity.is_name]
        if not names or self._service is None or self._progress is not None:
            return []
        self._planned = {entity.id for entity in names} - self._backgrounds.keys()
        self._progress = (0, len(names))
        return names

    def new_names(self, entities: Sequence[Entity]) -> list[Entity]:
        """The names among ``entities`` that no background has come for nor is coming:
        those the reader's corrections made (a name retyped, what a split left renamed),
        to :meth:`prefetch` as well. None before the prefetch has started: it takes the
        entities as they are then."""
        if self._service is None or self._progress is None:
            return []
        known = self._backgrounds.keys() | self._planned | self._retrying
        names = [entity for entity in entities if entity.is_name and entity.id not in known]
        self._planned.update(entity.id for entity in names)
        return names

    def prefetch(
        self,
        names: Sequence[Entity],
        *,
        progress: Callable[[int, int], object],
        ready: Callable[[str, Background], object],
        cancelled: Callable[[], bool],
    ) -> None:
        """Look ``names`` up, a few requests at a time (blocking).

        Calls ``progress(done, total)`` as it goes (``done`` short of ``total``), then
        ``ready(entity_id, background)`` for each name, then ``progress(total, total)``: the
        count never reads "all done" before the backgrounds are in.
        """
        service = self._require_service()

        def report(done: int, total: int) -> None:
            if done < total:  # all done only once every background is handed back
                progress(done, total)

        backgrounds = service.lookup_many(
            names, self._context, progress=report, cancelled=cancelled
        )
        for entity_id, background in backgrounds.items():
            ready(entity_id, background)
        progress(len(names), len(names))

    def progressed(self, done: int, total: int) -> None:
        """The prefetch has looked up ``done`` of its ``total`` names."""
        self._progress = (done, total)

    # ------------------------------------------------------------------ one entity

    def background(self, entity_id: str) -> Background | None:
        """The background received for ``entity_id``, if any."""
        return self._backgrounds.get(entity_id)

    def background_for(self, entity: Entity, *, retry: bool = False) -> Background | None:
        """The background to show for ``entity`` now, from memory or the disk cache.

        ``None``: :meth:`fetch` it (or open the service first). A ``retry`` always asks
        the network again; the old background stays until the new one is recorded.
        """
        if retry or self._service is None:
            return None
        background = self._backgrounds.get(entity.id)
        if background is None:
            background = self._service.cached(self._looked_up(entity), self._context)
        if background is not None:
            self.record(entity.id, background)
        return background

    def start_retry(self, entities: Sequence[Entity]) -> list[Entity]:
        """The entities among ``entities`` whose lookup failed, now counted as pending
        until :meth:`record` has their new background; look them up with :meth:`retry`
        (or :meth:`fetch` one)."""
        failed = [
            entity
            for entity in entities
            if (background := self._backgrounds.get(entity.id)) is not None
            and background.status == "error"
        ]
        self._retrying.update(entity.id for entity in failed)
        return failed

    @property
    def uncertain(self) -> frozenset[str]:
        """The entities whose page is only likely, or whose name is ambiguous."""
        return frozenset(self._uncertain)

    def retry(
        self,
        names: Sequence[Entity],
        ready: Callable[[str, Background], object],
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        """Look ``names`` up again (blocking), :data:`RETRY_BATCH` at a time, calling
        ``ready(entity_id, background)`` for each as its batch comes back."""
        service = self._require_service()
        for start in range(0, len(names), RETRY_BATCH):
            if cancelled():
                return
            batch = [self._looked_up(entity) for entity in names[start : start + RETRY_BATCH]]
            backgrounds = service.lookup_many(batch, self._context, cancelled=cancelled)
            for entity_id, background in backgrounds.items():
                ready(entity_id, background)

    def retry_note(self, entity_id: str) -> str:
        """What the panel says while ``entity_id`` loads: ``Retrying in 4 s…`` while the
        client waits out the server, ``Retrying…`` while it or the reader retries, else
        nothing (the dots say it is loading)."""
        retrying, wait = (False, None) if self._service is None else self._service.retrying
        if wait is not None and wait >= 0.5:
            return f"Retrying in {wait:.0f} s…"
        if retrying or entity_id in self._retrying:
            return "Retrying…"
        return ""

    def shown_as(
        self,
        looked_up: Sequence[Entity],
        shown: Sequence[Entity],
        parts: Mapping[str, Sequence[Entity]] | None = None,
    ) -> None:
        """The article's entities as looked up and, in the same order, as shown, where a
        page may give a name another label (:mod:`reader.page_labels`: the GPE "Cambridge"
        shown as the university, an organisation). The lookups' records and the reader's
        choices stay under the label looked up with; this entity's methods take either.
        ``parts``: by id, the entities a shown entity joined (:mod:`reader.same_page`),
        each keeping its own choice (:meth:`choice_holder`)."""
        self._labels = {
            after.id: before.label
            for before, after in zip(looked_up, shown, strict=True)
            if before.label != after.label
        }
        self._parts = {key: tuple(value) for key, value in (parts or {}).items()}

    def choice_holder(self, entity: Entity) -> Entity:
        """``entity`` as looked up, or the part it joined whose page choice is in force (a
        name the reader gave another name's page joined that name: "Automatic" undoes the
        part's choice)."""
        looked_up = self._looked_up(entity)
        for candidate in (looked_up, *self._parts.get(entity.id, ())):
            if self._choice(candidate) is not None:
                return candidate
        return looked_up

    def _choice(self, looked_up: Entity) -> Choice | None:
        """The reader's choice in force for an entity as looked up."""
        if self._service is None:
            return None
        from reader.lookup.records import digest

        return self._service.choice(looked_up, digest(self._context))

    def _looked_up(self, entity: Entity) -> Entity:
        """``entity`` with the label it was looked up with (:meth:`shown_as`)."""
        label = self._labels.get(entity.id, entity.label)
        return entity if label == entity.label else replace(entity, label=label)

    def fetch(self, entity: Entity) -> Background:
        """Look ``entity`` up (blocking)."""
        return self._require_service().lookup(self._looked_up(entity), self._context)

    def choose(
        self,
        entity: Entity,
        title: str | None,
        *,
        everywhere: bool = False,
        page: Candidate | None = None,
    ) -> tuple[str, Background]:
        """Take the page ``title`` for ``entity`` (``None``: no page), or for the part it
        joined whose choice is in force (:meth:`choice_holder`), and remember it for this
        article, or for every article: the id whose background changed, and the background
        (blocking)."""
        holder = self.choice_holder(entity)
        service = self._require_service()
        return holder.id, service.choose(
            holder, title, self._context, everywhere=everywhere, page=page
        )

    def unchoose(self, entity: Entity, *, everywhere: bool = False) -> tuple[str, Background]:
        """Forget the reader's choice for ``entity`` (or for the part it joined that holds
        it: :meth:`choice_holder`) in this article, and in every article when
        ``everywhere``: the id whose background changed, and the lookups' own background
        for it (blocking)."""
        holder = self.choice_holder(entity)
        service = self._require_service()
        return holder.id, service.unchoose(holder, self._context, everywhere=everywhere)

    def search(self, query: str, superseded: Callable[[], bool] = lambda: False) -> SearchAnswer:
        """Search the wiki for pages (blocking; one search in flight at a time)."""
        return self._require_service().search(query, superseded)

    def candidates(self, entity: Entity) -> list[Candidate]:
        """The pages known for ``entity`` (or for the part it joined whose choice is in
        force) in this article (no request)."""
        if self._service is None:
            return []
        return self._service.candidates(self.choice_holder(entity), self._context)

    def chosen_everywhere(self, entity: Entity) -> bool | None:
        """Whether the reader's choice in force for ``entity`` (or for a part it joined:
        :meth:`choice_holder`) is for every article (``False``: for this one; ``None``:
        there is none)."""
        from reader.lookup.choices import EVERYWHERE

        choice = self._choice(self.choice_holder(entity))
        return None if choice is None else choice["scope"] == EVERYWHERE

    @property
    def offline(self) -> bool:
        """Whether the service never touches the network."""
        return self._service is not None and self._service.client is None

    def regrouped(self, entities: Sequence[Entity]) -> None:
        """The reader's corrections changed the entities: count these names from now on
        (a name gone keeps its background, uncounted; a new one counts when it comes)."""
        self._names = {entity.id for entity in entities if entity.is_name}

    def record(self, entity_id: str, background: Background) -> None:
        """A background arrived for ``entity_id``."""
        self._backgrounds[entity_id] = background
        self._planned.discard(entity_id)
        self._retrying.discard(entity_id)
        if uncertain(background):
            self._uncertain.add(entity_id)
        else:
            self._uncertain.discard(entity_id)

    # ------------------------------------------------------------------ status

    @property
    def counts(self) -> LookupCounts:
        """Backgrounds found, failed, offline, and names still to come."""
        statuses = Counter(
            background.status
            for entity_id, background in self._backgrounds.items()
            if entity_id not in self._retrying and (self._names is None or entity_id in self._names)
        )
        return LookupCounts(
            statuses["found"],
            statuses["error"],
            statuses["offline"],
            len(self._planned | self._retrying),
        )

    @property
    def status(self) -> str:
        """The prefetch in a few words: ``Wikipedia 3/28`` while it runs, then
        ``Wikipedia ✓ 26/28 found`` (no tick when none was found) or ``Wikipedia 0/28
        found, 28 failed (r retries)``, recounted as retried lookups come back
        (``Wikipedia 20/28 found, 8 pending``); empty before it starts."""
        if self._progress is None:
            return ""
        done, total = self._progress
        if done < total:
            return f"Wikipedia {done}/{total}"
        if self._names is not None:
            total = len(self._names)
        counts = self.counts
        complete = counts.found > 0 and not (counts.failed or counts.offline or counts.pending)
        parts = [f"Wikipedia {'✓ ' if complete else ''}{counts.found}/{total} found"]
        if counts.pending:
            parts.append(f"{counts.pending} pending")
        if counts.failed:
            parts.append(f"{counts.failed} failed (r retries)")
        if counts.offline:
            parts.append(f"{counts.offline} not cached (offline)")
        return ", ".join(parts)

    def _require_service(self) -> LookupService:
        if self._service is None:
            raise RuntimeError("the lookup service is not open")
        return self._service

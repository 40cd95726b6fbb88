"""Recording the open article in the reading history, off the UI thread.

The UI thread only hands things over (:meth:`HistoryRecorder.article_ready`,
:meth:`HistoryRecorder.regrouped`, :meth:`HistoryRecorder.background`); one daemon
thread opens the database and writes, gathering the Wikipedia titles that arrive
together into one transaction. A history that cannot be used, or a write that fails,
costs one warning and never stops the reading. :meth:`HistoryRecorder.close` waits for
what is queued: the thread is a daemon, so what it has not written when the app exits
is lost, and said to be. This module imports no database or HTTP code: the main screen
makes a recorder before its first frame.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.models import Background, Document, Entity

if TYPE_CHECKING:
    from reader.history.store import ArticleRow, EntityRow, History

QUIET = 0.25
"""Seconds without a new title before the gathered titles are written."""
BATCH = 200
"""Titles written in one transaction at most."""
CLOSE_WAIT = 35.0
"""Seconds :meth:`HistoryRecorder.close` waits for the queued writes, a hang guard: above
the store's busy timeout (10 s) for each of the three waits for another reader an
article's writes can make (opening, the article, its titles), so that writes held up by
another reader end, kept or warned about, before close gives up."""

log = logging.getLogger(__name__)

_Title = tuple[str, str, str | None]
"""An entity's name, type and Wikipedia title (``None``: no page)."""
_Entity = tuple[str, str, int, int, str | None, tuple[str, ...]]
"""Name, type, mention count, first mention's offset, Wikipedia title, other names."""
_STOP = object()


@dataclass(frozen=True, slots=True)
class _Regrouped:
    """The article's entities, regrouped: to write in place of those written."""

    rows: list[_Entity]


def page_title(background: Background) -> str | None:
    """The Wikipedia title a background gives its entity (found pages only)."""
    return background.title if background.status == "found" and background.title else None


class HistoryRecorder:
    """The history of one open article.

    Args:
        document: The article.
        opener: Opens the history (called once, in a thread); ``None``: keep none.
    """

    def __init__(self, document: Document, opener: Callable[[], History] | None) -> None:
        self._document = document
        self._opener = opener
        self._open_lock = threading.Lock()
        self._history: History | None = None
        self._digest: str | None = None
        self._jobs: queue.Queue[object] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._names: dict[str, tuple[str, str]] = {}
        self._titles: dict[str, str | None] = {}
        self._recorded = False
        self._rows: list[_Entity] = []
        """The entity rows last handed over."""
        self._named: tuple[set[tuple[str, str]], set[str]] | None = None
        """What the other articles read name (see :meth:`mentioned_elsewhere`)."""

    @property
    def enabled(self) -> bool:
        """Whether a history is kept."""
        return self._opener is not None

    # -- on the UI thread ---------------------------------------------------------------

    def article_ready(self, entities: Sequence[Entity]) -> None:
        """The article's entities are known: remember the article (once)."""
        if self._recorded or self._opener is None:
            return
        self._recorded = True
        self._submit(self._entity_rows(entities))

    def regrouped(self, entities: Sequence[Entity]) -> None:
        """The entities were regrouped (the reader's corrections, names found on one
        page): keep them as shown, in place of those kept (once the article is)."""
        if not self._recorded:  # article_ready will take them as they are then
            return
        before = self._rows
        rows = self._entity_rows(entities)
        if rows != before:
            self._submit(_Regrouped(rows))

    def _entity_rows(self, entities: Sequence[Entity]) -> list[_Entity]:
        """The names' rows, with the titles known; remembers them (and their ids)."""
        rows: list[_Entity] = []
        self._names = {}
        for entity in entities:
            if entity.is_name and entity.mentions:
                self._names[entity.id] = (entity.name, entity.label)
                first = entity.mentions[0].start
                title = self._titles.get(entity.id)
                rows.append(
                    (entity.name, entity.label, len(entity.mentions), first, title, entity.aliases)
                )
        self._rows = rows
        return rows

    def background(self, entity_id: str, background: Background) -> None:
        """A background arrived: keep its page title with the entity."""
        if self._opener is None or background.status in ("error", "offline"):
            return
        title = page_title(background)
        if entity_id in self._titles and self._titles[entity_id] == title:
            return
        self._titles[entity_id] = title
        if entity_id in self._names:
            name, label = self._names[entity_id]
            self._submit((name, label, title))

    def close(self) -> None:
        """Write what is queued (waiting at most :data:`CLOSE_WAIT`), then close.

        Writes still waiting after that are left to the thread, which dies with the app:
        one warning says they may be lost."""
        if self._thread is not None:
            self._jobs.put(_STOP)
            self._thread.join(CLOSE_WAIT)
            if self._thread.is_alive():  # the history's lock is the thread's: leave it open
                self._warn(
                    f"reading history: the last changes may not be saved "
                    f"(the database was busy for {CLOSE_WAIT:g} s)"
                )
                return
        if self._history is not None:
            self._history.close()

    # -- in threads ------------------------------------------------------------------------

    def mentioned_elsewhere(self, entity: Entity) -> bool | None:
        """Whether another article read names ``entity`` (by its page once found, else
        by name and type, as :meth:`mentioning` finds them); ``None`` while not known.
        Does not block: what the other articles name is read once, in the thread."""
        named = self._named
        if named is None:
            return None
        title = self._titles.get(entity.id)
        return title in named[1] if title else (entity.name, entity.label) in named[0]

    def mentioning(self, entity: Entity, wiki_title: str | None) -> list[ArticleRow]:
        """The other articles read that mention ``entity`` (blocking: call from a thread)."""
        history = self.history()
        if history is None:
            return []
        return history.mentioning(entity.name, entity.label, wiki_title, exclude=self._digest)

    def history(self) -> History | None:
        """The history, opened on first use (blocking)."""
        with self._open_lock:
            if self._history is None and self._opener is not None:
                from reader.lookup.records import digest

                self._digest = digest(self._document.text)
                self._history = self._opener()
            return self._history

    def _submit(self, job: list[_Entity] | _Regrouped | _Title) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="history", daemon=True)
            self._thread.start()
        self._jobs.put(job)

    def _warn(self, message: str) -> None:
        """Say ``message`` the way the history says its trouble (once), else in the log."""
        if self._history is not None:
            self._history.warn(message)
        else:
            log.warning(message)

    def _run(self) -> None:
        history: History | None = None
        try:  # the history never breaks the reading: trouble is one warning
            history = self.history()
            if history is not None:  # once: the other articles do not change meanwhile
                self._named = history.named(exclude=self._digest)
        except Exception as err:
            self._warn(f"reading history not kept ({err!r})")
        digest = self._digest
        if history is None or digest is None:
            self._named = (set(), set())  # no history: nothing elsewhere
            return
        kept = True
        job: object = self._jobs.get()
        while job is not _STOP:
            after: object = None
            try:
                if isinstance(job, list):  # the article, with its entities
                    kept = self._record(history, digest, job)
                elif isinstance(job, _Regrouped):
                    if kept:
                        history.regroup(digest, _store_rows(job.rows))
                else:
                    titles, after = self._gather(job)  # type: ignore[arg-type]
                    if kept:  # an article not kept has no entities to give titles to
                        history.set_titles(digest, titles)
            except Exception as err:  # the store says its own trouble; this is a bug's
                self._warn(f"reading history not saved ({err!r})")
            job = self._jobs.get() if after is None else after

    def _record(self, history: History, digest: str, job: list[_Entity]) -> bool:
        """Write the article and its entities; whether they were kept."""
        rows = _store_rows(job)
        return history.record(digest, self._document.title, self._document.source, rows)

    def _gather(self, first: _Title) -> tuple[list[_Title], object]:
        """``first`` and the titles that follow it within :data:`QUIET` seconds; the job
        that ended the gathering when it is not a title (``None``: none came)."""
        titles = [first]
        while len(titles) < BATCH:
            try:
                job = self._jobs.get(timeout=QUIET)
            except queue.Empty:
                break
            if not isinstance(job, tuple):  # the end, or entities regrouped: after these
                return titles, job
            titles.append(job)
        return titles, None


def _store_rows(rows: list[_Entity]) -> list[EntityRow]:
    """The entity rows as the store takes them."""
    from reader.history.store import EntityRow

    return [EntityRow(*row) for row in rows]

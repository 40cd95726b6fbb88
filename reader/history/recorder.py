"""Recording the open article in the reading history, off the UI thread.

The UI thread only hands things over (:meth:`HistoryRecorder.article_ready`,
:meth:`HistoryRecorder.background`); one daemon thread opens the database and writes,
gathering the Wikipedia titles that arrive together into one transaction. A history
that cannot be used costs one warning and never stops the reading. This module imports
no database or HTTP code: the main screen makes a recorder before its first frame.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader.models import Background, Document, Entity

if TYPE_CHECKING:
    from reader.history.store import ArticleRow, History

QUIET = 0.25
"""Seconds without a new title before the gathered titles are written."""
BATCH = 200
"""Titles written in one transaction at most."""
CLOSE_WAIT = 3.0
"""Seconds :meth:`HistoryRecorder.close` waits for the last writes (a hang guard)."""

_Title = tuple[str, str, str | None]
"""An entity's name, type and Wikipedia title (``None``: no page)."""
_Entity = tuple[str, str, int, int, str | None]
"""Name, type, mention count, first mention's offset, Wikipedia title."""
_STOP = object()


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
        rows: list[_Entity] = []
        for entity in entities:
            if entity.is_name and entity.mentions:
                self._names[entity.id] = (entity.name, entity.label)
                first = entity.mentions[0].start
                title = self._titles.get(entity.id)
                rows.append((entity.name, entity.label, len(entity.mentions), first, title))
        self._submit(rows)

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
        """Write what is queued (waiting at most :data:`CLOSE_WAIT`), then close."""
        if self._thread is not None:
            self._jobs.put(_STOP)
            self._thread.join(CLOSE_WAIT)
        if self._history is not None:
            self._history.close()

    # -- in threads ------------------------------------------------------------------------

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

    def _submit(self, job: list[_Entity] | _Title) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="history", daemon=True)
            self._thread.start()
        self._jobs.put(job)

    def _run(self) -> None:
        with contextlib.suppress(Exception):  # the history never breaks the reading
            history = self.history()
            if history is None or self._digest is None:
                return
            from reader.history.store import EntityRow

            document = self._document
            while True:
                job = self._jobs.get()
                if job is _STOP:
                    return
                if isinstance(job, list):  # the article, with its entities
                    rows = [EntityRow(*entity) for entity in job]
                    history.record(self._digest, document.title, document.source, rows)
                    continue
                titles, stop = self._gather(job)  # type: ignore[arg-type]
                history.set_titles(self._digest, titles)
                if stop:
                    return

    def _gather(self, first: _Title) -> tuple[list[_Title], bool]:
        """``first`` and the titles that follow it within :data:`QUIET` seconds; whether
        the recorder was closed meanwhile."""
        titles = [first]
        while len(titles) < BATCH:
            try:
                job = self._jobs.get(timeout=QUIET)
            except queue.Empty:
                break
            if job is _STOP:
                return titles, True
            titles.append(job)  # type: ignore[arg-type]
        return titles, False

"""The reading history: a private SQLite database in the user's data directory.

Each article read in the app is one row, keyed by its fingerprint
(:func:`reader.lookup.records.digest`, the one choice scopes use), with its entities:
name, type, Wikipedia title when found, mention count and first mention. Nothing leaves
the machine.

Hardened like the cache (THREATS §3): the directory must be ours and not a link, and is
made private (0700, :func:`reader.lookup.cache.claim_directory`); the database is created
0600 and refused (history off for the run, one warning) when it is a link, not a regular
file, not ours, or writable by others. A file that is not a usable database is moved
aside (``history.db.corrupt-<time>``) with one warning and a fresh one is made. WAL, a
busy timeout and commits not synced one by one let two readers write at once without
losing a row. Nothing here raises to its caller: trouble is one warning and an empty
answer.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.lookup.cache import UnsafeDirectory, claim_directory, not_private
from reader.web import without_credentials

log = logging.getLogger(__name__)

FILE_NAME = "history.db"
BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another reader's transaction (milliseconds)."""
WAL_RETRY = 0.01
"""Seconds between tries to switch a new database to WAL while another reader writes."""

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: articles and their entities.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        digest TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        read_at REAL NOT NULL
    );
    CREATE INDEX articles_read_at ON articles (read_at);
    CREATE TABLE entities (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        label TEXT NOT NULL,
        wiki_title TEXT,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (article_id, name, label)
    );
    CREATE INDEX entities_wiki_title ON entities (wiki_title);
    CREATE INDEX entities_name ON entities (name, label);
    """,
    # 1 -> 2: where the entity is first mentioned, to reopen the article there.
    "ALTER TABLE entities ADD COLUMN first_start INTEGER NOT NULL DEFAULT 0;",
    # 2 -> 3: the other names it goes by ("FAA" for "Federal Aviation Administration"), one
    # a line, for `reader history NAME`.
    "ALTER TABLE entities ADD COLUMN aliases TEXT NOT NULL DEFAULT '';",
)
"""The schema, one step per version: ``PRAGMA user_version`` is how many have run."""
SCHEMA_VERSION = len(MIGRATIONS)

_NAMED = (
    "({e}name = ?1 COLLATE NOCASE OR {e}name LIKE ?3 ESCAPE '\\' OR char(10) || {e}aliases"
    " || char(10) LIKE ?4 ESCAPE '\\' OR char(10) || {e}aliases || char(10) LIKE ?5 ESCAPE '\\')"
)
"""An entity row named ``?1``: its name, or one of its other names (one a line), is it or
ends with it as a word (LIKE is blind to case); ``{e}`` is the table's alias."""


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One entity of an article, as the history keeps it."""

    name: str
    label: str
    mentions: int
    first_start: int = 0
    """Offset of its first mention in the article's text."""
    wiki_title: str | None = None
    """Its Wikipedia page's title, once found."""
    aliases: tuple[str, ...] = ()
    """The other names the article gives it ("FAA")."""


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """An article read, and (for an entity's articles) that entity's part in it."""

    digest: str
    title: str
    source: str
    read_at: float
    """When it was last opened (seconds since the epoch)."""
    entities: int = 0
    """How many entities it has."""
    mentions: int | None = None
    """For :meth:`History.mentioning`: how often it names the entity."""
    first_start: int | None = None
    """For :meth:`History.mentioning`: where it first names the entity."""
    name: str | None = None
    """For :meth:`History.mentioning`: the entity's name in that article."""

    @property
    def date(self) -> str:
        """The local date it was read (``2026-12-02``)."""
        return time.strftime("%Y-%m-%d", time.localtime(self.read_at))

    @property
    def read_at_iso(self) -> str:
        """When it was read, ISO 8601 with the local offset."""
        from datetime import datetime

        return datetime.fromtimestamp(self.read_at).astimezone().isoformat(timespec="seconds")


def clean_source(source: str) -> str:
    """Where an article came from, as kept: a URL without user name and password, a
    local file as an absolute path (so it can be opened again from anywhere)."""
    if "://" in source:
        return without_credentials(source)
    if source in ("-", "") or source.startswith("<"):
        return source
    return os.path.abspath(source)


class HistoryUnavailable(Exception):
    """The history cannot be used this run (the message says why)."""


class History:
    """The reading history in ``directory``/history.db (opened on first use, thread-safe).

    Args:
        directory: The data directory (created 0700 if missing).
        warn: Told once, in one line, when the history cannot be used or was reset.
        create: Make the database if there is none; without, a missing one reads as
            empty and nothing is written to the disk (``reader history``).
    """

    def __init__(
        self, directory: Path, warn: Callable[[str], None] | None = None, *, create: bool = True
    ) -> None:
        self.directory = directory
        self._create = create
        self.path = directory / FILE_NAME
        self._warn_user = warn if warn is not None else log.warning
        self._warned = False
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self.unusable: str | None = None
        """Why the history is off for this run (said once), or ``None``."""

    # -- opening ---------------------------------------------------------------------

    def warn(self, message: str) -> None:
        """Tell the user about trouble with the history, in one line: the first time
        only, as all of the history's warnings."""
        self._warn(message)

    def _warn(self, message: str) -> None:
        if not self._warned:
            self._warned = True
            with contextlib.suppress(Exception):
                self._warn_user(message)

    def _connect(self) -> sqlite3.Connection | None:
        """The open connection, opening (and if need be repairing) the database first.

        ``None`` when the history is off for this run (said once)."""
        if self._connection is not None or self.unusable is not None:
            return self._connection
        if not self._create and not os.path.lexists(self.path):
            return None
        try:
            self._connection = self._open()
        except sqlite3.DatabaseError as err:
            if _locked(err):
                self._give_up(f"reading history busy ({err}); not kept this run")
                return None
            aside = self._set_aside()
            self._warn(f"reading history unreadable ({err}); {aside}, starting afresh")
            try:
                self._connection = self._open()
            except (sqlite3.Error, OSError, HistoryUnavailable) as again:
                self._give_up(f"reading history unusable ({again}); not kept this run")
        except (OSError, HistoryUnavailable) as err:
            self._give_up(f"reading history off: {err}")
        return self._connection

    def _give_up(self, message: str) -> None:
        self.unusable = message
        self._warn(message)
        return None

    def _open(self) -> sqlite3.Connection:
        try:
            claim_directory(self.directory, files=(), kind="data directory")
        except UnsafeDirectory as err:
            raise HistoryUnavailable(str(err)) from None
        self._create_private()
        self._check_file()
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA foreign_keys = ON")
            # A commit is not synced to the disk (checkpoints are): the lock is then held
            # for microseconds, not for an fsync that a busy disk can stretch past the
            # busy timeout of the other reader waiting. A power cut may lose the last
            # articles read; the database stays whole.
            connection.execute("PRAGMA synchronous = NORMAL")
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("the database is damaged")
            _use_wal(connection)
            self._migrate(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _create_private(self) -> None:
        """Create the database file 0600 if it is missing (never through a link)."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        with contextlib.suppress(FileExistsError):
            os.close(os.open(self.path, flags, 0o600))

    def _check_file(self) -> None:
        """Refuse a database that is a link, not a regular file, not ours, or that others
        can write to."""
        info = os.lstat(self.path)
        if stat.S_ISLNK(info.st_mode):
            reason: str | None = "it is a symbolic link"
        elif not stat.S_ISREG(info.st_mode):
            reason = "it is not a regular file"
        else:
            reason = not_private(info)
        if reason is not None:
            raise HistoryUnavailable(f"refusing {self.path}: {reason}")

    def _migrate(self, connection: sqlite3.Connection) -> None:
        """Run the migrations the database has not had, each in its own transaction."""
        with _transaction(connection):
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryUnavailable(
                f"{self.path} is from a newer reader (schema {version}); left as it is"
            )
        while version < SCHEMA_VERSION:
            with _transaction(connection):
                # Read again inside the write lock: another reader may have migrated.
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    break
                for statement in _statements(MIGRATIONS[version]):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {version + 1}")
            version += 1

    def _set_aside(self) -> str:
        """Move the damaged database (and its journal files) aside; say where."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{FILE_NAME}.corrupt-{stamp}")
        try:
            os.replace(self.path, aside)
        except OSError:
            return "left as it is"
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
        return f"moved to {aside.name}"

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    # -- writing ---------------------------------------------------------------------

    def record(
        self,
        digest: str,
        title: str,
        source: str,
        entities: Sequence[EntityRow],
        read_at: float | None = None,
    ) -> bool:
        """Remember an article read now: a new row, or its old row brought up to date
        (titles found before stay until new ones come). Whether it was kept."""
        read_at = time.time() if read_at is None else read_at

        def write(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO articles (digest, title, source, read_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (digest) DO UPDATE SET title = excluded.title, "
                "source = excluded.source, read_at = excluded.read_at",
                (digest, title, clean_source(source), read_at),
            )
            (article_id,) = db.execute(
                "SELECT id FROM articles WHERE digest = ?", (digest,)
            ).fetchone()
            _put_entities(db, article_id, entities)

        return self._write(write)

    def regroup(self, digest: str, entities: Sequence[EntityRow]) -> bool:
        """Replace an article's entities with these (the reader's corrections or names
        found on one page regrouped them), in one transaction; titles found before stay
        until new ones come. Whether they were kept (not when the article is not)."""

        def write(db: sqlite3.Connection) -> None:
            row = db.execute("SELECT id FROM articles WHERE digest = ?", (digest,)).fetchone()
            if row is None:
                raise _NotKept
            _put_entities(db, row[0], entities)

        try:
            return self._write(write)
        except _NotKept:
            return False

    def set_titles(self, digest: str, titles: Iterable[tuple[str, str, str | None]]) -> bool:
        """Set the Wikipedia titles of an article's entities, ``(name, label, title)``
        each (``None``: no page), in one transaction. Whether they were kept."""
        rows = [(title, digest, name, label) for name, label, title in titles]

        def write(db: sqlite3.Connection) -> None:
            db.executemany(
                "UPDATE entities SET wiki_title = ? WHERE article_id = "
                "(SELECT id FROM articles WHERE digest = ?) AND name = ? AND label = ?",
                rows,
            )

        return bool(rows) and self._write(write)

    def clear(self) -> int:
        """Forget every article; how many were forgotten (0 when the history is off)."""
        count = 0

        def write(db: sqlite3.Connection) -> None:
            nonlocal count
            count = db.execute("SELECT count(*) FROM articles").fetchone()[0]
            db.execute("DELETE FROM entities")
            db.execute("DELETE FROM articles")

        self._write(write)
        return count

    def _write(self, work: Callable[[sqlite3.Connection], None]) -> bool:
        with self._lock:
            db = self._connect()
            if db is None:
                return False
            try:
                with _transaction(db):
                    work(db)
            except sqlite3.Error as err:
                self._warn(f"reading history not saved ({err})")
                return False
            return True

    # -- reading ---------------------------------------------------------------------

    def articles(self, limit: int = 1000) -> list[ArticleRow]:
        """The articles read, newest first."""
        return self._rows(
            "SELECT digest, title, source, read_at, "
            "(SELECT count(*) FROM entities WHERE article_id = articles.id) "
            "FROM articles ORDER BY read_at DESC, id DESC LIMIT ?",
            (limit,),
        )

    def mentioning(
        self,
        name: str,
        label: str,
        wiki_title: str | None,
        *,
        exclude: str | None = None,
        limit: int = 200,
    ) -> list[ArticleRow]:
        """The articles that mention an entity, newest first: those naming the same
        Wikipedia page when ``wiki_title`` is known, else those with exactly this name
        and type. ``exclude`` leaves out one article (the one being read). Where two
        names of one article share the page, their mentions are counted together."""
        params: tuple[str, ...]
        if wiki_title:
            where, params = "e.wiki_title = ?", (wiki_title,)
        else:
            where, params = "e.name = ? AND e.label = ?", (name, label)
        return self._rows(
            "SELECT a.digest, a.title, a.source, a.read_at, 0, sum(e.mentions), "
            "min(e.first_start), e.name "
            f"FROM entities e JOIN articles a ON a.id = e.article_id WHERE {where} "
            "AND a.digest IS NOT ? GROUP BY a.id ORDER BY a.read_at DESC, a.id DESC LIMIT ?",
            (*params, exclude, limit),
        )

    def find(self, query: str, limit: int = 200) -> list[ArticleRow]:
        """The articles that mention ``query`` (``reader history ENTITY``): a Wikipedia
        title, or a name or one of its other names ("FAA"), or their last words
        ("Netanyahu" for "Benjamin Netanyahu"), in any case of ASCII letters; a name's
        page, when one was found, brings the articles naming that page too."""
        query = " ".join(query.split())  # a line break would join two other names
        escaped = re.sub(r"([\\%_])", r"\\\1", query)
        return self._rows(
            "WITH pages AS (SELECT wiki_title FROM entities WHERE wiki_title IS NOT NULL AND "
            f"(wiki_title = ?1 COLLATE NOCASE OR {_NAMED.format(e='')})) "
            "SELECT a.digest, a.title, a.source, a.read_at, 0, sum(e.mentions), "
            "min(e.first_start), e.name "
            "FROM entities e JOIN articles a ON a.id = e.article_id "
            "WHERE e.wiki_title IN (SELECT wiki_title FROM pages) "
            f"OR (e.wiki_title IS NULL AND {_NAMED.format(e='e.')}) "
            "GROUP BY a.id ORDER BY a.read_at DESC, a.id DESC LIMIT ?2",
            (query, limit, f"% {escaped}", f"%\n{escaped}\n%", f"% {escaped}\n%"),
        )

    def named(self, *, exclude: str | None = None) -> tuple[set[tuple[str, str]], set[str]]:
        """What the articles read (but ``exclude``) name: their names with their types,
        and their Wikipedia titles; what :meth:`mentioning` can find, in one query."""
        with self._lock:
            db = self._connect()
            if db is None:
                return set(), set()
            try:
                rows = db.execute(
                    "SELECT DISTINCT e.name, e.label, e.wiki_title FROM entities e "
                    "JOIN articles a ON a.id = e.article_id WHERE a.digest IS NOT ?",
                    (exclude,),
                ).fetchall()
            except sqlite3.Error as err:
                self._warn(f"reading history unreadable ({err})")
                return set(), set()
        return {(name, label) for name, label, _ in rows}, {t for _, _, t in rows if t}

    def entities(self, digest: str) -> list[EntityRow]:
        """An article's entities, most mentioned first."""
        with self._lock:
            db = self._connect()
            if db is None:
                return []
            try:
                rows = db.execute(
                    "SELECT e.name, e.label, e.mentions, e.first_start, e.wiki_title "
                    "FROM entities e JOIN articles a ON a.id = e.article_id WHERE a.digest = ? "
                    "ORDER BY e.mentions DESC, e.name",
                    (digest,),
                ).fetchall()
            except sqlite3.Error as err:
                self._warn(f"reading history unreadable ({err})")
                return []
        return [EntityRow(*row) for row in rows]

    def _rows(self, sql: str, params: tuple[object, ...]) -> list[ArticleRow]:
        with self._lock:
            db = self._connect()
            if db is None:
                return []
            try:
                rows = db.execute(sql, params).fetchall()
            except sqlite3.Error as err:
                self._warn(f"reading history unreadable ({err})")
                return []
        return [ArticleRow(*row) for row in rows]


class _NotKept(Exception):
    """The article to write to is not in the history (rolled back)."""


def _put_entities(db: sqlite3.Connection, article_id: int, entities: Sequence[EntityRow]) -> None:
    """Make ``entities`` the article's: rows not among them go, the others are written
    (a title known before stays when the row brings none)."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS seen (name TEXT, label TEXT)")
    db.execute("DELETE FROM temp.seen")
    db.executemany("INSERT INTO temp.seen VALUES (?, ?)", ((e.name, e.label) for e in entities))
    db.execute(
        "DELETE FROM entities WHERE article_id = ? AND (name, label) NOT IN "
        "(SELECT name, label FROM temp.seen)",
        (article_id,),
    )
    db.executemany(
        "INSERT INTO entities"
        " (article_id, name, label, wiki_title, mentions, first_start, aliases)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, name, label) DO UPDATE SET"
        " mentions = excluded.mentions, first_start = excluded.first_start,"
        " aliases = excluded.aliases,"
        " wiki_title = coalesce(excluded.wiki_title, entities.wiki_title)",
        (
            (article_id, e.name, e.label, e.wiki_title, e.mentions, e.first_start, _lines(e))
            for e in entities
        ),
    )


def _lines(entity: EntityRow) -> str:
    """The entity's other names, one a line (none holds a line break)."""
    names = (" ".join(alias.split()) for alias in entity.aliases)
    return "\n".join(name for name in names if name and name != entity.name)


def _locked(err: sqlite3.DatabaseError) -> bool:
    """Whether ``err`` says another process holds the database, not that it is damaged."""
    return isinstance(err, sqlite3.OperationalError) and "locked" in str(err)


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch the database to WAL (nothing to do once it is). A new database is switched
    by a write that begins as a read, which SQLite refuses at once, without the busy
    timeout, while another reader (creating it too) writes: try again until the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if not _locked(err) or time.monotonic() > deadline:
                raise
        time.sleep(WAL_RETRY)


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (``BEGIN IMMEDIATE``) so that two writers
    queue on the busy timeout instead of failing halfway."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]

"""The background cache: diskcache with JSON values, hardened, behind an in-memory layer.

diskcache unpickles whatever a row says is pickled, and follows whatever file
name a row holds (THREATS §3). :class:`SafeJSONDisk` stores JSON text only, in
the database row, and refuses pickled keys and values, file names outside the
cache directory and value files that are not small regular files. Every value is
validated after loading: a wrong shape is a miss. The directory must be ours and
not a symlink; it and the database are made private (0700 / 0600). Any trouble
opening the database (corrupt, foreign settings, locked) degrades to the memory
layer with one warning; one that cannot be written (read-only, full) is still
read. Nothing here raises to the caller of :class:`BackgroundCache`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import re
import sqlite3
import stat
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import diskcache
from diskcache.core import MODE_RAW, MODE_TEXT, UNKNOWN

from reader.config import Settings
from reader.errors import ReaderError
from reader.sanitize import one_line

FORMAT_VERSION = 1
DAY = 86_400.0
TTL = {"found": 30 * DAY, "ambiguous": 7 * DAY, "not_found": DAY}
"""How long each kind of entry is fresh; errors are never stored."""
KEEP = 60 * DAY
"""How long diskcache keeps an entry at all (stale entries still serve when the network fails)."""
SQLITE_TIMEOUT = 0.5
"""Seconds to wait for another process's lock before treating the read as a miss."""
OPEN_TIMEOUT = 2.0
"""Seconds to wait for a lock when opening the cache before running from memory."""
MEMORY_ENTRIES = 5000
MAX_VALUE_FILE = 1024 * 1024
"""The largest value file read (bytes). Values are stored in the database row; a file
only comes from an older diskcache layout or tampering. Reader's largest record is
about 0.62 MB even if every character were JSON-escaped (20 pages at the title, URL,
description and summary limits, 20 candidates: ~103,000 characters, at most 6 bytes
each); a typical one is 1-5 KB."""
DATABASE_FILES = ("cache.db", "cache.db-wal", "cache.db-shm")
_STATUSES = frozenset(TTL)
_LIMITS = {"title": 256, "url": 2000, "description": 300, "summary": 2100, "stored": 40}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

log = logging.getLogger(__name__)
Record = dict[str, Any]


class UnsafeEntry(ValueError):
    """A cache row this Disk refuses to decode (pickle, foreign path, not JSON)."""


class UnsafeDirectory(PermissionError):
    """A cache directory that must not be used (a link, not ours, writable by others)."""


class UnsafeDatabase(ValueError):
    """A database file of the cache that is not a plain file (a link SQLite would follow
    out of the private directory); ``reader cache clear`` removes it."""


class CacheError(ReaderError):
    """``reader cache clear`` cannot do its work (exit code 2)."""

    exit_code = 2


class SafeJSONDisk(diskcache.Disk):
    """A diskcache Disk for JSON-able dicts under string keys, and nothing else."""

    def __init__(self, directory: str, **settings: Any) -> None:
        """Accept only the integer settings diskcache itself stores (``disk_*`` rows).

        Raises:
            ValueError: a setting this Disk does not know, or of the wrong type.
        """
        for name, value in settings.items():
            if name not in ("min_file_size", "pickle_protocol") or type(value) is not int:
                raise ValueError(f"unexpected setting disk_{name} in the cache database")
        super().__init__(directory, **settings)

    def put(self, key: Any) -> tuple[Any, bool]:
        """Only string keys, stored raw (never pickled)."""
        if type(key) is not str:
            raise TypeError("cache keys must be strings")
        raw: tuple[Any, bool] = super().put(key)
        return raw

    def get(self, key: Any, raw: bool) -> Any:
        """Refuse pickled keys."""
        if not raw:
            raise UnsafeEntry("pickled key refused")
        return super().get(key, raw)

    def store(self, value: Any, read: bool, key: Any = UNKNOWN) -> tuple[Any, ...]:
        """Store a dict as JSON text in its database row: no file is ever written."""
        if read or not isinstance(value, dict):
            raise TypeError("only dicts are cached")
        return 0, MODE_RAW, None, json.dumps(value, ensure_ascii=False)

    def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
        """Decode JSON text; refuse pickles, file handles and paths outside the directory.

        Raises:
            UnsafeEntry: the row or its file is refused.
            OSError: the value file is gone (diskcache makes that a miss).
        """
        if read or mode not in (MODE_RAW, MODE_TEXT):
            raise UnsafeEntry(f"cache row with mode {mode} refused")
        if filename is None:
            data = value
        elif self._inside(filename):
            data = self._read_file(filename)
        else:
            raise UnsafeEntry("cache file outside the cache directory refused")
        try:
            return json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
        except (TypeError, ValueError) as err:
            raise UnsafeEntry("cache value is not JSON text") from err

    def _read_file(self, filename: str) -> bytes:
        """A value file's bytes (see :func:`read_small_file`)."""
        return read_small_file(os.path.join(self._directory, filename), MAX_VALUE_FILE)

    def remove(self, file_path: str) -> None:
        """Delete a value file, but never one outside the cache directory."""
        if self._inside(file_path):
            super().remove(file_path)

    def _inside(self, filename: Any) -> bool:
        if not isinstance(filename, str) or not filename or os.path.isabs(filename):
            return False
        root = os.path.realpath(self._directory)
        full = os.path.realpath(os.path.join(root, filename))
        return full.startswith(root + os.sep)


def read_small_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """A file's bytes, checked before and after opening it without blocking.

    Only a regular file of at most ``limit`` bytes is read: a FIFO (opening one blocks),
    a device, a link or a huge (sparse) file is refused.

    Raises:
        UnsafeEntry: The file is refused.
        OSError: It cannot be read (missing, say).
    """
    if not _small_regular_file(os.lstat(path), limit):
        raise UnsafeEntry(f"{os.fspath(path)} is not a small regular file")
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(fd, "rb") as file:
        if not _small_regular_file(os.fstat(fd), limit):  # swapped since the lstat
            raise UnsafeEntry(f"{os.fspath(path)} is not a small regular file")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise UnsafeEntry(f"{os.fspath(path)} is too large")
    return data


def _small_regular_file(info: os.stat_result, limit: int) -> bool:
    return stat.S_ISREG(info.st_mode) and info.st_size <= limit


def digest(text: str) -> str:
    """A short fingerprint of an article's text, naming its article-scoped decisions and
    the reader's choices and corrections for it."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def normalize_name(name: str) -> str:
    """A name as it keys the cache: NFC, invisible characters dropped, casefolded."""
    name = unicodedata.normalize("NFC", name).translate(_INVISIBLE)
    return " ".join(name.split()).casefold()


def cache_key(settings: Settings, name: str, label: str, context: str | None = None) -> str:
    """An entity's key: format version, endpoint, language, label, name (hashed if long)."""
    parts = [
        f"reader:v{FORMAT_VERSION}",
        settings.api_url,
        settings.lang,
        label,
        normalize_name(name),
    ]
    if context is not None:
        parts.append(context)
    key = "|".join(parts)
    if len(key) > 200 or not key.isprintable():
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return f"reader:v{FORMAT_VERSION}:sha256:{digest}"
    return key


def _valid_text(value: Any, limit: int) -> bool:
    return value is None or (isinstance(value, str) and len(value) <= limit)


def _valid_page(page: Any) -> bool:
    return (
        isinstance(page, dict)
        and isinstance(page.get("title"), str)
        and all(
            _valid_text(page.get(field), _LIMITS[field])
            for field in ("title", "url", "description", "summary")
        )
        and isinstance(page.get("disambiguation", False), bool)
    )


def _unit(value: Any) -> bool:
    """A number from 0 to 1 (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1


def validate(record: Any) -> Record | None:
    """The record if it has exactly the shape reader writes, else ``None``."""
    if not isinstance(record, dict) or record.get("v") != FORMAT_VERSION:
        return None
    if record.get("status") not in _STATUSES:
        return None
    if not all(_valid_text(record.get(field), limit) for field, limit in _LIMITS.items()):
        return None
    expires = record.get("expires")
    if not isinstance(expires, int | float) or isinstance(expires, bool):
        return None
    candidates = record.get("candidates", [])
    pages = record.get("pages", [])
    if not isinstance(candidates, list) or len(candidates) > 20:
        return None
    if not all(isinstance(c, str) and len(c) <= _LIMITS["title"] for c in candidates):
        return None
    if not isinstance(pages, list) or len(pages) > 20 or not all(map(_valid_page, pages)):
        return None
    confidence = record.get("confidence", 0.0)
    scores = record.get("scores", [])
    if not _unit(confidence) or not isinstance(scores, list) or len(scores) > 20:
        return None
    if not all(map(_unit, scores)) or record.get("chosen_by") not in (None, "reader"):
        return None
    try:
        if record.get("stored") is not None:
            datetime.fromisoformat(record["stored"])
    except ValueError:
        return None
    return record


def claim_directory(
    path: Path,
    *,
    create: bool = True,
    files: tuple[str, ...] = DATABASE_FILES,
    kind: str = "cache directory",
) -> bool:
    """Check a directory of reader's (creating it 0700) and make it and its database
    ``files`` private; ``kind`` names it in the refusal (the cache's, by default).

    Returns:
        Whether it exists (always, when ``create``).

    Raises:
        UnsafeDirectory: it must not be used.
    """
    if path.is_symlink():
        raise UnsafeDirectory(f"refusing {kind} {path}: it is a symbolic link")
    if create:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    reason = "it is not a plain directory" if not stat.S_ISDIR(info.st_mode) else not_private(info)
    if reason is not None:
        raise UnsafeDirectory(f"refusing {kind} {path}: {reason}")
    _make_private(path, 0o700)
    for name in files:
        _make_private(path / name, 0o600)
    return True


def not_private(info: os.stat_result) -> str | None:
    """Why a file or directory with ``info`` is not the user's own to trust, if it is not:
    another user owns it, or others can write to it."""
    if info.st_uid != os.geteuid():
        return "it belongs to another user"
    if info.st_mode & 0o022:
        return "other users can write to it"
    return None


def _make_private(path: Path, mode: int) -> None:
    """Set ``mode`` on ``path`` if it is ours and others may use it; a link is left alone."""
    with contextlib.suppress(OSError):  # missing, a link, or on a read-only file system
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            info = os.fstat(fd)
            if info.st_uid == os.geteuid() and info.st_mode & 0o077:
                os.fchmod(fd, mode)
        finally:
            os.close(fd)


def open_disk(directory: Path) -> diskcache.Cache:
    """Open the disk cache after checking the directory.

    Raises:
        Exception: when it cannot or must not be used (a foreign database can fail in any way).
    """
    claim_directory(directory)
    check_database_files(directory)
    database = directory / "cache.db"
    if not os.path.lexists(database):
        # Created 0600 whatever the umask; SQLite gives the -wal and -shm files its mode.
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))
    # diskcache retries a locked database for 60 s while opening; find out in 2 s instead.
    probe = sqlite3.connect(database, timeout=OPEN_TIMEOUT, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
    finally:
        probe.close()
    cache = diskcache.Cache(
        str(directory),
        disk=SafeJSONDisk,
        timeout=SQLITE_TIMEOUT,
        size_limit=256 * 1024 * 1024,
        eviction_policy="least-recently-stored",
    )
    try:
        cache.get("reader:probe")  # a corrupt or truncated database fails here, not later
    except BaseException:
        cache.close()
        raise
    return cache


def check_database_files(directory: Path) -> None:
    """Refuse the cache's database files where one is not a plain file.

    Raises:
        UnsafeDatabase: one is a symbolic link (or a pipe, a directory...).
    """
    for name in DATABASE_FILES:
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(directory / name).st_mode):
                raise UnsafeDatabase(f"{name} in {directory} is not a plain file")


class ReadOnlyCache:
    """The cache database opened read-only: for a cache that cannot be written, and for info.

    Rows are selected as diskcache selects them and decoded by :class:`SafeJSONDisk`;
    the database's Settings table is not read.
    """

    _GET = (
        "SELECT mode, filename, value FROM Cache WHERE key = ? AND raw = ?"
        " AND (expire_time IS NULL OR expire_time > ?)"
    )

    def __init__(self, directory: Path) -> None:
        """Open ``directory``/cache.db read-only.

        Raises:
            sqlite3.Error: it cannot be read.
            UnsafeDatabase: a database file is not a plain file.
        """
        check_database_files(directory)
        uri = (directory / "cache.db").absolute().as_uri()
        self._disk = SafeJSONDisk(str(directory))
        self._lock = threading.Lock()
        try:
            self._db = self._connect(f"{uri}?mode=ro")
        except sqlite3.OperationalError as err:
            if "unable to open" not in str(err):
                raise
            # A WAL database in a directory nobody can write (no -shm can be made): as
            # nobody can change it either, SQLite may read it as immutable.
            self._db = self._connect(f"{uri}?mode=ro&immutable=1")

    @staticmethod
    def _connect(uri: str) -> sqlite3.Connection:
        db = sqlite3.connect(
            uri, uri=True, timeout=SQLITE_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        try:
            db.execute("SELECT count(*) FROM Cache WHERE rowid = 0").fetchall()
        except BaseException:
            db.close()
            raise
        return db

    def _query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, parameters).fetchall()

    def get(self, key: str) -> Any:
        """The value stored under ``key`` if it has not expired, else ``None``."""
        rows = self._query(self._GET, (*self._disk.put(key), time.time()))
        if not rows:
            return None
        try:
            mode, filename, value = rows[0]
            return self._disk.fetch(mode, filename, value, False)
        except OSError:  # the value file is gone: a miss, as in diskcache
            return None

    def __len__(self) -> int:
        """The number of entries, expired ones included (as ``len(diskcache.Cache)``)."""
        return int(self._query("SELECT count(*) FROM Cache")[0][0])

    def volume(self) -> int:
        """Bytes used: the database pages plus value files (as ``diskcache.Cache.volume``)."""
        [(pages,)] = self._query("PRAGMA page_count")
        [(page_size,)] = self._query("PRAGMA page_size")
        [(files,)] = self._query("SELECT coalesce(sum(size), 0) FROM Cache")
        return int(pages) * int(page_size) + int(files)

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def _reason(err: BaseException) -> str:
    """An error as a short line for a message."""
    return one_line(str(err) or type(err).__name__, 160)


_READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def _cannot_write(err: BaseException) -> bool:
    """Whether opening failed because the directory or database cannot be written."""
    if isinstance(err, OSError):
        return err.errno in _READ_ONLY_ERRNOS
    text = str(err).lower()
    return isinstance(err, sqlite3.OperationalError) and (
        "readonly" in text or "read-only" in text or "unable to open" in text
    )


def _locked(err: BaseException) -> bool:
    if isinstance(err, diskcache.Timeout):
        return True
    text = str(err).lower()
    return isinstance(err, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


class BackgroundCache:
    """Memory in front of disk; every failure of the disk is a miss, warned about once."""

    def __init__(self, directory: Path, warn: Callable[[str], None]) -> None:
        """Open the cache in ``directory``.

        If it cannot be written it is only read; if it cannot be used at all, this
        warns and runs from memory. Never raises.
        """
        self._warn = warn
        self._lock = threading.Lock()
        self._memory: OrderedDict[str, Record] = OrderedDict()
        self._writable = True
        self._dropped_said = False
        self.disk: diskcache.Cache | ReadOnlyCache | None = None
        try:
            self.disk = open_disk(directory)
        except Exception as err:  # noqa: BLE001 - a foreign database can fail in any way
            if _cannot_write(err):
                with contextlib.suppress(Exception):
                    self.disk = ReadOnlyCache(directory)
            if self.disk is None and _locked(err):  # busy, not damaged: nothing to rebuild
                self._degrade(
                    f"cache in use by another process ({_reason(err)}); using memory for this run"
                )
            elif self.disk is None:
                self._degrade(
                    f"cache unusable ({_reason(err)}); using memory for this run"
                    " (`reader cache clear` rebuilds it)"
                )
            else:
                self._writable = False
                self._warn(f"cache is read-only ({_reason(err)}); reading it, storing nothing new")

    def get(self, key: str) -> Record | None:
        """A valid record (fresh or stale), or ``None``."""
        with self._lock:
            record = self._memory.get(key)
        if record is not None:
            return record
        disk = self.disk
        if disk is None:
            return None
        try:
            record = validate(disk.get(key))
        except UnsafeEntry as err:
            log.debug("dropping cache entry: %s", err)
            if not self._dropped_said:  # once a run, however many rows were tampered with
                self._dropped_said = True
                self._warn(f"dropping cache entries reader did not write ({_reason(err)})")
            self.delete(key)
            return None
        except Exception as err:  # noqa: BLE001 - any trouble of the disk is a miss
            if not _locked(err):
                self._degrade(f"cache unreadable ({_reason(err)}); using memory for this run")
            return None
        if record is not None:
            self._remember(key, record)
        return record

    def set(self, key: str, record: Record) -> None:
        """Store a record in memory, and on disk when the disk works."""
        record = {"v": FORMAT_VERSION, **record}
        self._remember(key, record)
        disk = self.disk
        if not isinstance(disk, diskcache.Cache) or not self._writable:
            return
        try:
            disk.set(key, record, expire=KEEP)
        except Exception as err:  # noqa: BLE001 - any trouble of the disk keeps it in memory
            if not _locked(err):
                self._read_only(err)

    def close(self) -> None:
        """Close the database."""
        if self.disk is not None:
            with contextlib.suppress(Exception):
                self.disk.close()

    def _remember(self, key: str, record: Record) -> None:
        with self._lock:
            self._memory[key] = record
            self._memory.move_to_end(key)
            while len(self._memory) > MEMORY_ENTRIES:
                self._memory.popitem(last=False)

    def delete(self, key: str) -> None:
        """Forget a record, in memory and on disk."""
        with self._lock:
            self._memory.pop(key, None)
        if isinstance(self.disk, diskcache.Cache) and self._writable:
            with contextlib.suppress(Exception):
                self.disk.delete(key)

    def _degrade(self, message: str) -> None:
        disk, self.disk = self.disk, None
        if disk is not None:
            with contextlib.suppress(Exception):
                disk.close()
        self._warn(message)

    def _read_only(self, err: BaseException) -> None:
        self._writable = False
        self._warn(f"cannot write to the cache ({_reason(err)}); results are kept in memory")


def new_record(status: str, fields: dict[str, Any], *, now: float | None = None) -> Record:
    """A record to store, with its storage time and expiry."""
    now = time.time() if now is None else now
    return {
        **fields,
        "status": status,
        "stored": datetime.fromtimestamp(now).astimezone().isoformat(timespec="seconds"),
        "expires": now + TTL[status],
    }


def is_fresh(record: Record, now: float | None = None) -> bool:
    """Whether a record is still within its time to live."""
    expires: float = record["expires"]
    return (time.time() if now is None else now) < expires


def cache_info(settings: Settings) -> dict[str, Any]:
    """Where the cache is, how many entries it holds and its size in bytes.

    The database is only read (a read-only or busy cache is counted all the same). When
    it cannot be read, ``error`` says why and there are no counts.
    """
    directory = settings.resolved_cache_dir
    info: dict[str, Any] = {"path": str(directory)}
    try:
        if not claim_directory(directory, create=False) or not os.path.lexists(
            directory / "cache.db"
        ):
            return {**info, "entries": 0, "size_bytes": 0}
        cache = ReadOnlyCache(directory)
        try:
            return {**info, "entries": len(cache), "size_bytes": cache.volume()}
        finally:
            cache.close()
    except Exception as err:  # noqa: BLE001 - reported, whatever it is
        return {**info, "error": _reason(err)}


def clear_cache(settings: Settings) -> int | None:
    """Empty the cache; a database that cannot be opened is removed, and the next run rebuilds it.

    Returns:
        The number of entries removed, or ``None`` when the database files were removed.

    Raises:
        CacheError: the directory is refused, another process is writing to the cache
            (after waiting :data:`OPEN_TIMEOUT` seconds), or it cannot be changed.
    """
    directory = settings.resolved_cache_dir
    try:
        if not claim_directory(directory, create=False):
            return 0
        cache = open_disk(directory)
    except Exception as err:  # noqa: BLE001 - a foreign database can fail in any way
        if _locked(err):
            raise _in_use(directory) from None
        if isinstance(err, UnsafeDirectory):
            raise CacheError(str(err)) from None
        try:
            _remove_cache_files(directory)
        except OSError as failed:
            raise CacheError(
                f"cannot clear the cache at {directory}: {failed.strerror or _reason(failed)}"
            ) from None
        return None
    try:
        removed: int = cache.clear()
        return removed
    except Exception as err:  # noqa: BLE001
        if _locked(err):
            raise _in_use(directory) from None
        raise CacheError(f"cannot clear the cache at {directory}: {_reason(err)}") from None
    finally:
        with contextlib.suppress(Exception):
            cache.close()


def _in_use(directory: Path) -> CacheError:
    return CacheError(
        f"the cache at {directory} is in use by another reader process;"
        " nothing was removed, try again when it is done"
    )


_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_HEX_DIRECTORY = re.compile(r"[0-9a-f]{2}")
_VALUE_FILE = re.compile(r"[0-9a-f]{28}\.val")


def _remove_cache_files(directory: Path) -> None:
    """Delete what diskcache keeps in ``directory``: the database and ``xx/yy/*.val`` files.

    The database goes first: if it cannot be removed, nothing is. Everything is reached
    through directory descriptors opened with O_NOFOLLOW, so a symbolic link is removed
    itself, never followed out of the directory. Other files are left alone (the
    directory may be one the user named with ``--cache-dir``).

    Raises:
        OSError: something could not be removed (read-only file system, immutable file).
    """
    fd = os.open(directory, _DIRECTORY_FLAGS)
    try:
        for name in DATABASE_FILES:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name, dir_fd=fd)
        _remove_values(fd, 0)
    finally:
        os.close(fd)


def _remove_values(fd: int, depth: int) -> None:
    """Remove the value files and their two levels of hex-named directories under ``fd``."""
    for entry in list(os.scandir(fd)):
        name = entry.name
        pattern = _VALUE_FILE if depth == 2 else _HEX_DIRECTORY
        if not pattern.fullmatch(name):
            continue
        if depth < 2 and entry.is_dir(follow_symlinks=False):
            inner = os.open(name, _DIRECTORY_FLAGS, dir_fd=fd)
            try:
                _remove_values(inner, depth + 1)
            finally:
                os.close(inner)
            with contextlib.suppress(OSError):  # not empty: it holds something not ours
                os.rmdir(name, dir_fd=fd)
        elif not entry.is_dir(follow_symlinks=False):
            os.unlink(name, dir_fd=fd)

"""The background cache: diskcache with JSON values, hardened, behind an in-memory layer.

diskcache unpickles whatever a row says is pickled, and follows whatever file
name a row holds (THREATS §4). :class:`SafeJSONDisk` stores JSON text only and
refuses pickled keys and values and file names outside the cache directory.
Every value is validated after loading: a wrong shape is a miss. The directory
must be ours, private and not a symlink. Any database trouble (corrupt,
truncated, read-only, full, locked) degrades to the memory layer with one
warning; nothing here raises to the caller.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
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
from reader.sanitize import one_line

FORMAT_VERSION = 1
DAY = 86_400.0
TTL = {"found": 30 * DAY, "ambiguous": 7 * DAY, "not_found": DAY, "context": 30 * DAY}
"""How long each kind of entry is fresh; errors are never stored."""
KEEP = 60 * DAY
"""How long diskcache keeps an entry at all (stale entries still serve when the network fails)."""
SQLITE_TIMEOUT = 0.5
"""Seconds to wait for another process's lock before treating the read as a miss."""
OPEN_TIMEOUT = 2.0
"""Seconds to wait for a lock when opening the cache before running from memory."""
MEMORY_ENTRIES = 5000
_STATUSES = frozenset({"found", "not_found", "ambiguous", "context"})
_LIMITS = {"title": 256, "url": 2000, "description": 300, "summary": 2100, "stored": 40}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

log = logging.getLogger(__name__)
Record = dict[str, Any]


class UnsafeEntry(ValueError):
    """A cache row this Disk refuses to decode (pickle, foreign path, not JSON)."""


class SafeJSONDisk(diskcache.Disk):
    """A diskcache Disk for JSON-able dicts under string keys, and nothing else."""

    def put(self, key: Any) -> tuple[Any, bool]:
        """Only string keys, stored raw (never pickled)."""
        if type(key) is not str:
            raise TypeError("cache keys must be strings")
        return super().put(key)

    def get(self, key: Any, raw: bool) -> Any:
        """Refuse pickled keys."""
        if not raw:
            raise UnsafeEntry("pickled key refused")
        return super().get(key, raw)

    def store(self, value: Any, read: bool, key: Any = UNKNOWN) -> tuple[Any, ...]:
        """Store a dict as JSON text (inline, or in a file when large)."""
        if read or not isinstance(value, dict):
            raise TypeError("only dicts are cached")
        return super().store(json.dumps(value, ensure_ascii=False), False, key)

    def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
        """Decode JSON text; refuse pickles, file handles and paths outside the directory."""
        if read or mode not in (MODE_RAW, MODE_TEXT):
            raise UnsafeEntry(f"cache row with mode {mode} refused")
        if filename is not None and not self._inside(filename):
            raise UnsafeEntry("cache file outside the cache directory refused")
        data = super().fetch(mode, filename, value, read)
        if isinstance(data, bytes):
            data = data.decode("utf-8")
        if not isinstance(data, str):
            raise UnsafeEntry("cache value is not text")
        try:
            return json.loads(data)
        except ValueError as err:
            raise UnsafeEntry("cache value is not JSON") from err

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
    try:
        if record.get("stored") is not None:
            datetime.fromisoformat(record["stored"])
    except ValueError:
        return None
    return record


def _check_directory(path: Path) -> str | None:
    """Create the directory 0700; return why it must not be used, or ``None`` if it is fine."""
    if path.is_symlink():
        return "it is a symbolic link"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        return "it is not a plain directory"
    if info.st_uid != os.geteuid():
        return "it belongs to another user"
    if info.st_mode & 0o022:
        return "other users can write to it"
    return None


def open_disk(directory: Path) -> diskcache.Cache:
    """Open the disk cache after checking the directory.

    Raises:
        OSError, sqlite3.Error: when it cannot or must not be used.
    """
    reason = _check_directory(directory)
    if reason is not None:
        raise PermissionError(f"refusing cache directory {directory}: {reason}")
    database = directory / "cache.db"
    if database.exists():
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


_DISK_ERRORS = (OSError, sqlite3.Error, diskcache.Timeout)


class BackgroundCache:
    """Memory in front of disk; every failure of the disk is a miss, warned about once."""

    def __init__(self, directory: Path, warn: Callable[[str], None]) -> None:
        """Open the cache in ``directory``; if it is unusable, warn and run from memory."""
        self._warn = warn
        self._lock = threading.Lock()
        self._memory: OrderedDict[str, Record] = OrderedDict()
        self._writable = True
        self.disk: diskcache.Cache | None = None
        try:
            self.disk = open_disk(directory)
        except _DISK_ERRORS as err:
            self._degrade(
                f"cache unusable ({one_line(str(err), 160)}); using memory for this run"
                " (`reader cache clear` rebuilds it)"
            )

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
            log.warning("dropping cache entry: %s", err)
            self._drop(key)
            return None
        except sqlite3.OperationalError as err:
            if _locked(err):
                return None
            self._degrade(
                f"cache unreadable ({one_line(str(err), 160)}); using memory for this run"
            )
            return None
        except (sqlite3.DatabaseError, OSError, diskcache.Timeout, UnicodeError) as err:
            self._degrade(
                f"cache unreadable ({one_line(str(err), 160)}); using memory for this run"
            )
            return None
        if record is not None:
            self._remember(key, record)
        return record

    def set(self, key: str, record: Record) -> None:
        """Store a record in memory, and on disk when the disk works."""
        record = {"v": FORMAT_VERSION, **record}
        self._remember(key, record)
        disk = self.disk
        if disk is None or not self._writable:
            return
        try:
            disk.set(key, record, expire=KEEP)
        except sqlite3.OperationalError as err:
            if not _locked(err):
                self._read_only(err)
        except _DISK_ERRORS as err:
            self._read_only(err)

    def close(self) -> None:
        """Close the database."""
        if self.disk is not None:
            with contextlib.suppress(*_DISK_ERRORS):
                self.disk.close()

    def _remember(self, key: str, record: Record) -> None:
        with self._lock:
            self._memory[key] = record
            self._memory.move_to_end(key)
            while len(self._memory) > MEMORY_ENTRIES:
                self._memory.popitem(last=False)

    def _drop(self, key: str) -> None:
        try:
            if self.disk is not None:
                self.disk.delete(key)
        except (*_DISK_ERRORS, UnsafeEntry):
            pass

    def _degrade(self, message: str) -> None:
        disk, self.disk = self.disk, None
        if disk is not None:
            with contextlib.suppress(*_DISK_ERRORS):
                disk.close()
        self._warn(message)

    def _read_only(self, err: BaseException) -> None:
        self._writable = False
        self._warn(
            f"cannot write to the cache ({one_line(str(err), 160)}); results are kept in memory"
        )


def _locked(err: sqlite3.OperationalError) -> bool:
    text = str(err).lower()
    return "locked" in text or "busy" in text


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
    return (time.time() if now is None else now) < record["expires"]


def cache_info(settings: Settings) -> dict[str, Any]:
    """Where the cache is, how many entries it holds and its size in bytes."""
    directory = settings.resolved_cache_dir
    info: dict[str, Any] = {"path": str(directory), "entries": 0, "size_bytes": 0}
    try:
        cache = open_disk(directory)
    except _DISK_ERRORS as err:
        info["error"] = one_line(str(err), 200)
        return info
    try:
        info["entries"] = len(cache)
        info["size_bytes"] = cache.volume()
    except _DISK_ERRORS as err:
        info["error"] = one_line(str(err), 200)
    finally:
        cache.close()
    return info


def clear_cache(settings: Settings) -> int:
    """Empty the cache; a database too damaged to open is removed so the next run rebuilds it.

    Returns:
        The number of entries removed.
    """
    directory = settings.resolved_cache_dir
    try:
        cache = open_disk(directory)
    except sqlite3.DatabaseError:
        if _check_directory(directory) is None:
            for name in ("cache.db", "cache.db-wal", "cache.db-shm"):
                (directory / name).unlink(missing_ok=True)
        return 0
    except _DISK_ERRORS:
        return 0
    try:
        return cache.clear()
    except _DISK_ERRORS:
        return 0
    finally:
        cache.close()

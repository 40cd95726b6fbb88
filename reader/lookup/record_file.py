"""A small JSON file of the reader's own records in its data directory (its page choices,
its corrections): read whole on first use, written whole (0600, through a temporary file)
at each change, shared safely by the threads of one process. Older versions kept them in
the cache directory, from which :func:`move_records` brings them.

What is read is data: a file that is a symbolic link is refused, one that is too large,
not JSON, of another format version or with an entry unlike what reader writes is moved
aside (``NAME.corrupt``); either way with one warning, and reading goes on without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from reader.lookup.cache import claim_directory, not_private, read_small_file

FORMAT_VERSION = 1
MAX_FILE = 4 * 1024 * 1024
"""Bytes read at most: a file larger than that is not one reader wrote."""
MAX_ENTRIES = 10_000

R = TypeVar("R")


def text_field(value: Any, limit: int, *, optional: bool = False) -> bool:
    """A record's text: a string of at most ``limit`` characters (or ``None`` if optional)."""
    if value is None:
        return optional
    return isinstance(value, str) and len(value) <= limit


def time_field(value: Any) -> bool:
    """A record's time: an ISO 8601 string."""
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _claim(directory: Path, *, create: bool = True) -> bool:
    """Check (and make, 0700) the data directory: ours, not a link."""
    return claim_directory(directory, create=create, files=(), kind="data directory")


def _write_private(path: Path, text: str) -> None:
    """Write ``path`` 0600 through a temporary file beside it, never through a link."""
    if path.is_symlink():
        raise OSError(f"{path} is a symbolic link")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    with open(os.open(temporary, flags, 0o600), "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


def move_records(
    source: Path, target: Path, files: Mapping[str, str], warn: Callable[[str], None]
) -> None:
    """Move the record files ``files`` (file name to its records' key) from ``source``,
    where older versions kept them (the cache directory), to ``target``, unless ``target``
    has one already.

    Only a file reader wrote moves: a small regular file, the user's own in a directory
    of the user's own, never through a link, holding ``{"v": 1, key: [...]}``; any other
    is left where it is, unread beyond that. The new file appears whole or not at all
    (linked into place, so one another process made first wins). Nothing is raised;
    trouble is warned about.
    """
    for name, key in files.items():
        old, new = source / name, target / name
        try:
            if os.path.lexists(new) or not _ours(source, old):
                continue
            data = json.loads(read_small_file(old, MAX_FILE).decode("utf-8"))
            if not (
                isinstance(data, dict)
                and data.get("v") == FORMAT_VERSION
                and isinstance(data.get(key), list)
            ):
                continue  # not reader's: someone else's file of that name
            _claim(target)
            temporary = target / f".{name}.{os.getpid()}.move"
            _write_private(temporary, json.dumps(data, ensure_ascii=False))
            try:
                os.link(temporary, new)  # never over a file made meanwhile
            finally:
                os.unlink(temporary)
        except FileExistsError:
            continue  # another reader moved it first
        except ValueError:
            continue  # not JSON, too large, not a regular file (UnsafeEntry): not reader's
        except OSError as err:
            warn(f"cannot move {old} to {target} ({err}); it stays where it is")
            continue
        try:
            os.unlink(old)
        except FileNotFoundError:
            pass  # gone already: another reader's move
        except OSError as err:
            warn(f"moved {old} to {target}, but cannot remove it ({err}); it is not read")


def _ours(directory: Path, path: Path) -> bool:
    """``path`` is a regular file of the user's own, in a directory of the user's own (the
    directory is checked only when there is such a file: no work when there is none)."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or not_private(info) is not None:
            return False
        return claim_directory(directory, create=False, files=())
    except OSError:
        return False


class RecordFile(Generic[R]):
    """The records of one kind (``key``) in ``directory``/``name``."""

    def __init__(
        self,
        directory: Path,
        name: str,
        key: str,
        *,
        valid: Callable[[Any], bool],
        what: str,
        warn: Callable[[str], None],
    ) -> None:
        """Use ``directory``/``name`` (nothing is read until first asked).

        Args:
            key: The file's list of records (``{"v": 1, key: [...]}``).
            valid: Whether an entry is one reader writes.
            what: The records in the user's words, for warnings ("your page choices").
            warn: Called with a one-line warning, once per store.
        """
        self.directory = directory
        self.path = directory / name
        self._key = key
        self._valid = valid
        self._what = what
        self._warn = warn
        self._lock = threading.Lock()
        self._records: list[R] | None = None
        self._stamp: tuple[int, int, int] | None = None
        """The file as last read or written (``None``: none), while the records match it."""
        self._synced = False
        """Whether the records are the file's: not after a write that failed."""
        self._warned = False

    def _say(self, message: str) -> None:
        """Warn about the first problem only: one file, one warning."""
        if not self._warned:
            self._warned = True
            self._warn(message)

    def all(self) -> list[R]:
        """Every record, oldest first (read from the file the first time)."""
        with self._lock:
            return list(self._current())

    def change(self, work: Callable[[list[R]], list[R]]) -> tuple[list[R], list[R]]:
        """Replace the records by ``work(records)``, written at once if they changed;
        the records before and after."""
        with self._lock:
            before = self._current()
            after = work(list(before))
            self._records = after
            if after != before:
                self._write(after)
            return before, after

    def remove(self, predicate: Callable[[R], bool]) -> int:
        """Forget the records ``predicate`` accepts; how many were forgotten."""
        before, after = self.change(lambda records: [r for r in records if not predicate(r)])
        return len(before) - len(after)

    def _current(self) -> list[R]:
        """The records, read again when the file changed since this store last read or
        wrote it: another store of the same file wrote it (another article's, another
        process's), and a change must start from its records, not overwrite them."""
        stamp = self._stamp_now()
        if self._records is None or (self._synced and stamp != self._stamp):
            self._records = self._read()
            self._stamp, self._synced = stamp, True
        return self._records

    def _stamp_now(self) -> tuple[int, int, int] | None:
        """The file's identity and version (inode, size, change time), ``None`` if absent."""
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_ino, info.st_size, info.st_mtime_ns

    def _read(self) -> list[R]:
        """The file's records; none if it is missing, refused or corrupt (warned once)."""
        try:
            if not _claim(self.directory, create=False):
                return []
            info = os.lstat(self.path)
        except FileNotFoundError:
            return []
        except OSError as err:
            self._say(f"data directory unusable ({err}); {self._what} are kept for this run only")
            return []
        if stat.S_ISLNK(info.st_mode):
            self._say(f"refusing {self.path}: it is a symbolic link; {self._key} kept for this run")
            return []
        try:
            data = json.loads(read_small_file(self.path, MAX_FILE).decode("utf-8"))
            if not isinstance(data, dict) or data.get("v") != FORMAT_VERSION:
                raise ValueError(f"not reader's {self._key}")
            records = data.get(self._key)
            if not isinstance(records, list):
                raise ValueError(f"not reader's {self._key}")
            if len(records) > MAX_ENTRIES or not all(map(self._valid, records)):
                raise ValueError("an entry is not what reader writes")
            return records
        except (OSError, ValueError) as err:
            aside = self.path.with_name(self.path.name + ".corrupt")
            try:
                os.replace(self.path, aside)
                where = f"moved to {aside.name}"
            except OSError:
                where = "left as it is"
            self._say(f"{self._key} file unreadable ({err}); {where}, starting afresh")
            return []

    def _write(self, records: list[R]) -> None:
        """Write the file 0600 via a temporary file; trouble is warned about, never raised."""
        try:
            _claim(self.directory)
            text = json.dumps({"v": FORMAT_VERSION, self._key: records}, ensure_ascii=False)
            _write_private(self.path, text)
            self._stamp, self._synced = self._stamp_now(), True
        except OSError as err:
            self._synced = False
            self._say(f"cannot save {self._what} ({err}); kept for this run only")

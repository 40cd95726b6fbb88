"""The reader's own page choices: a small JSON file beside the cache, kept by ``cache clear``.

A choice is a page, or no page at all (``title`` is ``None``: the reader said the name
has no article). It applies to one article (its scope is the article's fingerprint,
:func:`reader.lookup.records.digest`) or, when the reader says so, to the name in every
article (scope :data:`EVERYWHERE`). They live in ``choices.json`` in the cache directory,
not in the cache database, so ``reader cache clear`` keeps them and ``reader choices
clear`` forgets them.

Hardened like the cache (THREATS §3): the directory must be ours, not a link, and is made
private (0700); the file is written 0600 through a temporary file and an atomic rename,
read only when it is a small regular file (never through a symbolic link), and checked
entry by entry. A file that is not what reader writes is moved aside
(``choices.json.corrupt``) with one warning, and reader starts afresh; a link is refused
and left alone. Nothing here raises to its caller.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.lookup.cache import claim_directory, normalize_name, read_small_file

FILE_NAME = "choices.json"
EVERYWHERE = "*"
"""The scope of a choice for the name in every article."""
FORMAT_VERSION = 1
MAX_FILE = 4 * 1024 * 1024
"""The largest choices file read (bytes): thousands of choices."""
MAX_CHOICES = 10_000
_FIELDS = {"title": 256, "url": 2000, "description": 300, "summary": 2100}
_KEY_FIELDS = {"api": 2000, "lang": 20, "label": 40, "name": 500, "scope": 40, "article": 300}

Choice = dict[str, Any]


def _text(value: Any, limit: int, *, required: bool = False) -> bool:
    if value is None:
        return not required
    return isinstance(value, str) and len(value) <= limit


def valid_choice(choice: Any) -> bool:
    """Whether ``choice`` has exactly the shape reader writes."""
    if not isinstance(choice, dict):
        return False
    if not all(_text(choice.get(k), n, required=k != "article") for k, n in _KEY_FIELDS.items()):
        return False
    if not all(_text(choice.get(k), n) for k, n in _FIELDS.items()):
        return False
    chosen_at = choice.get("chosen_at")
    if not isinstance(chosen_at, str):
        return False
    try:
        datetime.fromisoformat(chosen_at)
    except ValueError:
        return False
    return True


class ChoiceStore:
    """The choices file of one cache directory."""

    def __init__(self, directory: Path, warn: Callable[[str], None]) -> None:
        """Use ``directory``/choices.json (nothing is read until first asked)."""
        self.directory = directory
        self.path = directory / FILE_NAME
        self._warn = warn
        self._lock = threading.Lock()
        self._choices: list[Choice] | None = None
        self._warned = False

    def _say(self, message: str) -> None:
        """Warn about the first problem only: one file, one warning."""
        if not self._warned:
            self._warned = True
            self._warn(message)

    # -- reading -------------------------------------------------------------------

    def all(self) -> list[Choice]:
        """Every choice, oldest first (read from the file the first time)."""
        with self._lock:
            if self._choices is None:
                self._choices = self._read()
            return list(self._choices)

    def find(self, api: str, lang: str, label: str, name: str, scopes: list[str]) -> Choice | None:
        """The choice for the name in the first of ``scopes`` that has one."""
        wanted = normalize_name(name)
        matching = {
            choice["scope"]: choice
            for choice in self.all()
            if (choice["api"], choice["lang"], choice["label"], choice["name"])
            == (api, lang, label, wanted)
        }
        return next((matching[scope] for scope in scopes if scope in matching), None)

    def _read(self) -> list[Choice]:
        """The file's choices; none if it is missing, refused or corrupt (warned once)."""
        try:
            if not claim_directory(self.directory, create=False):
                return []
            info = os.lstat(self.path)
        except FileNotFoundError:
            return []
        except OSError as err:
            # Worded as the cache's own warning about its directory, so that one
            # refused directory is warned about once (LookupService warns once per kind).
            self._say(f"cache unusable ({err}); your page choices are kept for this run only")
            return []
        if stat.S_ISLNK(info.st_mode):
            self._say(f"refusing {self.path}: it is a symbolic link; choices kept for this run")
            return []
        try:
            data = json.loads(read_small_file(self.path, MAX_FILE).decode("utf-8"))
            if not isinstance(data, dict) or data.get("v") != FORMAT_VERSION:
                raise ValueError("not reader's choices")
            choices = data.get("choices")
            if not isinstance(choices, list):
                raise ValueError("not reader's choices")
            if len(choices) > MAX_CHOICES or not all(map(valid_choice, choices)):
                raise ValueError("an entry is not what reader writes")
            return choices
        except (OSError, ValueError) as err:
            self._set_aside(err)
            return []

    def _set_aside(self, err: BaseException) -> None:
        aside = self.path.with_name(FILE_NAME + ".corrupt")
        try:
            os.replace(self.path, aside)
            where = f"moved to {aside.name}"
        except OSError:
            where = "left as it is"
        self._say(f"choices file unreadable ({err}); {where}, starting afresh")

    # -- writing -------------------------------------------------------------------

    def add(self, choice: Choice) -> None:
        """Keep ``choice``, replacing any for the same name and scope; written at once."""
        key = _identity(choice)
        with self._lock:
            current = self._choices if self._choices is not None else self._read()
            self._choices = [c for c in current if _identity(c) != key] + [choice]
            self._write(self._choices)

    def forget(self, api: str, lang: str, label: str, name: str, scopes: list[str]) -> int:
        """Forget the choices for the name in ``scopes``; how many were forgotten."""
        wanted = (api, lang, label, normalize_name(name))
        return self.remove(
            lambda c: (
                (c["api"], c["lang"], c["label"], c["name"]) == wanted and c["scope"] in scopes
            )
        )

    def remove(self, predicate: Callable[[Choice], bool]) -> int:
        """Forget the choices ``predicate`` accepts; how many were forgotten."""
        with self._lock:
            current = self._choices if self._choices is not None else self._read()
            kept = [c for c in current if not predicate(c)]
            self._choices = kept
            if len(kept) != len(current):
                self._write(kept)
            return len(current) - len(kept)

    def _write(self, choices: list[Choice]) -> None:
        """Write the file 0600 via a temporary file; trouble is warned about, never raised."""
        try:
            claim_directory(self.directory)
            if self.path.is_symlink():
                raise OSError(f"{self.path} is a symbolic link")
            temporary = self.path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
            fd = os.open(temporary, flags, 0o600)
            with open(fd, "w", encoding="utf-8") as file:
                json.dump({"v": FORMAT_VERSION, "choices": choices}, file, ensure_ascii=False)
            os.replace(temporary, self.path)
        except OSError as err:
            self._say(f"cannot save your page choices ({err}); kept for this run only")


def _identity(choice: Choice) -> tuple[Any, ...]:
    return (choice["api"], choice["lang"], choice["label"], choice["name"], choice["scope"])


def new_choice(
    api: str,
    lang: str,
    label: str,
    name: str,
    scope: str,
    page: dict[str, Any],
    article: str | None = None,
) -> Choice:
    """A choice to keep: the name (as it keys the cache), its scope, the page (empty: no
    page), the time."""
    return {
        "api": api,
        "lang": lang,
        "label": label,
        "name": normalize_name(name),
        "scope": scope,
        "article": article[:300] if article else None,
        **{field: page.get(field) for field in _FIELDS},
        "chosen_at": datetime.now().astimezone().isoformat(timespec="seconds"),
    }

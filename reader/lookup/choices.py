"""The reader's own page choices: a small JSON file in the reader's data directory.

A choice is a page, or no page at all (``title`` is ``None``: the reader said the name
has no article). It applies to one article (its scope is the article's fingerprint,
:func:`reader.lookup.records.digest`) or, when the reader says so, to the name in every
article (scope :data:`EVERYWHERE`). They live in ``choices.json`` in the data directory
(beside the reading history), not in the cache, so ``reader cache clear`` keeps them and
``reader choices clear`` forgets them.

Hardened like the cache (THREATS §3): the directory must be ours, not a link, and is made
private (0700); the file is written 0600 through a temporary file and an atomic rename,
read only when it is a small regular file (never through a symbolic link), and checked
entry by entry. A file that is not what reader writes is moved aside
(``choices.json.corrupt``) with one warning, and reader starts afresh; a link is refused
and left alone. Nothing here raises to its caller.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.lookup.cache import normalize_name
from reader.lookup.record_file import RecordFile, text_field, time_field

FILE_NAME = "choices.json"
EVERYWHERE = "*"
"""The scope of a choice for the name in every article."""
_FIELDS = {"title": 256, "url": 2000, "description": 300, "summary": 2100}
_KEY_FIELDS = {"api": 2000, "lang": 20, "label": 40, "name": 500, "scope": 40, "article": 300}

Choice = dict[str, Any]


def valid_choice(choice: Any) -> bool:
    """Whether ``choice`` has exactly the shape reader writes."""
    return (
        isinstance(choice, dict)
        and all(
            text_field(choice.get(k), n, optional=k == "article") for k, n in _KEY_FIELDS.items()
        )
        and all(text_field(choice.get(k), n, optional=True) for k, n in _FIELDS.items())
        and time_field(choice.get("chosen_at"))
    )


class ChoiceStore(RecordFile[Choice]):
    """The choices file of one data directory."""

    def __init__(self, directory: Path, warn: Callable[[str], None]) -> None:
        """Use ``directory``/choices.json (nothing is read until first asked)."""
        super().__init__(
            directory, FILE_NAME, "choices", valid=valid_choice, what="your page choices", warn=warn
        )

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

    def add(self, choice: Choice) -> None:
        """Keep ``choice``, replacing any for the same name and scope; written at once."""
        key = _identity(choice)
        self.change(lambda choices: [c for c in choices if _identity(c) != key] + [choice])

    def forget(self, api: str, lang: str, label: str, name: str, scopes: list[str]) -> int:
        """Forget the choices for the name in ``scopes``; how many were forgotten."""
        wanted = (api, lang, label, normalize_name(name))
        return self.remove(
            lambda c: (
                (c["api"], c["lang"], c["label"], c["name"]) == wanted and c["scope"] in scopes
            )
        )


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

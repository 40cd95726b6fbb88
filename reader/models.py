"""Frozen value types shared by the core and the UI."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any, Literal

from reader.labels import NAME_LABELS

BackgroundStatus = Literal["found", "not_found", "ambiguous", "offline", "error"]


@dataclass(frozen=True, slots=True)
class Document:
    """An article as plain, sanitised text; every offset in reader points into ``text``."""

    text: str
    """The sanitised article text."""
    title: str
    """The article's title (first heading or line, or the file name)."""
    source: str
    """Where it came from, as the user gave it (path, URL, ``-`` or the sample's path)."""
    encoding: str | None = None
    """The encoding used to decode the bytes, when it had to be guessed."""
    notices: tuple[str, ...] = ()
    """One-line notes for the user (encoding guessed, input truncated, ...)."""
    code: tuple[tuple[int, int], ...] = ()
    """``(start, end)`` of code (blocks and inline), in text order: shown, never analysed."""
    headings: tuple[tuple[int, int], ...] = ()
    """``(start, end)`` of headings, in text order: shown as headings."""
    chapters: tuple[Chapter, ...] = ()
    """A book's chapters, in text order (empty for an article)."""

    @property
    def analysed_text(self) -> str:
        """The text the entity recogniser reads: :attr:`text` with its :attr:`code` blanked
        out (spaces; line breaks kept), so offsets stay those of :attr:`text`."""
        if not self.code:
            return self.text
        pieces: list[str] = []
        at = 0
        for start, end in self.code:
            pieces += [self.text[at:start], _BLANK.sub(" ", self.text[start:end])]
            at = end
        pieces.append(self.text[at:])
        return "".join(pieces)


_BLANK = re.compile(r"[^\n]")


@dataclass(frozen=True, slots=True)
class Chapter:
    """Where a chapter of a book starts, and its title."""

    start: int
    """Offset of its first character in the document text."""
    title: str
    """Its title from the table of contents (or its first heading)."""


YOUR_CORRECTION = "your correction"
"""The reason of a mention the reader's correction moved (a split or a merge)."""


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """One place in the text where an entity is named."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""
    text: str
    """``document.text[start:end]``."""
    reason: str = field(default="", compare=False)
    """Why it belongs to its entity, for the reader ("surname of Benjamin Netanyahu");
    not part of its identity: two mentions at the same place are equal."""

    def to_json(self) -> dict[str, Any]:
        """The mention as in the JSON contract (``reason`` only when known)."""
        data: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.reason:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing the article talks about, with every mention of it."""

    id: str
    """Stable slug, unique within a document (``benjamin-netanyahu``)."""
    name: str
    """The fullest form of the name found in the text."""
    label: str
    """spaCy entity type (``PERSON``, ``ORG``, ...)."""
    aliases: tuple[str, ...]
    """Every distinct surface form, fullest first."""
    mentions: tuple[Mention, ...]
    """Every mention, sorted by position."""

    @property
    def is_name(self) -> bool:
        """Whether the entity is name-like (highlighted by default)."""
        return self.label in NAME_LABELS

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entity:
        """Rebuild an entity from its JSON form (as printed by ``reader entities --json``)."""
        return cls(
            id=data["id"],
            name=data["name"],
            label=data["label"],
            aliases=tuple(data["aliases"]),
            mentions=tuple(  # a reason is shared by many mentions: kept once
                Mention(m["start"], m["end"], m["text"], sys.intern(m.get("reason", "")))
                for m in data["mentions"]
            ),
        )

    def to_json(self) -> dict[str, Any]:
        """The entity as in the JSON contract (without ``background``)."""
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "aliases": list(self.aliases),
            "mentions": [mention.to_json() for mention in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Background:
    """What Wikipedia says about an entity, or why it says nothing."""

    status: BackgroundStatus
    """``found``, ``not_found``, ``ambiguous``, ``offline`` or ``error``."""
    title: str | None = None
    """The page title (after redirects)."""
    url: str | None = None
    """The page's address."""
    description: str | None = None
    """The short description (Wikidata), if any."""
    summary: str | None = None
    """The intro paragraph, plain text."""
    candidates: tuple[str, ...] = ()
    """Titles to choose from when ``ambiguous``; a found page's rivals; the pages a
    ``not_found`` weighed and set aside (the JSON lists them only when ``ambiguous``)."""
    confidence: float | None = None
    """How sure the match is, 0-1 (``found`` and ``ambiguous``)."""
    scores: tuple[float, ...] = ()
    """Each candidate's score, in the order of ``candidates``."""
    chosen_by: str | None = None
    """``"reader"`` when the page is the reader's own choice."""
    cached_at: str | None = None
    """ISO 8601 time the entry was stored, when served from the cache."""
    error: str | None = None
    """A one-line reason when ``status == "error"``."""
    fetched_at: str | None = field(default=None, compare=False)
    """ISO 8601 time it was fetched from the network."""

    def to_json(self) -> dict[str, Any]:
        """The background as in the JSON contract; empty fields are left out."""
        data: dict[str, Any] = {"status": self.status}
        for key in ("title", "url", "description", "summary"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.status == "ambiguous":
            data["candidates"] = list(self.candidates)
            if self.scores:
                data["scores"] = list(self.scores)
        if self.confidence is not None:
            data["confidence"] = self.confidence
        if self.chosen_by is not None:
            data["chosen_by"] = self.chosen_by
        if self.cached_at is not None:
            data["cached_at"] = self.cached_at
        if self.error is not None:
            data["error"] = self.error
        return data

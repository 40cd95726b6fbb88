"""Words for what the reader counts, shared by the command line and the app."""

from __future__ import annotations


def counted(count: int, word: str, plural: str | None = None) -> str:
    """``1 mention``, ``3 mentions``; ``plural`` for a word not made plural by an "s"
    (``counted(2, "entity", "entities")``)."""
    return f"{count} {word if count == 1 else plural or word + 's'}"

"""Plain text: the title is its first line when that line is short."""

from __future__ import annotations

MAX_TITLE_LINE = 150
"""A first line longer than this is prose, not a title (news headlines, with a topic before a
colon, run to about 130 characters)."""


def plain_title(text: str, fallback: str) -> str:
    """The first non-empty line of ``text`` if it is short, else ``fallback``."""
    for line in text.split("\n", 50):
        line = line.strip()
        if line:
            return line if len(line) <= MAX_TITLE_LINE else fallback
    return fallback

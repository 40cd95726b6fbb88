"""The search bar: find text in the article, then step through the matches."""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

MAX_MATCHES = 10_000
"""Stop counting matches here (a one-letter search in a book)."""


def find_matches(text: str, query: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of ``query`` in ``text`` (literal, not a pattern)."""
    if not query.strip():
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    matches: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        matches.append(match.span())
        if len(matches) >= MAX_MATCHES:
            break
    return matches


class SearchBar(Input):
    """An input docked under the article; Enter jumps to the first match, Escape closes it."""

    DEFAULT_CSS = """
    SearchBar {
        dock: bottom;  /* under the article, above the status line and the footer */
    }
    """

    BINDINGS = [Binding("escape", "close", "Close search", show=False)]

    class Closed(Message):
        """The reader closed the search bar."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(placeholder="Search the article…", id=id)

    def action_close(self) -> None:
        """Hide the bar and hand the keys back to the article."""
        self.post_message(self.Closed())

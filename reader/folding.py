"""Folding text for comparison: case and accents do not tell names apart."""

from __future__ import annotations

import unicodedata


def unaccented(text: str) -> str:
    """``text`` case-folded and without its accents (``"González"`` -> ``"gonzalez"``)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()

"""Long prose for the memory tests: our articles' paragraphs, shuffled, in three layouts."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LAYOUTS = ("blank-lines", "single-newlines", "one-paragraph")
"""Paragraphs separated by a blank line; lines of 76 columns and no blank line at all;
no line break at all."""


def long_prose(characters: int, layout: str, seed: int = 55) -> str:
    """At least ``characters`` characters of our articles' paragraphs, shuffled anew on
    each pass (so the text is not one article repeated), laid out as ``layout``."""
    paths = sorted(ROOT.glob("assets/*.txt")) + sorted(ROOT.glob("tests/data/eval/**/*.txt"))
    pool = [
        " ".join(paragraph.split())
        for path in paths
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")
        if paragraph.strip()
    ]
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < characters:
        rng.shuffle(pool)
        for paragraph in pool:
            if layout == "single-newlines":
                paragraph = textwrap.fill(paragraph, 76, break_on_hyphens=False)
            parts.append(paragraph)
            total += len(paragraph) + 1
    joiner = {"blank-lines": "\n\n", "single-newlines": "\n", "one-paragraph": " "}[layout]
    return joiner.join(parts) + "\n"

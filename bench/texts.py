"""The texts the benchmarks read: the sample article and a 200,000-word "book".

The book is the articles we wrote (``assets/*.txt``, then ``tests/data/eval/*.txt``),
the sample first, repeated until it holds ``BOOK_WORDS`` words. Starting with the
sample means both texts open on the same first screen, so one phrase tells that
either has painted.

``python -m bench.texts DIR`` writes both into ``DIR`` and prints their sizes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench._harness import ROOT

SAMPLE = ROOT / "assets" / "israel-egypt-truce-talks.txt"
"""The default article (about 460 words, 3,000 characters)."""

FIRST_SCREEN_PHRASE = "An Israeli delegation led by"
"""Starts the sample's second paragraph: on the first screen, at the start of a line."""

HIGHLIGHTS_DONE = "entities ·"
"""In reader's status line once every highlight is in (``28 entities · 63 mentions``)."""

BOOK_WORDS = 200_000


def sample_text() -> str:
    """The sample article, as the app reads it."""
    return SAMPLE.read_text(encoding="utf-8")


def articles() -> list[Path]:
    """Our articles, the sample first."""
    others = sorted(ROOT.glob("assets/*.txt")) + sorted(ROOT.glob("tests/data/eval/*.txt"))
    return [SAMPLE, *(path for path in others if path != SAMPLE)]


def book_text(words: int = BOOK_WORDS) -> str:
    """Our articles repeated (whole articles) until the text holds at least ``words`` words."""
    parts: list[str] = []
    count = 0
    texts = [path.read_text(encoding="utf-8").strip() for path in articles()]
    while count < words:
        for text in texts:
            parts.append(text)
            count += len(text.split())
            if count >= words:
                break
    return "\n\n".join(parts) + "\n"


def write_texts(directory: Path) -> tuple[Path, Path]:
    """Write ``sample.txt`` and ``book.txt`` into ``directory``; their paths."""
    sample = directory / "sample.txt"
    book = directory / "book.txt"
    sample.write_text(sample_text(), encoding="utf-8")
    book.write_text(book_text(), encoding="utf-8")
    return sample, book


def main() -> int:
    """Write the texts into the directory named on the command line."""
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    directory.mkdir(parents=True, exist_ok=True)
    for path in write_texts(directory):
        text = path.read_text(encoding="utf-8")
        print(
            f"{path}: {len(text.split()):,} words, {len(text):,} characters, "
            f"{text.count(chr(10) + chr(10)):,} paragraph breaks"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

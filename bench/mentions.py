"""Grouping a book's spans into entities: ``build_entities`` beside a plain grouping pass.

The input is the one ``tests/unit/test_mentions.py`` checks for correctness: 200,000
words of one news paragraph repeated, with 72,000 raw spans (denser than a real book).
``build_entities`` cleans, groups and completes the mentions; the baseline does the least
any grouping must: slice each span's text and collect the spans under it in a dict.
Both are timed in the same run, interleaved, medians; the target was 0.5 s on its own.
Usage: ``python -m bench.mentions [--runs N] [--quick]``.
"""

from __future__ import annotations

import re
import time

from bench._harness import arguments, median, note, report, spread
from reader.nlp.mentions import RawSpan, build_entities

PARAGRAPH = (
    "Benjamin Netanyahu met Ismail Haniyeh's envoy in Cairo. Netanyahu’s office and "
    "the U.S. said Hamas, Egypt and Qatar agreed; Ronen Bar of Shin Bet nodded. "
)
MARKS = (
    ("Benjamin Netanyahu", "PERSON"),
    ("Ismail Haniyeh's", "PERSON"),
    ("Cairo", "GPE"),
    ("Netanyahu’s", "PERSON"),
    ("U.S.", "GPE"),
    ("Hamas", "ORG"),
    ("Egypt", "GPE"),
    ("Qatar", "GPE"),
    ("Ronen Bar", "PERSON"),
)
WORDS = 200_000


def book() -> tuple[str, list[RawSpan]]:
    """The repeated paragraph and a span for every marked name in every copy."""
    base = []
    for surface, label in MARKS:
        match = re.search(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", PARAGRAPH)
        assert match is not None, surface
        base.append(RawSpan(match.start(), match.end(), label))
    copies = WORDS // len(PARAGRAPH.split())
    spans = [
        RawSpan(s.start + i * len(PARAGRAPH), s.end + i * len(PARAGRAPH), s.label)
        for i in range(copies)
        for s in base
    ]
    return PARAGRAPH * copies, spans


def plain_grouping(text: str, spans: list[RawSpan]) -> dict[str, list[RawSpan]]:
    """The baseline: every span under its text, in text order."""
    groups: dict[str, list[RawSpan]] = {}
    for span in sorted(spans, key=lambda s: s.start):
        groups.setdefault(text[span.start : span.end], []).append(span)
    return groups


def timed(work, *args) -> float:
    """Seconds one call of ``work(*args)`` takes."""
    started = time.perf_counter()
    work(*args)
    return time.perf_counter() - started


def main() -> int:
    """Time both sides and print the figures."""
    args = arguments(__doc__.splitlines()[0], runs=7, quick_runs=3)
    text, spans = book()
    times: dict[str, list[float]] = {"build_entities": [], "plain_grouping": []}
    for _ in range(args.runs):
        times["build_entities"].append(timed(build_entities, text, spans))
        times["plain_grouping"].append(timed(plain_grouping, text, spans))
    note("mentions_book_input", f"{len(text.split())} words, {len(spans)} spans")
    report(
        "mentions_book_build_entities",
        median(times["build_entities"]),
        "plain_grouping",
        median(times["plain_grouping"]),
    )
    note("mentions_book_runs", "; ".join(f"{k} {spread(v)}" for k, v in times.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

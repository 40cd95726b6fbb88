"""A single line of 10 MB (THREATS case 22): the app beside the same words in paragraphs.

Both documents hold the same words (the input cap less 1 KB of ``word ``): one as a
single line, one as paragraphs of 76-column lines. Each is opened in a headless Textual
pilot of 100x30 (``App.run_test``) with no entities; the figures are the time until the
first screen (app created until the pilot is ready) and the time for ``end``,
``pagedown``, ``pagedown``, ``home``. Interleaved, medians. The check in
``tests/threats/test_checklist.py`` asserts only that the huge line is shown and scrolls.
Usage: ``python -m bench.huge_line [--runs N] [--quick]``.
"""

from __future__ import annotations

import asyncio
import textwrap
import time

from bench._harness import arguments, median, note, report, spread
from reader.documents import MAX_INPUT_BYTES
from reader.models import Document
from reader.ui.app import ReaderApp

WORDS = (MAX_INPUT_BYTES - 1024) // 5


def documents() -> dict[str, Document]:
    """The huge line and its baseline, the same words in paragraphs."""
    line = "word " * WORDS
    lines = textwrap.wrap(line, 76)
    paragraphs = "\n\n".join("\n".join(lines[i : i + 8]) for i in range(0, len(lines), 8))
    return {
        "one_line": Document("Long line\n\n" + line, "Long line", "-"),
        "paragraphs": Document("Long line\n\n" + paragraphs, "Long line", "-"),
    }


async def open_and_scroll(document: Document) -> tuple[float, float]:
    """Seconds until the first screen, and for the four keys."""
    started = time.perf_counter()
    app = ReaderApp(document, entities=[])
    async with app.run_test(size=(100, 30)) as pilot:
        shown = time.perf_counter() - started
        pressed = time.perf_counter()
        await pilot.press("end", "pagedown", "pagedown", "home")
        await pilot.pause()
        keys = time.perf_counter() - pressed
    return shown, keys


def main() -> int:
    """Time both documents and print the figures."""
    args = arguments(__doc__.splitlines()[0], runs=5, quick_runs=3)
    docs = documents()
    shown: dict[str, list[float]] = {name: [] for name in docs}
    keys: dict[str, list[float]] = {name: [] for name in docs}
    for _ in range(args.runs):
        for name, document in docs.items():
            first, scrolled = asyncio.run(open_and_scroll(document))
            shown[name].append(first)
            keys[name].append(scrolled)
    report("huge_line_first_screen", median(shown["one_line"]),
           "paragraphs", median(shown["paragraphs"]))  # fmt: skip
    report("huge_line_keys", median(keys["one_line"]), "paragraphs", median(keys["paragraphs"]))
    runs = [f"first screen {k} {spread(v)}" for k, v in shown.items()]
    runs += [f"keys {k} {spread(v)}" for k, v in keys.items()]
    note("huge_line_runs", "; ".join(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

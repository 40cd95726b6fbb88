"""Target 3: a 200,000-word book as smooth as the 600-word article.

Builds the book (``bench/texts.py``: our articles repeated, the sample first) and,
in a tmux terminal of 160x50, compares ``reader BOOK`` with ``reader SAMPLE``:

- first paint: launch until the first screen's text is visible (target <= 1.5x), in
  launches of their own that quit once painted, the two texts alternating, so the
  machine's drift during a long book run does not fall on one side;
- key latency: from ``tmux send-keys`` until the screen changes, for ``pagedown``,
  ``end`` (and ``home`` to come back) and ``tab``, on the book while highlights are
  still arriving and after they are all in, against the sample with its highlights
  complete (target <= 1.5x). Scrolling keys wait for the text to change; ``tab``
  for any change of the coloured screen (the cursor is a colour); the status line
  is left out;
- all highlights: launch until the status line says ``entities ·``, against bare
  spaCy's fastest configuration on the same text (``ner`` only, ``nlp.pipe`` over
  paragraphs; batch sizes and one or two processes tried, the fastest repeated)
  (target <= 1.2x);
- peak memory of the app's process tree (app and NER worker), VmRSS summed
  (target < 600 MB).

Usage: ``python -m bench.book [--runs N] [--quick]``.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench._harness import (
    HEIGHT,
    READER,
    Pane,
    PeakMemory,
    ScreenTimeout,
    Terminal,
    app_env,
    arguments,
    median,
    note,
    report,
    say,
    scratch,
    spread,
)
from bench.bare_spacy import Config, time_config
from bench.texts import FIRST_SCREEN_PHRASE, HIGHLIGHTS_DONE, write_texts

ARRIVING = re.compile(r"Finding names… \d+%")
KEYS = ("PageDown", "Home", "End", "Home") * 3 + ("Tab", "Tab", "Tab")
"""tmux key names; each press changes the screen on both texts (the sample is a little
over one screen). Latencies are filed under the lower-case name; each key is pressed at
least three times per launch, as one ~20 ms latency is a frame or two of noise."""

SPACY_CONFIGS = (
    Config("ner", "paragraphs", 64, 1),
    Config("ner", "paragraphs", 256, 1),
    Config("ner", "paragraphs", 1000, 1),
    Config("ner", "paragraphs", 64, 2),
    Config("ner", "paragraphs", 256, 2),
)
QUICK_SPACY_CONFIGS = SPACY_CONFIGS[:2] + SPACY_CONFIGS[3:4]


def _text_rows(rows: list[str]) -> list[str]:
    """The screen without the status line (row ``HEIGHT - 2``)."""
    return rows[: HEIGHT - 2] + rows[HEIGHT - 1 :]


def _plain(rows: list[str]) -> list[str]:
    """The text rows with colour escapes removed: what scrolling changes."""
    return [re.sub(r"\x1b\[[0-9;:]*m", "", row) for row in _text_rows(rows)]


def press_keys(pane: Pane, latencies: dict[str, list[float]]) -> int:
    """Press :data:`KEYS` in turn, each once the screen is quiet; add each latency.

    Returns:
        How many presses changed nothing within 10 s (left out of the latencies).
    """
    unanswered = 0
    for key in KEYS:
        pane.wait_stable(0.15, timeout=5)
        view = _text_rows if key == "Tab" else _plain
        try:
            latencies.setdefault(key.lower(), []).append(pane.press(key, view=view))
        except ScreenTimeout:
            unanswered += 1
    return unanswered


def run_reader(terminal: Terminal, path: Path, cache: Path, *, arriving: bool) -> dict[str, object]:
    """One launch: paint, (keys while highlights arrive,) all highlights, keys, peak memory."""
    result: dict[str, object] = {"while": {}, "after": {}, "unanswered": 0}
    with terminal.running([READER, str(path)], app_env(cache)) as pane:
        with PeakMemory(pane.pid) as memory:
            result["paint"] = pane.wait_text(FIRST_SCREEN_PHRASE, timeout=60)
            if arriving:
                pane.wait_for(lambda screen: ARRIVING.search(screen) is not None, timeout=120)
                result["unanswered"] = press_keys(pane, result["while"])
                result["still_arriving"] = HIGHLIGHTS_DONE not in pane.capture()
            result["highlights"] = pane.wait_text(HIGHLIGHTS_DONE, timeout=600)
            pane.wait_stable(0.5, timeout=20)
            result["unanswered"] += press_keys(pane, result["after"])
        result["peak"] = memory.peak
    return result


PAINT_RUNS = 3
"""Paint-only launches of each text per full round (so 9 by default)."""


def main() -> int:
    """Run everything and print the figures."""
    args = arguments(__doc__.splitlines()[0], runs=3, quick_runs=1)
    configs = QUICK_SPACY_CONFIGS if args.quick else SPACY_CONFIGS
    runs: dict[str, list[dict[str, object]]] = {"sample": [], "book": []}
    spacy: dict[Config, list[float]] = {}
    entities: dict[Config, int] = {}
    with scratch() as tmp, Terminal() as terminal:
        sample, book = write_texts(tmp)
        words = len(book.read_text(encoding="utf-8").split())
        note("book_text", f"{words:,} words, {book.stat().st_size:,} bytes")
        paints: dict[str, list[float]] = {"sample": [], "book": []}
        for round_ in range(PAINT_RUNS * args.runs + 1):  # round 0 warms the disk cache
            for name, path in (("sample", sample), ("book", book))[:: 1 if round_ % 2 else -1]:
                with terminal.running([READER, str(path)], app_env(tmp / "paint")) as pane:
                    elapsed = pane.wait_text(FIRST_SCREEN_PHRASE, timeout=60)
                if round_:
                    paints[name].append(elapsed)
        for round_ in range(args.runs):
            runs["sample"].append(run_reader(terminal, sample, tmp / f"s{round_}", arriving=False))
            runs["book"].append(run_reader(terminal, book, tmp / f"b{round_}", arriving=True))
            say(
                f"round {round_}: sample paint {runs['sample'][-1]['paint']:.3f}, "
                f"book paint {runs['book'][-1]['paint']:.3f}, "
                f"book highlights {runs['book'][-1]['highlights']:.3f}"
            )
        for config in configs:
            elapsed, entities[config] = time_config(book, config)
            spacy[config] = [elapsed]
            say(f"spaCy {config.label}: {elapsed:.3f} s, {entities[config]} entities")
        best = min(configs, key=lambda c: spacy[c][0])
        for _ in range(args.runs - 1):
            spacy[best].append(time_config(book, best)[0])

    def figure(text: str, key: str) -> list[float]:
        return [float(run[key]) for run in runs[text]]  # type: ignore[arg-type]

    def keys(text: str, phase: str, key: str) -> list[float]:
        return [t for run in runs[text] for t in run[phase].get(key, [])]  # type: ignore[union-attr]

    report(
        "book_first_paint",
        median(paints["book"]),
        "sample_first_paint",
        median(paints["sample"]),
        target=1.5,
    )
    for key in ("pagedown", "end", "home", "tab"):
        small = median(keys("sample", "after", key))
        report(
            f"book_key_{key}_after_highlights",
            median(keys("book", "after", key)),
            f"sample_key_{key}",
            small,
            target=1.5,
        )
        report(
            f"book_key_{key}_while_highlights_arrive",
            median(keys("book", "while", key)),
            f"sample_key_{key}",
            small,
            target=1.5,
        )
    arriving = sum(bool(run.get("still_arriving")) for run in runs["book"])
    unanswered = sum(int(run["unanswered"]) for text in runs for run in runs[text])
    note(
        "book_keys_while_arriving_check",
        f"highlights still arriving after the key presses in {arriving}/{len(runs['book'])} "
        f"runs; key presses that changed nothing within 10 s: {unanswered}",
    )
    best_time = median(spacy[best])
    report(
        "book_all_highlights",
        median(figure("book", "highlights")),
        f"bare_spacy_best[{best.label}]",
        best_time,
        target=1.2,
    )
    for config in configs:
        report(
            f"book_bare_spacy_{config.label}",
            median(spacy[config]),
            f"bare_spacy_best[{best.label}]",
            best_time,
        )
    note("book_bare_spacy_entities", ", ".join(f"{c.label} {n}" for c, n in entities.items()))
    report(
        "book_peak_memory", median(figure("book", "peak")), "target", 600e6, unit="MB", target=1.0
    )
    report(
        "book_peak_memory_vs_sample",
        median(figure("book", "peak")),
        "sample_peak_memory",
        median(figure("sample", "peak")),
        unit="MB",
    )
    note(
        "book_runs",
        f"paint {spread(paints['book'])} sample {spread(paints['sample'])}; "
        f"highlights {spread(figure('book', 'highlights'))}; "
        f"peak {spread(figure('book', 'peak'), 'MB')}; "
        + "; ".join(
            f"{k} while {spread(keys('book', 'while', k))} "
            f"after {spread(keys('book', 'after', k))} "
            f"sample {spread(keys('sample', 'after', k))}"
            for k in ("pagedown", "end", "home", "tab")
        ),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

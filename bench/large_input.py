"""Memory bar: the largest input reader accepts (10 MB of prose), whatever its line breaks.

Builds about 10 MB of prose from real articles (ours in ``assets/`` and ``tests/data/eval/``,
plus the news articles of ``/work/shared/corpus/news-fair-v2-dev`` when that folder exists;
read at run time, never copied into the repository), their paragraphs shuffled anew on each
pass so it is not one text repeated, in three layouts:

- ``paragraphs``: paragraphs separated by blank lines;
- ``lines``: lines wrapped at 76 columns, paragraphs separated by a single newline, no
  blank line anywhere;
- ``one-paragraph``: no line break at all;
- ``capitals``: paragraphs separated by blank lines, every letter in capitals (wire copy and
  legal text are written so; the model reads such runs in title case, and a rule that scans
  runs of capitalised words meets the whole text as one run).

For each layout it runs the two paths that analyse a text and prints, for each, the peak
of the summed VmRSS of the process tree (sampled every 50 ms) against the bound of 1 GB,
the largest single process (``ru_maxrss``), and the seconds per MB of text against bare
spaCy's (``ner`` only, ``nlp.pipe`` over the paragraphs of a 1 MB slice, batch 64, one
process; its load time subtracted), measured again just before, as the machine drifts:

- ``reader entities FILE --json`` (analysis in the one process);
- the NER worker fed through :class:`reader.nlp.stream.AnalysisStream` by a small "app"
  process that keeps the entities of each update, as the app does (the tree is that
  process, the worker and spaCy's helper processes). It also prints the time to the first
  update (the first screen's highlights);
- the app itself, ``reader FILE`` in a tmux terminal of 160x50, until its status line says
  every highlight is in (sampled every 200 ms; skip with ``--no-app``).

The same two paths on the 200,000-word book of ``bench/book.py`` come first, for reference.
A run whose tree passes ``--cap`` MB is stopped and reported as over the cap.

Usage: ``python -m bench.large_input [--quick] [--mb N] [--layouts a,b] [--cap MB]``;
``--quick`` runs the one-paragraph layout only (the hardest).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import textwrap
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from bench._harness import (
    PYTHON,
    READER,
    ROOT,
    Terminal,
    app_env,
    fail_if_dead,
    note,
    process_tree,
    report,
    rss,
    say,
    scratch,
    tree_rss,
)
from bench.bare_spacy import Config, command
from bench.texts import HIGHLIGHTS_DONE, articles, book_text
from reader.documents import MAX_INPUT_BYTES

CORPUS = Path("/work/shared/corpus/news-fair-v2-dev/articles")
"""Extra real news, used when present (not part of the repository)."""

LAYOUTS = ("paragraphs", "lines", "one-paragraph", "capitals")
BOUND = 1e9
"""The quality bar: at most 1 GB over all processes (DESIGN.md §8)."""

_APP = """\
import sys, time
from reader.nlp.stream import AnalysisStream
text = open(sys.argv[1], encoding="utf-8").read()
with AnalysisStream() as stream:
    started = time.perf_counter()
    stream.feed(text)
    first = None
    for update in stream:  # keep only the latest entities, as the app does
        first = time.perf_counter() - started if first is None else first
        entities = update.entities
    mentions = sum(len(entity.mentions) for entity in entities)
    print("done", first, time.perf_counter() - started, len(entities), mentions, flush=True)
"""


def _paragraphs() -> list[str]:
    """Every paragraph of the source articles, with its line breaks turned into spaces."""
    paths = [*articles(), *sorted(ROOT.glob("tests/data/eval/*/*.txt"))]
    if CORPUS.is_dir():
        paths += sorted(CORPUS.glob("*.txt"))
    found: list[str] = []
    for path in paths:
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            if paragraph.strip():
                found.append(" ".join(paragraph.split()))
    return found


def prose(layout: str, size: int = MAX_INPUT_BYTES, seed: int = 55) -> str:
    """About ``size`` bytes (UTF-8, never more) of shuffled real paragraphs in ``layout``."""
    pool = _paragraphs()
    rng = random.Random(seed)
    joiner = {"paragraphs": "\n\n", "lines": "\n", "one-paragraph": " ", "capitals": "\n\n"}[layout]
    parts: list[str] = []
    total = 0
    while True:
        rng.shuffle(pool)
        for paragraph in pool:
            if layout == "lines":
                paragraph = textwrap.fill(paragraph, 76, break_on_hyphens=False)
            elif layout == "capitals":
                paragraph = paragraph.upper()
            cost = len(paragraph.encode("utf-8")) + len(joiner)
            if total + cost + 1 > size:
                return joiner.join(parts) + "\n"
            parts.append(paragraph)
            total += cost


@dataclass
class Run:
    """One measured process tree."""

    seconds: float
    peak: int
    """Highest summed VmRSS of the tree."""
    largest: int
    """Highest VmRSS of any one process of the tree that has ended (``ru_maxrss``)."""
    output: str
    capped: bool


def measure(argv: list[str], cap: int) -> Run:
    """Run ``argv`` to its end, sampling the summed VmRSS of its tree every 50 ms.

    The tree is killed (and the run marked ``capped``) once it passes ``cap`` bytes.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    peak, capped = 0, False
    streams: dict[str, str] = {}
    readers = [
        threading.Thread(target=lambda n, f: streams.__setitem__(n, f.read()), args=(name, pipe))
        for name, pipe in (("out", process.stdout), ("err", process.stderr))
    ]
    for reader in readers:
        reader.start()
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, sum(rss(p) for p in process_tree(process.pid)))
        if peak > cap and not capped:
            capped = True
            for each in process_tree(process.pid):
                with suppress(OSError):
                    os.kill(each, 9)
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    if process.returncode and not capped:
        raise RuntimeError(f"{argv[:4]} failed: {streams['err'].strip()[-800:]}")
    return Run(seconds, peak, usage.ru_maxrss * 1024, streams["out"], capped)


def _app(terminal: Terminal, path: Path, cap: int) -> Run:
    """``reader FILE`` in the terminal until every highlight is in; its tree sampled."""
    with scratch() as cache, terminal.running([READER, str(path)], app_env(cache)) as pane:
        peak, capped, screen = 0, False, ""
        while HIGHLIGHTS_DONE not in screen and not capped:
            time.sleep(0.2)
            peak = max(peak, tree_rss(pane.pid))
            capped = peak > cap
            fail_if_dead(pane)
            screen = pane.capture()
        seconds = time.perf_counter() - pane.started
    return Run(seconds, peak, 0, screen, capped)


def _entities(path: Path, cap: int) -> Run:
    return measure([READER, "entities", str(path), "--json"], cap)


def _worker(path: Path, cap: int) -> Run:
    return measure([PYTHON, "-c", _APP, str(path)], cap)


def _show(name: str, run: Run, megabytes: float, per_mb: float, cap: int) -> None:
    if run.capped:
        note(
            f"{name}_peak", f"over the cap of {cap / 1e6:.0f} MB: stopped after {run.seconds:.0f} s"
        )
        return
    report(f"{name}_peak", run.peak, "bound", BOUND, unit="MB", target=1)
    if run.largest:
        note(f"{name}_largest_process", f"{run.largest / 1e6:.0f} MB")
    report(f"{name}_per_mb", run.seconds / megabytes, "bare spaCy", per_mb)


def main() -> int:
    """Build the texts, run both paths over each layout and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the one-paragraph layout only")
    parser.add_argument(
        "--mb",
        type=float,
        default=MAX_INPUT_BYTES / 2**20,
        help="size of the large text in MiB (default: the input limit)",
    )
    parser.add_argument("--layouts", default=",".join(LAYOUTS), help="comma-separated")
    parser.add_argument("--cap", type=float, default=6000, help="stop a tree past this many MB")
    parser.add_argument("--no-app", action="store_true", help="skip the app in a terminal")
    args = parser.parse_args()
    layouts = ["one-paragraph"] if args.quick else args.layouts.split(",")
    cap = int(args.cap * 1e6)
    with scratch() as tmp, Terminal() as terminal:
        book = tmp / "book.txt"
        book.write_text(book_text(), encoding="utf-8")
        slice_ = tmp / "slice.txt"
        slice_.write_text(prose("paragraphs", 2**20), encoding="utf-8")
        load = measure(command(slice_, Config("ner", "load")), cap).seconds

        def bare(name: str) -> float:
            """Bare spaCy's seconds per MB, measured again beside each figure (drift)."""
            run = measure(command(slice_, Config("ner", "paragraphs", 64, 1)), cap)
            per_mb = (run.seconds - load) / (slice_.stat().st_size / 1e6)
            note(
                f"{name}_bare_spacy_1mb",
                f"{run.seconds:.1f} s with {load:.1f} s of import "
                f"and load, {per_mb:.2f} s per MB; peak "
                f"{run.peak / 1e6:.0f} MB",
            )
            return per_mb

        say("book")
        per_mb = bare("book")
        book_mb = book.stat().st_size / 1e6
        _show("book_entities", _entities(book, cap), book_mb, per_mb, cap)
        _show("book_worker", _worker(book, cap), book_mb, per_mb, cap)
        for layout in layouts:
            path = tmp / f"{layout}.txt"
            path.write_text(prose(layout, int(args.mb * 2**20)), encoding="utf-8")
            text = path.read_text(encoding="utf-8")
            megabytes = path.stat().st_size / 1e6
            note(
                f"{layout}_text",
                f"{path.stat().st_size:,} bytes, {len(text.split()):,} "
                f"words, {text.count(chr(10)):,} newlines, "
                f"{text.count(chr(10) * 2):,} blank lines",
            )
            say(f"{layout}: reader entities")
            per_mb = bare(layout)
            _show(f"{layout}_entities", _entities(path, cap), megabytes, per_mb, cap)
            say(f"{layout}: worker")
            run = _worker(path, cap)
            _show(f"{layout}_worker", run, megabytes, per_mb, cap)
            if not run.capped:
                _, first, total, entities, mentions = run.output.split()
                note(
                    f"{layout}_worker_updates",
                    f"first after {float(first):.2f} s, last "
                    f"after {float(total):.1f} s; {entities} "
                    f"entities, {mentions} mentions",
                )
            if not args.no_app:
                say(f"{layout}: app")
                _show(f"{layout}_app", _app(terminal, path, cap), megabytes, per_mb, cap)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

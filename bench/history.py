"""The reading history's costs: recording a book, its titles, and the panel's query.

All of it runs off the UI thread; these figures say how long that thread's work takes.
A book's worth of names (5,000 entities) is recorded into a history of 1,000 articles of
200 names each (200,000 rows), its 5,000 Wikipedia titles written in one batch, and the
"Elsewhere" query asked by page and by name. The baselines do the least the same work
needs in bare SQLite (same file settings, no checks, no upsert): a plain ``executemany``
insert, a plain ``UPDATE`` per title, and a plain indexed ``SELECT``.
Usage: ``python -m bench.history [--runs N] [--quick]``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from bench._harness import arguments, median, note, report, scratch
from reader.history.store import MIGRATIONS, EntityRow, History

ARTICLES = 1000
NAMES_PER_ARTICLE = 200
BOOK_NAMES = 5000
LABELS = ("PERSON", "ORG", "GPE")


def entity_rows(count: int, offset: int = 0) -> list[EntityRow]:
    """``count`` names, a third with a page; names recur across articles."""
    rows = []
    for number in range(offset, offset + count):
        name = f"Name {number % 20_000}"
        title = name if number % 3 == 0 else None
        rows.append(EntityRow(name, LABELS[number % 3], 1 + number % 7, number * 10, title))
    return rows


def fill(history: History) -> None:
    """A history of :data:`ARTICLES` articles."""
    for article in range(ARTICLES):
        rows = entity_rows(NAMES_PER_ARTICLE, article * 37)
        history.record(f"a{article}", f"Article {article}", f"/a/{article}.txt", rows, article)


def bare(path: Path) -> sqlite3.Connection:
    """The same schema in bare SQLite, WAL, filled with the same rows."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for script in MIGRATIONS:
        db.executescript(script)
    db.execute("BEGIN")
    for article in range(ARTICLES):
        db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?)",
            (article + 1, f"a{article}", f"Article {article}", f"/a/{article}.txt", article),
        )
        rows = entity_rows(NAMES_PER_ARTICLE, article * 37)
        db.executemany(
            "INSERT OR IGNORE INTO entities VALUES (?, ?, ?, ?, ?, ?)",
            [(article + 1, r.name, r.label, r.wiki_title, r.mentions, r.first_start) for r in rows],
        )
    db.execute("COMMIT")
    return db


def timed(work: Callable[[], object]) -> float:
    """Seconds one call of ``work`` takes."""
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> int:
    """Time each side and print the figures."""
    args = arguments(__doc__.splitlines()[0], runs=5, quick_runs=2)
    book = entity_rows(BOOK_NAMES, 1_000_000)
    titles = [(row.name, row.label, f"Page {row.name}") for row in book]
    times: dict[str, list[float]] = {key: [] for key in ("record", "titles", "page", "name")}
    bases: dict[str, list[float]] = {key: [] for key in times}
    with scratch() as tmp:
        history = History(tmp / "reader")
        fill(history)
        db = bare(tmp / "bare.db")
        for run in range(args.runs):
            digest = f"book{run}"
            times["record"].append(timed(partial(history.record, digest, "Book", "/b", book)))
            times["titles"].append(timed(partial(history.set_titles, digest, titles)))
            times["page"].append(timed(lambda: history.mentioning("x", "PERSON", "Name 300")))
            times["name"].append(timed(lambda: history.mentioning("Name 301", "ORG", None)))

            def bare_record(run: int = run) -> None:
                db.execute("BEGIN")
                db.execute(
                    "INSERT INTO articles VALUES (?, ?, 'Book', '/b', 0)",
                    (ARTICLES + 10 + run, f"bare{run}"),
                )
                db.executemany(
                    "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (ARTICLES + 10 + run, r.name, r.label, r.wiki_title, r.mentions, 0)
                        for r in book
                    ],
                )
                db.execute("COMMIT")

            def bare_titles(run: int = run) -> None:
                db.execute("BEGIN")
                db.executemany(
                    "UPDATE entities SET wiki_title = ? WHERE article_id = ? AND name = ? "
                    "AND label = ?",
                    [(title, ARTICLES + 10 + run, name, label) for name, label, title in titles],
                )
                db.execute("COMMIT")

            def bare_select(where: str, *params: str) -> None:
                db.execute(
                    "SELECT a.title, a.read_at, e.mentions FROM entities e JOIN articles a "
                    f"ON a.id = e.article_id WHERE {where}",
                    params,
                ).fetchall()

            bases["record"].append(timed(bare_record))
            bases["titles"].append(timed(bare_titles))
            bases["page"].append(timed(lambda: bare_select("e.wiki_title = ?", "Name 300")))
            bases["name"].append(
                timed(lambda: bare_select("e.name = ? AND e.label = ?", "Name 301", "ORG"))
            )
        found = len(history.mentioning("x", "PERSON", "Name 300"))
        history.close()
        db.close()
    note(
        "history_input",
        f"{ARTICLES} articles x {NAMES_PER_ARTICLE} names; a book of {BOOK_NAMES} names; "
        f"{found} articles name the page asked for",
    )
    labels = {
        "record": ("history_record_book", "bare insert"),
        "titles": ("history_titles_book", "bare updates"),
        "page": ("history_elsewhere_by_page", "bare select"),
        "name": ("history_elsewhere_by_name", "bare select"),
    }
    for key, (figure, baseline) in labels.items():
        report(figure, median(times[key]), baseline, median(bases[key]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

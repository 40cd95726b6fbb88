"""The reading history store (issue 12 item 3): schema, queries, privacy, robustness."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.history import recorder as recorder_module
from reader.history.recorder import HistoryRecorder
from reader.history.store import (
    BUSY_TIMEOUT_MS,
    FILE_NAME,
    MIGRATIONS,
    SCHEMA_VERSION,
    EntityRow,
    History,
)
from reader.models import Background, Document, Entity, Mention
from reader.paths import default_data_dir


def _open(directory: Path) -> tuple[History, list[str]]:
    warnings: list[str] = []
    return History(directory, warnings.append), warnings


BIDEN = EntityRow("Joe Biden", "PERSON", 3, 10)
HAMAS = EntityRow("Hamas", "ORG", 2, 40)


def test_the_data_directory_follows_xdg_data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / "reader"


def test_a_new_database_is_private_in_a_private_directory(tmp_path):
    directory = tmp_path / "data" / "reader"
    history, warnings = _open(directory)
    assert history.record("d1", "A", "a.txt", [BIDEN])
    history.close()
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(directory / FILE_NAME).st_mode) == 0o600
    assert warnings == []


def test_migrations_run_from_version_0_to_the_current_one(tmp_path):
    directory = tmp_path / "reader"
    directory.mkdir(mode=0o700)
    path = directory / FILE_NAME
    sqlite3.connect(path).close()  # an empty database: user_version 0
    os.chmod(path, 0o600)
    history, warnings = _open(directory)
    assert history.record("d1", "A", "a.txt", [BIDEN])
    history.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert warnings == []


def test_a_version_1_database_keeps_its_rows_when_migrated(tmp_path):
    directory = tmp_path / "reader"
    directory.mkdir(mode=0o700)
    path = directory / FILE_NAME
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
        db.execute("INSERT INTO articles VALUES (1, 'd0', 'Old', '/old.txt', 1.0)")
        db.execute("INSERT INTO entities VALUES (1, 'Joe Biden', 'PERSON', NULL, 4)")
    os.chmod(path, 0o600)
    history, _ = _open(directory)
    [row] = history.mentioning("Joe Biden", "PERSON", None)
    assert (row.title, row.mentions, row.first_start) == ("Old", 4, 0)


def test_a_database_from_a_newer_reader_is_left_alone(tmp_path):
    directory = tmp_path / "reader"
    directory.mkdir(mode=0o700)
    path = directory / FILE_NAME
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    os.chmod(path, 0o600)
    history, warnings = _open(directory)
    assert not history.record("d1", "A", "a.txt", [BIDEN])
    assert history.articles() == []
    assert len(warnings) == 1 and "newer" in warnings[0]
    assert path.exists()


def test_articles_come_newest_first_and_reopening_updates_the_row(tmp_path):
    history, _ = _open(tmp_path / "reader")
    history.record("d1", "First", "a.txt", [BIDEN], read_at=100.0)
    history.record("d2", "Second", "b.txt", [HAMAS], read_at=200.0)
    assert [row.title for row in history.articles()] == ["Second", "First"]
    history.record("d1", "First again", "a.txt", [BIDEN, HAMAS], read_at=300.0)
    rows = history.articles()
    assert [(row.title, row.entities) for row in rows] == [("First again", 2), ("Second", 1)]


def test_an_entity_is_matched_by_wikipedia_title_when_known(tmp_path):
    history, _ = _open(tmp_path / "reader")
    history.record("d1", "A", "a.txt", [EntityRow("Biden", "PERSON", 2, 5, "Joe Biden")], 1.0)
    history.record("d2", "B", "b.txt", [EntityRow("Joseph R. Biden", "PERSON", 1, 9)], 2.0)
    history.record("d3", "C", "c.txt", [EntityRow("Biden", "ORG", 1, 0)], 3.0)
    history.set_titles("d2", [("Joseph R. Biden", "PERSON", "Joe Biden")])
    rows = history.mentioning("Joe Biden", "PERSON", "Joe Biden")
    assert [(row.title, row.name, row.mentions) for row in rows] == [
        ("B", "Joseph R. Biden", 1),
        ("A", "Biden", 2),
    ]
    assert [row.title for row in history.mentioning("x", "PERSON", "Joe Biden", exclude="d2")] == [
        "A"
    ]


def test_an_unfound_name_is_matched_only_by_exact_name_and_type(tmp_path):
    history, _ = _open(tmp_path / "reader")
    history.record("d1", "A", "a.txt", [EntityRow("Mercury", "PERSON", 2, 5)], 1.0)
    history.record("d2", "B", "b.txt", [EntityRow("Mercury", "LOC", 1, 5)], 2.0)
    history.record("d3", "C", "c.txt", [EntityRow("mercury", "PERSON", 1, 5)], 3.0)
    rows = history.mentioning("Mercury", "PERSON", None)
    assert [row.title for row in rows] == ["A"]


def test_the_command_line_query_takes_a_name_or_a_title(tmp_path):
    history, _ = _open(tmp_path / "reader")
    history.record("d1", "A", "a.txt", [EntityRow("Biden", "PERSON", 2, 5, "Joe Biden")], 1.0)
    history.record("d2", "B", "b.txt", [EntityRow("Joe Biden", "PERSON", 1, 9, "Joe Biden")], 2.0)
    history.record("d3", "C", "c.txt", [EntityRow("Biden", "PERSON", 4, 0)], 3.0)
    assert [row.title for row in history.find("joe biden")] == ["B", "A"]
    # "Biden": the page one of its articles found, and the article where it is unfound.
    assert [row.title for row in history.find("Biden")] == ["C", "B", "A"]
    assert history.find("Nobody") == []


def test_the_command_line_query_takes_a_surname_and_no_wildcards(tmp_path):
    history, _ = _open(tmp_path / "reader")
    row = EntityRow("Benjamin Netanyahu", "PERSON", 2, 0, "Benjamin Netanyahu")
    history.record("d1", "A", "a.txt", [row], 1.0)
    history.record("d2", "B", "b.txt", [EntityRow("Yair Lapid", "PERSON", 1, 0)], 2.0)
    assert [row.title for row in history.find("netanyahu")] == ["A"]
    assert [row.title for row in history.find("lapid")] == ["B"]  # a name with no page too
    assert history.find("anyahu") == []  # whole last words only
    assert history.find("%") == history.find("_apid") == []  # LIKE's wildcards are letters


def test_the_command_line_query_takes_the_other_names_an_article_gives(tmp_path):
    # "reader history FAA" found nothing where "FAA" was 4 of 5 mentions: only the
    # entity's name was kept.
    history, _ = _open(tmp_path / "reader")
    faa = EntityRow("Federal Aviation Administration", "ORG", 5, 0, None, ("FAA", "the FAA"))
    history.record("d1", "A", "a.txt", [faa], 1.0)
    kim = EntityRow("Kim Jong Un", "PERSON", 3, 0, "Kim Jong Un", ("Kim Jong Un", "Kim"))
    history.record("d2", "B", "b.txt", [kim], 2.0)
    assert [row.title for row in history.find("faa")] == ["A"]  # an alias, or its last word
    assert [row.title for row in history.find("kim")] == ["B"]  # an alias with a page
    assert history.find("F") == history.find("%") == []


def test_titles_found_before_survive_a_reopening(tmp_path):
    history, _ = _open(tmp_path / "reader")
    history.record("d1", "A", "a.txt", [BIDEN])
    history.set_titles("d1", [("Joe Biden", "PERSON", "Joe Biden")])
    history.record("d1", "A", "a.txt", [BIDEN])
    assert [entity.wiki_title for entity in history.entities("d1")] == ["Joe Biden"]


def test_url_credentials_are_never_kept_and_paths_are_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    history, _ = _open(tmp_path / "reader")
    history.record("d1", "A", "https://user:secret@example.com/story?x=1", [BIDEN], 1.0)
    history.record("d2", "B", "notes/b.txt", [BIDEN], 2.0)
    rows = history.articles()
    assert [row.source for row in rows] == [
        str(tmp_path / "notes" / "b.txt"),
        "https://example.com/story?x=1",
    ]
    history.close()
    assert b"secret" not in (tmp_path / "reader" / FILE_NAME).read_bytes()


def test_clear_forgets_everything(tmp_path):
    history, _ = _open(tmp_path / "reader")
    history.record("d1", "A", "a.txt", [BIDEN])
    history.record("d2", "B", "b.txt", [BIDEN])
    assert history.clear() == 2
    assert history.articles() == []
    assert history.mentioning("Joe Biden", "PERSON", None) == []


def test_a_symbolic_link_is_refused(tmp_path):
    directory = tmp_path / "reader"
    directory.mkdir(mode=0o700)
    target = tmp_path / "elsewhere.db"
    target.write_bytes(b"")
    (directory / FILE_NAME).symlink_to(target)
    history, warnings = _open(directory)
    assert not history.record("d1", "A", "a.txt", [BIDEN])
    assert history.articles() == []
    assert len(warnings) == 1 and "symbolic link" in warnings[0]
    assert target.read_bytes() == b""
    assert history.unusable is not None


def test_a_database_others_can_write_to_is_refused(tmp_path):
    directory = tmp_path / "reader"
    history, _ = _open(directory)
    history.record("d1", "A", "a.txt", [BIDEN])
    history.close()
    os.chmod(directory / FILE_NAME, 0o620)
    again, warnings = _open(directory)
    assert again.articles() == []
    assert len(warnings) == 1 and "other users can write" in warnings[0]


def test_a_directory_others_can_write_to_is_refused(tmp_path):
    directory = tmp_path / "reader"
    directory.mkdir()
    os.chmod(directory, 0o777)
    history, warnings = _open(directory)
    assert not history.record("d1", "A", "a.txt", [BIDEN])
    assert len(warnings) == 1 and "data directory" in warnings[0]


def test_a_corrupt_database_is_moved_aside_once_and_history_goes_on(tmp_path):
    directory = tmp_path / "reader"
    directory.mkdir(mode=0o700)
    garbage = b"this is not a database, " * 400
    path = directory / FILE_NAME
    path.write_bytes(garbage)
    os.chmod(path, 0o600)
    history, warnings = _open(directory)
    assert history.articles() == []
    assert history.record("d1", "A", "a.txt", [BIDEN])
    assert [row.title for row in history.articles()] == ["A"]
    assert len(warnings) == 1 and "moved to history.db.corrupt-" in warnings[0]
    [aside] = directory.glob(f"{FILE_NAME}.corrupt-*")
    assert aside.read_bytes() == garbage


def _write_many(directory: str, prefix: str, count: int) -> None:
    history = History(Path(directory))
    for number in range(count):
        entities = [EntityRow(f"Person {number}", "PERSON", 1, 0), BIDEN]
        assert history.record(f"{prefix}{number}", f"{prefix} {number}", "x.txt", entities)
        assert history.set_titles(f"{prefix}{number}", [("Joe Biden", "PERSON", "Joe Biden")])
    history.close()


def _in_two_processes(
    target: Callable[[str, str, int], None], directory: Path, count: int
) -> list[int | None]:
    """Run ``target(directory, prefix, count)`` in two spawned processes at once (prefixes
    "a" and "b"); their exit codes."""
    context = multiprocessing.get_context("spawn")
    writers = [
        context.Process(target=target, args=(str(directory), prefix, count))
        for prefix in ("a", "b")
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)  # a hang guard, far above the expected second or two
    return [writer.exitcode for writer in writers]


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    directory = tmp_path / "reader"
    History(directory).articles()  # created once, so both start on the same schema
    assert _in_two_processes(_write_many, directory, 150) == [0, 0]
    history, warnings = _open(directory)
    assert len(history.articles(limit=1000)) == 300
    assert len(history.mentioning("Joe Biden", "PERSON", "Joe Biden", limit=1000)) == 300
    assert warnings == []


@pytest.mark.parametrize("when", ["fresh", "existing"])
def test_two_processes_creating_the_database_at_once_lose_nothing(tmp_path, when):
    directory = tmp_path / "reader"
    if when == "existing":
        History(directory).articles()
    assert _in_two_processes(_write_many, directory, 20) == [0, 0]
    assert len(History(directory).articles()) == 40


def test_names_sharing_a_page_in_one_article_count_together(tmp_path):
    history, _ = _open(tmp_path / "reader")
    rows = [
        EntityRow("Netanyahu", "PERSON", 3, 50, "Benjamin Netanyahu"),
        EntityRow("Benjamin Netanyahu", "PERSON", 2, 10, "Benjamin Netanyahu"),
    ]
    history.record("d1", "A", "a.txt", rows)
    [row] = history.mentioning("Netanyahu", "PERSON", "Benjamin Netanyahu")
    assert (row.mentions, row.first_start) == (5, 10)
    [row] = history.find("Benjamin Netanyahu")
    assert (row.mentions, row.first_start) == (5, 10)


def _read_many_as_an_app(directory: str, prefix: str, count: int) -> None:
    """What an app instance does for each article: a recorder, its entities, its pages."""
    for number in range(count):
        document, entities = _one_article(prefix, number)
        recorder = HistoryRecorder(document, lambda: History(Path(directory)))
        _read(recorder, entities)
        recorder.close()


def test_two_app_instances_recording_at_once_lose_nothing(tmp_path):
    directory = tmp_path / "reader"
    assert _in_two_processes(_read_many_as_an_app, directory, 60) == [0, 0]
    history, warnings = _open(directory)
    assert len(history.articles()) == 120
    # Every article's page arrived after it was recorded, and was written too.
    assert len(history.mentioning("x", "PERSON", "Joe Biden", limit=1000)) == 120
    assert warnings == []


def _new_empty_database(directory: Path) -> Path:
    """A database file as a first reader has just made it: empty, not yet WAL."""
    directory.mkdir(mode=0o700)
    path = directory / FILE_NAME
    sqlite3.connect(path).close()
    os.chmod(path, 0o600)
    return path


def test_a_new_database_waits_while_another_reader_switches_it_to_wal(tmp_path):
    # Switching a new database to WAL is a write that begins as a read: while another
    # reader (creating it at the same moment) holds the write lock, SQLite refuses it at
    # once, without the busy timeout, and the history used to be off for the run.
    directory = tmp_path / "reader"
    path = _new_empty_database(directory)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    history, warnings = _open(directory)
    kept: list[bool] = []
    writer = threading.Thread(target=lambda: kept.append(history.record("d1", "A", "a", [BIDEN])))
    writer.start()
    writer.join(0.5)  # it gave up at once before; now it waits for the lock
    assert writer.is_alive() and warnings == []
    other.execute("ROLLBACK")
    writer.join(60)  # a hang guard
    assert kept == [True] and warnings == []
    assert [row.title for row in history.articles()] == ["A"]


def _one_article(prefix: str, number: int) -> tuple[Document, list[Entity]]:
    """An article as the app sees it: Joe Biden (whose page is found) and one other."""
    text = f"{prefix} {number}: Joe Biden met Person {number}."
    document = Document(text, f"{prefix} {number}", f"/{prefix}/{number}.txt")
    start = text.index("Joe Biden")
    entities = [
        Entity(
            "biden",
            "Joe Biden",
            "PERSON",
            ("Joe Biden",),
            (Mention(start, start + 9, "Joe Biden"),),
        ),
        Entity("other", f"Person {number}", "PERSON", (), (Mention(0, 1, "x"),)),
    ]
    return document, entities


def _read(recorder: HistoryRecorder, entities: list[Entity]) -> None:
    """What the app tells the recorder about an article: its entities, then its pages."""
    recorder.article_ready(entities)
    recorder.background("biden", Background("found", title="Joe Biden"))
    recorder.background("other", Background("not_found"))


def test_close_waits_for_the_writes_another_reader_holds_up(tmp_path):
    # The app exits right after close(), and the writer thread with it: close must wait
    # for what is queued as long as its writes may wait for the lock (the busy timeout,
    # when opening, writing the article and its titles), not 3 s as it did.
    assert recorder_module.CLOSE_WAIT > 3 * BUSY_TIMEOUT_MS / 1000
    directory = tmp_path / "reader"
    History(directory).articles()
    other = sqlite3.connect(directory / FILE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another app instance writing
    warnings: list[str] = []
    document, entities = _one_article("a", 0)
    recorder = HistoryRecorder(document, lambda: History(directory, warnings.append))
    _read(recorder, entities)
    closing = threading.Thread(target=recorder.close)
    closing.start()
    other.execute("COMMIT")
    closing.join(60)  # a hang guard
    assert not closing.is_alive()
    history, _ = _open(directory)
    assert [row.title for row in history.mentioning("x", "PERSON", "Joe Biden")] == ["a 0"]
    assert warnings == []


def test_writes_still_held_up_when_close_gives_up_are_warned_about(tmp_path, monkeypatch):
    # Past the hang guard, close returns (the app can exit) and says, once, that the
    # last changes may be lost, instead of dropping them silently; the writer goes on.
    monkeypatch.setattr(recorder_module, "CLOSE_WAIT", 0.2)  # the hang guard, cut short
    directory = tmp_path / "reader"
    History(directory).articles()
    other = sqlite3.connect(directory / FILE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    warnings: list[str] = []
    document, entities = _one_article("a", 0)
    recorder = HistoryRecorder(document, lambda: History(directory, warnings.append))
    _read(recorder, entities)
    recorder.close()
    assert len(warnings) == 1 and "may not be saved" in warnings[0]
    other.execute("COMMIT")
    writer = recorder._thread
    assert writer is not None
    writer.join(60)  # a hang guard
    assert not writer.is_alive() and len(warnings) == 1
    history, _ = _open(directory)
    assert [row.title for row in history.mentioning("x", "PERSON", "Joe Biden")] == ["a 0"]

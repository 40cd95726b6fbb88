"""The history keeps the entities as the app shows them, regrouped, and knows (without
blocking) which ones other articles read mention."""

from __future__ import annotations

from pathlib import Path

from reader.history.recorder import HistoryRecorder
from reader.history.store import EntityRow, History
from reader.models import Background, Document, Entity, Mention

TEXT = "Isaac Hayden scored. Hayden ran. Isaac Hayden, Isaac Hayden and Isaac Hayden won."


def _mentions(name: str) -> tuple[Mention, ...]:
    found: list[Mention] = []
    start = TEXT.find(name)
    while start >= 0:
        found.append(Mention(start, start + len(name), name))
        start = TEXT.find(name, start + len(name))
    return tuple(found)


ISAAC = Entity("isaac", "Isaac Hayden", "PERSON", (), _mentions("Isaac Hayden"))
HAYDEN = Entity("hayden", "Hayden", "PERSON", (), (Mention(21, 27, "Hayden"),))
MERGED = Entity(
    "isaac",
    "Isaac Hayden",
    "PERSON",
    ("Hayden",),
    tuple(sorted((*ISAAC.mentions, *HAYDEN.mentions), key=lambda m: m.start)),
)
DOCUMENT = Document(TEXT, "Match report", "/articles/match.txt")


def test_regroup_replaces_the_entity_rows_and_keeps_the_article_and_titles(tmp_path):
    history = History(tmp_path / "reader")
    rows = [EntityRow("Isaac Hayden", "PERSON", 4, 0), EntityRow("Hayden", "PERSON", 1, 21)]
    history.record("d1", "A", "a.txt", rows, read_at=100.0)
    history.set_titles("d1", [("Isaac Hayden", "PERSON", "Isaac Hayden")])
    assert history.regroup("d1", [EntityRow("Isaac Hayden", "PERSON", 5, 0)])
    assert history.entities("d1") == [EntityRow("Isaac Hayden", "PERSON", 5, 0, "Isaac Hayden")]
    [article] = history.articles()
    assert (article.title, article.read_at, article.entities) == ("A", 100.0, 1)


def test_regroup_writes_nothing_for_an_article_not_kept(tmp_path):
    history = History(tmp_path / "reader")
    assert not history.regroup("unknown", [EntityRow("Hayden", "PERSON", 1, 0)])
    assert history.articles() == [] and history.entities("unknown") == []


def test_named_gives_the_names_and_titles_of_the_other_articles(tmp_path):
    history = History(tmp_path / "reader")
    history.record("d1", "A", "a.txt", [EntityRow("Hayden", "PERSON", 1, 0, "Isaac Hayden")])
    history.record("d2", "B", "b.txt", [EntityRow("Mercury", "LOC", 1, 0)])
    assert history.named(exclude="d2") == ({("Hayden", "PERSON")}, {"Isaac Hayden"})
    assert history.named() == (
        {("Hayden", "PERSON"), ("Mercury", "LOC")},
        {"Isaac Hayden"},
    )
    assert History(tmp_path / "none", create=False).named() == (set(), set())


def _history(directory: Path) -> History:
    return History(directory)


def test_the_recorder_keeps_the_entities_as_regrouped(tmp_path):
    directory = tmp_path / "reader"
    recorder = HistoryRecorder(DOCUMENT, lambda: _history(directory))
    recorder.regrouped([MERGED])  # before the article is known: nothing to replace
    recorder.article_ready([ISAAC, HAYDEN])
    recorder.background("isaac", Background("found", title="Isaac Hayden"))
    recorder.background("hayden", Background("found", title="Isaac Hayden"))
    recorder.regrouped([MERGED])  # the two names, on one page, now one entity
    recorder.regrouped([MERGED])  # the same again: nothing new to write
    recorder.close()
    history = History(directory)
    assert history.entities(_digest()) == [
        EntityRow("Isaac Hayden", "PERSON", 5, 0, "Isaac Hayden")
    ]
    [row] = history.find("Isaac Hayden")
    assert row.mentions == 5


def test_the_recorder_keeps_a_split_too(tmp_path):
    directory = tmp_path / "reader"
    recorder = HistoryRecorder(DOCUMENT, lambda: _history(directory))
    recorder.article_ready([MERGED])
    recorder.regrouped([ISAAC, HAYDEN])  # the reader split "Hayden" out (s)
    recorder.close()
    rows = History(directory).entities(_digest())
    assert [(row.name, row.mentions) for row in rows] == [("Isaac Hayden", 4), ("Hayden", 1)]


def test_the_recorder_says_without_blocking_what_other_articles_mention(tmp_path):
    directory = tmp_path / "reader"
    earlier = History(directory)
    earlier.record("other", "Earlier", "e.txt", [EntityRow("Hayden", "PERSON", 1, 0)])
    earlier.close()
    recorder = HistoryRecorder(DOCUMENT, lambda: _history(directory))
    assert recorder.mentioned_elsewhere(ISAAC) is None  # not read yet
    recorder.article_ready([ISAAC, HAYDEN])
    recorder.close()  # the thread has read what the others name
    assert recorder.mentioned_elsewhere(HAYDEN) is True
    assert recorder.mentioned_elsewhere(ISAAC) is False  # this article does not count
    recorder.background("isaac", Background("found", title="Isaac Hayden"))
    assert recorder.mentioned_elsewhere(ISAAC) is False  # by page once found: none has it


def test_without_a_history_nothing_is_mentioned_elsewhere(tmp_path):
    def broken() -> History:
        raise OSError("no disk")

    recorder = HistoryRecorder(DOCUMENT, broken)
    recorder.article_ready([ISAAC])
    recorder.close()
    assert recorder.mentioned_elsewhere(ISAAC) is False


def _digest() -> str:
    from reader.lookup.records import digest

    return digest(TEXT)

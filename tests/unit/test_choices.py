"""The reader's page choices: their two scopes, their file in the data directory (private,
never through a link, a corrupt one set aside with one warning, moved from the cache
directory where older versions kept it) and ``reader choices``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.cli import _background_cell, main
from reader.config import Settings
from reader.lookup import LookupService
from reader.lookup.cache import clear_cache
from reader.lookup.candidates import Candidate, join
from reader.lookup.certainty import sure_at
from reader.lookup.choices import EVERYWHERE, FILE_NAME
from reader.lookup.client import RetryPolicy
from reader.lookup.records import digest
from reader.models import Background, Entity
from tests.threats.cli import TerminalInput
from wikifixture import load_articles, make_entities

FAST = RetryPolicy(max_retries=1, backoff=0.01, request_deadline=2.0, call_deadline=5.0)
SAMPLE = next(article for article in load_articles() if article.get("sample"))
TEXT: str = SAMPLE["text"]
GAZA = next(entity for entity in make_entities(SAMPLE) if entity.name == "Gaza")
OTHER = "Another article about Gaza, and nothing else."


def _service(url: str, cache_dir: Path, warnings: list[str] | None = None, **kw) -> LookupService:
    """A lookup service with its cache and, unless ``data_dir`` is given, its records in
    ``cache_dir``."""
    warn = warnings.append if warnings is not None else None
    kw.setdefault("data_dir", cache_dir)
    settings = Settings(wiki_api=url, cache_dir=cache_dir, **kw)
    return LookupService(settings, policy=FAST, warn=warn)


def test_a_choice_is_for_this_article_unless_for_every_article(wiki_server, tmp_path):
    lookups = _service(wiki_server.url, tmp_path)
    lookups.lookup_many([GAZA], TEXT)
    lookups.lookup_many([GAZA], OTHER)
    chosen = lookups.choose(GAZA, "Gaza City", TEXT)
    assert chosen.chosen_by == "reader" and chosen.title == "Gaza City"
    lookups.close()
    again = _service(wiki_server.url, tmp_path, offline=True)  # a restart, offline
    assert again.lookup(GAZA, TEXT).title == "Gaza City"
    assert again.lookup(GAZA, TEXT).to_json()["chosen_by"] == "reader"
    assert "chosen_by" not in again.lookup(GAZA, OTHER).to_json()  # another article: its own
    online = _service(wiki_server.url, tmp_path)
    assert online.choose(GAZA, "Gaza Strip", OTHER, everywhere=True).chosen_by == "reader"
    third = _service(wiki_server.url, tmp_path, offline=True)
    assert third.lookup(GAZA, "A third article on Gaza.").title == "Gaza Strip"
    assert third.lookup(GAZA, TEXT).title == "Gaza City"  # this article's choice comes first
    scopes = {choice["scope"]: choice["title"] for choice in third.choices.all()}
    assert scopes == {digest(TEXT): "Gaza City", EVERYWHERE: "Gaza Strip"}


def test_cache_clear_keeps_the_choices_and_choices_clear_forgets_them(
    wiki_server, tmp_path, capsys
):
    lookups = _service(wiki_server.url, tmp_path)
    lookups.lookup_many([GAZA], TEXT)
    lookups.choose(GAZA, "Gaza City", TEXT)
    lookups.close()
    assert clear_cache(Settings(wiki_api=wiki_server.url, cache_dir=tmp_path))
    assert _service(wiki_server.url, tmp_path, offline=True).lookup(GAZA, TEXT).title == "Gaza City"
    common = ["--cache-dir", str(tmp_path), "--wiki-api", wiki_server.url]
    assert main(["choices", "list", "--json", *common]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["name"], c["label"], c["title"], c["scope"]) for c in listed["choices"]] == [
        ("gaza", "GPE", "Gaza City", digest(TEXT))
    ]
    assert main(["choices", "list", *common]) == 0
    assert capsys.readouterr().out.split("\t")[:3] == ["gaza", "GPE", "Gaza City"]
    assert main(["choices", "clear", *common]) == 0
    assert "Forgot 1 page choice" in capsys.readouterr().out
    assert main(["choices", "list", *common]) == 0
    assert "No page choices yet" in capsys.readouterr().out
    later = _service(wiki_server.url, tmp_path, offline=True).lookup(GAZA, TEXT)
    assert later.status == "offline" and later.chosen_by is None  # the cache was cleared too


def _listed(common: list[str], capsys) -> list[str]:
    """The titles ``reader choices list --json`` lists."""
    assert main(["choices", "list", "--json", *common]) == 0
    return [choice["title"] for choice in json.loads(capsys.readouterr().out)["choices"]]


def test_choices_clear_asks_first_on_a_terminal(wiki_server, tmp_path, capsys, monkeypatch):
    lookups = _service(wiki_server.url, tmp_path)
    lookups.choose(GAZA, "Gaza City", TEXT)
    lookups.close()
    common = ["--cache-dir", str(tmp_path), "--wiki-api", wiki_server.url]
    monkeypatch.setattr("sys.stdin", TerminalInput("n\n"))
    assert main(["choices", "clear", *common]) == 0
    out = capsys.readouterr().out
    assert out == "Forget 1 page choice and 0 corrections? [y/N] Nothing forgotten.\n"
    assert _listed(common, capsys) == ["Gaza City"]  # kept
    monkeypatch.setattr("sys.stdin", TerminalInput(""))  # end of input: no
    assert main(["choices", "clear", *common]) == 0
    assert capsys.readouterr().out.endswith("Nothing forgotten.\n")
    monkeypatch.setattr("sys.stdin", TerminalInput("y\n"))
    assert main(["choices", "clear", *common]) == 0
    assert "Forgot 1 page choice" in capsys.readouterr().out
    assert _listed(common, capsys) == []
    assert main(["choices", "list", "--json", *common]) == 0
    data_dir = Path(json.loads(capsys.readouterr().out)["path"]).parent
    lookups = _service(wiki_server.url, tmp_path, data_dir=data_dir)
    lookups.choose(GAZA, "Gaza City", TEXT)
    lookups.close()
    monkeypatch.setattr("sys.stdin", TerminalInput(""))
    assert main(["choices", "clear", "--yes", *common]) == 0  # not asked
    assert capsys.readouterr().out.startswith("Forgot 1 page choice")


def test_the_file_is_private_in_a_private_directory(wiki_server, tmp_path):
    cache_dir = tmp_path / "cache"
    lookups = _service(wiki_server.url, cache_dir)
    lookups.choose(GAZA, "Gaza City", TEXT)
    assert (cache_dir / FILE_NAME).stat().st_mode & 0o777 == 0o600
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in cache_dir.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_a_linked_file_is_refused_and_left_alone(wiki_server, tmp_path):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text('{"v": 1, "choices": []}')
    (cache_dir / FILE_NAME).symlink_to(elsewhere)
    warnings: list[str] = []
    lookups = _service(wiki_server.url, cache_dir, warnings)
    chosen = lookups.choose(GAZA, "Gaza City", TEXT)
    assert chosen.title == "Gaza City"  # for this run
    assert elsewhere.read_text() == '{"v": 1, "choices": []}'
    assert (cache_dir / FILE_NAME).is_symlink()
    assert len(warnings) == 1 and "symbolic link" in warnings[0]


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"v": 1, "choices": [{"name": "gaza"}]}',
        b'{"v": 1, "choices": "all"}',
        b"[]",
        b'{"v": 99, "choices": []}',
        b"\xff\xfe",
    ],
)
def test_a_corrupt_file_is_set_aside_with_one_warning(wiki_server, tmp_path, content):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    (cache_dir / FILE_NAME).write_bytes(content)
    warnings: list[str] = []
    lookups = _service(wiki_server.url, cache_dir, warnings)
    assert lookups.lookup(GAZA, TEXT).chosen_by is None
    assert len(warnings) == 1 and "choices file unreadable" in warnings[0]
    assert (cache_dir / (FILE_NAME + ".corrupt")).read_bytes() == content
    lookups.choose(GAZA, "Gaza City", TEXT)  # a new file, usable again
    fresh = _service(wiki_server.url, cache_dir, offline=True)
    assert fresh.lookup(GAZA, TEXT).title == "Gaza City"
    assert len(warnings) == 1


def test_an_unusable_directory_is_warned_about_once(wiki_server, tmp_path):
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(target)
    warnings: list[str] = []
    lookups = _service(wiki_server.url, tmp_path / "cache", warnings, data_dir=link)
    assert lookups.choose(GAZA, "Gaza City", TEXT).title == "Gaza City"
    assert len(warnings) == 1
    assert list(target.iterdir()) == []
    assert os.path.islink(link)


def test_none_of_these_is_a_choice_of_no_article(wiki_server, tmp_path, capsys):
    lookups = _service(wiki_server.url, tmp_path)
    lookups.lookup_many([GAZA], TEXT)
    elsewhere = lookups.lookup(GAZA, OTHER)
    chosen = lookups.choose(GAZA, None, TEXT)
    assert (chosen.status, chosen.title, chosen.chosen_by) == ("not_found", None, "reader")
    lookups.close()
    again = _service(wiki_server.url, tmp_path, offline=True)  # a restart, offline
    shown = again.lookup(GAZA, TEXT).to_json()
    assert shown["status"] == "not_found" and shown["chosen_by"] == "reader"
    assert "title" not in shown
    assert again.lookup(GAZA, OTHER).title == elsewhere.title  # another article: its own
    # the table of ``reader entities --lookup``: not "not found", which reads as a miss
    assert _background_cell(again.lookup(GAZA, TEXT)) == "no article (your choice)"
    assert "your choice" not in _background_cell(again.lookup(GAZA, OTHER))
    sure = Background("found", title="Gaza City", confidence=0.99)
    likely = Background("found", title="Gaza City", confidence=sure_at() - 0.01)
    assert _background_cell(sure) == "Gaza City"
    assert _background_cell(likely) == "Gaza City (likely)"  # as the panel says
    common = ["--cache-dir", str(tmp_path), "--wiki-api", wiki_server.url]
    assert main(["choices", "list", *common]) == 0
    assert capsys.readouterr().out.split("\t")[:3] == ["gaza", "GPE", "(no article)"]


def test_automatic_forgets_the_choice_in_its_scope(wiki_server, tmp_path):
    lookups = _service(wiki_server.url, tmp_path)
    resolved = lookups.lookup(GAZA, TEXT)
    lookups.choose(GAZA, "Gaza City", TEXT)
    lookups.choose(GAZA, "Gaza City", OTHER, everywhere=True)
    requests = wiki_server.request_count
    back = lookups.unchoose(GAZA, TEXT)  # this article's: the choice for every article rules
    assert (back.title, back.chosen_by) == ("Gaza City", "reader")
    assert [c["scope"] for c in lookups.choices.all()] == [EVERYWHERE]
    back = lookups.unchoose(GAZA, TEXT, everywhere=True)
    assert back.title == resolved.title and back.chosen_by is None
    assert lookups.choices.all() == []
    assert wiki_server.request_count == requests  # the resolver's answer was kept


def test_a_choice_for_every_article_replaces_this_articles_own(wiki_server, tmp_path):
    lookups = _service(wiki_server.url, tmp_path)
    lookups.lookup(GAZA, TEXT)
    lookups.choose(GAZA, "Gaza City", TEXT)
    lookups.choose(GAZA, None, TEXT, everywhere=True)
    assert [(c["scope"], c["title"]) for c in lookups.choices.all()] == [(EVERYWHERE, None)]
    assert lookups.lookup(GAZA, TEXT).status == "not_found"


def test_the_choosers_search_brings_intros_keeps_answers_and_never_raises(wiki_server, tmp_path):
    lookups = _service(wiki_server.url, tmp_path)
    answer = lookups.search("  Washington  ")
    assert answer.query == "Washington" and answer.problem is None
    titles = [candidate.title for candidate in answer.candidates]
    assert "Washington, D.C." in titles and "Washington" not in titles  # no disambiguation
    assert all(c.origin == "search" and c.summary for c in answer.candidates)
    assert len(wiki_server.requests) == 1
    assert lookups.search("washington").candidates == answer.candidates  # kept: no request
    assert lookups.search("Gaza", superseded=lambda: True).problem == "superseded"
    assert len(wiki_server.requests) == 1
    wiki_server.faults.status = 503
    failed = lookups.search("Hamas")
    assert failed.problem is not None and failed.problem.startswith("Search failed: ")
    offline = _service(wiki_server.url, tmp_path, offline=True).search("Hamas")
    assert offline.offline and offline.candidates == ()


def test_the_chooser_is_offered_the_resolvers_pages_and_the_choice(wiki_server, tmp_path):
    washington = Entity("washington", "Washington", "GPE", ("Washington",), ())
    text = "Washington reacted to the news on Monday."
    lookups = _service(wiki_server.url, tmp_path)
    resolved = lookups.lookup(washington, text)
    assert resolved.status == "ambiguous" and len(resolved.candidates) >= 2
    offered = lookups.candidates(washington, text)
    assert [c.title for c in offered] == list(resolved.candidates)  # ranked as resolved
    assert [c.score for c in offered] == list(resolved.scores)
    assert all(c.description and c.summary for c in offered)
    found = lookups.search("Washington")
    other = next(c for c in found.candidates if c.title not in resolved.candidates)
    requests = wiki_server.request_count
    chosen = lookups.choose(washington, other.title, text, page=other)
    assert chosen.title == other.title and chosen.summary == other.summary
    assert wiki_server.request_count == requests  # the search brought the page: no request
    offered = lookups.candidates(washington, text)
    assert offered[0].title == other.title and offered[0].origin == "choice"
    assert [c.title for c in offered[1:]] == list(resolved.candidates)
    assert len({c.title for c in offered}) == len(offered)


def test_search_results_join_the_known_pages_one_per_title():
    known = [Candidate("Apple", score=0.6), Candidate("Apple Inc.", score=0.4)]
    found = [
        Candidate("Apple Inc.", "Technology company", "Apple Inc. is…", origin="search"),
        Candidate("Apple Records", "Record label", "Apple Records is…", origin="search"),
    ]
    joined = join(known, found)
    assert [c.title for c in joined] == ["Apple", "Apple Inc.", "Apple Records"]
    assert joined[1].description == "Technology company" and joined[1].score == 0.4
    assert joined[1].origin == "resolver"


def test_choices_and_corrections_kept_beside_the_cache_move_to_the_data_directory(
    wiki_server, tmp_path, capsys
):
    """Older versions kept them in the cache directory, where clearing ~/.cache lost them:
    the next command moves them (a link there is left alone), once."""
    cache_dir, data_dir = tmp_path / "cache", Path(os.environ["XDG_DATA_HOME"]) / "reader"
    _service(wiki_server.url, cache_dir).choose(GAZA, "Gaza City", TEXT)
    (cache_dir / "corrections.json").write_text('{"v": 1, "corrections": []}')
    common = ["--cache-dir", str(cache_dir), "--wiki-api", wiki_server.url]
    assert main(["choices", "list", "--json", *common]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["title"] for c in listed["choices"]] == ["Gaza City"]
    assert listed["path"] == str(data_dir / FILE_NAME)
    assert sorted(p.name for p in data_dir.iterdir()) == ["choices.json", "corrections.json"]
    assert (data_dir / FILE_NAME).stat().st_mode & 0o777 == 0o600
    assert not (cache_dir / FILE_NAME).exists() and not (cache_dir / "corrections.json").exists()
    _service(wiki_server.url, cache_dir).choose(GAZA, "Gaza Strip", TEXT)  # an old reader again
    assert main(["choices", "list", "--json", *common]) == 0  # the data directory's stays
    assert [c["title"] for c in json.loads(capsys.readouterr().out)["choices"]] == ["Gaza City"]
    assert (cache_dir / FILE_NAME).exists()
    settings = Settings(wiki_api=wiki_server.url, cache_dir=cache_dir)
    assert LookupService(settings).lookup(GAZA, TEXT).title == "Gaza City"
    (data_dir / "corrections.json").unlink()
    (cache_dir / "corrections.json").symlink_to(tmp_path / "elsewhere.json")
    assert main(["choices", "list", *common]) == 0
    assert (cache_dir / "corrections.json").is_symlink()
    assert not (data_dir / "corrections.json").exists()


def test_choices_list_names_an_article_read_by_its_title(wiki_server, tmp_path, capsys):
    """An article's choices are listed under its title when the reading history has it,
    else under the start of its fingerprint."""
    from reader.history.store import History
    from reader.paths import default_data_dir

    lookups = _service(wiki_server.url, tmp_path, data_dir=default_data_dir())
    lookups.choose(GAZA, "Gaza City", TEXT)
    lookups.choose(GAZA, "Gaza Strip", OTHER)
    history = History(default_data_dir())
    history.record(digest(TEXT), "Israel weighs a truce", "truce.txt", [])
    history.close()
    assert main(["choices", "list", "--cache-dir", str(tmp_path)]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert sorted(row[2:] for row in rows) == [
        ["Gaza City", "in “Israel weighs a truce”"],
        ["Gaza Strip", f"article {digest(OTHER)[:12]}"],
    ]


@pytest.mark.parametrize(
    "case", ["not reader's", "not JSON", "too large", "another version", "open to others"]
)
def test_only_a_records_file_of_readers_own_is_moved(tmp_path, case):
    """``--cache-dir`` may name any directory: a file there that reader did not write (or
    that others could have) stays where it is, unread beyond its check, and nothing
    raises or warns."""
    from reader.lookup.record_file import MAX_FILE, move_records

    source, target = tmp_path / "cache", tmp_path / "data"
    source.mkdir(mode=0o700)
    content = {
        "not reader's": '{"v": 1, "notes": []}',
        "not JSON": "choices, as a list",
        "too large": " " * (MAX_FILE + 1),
        "another version": '{"v": 2, "choices": []}',
        "open to others": '{"v": 1, "choices": []}',
    }[case]
    (source / FILE_NAME).write_text(content)
    if case == "open to others":
        source.chmod(0o777)
        (source / FILE_NAME).chmod(0o666)
    warnings: list[str] = []
    move_records(source, target, {FILE_NAME: "choices"}, warnings.append)
    assert (source / FILE_NAME).read_text() == content and not (target / FILE_NAME).exists()
    assert warnings == []


def test_a_records_file_the_data_directory_has_already_is_not_replaced(tmp_path):
    from reader.lookup.record_file import move_records

    source, target = tmp_path / "cache", tmp_path / "data"
    for directory, title in ((source, "old"), (target, "new")):
        directory.mkdir(mode=0o700)
        (directory / FILE_NAME).write_text(json.dumps({"v": 1, "choices": [], "t": title}))
    move_records(source, target, {FILE_NAME: "choices"}, pytest.fail)
    assert json.loads((target / FILE_NAME).read_text())["t"] == "new"
    assert (source / FILE_NAME).exists()

"""Small things a new user hit (issue 11 item 9): --version, an empty path, --encoding."""

from __future__ import annotations

import argparse
import json

import pytest

from reader import cli
from reader.models import Background


def test_version_goes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    out, err = capsys.readouterr()
    assert out.startswith("reader ") and err == ""


@pytest.mark.parametrize("argv", [["entities", ""], ["entities", "  "], ["prefetch", ""], [""]])
def test_an_empty_path_is_named_as_such(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "the path is empty" in err
    assert err.count("\n") == 1


def test_an_encoding_that_gives_mostly_replacement_characters_warns(tmp_path) -> None:
    path = tmp_path / "cyrillic.txt"
    path.write_bytes("Привет, как дела? Всё хорошо.\n".encode("cp1251") * 20)
    args = argparse.Namespace(source=str(path), encoding="utf-8")
    warnings: list[str] = []
    document = cli._load(args, warn=warnings.append)
    assert "\ufffd" in document.text
    assert len(warnings) == 1 and "--encoding utf-8" in warnings[0]
    args = argparse.Namespace(source=str(path), encoding="cp1251")
    cli._load(args, warn=warnings.append)
    assert len(warnings) == 1  # the right encoding: no warning


def test_entities_without_a_source_reads_the_sample_article(
    capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``reader`` and ``reader prefetch`` do, and as ``--help`` says."""
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path))
    assert cli.main(["entities", "--json"]) == 0
    out, err = capsys.readouterr()
    payload = json.loads(out)
    assert payload["source"].endswith("israel-egypt-truce-talks.txt") and err == ""
    assert any(entity["name"] == "Shin Bet" for entity in payload["entities"])


def test_failed_lookups_are_said_once_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """The table and the JSON say only ``error`` per entity; stderr says why, once."""
    failed = Background("error", error="could not connect to Wikipedia")
    cli._warn_failed_lookups({"a": failed, "b": failed, "c": Background("found", title="C")})
    err = capsys.readouterr().err
    assert err == "reader: warning: 2 of 3 lookups failed: could not connect to Wikipedia\n"
    cli._warn_failed_lookups({"c": Background("found", title="C")})
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("argv", "command"),
    [(["histroy"], "history"), (["entites", "a.txt"], "entities"), (["Cache", "info"], "cache")],
)
def test_a_mistyped_command_is_named(
    argv: list[str], command: str, capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch
) -> None:
    """Not "histroy: no such file" or "unrecognized arguments: a.txt"."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err == f"reader: {argv[0]}: no such file or command (did you mean 'reader {command}'?)\n"


def test_a_file_spelt_like_a_command_is_still_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch
) -> None:
    """An existing path is opened as ever: here an empty one, with its own message; and
    a name like no command keeps the plain "no such file"."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "histroy").write_text("")
    assert cli.main(["histroy"]) == 2
    assert capsys.readouterr().err == "reader: histroy is empty\n"
    assert cli.main(["article.txt"]) == 2
    assert capsys.readouterr().err == "reader: article.txt: no such file\n"


@pytest.mark.parametrize(
    ("argv", "moved"),
    [
        (["--offline", "entities", "a.txt"], ["entities", "--offline", "a.txt"]),
        (["--cache-dir", "/x", "cache", "info"], ["cache", "--cache-dir", "/x", "info"]),
        (
            ["--cache-dir=/x", "--no-history", "history"],
            ["history", "--cache-dir=/x", "--no-history"],
        ),
        (["--offline", "a.txt"], ["--offline", "a.txt"]),  # the app: nothing to move
        (["--cache-dir", "entities"], ["--cache-dir", "entities"]),  # "entities" is its value
        (["entities", "--offline"], ["entities", "--offline"]),
    ],
)
def test_settings_may_come_before_the_command(argv: list[str], moved: list[str]) -> None:
    # "reader --offline entities a.txt" said "unrecognized arguments: a.txt".
    assert cli._command_first(argv, cli.build_parsers()[0]) == moved


def test_a_command_after_settings_runs(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--cache-dir", str(tmp_path / "c"), "cache", "info"]) == 0
    assert str(tmp_path / "c") in capsys.readouterr().out


def test_failed_lookups_are_counted_among_the_names_looked_up(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    # With --all-types, dates and numbers (never looked up) were counted as lookups.
    article = tmp_path / "a.txt"
    article.write_text("SpaceX said on Monday, 5 May 2024, that 3 launches were planned.\n")
    dead = ["--wiki-api", "http://127.0.0.1:9/w/api.php", "--cache-dir", str(tmp_path / "c")]
    assert cli.main(["entities", str(article), "--lookup", "--all-types", "--json", *dead]) == 0
    out, err = capsys.readouterr()
    assert "1 of 1 lookup failed" in err
    statuses = {e["label"]: e["background"]["status"] for e in json.loads(out)["entities"]}
    assert statuses["DATE"] == statuses["CARDINAL"] == "not_found"


def test_cache_info_as_json(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    """As ``choices list`` and ``history`` do; ``clear`` prints no JSON and says so."""
    assert cli.main(["cache", "info", "--json", "--cache-dir", str(tmp_path)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info == {"path": str(tmp_path), "entries": 0, "size_bytes": 0}
    assert cli.main(["cache", "clear", "--json", "--cache-dir", str(tmp_path)]) == 2
    assert "takes no --json" in capsys.readouterr().err

"""Small things a new user hit (issue 11 item 9): --version, an empty path, --encoding."""

from __future__ import annotations

import argparse

import pytest

from reader import cli


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

"""The README's key table is the bindings' own (issue 11): the two cannot drift."""

from __future__ import annotations

from pathlib import Path

from reader.ui.keys import every_binding, key_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_key_table_is_generated_from_the_bindings() -> None:
    table = key_table(every_binding())
    assert table in README.read_text(encoding="utf-8"), (
        "README.md's key table differs from the bindings; paste in the output of "
        "'python -m reader.ui.keys'"
    )


def test_contract_keys_are_bound() -> None:
    keys = {key.strip() for binding in every_binding() for key in binding.key.split(",")}
    assert {"tab", "shift+tab", "enter", "escape", "question_mark", "q"} <= keys

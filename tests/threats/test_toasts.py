"""Every toast the app shows is plain text: a message that quotes an article, a page or a
key ("[ and ] move between chapters") must never be read as Textual markup."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "reader" / "ui"


def _notify_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "notify"
            ):
                calls.append((f"{path.name}:{node.lineno}", node))
    return calls


def _plain(call: ast.Call) -> bool:
    return any(
        keyword.arg == "markup"
        and isinstance(keyword.value, ast.Constant)
        and keyword.value.value is False
        for keyword in call.keywords
    )


def test_every_toast_is_shown_without_markup() -> None:
    """Each ``.notify(...)`` call in reader/ui passes ``markup=False`` (a call handed to
    ``call_from_thread`` is not seen here; those pass it too)."""
    calls = _notify_calls()
    assert calls  # the scan finds the app's toasts
    assert [where for where, call in calls if not _plain(call)] == []

"""The core never imports Textual; nothing imports spaCy until NER runs; startup stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "reader"
CORE_MODULES = [
    "reader.models",
    "reader.config",
    "reader.paths",
    "reader.sanitize",
    "reader.documents",
    "reader.nlp.mentions",
    "reader.nlp.pipeline",
    "reader.nlp.stream",
    "reader.lookup.coordinator",
    "reader.lookup.service",
    "reader.cli",
]


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(PACKAGE.rglob("*.py")) if "ui" not in p.relative_to(PACKAGE).parts],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_only_the_ui_imports_textual(path: Path) -> None:
    assert "textual" not in _imported_roots(path)


def test_importing_the_core_loads_neither_textual_nor_spacy() -> None:
    code = (
        f"import sys\nfor name in {CORE_MODULES!r}:\n    __import__(name)\n"
        "print(sorted(m for m in ('textual', 'spacy', 'wikipediaapi', 'httpx', 'trafilatura')"
        " if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    # The lookup service needs wikipedia-api (and httpx) by design; the rest waits.
    assert loaded == "['httpx', 'wikipediaapi']"


def test_help_answers_without_textual_or_spacy() -> None:
    code = (
        "import sys\nfrom reader.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('MODULES', 'textual' in sys.modules, 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "usage: reader" in out
    assert "MODULES False False" in out


def test_the_lookup_coordinator_loads_no_http_stack() -> None:
    """The main screen makes one before its first frame; the service comes later, in a thread."""
    code = (
        "import sys\nimport reader.lookup.coordinator\n"
        "print(sorted(m for m in ('httpx', 'wikipediaapi', 'diskcache', 'reader.lookup.service')"
        " if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"

"""Nothing imports spaCy until NER runs, and startup stays light.

That the core never imports Textual, and the layers of the package, are import-linter
contracts in ``pyproject.toml`` (``lint-imports``, run by CI beside the tests).
"""

from __future__ import annotations

import subprocess
import sys

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


def test_help_answers_without_textual_spacy_or_rich() -> None:
    code = (
        "import sys\nfrom reader.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('MODULES', *(name in sys.modules for name in ('textual', 'spacy', 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "usage: reader" in out
    assert "MODULES False False False" in out


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

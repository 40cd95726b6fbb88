"""``import spacy`` without spaCy's command line, for the NER worker process.

spaCy's package imports its whole command line (typer, requests, jinja2, weasel) only
to offer ``spacy.info``: about 150 ms, a quarter of ``import spacy`` on the machines we
measure. Upstream made that import lazy (explosion/spaCy#12962), reverted it, and has it
proposed again (#13721). Until a release does, the worker, which never uses the command
line, puts a placeholder package in its place before importing spaCy.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types


def _unavailable(*args: object, **kwargs: object) -> None:
    raise RuntimeError("spaCy's command line is not loaded in reader's NER worker")


def skip_spacy_cli() -> bool:
    """Make the next ``import spacy`` skip ``spacy.cli``; whether it will.

    Only before spaCy is imported. ``spacy.cli`` stays a package on spaCy's own path, so
    any of its modules can still be imported by name; only ``spacy.info`` is a stub.
    """
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return False
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return False
    cli = types.ModuleType("spacy.cli", "Placeholder for spaCy's command line (see reader).")
    cli.__path__ = [os.path.join(spec.submodule_search_locations[0], "cli")]
    info = types.ModuleType("spacy.cli.info")
    info.info = _unavailable  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"] = cli
    sys.modules["spacy.cli.info"] = info
    return True

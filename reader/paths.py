"""Where reader keeps its files (platformdirs); nothing is created at import time."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_path

APP_NAME = "reader"
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
"""Sample articles bundled inside the package (a copy of the repository's ``assets/``)."""


def default_cache_dir() -> Path:
    """The platform's user cache directory for reader (not created here)."""
    return user_cache_path(APP_NAME, appauthor=False) / "wikipedia"


def sample_article() -> Path:
    """The bundled default article."""
    return ASSETS_DIR / "israel-egypt-truce-talks.txt"

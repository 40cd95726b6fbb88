"""Where reader keeps its files (platformdirs); nothing is created at import time."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_path, user_data_path

APP_NAME = "reader"
_PACKAGE_DIR = Path(__file__).resolve().parent
SAMPLE_NAME = "israel-egypt-truce-talks.txt"


def default_cache_dir() -> Path:
    """The platform's user cache directory for reader (not created here)."""
    return user_cache_path(APP_NAME, appauthor=False) / "wikipedia"


def default_data_dir() -> Path:
    """The platform's user data directory for reader, where the reading history lives
    (``$XDG_DATA_HOME/reader`` on Linux; not created here)."""
    return user_data_path(APP_NAME, appauthor=False)


def sample_article() -> Path:
    """The bundled default article.

    A wheel carries ``assets/`` inside the package (see ``force-include`` in
    pyproject.toml); a source checkout or editable install has it beside the package.
    """
    for assets in (_PACKAGE_DIR / "assets", _PACKAGE_DIR.parent / "assets"):
        if (assets / SAMPLE_NAME).is_file():
            return assets / SAMPLE_NAME
    return _PACKAGE_DIR.parent / "assets" / SAMPLE_NAME

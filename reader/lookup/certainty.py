"""How sure a background's page is, in the three words the panel uses.

Light on purpose (no HTTP stack): the panel imports it. The link model
(:mod:`reader.lookup.confidence`) gives each page a confidence; a page below its
``found_at`` is already offered as ambiguous. Above it, a page is shown as **sure**
from the model's ``sure_at``, and as **likely** (with its runner-up named) in the band
between. ``bench/fit_links.py`` fits ``sure_at`` on news-fair-v2-dev's held-out
predictions: the lowest confidence from which the pages shown as sure are at most 5%
wrong (see ``data/link_model.json``'s "about" for the figures).
"""

from __future__ import annotations

from typing import Literal

from reader.lookup.confidence import link_model
from reader.models import Background

Certainty = Literal["sure", "likely", "ambiguous"]
"""How the panel presents a background: a sure page, a likely one (with its runner-up),
or an ambiguous name (with the ranked candidates)."""


def sure_at() -> float:
    """The confidence from which a found page is shown as sure (never below ``found_at``)."""
    model = link_model()
    return max(model.sure_at, model.found_at)


def certainty(background: Background | None) -> Certainty | None:
    """How sure ``background``'s page is: ``sure``, ``likely`` or ``ambiguous``; ``None``
    for a state with no page to be sure of (not found, offline, error, nothing yet).

    The reader's own choice is sure, and so is a page without a confidence (stored before
    reader had the model): nothing says otherwise.
    """
    if background is None:
        return None
    if background.status == "ambiguous":
        return "ambiguous"
    if background.status != "found":
        return None
    if background.chosen_by == "reader" or background.confidence is None:
        return "sure"
    return "sure" if background.confidence >= sure_at() else "likely"


def uncertain(background: Background | None) -> bool:
    """Whether the text and the outline mark the entity quietly: its page is only likely,
    or the name is ambiguous."""
    return certainty(background) in ("likely", "ambiguous")

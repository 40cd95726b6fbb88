"""How sure a background's page is, in the three words the panel uses.

Light on purpose (no HTTP stack): the panel imports it. The link model
(:mod:`reader.lookup.confidence`) gives each page a confidence; a page below its
``found_at`` is already offered as ambiguous. Above it, a page is shown as **sure**
from :data:`SURE_AT`, and as **likely** (with its runner-up named) in the band between.

:data:`SURE_AT` comes from ``bench/fit_links.py``'s held-out trade-off on news-fair-v2-dev
(2026-12-02, model ``found_at`` 0.0, so every page the resolver finds is shown): pages at
0.909 or more were 162 right and 10 wrong (5.8% wrong); the band below held 75 right and
13 wrong (15%): a third of the pages shown, and more than half of the wrong ones. A cut at
0.942 would catch 18 of the 23 wrong pages but mark half the pages (116 of them right);
one at 0.822, only 5. Rounded down to 0.90: a page at 0.90-0.909 counts as sure.
"""

from __future__ import annotations

from typing import Literal

from reader.lookup.confidence import link_model
from reader.models import Background

SURE_AT = 0.90
"""The confidence from which a found page is shown as sure; below it, as likely."""

Certainty = Literal["sure", "likely", "ambiguous"]
"""How the panel presents a background: a sure page, a likely one (with its runner-up),
or an ambiguous name (with the ranked candidates)."""


def sure_at() -> float:
    """:data:`SURE_AT`, never below the fitted model's ``found_at``."""
    return max(SURE_AT, link_model().found_at)


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

"""Correcting the model's PERSON label on names that are plainly organisations.

The small model calls some organisations people (``'Shin Bet' chief Ronen Bar``). The
label matters for grouping (only people join by surname) and for the background lookup,
so a name the model calls a person becomes an organisation on general evidence:

- it is an acronym in capitals ("NERC");
- one of its words names a kind of body ("Agency", "Council", "Ministry");
- somewhere it is directly followed by a word that follows bodies, never people
  ("chief", "agency", "agents", "headquarters").
"""

from __future__ import annotations

import re

Span = tuple[int, int, str]

ORGANISATION_WORDS = frozenset(
    {"Agency", "Council", "Ministry", "Department", "Committee", "Association", "Party",
     "Bank", "University", "Institute", "Foundation", "Authority", "Commission", "Court",
     "Bureau", "Service", "Office", "League", "Union", "Corporation", "Company", "Group",
     "Inc", "Inc.", "Corp", "Corp.", "Ltd", "Ltd.", "LLC", "plc", "Club", "Society", "Board",
     "Army", "Police", "Brigade", "Brigades", "Front", "Movement"}
)  # fmt: skip
"""Words that make a name a body, not a person."""
_ORGANISATION_FOLLOWER = re.compile(
    r"['’\"”]?[ \t]+(?:chief|chiefs|agency|agents|operatives|headquarters)\b(?![ \t]+of\b)"
)
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def relabel_organisations(text: str, spans: list[Span]) -> list[Span]:
    """Label as ORG every PERSON span whose text shows it names an organisation.

    Args:
        text: The document text.
        spans: Sorted ``(start, end, label)`` spans.

    Returns:
        The spans, with PERSON changed to ORG where the evidence says so.
    """
    verdicts: dict[str, bool] = {}
    for start, end, label in spans:
        if label != "PERSON":
            continue
        surface = text[start:end]
        if surface not in verdicts:
            verdicts[surface] = bool(_ACRONYM.match(surface)) or any(
                word in ORGANISATION_WORDS for word in surface.split()
            )
        if not verdicts[surface] and _ORGANISATION_FOLLOWER.match(text, end):
            verdicts[surface] = True
    organisations = {surface for surface, verdict in verdicts.items() if verdict}
    if not organisations:
        return spans
    return [
        (start, end, "ORG")
        if label == "PERSON" and text[start:end] in organisations
        else (start, end, label)
        for start, end, label in spans
    ]

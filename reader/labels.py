"""Human names for spaCy's entity types, in the order the reader shows them."""

from __future__ import annotations

LABEL_NAMES: dict[str, str] = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "GPE": "Place",
    "LOC": "Location",
    "NORP": "Group",
    "FAC": "Facility",
    "EVENT": "Event",
    "PRODUCT": "Product",
    "WORK_OF_ART": "Work",
    "LAW": "Law",
    "LANGUAGE": "Language",
    "DATE": "Date",
    "TIME": "Time",
    "MONEY": "Money",
    "PERCENT": "Percent",
    "QUANTITY": "Quantity",
    "ORDINAL": "Ordinal",
    "CARDINAL": "Number",
}
"""Display name per label; the order is the order of the outline and the legend."""


def label_name(label: str) -> str:
    """The display name of ``label`` (the label itself, title-cased, if unknown)."""
    return LABEL_NAMES.get(label, label.replace("_", " ").title())


def label_order(label: str) -> int:
    """Sort key that puts labels in :data:`LABEL_NAMES` order, unknown ones last."""
    try:
        return list(LABEL_NAMES).index(label)
    except ValueError:
        return len(LABEL_NAMES)

"""How sure a link is: a small logistic model over named features of the page chosen.

The resolver (:mod:`reader.lookup.resolve`) decides which page an entity gets; this
module says how likely that page is the right one. Its weights and the confidence a
page needs to be shown as found are fitted on annotated news by ``bench/fit_links.py``
(leave-one-article-out) and kept in ``data/link_model.json`` with their provenance.
A page below the threshold is offered as the best of the candidates (``ambiguous``)
instead of being shown as found.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model itself loads without the HTTP stack (reader.lookup.certainty)
    from reader.lookup.client import Page
    from reader.lookup.context import Context
    from reader.models import Entity

FEATURES = (
    "by_title",
    "redirected",
    "name_match",
    "label_fit",
    "shared",
    "margin",
    "rivals",
    "person",
    "one_word",
    "country",
    "coherence",
)
"""The features, in the order of the model's weights (after the bias)."""


@dataclass(frozen=True, slots=True)
class LinkModel:
    """Fitted weights, the confidence a page needs to be shown as found, and the one from
    which it is shown as sure (below it, as likely)."""

    bias: float
    weights: Mapping[str, float]
    found_at: float
    sure_at: float = 1.0

    def confidence(self, features: Mapping[str, float]) -> float:
        """The probability that the page with ``features`` is the one the article means."""
        z = self.bias + sum(self.weights[name] * features[name] for name in FEATURES)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def link_model() -> LinkModel:
    """The fitted model shipped with reader (``reader/lookup/data/link_model.json``)."""
    data = json.loads(files("reader.lookup").joinpath("data/link_model.json").read_text("utf-8"))
    return LinkModel(
        float(data["bias"]), dict(data["weights"]), float(data["found_at"]), float(data["sure_at"])
    )


def features(
    entity: Entity,
    page: Page,
    context: Context,
    *,
    ranking: Sequence[tuple[Page, float]] = (),
    redirected: bool = False,
) -> dict[str, float]:
    """The named features of ``page`` as the entity's page.

    Args:
        entity: The entity looked up.
        page: The page weighed.
        context: The article's words, weighted for the entity.
        ranking: After a search, every page weighed with its score (empty when a title
            lookup decided).
        redirected: The title lookup reached the page through a redirect.
    """
    from reader.lookup.pages import country, name_match
    from reader.lookup.resolve import COHERENCE_UNIT
    from reader.lookup.types import label_fit

    own = next((score for other, score in ranking if other.title == page.title), None)
    rivals = [score for other, score in ranking if other.title != page.title]
    margin = 0.0 if own is None or not rivals else own - max(rivals)
    return {
        "by_title": 0.0 if ranking else 1.0,
        "redirected": float(redirected),
        "name_match": float(name_match(entity, page)),
        "label_fit": label_fit(context.label, page),
        "shared": math.log1p(max(0.0, context.score(page))),
        "margin": max(-5.0, min(5.0, margin)),
        "rivals": float(min(len(rivals), 5)),
        "person": float(entity.label == "PERSON"),
        "one_word": float(len(entity.name.split()) == 1),
        "country": float(country(page)),
        "coherence": (context.coherence(page) or 0.0) / COHERENCE_UNIT,
    }

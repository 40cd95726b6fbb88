"""Ranking search results: a small conditional-logit model over named candidate features.

After a search, every page that carries the entity's name is a candidate, and "no page
at all" is one more (the entity has no article, or the wiki did not bring it). Each gets
a score, a weighted sum of its features; the softmax of the scores says how likely each
is the one the article means. The weights, and the probability the best candidate needs
to be taken, are fitted on annotated news by ``bench/fit_choices.py``
(leave-one-article-out) and kept in ``data/choice_model.json`` with their provenance.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

CANDIDATE_FEATURES = (
    "same_name",
    "carries_name",
    "in_intro",
    "label_fit",
    "shared",
    "names",
    "title_lookup",
    "kept",
    "rank",
    "region",
    "its_people",
    "listed_first",
    "coherence",
)
"""A candidate page's features, in the order of the model's weights."""

NONE_FEATURES = ("bias", "person", "one_word", "several_candidates")
"""The features of "no page", in the order of its weights."""


@dataclass(frozen=True, slots=True)
class ChoiceModel:
    """Fitted weights, and the probability the best page needs to be found."""

    weights: Mapping[str, float]
    none_weights: Mapping[str, float]
    sure: float

    def score(self, values: Mapping[str, float]) -> float:
        """A candidate page's score."""
        return sum(self.weights[name] * values[name] for name in CANDIDATE_FEATURES)

    def none_score(self, values: Mapping[str, float]) -> float:
        """The score of "no page"."""
        return sum(self.none_weights[name] * values[name] for name in NONE_FEATURES)

    def probabilities(
        self, none: Mapping[str, float], candidates: Sequence[Mapping[str, float]]
    ) -> tuple[float, list[float]]:
        """How likely "no page" is, and each candidate, summing to one."""
        scores = [self.none_score(none), *(self.score(values) for values in candidates)]
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return exps[0] / total, [value / total for value in exps[1:]]


@cache
def choice_model() -> ChoiceModel:
    """The fitted model shipped with reader (``reader/lookup/data/choice_model.json``)."""
    path = files("reader.lookup").joinpath("data/choice_model.json")
    data = json.loads(path.read_text("utf-8"))
    return ChoiceModel(
        dict(data["weights"]),
        dict(data["none_weights"]),
        float(data["sure"]),
    )

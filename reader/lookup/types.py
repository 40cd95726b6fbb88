"""What sort of name a page is for: a small classifier fitted on annotated news.

The page kinds (:func:`reader.lookup.pages.kinds`) say what a page's short description
names ("American politician" a person, "Association football club" an organisation); which
of spaCy's labels a name on such a page carries is learned here, from the names the
annotators of news-fair-v2-dev labelled and linked: a multinomial logistic model over a
page's kinds, its description's head noun, a lifespan, and the description's words (its
intro's first sentence when it has none) gives how likely a name on the page is a
person, an organisation, a place, a group, an event or a work. ``bench/fit_types.py``
fits it (leave-one-article-out figures beside the kinds alone) and writes
``data/type_model.json``. The wiki's categories are not read: a wiki that serves none works
the same.

:func:`label_fit` is the feature both link models weigh: how much more likely the page makes
the entity's label than labels are on their own.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from reader.lookup.pages import first_sentence, head_word, kinds, lifespan
from reader.lookup.terms import stem, words

if TYPE_CHECKING:
    from reader.lookup.client import Page

LABEL_CLASSES: Mapping[str, str] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "LANGUAGE": "group",
    "EVENT": "event",
    "WORK_OF_ART": "work",
    "PRODUCT": "work",
    "LAW": "work",
}
"""The class of each name label the model tells apart (a facility's pages are places')."""

MAX_FIT = 4.0
""":func:`label_fit` is kept within ±this many nats: one page's words say no more."""


def page_features(page: Page) -> frozenset[str]:
    """What the classifier reads of a page: ``kind:`` its kinds, ``head:`` its
    description's head noun, ``life`` a lifespan, and the stems of its description's words
    (of its intro's first sentence without one)."""
    text = page.description or first_sentence(page.summary)
    found = {f"kind:{kind}" for kind in kinds(page)}
    head = head_word(text)
    if head is not None:
        found.add(f"head:{stem(head)}")
    if lifespan(text):
        found.add("life")
    found.update(words(text))
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class TypeModel:
    """Fitted weights: one score per class for the bias and for each feature."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    prior: Mapping[str, float]
    """Each class's share of the names it was fitted on."""

    def probabilities(self, features: frozenset[str]) -> dict[str, float]:
        """How likely a name on a page with ``features`` is of each class."""
        scores = list(self.bias)
        for feature in features:
            for index, weight in enumerate(self.weights.get(feature, ())):
                scores[index] += weight
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {name: value / total for name, value in zip(self.classes, exps, strict=True)}

    def to_json(self) -> dict[str, Any]:
        """The model as the JSON ``data/type_model.json`` holds (without its provenance)."""
        return {
            "classes": list(self.classes),
            "bias": list(self.bias),
            "prior": dict(self.prior),
            "weights": {name: list(values) for name, values in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TypeModel:
        """A model from :meth:`to_json`'s form."""
        return cls(
            tuple(data["classes"]),
            tuple(data["bias"]),
            {name: tuple(values) for name, values in data["weights"].items()},
            dict(data["prior"]),
        )


@cache
def type_model() -> TypeModel:
    """The fitted model shipped with reader (``reader/lookup/data/type_model.json``)."""
    path = files("reader.lookup").joinpath("data/type_model.json")
    return TypeModel.from_json(json.loads(path.read_text("utf-8")))


def label_fit(label: str, page: Page, model: TypeModel | None = None) -> float:
    """How much the page raises the odds of the entity's label: the log of the classifier's
    probability of the label's class over that class's prior share, within ±:data:`MAX_FIT`;
    0 for a label the classifier has no class for, or a page it knows nothing of."""
    name = LABEL_CLASSES.get(label)
    model = model if model is not None else type_model()
    features = page_features(page) & model.weights.keys()
    if name is None or name not in model.prior or not features:
        return 0.0  # no class for the label, or nothing of the page the model knows
    probability = model.probabilities(features)[name]
    ratio = math.log(max(probability, 1e-9) / model.prior[name])
    return max(-MAX_FIT, min(MAX_FIT, ratio))

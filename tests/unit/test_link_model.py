"""The fitted link confidence model ships as data with its provenance and every weight."""

from __future__ import annotations

import json
from importlib.resources import files

from reader.lookup.confidence import FEATURES, LinkModel, link_model


def test_the_shipped_model_names_its_source_and_has_every_feature() -> None:
    data = json.loads(files("reader.lookup").joinpath("data/link_model.json").read_text("utf-8"))
    assert "bench/fit_links.py" in data["about"] and "news-fair" in data["about"]
    assert set(data["weights"]) == set(FEATURES)
    assert 0.0 <= data["found_at"] <= data["sure_at"] <= 1.0


def test_confidence_is_a_probability_that_grows_with_each_positive_weight() -> None:
    model = LinkModel(bias=0.0, weights={name: 1.0 for name in FEATURES}, found_at=0.5)
    low = dict.fromkeys(FEATURES, 0.0)
    high = {**low, "shared": 3.0}
    assert model.confidence(low) == 0.5
    assert 0.5 < model.confidence(high) < 1.0
    assert 0.0 < link_model().confidence(low) < 1.0

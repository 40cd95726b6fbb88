"""Fit the link confidence model (``reader/lookup/data/link_model.json``) on annotated news.

Usage: ``python -m bench.fit_links [--write]``.

Runs the reader's NLP and lookups over news-fair-v2-dev (``../shared/corpus``) against
the Wikipedia-like fixture wiki of its gold entities (``tests/data/wiki/newsfair_pages.json``),
each article with a fresh cache, and notes every page the resolver would show as found
with its features (:mod:`reader.lookup.confidence`) and whether it is the gold page (a
page for a gold NIL entity is wrong; a nationality's page is its country's, as the
annotators link it). A logistic model (L2, Newton's method) is fitted
leave-one-article-out. The threshold weighs the held-out predictions: a wrong page
shown as found costs :data:`WRONG_COST` times a right page held back as the first
candidate; the threshold is the one with the least cost. The figures printed are
cross-validated. ``--write`` fits on every article and writes the model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from bench.fit_types import HeldOut
from bench.links import (
    PAGES,
    articles,
    fit_options,
    gold_title,
    on_fixture_wiki,
    predicted_entity,
)
from reader.config import Settings
from reader.documents import load_document
from reader.lookup import LookupService
from reader.lookup.confidence import FEATURES
from reader.lookup.resolve import Decision
from reader.models import Entity
from reader.nlp.pipeline import analyse, load_pipeline
from wikifixture import Wiki, WikiServer

MODEL = Path(__file__).resolve().parent.parent / "reader" / "lookup" / "data" / "link_model.json"
WRONG_COST = 2.0
"""A wrong page shown as found costs this many right pages held back (offered first)."""
SURE_WRONG = 0.05
"""The share of wrong pages the pages shown as sure may hold, at most."""
L2 = 1.0


def observations(server: WikiServer, work: Path) -> list[tuple[int, list[float], bool]]:
    """``(article number, features, right)`` for every page the resolver would show."""
    data = json.loads(PAGES.read_text(encoding="utf-8"))
    sitelinks: dict[str, str] = data.get("sitelinks", {})
    wiki = Wiki.load(PAGES)
    nlp = load_pipeline()
    held_out = HeldOut()
    found: list[tuple[int, list[float], bool]] = []
    for number, (path, gold) in enumerate(articles()):
        text = load_document(str(path)).text
        entities = [entity for entity in analyse(text, nlp) if entity.is_name]
        seen: dict[str, tuple[Decision, dict[str, float]]] = {}

        def note(entity: Entity, decision: Decision, values: dict[str, float]) -> None:
            seen[entity.id] = (decision, values)  # noqa: B023 - used before the loop moves on

        settings = Settings(wiki_api=server.url, cache_dir=work / f"cache{number}")
        service = LookupService(settings)
        try:
            with held_out.without(number):
                service.lookup_many(entities, text, observe=note)
        finally:
            service.close()
        predicted = [entity.to_json() for entity in entities]
        for entity in gold["entities"]:
            match = predicted_entity(entity, predicted)
            if match is None or match["id"] not in seen:
                continue
            decision, values = seen[match["id"]]
            if decision.status != "found" or decision.page is None:
                continue
            right = entity.get("wikipedia") is not None and decision.page.title == gold_title(
                entity, wiki, sitelinks
            )
            found.append((number, [values[name] for name in FEATURES], right))
    return found


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression weights (bias first), L2-penalised, by Newton's method."""
    design = np.hstack([np.ones((len(x), 1)), x])
    weights = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) * L2
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-design @ weights))
        gradient = design.T @ (p - y) + penalty @ weights
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def predict(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The model's probabilities for rows ``x``."""
    return 1.0 / (1.0 + np.exp(-(weights[0] + x @ weights[1:])))


def threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The confidence a page needs to be shown as found, at the least cost (see
    :data:`WRONG_COST`); the lowest such threshold on a tie."""

    def cost(t: float) -> float:
        kept = p >= t
        return float(WRONG_COST * (kept & ~y).sum() + (~kept & y).sum())

    return min(sorted({0.0, *p.tolist()}), key=cost)


def _wrong(p: np.ndarray, y: np.ndarray, t: float) -> float:
    kept = p >= t
    return float((~y[kept]).mean()) if kept.any() else 0.0


def figures(p: np.ndarray, y: np.ndarray, t: float, linkable: int) -> dict[str, Any]:
    """Right pages shown, wrong pages among those shown, and how many are held back."""
    kept = p >= t
    return {
        "shown_right": int((kept & y).sum()),
        "shown_wrong": int((kept & ~y).sum()),
        "held_back": int((~kept).sum()),
        "wrong_among_found": float((kept & ~y).sum() / max(1, kept.sum())),
        "right_of_linkable": float((kept & y).sum() / max(1, linkable)),
    }


def main(argv: Sequence[str] | None = None) -> None:
    args = fit_options(__doc__.splitlines()[0], argv)
    if args is None:
        return
    rows = on_fixture_wiki(observations, "reader-fit-links-")
    groups = np.array([number for number, _, _ in rows])
    x = np.array([values for _, values, _ in rows], dtype=float)
    y = np.array([right for _, _, right in rows], dtype=bool)
    held_out = np.zeros(len(rows))
    for number in sorted(set(groups.tolist())):
        test = groups == number
        held_out[test] = predict(fit(x[~test], y[~test]), x[test])
    t = threshold(held_out, y)
    linkable = len(rows)
    before = figures(np.ones(len(rows)), y, 0.0, linkable)
    after = figures(held_out, y, t, linkable)
    print(f"pages the resolver shows as found, with a gold entity: {len(rows)} ({y.sum()} right)")
    print(f"without the model: wrong among found = {before['wrong_among_found']:.1%}")
    print(
        f"leave-one-article-out, threshold {t:.3f}: wrong among found = "
        f"{after['wrong_among_found']:.1%}, right pages still shown = {after['shown_right']}"
        f"/{y.sum()}, held back as ambiguous = {after['held_back']}"
    )
    print("  held-out trade-off: threshold -> right shown / wrong shown / wrong among found")
    for share in (0.02, 0.04, 0.06, 0.08, 0.10):
        cut = next(
            (c for c in sorted(set(held_out.tolist())) if _wrong(held_out, y, c) <= share), 1.0
        )
        f = figures(held_out, y, cut, linkable)
        print(
            f"  {cut:.3f} -> {f['shown_right']} / {f['shown_wrong']} / {f['wrong_among_found']:.1%}"
        )
    sure = next(
        (c for c in sorted(set(held_out.tolist())) if _wrong(held_out, y, c) <= SURE_WRONG), 1.0
    )
    shown_sure = figures(held_out, y, sure, linkable)
    print(
        f"sure from {sure:.3f}: {shown_sure['shown_right']} right / {shown_sure['shown_wrong']} "
        f"wrong ({shown_sure['wrong_among_found']:.1%}), the rest shown as likely"
    )
    weights = fit(x, y)
    for name, weight in zip(("bias", *FEATURES), weights, strict=True):
        print(f"  {name:12} {weight:+.3f}")
    if args.write:
        model = {
            "about": (
                f"Fitted by bench/fit_links.py on {date.today()} over news-fair-v2-dev "
                f"({len(rows)} pages shown as found, {int(y.sum())} right) against "
                "tests/data/wiki/newsfair_pages.json; threshold chosen leave-one-article-out "
                f"with a wrong page costing {WRONG_COST:g} right ones held back (cross-validated: "
                f"{after['wrong_among_found']:.1%} wrong, {after['shown_right']} right shown, "
                f"{after['held_back']} held back); shown as sure from the lowest held-out "
                f"confidence above which at most {SURE_WRONG:.0%} are wrong "
                f"({shown_sure['shown_right']} right, {shown_sure['shown_wrong']} wrong)."
            ),
            "bias": round(float(weights[0]), 4),
            "weights": {
                name: round(float(w), 4) for name, w in zip(FEATURES, weights[1:], strict=True)
            },
            "found_at": round(t, 4),
            "sure_at": round(sure, 4),
        }
        MODEL.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        print(f"written: {MODEL}")


if __name__ == "__main__":
    main()

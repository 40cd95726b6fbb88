"""Fit the search-result ranking model (``reader/lookup/data/choice_model.json``) on annotated news.

Usage: ``python -m bench.fit_choices [--write]``.

Runs the reader's NLP and lookups over news-fair-v2-dev (``../shared/corpus``) against
the Wikipedia-like fixture wiki of its gold entities (``tests/data/wiki/newsfair_pages.json``),
each article with a fresh cache, and notes every search the resolver weighs: the
candidate pages with their features (:func:`reader.lookup.resolve.weigh`), the features
of "no page", and which of them the gold annotation means (a gold NIL entity, or a gold
page the search did not bring, means "no page"; a nationality's page is its country's).

A conditional logit model (softmax over the candidates and "no page", L2-penalised) is
fitted leave-one-article-out; the probability the best page needs to be found is the one
with the least cost on the held-out predictions, where a wrong page found costs
:data:`bench.fit_links.WRONG_COST` right pages not found, as for the confidence model.
The figures printed are cross-validated, beside the decisions the current model made.
``--write`` fits on every article and writes the model.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from bench.fit_links import WRONG_COST
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
from reader.lookup import LookupService, resolve
from reader.lookup.client import Page
from reader.lookup.context import Context
from reader.lookup.ranker import CANDIDATE_FEATURES, NONE_FEATURES, ChoiceModel
from reader.models import Entity
from reader.nlp.pipeline import analyse, load_pipeline
from wikifixture import Wiki, WikiServer

MODEL = Path(__file__).resolve().parent.parent / "reader" / "lookup" / "data" / "choice_model.json"
L2 = 1.0
PRIOR = {"region": 2.0}
"""Weights the L2 penalty pulls towards instead of 0: "Everett, Washington" means the state
(the rule this feature replaces gave it as much), and the corpus never writes a place so."""
SURES = tuple(round(0.1 * step, 1) for step in range(8))


@dataclass
class Search:
    """One search the resolver weighed, for an entity with a gold annotation."""

    article: int
    name: str
    titles: list[str]
    candidates: np.ndarray  # rows of CANDIDATE_FEATURES
    none: np.ndarray  # NONE_FEATURES
    gold: int  # index into titles, or -1 for "no page"
    decided: str  # what the shipped model decided: a title, "" for no page found


def observations(server: WikiServer, work: Path) -> list[Search]:
    """Every search weighed for an entity the gold annotation links or marks NIL."""
    data = json.loads(PAGES.read_text(encoding="utf-8"))
    sitelinks: dict[str, str] = data.get("sitelinks", {})
    wiki = Wiki.load(PAGES)
    nlp = load_pipeline()
    held_out = HeldOut()
    shipped = resolve.choose
    searches: list[Search] = []
    for number, (path, gold) in enumerate(articles()):
        text = load_document(str(path)).text
        entities = [entity for entity in analyse(text, nlp) if entity.is_name]
        weighed: dict[str, tuple[list[Page], list[dict[str, float]], dict[str, float], str]] = {}

        def note(
            entity: Entity, results: Iterable[Page], context: Context, **options: Any
        ) -> resolve.Decision:
            results = list(results)
            decision = shipped(entity, results, context, **options)
            pages, values, none = resolve.weigh(
                entity, results, context, incumbent=options.get("incumbent"),
                keep=options.get("keep", False),
            )  # fmt: skip
            decided = decision.page.title if decision.status == "found" and decision.page else ""
            weighed[entity.id] = (pages, values, none, decided)  # noqa: B023
            return decision

        resolve.choose = note  # the batch asks the module: every search passes here
        settings = Settings(wiki_api=server.url, cache_dir=work / f"cache{number}")
        service = LookupService(settings)
        try:
            with held_out.without(number):
                service.lookup_many(entities, text)
        finally:
            service.close()
            resolve.choose = shipped
        predicted = [entity.to_json() for entity in entities]
        for entity in gold["entities"]:
            match = predicted_entity(entity, predicted)
            if match is None or match["id"] not in weighed:
                continue
            pages, values, none, decided = weighed[match["id"]]
            titles = [page.title for page in pages]
            want = gold_title(entity, wiki, sitelinks) if entity.get("wikipedia") else None
            searches.append(
                Search(
                    number,
                    entity["name"],
                    titles,
                    np.array(
                        [[v[name] for name in CANDIDATE_FEATURES] for v in values], dtype=float
                    ).reshape(len(values), len(CANDIDATE_FEATURES)),
                    np.array([none[name] for name in NONE_FEATURES], dtype=float),
                    titles.index(want) if want in titles else -1,
                    decided,
                )
            )
    return searches


def _design(search: Search) -> np.ndarray:
    """One row per choice, "no page" first, over the candidate and "no page" weights."""
    rows = np.zeros((len(search.candidates) + 1, len(CANDIDATE_FEATURES) + len(NONE_FEATURES)))
    rows[0, len(CANDIDATE_FEATURES) :] = search.none
    rows[1:, : len(CANDIDATE_FEATURES)] = search.candidates
    return rows


def fit(searches: Sequence[Search]) -> tuple[np.ndarray, np.ndarray]:
    """Candidate and "no page" weights: L2-penalised conditional logit, by Newton's method."""
    designs = [(_design(search), search.gold + 1) for search in searches]
    size = len(CANDIDATE_FEATURES) + len(NONE_FEATURES)
    theta = np.zeros(size)
    penalty = np.eye(size) * L2
    penalty[len(CANDIDATE_FEATURES), len(CANDIDATE_FEATURES)] = 0.0  # "no page"'s bias
    prior = np.array([PRIOR.get(name, 0.0) for name in (*CANDIDATE_FEATURES, *NONE_FEATURES)])
    for _ in range(50):
        gradient = penalty @ (theta - prior)
        hessian = penalty.copy()
        for rows, target in designs:
            scores = rows @ theta
            p = np.exp(scores - scores.max())
            p /= p.sum()
            p_minus = p.copy()
            p_minus[target] -= 1.0
            gradient += rows.T @ p_minus
            hessian += rows.T @ (np.diag(p) - np.outer(p, p)) @ rows
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return theta[: len(CANDIDATE_FEATURES)], theta[len(CANDIDATE_FEATURES) :]


def model_of(w: np.ndarray, v: np.ndarray, sure: float) -> ChoiceModel:
    return ChoiceModel(
        dict(zip(CANDIDATE_FEATURES, w.tolist(), strict=True)),
        dict(zip(NONE_FEATURES, v.tolist(), strict=True)),
        sure,
    )


def decide(model: ChoiceModel, search: Search) -> int:
    """The candidate found (its index), ``-1`` for none found, ``-2`` for ambiguous."""
    none, shares = model.probabilities(
        dict(zip(NONE_FEATURES, search.none, strict=True)),
        [dict(zip(CANDIDATE_FEATURES, row, strict=True)) for row in search.candidates],
    )
    if not shares or none >= max(shares):
        return -1
    best = max(range(len(shares)), key=lambda i: shares[i])
    return best if shares[best] >= model.sure else -2


def tally(outcomes: Iterable[tuple[int, Search]]) -> dict[str, int]:
    """Right pages found, wrong pages found, right "no page", and the rest."""
    counts = {"right": 0, "wrong": 0, "right_none": 0, "missed": 0}
    for chosen, search in outcomes:
        if chosen >= 0:
            counts["right" if chosen == search.gold else "wrong"] += 1
        elif search.gold == -1:
            counts["right_none"] += 1
        else:
            counts["missed"] += 1
    return counts


def cost(counts: dict[str, int]) -> float:
    return WRONG_COST * counts["wrong"] - counts["right"]


def main(argv: Sequence[str] | None = None) -> None:
    args = fit_options(__doc__.splitlines()[0], argv)
    if args is None:
        return
    searches = on_fixture_wiki(observations, "reader-fit-choices-")
    linkable = sum(search.gold >= 0 for search in searches)
    print(f"searches weighed for gold entities: {len(searches)} ({linkable} with the gold page)")
    shipped = tally(
        (search.titles.index(search.decided) if search.decided else -1, search)
        for search in searches
    )
    print(f"shipped model: {shipped}")
    held_out: list[tuple[np.ndarray, np.ndarray, Search]] = []
    for number in sorted({search.article for search in searches}):
        train = [s for s in searches if s.article != number]
        w, v = fit(train)
        held_out += [(w, v, s) for s in searches if s.article == number]
    by_sure = {
        sure: tally((decide(model_of(w, v, sure), s), s) for w, v, s in held_out) for sure in SURES
    }
    for sure, counts in by_sure.items():
        print(f"  leave-one-article-out, sure {sure:.1f}: {counts}")
    # the least cost; on a tie the fewest wrong pages ("found" means confident)
    sure = min(SURES, key=lambda value: (cost(by_sure[value]), by_sure[value]["wrong"]))
    counts = by_sure[sure]
    print(f"chosen: sure {sure:.1f}: {counts}")
    w, v = fit(searches)
    for name, weight in [
        *zip(CANDIDATE_FEATURES, w, strict=True),
        *zip(NONE_FEATURES, v, strict=True),
    ]:
        print(f"  {name:18} {weight:+.3f}")
    if args.write:
        model = {
            "about": (
                f"Fitted by bench/fit_choices.py on {date.today()} over news-fair-v2-dev "
                f"({len(searches)} searches for gold entities, {linkable} bringing the gold "
                "page) against tests/data/wiki/newsfair_pages.json; the probability a page "
                "needs chosen leave-one-article-out with a wrong page costing "
                f"{WRONG_COST:g} right ones "
                f"(cross-validated: {counts['right']} right, {counts['wrong']} wrong, "
                f"{counts['right_none']} right 'no page', {counts['missed']} missed)."
            ),
            "weights": {n: round(float(x), 4) for n, x in zip(CANDIDATE_FEATURES, w, strict=True)},
            "none_weights": {n: round(float(x), 4) for n, x in zip(NONE_FEATURES, v, strict=True)},
            "sure": sure,
        }
        MODEL.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        print(f"written: {MODEL}")


if __name__ == "__main__":
    main()

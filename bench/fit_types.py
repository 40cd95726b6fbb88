"""Fit the page type classifier (``reader/lookup/data/type_model.json``) on annotated news.

Usage: ``python -m bench.fit_types [--write]``.

Every gold entity of news-fair-v2-dev (``../shared/corpus``) that the annotators linked
gives one example: the page it links to in the Wikipedia-like fixture wiki
(``tests/data/wiki/newsfair_pages.json``), read as :func:`reader.lookup.types.page_features`,
and the class of the label they gave it (:data:`reader.lookup.types.LABEL_CLASSES`); a page
counts once per article. A multinomial logistic model (L2, gradient descent) is fitted
leave-one-article-out; printed beside it are the same model over the page kinds alone and
how often the hand-made label-kind table (``reader.labels``) accepts the gold label.
``--write`` fits on every article and writes the model. :class:`HeldOut` gives the link
models' fitting scripts a classifier fitted without each article, so that their
cross-validation never sees an article's own pages.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from bench.links import PAGES, articles, fit_options, gold_title
from reader.lookup import types
from reader.lookup.client import Page
from reader.lookup.pages import type_fit
from reader.lookup.types import LABEL_CLASSES, TypeModel, page_features
from wikifixture import Wiki

MODEL = Path(__file__).resolve().parent.parent / "reader" / "lookup" / "data" / "type_model.json"
L2 = 0.3
"""The penalty, the best of 0.3, 1 and 3 on held-out log-likelihood (2026-12-03)."""
STEPS = 400
RATE = 5.0


@dataclass(frozen=True)
class Example:
    """One linked gold entity: its article's number, its page and its gold label."""

    article: int
    page: Page
    code: str

    @property
    def label(self) -> str:
        """The class of the gold label."""
        return LABEL_CLASSES[self.code]


def examples() -> list[Example]:
    """Every page a gold entity links to, with the class of its label, once per article."""
    data = json.loads(PAGES.read_text(encoding="utf-8"))
    sitelinks: dict[str, str] = data.get("sitelinks", {})
    wiki = Wiki.load(PAGES)
    found: list[Example] = []
    for number, (_, gold) in enumerate(articles()):
        seen: set[str] = set()
        for entity in gold["entities"]:
            if not entity.get("wikipedia") or entity["label"] not in LABEL_CLASSES:
                continue
            title = gold_title(entity, wiki, sitelinks)
            page = wiki.pages.get(title)
            if page is None or title in seen:
                continue
            seen.add(title)
            wiki_page = Page(title, None, page.get("description") or None, page["extract"])
            found.append(Example(number, wiki_page, entity["label"]))
    return found


def fit(rows: Sequence[Example], keep: Callable[[str], bool] = lambda feature: True) -> TypeModel:
    """A model fitted on ``rows``, over the page features ``keep`` allows."""
    classes = tuple(sorted({row.label for row in rows}))
    features = [frozenset(f for f in page_features(row.page) if keep(f)) for row in rows]
    vocabulary = sorted(set().union(*features))
    index = {feature: column for column, feature in enumerate(vocabulary)}
    x = np.zeros((len(rows), len(vocabulary) + 1))
    x[:, -1] = 1.0
    for row_number, found in enumerate(features):
        x[row_number, [index[f] for f in found]] = 1.0
    y = np.array([classes.index(row.label) for row in rows])
    w = np.zeros((x.shape[1], len(classes)))
    penalty = np.full((x.shape[1], 1), L2)
    penalty[-1] = 0.0  # the bias is not pulled towards 0
    for _ in range(STEPS):
        z = x @ w
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(len(y)), y] -= 1.0
        w -= RATE * (x.T @ p + penalty * w) / len(y)
    counts = np.bincount(y, minlength=len(classes))
    return TypeModel(
        classes,
        tuple(round(float(v), 4) for v in w[-1]),
        {f: tuple(round(float(v), 4) for v in w[index[f]]) for f in vocabulary},
        {name: round(float(c / len(y)), 4) for name, c in zip(classes, counts, strict=True)},
    )


class HeldOut:
    """For every article, the classifier fitted on all the others (the link models'
    fitting scripts weigh an article's pages with it: :meth:`without`)."""

    def __init__(self) -> None:
        rows = examples()
        self.everything = fit(rows)
        self.models = {
            number: fit([row for row in rows if row.article != number])
            for number in sorted({row.article for row in rows})
        }

    @contextmanager
    def without(self, article: int) -> Iterator[None]:
        """Inside the block, the reader's classifier is the one fitted without ``article``."""
        model = self.models.get(article, self.everything)
        shipped = types.type_model
        types.type_model = lambda: model
        try:
            yield
        finally:
            types.type_model = shipped


def cross_validate(
    rows: Sequence[Example], keep: Callable[[str], bool] = lambda feature: True
) -> tuple[float, float]:
    """Leave-one-article-out accuracy and mean log-likelihood of the gold class."""
    right = 0
    likelihood = 0.0
    for number in sorted({row.article for row in rows}):
        model = fit([row for row in rows if row.article != number], keep)
        for row in rows:
            if row.article != number:
                continue
            found = frozenset(f for f in page_features(row.page) if keep(f))
            p = model.probabilities(found)
            right += max(p, key=p.__getitem__) == row.label
            likelihood += math.log(max(p.get(row.label, 0.0), 1e-9))
    return right / len(rows), likelihood / len(rows)


def _one_line_each(data: dict[str, Any]) -> str:
    """The model's JSON with one key, and one feature's weights, a line."""
    weights = ",\n".join(
        f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in data["weights"].items()
    )
    head = ",\n".join(
        f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in data.items() if k != "weights"
    )
    return f'{{\n{head},\n  "weights": {{\n{weights}\n  }}\n}}\n'


def main(argv: Sequence[str] | None = None) -> None:
    args = fit_options(__doc__.splitlines()[0], argv)
    if args is None:
        return
    rows = examples()
    by_class: dict[str, int] = {}
    for row in rows:
        by_class[row.label] = by_class.get(row.label, 0) + 1
    classes = ", ".join(f"{name} {count}" for name, count in sorted(by_class.items()))
    print(f"examples: {len(rows)} linked pages ({classes})")
    accuracy, likelihood = cross_validate(rows)
    print(f"leave-one-article-out: accuracy {accuracy:.1%}, mean log-likelihood {likelihood:.3f}")
    alone = cross_validate(rows, lambda feature: feature.startswith("kind:"))
    print(f"  the page kinds alone: accuracy {alone[0]:.1%}, mean log-likelihood {alone[1]:.3f}")
    table = {-1: 0, 0: 0, 1: 0}
    for row in rows:
        table[type_fit(row.code, row.page)] += 1
    print(
        f"  the hand-made label-kind table: accepts {table[1]}, rules out {table[-1]}, "
        f"no opinion {table[0]} of {len(rows)}"
    )
    model = fit(rows)
    if args.write:
        data = {
            "about": (
                f"Fitted by bench/fit_types.py on {date.today()} over news-fair-v2-dev "
                f"({len(rows)} linked pages of tests/data/wiki/newsfair_pages.json and their "
                f"gold labels); leave-one-article-out accuracy {accuracy:.1%}."
            ),
            **model.to_json(),
        }
        MODEL.write_text(_one_line_each(data), encoding="utf-8")
        print(f"written: {MODEL}")


if __name__ == "__main__":
    main()

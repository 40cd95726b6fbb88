"""Coherence: how closely a candidate page is related to the pages of the article's other names.

An article is about one subject, so its names' pages resemble one another: in a football
report "Fulham" is the club, because Crystal Palace F.C. and Roy Hodgson are football pages
too; in an army history "Stalin" is the Soviet leader. AIDA and REL weigh this (as links
between pages, or embeddings); here, with no network beyond what the lookup fetches, it is
the TF-IDF cosine between a page's words (title, short description, intro) and each of the
pages the article's other names were given with confidence (:class:`Profile`). A page's
coherence is the mean of its :data:`TOP` best cosines: a club's page needs only a few other
football pages in the article, not all of them. The document frequencies are those of the
sure pages themselves, so a word every page of the article has ("England" in an English
story) counts for little.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

from reader.lookup.client import Page
from reader.lookup.terms import words

TOP = 3
"""The best cosines a page's coherence averages."""
MIN_PAGES = 3
"""Sure pages of other names an article needs before coherence says anything."""


def page_terms(page: Page) -> frozenset[str]:
    """The stems of a page's title, short description and intro."""
    return frozenset(words(" ".join(filter(None, (page.title, page.description, page.summary)))))


class Profile:
    """The sure pages of an article's names, to weigh any page against the other names'."""

    def __init__(self, pages: Mapping[str, Page]) -> None:
        """``pages``: each name's sure page, keyed by the name (its cache key)."""
        self.pages = dict(pages)
        """The sure pages, by name."""
        self._terms = {key: page_terms(page) for key, page in pages.items()}
        self._title_terms = {key: frozenset(words(page.title)) for key, page in pages.items()}
        frequency: Counter[str] = Counter()
        for terms in self._terms.values():
            frequency.update(terms)
        count = len(self._terms)
        self._idf = {term: math.log((count + 1) / (df + 0.5)) for term, df in frequency.items()}
        self._default_idf = math.log((count + 1) / 0.5)
        self._norms = {key: self._norm(terms) for key, terms in self._terms.items()}

    def __len__(self) -> int:
        """How many names have a sure page."""
        return len(self._terms)

    def _weight(self, term: str) -> float:
        return self._idf.get(term, self._default_idf)

    def _norm(self, terms: Iterable[str]) -> float:
        return math.sqrt(sum(self._weight(term) ** 2 for term in terms))

    def score(self, page: Page, key: str, own: frozenset[str] = frozenset()) -> float | None:
        """The page's coherence with the sure pages of the names other than ``key``
        (0-1), leaving out the stems ``own`` (the name's words, which its namesakes share),
        and the pages whose titles hold one of them: another form of the name was given
        such a page, a rival reading of this one, not a neighbour (a namesake of it would
        borrow its likeness: "Labour Party (Ireland)" beside "Labour"'s UK party);
        ``None`` when fewer than :data:`MIN_PAGES` other names have a sure page."""
        others = [
            other
            for other in self._terms
            if other != key
            and self.pages[other].title != page.title
            and not own & self._title_terms[other]
        ]
        if len(others) < MIN_PAGES:
            return None
        terms = page_terms(page) - own
        norm = self._norm(terms)
        if not norm:
            return 0.0
        cosines = []
        for other in others:
            shared = terms & self._terms[other]
            if not shared or not self._norms[other]:
                cosines.append(0.0)
                continue
            dot = sum(self._weight(term) ** 2 for term in shared)
            cosines.append(dot / (norm * self._norms[other]))
        best = sorted(cosines, reverse=True)[:TOP]
        return sum(best) / len(best)

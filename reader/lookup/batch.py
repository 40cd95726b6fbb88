"""One ``lookup_many`` call as a pipeline: cache → plan titles → fetch → judge → search →
choose (twice, as coherence learns the article's pages; in an article about sport, with the
teams named after its places, searched for then) → calibrate.

Each step is a method of :class:`LookupBatch` and leaves its results in plain data:
the plan is the titles each entity may have, the fetch what the wiki said of them,
the judgement a :class:`~reader.lookup.resolve.Decision` or a search to make, the
choice the decision among the search results, and the calibration how sure it is
(:mod:`reader.lookup.confidence`): a page not sure enough is offered, not shown.
Entities of the same name and label share one resolution; another thread already
resolving a name is waited for, not repeated. The only concurrency is
:func:`_in_parallel`: at most ``max_in_flight`` requests of one batch at a time, a
bound the client's transport also keeps.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from reader.lookup import resolve
from reader.lookup.cache import is_fresh
from reader.lookup.client import LookupCancelled, Page, TitleResult, WikiClient, title_batches
from reader.lookup.coherence import Profile
from reader.lookup.confidence import features
from reader.lookup.context import Context
from reader.lookup.records import decision_record, digest, from_record, reason, shown_page
from reader.lookup.titles import skip_lookup, title_candidates
from reader.models import Background, Entity

if TYPE_CHECKING:
    from reader.lookup.service import LookupService

log = logging.getLogger(__name__)
MAX_ENTITIES = 1000
"""Entities looked up per call at most (the rest get ``not_found`` without a request)."""

T = TypeVar("T")
Observer = Callable[[Entity, resolve.Decision, dict[str, float]], None]
"""Told each decision with a page and that page's features (``bench/fit_links.py``)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """The titles one name may have, and which of them are asked for first."""

    members: list[Entity]
    """The entities that share the name (the first one leads)."""
    titles: list[str]
    first: list[str]
    context: Context

    @property
    def leader(self) -> Entity:
        """The entity resolved for all members."""
        return self.members[0]


class LookupBatch:
    """The backgrounds of some entities of one article."""

    def __init__(
        self,
        service: LookupService,
        entities: Sequence[Entity],
        text: str,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        observe: Observer | None = None,
    ) -> None:
        """Prepare the batch (nothing is looked up until :meth:`run`)."""
        self.service = service
        self.entities = list(entities)
        self.text = text
        self.digest = digest(text)
        self.progress = progress
        self.cancelled = cancelled or (lambda: False)
        self.observe = observe
        self.results: dict[str, Background] = {}

    def run(self) -> dict[str, Background]:
        """Backgrounds keyed by entity id, for every entity given."""
        groups = self.from_cache()
        self._report()
        client = self.service.client
        if groups and client is None:
            for members in groups:
                self._fallback(members, Background("offline"))
        elif groups and client is not None:
            mine, theirs = self.service.claim(groups)
            try:
                self.resolve_groups(client, mine)
            finally:
                self.service.release(mine)
            for members in theirs:
                self.wait_for(client, members)
        self._report()
        return self.results

    # -- the steps ----------------------------------------------------------------------

    def from_cache(self) -> list[list[Entity]]:
        """Finish what the cache knows (and what is never looked up); group the rest by name."""
        groups: dict[str, list[Entity]] = {}
        for number, entity in enumerate(self.entities):
            if number >= MAX_ENTITIES or skip_lookup(entity):
                self._finish([entity], Background("not_found"))
                continue
            record = self.service.record(entity, self.digest, fallback=False)
            if record is not None and is_fresh(record):
                self._finish([entity], from_record(record))
                continue
            groups.setdefault(self.service.key(entity), []).append(entity)
        return list(groups.values())

    def resolve_groups(self, client: WikiClient, groups: list[list[Entity]]) -> None:
        """Plan, fetch and judge every group; search and choose for those still open
        (:meth:`search_and_choose`).

        The titles up to each name are asked first, and a name's later titles only if none
        of those exists; the later titles ride along in the first requests where they fit,
        and the judge sees them only when they would have been asked.
        """
        if not groups:
            return
        plans = [self.plan(members) for members in groups]
        first = list(dict.fromkeys(t for plan in plans for t in plan.first))
        later = [t for plan in plans for t in plan.titles if t not in plan.first]
        known, failed = self.fetch(client, first, spare=later)
        missing = [
            plan
            for plan in plans
            if all(known.get(t) is None or known[t].page is None for t in plan.first)
        ]
        second = list(
            dict.fromkeys(t for plan in missing for t in plan.titles if t not in plan.first)
        )
        more, more_failed = self.fetch(client, [t for t in second if t not in known])
        asked = {*first, *second}
        found = {t: result for t, result in (known | more).items() if t in asked}
        failures = {t: err for t, err in failed.items() if t in asked and t not in more}
        failures.update(more_failed)
        judged = [
            (plan, decision)
            for plan in plans
            if (decision := self.judge(plan, found, failures)) is not None
        ]
        self.search_and_choose(client, judged, found)

    def search_and_choose(
        self,
        client: WikiClient,
        judged: Sequence[tuple[Plan, resolve.Decision]],
        found: dict[str, TitleResult],
    ) -> None:
        """Keep the title lookups' decisions, search for the names still open and choose
        among the results, weighing each page's coherence with the article's sure pages
        (:mod:`reader.lookup.coherence`).

        The choice is made twice: first against the sure pages the titles gave; then, once
        the pages that first choice found have joined them, again for every searched name
        from the same results (no new request). In the second, a name whose disambiguation
        page lists one of those pages means it (:func:`resolve.listed_sure_page`); and in an
        article about sport, a place found is weighed against the club or venue
        named after it (:meth:`resolve.Sport.instead`), for which a place the titles found
        is searched too (:meth:`place_teams`). A person the titles found whose field of work
        is none of the article's people's is set aside as a namesake
        (:meth:`Context.out_of_field`).
        """
        plans = [plan for plan, _ in judged]
        sure = self.sure_pages(judged)
        self.weigh_coherence(plans, Profile(sure))
        searches, places = [], []
        for plan, decision in judged:
            if decision.status == "search":
                searches.append((plan, decision))
            elif decision.status == "found" and resolve.team_question(
                plan.leader, decision.page, plan.context
            ):
                places.append((plan, decision))
            elif decision.page is not None and plan.context.out_of_field(decision.page):
                # a person of another field than the article's people: a namesake, offered
                sure.pop(plan.context.key, None)
                namesake = resolve.Decision("not_found", candidates=(decision.page,))
                self.finish_titles(plan, namesake, found)
            else:
                self.finish_titles(plan, decision, found)
        self._report()
        searched = self.search_all(client, searches)
        for plan, asked, pages in searched:
            chosen = resolve.choose(
                plan.leader, pages, plan.context, incumbent=asked.page, keep=asked.keep
            )
            if chosen.status == "found" and chosen.page is not None:
                sure[plan.context.key] = chosen.page
        profile = Profile(sure)
        sport = resolve.Sport.of(sure, profile)
        if sport is None:
            for plan, decision in places:
                self.finish_titles(plan, decision, found)
        self.weigh_coherence(plans, profile, sporting=sport is not None)
        if sport is not None:
            self.place_teams(client, places, sport, found)
        for plan, asked, pages in searched:
            if listed := resolve.listed_sure_page(asked.page, sure, plan.context.key):
                chosen = resolve.Decision("found", page=listed, scope="article")
            else:
                chosen = resolve.choose(
                    plan.leader, pages, plan.context, incumbent=asked.page, keep=asked.keep
                )
            if sport is not None:
                chosen = sport.instead(plan.leader, chosen, pages, plan.context)
            chosen = self.calibrate(plan, chosen)
            self._finish(plan.members, self.service.store(plan.leader, self.digest, chosen))
        self._report()

    def place_teams(
        self,
        client: WikiClient,
        places: Sequence[tuple[Plan, resolve.Decision]],
        sport: resolve.Sport,
        found: dict[str, TitleResult],
    ) -> None:
        """Search the places the titles found in an article about sport and give
        each the page of the article's sport named after it (:meth:`resolve.Sport.instead`),
        else keep the place. A place whose search failed keeps its page for this run, not
        stored, so that a later run weighs it again."""

        def keep_unstored(plan: Plan, decision: resolve.Decision, _: BaseException) -> None:
            record = decision_record(self.calibrate(plan, decision))
            self._finish(plan.members, from_record(record, cached=False))

        for plan, asked, pages in self.search_all(client, places, on_error=keep_unstored):
            chosen = sport.instead(plan.leader, asked, pages, plan.context)
            if chosen is asked:
                self.finish_titles(plan, asked, found)
            else:
                chosen = self.calibrate(plan, chosen)
                self._finish(plan.members, self.service.store(plan.leader, self.digest, chosen))

    def plan(self, members: list[Entity]) -> Plan:
        """The titles to ask for: those up to the entity's own name first, the rest if
        none of those exists."""
        leader = members[0]
        titles = title_candidates(leader, self.text)
        upto = titles.index(leader.name) + 1 if leader.name in titles else 1
        first = [t for n, t in enumerate(titles) if n < upto or any(c.isdigit() for c in t)]
        return Plan(members, titles, first, Context(self.text, leader))

    def fetch(
        self, client: WikiClient, titles: Iterable[str], spare: Iterable[str] = ()
    ) -> tuple[dict[str, TitleResult], dict[str, BaseException]]:
        """What the wiki says of ``titles`` (and of those of ``spare`` that fit in the same
        requests), in requests of up to 50 titles; failures by title. Titles the wiki
        answered earlier in the session are not asked again."""
        unique = list(dict.fromkeys(titles))
        wanted = set(unique)
        extra = list(dict.fromkeys(t for t in spare if t not in wanted))
        found = self.service.known_titles([*unique, *extra])
        needed = {t for t in unique if t not in found}
        batches = title_batches(t for t in [*unique, *extra] if t not in found)
        chunks = [chunk for chunk in batches if chunk[0] in needed]  # the needed titles lead
        failures: dict[str, BaseException] = {}

        def query(chunk: list[str]) -> None:
            try:
                self._check_cancelled()
                found.update(self.service.query_titles(client, chunk))
            except Exception as err:  # noqa: BLE001 - a failed chunk fails its titles only
                failures.update(dict.fromkeys(chunk, err))

        _in_parallel(query, chunks, client.policy.max_in_flight)
        return found, failures

    def judge(
        self,
        plan: Plan,
        found: dict[str, TitleResult],
        failures: dict[str, BaseException],
    ) -> resolve.Decision | None:
        """Decide from the titles alone (or to search); ``None`` when the titles failed."""
        failed = next((failures[t] for t in plan.titles if t in failures), None)
        if failed is not None:
            self._fallback(plan.members, Background("error", error=reason(failed)))
            return None
        results = [found.get(t) for t in plan.titles]
        return resolve.judge_titles(plan.leader, results, plan.context)

    def finish_titles(
        self, plan: Plan, decision: resolve.Decision, found: dict[str, TitleResult]
    ) -> None:
        """Calibrate and keep a decision the title lookups made."""
        redirected = any(
            r is not None and r.redirected and r.page == decision.page
            for r in (found.get(t) for t in plan.titles)
        )
        decision = self.calibrate(plan, decision, redirected=redirected)
        self._finish(plan.members, self.service.store(plan.leader, self.digest, decision))

    def sure_pages(self, judged: Sequence[tuple[Plan, resolve.Decision]]) -> dict[str, Page]:
        """The pages of the article's names that coherence weighs others against, by name:
        those the cache had for the batch's names and those the title lookups found."""
        sure: dict[str, Page] = {}
        for entity in self.entities:
            background = self.results.get(entity.id)
            page = shown_page(background) if background is not None else None
            if page is not None:
                sure[self.service.key(entity)] = page
        for plan, decision in judged:
            if decision.status == "found" and decision.page is not None:
                sure[self.service.key(plan.leader)] = decision.page
        return sure

    def weigh_coherence(
        self, plans: Sequence[Plan], profile: Profile, *, sporting: bool = False
    ) -> None:
        """Give every plan's context the profile of the article's sure pages
        (:mod:`reader.lookup.coherence`) and whether the article is about sport
        (:class:`resolve.Sport`)."""
        for plan in plans:
            plan.context.profile = profile
            plan.context.key = self.service.key(plan.leader)
            plan.context.sporting = sporting

    def search_all(
        self,
        client: WikiClient,
        searches: Sequence[tuple[Plan, resolve.Decision]],
        *,
        on_error: Callable[[Plan, resolve.Decision, BaseException], None] | None = None,
    ) -> list[tuple[Plan, resolve.Decision, list[Page]]]:
        """Search the wiki for every name (once for all the groups of that name): each plan
        with the decision that asked and the pages found. A failed search fails its groups
        (or is given to ``on_error``)."""
        by_query: dict[str, list[tuple[Plan, resolve.Decision]]] = {}
        for plan, decision in searches:
            by_query.setdefault(plan.leader.name, []).append((plan, decision))
        done: list[tuple[Plan, resolve.Decision, list[Page]]] = []

        def search(jobs: list[tuple[Plan, resolve.Decision]]) -> None:
            try:
                self._check_cancelled()
                pages = self.service.search_pages(
                    client, jobs[0][0].leader.name, resolve.SEARCH_LIMIT
                )
            except Exception as err:  # noqa: BLE001
                for plan, asked in jobs:
                    if on_error is not None:
                        on_error(plan, asked, err)
                    else:
                        self._fallback(plan.members, Background("error", error=reason(err)))
                return
            done.extend((plan, asked, pages) for plan, asked in jobs)

        _in_parallel(search, list(by_query.values()), client.policy.max_in_flight)
        order = {id(plan): number for number, (plan, _) in enumerate(searches)}
        return sorted(done, key=lambda job: order[id(job[0])])

    def calibrate(
        self, plan: Plan, decision: resolve.Decision, *, redirected: bool = False
    ) -> resolve.Decision:
        """Say how sure the decision is; a found page below the model's threshold becomes
        the first of the candidates offered (``ambiguous``)."""
        if decision.status not in ("found", "ambiguous"):
            return decision
        model = self.service.model
        first = [decision.page] if decision.page is not None else []
        pages = list({page.title: page for page in [*first, *decision.candidates]}.values())
        weighed = {
            page.title: features(
                plan.leader,
                page,
                plan.context,
                ranking=decision.ranking,
                redirected=redirected and page is decision.page,
            )
            for page in pages
        }
        if decision.page is not None and self.observe is not None:
            self.observe(plan.leader, decision, weighed[decision.page.title])
        sure = {title: model.confidence(values) for title, values in weighed.items()}
        shares = {page.title: share for page, share in decision.ranking}
        # The page found first. When a search ranked them (resolve.choose), the others
        # follow the ranking model, fitted on every candidate, and show their shares: the
        # link model, fitted on the pages the resolver chose, speaks only for the page
        # found, and among the others would put a page of the wrong kind first. Else the
        # others follow the link model (stable: the resolver's order breaks ties).
        others = shares or sure
        ranked = (*first, *sorted(pages[len(first) :], key=lambda p: -others.get(p.title, 0.0)))
        scores = tuple(
            (sure if n < len(first) else others).get(page.title, 0.0)
            for n, page in enumerate(ranked)
        )
        confidence = scores[0] if scores else None
        if decision.status == "found" and confidence is not None and confidence < model.found_at:
            return replace(
                decision, status="ambiguous", page=None, candidates=ranked,
                confidence=confidence, scores=scores,
            )  # fmt: skip
        return replace(decision, candidates=ranked, confidence=confidence, scores=scores)

    def wait_for(self, client: WikiClient, members: list[Entity]) -> None:
        """Another thread is resolving this name: wait for it, then read what it stored."""
        self.service.wait(members[0], client.policy.call_deadline)
        record = self.service.record(members[0], self.digest, fallback=False)
        if record is not None:
            self._finish(members, from_record(record, cached=False))
        else:
            self.resolve_groups(client, [members])

    # -- bookkeeping --------------------------------------------------------------------

    def _check_cancelled(self) -> None:
        if self.cancelled():
            raise LookupCancelled("lookups were cancelled")

    def _fallback(self, members: list[Entity], background: Background) -> None:
        """A stale cache entry beats an error or ``offline``."""
        record = self.service.record(members[0], self.digest)
        self._finish(members, from_record(record) if record is not None else background)

    def _finish(self, members: list[Entity], background: Background) -> None:
        for entity in members:
            self.results.setdefault(entity.id, background)

    def _report(self) -> None:
        if self.progress is not None:
            try:
                total = len(self.entities)
                self.progress(min(len(self.results), total), total)
            except Exception:  # noqa: BLE001
                log.exception("progress callback failed")


def _in_parallel(work: Callable[[T], None], items: Sequence[T], limit: int) -> None:
    """Run ``work`` on every item, at most ``limit`` at once; errors propagate."""
    if len(items) == 1:
        work(items[0])
    elif items:
        with ThreadPoolExecutor(max_workers=min(limit, len(items))) as pool:
            for future in [pool.submit(work, item) for item in items]:
                future.result()

"""Link accuracy on real news: the reader's Wikipedia backgrounds for the gold entities of
news-fair-v2-dev, against a fixture wiki that behaves like Wikipedia for them.

Usage: ``python -m bench.links [-v] [--keep DIR]``.

Starts the fixture server with ``tests/data/wiki/newsfair_pages.json`` (a page for every
linked gold entity under its Wikipedia title, Wikipedia's redirects, namesakes,
disambiguation pages and pages for capitalised common words, with page views to rank
search), runs ``reader entities ARTICLE... --json --lookup`` over the 80 articles of
``../shared/corpus/news-fair-v2-dev`` (one process per half, each with its own cache),
then again with ``--offline`` on the same caches, which must make no request.

Scored: every gold entity with a Wikipedia page whose mentions the NLP found. Its
predicted entity is the one holding most of its mentions (a gold mention matches a
predicted mention with the same span, else the one overlapping it most; on a tie the
entity found first). The gold page is the fixture's page for the entity's Wikidata id
(``sitelinks``), else its title after the fixture's redirects. Printed:

- ``link_accuracy``: the predicted entity's background is ``found`` with the gold page,
  over the linkable gold entities found by the NLP;
- ``wrong_among_found``: backgrounds shown as found that are the wrong page, over all
  backgrounds shown as found (for those entities);
- not-found, ambiguous and other outcomes; found pages given to NIL gold entities;
- ``requests_per_entity``: the server's requests over the entities looked up (all the
  reader's entities, scored or not), and the ``--offline`` run's requests (0).

``-v`` lists every wrong link. The corpus texts are never copied into the repository.
Without ``../shared/corpus`` the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from wikifixture import DATA_DIR, Wiki, WikiServer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "news-fair-v2-dev"
PAGES = DATA_DIR / "newsfair_pages.json"
READER = Path(sys.executable).with_name("reader")
JOBS = 2
"""Reader processes (this machine has two cores); each has its own cache directory."""


@dataclass
class Judged:
    """One linkable gold entity found by the NLP, and what the reader showed for it."""

    article: str
    name: str
    label: str
    gold: str
    predicted: str
    status: str
    title: str | None

    @property
    def right(self) -> bool:
        return self.status == "found" and self.title == self.gold


def articles() -> list[tuple[Path, dict[str, Any]]]:
    """``(article path, gold)`` of every annotated article, in order."""
    pairs = []
    for gold_file in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pairs.append((CORPUS / "articles" / gold["article"], gold))
    return pairs


def run_reader(
    paths: list[Path], server: WikiServer, cache: Path, offline: bool
) -> list[dict[str, Any]]:
    """``reader entities PATHS --json --lookup`` in one process: one object per article."""
    command = [str(READER), "entities", *map(str, paths), "--json", "--lookup"]
    command += ["--wiki-api", server.url, "--cache-dir", str(cache)]
    if offline:
        command.append("--offline")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    outputs = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or len(outputs) != len(paths):
        raise SystemExit(f"reader failed ({done.returncode}): {done.stderr[-800:]}")
    return outputs


def run_all(
    paths: list[Path], server: WikiServer, caches: list[Path], offline: bool
) -> dict[str, dict[str, Any]]:
    """Every article's output by path, :data:`JOBS` processes, each on its own cache."""
    parts = [paths[index::JOBS] for index in range(JOBS)]
    jobs = [(part, server, cache) for part, cache in zip(parts, caches, strict=True)]
    with ThreadPoolExecutor(JOBS) as pool:
        results = list(pool.map(lambda job: run_reader(job[0], job[1], job[2], offline), jobs))
    outputs: dict[str, dict[str, Any]] = {}
    for part, result in zip(parts, results, strict=True):
        for path, output in zip(part, result, strict=True):
            outputs[str(path)] = output
    return outputs


T = TypeVar("T")


def on_fixture_wiki(collect: Callable[[WikiServer, Path], T], prefix: str) -> T:
    """``collect(server, work)`` with the news-fair fixture wiki served and a scratch folder."""
    server = WikiServer(Wiki.load(PAGES)).start()
    try:
        with tempfile.TemporaryDirectory(prefix=prefix) as work:
            return collect(server, Path(work))
    finally:
        server.stop()


def fit_options(description: str, argv: Sequence[str] | None) -> argparse.Namespace | None:
    """A fitting script's options (``--write``); ``None``, once it has said so, when the
    corpus is absent."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--write", action="store_true", help="write the fitted model")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}: nothing to fit")
        return None
    return args


def gold_title(entity: dict[str, Any], wiki: Wiki, sitelinks: dict[str, str]) -> str:
    """The fixture page a gold entity means: by its Wikidata id, else by its title."""
    if entity.get("qid") in sitelinks:
        return sitelinks[entity["qid"]]
    title = wiki.normalize(entity["wikipedia"])
    return wiki.redirects.get(title, title)


def predicted_entity(
    gold: dict[str, Any], predicted: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The predicted entity holding most of the gold entity's mentions (exact span, else
    the predicted mention overlapping most); ``None`` when no mention was found."""
    votes: Counter[int] = Counter()
    for mention in gold["mentions"]:
        start, end = mention["start"], mention["end"]
        best: tuple[int, int] | None = None  # (overlap, entity index)
        for index, entity in enumerate(predicted):
            for found in entity["mentions"]:
                if (found["start"], found["end"]) == (start, end):
                    overlap = end - start + 1_000_000  # an exact span beats any overlap
                else:
                    overlap = min(end, found["end"]) - max(start, found["start"])
                if overlap > 0 and (best is None or overlap > best[0]):
                    best = (overlap, index)
        if best is not None:
            votes[best[1]] += 1
    if not votes:
        return None
    most = max(votes.values())
    return predicted[min(index for index, count in votes.items() if count == most)]


def outcome(entity: dict[str, Any]) -> tuple[str, str | None]:
    background = entity.get("background") or {}
    status = background.get("status", "none")
    return status, background.get("title") if status == "found" else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong link")
    parser.add_argument("--keep", type=Path, help="keep the reader's outputs in this directory")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}: nothing to measure")
        return
    data = json.loads(PAGES.read_text(encoding="utf-8"))
    sitelinks: dict[str, str] = data.get("sitelinks", {})
    wiki = Wiki.load(PAGES)
    server = WikiServer(wiki).start()
    pairs = articles()
    paths = [path for path, _ in pairs]
    work = Path(tempfile.mkdtemp(prefix="reader-bench-links-"))
    caches = [work / f"cache{index}" for index in range(JOBS)]
    try:
        outputs = run_all(paths, server, caches, offline=False)
        requests = server.request_count
        kinds = server.request_kinds()
        server.reset()
        again = run_all(paths, server, caches, offline=True)
        offline_requests = server.request_count
    finally:
        server.stop()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for source, output in outputs.items():
            (args.keep / f"{Path(source).stem}.json").write_text(json.dumps(output))

    judged: list[Judged] = []
    nil_found = nil_seen = linkable = 0
    looked_up = 0
    changed: list[str] = []
    for path, gold in pairs:
        predicted = outputs[str(path)]["entities"]
        repeated = again[str(path)]["entities"]
        looked_up += sum(1 for entity in predicted if "background" in entity)
        for first, second in zip(predicted, repeated, strict=True):
            if outcome(first) != outcome(second):
                changed.append(f"{first['name']!r}: {outcome(first)} then {outcome(second)}")
        for entity in gold["entities"]:
            match = predicted_entity(entity, predicted)
            if entity.get("wikipedia") is None:
                if match is not None:
                    nil_seen += 1
                    nil_found += outcome(match)[0] == "found"
                continue
            linkable += 1
            if match is None:
                continue
            status, title = outcome(match)
            judged.append(
                Judged(
                    gold["article"][:40],
                    entity["name"],
                    entity["label"],
                    gold_title(entity, wiki, sitelinks),
                    match["name"],
                    status,
                    title,
                )
            )

    statuses = Counter(item.status for item in judged)
    found = [item for item in judged if item.status == "found"]
    right = sum(item.right for item in judged)
    wrong_found = sum(not item.right for item in found)
    total = len(judged)
    print(f"fixture wiki: {len(wiki.pages)} pages, {len(wiki.redirects)} redirects ({PAGES.name})")
    print(f"linkable gold entities found by the NLP = {total} of {linkable}")
    print(f"link_accuracy = {right / max(total, 1):.1%} ({right}/{total})")
    print(
        f"wrong_among_found = {wrong_found / max(len(found), 1):.1%}"
        f" ({wrong_found}/{len(found)} shown as found)"
    )
    others = ", ".join(
        f"{status} {count}" for status, count in statuses.most_common() if status != "found"
    )
    print(f"not found / ambiguous / other: {others or 'none'}")
    print(f"NIL gold entities found by the NLP given a page: {nil_found} of {nil_seen}")
    by_label: dict[str, list[Judged]] = {}
    for item in judged:
        by_label.setdefault(item.label, []).append(item)
    print(
        "by gold label: "
        + ", ".join(
            f"{label} {sum(i.right for i in items)}/{len(items)}"
            for label, items in sorted(by_label.items(), key=lambda pair: -len(pair[1]))
        )
    )
    print(
        f"requests_per_entity = {requests / max(looked_up, 1):.2f}"
        f" ({requests} requests, {looked_up} entities looked up)"
    )
    print("requests by kind: " + ", ".join(f"{kind} {count}" for kind, count in kinds.items()))
    note = f", {len(changed)} outcomes differ from the first run" if changed else ""
    print(f"offline_second_run_requests = {offline_requests}{note}")
    if args.verbose:
        for line in changed:
            print(f"  offline run differs: {line}")
        print()
        print("wrong links (gold entity -> reader's outcome):")
        for item in judged:
            if item.right:
                continue
            shown = item.title if item.status == "found" else item.status
            print(
                f"  {item.article:40} {item.label:11} {item.name!r} (as {item.predicted!r})"
                f" -> {shown!r}, gold {item.gold!r}"
            )


if __name__ == "__main__":
    main()

"""Understanding on real news annotated by others, beside spaCy's small model alone.

Usage: ``python -m bench.corpus [--corpus DIR] [--keep DIR] [--only NAME] [--ablate [--digits N]]``.

Runs ``reader entities ARTICLE... --json`` (one process per corpus half, JSON Lines out)
over the development corpora in ``../shared/corpus`` (``news-fair-v2-dev``,
``aida-conll-dev``), scores the output with the corpus's own ``score.py``, does the
same for ``baseline_spacy.py`` (spaCy alone), and prints mention F1 and panel F1,
strict and relaxed, per corpus and subset, as ``figure = reader (spaCy, ratio)``.

``--ablate`` measures instead what each rule group of :mod:`reader.nlp.rules` is worth:
the model runs once over every article (in this process), then the entities are built
with all rules and again with each group turned off, and the table gives each group's
effect, all rules minus that group off (positive: the group helps). The groups that act
before or inside the model (``MODEL_GROUPS``: what the model reads, the dateline
component in the spaCy pipeline) get a model run of their own with the group off.

The corpus texts are never copied into the repository. Without ``../shared/corpus``
the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CORPORA = ("news-fair-v2-dev", "aida-conll-dev")
READER = Path(sys.executable).with_name("reader")
JOBS = 2
"""Reader processes per corpus (this machine has two cores)."""
FIGURES = (("relaxed", "f1"), ("relaxed", "panel_f1"), ("strict", "f1"), ("strict", "panel_f1"))


def _articles(corpus: Path) -> list[tuple[str, Path]]:
    """``(gold stem, article path)`` of every annotated article, in order."""
    pairs = []
    for gold in sorted((corpus / "gold").glob("*.json")):
        article = json.loads(gold.read_text(encoding="utf-8"))["article"]
        pairs.append((gold.stem, corpus / "articles" / article))
    return pairs


def _run_reader(articles: list[tuple[str, Path]], out: Path) -> None:
    """``reader entities`` over ``articles`` in one process; one prediction file each."""
    by_source = {str(path): stem for stem, path in articles}
    done = subprocess.run(
        [str(READER), "entities", *by_source, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    seen = set()
    for line in done.stdout.splitlines():
        payload = json.loads(line)
        stem = by_source[payload["source"]]
        (out / f"{stem}.json").write_text(json.dumps(payload), encoding="utf-8")
        seen.add(stem)
    missing = set(by_source.values()) - seen
    if missing:
        raise SystemExit(f"reader gave no output for {len(missing)} articles: {done.stderr[-500:]}")


def predict_reader(corpus: Path, out: Path) -> None:
    """Reader predictions for ``corpus`` in ``out``/<corpus>/, :data:`JOBS` processes."""
    target = out / corpus.name
    target.mkdir(parents=True, exist_ok=True)
    articles = _articles(corpus)
    halves = [articles[index::JOBS] for index in range(JOBS)]
    with ThreadPoolExecutor(JOBS) as pool:
        list(pool.map(lambda part: _run_reader(part, target), halves))


def predict_spacy(corpus: Path, out: Path) -> None:
    """spaCy-alone predictions, by the corpus's own ``baseline_spacy.py``."""
    subprocess.run(
        [sys.executable, str(corpus.parent / "baseline_spacy.py"), str(corpus), "--out", str(out)],
        check=True,
        capture_output=True,
    )


def score(corpus: Path, predictions: Path) -> dict[str, dict]:
    """``score.py --json`` figures of ``corpus``: subset -> figures."""
    command = [sys.executable, str(corpus.parent / "score.py"), str(corpus), "--json"]
    done = subprocess.run(
        [*command, "--pred-dir", str(predictions)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)["figures"][corpus.name]


def ablate(corpora: list[Path], out: Path, digits: int = 3) -> None:
    """Print each rule group's effect on the key figures (see the module docstring), to
    ``digits`` decimals."""
    from reader.documents import load_document
    from reader.nlp.mentions import build_entities
    from reader.nlp.pipeline import iter_spans, load_pipeline
    from reader.nlp.rules import MODEL_GROUPS, RULE_GROUPS, disabled
    from reader.nlp.spans import RawSpan

    nlp = load_pipeline()
    runs = {"": ()} | {group: (group,) for group in RULE_GROUPS}
    figures: dict[str, dict[str, float]] = {}
    for corpus in corpora:
        texts = [(stem, load_document(str(path)).text) for stem, path in _articles(corpus)]
        read: dict[str, list[list[RawSpan]]] = {}  # the model's spans, by what it was given
        for run in ("", *MODEL_GROUPS):
            with disabled(runs[run]):
                read[run] = [[s for _, b in iter_spans(text, nlp) for s in b] for _, text in texts]
        for run, off in runs.items():
            target = out / (run or "all") / corpus.name
            target.mkdir(parents=True, exist_ok=True)
            with disabled(off):
                for (stem, text), spans in zip(texts, read.get(run, read[""]), strict=True):
                    entities = [e.to_json() for e in build_entities(text, spans) if e.is_name]
                    (target / f"{stem}.json").write_text(json.dumps({"entities": entities}))
            scored = score(corpus, target.parent)
            for label, subset, kind in _KEY_FIGURES.get(corpus.name, ()):
                for figure in ("f1", "panel_f1"):
                    what = "mention" if figure == "f1" else "panel"
                    key = f"{label} {what}"
                    figures.setdefault(run, {})[key] = scored[subset][kind][figure]
            figures[run][f"{corpus.name.split('-')[0]} labels"] = label_accuracy(corpus, target)
    keys = list(figures[""])
    width = max(map(len, keys)) + 2
    print("rule group".ljust(24) + "".join(key.rjust(width) for key in keys))
    print("all rules".ljust(24) + "".join(f"{figures[''][key]:{width}.{digits}f}" for key in keys))
    for group in RULE_GROUPS:
        effects = [figures[""][key] - figures[group][key] for key in keys]
        print(group.ljust(24) + "".join(f"{effect:+{width}.{digits}f}" for effect in effects))


def label_accuracy(corpus: Path, predictions: Path) -> float:
    """Of the gold mentions the reader found with exactly their span, the share it gave
    the gold's type (the scorer ignores types; gold types come from Wikidata, ``UNK`` and
    demonyms left out)."""
    right = found = 0
    for stem, _ in _articles(corpus):
        gold = json.loads((corpus / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
        path = predictions / f"{stem}.json"
        predicted = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        labels = {
            (mention["start"], mention["end"]): entity["label"]
            for entity in predicted.get("entities", ())
            for mention in entity["mentions"]
        }
        for entity in gold["entities"]:
            if entity["label"] == "UNK" or entity["kind"] != "name":
                continue
            for mention in entity["mentions"]:
                label = labels.get((mention["start"], mention["end"]))
                if label is not None:
                    found += 1
                    right += label == entity["label"]
    return right / found if found else float("nan")


_KEY_FIGURES = {
    "news-fair-v2-dev": [("news-fair relaxed", "all", "relaxed")],
    "aida-conll-dev": [
        ("aida prose strict", "prose", "strict"),
        ("aida all strict", "all", "strict"),
    ],
}
"""The figures the ablation table shows: (column label, subset, matching)."""


def main() -> int:
    """Predict, score and print; exit 0 (also when the corpus is absent)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder")
    parser.add_argument("--keep", type=Path, help="keep the predictions in this folder")
    parser.add_argument("--only", choices=CORPORA, help="one corpus only")
    parser.add_argument("--ablate", action="store_true", help="each rule group's effect")
    parser.add_argument("--digits", type=int, default=3, help="decimals of --ablate's table")
    args = parser.parse_args()
    if not (args.corpus / "score.py").is_file():
        print(f"corpus: skipped, no annotated corpus at {args.corpus}")
        return 0
    names = [args.only] if args.only else list(CORPORA)
    with tempfile.TemporaryDirectory(prefix="reader-corpus-") as scratch:
        out = args.keep or Path(scratch)
        if args.ablate:
            ablate([args.corpus / name for name in names], out / "ablation", args.digits)
            return 0
        for name in names:
            corpus = args.corpus / name
            predict_reader(corpus, out / "reader")
            predict_spacy(corpus, out / "spacy")
            ours, theirs = score(corpus, out / "reader"), score(corpus, out / "spacy")
            for subset, figures in ours.items():
                for kind, figure in FIGURES:
                    value, base = figures[kind][figure], theirs[subset][kind][figure]
                    what = "mention F1" if figure == "f1" else "panel F1"
                    label = f"{name} {subset} {kind} {what}"
                    ratio = value / base if base else float("nan")
                    print(f"{label} = {value:.3f} (spaCy alone {base:.3f}, {ratio:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

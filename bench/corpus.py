"""Understanding on real news annotated by others, beside spaCy's small model alone.

Usage: ``python -m bench.corpus [--corpus DIR] [--keep DIR] [--only NAME]``.

Runs ``reader entities ARTICLE... --json`` (one process per corpus half, JSON Lines out)
over the development corpora in ``../shared/corpus`` (``news-fair-v2-dev``,
``aida-conll-dev``), scores the output with the corpus's own ``score.py``, does the
same for ``baseline_spacy.py`` (spaCy alone), and prints mention F1 and panel F1,
strict and relaxed, per corpus and subset, as ``figure = reader (spaCy, ratio)``.

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
        [sys.executable, str(CORPUS / "baseline_spacy.py"), str(corpus), "--out", str(out)],
        check=True,
        capture_output=True,
    )


def score(corpus: Path, predictions: Path) -> dict[str, dict]:
    """``score.py --json`` figures of ``corpus``: subset -> figures."""
    command = [sys.executable, str(CORPUS / "score.py"), str(corpus), "--json"]
    done = subprocess.run(
        [*command, "--pred-dir", str(predictions)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)["figures"][corpus.name]


def main() -> int:
    """Predict, score and print; exit 0 (also when the corpus is absent)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder")
    parser.add_argument("--keep", type=Path, help="keep the predictions in this folder")
    parser.add_argument("--only", choices=CORPORA, help="one corpus only")
    args = parser.parse_args()
    if not (args.corpus / "score.py").is_file():
        print(f"corpus: skipped, no annotated corpus at {args.corpus}")
        return 0
    with tempfile.TemporaryDirectory(prefix="reader-corpus-") as scratch:
        out = args.keep or Path(scratch)
        for name in [args.only] if args.only else CORPORA:
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

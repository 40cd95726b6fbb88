"""The NER worker process: ``python -m reader.nlp.worker MODEL`` reads text, streams spans.

Running spaCy in its own process lets the app paint and stay responsive on one
core while the model loads and runs on another, with no GIL contention.

Protocol: the document text arrives on stdin (UTF-8). Each line on stdout is a
JSON object: first ``{"model": DESCRIPTION}``, then ``{"done": CHARS, "spans":
[[start, end, label], ...]}`` per batch, then ``{"end": true}``; a failure is
reported as ``{"error": MESSAGE}``.
"""

from __future__ import annotations

import json
import sys

from reader.errors import ReaderError


def _emit(payload: dict) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    """Run the worker; returns the exit code."""
    from reader.nlp.pipeline import iter_spans, load_pipeline, model_description

    text = sys.stdin.buffer.read().decode("utf-8")
    try:
        nlp = load_pipeline(argv[0] if argv and argv[0] else None)
        _emit({"model": model_description(nlp)})
        for done, spans in iter_spans(text, nlp):
            _emit({"done": done, "spans": [[s.start, s.end, s.label] for s in spans]})
    except ReaderError as error:
        _emit({"error": error.message})
        return 2
    except BrokenPipeError:
        return 0
    _emit({"end": True})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Stream NER spans from a worker process (see ``reader.nlp.worker``)."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
from collections.abc import Iterator

from reader.errors import ModelError
from reader.nlp.mentions import RawSpan


class SpanStream:
    """Runs the NER worker on ``text`` and yields ``(characters_done, spans)`` as they come.

    The process starts at construction, so the model loads while the caller
    does other work (such as painting the first screen). ``close()`` stops it.
    """

    def __init__(self, text: str, model: str | None = None) -> None:
        self.model_description: str | None = None
        self._process = subprocess.Popen(
            [sys.executable, "-m", "reader.nlp.worker", model or ""],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._writer = threading.Thread(target=self._write, args=(text,), daemon=True)
        self._writer.start()

    def _write(self, text: str) -> None:
        assert self._process.stdin is not None
        with contextlib.suppress(ValueError, OSError):  # the worker was stopped early
            self._process.stdin.write(text.encode("utf-8"))
            self._process.stdin.close()

    def __iter__(self) -> Iterator[tuple[int, list[RawSpan]]]:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            message = json.loads(line)
            if "model" in message:
                self.model_description = message["model"]
            elif "spans" in message:
                spans = [RawSpan(start, end, label) for start, end, label in message["spans"]]
                yield message["done"], spans
            elif "error" in message:
                raise ModelError(message["error"])
            elif message.get("end"):
                return
        if self._process.poll() not in (None, 0):
            raise ModelError("the entity recogniser stopped unexpectedly")

    def close(self) -> None:
        """Stop the worker process (at once if it is still running)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def __enter__(self) -> SpanStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

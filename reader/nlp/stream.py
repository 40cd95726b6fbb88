"""Run the NER worker process (``reader.nlp.worker``) and read its updates."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.errors import ModelError
from reader.models import Entity

WORKER_DIRECTORY = Path(__file__).resolve().parent
"""The worker's working directory: reader's own code, never the user's current folder."""


@dataclass(frozen=True, slots=True)
class Update:
    """Entities found so far."""

    entities: list[Entity]
    done: int
    """Characters analysed."""
    total: int
    """Characters in the document."""
    final: bool
    """Whether the whole document has been analysed."""


class AnalysisStream:
    """Starts the NER worker process at once; it loads the model when it gets the text.

    The worker dies with the thread that creates it (``reader.nlp.lifeline``), so create
    the stream on a thread that outlives it, such as the main thread.

    Give it the text with :meth:`feed`, then iterate to receive :class:`Update`s.
    :meth:`close` stops the worker.
    """

    def __init__(self, model: str | None = None) -> None:
        self.model_description: str | None = None
        if model and Path(model).exists():  # a pipeline directory: the worker runs elsewhere
            model = str(Path(model).resolve())
        self._process = subprocess.Popen(
            # -P: the working directory is not on sys.path, so a spacy.py or json.py
            # lying there is never imported; the worker also runs in a directory of ours.
            [sys.executable, "-P", "-m", "reader.nlp.worker", model or ""],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=WORKER_DIRECTORY,
            start_new_session=True,  # its own process group: close() stops spaCy's helpers too
        )

    @property
    def pid(self) -> int:
        """The worker's process id."""
        return self._process.pid

    def feed(self, text: str) -> None:
        """Send the document text (from a thread, so a large text never blocks the caller)."""
        threading.Thread(target=self._write, args=(text,), daemon=True).start()

    def _write(self, text: str) -> None:
        assert self._process.stdin is not None
        with contextlib.suppress(ValueError, OSError):  # the worker was stopped early
            self._process.stdin.write(text.encode("utf-8"))
            self._process.stdin.close()

    def __iter__(self) -> Iterator[Update]:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            message = json.loads(line)
            if "model" in message:
                self.model_description = message["model"]
            elif "entities" in message:
                entities = [Entity.from_json(item) for item in message["entities"]]
                yield Update(entities, message["done"], message["total"], message["final"])
                if message["final"]:
                    return
            elif "error" in message:
                raise ModelError(message["error"])
        if self._process.poll() not in (None, 0):
            raise ModelError("the entity recogniser stopped unexpectedly")

    def close(self) -> None:
        """Stop the worker process (at once if it is still running)."""
        if self._process.returncode is None:  # not yet reaped: its group id is still ours
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def __enter__(self) -> AnalysisStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

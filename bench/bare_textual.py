"""The floor for first paint: a bare Textual app showing a text file, and nothing else.

``python bench/bare_textual.py FILE [--with-worker]``: one ``Static(Content(text))`` in a
``VerticalScroll``. With ``--with-worker`` the app also starts reader's NER worker process
(``reader.nlp.stream.AnalysisStream``) before it runs, as ``reader`` does, to show what the
model loading on the other core costs the paint. ``q`` quits.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


class BareApp(App[None]):
    """Shows ``text`` in a scroll view."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content(self.text))


def main(argv: list[str]) -> int:
    """Run the app on the file named in ``argv``."""
    text = Path(argv[0]).read_text(encoding="utf-8")
    stream = None
    if "--with-worker" in argv:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from reader.nlp.stream import AnalysisStream

        stream = AnalysisStream()
        stream.feed(text)
    try:
        BareApp(text).run()
    finally:
        if stream is not None:
            stream.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

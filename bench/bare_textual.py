"""The floor for first paint: a bare Textual app showing a text file, and nothing else.

``python -m bench.bare_textual FILE [--loading-model]``: one ``Static(Content(text))`` in
a ``VerticalScroll``. With ``--loading-model`` it first starts reader's NER worker process
and sends it the text at once, so the model loads on the other core during the whole
start-up: what the paint would cost if reader loaded the model before it (reader sends
the text only once the article is painted). ``q`` quits.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run the app on the file named in ``argv``."""
    text = Path(argv[0]).read_text(encoding="utf-8")
    stream = None
    if "--loading-model" in argv:  # before Textual is imported, as reader starts its worker
        from reader.nlp.stream import AnalysisStream

        stream = AnalysisStream()
        stream.feed(text)

    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.content import Content
    from textual.widgets import Static

    class BareApp(App[None]):
        """Shows ``text`` in a scroll view."""

        BINDINGS = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Static(Content(text))

    try:
        BareApp().run()
    finally:
        if stream is not None:
            stream.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

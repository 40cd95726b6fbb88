"""A fixture MediaWiki server for reader's tests and benchmarks (development only).

Not part of the installed package: the wheel ships ``reader/`` alone. ``tests/`` and
``bench/`` import it from the repository's root (pytest's ``pythonpath``, or
``python -m bench.NAME``). See :mod:`wikifixture.server`.
"""

from wikifixture.server import (
    ARTICLES_FILE,
    DATA_DIR,
    HELDOUT_ARTICLES_FILE,
    HELDOUT_PAGES_FILE,
    HOSTILE_TITLE,
    PAGES_FILE,
    Faults,
    Wiki,
    WikiServer,
    encode,
    gzip_bomb,
    load_articles,
    load_heldout_articles,
    make_entities,
    start_server,
)

__all__ = [
    "ARTICLES_FILE",
    "DATA_DIR",
    "HELDOUT_ARTICLES_FILE",
    "HELDOUT_PAGES_FILE",
    "HOSTILE_TITLE",
    "PAGES_FILE",
    "Faults",
    "Wiki",
    "WikiServer",
    "encode",
    "gzip_bomb",
    "load_articles",
    "load_heldout_articles",
    "make_entities",
    "start_server",
]

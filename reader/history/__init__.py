"""The reading history: what the reader has read, and which names each article had.

:mod:`reader.history.store` is the database; :mod:`reader.history.recorder` records the
open article from a thread, and is light enough to import before the first frame.
"""

"""The reading history: what the reader has read, and which names each article had."""

from reader.history.store import ArticleRow, EntityRow, History, clean_source

__all__ = ["ArticleRow", "EntityRow", "History", "clean_source"]

"""What the cache keeps of a decision, and the :class:`Background` shown from it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wikipediaapi import (
    WikiConnectionError,
    WikiHttpError,
    WikiHttpTimeoutError,
    WikiInvalidJsonError,
    WikiRateLimitError,
)

from reader.lookup import resolve
from reader.lookup.cache import Record, new_record
from reader.lookup.cache import digest as digest  # its home was here: callers import it so
from reader.lookup.client import LookupCancelled, Page, WikiApiError
from reader.models import Background
from reader.sanitize import one_line


def page_fields(page: Page) -> dict[str, Any]:
    """The fields of ``page`` a record keeps."""
    return {
        "title": page.title,
        "url": page.url,
        "description": page.description,
        "summary": page.summary,
    }


def decision_record(decision: resolve.Decision) -> Record:
    """The record that keeps ``decision`` (with its candidates, for the chooser)."""
    fields: dict[str, Any] = {}
    if decision.page is not None:
        fields = page_fields(decision.page)
    if decision.confidence is not None:
        fields["confidence"] = round(decision.confidence, 3)
    if decision.status == "ambiguous" or (decision.status == "found" and decision.scores):
        # A found page keeps its rivals too: the panel names the runner-up of a page that
        # is only likely, and the chooser offers them.
        fields["candidates"] = [page.title for page in decision.candidates]
        fields["pages"] = [page.to_json() for page in decision.candidates]
        fields["scores"] = [round(score, 3) for score in decision.scores]
    elif decision.status == "not_found" and decision.candidates:
        fields["candidates"] = [page.title for page in decision.candidates]
        fields["pages"] = [page.to_json() for page in decision.candidates]
    return new_record(decision.status, fields)


def stored_page(record: Record | None, title: str) -> Page | None:
    """The page called ``title`` among a record's candidates, if it kept it."""
    for page in (record or {}).get("pages", []):
        if page["title"] == title:
            return Page(
                page["title"], page.get("url"), page.get("description"), page.get("summary") or ""
            )
    return None


def page_background(page: Page, status: str) -> Background:
    """A background showing ``page``, fetched now."""
    return Background(
        status,  # type: ignore[arg-type]
        title=page.title,
        url=page.url,
        description=page.description,
        summary=page.summary or None,
        fetched_at=datetime.now().astimezone().isoformat(timespec="seconds"),
    )


def shown_page(background: Background) -> Page | None:
    """The page a ``found`` background shows (the reverse of :func:`page_background`)."""
    if background.status != "found" or not background.title:
        return None
    return Page(background.title, background.url, background.description, background.summary or "")


def from_record(record: Record, *, cached: bool = True) -> Background:
    """The background a record shows; ``cached`` if it was read from the cache. The
    reader's own choice comes from their choices file, neither cached nor fetched: it
    says only ``chosen_by``."""
    if record.get("chosen_by") == "reader":
        cached = False
        record = {**record, "stored": None}
    return Background(
        record["status"],
        title=record.get("title"),
        url=record.get("url"),
        description=record.get("description"),
        summary=record.get("summary") or None,
        candidates=tuple(record.get("candidates", ())),
        confidence=record.get("confidence"),
        chosen_by=record.get("chosen_by"),
        scores=tuple(record.get("scores", ())),
        cached_at=record.get("stored") if cached else None,
        fetched_at=None if cached else record.get("stored"),
    )


def reason(err: BaseException) -> str:
    """A one-line reason for the ``error`` state."""
    if isinstance(err, LookupCancelled):
        return "cancelled"
    if isinstance(err, WikiRateLimitError):
        return "Wikipedia is rate-limiting requests; try again later"
    if isinstance(err, WikiHttpError):
        if err.status_code in (403, 404):
            return f"Wikipedia refused the request (HTTP {err.status_code})"
        return f"Wikipedia unavailable (HTTP {err.status_code})"
    if isinstance(err, WikiHttpTimeoutError):
        return "Wikipedia did not answer in time"
    if isinstance(err, WikiConnectionError):
        return "could not connect to Wikipedia"
    if isinstance(err, WikiInvalidJsonError | WikiApiError):
        return "Wikipedia sent an unusable reply"
    return one_line(f"lookup failed: {type(err).__name__}", 200)

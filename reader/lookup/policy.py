"""How hard the wiki client tries, and how long it lets a server make it wait."""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Retry and limit settings of the wiki client; tests shrink every wait."""

    max_retries: int = 3
    """Retries after the first attempt (429, 5xx, timeouts, refused connections)."""
    backoff: float = 0.5
    """First backoff in seconds, doubled each retry."""
    retry_after_cap: float = 30.0
    """The longest ``Retry-After`` honoured."""
    request_deadline: float = 15.0
    """Overall seconds for one HTTP request, headers and body, however slowly they drip."""
    call_deadline: float = 40.0
    """Overall seconds for one call, retries and waits included."""
    timeout: float = 8.0
    """httpx connect/read timeout (per read)."""
    max_bytes: int = 8_000_000
    """Decoded bytes accepted from one reply."""
    max_in_flight: int = 3
    """Requests open at the same time, across threads."""


def parse_retry_after(value: str | None, cap: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header, capped; ``None`` if unusable."""
    if not value:
        return None
    value = value.strip()
    seconds: float | None = None
    if value.isascii() and value.isdigit():
        seconds = float(int(value[:12]))
    else:
        try:
            when = parsedate_to_datetime(value)
            seconds = when.timestamp() - time.time()
        except (TypeError, ValueError, OverflowError, IndexError):
            return None
    return max(0.0, min(seconds, cap))

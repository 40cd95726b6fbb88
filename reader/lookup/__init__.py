"""Wikipedia backgrounds for entities: client, resolver, cache and the service tying them.

The service and the cache (with the HTTP stack under them) are imported on first use:
the UI imports :mod:`reader.lookup.coordinator` before its first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.lookup.cache import cache_info, clear_cache
    from reader.lookup.service import LookupService

__all__ = ["LookupService", "cache_info", "clear_cache"]


def __getattr__(name: str) -> Any:
    """``LookupService``, ``cache_info`` and ``clear_cache``, imported when first asked for."""
    if name == "LookupService":
        from reader.lookup.service import LookupService

        return LookupService
    if name in ("cache_info", "clear_cache"):
        from reader.lookup import cache

        return getattr(cache, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

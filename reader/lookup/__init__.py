"""Wikipedia backgrounds for entities: client, resolver, cache and the service tying them."""

from reader.lookup.cache import cache_info, clear_cache
from reader.lookup.service import LookupService

__all__ = ["LookupService", "cache_info", "clear_cache"]

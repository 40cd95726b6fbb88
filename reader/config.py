"""Settings from command-line flags and environment variables (DESIGN §3)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reader.errors import UsageError
from reader.paths import default_cache_dir, default_data_dir
from reader.web import without_credentials

DEFAULT_WIKI_API = "https://{lang}.wikipedia.org/w/api.php"
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(-[a-z]{2,8})?$")
"""Language codes that may go into a host name (``en``, ``zh-yue``, ``simple`` excluded)."""

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run of reader can be configured with."""

    wiki_api: str = DEFAULT_WIKI_API
    """MediaWiki action API endpoint; ``{lang}`` is replaced by the language code."""
    lang: str = "en"
    """Wikipedia language code."""
    offline: bool = False
    """Never touch the network; backgrounds come from the cache only."""
    cache_dir: Path | None = None
    """Cache directory; ``None`` means the platform's user cache directory."""
    model: str | None = None
    """spaCy pipeline name; ``None`` picks the default (see ``reader.nlp.pipeline``)."""
    history: bool = True
    """Keep a reading history (in the user's data directory)."""
    data_dir: Path | None = None
    """Where the reader's own records live: its page choices and corrections; ``None``
    means the platform's user data directory (the reading history's)."""

    @property
    def api_url(self) -> str:
        """The endpoint with the language filled in."""
        return self.wiki_api.replace("{lang}", self.lang)

    @property
    def resolved_cache_dir(self) -> Path:
        """The cache directory to use."""
        return self.cache_dir if self.cache_dir is not None else default_cache_dir()

    @property
    def resolved_data_dir(self) -> Path:
        """The directory of the reader's own records."""
        return self.data_dir if self.data_dir is not None else default_data_dir()


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a safe language code, else raise :class:`UsageError`."""
    if lang == "simple" or LANG_PATTERN.match(lang):
        return lang
    raise UsageError(f"invalid language code {lang!r}: expected letters such as 'en' or 'zh-yue'")


def check_wiki_api(url: str) -> str:
    """Return ``url`` if it is an http(s) URL, else raise :class:`UsageError`."""
    if not re.match(r"^https?://[^\s/?#]+", url):
        shown = without_credentials(url)
        raise UsageError(f"invalid --wiki-api {shown!r}: expected an http(s) URL")
    return url


def load_settings(
    *,
    wiki_api: str | None = None,
    lang: str | None = None,
    offline: bool | None = None,
    cache_dir: str | Path | None = None,
    model: str | None = None,
    history: bool | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build :class:`Settings`: flags win over ``READER_*`` environment variables.

    Raises:
        UsageError: for an unsafe language code or a non-http(s) endpoint.
    """
    env = os.environ if environ is None else environ
    wiki_api = wiki_api or env.get("READER_WIKI_API") or DEFAULT_WIKI_API
    lang = lang or env.get("READER_LANG") or "en"
    if offline is None:
        offline = env.get("READER_OFFLINE", "").strip().lower() in _TRUE
    cache = cache_dir or env.get("READER_CACHE_DIR") or None
    if history is None:
        history = env.get("READER_HISTORY", "").strip().lower() not in _FALSE
    return Settings(
        wiki_api=check_wiki_api(wiki_api),
        lang=check_lang(lang),
        offline=offline,
        cache_dir=Path(cache).expanduser() if cache else None,
        model=model or env.get("READER_MODEL") or None,
        history=history,
    )

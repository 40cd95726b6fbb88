"""The reader's page choices: their two scopes, their file beside the cache (private, never
through a link, a corrupt one set aside with one warning) and ``reader choices``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.cli import main
from reader.config import Settings
from reader.lookup import LookupService
from reader.lookup.cache import clear_cache
from reader.lookup.choices import EVERYWHERE, FILE_NAME
from reader.lookup.client import RetryPolicy
from reader.lookup.records import digest
from wikifixture import load_articles, make_entities

FAST = RetryPolicy(max_retries=1, backoff=0.01, request_deadline=2.0, call_deadline=5.0)
SAMPLE = next(article for article in load_articles() if article.get("sample"))
TEXT: str = SAMPLE["text"]
GAZA = next(entity for entity in make_entities(SAMPLE) if entity.name == "Gaza")
OTHER = "Another article about Gaza, and nothing else."


def _service(url: str, cache_dir: Path, warnings: list[str] | None = None, **kw) -> LookupService:
    warn = warnings.append if warnings is not None else None
    settings = Settings(wiki_api=url, cache_dir=cache_dir, **kw)
    return LookupService(settings, policy=FAST, warn=warn)


def test_a_choice_is_for_this_article_unless_for_every_article(wiki_server, tmp_path):
    lookups = _service(wiki_server.url, tmp_path)
    lookups.lookup_many([GAZA], TEXT)
    lookups.lookup_many([GAZA], OTHER)
    chosen = lookups.choose(GAZA, "Gaza City", TEXT)
    assert chosen.chosen_by == "reader" and chosen.title == "Gaza City"
    lookups.close()
    again = _service(wiki_server.url, tmp_path, offline=True)  # a restart, offline
    assert again.lookup(GAZA, TEXT).title == "Gaza City"
    assert again.lookup(GAZA, TEXT).to_json()["chosen_by"] == "reader"
    assert "chosen_by" not in again.lookup(GAZA, OTHER).to_json()  # another article: its own
    online = _service(wiki_server.url, tmp_path)
    assert online.choose(GAZA, "Gaza Strip", OTHER, everywhere=True).chosen_by == "reader"
    third = _service(wiki_server.url, tmp_path, offline=True)
    assert third.lookup(GAZA, "A third article on Gaza.").title == "Gaza Strip"
    assert third.lookup(GAZA, TEXT).title == "Gaza City"  # this article's choice comes first
    scopes = {choice["scope"]: choice["title"] for choice in third.choices.all()}
    assert scopes == {digest(TEXT): "Gaza City", EVERYWHERE: "Gaza Strip"}


def test_cache_clear_keeps_the_choices_and_choices_clear_forgets_them(
    wiki_server, tmp_path, capsys
):
    lookups = _service(wiki_server.url, tmp_path)
    lookups.lookup_many([GAZA], TEXT)
    lookups.choose(GAZA, "Gaza City", TEXT)
    lookups.close()
    assert clear_cache(Settings(wiki_api=wiki_server.url, cache_dir=tmp_path))
    assert _service(wiki_server.url, tmp_path, offline=True).lookup(GAZA, TEXT).title == "Gaza City"
    common = ["--cache-dir", str(tmp_path), "--wiki-api", wiki_server.url]
    assert main(["choices", "list", "--json", *common]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["name"], c["label"], c["title"], c["scope"]) for c in listed["choices"]] == [
        ("gaza", "GPE", "Gaza City", digest(TEXT))
    ]
    assert main(["choices", "list", *common]) == 0
    assert capsys.readouterr().out.split("\t")[:3] == ["gaza", "GPE", "Gaza City"]
    assert main(["choices", "clear", *common]) == 0
    assert "Forgot 1 page choice" in capsys.readouterr().out
    assert main(["choices", "list", *common]) == 0
    assert "No page choices yet" in capsys.readouterr().out
    later = _service(wiki_server.url, tmp_path, offline=True).lookup(GAZA, TEXT)
    assert later.status == "offline" and later.chosen_by is None  # the cache was cleared too


def test_the_file_is_private_in_a_private_directory(wiki_server, tmp_path):
    cache_dir = tmp_path / "cache"
    lookups = _service(wiki_server.url, cache_dir)
    lookups.choose(GAZA, "Gaza City", TEXT)
    assert (cache_dir / FILE_NAME).stat().st_mode & 0o777 == 0o600
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in cache_dir.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_a_linked_file_is_refused_and_left_alone(wiki_server, tmp_path):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text('{"v": 1, "choices": []}')
    (cache_dir / FILE_NAME).symlink_to(elsewhere)
    warnings: list[str] = []
    lookups = _service(wiki_server.url, cache_dir, warnings)
    chosen = lookups.choose(GAZA, "Gaza City", TEXT)
    assert chosen.title == "Gaza City"  # for this run
    assert elsewhere.read_text() == '{"v": 1, "choices": []}'
    assert (cache_dir / FILE_NAME).is_symlink()
    assert len(warnings) == 1 and "symbolic link" in warnings[0]


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"v": 1, "choices": [{"name": "gaza"}]}',
        b'{"v": 1, "choices": "all"}',
        b"[]",
        b'{"v": 99, "choices": []}',
        b"\xff\xfe",
    ],
)
def test_a_corrupt_file_is_set_aside_with_one_warning(wiki_server, tmp_path, content):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    (cache_dir / FILE_NAME).write_bytes(content)
    warnings: list[str] = []
    lookups = _service(wiki_server.url, cache_dir, warnings)
    assert lookups.lookup(GAZA, TEXT).chosen_by is None
    assert len(warnings) == 1 and "choices file unreadable" in warnings[0]
    assert (cache_dir / (FILE_NAME + ".corrupt")).read_bytes() == content
    lookups.choose(GAZA, "Gaza City", TEXT)  # a new file, usable again
    fresh = _service(wiki_server.url, cache_dir, offline=True)
    assert fresh.lookup(GAZA, TEXT).title == "Gaza City"
    assert len(warnings) == 1


def test_an_unusable_directory_is_warned_about_once(wiki_server, tmp_path):
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(target)
    warnings: list[str] = []
    lookups = _service(wiki_server.url, link, warnings)
    assert lookups.choose(GAZA, "Gaza City", TEXT).title == "Gaza City"
    assert len(warnings) == 1
    assert list(target.iterdir()) == []
    assert os.path.islink(link)

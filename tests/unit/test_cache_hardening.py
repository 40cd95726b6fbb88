"""The cache survives whatever is on disk and never unpickles (THREATS §3, checklist 40-50)."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import diskcache
import pytest

from reader.config import Settings
from reader.lookup import LookupService, cache_info, clear_cache
from reader.lookup.cache import (
    DAY,
    BackgroundCache,
    SafeJSONDisk,
    cache_key,
    new_record,
    normalize_name,
    open_disk,
)
from reader.lookup.client import RetryPolicy
from reader.lookup.records import digest
from wikifixture import load_articles, make_entities

SAMPLE = next(a for a in load_articles() if a["name"] == "israel-egypt-truce-talks")
ENTITIES = make_entities(SAMPLE)
ISRAEL = ENTITIES[0]
FAST = RetryPolicy(max_retries=1, backoff=0.01, retry_after_cap=0.05)


class Warnings(list):
    def __call__(self, message: str) -> None:
        self.append(message)


def lookup_all(url: str, cache_dir: Path, warn: Warnings | None = None) -> dict:
    settings = Settings(wiki_api=url, cache_dir=cache_dir)
    lookups = LookupService(settings, warn=warn, policy=FAST)
    try:
        return lookups.lookup_many(ENTITIES, SAMPLE["text"])
    finally:
        lookups.close()


def israel_key(url: str) -> str:
    """The key of Israel's decision for the sample article (the one its lookups read)."""
    return cache_key(Settings(wiki_api=url), ISRAEL.name, ISRAEL.label, digest(SAMPLE["text"]))


class Boom:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_directory_is_created_private(wiki_server, tmp_path):
    lookup_all(wiki_server.url, tmp_path / "new" / "cache")
    assert (tmp_path / "new" / "cache").stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("problem", ["symlink", "world-writable", "group-writable", "other-owner"])
def test_unsafe_directories_are_refused_with_one_warning(wiki_server, tmp_path, problem):
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    cache_dir = target
    if problem == "symlink":
        cache_dir = tmp_path / "link"
        cache_dir.symlink_to(target)
    elif problem == "world-writable":
        target.chmod(0o777)
    elif problem == "group-writable":
        target.chmod(0o770)
    else:
        if os.geteuid() != 0:
            pytest.skip("changing a directory's owner needs root")
        os.chown(target, 12345, 12345)
    warnings = Warnings()
    results = lookup_all(wiki_server.url, cache_dir, warnings)
    assert len(warnings) == 1 and "cache unusable" in warnings[0]
    assert results[ISRAEL.id].title == "Israel"  # lookups still work, from memory
    assert list(target.iterdir()) == []  # nothing was written there


@pytest.mark.parametrize("name", ["cache.db", "cache.db-wal"])
def test_a_database_file_that_is_a_link_is_neither_followed_nor_kept(wiki_server, tmp_path, name):
    # SQLite follows a linked cache.db (or -wal) out of the private directory, and wrote
    # the target with its own loose mode; `reader cache clear` removes the link alone.
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    target = tmp_path / "target.db"
    target.write_bytes(b"")
    target.chmod(0o644)
    (cache_dir / name).symlink_to(target)
    warnings = Warnings()
    results = lookup_all(wiki_server.url, cache_dir, warnings)
    assert len(warnings) == 1 and "cache unusable" in warnings[0] and "plain file" in warnings[0]
    assert results[ISRAEL.id].title == "Israel"  # from memory
    assert target.read_bytes() == b""
    if name == "cache.db":
        assert "error" in cache_info(Settings(cache_dir=cache_dir))  # not read through it
    assert clear_cache(Settings(cache_dir=cache_dir)) is None
    assert not (cache_dir / name).is_symlink() and target.exists()
    assert lookup_all(wiki_server.url, cache_dir, warnings)[ISRAEL.id].title == "Israel"
    assert len(warnings) == 1  # a fresh cache after the clear


def test_tampered_pickle_row_runs_no_code(wiki_server, tmp_path):
    lookup_all(wiki_server.url, tmp_path)
    marker = tmp_path.parent / f"{tmp_path.name}-pwned"
    with sqlite3.connect(tmp_path / "cache.db") as db:
        changed = db.execute(
            "UPDATE Cache SET mode = 4, value = ? WHERE key = ?",
            (pickle.dumps(Boom(marker)), israel_key(wiki_server.url)),
        ).rowcount
    assert changed == 1
    with sqlite3.connect(tmp_path / "cache.db") as db:  # and every other row
        db.execute("UPDATE Cache SET mode = 4, value = ? WHERE key != ?", (b"x", "none"))
    wiki_server.reset()
    warnings = Warnings()
    results = lookup_all(wiki_server.url, tmp_path, warnings)
    assert not marker.exists()
    assert results[ISRAEL.id].title == "Israel"
    assert wiki_server.request_count >= 1  # the refused entry was fetched again
    assert len(warnings) == 1 and "did not write" in warnings[0]  # one, for every row


def test_pickled_keys_are_refused(tmp_path):
    cache = open_disk(tmp_path)
    marker = tmp_path.parent / f"{tmp_path.name}-pwned-key"
    cache.set("k", {"v": 1})
    cache.close()
    with sqlite3.connect(tmp_path / "cache.db") as db:
        db.execute("UPDATE Cache SET key = ?, raw = 0", (pickle.dumps(Boom(marker)),))
    cache = open_disk(tmp_path)
    with pytest.raises(ValueError):
        list(cache.iterkeys())
    cache.close()
    assert not marker.exists()


def make_file_entry(directory: Path) -> tuple[diskcache.Cache, Path]:
    """A cache whose entry lives in a .val file (as diskcache writes large text values)."""
    record = new_record("found", {"title": "Israel", "summary": "x" * 100})
    plain = diskcache.Cache(str(directory), disk_min_file_size=0)
    plain.set("k", json.dumps({"v": 1, **record}))
    plain.close()
    [val] = list(directory.rglob("*.val"))
    return diskcache.Cache(str(directory), disk=SafeJSONDisk), val


def test_replaced_value_file_is_a_miss_not_code(tmp_path):
    cache, val = make_file_entry(tmp_path)
    marker = tmp_path.parent / f"{tmp_path.name}-pwned-val"
    val.write_bytes(pickle.dumps(Boom(marker)))
    with sqlite3.connect(tmp_path / "cache.db") as db:
        db.execute("UPDATE Cache SET mode = 4")
    with pytest.raises(ValueError):
        cache.get("k")
    with sqlite3.connect(tmp_path / "cache.db") as db:
        db.execute("UPDATE Cache SET mode = 3")  # claims text: JSON decoding fails, handled
    with pytest.raises(ValueError):
        cache.get("k")
    cache.close()
    assert not marker.exists()
    store = BackgroundCache(tmp_path, Warnings())
    assert store.get("k") is None


@pytest.mark.parametrize("outside", ["absolute", "dotdot"])
def test_file_names_outside_the_directory_are_neither_read_nor_deleted(tmp_path, outside):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    cache, _ = make_file_entry(cache_dir)
    cache.close()
    victim = tmp_path / "victim.txt"
    victim.write_text('{"v": 1, "secret": "do not read me"}')
    name = str(victim) if outside == "absolute" else "../victim.txt"
    with sqlite3.connect(cache_dir / "cache.db") as db:
        db.execute("UPDATE Cache SET filename = ?", (name,))
    store = BackgroundCache(cache_dir, Warnings())
    assert store.get("k") is None  # refused, then dropped
    store.close()
    cache = diskcache.Cache(str(cache_dir), disk=SafeJSONDisk)
    cache.clear()
    cache.close()
    assert victim.read_text().startswith('{"v": 1')


@pytest.mark.parametrize(
    "value",
    [
        {"v": 1, "status": "found", "title": 42, "expires": 1e12},
        {"v": 1, "status": "pwned", "expires": 1e12},
        {"v": 1, "status": "found", "summary": "x" * 100_000, "expires": 1e12},
        {"v": 1, "status": "ambiguous", "candidates": "Israel", "expires": 1e12},
        {"v": 1, "status": "found", "title": "Israel"},
        {"v": 99, "status": "found", "title": "Israel", "expires": 1e12},
        {"v": 1, "status": "found", "title": "Israel", "expires": True},
        {"v": 1, "status": "found", "title": "Israel", "stored": "yesterday", "expires": 1e12},
    ],
)
def test_values_of_the_wrong_shape_are_refetched(wiki_server, tmp_path, value):
    cache = open_disk(tmp_path)
    cache.set(israel_key(wiki_server.url), value)
    cache.close()
    results = lookup_all(wiki_server.url, tmp_path)
    assert results[ISRAEL.id].title == "Israel"
    assert results[ISRAEL.id].cached_at is None  # fetched, not served from the bad entry


@pytest.mark.parametrize("damage", ["random", "header", "half"])
def test_a_corrupt_database_warns_once_and_lookups_go_on(wiki_server, tmp_path, damage):
    cache = open_disk(tmp_path)
    for n in range(200):
        cache.set(f"k{n}", new_record("found", {"title": "x" * 200}))
    cache.close()
    db = tmp_path / "cache.db"
    data = db.read_bytes()
    if damage == "random":
        db.write_bytes(os.urandom(len(data)))
    elif damage == "header":
        db.write_bytes(b"garbage garbage!" + data[16:])
    else:
        db.write_bytes(data[: len(data) // 2])
    for name in ("cache.db-wal", "cache.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    warnings = Warnings()
    results = lookup_all(wiki_server.url, tmp_path, warnings)
    assert results[ISRAEL.id].title == "Israel"
    assert len(warnings) == 1
    assert "error" in cache_info(Settings(wiki_api=wiki_server.url, cache_dir=tmp_path))
    clear_cache(Settings(wiki_api=wiki_server.url, cache_dir=tmp_path))  # rebuilds
    warnings.clear()
    lookup_all(wiki_server.url, tmp_path, warnings)
    assert warnings == []


def test_an_empty_database_file_is_a_fresh_cache(wiki_server, tmp_path):
    (tmp_path / "cache.db").write_bytes(b"")
    warnings = Warnings()
    lookup_all(wiki_server.url, tmp_path, warnings)
    assert warnings == []
    assert cache_info(Settings(cache_dir=tmp_path))["entries"] > 0


def set_pragma(cache_dir: Path, name: str, value: int) -> None:
    """diskcache re-applies pragmas stored in its Settings table each time it opens."""
    with sqlite3.connect(cache_dir / "cache.db") as db:
        db.execute("INSERT OR REPLACE INTO Settings VALUES (?, ?)", (f"sqlite_{name}", value))


def test_a_read_only_database_runs_uncached_with_one_warning(wiki_server, tmp_path):
    open_disk(tmp_path).close()
    set_pragma(tmp_path, "query_only", 1)
    warnings = Warnings()
    results = lookup_all(wiki_server.url, tmp_path, warnings)
    assert results[ISRAEL.id].title == "Israel"
    assert len(warnings) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_a_read_only_directory_runs_uncached(wiki_server, tmp_path):
    cache_dir = tmp_path / "ro"
    cache_dir.mkdir(mode=0o500)
    warnings = Warnings()
    results = lookup_all(wiki_server.url, cache_dir, warnings)
    assert results[ISRAEL.id].title == "Israel"
    assert len(warnings) == 1


def test_a_full_disk_keeps_results_in_memory(wiki_server, tmp_path):
    cache = open_disk(tmp_path)
    cache.close()
    with sqlite3.connect(tmp_path / "cache.db") as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    set_pragma(tmp_path, "max_page_count", pages)
    warnings = Warnings()
    settings = Settings(wiki_api=wiki_server.url, cache_dir=tmp_path)
    lookups = LookupService(settings, warn=warnings, policy=FAST)
    first = lookups.lookup_many(ENTITIES, SAMPLE["text"])
    assert first[ISRAEL.id].title == "Israel"
    assert len(warnings) == 1 and "write" in warnings[0]
    wiki_server.reset()
    again = lookups.lookup_many(ENTITIES, SAMPLE["text"])  # memory still answers
    assert again[ISRAEL.id].title == "Israel"
    assert wiki_server.request_count == 0


def test_lock_contention_is_a_miss_not_a_hang(wiki_server, tmp_path):
    open_disk(tmp_path).close()
    holder = sqlite3.connect(tmp_path / "cache.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        warnings = Warnings()
        started = time.monotonic()
        results = lookup_all(wiki_server.url, tmp_path, warnings)
        assert results[ISRAEL.id].title == "Israel"
        assert len(warnings) == 1 and "locked" in warnings[0]
        assert "in use" in warnings[0] and "cache clear" not in warnings[0]  # busy, not damaged
        # A hang guard, not a speed check (about 2 s here: one wait to open the cache):
        # waiting on the lock for each of the 30 entries would take far longer.
        assert time.monotonic() - started < 20
    finally:
        holder.execute("ROLLBACK")
        holder.close()


WRITER = """
import sys
from pathlib import Path
from reader.lookup.cache import BackgroundCache, new_record
store = BackgroundCache(Path(sys.argv[1]), print)
for n in range(150):
    store.set(f"k{n % 30}", new_record("found", {"title": f"{sys.argv[2]} {n}"}))
    store._memory.clear()
    record = store.get(f"k{(n * 7) % 30}")
    assert record is None or record["title"].split()[0] in ("A", "B"), record
print("done")
"""


def test_two_processes_share_a_cache(tmp_path):
    open_disk(tmp_path).close()
    root = Path(__file__).resolve().parents[2]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), name],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("A", "B")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert out.strip() == "done"
    store = BackgroundCache(tmp_path, Warnings())
    assert all(store.get(f"k{n}") is not None for n in range(30))


def test_keys_are_normalised_and_long_ones_hashed():
    settings = Settings(wiki_api="http://127.0.0.1:1/w/api.php")
    nfd = unicodedata.normalize("NFD", "Zoë Müller")
    assert cache_key(settings, nfd, "PERSON") == cache_key(settings, "Zoë Müller", "PERSON")
    assert cache_key(settings, "Mer\u200bkel", "PERSON") == cache_key(settings, "MERKEL", "PERSON")
    assert cache_key(settings, "\ufeffIsrael", "GPE") == cache_key(settings, "israel", "GPE")
    assert cache_key(settings, "Israel", "GPE") != cache_key(settings, "Israel", "ORG")
    other = Settings(wiki_api="http://127.0.0.1:2/w/api.php")
    assert cache_key(settings, "Israel", "GPE") != cache_key(other, "Israel", "GPE")
    german = Settings(wiki_api="http://127.0.0.1:1/w/api.php", lang="de")
    assert cache_key(settings, "Israel", "GPE") != cache_key(german, "Israel", "GPE")
    for hostile in ("x" * 500, "Evil\x1b]0;PWNED\x07", "a\u202eb"):
        key = cache_key(settings, hostile, "PERSON")
        assert len(key) <= 200 and key.isprintable()
    assert normalize_name("  Benjamin \u00a0Netanyahu ") == "benjamin netanyahu"


def test_time_to_live_by_status():
    now = 1_000_000.0
    assert new_record("found", {}, now=now)["expires"] == now + 30 * DAY
    assert new_record("not_found", {}, now=now)["expires"] == now + DAY


def test_cache_info_and_clear(wiki_server, tmp_path):
    lookup_all(wiki_server.url, tmp_path)
    settings = Settings(wiki_api=wiki_server.url, cache_dir=tmp_path)
    info = cache_info(settings)
    assert info["path"] == str(tmp_path)
    assert info["entries"] >= len(ENTITIES) and info["size_bytes"] > 0
    assert clear_cache(settings) == info["entries"]
    assert cache_info(settings)["entries"] == 0


# --------------------------------------------------------------------------- probe cases 58-62

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, *args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter at the repository root; a hang fails at ``timeout``."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def set_setting(cache_dir: Path, key: str, value: object) -> None:
    """Write a row into diskcache's Settings table behind its back."""
    with sqlite3.connect(cache_dir / "cache.db") as db:
        db.execute("INSERT OR REPLACE INTO Settings VALUES (?, ?)", (key, value))


@pytest.mark.parametrize(
    ("key", "value"),
    [("disk_foo", 1), ("disk_min_file_size", "abc"), ("disk_min_file_size", None)],
)
def test_a_foreign_disk_setting_degrades_to_memory_with_one_warning(
    wiki_server, tmp_path, key, value
):
    """Probe case 58: a ``disk_*`` row diskcache passes to the Disk never escapes as an error."""
    open_disk(tmp_path).close()
    set_setting(tmp_path, key, value)
    warnings = Warnings()
    results = lookup_all(wiki_server.url, tmp_path, warnings)
    assert results[ISRAEL.id].title == "Israel"
    assert len(warnings) == 1 and "cache unusable" in warnings[0], warnings
    settings = Settings(wiki_api=wiki_server.url, cache_dir=tmp_path)
    assert "error" not in cache_info(settings)  # still readable: info reads without diskcache
    assert clear_cache(settings) is None  # unusable: its files were removed
    warnings.clear()
    lookup_all(wiki_server.url, tmp_path, warnings)
    assert warnings == []  # rebuilt


def test_clearing_an_unusable_cache_never_follows_links_out_of_it(tmp_path):
    """Probe case 58: only diskcache's own files go, links are removed, never followed."""
    cache_dir = tmp_path / "cache"
    cache, _ = make_file_entry(cache_dir)
    cache.close()
    set_setting(cache_dir, "disk_foo", 1)
    outside = tmp_path / "outside"
    (outside / "cd").mkdir(parents=True)
    victim = outside / "cd" / f"{'0' * 28}.val"
    victim.write_text("keep me")
    (cache_dir / "ab").symlink_to(outside)  # a value directory leading out of the cache
    (cache_dir / "notes.txt").write_text("not the cache's")
    assert clear_cache(Settings(cache_dir=cache_dir)) is None
    assert victim.read_text() == "keep me" and outside.is_dir()
    assert sorted(p.name for p in cache_dir.iterdir()) == ["notes.txt"]


VALUE_GET = """
import sys
from pathlib import Path
from reader.lookup.cache import BackgroundCache
store = BackgroundCache(Path(sys.argv[1]), sys.stderr.write)
record = store.get("k")
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
# VmHWM, in KiB: ru_maxrss would also count the pages pytest had before exec
peak = int(hwm.split()[1]) // 1024
print(record is None, peak)
"""


@pytest.mark.parametrize("kind", ["fifo", "sparse 1 GB", "symlink"])
def test_value_files_must_be_small_regular_files(tmp_path, kind):
    """Probe case 60: a FIFO is never opened (that blocks), a huge file never read: misses."""
    cache, val = make_file_entry(tmp_path)
    cache.close()
    content = val.read_bytes()
    val.unlink()
    if kind == "fifo":
        os.mkfifo(val)
    elif kind == "sparse 1 GB":
        with val.open("wb") as file:
            file.truncate(1 << 30)
    else:
        (tmp_path / "elsewhere.json").write_bytes(content)
        val.symlink_to(tmp_path / "elsewhere.json")
    # A FIFO opened would block: the child's timeout is the hang guard.
    miss, peak_mb = run_python(VALUE_GET, str(tmp_path), timeout=30).stdout.split()
    assert miss == "True"
    assert int(peak_mb) < 200, peak_mb  # the 1 GB file was never read whole
    assert not os.path.lexists(val)  # the refused entry was dropped, its file with it


@pytest.fixture
def immutable() -> Iterator[Callable[[Path], None]]:
    """Make a directory and its files unwritable for real, root included (``chattr +i``)."""
    frozen: list[Path] = []

    def freeze(directory: Path) -> None:
        for path in [directory, *directory.rglob("*")]:
            try:
                done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
            except FileNotFoundError:
                pytest.skip("chattr is not installed")
            if done.returncode:
                pytest.skip(f"chattr +i is not possible here: {done.stderr.strip()}")
            frozen.append(path)

    yield freeze
    for path in frozen:
        subprocess.run(["chattr", "-i", str(path)], check=False)


@pytest.mark.parametrize("how", ["immutable files", "query_only database"])
def test_a_read_only_cache_still_serves_its_entries(wiki_server, tmp_path, immutable, how):
    """Probe case 61: a cache that cannot be written is still read; nothing new is stored."""
    # Written and closed on this thread: no connection of this process keeps the -shm
    # mapped (a mapping made before chattr +i would make SQLite's next write fault: SIGBUS).
    store = BackgroundCache(tmp_path, Warnings())
    store.set(israel_key(wiki_server.url), new_record("found", {"title": "Israel"}))
    store.close()
    if how == "immutable files":
        immutable(tmp_path)
    else:
        set_pragma(tmp_path, "query_only", 1)
    warnings = Warnings()
    results = lookup_all(wiki_server.url, tmp_path, warnings)
    assert results[ISRAEL.id].title == "Israel"
    assert results[ISRAEL.id].cached_at is not None  # served from the disk, not fetched
    assert len(warnings) == 1 and "read-only" in warnings[0], warnings
    assert cache_info(Settings(cache_dir=tmp_path))["entries"] > 0


def test_cache_info_reports_what_it_cannot_read(tmp_path):
    """Probe case 61: an unreadable cache is an error, never a fake count of 0."""
    (tmp_path / "cache.db").write_bytes(os.urandom(64 * 1024))
    info = cache_info(Settings(cache_dir=tmp_path))
    assert "not a database" in info["error"] and "entries" not in info


def test_an_existing_open_directory_and_database_are_made_private(wiki_server, tmp_path):
    """Probe case 62: a 0755 directory and a 0644 database we own become 0700 and 0600."""
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    old = os.umask(0o022)
    try:
        diskcache.Cache(str(cache_dir)).close()
    finally:
        os.umask(old)
    cache_dir.chmod(0o755)
    (cache_dir / "cache.db").chmod(0o644)
    lookup_all(wiki_server.url, cache_dir)
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert (cache_dir / "cache.db").stat().st_mode & 0o777 == 0o600


def test_new_cache_files_are_never_readable_by_others(wiki_server, tmp_path):
    """Probe case 62: even under umask 000 every file the cache creates is private."""
    cache_dir = tmp_path / "cache"
    old = os.umask(0)
    try:
        settings = Settings(wiki_api=wiki_server.url, cache_dir=cache_dir)
        lookups = LookupService(settings, policy=FAST)
        lookups.lookup_many(ENTITIES, SAMPLE["text"])
        modes = {p.name: p.stat().st_mode & 0o777 for p in cache_dir.rglob("*")}
        lookups.close()
    finally:
        os.umask(old)
    assert "cache.db-wal" in modes  # seen while the database was open
    assert all(mode & 0o077 == 0 for mode in modes.values()), modes
    assert cache_dir.stat().st_mode & 0o777 == 0o700

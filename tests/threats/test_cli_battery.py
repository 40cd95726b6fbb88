"""A battery of bad inputs through the installed ``reader`` command (issue 4, "Done when").

Every input ends in exit 0 with sane output (JSON that parses, offsets that point
at the mention texts) or in exit 2 with one clear line on stderr: never a
traceback, never a hang. The inputs are generated here; the runs go in parallel.
"""

from __future__ import annotations

import codecs
import gzip
import os
import shlex
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reader.documents import load_document
from reader.sanitize import is_clean
from tests.threats.cli import (
    READER,
    Ended,
    assert_offsets_match,
    assert_refused,
    assert_sane_json,
    run_reader,
)
from tests.unit.hostile_inputs import epub_bomb

pytestmark = pytest.mark.model

STORY = "Angela Merkel met Emmanuel Macron in Berlin on Monday. Later Merkel flew to Paris.\n"
WIDE = (
    "東京で Angela Merkel met 習近平 😀👨‍👩‍👧🇩🇪❤️. Z̷̢̛͓̈́a̸̱̔l̵̰̒g̶̣̋o̷̠͐ "
    "مرحبا Emmanuel Macron עברית in Berlin\u200b. क्षि\n"
)


@dataclass(frozen=True)
class Case:
    """One input: the arguments after ``reader`` (``{dir}`` is the input folder)."""

    args: tuple[str, ...]
    refused: tuple[str, ...] | None = None
    """``None``: must succeed; otherwise words the one stderr line must contain."""
    stdin: bytes | None = None
    file: tuple[str, bytes] | None = None
    """A file to write first: (name, content)."""
    env: dict[str, str] = field(default_factory=dict)


def _long_line() -> bytes:
    # 1 MB on one line: long words keep the model's work small, the names at both ends
    # check that offsets stay right across the chunks the line is cut into.
    filler = " ".join(["x" * 999] * 1024)
    return f"{STORY.strip()} {filler} Angela Merkel left Berlin.".encode()


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000)


def _meta_charset(charset: str) -> bytes:
    """An HTML page declaring ``charset`` but written in cp1252 (probe case 59)."""
    page = f'<html><head><meta charset="{charset}"></head><body><p>Café: {STORY}</p></body></html>'
    return page.encode("cp1252")


FILES = "{dir}"
DEAD_API = "http://127.0.0.1:9/w/api.php"  # never the real Wikipedia
CASES: dict[str, Case] = {
    # --- decoded and shown ---------------------------------------------------------------
    "latin-1": Case(("entities", "--json", f"{FILES}/l.txt"),
                    file=("l.txt", ("Café Müller: " + STORY).encode("latin-1"))),
    "cp1252": Case(("entities", "--json", f"{FILES}/c.txt"),
                   file=("c.txt", ("“Quoted” – " + STORY).encode("cp1252"))),
    "utf-8 bom": Case(("entities", "--json", f"{FILES}/u8.txt"),
                      file=("u8.txt", codecs.BOM_UTF8 + STORY.encode())),
    "utf-16le bom": Case(("entities", "--json", f"{FILES}/u16.txt"),
                         file=("u16.txt", codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"))),
    "utf-16be bom": Case(("entities", "--json", f"{FILES}/u16be.txt"),
                         file=("u16be.txt", codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"))),
    "utf-32 bom": Case(("entities", "--json", f"{FILES}/u32.txt"),
                       file=("u32.txt", codecs.BOM_UTF32_LE + STORY.encode("utf-32-le"))),
    "nuls": Case(("entities", "--json", f"{FILES}/n.txt"),
                 file=("n.txt", b"Angela\x00Merkel met \x00Emmanuel Macron in Berlin.\x00\n")),
    "escapes": Case(("entities", "--json", f"{FILES}/e.txt"),
                    file=("e.txt", b"Angela \x1b]0;PWN\x07Merkel met \x1b[2J\x9bEmmanuel Macron "
                                   b"\x1b]52;c;UFdORUQ=\x07in \xe2\x80\xaeBerlin.\r\nOK\r")),
    "markup": Case(("entities", "--json", f"{FILES}/m.txt"),
                   file=("m.txt", b"[@click=app.quit]Angela Merkel[/] met [b]Emmanuel Macron[/b] "
                                  b"in [/] Berlin [citation needed] [$accent]x.\n")),
    "1 MB line": Case(("entities", "--json", f"{FILES}/long.txt"), file=("long.txt", _long_line())),
    "wide scripts": Case(("entities", "--json", f"{FILES}/w.txt"), file=("w.txt", WIDE.encode())),
    "html": Case(("entities", "--json", f"{FILES}/p.html"),
                 file=("p.html", b"<html><head><title>T</title><script>alert('x')</script>"
                                 b"<style>p{}</style></head><body><article><p>" + STORY.encode()
                                 + b" &#x202e;&#27;[2J &amp;lt;b&amp;gt;</p></article>"
                                 b"</body></html>")),
    "stdin": Case(("entities", "--json", "-"), stdin=b"Piped:\r\n" + STORY.encode()),
    # --- refused, with one line ------------------------------------------------------------
    "empty": Case(("entities", f"{FILES}/empty.txt"), ("empty",), file=("empty.txt", b"")),
    "empty stdin": Case(("entities", "-"), ("empty",), stdin=b""),
    "png": Case(("entities", f"{FILES}/i.png"), ("PNG",), file=("i.png", _png())),
    "gzip": Case(("entities", f"{FILES}/z.txt"), ("gzip",),
                 file=("z.txt", gzip.compress(STORY.encode() * 50, mtime=0))),
    "elf": Case(("entities", f"{FILES}/prog"), ("ELF",),
                file=("prog", b"\x7fELF\x02\x01\x01\x00" + os.urandom(4000))),
    "utf-16 without bom": Case(("entities", f"{FILES}/nb.txt"), ("binary",),
                               file=("nb.txt", STORY.encode("utf-16-le") * 3)),
    "missing": Case(("entities", f"{FILES}/nowhere.txt"), ("no such file",)),
    "directory": Case(("entities", FILES), ("directory",)),
    "unreachable url": Case(("entities", "http://127.0.0.1:9/"), ("127.0.0.1",)),
    "unknown flag": Case(("entities", "--frobnicate", "x.txt"), ("--frobnicate",)),
    "unknown encoding": Case(("entities", "--encoding", "klingon", f"{FILES}/u8.txt"),
                             ("encoding",)),
    # probe case 59: codec names that are no character set; declared: detected instead
    **{f"meta charset {charset}": Case(("entities", "--json", f"{FILES}/{charset}.html"),
                                       file=(f"{charset}.html", _meta_charset(charset)))
       for charset in ("undefined", "idna", "punycode")},
    **{f"encoding {codec}": Case(("entities", "--encoding", codec, f"{FILES}/u8.txt"),
                                 ("unknown text encoding", codec))
       for codec in ("idna", "punycode", "undefined", "unicode_escape")},
    "app: encoding idna": Case(("--encoding", "idna", f"{FILES}/u8.txt"), ("encoding", "idna")),
    # probe case 55: 146 KB unpacking to 95 MB (it took 6.7 GB and 296 s to be refused)
    "epub bomb": Case(("entities", f"{FILES}/bomb.epub"), ("unpacks to more than",),
                      file=("bomb.epub", epub_bomb())),
    "20 MB file": Case(("entities", f"{FILES}/big.txt"), ("larger than",)),
    "evil lang": Case(("entities", "--lookup", "--lang", "evil.example#", "-"),
                      ("language code",), stdin=STORY.encode()),
    "file wiki-api": Case(("entities", "--lookup", "--wiki-api", "file:///etc/passwd", "-"),
                          ("--wiki-api",), stdin=STORY.encode()),
    "file url": Case(("entities", "file:///etc/passwd"), ("not supported",)),
    # --- the app must fail before any screen -----------------------------------------------
    "app: empty": Case((f"{FILES}/empty.txt",), ("empty",)),
    "app: png": Case((f"{FILES}/i.png",), ("PNG",)),
    "app: missing": Case((f"{FILES}/nowhere.txt",), ("no such file",)),
    "app: directory": Case((FILES,), ("directory",)),
    "app: 20 MB file": Case((f"{FILES}/big.txt",), ("larger than",)),
    "app: unreachable url": Case(("http://127.0.0.1:9/",), ("127.0.0.1",)),
    "app: unknown flag": Case(("--frobnicate",), ("--frobnicate",)),
    "app: evil lang": Case(("--lang", "evil.example#", f"{FILES}/u8.txt"), ("language code",)),
    "app: file wiki-api": Case(("--wiki-api", "file:///etc/passwd", f"{FILES}/u8.txt"),
                               ("--wiki-api",)),
    "app: stdin, no terminal": Case(("-",), ("no terminal",), stdin=STORY.encode()),
}  # fmt: skip

REFUSED = sorted(name for name, case in CASES.items() if case.refused is not None)
SHOWN = sorted(name for name, case in CASES.items() if case.refused is None)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder with every generated input."""
    folder = tmp_path_factory.mktemp("battery")
    for case in CASES.values():
        if case.file:
            (folder / case.file[0]).write_bytes(case.file[1])
    with (folder / "big.txt").open("wb") as file:
        file.write(STORY.encode() * (20 * 1024 * 1024 // len(STORY) + 1))
    return folder


@pytest.fixture(scope="module")
def ended(inputs: Path) -> Iterator[Callable[[str], Ended]]:
    """Run every case at once (two at a time per core); look a run up by case name."""
    cache = inputs / "cache"

    def run(case: Case) -> Ended:
        args = [arg.replace(FILES, str(inputs)) for arg in case.args]
        env = {"READER_CACHE_DIR": str(cache), "READER_WIKI_API": DEAD_API, **case.env}
        return run_reader(args, stdin=case.stdin, env=env, timeout=60)

    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        futures = {name: pool.submit(run, case) for name, case in CASES.items()}
        yield lambda name: futures[name].result()


@pytest.mark.parametrize("name", SHOWN)
def test_shown_inputs_give_sane_json(inputs: Path, ended: Callable[[str], Ended], name: str):
    result = ended(name)
    payload = assert_sane_json(result)
    assert is_clean(result.stdout)
    source = CASES[name].args[-1].replace(FILES, str(inputs))
    if source == "-":
        import io

        document = load_document("-", stdin=io.BytesIO(CASES[name].stdin or b""))
    else:
        document = load_document(source)
    assert_offsets_match(payload, document.text)
    names = {entity["name"] for entity in payload["entities"]}
    assert names & {"Angela Merkel", "Emmanuel Macron", "Berlin", "Merkel"}, names


@pytest.mark.parametrize("name", REFUSED)
def test_refused_inputs_end_in_one_line(ended: Callable[[str], Ended], name: str):
    result = ended(name)
    assert_refused(result, *(CASES[name].refused or ()))
    assert result.stdout == ""  # nothing printed, no screen drawn


def test_corrupt_cache_warns_once_and_finishes(tmp_path: Path, wiki_server):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    (cache / "cache.db").write_bytes(os.urandom(64 * 1024))
    article = tmp_path / "a.txt"
    article.write_text("Israel and Egypt held talks in Cairo. " + STORY)
    args = ["entities", "--json", "--lookup", str(article), "--cache-dir", str(cache)]
    result = run_reader([*args, "--wiki-api", wiki_server.url], timeout=90)
    payload = assert_sane_json(result)
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("reader: warning: "), result
    backgrounds = {e["name"]: e["background"]["status"] for e in payload["entities"]}
    assert backgrounds.get("Israel") == "found", backgrounds
    assert wiki_server.request_count > 0


# --------------------------------------------------------------------------- the cache commands
# Real directories, real databases, a real second process holding the lock and a real
# read-only file system (a private mount namespace); probe cases 58, 61 and 62.


def _filled_cache(directory: Path, entries: int = 3) -> Path:
    """A cache directory holding ``entries`` records, written by reader's own code."""
    from reader.lookup.cache import BackgroundCache, new_record

    store = BackgroundCache(directory, print)
    for n in range(entries):
        store.set(f"k{n}", new_record("found", {"title": f"Page {n}"}))
    store.close()
    return directory


def _cache(action: str, directory: Path) -> Ended:
    return run_reader(["cache", action, "--cache-dir", str(directory)], timeout=30)


def test_prefetch_and_cache_commands_survive_a_foreign_setting(tmp_path: Path, wiki_server):
    """Probe case 58: a ``disk_foo`` row: one warning, lookups work, info reads, clear empties."""
    cache = _filled_cache(tmp_path / "cache")
    with sqlite3.connect(cache / "cache.db") as db:
        db.execute("INSERT INTO Settings VALUES ('disk_foo', 1)")
    article = tmp_path / "a.txt"
    article.write_text("Israel and Egypt held talks in Cairo. " + STORY)
    args = ["prefetch", str(article), "--cache-dir", str(cache), "--wiki-api", wiki_server.url]
    prefetch = run_reader(args, timeout=90)
    assert prefetch.code == 0 and "found" in prefetch.stdout, prefetch
    [warning] = prefetch.stderr.splitlines()
    assert warning.startswith("reader: warning: cache unusable"), prefetch
    info = _cache("info", cache)
    assert info.code == 0 and "entries: 3" in info.stdout, info
    cleared = _cache("clear", cache)
    assert cleared.code == 0 and cleared.stderr == "" and "Removed" in cleared.stdout, cleared
    assert not (cache / "cache.db").exists()
    assert "entries: 0" in _cache("info", cache).stdout


HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.read()
"""


def test_cache_clear_while_another_process_writes_deletes_nothing(tmp_path: Path):
    """Probe case 61: another process in a write transaction: exit 2, one line, all kept."""
    cache = _filled_cache(tmp_path / "cache")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(cache / "cache.db")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        cleared = _cache("clear", cache)  # run_reader's timeout is the hang guard
        info = _cache("info", cache)  # readers are not blocked by a writer
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
    assert_refused(cleared, "in use by another")
    assert info.code == 0 and "entries: 3" in info.stdout, info
    assert "entries: 3" in _cache("info", cache).stdout


def _read_only_mount(directory: Path, args: list[str]) -> Ended:
    """``reader ARGS`` in a private mount namespace where ``directory`` is mounted read-only."""
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    command = ["unshare", "--mount", "sh", "-c", script, "sh", str(directory)]
    try:
        probe = subprocess.run(
            [*command, "sh", "-c", f"! touch {shlex.quote(str(directory / 'x'))} 2>/dev/null"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except FileNotFoundError:
        pytest.skip("unshare is not installed")
    if probe.returncode:
        pytest.skip(f"no read-only mount possible here: {probe.stderr.strip() or 'writable'}")
    ended = subprocess.run(
        [*command, str(READER), *args], capture_output=True, text=True, timeout=30
    )
    return Ended(tuple(args), ended.returncode, ended.stdout, ended.stderr)


def test_cache_commands_on_a_read_only_file_system(tmp_path: Path):
    """Probe case 61: clear cannot: one line, exit 2; info still reads the real count."""
    cache = _filled_cache(tmp_path / "cache")
    cleared = _read_only_mount(cache, ["cache", "clear", "--cache-dir", str(cache)])
    assert_refused(cleared, "cannot clear", "Read-only file system")
    info = _read_only_mount(cache, ["cache", "info", "--cache-dir", str(cache)])
    assert info.code == 0 and "entries: 3" in info.stdout, info
    assert "entries: 3" in _cache("info", cache).stdout  # nothing was deleted


def test_cache_info_says_why_it_cannot_read_the_cache(tmp_path: Path):
    """Probe case 61: an unreadable cache is exit 2 and one line saying why, never 'entries: 0'."""
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    (cache / "cache.db").write_bytes(os.urandom(64 * 1024))
    info = _cache("info", cache)
    assert_refused(info, "cannot read the cache", "not a database")
    assert info.stdout == ""


def test_cache_commands_make_an_existing_cache_private(tmp_path: Path):
    """Probe case 62: a 0755 cache directory with a 0644 database is made 0700 / 0600."""
    cache = _filled_cache(tmp_path / "cache")
    cache.chmod(0o755)
    (cache / "cache.db").chmod(0o644)
    cleared = _cache("clear", cache)
    assert cleared.code == 0, cleared
    assert cache.stat().st_mode & 0o777 == 0o700
    assert (cache / "cache.db").stat().st_mode & 0o777 == 0o600

"""Hostile sizes under the 10 MB input cap: bounded memory and time (probe case 55).

Each input is generated here, in tmp_path, and loaded in a fresh process whose address
space is capped, so that a regression fails fast instead of swapping; the process then
reports its peak RSS.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from reader.documents import MAX_INPUT_BYTES, load_document
from reader.errors import InputError
from tests.unit.hostile_inputs import deflated, epub, epub_bomb

MB = 1024 * 1024
ADDRESS_SPACE_MB = 2048
"""The loading process's address space cap: far above what a bounded load needs."""
HANG_GUARD = 30
"""Seconds a load may take in the child: a hang guard far above the time any of these
loads needs, not a speed check (``bench/large_input.py`` measures speed)."""
DEEP_LIST = b"<html><body>" + b"<ul><li>a" * 100 + b"<li>a" * 2_000_000
"""100 nested lists, then two million items: 200 spaces of indent each, 400 MB of text."""

LOADER = """
import json, resource, sys, time
cap = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from reader.documents import load_document
from reader.errors import ReaderError
started = time.perf_counter()
try:
    document = load_document(sys.argv[1])
    outcome, notices = f"loaded {len(document.text)}", document.notices
except ReaderError as error:
    outcome, notices = f"refused: {error}", ()
except MemoryError:
    outcome, notices = "MemoryError", ()
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
# VmHWM, in KiB: ru_maxrss would also count the pages pytest had before exec
peak = int(hwm.split()[1]) / 1024
print(json.dumps({"outcome": outcome, "notices": notices, "peak_mb": peak,
                  "seconds": time.perf_counter() - started}))
"""


def load_in_child(path: Path, timeout: float = 120) -> dict:
    """Load ``path`` in a fresh, capped process: its outcome, notices, peak RSS and time."""
    result = subprocess.run(
        [sys.executable, "-c", LOADER, str(path), str(ADDRESS_SPACE_MB)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- EPUB -------------------------------------------------------------------------------


def test_epub_bomb_is_refused_before_it_unpacks(tmp_path: Path) -> None:
    """Probe case 55: 146 KB that unpacks to 95 MB is refused at once, in little memory."""
    path = tmp_path / "bomb.epub"
    path.write_bytes(epub_bomb())
    assert path.stat().st_size < 200_000
    ended = load_in_child(path)
    assert ended["outcome"].startswith("refused: "), ended
    assert "unpacks to more than" in ended["outcome"], ended
    assert ended["peak_mb"] < 150, ended


def test_epub_member_lying_about_its_size_is_read_in_bounded_steps(tmp_path: Path) -> None:
    """Probe case 55: declared 8 KB, inflating to 200 MB: never inflated whole."""
    stream, _crc, _size = deflated(b"<p>a</p>" * 1024, 25 * 1024)
    lie = (stream, zlib.crc32(b"<p>a</p>" * 1024), 8192)  # the CRC of what it claims to hold
    path = tmp_path / "liar.epub"
    path.write_bytes(epub(lie))
    ended = load_in_child(path)
    assert ended["outcome"] != "MemoryError", ended
    assert ended["peak_mb"] < 150, ended


def test_epub_members_compressed_with_bzip2_or_lzma_are_refused(tmp_path: Path) -> None:
    """Probe case 55: bzip2 and LZMA unpack whole chunks however small the reads (67 KB
    took 1 GB); EPUB allows only stored and deflate members, so others are refused."""
    import zipfile

    path = tmp_path / "bzip2.epub"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("OEBPS/c1.xhtml", b"<p>a</p>" * 1000, zipfile.ZIP_BZIP2)
    with pytest.raises(InputError, match="stored or deflate"):
        load_document(str(path))


def test_epub_with_too_many_members_is_refused(tmp_path: Path) -> None:
    """Probe case 55: a ZIP directory of 20,000 entries is refused before it is parsed."""
    from reader.documents.epub import MAX_MEMBERS

    filler = [(f"f/{n}", b"") for n in range(2 * MAX_MEMBERS)]
    path = tmp_path / "many.epub"
    path.write_bytes(epub(deflated(b"<p>Chapter text.</p>", 1), *filler))
    with pytest.raises(InputError, match="more than 10000 files"):
        load_document(str(path))


def test_epub_text_stops_at_the_cap(tmp_path: Path) -> None:
    """Probe case 55: a chapter whose text outgrows it (indents) stops at the cap."""
    path = tmp_path / "deep.epub"
    path.write_bytes(epub(deflated(DEEP_LIST, 1)))
    ended = load_in_child(path)
    assert ended["outcome"].startswith("refused: the text of"), ended
    assert ended["peak_mb"] < 300 and ended["seconds"] < HANG_GUARD, ended


# --- HTML -------------------------------------------------------------------------------


def test_ten_megabytes_of_tiny_html_paragraphs(tmp_path: Path) -> None:
    """Probe case 55: 10 MB of ``<p>a</p>`` (2 GB, unfinished after 280 s) loads quickly."""
    path = tmp_path / "tiny.html"
    count = (MAX_INPUT_BYTES - 100) // 8
    path.write_bytes(b"<html><head><title>Tiny</title></head><body>" + b"<p>a</p>" * count)
    ended = load_in_child(path)
    assert ended["outcome"] == f"loaded {3 * count - 2}", ended
    assert ended["peak_mb"] < 300 and ended["seconds"] < HANG_GUARD, ended


def test_html_text_stops_at_the_cap(tmp_path: Path) -> None:
    """Probe case 55: text that outgrows its page (indents) stops at the cap, not at the end."""
    path = tmp_path / "deep.html"
    path.write_bytes(DEEP_LIST)
    ended = load_in_child(path)
    assert ended["outcome"].startswith("refused: the text of"), ended
    assert "larger than 10 MB" in ended["outcome"], ended
    assert ended["peak_mb"] < 300 and ended["seconds"] < HANG_GUARD, ended


# --- Markdown ---------------------------------------------------------------------------


def test_ten_megabytes_of_tiny_markdown_paragraphs(tmp_path: Path) -> None:
    """Probe case 55: 10 MB of one-letter paragraphs (over 2 GB, over 300 s) load quickly."""
    path = tmp_path / "tiny.md"
    path.write_bytes(b"a\n\n" * (MAX_INPUT_BYTES // 3))
    ended = load_in_child(path)
    assert ended["outcome"] == f"loaded {MAX_INPUT_BYTES // 3 * 3}", ended  # the file as is
    assert any("plain text" in notice for notice in ended["notices"]), ended
    assert ended["peak_mb"] < 300 and ended["seconds"] < HANG_GUARD, ended


def test_markdown_html_block_of_ten_megabytes(tmp_path: Path) -> None:
    """Probe case 55: one 10 MB HTML block in Markdown (one token) is read without a tree."""
    path = tmp_path / "block.md"
    path.write_bytes(b"<div>" + b"<p>a</p>" * ((MAX_INPUT_BYTES - 100) // 8) + b"</div>\n")
    ended = load_in_child(path)
    assert ended["outcome"].startswith("loaded"), ended
    assert ended["peak_mb"] < 300 and ended["seconds"] < HANG_GUARD, ended


def test_markdown_tables_that_expand_stop_at_the_token_budget(tmp_path: Path) -> None:
    """Probe case 55: 1.3 MB of tables whose short rows expand to 256 cells each (some 140
    million tokens) stop at the parser's token budget and are shown as plain text."""
    from reader.documents.markdown import MAX_LINES

    header = b"|" + b"a|" * 256 + b"\n|" + b"-|" * 256 + b"\n"
    source = (header + b"|x\n" * 256 + b"\n") * 700
    assert source.count(b"\n") < MAX_LINES  # not too long: too many tokens
    path = tmp_path / "tables.md"
    path.write_bytes(source)
    ended = load_in_child(path)
    assert ended["outcome"].startswith("loaded"), ended
    assert any("plain text" in notice for notice in ended["notices"]), ended
    assert ended["peak_mb"] < 300 and ended["seconds"] < HANG_GUARD, ended


def test_markdown_budget_counts_inline_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """Probe case 55: one long line of emphasis is counted token by token, too."""
    from reader.documents import markdown

    monkeypatch.setattr(markdown, "MAX_TOKENS", 1000)
    assert markdown.render_markdown("*a* " * 100) is not None
    assert markdown.render_markdown("*a* " * 1000) is None

"""load_document on files, stdin, Markdown, HTML and EPUB (THREATS checklist 12-25).

Hostile and binary inputs are generated here, in tmp_path; only small clean text
fixtures live in tests/data/docs.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
from pathlib import Path

import pytest

from reader.documents import MAX_INPUT_BYTES, load_document
from reader.errors import InputError, UsageError
from reader.sanitize import is_clean

DOCS = Path(__file__).parents[1] / "data" / "docs"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# --- plain text -------------------------------------------------------------------------


def test_offset_contract_clean_utf8_file_is_returned_unchanged() -> None:
    path = DOCS / "clean.txt"
    document = load_document(str(path))
    assert document.text == path.read_text(encoding="utf-8")
    assert document.title == "Leaders meet in Paris"
    assert document.source == str(path)
    assert document.encoding is None and document.notices == ()


def test_offset_contract_keeps_long_lines_and_spacing(tmp_path: Path) -> None:
    text = "  leading spaces\n" + "word " * 50_000 + "\n\n\ttab\n\n\n"
    document = load_document(write(tmp_path, "long.txt", text.encode()))
    assert document.text == text


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (codecs.BOM_UTF8 + "Grüße\nzwei\n".encode(), "Grüße\nzwei\n"),
        (codecs.BOM_UTF16_LE + "Grüße\nzwei\n".encode("utf-16-le"), "Grüße\nzwei\n"),
        (codecs.BOM_UTF16_BE + "Grüße\nzwei\n".encode("utf-16-be"), "Grüße\nzwei\n"),
        (codecs.BOM_UTF32_LE + "Grüße\nzwei\n".encode("utf-32-le"), "Grüße\nzwei\n"),
        (b"one\r\ntwo\r\nthree\r\n", "one\ntwo\nthree\n"),
        (b"one\rtwo\rthree\r", "one\ntwo\nthree\n"),
        (b"one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
        (codecs.BOM_UTF16_LE + "one\r\ntwo\r".encode("utf-16-le"), "one\ntwo\n"),
    ],
    ids=[
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf32-bom",
        "crlf",
        "cr",
        "mixed",
        "utf16-crlf",
    ],
)
def test_boms_and_line_endings(tmp_path: Path, data: bytes, text: str) -> None:
    document = load_document(write(tmp_path, "in.txt", data))
    assert document.text == text
    assert "\ufeff" not in document.text and "\r" not in document.text
    assert document.title == text.split("\n")[0]


def test_cp1252_is_guessed_with_a_notice_and_encoding_overrides(tmp_path: Path) -> None:
    source = write(tmp_path, "legacy.txt", "Müller’s café\n".encode("cp1252"))
    guessed = load_document(source)
    assert guessed.text == "Müller’s café\n"
    assert guessed.encoding == "cp1252"
    assert guessed.notices and "cp1252" in guessed.notices[0]
    latin1 = load_document(source, encoding="latin-1")
    assert latin1.encoding == "latin-1"
    assert latin1.text == "Müller\ufffds café\n"  # 0x92 is a C1 control in Latin-1: replaced


def test_invalid_utf8_mid_file_gets_replacement_and_notice(tmp_path: Path) -> None:
    data = "Grüße aus Köln ".encode() + b"\xff\xc0\xaf" + " und Straße\n".encode()
    document = load_document(write(tmp_path, "bad.txt", data))
    assert document.text == "Grüße aus Köln \ufffd\ufffd\ufffd und Straße\n"
    assert document.notices


def test_nuls_in_utf8_show_as_control_pictures(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "nul.txt", b"Angela\x00Merkel met Macron\x00.\n"))
    assert document.text == "Angela\u2400Merkel met Macron\u2400.\n"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("\x1b]0;PWNED\x07title", "\u241b]0;PWNED\u2407title"),
        ("\x1b]52;c;UFdORUQ=\x1b\\", "\u241b]52;c;UFdORUQ=\u241b\\"),
        ("\x1b[2J\x1b[31mred", "\u241b[2J\u241b[31mred"),
        ("\x9b2J \x9d0;C1\x9c", "\ufffd2J \ufffd0;C1\ufffd"),
        ("gnp\u202eexe \u2066x\u2069", "gnp\ufffdexe \ufffdx\ufffd"),
        (
            "bell\x07 bs\x08 vt\x0b ff\x0c del\x7f",
            "bell\u2407 bs\u2408 vt\u240b ff\u240c del\u2421",
        ),
    ],
    ids=["osc0", "osc52", "csi", "c1", "bidi", "c0"],
)
def test_controls_are_replaced_one_for_one(tmp_path: Path, payload: str, expected: str) -> None:
    text = f"Article\nbefore {payload} after\n"
    document = load_document(write(tmp_path, "evil.txt", text.encode()))
    assert document.text == f"Article\nbefore {expected} after\n"
    assert len(document.text) == len(text)
    assert is_clean(document.text)


def test_a_long_headline_is_still_the_title(tmp_path: Path) -> None:
    headline = (
        "Minister's 'scum' row: the MP says his mother was abused after the deputy leader of"
        " the opposition used the insult in a Commons debate"
    )
    assert 120 < len(headline) < 150
    document = load_document(
        write(tmp_path, "070_slug.txt", f"{headline}\n\nThe MP said.\n".encode())
    )
    assert document.title == headline


def test_title_is_file_name_as_written_when_first_line_is_long(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "my-Notes_2.txt", b"x" * 200 + b"\nmore\n"))
    assert document.title == "my-Notes_2"  # not re-cased, not re-spaced
    sample = Path(__file__).parents[2] / "assets" / "israel-egypt-truce-talks.txt"
    assert load_document(str(sample)).title == "israel-egypt-truce-talks"  # a long caption first


def test_title_is_sanitised(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "t.txt", b"\x1b]0;evil\x07 Title\nbody\n"))
    assert is_clean(document.title) and "\x1b" not in document.title


# --- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\t\r\n  \n", "is empty"),
        ("bom-only.txt", codecs.BOM_UTF8, "is empty"),
        ("blank16.txt", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "is empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), "PNG image"),
        ("data.txt", gzip.compress(b"text " * 1000, mtime=0), "gzip"),
        ("prog", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, "ELF"),
        ("utf16.txt", "A long enough line of text.\n".encode("utf-16-le") * 5, "binary"),
        ("empty.md", b"\n\n", "is empty"),
        ("empty.html", b"<html><body><script>x()</script></body></html>", "no readable text"),
    ],
)
def test_bad_files_are_refused_with_one_clear_line(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    source = write(tmp_path, name, data)
    with pytest.raises(InputError, match=message) as caught:
        load_document(source)
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 2


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_document(str(tmp_path / "nope.txt"))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_document(str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file(tmp_path: Path) -> None:
    source = write(tmp_path, "secret.txt", b"text\n")
    os.chmod(source, 0)
    with pytest.raises(InputError, match="permission denied"):
        load_document(source)


def test_unreadable_path_even_as_root(tmp_path: Path) -> None:
    # A path through a regular file fails for root too (ENOTDIR).
    source = write(tmp_path, "file.txt", b"text\n")
    with pytest.raises(InputError, match="cannot read"):
        load_document(source + "/child.txt")


def test_over_the_cap_is_refused(tmp_path: Path) -> None:
    source = write(tmp_path, "big.txt", b"a" * (MAX_INPUT_BYTES + 1))
    with pytest.raises(InputError, match="larger than 10 MB"):
        load_document(source)
    assert load_document(write(tmp_path, "ok.txt", b"abc\n"), max_bytes=4).text == "abc\n"
    with pytest.raises(InputError, match="larger than"):
        load_document(write(tmp_path, "five.txt", b"abcd\n"), max_bytes=4)


def test_over_the_cap_from_an_endless_device() -> None:
    with pytest.raises(InputError, match="larger than"):
        load_document("/dev/zero", max_bytes=1024)


@pytest.mark.parametrize(
    "source",
    ["file:///etc/passwd", "FILE:/etc/hosts", "ftp://example.com/a.txt", "data:text/plain,hi",
     "javascript:alert(1)"],
)  # fmt: skip
def test_unsupported_schemes_are_refused(source: str) -> None:
    with pytest.raises(InputError, match="not supported"):
        load_document(source)


@pytest.mark.parametrize("source", ["http://", "https:///x", "http://[::1"])
def test_a_malformed_web_address_is_called_malformed(source: str) -> None:
    """An http(s) address with no host is not a scheme the reader refuses."""
    with pytest.raises(InputError, match="not a valid web address") as raised:
        load_document(source)
    assert "not supported" not in str(raised.value)


def test_a_local_file_whose_name_looks_like_a_scheme(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "note:1.txt").write_bytes(b"colon file\n")
    assert load_document("note:1.txt").text == "colon file\n"


@pytest.mark.parametrize("encoding", ["klingon", "base64", "idna", "punycode", "undefined"])
def test_bad_encoding_name(tmp_path: Path, encoding: str) -> None:
    """Probe case 59: an encoding the user names must be a text encoding (a usage error)."""
    with pytest.raises(UsageError, match="unknown text encoding"):
        load_document(write(tmp_path, "a.txt", b"text\n"), encoding=encoding)
    with pytest.raises(UsageError):  # said before anything is read
        load_document(str(tmp_path / "missing.txt"), encoding=encoding)


# --- stdin ------------------------------------------------------------------------------


def test_stdin_bytes() -> None:
    document = load_document("-", stdin=io.BytesIO("From a pipe\r\nGrüße\n".encode()))
    assert document.text == "From a pipe\nGrüße\n"
    assert document.source == "-"
    assert document.title == "From a pipe"


@pytest.mark.parametrize("data", [b"", b" \n \n"])
def test_empty_stdin(data: bytes) -> None:
    with pytest.raises(InputError, match="standard input is empty"):
        load_document("-", stdin=io.BytesIO(data))


def test_stdin_over_the_cap_reads_only_cap_plus_one() -> None:
    stream = io.BytesIO(b"x" * 10_000)
    with pytest.raises(InputError, match="standard input is larger than"):
        load_document("-", stdin=stream, max_bytes=100)
    assert stream.tell() == 101


def test_stdin_html_is_sniffed() -> None:
    html = b"<!doctype html><html><head><title>Piped</title></head><body><p>Body text.</p></body>"
    document = load_document("-", stdin=io.BytesIO(html))
    assert document.text == "Body text."
    assert document.title == "Piped"


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_is_rendered_as_readable_text() -> None:
    document = load_document(str(DOCS / "article.md"))
    text = document.text
    assert document.title == "Leaders meet in Paris"
    for marker in ("**", "__", "# ", "](", "```", "| ", "---", "> "):
        assert marker not in text, marker
    assert text.startswith("Leaders meet in Paris\n\nAngela Merkel met Emmanuel Macron in Paris")
    assert "Paris (https://en.wikipedia.org/wiki/Paris)" in text  # absolute link: text (url)
    assert "said the report." in text  # relative link: text only
    assert "• Ukraine\n• The European Union\n  1. budget\n  2. trade" in text
    assert "A quoted remark from NATO." in text
    assert "    code_stays = True" in text
    assert "Country │ Leader\nFrance │ Macron" in text


def test_markdown_headings_and_code_are_marked() -> None:
    document = load_document(str(DOCS / "article.md"))
    text = document.text
    headings = [text[start:end] for start, end in document.headings]
    assert headings == ["Leaders meet in Paris", "Topics"]
    assert [text[start:end] for start, end in document.code] == ["    code_stays = True"]
    assert document.chapters == ()


def test_markdown_code_is_shown_but_blanked_for_analysis(tmp_path: Path) -> None:
    source = (
        "# Notes on `Paris`\n\n"
        "Call `Angela Merkel` now, then:\n\n"
        "- item with `Berlin`\n\n"
        "```python\nmacron = 'Emmanuel Macron'\n```\n\nMacron spoke.\n"
    )
    document = load_document(write(tmp_path, "n.md", source.encode()))
    text = document.text
    assert text == (
        "Notes on Paris\n\nCall Angela Merkel now, then:\n\n• item with Berlin\n\n"
        "    macron = 'Emmanuel Macron'\n\nMacron spoke."
    )
    assert document.title == "Notes on Paris"
    code = [text[start:end] for start, end in document.code]
    assert code == ["Paris", "Angela Merkel", "Berlin", "    macron = 'Emmanuel Macron'"]
    analysed = document.analysed_text
    assert len(analysed) == len(text) and analysed.count("\n") == text.count("\n")
    for word in ("Paris", "Angela", "Berlin", "Emmanuel"):
        assert word not in analysed
    assert analysed.endswith("Macron spoke.") and analysed.startswith("Notes on ")


def test_code_is_never_analysed(tmp_path: Path) -> None:
    from reader.nlp.pipeline import analyse

    source = (
        "# Talks\n\nAngela Merkel met the press in Berlin on Monday.\n\n"
        "Run `Emmanuel Macron` or:\n\n```\nprint('Boris Johnson visited London.')\n```\n"
    )
    document = load_document(write(tmp_path, "c.md", source.encode()))
    entities = analyse(document.analysed_text)
    found = {mention.text for entity in entities for mention in entity.mentions}
    assert {"Angela Merkel", "Berlin"} <= found
    for start, end in document.code:
        for entity in entities:
            assert all(m.end <= start or m.start >= end for m in entity.mentions), entity
    assert not found & {"Emmanuel Macron", "Boris Johnson", "London"}


def test_builder_marks_in_the_input_are_replaced_not_obeyed(tmp_path: Path) -> None:
    source = "A \ufdd0B\ufdd1 and \ufdd2C\ufdd3 `d`\n".encode()
    document = load_document(write(tmp_path, "m.md", source))
    assert document.text == "A \ufffdB\ufffd and \ufffdC\ufffd d"
    assert [document.text[s:e] for s, e in document.code] == ["d"]
    assert document.headings == ()


def test_markdown_entities_decoded_once_then_sanitised(tmp_path: Path) -> None:
    source = write(tmp_path, "x.markdown", b"# T\n\nA &amp;lt; B &#x202e;x &#27;[2J \x1b[31m\n")
    text = load_document(source).text
    assert text == "T\n\nA &lt; B \ufffdx \ufffd[2J \u241b[31m"
    assert is_clean(text)


def test_markdown_without_heading_uses_first_line(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "n.md", b"Just *some* words.\n"))
    assert (document.title, document.text) == ("Just some words.", "Just some words.")


def test_markdown_html_block_that_is_not_a_fragment(tmp_path: Path) -> None:
    """An HTML block lxml's fragment parser rejects (it used to end in a traceback)."""
    document = load_document(write(tmp_path, "f.md", b"<html></html> gamma\n\nDelta.\n"))
    assert document.text == "gamma\n\nDelta."


# --- HTML -------------------------------------------------------------------------------


def test_html_article_body_title_and_date() -> None:
    document = load_document(str(DOCS / "article.html"))
    text = document.text
    assert document.title == "Leaders meet in Paris"
    assert "Dated 2024-03-05" in document.notices
    assert text.startswith("Leaders meet in Paris\n\nAngela Merkel met Emmanuel Macron")
    assert "\n\nThe talks covered Ukraine" in text
    for hidden in ("secretScript", "secretInlineScript", "secret-style", "color: red", "Home"):
        assert hidden not in text
    # Entities decoded once: &amp;lt; shows as "&lt;"; &#x202e; decoded, then neutralised.
    assert "motto &lt;unity&gt; & a hidden" in text
    assert "\u202e" not in text
    assert is_clean(text)


def test_html_no_date_guessed_from_a_copyright_footer(tmp_path: Path) -> None:
    body = (
        "<p>Angela Merkel met Emmanuel Macron in Paris on Tuesday to talk about Ukraine and"
        " the budget of the European Union for the coming years.</p>"
        "<p>The talks covered Ukraine, trade and the climate, officials said after the"
        " meeting, which lasted three hours.</p>"
    )
    page = (
        "<html><head><title>Leaders meet | Example News</title></head><body><article>"
        f"<h1>Leaders meet in Paris</h1>{body}</article>"
        "<footer><p>© 2019 Example News. All rights reserved.</p></footer></body></html>"
    )
    document = load_document(write(tmp_path, "p.html", page.encode()))
    assert not any(notice.startswith("Dated") for notice in document.notices)
    assert document.title == "Leaders meet in Paris"


def test_html_title_is_og_title_or_title_even_without_extraction(
    tmp_path: Path, monkeypatch
) -> None:
    from reader.documents import html

    monkeypatch.setattr(html, "MAX_EXTRACTION_CHARS", 0)  # read whole, as a large page is
    page = (
        '<html><head><meta property="og:title" content="Truce  talks resume">'
        "<title>Truce talks resume | Example News</title></head>"
        "<body><p>Talks resumed.</p><pre>x = 1\ny = 2</pre><p>Use <code>Cairo</code>.</p>"
        "</body></html>"
    )
    document = load_document(write(tmp_path, "p.html", page.encode()))
    assert document.title == "Truce talks resume"
    text = document.text
    assert [text[s:e] for s, e in document.code] == ["    x = 1\n    y = 2", "Cairo"]
    plain = page.replace('<meta property="og:title" content="Truce  talks resume">', "")
    assert load_document(write(tmp_path, "q.html", plain.encode())).title == (
        "Truce talks resume | Example News"
    )


def test_html_raw_escape_bytes_never_survive(tmp_path: Path) -> None:
    html = (
        "<html><head><title>T\x1b]0;x\x07</title></head><body><p>Short \x1b[2J page "
        "&#x9b;c1 &#27;esc \u202e bidi with enough words to be an article body.</p></body></html>"
    )
    document = load_document(write(tmp_path, "e.htm", html.encode()))
    assert is_clean(document.text) and is_clean(document.title)
    assert "Short" in document.text and "page" in document.text


def test_html_sniffed_without_suffix(tmp_path: Path) -> None:
    html = b"<!DOCTYPE html>\n<html><body><p>Hello <b>bold</b> world.</p><style>p{}</style></body>"
    assert load_document(write(tmp_path, "page", html)).text == "Hello bold world."


def test_html_meta_charset_is_used(tmp_path: Path) -> None:
    html = '<html><head><meta charset="iso-8859-7"></head><body><p>Ελληνικά</p></body></html>'
    document = load_document(write(tmp_path, "g.html", html.encode("iso-8859-7")))
    assert document.text == "Ελληνικά"


@pytest.mark.parametrize("charset", ["undefined", "idna", "punycode", "unicode_escape", "rot13"])
def test_html_unusable_meta_charset_falls_back_to_detection(tmp_path: Path, charset: str) -> None:
    """Probe case 59: ``<meta charset="idna">`` and the like: the page is read, with a notice."""
    html = f'<html><head><meta charset="{charset}"></head><body><p>Café \\x41</p></body></html>'
    document = load_document(write(tmp_path, "u.html", html.encode("cp1252")))
    assert document.text == "Café \\x41"
    assert any(charset in notice and "cp1252" in notice for notice in document.notices)


@pytest.mark.parametrize("charset", ["undefined", "idna", "punycode"])
def test_unusable_http_charset_falls_back_to_detection(monkeypatch, charset: str) -> None:
    """Probe case 59: a server's ``charset=idna`` goes through the same allow-list."""
    from reader.documents import url

    def fetch(address: str, **_options: object) -> url.Fetched:
        return url.Fetched(address, "text/plain", charset, "Café \\x41\n".encode("cp1252"))

    monkeypatch.setattr(url, "fetch", fetch)
    document = load_document("http://example.com/a.txt")
    assert document.text == "Café \\x41\n"
    assert any(charset in notice for notice in document.notices)


# --- EPUB -------------------------------------------------------------------------------


def make_epub(path: Path, chapters: list[tuple[str, str]]) -> None:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("test-book")
    book.set_title("A Test Book")
    book.set_language("en")
    items = []
    for number, (title, body) in enumerate(chapters, 1):
        item = epub.EpubHtml(title=title, file_name=f"chap_{number}.xhtml", lang="en")
        item.content = body
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    # Spine order differs from file names: the reader must follow the spine.
    book.spine = [items[1], items[0], *items[2:]]
    epub.write_epub(str(path), book)


def test_epub_chapters_in_spine_order(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    make_epub(
        path,
        [
            (
                "Second Chapter",
                "<h1>Second Chapter</h1><p>Macron spoke.</p><script>evil()</script>",
            ),
            ("Opening", "<p>Merkel arrived in <i>Paris</i>.</p><p>It rained &amp; \u202e.</p>"),
            ("Three", "<h2>Three</h2><ul><li>one</li><li>two</li></ul>"),
        ],
    )
    document = load_document(str(path))
    assert document.title == "A Test Book"
    assert document.text == (
        "Opening\n\nMerkel arrived in Paris.\n\nIt rained & \ufffd.\n\n"
        "Second Chapter\n\nMacron spoke.\n\n"
        "Three\n\n• one\n• two"
    )


def test_epub_sniffed_from_stdin(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    make_epub(path, [("One", "<p>First.</p>"), ("Two", "<p>Second.</p>")])
    document = load_document("-", stdin=io.BytesIO(path.read_bytes()))
    assert document.text == "Two\n\nSecond.\n\nOne\n\nFirst."


@pytest.mark.parametrize(
    "data",
    [b"not a zip at all", b"PK\x03\x04" + bytes(50), b"PK\x05\x06" + bytes(18)],
    ids=["text", "truncated-zip", "empty-zip"],
)
def test_broken_epub_is_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(InputError, match="not a readable EPUB"):
        load_document(write(tmp_path, "broken.epub", data))


@pytest.mark.parametrize(
    ("declaration", "charset", "text"),
    [('<?xml version="1.0" encoding="iso-8859-7"?>', "iso-8859-7", "Ελληνικά"),
     ('<?xml version="1.0" encoding="idna"?>', "cp1252", "Café"),
     ('<meta charset="punycode"/>', "cp1252", "Café")],
    ids=["greek", "idna", "punycode"],
)  # fmt: skip
def test_epub_chapter_charsets_go_through_the_allow_list(
    tmp_path: Path, declaration: str, charset: str, text: str
) -> None:
    """Probe case 59: a chapter's declared charset is used if real, else detection."""
    from tests.unit.hostile_inputs import deflated, epub

    chapter = f"{declaration}<html><body><p>{text}</p></body></html>".encode(charset)
    document = load_document(write(tmp_path, "c.epub", epub(deflated(chapter, 1))))
    assert (document.title, document.text) == ("Bomb", text)
    unusable = any("declared charset" in notice for notice in document.notices)
    assert unusable == (charset == "cp1252")


def test_epub_zip_bomb_is_refused(tmp_path: Path) -> None:
    from reader.documents.epub import read_epub

    path = tmp_path / "book.epub"
    make_epub(path, [("One", "<p>" + "word " * 50_000 + "</p>"), ("Two", "<p>x</p>")])
    with pytest.raises(InputError, match="unpacks to more than"):
        read_epub(path.read_bytes(), "book.epub", max_text=MAX_INPUT_BYTES, max_unpacked=100_000)


def make_book(path: Path, chapters: list[tuple[str, str]], *, contents: str | None = None) -> None:
    """A book whose spine starts with its navigation document and, if given, a contents
    page of its own (``contents.xhtml``, listed in the guide when ``contents == "guide"``)."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("nav-book")
    book.set_title("The Nav Book")
    book.set_language("en")
    items = []
    for number, (title, body) in enumerate(chapters, 1):
        item = epub.EpubHtml(title=title, file_name=f"ch{number}.xhtml", lang="en")
        item.content = body
        book.add_item(item)
        items.append(item)
    spine: list[object] = ["nav"]
    if contents is not None:
        page = epub.EpubHtml(title="Contents", file_name="contents.xhtml", lang="en")
        links = "".join(
            f'<li><a href="ch{n}.xhtml">{t}</a></li>' for n, (t, _) in enumerate(chapters, 1)
        )
        page.content = f"<h1>Contents</h1><ol>{links}</ol>"
        book.add_item(page)
        spine.append(page)
        if contents == "guide":
            book.guide = [{"type": "toc", "href": "contents.xhtml", "title": "Contents"}]
    book.toc = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = [*spine, *items]
    epub.write_epub(str(path), book)


CHAPTERS = [
    ("Arrival", "<h1>Arrival</h1><p>Merkel arrived in Paris.</p>"),
    ("The Talks", "<p>Macron spoke about <code>Ukraine</code>.</p>"),
    ("Departure", "<h2>Departure</h2><p>They left.</p>"),
]


@pytest.mark.parametrize("contents", [None, "guide", "unlisted"])
def test_epub_table_of_contents_is_not_body_text(tmp_path: Path, contents: str | None) -> None:
    path = tmp_path / "nav.epub"
    make_book(path, CHAPTERS, contents=contents)
    document = load_document(str(path))
    assert document.title == "The Nav Book"  # the metadata's title
    assert document.text == (
        "Arrival\n\nMerkel arrived in Paris.\n\n"
        "The Talks\n\nMacron spoke about Ukraine.\n\n"
        "Departure\n\nThey left."
    )


def test_epub_chapters_headings_and_code_have_offsets(tmp_path: Path) -> None:
    path = tmp_path / "nav.epub"
    make_book(path, CHAPTERS, contents="unlisted")
    document = load_document(str(path))
    text = document.text
    assert [
        (chapter.title, text[chapter.start :].split("\n")[0]) for chapter in document.chapters
    ] == [
        ("Arrival", "Arrival"),
        ("The Talks", "The Talks"),
        ("Departure", "Departure"),
    ]
    assert [text[s:e] for s, e in document.headings] == ["Arrival", "The Talks", "Departure"]
    assert [text[s:e] for s, e in document.code] == ["Ukraine"]


def test_a_chapter_listing_titles_among_prose_is_still_read(tmp_path: Path) -> None:
    # Naming the chapters in a sentence or two is not being the contents page.
    prose = "<p>Arrival</p><p>The Talks</p><p>Then many other things happened that day.</p>"
    path = tmp_path / "p.epub"
    make_book(path, [*CHAPTERS, ("Recap", prose)])
    assert "Then many other things" in load_document(str(path)).text

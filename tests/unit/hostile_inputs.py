"""Hostile archives built at run time, without ever holding what they unpack to."""

from __future__ import annotations

import struct
import zlib

CONTAINER = (
    b'<?xml version="1.0"?><container version="1.0" '
    b'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    b'<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
    b"</rootfiles></container>"
)
PACKAGE = (
    b'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
    b'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Bomb</dc:title>'
    b'</metadata><manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
    b'</manifest><spine><itemref idref="c1"/></spine></package>'
)


def deflated(chunk: bytes, times: int) -> tuple[bytes, int, int]:
    """``chunk * times`` deflated without building it: (stream, CRC-32, size).

    A full flush resets the compressor, so every repetition compresses to the same bytes.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return block * times + packer.flush(), crc, len(chunk) * times


def zip_archive(members: list[tuple[str, bytes]], chapter: tuple[bytes, int, int]) -> bytes:
    """A ZIP of stored ``members`` and a deflated ``OEBPS/c1.xhtml``.

    ``chapter`` is (stream, CRC-32, declared size): the size and CRC may lie.
    """
    entries = [(name, data, 0, zlib.crc32(data), len(data)) for name, data in members]
    entries.append(("OEBPS/c1.xhtml", chapter[0], 8, chapter[1], chapter[2]))
    body, directory = b"", b""
    for name, data, method, crc, size in entries:
        encoded = name.encode()
        head = (method, 0, 0x21, crc, len(data), size, len(encoded))
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, *head, 0, 0, 0, 0, 0,
                                 len(body)) + encoded  # fmt: skip
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, *head, 0) + encoded + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(directory), len(body), 0)  # fmt: skip
    return body + directory + end


def epub(chapter: tuple[bytes, int, int], *extra: tuple[str, bytes]) -> bytes:
    """An EPUB whose one chapter is ``chapter`` (see :func:`zip_archive`)."""
    members = [("mimetype", b"application/epub+zip"), ("META-INF/container.xml", CONTAINER),
               ("OEBPS/content.opf", PACKAGE), *extra]  # fmt: skip
    return zip_archive(members, chapter)


def epub_bomb() -> bytes:
    """146 KB of EPUB whose one chapter unpacks to 95 MB of ``<p>a</p>`` (probe case 55)."""
    return epub(deflated(b"<p>a</p>" * 8192, 95 * 16))

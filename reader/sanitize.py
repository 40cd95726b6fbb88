"""The one sanitiser: makes untrusted text safe to show in a terminal.

Every control character that a terminal could act on is replaced, one character
for one character, by a visible stand-in, so offsets computed on the sanitised
text stay valid and the reader can see that something was there:

- C0 controls (except tab and newline) and DEL become their Unicode "control
  picture" (``ESC`` shows as ``␛``, ``NUL`` as ``␀``, a bare ``CR`` as ``␍``);
- C1 controls (U+0080-U+009F), lone surrogates and bidi overrides/isolates
  become U+FFFD.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if chr(code) not in "\t\n":
            table[code] = chr(0x2400 + code)
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = REPLACEMENT
    for char in _BIDI_CONTROLS:
        table[ord(char)] = REPLACEMENT
    return table


_TABLE = _build_table()
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI_CONTROLS + "\ud800-\udfff]")


def sanitize(text: str) -> str:
    """Return ``text`` with every terminal-unsafe character replaced 1:1.

    Args:
        text: Untrusted text (article, Wikipedia reply, file name, error message).

    Returns:
        A string of the same length that is safe to print or render.
    """
    if not _UNSAFE.search(text):
        return text
    text = text.translate(_TABLE)
    # Lone surrogates (from surrogateescape decoding) cannot be encoded for output.
    return re.sub("[\ud800-\udfff]", REPLACEMENT, text)


def is_clean(text: str) -> bool:
    """Whether ``text`` contains nothing :func:`sanitize` would replace."""
    return _UNSAFE.search(text) is None


def one_line(text: str, limit: int = 300) -> str:
    """Sanitise ``text`` for a single output line (messages, status, errors).

    Newlines and tabs become spaces and long text is cut with an ellipsis.
    """
    flat = sanitize(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

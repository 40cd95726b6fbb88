"""Reading raw input bytes from a path or a stream, never more than a cap."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from reader.errors import InputError


def read_path(path: Path, name: str, limit: int) -> bytes:
    """Read a whole file, refusing it if it is larger than ``limit`` bytes.

    Args:
        path: The file to read.
        name: How to name it in messages (already sanitised).
        limit: The most bytes accepted.

    Returns:
        The file's bytes.

    Raises:
        InputError: Missing, a directory, unreadable, or too large.
    """
    try:
        with path.open("rb") as stream:
            info = os.fstat(stream.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputError(f"{name} is a directory, not a file")
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise too_large(name, limit)
            return read_stream(stream, name, limit)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(f"cannot read {name}: {reason}") from None


def read_stream(stream: BinaryIO, name: str, limit: int) -> bytes:
    """Read a stream to its end, refusing it past ``limit`` bytes (reads ``limit + 1`` at most).

    Raises:
        InputError: The stream holds more than ``limit`` bytes or cannot be read.
    """
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= limit:
            chunk = stream.read(min(1024 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}") from None
    if size > limit:
        raise too_large(name, limit)
    return b"".join(chunks)


def too_large(name: str, limit: int) -> InputError:
    """The error for an input over the size cap."""
    return InputError(
        f"{name} is larger than {limit / (1024 * 1024):g} MB, the limit for one article"
    )

"""The ReaderError family: every error a user may see, each with a one-line message."""

from __future__ import annotations


class ReaderError(Exception):
    """Base class of errors reader reports to the user without a traceback."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(ReaderError):
    """Bad command-line usage or configuration (exit code 2)."""

    exit_code = 2


class InputError(ReaderError):
    """An input that cannot be read or is not supported (exit code 2)."""

    exit_code = 2


class ModelError(ReaderError):
    """The spaCy pipeline is missing or cannot be loaded (exit code 2)."""

    exit_code = 2

"""Typed errors raised by the store and the domain.

The CLI turns each into one line on stderr and an exit code, so the library
never prints and never exits.
"""

from __future__ import annotations


class RedpropError(Exception):
    """Base class; ``exit_code`` is what the command line exits with."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(RedpropError):
    """A value the user gave is not acceptable (exit 2)."""

    exit_code = 2

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class NotFound(RedpropError):
    """A record named by its number or code does not exist (exit 1)."""


class NotAllowed(RedpropError):
    """The request is well formed but not allowed in the current state (exit 1)."""


class StoreError(RedpropError):
    """The database file cannot be used (exit 1 unless it is the user's bad path)."""

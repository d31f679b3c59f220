"""The store's exceptions, in a module of their own so that reading needs no sqlite-utils."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used: its message is one line a user can act on."""


class ReadOnlyError(StoreError):
    """The database (or its folder) cannot be written; it can still be opened read-only."""

"""A count and its noun in words: '1 record', '3 records', '2 review statuses'.

One home for the plural the store's messages and the app's screens and
command line all write (``counted``), and the noun alone where the count
stands apart from it (``plural``: 'the 3 unreviewed records').
"""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``one`` for 1, else ``many`` (``one`` + 's' when not given); 0 takes the plural."""
    return one if n == 1 else (many or one + "s")


def counted(n: int, one: str, many: str | None = None) -> str:
    """'1 action', '0 actions', '2 review statuses' (``many``: a plural not made with -s)."""
    return f"{n} {plural(n, one, many)}"

"""Writes one at a time, in the order the reviewer asked for them.

Each write runs in a worker thread of its own; a ticket taken on the UI thread
when the key is pressed makes the workers take their turns in key order, so
"the last change" (what undo reverts) is the last key the reviewer pressed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Turns:
    """Tickets and turns: ``ticket()`` on the UI thread, ``with turn(t):`` in the worker."""

    def __init__(self, timeout: float = 30.0) -> None:
        self._condition = threading.Condition()
        self._issued = 0
        self._serving = 0
        self._timeout = timeout

    def ticket(self) -> int:
        with self._condition:
            ticket = self._issued
            self._issued += 1
            return ticket

    @contextmanager
    def turn(self, ticket: int) -> Iterator[None]:
        """Wait until every earlier ticket is done (or a worker died without its turn)."""
        with self._condition:
            self._condition.wait_for(lambda: self._serving >= ticket, self._timeout)
        try:
            yield
        finally:
            with self._condition:
                self._serving = max(self._serving, ticket + 1)
                self._condition.notify_all()

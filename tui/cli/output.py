"""What the commands print besides their results: one-line notes and errors on stderr, and tables.

rich is imported when something is printed, not with this module, so that
``hmip-review outstanding --format json`` starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def err_console() -> Console:
    """A console on stderr, for notes, errors and the progress bar."""
    from rich.console import Console

    return Console(stderr=True)


def note(line: str, console: Console | None = None) -> None:
    """Print one unwrapped line of plain text on stderr."""
    (console or err_console()).print(line, soft_wrap=True, markup=False, highlight=False)


def error(name: str, reason: str, console: Console | None = None) -> None:
    """Report a bad input on exactly one line: ``error: <file>: <reason>``."""
    note(f"error: {name}: {' '.join(reason.split())}", console)


def new_table(title: str) -> Table:
    """A table in the commands' one style: title on the left, a rule under the header only."""
    from rich import box
    from rich.table import Table

    return Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False
    )

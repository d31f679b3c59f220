"""The ``hmip-review`` command line: the command group, and what its commands share.

Each command lives in a module of its own (``COMMANDS``), imported only when
that command runs or a help page lists it (click's lazily loading group). So
``hmip-review outstanding`` imports click, ``tui.cli.outstanding_command`` and
``store.reports.outstanding`` and nothing else of ours: no Textual, rich, sqlite-utils,
parser, pathlib or the other commands. Textual is imported only to open the app.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING

import click

from store.errors import StoreError

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console
    from rich.table import Table

# Names this module offers but imports only when first used (PEP 562). The
# import command reads the parser functions through this module, so tests can
# replace them (``monkeypatch.setattr("tui.cli.group.parse_document", ...)``).
_LAZY = {
    "ParseError": "extract",
    "parse_document": "extract",
    "read_document": "extract.formats.read",
    "check_whole": "extract.truncated",
    "import_document": "store.ingest.importer",
    "open_db": "store.db",
    "open_for_reading": "store.db",
    "UNCHANGED": "store.ingest.importer",
    "Console": "rich.console",
    "Table": "rich.table",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


DB_ENV = "HMIP_REVIEW_DB"
DEFAULT_DB = "hmip-review.db"

# command name -> "module:attribute" of its click command
COMMANDS = {
    "import": "tui.cli.import_command:import_command",
    "stats": "tui.cli.stats_command:stats",
    "review": "tui.cli.review_command:review",
    "outstanding": "tui.cli.outstanding_command:outstanding_command",
    "export": "tui.cli.export_command:export_command",
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are looked up, not when it is defined.

    The pattern of click's documentation ("Lazily Loading Subcommands"):
    ``lazy_commands`` maps each command name to ``"module:attribute"``.
    """

    def __init__(self, *args, lazy_commands: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_commands.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="hmip-review")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn prison inspection action plans and IRP reports into verified data.

    With no command: open the review app on the default database, importing the
    bundled samples first if the database does not exist yet.
    """
    if ctx.invoked_subcommand is not None:
        return
    from tui.cli.import_command import collect, run_import
    from tui.reviewer import default_reviewer

    db_path = default_db()
    if not db_path.exists():
        samples = this().samples_dir()
        _note(
            f"No database at {db_path}: importing the bundled samples from {samples} "
            "so there is something to review."
        )
        files = collect([samples]) if samples.is_dir() else []
        if not files:
            _note(f"No sample documents in {samples}: the database starts empty.")
        run_import(db_path, files, reparse=False)
    _open_store(db_path, create=True).close()
    this()._open_app(db_path, default_reviewer())


def this():
    """This module, through which commands call ``_open_app`` and ``samples_dir`` (tests replace them)."""
    return sys.modules[__name__]


def db_file(db_path: str | None) -> str:
    """The database to use: ``--db``, else ``$HMIP_REVIEW_DB``, else ``hmip-review.db`` here."""
    return db_path or os.environ.get(DB_ENV) or DEFAULT_DB


def default_db() -> Path:
    """``$HMIP_REVIEW_DB``, or ``hmip-review.db`` in the current folder."""
    return db_path_of(None)


def db_path_of(db_path: str | None) -> Path:
    """``db_file`` as a ``Path``."""
    from pathlib import Path

    return Path(db_file(db_path))


def samples_dir() -> Path:
    """The bundled sample documents: the repo's ``samples/``, or ``tui/_samples`` when installed."""
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1] / "samples"
    return repo if repo.is_dir() else Path(__file__).resolve().parent / "_samples"


def _db_option(func):
    """``--db FILE``: the command gets a str (or None); ``db_file``/``db_path_of`` resolve it."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        help=f"Database file (default: ${DB_ENV} or ./{DEFAULT_DB}).",
    )(func)


def _open_store(db_path: Path, *, create: bool, read_only: bool = False):
    """Open the database or exit 1 with a one-line reason.

    With ``read_only`` (commands that only read: stats, outstanding) a file that
    cannot be written is opened read-only instead of refused.
    """
    from pathlib import Path

    from store.db import open_db, open_for_reading

    db_path = Path(db_path)
    try:
        return open_for_reading(db_path) if read_only else open_db(db_path, create=create)
    except StoreError as exc:
        missing = not create and not db_path.exists()
        hint = "; import documents first: hmip-review import PATH" if missing else ""
        _note(f"error: {exc}{hint}")
        sys.exit(1)


def _open_app(db_path: Path, reviewer: str) -> None:
    from tui.app import ReviewApp

    ReviewApp(db=db_path, reviewer=reviewer).run()


def _new_table(title: str) -> Table:
    from rich import box
    from rich.table import Table

    return Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False
    )


def _err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def _note(line: str, console: Console | None = None) -> None:
    """Print one unwrapped line of plain text on stderr."""
    (console or _err_console()).print(line, soft_wrap=True, markup=False, highlight=False)


def _error(name: str, reason: str, console: Console | None = None) -> None:
    """Report a bad input on exactly one line: ``error: <file>: <reason>``."""
    _note(f"error: {name}: {' '.join(reason.split())}", console)

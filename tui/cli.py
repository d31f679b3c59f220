"""The ``hmip-review`` command line.

Textual is imported only by the commands that open the app, so ``import`` and
``stats`` start fast and run where no terminal UI is possible. Rich, the parser
and the store are imported by the commands that use them, on first use, so
that a quick lookup (``hmip-review outstanding``) starts about as fast as
Python with click does.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from store.errors import StoreError
from tui.reviewer import REVIEWER_ENV, default_reviewer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

# Names this module offers but imports only when first used (PEP 562): the
# parser, the importer and rich cost more to import than a lookup takes.
# ``_run_import`` reads the parser functions through the module, so tests can
# replace them (``monkeypatch.setattr("tui.cli.parse_document", ...)``).
_LAZY = {
    "ParseError": "extract",
    "parse_document": "extract",
    "read_document": "extract.decode",
    "check_whole": "extract.truncated",
    "import_document": "store.importer",
    "open_db": "store.db",
    "open_for_reading": "store.db",
    "UNCHANGED": "store.importer",
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
DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf")
_KIND_LABELS = {"action_plan": "plan", "irp_report": "IRP"}
_FILE_MIN = 8


def default_db() -> Path:
    """``$HMIP_REVIEW_DB``, or ``hmip-review.db`` in the current folder."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def samples_dir() -> Path:
    """The bundled sample documents: the repo's ``samples/``, or ``tui/_samples`` when installed."""
    repo = Path(__file__).resolve().parents[1] / "samples"
    return repo if repo.is_dir() else Path(__file__).resolve().parent / "_samples"


def _db_option(func):
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"Database file (default: ${DB_ENV} or ./{DEFAULT_DB}).",
    )(func)


def _reviewer_default() -> str:
    """``$HMIP_REVIEW_REVIEWER``, else the login name (see ``tui.reviewer``)."""
    return default_reviewer()


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hmip-review")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn prison inspection action plans and IRP reports into verified data.

    With no command: open the review app on the default database, importing the
    bundled samples first if the database does not exist yet.
    """
    if ctx.invoked_subcommand is not None:
        return
    db_path = default_db()
    if not db_path.exists():
        samples = samples_dir()
        _note(
            f"No database at {db_path}: importing the bundled samples from {samples} "
            "so there is something to review."
        )
        files = _collect([samples]) if samples.is_dir() else []
        if not files:
            _note(f"No sample documents in {samples}: the database starts empty.")
        _run_import(db_path, files, reparse=False)
    _open_store(db_path, create=True).close()
    _open_app(db_path, _reviewer_default())


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_db_option
@click.option(
    "--reparse",
    is_flag=True,
    help=(
        "Parse documents already imported again, in place: every reviewer edit, status "
        "and note is kept, and records the new parse no longer finds are kept, flagged."
    ),
)
def import_command(paths: tuple[Path, ...], db_path: Path | None, reparse: bool) -> None:
    """Import action plans and IRP reports from files or folders.

    Folders are searched recursively for .txt, .docx and .pdf files. A file
    already imported with the same text and parser version is skipped. A bad
    file is reported on one line and skipped; the rest are imported, and the
    exit status is 1.
    """
    ok = _run_import(db_path or default_db(), _collect(paths), reparse=reparse)
    sys.exit(0 if ok else 1)


@main.command()
@_db_option
def stats(db_path: Path | None) -> None:
    """Counts by establishment, review status, agreement and judgement."""
    from rich.console import Console

    from store import queries

    db = _open_store(db_path or default_db(), create=False, read_only=True)
    try:
        result = queries.stats(db)
    finally:
        db.close()
    console = Console()
    totals = ", ".join(f"{n} {name}" for name, n in result.totals.items())
    console.print(f"{db_path or default_db()}: {totals}", soft_wrap=True, highlight=False)
    short = {"documents": "docs", "recommendations": "recs"}
    console.print(_table("By establishment", result.by_establishment, short))
    console.print(_table("By review status", result.by_review_status))
    console.print(_table("By agreement", result.by_agreement))
    console.print(_table("By judgement", result.by_judgement))
    for scale, rows in result.by_scale.items():
        headers = {k: k.removesuffix(" progress") for k in rows[0]} | {"judgements": "total"}
        console.print(_table(f"{scale} judgements by establishment", rows, headers))
    links = ", ".join(f"{n} {name}" for name, n in result.links.items())
    console.print(f"Judgement links: {links}", soft_wrap=True, highlight=False)


@main.command()
@_db_option
@click.option(
    "--reviewer",
    default=None,
    help=f"Name recorded with each change (default: ${REVIEWER_ENV}, else your login name).",
)
def review(db_path: Path | None, reviewer: str | None) -> None:
    """Open the review app."""
    db_path = db_path or default_db()
    _open_store(db_path, create=False).close()
    _open_app(db_path, reviewer or _reviewer_default())


# --- helpers -----------------------------------------------------------------


def _collect(paths: Iterable[Path]) -> list[Path]:
    """Files to import, in order: each file as given, each folder's documents sorted.

    A path that does not exist is kept, so that reading it reports it.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    (
                        p
                        for p in path.rglob("*")
                        if p.is_file()
                        and p.suffix.lower() in DOCUMENT_SUFFIXES
                        and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    ),
                    key=lambda p: _natural_key(p.relative_to(path).as_posix()),
                )
            )
        else:
            files.append(path)
    return files


def _natural_key(name: str) -> list:
    """Sort 'plan_2' before 'plan_10', ignoring case."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t.lower()) for t in re.split(r"(\d+)", name)]


def _run_import(db_path: Path, files: list[Path], *, reparse: bool) -> bool:
    """Import ``files`` into ``db_path``, report each, return True if none failed."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from store.importer import import_document
    from tui.progress import DocumentsPerSecondColumn

    this = sys.modules[__name__]
    parse_document, read_document, check_whole = (
        this.parse_document,
        this.read_document,
        this.check_whole,
    )
    ParseError = this.ParseError  # noqa: N806
    err = _err_console()
    # A database that does not exist yet is made only once a file parses, so
    # that bad input leaves no new file behind.
    db = _open_store(db_path, create=True) if db_path.exists() else None
    results = []
    failed = 0
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            DocumentsPerSecondColumn(),
            TextColumn("{task.fields[name]}"),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as progress:
            task = progress.add_task("Importing", total=len(files), name="")
            for item in files:
                progress.update(task, name=item.name)
                try:
                    parsed = parse_document(read_document(item))
                    check_whole(parsed)
                    if db is None:
                        db = _open_store(db_path, create=True)
                    results.append((item, import_document(db, parsed, item.name, reparse=reparse)))
                except (ParseError, StoreError) as exc:
                    failed += 1
                    _error(str(item), str(exc), err)
                except Exception as exc:  # a parser bug must not stop the other files
                    failed += 1
                    _error(str(item), f"internal error: {type(exc).__name__}: {exc}", err)
                progress.advance(task)
    finally:
        if db is not None:
            db.close()
    if results:
        Console().print(_summary_table(results))
    counts = Counter(result.status for _, result in results)
    parts = [f"{n} {status}" for status, n in counts.items()]
    if failed:
        parts.append(f"{failed} failed")
    _note(f"{', '.join(parts) or 'nothing to import'} → {db_path}", err)
    return failed == 0


def _summary_table(results) -> Table:
    from rich.console import Console

    from store.importer import UNCHANGED

    rows = []
    for path, result in results:
        s = result.summary
        rows.append(
            (
                _display_path(path),
                result.describe(),
                _KIND_LABELS.get(s.kind, s.kind),
                s.establishment or "",
                str(s.records),
                str(s.actions),
                str(s.warnings),
            )
        )
    names = ("file", "status", "kind", "establishment", "records", "actions", "warnings")
    widths = [max(len(name), *(len(row[i]) for row in rows)) for i, name in enumerate(names)]
    width, gaps = Console().width, 3 * (len(names) - 1)
    # a re-parse's status says what changed ('reparsed: 2 updated, 1 added'): it
    # wraps over lines rather than squeeze the other columns
    status_room = width - sum(widths[2:]) - _FILE_MIN - gaps
    widths[1] = max(len(UNCHANGED), min(widths[1], status_room))
    # every other column but the file keeps its full width; a long file name is
    # cut with an ellipsis rather than wrapped over several lines
    room = width - sum(widths[1:]) - gaps
    table = _new_table("Import summary")
    for i, name in enumerate(names):
        numeric = name in ("records", "actions", "warnings")
        table.add_column(
            name,
            justify="right" if numeric else "left",
            no_wrap=name != "status",
            overflow="fold" if name == "status" else "ellipsis",
            width=max(_FILE_MIN, min(widths[0], room)) if name == "file" else widths[i],
        )
    for row in rows:
        table.add_row(*row)
    return table


def _table(title: str, rows: list[dict], headers: dict[str, str] | None = None) -> Table | str:
    """A table of ``rows`` (dicts with the same keys), or a one-line note when there are none."""
    if not rows:
        return f"{title}: none"
    table = _new_table(title)
    for key, value in rows[0].items():
        table.add_column(
            (headers or {}).get(key, key),
            justify="right" if isinstance(value, int) else "left",
            no_wrap=isinstance(value, int),
        )
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    return table


def _new_table(title: str) -> Table:
    from rich import box
    from rich.table import Table

    return Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False
    )


def _display_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it, else its name."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


def _open_store(db_path: Path, *, create: bool, read_only: bool = False):
    """Open the database or exit 1 with a one-line reason.

    With ``read_only`` (commands that only read: stats, outstanding) a file that
    cannot be written is opened read-only instead of refused.
    """
    from store.db import open_db, open_for_reading

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


def _err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def _note(line: str, console: Console | None = None) -> None:
    """Print one unwrapped line of plain text on stderr."""
    (console or _err_console()).print(line, soft_wrap=True, markup=False, highlight=False)


def _error(name: str, reason: str, console: Console | None = None) -> None:
    """Report a bad input on exactly one line: ``error: <file>: <reason>``."""
    _note(f"error: {name}: {' '.join(reason.split())}", console)


# Commands kept in their own modules register themselves on ``main`` when imported.
from tui import cli_export, cli_outstanding  # noqa: E402, F401

"""``hmip-review import PATH…``: parse documents and store them, one summary row per file."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from store.errors import StoreError
from tui.cli import _db_option, _error, _new_table, _note, _open_store, db_path_of, this

if TYPE_CHECKING:
    from rich.table import Table

DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf")
_KIND_LABELS = {"action_plan": "plan", "irp_report": "IRP"}
_FILE_MIN = 8


@click.command("import")
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
def import_command(paths: tuple[Path, ...], db_path: str | None, reparse: bool) -> None:
    """Import action plans and IRP reports from files or folders.

    Folders are searched recursively for .txt, .docx and .pdf files. A file
    already imported with the same text and parser version is skipped. A bad
    file is reported on one line and skipped; the rest are imported, and the
    exit status is 1.
    """
    ok = run_import(db_path_of(db_path), collect(paths), reparse=reparse)
    sys.exit(0 if ok else 1)


def collect(paths: Iterable[Path]) -> list[Path]:
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


def run_import(db_path: Path, files: list[Path], *, reparse: bool) -> bool:
    """Import ``files`` into ``db_path``, report each, return True if none failed."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from store.importer import import_document
    from tui.progress import DocumentsPerSecondColumn

    # the parser is read through tui.cli, where tests may have replaced it
    cli = this()
    parse_document, read_document, check_whole = (
        cli.parse_document,
        cli.read_document,
        cli.check_whole,
    )
    ParseError = cli.ParseError  # noqa: N806
    err = cli._err_console()
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


def _display_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it, else its name."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name

"""The table ``hmip-review import`` ends with: a row per file, or per kind and status for many."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.output import new_table

if TYPE_CHECKING:
    from rich.console import Group
    from rich.table import Table

    from store.ingest.importer import ImportResult

# above this many files the summary has a row per kind and status, not per file
MANY_FILES = 40
_KIND_LABELS = {"action_plan": "plan", "irp_report": "IRP"}
_FILE_MIN = 8
# a file column narrower than this (and than the names) tells too little: one block a file
_FILE_LEAST = 24
NO_ESTABLISHMENT = "(not read)"
# the status of a file whose text another file of the run stored (a note names it)
SAME_TEXT = "unchanged (same text)"


def summary_table(results: list[tuple[Path, ImportResult]]) -> Table | Group:
    """The summary of the files stored: one row each, or totals above ``MANY_FILES``."""
    return per_file(results) if len(results) <= MANY_FILES else totals(results)


def same_text_as(results: list[tuple[Path, ImportResult]]) -> dict[int, Path]:
    """The files left unchanged because another file of this run stored the same text.

    By index in ``results``, the path of the file that stored it. Such a file is
    not a document the database held before: 'unchanged' alone would puzzle on a
    new database (the same plan saved as two PDFs, one file copied twice).
    """
    from store.ingest.importer import UNCHANGED

    stored = {r.document_id: path for path, r in results if r.status != UNCHANGED}
    return {
        index: stored[r.document_id]
        for index, (path, r) in enumerate(results)
        if r.status == UNCHANGED and stored.get(r.document_id, path) != path
    }


def same_text_notes(results: list[tuple[Path, ImportResult]]) -> list[str]:
    """'<file>: same text as <file>, stored once' for each file of ``same_text_as``."""
    return [
        f"{_display_path(results[index][0])}: same text as {_display_path(stored)}, stored once"
        for index, stored in same_text_as(results).items()
    ]


def totals(results: list[tuple[Path, ImportResult]]) -> Table:
    """For an import of many files: one row per kind and status instead of one per file.

    Documents stored without records are a status of their own ('imported (no records)').
    """
    groups: dict[tuple[str, str], list[int]] = {}
    copies = same_text_as(results)
    for index, (_, result) in enumerate(results):
        s = result.summary
        label = SAME_TEXT if index in copies else result.label
        key = (_KIND_LABELS.get(s.kind, s.kind), label)
        row = groups.setdefault(key, [0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += s.records
        row[2] += s.actions
        row[3] += s.warnings
        row[4] += 1 if s.warnings else 0
    table = new_table(f"Import summary: {len(results)} files")
    for name in (
        "kind",
        "status",
        "files",
        "records",
        "actions",
        "warnings",
        "files with warnings",
    ):
        table.add_column(name, justify="left" if name in ("kind", "status") else "right")
    for (kind, status), row in sorted(groups.items()):
        table.add_row(kind, status, *(f"{n:,}" for n in row))
    return table


def per_file(results: list[tuple[Path, ImportResult]]) -> Table | Group:
    """One row per file: what storing it did, its kind, establishment and counts (on a
    narrow terminal, one block per file)."""
    from rich.console import Console

    from store.ingest.importer import UNCHANGED

    rows = []
    copies = same_text_as(results)
    for index, (path, result) in enumerate(results):
        s = result.summary
        status = SAME_TEXT if index in copies else result.describe()
        rows.append(
            (
                _display_path(path),
                status,
                _KIND_LABELS.get(s.kind, s.kind),
                s.establishment or NO_ESTABLISHMENT,
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
    # cut in the middle rather than wrapped over several lines: its end tells copies
    # apart ('….normal.pdf', '….word.pdf')
    room = width - sum(widths[1:]) - gaps
    if room < min(widths[0], _FILE_LEAST):  # the names would be cut past telling apart
        return blocks(rows)
    rows = [(_middle_cut(row[0], room), *row[1:]) for row in rows]
    table = new_table("Import summary")
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


def _middle_cut(name: str, width: int) -> str:
    """``name`` in ``width`` characters: whole, or its start and its end either
    side of an ellipsis."""
    if len(name) <= width:
        return name
    tail = width // 2
    return f"{name[: width - 1 - tail]}…{name[len(name) - tail :]}"


def blocks(rows: list[tuple[str, ...]]) -> Group:
    """For a terminal too narrow for the table (80 columns): each file's name whole on a
    line of its own, then what happened to it on the next, indented."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    from store.plural import counted

    lines = [Text("Import summary")]
    for file, status, kind, establishment, records, actions, warnings in rows:
        lines.append(Text(file, overflow="fold"))
        counts = (counted(int(records), "record"), counted(int(actions), "action"))
        said = [status, kind, establishment, *counts, counted(int(warnings), "warning")]
        lines.append(Padding(Text(" · ".join(said)), (0, 0, 0, 2)))  # wrapped, indented
    return Group(*lines)


def _display_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it, else its name."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name

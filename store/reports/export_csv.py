"""The CSV folder: one file per table and view, written to open safely in a spreadsheet.

A CSV export is read by two kinds of program, and each cell must be right for
both: by code (Python's ``csv`` module, ``sqlite-utils insert --csv``, the
``sqlite3`` shell), which must get each value back exactly, and by a
spreadsheet, which guesses what a cell is. So the files are written thus:

* **UTF-8 with a byte-order mark** (``utf-8-sig``): without it, Excel opened by
  a double-click reads the file in the computer's legacy code page and shows
  ``’`` or ``…`` as mojibake. Python reads it with ``encoding="utf-8-sig"``;
  sqlite-utils and the sqlite3 shell skip the mark themselves.
* **Every text value is quoted; numbers and NULL are not.** The quotes are
  CSV syntax, so code reads the value back unchanged, and they tell the type:
  a spreadsheet told to treat quoted fields as text (LibreOffice's "Format
  quoted field as text") keeps ``5.10``, ``007`` and ``2021-12-31`` as written
  instead of turning them into ``5.1``, ``7`` and a date serial. (Excel heeds
  no quotes: its Data → From Text/CSV with "Do not detect data types" keeps
  every value as written; README says how to open the files in each.) A NULL
  is an empty unquoted field; an empty string is ``""``.
* **Formula injection is neutralised as OWASP's CSV-injection guidance says**:
  a text value beginning with ``=``, ``+``, ``-``, ``@``, a tab, a carriage
  return (OWASP) or NUL (OWASP ASVS 5.0, 1.2.10) has a single quote ``'`` put
  before it, and is quoted like every text value, so a spreadsheet shows it
  as text and never runs it. A text value that itself begins with ``'`` gets
  one more, so the rule undoes exactly: drop the first character of any text
  cell that begins with ``'``. Numbers are never changed (``-3`` stays a
  number); text such as ``- ongoing`` shows as ``'- ongoing``. That is the
  cost, and the SQLite and JSON exports hold every value unchanged.
* **A document's text is a file of its own**, ``documents/<id>.txt``, named in
  ``documents.csv``'s ``text_file`` column (in place of ``text``): a document
  runs to hundreds of thousands of characters, and a spreadsheet cell holds
  32,767. The file holds the text exactly (UTF-8, no byte-order mark, ``\\n``
  line ends), so the spans index into it as into ``documents.text``.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

from store.reports.export_writers import columns_of, relations, rows_of

ENCODING = "utf-8-sig"
LINE_END = "\r\n"  # RFC 4180's, as the csv module writes by default
# A value beginning with one of these is run as a formula by a spreadsheet
# (OWASP, CSV Injection; NUL from OWASP ASVS 5.0 requirement 1.2.10).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
NEUTRALISER = "'"
# The most characters a spreadsheet cell holds (Excel's limit).
SPREADSHEET_CELL_LIMIT = 32_767
# {table: (column written to a file of its own, the column naming that file)}
TEXT_FILES = {"documents": ("text", "text_file")}
TEXT_FILE_DESCRIPTION = (
    "The file in this folder holding the document's full text, `documents/<id>.txt`, "
    "in place of the `text` column (a spreadsheet cell holds at most 32,767 "
    "characters). UTF-8 without a byte-order mark, line ends `\\n`, exactly as "
    "stored, so every `span_start`/`span_end` is a character offset into it."
)
CSV_DESCRIPTION = (
    " CSV files: UTF-8 with a byte-order mark; every text value is quoted, numbers "
    "and NULL (an empty field) are not. A text value beginning with = + - @, a tab, "
    "a carriage return, NUL or ' has a ' put before it, so that a spreadsheet never "
    "runs it as a formula (OWASP's CSV-injection advice): remove one leading ' from "
    "such a cell to get the value. The SQLite and JSON exports hold every value "
    "unchanged. documents.text is in documents/<id>.txt, named in text_file."
)


def spreadsheet_cell(value: object) -> str:
    """One CSV field: a number bare, NULL empty, text quoted (and neutralised if need be)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)  # what the csv module writes for a number
    text = _neutralised(value.hex() if isinstance(value, bytes) else str(value))
    return '"' + text.replace('"', '""') + '"'


def _neutralised(text: str) -> str:
    """``text`` with a ``'`` before it if it begins with a formula trigger (or a ``'``)."""
    return NEUTRALISER + text if text.startswith((*FORMULA_TRIGGERS, NEUTRALISER)) else text


def raw_value(cell: str) -> str:
    """The value a text cell was written from: its neutralising ``'``, if any, taken off."""
    return cell[1:] if cell.startswith(NEUTRALISER) else cell


def write_csv_folder(conn: sqlite3.Connection, folder: Path, metadata: dict) -> dict[str, int]:
    """One ``<name>.csv`` per table and view, the documents' texts, and ``metadata.json``.

    Returns the cells longer than a spreadsheet cell holds, counted per
    ``table.column`` (none, unless a record's own text runs that long).
    """
    too_long: dict[str, int] = {}
    for name in relations(conn, "table") + relations(conn, "view"):
        columns = columns_of(conn, name)
        moved, naming = TEXT_FILES.get(name, (None, None))
        header = [naming if column == moved else column for column in columns]
        at = columns.index(moved) if moved in columns else None
        if at is not None:
            (folder / name).mkdir()
            key = columns.index("id")
        with (folder / f"{name}.csv").open("w", encoding=ENCODING, newline="") as fh:
            fh.write(_line(header))
            for row in rows_of(conn, name):
                if at is not None:
                    row = (*row[:at], _text_file(folder, name, row[key], row[at]), *row[at + 1 :])
                for column, value in zip(header, row, strict=True):
                    if isinstance(value, str) and len(_neutralised(value)) > SPREADSHEET_CELL_LIMIT:
                        too_long[f"{name}.{column}"] = too_long.get(f"{name}.{column}", 0) + 1
                fh.write(_line(row))
    (folder / "metadata.json").write_text(
        json.dumps(csv_metadata(metadata), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return too_long


def csv_metadata(metadata: dict) -> dict:
    """``metadata`` as it describes the CSV folder: the text files, and how cells are written."""
    described = copy.deepcopy(metadata)
    described["description"] += CSV_DESCRIPTION
    for database in described["databases"].values():
        for name, (moved, naming) in TEXT_FILES.items():
            columns = database["tables"].get(name, {}).get("columns")
            if columns is not None and moved in columns:
                database["tables"][name]["columns"] = {
                    (naming if column == moved else column): (
                        TEXT_FILE_DESCRIPTION if column == moved else text
                    )
                    for column, text in columns.items()
                }
    return described


def _line(values) -> str:
    return ",".join(spreadsheet_cell(value) for value in values) + LINE_END


def _text_file(folder: Path, table: str, row_id: object, text: str | None) -> str | None:
    """Write one row's long text to ``<table>/<id>.txt``; its name relative to ``folder``."""
    if text is None:
        return None
    name = f"{table}/{row_id}.txt"
    # newline="": the text is written exactly, its "\n" not turned into "\r\n"
    with (folder / name).open("w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return name

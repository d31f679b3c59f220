"""Real-renderer fixtures: our plans as Word files, then as LibreOffice writes them.

Run from the repo root (needs LibreOffice Writer: Debian's ``libreoffice-writer-nogui``)::

    python bench/make_rendered_fixtures.py             # tests/fixtures/rendered/
    python bench/make_rendered_fixtures.py --out DIR   # somewhere else
    python bench/make_rendered_fixtures.py --plans ashdown_action_plan_2021
    python bench/make_rendered_fixtures.py --set calibri   # tests/fixtures/pdf/calibri/
    python bench/make_rendered_fixtures.py --held-out --out DIR   # the other variant plans

Each plan in ``PLANS`` (text-layout action plans from ``samples/`` and
``tests/fixtures/variants/`` whose .docx parses as their text does) is turned into
a .docx by ``bench/make_sample_docx.text_to_docx`` and then dressed as a Word
user's file in one of two ``STYLES``:

* ``grid`` — Word's own "Table Grid": no top or bottom cell margin (0.19 cm at
  the sides), no space between a cell's paragraphs, Liberation Sans 10 pt;
* ``margins`` — 0.1 cm cell margins all round, 2 pt after each cell paragraph,
  Liberation Serif 9 pt.

Both: A4 landscape, 2 cm page margins, columns as wide as their text needs (a
narrow number column, a wide response column: long words in a narrow column
break where the renderer breaks them), the header row repeated on every page,
rows allowed to break across pages, and an "OFFICIAL … Page N of M" footer.

LibreOffice headless (``soffice --convert-to``) then writes, for each plan:

| file | made from | format scored as |
|---|---|---|
| ``<stem>.docx`` | python-docx, ``grid`` style | .docx |
| ``<stem>.resaved.docx`` | ``<stem>.docx`` opened and saved again by LibreOffice | resaved .docx |
| ``<stem>.odt`` | ``<stem>.docx`` saved as OpenDocument | .odt |
| ``<stem>.grid.pdf`` | ``<stem>.docx`` printed to PDF | PDF, zero cell margins |
| ``<stem>.margins.pdf`` | the ``margins`` style .docx printed to PDF | PDF, 0.1 cm cell margins |

and ``manifest.json`` names each plan's text and expected extraction (the
plan's existing hand-made JSON: the rendered files must parse to it). The
files are committed, so the tests and ``bench/accuracy.py`` need no
LibreOffice; run this again only to change the set.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "rendered"

_SAMPLES = ("samples", "tests/fixtures/samples")
_VARIANTS = ("tests/fixtures/variants", "tests/fixtures/variants")

# (stem, (folder of the text, folder of the expected JSON)): every layout of Word
# table we have — Belmarsh, Send, concerns tables of five and six columns, a plan
# with no section rows — 98 records, 7 plans.
PLANS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("ashdown_action_plan_2021", _SAMPLES),
    ("fenwick_action_plan_2019", _SAMPLES),
    ("st_aldrics_action_plan_2019", _VARIANTS),
    ("ravensdale_action_plan_2017", _VARIANTS),
    ("hollins_fold_action_plan_2023", _VARIANTS),
    ("kelstern_action_plan_2023", _VARIANTS),
    ("denholme_beck_action_plan_2024", _VARIANTS),
)

# The rendered files of one plan: (suffix, format label), in the order bench/accuracy.py
# prints them.
RENDERED = (
    (".docx", ".docx"),
    (".resaved.docx", "resaved .docx"),
    (".odt", ".odt"),
    (".grid.pdf", "PDF, zero cell margins"),
    (".margins.pdf", "PDF, 0.1 cm cell margins"),
)


@dataclass(frozen=True)
class Style:
    name: str
    font: str
    size_pt: float
    margin_top_cm: float  # cell margin above and below a cell's text
    margin_side_cm: float  # cell margin left and right
    after_pt: float  # space after each paragraph in a cell
    line: float = 1.0  # line spacing in a cell (multiple of single)
    portrait: bool = False  # A4 upright (narrower columns, more wrapped lines)
    tagged: bool = False  # written as a tagged PDF, as Word's own Save as PDF does


STYLES = {
    "grid": Style("grid", "Liberation Sans", 10, 0.0, 0.19, 0.0),
    "margins": Style("margins", "Liberation Serif", 9, 0.1, 0.1, 2.0),
}

# A held-out set (``--set calibri``, into tests/fixtures/pdf/calibri): PDFs only, in
# Calibri's metrics (Carlito, Debian's fonts-crosextra-carlito), made after the PDF
# reader's rules were written and never used to tune them: Word's own defaults
# (Calibri 11, Table Grid: no space between a cell's paragraphs), and a table that
# keeps Word's Normal paragraph (8 pt after, 1.08 lines).
# The third is Word's defaults again, tagged (a structure tree of Table / TR / TD / P
# with each paragraph's marked content), as Word's own "Save as PDF" writes it.
CALIBRI = {
    "word": Style("word", "Carlito", 11, 0.0, 0.19, 0.0),
    "normal": Style("normal", "Carlito", 11, 0.0, 0.19, 8.0, 1.08),
    "tagged": Style("tagged", "Carlito", 11, 0.0, 0.19, 0.0, tagged=True),
}
CALIBRI_OUT = ROOT / "tests" / "fixtures" / "pdf" / "calibri"
CALIBRI_RENDERED = (
    (".word.pdf", "PDF, Calibri 11, Table Grid"),
    (".normal.pdf", "PDF, Calibri 11, 8 pt after"),
    (".tagged.pdf", "PDF, Calibri 11, Table Grid, tagged"),
)
# A third set (``--set fresh``, never committed): made after the rules above were
# tuned on the held-out plans, to check them on wraps they have not seen: Arial's
# metrics at 9 pt on an upright page (narrow owner and target columns), Calibri 10
# with a small space after each paragraph (3 pt), and Times' metrics at 11 pt.
FRESH = {
    "portrait": Style("portrait", "Liberation Sans", 9, 0.0, 0.19, 0.0, portrait=True),
    "small_after": Style("small_after", "Carlito", 10, 0.0, 0.19, 3.0),
    "serif": Style("serif", "Liberation Serif", 11, 0.0, 0.19, 0.0),
}
FRESH_RENDERED = (
    (".portrait.pdf", "PDF, Arial 9, upright page"),
    (".small_after.pdf", "PDF, Calibri 10, 3 pt after"),
    (".serif.pdf", "PDF, Times 11, Table Grid"),
)
# And a second (``--set fresh2``), made after the first had been used to mend the
# rules: Calibri 9 upright, Arial 11 tagged, Times 9 upright with 0.05 cm margins
# and 1 pt after.
FRESH2 = {
    "upright_calibri": Style("upright_calibri", "Carlito", 9, 0.0, 0.19, 0.0, portrait=True),
    "sans11_tagged": Style("sans11_tagged", "Liberation Sans", 11, 0.0, 0.19, 0.0, tagged=True),
    "serif9": Style("serif9", "Liberation Serif", 9, 0.05, 0.19, 1.0, portrait=True),
}
FRESH2_RENDERED = (
    (".upright_calibri.pdf", "PDF, Calibri 9, upright page"),
    (".sans11_tagged.pdf", "PDF, Arial 11, tagged"),
    (".serif9.pdf", "PDF, Times 9, upright, 1 pt after"),
)
_TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'

_PAGE_W_CM, _PAGE_H_CM, _PAGE_MARGIN_CM = 29.7, 21.0, 2.0
_MIN_COLUMN_CM = 1.5


def _twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


def styled_docx(text: str, style: Style) -> bytes:
    """The .docx of a text-layout plan (``text_to_docx``), dressed in ``style``."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from bench.make_sample_docx import text_to_docx

    text = lists_as_paragraphs(without_page_furniture(text))
    document = docx.Document(io.BytesIO(text_to_docx(text)))
    _apart_tables(document)
    section = document.sections[0]
    wide, high = (_PAGE_H_CM, _PAGE_W_CM) if style.portrait else (_PAGE_W_CM, _PAGE_H_CM)
    section.orientation = WD_ORIENT.PORTRAIT if style.portrait else WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(wide), Cm(high)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(_PAGE_MARGIN_CM))

    normal = document.styles["Normal"]
    normal.font.name = style.font
    normal.font.size = Pt(style.size_pt)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), style.font)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0

    footer = section.footer.paragraphs[0]
    footer.text = "OFFICIAL\t\tPage "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    text_width = wide - 2 * _PAGE_MARGIN_CM
    for table in document.tables:
        table.style = document.styles["Table Grid"]
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        margins = OxmlElement("w:tblCellMar")
        for side, cm in (
            ("top", style.margin_top_cm),
            ("left", style.margin_side_cm),
            ("bottom", style.margin_top_cm),
            ("right", style.margin_side_cm),
        ):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), str(_twips(cm)))
            el.set(qn("w:type"), "dxa")
            margins.append(el)
        tbl_pr.append(margins)
        widths = _column_widths(table, text_width, style.size_pt)
        for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            col.w = Cm(width)
        for row in table.rows:
            seen = set()
            for i, cell in enumerate(row.cells):
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                span = sum(1 for c in row.cells if c._tc is cell._tc)
                cell.width = Cm(sum(widths[i : i + span]))
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_before = Pt(0)
                    paragraph.paragraph_format.space_after = Pt(style.after_pt)
                    paragraph.paragraph_format.line_spacing = style.line
        if len(widths) >= 4:  # a plan's table: its header row repeated on every page
            tr_pr = table.rows[0]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# A page footer or header as an export keeps it, its numbers as "#": "OFFICIAL",
# "Page # of #", "OFFICIAL Page #", "Page # OFFICIAL", "OFFICIAL SENSITIVE", a bare "#".
_FURNITURE_PART = r"(?:OFFICIAL(?: SENSITIVE)?|Page #(?: of #)?|#)"
_FURNITURE = re.compile(rf"{_FURNITURE_PART}(?:\s+{_FURNITURE_PART})*")
_PAGE_NUMBER = re.compile(r"Page #(?: of #)?")


def without_page_furniture(text: str) -> str:
    """The plan's text less the page footers and headers its export kept: each
    becomes a plain "OFFICIAL" line, which ``text_to_docx`` reads as a page break
    (a row after it continues the row before) and leaves out of the tables. The
    .docx has its own footer, as a Word user's file has: no footer inside a row.

    A line is furniture when it comes back (its numbers aside) at least twice and
    is made only of footer words ("OFFICIAL\tPage 2 of 9", "Page 2\tOFFICIAL", a
    bare page number), or has a cell that is a page number ("OFFICIAL\tHMP X
    action plan\tPage 1 of 4", a running header: the page number first or last,
    no cell a row's number). Tabs between the parts of a
    footer are how a PDF's text export sets them apart, not a table's cells.
    """
    lines = text.split("\n")
    keys = [re.sub(r"\d+", "#", " ".join(line.split())) for line in lines]
    out = []
    for line, key in zip(lines, keys, strict=True):
        if key and keys.count(key) >= 2 and _is_furniture(line, key):
            out.append("OFFICIAL")
        else:
            out.append(line)
    return "\n".join(out)


def _is_furniture(line: str, key: str) -> bool:
    if _FURNITURE.fullmatch(key):
        return True
    cells = [re.sub(r"\d+", "#", " ".join(c.split())) for c in line.split("\t")]
    filled = [c for c in cells if c]
    return (
        len(filled) <= 3
        and bool(_PAGE_NUMBER.fullmatch(filled[0]) or _PAGE_NUMBER.fullmatch(filled[-1]))
        and not any(re.fullmatch(r"#(?:\.#)*\.?", c) for c in filled)  # a numbered row
    )


_CELL_PART = re.compile(r"<(p|li)>(.*?)</\1>|<[^>]+>|[^<]+", re.S)


def lists_as_paragraphs(text: str) -> str:
    """Each table cell's list (``<ol><li>…</li></ol>``, or a list an export left as
    "<ol> 1. …; 2. …") as the cell's paragraphs, ``<p>`` items, as in a Word
    user's cell: ``text_to_docx`` keeps only a cell's ``<p>`` items, and dropped them."""
    lines = []
    for line in text.split("\n"):
        if "\t" in line:
            line = "\t".join(_cell_paragraphs(cell) for cell in line.split("\t"))
        lines.append(line)
    return "\n".join(lines)


def _cell_paragraphs(cell: str) -> str:
    if "<ol" not in cell and "<ul" not in cell and "<li>" not in cell:
        return cell
    items = []
    for m in _CELL_PART.finditer(cell):
        if m.group(1):
            items.append(m.group(2))
        elif not m.group(0).startswith("<"):
            items.append(m.group(0))
    return " ".join(f"<p>{t}</p>" for item in items if (t := " ".join(item.split())))


def _apart_tables(document) -> None:
    """An empty paragraph between two tables that follow each other.

    ``text_to_docx`` starts a new table where a row's width changes after a page
    break (a PDF export's ragged rows). Word keeps a paragraph between any two
    tables (two tables that touch are one table to Word and LibreOffice, which
    then cut the grid to fit both tables' columns): so does a Word user's file.
    """
    from docx.oxml import OxmlElement

    body = document.element.body
    for tbl in list(body.iterchildren(qn_w("tbl"))):
        following = tbl.getnext()
        if following is not None and following.tag == qn_w("tbl"):
            tbl.addnext(OxmlElement("w:p"))


def qn_w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def _field(paragraph, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    paragraph._p.append(field)


def _column_widths(table, total_cm: float, size_pt: float) -> list[float]:
    """Widths (cm) as a Word user sets them: wider where the text is longer.

    Each column is at least as wide as its longest word at half an em a letter
    (a rough measure: a long word in capitals or wide letters may still not fit,
    and the renderer then breaks it, as Word does), and at most a third of the width
    is kept for that reason.
    """
    columns = len(table.columns)
    lengths = [0] * columns
    longest = [0] * columns
    for row in table.rows:
        cells = row.cells
        if len({id(c._tc) for c in cells}) < columns:  # a merged heading row
            continue
        for i, cell in enumerate(cells):
            lengths[i] += len(cell.text)
            longest[i] = max([longest[i], *(len(w) for w in cell.text.split())])
    letter_cm = size_pt * 0.5 / 72 * 2.54
    floors = [min(max(_MIN_COLUMN_CM, n * letter_cm + 0.4), total_cm / 3) for n in longest]
    weights = [max(length / max(len(table.rows), 1), 3.0) ** 0.6 for length in lengths]
    widths = [total_cm * w / sum(weights) for w in weights]
    for _ in range(columns):
        short = [i for i in range(columns) if widths[i] < floors[i] - 1e-9]
        if not short:
            break
        fixed = {i for i in range(columns) if widths[i] <= floors[i] + 1e-9}
        spare = total_cm - sum(floors[i] for i in fixed)
        rest = sum(weights[i] for i in range(columns) if i not in fixed)
        if rest <= 0 or spare <= 0:
            break
        widths = [floors[i] if i in fixed else spare * weights[i] / rest for i in range(columns)]
    return [round(w, 2) for w in widths]


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit(
        "LibreOffice not found: install Writer (Debian: apt-get install libreoffice-writer-nogui)"
    )


def convert(sources: list[Path], target: str, outdir: Path, profile: Path) -> None:
    """``soffice --headless --convert-to TARGET`` for every source, into ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [
        soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        *map(str, sources),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    missing = [s for s in sources if not (outdir / s.with_suffix(_suffix(target)).name).is_file()]
    if done.returncode or missing:
        raise SystemExit(
            f"soffice failed ({done.returncode}) for {', '.join(s.name for s in missing)}:\n"
            f"{done.stdout}{done.stderr}"
        )


def _suffix(target: str) -> str:
    return "." + target.split(":", 1)[0]


def plan_sources(stems: list[str] | None = None) -> list[tuple[str, Path, Path]]:
    """(stem, text path, expected JSON path) of each plan, relative to the repo root."""
    out = []
    for stem, (texts, expected) in PLANS:
        if stems and stem not in stems:
            continue
        out.append((stem, Path(texts) / f"{stem}.txt", Path(expected) / f"{stem}.json"))
    return out


def build(out: Path, stems: list[str] | None = None) -> list[Path]:
    """Write every rendered file and the manifest into ``out``; return the files."""
    plans = plan_sources(stems)
    if not plans:
        raise SystemExit(f"no such plan: {', '.join(stems or [])}")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="hmip-rendered-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        made: dict[str, list[Path]] = {name: [] for name in STYLES}
        for stem, text_path, _ in plans:
            text = (ROOT / text_path).read_text(encoding="utf-8")
            for name, style in STYLES.items():
                path = work / name / f"{stem}.docx"
                path.parent.mkdir(exist_ok=True)
                path.write_bytes(styled_docx(text, style))
                made[name].append(path)
        convert(made["grid"], "pdf", work / "grid-pdf", profile)
        convert(made["margins"], "pdf", work / "margins-pdf", profile)
        convert(made["grid"], "odt", work / "odt", profile)
        convert(made["grid"], "docx:MS Word 2007 XML", work / "resaved", profile)
        for stem, _, _ in plans:
            for src, suffix in (
                (work / "grid" / f"{stem}.docx", ".docx"),
                (work / "resaved" / f"{stem}.docx", ".resaved.docx"),
                (work / "odt" / f"{stem}.odt", ".odt"),
                (work / "grid-pdf" / f"{stem}.pdf", ".grid.pdf"),
                (work / "margins-pdf" / f"{stem}.pdf", ".margins.pdf"),
            ):
                dst = out / f"{stem}{suffix}"
                shutil.copyfile(src, dst)
                written.append(dst)
    written.append(write_manifest(out, plans, "bench/make_rendered_fixtures.py", STYLES, RENDERED))
    return written


def build_calibri(out: Path, stems: list[str] | None = None) -> list[Path]:
    """The held-out set: each plan as a PDF in every ``CALIBRI`` style, and its manifest."""
    made_by = "bench/make_rendered_fixtures.py --set calibri"
    return build_pdfs(out, stems, CALIBRI, CALIBRI_RENDERED, made_by)


def build_pdfs(
    out: Path,
    stems: list[str] | None,
    styles: dict[str, Style],
    files: tuple[tuple[str, str], ...],
    made_by: str,
) -> list[Path]:
    """Each plan as a PDF in every one of ``styles`` ("tagged": a tagged PDF), and
    the manifest."""
    plans = plan_sources(stems)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="hmip-calibri-") as tmp:
        work = Path(tmp)
        for name, style in styles.items():
            made = []
            for stem, text_path, _ in plans:
                path = work / name / f"{stem}.docx"
                path.parent.mkdir(exist_ok=True)
                path.write_bytes(styled_docx((ROOT / text_path).read_text("utf-8"), style))
                made.append(path)
            target = _TAGGED_PDF if style.tagged else "pdf"
            convert(made, target, work / f"{name}-pdf", work / "profile")
            for stem, _, _ in plans:
                dst = out / f"{stem}.{name}.pdf"
                shutil.copyfile(work / f"{name}-pdf" / f"{stem}.pdf", dst)
                written.append(dst)
    written.append(write_manifest(out, plans, made_by, styles, files))
    return written


def write_manifest(
    out: Path,
    plans: list[tuple[str, Path, Path]],
    made_by: str,
    styles: dict[str, Style],
    files: tuple[tuple[str, str], ...],
) -> Path:
    """``out/manifest.json``: what made the files (this script, LibreOffice's
    version, the styles), each file suffix's format label, and the plans."""
    version = subprocess.run(
        [soffice(), "--version"], capture_output=True, text=True, timeout=60
    ).stdout.strip()
    manifest = {
        "made_by": made_by,
        "renderer": version,
        "styles": {name: vars(style) for name, style in styles.items()},
        "files": dict(files),
        "plans": [
            {"stem": stem, "text": str(text), "expected": str(expected)}
            for stem, text, expected in plans_for_manifest(out, plans)
        ],
    }
    path = out / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return path


def plans_for_manifest(out: Path, plans: list[tuple[str, Path, Path]]):
    """The plans written now, and (with ``--plans``) those already in the manifest."""
    path = out / "manifest.json"
    old = json.loads(path.read_text(encoding="utf-8"))["plans"] if path.is_file() else []
    new = {stem for stem, _, _ in plans}
    kept = [(p["stem"], Path(p["text"]), Path(p["expected"])) for p in old if p["stem"] not in new]
    return sorted([*kept, *plans])


def held_out_plans() -> tuple[tuple[str, tuple[str, str]], ...]:
    """The variant plans not in ``PLANS``, each with its expected extraction: the
    readers were not tuned on them. Many are PDF extractions: their page footers
    are taken out (``without_page_furniture``) and their tables kept apart
    (``_apart_tables``) as in a Word user's file, but a row a page break cut may
    still lack a cell the extraction dropped: a check, not a target."""
    used = {stem for stem, _ in PLANS}
    folder = ROOT / _VARIANTS[0]
    return tuple(
        (path.stem, _VARIANTS)
        for path in sorted(folder.glob("*_action_plan_*.txt"))
        if path.stem not in used and path.with_suffix(".json").is_file()
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=OUT, help=f"default {OUT}")
    ap.add_argument("--plans", nargs="+", metavar="STEM", help="only these plans")
    ap.add_argument(
        "--held-out",
        action="store_true",
        help="every other variant plan instead (those not in PLANS, whose files the "
        "readers were not tuned on), into --out; score with bench/accuracy.py "
        "--rendered-folder DIR",
    )
    ap.add_argument(
        "--set",
        choices=("rendered", "calibri", "fresh", "fresh2"),
        default="rendered",
        help=f"calibri: the held-out PDFs in Calibri's metrics, into {CALIBRI_OUT}; "
        "fresh, fresh2: PDFs in three more styles each (FRESH, FRESH2), into --out",
    )
    args = ap.parse_args(argv)
    if args.held_out:
        if args.out == OUT:
            raise SystemExit("--held-out writes into a folder of its own: give --out DIR")
        global PLANS
        PLANS = held_out_plans()
    if args.set in ("fresh", "fresh2"):
        if args.out == OUT:
            raise SystemExit(f"--set {args.set} writes into a folder of its own: give --out DIR")
        styles, files = (
            (FRESH, FRESH_RENDERED) if args.set == "fresh" else (FRESH2, FRESH2_RENDERED)
        )
        made_by = f"bench/make_rendered_fixtures.py --set {args.set}"
        made = build_pdfs(args.out, args.plans, styles, files, made_by)
    elif args.set == "calibri":
        out = CALIBRI_OUT if args.out == OUT else args.out
        made = build_calibri(out, args.plans)
    else:
        made = build(args.out, args.plans)
    for path in made:
        print(f"{path.stat().st_size / 1024:8.1f} KB  {path}")
    return 0


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    sys.exit(main())

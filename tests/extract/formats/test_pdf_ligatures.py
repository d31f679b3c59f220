"""Ligature glyphs in PDFs (extract/formats/pdf/engine.py, words.py): a word set with
'ﬀ', 'ﬁ', 'ﬂ', 'ﬃ' or 'ﬄ' is read whole, with the letters the glyph stands for.

A renderer whose font lacks the glyph (LibreOffice: Liberation Sans has no 'ﬀ')
draws it in a fallback font, in a text object of its own drawn after the letters
around it, with a kern in the letters' line where it goes; PDFium then reports a
space before the glyph and before the letters after it. The PDFs here are written
so by hand (Courier letters, a font whose ToUnicode maps its glyphs to ligature
codepoints or to their letters), and one with fpdf2 and DejaVu Sans.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.formats.pdf.engine import _LIGATURES, _letters, read_pages
from extract.formats.pdf.words import extract_words
from tests.support.pdf_files import assemble

fpdf = pytest.importorskip("fpdf")

FALLBACK = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _pdf(content: str, ligatures: dict[str, str]) -> bytes:
    """A one-page PDF drawing ``content``: /F1 Courier (every glyph 6 pt wide at
    10 pt), /F2 a font whose codes ``ligatures`` maps to the hex of their Unicode
    text (its ToUnicode CMap), each glyph 6 pt wide too."""
    codes = sorted(ligatures)
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CMapName /L def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        f"{len(codes)} beginbfchar\n"
        + "".join(f"<{ord(c):02X}> <{ligatures[c]}>\n" for c in codes)
        + "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop end end"
    )
    first, last = ord(codes[0]), ord(codes[-1])
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
        f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar {first} "
        f"/LastChar {last} /Widths [{' '.join(['600'] * (last - first + 1))}] "
        "/ToUnicode 7 0 R >>",
        f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream",
    ]
    return assemble(objects)


# the ligature glyphs of /F2: its codes and the Unicode text its ToUnicode gives
_GLYPHS = {
    "\ufb00": "FB00",
    "\ufb01": "0066 0069",
    "\ufb02": "FB02",
    "\ufb03": "FB03",
    "\ufb04": "0066 0066 006C",
}
_CODES = {lig: chr(0x41 + k) for k, lig in enumerate(_GLYPHS)}


def _parted(line: str) -> bytes:
    """``line`` as LibreOffice draws it when its font has no ligature glyphs: the
    letters in one TJ, a kern where each ligature goes, and the ligatures drawn
    afterwards in a fallback font at their places."""
    parts, later, x = [], [], 60.0
    run = ""
    for ch in line:
        if ch in _GLYPHS:
            parts.append(f"({run}) -600")
            later.append(f"1 0 0 1 {x + 6 * len(run):.2f} 500 Tm ({_CODES[ch]}) Tj")
            x += 6 * (len(run) + 1)
            run = ""
        else:
            run += ch
    parts.append(f"({run})")
    content = f"BT 60 500 Td /F1 10 Tf [{' '.join(parts)}] TJ /F2 10 Tf {' '.join(later)} ET"
    return _pdf(content, {code: _GLYPHS[lig].replace(" ", "") for lig, code in _CODES.items()})


def _words(data: bytes) -> list[str]:
    return [w["text"] for w in extract_words(read_pages(data)[0].chars)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Head of O\ufb00ender Management", ["Head", "of", "Offender", "Management"]),
        ("an e\ufb00ective plan", ["an", "effective", "plan"]),
        ("the \ufb01rst o\ufb03ce", ["the", "first", "office"]),
        ("work\ufb02ow and ba\ufb04ed", ["workflow", "and", "baffled"]),
        ("all sta\ufb00 were \ufb01t", ["all", "staff", "were", "fit"]),
        ("sta\ufb00 \ufb01les", ["staff", "files"]),
    ],
)
def test_a_ligature_drawn_apart_is_read_in_its_word(line, expected):
    assert _words(_parted(line)) == expected


def test_without_the_ligature_rule_the_word_falls_apart():
    """The PDFs above do show the fault: PDFium reports a space each side of the glyph."""
    chars = read_pages(_parted("Head of O\ufb00ender"))[0].chars
    plain = [{k: v for k, v in c.items() if k != "ligature"} for c in chars]
    assert [w["text"] for w in extract_words(plain)] == ["Head", "of", "O", "ff", "ender"]


@pytest.mark.skipif(not FALLBACK.exists(), reason="DejaVu Sans")
def test_a_ligature_in_one_font_is_read_as_its_letters():
    pdf = fpdf.FPDF(orientation="L", format="A4", unit="pt")
    pdf.add_page()
    pdf.add_font("fallback", "", str(FALLBACK))
    pdf.set_font("fallback", size=10)
    pdf.text(60, 100, "O\ufb00ender o\ufb03ce \ufb01le \ufb02ow")
    assert _words(bytes(pdf.output())) == ["Offender", "office", "file", "flow"]


def test_a_ligature_codepoint_becomes_its_letters_sharing_its_box():
    assert _LIGATURES["\ufb03"] == "ffi" and set(_LIGATURES) == {
        chr(c) for c in range(0xFB00, 0xFB07)
    }
    glyph = {"text": "\ufb03", "x0": 10.0, "x1": 19.0, "top": 0.0, "bottom": 10.0}
    letters = _letters(glyph, "ffi", space=True, paragraph=False)
    assert [c["text"] for c in letters] == ["f", "f", "i"]
    assert [(c["x0"], c["x1"]) for c in letters] == [(10.0, 13.0), (13.0, 16.0), (16.0, 19.0)]
    assert [("space" in c) for c in letters] == [True, False, False]
    assert all(c["ligature"] and "paragraph" not in c for c in letters)
    assert all(c["paragraph"] == 4 for c in _letters(glyph, "ffi", space=False, paragraph=4))

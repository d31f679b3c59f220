"""Pure parsing: document text in, records out. No SQLite, no Textual.

It works in stages (DESIGN.md, "Data flow"):

* ``formats/`` — format readers: a file (.txt in its encoding, .docx, .pdf)
  into text;
* a layout reader per document kind turns the text into blocks with their
  spans: ``action_plan/table.py`` (table rows of cells), ``irp/layout.py``
  (sections, headings, numbered paragraphs);
* an interpreter per kind maps the blocks to records: ``action_plan/parse.py``,
  ``irp/parse.py``;
* shared by all: ``models`` (the records), ``domain`` (agreement values,
  judgement scales, document kinds: one copy each), ``dates`` (python-dateutil),
  ``kind`` (which kind a text is), ``truncated`` (was the file cut off).

The record classes are imported on first use (PEP 562), so that importing
``extract.domain`` alone (as ``hmip-review outstanding`` does) costs nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.models import Document

_MODELS = (
    "Action",
    "ActionPlan",
    "Document",
    "IRPReport",
    "Judgement",
    "ParseError",
    "Recommendation",
)


def __getattr__(name: str):
    if name not in _MODELS:
        raise AttributeError(f"module 'extract' has no attribute {name!r}")
    value = getattr(importlib.import_module("extract.models"), name)
    globals()[name] = value
    return value


# Bump when a parser change can change what is extracted from the same text:
# the store re-parses documents imported by an older version. ("3": PDFs read with
# PDFium, their cells' paragraphs and page breaks read from geometry. "4": a PDF's
# turned pages read as their text runs; a row whose cell paragraphs only the words
# parted, its lists not bearing each other out, warns its record. "5": .docx and
# .odt cells placed on the table's grid and read as its columns, not one cell per
# grid column LibreOffice cut. "6": a PDF word set with a ligature glyph drawn
# apart is read whole, the glyph as its letters; a PDF line ending in a letter and a
# hyphen runs on into the next whatever it starts with ('pre-' / 'Covid'); an owner
# printed twice beside one target warns its record; a number left out of a run of
# numbered rows warns the plan and the row before it. "7": PDF cells read on the
# lines' baselines; a next word short of fitting by a fraction of a point is no
# paragraph's end; a line ending in a slash joined as the document sets slashes,
# with a warning; a bracket goes on the item above; a word broken at the end of a
# line of words joined; prose set in short lines is no list; lists parted by
# counting or chosen by their words, or both left whole over undecided lines, warn;
# a table running on to a page with no repeated header starts it with data; text
# sized through its text matrix (Word's PDF makers) and Word's running headers and
# footers (artifacts) left out; shading and highlights are no ruling lines, and a
# character is read in one cell only; a line ending in what may be half a word, or a
# sentence ending a line of the recommendation's cell, warns.)
PARSER_VERSION = "7"

__all__ = [
    "PARSER_VERSION",
    "Action",
    "ActionPlan",
    "Document",
    "IRPReport",
    "Judgement",
    "ParseError",
    "Recommendation",
    "detect_kind",
    "parse_document",
]


def detect_kind(text: str) -> str:
    """'action_plan' or 'irp_report'; ParseError for anything else."""
    from extract.kind import detect_kind as _detect

    return _detect(text)


def parse_document(text: str) -> Document:
    """Parse an action plan or an IRP report, whichever the text is."""
    kind = detect_kind(text)
    if kind == "action_plan":
        from extract.action_plan.parse import parse_action_plan

        return parse_action_plan(text)
    from extract.irp.parse import parse_irp

    return parse_irp(text)

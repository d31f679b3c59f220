"""What a layout reader could not be sure of, carried to the records it concerns.

Pure: a reader (the PDF one) knows where it guessed (a table cell's paragraphs
told apart by their words alone, nothing in the file marking them), but not
which record the text there becomes; the parser knows the records and the
span of text each came from. A :class:`Note` holds the place in the text and
what was guessed; :func:`attach` adds it as a warning to each record whose span
holds that place, or to the document when none does, so that a reviewer sees
it where the guess may have gone wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.models import Document

# the warning a row whose cell paragraphs the PDF reader parted by their words carries
GUESSED_PARAGRAPHS = (
    "PDF: where a cell's paragraphs end was read from their words alone (the PDF does "
    "not mark it): check its owners and targets against the file"
)

# the warning a row carries where a cell's line ended in a slash ('Governor/') and
# whether a space followed was read from how the document sets slashes elsewhere
GUESSED_SLASH = (
    "PDF: a line ending in '/' was joined to the next with or without a space as the "
    "document mostly sets a slash (the PDF does not show which): check the owner "
    "against the file"
)

# the warning a row carries where a line ended in the piece of a word that may run on
# into the next line or be a word of its own ('accommodati' / 'on', 'Immediate' / 'and')
GUESSED_BREAK = (
    "PDF: a line ends in what may be part of a word broken at the cell's edge, or a "
    "word of its own (the document uses neither whole elsewhere): check the text "
    "against the file"
)

# the warning a row carries where its recommendation cell has a line ending a sentence
# that may end a paragraph (a concern's) or go on (the PDF does not mark which)
GUESSED_PROSE_BREAK = (
    "PDF: a sentence in the recommendation's cell ends a line where a paragraph may "
    "end or go on (the PDF does not mark which): check the concern and the "
    "recommendation against the file"
)

# the warning a row that took a lone line at the top of the next page as its rest carries
JOINED_LINE = (
    "PDF: a line at the top of the next page was read as the rest of this row (it may "
    "be a section or heading row of its own): check against the file"
)


@dataclass(frozen=True)
class Note:
    """A reader's doubt: ``offset`` into the text it read, and ``message``."""

    offset: int
    message: str


def attach(document: Document, notes: list[Note]) -> Document:
    """``document`` with each note a warning of the records whose span holds its
    offset (once per record), or of the document when no record's does."""
    records = getattr(document, "recommendations", None)
    if records is None:
        records = getattr(document, "judgements", [])
    for note in notes:
        held = [r for r in records if r.span_start <= note.offset < r.span_end]
        for record in held:
            if note.message not in record.warnings:
                record.warnings.append(note.message)
        if not held and note.message not in document.warnings:
            document.warnings.append(note.message)
    return document

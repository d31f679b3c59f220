"""Is a parsed document whole, or was its file cut off? Pure: parsed records in, a verdict out.

A file cut off part-way through an action plan's table still parses: it just
has fewer rows. The tell is its last row. In every plan seen (the corpus, the
samples and the test variants) the last row has at least one owner/target
pair and is followed by something (the count table, a footer, a page break).
A last row with no action at all and nothing after it is a row the cut went
through. A 'Not Agreed' row may have no actions, so it is let through.

(A UTF-8 file cut in the middle of a character is refused by
``extract.formats.read``; an IRP report cut short is caught by the parser's own
count cross-checks, as warnings.)
"""

from __future__ import annotations

from extract.models import ActionPlan, Document, ParseError


def check_whole(parsed: Document) -> None:
    """Raise ``ParseError`` when ``parsed`` looks cut off part-way through its last row."""
    if not isinstance(parsed, ActionPlan) or not parsed.recommendations:
        return
    last = max(parsed.recommendations, key=lambda r: (r.span_end or 0, r.position))
    if last.actions or last.agreement == "Not Agreed":
        return
    if parsed.text[last.span_end or 0 :].strip():
        return
    name = f"row {last.rec_no}" if last.rec_no else f"its row {last.position}"
    raise ParseError(
        f"truncated: the text ends inside {name} of the action plan (it has no owner or "
        "target, and nothing follows it); import the complete file"
    )

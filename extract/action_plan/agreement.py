"""Agreement of each recommendation: read from its column, inferred, and counted.

The value is read from the agreement column (first line, or the column's lines
joined when the page split it); a missing one is inferred from the summary
count table where the arithmetic leaves one answer; the parsed counts are
compared with the stated ones.
"""

from __future__ import annotations

from collections import Counter

from extract.action_plan.columns import agreement_value
from extract.action_plan.table import Row
from extract.domain import AGREEMENTS
from extract.models import ActionPlan, Recommendation


def _reads_as_prose(text: str) -> bool:
    """Words, not OCR debris such as 'er LI le te su wi or ba m M'."""
    words = text.split()
    short = sum(1 for w in words if len(w.strip(".,;:")) <= 2)
    return len(words) >= 4 and text[:1].isalpha() and short <= len(words) * 0.4


def read_agreement(rec: Recommendation, rows: list[Row]) -> list[str]:
    """Set the agreement from the agreement column; return prose found there.

    The value is read from the first line, else from the column's lines joined
    ('Partly' / 'Agreed' split by the page). Longer text in the column on later
    lines is response text shifted by the extraction; it is returned so the
    caller keeps it in the response.
    """
    fragments = [(r, r.get("agreement")) for r in rows if r.get("agreement")]
    printed = rows[0].get("agreement")
    value = agreement_value(printed)
    used = {id(rows[0])} if value else set()
    if not value and fragments:
        joined = " ".join(text for _, text in fragments)
        value = agreement_value(joined)
        if value:
            used = {id(r) for r, _ in fragments}
            if len(fragments) > 1:
                rec.warnings.append(f"agreement printed over {len(fragments)} lines: {joined!r}")
    if value:
        rec.agreement, rec.agreement_printed = value, True
    elif printed:
        rec.warnings.append(f"agreement cell unreadable: {printed[:40]!r}")
        used.add(id(rows[0]))
    prose: list[str] = []
    for row, text in fragments:
        if id(row) in used:
            continue
        if _reads_as_prose(text):
            prose.append(text)
            rec.warnings.append(
                f"line {row.line_no + 1}: text {text[:30]!r} in the agreement column read as response"
            )
        else:
            rec.warnings.append(
                f"line {row.line_no + 1}: stray text {text[:30]!r} in the agreement column ignored"
            )
    return prose


def infer_agreements(plan: ActionPlan) -> None:
    """Fill missing agreement cells from the summary table where only one answer fits."""
    missing = [r for r in plan.recommendations if r.agreement is None]
    stated = plan.stated_counts
    if not missing or not stated:
        for r in missing:
            r.warnings.append("agreement missing and no summary table to infer it from")
        return
    counted = Counter(r.agreement for r in plan.recommendations if r.agreement)
    remaining = {a: stated.get(a, 0) - counted.get(a, 0) for a in AGREEMENTS}
    positive = [a for a, n in remaining.items() if n > 0]
    if (
        len(positive) == 1
        and remaining[positive[0]] == len(missing)
        and all(n >= 0 for n in remaining.values())
    ):
        value = positive[0]
        for r in missing:
            r.agreement, r.agreement_printed = value, False
            r.warnings.append(f"agreement not printed; inferred '{value}' from the summary table")
        return
    for r in missing:
        r.warnings.append("agreement not printed and the summary table leaves more than one answer")


def check_counts(plan: ActionPlan) -> None:
    stated = plan.stated_counts
    if not stated:
        return
    counted = Counter(r.agreement for r in plan.recommendations if r.agreement)
    got = {a: counted.get(a, 0) for a in AGREEMENTS}
    got["Total"] = len(plan.recommendations)
    diffs = [f"{k} {got[k]} parsed vs {v} stated" for k, v in stated.items() if got.get(k) != v]
    if diffs:
        plan.warnings.append("counts differ from the summary table: " + "; ".join(diffs))

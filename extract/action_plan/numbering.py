"""Rec numbers missing or garbled in print get the number their neighbours imply."""

from __future__ import annotations

import re

from extract.models import Recommendation

_VALID = re.compile(r"^\d+(?:\.\d+)*$")


def _successor(no: str) -> str:
    head, _, last = no.rpartition(".")
    nxt = str(int(last) + 1)
    return f"{head}.{nxt}" if head else nxt


def _predecessor(no: str) -> str | None:
    head, _, last = no.rpartition(".")
    if int(last) <= 1:
        return None
    prev = str(int(last) - 1)
    return f"{head}.{prev}" if head else prev


def repair_numbers(recs: list[Recommendation]) -> None:
    """Give rows with a missing or garbled number the one implied by their neighbours."""
    valid = [bool(r.rec_no and _VALID.match(r.rec_no)) for r in recs]
    for i, rec in enumerate(recs):
        if valid[i]:
            continue
        before = next((recs[j].rec_no for j in range(i - 1, -1, -1) if valid[j]), None)
        after = next((recs[j].rec_no for j in range(i + 1, len(recs)) if valid[j]), None)
        gap_before = next((i - j for j in range(i - 1, -1, -1) if valid[j]), 0)
        gap_after = next((j - i for j in range(i + 1, len(recs)) if valid[j]), 0)
        guess = None
        if before:
            guess = before
            for _ in range(gap_before):
                guess = _successor(guess)
        elif after:
            guess = after
            for _ in range(gap_after):
                guess = _predecessor(guess) if guess else None
        printed = rec.rec_no_as_printed.strip()
        if guess is None:
            rec.warnings.append("rec no missing and no neighbour to imply it")
            continue
        rec.rec_no = guess
        valid[i] = True
        if printed:
            rec.warnings.append(f"rec no printed {printed!r}; read as {guess} from its neighbours")
        else:
            rec.warnings.append(f"rec no not printed; read as {guess} from its neighbours")
    _repair_duplicates(recs)


def _repair_duplicates(recs: list[Recommendation]) -> None:
    """A number printed twice in a row ('6', '6', '8') is read as the gap it leaves ('7')."""
    for i in range(1, len(recs)):
        prev, rec = recs[i - 1].rec_no, recs[i]
        if not (prev and rec.rec_no == prev and _VALID.match(prev)):
            continue
        nxt = recs[i + 1].rec_no if i + 1 < len(recs) else None
        guess = _successor(prev)
        used = {r.rec_no for r in recs}
        if guess not in used and (nxt is None or (_VALID.match(nxt) and _successor(guess) == nxt)):
            rec.rec_no = guess
            rec.warnings.append(
                f"rec no printed {prev!r} twice; read as {guess} from its neighbours"
            )
        else:
            rec.warnings.append(f"rec no {prev} is printed twice")


def check_gaps(recs: list[Recommendation]) -> list[str]:
    """Numbers left out of a run of numbered rows ('3', '5': no '4'), as the plan's
    warnings; the row before each gap warns too, as the missing row may have been
    read into it (an unnumbered row whose rule the reader did not see)."""
    out: list[str] = []
    for rec, nxt in zip(recs, recs[1:], strict=False):
        a, b = rec.rec_no, nxt.rec_no
        if not (a and b and _VALID.match(a) and _VALID.match(b)):
            continue
        head_a, _, last_a = a.rpartition(".")
        head_b, _, last_b = b.rpartition(".")
        skipped = int(last_b) - int(last_a) - 1
        if head_a != head_b or skipped < 1:
            continue
        first = _successor(a)
        missing = first if skipped == 1 else f"{first} to {_predecessor(b)}"
        rec.warnings.append(
            f"rec no {missing} not found after this row: it may be joined to this one"
        )
        out.append(f"rec no {missing} not found between {a} and {b}: a row may be missing")
    return out

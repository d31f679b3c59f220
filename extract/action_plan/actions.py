"""Pair owners with target dates, row by row, into actions.

Owner and target cells hold ``<p>`` lists, space-separated lists
('Governor Governor' / 'Complete December 2021') or single values. Within a
row the two lists are paired in order; one owner covers several dates; a row
with a date but a blank owner (a continuation line after a page break, or a
date on its own line) belongs to the owner printed last; a row with only an
owner has a blank target.

Before pairing, cells broken by the page or the PDF extraction are mended:
a month split over the owner and target cells ('Aug' | 'just 2022'), a date
printed in the owner column, a target split over two lines ('End of' /
'March 2023'), and an owner wrapped over two lines ('Head of' / 'Residence').
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extract.action_plan.cells import ends_sentence, has_paragraphs, list_items
from extract.action_plan.columns import looks_target
from extract.action_plan.table import Row
from extract.dates import (
    NO_TARGET_DATE,
    parse_date,
    read_target,
    repair_split_month,
    split_known_owners,
    split_leading_targets,
    split_repeated_owner,
    split_targets,
)
from extract.models import Action

_DIGIT = re.compile(r"\d")

# an owner cut off mid-name: 'Head of', 'Governor /', 'Safer Custody and'
_DANGLING = re.compile(r"(?:\b(?:of|and|for|the|to)|[/&,\-–])\s*$", re.I)


@dataclass
class RowActions:
    row: Row
    owner_raw: str
    target_raw: str
    paragraphs: list[str]
    owners: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    target_as_printed: str | None = None


def _targets(raw: str) -> list[str]:
    out: list[str] = []
    for item in list_items(raw):
        out.extend(split_targets(item) or [item])
    return out


def _split_fragment(target: str) -> bool:
    """Could this unreadable target be the first half of a date cut by a line break?

    'End of', 'Sept', 'September', '30' can be; OCR noise made of digits and
    dots ('2001000.000') cannot, and stays a target of its own.
    """
    t = target.strip()
    if not t or read_target(t).problem is None:
        return False
    return bool(re.search(r"[A-Za-z]", t)) or bool(re.fullmatch(r"\d{1,4}", t))


def _runs_on(before: list[str], after: list[str]) -> bool:
    """Does the response text on this line carry on a sentence from the line above?

    A new owner comes with a new response paragraph; an owner cell that wraps
    sits beside response text that wraps too.
    """
    if not before or not after:
        return False
    return after[0][:1].islower() and not ends_sentence(before[-1])


def prepare(rows: list[RowActions], warnings: list[str], known_owners: Counter[str]) -> None:
    """Read each row's owner and target lists, mending cells broken across cells and lines."""

    def warn(row: Row, msg: str) -> None:
        warnings.append(f"line {row.line_no + 1}: {msg}")

    for item in rows:
        owners = list_items(item.owner_raw)
        target_items = list_items(item.target_raw)
        if len(owners) == 1 and not target_items and looks_target(owners[0]):
            warn(item.row, f"date {owners[0]!r} in the owner column read as the target")
            owners, item.target_raw = [], owners[0]
        elif len(owners) == 1 and target_items:
            fixed = repair_split_month(owners[0], target_items[0])
            if fixed:
                item.target_as_printed = f"{owners[0]}\t{target_items[0]}"
                warn(
                    item.row,
                    f"date printed split over two cells ({owners[0]!r} | {target_items[0]!r}) "
                    f"read as {fixed!r}",
                )
                owners, item.target_raw = [], fixed
        item.owners, item.targets = owners, _targets(item.target_raw)

    for prev, item in zip(rows, rows[1:], strict=False):
        # an owner wrapped over two lines: 'Head of' / 'Residence'
        wrapped = False
        if prev.owners and len(item.owners) == 1:
            first, rest = prev.owners[-1], item.owners[0]
            joined = f"{first} {rest}"
            wrapped = first not in ("", rest) and bool(
                _DANGLING.search(first)
                or rest[:1].islower()
                # a lone word with no date that is not an owner named again elsewhere
                or (not item.targets and len(rest.split()) == 1 and known_owners.get(rest, 0) < 2)
                # no date, and together they make an owner the plan names elsewhere
                or (not item.targets and known_owners.get(joined, 0) >= 1)
                # no date, plain-text cells, and the response runs on from the line
                # above: a PDF line break inside one row, not a new owner
                or (
                    not item.targets
                    and not has_paragraphs(prev.owner_raw + item.owner_raw)
                    and _runs_on(prev.paragraphs, item.paragraphs)
                )
            )
            if wrapped:
                warn(item.row, f"owner wrapped over two lines read as {joined!r}")
                prev.owners[-1] = joined
                item.owners = [joined]
        # a target split over two lines: 'End of' / 'March 2023', 'September' / '2023'
        if (
            prev.targets
            and item.targets
            and (wrapped or not item.owners)
            and _split_fragment(prev.targets[-1])
        ):
            joined = f"{prev.targets[-1]} {item.targets[0]}"
            if parse_date(joined):
                warn(prev.row, f"target split over two lines read as {joined!r}")
                prev.targets[-1] = joined
                item.targets = item.targets[1:]
        if wrapped and not item.targets:
            item.owners = []  # the line only finished the previous owner

    _join_split_lists(rows, warn)


def _expanded(item: RowActions) -> list[str]:
    """The row's owners, a plain 'Governor Governor' counted as the two it names."""
    if len(item.owners) == 1 and not has_paragraphs(item.owner_raw):
        words = item.owners[0].split()
        for count in range(2, len(words) + 1):
            repeated = split_repeated_owner(item.owners[0], count)
            if repeated:
                return repeated
    return item.owners


def _join_split_lists(rows: list[RowActions], warn) -> None:
    """Owner and target lists that a page break split unevenly are paired as one list.

    Two neighbouring lines whose lists are each uneven but even together
    ('Governor Governor' | 'March 2020', then '' | 'June 2020') are one row.
    """
    for prev, item in zip(rows, rows[1:], strict=False):
        owners_a, owners_b = _expanded(prev), _expanded(item)
        if not (prev.owners and prev.targets and (item.owners or item.targets)):
            continue
        if (
            len(owners_a) != len(prev.targets)
            and len(owners_b) != len(item.targets)
            and len(owners_a) + len(owners_b) == len(prev.targets) + len(item.targets)
        ):
            warn(item.row, "owner and target lists split by the page read as one list")
            prev.owners = owners_a + owners_b
            prev.targets = prev.targets + item.targets
            item.owners, item.targets = [], []


def _pairs(
    owners: list[str],
    targets: list[str],
    last_owner: str | None,
    warn,
    known_owners: Counter[str],
    plain_owner: bool = True,
) -> list[tuple[str, str]]:
    if len(owners) == len(targets):
        # parallel lists: spacer paragraphs (<p></p> in both) are not actions
        kept = [(o, t) for o, t in zip(owners, targets, strict=True) if o or t]
        owners, targets = [o for o, _ in kept], [t for _, t in kept]
    else:
        # lists of different lengths: empty spacer items would shift the pairing
        owners = [o for o in owners if o]
        targets = [t for t in targets if t]
    if not owners and not targets:
        return []
    if not owners:
        return [(last_owner or "", t) for t in targets]
    if not targets:
        return [(o, "") for o in owners]
    if len(owners) == 1 and len(targets) == 1:
        # 'Governor Governor' | 'Complete When regime restrictions allow'
        words = owners[0].split()
        for count in range(2, len(words) + 1):
            repeated = split_repeated_owner(owners[0], count)
            parts = split_leading_targets(targets[0], count) if repeated else None
            if parts:
                return list(zip(repeated, parts, strict=True))
    if len(owners) == 1 and len(targets) > 1:
        split = split_repeated_owner(owners[0], len(targets))
        if split is None and plain_owner:
            split = split_known_owners(owners[0], len(targets), known_owners)
            if split:
                warn(f"owner {owners[0]!r} read as {len(split)} owners named elsewhere: {split}")
        owners = split or owners * len(targets)
        return list(zip(owners, targets, strict=True))
    if len(owners) != len(targets):
        if len(owners) > 1 and len(targets) == 1 and len(set(owners)) == 1:
            # one owner printed again beside one date: a repeat, or a second action
            # whose target paragraph was left empty (and lost): say so
            warn(
                f"owner {owners[0]!r} printed {len(owners)} times beside one target: "
                "read as one action"
            )
            return [(owners[0], targets[0])]
        warn(f"{len(owners)} owners but {len(targets)} targets: paired in order")
    n = max(len(owners), len(targets))
    owners = owners + [""] * (n - len(owners))
    targets = targets + [""] * (n - len(targets))
    return list(zip(owners, targets, strict=True))


def build_actions(
    rows: list[RowActions],
    warnings: list[str],
    agreement: str | None,
    known_owners: Counter[str] | None = None,
) -> list[Action]:
    """Actions of one recommendation; ``known_owners`` counts each owner cell item in the plan."""
    known_owners = known_owners if known_owners is not None else Counter()
    prepare(rows, warnings, known_owners)
    actions: list[Action] = []
    last_owner: str | None = None
    for item in rows:
        row = item.row

        def warn(msg: str, _line=row.line_no) -> None:
            warnings.append(f"line {_line + 1}: {msg}")

        pairs = _pairs(
            item.owners,
            item.targets,
            last_owner,
            warn,
            known_owners,
            plain_owner=not has_paragraphs(item.owner_raw),
        )
        if item.owners:
            last_owner = next((o for o in reversed(item.owners) if o), last_owner)
        owner_cell = row.cells.get("owner")
        target_cell = row.cells.get("target")
        span_cells = [c for c in (owner_cell, target_cell) if c is not None and c.raw.strip()]
        texts = item.paragraphs if len(item.paragraphs) == len(pairs) else None
        for k, (owner, target) in enumerate(pairs):
            reading = read_target(target)
            position = len(actions) + 1
            if reading.problem and not (
                reading.problem == NO_TARGET_DATE and agreement == "Not Agreed"
            ):
                warnings.append(f"action {position}: {reading.problem}")
            if owner and _DIGIT.search(owner) and looks_target(owner):
                warnings.append(
                    f"action {position}: owner {owner!r} reads like a date: "
                    "check the owner and target columns"
                )
            actions.append(
                Action(
                    position=position,
                    owner=owner or None,
                    target=target,
                    target_date=reading.target_date,
                    status=reading.status,
                    text=texts[k]
                    if texts
                    else (" ".join(item.paragraphs) or None if len(pairs) == 1 else None),
                    target_as_printed=item.target_as_printed,
                    target_unreadable=reading.unreadable,
                    span_start=min(c.start for c in span_cells) if span_cells else row.start,
                    span_end=max(c.end for c in span_cells) if span_cells else row.end,
                )
            )
    return actions

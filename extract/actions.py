"""Pair owners with target dates, row by row, into actions.

Owner and target cells hold ``<p>`` lists, space-separated lists
('Governor Governor' / 'Complete December 2021') or single values. Within a
row the two lists are paired in order; one owner covers several dates; a row
with a date but a blank owner (a continuation line after a page break, or a
date on its own line) belongs to the owner printed last; a row with only an
owner has a blank target.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.cells import list_items
from extract.dates import (
    read_target,
    repair_split_month,
    split_known_owners,
    split_repeated_owner,
    split_targets,
)
from extract.models import Action
from extract.text_table import Row


@dataclass
class RowActions:
    row: Row
    owner_raw: str
    target_raw: str
    paragraphs: list[str]


def _targets(raw: str) -> list[str]:
    out: list[str] = []
    for item in list_items(raw):
        out.extend(split_targets(item) or [item])
    return out


def _pairs(
    owners: list[str],
    targets: list[str],
    last_owner: str | None,
    warn,
    known_owners: set[str],
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
    if len(owners) == 1 and len(targets) > 1:
        split = split_repeated_owner(owners[0], len(targets))
        if split is None:
            split = split_known_owners(owners[0], len(targets), known_owners)
            if split:
                warn(f"owner {owners[0]!r} read as {len(split)} owners named elsewhere: {split}")
        owners = split or owners * len(targets)
        return list(zip(owners, targets, strict=True))
    if len(owners) != len(targets):
        if len(owners) > 1 and len(targets) == 1 and len(set(owners)) == 1:
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
    known_owners: set[str] = frozenset(),
) -> list[Action]:
    actions: list[Action] = []
    last_owner: str | None = None
    for item in rows:
        row = item.row
        owners = list_items(item.owner_raw)
        target_raw = item.target_raw
        repaired_from: str | None = None
        if len(owners) == 1 and target_raw.strip():
            fixed = repair_split_month(
                owners[0], list_items(target_raw)[0] if list_items(target_raw) else ""
            )
            if fixed:
                repaired_from = f"{owners[0]}\t{list_items(target_raw)[0]}"
                warnings.append(
                    f"line {row.line_no + 1}: date printed split over two cells "
                    f"({owners[0]!r} | {list_items(target_raw)[0]!r}) read as {fixed!r}"
                )
                owners, target_raw = [], fixed
        targets = _targets(target_raw)

        def warn(msg: str, _line=row.line_no) -> None:
            warnings.append(f"line {_line + 1}: {msg}")

        pairs = _pairs(owners, targets, last_owner, warn, known_owners)
        if owners:
            last_owner = next((o for o in reversed(owners) if o), last_owner)
        owner_cell = row.cells.get("owner")
        target_cell = row.cells.get("target")
        span_cells = [c for c in (owner_cell, target_cell) if c is not None and c.raw.strip()]
        texts = item.paragraphs if len(item.paragraphs) == len(pairs) else None
        for k, (owner, target) in enumerate(pairs):
            reading = read_target(target)
            position = len(actions) + 1
            if reading.problem and not (
                reading.problem == "no target date" and agreement == "Not Agreed"
            ):
                warnings.append(f"action {position}: {reading.problem}")
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
                    target_as_printed=repaired_from,
                    span_start=min(c.start for c in span_cells) if span_cells else row.start,
                    span_end=max(c.end for c in span_cells) if span_cells else row.end,
                )
            )
    return actions

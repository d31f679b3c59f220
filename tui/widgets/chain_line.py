"""The line the detail pane shows for a recommendation in a chain of repeats.

"Repeat chain: first recommended 2015 (2.30), repeated 2018 (1.22) and 2021
(3.27, this record, unconfirmed); IRP 2022: insufficient progress". Each plan is
named by its year and the recommendation's report paragraph (its ``ref``, the
number a later plan prints as repeated; its number when it has no ref). A link
no reviewer confirmed is marked "unconfirmed" on the later record of it, and so
is the latest judgement when it was reached through an unconfirmed judgement link.
The line wraps only between words outside parentheses (``KeptNotes``), so a note
such as "2016 (2.66, unconfirmed)" is never parted on a narrow pane.

``read_chain`` runs in the detail pane's worker (its own connection): the
chain through ``store.reports.prison.repeat_chain`` (indexed both ways), which
also gives the latest record's latest judgement with its date, as the prison
screen and the view ``recommendation_progress`` choose it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.containers import Lines
from rich.text import Text

from store.reports.prison import ChainLink, repeat_chain


@dataclass(frozen=True)
class ChainJudgement:
    """The latest progress judgement of the chain's latest record."""

    value: str
    year: str | None  # of its IRP report (or the day it was recorded by hand)
    by_hand: bool
    confirmed: bool  # the judgement's link to the recommendation
    score: float | None = None  # that link's score (None for one made by hand)


@dataclass(frozen=True)
class Chain:
    links: list[ChainLink]
    judgement: ChainJudgement | None


def latest_judgement(link: ChainLink) -> ChainJudgement | None:
    """The chain link's latest progress judgement (as ``repeat_chain`` chose it, the view
    ``recommendation_progress``'s choice: never a rejected one), with its year and whether
    its link to the recommendation was confirmed; None if it has none."""
    if link.judgement is None:
        return None
    return ChainJudgement(
        link.judgement,
        link.judged_on[:4] if link.judged_on else None,
        bool(link.judged_by_hand),
        bool(link.judgement_confirmed),
        link.judgement_score,
    )


def read_chain(db, recommendation_id: int) -> Chain | None:
    """The chain ``recommendation_id`` is in, with its latest judgement; None when in none."""
    links = repeat_chain(db, recommendation_id)
    if len(links) < 2:
        return None
    return Chain(links, latest_judgement(links[-1]))


def kept_lines(
    plain: str, width: int, hang: int = 0, at: str | None = None
) -> list[tuple[int, int]]:
    """(start, end) of each line ``plain`` wraps to at ``width`` (``hang`` less after the
    first). With ``at`` (' · ') it breaks only there, dropping the separator at the break;
    else only at a space outside parentheses that is neither before one nor after a
    colon, so '2016 (2.66, unconfirmed)' and 'IRP: Insufficient (unconfirmed link 1.00)'
    stay whole. A run wider than the line is left whole, for Rich to wrap."""
    runs, depth, start = [], 0, 0  # (start, end) of each run that stays whole
    if at:
        while (i := plain.find(at, start)) >= 0:
            runs.append((start, i))
            start = i + len(at)
    else:
        for i, char in enumerate(plain):
            depth += (char == "(") - (char == ")" and depth > 0)
            if (
                char == " "
                and not depth
                and plain[i + 1 : i + 2] != "("
                and plain[i - 1 : i] != ":"
            ):
                runs.append((start, i))
                start = i + 1
    runs.append((start, len(plain)))
    lines = []
    first, last = runs[0]
    for run_start, run_end in runs[1:]:
        room = width - (hang if lines else 0)
        if cell_len(plain[first:run_end]) <= room or not plain[first:last].strip():
            last = run_end
            continue
        lines.append((first, last))
        first, last = run_start, run_end
    lines.append((first, last))
    return lines


def wrap_kept(text: Text, width: int, hang: int = 0, at: str | None = None) -> Text:
    """``text`` broken into lines as ``kept_lines`` breaks it, each line after the first
    indented by ``hang`` spaces: for a widget that wraps text its own way (an OptionList)."""
    if width <= 0 or "\n" in text.plain:
        return text
    parts = [text[a:b] for a, b in kept_lines(text.plain, width, hang, at)]
    return Text("\n" + " " * hang).join(parts)


class KeptNotes(Text):
    """Text that Rich wraps as ``kept_lines`` says: '2016 (2.66, unconfirmed)' stays whole
    on one line (a run wider than the line is still wrapped as Rich wraps any text)."""

    def wrap(self, console, width, *, justify=None, overflow=None, tab_size=8, no_wrap=None):
        plain = self.plain
        if no_wrap or self.no_wrap or width <= 0 or "\n" in plain or "\t" in plain:
            return super().wrap(
                console, width, justify=justify, overflow=overflow, tab_size=tab_size,
                no_wrap=no_wrap,
            )  # fmt: skip
        lines = Lines()
        for first, last in kept_lines(plain, width):
            lines.extend(self[first:last].wrap(console, width, overflow=overflow))
        return lines


def _plan(link: ChainLink, current_id: int) -> Text:
    text = Text(str(link.year) if link.year else "undated")
    notes = [link.ref or link.rec_no or "no number"]
    if link.recommendation_id == current_id:
        notes.append("this record")
    text.append(" (")
    text.append(", ".join(notes))
    if link.confirmed is False:
        text.append(", ")
        text.append("unconfirmed", style="bold yellow")
    text.append(")")
    return text


def chain_line(chain: Chain, current_id: int) -> Text:
    """The sentence for the detail pane (see the module's docstring)."""
    first, *later = chain.links
    text = KeptNotes("Repeat chain: ", style="bold")
    text.append("first recommended ")
    text.append_text(_plan(first, current_id))
    text.append(", repeated ")
    for i, link in enumerate(later):
        if i:
            text.append(" and " if i == len(later) - 1 else ", ")
        text.append_text(_plan(link, current_id))
    judgement = chain.judgement
    if judgement is not None:
        source = "recorded by hand" if judgement.by_hand else "IRP"
        when = f" {judgement.year}" if judgement.year else ""
        text.append(f"; {source}{when}: {judgement.value.lower()}")
        if not judgement.confirmed:  # as the prison screen and command say it
            score = f" {judgement.score:.2f}" if judgement.score is not None else ""
            text.append(f" (unconfirmed link{score})", style="bold yellow")
    else:
        text.append("; no progress judgement yet", style="dim")
    return text

"""Shared fixtures: real temporary SQLite files, the corpus, hand-built plans."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract.models import Action, ActionPlan, IRPReport, Judgement, Recommendation
from tests.support.paths import SHARED

os.environ.setdefault("TEXTUAL_ANIMATION", "none")

CORPUS = SHARED / "corpus"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives: a real file in a fresh temporary folder."""
    return tmp_path / "test.db"


@pytest.fixture
def samples_db(db_path: Path) -> Path:
    """A temporary database with the samples imported (Ashdown plan first in the queue)."""
    from tests.support.review_db import import_samples

    return import_samples(db_path)


@pytest.fixture
def corpus_dir() -> Path:
    """The real public documents the project started from (../shared/corpus)."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS


def make_plan(name: str = "plan", establishment: str = "HMP Testshire") -> ActionPlan:
    """A small action plan built by hand; ``name`` makes its text (and sha256) unique.

    Four recommendations cover what the outstanding view must tell apart:

    * 1.1 Agreed: an overdue open action, a future open action, a complete one
    * 1.2 Partly Agreed: an open action with no readable date
    * 1.3 Not Agreed: an open, long overdue action
    * 1.4 no agreement printed: an open, long overdue action
    """
    text = f"Action Plan: {establishment}\n{name}\n" + "row\n" * 4
    return ActionPlan(
        text=text,
        establishment=establishment,
        inspection="1-5 March 2021",
        submitted="2021-06-01",
        published="2021-05-20",
        stated_counts={"Agreed": 1, "Partly Agreed": 1, "Not Agreed": 1, "Total": 4},
        layout="word_table",
        warnings=["summary table says 4 but 3 agreements were printed"],
        recommendations=[
            Recommendation(
                position=1,
                rec_no="1.1",
                rec_no_as_printed="1.1",
                section="Recommendations",
                addressee="governor",
                ref="1.38",
                agreement="Agreed",
                agreement_printed=True,
                recommendation="Prisoners should be unlocked.",
                actions=[
                    Action(1, "Governor", "December 2020", "2020-12-31"),
                    Action(2, "Head of Safety", "December 2999", "2999-12-31"),
                    Action(3, "Governor", "Complete", None, "complete"),
                ],
            ),
            Recommendation(
                position=2,
                rec_no="1.2",
                agreement="Partly Agreed",
                actions=[Action(1, "Governor", "Ongoing", None)],
                warnings=["target 'Ongoing' is not a date"],
            ),
            Recommendation(
                position=3,
                rec_no="1.3",
                agreement="Not Agreed",
                actions=[Action(1, "HMPPS", "January 2001", "2001-01-31")],
            ),
            Recommendation(
                position=4,
                rec_no="1.4",
                agreement=None,
                agreement_printed=False,
                actions=[Action(1, "HMPPS", "January 2001", "2001-01-31")],
                warnings=["agreement cell is blank", "rec no inferred from neighbours"],
            ),
        ],
    )


def make_irp(name: str = "irp", establishment: str = "HMP Testshire") -> IRPReport:
    """A small IRP report built by hand: two HMIP judgements and one Ofsted theme."""
    return IRPReport(
        text=f"Independent review of progress at {establishment}\n{name}\n",
        establishment=establishment,
        published="2022-10-01",
        stated_counts={"HMIP": {"Good progress": 1}},
        judgements=[
            Judgement(1, "HMIP", "1.38", "Safety", "Unlock prisoners.", "Good progress"),
            Judgement(2, "HMIP", "1.39", "Respect", "Clean cells.", "No meaningful progress"),
            Judgement(
                3,
                "Ofsted",
                "1",
                "Education",
                "How well are leaders improving education?",
                "Reasonable progress",
                summary="Leaders have improved education.",
                paragraphs="3.20-3.24",
                warnings=["theme number inferred"],
            ),
        ],
    )


@pytest.fixture(name="make_plan")
def make_plan_fixture():
    return make_plan


@pytest.fixture(name="make_irp")
def make_irp_fixture():
    return make_irp

"""`hmip-review outstanding NAME`, end to end on real temporary databases."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.models import Action
from store import import_document, open_db
from store.reports.outstanding import OUTSTANDING_KEYS
from tests.support.cli_runner import run
from tests.support.paths import REPO, SHARED
from tui.cli import main

ACTION_KEYS = [
    "establishment",
    "document_id",
    "plan_title",
    "plan_published",
    "recommendation_id",
    "rec_no",
    "summary",
    "agreement",
    "action_id",
    "action_position",
    "owner",
    "target",
    "target_date",
    "days_overdue",
    "overdue",
    "judgement",
    "judgement_date",
    "judgement_id",
    "review_status",
    "target_unreadable",
    "judgement_confirmed",
    "judgement_link_score",
    "agreement_inferred",
]  # the README's promise: these keys, in this order
JSON_KEYS = [
    "establishment", "as_of", "all_plans", "overdue_only", "plans", "count", "overdue",
    "target_unreadable", "actions",
]  # fmt: skip


@pytest.fixture
def testshire(db_path, make_plan) -> Path:
    """HMP Testshire with two action plans (2021 and 2023), and two Ash- prisons."""
    db = open_db(db_path)
    import_document(db, make_plan("2021"), "testshire-2021.txt")
    newer = dataclasses.replace(make_plan("2023"), published="2023-03-01", submitted="2023-04-01")
    import_document(db, newer, "testshire-2023.txt")
    for name in ("HMP Ashdown", "HMP Ashford"):
        import_document(db, make_plan(name, establishment=name), f"{name}.txt")
    db.close()
    return db_path


def as_json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_the_documented_keys_and_the_latest_plan_only(testshire):
    doc = as_json(run("outstanding", "testshire", "--as-of", "2022-06-30", "--format", "json",
                      "--db", testshire))  # fmt: skip

    assert list(doc) == JSON_KEYS
    assert doc["establishment"] == "HMP Testshire"
    assert doc["as_of"] == "2022-06-30"
    assert [p["published"] for p in doc["plans"]] == ["2023-03-01"]
    assert list(doc["plans"][0]) == ["document_id", "establishment", "title", "published",
                                     "submitted"]  # fmt: skip
    assert doc["count"] == len(doc["actions"]) == 3
    assert doc["overdue"] == 1
    assert doc["target_unreadable"] == 0
    for action in doc["actions"]:
        assert list(action) == ACTION_KEYS
        assert action["plan_published"] == "2023-03-01"
    first = doc["actions"][0]
    assert (first["rec_no"], first["target"], first["target_date"]) == (
        "1.1", "December 2020", "2020-12-31",
    )  # fmt: skip
    assert (first["overdue"], first["days_overdue"]) == (True, 546)
    ongoing = doc["actions"][2]
    assert (ongoing["target"], ongoing["target_date"], ongoing["days_overdue"]) == (
        "Ongoing", None, None,
    )  # fmt: skip
    assert ongoing["overdue"] is False


def test_all_plans_adds_the_earlier_plan_after_the_latest(testshire):
    doc = as_json(run("outstanding", "testshire", "--all-plans", "--format", "json",
                      "--db", testshire))  # fmt: skip
    assert [p["published"] for p in doc["plans"]] == ["2023-03-01", "2021-05-20"]
    assert [a["plan_published"] for a in doc["actions"]] == ["2023-03-01"] * 3 + ["2021-05-20"] * 3
    assert doc["all_plans"] is True


def test_overdue_keeps_only_the_overdue_actions(testshire):
    doc = as_json(run("outstanding", "testshire", "--overdue", "--as-of", "2022-06-30",
                      "--format", "json", "--db", testshire))  # fmt: skip
    assert [(a["rec_no"], a["target"]) for a in doc["actions"]] == [("1.1", "December 2020")]
    assert doc["overdue_only"] is True

    early = as_json(run("outstanding", "testshire", "--overdue", "--as-of", "2020-01-01",
                        "--format", "json", "--db", testshire))  # fmt: skip
    assert early["actions"] == [] and early["count"] == 0


def test_csv_is_the_default_when_piped_and_parses_with_the_csv_module(testshire):
    result = run("outstanding", "testshire", "--as-of", "2022-06-30", "--db", testshire)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ACTION_KEYS
    assert [(r["rec_no"], r["target"], r["overdue"], r["days_overdue"]) for r in rows] == [
        ("1.1", "December 2020", "1", "546"),
        ("1.1", "December 2999", "0", "0"),
        ("1.2", "Ongoing", "0", ""),
    ]
    explicit = run("outstanding", "testshire", "--as-of", "2022-06-30", "--format", "csv",
                   "--db", testshire)  # fmt: skip
    assert explicit.stdout == result.stdout


def test_table_shows_the_prison_the_plan_and_each_action(testshire):
    result = run("outstanding", "HMP Testshire", "--as-of", "30/06/2022", "--format", "table",
                 "--db", testshire)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "HMP Testshire: 3 outstanding actions (1 overdue as of 2022-06-30)" in out
    assert "action plan published 2023-03-01" in out
    for text in ("1.1", "1.2", "December 2020", "December 2999", "Ongoing", "546", "unreviewed"):
        assert text in out
    assert "Prisoners should be unlocked." in out


def test_all_plans_table_has_a_plan_column(testshire):
    result = run("outstanding", "testshire", "--all-plans", "--format", "table",
                 "--db", testshire)  # fmt: skip
    assert "2 action plans" in result.stdout
    assert "2021-05-20" in result.stdout and "2023-03-01" in result.stdout


@pytest.mark.parametrize("as_of", ["2022-06-30", "30/06/2022", "30 June 2022", "2022/06/30"])
def test_as_of_is_read_with_dateutil_day_first_unless_year_first(testshire, as_of):
    doc = as_json(run("outstanding", "testshire", "--as-of", as_of, "--format", "json",
                      "--db", testshire))  # fmt: skip
    assert doc["as_of"] == "2022-06-30"


def test_a_bad_as_of_date_is_a_usage_error(testshire):
    result = run("outstanding", "testshire", "--as-of", "someday", "--db", testshire)
    assert result.exit_code == 2
    assert "'someday' is not a date" in result.stderr


def test_an_ambiguous_name_exits_1_listing_the_candidates(testshire):
    result = run("outstanding", "ash", "--db", testshire)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "error: 'ash' matches 2 establishments: HMP Ashdown, HMP Ashford"
    )


def test_an_unknown_name_exits_1_on_one_line(testshire):
    result = run("outstanding", "Wandsworth", "--db", testshire)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no establishment called 'Wandsworth'")


def test_a_missing_database_exits_1(tmp_path):
    result = run("outstanding", "belmarsh", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert "no such database" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_belmarsh_from_the_corpus_through_the_command_line(tmp_path, db_path):
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    plan = SHARED / "corpus" / "000_752b575627fd0e86.txt"
    assert run("import", plan, "--db", db_path).exit_code == 0
    for typed in ("belmarsh", "HMP Belmarsh", "Belmarsh prison", "belm", "Belmarch"):
        doc = as_json(run("outstanding", typed, "--as-of", "2022-06-30", "--format", "json",
                          "--db", db_path))  # fmt: skip
        assert (doc["establishment"], doc["count"], doc["overdue"]) == ("HMP Belmarsh", 19, 18)


def test_the_command_answers_without_importing_textual(testshire):
    code = (
        "import sys\n"
        "before = set(sys.modules)  # what Python itself started with\n"
        "from tui.cli import main\n"
        "try:\n"
        f"    main(['outstanding', 'testshire', '--format', 'json', '--db', {str(testshire)!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "heavy = ('textual', 'rich', 'sqlite_utils', 'extract.models', 'extract.action_plan', 'extract.irp', 'rapidfuzz', 'store.ingest.importer',\n"
        "         'dateutil', 'pathlib', 'dataclasses', 'csv', 'tui.cli.import_command', 'tui.cli.stats_command',\n"
        "         'tui.cli.review_command', 'tui.cli.export_command', 'tui.cli.import_summary',\n"
        "         'tui.cli.collaborators', 'store.ingest.pipeline', 'tui.reviewer')\n"
        "print(sorted(m for m in heavy if m in set(sys.modules) - before), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout)["establishment"] == "HMP Testshire"
    # no Textual on this path, nor what only tables, imports, other commands, fuzzy
    # names and dates not in ISO form need: a lookup starts about as fast as Python
    # with click (bench/outstanding.py)
    assert done.stderr.strip() == "[]"


# --- the README's promise ---------------------------------------------------------------


def readme_keys() -> tuple[list[str], list[str]]:
    """The keys the README's "Outstanding actions" section lists: of the JSON object,
    and of each action, from the first cell of each row of its two tables."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Outstanding actions\n", 1)[1].split("\n## ", 1)[0]
    tables: list[list[str]] = []
    rows: list[str] = []
    for line in section.splitlines() + [""]:
        if line.startswith("|"):
            rows.append(line)
        elif rows:
            tables.append(
                [key for row in rows[2:] for key in re.findall(r"`(\w+)`", row.split("|")[1])]
            )
            rows = []
    document, actions = tables
    return document, actions


def test_the_readme_lists_every_key_in_order():
    document, actions = readme_keys()
    assert document == JSON_KEYS
    assert actions == ACTION_KEYS == list(OUTSTANDING_KEYS)


# --- unreadable targets ------------------------------------------------------------------


@pytest.fixture
def unreadable(db_path, make_plan) -> Path:
    """HMP Testshire's plan where 1.2 (Partly Agreed) has a second action whose target is
    written but is not a date (and 1.3, Not Agreed so never outstanding, one too)."""
    plan = make_plan()
    for rec in plan.recommendations[1:3]:
        rec.actions.append(
            Action(2, "Head of Residence", "31 Febtember 2022", None, target_unreadable=True)
        )
    db = open_db(db_path)
    import_document(db, plan, "testshire.txt")
    db.close()
    return db_path


def run_at(width: int, *args: object):
    """``hmip-review ARGS…`` on a terminal ``width`` columns wide."""
    runner = CliRunner(env={"COLUMNS": str(width), "HMIP_REVIEW_DB": None})
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("width", [80, 120, 200])
def test_the_table_lists_unreadable_targets_in_their_own_group_last(unreadable, width):
    result = run_at(width, "outstanding", "testshire", "--as-of", "2022-06-30",
                    "--format", "table", "--db", unreadable)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "1 target unreadable" in " ".join(" ".join(lines[:3]).split())
    heading = next(i for i, line in enumerate(lines) if line.startswith("Target unreadable (1): "))
    dated = [i for i, line in enumerate(lines) if "2020" in line or "Ongoing" in line]
    assert dated and max(dated) < heading  # after the dated and the undated ones
    group = "\n".join(lines[heading:])
    assert "whether it is overdue is unknown" in " ".join(group.split())
    assert cells(group, "1.2", "target") == ["31 Febtember 2022 (unreadable)"]
    assert cells(group, "1.2", "owner") == ["Head of Residence"]
    assert all("Febtember" not in line for line in lines[:heading])  # listed once, apart
    assert cells("\n".join(lines[:heading]), "1.2", "target") == ["Ongoing"]
    assert max(len(line) for line in lines) <= width


def test_overdue_says_how_many_actions_it_could_not_judge(unreadable):
    result = run("outstanding", "testshire", "--overdue", "--as-of", "2022-06-30",
                 "--format", "table", "--db", unreadable)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Febtember" not in result.stdout
    assert result.stdout.rstrip().splitlines()[-1] == (
        "1 action has a target that could not be read: not judged overdue "
        "(run without --overdue to see them)"
    )


def test_overdue_with_nothing_overdue_still_says_what_it_could_not_judge(unreadable):
    result = run("outstanding", "testshire", "--overdue", "--as-of", "2020-01-01",
                 "--format", "table", "--db", unreadable)  # fmt: skip
    assert "HMP Testshire: 0 overdue actions" in result.stdout
    assert "1 action has a target that could not be read: not judged overdue" in result.stdout


def test_csv_carries_target_unreadable_and_overdue_puts_its_count_on_stderr(unreadable):
    result = run("outstanding", "testshire", "--as-of", "2022-06-30", "--format", "csv",
                 "--db", unreadable)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["target"], r["target_date"], r["overdue"], r["target_unreadable"]) for r in rows] == [
        ("December 2020", "2020-12-31", "1", "0"),
        ("December 2999", "2999-12-31", "0", "0"),
        ("Ongoing", "", "0", "0"),
        ("31 Febtember 2022", "", "0", "1"),
    ]  # fmt: skip
    assert result.stderr == ""

    overdue = run("outstanding", "testshire", "--overdue", "--as-of", "2022-06-30",
                  "--format", "csv", "--db", unreadable)  # fmt: skip
    assert overdue.exit_code == 0
    rows = list(csv.reader(io.StringIO(overdue.stdout)))
    assert rows[0] == ACTION_KEYS and len(rows) == 2  # the header and the one overdue row
    assert overdue.stderr.strip() == (
        "1 action has a target that could not be read: not judged overdue "
        "(run without --overdue to see them)"
    )


def test_json_counts_unreadable_targets_even_when_it_lists_only_the_overdue(unreadable):
    doc = as_json(run("outstanding", "testshire", "--as-of", "2022-06-30", "--format", "json",
                      "--db", unreadable))  # fmt: skip
    assert (doc["count"], doc["overdue"], doc["target_unreadable"]) == (4, 1, 1)
    odd = [a for a in doc["actions"] if a["target_unreadable"]]
    assert [(a["rec_no"], a["target"], a["target_date"]) for a in odd] == [
        ("1.2", "31 Febtember 2022", None)
    ]
    assert [a["target_unreadable"] for a in doc["actions"]] == [False, False, False, True]

    overdue = as_json(run("outstanding", "testshire", "--overdue", "--as-of", "2022-06-30",
                          "--format", "json", "--db", unreadable))  # fmt: skip
    assert (overdue["count"], overdue["target_unreadable"]) == (1, 1)
    assert not any(a["target_unreadable"] for a in overdue["actions"])


# --- unconfirmed links -------------------------------------------------------------------


def cells(out: str, rec_no: str, column: str) -> list[str]:
    """What a printed table shows in ``column`` for each row numbered ``rec_no``: the
    cell's wrapped lines read down the column, spaces squeezed. The column runs from
    its header (the line above the rule) to the next header."""
    lines = out.splitlines()
    if not any(line.strip() and set(line.strip()) == {"─"} for line in lines):
        return block_cells(lines, rec_no, column)  # a narrow terminal: one block per action
    found: list[str] = []
    header = ""
    i = 0
    while i < len(lines):
        if lines[i].strip() and set(lines[i].strip()) == {"─"}:
            header = lines[i - 1]
        elif header and lines[i].split(" ", 1)[0] == rec_no:
            start = header.index(column)
            after = re.compile(r"\S").search(header, start + len(column))
            end = after.start() if after else None
            parts = [lines[i][start:end]]
            i += 1
            while i < len(lines) and lines[i].startswith(" ") and lines[i].strip():
                parts.append(lines[i][start:end])  # the row goes on: its first cell is blank
                i += 1
            found.append(" ".join(" ".join(parts).split()))
            continue
        i += 1
    return found


BLOCK_LABELS = {
    "owner": "owner ",
    "target": "target ",
    "judgement": "judgement ",
    "review": "review ",
}


def block_cells(lines: list[str], rec_no: str, column: str) -> list[str]:
    """What the narrow terminal's blocks (one per action) show for ``column`` in each
    block numbered ``rec_no``: the block's lines joined, the value named by its label
    (a target without its ISO date, 'no IRP judgement' as no judgement)."""
    found = []
    for i, line in enumerate(lines):
        if line.split(" ", 1)[0] != rec_no:
            continue
        block = [line[len(rec_no) :]]
        for more in lines[i + 1 :]:
            if not more.startswith(" ") or not more.strip():
                break
            block.append(more)
        fields = " ".join(" ".join(block).split()).split(" · ")
        label = BLOCK_LABELS[column]
        value = next((f[len(label) :] for f in fields if f.startswith(label)), "")
        found.append(value.split(" → ")[0])
    return found


def test_a_narrow_terminal_gets_one_block_per_action_not_split_words(samples_db):
    """At 80 columns each action is a block: every line fits, no word is split across
    lines, and the blocks carry the actions' values as the database holds them."""
    result = run_at(80, "outstanding", "ashdown", "--as-of", "2022-06-30",
                    "--format", "table", "--db", samples_db)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "─" not in result.stdout  # no table
    doc = as_json(run("outstanding", "ashdown", "--as-of", "2022-06-30", "--format", "json",
                      "--db", samples_db))  # fmt: skip
    starts = [i for i, line in enumerate(lines) if re.match(r"\d+\.\d+ ", line)]
    assert len(starts) == len(doc["actions"]) == 18
    for action, start, end in zip(doc["actions"], starts, [*starts[1:], len(lines)], strict=True):
        block = " ".join(lines[start:end]).split()
        # the words as printed are the values' words: a word cut in two would differ
        assert block[0] == action["rec_no"]
        assert " ".join(block[1:]).startswith(" ".join(action["summary"].split()))
        text = " ".join(block)
        assert f"owner {' '.join(action['owner'].split())} ·" in text
        assert f"target {action['target']} → {action['target_date']} ·" in text
        due = f"{action['days_overdue']} days overdue" if action["overdue"] else "not yet due"
        assert f"· {due} ·" in text
        if action["judgement"]:
            link = " (unconfirmed link" if not action["judgement_confirmed"] else " ·"
            assert f"judgement {action['judgement']}{link}" in text
        assert text.endswith(f"review {action['review_status']}")
    assert len(lines) < 5 * len(doc["actions"])  # not a tower of wrapped cells


@pytest.mark.parametrize("width", [80, 120])
def test_ashdowns_5_15_says_its_judgement_comes_from_an_unconfirmed_link(samples_db, width):
    """Issue 14: 5.15 showed 'Reasonable progress' from a 0.78 link nobody confirmed,
    with nothing to say so."""
    result = run_at(width, "outstanding", "ashdown", "--as-of", "2022-06-30",
                    "--format", "table", "--db", samples_db)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        cells(result.stdout, "5.15", "judgement")
        == ["Reasonable progress (unconfirmed link 0.78)"] * 2
    )  # its two actions
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    # every row's judgement, link marker and review status whole, none cut short
    numbers = {line.split(" ", 1)[0] for line in lines if re.match(r"5\.\d+ ", line)}
    assert len(numbers) == 14
    judgement = re.compile(
        r"(|[A-Z][a-z]+( meaningful)? progress( \(unconfirmed link \d\.\d\d\))?)"
    )
    for number in numbers:
        assert all(judgement.fullmatch(cell) for cell in cells(result.stdout, number, "judgement"))
        assert set(cells(result.stdout, number, "review")) == {"unreviewed"}


def test_a_confirmed_link_shows_the_judgement_plainly(samples_db):
    db = open_db(samples_db)
    db.execute(
        "UPDATE judgement_links SET confirmed = 1 WHERE recommendation_id IN "
        "(SELECT id FROM recommendations WHERE rec_no = '5.15')"
    )
    db.conn.commit()
    db.close()
    result = run("outstanding", "ashdown", "--format", "table", "--db", samples_db)
    assert cells(result.stdout, "5.15", "judgement") == ["Reasonable progress"] * 2
    assert "(unconfirmed link 0.96)" in " ".join(cells(result.stdout, "5.14", "judgement"))


def test_csv_and_json_carry_whether_the_link_is_confirmed_and_its_score(samples_db):
    doc = as_json(run("outstanding", "ashdown", "--format", "json", "--db", samples_db))
    rows = [a for a in doc["actions"] if a["rec_no"] == "5.15"]
    assert [(a["judgement"], a["judgement_confirmed"]) for a in rows] == [
        ("Reasonable progress", False)
    ] * 2
    assert all(a["judgement_link_score"] == pytest.approx(0.78, abs=0.005) for a in rows)
    undecided = [a for a in doc["actions"] if a["judgement"] is None]
    assert undecided and all(
        (a["judgement_confirmed"], a["judgement_link_score"]) == (None, None) for a in undecided
    )

    result = run("outstanding", "ashdown", "--format", "csv", "--db", samples_db)
    rows = [r for r in csv.DictReader(io.StringIO(result.stdout)) if r["rec_no"] == "5.15"]
    assert [(r["judgement_confirmed"], round(float(r["judgement_link_score"]), 2)) for r in rows] == [
        ("0", 0.78)
    ] * 2  # fmt: skip


@pytest.mark.parametrize("width", [80, 120])
def test_all_plans_fit_the_terminal(testshire, width):
    result = run_at(width, "outstanding", "testshire", "--all-plans", "--format", "table",
                    "--db", testshire)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert max(len(line) for line in out.splitlines()) <= width
    assert "2 action plans" in " ".join(out.split())
    assert "2023-03-01" in out and "2021-05-20" in out
    assert out.count("unreviewed") == 6


@pytest.mark.parametrize("width", [80, 160])
def test_an_inferred_agreement_is_shown_as_inferred(db_path, make_plan, width):
    # 1.1's agreement was not printed: read from the summary counts, a guess
    plan = make_plan()
    plan.recommendations[0].agreement_printed = False
    db = open_db(db_path)
    import_document(db, plan, "testshire.txt")
    db.close()
    doc = as_json(run("outstanding", "testshire", "--as-of", "2022-06-30", "--format", "json",
                      "--db", db_path))  # fmt: skip
    inferred = {a["rec_no"]: a["agreement_inferred"] for a in doc["actions"]}
    assert inferred["1.1"] is True and inferred["1.2"] is False
    result = run_at(width, "outstanding", "testshire", "--as-of", "2022-06-30",
                    "--format", "table", "--db", db_path)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "(inferred)" in result.stdout.replace("\n", " ")

"""Parsing many files in worker processes: same results, same order, nothing left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tests.support.pool_helpers as pool_helpers
from extract.models import ParseError
from store.ingest import parse_pool
from store.ingest.parse_pool import (
    POOL_MIN_FILES,
    Limits,
    ParserCrashed,
    ParserStopped,
    parse_file,
    parse_files,
)
from tests.support.paths import REPO, SAMPLES


def _files(tmp_path: Path, n: int, bad_every: int = 0) -> list[Path]:
    """n files cycling through the .txt samples; every ``bad_every``-th is not a document."""
    samples = sorted(SAMPLES.glob("*.txt"))
    out = []
    for i in range(n):
        path = tmp_path / f"{i:03d}.txt"
        if bad_every and i % bad_every == bad_every - 1:
            path.write_text("a shopping list, not an action plan\n")
        else:
            path.write_text(samples[i % len(samples)].read_text())
        out.append(path)
    return out


def _outcome(result):
    path, parsed, error = result
    if error is not None:
        return path.name, type(error).__name__, str(error)
    return path.name, parsed.kind, parsed.establishment, parsed.text


@pytest.mark.parametrize("n", [POOL_MIN_FILES + 9, 150])  # one file a task; chunks of 8
def test_workers_give_the_same_results_in_the_same_order_as_parsing_here(tmp_path, n):
    files = _files(tmp_path, n, bad_every=7)
    here = [_outcome(r) for r in parse_files(files, workers=1)]
    pooled = [_outcome(r) for r in parse_files(files, workers=2)]
    assert pooled == here
    assert [name for name, *_ in pooled] == [f.name for f in files]
    errors = [r for r in pooled if r[1] == "ParseError"]
    assert len(errors) == len(files) // 7  # each bad file reported, the rest parsed


def test_a_pooled_parse_equals_the_plain_parse_record_for_record(tmp_path):
    files = _files(tmp_path, POOL_MIN_FILES)
    for path, parsed, error in parse_files(files, workers=2):
        assert error is None
        assert parsed == parse_file(path)


def test_few_files_or_one_core_start_no_workers(tmp_path, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr(parse_pool, "_Worker", no_pool)
    few = _files(tmp_path, POOL_MIN_FILES - 1)
    assert len(list(parse_files(few, workers=2))) == len(few)
    many = _files(tmp_path, POOL_MIN_FILES + 1)
    assert len(list(parse_files(many, workers=1))) == len(many)


@pytest.mark.parametrize("n, at", [(POOL_MIN_FILES + 4, 5), (150, 77)])
def test_a_worker_that_dies_does_not_lose_a_file(tmp_path, n, at):
    files = _files(tmp_path, n)
    dying = files[at].with_name(f"{at:03d}_dies.txt")
    files[at].rename(dying)
    files[at] = dying
    results = list(parse_files(files, pool_helpers.dies_on_bad, workers=2))
    assert [p.name for p, _, _ in results] == [f.name for f in files]
    errors = {p.name: error for p, _, error in results if error is not None}
    assert list(errors) == [dying.name]  # only the file that kills its parser fails
    assert isinstance(errors[dying.name], ParserCrashed)
    assert "died" in str(errors[dying.name])
    assert all(parsed is not None for p, parsed, _ in results if p != dying)


def test_stopping_early_shuts_the_workers_down(tmp_path):
    files = _files(tmp_path, POOL_MIN_FILES + 10)
    results = parse_files(files, pool_helpers.pid_of_worker, workers=2)
    first = next(results)
    assert first[2] is None
    worker_pid = first[1]
    results.close()  # the caller stops (an error, Ctrl-C): the pool goes with it
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker_pid):
        time.sleep(0.1)
    assert not _alive(worker_pid)


def test_workers_exit_when_the_importing_process_is_killed(tmp_path):
    files = _files(tmp_path, POOL_MIN_FILES)
    script = (
        "import sys\n"
        "from tests.support import pool_helpers\n"
        "from pathlib import Path\n"
        "from store.ingest.parse_pool import parse_files\n"
        "if __name__ == '__main__':\n"
        "    files = [Path(p) for p in sys.argv[1:]]\n"
        "    for _ in parse_files(files, pool_helpers.slow_and_tell, workers=2):\n"
        "        pass\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, files)], env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(list(tmp_path.glob("worker-*.pid"))) < 2:
            time.sleep(0.1)
        pids = [int(p.read_text()) for p in tmp_path.glob("worker-*.pid")]
        assert len(pids) == 2, "the workers did not start"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in pids), "workers outlived the import"
    finally:
        if proc.poll() is None:
            proc.kill()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped) counts as gone
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_parse_file_raises_what_import_reports(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not a plan at all\n")
    with pytest.raises(ParseError):
        parse_file(bad)


def test_closing_before_reading_anything_stops_the_workers(tmp_path):
    # an import that fails to open its database closes the results unread
    files = _files(tmp_path, POOL_MIN_FILES)
    results = parse_files(files, pool_helpers.pid_of_worker, workers=2)
    processes = [worker.process for worker in results.workers]
    assert len(processes) == 2 and all(p.is_alive() for p in processes), (
        "the workers start when parse_files is called"
    )
    results.close()
    for process in processes:
        process.join(timeout=10)
        assert not process.is_alive()


@pytest.mark.parametrize(
    "error", [OSError(38, "Function not implemented"), ImportError("_multiprocessing")]
)
def test_where_no_worker_can_start_the_files_are_parsed_here(tmp_path, monkeypatch, error):
    # e.g. a sandbox that forbids new processes
    def cannot(*args):
        raise error

    monkeypatch.setattr(parse_pool, "_Worker", cannot)
    files = _files(tmp_path, POOL_MIN_FILES + 2, bad_every=5)
    results = [_outcome(r) for r in parse_files(files, workers=2)]
    assert results == [_outcome(r) for r in parse_files(files, workers=1)]


def test_workers_are_forked_only_from_a_single_threaded_process_on_linux(monkeypatch):
    monkeypatch.setattr(parse_pool.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parse_pool.sys, "platform", "linux")
    assert parse_pool._start_method() == "fork"
    monkeypatch.setattr(parse_pool.threading, "active_count", lambda: 2)  # a progress bar
    assert parse_pool._start_method() in ("forkserver", "spawn")
    monkeypatch.setattr(parse_pool.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parse_pool.sys, "platform", "darwin")
    assert parse_pool._start_method() in ("forkserver", "spawn")


# --- a plan whose table cannot be read is kept ----------------------------------------------

UNREAD = REPO / "tests" / "fixtures" / "unread_table" / "thornbury_action_plan_2019.txt"


def test_a_plan_whose_table_cannot_be_read_is_kept_with_its_metadata_and_no_records():
    from extract.kind import NO_RECORDS, unread_reason

    plan = parse_file(UNREAD)

    assert (plan.kind, plan.recommendations) == ("action_plan", [])
    assert (plan.establishment, plan.submitted, plan.published, plan.inspection) == (
        "HMP Thornbury",
        "2019-11-05",
        "2019-08-20",
        "23 April – 3 May 2019",
    )
    assert plan.text == UNREAD.read_text(encoding="utf-8")
    assert (
        plan.warnings[0] == NO_RECORDS == "no records found: mark them by hand (n on a selection)"
    )
    assert unread_reason(plan).startswith("no action-plan table found")


def test_a_plan_read_whole_says_nothing_of_an_unread_table():
    from extract.kind import unread_reason

    assert unread_reason(parse_file(SAMPLES / "ashdown_action_plan_2021.txt")) is None
    assert unread_reason(parse_file(SAMPLES / "ashdown_irp_2022.txt")) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Minutes of the residents' meeting\n\nThe garden.\n", "not an action plan or IRP"),
        # an IRP report's findings are not marked by hand: one with none is refused
        (
            "HMP Nowhere\nIndependent review of progress\n\nNothing was followed up.\n",
            "not an IRP report",
        ),
    ],
    ids=["not-a-document", "irp-without-findings"],
)
def test_what_is_not_an_action_plan_is_still_refused(tmp_path, text, reason):
    path = tmp_path / "doc.txt"
    path.write_text(text)
    with pytest.raises(ParseError, match=reason):
        parse_file(path)


def test_a_plan_cut_off_inside_a_row_is_still_refused(tmp_path):
    text = (SAMPLES / "ashdown_action_plan_2021.txt").read_text(encoding="utf-8")
    cut = tmp_path / "cut.txt"
    row = text.index("\n5.6\t")
    cells = text[row:].split("\t")
    cut.write_text(text[: row + len("\t".join(cells[:4]))])  # row 5.6 up to its response
    with pytest.raises(ParseError, match="truncated: the text ends inside row 5.6"):
        parse_file(cut)


# --- limits: a file that will not finish is stopped, not waited on ---------------------------

# a small limit, but over the second a new worker may take to start and import the
# parser before its first file (a third of it here)
FAST = Limits(seconds=1)


def _spy_on_replaced_workers(monkeypatch) -> list[tuple[str, object]]:
    """(the file it was reading, its process) of each worker the pool replaces."""
    replaced = []
    replace = parse_pool._Supervised._replace

    def spy(self, worker, error):
        replaced.append((self.files[worker.held[0]].name, worker.process))
        return replace(self, worker, error)

    monkeypatch.setattr(parse_pool._Supervised, "_replace", spy)
    return replaced


def _killed(process) -> bool:
    return not process.is_alive() and process.exitcode == -signal.SIGKILL


def _named(tmp_path: Path, names: list[str]) -> list[Path]:
    """Files cycling through the .txt samples, under the names given."""
    samples = sorted(SAMPLES.glob("*.txt"))
    files = []
    for i, name in enumerate(names):
        path = tmp_path / name
        path.write_text(samples[i % len(samples)].read_text())
        files.append(path)
    return files


@pytest.mark.parametrize(
    ("helper", "name", "workers"),
    [(pool_helpers.slow_on_slow, "slow.txt", 2), (pool_helpers.stuck_in_c, "stuck.txt", 1)],
    ids=["sleeping-two-workers", "stuck-in-c-one-worker"],
)
def test_a_file_past_its_time_is_stopped_and_the_rest_go_on(
    tmp_path, monkeypatch, helper, name, workers
):
    names = [f"{i:03d}.txt" for i in range(POOL_MIN_FILES + 4)]
    names[3] = name
    files = _named(tmp_path, names)
    replaced = _spy_on_replaced_workers(monkeypatch)
    results = list(parse_files(files, helper, workers=workers, limits=FAST))

    assert [path for path, _, _ in results] == files  # in order, none lost
    errors = {path.name: error for path, _, error in results if error is not None}
    assert list(errors) == [name]
    assert isinstance(errors[name], ParserStopped)
    assert str(errors[name]) == "took longer than 1 s to read: stopped"
    assert all(parsed.kind for path, parsed, _ in results if path.name != name)
    # its worker was killed, not waited on (the sleep's minute, or the regex's age of
    # the universe): the one worker replaced, gone by a kill signal
    assert [file for file, _ in replaced] == [name]
    assert _killed(replaced[0][1])


def test_even_a_single_file_is_stopped(tmp_path, monkeypatch):
    # one file is parsed in a worker too when a limit applies: a timer here could not
    # stop a parse stuck in C code
    (stuck,) = _named(tmp_path, ["stuck.txt"])
    replaced = _spy_on_replaced_workers(monkeypatch)
    [(path, parsed, error)] = list(parse_files([stuck], pool_helpers.stuck_in_c, limits=FAST))
    assert (path, parsed, str(error)) == (stuck, None, "took longer than 1 s to read: stopped")
    assert [file for file, _ in replaced] == ["stuck.txt"]  # its worker killed, not waited on
    assert _killed(replaced[0][1])


def test_a_file_within_its_time_is_never_stopped_by_the_wait_for_another(tmp_path):
    # two files held by one worker: the second's time starts when the first is done
    files = _named(tmp_path, ["a.txt", "b.txt", "c.txt"])
    results = list(parse_files(files, pool_helpers.sleepy, workers=1, limits=Limits(seconds=2)))
    assert [error for _, _, error in results] == [None, None, None]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS: Linux only")
def test_a_file_past_its_memory_is_stopped_and_its_worker_replaced(tmp_path):
    names = ["000.txt", "greedy.txt", "002.txt", "003.txt"]
    files = _named(tmp_path, names)
    limits = Limits(seconds=30, memory=1024**3)

    results = list(parse_files(files, pool_helpers.greedy_on_greedy, workers=1, limits=limits))

    errors = {path.name: error for path, _, error in results if error is not None}
    assert list(errors) == ["greedy.txt"]
    assert str(errors["greedy.txt"]) == "needed more than 1 GiB of memory to read: stopped"
    assert all(parsed.kind for path, parsed, _ in results if path.name != "greedy.txt")


def test_a_worker_that_dies_under_limits_loses_only_its_file(tmp_path):
    names = [f"{i:03d}.txt" for i in range(6)]
    names[2] = "002_dies.txt"
    files = _named(tmp_path, names)
    results = list(parse_files(files, pool_helpers.dies_on_bad, workers=2, limits=FAST))
    errors = {path.name: error for path, _, error in results if error is not None}
    assert list(errors) == ["002_dies.txt"]
    assert str(errors["002_dies.txt"]) == "the parser's process died reading it (exit status 3)"


def test_the_limits_say_what_stopped_a_file():
    assert Limits(seconds=60).too_slow() == "took longer than 60 s to read: stopped"
    assert Limits(memory=2 * 1024**3).too_large() == (
        "needed more than 2 GiB of memory to read: stopped"
    )
    assert Limits(memory=512 * 1024**2).too_large() == (
        "needed more than 512 MiB of memory to read: stopped"
    )

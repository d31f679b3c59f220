"""bench/run_all.py reads every bench script's summary line and tabulates it.

No time is asserted here: the scripts' summaries are built from canned
measurements, and the one real run is bench/accuracy.py (a second or two).
"""

from __future__ import annotations

import json

from bench import app_latency, bench_summary, crash_trials, import_throughput, outstanding, run_all


def summary_of(capsys) -> dict:
    found = bench_summary.parse(capsys.readouterr().out)
    assert found is not None, "no summary line printed"
    return found


def by_name(summary: dict) -> dict[str, dict]:
    return {t["name"]: t for t in summary["targets"]}


def test_the_summary_is_the_last_summary_line_among_other_output_and_json():
    first = bench_summary.line("x", [bench_summary.target("a", "1 ms", met=True)])
    last = bench_summary.line("x", [bench_summary.target("a", "2 ms", met=False)])
    output = "\n".join(
        [
            "building … 30,000 records",
            first,
            '{"docs": 1000, "records": 13401}',  # a child's JSON line: not a summary
            last,
            '{"change": 3, "kind": 1}',
            "{not json",
            "done",
        ]
    )
    assert bench_summary.parse(output)["targets"][0]["value"] == "2 ms"
    assert bench_summary.parse("no summary here\n{}") is None


def test_the_table_shows_every_figure_with_its_floor_and_verdict_and_a_missing_summary():
    ok = run_all.Run(
        "outstanding",
        seconds=20.0,
        peak_mb=80.0,
        summary={
            "bench": "outstanding",
            "targets": [
                bench_summary.target(
                    "outstanding", "57.9 ms", "21.7 ms (python -c)", "within 3x", "2.67x", True
                ),
                bench_summary.target("export .sqlite", "215 ms", "286 ms (backup)", None, "0.8x"),
            ],
        },
    )
    broken = run_all.Run("crash_trials", returncode=1, seconds=3.0, peak_mb=40.0)
    assert ok.ok and not broken.ok
    figures = run_all.rows([ok, broken], floor_mb=10.0)
    names = [f["name"] for f in figures]
    assert names == [
        "outstanding",
        "export .sqlite",
        "bench/crash_trials.py",
        "bench/outstanding.py: wall time, peak memory",
        "bench/crash_trials.py: wall time, peak memory",
    ]
    assert figures[2]["met"] is False  # no summary counts as a missed target
    text = run_all.table(figures)
    lines = text.splitlines()
    assert len(lines) == 2 + len(figures)
    assert "| outstanding | 57.9 ms | 21.7 ms (python -c) | within 3x | 2.67x | met |" in lines
    assert "| export .sqlite | 215 ms | 286 ms (backup) | — | 0.8x | — |" in lines
    assert "20 s, 80 MB | 10 MB (python -c 'import sqlite3') | — | 8.0x" in text
    assert "**missed**" in lines[4]


def test_import_throughput_summary_compares_with_its_floor_and_memory_in_n(capsys):
    script = import_throughput

    def size(docs, rss, base):
        return {"docs": docs, "records": docs * 13, "rss_mb": rss, "base_rss_mb": base}

    big = size(1000, 44.0, 30.0) | {"seconds": 2.5, "floor_seconds": 0.4}
    script.summary(None, size(200, 44.5, 30.0), big)
    figures = by_name(summary_of(capsys))
    speed = figures["import, parse included (1,000 documents, 13,000 records)"]
    assert speed["value"] == "400.0 documents/s (2.50 s)"
    assert speed["floor"].startswith("2,500.0 documents/s")
    assert (speed["result"], speed["met"]) == ("6.2x", True)
    memory = figures["import peak memory (ru_maxrss)"]
    assert memory["met"] is True and memory["result"].startswith("-0.5 MB")

    script.summary(None, size(200, 44.5, 30.0), big | {"seconds": 4.0, "rss_mb": 90.0})
    figures = by_name(summary_of(capsys))
    assert figures["import, parse included (1,000 documents, 13,000 records)"]["met"] is False
    assert figures["import peak memory (ru_maxrss)"]["met"] is False


def test_app_latency_summary_holds_keys_to_50_ms_and_2x_of_1k(capsys):
    script = app_latency

    def times(open_s, j, page, v, saved):
        return {"open": [open_s], "j": [j], "page": [page], "v": [v], "saved": [saved]}

    floor = times(0.09, 0.001, 0.018, 0.001, 0.003)
    small = times(0.2, 0.020, 0.030, 0.025, 0.020)
    big = times(0.45, 0.030, 0.040, 0.055, 0.045)  # v 55 ms: over 50; saved 2.25x of 1k
    script.summary([(30005, big, floor), (1014, small, floor)])
    figures = by_name(summary_of(capsys))
    assert figures["review app open at 1,014 records"]["met"] is True
    assert figures["review app open at 30,005 records"]["value"] == "450 ms"
    j = figures["j (next record shown) at 30,005 records"]
    assert (j["value"], j["met"]) == ("30.0 ms", True)
    assert j["goal"] == "under 50 ms and within 2x of 1,014 records"
    assert j["result"] == "1.50x of 20.0 ms"
    assert figures["j across a page boundary at 30,005 records"]["met"] is True
    assert figures["v (next record shown) at 30,005 records"]["met"] is False
    assert figures["v (saved, row redrawn) at 30,005 records"]["met"] is False


def test_outstanding_summary_targets_the_console_script_and_reports_export(capsys):
    script = outstanding
    lookup = {
        "hmip-review outstanding (console script)": [0.058],
        script.COMPILING: [0.070],
        "floor: python -c sqlite3, same SQL": [0.020],
        "store.reports.outstanding() in process": [0.0019],
        "floor: the bare query in process": [0.0002],
    }
    export = {
        "floor: bare backup-API copy": [0.28],
        "export .sqlite": [0.21],
        "export .csv": [3.2],
    }
    script.summary(30084, lookup, export)
    figures = summary_of(capsys)["targets"]
    console = figures[0]
    assert console["name"] == "outstanding at 30,084 records: the console script"
    assert (console["result"], console["met"]) == ("2.90x", True)
    assert figures[1]["met"] is None  # compiled on every run: reported, not the target
    exports = [f for f in figures if f["name"].startswith("export")]
    assert [(f["name"], f["result"], f["met"]) for f in exports] == [
        ("export .sqlite", "0.8x", None),
        ("export .csv", "11.4x", None),
    ]


def test_crash_trials_summary_counts_partial_documents_and_lost_changes(capsys):
    script = crash_trials
    imports = script.ImportTrials(trials=50, killed=44)
    changes = script.ChangeTrials(trials=50, acknowledged=18000)
    script.summary(imports, changes, 49)
    figures = summary_of(capsys)["targets"]
    assert [f["met"] for f in figures] == [True, True]
    assert figures[1]["value"] == "0 lost of 18,000 acknowledged changes"

    changes.lost, changes.failures = 1, ["trial 3: change 7 is missing"]
    script.summary(imports, changes, 49)
    assert [f["met"] for f in summary_of(capsys)["targets"]] == [True, False]


def test_run_all_runs_a_script_and_prints_its_figures_in_the_table(capsys):
    assert run_all.main(["--only", "accuracy"]) == 0
    out = capsys.readouterr().out
    table = out[out.index("| figure |") :]
    assert "| parser: " in table or "| parser accuracy |" in table
    assert "bench/accuracy.py: wall time, peak memory" in table
    assert "total wall time" in out
    summary = bench_summary.parse(out[: out.index("| figure |")])
    assert summary is not None and summary["bench"] == "accuracy"
    json.dumps(summary)

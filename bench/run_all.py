"""Run every bench script in turn and print each target beside its measured value and floor.

Run from the repo root::

    python bench/run_all.py            # every script, with the databases cached in the temp folder
    python bench/run_all.py --cold     # ... in a fresh temp folder: the databases built first
    python bench/run_all.py --only outstanding app_latency

Each script runs in its own process with this Python and ``--json``, its output
shown as it comes; its last line is a summary (``bench/bench_summary.py``) that
this script collects. At the end it prints one table of every figure (what was
measured, the floor measured in the same run, the target and whether it was
met), each script's wall time and peak memory (the largest process it ran,
from ``wait4``) beside a bare ``python -c "import sqlite3"``'s, and the total
wall time. The exit status is 1 if a script failed or printed no summary, else
0: a missed target is a finding, shown in the table, not an error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if __package__ in (None, ""):  # run as a file (python bench/x.py): import from the repository root
    sys.path.insert(0, str(ROOT))

from bench.bench_summary import parse, target  # noqa: E402

# In the order they run, with the arguments each gets besides --json: the
# scripts' defaults, except 11 interleaved runs of the lookup (not 5), whose
# ratio sits near its 3x line (5 runs of its exports instead of 2: ~20 s more).
SCRIPTS: dict[str, list[str]] = {
    "import_throughput": [],
    "outstanding": ["--runs", "11"],
    "prison": [],
    "app_latency": [],
    "warnings_filter": [],  # after app_latency: it reads app_latency's 30,000-record database
    "documents_screen": [],
    "prison_screen": [],
    "key_presses": [],
    "crash_trials": [],
    "accuracy": [],
    "merge": [],
    "pdf_speed": [],
}


@dataclass
class Run:
    """One script's run: its summary (None if it printed none), time, memory, status."""

    name: str
    returncode: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0
    summary: dict | None = None
    output: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and self.summary is not None


def run(
    command: list[str], env: dict[str, str], echo: bool = True
) -> tuple[int, float, float, str]:
    """Run ``command``; its exit status, wall seconds, peak memory (MB) and output.

    The peak is ``ru_maxrss`` from ``wait4``: the largest of the process and the
    descendants it waited for (each counted alone, not their sum).
    """
    started = time.perf_counter()
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    lines = []
    assert proc.stdout is not None
    for text in proc.stdout:
        lines.append(text)
        if echo:
            sys.stdout.write(text)
            sys.stdout.flush()
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    return proc.returncode, seconds, usage.ru_maxrss / 1024, "".join(lines)  # Linux: KiB


def run_script(name: str, args: list[str], env: dict[str, str]) -> Run:
    command = [sys.executable, str(HERE / f"{name}.py"), "--json", *args]
    print(f"\n=== bench/{name}.py {' '.join(['--json', *args])}", flush=True)
    returncode, seconds, peak, output = run(command, env)
    result = Run(name, returncode, seconds, peak, parse(output), output.splitlines())
    status = (
        ""
        if result.ok
        else ("  (no summary line)" if returncode == 0 else f"  (exit {returncode})")
    )
    print(f"=== bench/{name}.py: {seconds:.0f} s, peak {peak:.0f} MB{status}", flush=True)
    return result


def rows(runs: list[Run], floor_mb: float | None) -> list[dict]:
    """Every figure of every run, then each script's time and peak memory."""
    out = []
    for r in runs:
        if r.summary is None:
            out.append(target(f"bench/{r.name}.py", "no summary", met=False))
            continue
        out.extend(r.summary["targets"])
    floor = f"{floor_mb:.0f} MB (python -c 'import sqlite3')" if floor_mb else None
    for r in runs:
        out.append(
            target(
                f"bench/{r.name}.py: wall time, peak memory",
                f"{r.seconds:.0f} s, {r.peak_mb:.0f} MB",
                floor,
                None,
                f"{r.peak_mb / floor_mb:.1f}x" if floor_mb else None,
            )
        )
    return out


def verdict(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "—"}[met]


def table(figures: list[dict]) -> str:
    """The figures as a Markdown table (as bench/README.md quotes them)."""
    header = ("figure", "measured", "floor (same run)", "target", "result", "verdict")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for f in figures:
        cells = (f["name"], f["value"], f["floor"], f["goal"], f["result"], verdict(f["met"]))
        lines.append("| " + " | ".join("—" if c is None else str(c) for c in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cold",
        action="store_true",
        help="run in a fresh temporary folder, so the cached databases are built again",
    )
    parser.add_argument("--only", nargs="+", choices=list(SCRIPTS), help="these scripts only")
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    cold = Path(tempfile.mkdtemp(prefix="hmip-bench-cold-")) if args.cold else None
    if cold:
        env["TMPDIR"] = str(cold)  # tempfile.gettempdir() in every script: nothing cached
    started = time.perf_counter()
    try:
        runs = [
            run_script(name, extra, env)
            for name, extra in SCRIPTS.items()
            if not args.only or name in args.only
        ]
        floor_mb = run([sys.executable, "-c", "import sqlite3"], env, echo=False)[2]
    finally:
        if cold:
            shutil.rmtree(cold, ignore_errors=True)
    total = time.perf_counter() - started
    figures = rows(runs, floor_mb)
    targets = [f for f in figures if f["met"] is not None]
    met = sum(1 for f in targets if f["met"])
    print(f"\n{table(figures)}\n")
    print(
        f"{met} of {len(targets)} targets met; total wall time {total:.0f} s "
        f"({total / 60:.1f} min{', cold: databases built' if cold else ''}); "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    )
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())

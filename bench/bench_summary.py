"""The summary line a bench script prints last with ``--json``; ``run_all.py`` reads it.

One line of JSON, the last the script prints::

    {"bench": "import_throughput", "targets": [{"name": ..., "value": ..., "floor": ...,
     "goal": ..., "result": ..., "met": true}, ...]}

Each entry is one figure of the issue's list: ``value`` is what was measured
and ``floor`` what it was measured against in the same run (display strings:
each script knows its units), ``goal`` the target as the issue words it,
``result`` the comparison (a ratio, usually), and ``met`` true or false, or
null for a figure reported without a target (export against the backup API).
"""

from __future__ import annotations

import json


def target(
    name: str,
    value: str,
    floor: str | None = None,
    goal: str | None = None,
    result: str | None = None,
    met: bool | None = None,
) -> dict:
    """One figure of the summary."""
    return {"name": name, "value": value, "floor": floor, "goal": goal, "result": result,
            "met": met}  # fmt: skip


def line(bench: str, targets: list[dict]) -> str:
    return json.dumps({"bench": bench, "targets": targets})


def emit(bench: str, targets: list[dict]) -> None:
    """Print the summary line (last, flushed)."""
    print(line(bench, targets), flush=True)


def parse(output: str) -> dict | None:
    """The summary in a script's output: its last line that is one; None if there is none."""
    for text in reversed(output.splitlines()):
        text = text.strip()
        if not text.startswith("{"):
            continue
        try:
            found = json.loads(text)
        except ValueError:
            continue
        if isinstance(found, dict) and "bench" in found and isinstance(found.get("targets"), list):
            return found
    return None


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.2f}x" if floor else "—"

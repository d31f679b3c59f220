"""Parse functions for tests/store/ingest/test_parse_pool.py (workers import them by name)."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from store.ingest.parse_pool import parse_file


def dies_on_bad(path: Path):
    """Parse normally, but the worker process dies outright on a file named *dies*."""
    if "dies" in path.name:
        os._exit(3)
    return parse_file(path)


def slow_and_tell(path: Path):
    """Write this worker's pid next to the file, then take a long time."""
    (path.parent / f"worker-{os.getpid()}.pid").write_text(str(os.getpid()))
    time.sleep(60)
    return None


def pid_of_worker(path: Path) -> int:
    return os.getpid()


def slow_on_slow(path: Path):
    """Parse normally, but take a minute over a file named *slow* (in Python: time.sleep)."""
    if "slow" in path.name:
        time.sleep(60)
    return parse_file(path)


def stuck_in_c(path: Path):
    """Parse normally, but never finish a file named *stuck*: a regular expression that
    backtracks for ever, inside C code no signal or timer in the process can interrupt."""
    if "stuck" in path.name:
        re.match(r"(a+)+$", "a" * 64 + "b")
    return parse_file(path)


def greedy_on_greedy(path: Path):
    """Parse normally, but ask for 4 GiB of memory on a file named *greedy*."""
    if "greedy" in path.name:
        hog = bytearray(4 * 1024**3)
        return len(hog)
    return parse_file(path)


def sleepy(path: Path):
    """Parse normally after 0.9 s: three in a row take longer than one file's 2 s limit."""
    time.sleep(0.9)
    return parse_file(path)

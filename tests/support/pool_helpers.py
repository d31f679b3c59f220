"""Parse functions for tests/store/ingest/test_parse_pool.py (workers import them by name)."""

from __future__ import annotations

import os
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

"""The scripts in ``bench/`` for the tests, imported by name.

``bench/`` is deliberately not a package. Run as a script, each of its files
has ``bench/`` first on ``sys.path`` (Python puts a script's folder there), so
the scripts import each other by name (``import make_sample_docx``); the tests
put ``bench/`` on the path too (at its end, so that it shadows nothing) and
import them the same way: one module object per script, whoever imports it.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"


def load(name: str) -> ModuleType:
    """``bench/<name>.py`` as a module."""
    if str(BENCH) not in sys.path:
        sys.path.append(str(BENCH))
    return importlib.import_module(name)

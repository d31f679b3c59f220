"""bench/accuracy.py for the tests: it is the single home of the scoring logic.

``bench/`` is deliberately not a package, so the module is loaded by its path
(registered in ``sys.modules`` first: its dataclasses need that).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "hmip_bench_accuracy"
_PATH = Path(__file__).resolve().parents[1] / "bench" / "accuracy.py"


def load_accuracy():
    if _NAME in sys.modules:
        return sys.modules[_NAME]
    spec = importlib.util.spec_from_file_location(_NAME, _PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module
    spec.loader.exec_module(module)
    return module

"""bench/accuracy.py for the tests: it is the single home of the scoring logic."""

from __future__ import annotations

from bench_scripts import load


def load_accuracy():
    return load("accuracy")

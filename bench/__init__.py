"""Benchmarks and the accuracy scorer, each a script (``python bench/NAME.py``).

Each prints its figures beside a floor measured in the same run and ends with
a summary line (``bench_summary``) that ``run_all`` tabulates. The package is
importable, so the tests import the scorer (``bench.accuracy``), the corpus
generator and the sample makers by name, as the scripts import each other.
"""

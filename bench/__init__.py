"""Benchmarks: each script prints its figures beside a baseline measured in the same run.

Run them from the repository's root as modules: ``python -m bench.run_all``, or
``python -m bench.NAME`` for one (see ``bench/RESULTS.md``).
"""

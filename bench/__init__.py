"""Benchmarks of IP Ledger's main jobs against the raw libraries, measured in one run.

    python -m bench [--quick] [--out bench/results.json]

Each figure is the median of repeated runs, each run a fresh process (so peak RSS is that job's);
ratios compare with baselines measured in the same run on the same machine. Never run by the
test suite: timings belong here, not in assertions.
"""

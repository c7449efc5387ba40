"""Stands in for orjson so that the command runs as if it were not installed (bench_batch.py)."""

raise ImportError("orjson is blocked for this benchmark run")

"""Shared timing helpers: medians of repeated runs, printed as per-call figures and ratios."""

from __future__ import annotations

import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any


def per_call_us(fn: Callable[[Any], object], inputs: Sequence[Any], repeat: int = 7) -> float:
    """Median over *repeat* runs of the mean time of ``fn(x)`` over *inputs*, in microseconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for x in inputs:
            fn(x)
        runs.append((time.perf_counter() - start) / len(inputs) * 1e6)
    return statistics.median(runs)


def report(title: str, rows: list[tuple[str, float]], reference: str) -> None:
    """Print *rows* of (name, microseconds) with their ratio to the row named *reference*."""
    ref = dict(rows)[reference]
    print(f"\n{title}")
    for name, us in rows:
        print(f"  {name:<52} {us:10.2f} us   {us / ref:6.2f}x {reference}")


def machine() -> str:
    """One line about the machine and interpreter."""
    return f"{platform.machine()} {platform.processor() or ''} Python {sys.version.split()[0]} ({platform.system()})".replace(
        "  ", " "
    )

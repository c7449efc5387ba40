"""Shared timing helpers: medians of repeated runs, printed as per-call figures and ratios."""

from __future__ import annotations

import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any


def _mean_us(fn: Callable[[Any], object], inputs: Sequence[Any]) -> float:
    start = time.perf_counter()
    for x in inputs:
        fn(x)
    return (time.perf_counter() - start) / len(inputs) * 1e6


Row = tuple[str, Callable[[Any], object], Sequence[Any]]


def report(title: str, rows: list[Row], reference: str, repeat: int = 7) -> dict[str, float]:
    """Time each row ``(name, fn, inputs)`` and print it next to the row named *reference*.

    The rows are timed in interleaved rounds, each row once a round, so that a
    machine that slows down or speeds up during the run (a shared virtual one
    does) moves every row alike. A row's figure is the median of its rounds; its
    ratio is the median of its per-round ratios to *reference*. Returns the
    figures by name.
    """
    rounds: dict[str, list[float]] = {name: [] for name, _, _ in rows}
    for _ in range(repeat):
        for name, fn, inputs in rows:
            rounds[name].append(_mean_us(fn, inputs))
    print(f"\n{title}")
    for name, times in rounds.items():
        ratio = statistics.median(t / r for t, r in zip(times, rounds[reference], strict=True))
        print(f"  {name:<52} {statistics.median(times):10.2f} us   {ratio:6.2f}x {reference}")
    return {name: statistics.median(times) for name, times in rounds.items()}


def machine() -> str:
    """One line about the machine and interpreter."""
    return f"{platform.machine()} {platform.processor() or ''} Python {sys.version.split()[0]} ({platform.system()})".replace(
        "  ", " "
    )

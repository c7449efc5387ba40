"""The policy analysis: the shop's decision table and a diff, and how they grow with the policy.

Run: python benchmarks/bench_analysis.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from _timing import machine
from aulso_returns import (
    AULSO_POLICY,
    bar,
    change_of_mind_window_rule,
    decision_table,
    diff_policies,
    return_window_rule,
)
from aulso_returns._policy import DELIVERED


def _seconds(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print(machine())
    forty_eight = AULSO_POLICY.with_rule(change_of_mind_window_rule(hours=48))
    ten_more_bars = AULSO_POLICY
    for i in range(10):  # ten more rules, each testing a predicate of the policy
        ten_more_bars = ten_more_bars.with_rule(bar(f"extra_{i}", ~DELIVERED, "extra"))
    another_window = AULSO_POLICY.with_rule(
        bar("second_window", AULSO_POLICY.rule("return_window_closed").when, "a second window")
    ).with_rule(return_window_rule(days=14))
    rows = [
        ("table: the shop's policy (10 rules, 3 boundaries)", decision_table),
        ("table: 10 more bars (20 rules)", lambda: decision_table(ten_more_bars)),
        ("table: one more boundary (day 14)", lambda: decision_table(another_window)),
        (
            "diff: the shop's policy and the 48-hour candidate",
            lambda: diff_policies(AULSO_POLICY, forty_eight),
        ),
    ]
    print("\nPolicy analysis (median of 3 runs)")
    for name, fn in rows:
        classes = fn().classes  # type: ignore[attr-defined]  # tables and diffs count them
        seconds = _seconds(fn)
        print(
            f"  {name:<52} {seconds:6.2f} s   {classes:7,} classes   {seconds / classes * 1e6:5.1f} us a class"
        )


if __name__ == "__main__":
    main()

"""Where a decision's time goes: cProfile over 3-line cases, dict in and dict out.

Run: python benchmarks/profile_decision.py [N]   (default 3000 cases; prints the top 25 by own time)

A profile slows every call down, small ones most, so read it for where the
time goes and take the figures from bench_decision.py.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from typing import Any

from aulso_returns import Case, evaluate
from cases import cases


def decide(data: dict[str, Any]) -> dict[str, Any]:
    case = Case.from_dict(data)
    return evaluate(case.order, case.request).to_dict()


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    data = list(cases(seed=11, count=count, lines=3))
    decide(data[0])  # the first decision loads the models, rules and holidays: not profiled
    profile = cProfile.Profile()
    profile.enable()
    for d in data:
        decide(d)
    profile.disable()
    pstats.Stats(profile).strip_dirs().sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()

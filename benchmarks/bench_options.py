"""Options for an order of 5 items against 20 ``evaluate`` calls on that order.

Run: python benchmarks/bench_options.py

The issue's budget: the options of a 5-item order cost at most what 20
evaluations of a 5-line request on that order cost. Each input is a generated
5-line case (cases.py); ``options`` is asked at its request instant, the
evaluations decide its request. Both include nothing but the call (the models
are read beforehand); the ratio is options over 20 evaluations.
"""

from __future__ import annotations

from _timing import report
from aulso_returns import Case, evaluate, options
from cases import cases

COUNT = 200


def main() -> None:
    parsed = [Case.from_dict(d) for d in cases(seed=7, count=COUNT, lines=5)]

    def twenty(case: Case) -> None:
        for _ in range(20):
            evaluate(case.order, case.request)

    def asked(case: Case) -> None:
        options(case.order, case.request.requested_at)

    figures = report(
        "options of a 5-item order, and 20 evaluate calls on it (us per order)",
        [("20 x evaluate", twenty, parsed), ("options", asked, parsed)],
        reference="20 x evaluate",
    )
    print(f"options / 20 x evaluate: {figures['options'] / figures['20 x evaluate']:.2f}")


if __name__ == "__main__":
    main()

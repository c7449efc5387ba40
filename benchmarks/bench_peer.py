"""The decision next to a compiled rules engine deciding the same policy (GoRules zen-engine).

The engine evaluates ``peer/policy.jdm.json`` on the same JSON cases: plainly,
and traced (its trace of what every node saw and produced is the engine's
only form of an explanation, as the library's explanation is its own). The
library is timed as a service uses it: ``Case.from_dict``, ``evaluate`` with
the full explanation, ``to_dict``. zen-engine is a benchmark dependency only
(pip install -e '.[bench]'); without it this benchmark is skipped.

Run: python benchmarks/bench_peer.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from _timing import machine, report
from aulso_returns import Case, evaluate
from cases import cases

sys.path.insert(0, str(Path(__file__).resolve().parent / "peer"))


def library(data: dict[str, Any]) -> dict[str, Any]:
    case = Case.from_dict(data)
    return evaluate(case.order, case.request).to_dict()


def answer(decision: dict[str, Any]) -> tuple[object, ...]:
    """What both decide: outcome, each line (rejections as a set), refund, deadline, payer."""
    refund = decision["refund"]
    return (
        decision["outcome"],
        tuple(
            (line["sku"], line["outcome"], line["ground"], frozenset(line["rejections"]))
            for line in decision["lines"]
        ),
        (refund["items"], refund["original_shipping"], refund["total"]),
        decision["deadlines"]["authorization_due"],
        decision["return_shipping_paid_by"],
    )


def main() -> int:
    try:
        import zen_peer  # noqa: PLC0415 - optional: the bench extra
    except ImportError:
        print("skipped: zen-engine is not installed (pip install -e '.[bench]')")
        return 0
    print(f"machine: {machine()}")
    for lines in (1, 3, 5):
        data = list(cases(seed=21, count=1000, lines=lines))
        differ = [d for d in data if answer(library(d)) != answer(zen_peer.decide(d))]
        if differ:
            print(f"the engine and the library disagree on {len(differ)} of {len(data)} cases,")
            print(f"such as order {differ[0]['order']['order_id']}: the figures would mean nothing")
            return 1
        report(
            f"{lines}-line cases, dict in and dict out, per case ({len(data)} cases, same answers)",
            [("aulso_returns, with its explanation", library, data),
             ("zen-engine, plain evaluation", zen_peer.decide, data),
             ("zen-engine, traced evaluation", zen_peer.decide_traced, data)],
            "aulso_returns, with its explanation",
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

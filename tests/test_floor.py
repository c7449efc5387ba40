"""Differential test: the benchmark's hand-written floor and the library agree on generated cases."""

from __future__ import annotations

import sys
from pathlib import Path

from aulso_returns import Case, evaluate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from cases import cases
from floor import decide


def test_the_floor_and_the_library_agree_on_boundary_heavy_cases() -> None:
    seen_outcomes = set()
    for data in cases(seed=7, count=3000):
        case = Case.from_dict(data)
        d = evaluate(case.order, case.request)
        outcome, approvals, total, due = decide(data)
        assert d.outcome.value == outcome, data
        assert [line.approved for line in d.lines] == approvals, data
        assert d.refund.total == total
        assert d.deadlines.authorization_due == due
        seen_outcomes.add(outcome)
    assert seen_outcomes == {"approved", "partially_approved", "rejected"}

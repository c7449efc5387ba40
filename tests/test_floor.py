"""Differential test: the benchmark's hand-written floor and the library agree on generated cases."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

import attrs
import pytest

from aulso_returns import (
    HKT,
    Case,
    Category,
    Condition,
    Reason,
    ReturnRequest,
    ValidationError,
    evaluate,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from bench_decision import build, build_trusted, build_unchecked, objects_of, recipe
from cases import cases
from floor import decide


def test_the_benchmark_cases_reach_every_value_and_edge() -> None:
    # The issue asks the generator for every reason, flag and category, 1 to 5 lines,
    # offsets other than +08:00 and the windows' edges: check that it delivers them.
    keys = ("reason", "flag", "category", "lines", "offset", "payment", "after", "day")
    seen: dict[str, set[object]] = {key: set() for key in keys}
    for data in cases(seed=7, count=3000):
        order, request = data["order"], data["request"]
        requested = datetime.fromisoformat(request["requested_at"])
        seen["lines"].add(len(request["lines"]))
        seen["offset"].add(requested.utcoffset())
        seen["payment"].add(order["payment_method"] == "cash_on_delivery")
        for item, line in zip(order["items"], request["lines"], strict=True):
            seen["reason"].add(line["reason"])
            seen["flag"].update(line["condition"])
            seen["category"].add(item["category"])
            if item["delivered_at"] is None:
                seen["after"].add(None)
                continue
            delivered = datetime.fromisoformat(item["delivered_at"])
            seen["after"].add(requested - delivered)
            days = (requested.astimezone(HKT).date() - delivered.astimezone(HKT).date()).days
            seen["day"].add(days)
    assert seen["reason"] == {r.value for r in Reason}
    assert seen["flag"] == {c.value for c in Condition}
    assert seen["category"] == {c.value for c in Category}
    assert seen["lines"] == {1, 2, 3, 4, 5}
    assert len(seen["offset"] - {timedelta(hours=8)}) >= 3
    assert seen["payment"] == {True, False}
    assert {None, timedelta(hours=72), timedelta(hours=72, microseconds=1)} <= seen["after"]
    assert {29, 30, 31} <= seen["day"]  # the last day to request, and the first day too late


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


def test_the_objects_benchmark_builds_every_object_of_a_decision() -> None:
    # bench_decision times a decision's objects alone, rebuilt from their values.
    kinds = {"Item", "Order", "ReturnLine", "ReturnRequest", "Case", "LineContext", "Ruling",
             "LineDecision", "Refund", "Deadlines", "PolicyId", "Decision"}  # fmt: skip
    for data in cases(seed=9, count=200, lines=3):
        objects = objects_of(Case.from_dict(data))
        assert len(objects) == 22
        assert {type(x).__name__ for x in objects} == kinds
        assert build(recipe(objects)) == objects
        assert build_unchecked(recipe(objects)) == objects
        assert build_trusted(recipe(objects)) == objects


def test_the_unchecked_rebuild_skips_field_validators_and_restores_them() -> None:
    # Its row would measure nothing new if the validators still ran, and would
    # leak into the rest of the run if they stayed off.
    objects = objects_of(Case.from_dict(next(cases(seed=9, count=1, lines=1))))
    request = next(x for x in objects if isinstance(x, ReturnRequest))
    bad = [(ReturnRequest, {**attrs.asdict(request, recurse=False), "order_id": ""})]
    with pytest.raises(ValidationError) as caught:
        build(bad)
    assert caught.value.path == "request.order_id"
    assert build_unchecked(bad)[0].order_id == ""
    assert not attrs.validators.get_disabled()

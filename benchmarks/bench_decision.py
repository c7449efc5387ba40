"""Decision and settlement, dict in and dict out, next to the hand-written floor.

Run: python benchmarks/bench_decision.py
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs

from _timing import machine, report
from aulso_returns import (
    AULSO_POLICY,
    Case,
    Deadlines,
    Decision,
    Item,
    LineContext,
    LineDecision,
    Order,
    PolicyId,
    Refund,
    ReturnCase,
    ReturnLine,
    ReturnRequest,
    Ruling,
    evaluate,
    settle,
)
from aulso_returns._trusted import trusted
from cases import cases
from floor import CALENDAR, HKT, decide


def library(data: dict[str, Any]) -> dict[str, Any]:
    case = Case.from_dict(data)
    return evaluate(case.order, case.request).to_dict()


def settle_library(data: dict[str, Any]) -> dict[str, Any]:
    return settle(ReturnCase.from_dict(data)).to_dict()


def settle_floor(data: dict[str, Any]) -> tuple[str, Decimal, object]:
    """A hand-written settlement of a one-line case: request decision, then the facts."""
    _, approvals, total, _ = decide(data)
    ship = data["shipment"]
    ok = approvals[0] and data["authorization"]["authorized_at"] <= ship["shipped_at"]
    ok = (
        ok
        and ship.get("trackable", True)
        and ship["tracking_number"] is not None
        and ship["tracking_sent_at"] is not None
    )
    finding = data["inspection"]["items"][0]
    ok = ok and not finding.get("condition") and finding.get("reason_confirmed", True)
    inspected = datetime.fromisoformat(data["inspection"]["inspected_at"])
    due = CALENDAR.add_business_days(inspected.astimezone(HKT).date(), 7)
    if ok and ship["cost"] is not None:
        total += Decimal(ship["cost"])
    return ("settled" if ok else "refused"), total, due


def objects_of(case: Case) -> list[Any]:
    """Every object a decision on *case* needs.

    The models read (items, lines, order, request, case), a context and a
    ruling per line, and the decision with its lines, refund, deadlines and
    policy id: what any implementation that keeps the library's objects builds.
    """
    order, request = case.order, case.request
    contexts = LineContext.each(order, request)
    decision = evaluate(order, request)
    return [*order.items, order, *request.lines, request, case, *contexts,
            *map(AULSO_POLICY.ruling, contexts), *decision.lines, decision.refund,
            decision.deadlines, decision.policy, decision]  # fmt: skip


Recipe = list[tuple[type[Any], dict[str, Any]]]
MODELS = (Item, Order, ReturnLine, ReturnRequest, Case)
DECISION = (LineDecision, Refund, Deadlines, PolicyId, Decision)


def recipe(objects: list[Any]) -> Recipe:
    """Each object's class and the values its constructor takes, already parsed."""
    return [
        (type(x), {a.alias: getattr(x, a.name) for a in attrs.fields(type(x)) if a.init})
        for x in objects
    ]


def build(objects: Recipe) -> list[Any]:
    """The objects again, each validated by its constructor: their cost alone."""
    return [cls(**values) for cls, values in objects]


def build_trusted(objects: Recipe) -> list[Any]:
    """The objects again through the library's trusted path, as from_dict and evaluate build them."""
    return [_makers[cls](**values) for cls, values in objects]


_makers = {cls: trusted(cls) for cls in (*MODELS, LineContext, Ruling, *DECISION)}


def trusted_builder(objects: Recipe) -> Callable[[], list[Any]]:
    """A function that builds *objects* again through the trusted path, keywords written out.

    As the library calls a trusted constructor, each value a name of the
    function's scope, without the dictionary ``**values`` unpacks: what building
    them costs any implementation that keeps them, and nothing more.
    """
    scope: dict[str, Any] = {}
    calls = []
    for n, (cls, values) in enumerate(objects):
        scope[f"make{n}"] = _makers[cls]
        scope.update({f"v{n}_{key}": value for key, value in values.items()})
        calls.append(f"make{n}({', '.join(f'{key}=v{n}_{key}' for key in values)})")
    exec(f"def build():\n    return [{', '.join(calls)}]", scope)
    built: Callable[[], list[Any]] = scope["build"]
    return built


def build_unchecked(objects: Recipe) -> list[Any]:
    """The objects again with attrs' field validators switched off: what the checks cost.

    The models' ``__attrs_post_init__`` cross-checks still run; only the
    per-field validators are skipped.
    """
    attrs.validators.set_disabled(True)
    try:
        return build(objects)
    finally:
        attrs.validators.set_disabled(False)


def with_facts(data: dict[str, Any]) -> dict[str, Any]:
    """The case with a smooth lifecycle after the request."""
    t = datetime.fromisoformat(data["request"]["requested_at"])
    step = lambda h: (t + timedelta(hours=h)).isoformat()  # noqa: E731
    return {
        **data,
        "authorization": {"authorized_at": step(20)},
        "shipment": {
            "shipped_at": step(30),
            "carrier": "SF",
            "tracking_number": "SF1",
            "tracking_sent_at": step(31),
            "cost": "30.00",
        },
        "receipt": {"received_at": step(60)},
        "inspection": {
            "inspected_at": step(70),
            "items": [{"sku": data["request"]["lines"][0]["sku"]}],
        },
    }


def main() -> None:
    print(f"machine: {machine()}")
    for lines in (1, 3, 5):
        data = list(cases(seed=11, count=2000, lines=lines))
        report(
            f"decision, {lines}-line cases (from_dict, evaluate with explanation, to_dict), per case",
            [("floor: hand-written if chain over the dicts", decide, data),
             ("aulso_returns", library, data)],
            "floor: hand-written if chain over the dicts",
        )  # fmt: skip
    data = list(cases(seed=11, count=2000, lines=3))
    loaded = [Case.from_dict(d) for d in data]
    decided = [evaluate(c.order, c.request) for c in loaded]
    report(
        "where a 3-line decision goes, per case",
        [("Case.from_dict", Case.from_dict, data),
         ("evaluate", lambda c: evaluate(c.order, c.request), loaded),
         ("Decision.to_dict", lambda d: d.to_dict(), decided),
         ("all three", library, data)],
        "all three",
    )  # fmt: skip
    built = [recipe(objects_of(c)) for c in loaded]
    report(
        f"the {len(built[0])} objects of a 3-line decision alone, from values already parsed, per case",
        [("floor: hand-written if chain over the dicts", decide, data),
         ("the objects, built and validated", build, built),
         ("the objects, field validators switched off", build_unchecked, built),
         ("the objects, through the trusted path", build_trusted, built),
         ("aulso_returns", library, data)],
        "floor: hand-written if chain over the dicts",
    )  # fmt: skip
    data = [with_facts(d) for d in cases(seed=12, count=2000, lines=1)]
    report(
        "settle, 1-line cases with every fact, per case",
        [("floor: hand-written settlement", settle_floor, data),
         ("aulso_returns.settle", settle_library, data)],
        "floor: hand-written settlement",
    )  # fmt: skip


if __name__ == "__main__":
    main()

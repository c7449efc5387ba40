"""The policy analysed: the compact table is exact, and the diff lists exactly what changes."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from aulso_returns import (
    AULSO_HISTORY,
    AULSO_POLICY,
    HKT,
    Boundary,
    Case,
    Condition,
    Item,
    LineContext,
    Order,
    Policy,
    ReturnLine,
    ReturnRequest,
    bar,
    change_of_mind_window_rule,
    decision_table,
    diff_policies,
    evaluate,
    ground,
    predicate,
    return_window_rule,
)
from aulso_returns._analysis import (
    COLUMNS,
    DecisionTable,
    TableRow,
    _Answer,
    _Cases,
    _columns,
    _ground_text,
    _Judge,
    _merge,
    _Space,
    _Time,
    table_of,
)
from strategies import policies

SCRIPT = Path(sys.executable).with_name("aulso-returns")

# Every test here runs a policy analysis: 55,000 decisions or more, hours under the core's
# mutation run (the analysis run mutates _analysis alone, and runs them).
pytestmark = pytest.mark.analysis
MICRO = timedelta(microseconds=1)
PLACED = datetime(2026, 10, 30, 10, 0, tzinfo=HKT)
DELIVERED = datetime(2026, 11, 2, 14, 30, tzinfo=HKT)
Answer = tuple[str, tuple[str, ...], str | None, bool, Decimal]
#: An analysis takes seconds: a few examples each, and no shrinking (a failure is reported as drawn).
SLOW = {"phases": (Phase.explicit, Phase.reuse, Phase.generate), "deadline": None}


def composed(table: DecisionTable, cells: dict[str, str]) -> Answer:
    """The decision of a class read off the compact rows, by the table's own rule of reading."""

    def matches(row: TableRow) -> bool:
        return all(v in ("any", cells[k]) for k, v in row.when.items())

    bars = [r.rule for r in table.rows if r.effect == "bar" and matches(r)]
    assert len(bars) == len(set(bars)), "two rows of one bar overlap"
    deciding = [r for r in table.rows if r.effect != "bar" and matches(r)]
    assert len(deciding) == 1, f"not exactly one ground or default row: {deciding}"
    (row,) = deciding
    if bars:
        return ("rejected", tuple(bars), None, False, Decimal(0))
    if row.effect == "default":  # the row names the code a line is refused with
        return ("rejected", (row.rule,), None, False, Decimal(0))
    assert row.original_shipping is not None
    assert row.restocking_fee is not None
    return ("approved", (row.rule,), row.return_shipping, row.original_shipping, row.restocking_fee)


def decided(order: Order, request: ReturnRequest, policy: Policy[LineContext]) -> Answer:
    d = evaluate(order, request, policy=policy)
    (line,) = d.lines
    if not line.approved:
        return ("rejected", line.rejections, None, False, Decimal(0))
    assert line.ground is not None
    assert d.return_shipping_paid_by is not None
    refund = d.refund
    # the rate the ground states, checked against the fee charged (rounded half up to the cent:
    # the ratio of the two is not the rate, 2499.90 x 0.15 = 374.985 is charged 374.99)
    fee = (
        Decimal(policy.rule(line.ground).terms.get("restocking_fee", "0"))
        if refund.items
        else Decimal(0)
    )
    assert refund.restocking_fee == (refund.items * fee).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return (
        "approved",
        (line.ground,),
        d.return_shipping_paid_by.value,
        bool(refund.original_shipping),
        fee,
    )


def check_rows_are_disjoint_and_minimal(table: DecisionTable) -> None:
    """No two rows of one rule overlap; no rows of one rule span a column and could be one row.

    And a rule's rows come in the order of their cells, column by column: *any* before every
    group, the groups in their order.
    """
    sizes = {c: len(groups) for c, groups in table.groups.items()}
    index = {
        column: {label: i for i, (label, _) in enumerate(groups)}
        for column, groups in table.groups.items()
    }
    by_rule: dict[str, list[TableRow]] = {}
    for row in table.rows:
        by_rule.setdefault(row.rule, []).append(row)
    for rows in by_rule.values():
        cells = [
            tuple(-1 if row.when[c] == "any" else index[c][row.when[c]] for c in COLUMNS)
            for row in rows
        ]
        assert cells == sorted(cells), rows
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                assert not all(
                    x == y or "any" in (x, y)
                    for x, y in zip(a.when.values(), b.when.values(), strict=True)
                ), f"overlap: {a} {b}"
        for column in COLUMNS:
            alike: dict[tuple[object, ...], int] = {}
            for row in rows:
                if row.when[column] != "any":
                    key = (
                        *(v for k, v in row.when.items() if k != column),
                        row.to_dict().get("return_shipping_paid_by"),
                        row.original_shipping,
                        row.restocking_fee,
                    )
                    alike[key] = alike.get(key, 0) + 1
            assert all(n < sizes[column] for n in alike.values()), f"mergeable on {column}"


def test_the_shops_table_fits_on_one_page_with_groups_found_in_the_data() -> None:
    table = decision_table()
    assert len(table.rows) <= 30
    reasons = {values for _, values in table.groups["reason"]}
    assert reasons == {
        ("wrong_item", "wrong_size", "wrong_color", "color_discrepancy"),
        ("arrived_damaged", "defective"),
        ("changed_mind", "ordered_wrong_size", "ordered_wrong_color"),
    }
    assert {values for _, values in table.groups["category"]} == {
        ("bracelet", "necklace", "ring", "other"),
        ("earrings",),
    }
    # the conditions tried: as delivered, each flag alone and each pair, each read as its flags
    conditions = [value for _, values in table.groups["condition"] for value in values]
    flags = [flag.value for flag in Condition]
    assert sorted(conditions) == sorted(
        ["as delivered", *flags, *(" + ".join(pair) for pair in itertools.combinations(flags, 2))]
    )
    times = [label for label, _ in table.groups["request_time"]]
    assert times == [
        "no delivery yet or before delivery",
        "at or after delivery, within 72 h of delivery",
        "more than 72 h after delivery, on or before day 30 after delivery (Hong Kong dates)",
        "after day 30 from delivery",
    ]
    # each group lists its request times, the undelivered item's among the first, the others as
    # their offsets from delivery, in order: on and one microsecond past each boundary
    offsets = []
    for label, values in table.groups["request_time"]:
        assert ("no delivery yet" in values) == label.startswith("no delivery yet")
        for value in values:
            if value != "no delivery yet":
                found = re.fullmatch(
                    r"delivery ([+-]) (?:(\d+) days?, )?(\d+):(\d\d):(\d\d)(?:\.(\d{6}))?", value
                )
                assert found, value
                sign, days, *clock = found.groups()
                hours, minutes, seconds, micro = (int(part or 0) for part in clock)
                offset = timedelta(
                    days=int(days or 0),
                    hours=hours,
                    minutes=minutes,
                    seconds=seconds,
                    microseconds=micro,
                )
                assert sign == "+" or offset, value  # no "minus zero"
                offsets.append(-offset if sign == "-" else offset)
    assert offsets == sorted(offsets)
    micro = timedelta(microseconds=1)
    assert offsets[:4] == [-micro, timedelta(0), timedelta(hours=72), timedelta(hours=72) + micro]
    check_rows_are_disjoint_and_minimal(table)


def test_request_times_read_as_runs_from_the_first_ones_lower_bound_to_the_last_ones_upper() -> (
    None
):
    """Each set of intervals between the shop's boundaries, in words: contiguous ones read as one."""
    columns = _columns([AULSO_POLICY])
    bounds = columns.boundaries
    assert columns.interval_text([1]) == "at or after delivery, within 72 h of delivery"
    assert columns.interval_text(range(len(bounds) + 1)) == "any time"

    def run(first: int, last: int) -> str:
        lower = [bounds[first - 1].after] if first > 0 else []
        return ", ".join(lower + ([bounds[last].before] if last < len(bounds) else []))

    everything = range(-1, len(bounds) + 1)  # -1: no delivery yet
    for size in range(1, len(everything) + 1):
        for chosen in itertools.combinations(everything, size):
            delivered = [i for i in chosen if i >= 0]
            starts = [i for i in delivered if i - 1 not in delivered]
            ends = [i for i in delivered if i + 1 not in delivered]
            parts = ["no delivery yet"] if -1 in chosen else []
            parts += [run(a, b) or "any time" for a, b in zip(starts, ends, strict=True)]
            assert columns.interval_text(reversed(chosen)) == " or ".join(parts), chosen


def test_rows_come_in_rule_order_and_a_rules_rows_in_the_order_of_their_cells() -> None:
    """Column by column, *any* before every group and the groups in their order; defaults last."""
    table = decision_table()
    codes = [rule.code for rule in AULSO_POLICY.rules]
    places = [codes.index(row.rule) if row.rule in codes else len(codes) for row in table.rows]
    assert places == sorted(places)
    check_rows_are_disjoint_and_minimal(table)  # and in the order of their cells


def test_merged_rows_take_their_place_in_the_order_of_cells() -> None:
    """Two rows spanning a column merge into one with *any* there, placed where its cells sort."""
    rows = [((0, 0), "a"), ((0, 1), "a"), ((1, 0), "b")]
    assert _merge(rows, [2, 2]) == [((0, None), "a"), ((1, 0), "b")]
    assert _merge([((1, 0), "b"), ((0, 1), "a"), ((0, 0), "a")], [2, 2]) == _merge(rows, [2, 2])


def test_the_compact_rows_expand_to_every_class_of_the_full_table() -> None:
    table = decision_table()
    assert len(table.full) == 3 * 4 * 4 * 2 * 2 * 2 * 2
    for row in table.full:
        outcome, codes, payer, original, _ = composed(table, row.when)
        assert (outcome, codes, payer, original) == (
            row.outcome,
            row.decided,
            row.return_shipping,
            row.original_shipping,
        ), row


PAYMENTS = {
    "prepaid": ["visa", "card", "paypal"],
    "cash on delivery": ["cash_on_delivery", "COD", "貨到付款"],
}


def _value(draw: st.DrawFn, space: _Space, column: int, group: int, shift: timedelta) -> Any:
    member = draw(st.sampled_from(space.members(column, group)))
    if not isinstance(member, _Time):
        return member
    if member.at is None:
        return None
    bounds = [b.last for b in space.columns.boundaries]
    i = member.interval
    lo = bounds[i - 1] + MICRO if i > 0 else PLACED
    # past the last boundary (or, for a policy without any, after the order): 90 days of it
    hi = bounds[i] if i < len(bounds) else (bounds[-1] if bounds else lo) + timedelta(days=90)
    span = (hi - lo) // MICRO
    return lo + MICRO * draw(st.sampled_from([0, span]) | st.integers(0, span)) + shift


def draw_case(
    draw: st.DrawFn, space: _Space, grouped: tuple[int, ...]
) -> tuple[Order, ReturnRequest]:
    """A random case of the class: any member of each group, any instant of the time interval."""
    shift = timedelta(days=draw(st.integers(-3000, 3000)))  # whole days: Hong Kong has no DST
    reason, at, condition, category, payment, resolution, quantity = (
        _value(draw, space, c, g, shift) for c, g in enumerate(grouped)
    )
    bought = draw(st.integers(1, 3))
    returned = draw(st.integers(0, bought - 1))
    left = bought - returned
    units = draw(st.integers(1, left) if quantity.units == 1 else st.integers(left + 1, left + 3))
    placed = PLACED + shift
    order = Order(
        order_id="R-1",
        placed_at=placed,
        payment_method=draw(st.sampled_from(PAYMENTS[payment.label])),
        shipping_fee=draw(st.sampled_from([Decimal("0.50"), Decimal("35.50")])),  # one to refund
        items=(
            Item(
                sku="A",
                category=category,
                unit_price=draw(st.sampled_from([Decimal("1.00"), Decimal("2499.90")])),
                quantity=bought,
                returned_quantity=returned,
                delivered_at=None if at is None else DELIVERED + shift,
            ),
        ),
    )
    requested = at if at is not None else placed + timedelta(days=draw(st.integers(0, 60)))
    line = ReturnLine(
        sku="A", reason=reason, resolution=resolution, condition=condition, quantity=units
    )
    return order, ReturnRequest(order_id="R-1", requested_at=requested, lines=(line,))


@settings(max_examples=4, **SLOW)
@given(policy=policies(reason_windows=False), data=st.data())
def test_every_row_agrees_with_evaluate_on_random_cases_inside_it(
    policy: Policy[LineContext], data: st.DataObject
) -> None:
    space = _Space.of([policy])
    table = table_of(policy, space)
    check_rows_are_disjoint_and_minimal(table)
    for _ in range(25):
        grouped = data.draw(st.tuples(*(st.integers(0, n - 1) for n in space.sizes)))
        order, request = draw_case(data.draw, space, grouped)
        assert decided(order, request, policy) == composed(table, space.cells(grouped))


def test_boundaries_are_read_for_one_delivered_line_as_documented() -> None:
    """A ring bought and returned once, paid in advance, as delivered, a change-of-mind refund."""

    def seen(c: LineContext) -> tuple[Boundary, ...]:
        assert c.item.delivered_at is not None
        read = (
            c.item.category.value,
            c.line.quantity,
            c.order.is_cash_on_delivery,
            c.condition,
            c.line.reason.value,
            c.line.resolution.value,
        )
        return (
            Boundary(last=c.item.delivered_at + timedelta(days=1), before=repr(read), after="-"),
        )

    spy = predicate(lambda c: c.line.quantity > 0, code="spy", description="spy", boundaries=seen)
    table = decision_table(AULSO_POLICY.with_rule(bar("spied", ~spy, "Spied.")))
    assert repr(("ring", 1, False, (), "changed_mind", "refund")) in [
        b.before for b in table.boundaries
    ]


def test_each_order_and_request_is_built_once_per_analysis() -> None:
    """A class's case shares the order of every class with its item, and the request of its line."""
    space = _Space.of([AULSO_POLICY])
    cases = _Cases()
    first = [space.members(column, 0)[0] for column in range(len(COLUMNS))]
    order, request = cases(first)
    again = cases(list(first))
    assert again[0] is order
    assert again[1] is request
    other_reason = [space.members(0, 1)[0], *first[1:]]
    assert cases(other_reason)[0] is order
    assert cases(other_reason)[1] is not request
    assert cases(other_reason)[1] is cases(other_reason)[1]


def test_a_grounds_terms_are_kept_and_used() -> None:
    """A judge works out a ground's terms once, and answers every class with them from then on."""
    order, request = _Space.of([AULSO_POLICY]).representative([0] * len(COLUMNS))
    judge = _Judge(AULSO_POLICY)
    answer = judge(order, request)
    assert answer.ground == "merchant_error"
    ((key, terms),) = judge._terms.items()
    assert terms == (answer.return_shipping, answer.original_shipping, answer.restocking_fee)
    judge._terms[key] = ("kept", True, Decimal("0.5"))  # what is kept is used
    again = judge(order, request)
    assert (again.return_shipping, again.original_shipping, again.restocking_fee) == (
        "kept",
        True,
        Decimal("0.5"),
    )


def test_no_request_time_tried_precedes_the_order() -> None:
    """A boundary before the order is placed: only what can be requested is tried, from the order on."""

    def before_the_order(c: LineContext) -> tuple[Boundary, ...]:
        placed = c.order.placed_at
        return tuple(
            Boundary(last=placed - ago, before="before the order", after="from the order")
            for ago in (timedelta(days=1), timedelta(microseconds=1))
        )

    early = predicate(
        lambda c: c.request.requested_at >= c.order.placed_at,
        code="early",
        description="requested from the order on",
        boundaries=before_the_order,
    )
    policy = AULSO_POLICY.with_rule(bar("too_early", ~early, "Not before the order."))
    columns = _columns([policy])
    order, _ = _Cases()([values[0] for values in columns.values])
    times = columns.values[COLUMNS.index("request_time")]
    assert isinstance(times[0], _Time)
    assert times[0].at == order.placed_at  # the later side of the boundary a microsecond before
    assert all(t.at is None or t.at >= order.placed_at for t in times if isinstance(t, _Time))


def test_a_policy_without_boundaries_is_tried_at_delivery_and_undelivered() -> None:
    """With no window and no delivery rule, a request at delivery stands for every time."""
    policy = (
        AULSO_POLICY.without("return_window_closed")
        .without("change_of_mind_window_closed")
        .without("not_delivered")
    )
    space = _Space.of([policy])
    table = table_of(policy, space)
    assert table.groups["request_time"] == (
        ("no delivery yet or any time", ("delivery + 0:00:00", "no delivery yet")),
    )
    for grouped in space.classes():
        assert decided(*space.representative(grouped), policy) == composed(
            table, space.cells(grouped)
        )


@settings(max_examples=2, **SLOW)
@given(policy=policies(reason_windows=False))
def test_the_diff_of_a_policy_with_itself_is_empty(policy: Policy[LineContext]) -> None:
    diff = diff_policies(policy, policy.renamed("again", "2"))
    assert (diff.rows, diff.changed) == ((), 0)
    assert diff.classes > 0


@settings(max_examples=2, **SLOW)
@given(baseline=policies(reason_windows=False), candidate=policies(reason_windows=False))
def test_the_diff_is_symmetric(
    baseline: Policy[LineContext], candidate: Policy[LineContext]
) -> None:
    there = diff_policies(baseline, candidate)
    back = diff_policies(candidate, baseline)
    # a row's example is the representative of one of the row's own classes, one that the
    # fewest bars refuse under the two policies together
    space = _Space.of([baseline, candidate])
    examples = {
        Case(order=order, request=request): grouped
        for grouped in space.classes()
        for order, request in [space.representative(grouped)]
    }

    def bars(grouped: tuple[int, ...]) -> int:
        return sum(len(a.bars) for a in space.answer(grouped))

    cells = {grouped: space.cells(grouped) for grouped in space.classes()}
    for row in there.rows:
        mine = [
            grouped
            for grouped, its in cells.items()
            if all(v in ("any", its[k]) for k, v in row.when.items())
        ]
        assert examples[row.case] in mine, row
        assert bars(examples[row.case]) == min(map(bars, mine)), row
    assert (there.classes, there.changed) == (back.classes, back.changed)
    swapped = {
        (r.rule, r.effect, tuple(r.when.items()), r.candidate, r.baseline) for r in back.rows
    }
    assert {
        (r.rule, r.effect, tuple(r.when.items()), r.baseline, r.candidate) for r in there.rows
    } == swapped


@settings(max_examples=3, **SLOW)
@given(days=st.lists(st.integers(0, 60), min_size=2, max_size=2, unique=True).map(sorted))
def test_two_window_lengths_differ_exactly_between_them(days: list[int]) -> None:
    short, long = days
    policies = [AULSO_POLICY.with_rule(return_window_rule(days=n)) for n in (long, short)]
    diff = diff_policies(*policies)
    assert diff.rows
    assert {(r.rule, r.effect, r.baseline, r.candidate) for r in diff.rows} == {
        ("return_window_closed", "bar", "does not refuse", "refuses")
    }
    assert all(v == "any" for r in diff.rows for k, v in r.when.items() if k != "request_time")
    # a class changes exactly when it is requested after day `short` and on or before day `long`
    first, last = (
        datetime.combine((DELIVERED + timedelta(days=n)).date(), time.max, HKT)
        for n in (short, long)
    )
    space = _Space.of(policies)
    times = space.columns.values[1]
    changes = {key: b.decision() != c.decision() for key, (b, c) in space.answers.items()}
    assert all(
        changed == (times[key[1]].at is not None and first < times[key[1]].at <= last)
        for key, changed in changes.items()
    )
    assert diff.changed == sum(changes.values()) > 0
    assert {times[key[1]].at for key, changed in changes.items() if changed} == {
        first + MICRO,
        *(t.at for t in times if t.at is not None and first < t.at <= last),
    }


def test_a_48_hour_candidate_changes_only_the_customer_side_between_48_and_72_hours() -> None:
    diff = diff_policies(AULSO_POLICY, AULSO_POLICY.with_rule(change_of_mind_window_rule(hours=48)))
    (row,) = diff.rows
    assert (row.rule, row.effect, row.baseline, row.candidate) == (
        "change_of_mind_window_closed",
        "bar",
        "does not refuse",
        "refuses",
    )
    assert row.when == {
        "reason": "changed_mind, ordered_wrong_size, ordered_wrong_color",
        "request_time": "more than 48 h after delivery, within 72 h of delivery",
        **dict.fromkeys(COLUMNS[2:], "any"),
    }
    case = row.case
    assert (
        case.request.requested_at - case.order.items[0].delivered_at == timedelta(hours=48) + MICRO
    )
    assert row.baseline_explanation != row.candidate_explanation
    assert "accepted only within 48 hours" in row.candidate_explanation[0]
    assert evaluate(case.order, case.request).explanation == row.baseline_explanation


ROOT = Path(__file__).resolve().parent.parent


def test_the_table_is_written_as_the_committed_page_and_as_json() -> None:
    table = decision_table()
    page = (ROOT / "docs" / "decision-table.md").read_text(encoding="utf-8")
    assert table.to_markdown() == page
    full = table.to_markdown(full=True).splitlines()
    assert full[:3] == page.splitlines()[:3]  # the same title and provenance
    header, *body = [line for line in full if line.startswith("| ")]
    assert header == (
        "| reason | request time | condition | category | payment | resolution | quantity "
        "| outcome | ground or rejections | return shipping paid by | original shipping refunded |"
    )
    assert len(body) == len(table.full) == 768
    assert body == [
        "| " + " | ".join(
            [*r.when.values(), r.outcome, ", ".join(f"`{c}`" for c in r.decided),
             r.return_shipping or "-", "yes" if r.original_shipping else "no"]
        ) + " |"
        for r in table.full
    ]  # fmt: skip
    assert body[0].endswith(
        " | prepaid | refund | within what remains | rejected | `not_delivered` | - | no |"
    )
    data = json.loads(json.dumps(table.to_dict()))
    assert list(data) == ["policy", "columns", "classes", "groups", "rows", "full"]
    assert (data["policy"], data["columns"], data["classes"]) == (
        "aulso 2026.1",
        list(COLUMNS),
        55_440,
    )
    assert data["groups"] == {
        column: [{"label": label, "values": list(values)} for label, values in groups]
        for column, groups in table.groups.items()
    }
    assert data["groups"]["reason"][0]["values"] == [
        "wrong_item",
        "wrong_size",
        "wrong_color",
        "color_discrepancy",
    ]
    for written, row in zip(data["rows"], table.rows, strict=True):
        expected = {"rule": row.rule, "effect": row.effect, "when": row.when}
        if row.effect == "ground":
            fee = written.get("restocking_fee", "")
            assert "E" not in fee
            assert Decimal(fee) == row.restocking_fee  # a fraction, written plainly
            expected |= {
                "return_shipping_paid_by": row.return_shipping,
                "original_shipping_refunded": row.original_shipping,
                "restocking_fee": fee,
            }
        assert written == expected
    assert data["rows"][0] == {
        "rule": "merchant_error", "effect": "ground",
        "when": {"reason": "wrong_item, wrong_size, wrong_color, color_discrepancy",
                 **dict.fromkeys(COLUMNS[1:], "any"), "resolution": "refund"},
        "return_shipping_paid_by": "merchant", "original_shipping_refunded": True, "restocking_fee": "0",
    }  # fmt: skip
    for written, full_row in zip(data["full"], table.full, strict=True):
        assert written == {
            "when": full_row.when,
            "outcome": full_row.outcome,
            "ground_or_rejections": list(full_row.decided),
            "return_shipping_paid_by": full_row.return_shipping,
            "original_shipping_refunded": full_row.original_shipping,
        }


def test_the_diff_is_written_as_json_as_text_and_as_markdown() -> None:
    candidate = AULSO_POLICY.with_rule(change_of_mind_window_rule(hours=48))
    diff = diff_policies(AULSO_POLICY, candidate)
    (row,) = diff.rows
    data = json.loads(json.dumps(diff.to_dict()))
    assert data == {
        "baseline": "aulso 2026.1",
        "candidate": "aulso 2026.1",
        "columns": list(COLUMNS),
        "classes": 71_280,
        "changed": 5_280,
        "rows": [
            {
                "rule": "change_of_mind_window_closed",
                "effect": "bar",
                "when": row.when,
                "baseline": "does not refuse",
                "candidate": "refuses",
                "example": {
                    "case": json.loads(json.dumps(row.case.to_dict())),
                    "baseline": list(row.baseline_explanation),
                    "candidate": list(row.candidate_explanation),
                },
            }
        ],
        "settings": [],
    }
    assert Case.from_dict(data["rows"][0]["example"]["case"]) == row.case
    where = (
        "reason: changed_mind, ordered_wrong_size, ordered_wrong_color; "
        "request time: more than 48 h after delivery, within 72 h of delivery"
    )
    assert diff.summary().splitlines() == [
        "Baseline aulso 2026.1, candidate aulso 2026.1: 5,280 of 71,280 classes of request line decide differently.",
        f"- bar change_of_mind_window_closed, when {where}",
        "  baseline:  does not refuse",
        "  candidate: refuses",
        *(f"  e.g. baseline:  {text}" for text in row.baseline_explanation),
        *(f"  e.g. candidate: {text}" for text in row.candidate_explanation),
    ]
    columns = "reason | request time | condition | category | payment | resolution | quantity"
    cells = (
        "changed_mind, ordered_wrong_size, ordered_wrong_color | "
        "more than 48 h after delivery, within 72 h of delivery | any | any | any | any | any"
    )
    assert diff.to_markdown().splitlines() == [
        f"| rule | {columns} | baseline | candidate |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| bar `change_of_mind_window_closed` | {cells} | does not refuse | refuses |",
    ]
    assert diff.to_markdown().endswith("|\n")
    nothing = diff_policies(AULSO_POLICY, AULSO_POLICY)
    assert nothing.summary() == (
        "Baseline aulso 2026.1, candidate aulso 2026.1: 0 of 55,440 classes of request line decide differently."
    )


FOURTEEN_DAYS = (
    AULSO_POLICY.with_rule(
        ground(
            "change_of_mind",
            AULSO_POLICY.rule("change_of_mind").when,
            "A change of mind within 14 days: refunded less a 15% restocking fee; you pay return postage.",
            return_shipping="customer",
            restocking_fee="0.15",
        )
    )
    .with_rule(change_of_mind_window_rule(hours=14 * 24))
    .with_rule(return_window_rule(days=14))
    .renamed("other-shop", "1")
)


def test_the_cookbook_shop_gets_its_own_table_and_diff() -> None:
    table = decision_table(FOURTEEN_DAYS)
    for row in table.full:
        assert composed(table, row.when)[:4] == (
            row.outcome,
            row.decided,
            row.return_shipping,
            row.original_shipping,
        )
    check_rows_are_disjoint_and_minimal(table)
    fees = {
        r.when["resolution"]: r.restocking_fee for r in table.rows if r.rule == "change_of_mind"
    }
    assert fees == {"refund": Decimal("0.15"), "exchange": Decimal(0)}
    written = {
        r["when"]["resolution"]: r["restocking_fee"]
        for r in table.to_dict()["rows"]
        if r["rule"] == "change_of_mind"
    }
    assert written == {"refund": "0.15", "exchange": "0"}
    page = table.to_markdown().splitlines()
    assert next(line for line in page if line.startswith("| rule")).endswith(
        "| return shipping paid by | original shipping refunded | restocking fee |"
    )
    refund_row = next(line for line in page if "`change_of_mind`" in line and "| refund |" in line)
    assert refund_row.endswith("| customer | no | 15% |")
    exchange_row = next(
        line for line in page if "`change_of_mind`" in line and "| exchange |" in line
    )
    assert exchange_row.endswith("| customer | no | - |")  # no fee: a dash, not 0%
    bar_row = next(line for line in page if line.startswith("| bar "))
    assert bar_row.endswith("| - | - | - |")  # a bar grants no terms, the fee included
    windows = {r.when["request_time"] for r in table.rows if r.rule == "return_window_closed"}
    assert windows == {"after day 14 from delivery"}

    diff = diff_policies(AULSO_POLICY, FOURTEEN_DAYS)
    (terms,) = [r for r in diff.rows if r.effect == "ground"]
    assert {(r.rule, r.effect, r.baseline) for r in diff.rows} == {
        ("return_window_closed", "bar", "does not refuse"),
        ("change_of_mind_window_closed", "bar", "refuses"),
        ("change_of_mind", "ground", terms.baseline),
    }
    assert terms.baseline.startswith("approved: change_of_mind (return shipping paid by merchant")
    assert "restocking fee 15%" in terms.candidate
    assert terms.when["request_time"] == "at or after delivery, within 72 h of delivery"


def test_a_ground_row_names_the_grounds_of_both_policies() -> None:
    diff = diff_policies(AULSO_POLICY, AULSO_POLICY.without("change_of_mind"))
    assert {(r.rule, r.effect) for r in diff.rows} == {("change_of_mind / no_ground", "ground")}
    assert {r.candidate for r in diff.rows} == {"no ground holds: refused (no_ground)"}


def test_a_history_is_analysed_by_its_latest_version() -> None:
    later = AULSO_HISTORY.with_version(datetime(2027, 1, 1, tzinfo=HKT), FOURTEEN_DAYS)
    assert decision_table(later).policy == "other-shop 1"
    assert diff_policies(AULSO_HISTORY, later).candidate == "other-shop 1"


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, check=False, cwd=cwd
    )


@pytest.mark.not_for_mutants  # the installed command
def test_table_and_diff_on_the_command_line(tmp_path: Path) -> None:
    data = json.loads(_cli("table", "--json").stdout)
    assert data["columns"] == list(COLUMNS)
    assert len(data["rows"]) == len(decision_table().rows)
    full = [line for line in _cli("table", "--full").stdout.splitlines() if line.startswith("| ")]
    assert len(data["full"]) == len(full) - 1 == 768  # one row a class, under one header
    (tmp_path / "candidates.py").write_text(
        "from aulso_returns import AULSO_POLICY, change_of_mind_window_rule\n"
        "FORTY_EIGHT = AULSO_POLICY.with_rule(change_of_mind_window_rule(hours=48))\n",
        encoding="utf-8",
    )
    result = _cli("diff", "--candidate", "candidates:FORTY_EIGHT", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)["rows"]
    assert row["rule"] == "change_of_mind_window_closed"
    assert row["example"]["case"]["request"]["lines"][0]["reason"] == "changed_mind"
    text = _cli("diff", "--candidate", "candidates:FORTY_EIGHT", cwd=tmp_path)
    assert text.stdout.startswith("Baseline aulso 2026.1, candidate aulso 2026.1: 5,280 of 71,280")
    bad = _cli("diff", "--candidate", "candidates:NOPE", cwd=tmp_path)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert "cannot load the policy" in bad.stderr


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        (_Answer((), "merchant_error", "merchant", True, Decimal(0)),
         "approved: merchant_error (return shipping paid by merchant; original shipping refunded: yes)"),
        (_Answer((), "change_of_mind", "customer", False, Decimal("0.15")),
         "approved: change_of_mind (return shipping paid by customer; original shipping refunded: no; restocking fee 15%)"),
        (_Answer(("cash_on_delivery",), None, None, False, Decimal(0)), "no ground holds: refused (no_ground)"),
    ],
)  # fmt: skip
def test_a_grounds_answer_reads_with_its_terms(answer: _Answer, text: str) -> None:
    assert _ground_text(answer) == text


def test_a_ground_that_names_no_payer_of_the_postage_lets_the_customer_pay() -> None:
    # a ground's terms are optional; as a decision does, the table reads no payer as the customer
    quiet = AULSO_POLICY.with_rule(
        ground("change_of_mind", AULSO_POLICY.rule("change_of_mind").when, "Accepted.")
    )
    page = decision_table(quiet).to_markdown().splitlines()
    row = next(line for line in page if "ground `change_of_mind`" in line)
    assert row.endswith("| customer | no |")


def test_a_diff_shows_the_settings_a_new_version_changes() -> None:
    # the business days are the policy's: a version that changes them shows it, and no row
    faster = AULSO_POLICY.with_settings(settlement_business_days=5, appeal_days=14)
    diff = diff_policies(AULSO_POLICY, faster)
    assert (diff.changed, diff.rows) == (0, ())
    assert diff.to_dict()["settings"] == [
        {"setting": "appeal_days", "baseline": None, "candidate": 14},
        {"setting": "settlement_business_days", "baseline": 7, "candidate": 5},
    ]
    assert diff.summary().splitlines()[1:] == [
        "- setting appeal_days: baseline not set, candidate 14",
        "- setting settlement_business_days: baseline 7, candidate 5",
    ]
    history = AULSO_HISTORY.with_version(datetime(2027, 1, 1, tzinfo=HKT), faster)
    assert diff_policies(AULSO_HISTORY, history).settings == diff.settings
    assert diff_policies(faster, faster).settings == ()

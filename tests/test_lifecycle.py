"""After the answer: authorization, shipment, tracking, receipt, inspection, settlement."""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aulso_returns import (
    HKT,
    Authorization,
    BusinessCalendar,
    Case,
    Condition,
    Finding,
    Order,
    ReturnCase,
    ReturnRequest,
    Shipment,
    Status,
    ValidationError,
    evaluate,
    settle,
)
from aulso_returns._parse import json_value
from strategies import return_cases

DELIVERED = "2026-11-02T14:30:00+08:00"


def data(
    *lines: dict[str, Any], requested: str = "2026-11-03T10:00:00+08:00", **facts: Any
) -> dict[str, Any]:
    return {
        "order": {
            "order_id": "A-1", "placed_at": "2026-10-30T10:00:00+08:00", "payment_method": "visa", "shipping_fee": "60",
            "items": [
                {"sku": "R", "category": "ring", "unit_price": "1000", "delivered_at": DELIVERED},
                {"sku": "N", "category": "necklace", "unit_price": "500", "delivered_at": DELIVERED},
            ],
        },
        "request": {"order_id": "A-1", "requested_at": requested, "lines": _plain(list(lines)) or [{"sku": "R", "reason": "defective"}]},
        **_plain(facts),
    }  # fmt: skip


# Read-only: a test that changes a fact changes its own copy (data() copies every fact).
AUTH = MappingProxyType({"authorized_at": "2026-11-04T09:00:00+08:00"})
SHIP = MappingProxyType({"shipped_at": "2026-11-05T12:00:00+08:00", "carrier": "SF Express", "tracking_number": "SF123",
                         "tracking_sent_at": "2026-11-05T13:00:00+08:00", "cost": "45"})  # fmt: skip
RECEIPT = MappingProxyType({"received_at": "2026-11-07T10:00:00+08:00"})


def _plain(value: Any) -> Any:
    """A fresh JSON value: mappings as new dicts, arrays as new lists."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def inspected(*findings: dict[str, Any], at: str = "2026-11-09T16:00:00+08:00") -> dict[str, Any]:
    return {"inspected_at": at, "items": list(findings) or [{"sku": "R"}]}


def run(d: dict[str, Any]) -> Any:
    return settle(ReturnCase.from_dict(json_value(json.dumps(d))))


def test_happy_refund() -> None:
    s = run(data(authorization=AUTH, shipment=SHIP, receipt=RECEIPT, inspection=inspected()))
    assert s.status is Status.SETTLED
    assert [(line.outcome.value, line.ground) for line in s.lines] == [
        ("approved", "merchant_error")
    ]
    assert s.refund is not None
    assert s.refund.to_dict() == {
        "currency": "HKD", "items": "1000.00", "restocking_fee": "0.00", "original_shipping": "60.00",
        "return_shipping": "45.00", "total": "1105.00", "method": "visa",
    }  # fmt: skip
    # Monday 9 Nov + 7 business days = Wednesday 18 Nov
    assert s.refund_due == s.due == date(2026, 11, 18)
    assert s.exchange_ship_by is None


def test_happy_exchange() -> None:
    s = run(
        data(
            {"sku": "R", "reason": "wrong_size", "resolution": "exchange"},
            authorization=AUTH,
            shipment=SHIP,
            receipt=RECEIPT,
            inspection=inspected(),
        )
    )
    assert s.status is Status.SETTLED
    assert s.exchange_ship_by == date(2026, 11, 18)
    assert s.refund is not None
    assert s.refund.total == Decimal("45.00")  # only the postage the customer paid
    # money owed has a due date and a sentence, even when no item is refunded
    assert s.refund_due == date(2026, 11, 18)
    assert (
        "Refund of HK$45.00 for your return postage to the original payment method (Visa) "
        "by Wednesday 18 November 2026." in s.explanation[-2]
    )


@pytest.mark.parametrize(
    ("facts", "status", "due"),
    [
        ({}, Status.AWAITING_AUTHORIZATION, date(2026, 11, 5)),
        ({"authorization": AUTH}, Status.AWAITING_SHIPMENT, None),
        (
            {"authorization": AUTH, "shipment": {**SHIP, "tracking_number": None}},
            Status.AWAITING_TRACKING,
            None,
        ),
        (
            {"authorization": AUTH, "shipment": {**SHIP, "tracking_sent_at": None}},
            Status.AWAITING_TRACKING,
            None,
        ),
        ({"authorization": AUTH, "shipment": SHIP}, Status.AWAITING_RECEIPT, None),
        (
            {"authorization": AUTH, "shipment": SHIP, "receipt": RECEIPT},
            Status.AWAITING_INSPECTION,
            None,
        ),
    ],
)
def test_waiting_statuses(facts: dict[str, Any], status: Status, due: date | None) -> None:
    s = run(data(**facts))
    assert s.status is status
    assert s.due == due
    assert s.refund is None
    assert [line.outcome.value for line in s.lines] == ["pending"]


def test_no_authorization_then_shipped() -> None:
    s = run(data(shipment=SHIP, receipt=RECEIPT))
    assert s.status is Status.REFUSED
    assert s.lines[0].rejections == ("not_authorized",)


def test_shipped_before_authorization() -> None:
    s = run(data(authorization={"authorized_at": "2026-11-06T09:00:00+08:00"}, shipment=SHIP))
    assert s.status is Status.REFUSED
    assert s.lines[0].rejections == ("not_authorized",)
    assert s.explanation[0].startswith(
        "The parcel was shipped on Thursday 5 November 2026, 12:00 Hong Kong time, before we "
        "authorized the return on Friday 6 November 2026, 09:00 Hong Kong time;"
    )


def test_sku_outside_the_authorization() -> None:
    d = data({"sku": "R", "reason": "defective"}, {"sku": "N", "reason": "defective"},
             authorization={**AUTH, "skus": ["R"]}, shipment=SHIP, receipt=RECEIPT, inspection=inspected({"sku": "R"}))  # fmt: skip
    s = run(d)
    assert s.status is Status.SETTLED
    assert [(line.sku, line.outcome.value, line.rejections) for line in s.lines] == [
        ("R", "approved", ()),
        ("N", "rejected", ("not_authorized",)),
    ]


@pytest.mark.parametrize(
    "shipment", [{**SHIP, "tracking_number": None}, {**SHIP, "tracking_sent_at": None}]
)
def test_no_tracking_once_received(shipment: dict[str, Any]) -> None:
    s = run(data(authorization=AUTH, shipment=shipment, receipt=RECEIPT))
    assert s.status is Status.REFUSED
    assert s.lines[0].rejections == ("no_tracking",)


def test_untrackable_carrier() -> None:
    s = run(
        data(authorization=AUTH, shipment={**SHIP, "trackable": False, "carrier": "local post"})
    )
    assert s.status is Status.REFUSED
    assert s.lines[0].rejections == ("no_tracking",)


def test_worn_on_arrival_at_the_warehouse() -> None:
    s = run(
        data(
            authorization=AUTH,
            shipment=SHIP,
            receipt=RECEIPT,
            inspection=inspected({"sku": "R", "condition": ["worn"]}),
        )
    )
    assert s.status is Status.REFUSED
    assert s.lines[0].rejections == ("inspection_failed",)
    assert s.refund is None


def test_damage_not_confirmed_inside_72_hours_is_a_change_of_mind() -> None:
    d = data({"sku": "R", "reason": "arrived_damaged"}, authorization=AUTH, shipment=SHIP, receipt=RECEIPT,
             inspection=inspected({"sku": "R", "reason_confirmed": False}))  # fmt: skip
    s = run(d)
    assert s.status is Status.SETTLED
    assert s.lines[0].ground == "change_of_mind"
    assert s.refund is not None
    assert s.refund.original_shipping == 0  # no merchant error confirmed
    assert s.refund.total == Decimal("1045.00")


def test_damage_not_confirmed_outside_72_hours_is_refused() -> None:
    d = data({"sku": "R", "reason": "arrived_damaged"}, requested="2026-11-20T10:00:00+08:00",
             authorization={"authorized_at": "2026-11-21T09:00:00+08:00"},
             shipment={**SHIP, "shipped_at": "2026-11-22T10:00:00+08:00", "tracking_sent_at": "2026-11-22T11:00:00+08:00"},
             receipt={"received_at": "2026-11-24T10:00:00+08:00"},
             inspection=inspected({"sku": "R", "reason_confirmed": False}, at="2026-11-25T10:00:00+08:00"))  # fmt: skip
    s = run(d)
    assert s.status is Status.REFUSED
    assert s.lines[0].rejections == ("reason_not_confirmed", "change_of_mind_window_closed")


def test_partial_settlement_of_a_multi_line_case() -> None:
    d = data({"sku": "R", "reason": "defective"}, {"sku": "N", "reason": "changed_mind", "condition": ["worn"]},
             authorization=AUTH, shipment=SHIP, receipt=RECEIPT, inspection=inspected({"sku": "R"}))  # fmt: skip
    s = run(d)
    assert s.status is Status.SETTLED
    assert [(line.outcome.value, line.rejections) for line in s.lines] == [
        ("approved", ()),
        ("rejected", ("condition_not_original",)),
    ]


def test_authorizing_a_refused_line_is_invalid_input() -> None:
    d = data({"sku": "R", "reason": "defective"}, {"sku": "N", "reason": "changed_mind", "condition": ["worn"]},
             authorization={**AUTH, "skus": ["R", "N"]})  # fmt: skip
    with pytest.raises(
        ValidationError,
        match=r"^authorization.skus\[1\]: 'N' was refused at request time \(condition_not_original\)",
    ):
        run(d)


def test_an_authorized_sku_needs_a_finding() -> None:
    d = data({"sku": "R", "reason": "defective"}, {"sku": "N", "reason": "defective"},
             authorization=AUTH, shipment=SHIP, receipt=RECEIPT, inspection=inspected({"sku": "R"}))  # fmt: skip
    with pytest.raises(
        ValidationError, match=r"^inspection.items: no finding for the authorized sku 'N'"
    ):
        run(d)


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (
            {"authorization": {"authorized_at": "2026-11-02T00:00:00+08:00"}},
            "authorization.authorized_at: .* is before request.requested_at",
        ),
        (
            {"shipment": {**SHIP, "tracking_sent_at": "2026-11-05T11:00:00+08:00"}},
            "shipment.tracking_sent_at: .* is before shipment.shipped_at",
        ),
        (
            {"shipment": SHIP, "receipt": {"received_at": "2026-11-05T11:00:00+08:00"}},
            "receipt.received_at: .* is before shipment.shipped_at",
        ),
        (
            {"receipt": RECEIPT},
            "receipt: a parcel cannot be received before a shipment is recorded",
        ),
        (
            {
                "shipment": SHIP,
                "receipt": RECEIPT,
                "inspection": inspected(at="2026-11-06T00:00:00+08:00"),
            },
            "inspection.inspected_at: .* is before receipt.received_at",
        ),
        (
            {"shipment": SHIP, "inspection": inspected()},
            "inspection: a parcel cannot be inspected before its receipt",
        ),
        ({"shipment": {**SHIP, "cost": "-1"}}, "shipment.cost: must not be negative"),
        ({"shipment": {**SHIP, "trackable": "yes"}}, "shipment.trackable: expected true or false"),
        (
            {"authorization": {**AUTH, "skus": ["X"]}},
            r"authorization.skus\[0\]: 'X' is not a line of the request",
        ),
        (
            {"authorization": {**AUTH, "skus": ["R", "R"]}},
            r"authorization.skus\[1\]: 'R' is listed twice",
        ),
        (
            {
                "shipment": SHIP,
                "receipt": RECEIPT,
                "inspection": inspected({"sku": "R"}, {"sku": "R"}),
            },
            r"inspection.items\[1\]: 'R' is listed twice",
        ),
        ({"receipt": {"received_at": "2026-11-07T10:00:00", "x": 1}}, "receipt.x: unknown field"),
        ({"receipt": {"received_at": "2026-11-07T10:00:00"}}, "receipt.received_at: .*offset"),
        ({"authorization": {"authorized_at": 5}}, "authorization.authorized_at: expected"),
        ({"authorization": {**AUTH, "skus": ["R", " "]}}, r"authorization.skus\[1\]: must be"),
        ({"shipment": {**SHIP, "carrier": " "}}, "shipment.carrier: must be a non-empty string"),
        (
            {"shipment": {**SHIP, "tracking_number": 7}},
            "shipment.tracking_number: expected a string",
        ),
        (
            {"shipment": {**SHIP, "tracking_sent_at": "soon"}},
            "shipment.tracking_sent_at: not an ISO",
        ),
        (
            {"shipment": SHIP, "receipt": RECEIPT, "inspection": inspected({"sku": ""})},
            r"inspection.items\[0\].sku: must be a non-empty string",
        ),
        (
            {
                "shipment": SHIP,
                "receipt": RECEIPT,
                "inspection": inspected({"sku": "R"}, {"sku": "N", "reason_confirmed": "no"}),
            },
            r"inspection.items\[1\].reason_confirmed: expected true or false",
        ),
        (
            {
                "shipment": SHIP,
                "receipt": RECEIPT,
                "inspection": {"inspected_at": "x", "items": []},
            },
            "inspection.inspected_at: not an ISO",
        ),
        (
            {
                "shipment": SHIP,
                "receipt": RECEIPT,
                "inspection": inspected({"sku": "R", "condition": ["worn", "chipped"]}),
            },
            r"inspection.items\[0\].condition\[1\]: unknown value 'chipped'",
        ),
        (
            {
                "shipment": SHIP,
                "receipt": RECEIPT,
                "inspection": inspected({"sku": "R", "condition": ["worn", "worn"]}),
            },
            r"inspection.items\[0\].condition\[1\]: 'worn' is listed twice",
        ),
    ],
)
def test_impossible_or_bad_facts_are_invalid_input(facts: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match="^" + message):
        ReturnCase.from_dict(json_value(json.dumps(data(**facts))))


def test_fact_constructors_validate_as_from_dict_does() -> None:
    at = datetime(2026, 11, 5, 12, 0, tzinfo=HKT)
    with pytest.raises(ValidationError, match=r"^finding.condition\[1\]: 'worn' is listed twice"):
        Finding(sku="R", condition=(Condition.WORN, Condition.WORN))
    with pytest.raises(
        ValidationError, match=r"^finding\.reason_confirmed: expected true or false"
    ):
        Finding(sku="R", reason_confirmed=1)  # type: ignore[arg-type]
    with pytest.raises(
        ValidationError, match=r"^shipment\.shipped_at: timestamp must include a UTC offset"
    ):
        Shipment(shipped_at=at.replace(tzinfo=None), carrier="SF")
    with pytest.raises(ValidationError, match=r"^shipment\.tracking_number: must be a non-empty"):
        Shipment(shipped_at=at, carrier="SF", tracking_number="")
    with pytest.raises(ValidationError, match=r"^authorization\.authorized_at: expected"):
        Authorization(authorized_at="2026-11-05")  # type: ignore[arg-type]


def test_return_case_round_trip() -> None:
    d = data(
        authorization={**AUTH, "skus": ["R"]},
        shipment=SHIP,
        receipt=RECEIPT,
        inspection=inspected({"sku": "R", "condition": ["damaged"]}),
    )
    rc = ReturnCase.from_dict(json_value(json.dumps(d)))
    assert ReturnCase.from_dict(json_value(json.dumps(rc.to_dict()))) == rc


# --- laws -----------------------------------------------------------------------------------------


@given(return_cases())
def test_settlement_laws(rc: ReturnCase) -> None:
    order, request = rc.case.order, rc.case.request
    s = settle(rc)
    decision = evaluate(order, request)
    for at_request, after in zip(decision.lines, s.lines, strict=True):
        assert at_request.sku == after.sku
        if not at_request.approved:  # never approves what evaluate refused
            assert after.outcome.value == "rejected"
            assert after.rejections == at_request.rejections
    if s.refund is not None:
        paid = sum((i.unit_price * i.remaining_quantity for i in order.items), Decimal(0))
        assert (
            s.refund.total - s.refund.return_shipping
            <= paid + order.shipping_fee - order.shipping_fee_refunded
        )
    if s.status is Status.SETTLED:
        assert rc.inspection is not None
        cal = BusinessCalendar.hong_kong()
        assert s.due is not None
        assert cal.is_business_day(s.due)
        assert s.due > rc.inspection.inspected_at.astimezone(HKT).date()
    assert (s.status is Status.REFUSED) == all(line.outcome.value == "rejected" for line in s.lines)


FACT_FIELDS = [
    ("authorization", "authorized_at"), ("shipment", "shipped_at"), ("shipment", "tracking_sent_at"),
    ("receipt", "received_at"), ("inspection", "inspected_at"),
]  # fmt: skip


def _order_ok(times: dict[tuple[str, str], datetime], requested: datetime) -> bool:
    return (
        times[("authorization", "authorized_at")] >= requested
        and times[("shipment", "tracking_sent_at")] >= times[("shipment", "shipped_at")]
        and times[("receipt", "received_at")] >= times[("shipment", "shipped_at")]
        and times[("inspection", "inspected_at")] >= times[("receipt", "received_at")]
    )


@given(st.permutations(range(6)))
def test_any_permutation_that_breaks_the_order_is_rejected(perm: list[int]) -> None:
    base = datetime(2026, 11, 3, 10, tzinfo=HKT)
    instants = [base + timedelta(hours=6 * i) for i in range(6)]
    requested = instants[perm[0]]
    times = {field: instants[i] for field, i in zip(FACT_FIELDS, perm[1:], strict=True)}
    d = data(
        requested=requested.isoformat(),
        authorization=AUTH,
        shipment=SHIP,
        receipt=RECEIPT,
        inspection=inspected(),
    )
    for (fact, name), at in times.items():
        d[fact][name] = at.isoformat()
    if _order_ok(times, requested):
        ReturnCase.from_dict(json_value(json.dumps(d)))
    else:
        with pytest.raises(ValidationError):
            ReturnCase.from_dict(json_value(json.dumps(d)))


def test_the_permutation_law_sees_both_kinds() -> None:
    base = datetime(2026, 11, 3, 10, tzinfo=HKT)
    results = set()
    for perm in itertools.permutations(range(6)):
        instants = [base + timedelta(hours=i) for i in range(6)]
        times = {field: instants[i] for field, i in zip(FACT_FIELDS, perm[1:], strict=True)}
        results.add(_order_ok(times, instants[perm[0]]))
    assert results == {True, False}


def test_settle_checks_order_and_request() -> None:
    order = Order.from_dict(data()["order"])
    request = ReturnRequest.from_dict(data()["request"])
    with pytest.raises(ValidationError, match=r"request\.order_id"):
        Case(
            order=order,
            request=ReturnRequest(
                order_id="B", requested_at=request.requested_at, lines=request.lines
            ),
        )
    assert (
        settle(ReturnCase(case=Case(order=order, request=request))).status
        is Status.AWAITING_AUTHORIZATION
    )

"""The JSON contract other services depend on: documents pinned whole, round trips, errors.

Keys and values of every document a service reads are pinned here (for every
settlement status, and for a decision with a restocking fee that the customer
pays the return postage of); every optional field round-trips with a value
other than its default; every ``from_dict`` names what it refuses.
"""

from __future__ import annotations

import decimal
import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from aulso_returns import (
    AULSO_POLICY,
    HKT,
    Authorization,
    Case,
    Decision,
    Finding,
    Inspection,
    LineDecision,
    LineOutcome,
    Receipt,
    Refund,
    Resolution,
    ReturnCase,
    Shipment,
    ValidationError,
    change_of_mind_window_rule,
    evaluate,
    ground,
    return_window_rule,
    settle,
)
from aulso_returns._demo import DEMO_CASES
from aulso_returns._parse import json_value
from test_lifecycle import AUTH, RECEIPT, SHIP, data, inspected, run

POLICY = {"name": "aulso", "version": "2026.1"}
PENDING = [{"sku": "R", "outcome": "pending", "ground": "merchant_error", "rejections": []}]


def settlement(**facts: Any) -> dict[str, Any]:
    return run(data(**facts)).to_dict()


# --- settlements, one document per status ----------------------------------------------------------


def test_a_settlement_awaiting_authorization() -> None:
    assert settlement() == {
        "order_id": "A-1", "status": "awaiting_authorization", "due": "2026-11-05", "lines": PENDING,
        "refund": None, "refund_due": None, "exchange_ship_by": None, "policy": POLICY,
        "explanation": ["Please wait for our email with return instructions and the return address before shipping."],
        "language": "en",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("facts", "status", "explanation"),
    [
        ({"authorization": AUTH}, "awaiting_shipment",
         [("Your return is authorized. Ship the items to the return address we sent (not the sender address "
           "on the shipping label), with a trackable method, and email us the tracking number.")]),
        ({"authorization": AUTH, "shipment": {**SHIP, "tracking_number": None}}, "awaiting_tracking",
         ["Please email us the tracking number of your parcel."]),
        ({"authorization": AUTH, "shipment": {**SHIP, "tracking_sent_at": None}}, "awaiting_tracking",
         ["Please email us the tracking number of your parcel."]),
        ({"authorization": AUTH, "shipment": SHIP}, "awaiting_receipt", []),
        ({"authorization": AUTH, "shipment": SHIP, "receipt": RECEIPT}, "awaiting_inspection", []),
    ],
)  # fmt: skip
def test_a_settlement_waiting_on_the_customer_or_the_parcel(
    facts: dict[str, Any], status: str, explanation: list[str]
) -> None:
    assert settlement(**facts) == {
        "order_id": "A-1", "status": status, "due": None, "lines": PENDING, "refund": None,
        "refund_due": None, "exchange_ship_by": None, "policy": POLICY, "explanation": explanation,
        "language": "en",
    }  # fmt: skip


def test_a_settled_refund() -> None:
    assert settlement(authorization=AUTH, shipment=SHIP, receipt=RECEIPT, inspection=inspected()) == {
        "order_id": "A-1", "status": "settled", "due": "2026-11-18",
        "lines": [{"sku": "R", "outcome": "approved", "ground": "merchant_error", "rejections": []}],
        "refund": {"currency": "HKD", "items": "1000.00", "restocking_fee": "0.00", "original_shipping": "60.00",
                   "return_shipping": "45.00", "total": "1105.00", "method": "visa"},
        "refund_due": "2026-11-18", "exchange_ship_by": None, "policy": POLICY,
        "explanation": [
            ("R: inspected on Monday 9 November 2026 and accepted. (Policy: How to Request: Receive Refund or "
             "Exchange.)"),
            ("Refund of HK$1,105.00 to the original payment method (Visa) by Wednesday 18 November 2026. "
            "(Policy: Refunds: within 7 business days after we receive and inspect your return.)"),
        ],
        "language": "en",
    }  # fmt: skip


def test_a_settled_exchange_without_postage() -> None:
    line = {"sku": "R", "reason": "wrong_size", "resolution": "exchange"}
    doc = run(
        data(line, authorization=AUTH, shipment={**SHIP, "cost": None}, receipt=RECEIPT,
             inspection=inspected())
    ).to_dict()  # fmt: skip
    assert doc["refund"] == {
        "currency": "HKD", "items": "0.00", "restocking_fee": "0.00", "original_shipping": "0.00",
        "return_shipping": "0.00", "total": "0.00", "method": "visa",
    }  # fmt: skip
    assert (doc["due"], doc["refund_due"], doc["exchange_ship_by"]) == (
        "2026-11-18",
        None,
        "2026-11-18",
    )
    assert not any(sentence.startswith("Refund of") for sentence in doc["explanation"])
    assert doc["explanation"][-1] == (
        "The exchange will be shipped by Wednesday 18 November 2026. "
        "(Policy: How to Request: Receive Refund or Exchange.)"
    )


def test_a_refused_settlement() -> None:
    untracked = {**SHIP, "trackable": False}
    assert settlement(authorization=AUTH, shipment=untracked, receipt=RECEIPT) == {
        "order_id": "A-1", "status": "refused", "due": None,
        "lines": [{"sku": "R", "outcome": "rejected", "ground": None, "rejections": ["no_tracking"]}],
        "refund": None, "refund_due": None, "exchange_ship_by": None, "policy": POLICY,
        "explanation": [
            ("The parcel was sent with a method that cannot be tracked (SF Express), on Thursday 5 November 2026, "
             "12:00 Hong Kong time. (Policy: How to Request: Ship the Item.)")
        ],
        "language": "en",
    }  # fmt: skip


def test_settlement_text_with_and_without_a_due_date() -> None:
    assert run(data()).explain() == (
        "Order A-1: we are reviewing your request and will email you return instructions "
        "by Thursday 5 November 2026.\n"
        "- Please wait for our email with return instructions and the return address before shipping."
    )
    assert run(data(authorization=AUTH, shipment=SHIP)).explain() == (
        "Order A-1: your parcel is on its way to us."
    )


# --- the facts and the return case: every optional field, round trip -------------------------------


def _full_return_case() -> ReturnCase:
    at = datetime(2026, 11, 4, 9, tzinfo=HKT)
    doc = data(
        {"sku": "R", "reason": "defective", "quantity": 2, "resolution": "exchange", "condition": ["damaged"]},
        {"sku": "N", "reason": "changed_mind", "condition": ["missing_packaging", "tags_removed"]},
    )  # fmt: skip
    doc["order"].update(currency="JPY", shipping_fee="600", shipping_fee_refunded="200")
    doc["order"]["items"][0].update(unit_price="10000", quantity=3, returned_quantity=1)
    doc["order"]["items"][1].update(unit_price="5000", delivered_at=None)
    case = Case.from_dict(json_value(json.dumps(doc)))
    return ReturnCase(
        case=case,
        authorization=Authorization(authorized_at=at, skus=("R",)),
        shipment=Shipment(
            shipped_at=at + timedelta(hours=1),
            carrier="Yamato",
            tracking_number="Y-1",
            trackable=False,
            tracking_sent_at=at + timedelta(hours=2),
            cost=Decimal(900),
        ),
        receipt=Receipt(received_at=at + timedelta(days=1)),
        inspection=Inspection(
            inspected_at=at + timedelta(days=2),
            items=(Finding(sku="R", condition=(), reason_confirmed=False),),
        ),
    )


def test_a_return_case_with_every_optional_field_round_trips() -> None:
    rc = _full_return_case()
    doc = rc.to_dict()
    assert doc["order"]["currency"] == "JPY"
    assert doc["order"]["shipping_fee"] == "600"
    assert doc["order"]["shipping_fee_refunded"] == "200"
    assert doc["order"]["items"][0] == {
        "sku": "R", "category": "ring", "unit_price": "10000", "quantity": 3, "returned_quantity": 1,
        "delivered_at": "2026-11-02T14:30:00+08:00",
    }  # fmt: skip
    assert doc["order"]["items"][1]["delivered_at"] is None
    assert doc["request"]["lines"] == [
        {"sku": "R", "quantity": 2, "reason": "defective", "resolution": "exchange", "condition": ["damaged"]},
        {"sku": "N", "quantity": 1, "reason": "changed_mind", "resolution": "refund",
         "condition": ["missing_packaging", "tags_removed"]},
    ]  # fmt: skip
    assert doc["authorization"] == {"authorized_at": "2026-11-04T09:00:00+08:00", "skus": ["R"]}
    assert doc["shipment"] == {
        "shipped_at": "2026-11-04T10:00:00+08:00", "carrier": "Yamato", "tracking_number": "Y-1",
        "trackable": False, "tracking_sent_at": "2026-11-04T11:00:00+08:00", "cost": "900",
    }  # fmt: skip
    assert doc["receipt"] == {"received_at": "2026-11-05T09:00:00+08:00"}
    assert doc["inspection"] == {
        "inspected_at": "2026-11-06T09:00:00+08:00",
        "items": [{"sku": "R", "condition": [], "reason_confirmed": False}],
    }
    again = ReturnCase.from_dict(json_value(json.dumps(doc)))
    assert again == rc
    assert again.to_dict() == doc


def test_facts_with_their_defaults() -> None:
    at = datetime(2026, 11, 4, 9, tzinfo=HKT)
    assert Authorization(authorized_at=at).to_dict() == {
        "authorized_at": "2026-11-04T09:00:00+08:00",
        "skus": None,
    }
    assert Shipment(shipped_at=at, carrier="SF").to_dict() == {
        "shipped_at": "2026-11-04T09:00:00+08:00", "carrier": "SF", "tracking_number": None,
        "trackable": True, "tracking_sent_at": None, "cost": None,
    }  # fmt: skip
    assert Shipment(shipped_at=at, carrier="SF", cost=Decimal(45)).to_dict()["cost"] == "45.00"
    assert Finding.from_dict({"sku": "R"}) == Finding(sku="R", condition=(), reason_confirmed=True)
    shipment = Shipment.from_dict({"shipped_at": "2026-11-04T09:00:00+08:00", "carrier": "SF"})
    assert shipment == Shipment(shipped_at=at, carrier="SF")
    assert not shipment.has_valid_tracking
    rc = ReturnCase.from_dict(json_value(json.dumps(data(authorization=AUTH))))
    assert set(rc.to_dict()) == {"order", "request", "authorization"}


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"authorization": {"authorized_at": "2026-11-04T09:00:00+08:00", "skus": ["X"]}},
         "authorization.skus[0]: 'X' is not a line of the request"),
        ({"authorization": {"authorized_at": "2026-11-04T09:00:00+08:00", "skus": ["R", "R"]}},
         "authorization.skus[1]: 'R' is listed twice"),
        ({"authorization": {"authorized_at": "2026-11-04T09:00:00+08:00", "skus": "R"}},
         "authorization.skus: expected an array, got a string"),
        ({"authorization": {"authorized_at": "2026-11-02T09:00:00+08:00"}},
         "authorization.authorized_at: 2026-11-02T09:00:00+08:00 is before request.requested_at 2026-11-03T10:00:00+08:00"),
        ({"authorization": AUTH, "shipment": {**SHIP, "tracking_sent_at": "2026-11-05T11:00:00+08:00"}},
         "shipment.tracking_sent_at: 2026-11-05T11:00:00+08:00 is before shipment.shipped_at 2026-11-05T12:00:00+08:00"),
        ({"authorization": AUTH, "shipment": SHIP, "receipt": {"received_at": "2026-11-05T11:00:00+08:00"}},
         "receipt.received_at: 2026-11-05T11:00:00+08:00 is before shipment.shipped_at 2026-11-05T12:00:00+08:00"),
        ({"authorization": AUTH, "shipment": SHIP, "receipt": RECEIPT,
          "inspection": inspected(at="2026-11-07T09:00:00+08:00")},
         "inspection.inspected_at: 2026-11-07T09:00:00+08:00 is before receipt.received_at 2026-11-07T10:00:00+08:00"),
        ({"receipt": RECEIPT}, "receipt: a parcel cannot be received before a shipment is recorded"),
        ({"authorization": AUTH, "shipment": SHIP, "inspection": inspected()},
         "inspection: a parcel cannot be inspected before its receipt is recorded"),
        ({"authorization": AUTH, "shipment": {**SHIP, "cost": "45.001"}},
         "shipment.cost: HKD has 2 decimal places; 45.001 has more"),
        ({"authorization": AUTH, "shipment": {**SHIP, "cost": "-1"}}, "shipment.cost: must not be negative"),
        ({"authorization": AUTH, "shipment": {**SHIP, "trackable": "yes"}},
         "shipment.trackable: expected true or false, got a string"),
        ({"authorization": AUTH, "shipment": {**SHIP, "carrier": " "}}, "shipment.carrier: must be a non-empty string"),
        ({"authorization": AUTH, "shipment": {**SHIP, "tracking_number": ""}},
         "shipment.tracking_number: must be a non-empty string"),
        ({"authorization": AUTH, "shipment": SHIP, "receipt": RECEIPT,
          "inspection": inspected({"sku": "X"})}, "inspection.items[0].sku: 'X' is not a line of the request"),
        ({"authorization": AUTH, "shipment": SHIP, "receipt": RECEIPT,
          "inspection": inspected({"sku": "R"}, {"sku": "R"})}, "inspection.items[1]: 'R' is listed twice"),
        ({"authorization": AUTH, "shipment": SHIP, "receipt": RECEIPT,
          "inspection": inspected({"sku": "R", "reason_confirmed": 1})},
         "inspection.items[0].reason_confirmed: expected true or false, got the number 1"),
        ({"authorization": AUTH, "shipment": SHIP, "receipt": RECEIPT,
          "inspection": inspected({"sku": "R", "condition": ["worn", "worn"]})},
         "inspection.items[0].condition[1]: 'worn' is listed twice"),
        ({"authorization": AUTH, "shipment": SHIP, "receipt": RECEIPT,
          "inspection": {"inspected_at": "2026-11-09T16:00:00+08:00", "items": [], "by": "Ann"}},
         "inspection.by: unknown field (expected one of inspected_at, items)"),
    ],
)  # fmt: skip
def test_every_fact_names_what_it_refuses(facts: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        ReturnCase.from_dict(json_value(json.dumps(data(**facts))))
    assert str(info.value) == message


def test_settle_names_a_missing_finding_and_a_refused_authorization() -> None:
    two = ({"sku": "R", "reason": "defective"}, {"sku": "N", "reason": "defective"})
    with pytest.raises(
        ValidationError, match=r"^inspection\.items: no finding for the authorized sku 'N'$"
    ):
        run(data(*two, authorization=AUTH, shipment=SHIP, receipt=RECEIPT, inspection=inspected()))
    worn = {"sku": "N", "reason": "changed_mind", "condition": ["worn"]}
    with pytest.raises(
        ValidationError,
        match=r"^authorization\.skus\[0\]: 'N' was refused at request time "
        r"\(condition_not_original\) and cannot be authorized$",
    ):
        run(data(worn, authorization={**AUTH, "skus": ["N"]}))


# --- a decision with a restocking fee, the customer paying the postage -----------------------------


def _fee_policy() -> Any:
    change_of_mind = ground(
        "change_of_mind", AULSO_POLICY.rule("change_of_mind").when,
        "A change of mind within 14 days: refunded less a 15% restocking fee; you pay return postage.",
        clause="Returns: change of mind", return_shipping="customer", restocking_fee="0.15",
    )  # fmt: skip
    return (
        AULSO_POLICY.with_rule(change_of_mind)
        .with_rule(change_of_mind_window_rule(hours=14 * 24))
        .with_rule(return_window_rule(days=14))
        .renamed("other-shop", "1")
    )


def _fee_decision() -> Decision:
    doc = data({"sku": "R", "reason": "changed_mind"}, requested="2026-11-06T10:00:00+08:00")
    case = Case.from_dict(json_value(json.dumps(doc)))
    return evaluate(case.order, case.request, policy=_fee_policy())


@pytest.mark.parametrize("precision", [1, 2, 3, 4])
def test_fees_and_original_shipping_are_exact_whatever_the_callers_decimal_context(
    precision: int,
) -> None:
    partial = Case.from_dict(DEMO_CASES["partial approval"])  # original shipping refunded
    expected = (_fee_decision().to_dict(), evaluate(partial.order, partial.request).to_dict())
    # A low precision that traps any rounding: money must never be computed in the caller's context.
    strict = decimal.Context(prec=precision, traps=[decimal.Inexact, decimal.InvalidOperation])
    with decimal.localcontext(strict):
        again = (_fee_decision().to_dict(), evaluate(partial.order, partial.request).to_dict())
    assert again == expected
    assert expected[0]["refund"]["restocking_fee"] == "150.00"
    assert expected[1]["refund"]["original_shipping"] == "60.00"


def test_a_decision_with_a_restocking_fee_and_the_customer_paying_postage() -> None:
    decision = _fee_decision()
    assert decision.to_dict() == {
        "order_id": "A-1", "outcome": "approved",
        "lines": [{"sku": "R", "quantity": 1, "resolution": "refund", "outcome": "approved",
                   "ground": "change_of_mind", "rejections": [], "last_day_to_request": "2026-11-16",
                   "change_of_mind_until": "2026-11-16T14:30:00+08:00"}],
        "return_shipping_paid_by": "customer",
        "refund": {"currency": "HKD", "items": "1000.00", "restocking_fee": "150.00",
                   "original_shipping": "0.00", "return_shipping": "0.00", "total": "850.00", "method": "visa"},
        "deadlines": {"authorization_due": "2026-11-10", "settlement_business_days": 7},
        "policy": {"name": "other-shop", "version": "1"},
        "explanation": [("R (1 × ring, refund because you changed your mind): accepted. A change of mind within "
                         "14 days: refunded less a 15% restocking fee; you pay return postage. (Policy: Returns: "
                         "change of mind.)")],
        "language": "en",
    }  # fmt: skip
    assert decision.explain() == (
        "Order A-1: your return request is approved.\n"
        "- R (1 × ring, refund because you changed your mind): accepted. A change of mind within 14 days: "
        "refunded less a 15% restocking fee; you pay return postage. (Policy: Returns: change of mind.)\n"
        "Refund: HK$850.00 (HK$1,000.00 for the items, less a restocking fee of HK$150.00) to the "
        "original payment method (Visa), within 7 business days after we receive and inspect your return.\n"
        "Return shipping is paid by you.\n"
        "Next steps:\n"
        "- We will email you return instructions and the return address by Tuesday 10 November 2026. "
        "Please wait for them before shipping: unauthorized returns will not be processed or refunded.\n"
        "- Do not send the parcel to the sender address on the shipping label.\n"
        "- Ship with a trackable method and email us the tracking number: no refund is issued without "
        "valid tracking information."
    )
    assert Decision.from_dict(decision.to_dict()) == decision


def test_a_merchant_error_explains_the_original_shipping_and_who_pays() -> None:
    doc = data({"sku": "R", "reason": "defective"})
    case = Case.from_dict(json_value(json.dumps(doc)))
    text = evaluate(case.order, case.request).explain()
    assert (
        "Refund: HK$1,060.00 (HK$1,000.00 for the items, plus HK$60.00 original shipping) to"
        in text
    )
    assert "Return shipping is paid by Aulso." in text


def test_a_rejected_decision_has_no_refund_paragraph_or_next_steps() -> None:
    doc = data({"sku": "R", "reason": "changed_mind"}, requested="2026-12-30T10:00:00+08:00")
    case = Case.from_dict(json_value(json.dumps(doc)))
    decision = evaluate(case.order, case.request)
    assert decision.to_dict()["return_shipping_paid_by"] is None
    assert decision.explain() == (
        "Order A-1: your return request is not approved.\n"
        "- R (1 × ring, refund because you changed your mind): not accepted. The 30-day return window has "
        "passed: the item was delivered on Monday 2 November 2026, so the last day to ask was Wednesday 2 "
        "December 2026, and the request came on Wednesday 30 December 2026. (Policy: We Do Not Accept "
        "Returns/Exchanges If: past the 30-day return window.) Change-of-mind returns (including ordering the "
        "wrong size or colour) are accepted only within 72 hours of receiving the item: it was "
        "delivered on Monday 2 November 2026, 14:30 Hong Kong time, so the window closed on Thursday 5 "
        "November 2026, 14:30 Hong Kong time, and the request came on Wednesday 30 December 2026, 10:00 "
        "Hong Kong time. (Policy: Change of Mind Returns: Return Window.)"
    )


# --- reading decisions back: defaults, optional fields, and what is refused ------------------------


def test_refund_defaults_and_keys() -> None:
    doc = {
        "currency": "HKD",
        "items": "10.00",
        "original_shipping": "0",
        "total": "10",
        "method": "visa",
    }
    assert Refund.from_dict(doc) == Refund(
        currency="HKD", items=Decimal(10), original_shipping=Decimal(0), total=Decimal(10),
        method="visa", restocking_fee=Decimal(0), return_shipping=Decimal(0),
    )  # fmt: skip
    full = {**doc, "restocking_fee": "1.50", "return_shipping": "2.00", "total": "10.50"}
    refund = Refund.from_dict(full)
    assert (refund.restocking_fee, refund.return_shipping) == (Decimal("1.50"), Decimal(2))
    assert refund.to_dict() == {**full, "items": "10.00", "original_shipping": "0.00"}


def test_a_line_decision_of_an_undelivered_item_round_trips() -> None:
    line = LineDecision(
        sku="R", quantity=2, resolution=Resolution.EXCHANGE, outcome=LineOutcome.REJECTED, ground=None, rejections=("not_delivered",),
        last_day_to_request=None, change_of_mind_until=None,
    )  # fmt: skip
    doc = line.to_dict()
    assert doc == {
        "sku": "R", "quantity": 2, "resolution": "exchange", "outcome": "rejected", "ground": None,
        "rejections": ["not_delivered"], "last_day_to_request": None, "change_of_mind_until": None,
    }  # fmt: skip
    assert LineDecision.from_dict(doc) == line


def test_instants_are_written_in_hong_kong_time() -> None:
    utc = datetime(2026, 11, 5, 6, 30, tzinfo=HKT).astimezone(timezone.utc)
    line = LineDecision(
        sku="R", quantity=1, resolution=Resolution.REFUND, outcome=LineOutcome.APPROVED,
        ground="change_of_mind", rejections=(), last_day_to_request=None, change_of_mind_until=utc,
    )  # fmt: skip
    assert line.to_dict()["change_of_mind_until"] == "2026-11-05T06:30:00+08:00"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ((("refund", "total"), "1105.001"), "decision.refund.total: HKD has 2 decimal places; 1105.001 has more"),
        ((("refund", "total"), "1106.00"),
         "decision.refund.total: must be items - restocking_fee + original_shipping + return_shipping = 1060.00"),
        ((("refund", "currency"), "hkd"), "decision.refund.currency: expected a three-letter ISO 4217 code such as 'HKD'"),
        ((("lines", 0, "outcome"), "pending"), "decision.lines[0].outcome: a decision's line is approved or rejected"),
        ((("lines", 0, "rejections"), ["no_ground"]), "decision.lines[0].rejections: an approved line has no rejection"),
        ((("lines", 0, "ground"), None), "decision.lines[0].ground: expected a string, got null"),
        ((("lines", 0, "ground"), "Merchant"), "decision.lines[0].ground: expected a snake_case code, got 'Merchant'"),
        ((("lines", 0, "change_of_mind_until"), "9999-12-31T23:59:59-12:00"),
         "decision.lines[0].change_of_mind_until: 9999-12-31T23:59:59-12:00 has no Hong Kong time"),
        ((("lines", 0, "last_day_to_request"), "2026-13-01"),
         "decision.lines[0].last_day_to_request: not a date YYYY-MM-DD: '2026-13-01'"),
        ((("lines",), []), "decision.lines: a decision has at least one line"),
        ((("outcome",), "rejected"), "decision.outcome: the lines make it approved"),
        ((("return_shipping_paid_by",), None), "decision.return_shipping_paid_by: is null exactly when no line is approved"),
        ((("explanation",), []), "decision.explanation: a decision explains every line"),
        ((("deadlines", "authorization_due"), "soon"), "decision.deadlines.authorization_due: not a date YYYY-MM-DD: 'soon'"),
        ((("policy", "version"), ""), "decision.policy.version: must be a non-empty string"),
    ],
)  # fmt: skip
def test_decision_from_dict_says_what_is_wrong(
    change: tuple[tuple[Any, ...], object], message: str
) -> None:
    case = Case.from_dict(json_value(json.dumps(data())))
    doc = evaluate(case.order, case.request).to_dict()
    target: Any = doc
    path, value = change
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError) as info:
        Decision.from_dict(doc)
    assert str(info.value) == message


def test_rejected_lines_name_their_rejections() -> None:
    doc = data({"sku": "R", "reason": "changed_mind", "condition": ["worn"]})
    case = Case.from_dict(json_value(json.dumps(doc)))
    line = evaluate(case.order, case.request).to_dict()["lines"][0]
    for change, message in [
        ({"ground": "change_of_mind"}, "line.ground: a rejected line has no ground (null)"),
        ({"rejections": []}, "line.rejections: a rejected line has a rejection"),
        ({"sku": ""}, "line.sku: must be a non-empty string"),
    ]:
        with pytest.raises(ValidationError) as info:
            LineDecision.from_dict({**line, **change})
        assert str(info.value) == message


def test_settled_decisions_read_back_through_settle() -> None:
    rc = ReturnCase.from_dict(
        json_value(json.dumps(data(authorization=AUTH, shipment=SHIP, receipt=RECEIPT, inspection=inspected())))
    )  # fmt: skip
    assert settle(rc).refund == Refund.from_dict(settle(rc).to_dict()["refund"])


def test_an_inspection_finds_each_sku() -> None:
    inspection = _full_return_case().inspection
    assert inspection is not None
    assert inspection.finding("R") == Finding(sku="R", condition=(), reason_confirmed=False)
    assert inspection.finding("N") is None


def test_the_shops_verdict_explains_its_windows() -> None:
    from aulso_returns import LineContext  # noqa: PLC0415

    doc = data({"sku": "R", "reason": "changed_mind"}, requested="2026-12-30T10:00:00+08:00")
    case = Case.from_dict(json_value(json.dumps(doc)))
    (context,) = LineContext.each(case.order, case.request)
    verdict = AULSO_POLICY.evaluate(context)
    assert [r.rule.code for r in verdict.bars] == [
        "return_window_closed",
        "change_of_mind_window_closed",
    ]
    assert verdict.bars[0].result.explain() == (
        "[yes] requested after day 30 from delivery (Hong Kong dates) "
        "(General Return/Exchange Guidelines: Return Window)"
    )
    assert verdict.bars[1].result.explain() == (
        "[yes] the reason is on the customer's side (changed mind, or chose the wrong size or colour) "
        "and requested more than 72 hours after delivery\n"
        "  [yes] the reason is on the customer's side (changed mind, or chose the wrong size or colour) "
        "(We Do Not Accept Returns/Exchanges If: wrong size or color selected by the customer)\n"
        "  [yes] requested more than 72 hours after delivery (Change of Mind Returns: Return Window)"
    )

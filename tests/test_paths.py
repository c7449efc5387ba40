"""Every reader names the field it refuses, under the path its caller gives, and every note is exact."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given

from aulso_returns import (
    AULSO_POLICY,
    HKT,
    Authorization,
    BusinessCalendar,
    Case,
    Condition,
    Decision,
    Finding,
    Inspection,
    Item,
    Order,
    PolicyHistory,
    Receipt,
    Refund,
    ReturnCase,
    ReturnLine,
    ReturnRequest,
    Settlement,
    SettlementLine,
    Shipment,
    ValidationError,
    evaluate,
    ground,
    settle,
)
from strategies import return_cases
from test_lifecycle import AUTH, RECEIPT, SHIP, data, inspected, run


def error(read: Callable[..., object], *args: object, **kwargs: object) -> str:
    with pytest.raises((ValidationError, TypeError)) as info:
        read(*args, **kwargs)
    return str(info.value)


@pytest.mark.parametrize(
    ("read", "args", "message"),
    [
        (Authorization.from_dict, ("x",), "authorization: expected an object, got a string"),
        (
            Authorization.from_dict,
            ({"authorized_at": "bad"}, "case.authorization"),
            "case.authorization.authorized_at: not an ISO 8601 timestamp: 'bad'",
        ),
        (Shipment.from_dict, ("x",), "shipment: expected an object, got a string"),
        (
            Shipment.from_dict,
            ({"shipped_at": "bad", "carrier": "SF"}, "case.shipment"),
            "case.shipment.shipped_at: not an ISO 8601 timestamp: 'bad'",
        ),
        (
            Shipment.from_dict,
            (
                {"shipped_at": "2026-11-05T12:00:00+08:00", "carrier": "SF", "cost": "x"},
                "case.shipment",
            ),
            "case.shipment.cost: not a decimal number: 'x'",
        ),
        (
            Receipt.from_dict,
            ({"received_at": "bad"}, "case.receipt"),
            "case.receipt.received_at: not an ISO 8601 timestamp: 'bad'",
        ),
        (Finding.from_dict, ("x",), "finding: expected an object, got a string"),
        (
            Inspection.from_dict,
            ({"inspected_at": "bad", "items": []}, "case.inspection"),
            "case.inspection.inspected_at: not an ISO 8601 timestamp: 'bad'",
        ),
        (ReturnCase.from_dict, ("x",), "case: expected an object, got a string"),
        (Refund.from_dict, ("x",), "refund: expected an object, got a string"),
        (Decision.from_dict, ("x",), "decision: expected an object, got a string"),
        (
            settle,
            ("x",),
            "case must be a ReturnCase, got str (read JSON data with ReturnCase.from_dict)",
        ),
    ],
)
def test_readers_name_the_path_they_are_given(
    read: Callable[..., object], args: tuple[object, ...], message: str
) -> None:
    assert error(read, *args) == message


def test_inspection_items_must_be_a_tuple_of_findings() -> None:
    at = datetime(2026, 11, 9, tzinfo=HKT)
    assert error(Inspection, inspected_at=at, items="R") == (
        "inspection.items: expected a tuple of Finding, got a string"
    )
    assert Inspection(inspected_at=at, items=[Finding(sku="R")]).items == (Finding(sku="R"),)
    assert (
        error(Inspection, inspected_at=at, items=("x",))
        == "inspection.items[0]: expected a Finding"
    )


def test_evaluate_says_what_to_pass() -> None:
    case = Case.from_dict(data())
    assert error(evaluate, case.order, {"x": 1}) == (
        "request must be a ReturnRequest, got dict (read JSON data with ReturnRequest.from_dict)"
    )
    assert error(evaluate, case.order, case.request, policy="x") == (
        "policy must be a Policy or a PolicyHistory, got str"
    )


def _decision() -> dict[str, Any]:
    case = Case.from_dict(data())
    return evaluate(case.order, case.request).to_dict()


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: object) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("lines", 0), "x", "decision.lines[0]: expected an object, got a string"),
        (("lines", 0, "change_of_mind_until"), "soon", "decision.lines[0].change_of_mind_until: not an ISO 8601 timestamp: 'soon'"),
        (("lines", 0, "outcome"), "maybe", "decision.lines[0].outcome: "),
        (("lines", 0, "resolution"), "swap", "decision.lines[0].resolution: "),
        (("refund", "method"), 5, "decision.refund.method: expected a string, got the number 5"),
        (("refund", "restocking_fee"), "x", "decision.refund.restocking_fee: not a decimal number: 'x'"),
        (("refund", "original_shipping"), "x", "decision.refund.original_shipping: not a decimal number: 'x'"),
        (("deadlines",), "x", "decision.deadlines: expected an object, got a string"),
        (("policy",), "x", "decision.policy: expected an object, got a string"),
        (("policy", "name"), 5, "decision.policy.name: expected a string, got the number 5"),
        (("outcome",), "maybe", "decision.outcome: "),
        (("explanation",), "x", "decision.explanation: expected an array, got a string"),
        (("order_id",), 5, "decision.order_id: expected a string, got the number 5"),
        (("return_shipping_paid_by",), "nobody", "decision.return_shipping_paid_by: "),
    ],
)  # fmt: skip
def test_decision_from_dict_names_every_field(
    path: tuple[Any, ...], value: object, message: str
) -> None:
    assert error(Decision.from_dict, _set(_decision(), path, value)).startswith(message)


def test_a_line_listed_twice_is_named() -> None:
    doc = _decision()
    doc["lines"].append(copy.deepcopy(doc["lines"][0]))
    doc["explanation"].append(doc["explanation"][0])
    assert error(Decision.from_dict, doc) == "decision.lines[1].sku: 'R' is listed twice"


JPY = {
    "currency": "JPY", "items": "1200", "restocking_fee": "0", "original_shipping": "300",
    "return_shipping": "0", "total": "1500", "method": "visa",
}  # fmt: skip


def test_money_is_written_and_read_in_its_currency() -> None:
    refund = Refund.from_dict(JPY)
    assert refund.to_dict() == JPY
    for key in ("items", "restocking_fee", "original_shipping", "return_shipping"):
        wrong = {**JPY, key: "10.5"}
        assert (
            error(Refund.from_dict, wrong)
            == f"refund.{key}: JPY has 0 decimal places; 10.5 has more"
        )
    assert (
        Refund.from_dict({**JPY, "restocking_fee": "100", "total": "1400"}).to_dict()[
            "restocking_fee"
        ]
        == "100"
    )


def _order(currency: str = "HKD", price: str = "18.65", items: int = 1) -> dict[str, Any]:
    return {
        "order_id": "M-1", "placed_at": "2026-10-30T10:00:00+08:00", "payment_method": "visa",
        "shipping_fee": "60", "currency": currency,
        "items": [
            {"sku": f"S{i}", "category": "ring", "unit_price": price, "delivered_at": "2026-11-02T14:30:00+08:00"}
            for i in range(items)
        ],
    }  # fmt: skip


FEE = AULSO_POLICY.with_rule(
    ground(
        "change_of_mind",
        AULSO_POLICY.rule("change_of_mind").when,
        "Refunded less a 10% restocking fee.",
        return_shipping="customer",
        restocking_fee="0.10",
    )
)


def _request(skus: int = 1) -> dict[str, Any]:
    return {
        "order_id": "M-1",
        "requested_at": "2026-11-03T10:00:00+08:00",
        "lines": [{"sku": f"S{i}", "reason": "changed_mind"} for i in range(skus)],
    }


def test_restocking_fees_round_half_up_per_line_and_add_up() -> None:
    case = Case.from_dict({"order": _order(items=2), "request": _request(2)})
    refund = evaluate(case.order, case.request, policy=FEE).refund
    # 10% of 18.65 is 1.865: half up, 1.87 a line (half even would give 1.86)
    assert (refund.items, refund.restocking_fee) == (Decimal("37.30"), Decimal("3.74"))


def test_a_refund_in_yen_has_no_minor_units() -> None:
    case = Case.from_dict({"order": _order("JPY", "1865"), "request": _request()})
    d = evaluate(case.order, case.request, policy=FEE)
    assert d.refund.to_dict()["restocking_fee"] == "187"
    assert d.refund.to_dict()["total"] == "1678"
    s = settle(
        ReturnCase.from_dict(
            {"order": _order("JPY", "1865"), "request": _request(), "authorization": dict(AUTH),
             "shipment": dict(SHIP), "receipt": dict(RECEIPT), "inspection": inspected({"sku": "S0"})}
        ),
        policy=FEE,
    )  # fmt: skip
    assert any("Refund of JPY 1,678 " in text for text in s.explanation), s.explanation
    assert "Refund: JPY 1,678 (JPY 1,865 for the items" in d.explain()


def test_a_rule_without_a_clause_cites_nothing() -> None:
    case = Case.from_dict(data({"sku": "R", "reason": "defective", "quantity": 2}))
    (sentence,) = evaluate(case.order, case.request).explanation
    assert sentence == (
        "R (2 × ring, refund because it is defective): not accepted. You asked to return 2, more "
        "than the 1 bought and not already returned."
    )


def test_a_policy_without_windows_reports_no_deadlines() -> None:
    policy = AULSO_POLICY.without("return_window_closed").without("change_of_mind_window_closed")
    case = Case.from_dict(data())
    (line,) = evaluate(case.order, case.request, policy=policy).lines
    assert (line.last_day_to_request, line.change_of_mind_until) == (None, None)


def test_settle_uses_the_calendar_and_the_version_in_force() -> None:
    facts = {"authorization": AUTH, "shipment": SHIP, "receipt": RECEIPT, "inspection": inspected()}
    case = ReturnCase.from_dict(json.loads(json.dumps(data(**facts), default=dict)))
    assert settle(case).due == date(2026, 11, 18)
    closed = BusinessCalendar.hong_kong(closures=[date(2026, 11, 10)])
    assert settle(case, calendar=closed).due == date(2026, 11, 19)
    history = PolicyHistory.starting(
        datetime(2020, 1, 1, tzinfo=HKT), AULSO_POLICY.renamed("old", "1")
    ).with_version(datetime(2026, 10, 30, 10, 0, tzinfo=HKT), AULSO_POLICY.renamed("new", "2"))
    assert settle(case, policy=history).policy.name == "new"
    earlier = history.with_version(
        datetime(2026, 10, 30, 10, 0, 1, tzinfo=HKT), AULSO_POLICY.renamed("later", "3")
    )
    assert settle(case, policy=earlier).policy.name == "new"


def test_shipping_at_the_instant_of_authorization_is_authorized() -> None:
    ship = {**SHIP, "shipped_at": AUTH["authorized_at"]}
    assert (
        run(
            data(authorization=AUTH, shipment=ship, receipt=RECEIPT, inspection=inspected())
        ).status.value
        == "settled"
    )
    early = {**SHIP, "shipped_at": "2026-11-04T08:59:59.999999+08:00"}
    s = run(data(authorization=AUTH, shipment=early))
    assert s.explanation == (
        (
            "The parcel was shipped on Wednesday 4 November 2026, 08:59 Hong Kong time, before we "
            "authorized the return on Wednesday 4 November 2026, 09:00 Hong Kong time; unauthorized returns "
            "will not be processed or refunded. "
            "(Policy: How to Request: Receive Authorization; Important Notes: Unauthorized returns will not be "
            "processed or refunded.)"
        ),
    )


def test_the_notes_of_refused_cases_are_exact() -> None:
    assert run(data(shipment=SHIP)).explanation == (
        (
            "The parcel was shipped without our authorization (on Thursday 5 November 2026, 12:00 Hong Kong "
            "time); unauthorized returns will not be processed or refunded. "
            "(Policy: How to Request: Receive Authorization; Important Notes: Unauthorized returns will not be "
            "processed or refunded.)"
        ),
    )
    untracked = {k: v for k, v in SHIP.items() if k != "tracking_number"}
    assert run(
        data(authorization=AUTH, shipment=untracked, receipt=RECEIPT, inspection=inspected())
    ).explanation == (
        (
            "We did not receive valid tracking information for the parcel, which reached us on Saturday 7 "
            "November 2026, 10:00 Hong Kong time. (Policy: How to Request: Send Tracking Info; Important Notes: "
            "No refund will be issued if we do not receive valid tracking information.)"
        ),
    )


def test_a_line_left_out_of_the_authorization_is_refused_with_a_note() -> None:
    two = data({"sku": "R", "reason": "defective"}, {"sku": "N", "reason": "defective"},
               authorization={**AUTH, "skus": ["R"]}, shipment=SHIP, receipt=RECEIPT,
               inspection=inspected({"sku": "R"}))  # fmt: skip
    s = run(two)
    assert [(line.sku, line.rejections) for line in s.lines] == [
        ("R", ()),
        ("N", ("not_authorized",)),
    ]
    assert (
        "N: not included in the authorization, so it cannot be returned. (Policy: How to Request: Receive "
        "Authorization; Important Notes: Unauthorized returns will not be processed or refunded.)"
    ) in s.explanation


def test_authorizing_a_refused_line_names_its_codes() -> None:
    worn = data({"sku": "R", "reason": "changed_mind", "condition": ["worn"], "resolution": "exchange"},
                authorization={**AUTH, "skus": ["R"]})  # fmt: skip
    assert error(run, worn) == (
        "authorization.skus[0]: 'R' was refused at request time (exchange_not_offered, "
        "condition_not_original) and cannot be authorized"
    )


def test_an_unconfirmed_reason_is_judged_again_with_every_bar_in_rule_order() -> None:
    late = data({"sku": "R", "reason": "defective", "resolution": "exchange"},
                requested="2026-11-20T10:00:00+08:00", authorization={"authorized_at": "2026-11-20T12:00:00+08:00"},
                shipment={**SHIP, "shipped_at": "2026-11-21T12:00:00+08:00", "tracking_sent_at": "2026-11-21T13:00:00+08:00"},
                receipt={"received_at": "2026-11-23T10:00:00+08:00"},
                inspection=inspected({"sku": "R", "reason_confirmed": False, "condition": ["washed"]},
                                     at="2026-11-24T10:00:00+08:00"))  # fmt: skip
    s = run(late)
    (line,) = s.lines
    assert line.rejections == (
        "reason_not_confirmed", "inspection_failed", "change_of_mind_window_closed", "exchange_not_offered",
    )  # fmt: skip
    assert (
        "R: the inspection did not confirm that it is defective, so the item is judged again as a "
        "change of mind." in s.explanation
    )
    assert (
        "R: as we received it, the item was washed, so it does not meet the condition rules."
        in s.explanation
    )


def test_shipment_money_is_written_in_the_currency_given() -> None:
    ship = Shipment.from_dict(dict(SHIP))
    assert ship.to_dict()["cost"] == "45.00"  # Hong Kong dollars unless told
    assert ship.to_dict("JPY")["cost"] == "45"
    assert ship.to_dict("KWD")["cost"] == "45.000"


@given(return_cases())
def test_a_settlement_reads_back_what_it_wrote(case: ReturnCase) -> None:
    settlement = settle(case)
    doc = json.loads(json.dumps(settlement.to_dict()))
    assert Settlement.from_dict(doc) == settlement
    assert (
        ReturnCase.of(
            case.order,
            case.request,
            authorization=case.authorization,
            shipment=case.shipment,
            receipt=case.receipt,
            inspection=case.inspection,
        )
        == case
    )


def _settlement(**facts: Any) -> dict[str, Any]:
    return settle(ReturnCase.from_dict(data(**facts))).to_dict()


SETTLED = {"authorization": AUTH, "shipment": SHIP, "receipt": RECEIPT, "inspection": inspected()}


@pytest.mark.parametrize(
    ("facts", "path", "value", "message"),
    [
        ({}, ("lines", 0, "outcome"), "approved", "settlement.lines[0].outcome: a line is approved only while the case is settled, and it is awaiting_authorization"),
        (SETTLED, ("lines", 0, "outcome"), "pending", "settlement.lines[0].outcome: a line is pending only while the case waits, and it is settled"),
        ({}, ("refund_due",), "2026-11-18", "settlement.refund_due: is null while the case is awaiting_authorization"),
        (SETTLED, ("refund",), None, "settlement.refund: a settled case has a refund"),
        (SETTLED, ("lines",), [], "settlement.lines: a settlement has at least one line"),
        (SETTLED, ("lines", 0, "ground"), None, "settlement.lines[0].ground: expected a string, got null"),
        (SETTLED, ("lines", 0, "rejections"), ["not_authorized"], "settlement.lines[0].rejections: an approved line has no rejection"),
        (SETTLED, ("status",), "done", "settlement.status: "),
        (SETTLED, ("due",), "soon", "settlement.due: not a date YYYY-MM-DD: 'soon'"),
        (SETTLED, ("refund", "total"), "1.00", "settlement.refund.total: must be items - restocking_fee"),
        (SETTLED, ("policy", "name"), 1, "settlement.policy.name: expected a string, got the number 1"),
        (SETTLED, ("explanation",), [1], "settlement.explanation[0]: expected a string, got the number 1"),
        (SETTLED, ("order_id",), None, "settlement.order_id: expected a string, got null"),
    ],
)  # fmt: skip
def test_settlement_from_dict_refuses_what_to_dict_could_not_write(
    facts: dict[str, Any], path: tuple[Any, ...], value: object, message: str
) -> None:
    assert error(Settlement.from_dict, _set(_settlement(**facts), path, value)).startswith(message)


def test_a_rejected_line_of_a_settlement_names_its_rejection() -> None:
    refused = _settlement(shipment=SHIP)
    assert refused["lines"][0] == {
        "sku": "R",
        "outcome": "rejected",
        "ground": None,
        "rejections": ["not_authorized"],
    }
    assert error(Settlement.from_dict, _set(refused, ("lines", 0, "ground"), "merchant_error")) == (
        "settlement.lines[0].ground: a rejected line has no ground (null)"
    )
    assert error(Settlement.from_dict, _set(refused, ("lines", 0, "rejections"), [])) == (
        "settlement.lines[0].rejections: a rejected line has a rejection"
    )
    twice = _set(refused, ("lines",), [refused["lines"][0], refused["lines"][0]])
    assert error(Settlement.from_dict, twice) == "settlement.lines[1].sku: 'R' is listed twice"


def _typo(path: tuple[Any, ...], value: object) -> str:
    return error(Case.from_dict, _set(data(), path, value))


def test_messages_say_what_was_meant() -> None:
    line = data()["request"]["lines"][0]
    assert error(
        Case.from_dict, _set(data(), ("request", "lines", 0), {**line, "reson": "x"})
    ).startswith(
        "request.lines[0].reson: unknown field; did you mean 'reason'? (expected one of sku, reason,"
    )
    assert _typo(("request", "lines", 0, "reason"), "defectve").startswith(
        "request.lines[0].reason: unknown value 'defectve'; did you mean 'defective'? (expected one of"
    )
    assert _typo(("order", "items", 0, "category"), "rings").startswith(
        "order.items[0].category: unknown value 'rings'; did you mean 'ring'?"
    )
    assert _typo(("order", "items", 0, "category"), "Rings").startswith(
        "order.items[0].category: unknown value 'Rings'; did you mean 'ring'?"
    )
    assert _typo(("order", "items", 0, "category"), "watch") == (
        "order.items[0].category: unknown value 'watch' (expected one of bracelet, necklace, earrings, ring, other)"
    )
    assert _typo(("request", "lines", 0, "quantity"), Decimal("1.0")) == (
        "request.lines[0].quantity: expected a whole number, got the number 1.0"
    )
    assert error(Case.from_dict, data(authorization=AUTH)) == (
        "case.authorization: unknown field; it is a fact of a return case: settle the case "
        "(settle, aulso-returns settle) (expected one of order, request)"
    )


def test_constructors_say_what_they_expected_and_take_lists() -> None:
    case = Case.from_dict(data())
    item = case.order.items[0]
    assert error(Item, sku="A", category=item.category, unit_price=12.5) == (
        "item.unit_price: a float is not exact; give a Decimal, such as Decimal('12.50')"
    )
    assert error(Item, sku="A", category=item.category, unit_price="12.5") == (
        "item.unit_price: money must be a finite Decimal, got a string"
    )
    order = Order(
        order_id="A-1", placed_at=case.order.placed_at, payment_method="visa", items=[item]
    )
    assert order.items == (item,)
    assert error(
        Order, order_id="A-1", placed_at=case.order.placed_at, payment_method="visa", items=item
    ) == ("order.items: expected a tuple of Item, got an Item")
    assert error(
        Order, order_id="A-1", placed_at=case.order.placed_at, payment_method="visa", items=[]
    ) == ("order.items: an order needs at least one item")
    line = case.request.lines[0]
    request = ReturnRequest(order_id="A-1", requested_at=case.request.requested_at, lines=[line])
    assert request.lines == (line,)
    assert error(
        ReturnRequest, order_id="A-1", requested_at=case.request.requested_at, lines=[]
    ) == ("request.lines: a request needs at least one line")
    assert ReturnLine(sku="R", reason=line.reason, condition=[Condition.WORN]).condition == (
        Condition.WORN,
    )
    assert error(ReturnLine, sku="R", reason=line.reason, condition="worn") == (
        "line.condition: expected a tuple of Condition, got a string"
    )
    at = datetime(2026, 11, 4, tzinfo=HKT)
    assert Authorization(authorized_at=at, skus=["R"]).skus == ("R",)
    assert error(Authorization, authorized_at=at, skus="R") == (
        "authorization.skus: expected a tuple of str, got a string"
    )


def test_bars_found_at_inspection_are_listed_in_the_policys_order() -> None:
    # the change-of-mind window moved after exchange_not_offered: alphabetical order would differ
    reordered = AULSO_POLICY.without("change_of_mind_window_closed").with_rule(
        AULSO_POLICY.rule("change_of_mind_window_closed")
    )
    late = data({"sku": "R", "reason": "defective", "resolution": "exchange"},
                requested="2026-11-20T10:00:00+08:00", authorization={"authorized_at": "2026-11-20T12:00:00+08:00"},
                shipment={**SHIP, "shipped_at": "2026-11-21T12:00:00+08:00", "tracking_sent_at": "2026-11-21T13:00:00+08:00"},
                receipt={"received_at": "2026-11-23T10:00:00+08:00"},
                inspection=inspected({"sku": "R", "reason_confirmed": False}, at="2026-11-24T10:00:00+08:00"))  # fmt: skip
    (line,) = settle(ReturnCase.from_dict(late), policy=reordered).lines
    assert line.rejections == (
        "reason_not_confirmed",
        "exchange_not_offered",
        "change_of_mind_window_closed",
    )


def test_an_item_writes_its_price_as_given_unless_told_the_currency() -> None:
    item = Case.from_dict(data()).order.items[0]
    loose = Item(sku="X", category=item.category, unit_price=Decimal("12.5"))
    assert loose.to_dict()["unit_price"] == "12.5"
    assert loose.to_dict("HKD")["unit_price"] == "12.50"


def test_a_request_read_under_a_path_names_it() -> None:
    doc = {**data()["request"], "requested_at": "soon"}
    assert error(ReturnRequest.from_dict, doc, "case.request") == (
        "case.request.requested_at: not an ISO 8601 timestamp: 'soon'"
    )


EXCHANGE = {"authorization": AUTH, "shipment": SHIP, "receipt": RECEIPT, "inspection": inspected()}


def test_settled_refunds_and_exchanges_read_back_with_their_dates() -> None:
    refund = settle(ReturnCase.from_dict(data(**SETTLED)))
    exchange = settle(
        ReturnCase.from_dict(
            data({"sku": "R", "reason": "wrong_size", "resolution": "exchange"}, **EXCHANGE)
        )
    )
    assert (refund.refund_due, exchange.exchange_ship_by) == (
        date(2026, 11, 18),
        date(2026, 11, 18),
    )
    for settlement in (refund, exchange):
        assert Settlement.from_dict(json.loads(json.dumps(settlement.to_dict()))) == settlement


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("lines", 0), "x", "settlement.lines[0]: expected an object, got a string"),
        (("lines", 0, "outcome"), "maybe", "settlement.lines[0].outcome: unknown value 'maybe'"),
        (("lines", 0, "rejections"), "x", "settlement.lines[0].rejections: expected an array, got a string"),
        (("lines", 0, "rejections"), ["Bad"], "settlement.lines[0].rejections[0]: expected a snake_case code, got 'Bad'"),
        (("lines", 0, "sku"), 5, "settlement.lines[0].sku: expected a string, got the number 5"),
        (("policy",), "x", "settlement.policy: expected an object, got a string"),
        (("policy", "version"), 5, "settlement.policy.version: expected a string, got the number 5"),
        (("refund_due",), "soon", "settlement.refund_due: not a date YYYY-MM-DD: 'soon'"),
        (("exchange_ship_by",), "soon", "settlement.exchange_ship_by: not a date YYYY-MM-DD: 'soon'"),
    ],
)  # fmt: skip
def test_settlement_from_dict_names_every_field(
    path: tuple[Any, ...], value: object, message: str
) -> None:
    assert error(Settlement.from_dict, _set(_settlement(**SETTLED), path, value)).startswith(
        message
    )


def test_a_settlement_line_is_read_under_its_own_name_by_default() -> None:
    assert error(SettlementLine.from_dict, "x") == "line: expected an object, got a string"
    assert error(Settlement.from_dict, "x") == "settlement: expected an object, got a string"


def test_an_order_names_what_it_refuses() -> None:
    case = Case.from_dict(data())
    item = case.order.items[0]
    kwargs: dict[str, Any] = {
        "order_id": "A-1",
        "placed_at": case.order.placed_at,
        "payment_method": "visa",
    }
    assert error(Order, **kwargs, items=("x",)) == "order.items[0]: expected an Item"
    assert error(Order, **kwargs, items=(item,), currency="JPY", shipping_fee=Decimal(60),
                 shipping_fee_refunded=Decimal("0.5")) == (
        "order.shipping_fee_refunded: JPY has 0 decimal places; 0.5 has more"
    )  # fmt: skip
    largest = attrs.evolve(item, unit_price=Decimal(10**15 - 1))
    assert Order(**kwargs, items=(largest,)).items == (largest,)  # just below the limit
    with pytest.raises(KeyError, match="'nope'"):
        case.order.item("nope")
    doc = {k: v for k, v in data()["order"].items() if k != "shipping_fee"}
    assert Order.from_dict(doc).shipping_fee == 0
    assert error(Order.from_dict, {**doc, "shipping_fee_refunded": "x"}, "case.order") == (
        "case.order.shipping_fee_refunded: not a decimal number: 'x'"
    )
    assert error(Order.from_dict, {**doc, "placed_at": "x"}, "case.order") == (
        "case.order.placed_at: not an ISO 8601 timestamp: 'x'"
    )


def test_readers_of_numbers_times_and_choices_say_what_they_got() -> None:
    from aulso_returns import Reason  # noqa: PLC0415
    from aulso_returns._parse import choice, decimal_value, timestamp  # noqa: PLC0415

    assert (
        error(decimal_value, 1.5, "p")
        == "p: a float is not exact; give a Decimal or a string such as '12.50'"
    )
    assert error(decimal_value, [], "p") == "p: expected a decimal, got an array"
    assert error(timestamp, 5, "t") == "t: expected an ISO 8601 timestamp string, got the number 5"
    assert error(timestamp, datetime(2026, 1, 1), "t") == "t: timestamp must include a UTC offset"  # noqa: DTZ001
    assert timestamp(datetime(2026, 1, 1, tzinfo=HKT), "t") == datetime(2026, 1, 1, tzinfo=HKT)
    assert error(choice, Reason, 5, "p").startswith(
        "p: unknown value 5 (expected one of wrong_item,"
    )

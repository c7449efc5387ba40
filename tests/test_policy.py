"""The shop's policy end to end: one test per interpretation point, then laws over the windows."""

from __future__ import annotations

import decimal
import json
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from aulso_returns import (
    AULSO_HISTORY,
    AULSO_POLICY,
    COD_METHODS,
    DEMO_CASES,
    HKT,
    LINE_TERMS,
    POLICY_SETTINGS,
    BusinessCalendar,
    Case,
    ChangeOfMindWindow,
    Decision,
    Item,
    LineAspect,
    LineContext,
    LineOutcome,
    Order,
    Outcome,
    PaidCashOnDelivery,
    Payer,
    Policy,
    Reason,
    Resolution,
    ReturnCase,
    ReturnRequest,
    ReturnWindow,
    ValidationError,
    bar,
    change_of_mind_window_rule,
    check_policy,
    decision_table,
    diff_policies,
    evaluate,
    ground,
    predicate,
    return_window_rule,
    settle,
)
from aulso_returns._decision import judge_lines
from aulso_returns._parse import json_value, money_quantum
from aulso_returns._policy import CUSTOMER_SIDE, WANTS_EXCHANGE
from strategies import (
    MICRO,
    cases,
    instants,
    line_contexts,
    offsets,
    policies,
    rewritten,
    varied,
)

DELIVERED = "2026-11-02T14:30:00+08:00"


def case(
    *lines: dict[str, Any],
    requested: str = "2026-11-03T10:00:00+08:00",
    items: list[dict[str, Any]] | None = None,
    payment: str = "visa",
    fee: str = "60",
    fee_refunded: str = "0",
) -> Case:
    items = items or [
        {"sku": "R", "category": "ring", "unit_price": "1000", "delivered_at": DELIVERED}
    ]
    data = {
        "order": {
            "order_id": "A-1",
            "placed_at": "2026-10-30T10:00:00+08:00",
            "payment_method": payment,
            "shipping_fee": fee,
            "shipping_fee_refunded": fee_refunded,
            "items": items,
        },
        "request": {
            "order_id": "A-1",
            "requested_at": requested,
            "lines": list(lines) or [{"sku": "R", "reason": "changed_mind"}],
        },
    }
    return Case.from_dict(json_value(json.dumps(data)))


def decide(c: Case, **kw: Any) -> Decision:
    return evaluate(c.order, c.request, **kw)


def codes(d: Decision) -> list[list[str]]:
    return [list(line.rejections) for line in d.lines]


# 1 and 2: windows in Hong Kong time; 30 calendar days after the delivery's Hong Kong date.
def test_30_day_window_is_judged_on_hong_kong_dates() -> None:
    items = [
        {
            "sku": "R",
            "category": "ring",
            "unit_price": "1000",
            "delivered_at": "2026-11-01T20:00:00Z",
        }
    ]  # 2 Nov HKT
    last_ok = decide(
        case(
            {"sku": "R", "reason": "defective"},
            items=items,
            requested="2026-12-02T15:59:59.999999Z",
        )
    )
    too_late = decide(
        case({"sku": "R", "reason": "defective"}, items=items, requested="2026-12-02T16:00:00Z")
    )
    assert last_ok.outcome is Outcome.APPROVED
    assert last_ok.lines[0].last_day_to_request == date(2026, 12, 2)
    assert codes(too_late) == [["return_window_closed"]]


def test_delivered_any_time_on_1_november_last_day_is_1_december() -> None:
    for delivered in ("2026-11-01T00:00:00+08:00", "2026-11-01T23:59:59.999999+08:00"):
        items = [{"sku": "R", "category": "ring", "unit_price": "1", "delivered_at": delivered}]
        ok = decide(
            case(
                {"sku": "R", "reason": "wrong_item"},
                items=items,
                requested="2026-12-01T23:59:59.999999+08:00",
            )
        )
        late = decide(
            case(
                {"sku": "R", "reason": "wrong_item"},
                items=items,
                requested="2026-12-02T00:00:00+08:00",
            )
        )
        assert ok.lines[0].ground == "merchant_error"
        assert codes(late) == [["return_window_closed"]]


# 3: 72 hours, inclusive to the microsecond; customer-side reasons; refund, not exchange.
@pytest.mark.parametrize("reason", ["changed_mind", "ordered_wrong_size", "ordered_wrong_color"])
def test_change_of_mind_window(reason: str) -> None:
    ok = decide(case({"sku": "R", "reason": reason}, requested="2026-11-05T14:30:00+08:00"))
    late = decide(
        case({"sku": "R", "reason": reason}, requested="2026-11-05T14:30:00.000001+08:00")
    )
    assert ok.lines[0].ground == "change_of_mind"
    assert ok.lines[0].change_of_mind_until == datetime(2026, 11, 5, 14, 30, tzinfo=HKT)
    assert codes(late) == [["change_of_mind_window_closed"]]


def test_exchange_is_not_offered_for_a_change_of_mind_but_a_refund_is() -> None:
    d = decide(case({"sku": "R", "reason": "changed_mind", "resolution": "exchange"}))
    assert codes(d) == [["exchange_not_offered"]]
    assert d.explanation[0].endswith(
        "A refund is available instead if you ask for it by Thursday 5 November 2026, 14:30 Hong Kong time."
    )
    late = decide(
        case(
            {"sku": "R", "reason": "changed_mind", "resolution": "exchange"},
            requested="2026-11-06T10:00:00+08:00",
        )
    )
    assert codes(late) == [["change_of_mind_window_closed", "exchange_not_offered"]]
    assert not any("refund is available instead" in s for s in late.explanation)


EXCHANGE_FOR_A_CHANGE_OF_MIND = {"sku": "R", "reason": "changed_mind", "resolution": "exchange"}


def test_a_refund_instead_is_offered_whatever_the_codes_and_until_the_policy_stops_approving_it() -> (
    None
):
    # the bar under a code of its own: the same sentence, found from what the policy decides
    renamed = AULSO_POLICY.without("exchange_not_offered").with_rule(
        bar("refunds_only", CUSTOMER_SIDE & WANTS_EXCHANGE, "Refunds only.")
    )
    (said,) = decide(case(EXCHANGE_FOR_A_CHANGE_OF_MIND), policy=renamed).explanation
    assert said.endswith("Refunds only. A refund is available instead if you ask for it by "
                         "Thursday 5 November 2026, 14:30 Hong Kong time.")  # fmt: skip
    # no change-of-mind window: the refund is open until the 30-day window closes
    month = AULSO_POLICY.without("change_of_mind_window_closed")
    (said,) = decide(case(EXCHANGE_FOR_A_CHANGE_OF_MIND), policy=month).explanation
    assert said.endswith("if you ask for it by Wednesday 2 December 2026.")
    # no window at all: nothing ends it
    timeless = month.without("return_window_closed")
    (said,) = decide(case(EXCHANGE_FOR_A_CHANGE_OF_MIND), policy=timeless).explanation
    assert said.endswith("Return Window.) A refund is available instead if you ask for it.")
    assert (
        "閣下可改為申請退款。"
        in decide(
            case(EXCHANGE_FOR_A_CHANGE_OF_MIND), policy=timeless, language="zh-Hant-HK"
        ).explanation[0]
    )
    # a refusal the refund shares (cash on delivery) offers nothing instead
    cod = decide(case(EXCHANGE_FOR_A_CHANGE_OF_MIND, payment="COD"), policy=timeless)
    assert not any("instead" in s for s in cod.explanation)


# 4: merchant errors within 30 days, refund or free exchange.
@pytest.mark.parametrize(
    "reason",
    [
        "wrong_item",
        "wrong_size",
        "wrong_color",
        "arrived_damaged",
        "defective",
        "color_discrepancy",
    ],
)
@pytest.mark.parametrize("resolution", ["refund", "exchange"])
def test_merchant_errors(reason: str, resolution: str) -> None:
    d = decide(
        case(
            {"sku": "R", "reason": reason, "resolution": resolution},
            requested="2026-11-30T10:00:00+08:00",
        )
    )
    assert d.outcome is Outcome.APPROVED
    assert d.lines[0].ground == "merchant_error"
    assert d.return_shipping_paid_by is Payer.MERCHANT


# 5: condition, with damage excused for arrived_damaged and defective.
@pytest.mark.parametrize(
    "flag", ["used", "worn", "washed", "damaged", "missing_packaging", "tags_removed"]
)
def test_any_condition_flag_refuses(flag: str) -> None:
    assert codes(decide(case({"sku": "R", "reason": "changed_mind", "condition": [flag]}))) == [
        ["condition_not_original"]
    ]
    assert codes(decide(case({"sku": "R", "reason": "wrong_item", "condition": [flag]}))) == [
        ["condition_not_original"]
    ]


@pytest.mark.parametrize("reason", ["arrived_damaged", "defective"])
def test_damage_is_excused_when_it_is_the_complaint(reason: str) -> None:
    assert (
        decide(case({"sku": "R", "reason": reason, "condition": ["damaged"]})).outcome
        is Outcome.APPROVED
    )
    assert codes(
        decide(case({"sku": "R", "reason": reason, "condition": ["damaged", "worn"]}))
    ) == [["condition_not_original"]]


# 6: hygiene.
@pytest.mark.parametrize("flag", ["worn", "used"])
def test_worn_earrings_are_never_returnable(flag: str) -> None:
    items = [{"sku": "E", "category": "earrings", "unit_price": "300", "delivered_at": DELIVERED}]
    d = decide(case({"sku": "E", "reason": "defective", "condition": [flag]}, items=items))
    assert codes(d) == [["condition_not_original", "hygiene_excluded"]]
    ring = decide(case({"sku": "R", "reason": "defective", "condition": [flag]}))
    assert codes(ring) == [["condition_not_original"]]


# 7: cash on delivery.
def test_cash_on_delivery_orders_cannot_be_returned() -> None:
    d = decide(case({"sku": "R", "reason": "defective"}, payment="cash_on_delivery"))
    assert codes(d) == [["cash_on_delivery"]]
    assert d.return_shipping_paid_by is None


# 8: not delivered.
def test_not_delivered_measures_no_window() -> None:
    items = [{"sku": "R", "category": "ring", "unit_price": "1000", "delivered_at": None}]
    d = decide(
        case(
            {"sku": "R", "reason": "changed_mind"},
            items=items,
            requested="2027-03-01T10:00:00+08:00",
        )
    )
    assert codes(d) == [["not_delivered"]]
    assert d.lines[0].last_day_to_request is None
    assert d.lines[0].change_of_mind_until is None
    early = decide(
        case({"sku": "R", "reason": "defective"}, requested="2026-11-02T14:29:59.999999+08:00")
    )
    assert codes(early) == [["not_delivered"]]


def test_a_window_replaced_by_a_plain_predicate_reports_no_deadline() -> None:
    """Deadlines come from the shop's window classes; a predicate of another kind has none to give."""
    never = AULSO_POLICY
    for code in ("past_return_window", "past_change_of_mind_window"):
        never = never.with_predicate(predicate(lambda _: False, code=code, description="never"))
    d = decide(case({"sku": "R", "reason": "changed_mind"}), policy=never)
    assert d.lines[0].approved
    assert (d.lines[0].last_day_to_request, d.lines[0].change_of_mind_until) == (None, None)
    kept = decide(case({"sku": "R", "reason": "changed_mind"}))
    assert None not in (kept.lines[0].last_day_to_request, kept.lines[0].change_of_mind_until)


# 9: quantities.
def test_quantity_exceeding_what_remains() -> None:
    items = [
        {
            "sku": "R",
            "category": "ring",
            "unit_price": "1000",
            "quantity": 3,
            "returned_quantity": 1,
            "delivered_at": DELIVERED,
        }
    ]
    assert (
        decide(case({"sku": "R", "reason": "defective", "quantity": 2}, items=items)).outcome
        is Outcome.APPROVED
    )
    assert codes(decide(case({"sku": "R", "reason": "defective", "quantity": 3}, items=items))) == [
        ["quantity_exceeds_remaining"]
    ]


# 10: who pays return shipping is stated by the ground.
def test_a_ground_states_who_pays_return_shipping() -> None:
    stingy = AULSO_POLICY.with_rule(
        ground("change_of_mind", CUSTOMER_SIDE, "ok", return_shipping="customer")
    )
    c = case({"sku": "R", "reason": "changed_mind"})
    assert decide(c).return_shipping_paid_by is Payer.MERCHANT
    assert decide(c, policy=stingy).return_shipping_paid_by is Payer.CUSTOMER


# 11: refund preview.
def test_refund_preview() -> None:
    items = [
        {
            "sku": "R",
            "category": "ring",
            "unit_price": "1000.10",
            "quantity": 2,
            "delivered_at": DELIVERED,
        },
        {"sku": "N", "category": "necklace", "unit_price": "500", "delivered_at": DELIVERED},
    ]
    only_mind = decide(case({"sku": "R", "reason": "changed_mind", "quantity": 2}, items=items))
    assert only_mind.refund.to_dict() == {
        "currency": "HKD", "items": "2000.20", "restocking_fee": "0.00", "original_shipping": "0.00", "return_shipping": "0.00", "total": "2000.20", "method": "visa",
    }  # fmt: skip
    with_error = decide(
        case(
            {"sku": "R", "reason": "changed_mind"},
            {"sku": "N", "reason": "defective"},
            items=items,
            fee_refunded="20",
        )
    )
    assert with_error.refund.total == Decimal("1540.10")
    assert with_error.refund.original_shipping == Decimal("40.00")
    exchange_only = decide(
        case({"sku": "N", "reason": "defective", "resolution": "exchange"}, items=items)
    )
    assert exchange_only.refund.total == 0
    assert exchange_only.refund.original_shipping == 0


# 12: deadlines.
def test_deadlines() -> None:
    d = decide(
        case({"sku": "R", "reason": "changed_mind"}, requested="2026-11-04T23:30:00+08:00")
    )  # a Wednesday
    assert d.deadlines.authorization_due == date(2026, 11, 6)
    d = decide(
        case({"sku": "R", "reason": "wrong_item"}, requested="2026-12-24T15:00:00Z")
    )  # Friday 25 Dec in HK
    assert d.deadlines.authorization_due == date(2026, 12, 29)
    assert d.to_dict()["lines"][0]["change_of_mind_until"] == "2026-11-05T14:30:00+08:00"
    assert d.to_dict()["lines"][0]["last_day_to_request"] == "2026-12-02"


def test_closures_move_the_authorization_deadline() -> None:
    c = case({"sku": "R", "reason": "changed_mind"}, requested="2026-11-04T10:00:00+08:00")
    typhoon = BusinessCalendar.hong_kong(closures=[date(2026, 11, 5)])
    assert decide(c, calendar=typhoon).deadlines.authorization_due == date(2026, 11, 9)


def test_mixed_request_is_decided_line_by_line_and_lists_every_bar() -> None:
    items = [
        {"sku": "R", "category": "ring", "unit_price": "1000", "delivered_at": DELIVERED},
        {"sku": "E", "category": "earrings", "unit_price": "300", "delivered_at": DELIVERED},
        {"sku": "N", "category": "necklace", "unit_price": "500", "delivered_at": None},
    ]
    d = decide(
        case(
            {"sku": "R", "reason": "wrong_size"},
            {"sku": "E", "reason": "changed_mind", "resolution": "exchange", "condition": ["worn"]},
            {"sku": "N", "reason": "defective"},
            items=items,
            requested="2026-11-10T10:00:00+08:00",
        )
    )
    assert d.outcome is Outcome.PARTIALLY_APPROVED
    assert codes(d) == [
        [],
        [
            "change_of_mind_window_closed",
            "exchange_not_offered",
            "condition_not_original",
            "hygiene_excluded",
        ],
        ["not_delivered"],
    ]
    assert [line.sku for line in d.lines] == ["R", "E", "N"]
    assert d.refund.total == Decimal("1060.00")


def test_evaluate_checks_the_request_against_the_order() -> None:
    c = case()
    other = ReturnRequest(
        order_id="B-2", requested_at=c.request.requested_at, lines=c.request.lines
    )
    with pytest.raises(ValidationError, match=r"^request.order_id"):
        evaluate(c.order, other)


def test_decision_round_trips_through_json() -> None:
    d = decide(case({"sku": "R", "reason": "changed_mind", "resolution": "exchange"}))
    assert Decision.from_dict(json.loads(json.dumps(d.to_dict()))) == d


def test_policy_lists_itself() -> None:
    listing = AULSO_POLICY.listing()
    assert [row["code"] for row in listing][:2] == ["merchant_error", "change_of_mind"]
    assert all(row["clause"] for row in listing if row["code"] != "quantity_exceeds_remaining")


# --- laws over the window boundaries --------------------------------------------------------------


def one_line(
    delivered_at: datetime, requested_at: datetime, reason: str = "changed_mind", **line: Any
) -> tuple[Order, ReturnRequest]:
    placed = delivered_at - timedelta(days=2)
    order = Order.from_dict({
        "order_id": "A", "placed_at": placed.isoformat(), "payment_method": "visa",
        "items": [{"sku": "S", "category": "ring", "unit_price": "100", "delivered_at": delivered_at.isoformat()}],
    })  # fmt: skip
    return order, ReturnRequest.from_dict(
        {
            "order_id": "A",
            "requested_at": requested_at.isoformat(),
            "lines": [{"sku": "S", "reason": reason, **line}],
        }
    )


deliveries = instants(
    datetime(1995, 1, 1, tzinfo=timezone.utc), datetime(2095, 1, 1, tzinfo=timezone.utc)
)


@given(deliveries, offsets(), offsets())
def test_exactly_72_hours_is_in_and_one_microsecond_more_is_out(
    delivered: datetime, tz1: timezone, tz2: timezone
) -> None:
    edge = delivered + timedelta(hours=72)
    assert (
        evaluate(*one_line(delivered.astimezone(tz1), edge.astimezone(tz2))).outcome
        is Outcome.APPROVED
    )
    late = evaluate(*one_line(delivered.astimezone(tz1), (edge + MICRO).astimezone(tz2)))
    assert late.lines[0].rejections == ("change_of_mind_window_closed",)


@given(deliveries, offsets())
def test_last_microsecond_of_day_30_in_hong_kong(delivered: datetime, tz: timezone) -> None:
    last = datetime.combine(
        delivered.astimezone(HKT).date() + timedelta(days=30), datetime.max.time(), tzinfo=HKT
    )
    assert (
        evaluate(*one_line(delivered, last.astimezone(tz), "defective")).outcome is Outcome.APPROVED
    )
    late = evaluate(*one_line(delivered, (last + MICRO).astimezone(tz), "defective"))
    assert late.lines[0].rejections == ("return_window_closed",)


#: Every value the library accepts for the terms a decision reads (a fee and a payer always:
#: a fee of 0 and a customer who pays are what their absence means).
accepted_terms = st.fixed_dictionaries(
    {
        "restocking_fee": st.decimals(min_value=0, max_value=1, places=4).map(lambda d: f"{d:f}"),
        "return_shipping": st.sampled_from(["merchant", "customer"]),
    },
    optional={"original_shipping": st.just("refunded")},
)


@given(cases(), accepted_terms)
def test_any_terms_a_rule_accepts_give_sound_money(
    case: tuple[Order, ReturnRequest], terms: dict[str, str]
) -> None:
    """Grounds on any accepted terms refund from nothing to the items and the shipping owed.

    Both of the shop's grounds are given the terms: each approved refund line is
    charged the fee's fraction of its price (rounded per line), no refund is
    negative, and the shop pays the return postage exactly when the terms say so.
    """
    policy = AULSO_POLICY
    for code in ("merchant_error", "change_of_mind"):  # accepted: building them must not raise
        policy = policy.with_rule(ground(code, AULSO_POLICY.rule(code).when, "m", **terms))
    order, request = case
    d = evaluate(order, request, policy=policy)
    refund = d.refund
    charged = [
        order.item(line.sku).unit_price * line.quantity
        for line in d.lines
        if line.approved and line.resolution is Resolution.REFUND
    ]
    assert refund.items == sum(charged)
    shipping = order.shipping_fee - order.shipping_fee_refunded
    refunds_shipping = bool(charged) and "original_shipping" in terms  # an approved refund line
    assert refund.original_shipping == (shipping if refunds_shipping else 0)
    assert 0 <= refund.restocking_fee <= refund.items
    assert 0 <= refund.total <= refund.items + shipping + refund.return_shipping
    half_a_unit = money_quantum(order.currency) / 2  # each line's fee is rounded to a minor unit
    fee = Decimal(terms["restocking_fee"]) * refund.items
    assert abs(refund.restocking_fee - fee) <= half_a_unit * len(charged)
    if any(line.approved for line in d.lines):
        shop_pays = terms["return_shipping"] == "merchant"
        assert d.return_shipping_paid_by is (Payer.MERCHANT if shop_pays else Payer.CUSTOMER)


@given(cases(), st.data())
def test_offsets_of_the_same_instants_change_nothing(
    c: tuple[Order, ReturnRequest], data: st.DataObject
) -> None:
    order, request = c
    moved_items = tuple(
        Item(
            **{
                **_fields(i),
                "delivered_at": None
                if i.delivered_at is None
                else data.draw(rewritten(i.delivered_at)),
            }
        )
        for i in order.items
    )
    moved = Order(
        **{
            **_fields(order),
            "items": moved_items,
            "placed_at": data.draw(rewritten(order.placed_at)),
        }
    )
    moved_request = ReturnRequest(
        order_id=request.order_id,
        requested_at=data.draw(rewritten(request.requested_at)),
        lines=request.lines,
    )
    assert evaluate(moved, moved_request) == evaluate(order, request)


def _fields(obj: Any) -> dict[str, Any]:
    return attrs.asdict(obj, recurse=False)


WINDOW_CODES = {"return_window_closed", "change_of_mind_window_closed"}


@given(cases(), st.integers(min_value=0, max_value=10**12))
def test_monotonic_in_time(c: tuple[Order, ReturnRequest], later_us: int) -> None:
    order, request = c
    later = ReturnRequest(
        order_id=request.order_id,
        requested_at=request.requested_at + timedelta(microseconds=later_us),
        lines=request.lines,
    )
    assume(later.requested_at.year < 2099)
    now, then = evaluate(order, request), evaluate(order, later)
    for a, b in zip(now.lines, then.lines, strict=True):
        if b.approved:  # approved later implies approved earlier, once delivered
            delivered_at = order.item(a.sku).delivered_at
            assert a.approved or (delivered_at is not None and request.requested_at < delivered_at)
        assert set(a.rejections) & WINDOW_CODES <= set(b.rejections)


@given(cases())
def test_refund_never_exceeds_what_was_paid_minus_earlier_refunds(
    c: tuple[Order, ReturnRequest],
) -> None:
    order, request = c
    d = evaluate(order, request)
    paid = sum((i.unit_price * i.remaining_quantity for i in order.items), Decimal(0))
    assert 0 <= d.refund.total <= paid + order.shipping_fee - order.shipping_fee_refunded
    assert d.refund.items <= paid
    assert all(bool(line.rejections) != line.approved for line in d.lines)
    assert d.deadlines.authorization_due > request.requested_at.astimezone(HKT).date()


@given(cases(), st.integers(min_value=1, max_value=6))
def test_the_callers_decimal_context_changes_nothing(
    c: tuple[Order, ReturnRequest], precision: int
) -> None:
    order, request = c
    expected = evaluate(order, request)
    # A low precision that traps any rounding: money must never be computed in the caller's context.
    strict = decimal.Context(prec=precision, traps=[decimal.Inexact, decimal.InvalidOperation])
    with decimal.localcontext(strict):
        again = evaluate(order, request)
        assert again == expected
        assert again.to_dict() == expected.to_dict()
        assert Order.from_dict(order.to_dict()) == order


# --- the window factories and predicates: defaults are the published policy --------------------


def test_the_window_factories_default_to_the_published_windows() -> None:
    assert return_window_rule() == AULSO_POLICY.rule("return_window_closed")
    assert change_of_mind_window_rule() == AULSO_POLICY.rule("change_of_mind_window_closed")
    rule = return_window_rule(14)
    assert rule.message == (
        "The 14-day return window has passed: the item was delivered on {delivered_on}, so the last "
        "day to ask was {last_day}, and the request came on {requested_on}."
    )
    assert rule.translations == {
        "zh-Hant-HK": "已超過14日的退貨期限。貨品於{delivered_on}送達，最後申請日期為{last_day}，"
        "而閣下於{requested_on}才提出申請。"
    }
    assert rule.clause == "We Do Not Accept Returns/Exchanges If: past the 30-day return window"
    assert rule.when == ReturnWindow(days=14)
    rule = change_of_mind_window_rule(48)
    assert rule.message == (
        "Change-of-mind returns (including ordering the wrong size or colour) are accepted only "
        "within 48 hours of receiving the item: it was delivered on {delivered_at}, so the window "
        "closed on {change_of_mind_until}, and the request came on {requested_at}."
    )
    assert rule.translations == {
        "zh-Hant-HK": "因改變主意而退貨（包括閣下選錯尺寸或顏色）只限收貨後48小時內申請。貨品於"
        "{delivered_at}送達，期限已於{change_of_mind_until}屆滿，而閣下於{requested_at}才提出申請。"
    }
    assert rule.clause == "Change of Mind Returns: Return Window"
    assert rule.when == CUSTOMER_SIDE & ChangeOfMindWindow(hours=48)


@pytest.mark.parametrize("days", [0, 1, 3660])
def test_a_window_of_zero_to_ten_years_is_allowed(days: int) -> None:
    assert ReturnWindow(days=days).days == days
    assert ChangeOfMindWindow(hours=days * 24).hours == days * 24


@pytest.mark.parametrize("bad", [-1, 3661, True, 30.0, "30", None])
def test_a_window_is_a_whole_number_up_to_ten_years(bad: object) -> None:
    with pytest.raises(
        ValueError, match=r"^a window is a whole number of days from 0 to 3660, got"
    ):
        ReturnWindow(days=bad)  # type: ignore[arg-type]
    hours = bad * 24 if type(bad) is int else bad
    with pytest.raises(ValueError, match=r"^a window is a whole number of hours from 0 to 87840"):
        ChangeOfMindWindow(hours=hours)  # type: ignore[arg-type]


@given(cases())
def test_the_context_of_one_line_is_its_context_among_all(
    case: tuple[Order, ReturnRequest],
) -> None:
    order, request = case
    every = LineContext.each(order, request)
    assert [LineContext.of(order, request, line) for line in request.lines] == list(every)
    for context, line in zip(every, request.lines, strict=True):
        assert context.order is order
        assert context.request is request
        assert context.line is line
        assert context.item is order.item(line.sku)
        assert context.condition == line.condition
        assert context.requested_on == request.requested_at.astimezone(HKT).date()


def _context(delivered_at: str | None) -> LineContext:
    case = Case.from_dict({
        "order": {"order_id": "B-1", "placed_at": "2026-10-30T10:00:00+08:00", "payment_method": "visa",
                  "items": [{"sku": "R", "category": "ring", "unit_price": "100", "delivered_at": delivered_at}]},
        "request": {"order_id": "B-1", "requested_at": "2026-11-03T10:00:00+08:00",
                    "lines": [{"sku": "R", "reason": "changed_mind"}]},
    })  # fmt: skip
    return LineContext.of(case.order, case.request, case.request.lines[0])


def test_the_windows_and_delivery_declare_where_they_change() -> None:
    # delivered on 2 November at 23:30 UTC: 3 November 07:30 in Hong Kong
    context = _context("2026-11-02T23:30:00+00:00")
    (day,) = ReturnWindow(days=30).boundaries(context)
    assert (day.last, day.before, day.after) == (
        datetime(2026, 12, 3, 23, 59, 59, 999999, tzinfo=HKT),
        "on or before day 30 after delivery (Hong Kong dates)",
        "after day 30 from delivery",
    )
    (hours,) = ChangeOfMindWindow(hours=72).boundaries(context)
    assert (hours.last, hours.before, hours.after) == (
        datetime(2026, 11, 6, 7, 30, tzinfo=HKT),
        "within 72 h of delivery",
        "more than 72 h after delivery",
    )
    delivered = AULSO_POLICY.predicate("delivered")
    assert delivered is not None
    (arrival,) = delivered.boundaries(context)
    assert (arrival.last, arrival.before, arrival.after) == (
        datetime(2026, 11, 3, 7, 29, 59, 999999, tzinfo=HKT),
        "before delivery",
        "at or after delivery",
    )
    # each boundary is where the predicate's value changes: on it, and a microsecond past it
    for predicate_, boundary in (
        (ReturnWindow(days=30), day),
        (ChangeOfMindWindow(hours=72), hours),
        (delivered, arrival),
    ):
        on, past = (
            attrs.evolve(context, request=attrs.evolve(context.request, requested_at=at), requested_on=at.astimezone(HKT).date(),
                         delivered=context.item.delivered_at <= at)  # type: ignore[operator]
            for at in (boundary.last, boundary.last + MICRO)
        )  # fmt: skip
        assert predicate_(on) != predicate_(past), predicate_
    undelivered = _context(None)
    for predicate_ in (ReturnWindow(days=30), ChangeOfMindWindow(hours=72), delivered):
        assert predicate_.boundaries(undelivered) == ()
    assert CUSTOMER_SIDE.boundaries(context) == ()


def test_policies_and_histories_have_short_reprs() -> None:
    assert repr(AULSO_POLICY) == "<Policy aulso 2026.1: 2 grounds, 8 bars>"
    one = AULSO_POLICY.without("merchant_error").renamed("x", "2")
    assert repr(one) == "<Policy x 2: 1 grounds, 8 bars>"
    from aulso_returns import AULSO_HISTORY  # noqa: PLC0415

    later = AULSO_HISTORY.with_version(datetime(2027, 1, 1, tzinfo=HKT), one)
    assert repr(later) == (
        "<PolicyHistory: aulso 2026.1 from 1990-01-01T00:00:00+08:00, x 2 from 2027-01-01T00:00:00+08:00>"
    )


# 7, the shop's own names: cash on delivery as the policy names it, in every command.
SHOP_COD = AULSO_POLICY.with_predicate(
    PaidCashOnDelivery(methods=(*COD_METHODS, "Pay at pickup", "順豐到付"))
).renamed("aulso", "2026.2")


@pytest.mark.parametrize("method", ["Pay at pickup", "pay-at-PICKUP (cash)", "順豐到付"])
def test_a_policy_decides_the_shops_own_cod_names_as_cod(method: str) -> None:
    c = case({"sku": "R", "reason": "defective"}, payment=method)
    assert codes(decide(c)) == [[]]  # the shop's policy as published does not know the name
    assert codes(decide(c, policy=SHOP_COD)) == [["cash_on_delivery"]]
    returned = ReturnCase(case=c)
    assert settle(returned, policy=SHOP_COD).lines[0].rejections == ("cash_on_delivery",)
    assert settle(returned).lines[0].rejections == ()
    assert codes(
        decide(case({"sku": "R", "reason": "defective"}, payment="COD"), policy=SHOP_COD)
    ) == [["cash_on_delivery"]]


def test_a_policy_lists_its_cod_names_and_a_diff_shows_them() -> None:
    (rule,) = (r for r in SHOP_COD.listing() if r["code"] == "cash_on_delivery")
    assert "Pay at pickup" in rule["description"]
    assert "順豐到付" in rule["description"]
    table = decision_table(SHOP_COD)
    assert [r.when["payment"] for r in table.rows if r.rule == "cash_on_delivery"] == [
        "cash on delivery"
    ]
    diff = diff_policies(AULSO_POLICY, SHOP_COD)
    payments = {r.when["payment"] for r in diff.rows}
    assert payments == {"Pay at pickup, 順豐到付"}, diff.summary()
    assert {r.rule for r in diff.rows} == {"cash_on_delivery"}
    assert not diff_policies(SHOP_COD, SHOP_COD).rows


@pytest.mark.parametrize(
    ("methods", "error"),
    [
        ("COD", "a sequence of names, not one string"),
        ((), "at least one payment method"),
        (("COD", "--"), "needs a letter or digit"),
        (("COD", 3), "a payment method's name is a string"),
    ],
)
def test_cod_names_a_decision_cannot_read_are_refused(methods: Any, error: str) -> None:
    with pytest.raises((TypeError, ValueError), match=error):
        PaidCashOnDelivery(methods=methods)


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({"return_shipping": "shop"}, "the term return_shipping is \"merchant\" or \"customer\", got 'shop'"),
        ({"original_shipping": "kept"}, "the term original_shipping is \"refunded\", got 'kept'"),
        *(({"restocking_fee": fee},
           f'the term restocking_fee is a fraction from 0 to 1 in digits, such as "0.15", got {fee!r}')
          for fee in ("1.01", "1.000001", "2", "-0", "-0.5", "01", ".5", "1.", " 0.15", "0,15", "1e-1",
                      "NaN", "Infinity", "")),
    ],
)  # fmt: skip
def test_a_decision_refuses_a_policy_whose_terms_it_could_not_read(
    terms: dict[str, str], message: str
) -> None:
    """The core keeps a rule's terms as given; the decision, which reads them, checks them.

    Each used to be decided: a fee ``"abc"`` failed every decision, ``"2"`` or
    ``"-0.5"`` made a refund negative or larger than its items, ``"NaN"`` a NaN
    refund; an unknown payer ``"shop"`` made the customer pay.
    """
    rule = AULSO_POLICY.rule("change_of_mind")
    policy = AULSO_POLICY.with_rule(attrs.evolve(rule, terms=terms))
    expected = f"^rule change_of_mind: {re.escape(message)}$"
    with pytest.raises(ValueError, match=expected):
        check_policy(policy)
    case = Case.from_dict(DEMO_CASES["change of mind in time"])
    with pytest.raises(ValueError, match=expected):
        evaluate(case.order, case.request, policy=policy)
    with pytest.raises(ValueError, match=expected):
        check_policy(AULSO_HISTORY.with_version(datetime(2030, 1, 1, tzinfo=HKT), policy))
    assert set(terms) <= set(LINE_TERMS)


def test_the_business_days_are_the_policys_and_a_policy_needs_them() -> None:
    case = Case.from_dict(DEMO_CASES["change of mind in time"])
    shop = evaluate(case.order, case.request).to_dict()["deadlines"]
    assert shop == {"authorization_due": "2026-11-09", "settlement_business_days": 7}
    faster = AULSO_POLICY.with_settings(authorization_business_days=1, settlement_business_days=3)
    decision = evaluate(case.order, case.request, policy=faster)
    assert decision.to_dict()["deadlines"] == {
        "authorization_due": "2026-11-06",
        "settlement_business_days": 3,
    }
    assert "within 3 business days" in decision.explain()
    assert Decision.from_dict(decision.to_dict()).explain() == decision.explain()
    for name in POLICY_SETTINGS:
        settings = {n: v for n, v in AULSO_POLICY.settings.items() if n != name}
        with pytest.raises(ValueError, match=f"has no setting {name} "):
            evaluate(case.order, case.request, policy=attrs.evolve(AULSO_POLICY, settings=settings))


# --- what the shop's predicates read ----------------------------------------------------------

#: Every predicate of the shop's policy, and of its windows under other lengths and codes.
SHOP_PREDICATES = list(
    dict.fromkeys(
        part
        for policy in (
            AULSO_POLICY,
            AULSO_POLICY.with_rule(return_window_rule(7)).with_rule(change_of_mind_window_rule(1)),
        )
        for rule in policy.rules
        for part in rule.when.walk()
    )
)


def test_every_predicate_of_the_shop_says_what_it_reads() -> None:
    # so that options and a refund instead rule again only what a change can alter
    assert all(part.dependencies() is not None for part in SHOP_PREDICATES)
    reads = {rule.code: rule.when.dependencies() for rule in AULSO_POLICY.rules}
    assert reads["return_window_closed"] == {LineAspect.ITEM, LineAspect.TIME}
    assert reads["exchange_not_offered"] == {LineAspect.REASON, LineAspect.RESOLUTION}
    assert reads["cash_on_delivery"] == {LineAspect.ORDER}


@given(st.data(), line_contexts())
def test_a_shop_predicate_is_unmoved_by_what_it_does_not_read(
    data: st.DataObject, context: LineContext
) -> None:
    for aspect in LineAspect:
        other = data.draw(varied(context, aspect))
        for part in SHOP_PREDICATES:
            if aspect not in (part.dependencies() or LineAspect):
                assert part(other) is part(context), (part, aspect)
                assert part.boundaries(other) == part.boundaries(context), (part, aspect)


def _as_refund_at(request: ReturnRequest, n: int, when: datetime) -> ReturnRequest:
    lines = list(request.lines)
    lines[n] = attrs.evolve(lines[n], resolution=Resolution.REFUND)
    return attrs.evolve(request, requested_at=when, lines=tuple(lines))


@settings(max_examples=150)
@given(cases(max_items=2), policies(), st.sampled_from([None, *Reason]))
def test_a_refund_is_offered_instead_exactly_while_the_policy_would_approve_it(
    drawn: tuple[Order, ReturnRequest], policy: Policy[LineContext], exchanged: Reason | None
) -> None:
    order, request = drawn
    if exchanged is not None:  # every line an exchange on one reason, as delivered
        order = attrs.evolve(order, payment_method="visa")
        request = attrs.evolve(request, lines=tuple(
            attrs.evolve(line, reason=exchanged, resolution=Resolution.EXCHANGE, condition=(),
                         quantity=1)
            for line in request.lines
        ))  # fmt: skip
    for n, judged in enumerate(judge_lines(policy, order, request)):
        ids = [note_id for note_id, _, _ in judged.notes.plan]
        offered = "line.refund_instead" in ids or "line.refund_instead_anytime" in ids
        if (
            judged.decision.outcome is not LineOutcome.REJECTED
            or request.lines[n].resolution is not Resolution.EXCHANGE
        ):
            assert not offered
            continue
        refunded = evaluate(order, _as_refund_at(request, n, request.requested_at), policy=policy)
        assert offered is (refunded.lines[n].ground is not None)
        until = judged.notes.facts.refund_until
        assert ("line.refund_instead" in ids) is (until is not None)
        event("refund offered" if offered else "no refund offered")
        if until is not None:  # approved on the same ground up to it, and not one microsecond later
            ground_then = (
                evaluate(order, _as_refund_at(request, n, until), policy=policy).lines[n].ground
            )
            assert ground_then == refunded.lines[n].ground
            later = _as_refund_at(request, n, until + MICRO)
            assert evaluate(order, later, policy=policy).lines[n].ground != ground_then

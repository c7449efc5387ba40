"""Options: what an order's items can still be returned for, and until when, for any policy."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aulso_returns import (
    AULSO_POLICY,
    HKT,
    Case,
    ChangeOfMindWindow,
    Condition,
    LineContext,
    Options,
    Order,
    Policy,
    Reason,
    Resolution,
    ReturnLine,
    ReturnRequest,
    ReturnWindow,
    ValidationError,
    bar,
    evaluate,
    options,
)
from aulso_returns._policy import CUSTOMER_SIDE
from strategies import MICRO, orders, policies, request_instant

DELIVERED = datetime(2026, 11, 2, 14, 30, tzinfo=HKT)
#: The last instant a case may have (its Hong Kong date in the supported years).
LATEST = datetime(2099, 12, 31, 23, 59, tzinfo=HKT)


def order(**item: Any) -> Order:
    return Case.from_dict({
        "order": {"order_id": "A-1", "placed_at": "2026-10-30T10:00:00+08:00", "payment_method": "visa",
                  "shipping_fee": "60", "items": [{"sku": "RING-7", "category": "ring", "unit_price": "1000",
                                                   "delivered_at": DELIVERED.isoformat(), **item}]},
        "request": {"order_id": "A-1", "requested_at": "2026-11-03T10:00:00+08:00",
                    "lines": [{"sku": "RING-7", "reason": "changed_mind"}]},
    }).order  # fmt: skip


def decided_on(
    policy: Policy[LineContext], o: Order, sku: str, line: tuple[Reason, Resolution], when: datetime,
    *, condition: tuple[Condition, ...] = (),
) -> str | None:  # fmt: skip
    """The ground of ``evaluate`` for a request at *when* for the item's remaining units as delivered
    (or in *condition*)."""
    item = o.item(sku)
    reason, resolution = line
    asked = ReturnLine(sku=sku, reason=reason, resolution=resolution, condition=condition,
                      quantity=max(item.quantity - item.returned_quantity, 1))  # fmt: skip
    request = ReturnRequest(order_id=o.order_id, requested_at=when, lines=(asked,))
    return evaluate(o, request, policy=policy).lines[0].ground


@settings(max_examples=60)
@given(st.data(), orders(max_items=2), policies())
def test_an_open_option_is_approved_at_at_and_until_and_not_one_microsecond_later(
    data: st.DataObject, o: Order, policy: Policy[LineContext]
) -> None:
    delivered = next((i.delivered_at for i in o.items if i.delivered_at), None)
    at = data.draw(request_instant(delivered, o.placed_at))
    found = options(o, at, policy=policy)
    for item, io in zip(o.items, found.items, strict=True):
        assert io.returnable_quantity == item.quantity - item.returned_quantity
        opened = {(r, s) for option in io.open for r in option.reasons for s in option.resolutions}
        in_open = {r for r, _ in opened}
        in_closed = [r for c in io.closed for r in c.reasons]
        assert sorted(in_open) + sorted(in_closed) == sorted(in_open) + sorted(
            set(Reason) - in_open
        )
        assert len(in_closed) == len(set(in_closed))
        for option in io.open:
            for reason in option.reasons:
                for resolution in option.resolutions:

                    def ground(
                        when: datetime, asked: tuple[Reason, Resolution] = (reason, resolution),
                        sku: str = item.sku,
                    ) -> str | None:  # fmt: skip
                        return decided_on(policy, o, sku, asked, when)

                    assert ground(at) == option.ground
                    if option.until is None:  # nothing ends it: still open years later
                        assert ground(min(at + timedelta(days=4000), LATEST)) == option.ground
                    else:
                        assert option.until >= at
                        assert ground(option.until) == option.ground
                        assert ground(option.until + MICRO) != option.ground
        for reason in Reason:
            for resolution in Resolution:
                if (reason, resolution) not in opened:
                    assert decided_on(policy, o, item.sku, (reason, resolution), at) is None


@settings(max_examples=60)
@given(st.data(), orders(max_items=2), policies())
def test_an_open_options_conditions_are_those_it_is_still_approved_in_on_its_ground(
    data: st.DataObject, o: Order, policy: Policy[LineContext]
) -> None:
    delivered = next((i.delivered_at for i in o.items if i.delivered_at), None)
    at = data.draw(request_instant(delivered, o.placed_at))
    for item, io in zip(o.items, options(o, at, policy=policy).items, strict=True):
        for ground, accepted, reason, resolution in (
            (opt.ground, opt.conditions_accepted, r, s)
            for opt in io.open for r in opt.reasons for s in opt.resolutions
        ):  # fmt: skip
            for flag in Condition:
                found = decided_on(policy, o, item.sku, (reason, resolution), at, condition=(flag,))
                assert (found == ground) is (flag in accepted)


def test_the_shops_options_for_a_ring_two_days_after_delivery() -> None:
    found = options(order(), DELIVERED + timedelta(days=2))
    (ring,) = found.items
    assert [(o.ground, o.until.isoformat() if o.until else None, [r.value for r in o.resolutions])
            for o in ring.open] == [
        ("merchant_error", "2026-12-02T23:59:59.999999+08:00", ["refund", "exchange"]),
        ("merchant_error", "2026-12-02T23:59:59.999999+08:00", ["refund", "exchange"]),
        ("change_of_mind", "2026-11-05T14:30:00+08:00", ["refund"]),
    ]  # fmt: skip
    assert [c.value for c in ring.open[1].conditions_accepted] == ["damaged"]
    assert ring.closed == ()
    assert str(ring.open[0].refund_per_unit) == "1000.00"
    assert ring.open[0].original_shipping_refunded
    assert not ring.open[2].original_shipping_refunded


@pytest.mark.parametrize(
    ("after", "closed"),
    [
        (timedelta(hours=72), set()),
        (timedelta(hours=72, microseconds=1), {"changed_mind", "ordered_wrong_size", "ordered_wrong_color"}),
        (timedelta(days=31), {r.value for r in Reason}),
    ],
)  # fmt: skip
def test_the_boundaries_are_inclusive(after: timedelta, closed: set[str]) -> None:
    (ring,) = options(order(), DELIVERED + after).items
    assert {r.value for c in ring.closed for r in c.reasons} == closed


def test_closed_options_say_why_and_since_when() -> None:
    (ring,) = options(order(), datetime(2026, 12, 3, tzinfo=HKT)).items
    assert [(c.rejections, c.closed_at.isoformat() if c.closed_at else None) for c in ring.closed] == [
        (("return_window_closed",), "2026-12-02T23:59:59.999999+08:00"),
        (("return_window_closed", "change_of_mind_window_closed", "exchange_not_offered"),
         "2026-11-05T14:30:00+08:00"),
    ]  # fmt: skip
    (gone,) = options(order(quantity=1, returned_quantity=1), DELIVERED).items
    assert gone.returnable_quantity == 0
    assert {c.rejections for c in gone.closed} == {
        ("quantity_exceeds_remaining",),
        ("exchange_not_offered", "quantity_exceeds_remaining"),
    }


def test_an_item_not_delivered_says_so_and_one_delivered_later_says_when_it_opens() -> None:
    (ring,) = options(order(delivered_at=None), DELIVERED).items
    assert ring.open == ()
    assert ring.delivered_at is None
    assert {c.rejections for c in ring.closed} == {
        ("not_delivered",),
        ("exchange_not_offered", "not_delivered"),
    }
    assert (
        "has not been delivered yet" in options(order(delivered_at=None), DELIVERED).explanation[1]
    )
    (later,) = options(order(), DELIVERED - timedelta(hours=1)).items
    assert {c.opens_at for c in later.closed} == {DELIVERED}


def test_a_policy_with_windows_of_its_own_codes_gets_its_deadlines_everywhere() -> None:
    own = AULSO_POLICY.with_rule(bar(
        "return_window_closed", ReturnWindow(days=14, code="past_fourteen_days"),
        "The 14 days have passed: the last day to ask was {last_day}.",
        translations={"zh-Hant-HK": "已超過14日：最後申請日期為{last_day}。"},
    )).with_rule(bar(
        "change_of_mind_window_closed", CUSTOMER_SIDE & ChangeOfMindWindow(hours=48, code="past_two_days"),
        "Too late for a change of mind: the window closed on {change_of_mind_until}.",
        translations={"zh-Hant-HK": "改變主意的期限已於{change_of_mind_until}屆滿。"},
    ))  # fmt: skip
    late = ReturnRequest(order_id="A-1", requested_at=DELIVERED + timedelta(days=20),
                         lines=(ReturnLine(sku="RING-7", reason=Reason.CHANGED_MIND),))  # fmt: skip
    d = evaluate(order(), late, policy=own)
    assert d.lines[0].last_day_to_request.isoformat() == "2026-11-16"
    assert d.lines[0].change_of_mind_until == DELIVERED + timedelta(hours=48)
    assert "not known" not in " ".join(d.explanation)
    (ring,) = options(order(), DELIVERED, policy=own).items
    assert {o.until.isoformat() for o in ring.open if o.until} == {
        "2026-11-16T23:59:59.999999+08:00",
        "2026-11-04T14:30:00+08:00",
    }


def test_options_read_back_from_json_and_explain_in_both_languages() -> None:
    found = options(order(), DELIVERED + timedelta(days=2))
    assert Options.from_dict(json.loads(json.dumps(found.to_dict()))) == found
    assert (
        found.explain().splitlines()[0]
        == "Order A-1, as of Wednesday 4 November 2026, 14:30 Hong Kong time:"
    )
    assert "until Thursday 5 November 2026, 14:30 Hong Kong time" in found.explain()
    assert "until Wednesday 2 December 2026." in found.explain()
    zh = options(order(), DELIVERED + timedelta(days=2), language="zh-Hant-HK")
    assert zh.language == "zh-Hant-HK"
    assert "可於2026年12月2日（星期三）或之前申請退款或換貨" in zh.explain()
    assert attrs.evolve(zh, explanation=found.explanation, language="en") == found


@pytest.mark.parametrize(
    ("at", "error"),
    [
        (datetime(2026, 11, 3), "at: "),  # noqa: DTZ001 - a naive instant, refused
        (datetime(2026, 10, 1, tzinfo=HKT), "at: before the order was placed"),
    ],
)
def test_an_instant_options_cannot_be_for_is_refused(at: datetime, error: str) -> None:
    with pytest.raises(ValidationError, match=error):
        options(order(), at)

"""The floor: a hand-written ``if`` chain over the case dicts, no models, no explanations.

It computes what a decision needs (outcome, per-line approvals, refund total,
authorization deadline) as directly as plain Python allows. The benchmarks
time the library against it; ``tests/test_floor.py`` checks that both agree,
which makes it an independent second implementation of the policy.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from aulso_returns import BusinessCalendar

HKT = timezone(timedelta(hours=8))
MERCHANT = {
    "wrong_item",
    "wrong_size",
    "wrong_color",
    "arrived_damaged",
    "defective",
    "color_discrepancy",
}
CALENDAR = BusinessCalendar.hong_kong()
CENT = Decimal("0.01")


def decide(case: dict[str, Any]) -> tuple[str, list[bool], Decimal, date]:
    """(outcome, approvals per line, refund total, authorization due date) of one case."""
    order, request = case["order"], case["request"]
    requested = datetime.fromisoformat(request["requested_at"])
    requested_day = requested.astimezone(HKT).date()
    cod = order["payment_method"] == "cash_on_delivery"
    items = {item["sku"]: item for item in order["items"]}
    approvals = []
    total = Decimal(0)
    merchant_refund = False
    for line in request["lines"]:
        item = items[line["sku"]]
        reason = line["reason"]
        merchant = reason in MERCHANT
        flags = line["condition"]
        ok = not cod
        if ok and item["delivered_at"] is None:
            ok = False
        if ok:
            delivered = datetime.fromisoformat(item["delivered_at"])
            if (
                requested < delivered
                or requested_day > delivered.astimezone(HKT).date() + timedelta(days=30)
                or (
                    not merchant
                    and (
                        requested - delivered > timedelta(hours=72)
                        or line["resolution"] == "exchange"
                    )
                )
            ):
                ok = False
        if ok and flags:
            if reason in ("arrived_damaged", "defective"):
                ok = all(flag == "damaged" for flag in flags)
            else:
                ok = False
        if ok and line["quantity"] > item["quantity"] - item["returned_quantity"]:
            ok = False
        approvals.append(ok)
        if ok and line["resolution"] == "refund":
            total += Decimal(item["unit_price"]) * line["quantity"]
            merchant_refund = merchant_refund or merchant
    if merchant_refund:
        total += Decimal(order["shipping_fee"]) - Decimal(order.get("shipping_fee_refunded", "0"))
    outcome = (
        "approved" if all(approvals) else "partially_approved" if any(approvals) else "rejected"
    )
    return outcome, approvals, total.quantize(CENT), CALENDAR.add_business_days(requested_day, 2)

"""A seeded generator of valid, boundary-heavy cases in the JSON case format.

Every case has 1 to 5 lines, drawn over every reason, condition flag,
category and payment class, with timestamps written in offsets other than
+08:00 and request times on the windows' edges as often as not. The same seed
gives the same cases, so runs compare.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

REASONS = ["wrong_item", "wrong_size", "wrong_color", "arrived_damaged", "defective", "color_discrepancy",
           "changed_mind", "ordered_wrong_size", "ordered_wrong_color"]  # fmt: skip
FLAGS = ["used", "worn", "washed", "damaged", "missing_packaging", "tags_removed"]
CATEGORIES = ["bracelet", "necklace", "earrings", "ring", "other"]
OFFSETS = [
    timezone(timedelta(hours=h, minutes=m))
    for h, m in [(0, 0), (-5, 0), (1, 0), (5, 30), (9, 0), (-3, -30), (8, 0)]
]
EDGES = [
    timedelta(hours=72),
    timedelta(hours=72, microseconds=1),
    timedelta(days=29, hours=9),
    timedelta(days=31),
]


def _ts(moment: datetime, rng: random.Random) -> str:
    return moment.astimezone(rng.choice(OFFSETS)).isoformat()


def make_case(rng: random.Random, lines: int | None = None) -> dict[str, Any]:
    """One valid case with *lines* lines (1 to 5 at random when None)."""
    n = lines or rng.randint(1, 5)
    placed = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(
        seconds=rng.randrange(300 * 86_400)
    )
    delivered = placed + timedelta(seconds=rng.randrange(1, 10 * 86_400))
    items = []
    request_lines = []
    for i in range(n):
        quantity = rng.randint(1, 3)
        items.append({
            "sku": f"SKU-{i}",
            "category": rng.choice(CATEGORIES),
            "unit_price": f"{rng.randrange(100, 500_000) / 100:.2f}",
            "quantity": quantity,
            "returned_quantity": rng.randint(0, quantity - 1),
            "delivered_at": None if rng.random() < 0.05 else _ts(delivered, rng),
        })  # fmt: skip
        request_lines.append({
            "sku": f"SKU-{i}",
            "reason": rng.choice(REASONS),
            "quantity": 1,
            "resolution": rng.choice(["refund", "refund", "exchange"]),
            "condition": rng.sample(FLAGS, rng.choice([0, 0, 0, 1, 2])),
        })  # fmt: skip
    after = (
        rng.choice(EDGES) if rng.random() < 0.5 else timedelta(seconds=rng.randrange(40 * 86_400))
    )
    return {
        "order": {
            "order_id": f"B-{rng.randrange(10**9)}",
            "placed_at": _ts(placed, rng),
            "payment_method": "cash_on_delivery"
            if rng.random() < 0.1
            else rng.choice(["visa", "mastercard", "alipay"]),
            "currency": "HKD",
            "shipping_fee": rng.choice(["0.00", "40.00", "60.00"]),
            "items": items,
        },
        "request": {
            "order_id": "",
            "requested_at": _ts(delivered + after, rng),
            "lines": request_lines,
        },
    }


def cases(
    seed: int = 2026, count: int | None = None, lines: int | None = None
) -> Iterator[dict[str, Any]]:
    """*count* cases (endless when None), reproducibly from *seed*."""
    rng = random.Random(seed)
    made = 0
    while count is None or made < count:
        case = make_case(rng, lines)
        case["request"]["order_id"] = case["order"]["order_id"]
        yield case
        made += 1

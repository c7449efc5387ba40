"""The example cases that ``aulso-returns demo`` evaluates (also used by the docs)."""

from __future__ import annotations

from typing import Any

_ORDER = {
    "order_id": "A-1001",
    "placed_at": "2026-10-28T09:15:00+08:00",
    "payment_method": "visa",
    "currency": "HKD",
    "shipping_fee": "60.00",
}

DEMO_CASES: dict[str, dict[str, Any]] = {
    "change of mind in time": {
        "order": {**_ORDER, "items": [
            {"sku": "RING-ROSE-7", "category": "ring", "unit_price": "1280.00",
             "delivered_at": "2026-11-02T14:30:00+08:00"},
        ]},
        "request": {"order_id": "A-1001", "requested_at": "2026-11-05T14:30:00+08:00", "lines": [
            {"sku": "RING-ROSE-7", "reason": "changed_mind"},
        ]},
    },
    "change of mind too late": {
        "order": {**_ORDER, "items": [
            {"sku": "RING-ROSE-7", "category": "ring", "unit_price": "1280.00",
             "delivered_at": "2026-11-02T14:30:00+08:00"},
        ]},
        "request": {"order_id": "A-1001", "requested_at": "2026-11-05T14:30:00.000001+08:00", "lines": [
            {"sku": "RING-ROSE-7", "reason": "changed_mind"},
        ]},
    },
    "damaged on arrival": {
        "order": {**_ORDER, "items": [
            {"sku": "NECK-PEARL", "category": "necklace", "unit_price": "2450.00",
             "delivered_at": "2026-11-02T06:30:00Z"},
        ]},
        "request": {"order_id": "A-1001", "requested_at": "2026-11-20T10:00:00+08:00", "lines": [
            {"sku": "NECK-PEARL", "reason": "arrived_damaged", "resolution": "exchange",
             "condition": ["damaged"]},
        ]},
    },
    "worn earrings": {
        "order": {**_ORDER, "items": [
            {"sku": "EAR-HOOP-S", "category": "earrings", "unit_price": "690.00",
             "delivered_at": "2026-11-02T14:30:00+08:00"},
        ]},
        "request": {"order_id": "A-1001", "requested_at": "2026-11-03T20:00:00+08:00", "lines": [
            {"sku": "EAR-HOOP-S", "reason": "changed_mind", "condition": ["worn"]},
        ]},
    },
    "cash on delivery": {
        "order": {**_ORDER, "payment_method": "cash_on_delivery", "items": [
            {"sku": "BRAC-CHAIN", "category": "bracelet", "unit_price": "890.00",
             "delivered_at": "2026-11-02T14:30:00+08:00"},
        ]},
        "request": {"order_id": "A-1001", "requested_at": "2026-11-04T09:00:00+08:00", "lines": [
            {"sku": "BRAC-CHAIN", "reason": "defective"},
        ]},
    },
    "partial approval": {
        "order": {**_ORDER, "items": [
            {"sku": "RING-ROSE-7", "category": "ring", "unit_price": "1280.00", "quantity": 2,
             "delivered_at": "2026-11-02T14:30:00+08:00"},
            {"sku": "EAR-STUD-G", "category": "earrings", "unit_price": "540.00",
             "delivered_at": "2026-11-02T14:30:00+08:00"},
            {"sku": "BRAC-CHAIN", "category": "bracelet", "unit_price": "890.00",
             "delivered_at": "2026-11-02T14:30:00+08:00"},
        ]},
        "request": {"order_id": "A-1001", "requested_at": "2026-11-04T11:00:00+08:00", "lines": [
            {"sku": "RING-ROSE-7", "reason": "wrong_size", "quantity": 2},
            {"sku": "EAR-STUD-G", "reason": "changed_mind", "condition": ["worn", "missing_packaging"]},
            {"sku": "BRAC-CHAIN", "reason": "ordered_wrong_color", "resolution": "exchange"},
        ]},
    },
}  # fmt: skip
"""Named example cases in the JSON case format."""

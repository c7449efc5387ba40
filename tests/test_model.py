"""The domain model, the JSON case format and its validation."""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aulso_returns import Case, Item, Order, Reason, ReturnLine, ReturnRequest, ValidationError
from aulso_returns._parse import MONEY, format_money, json_value, money_quantum
from strategies import case_dicts, cases, changed, json_values


def base_case() -> dict[str, Any]:
    return {
        "order": {
            "order_id": "A-1",
            "placed_at": "2026-11-01T10:00:00+08:00",
            "payment_method": "visa",
            "shipping_fee": "60",
            "items": [
                {
                    "sku": "R-1",
                    "category": "ring",
                    "unit_price": "1200",
                    "delivered_at": "2026-11-02T10:00:00Z",
                },
                {"sku": "E-1", "category": "earrings", "unit_price": 300.5, "quantity": 2},
            ],
        },
        "request": {
            "order_id": "A-1",
            "requested_at": "2026-11-03T10:00:00+08:00",
            "lines": [{"sku": "R-1", "reason": "changed_mind"}],
        },
    }


def load(data: object) -> Case:
    """Load a case the way the command line does: through JSON text with exact decimals."""
    return Case.from_dict(json_value(json.dumps(data)))


def test_defaults_and_exact_money() -> None:
    case = load(base_case())
    assert case.order.currency == "HKD"
    assert case.order.shipping_fee == Decimal(60)
    assert case.order.items[1].unit_price == Decimal("300.5")
    assert case.order.items[1].delivered_at is None
    assert case.request.lines[0].quantity == 1
    out = case.to_dict()
    assert out["order"]["items"][1]["unit_price"] == "300.50"
    assert out["order"]["shipping_fee"] == "60.00"
    assert out["order"]["items"][0]["delivered_at"] == "2026-11-02T10:00:00+00:00"


def test_json_numbers_are_parsed_exactly() -> None:
    text = '{"a": 0.1, "b": 1e-2, "c": 12}'
    assert json_value(text) == {"a": Decimal("0.1"), "b": Decimal("0.01"), "c": 12}


def mutate(path: tuple[Any, ...], value: object) -> dict[str, Any]:
    return changed(base_case(), path, value)


BAD = [
    (("order", "placed_at"), "2026-11-01T10:00:00", "order.placed_at: timestamp must include a UTC offset"),
    (("order", "items", 0, "delivered_at"), "2026-11-02 10:00", "order.items[0].delivered_at: timestamp must include a UTC offset"),
    (("order", "items", 1, "delivered_at"), "yesterday", "order.items[1].delivered_at: not an ISO 8601 timestamp"),
    (("order", "shipping_fee"), "sixty", "order.shipping_fee: not a decimal number"),
    (("order", "shipping_fee"), "-1", "order.shipping_fee: must not be negative"),
    (("order", "shipping_fee"), "NaN", "order.shipping_fee: must be a finite number"),
    (("order", "shipping_fee"), "Infinity", "order.shipping_fee: must be a finite number"),
    (("order", "shipping_fee"), "0.001", "order.shipping_fee: HKD has 2 decimal places"),
    (("order", "shipping_fee"), True, "order.shipping_fee: expected a decimal, got a boolean"),
    (("order", "items", 0, "unit_price"), "-5", "order.items[0].unit_price: must not be negative"),
    (("order", "items", 0, "unit_price"), "1e20", "order.items[0].unit_price: must be below"),
    (("order", "items", 0, "category"), "watch", "order.items[0].category: unknown value 'watch'"),
    (("order", "items", 0, "quantity"), 0, "order.items[0].quantity: must be >= 1"),
    (("order", "items", 0, "quantity"), -2, "order.items[0].quantity: must be >= 1"),
    (("order", "items", 0, "quantity"), True, "order.items[0].quantity: expected a whole number, got a boolean"),
    (("order", "items", 0, "quantity"), 1.0, "order.items[0].quantity: expected a whole number, got the number 1.0"),
    (("order", "items", 0, "returned_quantity"), 2, "order.items[0].returned_quantity: 2 units returned but only 1 bought"),
    (("order", "items", 1, "sku"), "R-1", "order.items[1].sku: duplicate sku 'R-1'"),
    (("order", "items"), [], "order.items: an order needs at least one item"),
    (("order", "items", 0, "delivered_at"), "2026-10-01T00:00:00+08:00", "order.items[0].delivered_at: delivered before the order was placed"),
    (("order", "shipping_fee_refunded"), "70", "order.shipping_fee_refunded: 70 exceeds the shipping fee 60"),
    (("order", "currency"), "hkd", "order.currency: expected a three-letter ISO 4217 code"),
    (("order", "order_id"), "", "order.order_id: must be a non-empty string"),
    (("order", "order_id"), 7, "order.order_id: expected a string, got the number 7"),
    (("order", "itemz"), [], "order.itemz: unknown field"),
    (("order", "payment_method"), KeyError, "order.payment_method: required field is missing"),
    (("order", "items", 0, "colour"), "red", "order.items[0].colour: unknown field"),
    (("request", "order_id"), "A-2", "request.order_id: 'A-2' is not the order's id 'A-1'"),
    (("request", "requested_at"), "2026-10-01T00:00:00+08:00", "request.requested_at: requested before the order was placed"),
    (("request", "lines", 0, "sku"), "X-9", "request.lines[0].sku: no item 'X-9' in order 'A-1'"),
    (("request", "lines", 0, "reason"), "bored", "request.lines[0].reason: unknown value 'bored'"),
    (("request", "lines", 0, "resolution"), "credit", "request.lines[0].resolution: unknown value 'credit'"),
    (("request", "lines", 0, "quantity"), 0, "request.lines[0].quantity: must be >= 1"),
    (("request", "lines", 0, "condition"), ["worn", "worn"], "request.lines[0].condition[1]: 'worn' is listed twice"),
    (("request", "lines", 0, "condition"), ["chipped"], "request.lines[0].condition[0]: unknown value 'chipped'"),
    (("request", "lines", 0, "condition"), "worn", "request.lines[0].condition: expected an array, got a string"),
    (("request", "lines"), [{"sku": "R-1", "reason": "defective"}, {"sku": "R-1", "reason": "defective"}], "request.lines[1].sku: sku 'R-1' is requested twice"),
    (("request", "lines"), [], "request.lines: a request needs at least one line"),
    (("request", "lines", 0), "R-1", "request.lines[0]: expected an object, got a string"),
    (("request", "extra"), 1, "request.extra: unknown field"),
    (("order",), None, "order: expected an object, got null"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "value", "message"),
    BAD,
    ids=[m.split(":")[0] + "-" + str(i) for i, (_, _, m) in enumerate(BAD)],
)
def test_bad_input_names_the_field(path: tuple[Any, ...], value: object, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        load(mutate(path, value))
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("text", ["[]", "3", '"case"', "null", "{", ""])
def test_non_object_json_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match=r"^case: "):
        Case.from_dict(json_value(text))


def test_python_floats_are_refused_for_money() -> None:
    with pytest.raises(ValidationError, match=r"item.unit_price: a float is not exact"):
        Item.from_dict({"sku": "X", "category": "ring", "unit_price": 12.5})


def test_constructors_validate_too() -> None:
    good = load(base_case()).order
    with pytest.raises(
        ValidationError, match=r"^order.items\[0\].unit_price: HKD has 2 decimal places"
    ):
        Order(
            order_id="A", placed_at=good.placed_at, payment_method="visa",
            items=(Item(sku="X", category=good.items[0].category, unit_price=Decimal("1.001")),),
        )  # fmt: skip
    with pytest.raises(
        ValidationError, match=r"^item.delivered_at: timestamp must include a UTC offset"
    ):
        Item(
            sku="X",
            category=good.items[0].category,
            unit_price=Decimal(1),
            delivered_at=datetime(2026, 1, 1),  # noqa: DTZ001 - naive on purpose
        )
    with pytest.raises(ValidationError, match=r"^order.shipping_fee: a float is not exact"):
        Order(
            order_id="A",
            placed_at=good.placed_at,
            payment_method="visa",
            items=good.items,
            shipping_fee=1.5,
        )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Item(sku="X", category="ring", unit_price=Decimal(1)), "item.category: expected a Category"),
        (lambda: ReturnLine(sku="X", reason="defective"), "line.reason: expected a Reason"),
        (lambda: ReturnLine(sku="X", reason=Reason.DEFECTIVE, resolution="refund"), "line.resolution: expected a Resolution"),
    ],
)  # fmt: skip
def test_constructors_take_enum_members_not_their_values(
    build: Callable[[], object], message: str
) -> None:
    # from_dict reads the values; a constructor is given members, and names the field it is not
    with pytest.raises(ValidationError) as caught:
        build()
    assert str(caught.value) == message


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=-5, max_value=3),
    st.sampled_from(["HKD", "JPY", "KWD"]),
)
def test_money_is_written_with_the_currencys_minor_units(
    coefficient: int, exponent: int, currency: str
) -> None:
    amount = Decimal(coefficient).scaleb(exponent)
    written = format_money(amount, currency)
    quantum = money_quantum(currency)
    assert "E" not in written
    assert Decimal(written).as_tuple().exponent == quantum.as_tuple().exponent
    assert Decimal(written) == amount.quantize(quantum, context=MONEY)


def test_zero_decimal_currency() -> None:
    data = mutate(("order", "currency"), "JPY")
    data["order"]["shipping_fee"] = "600"
    data["order"]["items"][1]["unit_price"] = "3000"
    assert load(data).to_dict()["order"]["items"][0]["unit_price"] == "1200"
    data["order"]["shipping_fee"] = "600.5"
    with pytest.raises(ValidationError, match=r"order.shipping_fee: JPY has 0 decimal places"):
        load(data)


def test_z_and_offsets_are_normalised_to_fixed_offsets() -> None:
    case = load(base_case())
    delivered = case.order.items[0].delivered_at
    assert delivered is not None
    assert delivered.tzinfo is not None
    assert delivered.utcoffset() == timedelta(0)
    assert type(delivered.tzinfo) is timezone


@given(cases())
def test_round_trip(case: tuple[Order, ReturnRequest]) -> None:
    order, request = case
    data = json.loads(json.dumps(Case(order=order, request=request).to_dict()))
    again = Case.from_dict(json_value(json.dumps(data)))
    assert again.order == order
    assert again.request == request
    for a, b in zip(again.order.items, order.items, strict=True):
        assert (a.delivered_at is None) == (b.delivered_at is None)
        if a.delivered_at and b.delivered_at:
            assert a.delivered_at.utcoffset() == b.delivered_at.utcoffset()
    assert again.to_dict() == data


@given(json_values())
def test_arbitrary_json_loads_or_raises_validation_error(value: object) -> None:
    for candidate in (value, {"order": value, "request": value}):
        with contextlib.suppress(ValidationError):
            Case.from_dict(candidate)


def _paths(data: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _paths(v, (*prefix, i))
    return found


@given(case_dicts(), st.data())
def test_mutated_valid_cases_load_or_raise_validation_error(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    mutated = copy.deepcopy(data)
    path = draw.draw(st.sampled_from(_paths(mutated)))
    target: Any = mutated
    for key in path[:-1]:
        target = target[key]
    action = draw.draw(st.sampled_from(["replace", "delete", "rename"]))
    if action == "replace":
        target[path[-1]] = draw.draw(json_values())
    elif isinstance(target, dict):
        value = target.pop(path[-1])
        if action == "rename":
            target[str(path[-1]) + "_"] = value
    try:
        Case.from_dict(json_value(json.dumps(mutated, default=str)))
    except ValidationError as err:
        # loading is fine too; only the error's path is checked
        assert err.path.split(".")[0].split("[")[0] in {"case", "order", "request"}  # noqa: PT017


def test_line_defaults() -> None:
    line = ReturnLine.from_dict({"sku": "X", "reason": "defective"})
    assert line.to_dict() == {
        "sku": "X",
        "quantity": 1,
        "reason": "defective",
        "resolution": "refund",
        "condition": [],
    }

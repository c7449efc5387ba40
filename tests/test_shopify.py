"""Orders from Shopify: Shopify's own fixtures and payloads in its documented shape, imported and decided."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aulso_returns import (
    HKT,
    Category,
    ReturnLine,
    ReturnRequest,
    ValidationError,
    evaluate,
    options,
)
from aulso_returns.shopify import (
    GRAPHQL_QUERY,
    Categories,
    order_from_graphql,
    order_from_shopify,
    orders_in,
    title_category,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shopify"
EXAMPLES = ROOT / "src" / "aulso_returns" / "examples"
SCRIPT = Path(sys.executable).with_name("aulso-returns")
IPODS = Categories(sku_prefixes={"IPOD": Category.OTHER})


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def webhook(**changes: Any) -> dict[str, Any]:
    """The example's order webhook body, with *changes*."""
    return {**copy.deepcopy(example("shopify-order.json")), **changes}


DELIVERED = example("shopify-events.json")["fulfillment_events"]


def ask(order: Any, sku: str, reason: str, at: datetime, quantity: int = 1) -> str | None:
    line = ReturnLine.from_dict({"sku": sku, "reason": reason, "quantity": quantity})
    request = ReturnRequest(order_id=order.order_id, requested_at=at, lines=(line,))
    decided = evaluate(order, request).lines[0]
    return decided.ground if decided.approved else ",".join(decided.rejections)


# --- Shopify's own fixtures ------------------------------------------------------------------------


def test_shopifys_published_order_imports_with_its_older_gateway_and_failed_fulfilment() -> None:
    order = order_from_shopify(fixture("order.json")["order"], categories=IPODS)
    assert order.order_id == "#1001"  # its name: what the customer quotes
    assert order.placed_at.isoformat() == "2008-01-10T11:00:00-05:00"  # instant and offset kept
    assert (order.currency, order.payment_method) == ("USD", "authorize_net")  # `gateway`
    assert [(i.sku, i.unit_price, i.quantity) for i in order.items] == [
        ("IPOD2008GREEN", Decimal("199.00"), 1),
        ("IPOD2008RED", Decimal("199.00"), 1),
        ("IPOD2008BLACK", Decimal("199.00"), 1),
    ]
    # its only fulfilment failed: nothing was delivered, so nothing can be returned yet
    assert all(i.delivered_at is None for i in order.items)
    found = options(order, datetime(2008, 2, 1, tzinfo=HKT))
    assert all(not item.open for item in found.items)


def test_shopifys_published_refund_counts_the_units_already_returned() -> None:
    order = fixture("order.json")["order"]
    order["refunds"] = [fixture("refund.json")["refund"]]
    imported = order_from_shopify(order, categories=IPODS)
    assert {i.sku: i.returned_quantity for i in imported.items} == {
        "IPOD2008GREEN": 1, "IPOD2008RED": 0, "IPOD2008BLACK": 1,
    }  # fmt: skip


def test_shopifys_published_event_is_refused_for_a_fulfilment_the_order_does_not_have() -> None:
    event = fixture("fulfillment_event.json")["fulfillment_event"]
    with pytest.raises(
        ValidationError,
        match=r"events\[0\]\.fulfillment_id: 2608403447971 is not a fulfillment of the order #1001",
    ):
        order_from_shopify(fixture("order.json")["order"], events=[event], categories=IPODS)


def test_a_line_nothing_places_is_refused_naming_its_id_sku_and_title() -> None:
    with pytest.raises(ValidationError) as err:
        order_from_shopify(fixture("order.json")["order"])
    assert str(err.value) == (
        "order.line_items[0]: nothing places the line 466157049 (sku 'IPOD2008GREEN', title "
        "'IPod Nano - 8gb') in a category: give --category PREFIX=CATEGORY (or categories= in Python)"
    )


# --- the mapping, rule by rule, in Shopify's documented shape --------------------------------------


def test_the_example_webhook_imports_and_is_decided_end_to_end() -> None:
    order = order_from_shopify(webhook(), events=DELIVERED)
    ring, earrings = order.items
    assert (ring.sku, ring.category, ring.unit_price) == (
        "RG-ROSE-7",
        Category.RING,
        Decimal("1180.00"),
    )
    assert ring.delivered_at is not None
    assert ring.delivered_at.isoformat() == "2026-11-02T14:30:42+08:00"  # the delivered event
    assert (earrings.returned_quantity, earrings.delivered_at) == (1, None)  # refunded; in transit
    assert order.shipping_fee == Decimal("60.00")
    within = datetime(2026, 11, 5, 14, 30, 42, tzinfo=HKT)
    assert ask(order, "RG-ROSE-7", "changed_mind", within) == "change_of_mind"
    assert ask(order, "RG-ROSE-7", "changed_mind", within + timedelta(microseconds=1)) == (
        "change_of_mind_window_closed"
    )
    assert ask(order, "EAR-PEARL", "defective", within) == "not_delivered"
    assert (
        ask(order, "EAR-PEARL", "defective", within, quantity=2)
        == "not_delivered,quantity_exceeds_remaining"
    )


def test_the_graphql_response_gives_the_same_order() -> None:
    rest = order_from_shopify(webhook(), events=DELIVERED)
    assert order_from_graphql(example("shopify-graphql.json")) == rest
    for field in (
        "deliveredAt",
        "fulfillmentLineItems",
        "paymentGatewayNames",
        "refunds",
        "discountAllocations",
    ):
        assert field in GRAPHQL_QUERY


def test_a_graphql_product_type_or_tag_places_a_line() -> None:
    response = example("shopify-graphql.json")
    response["data"]["order"]["lineItems"]["nodes"][0]["title"] = "Rose Gold"
    with pytest.raises(
        ValidationError, match=r"data\.order\.lineItems\.nodes\[0\]: nothing places"
    ):
        order_from_graphql(response)
    typed = order_from_graphql(response, categories=Categories(product_types={"Rings": "ring"}))
    tagged = order_from_graphql(response, categories=Categories(tags={"gold": "ring"}))
    assert typed.items[0].category is tagged.items[0].category is Category.RING


@pytest.mark.parametrize(
    ("gateways", "cod_methods", "method"),
    [
        (["Cash on Delivery (COD)"], (), "Cash on Delivery (COD)"),
        (["gift_card", "Cash on Delivery (COD)"], (), "Cash on Delivery (COD)"),
        (["Pay at pickup"], ("Pay at pickup",), "Cash on Delivery (Pay at pickup)"),
    ],
)
def test_any_cod_gateway_makes_the_order_cod_and_its_return_is_refused(
    gateways: list[str], cod_methods: tuple[str, ...], method: str
) -> None:
    order = order_from_shopify(
        webhook(payment_gateway_names=gateways), events=DELIVERED, cod_methods=cod_methods
    )
    assert order.payment_method == method
    assert (
        ask(order, "RG-ROSE-7", "defective", datetime(2026, 11, 4, tzinfo=HKT))
        == "cash_on_delivery"
    )
    assert not options(order, datetime(2026, 11, 4, tzinfo=HKT)).items[0].open


def test_gateways_without_cod_are_the_refunds_method_and_none_is_refused() -> None:
    order = order_from_shopify(webhook(payment_gateway_names=["gift_card", "shopify_payments"]))
    assert order.payment_method == "gift_card, shopify_payments"
    with pytest.raises(
        ValidationError, match=r"order\.payment_gateway_names: names no payment gateway"
    ):
        order_from_shopify(webhook(payment_gateway_names=[]))


def test_a_discount_that_does_not_divide_evenly_splits_the_line_so_every_refund_is_exact() -> None:
    body = webhook()
    body["line_items"][1]["discount_allocations"] = [{"amount": "100.01"}]  # 900.00 - 100.01 over 2
    body["refunds"] = []
    earrings = order_from_shopify(body).items[1:]
    assert [(i.sku, i.quantity, i.unit_price) for i in earrings] == [
        ("EAR-PEARL", 1, Decimal("399.99")), ("EAR-PEARL#2", 1, Decimal("400.00")),
    ]  # fmt: skip
    assert sum(i.unit_price * i.quantity for i in earrings) == Decimal("799.99")
    body["refunds"] = webhook()["refunds"]  # one unit refunded: the dearer one
    assert [i.returned_quantity for i in order_from_shopify(body).items[1:]] == [0, 1]


def test_shipping_after_its_discounts_and_the_shipping_already_refunded() -> None:
    body = webhook()
    body["shipping_lines"] = [{"price": "80.00", "discount_allocations": [{"amount": "20.00"}]}]
    body["refunds"][0]["order_adjustments"] = [{"kind": "shipping_refund", "amount": "-15.00"}]
    body["refunds"][0]["refund_shipping_lines"] = [
        {"subtotal_amount_set": {"shop_money": {"amount": "5.00"}}}
    ]
    order = order_from_shopify(body)
    assert (order.shipping_fee, order.shipping_fee_refunded) == (Decimal("60.00"), Decimal("20.00"))


def test_a_line_without_a_sku_or_with_another_lines_sku_gets_one_from_its_id() -> None:
    body = webhook()
    body["line_items"][0]["sku"] = None
    assert order_from_shopify(body).items[0].sku == "line-13001"
    body["line_items"][0]["sku"] = "EAR-PEARL"
    assert [i.sku for i in order_from_shopify(body).items] == ["EAR-PEARL-13001", "EAR-PEARL-13002"]


def test_a_line_delivered_in_parts_is_delivered_when_its_last_part_is() -> None:
    body = webhook()
    body["fulfillments"][1]["line_items"][0]["quantity"] = 1
    body["fulfillments"].append(
        {"id": 15003, "status": "success", "line_items": [{"id": 13002, "quantity": 1}]}
    )
    first = {
        "fulfillment_id": 15002,
        "status": "delivered",
        "happened_at": "2026-11-03T10:00:00+08:00",
    }
    second = {
        "fulfillment_id": 15003,
        "status": "delivered",
        "happened_at": "2026-11-06T16:00:00+08:00",
    }
    assert (
        order_from_shopify(body, events=[first]).items[1].delivered_at is None
    )  # one unit still to come
    delivered = order_from_shopify(body, events=[first, second]).items[1].delivered_at
    assert delivered == datetime(2026, 11, 6, 16, tzinfo=HKT)


@pytest.mark.parametrize(
    ("title", "category"),
    [("Pearl Drop Earrings", Category.EARRINGS), ("Diamond Stud", Category.EARRINGS),
     ("Rose Gold Ring", Category.RING), ("Gold Chain Necklace", Category.NECKLACE),
     ("Jade Bangle", Category.BRACELET), ("珍珠耳環", Category.EARRINGS), ("玫瑰金戒指", Category.RING),
     ("Necklace and Earrings Set", None), ("Gift Card", None), ("Earring Ring Holder", None)],
)  # fmt: skip
def test_a_title_places_a_line_when_it_names_exactly_one_category(
    title: str, category: Category | None
) -> None:
    assert title_category(title) is category


def test_the_longest_sku_prefix_wins() -> None:
    categories = Categories(sku_prefixes={"R": "ring", "RG-E": "earrings"})
    assert categories.of("RG-EAR-1", "Rose Gold", None, ()) is Category.EARRINGS
    assert categories.of("RG-7", "Rose Gold", None, ()) is Category.RING


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"cancelled_at": "2026-10-31T10:00:00+08:00", "cancel_reason": "customer"},
         ("order.cancelled_at: the order was cancelled (customer): a cancelled order is refunded by its "
          "cancellation, not returned")),
        ({"line_items": [{**webhook()["line_items"][0], "price_set": {"shop_money": {"currency_code": "USD"}}}]},
         "order.line_items[0].price_set.shop_money.currency_code: is 'USD', but the order's currency is HKD"),
        ({"line_items": [{**webhook()["line_items"][0], "price": "12.345"}]},
         "order.line_items[0].price: HKD has 2 decimal places"),
        ({"line_items": [{**webhook()["line_items"][0], "quantity": 0}]}, "order.line_items[0].quantity"),
        ({"created_at": "yesterday"}, "order.created_at"),
    ],
)  # fmt: skip
def test_bad_input_names_the_shopify_field(change: dict[str, Any], error: str) -> None:
    body = webhook(**change)
    body["refunds"] = [] if "line_items" in change else body["refunds"]
    with pytest.raises(ValidationError) as err:
        order_from_shopify(body)
    assert str(err.value).startswith(error)


def test_a_payload_that_is_not_an_order_is_refused() -> None:
    with pytest.raises(
        ValidationError, match=r"order\.name: is missing: this is not a Shopify order"
    ):
        order_from_shopify({"product": {"id": 1}})
    with pytest.raises(ValidationError, match="document: is not a Shopify order"):
        orders_in({"product": {}})
    with pytest.raises(ValidationError, match=r"data\.order: expected an object"):
        order_from_graphql({"data": {"order": None}})


# --- a law over generated orders --------------------------------------------------------------------


@st.composite
def shopify_orders(draw: st.DrawFn) -> dict[str, Any]:
    lines, refunds = [], []
    for n in range(draw(st.integers(1, 4))):
        quantity = draw(st.integers(1, 7))
        cents = draw(st.integers(1, 500_000))
        discount = draw(st.integers(0, cents * quantity))
        lines.append({"id": 100 + n, "title": "Gold Ring", "sku": f"R-{n}", "quantity": quantity,
                      "price": f"{Decimal(cents) / 100:.2f}",
                      "discount_allocations": [{"amount": f"{Decimal(discount) / 100:.2f}"}]})  # fmt: skip
        if draw(st.booleans()):
            refunds.append({"line_item_id": 100 + n, "quantity": draw(st.integers(0, quantity))})
    return webhook(line_items=lines, fulfillments=[], refunds=[{"refund_line_items": refunds}])


@given(shopify_orders())
def test_what_an_imported_order_can_still_refund_never_exceeds_what_the_customer_paid(
    body: dict[str, Any],
) -> None:
    order = order_from_shopify(body)
    for line in body["line_items"]:
        parts = [i for i in order.items if i.sku in (line["sku"], line["sku"] + "#2")]
        paid = Decimal(line["price"]) * line["quantity"] - Decimal(
            line["discount_allocations"][0]["amount"]
        )
        assert sum(i.unit_price * i.quantity for i in parts) == paid  # every unit's price, exact
        refunded = sum(
            r["quantity"]
            for r in body["refunds"][0]["refund_line_items"]
            if r["line_item_id"] == line["id"]
        )
        assert sum(i.returned_quantity for i in parts) == refunded
        remaining = sum(i.unit_price * (i.quantity - i.returned_quantity) for i in parts)
        assert remaining * line["quantity"] <= paid * (
            line["quantity"] - refunded
        )  # at most its share
        assert max(i.unit_price for i in parts) - min(i.unit_price for i in parts) <= Decimal(
            "0.01"
        )


# --- the command line ---------------------------------------------------------------------------------


def command(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], input=stdin, cwd=EXAMPLES, capture_output=True, text=True, check=False
    )


@pytest.mark.not_for_mutants
def test_the_command_imports_from_a_file_or_stdin_with_categories_and_cod_names() -> None:
    imported = command("import", "shopify", "shopify-order.json", "--events", "shopify-events.json")
    assert imported.returncode == 0
    assert (
        json.loads(imported.stdout)["order"]
        == order_from_shopify(webhook(), events=DELIVERED).to_dict()
    )
    piped = command(
        "options", "-", "--at", "2026-11-04T09:00:00+08:00", "--explain", stdin=imported.stdout
    )
    assert "RG-ROSE-7 for a refund if you changed your mind" in piped.stdout
    ipods = command("import", "shopify", "-", "--category", "IPOD=other", "--cod-method", "authorize_net",
                    stdin=(FIXTURES / "order.json").read_text())  # fmt: skip
    assert json.loads(ipods.stdout)["order"]["payment_method"] == "Cash on Delivery (authorize_net)"
    many = command(
        "import", "shopify", "-", stdin=json.dumps({"orders": [webhook(), webhook(name="#1043")]})
    )
    assert [json.loads(line)["order"]["order_id"] for line in many.stdout.splitlines()] == [
        "#1042",
        "#1043",
    ]


@pytest.mark.not_for_mutants
def test_the_command_refuses_bad_input_with_exit_2_and_the_field() -> None:
    refused = command("import", "shopify", "-", stdin=(FIXTURES / "order.json").read_text())
    assert (refused.returncode, refused.stdout) == (2, "")
    assert "invalid input: order.line_items[0]: nothing places the line 466157049" in refused.stderr
    bad = command("import", "shopify", "shopify-order.json", "--category", "RG-=tiara")
    assert bad.returncode == 2
    assert "expected PREFIX=CATEGORY" in bad.stderr
    assert "Traceback" not in refused.stderr + bad.stderr
    second = command(
        "import", "shopify", "-", stdin=json.dumps({"orders": [webhook(), webhook(currency="HK")]})
    )
    assert second.returncode == 2
    assert "invalid input: orders[1].currency:" in second.stderr  # the order named where it is

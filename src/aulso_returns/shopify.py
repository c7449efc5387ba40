"""Orders from Shopify: the shop's own order data, mapped to the library's :class:`~aulso_returns.Order`.

:func:`order_from_shopify` reads an order of the REST Admin API (or an
``orders/create`` / ``orders/updated`` webhook body, the same shape) with the
fulfilment events Shopify returns for its fulfilments; :func:`order_from_graphql`
reads the response to :data:`GRAPHQL_QUERY`. Both give the same ``Order``, so
that an imported order goes straight into :func:`~aulso_returns.options`, or
into :func:`~aulso_returns.evaluate` once a request is added. Every rule of the
mapping, and the Shopify field it reads, is in docs/shopify.md.

Bad input is refused with a :class:`~aulso_returns.ValidationError` naming the
Shopify field (``order.line_items[2].price``). The mapping reads no clock and
no network: what Shopify sent is all it knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs

from . import _parse as p
from ._errors import ValidationError
from ._model import Category, Order, is_cash_on_delivery, name_key, names_one_of

__all__ = [
    "CATEGORY_WORDS",
    "GRAPHQL_QUERY",
    "Categories",
    "order_from_graphql",
    "order_from_shopify",
    "orders_in",
    "title_category",
]

GRAPHQL_QUERY: str = (resources.files(__package__) / "shopify-order.graphql").read_text("utf-8")
"""The GraphQL Admin API query whose response :func:`order_from_graphql` reads (``$id``: the order's GID)."""

#: The words of a line's title that place it in a category, in English and Chinese. A title
#: names a category as a payment method names cash on delivery: as whole words (Chinese: anywhere
#: in Chinese text).
CATEGORY_WORDS: Mapping[Category, tuple[str, ...]] = {
    Category.EARRINGS: (
        "earring",
        "earrings",
        "stud",
        "studs",
        "hoop",
        "hoops",
        "耳環",
        "耳釘",
        "耳夾",
    ),
    Category.RING: ("ring", "rings", "band", "戒指", "指環"),
    Category.NECKLACE: (
        "necklace",
        "necklaces",
        "pendant",
        "choker",
        "chain",
        "頸鏈",
        "項鏈",
        "吊墜",
    ),
    Category.BRACELET: ("bracelet", "bracelets", "bangle", "bangles", "手鏈", "手鐲", "手鈪"),
}

_CATEGORY_KEYS = {c: frozenset(map(name_key, names)) for c, names in CATEGORY_WORDS.items()}


def _category(value: object, path: str) -> Category:
    return p.choice(Category, value.value if isinstance(value, Category) else value, path)


def _by_text(value: Mapping[str, object] | None, what: str) -> Mapping[str, Category]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must map text to categories, got {type(value).__name__}")
    out = {}
    for key, category in value.items():
        if not isinstance(key, str) or not key:
            raise TypeError(f"{what} maps non-empty text to categories, got the key {key!r}")
        out[key] = _category(category, f"{what}[{key!r}]")
    return out


def _sku_prefixes(value: Mapping[str, object] | None) -> Mapping[str, Category]:
    return _by_text(value, "sku_prefixes")


def _product_types(value: Mapping[str, object] | None) -> Mapping[str, Category]:
    return _by_text(value, "product_types")


def _tags(value: Mapping[str, object] | None) -> Mapping[str, Category]:
    return _by_text(value, "tags")


@attrs.frozen(kw_only=True)
class Categories:
    """Where a line's category comes from: its sku's prefix, its product type or a product tag.

    The longest sku prefix that matches wins; then the product type; then the
    first tag that is mapped. Product types and tags are on the GraphQL
    response (``lineItem.product``); a REST line item does not carry them.
    A line none of them places is placed by its title (:data:`CATEGORY_WORDS`).

    >>> Categories(sku_prefixes={"RG-": "ring"}).of("RG-7", "Rose ring", None, ())
    <Category.RING: 'ring'>
    """

    sku_prefixes: Mapping[str, Category] = attrs.field(factory=dict, converter=_sku_prefixes)
    product_types: Mapping[str, Category] = attrs.field(factory=dict, converter=_product_types)
    tags: Mapping[str, Category] = attrs.field(factory=dict, converter=_tags)

    def of(
        self, sku: str | None, title: str, product_type: str | None, tags: Iterable[str]
    ) -> Category | None:
        """The category of a line, or ``None`` when nothing places it."""
        if sku:
            prefixes = [k for k in self.sku_prefixes if sku.startswith(k)]
            if prefixes:
                return self.sku_prefixes[max(prefixes, key=len)]
        if product_type and product_type in self.product_types:
            return self.product_types[product_type]
        for tag in tags:
            if tag in self.tags:
                return self.tags[tag]
        return title_category(title)


def title_category(title: str) -> Category | None:
    """The one category a title names, or ``None`` when it names none or several.

    >>> title_category("Pearl Drop Earrings"), title_category("Rose Gold Ring")
    (<Category.EARRINGS: 'earrings'>, <Category.RING: 'ring'>)
    >>> title_category("珍珠耳環"), title_category("Ring and Earrings Set"), title_category("Gift card")
    (<Category.EARRINGS: 'earrings'>, None, None)
    """
    found = [category for category, keys in _CATEGORY_KEYS.items() if names_one_of(title, keys)]
    return found[0] if len(found) == 1 else None


# --- what both APIs say, read into one shape --------------------------------------------------------


@attrs.frozen
class _Line:
    id: str
    sku: str | None
    title: str
    quantity: int
    price: Decimal  # a unit, before discounts
    discount: Decimal  # the line's discount allocations, in all
    product_type: str | None
    tags: tuple[str, ...]
    path: str


@attrs.frozen
class _Read:
    """An order as either API gives it, before the mapping."""

    name: str
    placed_at: datetime
    currency: str
    gateways: tuple[str, ...]
    gateways_path: str
    refunds_path: str
    lines: tuple[_Line, ...]
    shipping: Decimal
    shipping_refunded: Decimal
    refunded: dict[str, int]  # units refunded, by line id
    delivered: dict[str, list[tuple[int, datetime | None]]]  # by line id: (units, delivered at)


def _obj(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError(path, f"expected an object, got {p.kind(value)}")
    return value


def _list(value: object, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(path, f"expected a list, got {p.kind(value)}")
    return value


def _id(value: object, path: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str) or value == "":
        raise ValidationError(path, f"expected an id, got {p.kind(value)}")
    return str(value)


def _amount(value: object, path: str, currency: str) -> Decimal:
    """Money as Shopify writes it (a string such as "199.00"); an adjustment may be negative."""
    amount = p.decimal_value(value, path)
    return p.check_money(abs(amount), path, currency)


def _optional_text(value: object, path: str) -> str | None:
    if value is None or value == "":
        return None
    return p.string(value, path)


def _refuse_cancelled(cancelled: object, reason: object, path: str) -> None:
    if cancelled is not None:
        raise ValidationError(
            path,
            f"the order was cancelled ({reason or 'no reason given'}): a cancelled order is "
            "refunded by its cancellation, not returned, so it has no return options",
        )


def _rest(order: Mapping[str, Any], events: Iterable[object]) -> _Read:
    path = "order"
    _refuse_cancelled(order.get("cancelled_at"), order.get("cancel_reason"), f"{path}.cancelled_at")
    for key in ("name", "created_at", "currency", "line_items"):
        if key not in order:
            raise ValidationError(f"{path}.{key}", "is missing: this is not a Shopify order")
    currency = p.currency_code(order["currency"], f"{path}.currency")
    gateways = order.get("payment_gateway_names")
    gateways_path = f"{path}.payment_gateway_names"
    if not gateways and order.get("gateway"):
        gateways, gateways_path = [order["gateway"]], f"{path}.gateway"
    names = tuple(
        p.string(g, f"{gateways_path}[{i}]") for i, g in enumerate(_list(gateways, gateways_path))
    )
    refunded, shipping_refunded = _rest_refunds(order, currency)
    return _Read(
        name=p.string(order["name"], f"{path}.name"),
        placed_at=p.timestamp(order["created_at"], f"{path}.created_at"),
        currency=currency,
        gateways=names,
        gateways_path=gateways_path,
        refunds_path=f"{path}.refunds",
        lines=tuple(
            _rest_line(_obj(raw, f"{path}.line_items[{i}]"), f"{path}.line_items[{i}]", currency)
            for i, raw in enumerate(_list(order["line_items"], f"{path}.line_items"))
        ),
        shipping=_rest_shipping(order, currency),
        shipping_refunded=shipping_refunded,
        refunded=refunded,
        delivered=_rest_delivered(order, events),
    )


def _discounts(allocations: object, path: str, currency: str) -> Decimal:
    """The sum of a line's ``discount_allocations[].amount``."""
    return sum(
        (_amount(_obj(d, f"{path}[{j}]").get("amount"), f"{path}[{j}].amount", currency)
         for j, d in enumerate(_list(allocations, path))),
        Decimal(0),
    )  # fmt: skip


def _rest_line(line: Mapping[str, Any], at: str, currency: str) -> _Line:
    for key in ("id", "quantity", "price", "title"):
        if key not in line:
            raise ValidationError(f"{at}.{key}", "is missing")
    shop = ((line.get("price_set") or {}).get("shop_money") or {}).get("currency_code")
    if shop is not None and shop != currency:
        raise ValidationError(
            f"{at}.price_set.shop_money.currency_code",
            f"is {p.show(shop)}, but the order's currency is {currency}",
        )
    return _Line(
        id=_id(line["id"], f"{at}.id"),
        sku=_optional_text(line.get("sku"), f"{at}.sku"),
        title=p.string(line["title"], f"{at}.title"),
        quantity=p.quantity(line["quantity"], f"{at}.quantity", 1),
        price=p.money(line["price"], f"{at}.price", currency),
        discount=_discounts(
            line.get("discount_allocations"), f"{at}.discount_allocations", currency
        ),
        product_type=None,
        tags=(),
        path=at,
    )


def _rest_shipping(order: Mapping[str, Any], currency: str) -> Decimal:
    """``shipping_lines[].price`` less their ``discount_allocations``."""
    shipping = Decimal(0)
    for i, raw in enumerate(_list(order.get("shipping_lines"), "order.shipping_lines")):
        at = f"order.shipping_lines[{i}]"
        ship = _obj(raw, at)
        shipping += p.money(ship.get("price", "0"), f"{at}.price", currency)
        shipping -= _discounts(
            ship.get("discount_allocations"), f"{at}.discount_allocations", currency
        )
    return shipping


def _rest_refunds(order: Mapping[str, Any], currency: str) -> tuple[dict[str, int], Decimal]:
    """Units refunded by line id, and the shipping refunded, from ``refunds[]``."""
    refunded: dict[str, int] = {}
    shipping = Decimal(0)
    for i, raw in enumerate(_list(order.get("refunds"), "order.refunds")):
        at = f"order.refunds[{i}]"
        refund = _obj(raw, at)
        for j, r in enumerate(_list(refund.get("refund_line_items"), f"{at}.refund_line_items")):
            where = f"{at}.refund_line_items[{j}]"
            item = _obj(r, where)
            line_id = _id(item.get("line_item_id"), f"{where}.line_item_id")
            refunded[line_id] = refunded.get(line_id, 0) + p.quantity(
                item.get("quantity"), f"{where}.quantity", 0
            )
        for j, a in enumerate(_list(refund.get("order_adjustments"), f"{at}.order_adjustments")):
            adjustment = _obj(a, f"{at}.order_adjustments[{j}]")
            if adjustment.get("kind") == "shipping_refund":
                shipping += _amount(
                    adjustment.get("amount"), f"{at}.order_adjustments[{j}].amount", currency
                )
        lines = _list(refund.get("refund_shipping_lines"), f"{at}.refund_shipping_lines")
        for j, line in enumerate(lines):
            where = f"{at}.refund_shipping_lines[{j}]"
            money = (_obj(line, where).get("subtotal_amount_set") or {}).get("shop_money") or {}
            shipping += _amount(
                money.get("amount"), f"{where}.subtotal_amount_set.shop_money.amount", currency
            )
    return refunded, shipping


def _rest_delivered(
    order: Mapping[str, Any], events: Iterable[object]
) -> dict[str, list[tuple[int, datetime | None]]]:
    """By line id: the units of each live fulfilment, with the instant it was delivered."""
    fulfilments: dict[str, dict[str, int]] = {}
    every: set[str] = set()
    for i, raw in enumerate(_list(order.get("fulfillments"), "order.fulfillments")):
        at = f"order.fulfillments[{i}]"
        fulfilment = _obj(raw, at)
        fulfilment_id = _id(fulfilment.get("id"), f"{at}.id")
        every.add(fulfilment_id)
        if fulfilment.get("status") in _DEAD:
            continue
        units = fulfilments.setdefault(fulfilment_id, {})
        for j, li in enumerate(_list(fulfilment.get("line_items"), f"{at}.line_items")):
            line = _obj(li, f"{at}.line_items[{j}]")
            line_id = _id(line.get("id"), f"{at}.line_items[{j}].id")
            units[line_id] = units.get(line_id, 0) + p.quantity(
                line.get("quantity"), f"{at}.line_items[{j}].quantity", 1
            )
    delivered_at = _delivered_at(order, every, set(fulfilments), events)
    delivered: dict[str, list[tuple[int, datetime | None]]] = {}
    for fulfilment_id, units in fulfilments.items():
        for line_id, count in units.items():
            delivered.setdefault(line_id, []).append((count, delivered_at.get(fulfilment_id)))
    return delivered


def _delivered_at(
    order: Mapping[str, Any], every: set[str], live: set[str], events: Iterable[object]
) -> dict[str, datetime]:
    """When each live fulfilment was delivered: its first ``delivered`` event's ``happened_at``."""
    order_id = order.get("id")
    delivered_at: dict[str, datetime] = {}
    for i, raw in enumerate(events):
        at = f"events[{i}]"
        event = _obj(raw, at)
        fulfilment_id = _id(event.get("fulfillment_id"), f"{at}.fulfillment_id")
        if fulfilment_id not in every:
            raise ValidationError(
                f"{at}.fulfillment_id",
                f"{fulfilment_id} is not a fulfillment of the order {order.get('name')}",
            )
        if order_id is not None and event.get("order_id") not in (None, order_id):
            raise ValidationError(f"{at}.order_id", f"is not the order's id {order_id}")
        if event.get("status") == "delivered" and fulfilment_id in live:
            happened = p.timestamp(event.get("happened_at"), f"{at}.happened_at")
            if fulfilment_id not in delivered_at or happened < delivered_at[fulfilment_id]:
                delivered_at[fulfilment_id] = happened  # the first delivered event delivers it
    return delivered_at


#: The statuses of a fulfilment that delivers nothing.
_DEAD = frozenset({"cancelled", "failure", "error"})


def _money_set(value: object, path: str, currency: str) -> Decimal:
    """``{shopMoney: {amount, currencyCode}}``: the shop's money, in the order's currency."""
    shop = _obj(_obj(value, path).get("shopMoney"), f"{path}.shopMoney")
    code = shop.get("currencyCode")
    if code is not None and code != currency:
        raise ValidationError(
            f"{path}.shopMoney.currencyCode",
            f"is {p.show(code)}, but the order's currency is {currency}",
        )
    return _amount(shop.get("amount"), f"{path}.shopMoney.amount", currency)


def _nodes(value: object, path: str) -> list[tuple[str, Any]]:
    """A connection's nodes (``{nodes: [...]}`` or ``{edges: [{node}]}``) or a list, with their paths."""
    if isinstance(value, list):
        return [(f"{path}[{i}]", v) for i, v in enumerate(value)]
    conn = _obj(value, path) if value is not None else {}
    if "edges" in conn:
        return [(f"{path}.edges[{i}].node", _obj(e, f"{path}.edges[{i}]").get("node"))
                for i, e in enumerate(_list(conn["edges"], f"{path}.edges"))]  # fmt: skip
    return [
        (f"{path}.nodes[{i}]", v) for i, v in enumerate(_list(conn.get("nodes"), f"{path}.nodes"))
    ]


def _allocated(allocations: object, path: str, currency: str) -> Decimal:
    """What a GraphQL line's or shipping line's discount allocations take off it."""
    return sum(
        (_money_set(_obj(d, where).get("allocatedAmountSet"), f"{where}.allocatedAmountSet", currency)
         for where, d in _nodes(allocations, path)),
        Decimal(0),
    )  # fmt: skip


def _line_item_id(item: Mapping[str, Any], path: str) -> str:
    """The id of the line item a GraphQL refund or fulfilment line names (``lineItem.id``)."""
    return _id(_obj(item.get("lineItem"), f"{path}.lineItem").get("id"), f"{path}.lineItem.id")


def _graphql(response: Mapping[str, Any]) -> _Read:  # noqa: C901 - one pass over the order, field by field
    data = response.get("data", response)
    order = _obj(_obj(data, "data").get("order"), "data.order")
    path = "data.order"
    _refuse_cancelled(order.get("cancelledAt"), order.get("cancelReason"), f"{path}.cancelledAt")
    for key in ("name", "createdAt", "currencyCode", "lineItems"):
        if key not in order:
            raise ValidationError(
                f"{path}.{key}", "is missing: this is not the response to GRAPHQL_QUERY"
            )
    currency = p.currency_code(order["currencyCode"], f"{path}.currencyCode")
    gateways_path = f"{path}.paymentGatewayNames"
    names = tuple(
        p.string(g, f"{gateways_path}[{i}]")
        for i, g in enumerate(_list(order.get("paymentGatewayNames"), gateways_path))
    )
    lines = []
    for at, raw in _nodes(order["lineItems"], f"{path}.lineItems"):
        line = _obj(raw, at)
        product = line.get("product") or {}
        discount = _allocated(
            line.get("discountAllocations"), f"{at}.discountAllocations", currency
        )
        lines.append(
            _Line(
                id=_id(line.get("id"), f"{at}.id"),
                sku=_optional_text(line.get("sku"), f"{at}.sku"),
                title=p.string(line.get("title") or line.get("name"), f"{at}.title"),
                quantity=p.quantity(line.get("quantity"), f"{at}.quantity", 1),
                price=_money_set(
                    line.get("originalUnitPriceSet"), f"{at}.originalUnitPriceSet", currency
                ),
                discount=discount,
                product_type=_optional_text(
                    product.get("productType"), f"{at}.product.productType"
                ),
                tags=tuple(str(t) for t in _list(product.get("tags"), f"{at}.product.tags")),
                path=at,
            )
        )
    shipping = Decimal(0)
    for at, raw in _nodes(order.get("shippingLines"), f"{path}.shippingLines"):
        ship = _obj(raw, at)
        shipping += _money_set(ship.get("originalPriceSet"), f"{at}.originalPriceSet", currency)
        shipping -= _allocated(
            ship.get("discountAllocations"), f"{at}.discountAllocations", currency
        )
    refunded: dict[str, int] = {}
    shipping_refunded = Decimal(0)
    for at, raw in _nodes(order.get("refunds"), f"{path}.refunds"):
        refund = _obj(raw, at)
        for where, r in _nodes(refund.get("refundLineItems"), f"{at}.refundLineItems"):
            item = _obj(r, where)
            line_id = _line_item_id(item, where)
            refunded[line_id] = refunded.get(line_id, 0) + p.quantity(
                item.get("quantity"), f"{where}.quantity", 0
            )
        for where, s in _nodes(refund.get("refundShippingLines"), f"{at}.refundShippingLines"):
            shipping_refunded += _money_set(
                _obj(s, where).get("subtotalAmountSet"), f"{where}.subtotalAmountSet", currency
            )
    delivered: dict[str, list[tuple[int, datetime | None]]] = {}
    for at, raw in _nodes(order.get("fulfillments"), f"{path}.fulfillments"):
        fulfilment = _obj(raw, at)
        if str(fulfilment.get("status", "")).lower() in _DEAD:
            continue
        when = fulfilment.get("deliveredAt")
        moment = None if when is None else p.timestamp(when, f"{at}.deliveredAt")
        for where, li in _nodes(
            fulfilment.get("fulfillmentLineItems"), f"{at}.fulfillmentLineItems"
        ):
            item = _obj(li, where)
            line_id = _line_item_id(item, where)
            delivered.setdefault(line_id, []).append(
                (p.quantity(item.get("quantity"), f"{where}.quantity", 1), moment)
            )
    return _Read(
        name=p.string(order["name"], f"{path}.name"),
        placed_at=p.timestamp(order["createdAt"], f"{path}.createdAt"),
        currency=currency,
        gateways=names,
        gateways_path=gateways_path,
        refunds_path=f"{path}.refunds",
        lines=tuple(lines),
        shipping=shipping,
        shipping_refunded=shipping_refunded,
        refunded=refunded,
        delivered=delivered,
    )


# --- the mapping --------------------------------------------------------------------------------------


def _categories(value: Categories | Mapping[str, object] | None) -> Categories:
    if value is None:
        return Categories()
    if isinstance(value, Categories):
        return value
    return Categories(sku_prefixes=value)


def _payment(read: _Read, cod_methods: tuple[str, ...]) -> str:
    """The order's payment method: a COD gateway if any is one, else the gateways' names."""
    if not read.gateways:
        raise ValidationError(
            read.gateways_path, "names no payment gateway: the refund's method is not known"
        )
    for name in read.gateways:
        if is_cash_on_delivery(name):
            return name
        if cod_methods and is_cash_on_delivery(name, cod_methods):
            return f"Cash on Delivery ({name})"  # read as COD by every policy's default names
    return ", ".join(dict.fromkeys(read.gateways))


def _delivery(line: _Line, parts: list[tuple[int, datetime | None]]) -> datetime | None:
    """When every unit of *line* is delivered (the last part's instant), else ``None``."""
    delivered = [(n, at) for n, at in parts if at is not None]
    if sum(n for n, _ in delivered) < line.quantity:
        return None
    return max(at for _, at in delivered)


def _order(read: _Read, categories: Categories, cod_methods: tuple[str, ...]) -> Order:
    currency = read.currency
    quantum = p.money_quantum(currency)
    known = {line.id for line in read.lines}
    for line_id in read.refunded:
        if line_id not in known:
            raise ValidationError(
                read.refunds_path,
                f"a refund names the line item {line_id}, which the order does not have",
            )
    skus = [line.sku for line in read.lines]
    items: list[dict[str, Any]] = []
    for line in read.lines:
        sku = (
            line.sku
            if line.sku and skus.count(line.sku) == 1
            else f"{line.sku or 'line'}-{line.id}"
        )
        category = categories.of(line.sku, line.title, line.product_type, line.tags)
        if category is None:
            raise ValidationError(
                line.path,
                f"nothing places the line {line.id} (sku {p.show(line.sku or '')}, title "
                f"{p.show(line.title)}) in a category: give --category PREFIX=CATEGORY "
                "(or categories= in Python)",
            )
        paid = line.price * line.quantity - line.discount  # the line's total, exact
        if paid < 0:
            raise ValidationError(
                f"{line.path}.discount_allocations", "discounts exceed the line's price"
            )
        cents = int(paid / quantum)
        low, extra = divmod(cents, line.quantity)  # `extra` units paid one minor unit more
        refunded = read.refunded.get(line.id, 0)
        if refunded > line.quantity:
            raise ValidationError(
                line.path, f"{refunded} units refunded of the line's {line.quantity}"
            )
        delivered_at = _delivery(line, read.delivered.get(line.id, []))
        # refunds come off the dearer units first, so what remains is never more than was paid
        dear_returned = min(refunded, extra)
        parts = [(sku, line.quantity - extra, low, refunded - dear_returned)]
        if extra:
            parts.append((f"{sku}#2", extra, low + 1, dear_returned))
        items += [
            {"sku": part_sku, "category": category.value, "quantity": quantity,
             "returned_quantity": returned, "unit_price": str(minor * quantum),
             "delivered_at": None if delivered_at is None else delivered_at.isoformat()}
            for part_sku, quantity, minor, returned in parts
        ]  # fmt: skip
    return Order.from_dict({
        "order_id": read.name, "placed_at": read.placed_at.isoformat(),
        "payment_method": _payment(read, cod_methods), "currency": currency,
        "shipping_fee": str(max(read.shipping, Decimal(0))),
        "shipping_fee_refunded": str(min(read.shipping_refunded, max(read.shipping, Decimal(0)))),
        "items": items,
    })  # fmt: skip


def order_from_shopify(
    order: Mapping[str, Any],
    *,
    events: Iterable[Mapping[str, Any]] = (),
    categories: Categories | Mapping[str, Category | str] | None = None,
    cod_methods: Iterable[str] = (),
) -> Order:
    """The library's order for a Shopify REST Admin order (or an order webhook's body).

    :param order: the order object: ``{"order": {...}}``'s inner object, or a bare order.
    :param events: the fulfilment events of the order's fulfilments, as Shopify's
        ``fulfillments/{id}/events`` returns them; a ``delivered`` event delivers
        its fulfilment's line items at its ``happened_at``.
    :param categories: where a line's category comes from (:class:`Categories`, or a
        mapping of sku prefixes); a line it does not place is placed by its title.
    :param cod_methods: the shop's own names of cash-on-delivery gateways, besides
        Shopify's ``Cash on Delivery (COD)`` and the library's :data:`~aulso_returns.COD_METHODS`.
    :returns: the :class:`~aulso_returns.Order`.
    :raises ValidationError: naming the Shopify field: a payload that is not an
        order, a cancelled order, a currency the line items contradict, an event
        for a fulfilment the order does not have, a line nothing places.

    >>> import json
    >>> from importlib.resources import files
    >>> folder = files("aulso_returns") / "examples"
    >>> body = json.loads((folder / "shopify-order.json").read_text())
    >>> events = json.loads((folder / "shopify-events.json").read_text())["fulfillment_events"]
    >>> order = order_from_shopify(body, events=events)
    >>> order.order_id, order.payment_method
    ('#1042', 'shopify_payments')
    >>> [(i.sku, i.category.value, str(i.unit_price), i.returned_quantity) for i in order.items]
    [('RG-ROSE-7', 'ring', '1180.00', 0), ('EAR-PEARL', 'earrings', '450.00', 1)]
    """
    data = _obj(order, "order")
    if "order" in data and isinstance(data["order"], Mapping):
        data = data["order"]
    return _order(_rest(data, list(events)), _categories(categories), tuple(cod_methods))


def order_from_graphql(
    response: Mapping[str, Any],
    *,
    categories: Categories | Mapping[str, Category | str] | None = None,
    cod_methods: Iterable[str] = (),
) -> Order:
    """The library's order for the GraphQL Admin API's response to :data:`GRAPHQL_QUERY`.

    The mapping is :func:`order_from_shopify`'s: ``Fulfillment.deliveredAt``
    delivers its ``fulfillmentLineItems``, and the line's ``product.productType``
    and ``product.tags`` may place it (:class:`Categories`).

    :param response: the response (``{"data": {"order": {...}}}``) or its ``data``.
    :param categories: as for :func:`order_from_shopify`.
    :param cod_methods: as for :func:`order_from_shopify`.
    :returns: the :class:`~aulso_returns.Order`.
    :raises ValidationError: naming the GraphQL field (``data.order.lineItems.nodes[0].sku``).

    >>> import json
    >>> from importlib.resources import files
    >>> response = json.loads((files("aulso_returns") / "examples" / "shopify-graphql.json").read_text())
    >>> order_from_graphql(response).items[0].delivered_at.isoformat()  # as Shopify wrote it
    '2026-11-02T06:30:42+00:00'
    """
    return _order(_graphql(_obj(response, "response")), _categories(categories), tuple(cod_methods))


def orders_in(document: object) -> list[tuple[str, Mapping[str, Any]]]:
    """The orders of a REST document: ``{"order": {...}}``, a bare order, or ``{"orders": [...]}``.

    Each with the path its errors are named from.

    :param document: the JSON document, read.
    :returns: the orders, each with its path.
    :raises ValidationError: when the document holds no order.

    >>> [path for path, _ in orders_in({"orders": [{"name": "#1"}, {"name": "#2"}]})]
    ['orders[0]', 'orders[1]']
    """
    data = _obj(document, "document")
    if isinstance(data.get("orders"), list):
        return [(f"orders[{i}]", _obj(o, f"orders[{i}]")) for i, o in enumerate(data["orders"])]
    if isinstance(data.get("order"), Mapping):
        return [("order", data["order"])]
    if "line_items" in data:
        return [("order", data)]
    raise ValidationError(
        "document",
        'is not a Shopify order: expected {"order": {...}}, an order or {"orders": [...]}',
    )

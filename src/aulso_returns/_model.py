"""The domain model: orders, items, return requests and their lines.

All classes are frozen, slotted, keyword-only attrs classes that validate on
construction and raise :class:`~aulso_returns.ValidationError` naming the
field path. ``from_dict`` reads the JSON case format, ``to_dict`` writes it;
the two round-trip losslessly.
"""

from __future__ import annotations

import decimal
import enum
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from . import _parse as p
from ._calendar import FIRST_YEAR, LAST_CASE_YEAR
from ._errors import ValidationError
from ._trusted import trusted

#: The payment methods read as cash on delivery unless a policy names its own (see
#: :class:`~aulso_returns.PaidCashOnDelivery`): the abbreviation, Shopify's name for the
#: method, and the Chinese term in Traditional and Simplified characters.
COD_METHODS = ("COD", "Cash on Delivery", "貨到付款", "货到付款")

#: The Han characters (CJK unified ideographs, extension A and compatibility): each is a word.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_HAN}]|[^\\W_{_HAN}]+")


def payment_words(text: str) -> tuple[str, ...]:
    """The words of a payment method's text, as a cash-on-delivery name is looked for in them.

    The text is read in Unicode's compatibility form (full-width letters are
    letters) and case-folded. A word is a run of letters and digits; every Han
    character is a word of its own, since Chinese writes no spaces between words.

    >>> payment_words("Cash on Delivery (COD)"), payment_words("順豐到付")
    (('cash', 'on', 'delivery', 'cod'), ('順', '豐', '到', '付'))
    """
    return tuple(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def name_key(name: str) -> str:
    """The form a name is looked for in a text: its words, joined (``"C.O.D."``: ``"cod"``)."""
    return "".join(payment_words(name))


_DEFAULT_KEYS = frozenset(name_key(name) for name in COD_METHODS)


@functools.lru_cache(maxsize=1024)
def names_one_of(text: str, keys: frozenset[str]) -> bool:
    """Whether some run of consecutive words of *text* joins into one of *keys*.

    *keys* are names in their :func:`name_key` form. A name is found only as
    whole words: ``"Barcode Pay"`` holds the letters of ``cod`` inside a word,
    and is not cash on delivery; a name in Han characters is found anywhere in
    Han text, each character being a word.
    """
    words = payment_words(text)
    longest = max(map(len, keys), default=0)
    for start in range(len(words)):
        joined = ""
        for word in words[start:]:
            joined += word
            if len(joined) > longest:
                break
            if joined in keys:
                return True
    return False


def is_cash_on_delivery(payment_method: str, methods: Iterable[str] = COD_METHODS) -> bool:
    """Whether *payment_method* names one of *methods* (by default :data:`COD_METHODS`).

    A method names a cash-on-delivery method when some of its consecutive words,
    joined, are that method's words joined: case, spaces, punctuation and
    brackets around it do not matter, nor does what else the text says. A name
    inside a longer word is not found.

    :param payment_method: the order's payment method, as the shop wrote it.
    :param methods: the names read as cash on delivery.
    :returns: whether the method is cash on delivery.
    :raises TypeError: when *payment_method* or a name is not a string.

    >>> [is_cash_on_delivery(m) for m in ("Cash on Delivery (COD)", "C.O.D.", "COD/貨到付款",
    ...                                   "順豐貨到付款", "Barcode Pay", "Alipay (HK) code", "visa")]
    [True, True, True, True, False, False, False]
    >>> is_cash_on_delivery("Pay at pickup (cash)", methods=("Pay at pickup",))
    True
    """
    keys = _DEFAULT_KEYS if methods is COD_METHODS else frozenset(map(name_key, methods))
    return names_one_of(payment_method, keys)


class Category(str, enum.Enum):
    """What kind of jewellery an item is."""

    BRACELET = "bracelet"
    NECKLACE = "necklace"
    EARRINGS = "earrings"
    RING = "ring"
    OTHER = "other"


class Reason(str, enum.Enum):
    """Why the customer asks to return an item.

    The first six are the shop's errors; the last three are on the customer's side.

    >>> Reason.DEFECTIVE.is_merchant_error, Reason.CHANGED_MIND.is_merchant_error
    (True, False)
    """

    WRONG_ITEM = "wrong_item"
    WRONG_SIZE = "wrong_size"
    WRONG_COLOR = "wrong_color"
    ARRIVED_DAMAGED = "arrived_damaged"
    DEFECTIVE = "defective"
    COLOR_DISCREPANCY = "color_discrepancy"
    CHANGED_MIND = "changed_mind"
    ORDERED_WRONG_SIZE = "ordered_wrong_size"
    ORDERED_WRONG_COLOR = "ordered_wrong_color"

    @property
    def is_merchant_error(self) -> bool:
        """Whether the reason is the shop's error (wrong, damaged, defective, discrepant)."""
        return self not in CUSTOMER_SIDE_REASONS


#: The reasons on the customer's side; every other reason is the shop's error.
CUSTOMER_SIDE_REASONS = frozenset(
    {Reason.CHANGED_MIND, Reason.ORDERED_WRONG_SIZE, Reason.ORDERED_WRONG_COLOR}
)


class Resolution(str, enum.Enum):
    """What the customer asks for in return."""

    REFUND = "refund"
    EXCHANGE = "exchange"


class Condition(str, enum.Enum):
    """A way in which an item is no longer as delivered."""

    USED = "used"
    WORN = "worn"
    WASHED = "washed"
    DAMAGED = "damaged"
    MISSING_PACKAGING = "missing_packaging"
    TAGS_REMOVED = "tags_removed"


# Validators, shared with the lifecycle's facts: small frozen callables (as attrs' own), each
# a cheap test for the valid case and the detailed check (which names the field and the
# problem) only when that test fails. *root* is the error path's root, rebased by from_dict.


@attrs.frozen(slots=True)
class Money:
    """An amount in a currency, written as money by a catalogue."""

    amount: Decimal
    currency: str


@attrs.frozen(slots=True)
class NonEmptyText:
    """A validator: a non-empty string of text (or ``None`` if *optional*)."""

    root: str
    optional: bool = False

    def __call__(self, _: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and self.optional:
            return
        if type(value) is not str or not value.isascii() or not value.strip():  # pragma: no mutate
            p.string(value, f"{self.root}.{attribute.name}")


@attrs.frozen(slots=True)
class AwareInstant:
    """A validator: a timezone-aware datetime in the supported years (or ``None`` if *optional*)."""

    root: str
    optional: bool = False

    def __call__(self, _: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and self.optional:
            return
        # the common case: an aware datetime of a year inside the supported ones
        # pragma: no mutate start
        if (
            type(value) is datetime
            and value.utcoffset() is not None
            and FIRST_YEAR < value.year < LAST_CASE_YEAR
        ):
            # pragma: no mutate end
            return
        path = f"{self.root}.{attribute.name}"
        p.supported(p.aware(value, path), path)


@attrs.frozen(slots=True)
class Flag:
    """A validator: ``True`` or ``False``."""

    root: str

    def __call__(self, _: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not bool:  # pragma: no mutate
            p.boolean(value, f"{self.root}.{attribute.name}")


@attrs.frozen(slots=True)
class ConditionFlags:
    """A validator: a tuple of :class:`Condition`, none listed twice."""

    root: str

    def __call__(self, _: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is tuple and not value:  # pragma: no mutate (as delivered: the common case)
            return
        path = f"{self.root}.{attribute.name}"
        if not isinstance(value, tuple):
            raise ValidationError(path, f"expected a tuple of Condition, got {p.kind(value)}")
        for i, flag in enumerate(value):
            if not isinstance(flag, Condition):
                raise ValidationError(f"{path}[{i}]", "expected a Condition")
            if flag in value[:i]:  # at most six flags
                raise ValidationError(f"{path}[{i}]", f"{flag.value!r} is listed twice")


@attrs.frozen(slots=True)
class _Count:
    root: str
    minimum: int

    def __call__(self, _: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        # pragma: no mutate start
        if type(value) is not int or not self.minimum <= value <= p.MAX_QUANTITY:
            # pragma: no mutate end
            p.quantity(value, f"{self.root}.{attribute.name}", self.minimum)


@attrs.frozen(slots=True)
class _Member:
    root: str
    enum_type: type[enum.Enum]

    def __call__(self, _: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not self.enum_type:
            raise ValidationError(
                f"{self.root}.{attribute.name}", f"expected a {self.enum_type.__name__}"
            )


def _condition(value: object, path: str) -> Condition:
    return p.choice(Condition, value, path)


def conditions(value: object, path: str) -> tuple[Condition, ...]:
    """Condition flags from a JSON array of their values (a line's, or an inspection finding's)."""
    if type(value) is list or type(value) is tuple:  # pragma: no mutate
        try:  # valid flags (or the default, none): the common case, without a path per flag
            return tuple(map(_CONDITIONS.__getitem__, value))  # pragma: no mutate
        except (KeyError, TypeError):
            pass
    return p.items(value, path, _condition)


_CONDITIONS = {flag.value: flag for flag in Condition}


_ITEM = p.Shape(
    ("sku", "category", "unit_price"), ("quantity", "returned_quantity", "delivered_at")
)
_ORDER = p.Shape(
    ("order_id", "placed_at", "payment_method", "items"),
    ("currency", "shipping_fee", "shipping_fee_refunded"),
)
_LINE = p.Shape(("sku", "reason"), ("quantity", "resolution", "condition"))
_REQUEST = p.Shape(("order_id", "requested_at", "lines"))
_FACT = "; it is a fact of a return case: settle the case (settle, aulso-returns settle)"
_CASE = p.Shape(
    ("order", "request"),
    elsewhere=dict.fromkeys(("authorization", "shipment", "receipt", "inspection"), _FACT),
)


@attrs.frozen(kw_only=True)
class Item:
    """One line of an order: a product, its price and when it was delivered.

    ``unit_price`` is what was paid per unit, in the order's currency.
    ``returned_quantity`` counts units already returned by earlier requests.
    ``delivered_at`` is ``None`` while the item is not delivered.
    """

    sku: str = attrs.field(validator=NonEmptyText("item"))
    category: Category = attrs.field(validator=_Member("item", Category))
    unit_price: Decimal = attrs.field()
    quantity: int = attrs.field(default=1, validator=_Count("item", 1))
    returned_quantity: int = attrs.field(default=0, validator=_Count("item", 0))
    delivered_at: datetime | None = attrs.field(
        default=None, validator=AwareInstant("item", optional=True)
    )

    @unit_price.validator
    def _check_price(self, _: object, value: object) -> None:
        if not isinstance(value, Decimal) or not value.is_finite():
            raise ValidationError("item.unit_price", p.not_money(value))
        if value < 0:
            raise ValidationError("item.unit_price", "must not be negative")

    def __attrs_post_init__(self) -> None:
        if self.returned_quantity > self.quantity:
            raise ValidationError(
                "item.returned_quantity",
                f"{self.returned_quantity} units returned but only {self.quantity} bought",
            )

    @property
    def remaining_quantity(self) -> int:
        """Units bought and not yet returned."""
        return self.quantity - self.returned_quantity

    @classmethod
    def from_dict(cls, data: object, path: str = "item") -> Item:
        """Read an item from its JSON object."""
        d = _ITEM.read(data, path)
        item = _item_at_once(d) if cls is Item else None
        if item is not None:
            return item
        try:  # the validators check the values taken as they are; paths rebased below
            return cls(
                sku=d["sku"],
                category=p.choice(Category, d["category"], "item.category"),
                unit_price=p.decimal_value(d["unit_price"], "item.unit_price"),
                quantity=d.get("quantity", 1),
                returned_quantity=d.get("returned_quantity", 0),
                delivered_at=p.optional_timestamp(d.get("delivered_at"), "item.delivered_at"),
            )
        except ValidationError as err:
            raise err.rebased("item", path) from None

    def to_dict(self, currency: str | None = None) -> dict[str, Any]:
        """Write the item as its JSON object (money with *currency*'s minor units if given)."""
        return {
            "sku": self.sku,
            "category": self.category.value,
            "unit_price": p.format_money(self.unit_price, currency)
            if currency
            else str(self.unit_price),
            "quantity": self.quantity,
            "returned_quantity": self.returned_quantity,
            "delivered_at": None if self.delivered_at is None else self.delivered_at.isoformat(),
        }


_new_item = trusted(Item)
_CATEGORIES = {member.value: member for member in Category}


def _amount_at_once(value: object) -> Decimal | None:
    """*value* as an amount if it is one as most are (a decimal string or an int, not negative).

    As :func:`p.decimal_value` reads it; ``None`` leaves it to the checking path.
    """
    if type(value) is str:
        try:
            amount = Decimal(value.strip())
        except (decimal.InvalidOperation, ValueError):
            return None
    elif type(value) is int:
        amount = Decimal(value)
    else:
        return None
    return amount if amount.is_finite() and not amount.is_signed() else None


def _item_at_once(d: Mapping[str, Any]) -> Item | None:
    """The item of *d* (a JSON object of its shape), if every value is valid as most are.

    One pass, as the validators' common case accepts them; ``None`` says nothing
    about *d*: ``from_dict``'s checking path judges it, with the same result.
    """
    sku, category, price = d["sku"], d["category"], d["unit_price"]
    quantity, returned = d.get("quantity", 1), d.get("returned_quantity", 0)
    if not (
        type(sku) is str
        and sku.isascii()
        and sku.strip()
        and type(category) is str
        and category in _CATEGORIES
        and type(quantity) is int
        and type(returned) is int
        and 1 <= quantity <= p.MAX_QUANTITY
        and 0 <= returned <= quantity
    ):
        return None
    unit_price = _amount_at_once(price)
    if unit_price is None:
        return None
    delivered = d.get("delivered_at")
    if delivered is not None:
        delivered = p.common_instant(delivered)
        if delivered is None:
            return None
    return _new_item(
        sku=sku,
        category=_CATEGORIES[category],
        unit_price=unit_price,
        quantity=quantity,
        returned_quantity=returned,
        delivered_at=delivered,
    )


@attrs.frozen(kw_only=True)
class Order:
    """An order as the shop placed it, with its items.

    ``payment_method`` is free text; the policy decides which methods are cash on
    delivery (:class:`~aulso_returns.PaidCashOnDelivery`).
    ``shipping_fee_refunded`` is what earlier returns already refunded of
    ``shipping_fee``.
    """

    order_id: str = attrs.field(validator=NonEmptyText("order"))
    placed_at: datetime = attrs.field(validator=AwareInstant("order"))
    payment_method: str = attrs.field(validator=NonEmptyText("order"))
    items: tuple[Item, ...] = attrs.field(converter=p.as_tuple)
    currency: str = attrs.field(default="HKD")
    shipping_fee: Decimal = attrs.field(default=Decimal(0))
    shipping_fee_refunded: Decimal = attrs.field(default=Decimal(0))

    def __attrs_post_init__(self) -> None:
        p.currency_code(self.currency, "order.currency")
        p.check_money(self.shipping_fee, "order.shipping_fee", self.currency)
        p.check_money(self.shipping_fee_refunded, "order.shipping_fee_refunded", self.currency)
        if self.shipping_fee_refunded > self.shipping_fee:
            raise ValidationError(
                "order.shipping_fee_refunded",
                f"{self.shipping_fee_refunded} exceeds the shipping fee {self.shipping_fee}",
            )
        if not isinstance(self.items, tuple):
            raise ValidationError(
                "order.items", f"expected a tuple of Item, got {p.kind(self.items)}"
            )
        if not self.items:
            raise ValidationError("order.items", "an order needs at least one item")
        seen: set[str] = set()
        value = Decimal(0)
        for i, item in enumerate(self.items):
            if not isinstance(item, Item):
                raise ValidationError(f"order.items[{i}]", "expected an Item")
            if item.sku in seen:
                raise ValidationError(f"order.items[{i}].sku", f"duplicate sku {p.show(item.sku)}")
            seen.add(item.sku)
            try:
                # the error is given the item's path below: no path here
                p.check_money(item.unit_price, "", self.currency)  # pragma: no mutate
            except ValidationError as err:
                raise ValidationError(f"order.items[{i}].unit_price", err.problem) from None
            value = p.MONEY.fma(item.unit_price, item.quantity, value)
            if item.delivered_at is not None and item.delivered_at < self.placed_at:
                raise ValidationError(
                    f"order.items[{i}].delivered_at", "delivered before the order was placed"
                )
        if value >= p.MONEY_LIMIT:
            raise ValidationError(
                "order.items", f"worth {value} together; must be below {p.MONEY_LIMIT:,}"
            )

    @property
    def is_cash_on_delivery(self) -> bool:
        """Whether the payment method names one of the default :data:`COD_METHODS`.

        A policy may name methods of its own; its decisions read those
        (:class:`~aulso_returns.PaidCashOnDelivery`).
        """
        return is_cash_on_delivery(self.payment_method)

    def item(self, sku: str) -> Item:
        """The item with *sku*; ``KeyError`` if there is none."""
        for item in self.items:
            if item.sku == sku:
                return item
        raise KeyError(sku)

    @classmethod
    def from_dict(cls, data: object, path: str = "order") -> Order:
        """Read an order from its JSON object."""
        d = _ORDER.read(data, path)
        order = _order_at_once(d) if cls is Order else None
        if order is not None:
            return order
        try:
            return cls(
                order_id=d["order_id"],
                placed_at=p.timestamp(d["placed_at"], "order.placed_at"),
                payment_method=d["payment_method"],
                currency=p.string(d.get("currency", "HKD"), "order.currency"),
                shipping_fee=p.decimal_value(d.get("shipping_fee", 0), "order.shipping_fee"),
                shipping_fee_refunded=p.decimal_value(
                    d.get("shipping_fee_refunded", 0), "order.shipping_fee_refunded"
                ),
                items=p.items(d["items"], "order.items", Item.from_dict),
            )
        except ValidationError as err:
            raise err.rebased("order", path) from None

    def to_dict(self) -> dict[str, Any]:
        """Write the order as its JSON object."""
        return {
            "order_id": self.order_id,
            "placed_at": self.placed_at.isoformat(),
            "payment_method": self.payment_method,
            "currency": self.currency,
            "shipping_fee": p.format_money(self.shipping_fee, self.currency),
            "shipping_fee_refunded": p.format_money(self.shipping_fee_refunded, self.currency),
            "items": [item.to_dict(self.currency) for item in self.items],
        }


_new_order = trusted(Order)


def _order_at_once(d: Mapping[str, Any]) -> Order | None:
    """The order of *d* (a JSON object of its shape), if every value is valid as most are.

    As :func:`_item_at_once`: ``None`` leaves *d* to the checking path. The
    order's own cross-checks (``Order.__attrs_post_init__``) run as they are.
    """
    order_id, payment_method, items = d["order_id"], d["payment_method"], d["items"]
    currency = d.get("currency", "HKD")
    fee = _amount_at_once(d.get("shipping_fee", 0))
    refunded = _amount_at_once(d.get("shipping_fee_refunded", 0))
    placed_at = p.common_instant(d["placed_at"])
    if not (
        type(order_id) is str
        and order_id.isascii()
        and order_id.strip()
        and type(payment_method) is str
        and payment_method.isascii()
        and payment_method.strip()
        and placed_at is not None
        and type(currency) is str
        and fee is not None
        and refunded is not None
        and type(items) is list
    ):
        return None
    parsed = [
        _item_at_once(item) if type(item) is dict and _ITEM.fits(item) else None for item in items
    ]
    if None in parsed:
        return None
    try:
        order = _new_order(
            order_id=order_id,
            placed_at=placed_at,
            payment_method=payment_method,
            items=tuple(parsed),
            currency=currency,
            shipping_fee=fee,
            shipping_fee_refunded=refunded,
        )
        order.__attrs_post_init__()
    except ValidationError:
        return None
    return order


@attrs.frozen(kw_only=True)
class ReturnLine:
    """One item of a return request: which, how many, why, and what the customer wants.

    ``condition`` lists how the item is no longer as delivered; empty means
    "as delivered".
    """

    sku: str = attrs.field(validator=NonEmptyText("line"))
    reason: Reason = attrs.field(validator=_Member("line", Reason))
    quantity: int = attrs.field(default=1, validator=_Count("line", 1))
    resolution: Resolution = attrs.field(
        default=Resolution.REFUND, validator=_Member("line", Resolution)
    )
    condition: tuple[Condition, ...] = attrs.field(
        default=(), converter=p.as_tuple, validator=ConditionFlags("line")
    )

    @classmethod
    def from_dict(cls, data: object, path: str = "line") -> ReturnLine:
        """Read a request line from its JSON object."""
        d = _LINE.read(data, path)
        line = _line_at_once(d) if cls is ReturnLine else None
        if line is not None:
            return line
        try:
            return cls(
                sku=d["sku"],
                reason=p.choice(Reason, d["reason"], "line.reason"),
                quantity=d.get("quantity", 1),
                resolution=p.choice(Resolution, d.get("resolution", "refund"), "line.resolution"),
                condition=conditions(d.get("condition", ()), "line.condition"),
            )
        except ValidationError as err:
            raise err.rebased("line", path) from None

    def to_dict(self) -> dict[str, Any]:
        """Write the line as its JSON object."""
        return {
            "sku": self.sku,
            "quantity": self.quantity,
            "reason": self.reason.value,
            "resolution": self.resolution.value,
            "condition": [c.value for c in self.condition],
        }


_new_line = trusted(ReturnLine)
_REASONS = {member.value: member for member in Reason}
_RESOLUTIONS = {member.value: member for member in Resolution}


def _line_at_once(d: Mapping[str, Any]) -> ReturnLine | None:
    """The request line of *d* (a JSON object of its shape), if every value is valid as most are.

    As :func:`_item_at_once`: ``None`` leaves *d* to the checking path.
    """
    sku, reason, quantity = d["sku"], d["reason"], d.get("quantity", 1)
    resolution, condition = d.get("resolution", "refund"), d.get("condition", ())
    if not (
        type(sku) is str
        and sku.isascii()
        and sku.strip()
        and type(reason) is str
        and reason in _REASONS
        and type(resolution) is str
        and resolution in _RESOLUTIONS
        and type(quantity) is int
        and 1 <= quantity <= p.MAX_QUANTITY
        and (type(condition) is list or type(condition) is tuple)
    ):
        return None
    try:
        flags = tuple(map(_CONDITIONS.__getitem__, condition))
    except (KeyError, TypeError):
        return None
    if len(set(flags)) < len(flags):
        return None
    return _new_line(
        sku=sku,
        reason=_REASONS[reason],
        quantity=quantity,
        resolution=_RESOLUTIONS[resolution],
        condition=flags,
    )


@attrs.frozen(kw_only=True)
class ReturnRequest:
    """A customer's request to return or exchange some items of one order.

    ``requested_at`` is the instant the request was made; every window is
    measured to it (the library never reads a clock).
    """

    order_id: str = attrs.field(validator=NonEmptyText("request"))
    requested_at: datetime = attrs.field(validator=AwareInstant("request"))
    lines: tuple[ReturnLine, ...] = attrs.field(converter=p.as_tuple)

    @lines.validator
    def _check_lines(self, _: object, value: object) -> None:
        if not isinstance(value, tuple):
            raise ValidationError(
                "request.lines", f"expected a tuple of ReturnLine, got {p.kind(value)}"
            )
        if not value:
            raise ValidationError("request.lines", "a request needs at least one line")
        seen: set[str] = set()
        for i, line in enumerate(value):
            if not isinstance(line, ReturnLine):
                raise ValidationError(f"request.lines[{i}]", "expected a ReturnLine")
            if line.sku in seen:
                raise ValidationError(
                    f"request.lines[{i}].sku", f"sku {p.show(line.sku)} is requested twice"
                )
            seen.add(line.sku)

    @classmethod
    def from_dict(cls, data: object, path: str = "request") -> ReturnRequest:
        """Read a request from its JSON object."""
        d = _REQUEST.read(data, path)
        request = _request_at_once(d) if cls is ReturnRequest else None
        if request is not None:
            return request
        try:
            return cls(
                order_id=d["order_id"],
                requested_at=p.timestamp(d["requested_at"], "request.requested_at"),
                lines=p.items(d["lines"], "request.lines", ReturnLine.from_dict),
            )
        except ValidationError as err:
            raise err.rebased("request", path) from None

    def to_dict(self) -> dict[str, Any]:
        """Write the request as its JSON object."""
        return {
            "order_id": self.order_id,
            "requested_at": self.requested_at.isoformat(),
            "lines": [line.to_dict() for line in self.lines],
        }


_new_request = trusted(ReturnRequest)


def _request_at_once(d: Mapping[str, Any]) -> ReturnRequest | None:
    """The request of *d* (a JSON object of its shape), if every value is valid as most are.

    As :func:`_item_at_once`: ``None`` leaves *d* to the checking path.
    """
    order_id, lines = d["order_id"], d["lines"]
    requested_at = p.common_instant(d["requested_at"])
    if not (
        type(order_id) is str
        and order_id.isascii()
        and order_id.strip()
        and requested_at is not None
        and type(lines) is list
        and lines
    ):
        return None
    read = _line_at_once
    parsed = [read(line) if type(line) is dict and _LINE.fits(line) else None for line in lines]
    if None in parsed or len({line.sku for line in parsed}) < len(parsed):  # type: ignore[union-attr]
        return None
    return _new_request(order_id=order_id, requested_at=requested_at, lines=tuple(parsed))


def check_request_against_order(order: Order, request: ReturnRequest) -> None:
    """Raise :class:`ValidationError` unless *request* can be about *order*."""
    if request.order_id != order.order_id:
        raise ValidationError(
            "request.order_id",
            f"{p.show(request.order_id)} is not the order's id {p.show(order.order_id)}",
        )
    if request.requested_at < order.placed_at:
        raise ValidationError("request.requested_at", "requested before the order was placed")
    skus = {item.sku for item in order.items}
    for i, line in enumerate(request.lines):
        if line.sku not in skus:
            raise ValidationError(
                f"request.lines[{i}].sku",
                f"no item {p.show(line.sku)} in order {p.show(order.order_id)}",
            )


@attrs.frozen(kw_only=True)
class Case:
    """An order and a return request about it: the JSON case ``{"order": ..., "request": ...}``."""

    order: Order
    request: ReturnRequest

    def __attrs_post_init__(self) -> None:
        check_request_against_order(self.order, self.request)

    @classmethod
    def from_dict(cls, data: object) -> Case:
        """Read a case from its JSON object."""
        d = _CASE.read(data, "case")
        return cls(order=Order.from_dict(d["order"]), request=ReturnRequest.from_dict(d["request"]))

    def to_dict(self) -> dict[str, Any]:
        """Write the case as its JSON object."""
        return {"order": self.order.to_dict(), "request": self.request.to_dict()}

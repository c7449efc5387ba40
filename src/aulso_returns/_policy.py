"""Aulso's published policy, as rules of the generic rule core.

The domain layer: above the models and the rule core, below the messages and
the decision. Every rule is a ground or a bar over a :class:`LineContext` (one
line of a request, with its item, order and request); :data:`LINE_FACTS`
declares what the rules' sentences may name, and the policy's settings hold
the shop's business days. The windows are predicates of
their own (:class:`ReturnWindow`, :class:`ChangeOfMindWindow`) so that the
decision can also report the deadlines they imply, and so that another
policy can change a window by replacing the one rule that uses it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any

import attrs

from ._calendar import HKT, hong_kong_date
from ._model import (
    COD_METHODS,
    CUSTOMER_SIDE_REASONS,
    Category,
    Condition,
    Item,
    Money,
    Order,
    Reason,
    Resolution,
    ReturnLine,
    ReturnRequest,
    name_key,
    names_one_of,
)
from ._parse import MONEY
from ._rules import (
    Boundary,
    Policy,
    PolicyHistory,
    Predicate,
    Rule,
    bar,
    ground,
    predicate,
)
from ._trusted import trusted

POLICY_NAME = "aulso"
POLICY_VERSION = "2026.1"

#: Where the clauses come from: ``section: bullet`` of the policy text.
GENERAL_WINDOW = "General Return/Exchange Guidelines: Return Window"
GENERAL_CONDITION = "General Return/Exchange Guidelines: Item Condition"
GENERAL_HYGIENE = "General Return/Exchange Guidelines: Non-Returnable Items"
COM_WINDOW = "Change of Mind Returns: Return Window"
COM_CONDITIONS = "Change of Mind Returns: Conditions"
ACCEPT_WRONG = "We Accept Returns/Exchanges If: wrong item, size, or color"
ACCEPT_DAMAGED = "We Accept Returns/Exchanges If: damaged, defective, or color discrepancy"
REFUSE_SELECTED = (
    "We Do Not Accept Returns/Exchanges If: wrong size or color selected by the customer"
)
REFUSE_CONDITION = "We Do Not Accept Returns/Exchanges If: not in its original condition"
REFUSE_PAST_WINDOW = "We Do Not Accept Returns/Exchanges If: past the 30-day return window"
NOTE_COD = "Important Notes: Cash on Delivery (COD) returns are not accepted"

_EXCUSES_DAMAGE = frozenset({Reason.ARRIVED_DAMAGED, Reason.DEFECTIVE})
_HYGIENE_FLAGS = frozenset({Condition.WORN, Condition.USED})


class LineAspect(enum.Enum):
    """What of a :class:`LineContext` a predicate reads: what it declares as its dependencies.

    A policy re-tests only the predicates that read what changed between two
    contexts (:meth:`~aulso_returns.Policy.reruling`): :func:`options` varies
    a line's reason, resolution, condition and time, and a decision asks
    whether a refused exchange would be refunded. Give a predicate of your
    own ``depends_on={LineAspect.ITEM, ...}`` with everything it reads, or
    nothing (it is then tested again whatever changed).
    """

    ORDER = "order"
    """The order's own fields: its payment method, when it was placed, its other items."""
    ITEM = "item"
    """The line's item: what it is, its price, units and delivery (and ``delivered_on``)."""
    TIME = "time"
    """When the request is made: ``requested_at``, ``requested_on`` and ``delivered``."""
    REQUEST = "request"
    """The rest of the request: its id and its lines."""
    REASON = "reason"
    """The line's reason."""
    RESOLUTION = "resolution"
    """The line's resolution."""
    QUANTITY = "quantity"
    """The units the line asks to return."""
    CONDITION = "condition"
    """The condition the item is judged in (``condition``, and the line's declared one)."""


@attrs.frozen(slots=True)
class LineContext:
    """What the rules see: one line of a request with its item, order and request.

    ``condition`` is the item's condition as the rules should judge it: as the
    customer declared it at request time, or as the warehouse found it.
    ``delivered`` says whether the item was delivered at or before the
    request; ``delivered_on`` and ``requested_on`` are Hong Kong dates
    (``delivered_on`` is ``None`` while not delivered).
    """

    order: Order
    request: ReturnRequest
    item: Item
    line: ReturnLine
    condition: tuple[Condition, ...]
    delivered: bool
    delivered_on: date | None
    requested_on: date

    @classmethod
    def of(cls, order: Order, request: ReturnRequest, line: ReturnLine) -> LineContext:
        """The context of *line* (whose sku must be in *order*)."""
        return cls._make(
            order, request, order.item(line.sku), line, hong_kong_date(request.requested_at)
        )

    @classmethod
    def each(cls, order: Order, request: ReturnRequest) -> tuple[LineContext, ...]:
        """The context of every line of *request*, in order (their skus must be in *order*)."""
        items = {item.sku: item for item in order.items}
        requested_on = hong_kong_date(request.requested_at)
        return tuple(
            [
                cls._make(order, request, items[line.sku], line, requested_on)
                for line in request.lines
            ]
        )

    @classmethod
    def _make(
        cls, order: Order, request: ReturnRequest, item: Item, line: ReturnLine, requested_on: date
    ) -> LineContext:
        delivered_at = item.delivered_at
        # its parts are models, checked when they were built: nothing to check again
        make = _new_context if cls is LineContext else cls
        return make(
            order=order,
            request=request,
            item=item,
            line=line,
            condition=line.condition,
            delivered=delivered_at is not None and delivered_at <= request.requested_at,
            delivered_on=None if delivered_at is None else delivered_at.astimezone(HKT).date(),
            requested_on=requested_on,
        )


_new_context = trusted(LineContext)


class LineFacts:
    """What a line's sentences are written from: its context and the deadlines the policy gives it.

    *context* is the line's :class:`LineContext`; *last_day* and
    *change_of_mind_until* are what the policy's windows give for it
    (``None`` where they give nothing); *readers* are the policy's facts
    (:attr:`~aulso_returns.Policy.facts`, :data:`LINE_FACTS`), each read from
    this object when a sentence names it. *refund_until* is, for a refused
    exchange the policy would approve as a refund, the last instant it does
    (``None`` otherwise, or where nothing ends it).
    """

    __slots__ = ("change_of_mind_until", "context", "last_day", "readers", "refund_until")

    def __init__(
        self,
        context: LineContext,
        last_day: date | None,
        change_of_mind_until: datetime | None,
        readers: Mapping[str, Callable[[Any], Any]],
        refund_until: datetime | None = None,
    ) -> None:
        self.context = context
        self.last_day = last_day
        self.change_of_mind_until = change_of_mind_until
        self.readers = readers
        self.refund_until = refund_until


def _amount(f: LineFacts) -> Money:
    c = f.context
    return Money(
        amount=MONEY.multiply(c.item.unit_price, c.line.quantity), currency=c.order.currency
    )


def as_deadline(moment: datetime | None) -> date | datetime | None:
    """An instant as a customer reads a deadline: the last microsecond of a day as that date."""
    if moment is None:
        return None
    local = moment.astimezone(HKT)
    return local.date() if local.time() == time.max else local


_LINE_FACTS: dict[str, Callable[[LineFacts], Any]] = {
    "sku": lambda f: f.context.line.sku,
    "quantity": lambda f: f.context.line.quantity,
    "item": lambda f: f.context.item.category,
    "items": lambda f: (f.context.item.category, f.context.line.quantity),
    "reason": lambda f: f.context.line.reason,
    "resolution": lambda f: f.context.line.resolution,
    "amount": _amount,
    "remaining": lambda f: f.context.item.remaining_quantity,
    "condition": lambda f: f.context.condition,
    "delivered_on": lambda f: f.context.delivered_on,
    "delivered_at": lambda f: f.context.item.delivered_at,
    "requested_on": lambda f: f.context.requested_on,
    "requested_at": lambda f: f.context.request.requested_at,
    "last_day": lambda f: f.last_day,
    "change_of_mind_until": lambda f: f.change_of_mind_until,
    "refund_until": lambda f: as_deadline(f.refund_until),
}
LINE_FACTS: Mapping[str, Callable[[LineFacts], Any]] = MappingProxyType(_LINE_FACTS)
"""The facts of a line its rules' sentences can name, each with the function reading it.

``sku``, ``quantity`` (units asked for), ``item`` (what the item is, in
words), ``items`` (the units asked for, counted as the language counts that
kind of item), ``reason`` and ``resolution`` (in words), ``amount`` (the
units' price), ``remaining`` (units bought and not yet returned),
``condition`` (the ways the item is no longer as delivered), ``delivered_on``
and ``requested_on`` (Hong Kong dates), ``delivered_at`` and ``requested_at``
(instants, Hong Kong time), ``last_day`` (the last day to request) and
``change_of_mind_until`` (the end of the change-of-mind window), as the
policy's windows give them, and ``refund_until`` (for a refused exchange the
policy would approve as a refund, the last instant it does; not known on any
other line). :data:`AULSO_POLICY` declares them all; a policy adds facts of
its own with :meth:`~aulso_returns.Policy.with_facts`, each read from the
line's :class:`LineFacts`.
"""


_WHEN_DELIVERED = frozenset({LineAspect.ITEM, LineAspect.TIME})
_ORDER = frozenset({LineAspect.ORDER})

#: The longest window a policy may set: ten years, so that every deadline is a date.
MAX_WINDOW_DAYS = 3660


def _check_span(value: object, unit: str, most: int) -> None:
    if type(value) is not int or not 0 <= value <= most:
        raise ValueError(f"a window is a whole number of {unit} from 0 to {most}, got {value!r}")


@attrs.frozen(kw_only=True, repr=False)
class ReturnWindow(Predicate[LineContext]):
    """True when the request comes after the last day to request.

    The last day is the ``days``-th calendar day after the delivery's Hong Kong
    date, up to its last microsecond. False while the item is not delivered
    (no window is measured then).
    """

    days: int
    code: str = "past_return_window"
    clause: str | None = GENERAL_WINDOW
    _span: timedelta = attrs.field(init=False, eq=False)

    @_span.default
    def _span_default(self) -> timedelta:  # defaults come before validators: days is checked here
        _check_span(self.days, "days", MAX_WINDOW_DAYS)
        return timedelta(days=self.days)

    @property
    def description(self) -> str:  # type: ignore[override]
        """Readable form."""
        return f"requested after day {self.days} from delivery (Hong Kong dates)"

    def last_day(self, context: LineContext) -> date | None:
        """The last Hong Kong date on which the line can be requested; ``None`` if not delivered."""
        delivered_on = context.delivered_on
        return None if delivered_on is None else delivered_on + self._span

    def boundaries(self, context: LineContext) -> tuple[Boundary, ...]:
        """The last microsecond of the last day to request, Hong Kong time (none if not delivered)."""
        last_day = self.last_day(context)
        if last_day is None:
            return ()
        return (
            Boundary(
                last=datetime.combine(last_day, time.max, HKT),
                before=f"on or before day {self.days} after delivery (Hong Kong dates)",
                after=f"after day {self.days} from delivery",
            ),
        )

    def dependencies(self) -> frozenset[LineAspect]:
        """The item's delivery and the request's time."""
        return _WHEN_DELIVERED

    def _test(self, context: LineContext) -> bool:
        delivered_on = context.delivered_on
        return (
            context.delivered
            and delivered_on is not None
            and (context.requested_on - delivered_on).days > self.days
        )


@attrs.frozen(kw_only=True, repr=False)
class ChangeOfMindWindow(Predicate[LineContext]):
    """True when the request is more than ``hours`` after delivery (to the microsecond).

    False while the item is not delivered (no window is measured then).
    """

    hours: int
    code: str = "past_change_of_mind_window"
    clause: str | None = COM_WINDOW
    _span: timedelta = attrs.field(init=False, eq=False)

    @_span.default
    def _span_default(self) -> timedelta:  # defaults come before validators: hours is checked here
        _check_span(self.hours, "hours", MAX_WINDOW_DAYS * 24)
        return timedelta(hours=self.hours)

    @property
    def description(self) -> str:  # type: ignore[override]
        """Readable form."""
        return f"requested more than {self.hours} hours after delivery"

    def until(self, context: LineContext) -> datetime | None:
        """The last instant of the window for the line, in Hong Kong time; ``None`` if not delivered."""
        delivered_at = context.item.delivered_at
        return None if delivered_at is None else (delivered_at + self._span).astimezone(HKT)

    def boundaries(self, context: LineContext) -> tuple[Boundary, ...]:
        """The last instant of the window (none if not delivered)."""
        until = self.until(context)
        if until is None:
            return ()
        return (
            Boundary(
                last=until,
                before=f"within {self.hours} h of delivery",
                after=f"more than {self.hours} h after delivery",
            ),
        )

    def dependencies(self) -> frozenset[LineAspect]:
        """The item's delivery and the request's time."""
        return _WHEN_DELIVERED

    def _test(self, context: LineContext) -> bool:
        delivered_at = context.item.delivered_at
        return (
            context.delivered
            and delivered_at is not None
            and context.request.requested_at - delivered_at > self._span
        )


def _merchant_error(c: LineContext) -> bool:
    return c.line.reason not in CUSTOMER_SIDE_REASONS  # Reason.is_merchant_error, without a call


def _customer_side(c: LineContext) -> bool:
    return c.line.reason in CUSTOMER_SIDE_REASONS


MERCHANT_ERROR: Predicate[LineContext] = predicate(
    _merchant_error,
    code="merchant_error_reason",
    depends_on={LineAspect.REASON},
    description="the reason is our error (wrong item, size or colour; damaged, defective or discrepant colour)",
)
CUSTOMER_SIDE: Predicate[LineContext] = predicate(
    _customer_side,
    code="customer_side_reason",
    depends_on={LineAspect.REASON},
    description="the reason is on the customer's side (changed mind, or chose the wrong size or colour)",
    clause=REFUSE_SELECTED,
)
_MICROSECOND = timedelta(microseconds=1)


def _delivery(c: LineContext) -> tuple[Boundary, ...]:
    delivered_at = c.item.delivered_at
    if delivered_at is None:
        return ()
    return (
        Boundary(
            last=delivered_at - _MICROSECOND,
            before="before delivery",
            after="at or after delivery",
        ),
    )


def _delivered(c: LineContext) -> bool:
    return c.delivered


def _wants_exchange(c: LineContext) -> bool:
    return c.line.resolution is Resolution.EXCHANGE


DELIVERED: Predicate[LineContext] = predicate(
    _delivered,
    code="delivered",
    depends_on={LineAspect.ITEM, LineAspect.TIME},
    description="the item was delivered before the request",
    boundaries=_delivery,
)
WANTS_EXCHANGE: Predicate[LineContext] = predicate(
    _wants_exchange,
    code="exchange_requested",
    depends_on={LineAspect.RESOLUTION},
    description="an exchange is requested",
)


def _unexcused_flags(c: LineContext) -> bool:
    if c.line.reason in _EXCUSES_DAMAGE:
        return any(flag is not Condition.DAMAGED for flag in c.condition)
    return bool(c.condition)


NOT_AS_DELIVERED: Predicate[LineContext] = predicate(
    _unexcused_flags,
    code="not_as_delivered",
    depends_on={LineAspect.REASON, LineAspect.CONDITION},
    description="the item is not as delivered (used, worn, washed, damaged, without packaging or tags; "
    "damage is excused when the item arrived damaged or defective)",
    clause=GENERAL_CONDITION,
)


def _earrings(c: LineContext) -> bool:
    return c.item.category is Category.EARRINGS


def _worn_or_used(c: LineContext) -> bool:
    return not _HYGIENE_FLAGS.isdisjoint(c.condition)


EARRINGS: Predicate[LineContext] = predicate(
    _earrings,
    code="earrings",
    depends_on={LineAspect.ITEM},
    description="the item is a pair of earrings",
)
WORN_OR_USED: Predicate[LineContext] = predicate(
    _worn_or_used,
    code="worn_or_used",
    depends_on={LineAspect.CONDITION},
    description="the item was worn or used",
)


def _method_names(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError("methods is a sequence of names, not one string")
    names = tuple(value)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"a payment method's name is a string, got {type(name).__name__}")
        if not name_key(name):
            raise ValueError(f"a payment method's name needs a letter or digit, got {name!r}")
    if not names:
        raise ValueError("name at least one payment method as cash on delivery")
    return names


@attrs.frozen(kw_only=True, repr=False)
class PaidCashOnDelivery(Predicate[LineContext]):
    """True when the order's payment method names one of ``methods`` (see :func:`is_cash_on_delivery`).

    The names read as cash on delivery belong to the policy, so that a shop's
    own manual methods ("Pay at pickup", "順豐到付") are versioned with it,
    listed with its rules and compared by ``diff``. By default they are
    :data:`COD_METHODS`. Put the shop's own in with
    ``policy.with_predicate(PaidCashOnDelivery(methods=(*COD_METHODS, "Pay at pickup")))``.

    >>> cod = PaidCashOnDelivery(methods=(*COD_METHODS, "Pay at pickup"))
    >>> cod.reads("Pay at Pickup"), cod.reads("Cash on Delivery (COD)"), cod.reads("visa")
    (True, True, False)
    """

    methods: tuple[str, ...] = attrs.field(default=COD_METHODS, converter=_method_names)
    code: str = "paid_cash_on_delivery"
    clause: str | None = NOTE_COD
    _keys: frozenset[str] = attrs.field(init=False, eq=False)

    @_keys.default
    def _keys_default(self) -> frozenset[str]:
        return frozenset(map(name_key, self.methods))

    @property
    def description(self) -> str:  # type: ignore[override]
        """Readable form, with every name."""
        return f"the order was paid cash on delivery (a payment method named {', '.join(self.methods)})"

    def reads(self, payment_method: str) -> bool:
        """Whether *payment_method* is cash on delivery under this predicate."""
        return names_one_of(payment_method, self._keys)

    def dependencies(self) -> frozenset[LineAspect]:
        """The order's payment method."""
        return _ORDER

    def _test(self, context: LineContext) -> bool:
        return names_one_of(context.order.payment_method, self._keys)


CASH_ON_DELIVERY = PaidCashOnDelivery()


def _exceeds_remaining(c: LineContext) -> bool:
    return c.line.quantity > c.item.remaining_quantity


EXCEEDS_REMAINING: Predicate[LineContext] = predicate(
    _exceeds_remaining,
    code="more_than_remaining",
    depends_on={LineAspect.ITEM, LineAspect.QUANTITY},
    description="more units are requested than were bought and not yet returned",
)


def return_window_rule(days: int = 30) -> Rule[LineContext]:
    """The bar ``return_window_closed`` for a window of *days* calendar days after delivery.

    :param days: the window's length, counted in Hong Kong dates from the
        delivery's date; a request on the last day is in time.
    :returns: the bar, to put in a policy with ``Policy.with_rule``.
    :raises ValueError: when *days* is not a whole number from 0 to 3660.

    >>> return_window_rule(14).when.description
    'requested after day 14 from delivery (Hong Kong dates)'
    """
    return bar(
        "return_window_closed",
        ReturnWindow(days=days),
        f"The {days}-day return window has passed: the item was delivered on {{delivered_on}}, so "
        "the last day to ask was {last_day}, and the request came on {requested_on}.",
        clause=REFUSE_PAST_WINDOW,
        translations={
            "zh-Hant-HK": f"已超過{days}日的退貨期限。貨品於{{delivered_on}}送達，最後申請日期為"
            "{last_day}，而閣下於{requested_on}才提出申請。",
        },
    )


def change_of_mind_window_rule(hours: int = 72) -> Rule[LineContext]:
    """The bar ``change_of_mind_window_closed`` for a change-of-mind window of *hours*.

    :param hours: the window's length from the delivery instant; a request at
        exactly that many hours is in time.
    :returns: the bar, to put in a policy with ``Policy.with_rule``.
    :raises ValueError: when *hours* is not a whole number from 0 to 87,840.

    >>> change_of_mind_window_rule(48).message[:108]
    'Change-of-mind returns (including ordering the wrong size or colour) are accepted only within 48 hours of re'
    """
    return bar(
        "change_of_mind_window_closed",
        CUSTOMER_SIDE & ChangeOfMindWindow(hours=hours),
        f"Change-of-mind returns (including ordering the wrong size or colour) are accepted only "
        f"within {hours} hours of receiving the item: it was delivered on {{delivered_at}}, so the "
        "window closed on {change_of_mind_until}, and the request came on {requested_at}.",
        clause=COM_WINDOW,
        translations={
            "zh-Hant-HK": f"因改變主意而退貨（包括閣下選錯尺寸或顏色）只限收貨後{hours}小時內申請。"
            "貨品於{delivered_at}送達，期限已於{change_of_mind_until}屆滿，而閣下於"
            "{requested_at}才提出申請。",
        },
    )


#: The clause of each reason that is the shop's error: what a merchant-error ground cites.
REASON_CLAUSES = {
    Reason.WRONG_ITEM: ACCEPT_WRONG,
    Reason.WRONG_SIZE: ACCEPT_WRONG,
    Reason.WRONG_COLOR: ACCEPT_WRONG,
    Reason.ARRIVED_DAMAGED: ACCEPT_DAMAGED,
    Reason.DEFECTIVE: ACCEPT_DAMAGED,
    Reason.COLOR_DISCREPANCY: ACCEPT_DAMAGED,
}


def _reason_clause(c: LineContext) -> tuple[str, ...]:
    """The clause a merchant-error ground cites for a line: its reason's alone."""
    return (REASON_CLAUSES[c.line.reason],)


#: The numbers the policy text sets that no predicate holds: the business days the shop
#: takes to answer a request (prior authorization) and to settle after inspection.
AULSO_SETTINGS = MappingProxyType({"authorization_business_days": 2, "settlement_business_days": 7})

AULSO_POLICY: Policy[LineContext] = Policy(
    name=POLICY_NAME,
    version=POLICY_VERSION,
    facts=LINE_FACTS,
    settings=AULSO_SETTINGS,
    rules=(
        ground(
            "merchant_error",
            MERCHANT_ERROR,
            "We are sorry that {reason}: we cover the return shipping and offer a full refund "
            "({amount}) or a free exchange.",
            clause=ACCEPT_WRONG + "; " + ACCEPT_DAMAGED,
            translations={
                "zh-Hant-HK": "很抱歉{reason}。我們會承擔退貨運費，並提供全額退款（{amount}）或免費換貨。",
            },
            cites=_reason_clause,
            return_shipping="merchant",
            original_shipping="refunded",
        ),
        ground(
            "change_of_mind",
            CUSTOMER_SIDE,
            "You asked on {requested_at}, within the change-of-mind window that closes on "
            "{change_of_mind_until}: we cover the return shipping and refund the item ({amount}).",
            clause=COM_WINDOW,
            translations={
                "zh-Hant-HK": "改變主意退貨期限於{change_of_mind_until}屆滿，閣下於{requested_at}"
                "提出申請，仍在期限內。我們會承擔退貨運費，並退還貨品款項（{amount}）。",
            },
            return_shipping="merchant",
        ),
        return_window_rule(30),
        change_of_mind_window_rule(72),
        bar(
            "exchange_not_offered",
            CUSTOMER_SIDE & WANTS_EXCHANGE,
            "A change of mind, including ordering the wrong size or colour, is refunded, not "
            "exchanged.",
            clause=COM_WINDOW,
            translations={
                "zh-Hant-HK": "因改變主意（包括選錯尺寸或顏色）而退貨只可退款，恕不設換貨。"
            },
        ),
        bar(
            "condition_not_original",
            NOT_AS_DELIVERED,
            "Returned items must be new, unused, unworn, unwashed, and in original packaging with "
            "tags intact; this one is {condition}.",
            clause=GENERAL_CONDITION + "; " + REFUSE_CONDITION,
            translations={
                "zh-Hant-HK": "退回的貨品必須全新、未經使用、未曾佩戴、未經清洗，並附原裝包裝及完整吊牌，"
                "但此貨品{condition}。",
            },
        ),
        bar(
            "hygiene_excluded",
            (EARRINGS & WORN_OR_USED).named(
                "worn_earrings", "earrings that were worn or used", clause=GENERAL_HYGIENE
            ),
            "For hygiene and safety reasons, worn earrings cannot be returned.",
            clause=GENERAL_HYGIENE,
            translations={"zh-Hant-HK": "基於衞生及安全理由，已佩戴的耳環恕不接受退貨。"},
        ),
        bar(
            "cash_on_delivery",
            CASH_ON_DELIVERY,
            "Cash on Delivery (COD) returns are not accepted.",
            clause=NOTE_COD,
            translations={"zh-Hant-HK": "貨到付款（COD）的訂單恕不接受退貨。"},
        ),
        bar(
            "not_delivered",
            (~DELIVERED).named("not_delivered", "the item was not delivered before the request"),
            "The item had not been delivered when you asked on {requested_at}, so it cannot be "
            "returned yet.",
            clause=GENERAL_WINDOW,
            translations={
                "zh-Hant-HK": "閣下於{requested_at}提出申請時，貨品尚未送達，因此暫時未能退貨。",
            },
        ),
        bar(
            "quantity_exceeds_remaining",
            EXCEEDS_REMAINING,
            "You asked to return {quantity}, more than the {remaining} bought and not already returned.",
            translations={
                "zh-Hant-HK": "閣下申請退回{quantity}件，但此貨品已購買而未退回的只有{remaining}件。",
            },
        ),
    ),
)
"""The shop's policy as published: two grounds and eight bars."""

AULSO_HISTORY: PolicyHistory[LineContext] = PolicyHistory.starting(
    datetime(1990, 1, 1, tzinfo=HKT), AULSO_POLICY
)
"""The shop's policy versions by the instant each took effect; it starts with ``AULSO_POLICY``.

The date the current text was first published is not on record, so it is in
force for every order from 1990 (the calendar's first year) on. A new version is
added with ``AULSO_HISTORY.with_version(effective_from, policy)``.
"""

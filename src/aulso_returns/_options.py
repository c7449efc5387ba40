"""What an order's items can still be returned for, and until when: :func:`options`.

Nothing here knows a rule or predicate of the shop's policy by its code. For
each item and each reason and resolution, a request for the item as delivered
is decided with the library's own code (:meth:`Policy.ruling`) at ``at`` and on
every interval between the instants the policy's predicates declare as their
:class:`~aulso_returns.Boundary` values, where a decision may change. An
option is open while the ground that approves it at ``at`` goes on approving
it; ``until`` is the last instant of the last such interval.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from . import _parse as p
from ._calendar import HKT
from ._decision import (
    NO_GROUND,
    Payer,
    PolicyId,
    check_policy,
    expect,
    judge_line,
    read_code,
    read_language,
    refund_of,
    resolve_policy,
)
from ._errors import ValidationError
from ._messages import Catalogue, catalogue
from ._model import (
    Condition,
    Item,
    Money,
    Order,
    Reason,
    Resolution,
    ReturnLine,
    _new_line,
    _new_request,
)
from ._policy import AULSO_POLICY, LineAspect, LineContext, _new_context, as_deadline
from ._rules import Policy, PolicyHistory, Predicate, Ruling, reads_none
from ._timeline import MOMENT, Timeline, boundaries, ordered, timed_parts

_FLAGS = tuple(Condition)
_REASONS = tuple(Reason)
_RESOLUTIONS = tuple(Resolution)

_OPEN = p.Shape(
    ("ground", "reasons", "resolutions", "until", "return_shipping_paid_by",
     "original_shipping_refunded", "refund_per_unit", "conditions_accepted"),
)  # fmt: skip
_CLOSED = p.Shape(("reasons", "rejections", "closed_at", "opens_at"))
_ITEM = p.Shape(("sku", "returnable_quantity", "delivered_at", "open", "closed"))
_OPTIONS = p.Shape(("order_id", "at", "currency", "items", "policy", "explanation"), ("language",))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(HKT).isoformat()


def _instant(value: object, path: str) -> datetime | None:
    moment = p.optional_timestamp(value, path)
    return None if moment is None else p.writable(moment, path)


@attrs.frozen(kw_only=True)
class OpenOption:
    """A way an item can still be returned: on ``ground``, for ``reasons`` and ``resolutions``.

    ``until`` is the last instant (inclusive, to the microsecond) at which a
    request on any of them, for the item as delivered, is still approved on
    that ground; ``None`` when nothing in the policy ends it.
    ``refund_per_unit`` is what a one-unit refund pays for the item (``None``
    when only an exchange is open); ``conditions_accepted`` are the condition
    flags the item may have and still be approved on that ground.
    """

    ground: str
    reasons: tuple[Reason, ...]
    resolutions: tuple[Resolution, ...]
    until: datetime | None
    return_shipping_paid_by: Payer
    original_shipping_refunded: bool
    refund_per_unit: Decimal | None
    conditions_accepted: tuple[Condition, ...]

    def to_dict(self, currency: str) -> dict[str, Any]:
        """As JSON (amounts written in *currency*'s minor units)."""
        return {
            "ground": self.ground,
            "reasons": [r.value for r in self.reasons],
            "resolutions": [r.value for r in self.resolutions],
            "until": _iso(self.until),
            "return_shipping_paid_by": self.return_shipping_paid_by.value,
            "original_shipping_refunded": self.original_shipping_refunded,
            "refund_per_unit": None
            if self.refund_per_unit is None
            else p.format_money(self.refund_per_unit, currency),
            "conditions_accepted": [c.value for c in self.conditions_accepted],
        }

    @classmethod
    def from_dict(cls, data: object, path: str, currency: str) -> OpenOption:
        """Read an open option back from its JSON."""
        d = _OPEN.read(data, path)
        per_unit = d["refund_per_unit"]
        return cls(
            ground=read_code(d["ground"], f"{path}.ground"),
            reasons=_choices(Reason, d["reasons"], f"{path}.reasons"),
            resolutions=_choices(Resolution, d["resolutions"], f"{path}.resolutions"),
            until=_instant(d["until"], f"{path}.until"),
            return_shipping_paid_by=p.choice(
                Payer, d["return_shipping_paid_by"], f"{path}.return_shipping_paid_by"
            ),
            original_shipping_refunded=p.boolean(
                d["original_shipping_refunded"], f"{path}.original_shipping_refunded"
            ),
            refund_per_unit=None
            if per_unit is None
            else p.money(per_unit, f"{path}.refund_per_unit", currency),
            conditions_accepted=p.items(
                d["conditions_accepted"],
                f"{path}.conditions_accepted",
                lambda v, at: p.choice(Condition, v, at),
            ),
        )


@attrs.frozen(kw_only=True)
class ClosedOption:
    """Reasons for which nothing is open now, and the rules that refuse them.

    ``closed_at`` is the last instant at which one of them was still approved
    (``None`` if it never was since the order); ``opens_at`` the first instant
    from which one will be (``None`` if none will, or only once the item is
    delivered, which the order does not say yet).
    """

    reasons: tuple[Reason, ...]
    rejections: tuple[str, ...]
    closed_at: datetime | None
    opens_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "reasons": [r.value for r in self.reasons],
            "rejections": list(self.rejections),
            "closed_at": _iso(self.closed_at),
            "opens_at": _iso(self.opens_at),
        }

    @classmethod
    def from_dict(cls, data: object, path: str) -> ClosedOption:
        """Read a closed option back from its JSON."""
        d = _CLOSED.read(data, path)
        return cls(
            reasons=_choices(Reason, d["reasons"], f"{path}.reasons"),
            rejections=p.items(d["rejections"], f"{path}.rejections", read_code),
            closed_at=_instant(d["closed_at"], f"{path}.closed_at"),
            opens_at=_instant(d["opens_at"], f"{path}.opens_at"),
        )


@attrs.frozen(kw_only=True)
class ItemOptions:
    """One item's options: how many units can still be returned, what is open and what is closed.

    Every reason of the model is in exactly one of ``open`` (for at least one
    resolution) or ``closed``.
    """

    sku: str
    returnable_quantity: int
    delivered_at: datetime | None
    open: tuple[OpenOption, ...]
    closed: tuple[ClosedOption, ...]

    def to_dict(self, currency: str) -> dict[str, Any]:
        """As JSON."""
        return {
            "sku": self.sku,
            "returnable_quantity": self.returnable_quantity,
            "delivered_at": _iso(self.delivered_at),
            "open": [o.to_dict(currency) for o in self.open],
            "closed": [c.to_dict() for c in self.closed],
        }

    @classmethod
    def from_dict(cls, data: object, path: str, currency: str) -> ItemOptions:
        """Read an item's options back from its JSON."""
        d = _ITEM.read(data, path)
        return cls(
            sku=p.string(d["sku"], f"{path}.sku"),
            returnable_quantity=p.quantity(
                d["returnable_quantity"], f"{path}.returnable_quantity", 0
            ),
            delivered_at=_instant(d["delivered_at"], f"{path}.delivered_at"),
            open=p.items(
                d["open"], f"{path}.open", lambda v, at: OpenOption.from_dict(v, at, currency)
            ),
            closed=p.items(d["closed"], f"{path}.closed", ClosedOption.from_dict),
        )


@attrs.frozen(kw_only=True)
class Options:
    """What each item of an order can still be returned for at ``at``, and until when.

    ``to_dict()`` gives the documented JSON (docs/options.md); ``from_dict``
    reads it back; :meth:`explain` is text a support agent can paste.
    """

    order_id: str
    at: datetime
    currency: str
    items: tuple[ItemOptions, ...]
    policy: PolicyId
    explanation: tuple[str, ...]
    language: str = "en"

    def to_dict(self) -> dict[str, Any]:
        """The options as JSON-ready plain data."""
        return {
            "order_id": self.order_id,
            "at": _iso(self.at),
            "currency": self.currency,
            "items": [item.to_dict(self.currency) for item in self.items],
            "policy": self.policy.to_dict(),
            "explanation": list(self.explanation),
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: object, path: str = "options") -> Options:
        """Read options back from their JSON."""
        d = _OPTIONS.read(data, path)
        currency = p.currency_code(d["currency"], f"{path}.currency")
        policy = PolicyId.from_dict(d["policy"], f"{path}.policy")
        at = _instant(d["at"], f"{path}.at")
        if at is None:
            raise ValidationError(f"{path}.at", "options are for an instant: not null")
        return cls(
            order_id=p.string(d["order_id"], f"{path}.order_id"),
            at=at,
            currency=currency,
            items=p.items(
                d["items"], f"{path}.items", lambda v, a: ItemOptions.from_dict(v, a, currency)
            ),
            policy=policy,
            explanation=p.items(d["explanation"], f"{path}.explanation", p.string),
            language=read_language(d.get("language", "en"), f"{path}.language"),
        )

    def explain(self, language: str | Catalogue | None = None) -> str:
        """The explanation as text a support agent can paste: the heading, then a line per item.

        :param language: only the options' own (ask :func:`options` again for another).
        :raises ValueError: for another language than the options were written in.
        """
        if language is not None and catalogue(language).language != self.language:
            raise ValueError(
                f"these options are written in {self.language}; ask options() again with "
                f"language={catalogue(language).language!r}"
            )
        return "\n".join(self.explanation)


def _choices(kind: Any, value: object, path: str) -> Any:
    return p.items(value, path, lambda v, at: p.choice(kind, v, at))


# --- the derivation -------------------------------------------------------------------------------


#: What differs between the requests of one item at one instant.
_CHOICE = frozenset({LineAspect.REASON, LineAspect.RESOLUTION, LineAspect.REQUEST})
_FINDING = frozenset({LineAspect.CONDITION})
#: What differs between the requests of one item on one reason at one instant.
_RESOLVED = frozenset({LineAspect.RESOLUTION, LineAspect.REQUEST})


class _Item:
    """Rulings of one item's requests, by reason and resolution, at ``at`` and over time.

    Every line and request is built from values that are valid by construction
    (the model's enums, the item's own sku and remaining units, instants the
    caller's ``at`` was checked for or the policy's boundaries), through the
    trusted constructors; each line and each instant's Hong Kong date is made
    once. One request is ruled in full; every other is ruled from a ruling of a
    request that differs from it only in its reason and resolution, its
    condition or its time (:meth:`Policy.reruling`). The boundaries of the
    predicates that read neither reason nor resolution are found once, and a
    request varied in its condition or time serves both resolutions of its
    reason when the rules that read the condition (or time) read no resolution.
    """

    def __init__(
        self, policy: Policy[LineContext], parts: tuple[Predicate[LineContext], ...],
        order: Order, item: Item, at: datetime,
    ) -> None:  # fmt: skip
        self.policy, self.order, self.item, self.at = policy, order, item, at
        self.quantity = max(item.quantity - item.returned_quantity, 1)
        delivered = item.delivered_at
        self.delivered_on = None if delivered is None else delivered.astimezone(HKT).date()
        self._days: dict[datetime, tuple[bool, date]] = {}
        first = self.now(_REASONS[0], _RESOLUTIONS[0])
        self.base = policy.ruling(first)
        self.parts = tuple(part for part in parts if not reads_none(part.dependencies(), _CHOICE))
        self.shared = boundaries(set(parts) - set(self.parts), first)
        self.points = None if self.parts else ordered(self.shared, at)
        self._by_reason = {
            varied: reads_none(policy.dependencies(varied), _RESOLVED)
            for varied in (_FINDING, MOMENT)
        }
        self._flagged: dict[object, tuple[LineContext, ...]] = {}
        self._moments: dict[tuple[object, datetime], LineContext] = {}

    def _context(self, line: ReturnLine, when: datetime) -> LineContext:
        days = self._days.get(when)
        if days is None:
            delivered = self.item.delivered_at
            days = self._days[when] = (
                delivered is not None and delivered <= when,
                when.astimezone(HKT).date(),
            )
        request = _new_request(order_id=self.order.order_id, requested_at=when, lines=(line,))
        return _new_context(
            order=self.order, request=request, item=self.item, line=line, condition=line.condition,
            delivered=days[0], delivered_on=self.delivered_on, requested_on=days[1],
        )  # fmt: skip

    def now(self, reason: Reason, resolution: Resolution) -> LineContext:
        """The context of a request at ``at`` on *reason* and *resolution*, as delivered."""
        line = _new_line(sku=self.item.sku, reason=reason, resolution=resolution,
                         quantity=self.quantity, condition=())  # fmt: skip
        return self._context(line, self.at)

    def _key(self, varied: frozenset[LineAspect], line: ReturnLine) -> object:
        return line.reason if self._by_reason[varied] else line

    def timeline(self, context: LineContext, now: Ruling[LineContext]) -> Timeline:
        """The timeline of *context*'s request, ruled *now* at ``at``."""
        key, line, moments = self._key(MOMENT, context.line), context.line, self._moments

        def moment(when: datetime) -> LineContext:
            found = moments.get((key, when))
            if found is None:
                found = moments[key, when] = self._context(line, when)
            return found

        points, here = self.points or ordered(
            self.shared | boundaries(self.parts, context), self.at
        )
        return Timeline(
            policy=self.policy, now=now, points=points, here=here,
            placed_at=self.order.placed_at, moment=moment,
        )  # fmt: skip

    def accepted(self, c: LineContext, now: Ruling[LineContext]) -> tuple[Condition, ...]:
        """The condition flags the item of *c* may be found in and still be approved on *now*'s ground.

        Each is judged as the warehouse's finding is (:func:`settle`): the
        context's ``condition``, which the rules judge, is the flag; the
        request is the one asked at ``at``.
        """
        key = self._key(_FINDING, c.line)
        flagged = self._flagged.get(key)
        if flagged is None:
            flagged = self._flagged[key] = tuple(
                _new_context(
                    order=c.order, request=c.request, item=c.item, line=c.line, condition=(flag,),
                    delivered=c.delivered, delivered_on=c.delivered_on, requested_on=c.requested_on,
                )
                for flag in _FLAGS
            )  # fmt: skip
        reruling, ground = self.policy.reruling, now.grounds[0]
        return tuple(
            flag
            for flag, context in zip(_FLAGS, flagged, strict=True)
            if (found := reruling(context, now, _FINDING)).allowed and found.grounds[0] is ground
        )

    def one_unit(self, reason: Reason) -> LineContext:
        """A refund of one unit on *reason* at ``at``, as delivered."""
        line = _new_line(sku=self.item.sku, reason=reason, resolution=Resolution.REFUND,
                         quantity=1, condition=())  # fmt: skip
        return self._context(line, self.at)


class _Asked:
    """A request at ``at`` on one reason and resolution: its ruling, and its timeline."""

    def __init__(self, judged: _Item, reason: Reason, resolution: Resolution) -> None:
        self.judged, self.resolution = judged, resolution
        self.context = judged.now(reason, resolution)
        self.now = judged.policy.reruling(self.context, judged.base, _CHOICE)
        self.timeline = judged.timeline(self.context, self.now)

    def accepted(self) -> tuple[Condition, ...]:
        """The condition flags with which the ground at ``at`` still approves the request."""
        return self.judged.accepted(self.context, self.now)


def _open_option(
    judged: _Item,
    found: tuple[Ruling[LineContext], datetime | None, tuple[Condition, ...]],
    reasons: tuple[Reason, ...],
    resolutions: tuple[Resolution, ...],
) -> OpenOption:
    """The option of *reasons* and *resolutions*, open on the ground of the ruling *found*."""
    ruling, until, accepted = found
    rule = ruling.grounds[0]
    per_unit = None
    if Resolution.REFUND in resolutions:
        one = judge_line(judged.policy, judged.one_unit(reasons[0]))
        refund = refund_of(judged.order, (one,))
        per_unit = p.MONEY.subtract(refund.items, refund.restocking_fee)
    return OpenOption(
        ground=rule.code,
        reasons=reasons,
        resolutions=resolutions,
        until=None if until is None else until.astimezone(HKT),
        return_shipping_paid_by=Payer.MERCHANT
        if rule.terms.get("return_shipping") == "merchant"
        else Payer.CUSTOMER,
        original_shipping_refunded=rule.terms.get("original_shipping") == "refunded",
        refund_per_unit=per_unit,
        conditions_accepted=accepted,
    )


def _item_options(judged: _Item) -> ItemOptions:
    item = judged.item
    # (ground, until, conditions) -> reason -> resolutions open on it
    opened: dict[tuple[int, datetime | None, tuple[Condition, ...]], dict[Reason, list[Resolution]]]
    opened = {}
    grounds: dict[int, Ruling[LineContext]] = {}
    closed: dict[Reason, tuple[list[str], datetime | None, datetime | None]] = {}
    for reason in _REASONS:
        lines = [_Asked(judged, reason, resolution) for resolution in _RESOLUTIONS]
        if any(line.now.allowed for line in lines):
            for line in lines:
                if line.now.allowed:
                    now = line.now
                    key = (id(now.grounds[0]), line.timeline.until(), line.accepted())
                    grounds[key[0]] = now
                    opened.setdefault(key, {}).setdefault(reason, []).append(line.resolution)
            continue
        # closed for every resolution: why, since when, and from when it opens
        refused = {r.code for line in lines for r in line.now.bars}
        codes = [r.code for r in judged.policy.rules if r.code in refused]
        closed[reason] = (
            codes or [NO_GROUND],
            max(filter(None, (line.timeline.closed_at() for line in lines)), default=None),
            min(filter(None, (line.timeline.opens_at() for line in lines)), default=None),
        )
    open_options = []
    for (ground, until, accepted), reasons in opened.items():
        by_resolutions: dict[tuple[Resolution, ...], list[Reason]] = {}
        for reason, resolutions in reasons.items():
            by_resolutions.setdefault(tuple(resolutions), []).append(reason)
        open_options += [
            _open_option(judged, (grounds[ground], until, accepted), tuple(rs), resolutions)
            for resolutions, rs in by_resolutions.items()
        ]
    closed_groups: dict[tuple[tuple[str, ...], datetime | None, datetime | None], list[Reason]] = {}
    for reason, (codes, was, will) in closed.items():
        closed_groups.setdefault((tuple(codes), was, will), []).append(reason)
    return ItemOptions(
        sku=item.sku,
        returnable_quantity=item.quantity - item.returned_quantity,
        delivered_at=None if item.delivered_at is None else item.delivered_at.astimezone(HKT),
        open=tuple(open_options),
        closed=tuple(
            ClosedOption(
                reasons=tuple(reasons),
                rejections=codes,
                closed_at=None if was is None else was.astimezone(HKT),
                opens_at=None if will is None else will.astimezone(HKT),
            )
            for (codes, was, will), reasons in closed_groups.items()
        ),
    )


def options(
    order: Order,
    at: datetime,
    *,
    policy: Policy[LineContext] | PolicyHistory[LineContext] = AULSO_POLICY,
    language: str | Catalogue = "en",
) -> Options:
    """What each item of *order* can still be returned for at *at*, and until when.

    Pure, like :func:`~aulso_returns.evaluate`: *at* is required and no clock is
    read. Each option is what ``evaluate`` decides for a request at *at* on its
    reasons and resolutions, for the item's remaining units as delivered; its
    ``until`` comes from the boundaries the policy's predicates declare, so it
    holds for any policy whose time-dependent predicates declare them.

    :param order: the order, with its items and their deliveries.
    :param at: the instant asked about (timezone-aware, not before the order).
    :param policy: a :class:`~aulso_returns.Policy`, or a
        :class:`~aulso_returns.PolicyHistory` whose version in force when the
        order was placed decides (default: the shop's policy).
    :param language: the language of the explanation (``en``, ``zh-Hant-HK``,
        or a :class:`~aulso_returns.Catalogue`).
    :returns: the :class:`Options`, item by item.
    :raises ValidationError: when *at* is naive, outside the supported years
        or before the order was placed.
    :raises TypeError: when *order* is not an :class:`~aulso_returns.Order`.
    :raises ValueError: for an unknown language.

    >>> from datetime import datetime
    >>> from aulso_returns import DEMO_CASES, HKT, Case
    >>> order = Case.from_dict(DEMO_CASES["change of mind in time"]).order
    >>> ring = options(order, datetime(2026, 11, 4, 9, 0, tzinfo=HKT)).items[0]
    >>> [(o.ground, o.until.isoformat()) for o in ring.open]
    [('merchant_error', '2026-12-02T23:59:59.999999+08:00'), ('merchant_error', '2026-12-02T23:59:59.999999+08:00'), ('change_of_mind', '2026-11-05T14:30:00+08:00')]
    """
    expect(order, Order, "order", "Order.from_dict")
    moment = p.supported(p.aware(at, "at"), "at")
    if moment < order.placed_at:
        raise ValidationError("at", "before the order was placed")
    cat = catalogue(language)
    chosen = resolve_policy(policy, order)
    check_policy(chosen)
    parts = timed_parts(chosen)
    items = tuple(_item_options(_Item(chosen, parts, order, item, moment)) for item in order.items)
    return Options(
        order_id=order.order_id,
        at=moment.astimezone(HKT),
        currency=order.currency,
        items=items,
        policy=PolicyId(name=chosen.name, version=chosen.version),
        explanation=explanation(cat, order, moment, items),
        language=cat.language,
    )


# --- the explanation ------------------------------------------------------------------------------


def _either(cat: Catalogue, words: Iterable[object]) -> str:
    written = [cat.value(w) for w in words]
    if len(written) < 2:
        return written[0] if written else ""
    return cat.messages["list.separator"].join(written[:-1]) + cat.messages["list.or"] + written[-1]


def explanation(
    cat: Catalogue, order: Order, at: datetime, items: tuple[ItemOptions, ...]
) -> tuple[str, ...]:
    """The heading, then one line per item: what is open until when, and what is closed."""
    heading = cat.text("options.heading", order_id=order.order_id, at=as_deadline(at))
    return (heading, *(_item_sentences(cat, order.currency, item) for item in items))


def _item_sentences(cat: Catalogue, currency: str, item: ItemOptions) -> str:
    """What is open for *item* until when, the refund a unit, and what is closed."""
    said = []
    if item.delivered_at is None:
        said.append(cat.text("options.not_delivered", sku=item.sku))
    # the text names each deadline once: options apart only by their conditions read as one
    said_open: dict[tuple[datetime | None, tuple[Resolution, ...]], list[Reason]] = {}
    for o in item.open:
        found = said_open.setdefault((o.until, o.resolutions), [])
        found += [r for r in o.reasons if r not in found]
    for (until, resolutions), reasons in said_open.items():
        values = {"sku": item.sku, "reasons": _either(cat, reasons),
                  "resolutions": _either(cat, resolutions)}  # fmt: skip
        if until is None:
            said.append(cat.text("options.open_unlimited", **values))
        else:
            said.append(cat.text("options.open", until=as_deadline(until), **values))
    for amount in dict.fromkeys(o.refund_per_unit for o in item.open):
        if amount is not None:
            money = Money(amount=amount, currency=currency)
            said.append(cat.text("options.refund", amount=money))
    said += [
        _closed_sentence(cat, item.sku, c)
        for c in item.closed
        if item.delivered_at is not None or c.opens_at is not None  # else said once, above
    ]
    return cat.messages["sentence.separator"].join(said)


def _closed_sentence(cat: Catalogue, sku: str, closed: ClosedOption) -> str:
    values = {"sku": sku, "reasons": _either(cat, closed.reasons)}
    if closed.opens_at is not None:
        return cat.text("options.opens", opens_at=as_deadline(closed.opens_at), **values)
    if closed.closed_at is not None:
        return cat.text("options.closed_since", closed_at=as_deadline(closed.closed_at), **values)
    return cat.text("options.closed", **values)

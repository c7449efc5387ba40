"""After the answer: authorization, shipment, tracking, receipt, inspection, settlement.

:func:`settle` re-evaluates the request itself (no stored :class:`Decision` is
needed), then walks the later facts of the case in the policy's order and
says what the case waits on, what is paid, and by when.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from . import _parse as p
from ._calendar import BusinessCalendar, hong_kong_date
from ._decision import (
    JudgedLine,
    LineOutcome,
    Payer,
    PolicyId,
    Refund,
    calendar_or_default,
    check_policy,
    expect,
    judge_line,
    judge_lines,
    payer_of,
    read_code,
    read_ground,
    read_language,
    read_lines,
    refund_of,
    resolve_policy,
    writing,
)
from ._errors import ValidationError
from ._messages import Catalogue, Note, NoteGroup, PaymentMethod, catalogue
from ._model import (
    AwareInstant,
    Case,
    Condition,
    ConditionFlags,
    Flag,
    Money,
    NonEmptyText,
    Order,
    Reason,
    Resolution,
    ReturnRequest,
    conditions,
)
from ._policy import AULSO_POLICY, LineContext
from ._rules import Policy, PolicyHistory

#: Bars of the policy that judge an item's condition; failing them at inspection is ``inspection_failed``.
CONDITION_BARS = frozenset({"condition_not_original", "hygiene_excluded"})

NOT_AUTHORIZED = "not_authorized"
NO_TRACKING = "no_tracking"
INSPECTION_FAILED = "inspection_failed"
REASON_NOT_CONFIRMED = "reason_not_confirmed"

#: Every rejection code that a settlement adds to the request-time codes.
SETTLEMENT_CODES = (NOT_AUTHORIZED, NO_TRACKING, INSPECTION_FAILED, REASON_NOT_CONFIRMED)

# The clauses each settlement note cites.
_CLAUSES_AUTH = (
    "How to Request: Receive Authorization",
    "Important Notes: Unauthorized returns will not be processed or refunded",
)
_CLAUSES_SHIP = ("How to Request: Ship the Item",)
_CLAUSES_TRACKING = (
    "How to Request: Send Tracking Info",
    "Important Notes: No refund will be issued if we do not receive valid tracking information",
)
_CLAUSES_INSPECTED = ("How to Request: Receive Refund or Exchange",)
_CLAUSES_REFUND = ("Refunds: within 7 business days after we receive and inspect your return",)

# The keys of each fact's JSON object.
_AUTHORIZATION = p.Shape(("authorized_at",), ("skus",))
_SHIPMENT = p.Shape(
    ("shipped_at", "carrier"), ("tracking_number", "trackable", "tracking_sent_at", "cost")
)
_RECEIPT = p.Shape(("received_at",))
_FINDING = p.Shape(("sku",), ("condition", "reason_confirmed"))
_INSPECTION = p.Shape(("inspected_at", "items"))
_RETURN_CASE = p.Shape(("order", "request"), ("authorization", "shipment", "receipt", "inspection"))
_SETTLEMENT_LINE = p.Shape(("sku", "outcome", "ground", "rejections"))
_SETTLEMENT = p.Shape(
    (
        "order_id", "status", "due", "lines", "refund", "refund_due", "exchange_ship_by",
        "policy", "explanation",
    ),
    ("language",),
)  # fmt: skip


class Status(str, enum.Enum):
    """What a return case waits on, or how it ended."""

    AWAITING_AUTHORIZATION = "awaiting_authorization"
    AWAITING_SHIPMENT = "awaiting_shipment"
    AWAITING_TRACKING = "awaiting_tracking"
    AWAITING_RECEIPT = "awaiting_receipt"
    AWAITING_INSPECTION = "awaiting_inspection"
    SETTLED = "settled"
    REFUSED = "refused"


@attrs.frozen(kw_only=True)
class Authorization:
    """The shop's approval to ship the return; ``skus`` ``None`` means the lines approved at request time."""

    authorized_at: datetime = attrs.field(validator=AwareInstant("authorization"))
    skus: tuple[str, ...] | None = attrs.field(default=None, converter=p.as_tuple)

    def __attrs_post_init__(self) -> None:
        if self.skus is not None:
            _tuple_of(self.skus, str, "authorization.skus")
            _no_repeats(self.skus, "authorization.skus")

    @classmethod
    def from_dict(cls, data: object, path: str = "authorization") -> Authorization:
        """Read from JSON."""
        d = _AUTHORIZATION.read(data, path)
        skus = d.get("skus")
        try:  # constant error paths, rebased once (as the models do)
            return cls(
                authorized_at=p.timestamp(d["authorized_at"], "authorization.authorized_at"),
                skus=None if skus is None else p.items(skus, "authorization.skus", p.string),
            )
        except ValidationError as err:
            raise err.rebased("authorization", path) from None

    def to_dict(self) -> dict[str, Any]:
        """Write as JSON."""
        return {
            "authorized_at": self.authorized_at.isoformat(),
            "skus": None if self.skus is None else list(self.skus),
        }


@attrs.frozen(kw_only=True)
class Shipment:
    """The customer's return parcel: how and when it was sent, and its tracking."""

    shipped_at: datetime = attrs.field(validator=AwareInstant("shipment"))
    carrier: str = attrs.field(validator=NonEmptyText("shipment"))
    tracking_number: str | None = attrs.field(
        default=None, validator=NonEmptyText("shipment", optional=True)
    )
    trackable: bool = attrs.field(default=True, validator=Flag("shipment"))
    tracking_sent_at: datetime | None = attrs.field(
        default=None, validator=AwareInstant("shipment", optional=True)
    )
    cost: Decimal | None = attrs.field(default=None)

    @cost.validator
    def _check_cost(self, _: object, value: object) -> None:
        if value is None:
            return
        if not isinstance(value, Decimal) or not value.is_finite():
            raise ValidationError("shipment.cost", p.not_money(value))
        if value < 0:
            raise ValidationError("shipment.cost", "must not be negative")

    @property
    def has_valid_tracking(self) -> bool:
        """A trackable method whose tracking number was sent to the shop."""
        return (
            self.trackable
            and self.tracking_number is not None
            and self.tracking_sent_at is not None
        )

    @classmethod
    def from_dict(cls, data: object, path: str = "shipment") -> Shipment:
        """Read from JSON."""
        d = _SHIPMENT.read(data, path)
        cost = d.get("cost")
        try:  # the validators check the values taken as they are
            return cls(
                shipped_at=p.timestamp(d["shipped_at"], "shipment.shipped_at"),
                carrier=d["carrier"],
                tracking_number=d.get("tracking_number"),
                trackable=d.get("trackable", True),
                tracking_sent_at=p.optional_timestamp(
                    d.get("tracking_sent_at"), "shipment.tracking_sent_at"
                ),
                cost=None if cost is None else p.decimal_value(cost, "shipment.cost"),
            )
        except ValidationError as err:
            raise err.rebased("shipment", path) from None

    def to_dict(self, currency: str = "HKD") -> dict[str, Any]:  # pragma: no mutate
        """Write as JSON."""
        return {
            "shipped_at": self.shipped_at.isoformat(),
            "carrier": self.carrier,
            "tracking_number": self.tracking_number,
            "trackable": self.trackable,
            "tracking_sent_at": None
            if self.tracking_sent_at is None
            else self.tracking_sent_at.isoformat(),
            "cost": None if self.cost is None else p.format_money(self.cost, currency),
        }


@attrs.frozen(kw_only=True)
class Receipt:
    """The parcel arrived at the shop."""

    received_at: datetime = attrs.field(validator=AwareInstant("receipt"))

    @classmethod
    def from_dict(cls, data: object, path: str = "receipt") -> Receipt:
        """Read from JSON."""
        d = _RECEIPT.read(data, path)
        try:
            return cls(received_at=p.timestamp(d["received_at"], "receipt.received_at"))
        except ValidationError as err:
            raise err.rebased("receipt", path) from None

    def to_dict(self) -> dict[str, Any]:
        """Write as JSON."""
        return {"received_at": self.received_at.isoformat()}


@attrs.frozen(kw_only=True)
class Finding:
    """What inspection found for one sku: its condition, and whether the claimed reason was confirmed."""

    sku: str = attrs.field(validator=NonEmptyText("finding"))
    condition: tuple[Condition, ...] = attrs.field(default=(), validator=ConditionFlags("finding"))
    reason_confirmed: bool = attrs.field(default=True, validator=Flag("finding"))

    @classmethod
    def from_dict(cls, data: object, path: str = "finding") -> Finding:
        """Read from JSON."""
        d = _FINDING.read(data, path)
        try:
            return cls(
                sku=d["sku"],
                condition=conditions(d.get("condition", ()), "finding.condition"),
                reason_confirmed=d.get("reason_confirmed", True),
            )
        except ValidationError as err:
            raise err.rebased("finding", path) from None

    def to_dict(self) -> dict[str, Any]:
        """Write as JSON."""
        return {
            "sku": self.sku,
            "condition": [c.value for c in self.condition],
            "reason_confirmed": self.reason_confirmed,
        }


@attrs.frozen(kw_only=True)
class Inspection:
    """The warehouse's inspection of the received items, one finding per sku."""

    inspected_at: datetime = attrs.field(validator=AwareInstant("inspection"))
    items: tuple[Finding, ...] = attrs.field(converter=p.as_tuple)

    def __attrs_post_init__(self) -> None:
        _tuple_of(self.items, Finding, "inspection.items")
        _no_repeats(tuple(f.sku for f in self.items), "inspection.items")

    def finding(self, sku: str) -> Finding | None:
        """The finding for *sku*, if inspected."""
        return next((f for f in self.items if f.sku == sku), None)

    @classmethod
    def from_dict(cls, data: object, path: str = "inspection") -> Inspection:
        """Read from JSON."""
        d = _INSPECTION.read(data, path)
        try:
            return cls(
                inspected_at=p.timestamp(d["inspected_at"], "inspection.inspected_at"),
                items=p.items(d["items"], "inspection.items", Finding.from_dict),
            )
        except ValidationError as err:
            raise err.rebased("inspection", path) from None

    def to_dict(self) -> dict[str, Any]:
        """Write as JSON."""
        return {
            "inspected_at": self.inspected_at.isoformat(),
            "items": [f.to_dict() for f in self.items],
        }


def _tuple_of(value: object, kind: type, path: str) -> None:
    if not isinstance(value, tuple):
        raise ValidationError(path, f"expected a tuple of {kind.__name__}, got {p.kind(value)}")
    for i, v in enumerate(value):
        if not isinstance(v, kind):
            raise ValidationError(f"{path}[{i}]", f"expected a {kind.__name__}")


def _no_repeats(keys: tuple[str, ...], path: str) -> None:
    if len(set(keys)) == len(keys):
        return
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if key in seen:
            raise ValidationError(f"{path}[{i}]", f"{p.show(key)} is listed twice")
        seen.add(key)


#: (later, earlier) pairs of facts that must come in this order.
_ORDER_OF_FACTS = (
    ("authorization.authorized_at", "request.requested_at"),
    ("shipment.tracking_sent_at", "shipment.shipped_at"),
    ("receipt.received_at", "shipment.shipped_at"),
    ("inspection.inspected_at", "receipt.received_at"),
)


@attrs.frozen(kw_only=True)
class ReturnCase:
    """A case with the facts that followed the answer, each optional, in a possible order.

    The JSON is the case format with four more optional keys: ``authorization``,
    ``shipment``, ``receipt``, ``inspection``.
    """

    case: Case
    authorization: Authorization | None = None
    shipment: Shipment | None = None
    receipt: Receipt | None = None
    inspection: Inspection | None = None

    def __attrs_post_init__(self) -> None:
        self._check_skus()
        self._check_order()

    def _check_skus(self) -> None:
        skus = {line.sku for line in self.case.request.lines}
        authorized = (self.authorization and self.authorization.skus) or ()
        for n, sku in enumerate(authorized):
            if sku not in skus:
                raise ValidationError(
                    f"authorization.skus[{n}]", f"{p.show(sku)} is not a line of the request"
                )
        for n, finding in enumerate(self.inspection.items if self.inspection else ()):
            if finding.sku not in skus:
                raise ValidationError(
                    f"inspection.items[{n}].sku",
                    f"{p.show(finding.sku)} is not a line of the request",
                )
        if self.shipment is not None and self.shipment.cost is not None:
            p.check_money(self.shipment.cost, "shipment.cost", self.case.order.currency)

    def _check_order(self) -> None:
        """Request <= authorization; shipment <= tracking sent; shipment <= receipt <= inspection."""
        a, s, r, i = self.authorization, self.shipment, self.receipt, self.inspection
        if r is not None and s is None:
            raise ValidationError(
                "receipt", "a parcel cannot be received before a shipment is recorded"
            )
        if i is not None and r is None:
            raise ValidationError(
                "inspection", "a parcel cannot be inspected before its receipt is recorded"
            )
        when: dict[str, datetime | None] = {
            "request.requested_at": self.case.request.requested_at,
            "authorization.authorized_at": None if a is None else a.authorized_at,
            "shipment.shipped_at": None if s is None else s.shipped_at,
            "shipment.tracking_sent_at": None if s is None else s.tracking_sent_at,
            "receipt.received_at": None if r is None else r.received_at,
            "inspection.inspected_at": None if i is None else i.inspected_at,
        }
        for later_path, earlier_path in _ORDER_OF_FACTS:
            later, earlier = when[later_path], when[earlier_path]
            if later is not None and earlier is not None and later < earlier:
                raise ValidationError(
                    later_path,
                    f"{later.isoformat()} is before {earlier_path} {earlier.isoformat()}",
                )

    @classmethod
    def of(  # noqa: PLR0913 - the order, the request and the four optional facts
        cls,
        order: Order,
        request: ReturnRequest,
        *,
        authorization: Authorization | None = None,
        shipment: Shipment | None = None,
        receipt: Receipt | None = None,
        inspection: Inspection | None = None,
    ) -> ReturnCase:
        """A return case from the order and the request directly, as its JSON is flat."""
        return cls(
            case=Case(order=order, request=request),
            authorization=authorization,
            shipment=shipment,
            receipt=receipt,
            inspection=inspection,
        )

    @property
    def order(self) -> Order:
        """The case's order."""
        return self.case.order

    @property
    def request(self) -> ReturnRequest:
        """The case's request."""
        return self.case.request

    @classmethod
    def from_dict(cls, data: object) -> ReturnCase:
        """Read a return case from its JSON object."""
        d = _RETURN_CASE.read(data, "case")
        return cls(
            case=Case.from_dict({"order": d["order"], "request": d["request"]}),
            authorization=None
            if d.get("authorization") is None
            else Authorization.from_dict(d["authorization"]),
            shipment=None if d.get("shipment") is None else Shipment.from_dict(d["shipment"]),
            receipt=None if d.get("receipt") is None else Receipt.from_dict(d["receipt"]),
            inspection=None
            if d.get("inspection") is None
            else Inspection.from_dict(d["inspection"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """Write the return case as JSON (absent facts are left out)."""
        out = self.case.to_dict()
        if self.authorization is not None:
            out["authorization"] = self.authorization.to_dict()
        if self.shipment is not None:
            out["shipment"] = self.shipment.to_dict(self.case.order.currency)
        if self.receipt is not None:
            out["receipt"] = self.receipt.to_dict()
        if self.inspection is not None:
            out["inspection"] = self.inspection.to_dict()
        return out


@attrs.frozen(kw_only=True)
class SettlementLine:
    """One line after the facts: ``pending`` while the case waits, else approved or rejected."""

    sku: str
    outcome: LineOutcome
    ground: str | None
    rejections: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "sku": self.sku,
            "outcome": self.outcome.value,
            "ground": self.ground,
            "rejections": list(self.rejections),
        }

    @classmethod
    def from_dict(cls, data: object, path: str = "line") -> SettlementLine:
        """Read a line back from its JSON; refuse what ``to_dict`` could not have written.

        An approved or pending line has a ground and no rejection; a rejected
        line has no ground and at least one rejection.
        """
        d = _SETTLEMENT_LINE.read(data, path)
        outcome = p.choice(LineOutcome, d["outcome"], f"{path}.outcome")
        rejections = p.items(d["rejections"], f"{path}.rejections", read_code)
        return cls(
            sku=p.string(d["sku"], f"{path}.sku"),
            outcome=outcome,
            ground=read_ground(outcome, d["ground"], rejections, path),
            rejections=rejections,
        )


@attrs.frozen(kw_only=True)
class Settlement:
    """Where a return case stands: what it waits on, per-line outcomes, the refund and its due date.

    ``refund`` is ``None`` until the case is settled.
    """

    order_id: str
    status: Status
    due: date | None
    lines: tuple[SettlementLine, ...]
    refund: Refund | None
    refund_due: date | None
    exchange_ship_by: date | None
    policy: PolicyId
    explanation: tuple[str, ...]
    language: str = "en"
    _catalogue: Catalogue | None = attrs.field(default=None, eq=False, repr=False)
    _notes: tuple[NoteGroup, ...] | None = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The settlement as JSON-ready plain data."""
        return {
            "order_id": self.order_id,
            "status": self.status.value,
            "due": _iso(self.due),
            "lines": [line.to_dict() for line in self.lines],
            "refund": None if self.refund is None else self.refund.to_dict(),
            "refund_due": _iso(self.refund_due),
            "exchange_ship_by": _iso(self.exchange_ship_by),
            "policy": self.policy.to_dict(),
            "explanation": list(self.explanation),
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: object, path: str = "settlement") -> Settlement:
        """Read a settlement back from its JSON; refuse what ``to_dict`` could not have written.

        Lines are pending only while the case waits; a refund, its due date and
        the date an exchange ships by come with a settled case only.
        """
        d = _SETTLEMENT.read(data, path)
        status = p.choice(Status, d["status"], f"{path}.status")
        waiting = status.value.startswith("awaiting_")
        lines = read_lines(d["lines"], f"{path}.lines", SettlementLine.from_dict, "settlement")
        settled = status is Status.SETTLED
        for i, line in enumerate(lines):
            if (line.outcome is LineOutcome.PENDING and not waiting) or (
                line.outcome is LineOutcome.APPROVED and not settled
            ):
                raise ValidationError(
                    f"{path}.lines[{i}].outcome",
                    f"a line is {line.outcome.value} only while the case "
                    f"{'waits' if line.outcome is LineOutcome.PENDING else 'is settled'}, "
                    f"and it is {status.value}",
                )
        for key in ("refund", "refund_due", "exchange_ship_by"):
            if d[key] is not None and not settled:
                raise ValidationError(f"{path}.{key}", f"is null while the case is {status.value}")
        if settled and d["refund"] is None:
            raise ValidationError(f"{path}.refund", "a settled case has a refund")
        return cls(
            order_id=p.string(d["order_id"], f"{path}.order_id"),
            status=status,
            due=_day(d["due"], f"{path}.due"),
            lines=lines,
            refund=None if d["refund"] is None else Refund.from_dict(d["refund"], f"{path}.refund"),
            refund_due=_day(d["refund_due"], f"{path}.refund_due"),
            exchange_ship_by=_day(d["exchange_ship_by"], f"{path}.exchange_ship_by"),
            policy=PolicyId.from_dict(d["policy"], f"{path}.policy"),
            explanation=p.items(d["explanation"], f"{path}.explanation", p.string),
            language=read_language(d.get("language", "en"), f"{path}.language"),
        )

    def explain(self, language: str | Catalogue | None = None) -> str:
        """Text a support agent can paste into a reply, in *language* (default: the settlement's).

        :param language: a shipped language (``en``, ``zh-Hant-HK``) or a
            :class:`~aulso_returns.Catalogue` of the shop's own.
        :raises ValueError: as :meth:`Decision.explain <aulso_returns.Decision.explain>`.
        """
        cat, lines = writing(self, language)
        out = [self._heading(cat)]
        out += [f"- {s}" for s in lines]
        return "\n".join(out)

    def _heading(self, cat: Catalogue) -> str:
        """Where the case stands; with a due date, who acts by then and what they owe."""
        order_id, due, refund = self.order_id, self.due, self.refund
        if self.status is Status.AWAITING_AUTHORIZATION and due is not None:
            return cat.text("settlement.heading_instructions", order_id=order_id, due=due)
        if self.status is Status.SETTLED and due is not None and refund is not None:
            owed = [
                kind
                for kind, due_by in (
                    ("refund", self.refund_due),
                    ("exchange", self.exchange_ship_by),
                )
                if due_by is not None
            ]
            if owed:  # refund, exchange or refund_exchange
                total = Money(amount=refund.total, currency=refund.currency)
                return cat.text(
                    f"settlement.heading_{'_'.join(owed)}", order_id=order_id, total=total, due=due
                )
        status = cat.text(f"status.{self.status.value}")
        return cat.text("settlement.heading", order_id=order_id, status=status)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(value: object, path: str) -> date | None:
    return None if value is None else p.day(value, path)


@attrs.define
class _Walk:
    """The working state of one settlement."""

    judged: dict[str, JudgedLine]
    live: dict[str, None]  # approved at request time and not refused since, in request order
    refused: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    final: dict[str, JudgedLine] = attrs.field(factory=dict)
    notes: list[NoteGroup] = attrs.field(factory=list)

    def note(self, id: str, clauses: tuple[str, ...] = (), **values: object) -> None:  # noqa: A002
        """Add a sentence of its own."""
        self.notes.append((Note(id=id, values=values, clauses=clauses),))

    def refuse(self, skus: list[str], code: str) -> None:
        for sku in skus:
            self.refused[sku] = (code,)
            del self.live[sku]  # every sku refused is live


def settle(
    case: ReturnCase,
    *,
    policy: Policy[LineContext] | PolicyHistory[LineContext] = AULSO_POLICY,
    calendar: BusinessCalendar | None = None,
    language: str | Catalogue = "en",  # pragma: no mutate
) -> Settlement:
    """Settle *case*: re-decide the request, then apply the later facts in order.

    Pure, like :func:`~aulso_returns.evaluate`: no clock is read.

    :param case: the case with the facts that followed it (authorization,
        shipment, receipt, inspection), each optional.
    :param policy: a :class:`~aulso_returns.Policy` or a
        :class:`~aulso_returns.PolicyHistory` (default: the shop's policy).
    :param calendar: the business calendar of the due dates (default: Hong Kong's).
    :param language: the language of the explanation, as for
        :func:`~aulso_returns.evaluate`; the settlement never depends on it.
    :returns: the :class:`~aulso_returns.Settlement`: what the case waits on or
        how it ended, per-line outcomes, the refund and its due date.
    :raises ValidationError: when a fact names a line the request was refused at
        request time, or the order was placed before the history's first version.
    :raises TypeError: when *case* is not a :class:`~aulso_returns.ReturnCase`
        (JSON data is read with ``ReturnCase.from_dict``).
    :raises ValueError: for an unknown language, or a rule of *policy* without
        a text in it.

    >>> from aulso_returns import DEMO_CASES, ReturnCase
    >>> settle(ReturnCase.from_dict(DEMO_CASES["cash on delivery"])).status.value
    'refused'
    """
    expect(case, ReturnCase, "case", "ReturnCase.from_dict")
    cat = catalogue(language)
    cal = calendar_or_default(calendar)
    order, request = case.case.order, case.case.request
    chosen = resolve_policy(policy, order)
    check_policy(chosen)
    cat.check(chosen)
    judged = {j.context.line.sku: j for j in judge_lines(chosen, order, request)}
    walk = _Walk(judged=judged, live={sku: None for sku, j in judged.items() if j.ruling.allowed})
    walk.notes.extend(j.notes for j in judged.values() if not j.ruling.allowed)
    _check_authorization(case, walk)
    status = _walk_facts(case, walk)
    if status is Status.SETTLED:
        _walk_inspection(chosen, case, walk)
        if not walk.final:
            status = Status.REFUSED
    lines = tuple(_settlement_line(sku, walk) for sku in judged)
    due = refund = refund_due = ship_by = None
    if status is Status.AWAITING_AUTHORIZATION:
        due = cal.add_business_days(
            request.requested_at, chosen.settings["authorization_business_days"]
        )
    elif status is Status.SETTLED and case.inspection is not None:
        days = chosen.settings["settlement_business_days"]
        due = cal.add_business_days(case.inspection.inspected_at, days)
        accepted = tuple(walk.final.values())
        shipment = case.shipment
        postage = Decimal(0)
        if (
            payer_of(accepted) is Payer.MERCHANT
            and shipment is not None
            and shipment.cost is not None
        ):
            postage = shipment.cost
        refund = refund_of(order, accepted, postage)
        if refund.total or any(j.decision.resolution is Resolution.REFUND for j in accepted):
            # money owed (refunded items, or only the postage of an exchange) has a due date
            refund_due = due
            walk.note(
                "settle.refund_postage" if not refund.items and postage else "settle.refund",
                _CLAUSES_REFUND,
                total=Money(amount=refund.total, currency=refund.currency),
                method=PaymentMethod(refund.method),
                due=due,
            )
        if any(j.decision.resolution is Resolution.EXCHANGE for j in accepted):
            ship_by = due
            walk.note("settle.exchange", _CLAUSES_INSPECTED, due=due)
    return Settlement(
        order_id=order.order_id,
        status=status,
        due=due,
        lines=lines,
        refund=refund,
        refund_due=refund_due,
        exchange_ship_by=ship_by,
        policy=PolicyId(name=chosen.name, version=chosen.version),
        explanation=tuple([cat.sentences(group) for group in walk.notes]),
        language=cat.language,
        catalogue=cat,
        notes=tuple(walk.notes),
    )


def _check_authorization(case: ReturnCase, walk: _Walk) -> None:
    """Refuse input that authorizes a refused line; narrow the live lines to the authorization."""
    auth = case.authorization
    if auth is None or auth.skus is None:
        return
    for n, sku in enumerate(auth.skus):
        if sku not in walk.live:
            codes = ", ".join(walk.judged[sku].decision.rejections)
            raise ValidationError(
                f"authorization.skus[{n}]",
                f"{p.show(sku)} was refused at request time ({codes}) and cannot be authorized",
            )
    authorized = set(auth.skus)
    outside = [sku for sku in walk.live if sku not in authorized]
    for sku in outside:
        walk.note("settle.outside_authorization", _CLAUSES_AUTH, sku=sku)
    walk.refuse(outside, NOT_AUTHORIZED)


def _walk_facts(case: ReturnCase, walk: _Walk) -> Status:  # noqa: PLR0911 - one return per state
    """Authorization, shipment, tracking and receipt, in the policy's order."""
    auth, ship = case.authorization, case.shipment
    if not walk.live:
        return Status.REFUSED
    if ship is not None and (auth is None or ship.shipped_at < auth.authorized_at):
        if auth is None:
            walk.note(
                "settle.shipped_without_authorization", _CLAUSES_AUTH, shipped_at=ship.shipped_at
            )
        else:
            walk.note(
                "settle.shipped_before_authorization",
                _CLAUSES_AUTH,
                shipped_at=ship.shipped_at,
                authorized_at=auth.authorized_at,
            )
        walk.refuse(list(walk.live), NOT_AUTHORIZED)
        return Status.REFUSED
    if auth is None:
        walk.note("settle.wait")
        return Status.AWAITING_AUTHORIZATION
    if ship is None:
        walk.note("settle.ship")
        return Status.AWAITING_SHIPMENT
    if not ship.trackable:
        walk.note(
            "settle.untrackable", _CLAUSES_SHIP, carrier=ship.carrier, shipped_at=ship.shipped_at
        )
        walk.refuse(list(walk.live), NO_TRACKING)
        return Status.REFUSED
    if case.receipt is None:
        if not ship.has_valid_tracking:
            walk.note("settle.send_tracking")
            return Status.AWAITING_TRACKING
        return Status.AWAITING_RECEIPT
    if not ship.has_valid_tracking:
        walk.note("settle.no_tracking", _CLAUSES_TRACKING, received_at=case.receipt.received_at)
        walk.refuse(list(walk.live), NO_TRACKING)
        return Status.REFUSED
    return Status.AWAITING_INSPECTION if case.inspection is None else Status.SETTLED


def _walk_inspection(policy: Policy[LineContext], case: ReturnCase, walk: _Walk) -> None:
    """Judge each live line again as found; an unconfirmed merchant error is judged as a change of mind."""
    inspection = case.inspection
    assert inspection is not None  # noqa: S101 - only called once the case is inspected
    rule_order = {r.code: n for n, r in enumerate(policy.rules)}
    findings = {f.sku: f for f in inspection.items}
    for sku in walk.live:
        finding = findings.get(sku)
        if finding is None:
            raise ValidationError(
                "inspection.items", f"no finding for the authorized sku {p.show(sku)}"
            )
        ctx = walk.judged[sku].context
        codes: tuple[str, ...] = ()
        line = ctx.line
        if not finding.reason_confirmed and line.reason.is_merchant_error:
            codes = (REASON_NOT_CONFIRMED,)
            walk.note("settle.reason_not_confirmed", sku=sku, reason=line.reason)
            line = attrs.evolve(line, reason=Reason.CHANGED_MIND)
        again = judge_line(policy, attrs.evolve(ctx, line=line, condition=finding.condition))
        if again.ruling.allowed:
            walk.final[sku] = again
            walk.note(
                "settle.accepted",
                _CLAUSES_INSPECTED,
                sku=sku,
                inspected_on=hong_kong_date(inspection.inspected_at),
            )
            continue
        bars = {rule.code for rule in again.ruling.bars}
        if bars & CONDITION_BARS:
            codes += (INSPECTION_FAILED,)
            walk.note("settle.condition_failed", sku=sku, condition=finding.condition)
        codes += tuple(sorted(bars - CONDITION_BARS, key=rule_order.__getitem__))
        walk.refused[sku] = codes
        walk.notes.append(again.notes)


def _settlement_line(sku: str, walk: _Walk) -> SettlementLine:
    judged = walk.judged[sku]
    if not judged.ruling.allowed:
        return SettlementLine(
            sku=sku,
            outcome=LineOutcome.REJECTED,
            ground=None,
            rejections=judged.decision.rejections,
        )
    if sku in walk.refused:
        return SettlementLine(
            sku=sku, outcome=LineOutcome.REJECTED, ground=None, rejections=walk.refused[sku]
        )
    final = walk.final.get(sku)
    if final is not None:
        return SettlementLine(
            sku=sku, outcome=LineOutcome.APPROVED, ground=final.decision.ground, rejections=()
        )
    return SettlementLine(
        sku=sku, outcome=LineOutcome.PENDING, ground=judged.decision.ground, rejections=()
    )

"""Deciding a return request line by line: :func:`evaluate` and :class:`Decision`."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any, Protocol, TypeVar

import attrs

from . import _parse as p
from ._calendar import HKT, BusinessCalendar
from ._errors import ValidationError
from ._messages import (
    Catalogue,
    LineNotes,
    NoteGroup,
    PaymentMethod,
    Plan,
    catalogue,
)
from ._model import (
    Money,
    Order,
    Resolution,
    ReturnRequest,
    _new_line,
    _new_request,
    check_request_against_order,
)
from ._policy import (
    AULSO_POLICY,
    ChangeOfMindWindow,
    LineAspect,
    LineContext,
    LineFacts,
    ReturnWindow,
    _new_context,
)
from ._rules import CODE, Policy, PolicyHistory, Predicate, Rule, Ruling
from ._template import LANGUAGE_TAG
from ._timeline import Timeline, boundaries, made_at, ordered, timed_parts
from ._trusted import trusted

POLICY_SETTINGS: Mapping[str, str] = MappingProxyType(
    {
        "authorization_business_days": "business days within which the shop answers a request "
        "with return instructions",
        "settlement_business_days": "business days after the inspection within which the shop "
        "refunds or ships an exchange",
    }
)
"""The settings a decision reads from its policy (:attr:`Policy.settings`), with what each is."""

_FRACTION = re.compile(r"[01](\.[0-9]+)?")
LINE_TERMS: Mapping[str, tuple[Callable[[str], bool], str]] = MappingProxyType(
    {
        "return_shipping": (lambda v: v in {"merchant", "customer"}, '"merchant" or "customer"'),
        "original_shipping": (lambda v: v == "refunded", '"refunded"'),
        "restocking_fee": (
            lambda v: _FRACTION.fullmatch(v) is not None and Decimal(v) <= 1,
            'a fraction from 0 to 1 in digits, such as "0.15"',
        ),
    }
)
"""The terms of a ground a decision reads: how each is checked, and what the check asks for.

``return_shipping`` (who pays it), ``original_shipping`` (``refunded`` when the
order's shipping is refunded) and ``restocking_fee`` (the fraction of the
items' price kept). Other terms are the policy's own: kept, not read.
"""


def check_policy(policy: Policy[LineContext] | PolicyHistory[LineContext]) -> None:
    """Check that *policy* (each of its versions) holds what a decision reads from it.

    Every setting of :data:`POLICY_SETTINGS`, and every term of
    :data:`LINE_TERMS` its rules give, in a form the decision reads.
    Called by :func:`evaluate`, :func:`~aulso_returns.settle` and
    :func:`~aulso_returns.options` (once per policy); call it at start-up to
    know sooner.

    :param policy: the policy, or every version of a history.
    :returns: nothing: it returns when the policy holds what a decision reads.
    :raises ValueError: naming the setting or the rule and term.

    >>> check_policy(AULSO_POLICY.with_settings(settlement_business_days=5))
    >>> check_policy(Policy(name="shop", version="1", rules=()))
    Traceback (most recent call last):
    ...
    ValueError: policy shop 1 has no setting authorization_business_days (business days within which the shop answers a request with return instructions)
    """
    if isinstance(policy, PolicyHistory):
        for _, version in policy.versions:
            _check_policy(version)
    else:
        _check_policy(policy)


def _check_policy(policy: Policy[LineContext]) -> None:
    # a policy checked once is not checked again: a cache, speed only (pragma)
    if _CHECKED.get(id(policy)) is policy:  # pragma: no mutate
        return
    for name, what in POLICY_SETTINGS.items():
        if name not in policy.settings:
            raise ValueError(
                f"policy {policy.name} {policy.version} has no setting {name} ({what})"
            )
    for rule in policy.rules:
        _check_terms(rule)
    if len(_CHECKED) >= _PLANS_KEPT:  # pragma: no mutate
        _CHECKED.clear()
    _CHECKED[id(policy)] = policy


def _check_terms(rule: Rule[LineContext]) -> None:
    for name, said in rule.terms.items():
        known = LINE_TERMS.get(name)
        if known is not None and not known[0](said):
            raise ValueError(f"rule {rule.code}: the term {name} is {known[1]}, got {said!r}")


#: The policies checked so far, by id (each entry holds its policy: no other has its id).
_CHECKED: dict[int, Policy[LineContext]] = {}

#: The rejection code of a line for which no ground holds and no bar either.
NO_GROUND = "no_ground"

_ZERO = Decimal(0)

HONG_KONG = BusinessCalendar.hong_kong()
"""The default calendar: Hong Kong, Monday to Friday, no closures."""


class Outcome(str, enum.Enum):
    """The outcome of a whole request."""

    APPROVED = "approved"
    PARTIALLY_APPROVED = "partially_approved"
    REJECTED = "rejected"


class LineOutcome(str, enum.Enum):
    """The outcome of one line (``pending`` only in a settlement that still waits)."""

    APPROVED = "approved"
    REJECTED = "rejected"
    PENDING = "pending"


class Payer(str, enum.Enum):
    """Who pays the return shipping."""

    MERCHANT = "merchant"
    CUSTOMER = "customer"


# The keys of each part of a decision's JSON, read back by from_dict.
_LINE_DECISION = p.Shape(
    ("sku", "quantity", "resolution", "outcome", "ground", "rejections", "last_day_to_request",
     "change_of_mind_until"),
)  # fmt: skip
_REFUND = p.Shape(
    ("currency", "items", "original_shipping", "total", "method"),
    ("restocking_fee", "return_shipping"),
)
_DECISION = p.Shape(
    ("order_id", "outcome", "lines", "return_shipping_paid_by", "refund", "deadlines", "policy",
     "explanation"),
    ("language",),
)  # fmt: skip
_DEADLINES = p.Shape(("authorization_due",), ("settlement_business_days",))
_POLICY_ID = p.Shape(("name", "version"))


def _hkt_iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is not HKT:  # pragma: no mutate
        moment = moment.astimezone(HKT)
    return moment.isoformat()


@attrs.frozen(kw_only=True)
class LineDecision:
    """The decision on one line of a request.

    ``ground`` is the code of the ground that approved it (``None`` when
    rejected); ``rejections`` lists every bar that held, in policy order.
    ``last_day_to_request`` and ``change_of_mind_until`` are ``None`` while the
    item is not delivered.
    """

    sku: str
    quantity: int
    resolution: Resolution
    outcome: LineOutcome
    ground: str | None
    rejections: tuple[str, ...]
    last_day_to_request: date | None
    change_of_mind_until: datetime | None

    @property
    def approved(self) -> bool:
        """Whether the line is approved."""
        return self.outcome is LineOutcome.APPROVED

    def to_dict(self) -> dict[str, Any]:
        """The line as JSON."""
        return {
            "sku": self.sku,
            "quantity": self.quantity,
            "resolution": self.resolution._value_,  # the stored value: .value is a property
            "outcome": self.outcome._value_,
            "ground": self.ground,
            "rejections": list(self.rejections),
            "last_day_to_request": None
            if self.last_day_to_request is None
            else self.last_day_to_request.isoformat(),
            "change_of_mind_until": _hkt_iso(self.change_of_mind_until),
        }

    @classmethod
    def from_dict(cls, data: object, path: str = "line") -> LineDecision:
        """Read a line decision back from its JSON; refuse what ``to_dict`` could not have written."""
        d = _LINE_DECISION.read(data, path)
        last = d["last_day_to_request"]
        until = p.optional_timestamp(d["change_of_mind_until"], f"{path}.change_of_mind_until")
        outcome = p.choice(LineOutcome, d["outcome"], f"{path}.outcome")
        rejections = p.items(d["rejections"], f"{path}.rejections", read_code)
        if outcome is LineOutcome.PENDING:
            raise ValidationError(f"{path}.outcome", "a decision's line is approved or rejected")
        ground = read_ground(outcome, d["ground"], rejections, path)
        return cls(
            sku=p.string(d["sku"], f"{path}.sku"),
            quantity=p.quantity(d["quantity"], f"{path}.quantity", 1),
            resolution=p.choice(Resolution, d["resolution"], f"{path}.resolution"),
            outcome=outcome,
            ground=ground,
            rejections=rejections,
            last_day_to_request=None
            if last is None
            else p.day(last, f"{path}.last_day_to_request"),
            change_of_mind_until=None
            if until is None
            else p.writable(until, f"{path}.change_of_mind_until"),
        )


class _Line(Protocol):
    @property
    def sku(self) -> str: ...


L = TypeVar("L", bound=_Line)


def read_lines(
    value: object, path: str, read: Callable[[object, str], L], what: str
) -> tuple[L, ...]:
    """The lines of a decision or settlement: at least one, no sku twice."""
    lines = p.items(value, path, read)
    if not lines:
        raise ValidationError(path, f"a {what} has at least one line")
    skus: set[str] = set()
    for i, line in enumerate(lines):
        if line.sku in skus:
            raise ValidationError(f"{path}[{i}].sku", f"{p.show(line.sku)} is listed twice")
        skus.add(line.sku)
    return lines


def read_ground(
    outcome: LineOutcome, ground: object, rejections: tuple[str, ...], path: str
) -> str | None:
    """A line's ground: null for a rejected line (which has a rejection), else a code (and no rejection)."""
    if outcome is LineOutcome.REJECTED:
        if ground is not None:
            raise ValidationError(f"{path}.ground", "a rejected line has no ground (null)")
        if not rejections:
            raise ValidationError(f"{path}.rejections", "a rejected line has a rejection")
        return None
    code = read_code(ground, f"{path}.ground")
    if rejections:
        raise ValidationError(f"{path}.rejections", f"an {outcome.value} line has no rejection")
    return code


def read_code(value: object, path: str) -> str:
    """A snake_case code (a ground or a rejection) from JSON."""
    code = p.string(value, path)
    if not CODE.match(code):
        raise ValidationError(path, f"expected a snake_case code, got {p.show(code)}")
    return code


@attrs.frozen(kw_only=True)
class Refund:
    """The money a decision or settlement refunds, to the original payment method.

    ``total = items - restocking_fee + original_shipping + return_shipping``.
    ``return_shipping`` reimburses the customer's postage; it is known only
    once the parcel is shipped, so a request-time decision has it at zero.
    """

    currency: str
    items: Decimal
    original_shipping: Decimal
    total: Decimal
    method: str
    restocking_fee: Decimal = Decimal(0)
    return_shipping: Decimal = Decimal(0)

    def to_dict(self) -> dict[str, Any]:
        """The refund as JSON, amounts as strings with the currency's minor units."""
        money = p.format_money
        return {
            "currency": self.currency,
            "items": money(self.items, self.currency),
            "restocking_fee": money(self.restocking_fee, self.currency),
            "original_shipping": money(self.original_shipping, self.currency),
            "return_shipping": money(self.return_shipping, self.currency),
            "total": money(self.total, self.currency),
            "method": self.method,
        }

    @classmethod
    def from_dict(cls, data: object, path: str = "refund") -> Refund:
        """Read a refund back from its JSON; the total must add up, as ``to_dict`` writes it."""
        d = _REFUND.read(data, path)
        currency = p.currency_code(d["currency"], f"{path}.currency")
        refund = cls(
            currency=currency,
            items=p.money(d["items"], f"{path}.items", currency),
            restocking_fee=p.money(d.get("restocking_fee", 0), f"{path}.restocking_fee", currency),
            original_shipping=p.money(
                d["original_shipping"], f"{path}.original_shipping", currency
            ),
            return_shipping=p.money(
                d.get("return_shipping", 0), f"{path}.return_shipping", currency
            ),
            total=p.money(d["total"], f"{path}.total", currency),
            method=p.string(d["method"], f"{path}.method"),
        )
        parts = p.MONEY.add(
            p.MONEY.subtract(refund.items, refund.restocking_fee),
            p.MONEY.add(refund.original_shipping, refund.return_shipping),
        )
        if parts != refund.total:
            raise ValidationError(
                f"{path}.total",
                f"must be items - restocking_fee + original_shipping + return_shipping = {parts}",
            )
        return refund


@attrs.frozen(kw_only=True)
class PolicyId:
    """The name and version of the policy that decided."""

    name: str
    version: str

    def to_dict(self) -> dict[str, str]:
        """As JSON."""
        return {"name": self.name, "version": self.version}

    @classmethod
    def from_dict(cls, data: object, path: str = "policy") -> PolicyId:
        """Read a policy id back from its JSON (in a decision, a settlement or options)."""
        d = _POLICY_ID.read(data, path)
        return cls(
            name=p.string(d["name"], f"{path}.name"),
            version=p.string(d["version"], f"{path}.version"),
        )


@attrs.frozen(kw_only=True)
class Deadlines:
    """Dates the shop must meet for the whole request."""

    authorization_due: date
    #: The business days after the inspection within which the shop settles (its policy's).
    settlement_business_days: int

    def to_dict(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "authorization_due": self.authorization_due.isoformat(),
            "settlement_business_days": self.settlement_business_days,
        }


@attrs.frozen(kw_only=True)
class Decision:
    """The answer to a return request: per-line outcomes, refund preview, deadlines, explanation.

    ``to_dict()`` gives the documented JSON; ``from_dict`` reads it back.
    """

    order_id: str
    outcome: Outcome
    lines: tuple[LineDecision, ...]
    return_shipping_paid_by: Payer | None
    refund: Refund
    deadlines: Deadlines
    policy: PolicyId
    explanation: tuple[str, ...]
    language: str = "en"
    _catalogue: Catalogue | None = attrs.field(default=None, eq=False, repr=False)
    _notes: tuple[NoteGroup, ...] | None = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The decision as JSON-ready plain data."""
        return {
            "order_id": self.order_id,
            "outcome": self.outcome._value_,
            "lines": [line.to_dict() for line in self.lines],
            "return_shipping_paid_by": None
            if self.return_shipping_paid_by is None
            else self.return_shipping_paid_by._value_,
            "refund": self.refund.to_dict(),
            "deadlines": self.deadlines.to_dict(),
            "policy": self.policy.to_dict(),
            "explanation": list(self.explanation),
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: object, path: str = "decision") -> Decision:
        """Read a decision back from its JSON; refuse what ``to_dict`` could not have written."""
        d = _DECISION.read(data, path)
        deadlines = _DEADLINES.read(d["deadlines"], f"{path}.deadlines")
        payer = d["return_shipping_paid_by"]
        lines = read_lines(d["lines"], f"{path}.lines", LineDecision.from_dict, "decision")
        outcome = p.choice(Outcome, d["outcome"], f"{path}.outcome")
        if outcome is not outcome_of(lines):
            raise ValidationError(f"{path}.outcome", f"the lines make it {outcome_of(lines).value}")
        approved = any(line.approved for line in lines)
        if (payer is None) is approved:
            raise ValidationError(
                f"{path}.return_shipping_paid_by",
                "is null exactly when no line is approved",
            )
        refund = Refund.from_dict(d["refund"], f"{path}.refund")
        if not approved and refund.total:
            raise ValidationError(
                f"{path}.refund.total", "nothing is refunded when no line is approved"
            )
        explanation = p.items(d["explanation"], f"{path}.explanation", p.string)
        if not explanation:
            raise ValidationError(f"{path}.explanation", "a decision explains every line")
        return cls(
            order_id=p.string(d["order_id"], f"{path}.order_id"),
            outcome=outcome,
            lines=lines,
            return_shipping_paid_by=None
            if payer is None
            else p.choice(Payer, payer, f"{path}.return_shipping_paid_by"),
            refund=refund,
            deadlines=Deadlines(
                authorization_due=p.day(
                    deadlines["authorization_due"], f"{path}.deadlines.authorization_due"
                ),
                # every version before the field was written settled within 7 business days
                settlement_business_days=p.quantity(
                    deadlines.get("settlement_business_days", 7),
                    f"{path}.deadlines.settlement_business_days",
                    0,
                ),
            ),
            policy=PolicyId.from_dict(d["policy"], f"{path}.policy"),
            explanation=explanation,
            language=read_language(d.get("language", "en"), f"{path}.language"),
        )

    def explain(self, language: str | Catalogue | None = None) -> str:
        """Text a support agent can paste into a reply, in *language* (default: the decision's).

        :param language: a shipped language (``en``, ``zh-Hant-HK``) or a
            :class:`~aulso_returns.Catalogue` of the shop's own.
        :raises ValueError: for an unknown language; or for another language
            than the decision's when the decision was read from JSON (its
            sentences are text already written: evaluate the case again).
        """
        cat, lines = writing(self, language)
        return _explain_decision(self, cat, lines)


# Decisions are built from what the policy and the models computed: nothing to check again.
_new_line_decision = trusted(LineDecision)
_new_refund = trusted(Refund)
_new_decision = trusted(Decision)


@attrs.frozen(slots=True)
class JudgedLine:
    """A line decision with the ruling behind it (internal to evaluate and settle)."""

    decision: LineDecision
    ruling: Ruling[LineContext]
    context: LineContext
    notes: LineNotes


_new_judged = trusted(JudgedLine)


def judge_line(policy: Policy[LineContext], context: LineContext) -> JudgedLine:
    """Decide one line under *policy*, with the notes its explanation is written from."""
    return _judged(policy, context, _deadline_parts(policy))


def judge_lines(
    policy: Policy[LineContext], order: Order, request: ReturnRequest
) -> tuple[JudgedLine, ...]:
    """Decide every line of *request* under *policy*, in order, as :func:`judge_line` does.

    The policy's windows are looked up once for all the lines.
    """
    parts = _deadline_parts(policy)
    return tuple([_judged(policy, context, parts) for context in LineContext.each(order, request)])


@attrs.frozen(slots=True)
class _DeadlineParts:
    """The predicates of a policy that give a line's deadlines, found once per policy.

    The first :class:`ReturnWindow` and the first :class:`ChangeOfMindWindow`
    its rules use, whatever their codes (``None``: it has none), and every
    predicate that declares boundaries (for the deadline of a refund instead).
    """

    window: ReturnWindow | None
    com: ChangeOfMindWindow | None
    timed: tuple[Predicate[LineContext], ...]


def _deadline_parts(policy: Policy[LineContext]) -> _DeadlineParts:
    kept = _DEADLINE_PARTS.get(id(policy))
    if kept is not None and kept[0] is policy:
        return kept[1]
    parts = [part for rule in policy.rules for part in rule.when.walk()]
    found = _DeadlineParts(
        next((w for w in parts if isinstance(w, ReturnWindow)), None),
        next((w for w in parts if isinstance(w, ChangeOfMindWindow)), None),
        timed_parts(policy),
    )
    if len(_DEADLINE_PARTS) >= _PLANS_KEPT:  # pragma: no mutate
        _DEADLINE_PARTS.clear()
    _DEADLINE_PARTS[id(policy)] = (policy, found)  # the entry holds its policy: no other has its id
    return found


_DEADLINE_PARTS: dict[int, tuple[Policy[LineContext], _DeadlineParts]] = {}

#: What differs between a line asking for an exchange and the same line asking for a refund.
_AS_REFUND = frozenset({LineAspect.RESOLUTION, LineAspect.REQUEST})


def _refund_instead(
    policy: Policy[LineContext], context: LineContext, ruling: Ruling[LineContext],
    timed: tuple[Predicate[LineContext], ...],
) -> tuple[str | None, datetime | None]:  # fmt: skip
    """What the refusal (*ruling*) of *context*'s exchange says is open instead, and until when.

    A refused exchange that the policy approves as a refund is closed with
    ``line.refund_instead`` and the last instant the refund's ground goes on
    approving it, or ``line.refund_instead_anytime`` where nothing ends it;
    anything else with nothing (``None, None``). Asked only where it can be
    (see :meth:`Policy.stays_refused`).
    """
    refund = as_refund(context)
    now = policy.reruling(refund, ruling, _AS_REFUND)
    if not now.allowed:
        return None, None
    points, here = ordered(boundaries(timed, refund), refund.request.requested_at)
    timeline = Timeline(
        policy=policy, now=now, points=points, here=here, placed_at=refund.order.placed_at,
        moment=lambda when: made_at(refund, when),
    )  # fmt: skip
    until = timeline.until()
    return "line.refund_instead_anytime" if until is None else "line.refund_instead", until


def as_refund(context: LineContext) -> LineContext:
    """*context* with its line asking for a refund instead (in the same request, otherwise as it is)."""
    line = context.line
    refund = _new_line(
        sku=line.sku, reason=line.reason, resolution=Resolution.REFUND, quantity=line.quantity,
        condition=line.condition,
    )  # fmt: skip
    request = context.request
    lines = tuple([refund if asked is line else asked for asked in request.lines])
    return _new_context(
        order=context.order,
        request=_new_request(
            order_id=request.order_id, requested_at=request.requested_at, lines=lines
        ),
        item=context.item,
        line=refund,
        condition=context.condition,
        delivered=context.delivered,
        delivered_on=context.delivered_on,
        requested_on=context.requested_on,
    )


def _judged(policy: Policy[LineContext], context: LineContext, parts: _DeadlineParts) -> JudgedLine:
    ruling = policy.ruling(context)
    line = context.line
    last_day = None if parts.window is None else parts.window.last_day(context)
    com_until = None if parts.com is None else parts.com.until(context)
    instead: str | None = None
    refund_until: datetime | None = None
    if ruling.allowed:
        ground: str | None = ruling.grounds[0].code
        rejections: tuple[str, ...] = ()
    else:
        ground = None
        rejections = tuple(rule.code for rule in ruling.bars) or (NO_GROUND,)
        if line.resolution is Resolution.EXCHANGE and not policy.stays_refused(
            ruling, _AS_REFUND
        ):  # a bar that reads no resolution refuses the refund too
            instead, refund_until = _refund_instead(policy, context, ruling, parts.timed)
    notes = LineNotes(
        plan_of(ruling, context, instead=instead),
        LineFacts(context, last_day, com_until, policy.facts, refund_until),
    )
    decision = _new_line_decision(
        sku=line.sku,
        quantity=line.quantity,
        resolution=line.resolution,
        outcome=LineOutcome.APPROVED if ruling.allowed else LineOutcome.REJECTED,
        ground=ground,
        rejections=rejections,
        last_day_to_request=last_day,
        change_of_mind_until=com_until,
    )
    return _new_judged(decision=decision, ruling=ruling, context=context, notes=notes)


def plan_of(ruling: Ruling[LineContext], context: LineContext, *, instead: str | None) -> Plan:
    """What a line's explanation says, in order: the same for every line with the same ruling.

    *instead* is the key of the sentence that closes a refusal with what is
    open instead (``None``: nothing is).

    Kept per ruling (a policy keeps one per set of rules that hold) and the
    clauses its rules cite where they depend on the line (``Rule.cites``: a
    merchant error cites its reason's clause), so that a catalogue finds the
    writers of a line's sentences once per plan.
    """
    own: tuple[tuple[str, ...], ...]
    if ruling.allowed:
        cites = ruling.grounds[0].cites
        own = () if cites is None else (cites(context),)
    else:
        own = ()
        for r in ruling.bars:  # a loop, not a comprehension: most bars cite nothing of the line
            if r.cites is not None:
                own += (r.cites(context),)
    key = (id(ruling), instead, own)
    kept = _PLANS.get(key)  # the entry holds its ruling: no other object can have its id
    if kept is not None:
        return kept[1]
    if ruling.allowed:
        g = ruling.grounds[0]
        plan: Plan = (("line.accepted", (), None), (f"rule.{g.code}", g.cited(context), g))
    else:
        plan = (("line.refused", (), None),) + (
            tuple((f"rule.{r.code}", r.cited(context), r) for r in ruling.bars)
            or (("line.no_ground", (), None),)
        )
        if instead is not None:
            plan += ((instead, (), None),)
    if len(_PLANS) >= _PLANS_KEPT:  # pragma: no mutate
        _PLANS.clear()
    _PLANS[key] = (ruling, plan)
    return plan


#: Plans kept, by ruling: a policy's rulings are few (one per set of rules that hold).
_PLANS_KEPT = 4096
_PLANS: dict[
    tuple[int, str | None, tuple[tuple[str, ...], ...]], tuple[Ruling[LineContext], Plan]
] = {}


def write_lines(cat: Catalogue, judged: Iterable[JudgedLine]) -> tuple[str, ...]:
    """One sentence group a judged line: its header, then each reason, written by *cat*."""
    return tuple([cat.sentences(j.notes) for j in judged])


def read_language(value: object, path: str) -> str:
    """The language tag an explanation is written in, from JSON."""
    tag = p.string(value, path)
    if not LANGUAGE_TAG.match(tag):
        raise ValidationError(
            path, f"expected a language tag such as zh-Hant-HK, got {p.show(tag)}"
        )
    return tag


class _Explained(Protocol):
    @property
    def language(self) -> str: ...
    @property
    def explanation(self) -> tuple[str, ...]: ...
    @property
    def _catalogue(self) -> Catalogue | None: ...
    @property
    def _notes(self) -> tuple[NoteGroup, ...] | None: ...


def writing(answer: _Explained, asked: str | Catalogue | None) -> tuple[Catalogue, tuple[str, ...]]:
    """The catalogue to explain *answer* in, and its sentences in that language.

    Asked for no language: the one the explanation was written in, by the
    catalogue that wrote it. Asked for another: the notes are written again;
    without notes (read from JSON) only the explanation's own language is possible.
    """
    if asked is None:
        return (answer._catalogue or catalogue(answer.language)), answer.explanation
    cat = catalogue(asked)
    if answer._notes is not None:
        return cat, tuple([cat.sentences(group) for group in answer._notes])
    if cat.language != answer.language:
        raise ValueError(
            f"this explanation was read from JSON and is written in {answer.language}; evaluate "
            f"the case again with language={cat.language!r} to explain it in {cat.language}"
        )
    return cat, answer.explanation


def outcome_of(lines: tuple[LineDecision, ...]) -> Outcome:
    """Approved, partially approved or rejected, from the lines."""
    approved = sum([line.approved for line in lines])
    if approved == len(lines):
        return Outcome.APPROVED
    return Outcome.PARTIALLY_APPROVED if approved else Outcome.REJECTED


def payer_of(judged: tuple[JudgedLine, ...]) -> Payer | None:
    """Who pays return shipping: the shop if any approved line's ground says so."""
    payers = {
        j.ruling.grounds[0].terms.get("return_shipping")  # no term: the customer pays
        for j in judged
        if j.ruling.allowed
    }
    if not payers:
        return None
    return Payer.MERCHANT if "merchant" in payers else Payer.CUSTOMER


def refund_of(
    order: Order, judged: tuple[JudgedLine, ...], return_shipping: Decimal = _ZERO
) -> Refund:
    """The refund of the approved refund lines, with restocking fees, original and return shipping."""
    quantum = p.money_quantum(order.currency)
    items = fees = _ZERO
    shipping_refunded = False  # pragma: no mutate
    money = p.MONEY  # every operation in it: exact, whatever the caller's context
    for j in judged:
        if not j.ruling.allowed or j.decision.resolution is not Resolution.REFUND:
            continue
        terms = j.ruling.grounds[0].terms
        amount = money.multiply(j.context.item.unit_price, j.decision.quantity)
        items = money.add(items, amount)
        rate = terms.get("restocking_fee")
        if rate is not None:
            fee = money.multiply(amount, Decimal(rate))
            fees = money.add(fees, fee.quantize(quantum, rounding=ROUND_HALF_UP, context=money))
        shipping_refunded = shipping_refunded or terms.get("original_shipping") == "refunded"
    original = (
        money.subtract(order.shipping_fee, order.shipping_fee_refunded)
        if shipping_refunded
        else _ZERO
    )
    total = money.add(money.subtract(items, fees), money.add(original, return_shipping))
    return _new_refund(
        currency=order.currency,
        items=items.quantize(quantum, context=money),
        restocking_fee=fees,
        original_shipping=original.quantize(quantum, context=money),
        return_shipping=return_shipping,
        total=total.quantize(quantum, context=money),
        method=order.payment_method,
    )


def evaluate(
    order: Order,
    request: ReturnRequest,
    *,
    policy: Policy[LineContext] | PolicyHistory[LineContext] = AULSO_POLICY,
    calendar: BusinessCalendar | None = None,
    language: str | Catalogue = "en",  # pragma: no mutate
) -> Decision:
    """Decide *request* about *order* under *policy*, line by line.

    Pure: no clock is read; "now" is ``request.requested_at``.

    :param order: the order, with its items and their deliveries.
    :param request: the customer's request about it, one line per sku.
    :param policy: a :class:`~aulso_returns.Policy`, or a
        :class:`~aulso_returns.PolicyHistory` whose version in force when the
        order was placed decides (default: the shop's policy).
    :param calendar: the business calendar of the deadlines (default: Hong Kong's).
    :param language: the language of the explanation: ``en`` (the default),
        ``zh-Hant-HK``, or a :class:`~aulso_returns.Catalogue` of the shop's
        own. The decision itself never depends on it.
    :returns: the :class:`~aulso_returns.Decision`: per-line outcomes, the
        refund preview, the deadlines and the explanation.
    :raises ValidationError: when the request does not fit the order (another
        order's id, an unknown sku, a request before the order was placed), or
        the order was placed before the history's first version.
    :raises TypeError: when *order*, *request* or *policy* is not what it should
        be (JSON data is read with ``Case.from_dict``).
    :raises ValueError: for an unknown language, or a rule of *policy* without
        a text in it.

    >>> from aulso_returns import DEMO_CASES, Case
    >>> case = Case.from_dict(DEMO_CASES["worn earrings"])
    >>> evaluate(case.order, case.request).lines[0].rejections
    ('condition_not_original', 'hygiene_excluded')
    """
    expect(order, Order, "order", "Order.from_dict")
    expect(request, ReturnRequest, "request", "ReturnRequest.from_dict")
    cat = catalogue(language)
    check_request_against_order(order, request)
    chosen = resolve_policy(policy, order)
    check_policy(chosen)
    cat.check(chosen)
    judged = judge_lines(chosen, order, request)
    return decision_of(order, request, chosen, judged, calendar_or_default(calendar), cat)


def expect(value: object, kind: type, name: str, reader: str) -> None:
    """Raise ``TypeError`` unless *value* is a *kind*, saying how JSON data is read."""
    if not isinstance(value, kind):
        article = "an" if kind.__name__[0] in "AEIOU" else "a"  # pragma: no mutate
        raise TypeError(
            f"{name} must be {article} {kind.__name__}, got {type(value).__name__} "
            f"(read JSON data with {reader})"
        )


def calendar_or_default(calendar: object) -> BusinessCalendar:
    """*calendar*, or the Hong Kong calendar if ``None``; ``TypeError`` for anything else."""
    if calendar is None:
        return HONG_KONG
    if not isinstance(calendar, BusinessCalendar):
        raise TypeError(f"calendar must be a BusinessCalendar, got {type(calendar).__name__}")
    return calendar


def decision_of(  # noqa: PLR0913, PLR0917 - what a decision is made of
    order: Order,
    request: ReturnRequest,
    policy: Policy[LineContext],
    judged: tuple[JudgedLine, ...],
    calendar: BusinessCalendar,
    cat: Catalogue,
) -> Decision:
    """Assemble the :class:`Decision` from judged lines, its explanation written by *cat*."""
    lines = tuple([j.decision for j in judged])
    return _new_decision(
        order_id=order.order_id,
        outcome=outcome_of(lines),
        lines=lines,
        return_shipping_paid_by=payer_of(judged),
        refund=refund_of(order, judged),
        deadlines=Deadlines(
            authorization_due=calendar.add_business_days(
                request.requested_at, policy.settings["authorization_business_days"]
            ),
            settlement_business_days=policy.settings["settlement_business_days"],
        ),
        policy=PolicyId(name=policy.name, version=policy.version),
        explanation=write_lines(cat, judged),
        language=cat.language,
        catalogue=cat,
        notes=tuple([j.notes for j in judged]),
    )


def resolve_policy(
    policy: Policy[LineContext] | PolicyHistory[LineContext], order: Order
) -> Policy[LineContext]:
    """The policy that decides *order*: *policy* itself, or the version of a history in force."""
    if isinstance(policy, PolicyHistory):
        try:
            return policy.in_force(order.placed_at)
        except LookupError as err:
            raise ValidationError("order.placed_at", str(err)) from None
    if not isinstance(policy, Policy):
        raise TypeError(f"policy must be a Policy or a PolicyHistory, got {type(policy).__name__}")
    return policy


#: What a request asks for, by its lines' resolutions (both: ``request.return_exchange``).
_REQUEST_IDS = {
    frozenset({Resolution.REFUND}): "request.return",
    frozenset({Resolution.EXCHANGE}): "request.exchange",
}


def _explain_decision(decision: Decision, cat: Catalogue, lines: tuple[str, ...]) -> str:
    kinds = frozenset(line.resolution for line in decision.lines)
    request = cat.text(_REQUEST_IDS.get(kinds, "request.return_exchange"))
    out = [
        cat.text(
            f"decision.{decision.outcome._value_}", order_id=decision.order_id, request=request
        )
    ]
    out += [f"- {s}" for s in lines]
    if decision.outcome is not Outcome.REJECTED:
        r = decision.refund
        if r.total:
            out.append(refund_paragraph(cat, r, decision.deadlines.settlement_business_days))
        payer = "merchant" if decision.return_shipping_paid_by is Payer.MERCHANT else "customer"
        out.append(cat.text(f"shipping.{payer}"))
        out.append(cat.text("next.heading"))
        out.append("- " + cat.text("next.wait", date=decision.deadlines.authorization_due))
        out.append("- " + cat.text("next.address"))
        out.append("- " + cat.text("next.tracking"))
    return "\n".join(out)


def refund_paragraph(cat: Catalogue, r: Refund, days: int) -> str:
    """The refund's total and its parts, its method, and the business days within which it is paid."""
    currency = r.currency
    parts = [cat.text("refund.items", amount=Money(amount=r.items, currency=currency))]
    for key, amount in (
        ("refund.restocking_fee", r.restocking_fee),
        ("refund.original_shipping", r.original_shipping),
        ("refund.return_shipping", r.return_shipping),
    ):
        if amount:
            parts.append(cat.text(key, amount=Money(amount=amount, currency=currency)))
    return cat.text(
        "refund.paragraph",
        total=Money(amount=r.total, currency=currency),
        parts=cat.messages["parts.separator"].join(parts),
        method=PaymentMethod(r.method),
        days=days,
    )

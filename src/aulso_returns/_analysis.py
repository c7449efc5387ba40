"""The policy analysed without past cases: every class of request line, decided once.

A *class* is one combination of the model's inputs that a rule can read:
the reason, the request time, the condition flags, the category, the payment,
the resolution and the quantity. Categorical inputs come from the model's
enums (the condition as none, each flag alone and each pair of flags); the
request time is placed exactly on, and one microsecond past, every
:class:`~aulso_returns.Boundary` that a predicate of the policy declares, plus
"no delivery yet". One representative line per class is decided with the
library's own code (:func:`~aulso_returns._decision.judge_line`).

Values of a column that decide alike whatever the other columns hold are
grouped, then each rule's classes are covered by as few rows as the search
finds, where a column of a row is one group or "any". The table's blocks
follow the policy's precedence: a line is refused by every bar whose row
matches it; when none does, the ground whose row matches approves it; when no
ground matches either, it is refused by default. Nothing here names a rule,
a window length or a code of the shop's policy.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

import attrs

from ._calendar import HKT
from ._decision import NO_GROUND, evaluate, judge_line, payer_of, refund_of
from ._model import (
    Case,
    Category,
    Condition,
    Item,
    Order,
    Reason,
    Resolution,
    ReturnLine,
    ReturnRequest,
)
from ._policy import AULSO_POLICY, LineContext, PaidCashOnDelivery
from ._rules import Boundary, Effect, Policy, PolicyHistory

V = TypeVar("V", bound=Hashable)

_MICROSECOND = timedelta(microseconds=1)
_PLACED = datetime(2026, 10, 30, 10, 0, tzinfo=HKT)
#: The representative delivery: an afternoon, so that day and hour boundaries differ.
_DELIVERED = datetime(2026, 11, 2, 14, 30, tzinfo=HKT)
_PRICE = Decimal(100)
_SHIPPING = Decimal(60)
_SKU = "ITEM"

#: The columns of every table, in their order (their JSON names).
COLUMNS = (
    "reason",
    "request_time",
    "condition",
    "category",
    "payment",
    "resolution",
    "quantity",
)
_TIME = COLUMNS.index("request_time")
_HEADERS = tuple(name.replace("_", " ") for name in COLUMNS)
#: A group of at most this many values is labelled by its values; a larger one gets a name.
_LISTED = 4


@attrs.frozen
class _Time:
    """A request time: an instant on the time axis (``None``: the item is not delivered)."""

    at: datetime | None
    interval: int  # which interval between the boundaries holds it (-1: no delivery)


@attrs.frozen
class _Quantity:
    units: int
    label: str


@attrs.frozen
class _Payment:
    method: str
    label: str


_PREPAID = _Payment("visa", "prepaid")
_COD = _Payment("cash_on_delivery", "cash on delivery")


def _payments(policies: Sequence[Policy[LineContext]]) -> tuple[_Payment, ...]:
    """Prepaid, cash on delivery, and the methods named as COD that the policies read otherwise.

    The names of the policies' :class:`PaidCashOnDelivery` predicates that the
    policies read alike are one payment, labelled by them all; one is tried
    when no payment before it is read that way (for example a candidate's own
    "Pay at pickup"), so that a table or diff shows where the policies differ.
    """
    readers = [
        [p for rule in policy.rules for p in rule.when.walk() if isinstance(p, PaidCashOnDelivery)]
        for policy in policies
    ]

    def read(method: str) -> tuple[bool, ...]:
        return tuple(any(p.reads(method) for p in found) for found in readers)

    alike: dict[tuple[bool, ...], list[str]] = {}
    for name in dict.fromkeys(n for found in readers for p in found for n in p.methods):
        alike.setdefault(read(name), []).append(name)
    kept = {read(_PREPAID.method): _PREPAID}
    kept.setdefault(read(_COD.method), _COD)
    for vector, names in alike.items():
        kept.setdefault(vector, _Payment(names[0], ", ".join(names)))
    return tuple(kept.values())


_QUANTITIES = (_Quantity(1, "within what remains"), _Quantity(2, "more than remains"))


@attrs.frozen
class _Answer:
    """What the policy does to one class of line.

    ``bars`` are the codes of the bars that hold, in the policy's order;
    ``ground`` is the first ground that holds, whatever the bars, with the
    terms a decision on it has: who pays return shipping, whether the original
    shipping fee is refunded, and the restocking fee as a fraction of the price.
    """

    bars: tuple[str, ...]
    ground: str | None
    return_shipping: str | None
    original_shipping: bool
    restocking_fee: Decimal

    @property
    def approved(self) -> bool:
        """Approved: a ground holds and no bar does."""
        return self.ground is not None and not self.bars

    def decision(self) -> tuple[str, tuple[str, ...], str | None, bool]:
        """What a decision says of the line: outcome, ground or rejections, payer, shipping refunded."""
        if self.approved:
            assert self.ground is not None  # noqa: S101 - approved says so
            return ("approved", (self.ground,), self.return_shipping, self.original_shipping)
        return ("rejected", self.bars or (NO_GROUND,), None, False)


@attrs.frozen
class _Columns:
    """The values of every column, with their labels."""

    values: tuple[tuple[object, ...], ...]
    boundaries: tuple[Boundary, ...]

    def label(self, column: int, value: object) -> str:
        if column == _TIME:
            assert isinstance(value, _Time)  # noqa: S101 - the time column holds times
            if value.at is None:
                return "no delivery yet"
            offset = value.at - _DELIVERED
            return f"delivery {'-' if offset < timedelta(0) else '+'} {abs(offset)}"
        if isinstance(value, tuple):  # condition flags
            return " + ".join(flag.value for flag in value) or "as delivered"
        if isinstance(value, (_Quantity, _Payment)):
            return value.label
        assert isinstance(value, enum.Enum)  # noqa: S101 - the other columns hold enum members
        return str(value.value)

    def interval_text(self, intervals: Iterable[int]) -> str:
        """The request times of the intervals, in words; contiguous intervals read as one."""
        wanted = sorted(set(intervals))
        parts = ["no delivery yet"] if wanted and wanted[0] == -1 else []
        runs = [i for i in wanted if i >= 0]
        for _, run in itertools.groupby(enumerate(runs), lambda pair: pair[1] - pair[0]):
            indices = [i for _, i in run]
            first, last = indices[0], indices[-1]
            bounds = self.boundaries
            words = [bounds[first - 1].after] if first > 0 else []
            if last < len(bounds):
                words.append(bounds[last].before)
            parts.append(", ".join(words) or "any time")
        return " or ".join(parts)


def _boundaries(
    policies: Sequence[Policy[LineContext]], context: LineContext
) -> tuple[Boundary, ...]:
    """Every boundary the policies' predicates declare, by instant (the first wording wins)."""
    found: dict[datetime, Boundary] = {}
    for policy in policies:
        for rule in policy.rules:
            for part in rule.when.walk():
                for boundary in part.boundaries(context):
                    found.setdefault(boundary.last, boundary)
    return tuple(found[at] for at in sorted(found))


def _columns(policies: Sequence[Policy[LineContext]]) -> _Columns:
    first = (
        Reason.CHANGED_MIND,
        _Time(_DELIVERED, 0),
        (),
        Category.RING,
        _PREPAID,
        Resolution.REFUND,
        _QUANTITIES[0],
    )
    order, request = _Cases()(first)
    boundaries = _boundaries(policies, LineContext.of(order, request, request.lines[0]))
    times: list[_Time] = []
    for i, boundary in enumerate(boundaries):
        times.append(_Time(boundary.last, i))
        times.append(_Time(boundary.last + _MICROSECOND, i + 1))
    if not times:
        times.append(_Time(_DELIVERED, 0))
    times = [t for t in times if t.at is None or t.at >= _PLACED]
    times.append(_Time(None, -1))
    flags = tuple(Condition)
    conditions = [(), *((f,) for f in flags), *itertools.combinations(flags, 2)]
    return _Columns(
        values=(
            tuple(Reason),
            tuple(dict.fromkeys(times)),
            tuple(conditions),
            tuple(Category),
            _payments(policies),
            tuple(Resolution),
            _QUANTITIES,
        ),
        boundaries=boundaries,
    )


class _Cases:
    """The representative order and request of each class, each built once per analysis."""

    def __init__(self) -> None:
        self._orders: dict[tuple[Category, str, bool], Order] = {}
        self._requests: dict[tuple[object, ...], ReturnRequest] = {}

    def __call__(self, values: Sequence[Any]) -> tuple[Order, ReturnRequest]:
        """The case of one class (its values in :data:`COLUMNS` order)."""
        reason, when, condition, category, payment, resolution, quantity = values
        delivered = when.at is not None
        order = self._orders.get((category, payment.method, delivered))
        if order is None:
            order = self._orders[category, payment.method, delivered] = Order(
                order_id="T",
                placed_at=_PLACED,
                payment_method=payment.method,
                shipping_fee=_SHIPPING,
                items=(
                    Item(
                        sku=_SKU,
                        category=category,
                        unit_price=_PRICE,
                        delivered_at=_DELIVERED if delivered else None,
                    ),
                ),
            )
        at = when.at if delivered else _DELIVERED
        key = (at, reason, resolution, condition, quantity.units)
        request = self._requests.get(key)
        if request is None:
            line = ReturnLine(
                sku=_SKU,
                reason=reason,
                resolution=resolution,
                condition=condition,
                quantity=quantity.units,
            )
            request = self._requests[key] = ReturnRequest(
                order_id="T", requested_at=at, lines=(line,)
            )
        return order, request


class _Judge:
    """Answers of one policy, class by class."""

    def __init__(self, policy: Policy[LineContext]) -> None:
        self.policy = policy
        self.grounds = Policy(
            name=policy.name,
            version=policy.version,
            rules=[r for r in policy.rules if r.effect is Effect.GROUND],
            facts=policy.facts,
        )
        #: The terms of a ground by everything the decision reads to write them.
        self._terms: dict[tuple[int, int, Resolution, int], tuple[str | None, bool, Decimal]] = {}

    def __call__(self, order: Order, request: ReturnRequest) -> _Answer:
        context = LineContext.of(order, request, request.lines[0])
        ruling = self.policy.ruling(context)
        bars = tuple(r.code for r in ruling.bars)
        if not ruling.grounds:
            return _Answer(bars, None, None, False, Decimal(0))
        ground = ruling.grounds[0]
        line = context.line
        key = (id(ground), id(order), line.resolution, line.quantity)  # orders outlive the judge
        terms = self._terms.get(key)
        if terms is None:
            judged = judge_line(self.grounds, context)  # the ground's decision, bars aside
            refund = refund_of(order, (judged,))
            payer = payer_of((judged,))
            terms = self._terms[key] = (
                None if payer is None else payer.value,
                bool(refund.original_shipping),
                refund.restocking_fee / refund.items if refund.items else Decimal(0),
            )
        return _Answer(bars, ground.code, *terms)


@attrs.frozen
class _Space:
    """Every class of a set of policies, decided, with each column's values grouped."""

    columns: _Columns
    answers: dict[tuple[int, ...], tuple[_Answer, ...]]  # value indices -> one answer per policy
    groups: tuple[tuple[tuple[int, ...], ...], ...]  # per column: groups of value indices
    labels: tuple[tuple[str, ...], ...] = attrs.field(init=False)

    @labels.default
    def _labels(self) -> tuple[tuple[str, ...], ...]:
        """Per column, each group's label: its values when few, else a name the notes list."""
        out = []
        for column, groups in enumerate(self.groups):
            named = 0
            labels = []
            for group in range(len(groups)):
                members = self.members(column, group)
                if column == _TIME:
                    labels.append(self.columns.interval_text(m.interval for m in members))  # type: ignore[attr-defined]
                elif len(members) <= _LISTED:
                    labels.append(", ".join(self.columns.label(column, m) for m in members))
                else:
                    named += 1
                    labels.append(f"{_HEADERS[column]} group {named}")
            out.append(tuple(labels))
        return tuple(out)

    @classmethod
    def of(cls, policies: Sequence[Policy[LineContext]]) -> _Space:
        columns = _columns(policies)
        judges = [_Judge(p) for p in policies]
        cases = _Cases()
        sizes = [range(len(values)) for values in columns.values]
        answers: dict[tuple[int, ...], tuple[_Answer, ...]] = {}
        for key in itertools.product(*sizes):
            order, request = cases([columns.values[c][i] for c, i in enumerate(key)])
            answers[key] = tuple(judge(order, request) for judge in judges)
        return cls(columns, answers, _group(answers, [len(s) for s in sizes]))

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(g) for g in self.groups)

    def classes(self) -> Iterator[tuple[int, ...]]:
        """Every grouped class: one group index per column."""
        return itertools.product(*(range(n) for n in self.sizes))

    def answer(self, grouped: tuple[int, ...]) -> tuple[_Answer, ...]:
        """The answers of a grouped class (all its members answer alike)."""
        return self.answers[tuple(self.groups[c][g][0] for c, g in enumerate(grouped))]

    def members(self, column: int, group: int) -> tuple[object, ...]:
        return tuple(self.columns.values[column][i] for i in self.groups[column][group])

    def described_groups(self) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
        """Per column name: each group's label and the labels of its values."""
        return {
            name: tuple(
                (
                    self.labels[column][group],
                    tuple(self.columns.label(column, m) for m in self.members(column, group)),
                )
                for group in range(len(self.groups[column]))
            )
            for column, name in enumerate(COLUMNS)
        }

    def cover(self, value: Callable[[tuple[_Answer, ...]], V | None]) -> list[tuple[Cube, V]]:
        """The rows of the classes where *value* of their answers is not ``None``."""
        return cover(self.sizes, lambda grouped: value(self.answer(grouped)))

    def cells(self, cube: Cube) -> dict[str, str]:
        """A row's cells: per column, its group's label or "any"."""
        return {
            name: "any" if g is None else self.labels[c][g]
            for c, (name, g) in enumerate(zip(COLUMNS, cube, strict=True))
        }

    def representative(self, grouped: Sequence[int]) -> tuple[Order, ReturnRequest]:
        """The order and request that stand for a grouped class."""
        return _Cases()([self.members(c, g)[0] for c, g in enumerate(grouped)])


def _group(
    answers: dict[tuple[int, ...], tuple[_Answer, ...]], sizes: Sequence[int]
) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """Per column, the values that answer alike whatever the other columns hold."""
    ids: dict[tuple[_Answer, ...], int] = {}
    numbered = [(key, ids.setdefault(answer, len(ids))) for key, answer in answers.items()]
    groups = []
    for column, size in enumerate(sizes):
        rows: list[list[int]] = [[] for _ in range(size)]
        for key, number in numbered:  # product order: the other columns line up
            rows[key[column]].append(number)
        alike: dict[tuple[int, ...], list[int]] = {}
        for value, row in enumerate(rows):
            alike.setdefault(tuple(row), []).append(value)
        groups.append(tuple(tuple(members) for members in alike.values()))
    return tuple(groups)


#: A row's classes: per column a group index, or ``None`` for any group.
Cube = tuple[int | None, ...]


def cover(
    sizes: Sequence[int], value: Callable[[tuple[int, ...]], V | None]
) -> list[tuple[Cube, V]]:
    """Disjoint rows covering exactly the classes where *value* is not ``None``, each of one value.

    A row fixes a group or leaves a column as "any". The search splits on the
    column that gives the fewest rows, then rows that together span a whole
    column with the same value elsewhere are merged, so that no rows can be
    merged further.
    """
    sizes = tuple(sizes)

    @cache
    def values(cube: Cube) -> frozenset[V | None]:
        for column, fixed in enumerate(cube):
            if fixed is None:
                return frozenset().union(
                    *(values(_fix(cube, column, g)) for g in range(sizes[column]))
                )
        return frozenset((value(cube),))  # type: ignore[arg-type]

    @cache
    def best(cube: Cube) -> tuple[tuple[Cube, V], ...]:
        found = values(cube)
        if found == {None}:
            return ()
        if len(found) == 1:
            (only,) = found
            return ((cube, only),)  # type: ignore[return-value]
        options = [
            tuple(row for g in range(sizes[column]) for row in best(_fix(cube, column, g)))
            for column, fixed in enumerate(cube)
            if fixed is None
        ]
        return min(options, key=len)

    return _merge(list(best((None,) * len(sizes))), sizes)


def _fix(cube: Cube, column: int, group: int) -> Cube:
    return (*cube[:column], group, *cube[column + 1 :])


def _merge(rows: list[tuple[Cube, V]], sizes: Sequence[int]) -> list[tuple[Cube, V]]:
    """Merge rows that differ in one column only, span all of it, and have the same value."""
    merged = True
    while merged:
        merged = False
        for column, size in enumerate(sizes):
            alike: dict[tuple[Cube, V], list[int]] = {}
            for i, (cube, v) in enumerate(rows):
                if cube[column] is not None:
                    alike.setdefault((_fix(cube, column, -1), v), []).append(i)
            for (_, v), found in alike.items():
                if len(found) == size:  # rows are disjoint: one per group
                    cube = _fix(rows[found[0]][0], column, None)  # type: ignore[arg-type]
                    keep = [r for i, r in enumerate(rows) if i not in found]
                    rows = [*keep, (cube, v)]
                    merged = True
                    break
            if merged:
                break
    return sorted(rows, key=lambda row: tuple(-1 if g is None else g for g in row[0]))


@attrs.frozen
class TableRow:
    """One row of the compact table: a rule, the classes it covers, and what a ground grants there."""

    rule: str
    effect: str  # "bar", "ground" or "default" (refused: no ground applies)
    when: dict[str, str]
    return_shipping: str | None = None
    original_shipping: bool | None = None
    restocking_fee: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON."""
        out: dict[str, Any] = {"rule": self.rule, "effect": self.effect, "when": dict(self.when)}
        if self.effect == "ground":
            out["return_shipping_paid_by"] = self.return_shipping
            out["original_shipping_refunded"] = self.original_shipping
            assert self.restocking_fee is not None  # noqa: S101 - a ground row has its terms
            out["restocking_fee"] = f"{self.restocking_fee.normalize():f}"  # 0, not 0E+2
        return out


@attrs.frozen
class FullRow:
    """One grouped class of the cross product with the decision of its line."""

    when: dict[str, str]
    outcome: str
    decided: tuple[str, ...]  # the ground, or every rejection
    return_shipping: str | None
    original_shipping: bool

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON."""
        return {
            "when": dict(self.when),
            "outcome": self.outcome,
            "ground_or_rejections": list(self.decided),
            "return_shipping_paid_by": self.return_shipping,
            "original_shipping_refunded": self.original_shipping,
        }


_Terms = tuple[str | None, bool, Decimal]


def _bar_holds(code: str) -> Callable[[tuple[_Answer, ...]], bool | None]:
    # a row's value is not read: only whether it is None (True or None, so no mutant is equivalent)
    return lambda answers: code in answers[0].bars or None


def _ground_grants(code: str) -> Callable[[tuple[_Answer, ...]], _Terms | None]:
    def grants(answers: tuple[_Answer, ...]) -> _Terms | None:
        a = answers[0]
        return (
            (a.return_shipping, a.original_shipping, a.restocking_fee) if a.ground == code else None
        )

    return grants


def _no_ground(answers: tuple[_Answer, ...]) -> bool | None:
    return answers[0].ground is None or None


@attrs.frozen
class DecisionTable:
    """A policy's behaviour over every class of request line, compact and in full.

    ``rows`` is the compact table (see :func:`decision_table`); ``full`` the
    cross product of the column groups with each class's decision; ``groups``
    lists, per column, the values each group holds; ``classes`` is the number
    of classes enumerated before grouping.
    """

    policy: str
    classes: int
    groups: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    boundaries: tuple[Boundary, ...]
    rows: tuple[TableRow, ...]
    full: tuple[FullRow, ...]

    def to_dict(self) -> dict[str, Any]:
        """The table as JSON data: the policy, the columns, the groups, the compact and full rows."""
        return {
            "policy": self.policy,
            "columns": list(COLUMNS),
            "classes": self.classes,
            "groups": {
                column: [{"label": label, "values": list(values)} for label, values in groups]
                for column, groups in self.groups.items()
            },
            "rows": [row.to_dict() for row in self.rows],
            "full": [row.to_dict() for row in self.full],
        }

    def to_markdown(self, *, full: bool = False) -> str:
        """The compact table (or, with *full*, the cross product) as a Markdown page."""
        head = [
            f"# Decision table of `{self.policy}`",
            "",
            "Generated by `aulso-returns table` from the policy itself; do not edit by hand.",
            (
                f"The policy decided {self.classes:,} classes of request line, one representative "
                f"each (one item of {_PRICE}, shipping fee {_SHIPPING}); values that decide alike "
                "are grouped."
            ),
            "",
        ]
        if full:
            body = _markdown(
                [
                    *_HEADERS,
                    "outcome",
                    "ground or rejections",
                    "return shipping paid by",
                    "original shipping refunded",
                ],
                [
                    [
                        *r.when.values(),
                        r.outcome,
                        ", ".join(f"`{c}`" for c in r.decided),
                        r.return_shipping or "-",
                        _yes(r.original_shipping),
                    ]
                    for r in self.full
                ],
            )
        else:
            head += [
                (
                    "How to read it: a line is **refused** by every bar whose row matches it, and "
                    "its decision lists each of them. When no bar matches, the ground whose row "
                    "matches **approves** it, on that row's terms. When no ground matches either, "
                    f"it is refused (`{NO_GROUND}`). *any* matches every value; no two rows of one "
                    "rule overlap."
                ),
                "",
            ]
            fees = any(r.restocking_fee for r in self.rows)
            body = _markdown(
                [
                    "rule",
                    *_HEADERS,
                    "return shipping paid by",
                    "original shipping refunded",
                    *(["restocking fee"] if fees else []),
                ],
                [
                    [
                        f"{r.effect} `{r.rule}`",
                        *r.when.values(),
                        *(
                            _terms(r, fees=fees)
                            if r.effect == "ground"
                            else ["-", "-", *(["-"] if fees else [])]
                        ),
                    ]
                    for r in self.rows
                ],
            )
        return "\n".join([*head, *body, "", *self._notes()]) + "\n"

    def _notes(self) -> list[str]:
        lines = ["How the classes were chosen:", ""]
        lines.append(
            "- *request time*: on, and one microsecond past, each boundary that a predicate of "
            f"the policy declares, for an item delivered {_DELIVERED:%Y-%m-%d %H:%M} Hong Kong "
            "time; and no delivery yet."
        )
        lines.extend(
            f"  - {b.before} / {b.after}: {b.last.astimezone(HKT).isoformat()}"
            for b in self.boundaries
        )
        lines.append("- *condition*: as delivered, each flag alone, and each pair of flags.")
        lines.append(
            "- every value of *reason*, *category* and *resolution*; *payment* prepaid or cash "
            "on delivery; *quantity* within what remains of the item or more."
        )
        listed = [
            (column, label, values)
            for column, groups in self.groups.items()
            for label, values in groups
            if column != COLUMNS[_TIME] and label != ", ".join(values)
        ]
        if listed:
            lines += ["", "Groups:", ""]
            lines += [f"- *{label}*: {', '.join(values)}" for _, label, values in listed]
        return lines


def _yes(flag: bool | None) -> str:  # noqa: FBT001 - a formatter of one flag
    return "yes" if flag else "no"


def _terms(row: TableRow, *, fees: bool) -> list[str]:
    payer = row.return_shipping
    assert payer is not None  # noqa: S101 - a ground has one: the customer, when its terms name none
    fee = [f"{row.restocking_fee:%}" if row.restocking_fee else "-"] if fees else []
    return [payer, _yes(row.original_shipping), *fee]


def _markdown(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _latest(policy: Policy[LineContext] | PolicyHistory[LineContext]) -> Policy[LineContext]:
    return policy.versions[-1][1] if isinstance(policy, PolicyHistory) else policy


def decision_table(
    policy: Policy[LineContext] | PolicyHistory[LineContext] = AULSO_POLICY,
) -> DecisionTable:
    """The decision table of *policy* (of a history: its latest version), from the policy itself.

    Every rule gets the rows that cover exactly the classes where it holds:
    a bar's rows where it refuses, a ground's rows with the terms it grants,
    and "default" rows where no ground holds (see docs/analysis.md).

    :param policy: a policy over :class:`~aulso_returns.LineContext`, or a
        history (default: the shop's policy).
    :returns: the :class:`DecisionTable`: compact rows, the full cross product,
        the column groups.
    :raises Exception: whatever a predicate of the policy raises; the library's
        own predicates raise nothing.

    >>> table = decision_table()
    >>> (cod,) = (r for r in table.rows if r.rule == "cash_on_delivery")
    >>> cod.effect, cod.when["payment"], cod.when["reason"]
    ('bar', 'cash on delivery', 'any')
    """
    policy = _latest(policy)
    return table_of(policy, _Space.of([policy]))


def table_of(policy: Policy[LineContext], space: _Space) -> DecisionTable:
    """The decision table of *policy* over its decided *space*."""
    rows: list[TableRow] = []
    for rule in policy.rules:
        if rule.effect is Effect.BAR:
            for cube, _ in space.cover(_bar_holds(rule.code)):
                rows.append(TableRow(rule=rule.code, effect="bar", when=space.cells(cube)))
        else:
            for cube, (payer, original, fee) in space.cover(_ground_grants(rule.code)):
                rows.append(TableRow(rule.code, "ground", space.cells(cube), payer, original, fee))
    for cube, _ in space.cover(_no_ground):
        rows.append(TableRow(rule=NO_GROUND, effect="default", when=space.cells(cube)))
    full = []
    for grouped in space.classes():
        outcome, decided, payer, original = space.answer(grouped)[0].decision()
        full.append(FullRow(space.cells(grouped), outcome, decided, payer, original))
    return DecisionTable(
        policy=f"{policy.name} {policy.version}",
        classes=len(space.answers),
        groups=space.described_groups(),
        boundaries=space.columns.boundaries,
        rows=tuple(rows),
        full=tuple(full),
    )


def _ground_text(answer: _Answer) -> str:
    if answer.ground is None:
        return f"no ground holds: refused ({NO_GROUND})"
    fee = f"; restocking fee {answer.restocking_fee:%}" if answer.restocking_fee else ""
    return (
        f"approved: {answer.ground} (return shipping paid by {answer.return_shipping}; "
        f"original shipping refunded: {_yes(answer.original_shipping)}{fee})"
    )


@attrs.frozen
class SettingChange:
    """A setting of the policies (:attr:`Policy.settings`) that differs: ``None`` where one has none."""

    setting: str
    baseline: int | None
    candidate: int | None

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON data."""
        return {"setting": self.setting, "baseline": self.baseline, "candidate": self.candidate}


@attrs.frozen
class DiffRow:
    """Classes whose answer changes, alike: the rule that changes there, both answers, an example.

    ``effect`` is ``bar`` (the bar ``rule`` refuses under one policy only) or
    ``ground`` (where no bar holds, the ground or its terms differ; ``rule``
    names the grounds of both, ``a / b`` when they differ, ``no_ground`` for none). ``case`` is one representative case of the
    row, decided under both policies with their explanations.
    """

    rule: str
    effect: str
    when: dict[str, str]
    baseline: str
    candidate: str
    case: Case
    baseline_explanation: tuple[str, ...]
    candidate_explanation: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON."""
        return {
            "rule": self.rule,
            "effect": self.effect,
            "when": dict(self.when),
            "baseline": self.baseline,
            "candidate": self.candidate,
            "example": {
                "case": self.case.to_dict(),
                "baseline": list(self.baseline_explanation),
                "candidate": list(self.candidate_explanation),
            },
        }


@attrs.frozen
class PolicyDiff:
    """Every class of request line whose decision differs between two policies, compacted.

    ``classes`` counts the classes enumerated for both policies, ``changed``
    those whose decision (outcome, ground or rejections, who pays return
    shipping, original shipping refunded) differs. A class changes exactly
    when a row covers it; the diff of a policy with itself has no rows.
    ``settings`` are the policies' settings that differ (the business days
    to answer and to settle, say), which move deadlines but no line's decision.
    """

    baseline: str
    candidate: str
    classes: int
    changed: int
    rows: tuple[DiffRow, ...]
    settings: tuple[SettingChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON data."""
        return {
            "baseline": self.baseline,
            "candidate": self.candidate,
            "columns": list(COLUMNS),
            "classes": self.classes,
            "changed": self.changed,
            "rows": [row.to_dict() for row in self.rows],
            "settings": [change.to_dict() for change in self.settings],
        }

    def summary(self) -> str:
        """Readable text: the count, then each row with its example's explanations."""
        lines = [
            (
                f"Baseline {self.baseline}, candidate {self.candidate}: "
                f"{self.changed:,} of {self.classes:,} classes of request line decide differently."
            )
        ]
        lines += [
            f"- setting {c.setting}: baseline {_setting(c.baseline)}, candidate {_setting(c.candidate)}"
            for c in self.settings
        ]
        for row in self.rows:
            when = "; ".join(
                f"{_HEADERS[COLUMNS.index(k)]}: {v}" for k, v in row.when.items() if v != "any"
            )
            lines += [
                f"- {row.effect} {row.rule}, when {when}",
                f"  baseline:  {row.baseline}",
                f"  candidate: {row.candidate}",
                *(f"  e.g. baseline:  {text}" for text in row.baseline_explanation),
                *(f"  e.g. candidate: {text}" for text in row.candidate_explanation),
            ]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """The changed rows as a Markdown table."""
        return (
            "\n".join(
                _markdown(
                    ["rule", *_HEADERS, "baseline", "candidate"],
                    (
                        [f"{r.effect} `{r.rule}`", *r.when.values(), r.baseline, r.candidate]
                        for r in self.rows
                    ),
                )
            )
            + "\n"
        )


def diff_policies(
    baseline: Policy[LineContext] | PolicyHistory[LineContext],
    candidate: Policy[LineContext] | PolicyHistory[LineContext],
) -> PolicyDiff:
    """Every class of request line that *candidate* decides differently from *baseline*.

    The classes are those of both policies (the boundaries of both); a
    history stands for its latest version. Rows come per rule: where a bar
    refuses under one policy only, and, where no bar refuses under either,
    where the ground or its terms differ.

    :param baseline: the policy (or history) in force.
    :param candidate: the policy (or history) to try.
    :returns: the :class:`PolicyDiff`; its ``rows`` are empty when nothing changes.
    :raises Exception: whatever a predicate of either policy raises; the
        library's own predicates raise nothing.

    >>> from aulso_returns import AULSO_POLICY, change_of_mind_window_rule
    >>> diff = diff_policies(AULSO_POLICY, AULSO_POLICY.with_rule(change_of_mind_window_rule(hours=48)))
    >>> (row,) = diff.rows
    >>> row.rule, row.when["request_time"], row.baseline, row.candidate
    ('change_of_mind_window_closed', 'more than 48 h after delivery, within 72 h of delivery', 'does not refuse', 'refuses')
    >>> diff_policies(AULSO_POLICY, AULSO_POLICY.with_settings(settlement_business_days=5)).settings
    (SettingChange(setting='settlement_business_days', baseline=7, candidate=5),)
    """
    base, cand = _latest(baseline), _latest(candidate)
    space = _Space.of([base, cand])
    rows: list[DiffRow] = []
    codes = dict.fromkeys(r.code for p in (base, cand) for r in p.rules if r.effect is Effect.BAR)

    def example(
        cube: Cube, value: Callable[[tuple[_Answer, ...]], object]
    ) -> tuple[Case, tuple[str, ...], tuple[str, ...]]:
        inside = [
            c for c in space.classes() if _within(c, cube) and value(space.answer(c)) is not None
        ]
        grouped = min(inside, key=lambda c: sum(len(a.bars) for a in space.answer(c)))
        order, request = space.representative(grouped)
        b, c = (evaluate(order, request, policy=p) for p in (base, cand))
        return Case(order=order, request=request), b.explanation, c.explanation

    for code in codes:

        def bar_change(answers: tuple[_Answer, ...], code: str = code) -> tuple[bool, bool] | None:
            b, c = (code in a.bars for a in answers)
            return None if b == c else (b, c)

        for cube, (held, holds) in space.cover(bar_change):
            rows.append(
                DiffRow(
                    code,
                    "bar",
                    space.cells(cube),
                    _refuses(held),
                    _refuses(holds),
                    *example(cube, bar_change),
                )
            )

    def ground_change(answers: tuple[_Answer, ...]) -> tuple[_Answer, _Answer] | None:
        b, c = answers
        if b.bars or c.bars or b == c:  # without bars, the answers differ in their grounds only
            return None
        return (b, c)

    for cube, (b, c) in space.cover(ground_change):
        rows.append(
            DiffRow(
                " / ".join(sorted({b.ground or NO_GROUND, c.ground or NO_GROUND})),
                "ground",
                space.cells(cube),
                _ground_text(b),
                _ground_text(c),
                *example(cube, ground_change),
            )
        )
    changed = sum(b.decision() != c.decision() for b, c in space.answers.values())
    names = sorted(set(base.settings) | set(cand.settings))
    return PolicyDiff(
        baseline=f"{base.name} {base.version}",
        candidate=f"{cand.name} {cand.version}",
        classes=len(space.answers),
        changed=changed,
        rows=tuple(rows),
        settings=tuple(
            SettingChange(name, base.settings.get(name), cand.settings.get(name))
            for name in names
            if base.settings.get(name) != cand.settings.get(name)
        ),
    )


def _setting(value: int | None) -> str:
    return "not set" if value is None else str(value)


def _refuses(holds: bool) -> str:  # noqa: FBT001 - a formatter of one flag
    return "refuses" if holds else "does not refuse"


def _within(grouped: tuple[int, ...], cube: Cube) -> bool:
    return all(g is None or g == v for g, v in zip(cube, grouped, strict=True))

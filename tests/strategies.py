"""The one home of the hypothesis strategies: models, cases, JSON values, calendars.

Timestamps are drawn in any UTC offset and, on purpose, often right on a
window's edge: exactly 72 hours after delivery, one microsecond later, the
last microsecond of day 30 in Hong Kong, the first of day 31.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from aulso_returns import (
    AULSO_POLICY,
    HKT,
    Authorization,
    Boundary,
    Case,
    Category,
    ChangeOfMindWindow,
    Condition,
    Finding,
    Inspection,
    Item,
    LineAspect,
    LineContext,
    Order,
    Policy,
    Predicate,
    Reason,
    Receipt,
    Resolution,
    ReturnCase,
    ReturnLine,
    ReturnRequest,
    ReturnWindow,
    Shipment,
    all_of,
    any_of,
    bar,
    change_of_mind_window_rule,
    evaluate,
    ground,
    predicate,
    return_window_rule,
)

MICRO = timedelta(microseconds=1)
FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2099, 12, 31)


def offsets() -> st.SearchStrategy[timezone]:
    """Fixed UTC offsets from -12:00 to +14:00, in whole minutes, +08:00 and UTC often."""
    minutes = st.integers(min_value=-12 * 60, max_value=14 * 60)
    return st.one_of(
        st.just(HKT),
        st.just(timezone.utc),
        minutes.map(lambda m: timezone(timedelta(minutes=m))),
    )


def instants(
    lo: datetime = datetime(2000, 1, 1, tzinfo=timezone.utc),
    hi: datetime = datetime(2090, 1, 1, tzinfo=timezone.utc),
) -> st.SearchStrategy[datetime]:
    """Aware datetimes between two instants, written in an arbitrary offset."""
    naive = st.datetimes(
        min_value=lo.astimezone(timezone.utc).replace(tzinfo=None),
        max_value=hi.astimezone(timezone.utc).replace(tzinfo=None),
    )
    return st.builds(lambda d, tz: d.replace(tzinfo=timezone.utc).astimezone(tz), naive, offsets())


def rewritten(moment: datetime) -> st.SearchStrategy[datetime]:
    """The same instant written in another offset."""
    return offsets().map(moment.astimezone)


def dates(lo: date = FIRST_DAY, hi: date = LAST_DAY) -> st.SearchStrategy[date]:
    """Calendar dates within the supported years, weighted towards year ends and holidays."""
    edges = [
        d
        for d in (date(2026, 2, 16), date(2026, 4, 2), date(2026, 12, 24), lo, hi)
        if lo <= d <= hi
    ]
    return st.one_of(st.dates(min_value=lo, max_value=hi), st.sampled_from(edges))


def money(max_value: int = 50_000) -> st.SearchStrategy[Decimal]:
    """HKD amounts with two decimal places, zero included."""
    return st.integers(min_value=0, max_value=max_value * 100).map(lambda c: Decimal(c).scaleb(-2))


#: Characters that separate words, as shops write them around a payment method's name.
SEPARATORS = " -_/.,:;|+()[]（）【】、・"


@st.composite
def cod_spellings(draw: st.DrawFn) -> str:
    """A spelling of cash on delivery: COD or its words in any case and with any separators, or Chinese.

    Every spelling reaches the edges: one word or several, letters split by dots
    (``C.O.D.``), full-width letters, Traditional and Simplified characters.
    """
    kind = draw(st.sampled_from(["cod", "words", "chinese"]))
    if kind == "chinese":
        return draw(st.sampled_from(["貨到付款", "货到付款"]))
    words = ["cod"] if kind == "cod" else ["cash", "on", "delivery"]
    if kind == "cod" and draw(st.booleans()):
        words = ["c", "o", "d"]
    cased = ["".join(draw(st.sampled_from([ch, ch.upper()])) for ch in w) for w in words]
    text = cased[0] + "".join(draw(st.text(SEPARATORS, max_size=3)) + w for w in cased[1:])
    if draw(st.booleans()):
        text = text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})  # full-width forms
    return text


def surrounding() -> st.SearchStrategy[str]:
    """Any text a shop might write beside a payment method's name: words, digits, Chinese, punctuation."""
    return st.text(st.sampled_from("aBcdeXyz019 -/()（）卡付款順豐$"), max_size=12)


def conditions() -> st.SearchStrategy[tuple[Condition, ...]]:
    """Condition flags without repeats, mostly none."""
    return st.one_of(
        st.just(()),
        st.lists(st.sampled_from(Condition), unique=True, max_size=3).map(tuple),
    )


def request_instant(
    delivered_at: datetime | None, placed_at: datetime
) -> st.SearchStrategy[datetime]:
    """A request instant: often on a window edge of the delivery, sometimes anywhere later."""
    if delivered_at is None:
        return st.builds(lambda h: placed_at + timedelta(hours=h), st.integers(0, 24 * 60))
    last_day_end = datetime.combine(
        delivered_at.astimezone(HKT).date() + timedelta(days=30), datetime.max.time(), tzinfo=HKT
    )
    edges = [
        delivered_at,
        delivered_at + timedelta(hours=72),
        delivered_at + timedelta(hours=72) + MICRO,
        last_day_end,
        last_day_end + MICRO,
    ]
    edge = st.sampled_from(edges).flatmap(rewritten)
    anywhere = st.builds(
        lambda us: delivered_at + timedelta(microseconds=us),
        st.integers(-3_600_000_000, 40 * 86_400_000_000),
    ).filter(lambda t: t >= placed_at)
    return st.one_of(edge, anywhere)


@st.composite
def orders(draw: st.DrawFn, *, max_items: int = 5, payment: str | None = None) -> Order:
    """A valid order of 1 to *max_items* items, most delivered."""
    placed_at = draw(instants())
    n = draw(st.integers(1, max_items))
    items = []
    for i in range(n):
        quantity = draw(st.integers(1, 3))
        delivered = draw(
            st.one_of(
                st.none(),
                st.integers(0, 20 * 86_400)
                .map(lambda s: placed_at + timedelta(seconds=s))
                .flatmap(rewritten),
            )
            if draw(st.integers(0, 9)) == 0
            else st.integers(0, 20 * 86_400)
            .map(lambda s: placed_at + timedelta(seconds=s))
            .flatmap(rewritten)
        )
        items.append(
            Item(
                sku=f"SKU-{i}",
                category=draw(st.sampled_from(Category)),
                unit_price=draw(money()),
                quantity=quantity,
                returned_quantity=draw(st.integers(0, quantity)),
                delivered_at=delivered,
            )
        )
    fee = draw(money(200))
    return Order(
        order_id=draw(st.sampled_from(["A-1", "A-2", "ORDER-α"])),  # noqa: RUF001 - ids need not be ASCII
        placed_at=placed_at,
        payment_method=payment or draw(st.sampled_from(["visa", "paypal", "cash_on_delivery"])),
        items=tuple(items),
        shipping_fee=fee,
        shipping_fee_refunded=draw(st.sampled_from([Decimal(0), fee])),
    )


@st.composite
def lines_for(draw: st.DrawFn, order: Order) -> tuple[ReturnLine, ...]:
    """Request lines over a non-empty subset of the order's items."""
    chosen = draw(st.lists(st.sampled_from(order.items), min_size=1, unique_by=lambda i: i.sku))
    return tuple(
        ReturnLine(
            sku=item.sku,
            reason=draw(st.sampled_from(Reason)),
            quantity=draw(st.integers(1, item.quantity + 1)),
            resolution=draw(st.sampled_from(Resolution)),
            condition=draw(conditions()),
        )
        for item in chosen
    )


@st.composite
def cases(
    draw: st.DrawFn, *, max_items: int = 5, payment: str | None = None
) -> tuple[Order, ReturnRequest]:
    """A valid (order, request) pair whose request time is often on a window edge."""
    order = draw(orders(max_items=max_items, payment=payment))
    lines = draw(lines_for(order))
    anchor = order.item(lines[0].sku).delivered_at
    requested_at = draw(
        request_instant(anchor, order.placed_at).filter(lambda t: t >= order.placed_at)
    )
    return order, ReturnRequest(order_id=order.order_id, requested_at=requested_at, lines=lines)


def line_context(
    order: Order,
    request: ReturnRequest,
    item: Item,
    line: ReturnLine,
    condition: tuple[Condition, ...],
) -> LineContext:
    """The context of *line* for *item*, its dates and delivery worked out as a decision does."""
    delivered = item.delivered_at
    return LineContext(
        order=order, request=request, item=item, line=line, condition=condition,
        delivered=delivered is not None and delivered <= request.requested_at,
        delivered_on=None if delivered is None else delivered.astimezone(HKT).date(),
        requested_on=request.requested_at.astimezone(HKT).date(),
    )  # fmt: skip


@st.composite
def line_contexts(draw: st.DrawFn) -> LineContext:
    """The context of a line of a generated case (its time often on a window's edge)."""
    order, request = draw(cases(max_items=2))
    line = draw(st.sampled_from(request.lines))
    return line_context(order, request, order.item(line.sku), line, line.condition)


@st.composite
def varied(draw: st.DrawFn, context: LineContext, aspect: LineAspect) -> LineContext:
    """*context* changed in *aspect* alone (see :class:`LineAspect`): to another value where one is."""
    order, request, item, line = context.order, context.request, context.item, context.line
    condition = context.condition
    if aspect is LineAspect.ORDER:
        order = attrs.evolve(
            order,
            payment_method=draw(cod_spellings() | st.sampled_from(["visa", "pay at pickup"])),
            placed_at=draw(rewritten(order.placed_at - timedelta(days=draw(st.integers(0, 9))))),
            items=(*order.items, attrs.evolve(item, sku="OTHER")),
        )
    elif aspect is LineAspect.ITEM:
        quantity = draw(st.integers(1, 4))
        item = attrs.evolve(
            item,
            category=draw(st.sampled_from([c for c in Category if c is not item.category])),
            unit_price=draw(money()),
            quantity=quantity,
            returned_quantity=draw(st.integers(0, quantity)),
            delivered_at=draw(st.none() | request_instant(item.delivered_at, order.placed_at)),
        )
    elif aspect is LineAspect.TIME:
        requested_at = draw(request_instant(item.delivered_at, order.placed_at))
        request = attrs.evolve(request, requested_at=requested_at)
    elif aspect is LineAspect.REQUEST:
        other = ReturnLine(sku="OTHER", reason=Reason.DEFECTIVE)
        request = attrs.evolve(
            request, order_id=request.order_id + "-B", lines=(*request.lines, other)
        )
    elif aspect is LineAspect.REASON:
        line = attrs.evolve(
            line, reason=draw(st.sampled_from([r for r in Reason if r is not line.reason]))
        )
    elif aspect is LineAspect.RESOLUTION:
        line = attrs.evolve(
            line, resolution=next(r for r in Resolution if r is not line.resolution)
        )
    elif aspect is LineAspect.QUANTITY:
        line = attrs.evolve(line, quantity=draw(st.integers(1, item.quantity + 2)))
    else:
        condition = draw(conditions())
        line = attrs.evolve(line, condition=condition)
    return line_context(order, request, item, line, condition)


@st.composite
def return_cases(draw: st.DrawFn) -> ReturnCase:
    """A valid return case with 0 to 4 of its later facts, in a possible order of events."""
    order, request = draw(cases(max_items=3))
    t = request.requested_at
    steps = draw(st.lists(st.integers(0, 5 * 86_400), min_size=5, max_size=5))
    auth_at, ship_at, sent_at, recv_at, insp_at = (
        t + timedelta(seconds=sum(steps[: i + 1])) for i in range(5)
    )
    if draw(st.booleans()):
        ship_at, auth_at = auth_at, ship_at  # sometimes shipped before authorization
    findings = tuple(
        Finding(
            sku=line.sku,
            condition=draw(st.sampled_from([(), line.condition])),
            reason_confirmed=draw(st.booleans()),
        )
        for line in request.lines
    )
    approved = [line.sku for line in evaluate(order, request).lines if line.approved]
    depth = draw(st.integers(0, 4))
    return ReturnCase(
        case=Case(order=order, request=request),
        authorization=Authorization(authorized_at=auth_at) if depth >= 1 or not approved else None,
        shipment=Shipment(
            shipped_at=ship_at,
            carrier="SF",
            tracking_number=draw(st.sampled_from(["T1", None])),
            trackable=draw(st.booleans()),
            tracking_sent_at=sent_at,
            cost=draw(st.sampled_from([None, Decimal("30.00")])),
        )
        if depth >= 2
        else None,
        receipt=Receipt(received_at=recv_at) if depth >= 3 else None,
        inspection=Inspection(inspected_at=insp_at, items=findings) if depth >= 4 else None,
    )


# --- the rule core: predicates over tuples of bits -------------------------------------------------


def atom(i: int) -> Predicate[tuple[bool, ...]]:
    """A predicate that holds when bit *i* is set."""
    return predicate(lambda bits: bits[i], code=f"p{i}", description=f"bit {i} is set")


@attrs.frozen(kw_only=True, repr=False)
class Bit(Predicate[tuple[bool, ...]]):
    """A predicate class of its own that holds when bit ``i`` is set (as the shop's windows are)."""

    i: int
    clause: str | None = None

    @property
    def code(self) -> str:  # type: ignore[override]
        """``q`` and the bit."""
        return f"q{self.i}"

    @property
    def description(self) -> str:  # type: ignore[override]
        """Readable form."""
        return f"bit {self.i} is set"

    def _test(self, context: tuple[bool, ...]) -> bool:
        return context[self.i]

    def dependencies(self) -> frozenset[int]:
        """The bit it reads."""
        return frozenset({self.i})


def reading(i: int) -> Predicate[tuple[bool, ...]]:
    """A predicate that holds when bit *i* is set and says it reads bit *i*."""
    return predicate(
        lambda bits: bits[i], code=f"r{i}", description=f"bit {i} is set", depends_on={i}
    )


ATOMS = [atom(i) for i in range(4)]  # they do not say what they read
CLASSED = [Bit(i=i) for i in range(4)]
READING = [reading(i) for i in range(4)]
bits = st.tuples(*(st.booleans() for _ in ATOMS))


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> Predicate[tuple[bool, ...]]:
    """Predicate trees over ``ATOMS``, ``CLASSED`` and ``READING``: every junction, negation and renaming, nested."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(ATOMS + CLASSED + READING))
    kind = draw(st.sampled_from(["and", "or", "not", "all", "any", "named"]))
    sub = expressions(depth - 1)
    if kind == "and":
        return draw(sub) & draw(sub)
    if kind == "or":
        return draw(sub) | draw(sub)
    if kind == "not":
        return ~draw(sub)
    if kind == "named":
        return draw(sub).named("renamed", "a renamed part")
    parts = draw(st.lists(sub, max_size=3))
    return all_of(*parts) if kind == "all" else any_of(*parts)


def case_dicts() -> st.SearchStrategy[dict[str, object]]:
    """Valid cases in the JSON case format."""
    return cases().map(lambda c: {"order": c[0].to_dict(), "request": c[1].to_dict()})


def json_values() -> st.SearchStrategy[object]:
    """Arbitrary JSON values (as json.loads with Decimal floats would give them)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=12,
    )


# --- fuzzing: valid documents made invalid in the ways a careless or hostile client would -------


class Raw:
    """A JSON token written as it is: numbers that ``json.dumps`` cannot write."""

    def __init__(self, token: str) -> None:
        self.token = token


class Pairs(list[tuple[str, object]]):
    """A JSON object as its key-value pairs: a key may repeat."""


#: Values at the edges of what JSON, ``decimal``, ``datetime`` and the calendar can hold, by
#: the kind of value they replace.
EDGE_TIMESTAMPS: list[object] = [
    "2150-01-01T00:00:00+08:00", "2100-01-01T00:00:00+08:00", "1990-01-01T00:00:00+14:00",
    "1990-01-01T00:00:00+08:00", "2099-12-31T23:59:59.999999+08:00", "2099-12-31T16:00:00-12:00",
    "9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59.999999+00:00", "0001-01-01T00:00:00+14:00",
    "2026-11-05T14:30:00", "2026-11-05", "2026-02-30T00:00:00Z", "2026-11-05T14:30:00+24:00",
]  # fmt: skip
EDGE_NUMBERS: list[object] = [
    0, -1, 2**63, 10**30, 1_000_000, 1_000_001, Raw("9" * 5000), Raw("1e999999999999999999999"),
    Raw("-0"), Raw("-0.0"), Raw("1E-999999"), Raw("NaN"), Raw("-Infinity"), Raw("1.5"),
    "-0", "-0.00", "0.001", "1e15", "999999999999999.99", "NaN", "Infinity", " 1 ", "1_000",
]  # fmt: skip
EDGE_TEXTS: list[object] = [
    "", " ", "\ud800", "x\udfffy", "a\x00b", "\u202etxet", "貨到付款", "x" * 100_000,
    "cash_on_delivery", "Cash on Delivery", "COD", "HKD", "JPY", "hkd",
]  # fmt: skip
EDGE_VALUES: list[object] = [
    *EDGE_TIMESTAMPS,
    *EDGE_NUMBERS,
    *EDGE_TEXTS,
    None,
    True,
    [],
    {},
    [None],
    {"sku": "X"},
]


def _edge_kind(like: object) -> list[object]:
    if isinstance(like, str) and "T" in like and ":" in like:
        return EDGE_TIMESTAMPS
    if isinstance(like, (int, Decimal)) or (isinstance(like, str) and like[:1].isdigit()):
        return EDGE_NUMBERS
    return EDGE_TEXTS if isinstance(like, str) else EDGE_VALUES


def edge_values() -> st.SearchStrategy[object]:
    """Edge values, short arbitrary text (surrogates included) and any JSON value."""
    return st.one_of(
        st.sampled_from(EDGE_VALUES),
        st.text(st.characters(codec=None, categories=None), max_size=8),
        json_values(),
    )


def _places(doc: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [path] if path else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += _places(value, (*path, key))
    elif isinstance(doc, list) and not isinstance(doc, Pairs):  # a repeated key stays as it is
        for index, value in enumerate(doc):
            found += _places(value, (*path, index))
    return found


def _write(value: object) -> str:
    if isinstance(value, Raw):
        return value.token
    if isinstance(value, dict):
        value = Pairs(value.items())
    if isinstance(value, Pairs):
        return "{" + ",".join(f"{_write(k)}:{_write(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_write(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value)  # ASCII: a lone surrogate is written as its escape


#: Keys of every JSON object of a case or a return case: renaming to one of them swaps fields.
FIELD_NAMES = (
    "order", "request", "order_id", "placed_at", "payment_method", "items", "currency",
    "shipping_fee", "shipping_fee_refunded", "sku", "category", "unit_price", "quantity",
    "returned_quantity", "delivered_at", "requested_at", "lines", "reason", "resolution",
    "condition", "authorization", "shipment", "receipt", "inspection", "authorized_at", "skus",
    "shipped_at", "carrier", "tracking_number", "trackable", "tracking_sent_at", "cost",
    "received_at", "inspected_at", "reason_confirmed",
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, document: dict[str, object]) -> str:
    """*document* with one to three mutations, as JSON text (which may repeat a key).

    A mutation drops a key, repeats it with another value, renames it (to another
    field's name or to nonsense), replaces a value, or nests it in an array.
    """
    doc: Any = copy.deepcopy(document)
    # Choices by a Random seeded from hypothesis's data: uniform over places and edges (plain
    # draws favour the simplest, the first place and value), yet replayed and derandomized.
    rng = draw(st.randoms(use_true_random=True))

    def another(like: object) -> object:  # mostly an edge of the same kind
        return rng.choice(_edge_kind(like)) if rng.random() < 0.75 else draw(edge_values())

    for _ in range(rng.choice([1, 1, 1, 2, 3])):  # mostly one: near-valid documents
        places = _places(doc)
        if not places:
            break
        # mostly a timestamp (the edges of datetime and the calendar), a number or a text
        kind = rng.choice([EDGE_TIMESTAMPS, EDGE_TIMESTAMPS, EDGE_NUMBERS, EDGE_TEXTS, EDGE_VALUES])
        alike = [p for p in places if _edge_kind(_at(doc, p)) is kind] or places
        path = rng.choice(alike)
        parent: Any = _at(doc, path[:-1])
        key = path[-1]
        action = rng.choice(["replace"] * 6 + ["drop", "repeat", "rename", "wrap"])
        if action == "replace":
            parent[key] = another(parent[key])
        elif action == "wrap":
            parent[key] = [parent[key]]
        elif isinstance(parent, dict):
            value = parent.pop(key)
            if action == "repeat":
                pairs = Pairs([*parent.items(), (key, value), (key, another(value))])
                if len(path) == 1:
                    doc = pairs
                else:
                    _at(doc, path[:-2])[path[-2]] = pairs
            elif action == "rename":
                parent[rng.choice([*FIELD_NAMES, key + "_", "", "\ud800"])] = value
    return _write(doc)


def _at(doc: Any, path: tuple[object, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def changed(document: dict[str, Any], path: tuple[Any, ...], value: object) -> dict[str, Any]:
    """A copy of *document* with the value at *path* replaced, or removed if *value* is KeyError."""
    doc = copy.deepcopy(document)
    parent = _at(doc, path[:-1])
    if value is KeyError:
        parent.pop(path[-1], None)
    else:
        parent[path[-1]] = value
    return doc


#: A bar of a custom policy that reads a column the analysis varies (the category).
NECKLACES_FINAL = bar(
    "necklaces_final_sale",
    predicate(
        lambda c: c.item.category is Category.NECKLACE,
        code="necklace",
        description="the item is a necklace",
    ),
    "Necklaces are final sale.",
    translations={"zh-Hant-HK": "頸鏈屬特價貨品，恕不退換。"},
)


def _defect_deadline(c: LineContext) -> datetime | None:
    delivered = c.item.delivered_at
    if c.line.reason is not Reason.DEFECTIVE or delivered is None:
        return None
    return delivered + timedelta(days=10)


#: A bar whose window (and boundary) depends on the reason and that reads the resolution:
#: a defect is exchanged within 10 days of delivery, refunded after.
DEFECTS_WITHIN_TEN_DAYS = bar(
    "defect_reported_late",
    predicate(
        lambda c: (
            (end := _defect_deadline(c)) is not None
            and c.line.resolution is Resolution.EXCHANGE
            and c.request.requested_at > end
        ),
        code="defect_exchange_after_ten_days",
        description="an exchange of a defect asked more than 10 days after delivery",
        boundaries=lambda c: [
            Boundary(last=end, before="within 10 days", after="after 10 days")
            for end in [_defect_deadline(c)]
            if end is not None
        ],
        depends_on={LineAspect.REASON, LineAspect.RESOLUTION, LineAspect.ITEM, LineAspect.TIME},
    ),
    "A defect is exchanged within 10 days of delivery, refunded after.",
    translations={"zh-Hant-HK": "瑕疵貨品於收貨後10日內可換貨，其後只可退款。"},
)

#: A bar that reads the request itself: only one line per request is an exchange.
ONE_LINE_EXCHANGES = bar(
    "one_line_exchanges",
    predicate(
        lambda c: c.line.resolution is Resolution.EXCHANGE and len(c.request.lines) > 1,
        code="exchange_in_a_longer_request",
        description="an exchange in a request of more than one line",
        depends_on={LineAspect.RESOLUTION, LineAspect.REQUEST},
    ),
    "Ask for an exchange in a request of its own.",
    translations={"zh-Hant-HK": "換貨請另行提出申請。"},
)


@st.composite
def policies(draw: st.DrawFn, *, reason_windows: bool = True) -> Policy[LineContext]:
    """Policies built from the library's parts: windows of any length, rules removed, added, replaced.

    With *reason_windows*, also a bar whose boundary depends on the reason
    (``DEFECTS_WITHIN_TEN_DAYS``), which the decision table does not place
    (its rows vary the request time apart from the reason).
    """
    policy = AULSO_POLICY.with_rule(return_window_rule(days=draw(st.integers(0, 60)))).with_rule(
        change_of_mind_window_rule(hours=draw(st.integers(0, 24 * 40)))
    )
    for code in draw(st.sets(st.sampled_from([r.code for r in AULSO_POLICY.rules]), max_size=4)):
        policy = policy.without(code)
    if draw(st.booleans()):  # the windows under codes of the policy's own
        days, hours = draw(st.integers(0, 60)), draw(st.integers(0, 24 * 40))
        policy = attrs.evolve(policy, rules=[
            attrs.evolve(rule, when=rule.when.replace(
                "past_return_window", ReturnWindow(days=days, code="past_drawn_days")
            ).replace("past_change_of_mind_window", ChangeOfMindWindow(hours=hours, code="past_drawn_hours")))
            for rule in policy.rules
        ])  # fmt: skip
    if draw(st.booleans()):
        policy = policy.with_rule(NECKLACES_FINAL)
    if reason_windows and draw(st.booleans()):
        policy = policy.with_rule(DEFECTS_WITHIN_TEN_DAYS)
    if draw(st.booleans()):
        policy = policy.with_rule(ONE_LINE_EXCHANGES)
    if draw(st.booleans()):  # the change-of-mind ground on other terms
        policy = policy.with_rule(
            ground(
                "change_of_mind",
                AULSO_POLICY.rule("change_of_mind").when,
                "Refunded less a restocking fee; you pay return postage.",
                translations={"zh-Hant-HK": "退款會扣除重新上架費；退貨郵費由閣下支付。"},
                return_shipping="customer",
                restocking_fee=draw(st.sampled_from(["0.10", "0.15"])),
            )
        )
    return policy.renamed("drawn", "1")

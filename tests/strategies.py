"""The one home of the hypothesis strategies: models, cases, JSON values, calendars.

Timestamps are drawn in any UTC offset and, on purpose, often right on a
window's edge: exactly 72 hours after delivery, one microsecond later, the
last microsecond of day 30 in Hong Kong, the first of day 31.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import strategies as st

from aulso_returns import (
    HKT,
    Category,
    Condition,
    Item,
    Order,
    Reason,
    Resolution,
    ReturnLine,
    ReturnRequest,
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

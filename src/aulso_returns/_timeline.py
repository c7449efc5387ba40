"""When a line's ruling changes over time, from the instants a policy's predicates declare.

Nothing here knows a rule or predicate of the shop by its code. A predicate
that compares a time declares its :class:`~aulso_returns.Boundary` values:
the instants across which it may change. Between two of them no predicate
changes, so a request's ruling is the same over each interval, and one
ruling at the interval's end decides it. A :class:`Timeline` walks the
intervals from a request's instant: until when its ground goes on approving
it (:meth:`Timeline.until`), when it was last approved (``closed_at``) and
when it will first be (``opens_at``). :func:`options` and the deadline of a
decision's "a refund is available instead" are both read from it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from ._calendar import hong_kong_date
from ._model import _new_request
from ._policy import LineAspect, LineContext, _new_context
from ._rules import Atom, Policy, Predicate, Ruling

MICROSECOND = timedelta(microseconds=1)

#: What differs between a request and the same request made at another instant.
MOMENT = frozenset({LineAspect.TIME, LineAspect.REQUEST})


def timed_parts(policy: Policy[LineContext]) -> tuple[Predicate[LineContext], ...]:
    """The predicates of *policy* that may declare boundaries, each once."""
    parts = dict.fromkeys(part for rule in policy.rules for part in rule.when.walk())
    return tuple(
        part
        for part in parts
        if type(part).boundaries is not Predicate.boundaries
        and not (isinstance(part, Atom) and part.bounds is None)
    )


def boundaries(parts: Iterable[Predicate[LineContext]], context: LineContext) -> set[datetime]:
    """The instants across which one of *parts* may change, for *context*."""
    return {b.last for part in parts for b in part.boundaries(context)}


def ordered(points: set[datetime], at: datetime) -> tuple[list[datetime], int]:
    """*points* in order, and the interval holding *at* (interval *k* ends at ``points[k]``)."""
    kept = sorted(points)
    return kept, bisect_left(kept, at)


def made_at(context: LineContext, when: datetime) -> LineContext:
    """*context*'s line in the same request made at *when* instead (its other lines as they are).

    Every value is one a context already holds, or *when*, an instant the
    caller checked or a policy's boundary: nothing to check again.
    """
    request = context.request
    delivered = context.item.delivered_at
    return _new_context(
        order=context.order,
        request=_new_request(order_id=request.order_id, requested_at=when, lines=request.lines),
        item=context.item,
        line=context.line,
        condition=context.condition,
        delivered=delivered is not None and delivered <= when,
        delivered_on=context.delivered_on,
        requested_on=hong_kong_date(when),
    )


class Timeline:
    """One request's rulings over time: *now* at its instant, and on each interval between *points*.

    *points* are the boundaries in order and *here* the interval holding the
    request's instant (see :func:`ordered`); *moment* makes the request at
    another instant (see :func:`made_at`), which *policy* rules again in what
    changes with time alone (:meth:`~aulso_returns.Policy.reruling`).
    Interval *k* ends at ``points[k]`` (the last one has no end) and is
    decided at its end, where no boundary separates it from the rest of the
    interval; nothing is decided before the order was placed.
    """

    __slots__ = ("here", "moment", "now", "placed_at", "points", "policy")

    def __init__(  # noqa: PLR0913 - what a timeline is made of, each by keyword
        self,
        *,
        policy: Policy[LineContext],
        now: Ruling[LineContext],
        points: list[datetime],
        here: int,
        placed_at: datetime,
        moment: Callable[[datetime], LineContext],
    ) -> None:
        self.policy, self.now, self.points, self.here = policy, now, points, here
        self.placed_at, self.moment = placed_at, moment

    def _end(self, k: int) -> datetime | None:
        return self.points[k] if k < len(self.points) else None

    def _decided(self, k: int) -> Ruling[LineContext] | None:
        end = self._end(k)
        when = self.points[-1] + MICROSECOND if end is None else end
        if when < self.placed_at:
            return None
        return self.policy.reruling(self.moment(when), self.now, MOMENT)

    def until(self) -> datetime | None:
        """The end of the last interval from now on that the ground of *now* still approves.

        ``None`` when nothing ends it; *now* must be allowed.
        """
        ground = self.now.grounds[0]
        k = self.here
        while k < len(self.points):
            later = self._decided(k + 1)
            if later is None or not later.allowed or later.grounds[0] is not ground:
                break
            k += 1
        return self._end(k)

    def closed_at(self) -> datetime | None:
        """The end of the last interval before now that was approved (``None``: none was)."""
        if self.policy.stays_refused(self.now, MOMENT):  # whenever it is asked
            return None
        return next(
            (self._end(k) for k in range(self.here - 1, -1, -1) if _allowed(self._decided(k))),
            None,
        )

    def opens_at(self) -> datetime | None:
        """The start of the first interval after now that is approved (``None``: none is)."""
        if self.policy.stays_refused(self.now, MOMENT):  # whenever it is asked
            return None
        return next(
            (self.points[k - 1] + MICROSECOND for k in range(self.here + 1, len(self.points) + 1)
             if _allowed(self._decided(k))),
            None,
        )  # fmt: skip


def _allowed(ruling: Ruling[LineContext] | None) -> bool:
    return ruling is not None and ruling.allowed

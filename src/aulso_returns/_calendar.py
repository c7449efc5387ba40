"""Hong Kong business days: weekdays that are not general holidays or closures.

General holidays come from the ``holidays`` package (country ``HK``, category
``optional``: the general holidays that banks and offices close on, as opposed
to the shorter statutory list). They are computed once per year per process,
on first use, and shared by every calendar. A calendar then keeps, per year,
the sorted ordinals of its business days, so that each operation is a
dictionary look-up and a binary search, not a walk over days.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone

import attrs

#: Hong Kong time. Hong Kong has observed no daylight saving time since 1979,
#: so a fixed +08:00 offset is exact for every supported date.
HKT = timezone(timedelta(hours=8), "HKT")

#: The years the calendar answers for; outside them it raises ``ValueError``.
FIRST_YEAR = 1990
LAST_YEAR = 2100

#: The last year of the timestamps a case may hold (as Hong Kong dates, from ``FIRST_YEAR``):
#: one year less than the calendar, so that every deadline of an accepted case is within it.
LAST_CASE_YEAR = LAST_YEAR - 1

_END_OF_DAY = time(23, 59, 59, 999999)
_MONDAY_TO_FRIDAY = frozenset(range(5))

_holiday_lock = threading.Lock()
_general_holidays: dict[int, frozenset[int]] = {}


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            f"year {year} is outside the supported range {FIRST_YEAR}-{LAST_YEAR} of the Hong Kong calendar"
        )


def general_holidays(year: int) -> tuple[date, ...]:
    """The Hong Kong general holidays of *year* (Sundays not listed), in date order.

    :param year: a year from 1990 to 2100.
    :returns: the holidays' dates, from the ``holidays`` package's optional
        (general holiday) category.
    :raises ValueError: when *year* is outside 1990-2100.

    >>> general_holidays(2026)[:2]
    (datetime.date(2026, 1, 1), datetime.date(2026, 2, 17))
    """
    return tuple(date.fromordinal(o) for o in sorted(_holiday_ordinals(year)))


def _holiday_ordinals(year: int) -> frozenset[int]:
    found = _general_holidays.get(year)  # pragma: no mutate
    if found is not None:
        return found
    _check_year(year)
    with _holiday_lock:
        found = _general_holidays.get(year)  # pragma: no mutate
        if found is None:
            import holidays  # noqa: PLC0415 - deferred: `import aulso_returns` must stay cheap

            hk = holidays.country_holidays("HK", years=year, categories=("optional",))
            found = frozenset(d.toordinal() for d in hk if d.year == year)
            if not found:  # the package returns nothing for years it does not cover
                raise ValueError(f"the holidays package has no Hong Kong data for {year}")
            _general_holidays[year] = found  # pragma: no mutate
    return found


def hong_kong_date(moment: date | datetime) -> date:
    """The Hong Kong calendar date of *moment*; a ``date`` is returned as it is.

    :param moment: an aware datetime, or a date.
    :returns: the date in Hong Kong (UTC+8) at *moment*.
    :raises ValueError: when *moment* is a naive datetime.
    :raises TypeError: when *moment* is neither a date nor a datetime.

    >>> hong_kong_date(datetime(2026, 3, 31, 17, 0, tzinfo=timezone.utc))
    datetime.date(2026, 4, 1)
    """
    if isinstance(moment, datetime):
        if moment.utcoffset() is None:
            raise ValueError("a datetime must be timezone-aware to have a Hong Kong date")
        return moment.astimezone(HKT).date()
    if isinstance(moment, date):
        return moment
    raise TypeError(f"expected a date or an aware datetime, got {type(moment).__name__}")


def _int_set(values: Iterable[int]) -> frozenset[int]:
    return frozenset(values)


def _date_set(values: Iterable[date]) -> frozenset[date]:
    return frozenset(values)


@attrs.frozen(kw_only=True)
class BusinessCalendar:
    """Business days: ``workdays`` (0 = Monday) that are not general holidays or ``closures``.

    Calendars are immutable, hashable values and safe to share between threads.

    >>> cal = BusinessCalendar.hong_kong()
    >>> cal.add_business_days(date(2026, 4, 2), 2)   # Easter cluster in between
    datetime.date(2026, 4, 9)
    >>> cal.add_business_days(date(2026, 11, 28), 2)  # from a Saturday
    datetime.date(2026, 12, 1)
    """

    workdays: frozenset[int] = attrs.field(default=_MONDAY_TO_FRIDAY, converter=_int_set)
    closures: frozenset[date] = attrs.field(default=frozenset(), converter=_date_set)
    _years: dict[int, tuple[tuple[int, ...], frozenset[int]]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )

    @workdays.validator
    def _check_workdays(self, _: object, value: frozenset[int]) -> None:
        if not value or not all(isinstance(d, int) and 0 <= d <= 6 for d in value):
            raise ValueError(
                "workdays must be a non-empty set of weekday numbers 0 (Monday) to 6 (Sunday)"
            )

    @closures.validator
    def _check_closures(self, _: object, value: frozenset[date]) -> None:
        for d in value:
            if not isinstance(d, date) or isinstance(d, datetime):
                raise ValueError(f"a closure must be a date, got {d!r}")

    @classmethod
    def hong_kong(
        cls, *, closures: Iterable[date] = (), workdays: Iterable[int] = _MONDAY_TO_FRIDAY
    ) -> BusinessCalendar:
        """The Hong Kong calendar, Monday to Friday unless *workdays* says otherwise.

        >>> saturdays_too = BusinessCalendar.hong_kong(workdays=range(6))
        >>> saturdays_too.is_business_day(date(2026, 11, 28))
        True
        """
        return cls(workdays=frozenset(workdays), closures=frozenset(closures))

    def with_closures(self, *days: date) -> BusinessCalendar:
        """A new calendar with *days* closed as well.

        >>> typhoon = BusinessCalendar.hong_kong().with_closures(date(2026, 9, 24))
        >>> typhoon.is_business_day(date(2026, 9, 24))
        False
        """
        return BusinessCalendar(workdays=self.workdays, closures=self.closures | frozenset(days))

    def _year(self, year: int) -> tuple[tuple[int, ...], frozenset[int]]:
        data = self._years.get(year)  # pragma: no mutate
        if data is None:
            closed = _holiday_ordinals(year) | {
                d.toordinal() for d in self.closures if d.year == year
            }
            workdays = self.workdays
            first = date(year, 1, 1).toordinal()  # pragma: no mutate (a holiday every year)
            days = tuple(
                o
                for o in range(first, date(year, 12, 31).toordinal() + 1)
                if (o + 6) % 7 in workdays and o not in closed
            )
            data = (days, frozenset(days))
            self._years[year] = data  # pragma: no mutate
        return data

    def is_business_day(self, day: date | datetime) -> bool:
        """Whether *day* (or a datetime's Hong Kong date) is a business day."""
        d = hong_kong_date(day)
        return d.toordinal() in self._year(d.year)[1]

    def add_business_days(self, day: date | datetime, n: int) -> date:
        """The *n*-th business day strictly after *day* (before it if *n* < 0).

        *day* itself never counts, whatever day it is; ``n == 0`` returns it.
        """
        d = hong_kong_date(day)
        if n == 0:
            return d
        o = d.toordinal()
        year = d.year
        days = self._year(year)[0]
        if n > 0:  # pragma: no mutate
            k = bisect_right(days, o) + n - 1
            while k >= len(days):
                k -= len(days)
                year += 1
                days = self._year(year)[0]
        else:
            k = bisect_left(days, o) + n
            while k < 0:
                year -= 1
                days = self._year(year)[0]
                k += len(days)
        return date.fromordinal(days[k])

    def business_days_between(self, start: date | datetime, end: date | datetime) -> int:
        """The number of business days in the half-open range (*start*, *end*]; negative if *end* < *start*."""
        a, b = hong_kong_date(start), hong_kong_date(end)
        if b < a:
            return -self.business_days_between(b, a)
        days_a = self._year(a.year)[0]
        if a.year == b.year:
            return bisect_right(days_a, b.toordinal()) - bisect_right(days_a, a.toordinal())
        count = len(days_a) - bisect_right(days_a, a.toordinal())
        count += sum(len(self._year(y)[0]) for y in range(a.year + 1, b.year))
        return count + bisect_right(self._year(b.year)[0], b.toordinal())

    def deadline(self, start: datetime, n: int) -> datetime:
        """The last instant (23:59:59.999999 Hong Kong time) of the *n*-th business day after *start*.

        >>> BusinessCalendar.hong_kong().deadline(datetime(2026, 12, 24, 18, tzinfo=HKT), 2)
        datetime.datetime(2026, 12, 29, 23, 59, 59, 999999, tzinfo=datetime.timezone(datetime.timedelta(seconds=28800), 'HKT'))
        """
        return datetime.combine(self.add_business_days(start, n), _END_OF_DAY, tzinfo=HKT)

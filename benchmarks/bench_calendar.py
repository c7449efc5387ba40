"""Hong Kong business-day arithmetic next to two references measured in the same run.

- naive: a loop that steps one day at a time and asks the ``holidays`` package;
- numpy: ``numpy.busday_offset`` / ``busday_count`` with a ``busdaycalendar`` of
  the same holidays (numpy is a benchmark dependency only: pip install -e '.[bench]').

Run: python benchmarks/bench_calendar.py
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import holidays
import numpy as np

from _timing import machine, report
from aulso_returns import BusinessCalendar, general_holidays

YEARS = range(2024, 2031)
HK = BusinessCalendar.hong_kong()
RAW = holidays.country_holidays("HK", years=YEARS, categories=("optional",))
NP_CAL = np.busdaycalendar(
    weekmask="1111100", holidays=[np.datetime64(d) for y in YEARS for d in general_holidays(y)]
)


def naive_add(d: date, n: int) -> date:
    while n:
        d += timedelta(days=1)
        if d.weekday() < 5 and d not in RAW:
            n -= 1
    return d


def naive_is_business(d: date) -> bool:
    return d.weekday() < 5 and d not in RAW


def numpy_add(d: date, n: int) -> date:
    return np.busday_offset(d, n, roll="backward", busdaycal=NP_CAL).astype(object)  # type: ignore[no-any-return]


def main() -> None:
    print(f"machine: {machine()}")
    rng = random.Random(3)
    starts = [date(2025, 1, 1) + timedelta(days=rng.randrange(4 * 365)) for _ in range(5000)]
    HK.add_business_days(starts[0], 1)  # warm: holidays computed once per year, per process
    for d in starts[:500]:
        for n in (1, 7, 30):
            assert HK.add_business_days(d, n) == naive_add(d, n) == numpy_add(d, n)
    report(
        "is_business_day, per call",
        [("naive (holidays lookup)", naive_is_business, starts),
         ("numpy.is_busday", lambda d: np.is_busday(d, busdaycal=NP_CAL), starts),
         ("BusinessCalendar.is_business_day", HK.is_business_day, starts)],
        "naive (holidays lookup)",
    )  # fmt: skip
    for n in (2, 7, 30):
        report(
            f"add_business_days(d, {n}), per call",
            [("naive day-by-day loop", lambda d, n=n: naive_add(d, n), starts),
             ("numpy.busday_offset", lambda d, n=n: numpy_add(d, n), starts),
             ("BusinessCalendar.add_business_days", lambda d, n=n: HK.add_business_days(d, n), starts)],
            "naive day-by-day loop",
        )  # fmt: skip
    ends = [d + timedelta(days=rng.randrange(1, 700)) for d in starts]
    pairs = list(zip(starts, ends, strict=True))
    report(
        "business_days_between(a, b), b up to two years after a, per call",
        [("numpy.busday_count", lambda p: np.busday_count(p[0] + timedelta(days=1), p[1] + timedelta(days=1), busdaycal=NP_CAL), pairs),
         ("BusinessCalendar.business_days_between", lambda p: HK.business_days_between(*p), pairs)],
        "numpy.busday_count",
    )  # fmt: skip


if __name__ == "__main__":
    main()

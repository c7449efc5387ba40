"""The Hong Kong business calendar."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aulso_returns import HKT, BusinessCalendar, general_holidays, hong_kong_date
from strategies import dates

HK = BusinessCalendar.hong_kong()

GAZETTED = {
    2024: ["01-01", "02-10", "02-12", "02-13", "03-29", "03-30", "04-01", "04-04", "05-01", "05-15",
           "06-10", "07-01", "09-18", "10-01", "10-11", "12-25", "12-26"],
    2025: ["01-01", "01-29", "01-30", "01-31", "04-04", "04-18", "04-19", "04-21", "05-01", "05-05",
           "05-31", "07-01", "10-01", "10-07", "10-29", "12-25", "12-26"],
    2026: ["01-01", "02-17", "02-18", "02-19", "04-03", "04-04", "04-06", "04-07", "05-01", "05-25",
           "06-19", "07-01", "09-26", "10-01", "10-19", "12-25", "12-26"],
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(GAZETTED))
def test_general_holidays_day_by_day(year: int) -> None:
    assert [d.strftime("%m-%d") for d in general_holidays(year)] == GAZETTED[year]


@pytest.mark.parametrize(
    ("day", "business"),
    [
        ("2021-04-05", False), ("2021-04-06", False), ("2022-09-12", False), ("2022-12-27", False),
        ("2023-10-02", False), ("2023-10-03", True), ("2026-04-06", False), ("2026-04-07", False),
        ("2027-02-09", False), ("2027-12-27", False), ("2026-04-08", True), ("2026-11-28", False),
    ],
)  # fmt: skip
def test_regression_dates(day: str, business: bool) -> None:
    assert HK.is_business_day(date.fromisoformat(day)) is business


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("2026-04-02", 2, "2026-04-09"),  # Easter cluster
        ("2026-11-28", 2, "2026-12-01"),  # from a Saturday
        ("2026-02-13", 1, "2026-02-16"),  # Friday before Lunar New Year
        ("2026-02-16", 1, "2026-02-20"),
        ("2026-12-31", 1, "2027-01-04"),  # across the year
        ("2026-04-09", -2, "2026-04-02"),
        ("2026-04-05", 0, "2026-04-05"),
        ("2026-01-02", -1, "2025-12-31"),
    ],
)
def test_add_business_days_examples(start: str, n: int, due: str) -> None:
    assert HK.add_business_days(date.fromisoformat(start), n) == date.fromisoformat(due)


def test_datetime_is_judged_by_its_hong_kong_date() -> None:
    # 17:00 UTC on Thursday 2 April is already Friday 3 April (Good Friday) in Hong Kong.
    late_utc = datetime(2026, 4, 2, 17, 0, tzinfo=timezone.utc)
    assert not HK.is_business_day(late_utc)
    assert HK.add_business_days(late_utc, 1) == date(2026, 4, 8)
    assert HK.add_business_days(datetime(2026, 4, 2, 15, 59, tzinfo=timezone.utc), 1) == date(
        2026, 4, 8
    )
    assert HK.deadline(late_utc, 1) == datetime(2026, 4, 8, 23, 59, 59, 999999, tzinfo=HKT)
    with pytest.raises(ValueError, match="timezone-aware"):
        HK.is_business_day(datetime(2026, 4, 2))  # noqa: DTZ001


def test_closures_and_workweek() -> None:
    typhoon = HK.with_closures(date(2026, 9, 24))
    assert HK.add_business_days(date(2026, 9, 23), 1) == date(2026, 9, 24)
    assert typhoon.add_business_days(date(2026, 9, 23), 1) == date(2026, 9, 25)
    assert typhoon != HK
    assert HK.closures == frozenset()
    six_days = BusinessCalendar.hong_kong(workdays=range(6))
    assert six_days.add_business_days(date(2026, 11, 27), 1) == date(2026, 11, 28)
    assert not six_days.is_business_day(date(2026, 9, 26))  # a Saturday general holiday


@pytest.mark.parametrize("bad", [date(1989, 12, 31), date(2101, 1, 1)])
def test_outside_supported_years_is_an_error(bad: date) -> None:
    with pytest.raises(ValueError, match="outside the supported range 1990-2100"):
        HK.is_business_day(bad)


@pytest.mark.parametrize("edge", [date(1990, 1, 2), date(2100, 12, 31)])
def test_the_first_and_last_supported_years_are_answered(edge: date) -> None:
    assert HK.is_business_day(edge) == (edge.weekday() < 5)


def test_stepping_past_the_supported_range_is_an_error() -> None:
    with pytest.raises(ValueError, match="outside the supported range"):
        HK.add_business_days(date(2100, 12, 30), 5)
    with pytest.raises(ValueError, match="outside the supported range"):
        HK.add_business_days(date(1990, 1, 3), -5)


def test_every_deadline_of_the_last_case_year_is_within_the_calendar() -> None:
    # A case may be dated up to the last day of 2099 (Hong Kong): its deadlines fall in 2100.
    assert HK.add_business_days(date(2099, 12, 31), 7) == date(2100, 1, 12)


def test_invalid_calendars() -> None:
    with pytest.raises(ValueError, match="workdays"):
        BusinessCalendar.hong_kong(workdays=[])
    with pytest.raises(ValueError, match="workdays"):
        BusinessCalendar.hong_kong(workdays=[7])
    with pytest.raises(ValueError, match="closure must be a date"):
        BusinessCalendar.hong_kong(closures=[datetime(2026, 1, 1, tzinfo=HKT)])


def test_thread_safe() -> None:
    cal = BusinessCalendar.hong_kong(closures=[date(2031, 5, 5)])
    starts = [date(2030, 1, 1) + timedelta(days=i) for i in range(400)]
    expected = [naive_add(cal, d, 17) for d in starts]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(lambda d: cal.add_business_days(d, 17), starts)) == expected


# --- laws, against a day-by-day reference -----------------------------------------------------


def naive_is_business(cal: BusinessCalendar, d: date) -> bool:
    return (
        d.weekday() in cal.workdays and d not in general_holidays(d.year) and d not in cal.closures
    )


def naive_add(cal: BusinessCalendar, d: date, n: int) -> date:
    step = timedelta(days=1 if n > 0 else -1)
    while n:
        d += step
        if naive_is_business(cal, d):
            n -= 1 if n > 0 else -1
    return d


calendars = st.builds(
    lambda closures, six: BusinessCalendar.hong_kong(
        closures=closures, workdays=range(6 if six else 5)
    ),
    st.frozensets(dates(date(2020, 1, 1), date(2030, 12, 31)), max_size=5),
    st.booleans(),
)
mid_dates = dates(date(1994, 1, 1), date(2095, 12, 31))  # room for 800 steps either way
steps = st.integers(min_value=-60, max_value=60)


@given(calendars, mid_dates, steps)
def test_agrees_with_day_by_day_reference(cal: BusinessCalendar, d: date, n: int) -> None:
    assert cal.add_business_days(d, n) == naive_add(cal, d, n)
    assert cal.is_business_day(d) == naive_is_business(cal, d)


@given(calendars, mid_dates, st.integers(min_value=1, max_value=400))
def test_lands_on_a_business_day_after_the_start(cal: BusinessCalendar, d: date, n: int) -> None:
    due = cal.add_business_days(d, n)
    assert cal.is_business_day(due)
    assert due > d
    assert cal.add_business_days(d, -n) < d


@given(calendars, mid_dates, st.integers(min_value=1, max_value=400))
def test_forth_and_back_returns_to_the_last_business_day_on_or_before(
    cal: BusinessCalendar, d: date, n: int
) -> None:
    on_or_before = d if cal.is_business_day(d) else cal.add_business_days(d, -1)
    assert cal.add_business_days(cal.add_business_days(d, n), -n) == on_or_before


@given(calendars, mid_dates, st.integers(min_value=-800, max_value=800))
def test_between_counts_what_add_steps(cal: BusinessCalendar, d: date, n: int) -> None:
    assert cal.business_days_between(d, cal.add_business_days(d, n)) == (
        n if n >= 0 or cal.is_business_day(d) else n + 1
    )


@given(calendars, mid_dates, mid_dates)
def test_between_is_antisymmetric_and_matches_counting(
    cal: BusinessCalendar, a: date, b: date
) -> None:
    assert cal.business_days_between(a, b) == -cal.business_days_between(b, a)
    if abs((b - a).days) <= 120:
        lo, hi = min(a, b), max(a, b)
        count = sum(
            naive_is_business(cal, lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1)
        )
        assert abs(cal.business_days_between(a, b)) == count


@given(
    calendars,
    mid_dates,
    st.integers(min_value=1, max_value=100),
    st.integers(min_value=1, max_value=100),
)
def test_monotonic_in_n(cal: BusinessCalendar, d: date, n: int, m: int) -> None:
    lo, hi = sorted((n, m))
    assert cal.add_business_days(d, lo) <= cal.add_business_days(d, hi)


@given(
    calendars,
    st.frozensets(dates(date(2020, 1, 1), date(2030, 12, 31)), max_size=5),
    mid_dates,
    steps,
)
def test_closures_only_move_deadlines_later(
    cal: BusinessCalendar, extra: frozenset[date], d: date, n: int
) -> None:
    closed = cal.with_closures(*extra)
    if n > 0:
        assert closed.add_business_days(d, n) >= cal.add_business_days(d, n)
    assert closed.business_days_between(d, d + timedelta(days=30)) <= cal.business_days_between(
        d, d + timedelta(days=30)
    )


@pytest.mark.parametrize("year", [1990, 2026, 2100])
def test_the_holiday_cache_is_speed_only(year: int) -> None:
    from aulso_returns import _calendar  # noqa: PLC0415

    known = general_holidays(year)
    _calendar._general_holidays.pop(year, None)  # computed again, from the holidays package
    assert general_holidays(year) == known
    assert BusinessCalendar.hong_kong().add_business_days(
        date(year, 6, 1), 1
    ) == HK.add_business_days(date(year, 6, 1), 1)


@pytest.mark.parametrize("year", [1989, 2101])
def test_holidays_outside_the_supported_years_are_refused(year: int) -> None:
    with pytest.raises(ValueError, match=f"^year {year} is outside the supported range 1990-2100 "):
        general_holidays(year)


def test_closures_keep_the_working_week() -> None:
    six_days = BusinessCalendar.hong_kong(workdays=range(6))
    closed = six_days.with_closures(date(2026, 11, 28))
    assert closed.workdays == frozenset(range(6))
    assert closed.closures == frozenset({date(2026, 11, 28)})
    assert closed.add_business_days(date(2026, 11, 27), 1) == date(2026, 11, 30)
    assert six_days.add_business_days(date(2026, 11, 27), 1) == date(2026, 11, 28)


def test_hong_kong_dates_need_an_aware_datetime_or_a_date() -> None:
    with pytest.raises(
        ValueError, match=r"^a datetime must be timezone-aware to have a Hong Kong date$"
    ):
        hong_kong_date(datetime(2026, 11, 5, 10))  # noqa: DTZ001 - naive on purpose
    with pytest.raises(TypeError, match=r"^expected a date or an aware datetime, got str$"):
        hong_kong_date("2026-11-05")  # type: ignore[arg-type]
    assert hong_kong_date(date(2026, 11, 5)) == date(2026, 11, 5)


def test_a_year_the_holidays_package_has_no_data_for_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import holidays  # noqa: PLC0415

    from aulso_returns import _calendar  # noqa: PLC0415

    monkeypatch.setattr(holidays, "country_holidays", lambda *_, **__: {})
    monkeypatch.delitem(_calendar._general_holidays, 2030, raising=False)
    with pytest.raises(ValueError, match=r"^the holidays package has no Hong Kong data for 2030$"):
        general_holidays(2030)
    assert 2030 not in _calendar._general_holidays  # nothing wrong was cached

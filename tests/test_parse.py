"""The conversions from JSON values: each names its field, and reads only what it says."""

from __future__ import annotations

import decimal
from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from aulso_returns import HKT, Reason, ValidationError, _parse
from aulso_returns._parse import (
    OutOfRange,
    aware,
    boolean,
    check_keys,
    currency_code,
    cut,
    day,
    decode,
    did_you_mean,
    format_money,
    integer,
    json_value,
    kind,
    mapping,
    money,
    quantity,
    sequence,
    string,
    supported,
    writable,
)


def error(convert: object, *args: object) -> str:
    with pytest.raises(ValidationError) as info:
        convert(*args)  # type: ignore[operator]
    return str(info.value)


def test_a_value_is_quoted_whole_up_to_sixty_characters() -> None:
    assert cut("x" * 60) == "x" * 60
    assert cut("x" * 61) == "x" * 60 + "... (61 characters)"


def test_days() -> None:
    assert day("2026-11-05", "d") == date(2026, 11, 5)
    assert day(date(2026, 11, 5), "d") == date(2026, 11, 5)
    assert error(day, datetime(2026, 11, 5, tzinfo=timezone.utc), "d") == (
        "d: expected a date YYYY-MM-DD, got a datetime"
    )
    assert error(day, 20261105, "d") == "d: expected a date YYYY-MM-DD, got the number 20261105"
    assert error(day, "2026-02-30", "d") == "d: not a date YYYY-MM-DD: '2026-02-30'"


def test_bytes_are_decoded_as_utf8_or_refused_where_they_fail() -> None:
    assert decode("貨".encode()) == "貨"
    assert error(decode, b"ok\xff") == "case: not UTF-8 text: byte 0xff at offset 2"
    assert error(decode, b"\xc3", "batch") == "batch: not UTF-8 text: byte 0xc3 at offset 0"
    assert json_value(b'{"a": "\xe8\xb2\xa8"}') == {"a": "貨"}


def test_money_in_a_currency() -> None:
    assert money("1200", "p", "JPY") == Decimal(1200)
    assert money(12, "p", "HKD") == Decimal(12)
    assert error(money, "10.5", "p", "JPY") == "p: JPY has 0 decimal places; 10.5 has more"
    assert error(money, "1.0005", "p", "KWD") == "p: KWD has 3 decimal places; 1.0005 has more"
    assert money("1.005", "p", "KWD") == Decimal("1.005")
    assert error(money, "abc", "p", "HKD") == "p: not a decimal number: 'abc'"
    assert error(money, "1e15", "p", "HKD") == "p: must be below 1,000,000,000,000,000"
    assert error(money, "-0.01", "p", "HKD") == "p: must not be negative"
    assert money("-0", "p", "HKD").is_signed() is False


def test_money_is_judged_alike_whatever_the_callers_decimal_context() -> None:
    # 1234.5 is not in minor units (it is quantized to compare), in a context too narrow for it
    with decimal.localcontext(decimal.Context(prec=3, traps=[decimal.InvalidOperation])):
        assert money("1234.5", "p", "HKD") == Decimal("1234.5")
        assert (
            error(money, "1234.505", "p", "HKD") == "p: HKD has 2 decimal places; 1234.505 has more"
        )


def test_scalars_name_the_kind_they_got() -> None:
    assert boolean(False, "b") is False
    assert error(boolean, 0, "b") == "b: expected true or false, got the number 0"
    assert error(boolean, None, "b") == "b: expected true or false, got null"
    assert error(integer, True, "i") == "i: expected a whole number, got a boolean"
    assert error(integer, Decimal(1), "i") == "i: expected a whole number, got the number 1"
    assert quantity(1_000_000, "q", 1) == 1_000_000
    assert error(quantity, 0, "q", 1) == "q: must be >= 1"
    assert quantity(0, "q", 0) == 0
    assert error(string, [], "s") == "s: expected a string, got an array"
    assert error(string, {}, "s") == "s: expected a string, got an object"
    assert string(" x", "s") == " x"  # leading space, not blank
    assert (
        error(currency_code, "HK1", "c") == "c: expected a three-letter ISO 4217 code such as 'HKD'"
    )
    assert (
        error(currency_code, "HKDX", "c")
        == "c: expected a three-letter ISO 4217 code such as 'HKD'"
    )
    assert (
        error(currency_code, 840, "c") == "c: expected a three-letter ISO 4217 code such as 'HKD'"
    )
    assert currency_code("JPY", "c") == "JPY"


def test_objects_and_arrays() -> None:
    assert error(mapping, {1: "x"}, "o") == "o: expected an object, got an object"
    assert error(mapping, [], "o") == "o: expected an object, got an array"
    assert sequence((1, 2), "a") == (1, 2)
    assert error(sequence, "ab", "a") == "a: expected an array, got a string"
    assert error(sequence, {"a": 1}, "a") == "a: expected an array, got an object"
    assert error(sequence, 3, "a") == "a: expected an array, got the number 3"
    check_keys({"a": 1}, "o", required=("a",), optional=("b",))
    with pytest.raises(ValidationError, match=r"^o\.c: unknown field \(expected one of a, b\)$"):
        check_keys({"a": 1, "c": 2}, "o", required=("a",), optional=("b",))
    with pytest.raises(ValidationError, match=r"^o\.a: required field is missing$"):
        check_keys({"b": 1}, "o", required=("a",), optional=("b",))
    with pytest.raises(ValidationError, match=r"^a: required field is missing$"):
        check_keys({}, "", required=("a",), optional=())


def test_instants_at_the_ends_of_the_supported_years() -> None:
    assert supported(datetime(1990, 1, 1, 0, 0, tzinfo=HKT), "t")
    assert supported(datetime(2099, 12, 31, 23, 59, 59, 999999, tzinfo=HKT), "t")
    assert error(supported, datetime(1989, 12, 31, 15, 59, tzinfo=timezone.utc), "t") == (
        "t: 1989-12-31 is outside the supported years 1990-2099 (Hong Kong dates)"
    )
    assert writable(datetime(2100, 1, 3, tzinfo=HKT), "t")
    assert error(writable, datetime.max.replace(tzinfo=timezone.utc), "t") == (
        "t: 9999-12-31T23:59:59.999999+00:00 has no Hong Kong time"
    )


def test_aware_instants_keep_a_fixed_offset_whatever_their_tzinfo() -> None:
    moment = datetime(2026, 11, 2, 14, 30, tzinfo=ZoneInfo("Asia/Hong_Kong"))
    fixed = aware(moment, "t")
    assert (fixed, type(fixed.tzinfo), fixed.utcoffset()) == (moment, timezone, timedelta(hours=8))
    again = aware(datetime(2026, 1, 2, tzinfo=ZoneInfo("Asia/Hong_Kong")), "t")
    assert again.tzinfo is fixed.tzinfo  # one fixed offset, cached
    named = datetime(2026, 11, 2, tzinfo=HKT)
    assert aware(named, "t").tzinfo is HKT  # a fixed offset is kept as it is
    assert error(aware, "2026-11-02", "t") == "t: expected a timezone-aware datetime, got a string"
    assert error(aware, datetime(2026, 11, 2), "t") == "t: timestamp must include a UTC offset"  # noqa: DTZ001


def test_money_is_written_exactly_whatever_the_callers_decimal_context() -> None:
    assert format_money(Decimal("-0.00"), "HKD") == "0.00"
    with decimal.localcontext(prec=3):
        assert format_money(Decimal("123456.785"), "HKD") == "123456.78"  # half even, all digits
        assert format_money(Decimal(12), "KWD") == "12.000"


def unknown(key: str) -> str:
    return error(lambda: check_keys({key: 1}, "case", required=(), optional=()))


def test_keys_that_are_not_plain_names_are_quoted_in_paths() -> None:
    for key in ("a.b", "a[0]"):
        assert unknown(key).startswith(f"case[{key!r}]: unknown field")
    assert unknown("k" * 60).startswith(f"case.{'k' * 60}: unknown field")
    assert unknown("k" * 61).startswith("case['" + "k" * 59 + "... (63 characters)]: unknown field")


def test_suggestions_are_close_matches_only() -> None:
    assert did_you_mean("rign", ["ring", "necklace"]) == "; did you mean 'ring'?"
    assert did_you_mean("neck", ["ring", "necklace"]) == ""  # 0.67 alike: too far to suggest


def test_kinds_are_named_in_json_words() -> None:
    assert [kind(v) for v in (None, True, {}, [], "x", 5, Decimal("1.0"))] == [
        "null", "a boolean", "an object", "an array", "a string", "the number 5", "the number 1.0",
    ]  # fmt: skip
    assert (kind(object()), kind(date(2026, 1, 1)), kind(OutOfRange("9" * 5000))) == (
        "an object", "a date", f"a number out of range ({'9' * 60}... (5,000 characters))",
    )  # fmt: skip


def test_json_integers_up_to_4000_digits_are_read() -> None:
    # a number Python cannot read (over 4,300 digits) sends the whole text to the careful reader
    read = json_value(f"[{'9' * 4000}, {'9' * 4001}, {'9' * 4400}]")
    assert read[0] == int("9" * 4000)
    assert isinstance(read[1], OutOfRange)


def test_json_errors_name_the_path_given() -> None:
    assert error(json_value, b"\xff", "batch") == "batch: not UTF-8 text: byte 0xff at offset 0"
    assert error(json_value, "{", "line") == (
        "line: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
    )
    assert error(json_value, "[" * 200_000, "line") == "line: JSON nested too deeply"


def test_a_long_number_is_cut_in_messages() -> None:
    assert kind(Decimal("0." + "1" * 100)) == f"the number 0.{'1' * 58}... (102 characters)"


def test_offsets_and_enum_members_are_read_the_same_from_a_cold_cache() -> None:
    offsets, members = dict(_parse._offsets), dict(_parse._MEMBERS)
    _parse._offsets.clear()
    _parse._MEMBERS.clear()
    try:
        moment = datetime(2026, 11, 2, 14, 30, tzinfo=ZoneInfo("Asia/Kathmandu"))
        fixed = aware(moment, "t")
        assert (fixed, fixed.tzinfo) == (moment, timezone(timedelta(hours=5, minutes=45)))
        assert _parse._offsets == {timedelta(hours=5, minutes=45): fixed.tzinfo}
        assert aware(moment, "t").tzinfo is fixed.tzinfo
        assert _parse.choice(Reason, "defective", "r") is Reason.DEFECTIVE
        assert _parse.choice(Reason, "defective", "r") is Reason.DEFECTIVE  # from the cache now
        assert Reason in _parse._MEMBERS
    finally:
        _parse._offsets.clear()
        _parse._offsets.update(offsets)
        _parse._MEMBERS.clear()
        _parse._MEMBERS.update(members)


def test_the_offsets_kept_are_bounded_and_every_offset_is_still_read() -> None:
    class Offset(tzinfo):  # a tzinfo of its own type, so the offset is made a timezone
        def __init__(self, seconds: int) -> None:
            self.offset = timedelta(seconds=seconds)

        def utcoffset(self, _: datetime | None) -> timedelta:
            return self.offset

    offsets = dict(_parse._offsets)
    try:
        for seconds in range(2 * _parse._OFFSETS_KEPT):
            moment = datetime(2026, 11, 2, 14, 30, tzinfo=Offset(seconds))
            fixed = aware(moment, "t")
            assert (fixed, fixed.utcoffset()) == (moment, timedelta(seconds=seconds))
            assert type(fixed.tzinfo) is timezone
        assert len(_parse._offsets) == _parse._OFFSETS_KEPT
    finally:
        _parse._offsets.clear()
        _parse._offsets.update(offsets)


class _Units(int):
    """An int subclass (an IntEnum, say): a whole number, read by the checking path."""


@pytest.mark.parametrize(
    ("number", "accepted"), [(0, False), (1, True), (1_000_000, True), (1_000_001, False)]
)
def test_a_quantity_of_an_int_subclass_has_the_same_bounds(number: int, accepted: bool) -> None:
    assert _parse.MAX_QUANTITY == 1_000_000
    if accepted:
        assert quantity(_Units(number), "line.quantity", 1) == number
    else:
        with pytest.raises(ValidationError, match=r"^line\.quantity: must be"):
            quantity(_Units(number), "line.quantity", 1)

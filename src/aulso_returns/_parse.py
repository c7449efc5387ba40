"""Conversions from JSON-like values to model values, each naming the field path.

Every function takes the value and its path and either returns a value of the
expected type or raises :class:`ValidationError`. Nothing here guesses: a float
is never taken for money, a bool never for an integer, an unknown key never
ignored.
"""

from __future__ import annotations

import decimal
import difflib
import enum
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from ._calendar import FIRST_YEAR, HKT, LAST_CASE_YEAR
from ._errors import ValidationError

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

#: Money above this magnitude is refused rather than rounded.
MONEY_LIMIT = Decimal(10) ** 15

#: The most units one item or request line may count (quantities are bounded like money).
MAX_QUANTITY = 1_000_000

#: How much of an invalid value an error message quotes.
_SHOWN = 60

#: Minor units of currencies that do not use two decimal places (ISO 4217).
_MINOR_UNITS = {
    "BHD": 3, "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0, "JOD": 3,
    "JPY": 0, "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0, "RWF": 0,
    "TND": 3, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}  # fmt: skip

#: Fixed offsets met in datetimes of other tzinfo types, reused (at most _OFFSETS_KEPT: an
#: offset may have seconds and microseconds, so a stream of them must not grow it unbounded).
_offsets: dict[timedelta, timezone] = {timedelta(hours=8): HKT}
_OFFSETS_KEPT = 1024
_EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=HKT)
_LATEST = datetime(LAST_CASE_YEAR, 12, 31, 23, 59, 59, 999999, tzinfo=HKT)


_QUANTA = {places: Decimal(1).scaleb(-places) for places in (0, 2, 3)}

#: The context of every money operation: exact whatever the caller's decimal context (no
#: digit is rounded away; only an explicit ``quantize`` with a rounding mode rounds).
MONEY = decimal.Context(prec=decimal.MAX_PREC)


def minor_units(currency: str) -> int:
    """Decimal places of *currency* (ISO 4217): 2 unless listed otherwise."""
    return _MINOR_UNITS.get(currency, 2)


def money_quantum(currency: str) -> Decimal:
    """The smallest amount of *currency*, e.g. ``Decimal("0.01")`` for HKD."""
    return _QUANTA[_MINOR_UNITS.get(currency, 2)]


def format_money(amount: Decimal, currency: str) -> str:
    """Write *amount* with exactly the minor units of *currency*."""
    quantum = _QUANTA[_MINOR_UNITS.get(currency, 2)]
    if amount.is_signed() and not amount:  # a negative zero is written as zero
        amount = amount.copy_abs()
    if amount.same_quantum(quantum):  # already in minor units, as computed amounts are
        return str(amount)
    return str(amount.quantize(quantum, context=MONEY))


def mapping(value: object, path: str) -> Mapping[str, Any]:
    """Check that *value* is a JSON object (a mapping with string keys)."""
    if type(value) is dict and all(type(k) is str for k in value):  # pragma: no mutate
        return value
    if isinstance(value, DuplicateKeys):
        raise ValidationError(_join(path, value.duplicate), "is named twice in the same object")
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise ValidationError(path, f"expected an object, got {kind(value)}")
    return value


def check_keys(
    value: Mapping[str, Any],
    path: str,
    *,
    required: Sequence[str],
    optional: Sequence[str],
    elsewhere: Mapping[str, str] | None = None,
) -> None:
    """Refuse unknown keys (typos must not be ignored) and missing required ones.

    An unknown key close to an allowed one gets a "did you mean"; a key in
    *elsewhere* (a field of another document) gets the hint given there.
    """
    allowed = (*required, *optional)
    if value.keys() <= set(allowed) and all(key in value for key in required):  # pragma: no mutate
        return
    for key in value:
        if key not in allowed:
            hint = (elsewhere or {}).get(key) or did_you_mean(key, allowed)
            raise ValidationError(
                _join(path, key), f"unknown field{hint} (expected one of {', '.join(allowed)})"
            )
    for key in required:
        if key not in value:
            raise ValidationError(_join(path, key), "required field is missing")


@attrs.frozen
class Shape:
    """The keys of a JSON object: which are required, which optional (checked as sets)."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    #: Keys of another document, with the hint an unknown one of them gets.
    elsewhere: Mapping[str, str] | None = None
    _required: frozenset[str] = attrs.field(init=False)
    _allowed: frozenset[str] = attrs.field(init=False)

    @_required.default
    def _required_default(self) -> frozenset[str]:
        return frozenset(self.required)

    @_allowed.default
    def _allowed_default(self) -> frozenset[str]:
        return frozenset((*self.required, *self.optional))

    def fits(self, value: dict[str, Any]) -> bool:
        """Whether the dict *value* has this shape (its every key one of ours, the required ones)."""
        return value.keys() <= self._allowed and self._required <= value.keys()

    def read(self, value: object, path: str) -> Mapping[str, Any]:
        """*value* as a JSON object of this shape: no unknown key, no missing required one."""
        # pragma: no mutate start
        if type(value) is dict and value.keys() <= self._allowed and self._required <= value.keys():
            # pragma: no mutate end
            return value  # every key is one of ours, so a string: the common case, in two set tests
        d = mapping(value, path)
        check_keys(
            d, path, required=self.required, optional=self.optional, elsewhere=self.elsewhere
        )
        return d


def sequence(value: object, path: str) -> Sequence[Any]:
    """Check that *value* is a JSON array."""
    if type(value) is list:  # pragma: no mutate
        return value
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValidationError(path, f"expected an array, got {kind(value)}")
    return value


def items(value: object, path: str, convert: Callable[[Any, str], T]) -> tuple[T, ...]:
    """Convert every element of the array *value* with *convert*, indexing the path."""
    elements = sequence(value, path)
    try:  # valid elements, the common case: no indexed path is written
        return tuple([convert(v, path) for v in elements])  # pragma: no mutate
    except ValidationError:
        pass  # convert again with indexed paths: the same error, naming its element
    return tuple(convert(v, f"{path}[{i}]") for i, v in enumerate(elements))


def string(value: object, path: str) -> str:
    """A non-empty string of Unicode text (no lone surrogate, so it can be written as UTF-8)."""
    # pragma: no mutate start
    if type(value) is str and value and not value[0].isspace() and value.isascii():
        # pragma: no mutate end
        return value
    if not isinstance(value, str):
        raise ValidationError(path, f"expected a string, got {kind(value)}")
    if not value.strip():
        raise ValidationError(path, "must be a non-empty string")
    return text(value, path)


def text(value: str, path: str) -> str:
    r"""*value* if it is valid Unicode text; a lone surrogate (JSON escape `\ud800`) is refused."""
    if value.isascii():
        return value
    try:
        value.encode()  # UTF-8
    except UnicodeEncodeError as err:
        raise ValidationError(
            path, f"contains a lone surrogate {show(value[err.start])}, which is not text"
        ) from None
    return value


def integer(value: object, path: str) -> int:
    """An integer (never a bool, never a float or decimal, even a whole one)."""
    if type(value) is int:  # pragma: no mutate
        return value
    if isinstance(value, OutOfRange):
        raise ValidationError(path, f"the number {value!r} is out of range")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(path, f"expected a whole number, got {kind(value)}")
    return value


def quantity(value: object, path: str, minimum: int) -> int:
    """A whole number of units from *minimum* to :data:`MAX_QUANTITY`."""
    if type(value) is int and minimum <= value <= MAX_QUANTITY:  # pragma: no mutate
        return value
    number = integer(value, path)
    if number < minimum:
        raise ValidationError(path, f"must be >= {minimum}")
    if number > MAX_QUANTITY:
        raise ValidationError(path, f"must be at most {MAX_QUANTITY:,}")
    return number


def boolean(value: object, path: str) -> bool:
    """A JSON true or false."""
    if not isinstance(value, bool):
        raise ValidationError(path, f"expected true or false, got {kind(value)}")
    return value


def decimal_value(value: object, path: str) -> Decimal:
    """An exact, finite decimal from a string, an int or a Decimal (never a float)."""
    if isinstance(value, str):  # the common case first: JSON money is a string
        try:
            result = Decimal(value.strip())
        except (decimal.InvalidOperation, ValueError):
            raise ValidationError(path, f"not a decimal number: {show(value)}") from None
    elif isinstance(value, OutOfRange):
        raise ValidationError(path, f"the number {value!r} is out of range")
    elif isinstance(value, bool):
        raise ValidationError(path, "expected a decimal, got a boolean")
    elif isinstance(value, float):
        raise ValidationError(
            path, "a float is not exact; give a Decimal or a string such as '12.50'"
        )
    elif isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    else:
        raise ValidationError(path, f"expected a decimal, got {kind(value)}")
    if not result.is_finite():
        raise ValidationError(path, "must be a finite number")
    if not result and result.is_signed():  # "-0" is zero: never write "-0.00" back
        return result.copy_abs()
    return result


def currency_code(value: object, path: str) -> str:
    """A three-letter ISO 4217 code such as ``"HKD"``."""
    if (
        not (isinstance(value, str) and len(value) == 3 and value.isascii() and value.isalpha())
        or not value.isupper()
    ):
        raise ValidationError(path, "expected a three-letter ISO 4217 code such as 'HKD'")
    return value


def money(value: object, path: str, currency: str) -> Decimal:
    """An amount of *currency* from JSON: :func:`decimal_value`, then :func:`check_money`."""
    return check_money(decimal_value(value, path), path, currency)


def check_money(amount: object, path: str, currency: str) -> Decimal:
    """Check that *amount* is a finite Decimal >= 0 that *currency* can represent exactly."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValidationError(path, not_money(amount))
    if amount < 0:
        raise ValidationError(path, "must not be negative")
    if amount >= MONEY_LIMIT:
        raise ValidationError(path, f"must be below {MONEY_LIMIT:,}")
    quantum = _QUANTA[_MINOR_UNITS.get(currency, 2)]
    if amount.same_quantum(quantum) or amount == amount.quantize(quantum, context=MONEY):
        return amount
    places = minor_units(currency)
    raise ValidationError(
        path, f"{currency} has {places} decimal places; {cut(str(amount))} has more"
    )


def not_money(value: object) -> str:
    """Why *value*, given to a constructor, is not money."""
    if isinstance(value, float):
        return "a float is not exact; give a Decimal, such as Decimal('12.50')"
    return f"money must be a finite Decimal, got {kind(value)}"


def as_tuple(value: object) -> object:
    """A list as a tuple (models hold tuples); anything else as it is, for validation to judge."""
    return tuple(value) if type(value) is list else value


def timestamp(value: object, path: str) -> datetime:
    """An ISO 8601 timestamp with a UTC offset (``Z`` allowed)."""
    # the common case: a string fromisoformat reads, with an offset
    if type(value) is str:  # pragma: no mutate
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if type(parsed.tzinfo) is timezone:  # pragma: no mutate
                return parsed
    if isinstance(value, datetime):
        return aware(value, path)
    if not isinstance(value, str):
        raise ValidationError(path, f"expected an ISO 8601 timestamp string, got {kind(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        from dateutil.parser import isoparse  # noqa: PLC0415 - Python 3.10's fromisoformat is narrow

        try:
            parsed = isoparse(value)
        except (ValueError, OverflowError):
            raise ValidationError(path, f"not an ISO 8601 timestamp: {show(value)}") from None
    return aware(parsed, path)


def common_instant(value: object) -> datetime | None:
    """*value* as a timestamp of a supported year, if it is one as most are; else ``None``.

    A string that ``datetime.fromisoformat`` reads with a UTC offset, in a
    year well inside the supported ones: what :func:`timestamp` returns and
    the models' validators accept. ``None`` says nothing about *value*: the
    checking path (:func:`timestamp`, :func:`supported`) judges it.
    """
    if type(value) is str:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        if type(parsed.tzinfo) is timezone and FIRST_YEAR < parsed.year < LAST_CASE_YEAR:
            return parsed
    return None


def supported(value: datetime, path: str) -> datetime:
    """*value* (aware) if its Hong Kong date is in the supported years of a case.

    >>> supported(datetime(2150, 1, 1, tzinfo=timezone.utc), "request.requested_at")
    Traceback (most recent call last):
    aulso_returns._errors.ValidationError: request.requested_at: 2150-01-01 is outside the supported years 1990-2099 (Hong Kong dates)
    """
    if FIRST_YEAR < value.year < LAST_CASE_YEAR:  # an offset (< 24 h) cannot move it out
        return value
    if _EARLIEST <= value <= _LATEST:  # aware comparisons: no overflow at the ends of datetime
        return value
    try:
        shown = value.astimezone(HKT).date()
    except OverflowError:
        shown = value.date()
    raise ValidationError(
        path,
        f"{shown} is outside the supported years {FIRST_YEAR}-{LAST_CASE_YEAR} (Hong Kong dates)",
    )


def writable(value: datetime, path: str) -> datetime:
    """*value* (aware) if it can be written in Hong Kong time, as decisions write instants."""
    try:
        value.astimezone(HKT)
    except OverflowError:
        raise ValidationError(path, f"{value.isoformat()} has no Hong Kong time") from None
    return value


def optional_timestamp(value: object, path: str) -> datetime | None:
    """A timestamp or null."""
    return None if value is None else timestamp(value, path)


def aware(value: object, path: str) -> datetime:
    """Check that *value* is a timezone-aware datetime; normalise its tzinfo to a fixed offset."""
    if not isinstance(value, datetime):
        raise ValidationError(path, f"expected a timezone-aware datetime, got {kind(value)}")
    offset = value.utcoffset()
    if offset is None:
        raise ValidationError(path, "timestamp must include a UTC offset")
    tz = value.tzinfo  # pragma: no mutate
    if type(tz) is timezone:  # pragma: no mutate
        return value
    fixed = _offsets.get(offset)  # pragma: no mutate
    if fixed is None:
        fixed = timezone(offset)
        if len(_offsets) < _OFFSETS_KEPT:  # pragma: no mutate
            _offsets[offset] = fixed  # pragma: no mutate
    return value.replace(tzinfo=fixed)


def day(value: object, path: str) -> date:
    """An ISO date ``YYYY-MM-DD``."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ValidationError(path, f"expected a date YYYY-MM-DD, got {kind(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(path, f"not a date YYYY-MM-DD: {show(value)}") from None


#: Members of each enum by value, for :func:`choice` (filled on first use).
_MEMBERS: dict[type[enum.Enum], dict[object, enum.Enum]] = {}


def choice(enum_type: type[E], value: object, path: str) -> E:
    """A member of *enum_type*, by value."""
    members = _MEMBERS.get(enum_type)  # pragma: no mutate
    if members is None:
        # pragma: no mutate start
        members = _MEMBERS.setdefault(enum_type, dict(enum_type._value2member_map_))
        # pragma: no mutate end
    try:
        return members[value]  # type: ignore[return-value]
    except (KeyError, TypeError):
        if isinstance(value, enum_type):
            return value
        values = [str(m.value) for m in enum_type]
        hint = did_you_mean(value, values) if isinstance(value, str) else ""
        raise ValidationError(
            path, f"unknown value {show(value)}{hint} (expected one of {', '.join(values)})"
        ) from None


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """``; did you mean 'x'?`` for the closest of *choices*, or nothing if none is close."""
    close = difflib.get_close_matches(word.lower(), choices, cutoff=0.75)  # best first
    return f"; did you mean {close[0]!r}?" if close else ""


def _join(path: str, key: str) -> str:
    if not (key.isprintable() and len(key) <= _SHOWN and "." not in key and "[" not in key):
        return f"{path}[{show(key)}]"  # a key that would not read as a plain name
    return f"{path}.{key}" if path else key


def show(value: object) -> str:
    """*value* as a message quotes it: its ``repr``, cut short when long.

    >>> show("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (102 characters)"
    """
    return cut(repr(value))


def cut(text: str) -> str:
    """*text* as a message quotes it: whole when short, else its start and its length."""
    if len(text) <= _SHOWN:
        return text
    return f"{text[:_SHOWN]}... ({len(text):,} characters)"


def kind(value: object) -> str:  # noqa: PLR0911 - one answer per kind
    """What *value* is, in JSON words (``a string``, ``the number 1.0``, ``null``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, OutOfRange):
        return f"a number out of range ({value!r})"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float, Decimal)):
        return f"the number {cut(str(value))}"
    name = type(value).__name__
    return f"{'an' if name[0] in 'AEIOUaeiou' else 'a'} {name}"  # pragma: no mutate


class OutOfRange:
    """A JSON number too large (or too long) to read; validation refuses it, naming the field."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return cut(self.text)


class DuplicateKeys(dict[str, Any]):
    """A JSON object that names a key twice; validation refuses it, naming the key."""

    __slots__ = ("duplicate",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                self.duplicate = key
                break  # pragma: no mutate
            seen.add(key)


#: Digits of the longest integer read as an int (Python refuses to read more than 4300).
_INT_DIGITS = 4000


def _int(text: str) -> int | OutOfRange:
    return int(text) if len(text) <= _INT_DIGITS else OutOfRange(text)


def _decimal(text: str) -> Decimal | OutOfRange:
    try:
        return Decimal(text)
    except decimal.InvalidOperation:  # an exponent beyond what decimal can hold
        return OutOfRange(text)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    return d if len(d) == len(pairs) else DuplicateKeys(pairs)


#: One decoder for every line of a batch (``json.loads`` with options builds one per call),
#: with the C parsers of numbers; a number they cannot read is read again by ``_CAREFUL``.
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=Decimal, object_pairs_hook=_object)
_CAREFUL = json.JSONDecoder(
    parse_float=_decimal, parse_int=_int, parse_constant=Decimal, object_pairs_hook=_object
)


def decode(raw: bytes, path: str = "case") -> str:
    """UTF-8 *raw* bytes as text; an invalid byte is refused, naming where it is."""
    try:
        return raw.decode()  # UTF-8
    except UnicodeDecodeError as err:
        raise ValidationError(
            path, f"not UTF-8 text: byte 0x{raw[err.start]:02x} at offset {err.start}"
        ) from None


def json_value(text: str | bytes, path: str = "case") -> Any:
    """Parse JSON *text* (UTF-8 if bytes; a leading byte order mark is allowed).

    Every number that is not an integer is an exact Decimal. A key named twice
    in one object, or a number too large to read, is kept for validation to
    refuse with the field's path.
    """
    if not isinstance(text, str):
        text = decode(text, path)
    text = text.removeprefix("\ufeff")
    try:
        try:
            return _DECODER.decode(text)
        except (decimal.InvalidOperation, ValueError) as err:
            if isinstance(err, json.JSONDecodeError):
                raise
            return _CAREFUL.decode(text)  # a number too large: kept for validation to name
    except json.JSONDecodeError as err:
        raise ValidationError(path, f"not valid JSON: {err}") from None
    except RecursionError:
        raise ValidationError(path, "JSON nested too deeply") from None

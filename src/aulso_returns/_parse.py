"""Conversions from JSON-like values to model values, each naming the field path.

Every function takes the value and its path and either returns a value of the
expected type or raises :class:`ValidationError`. Nothing here guesses: a float
is never taken for money, a bool never for an integer, an unknown key never
ignored.
"""

from __future__ import annotations

import decimal
import enum
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from ._errors import ValidationError

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

#: Money above this magnitude is refused rather than rounded.
MONEY_LIMIT = Decimal(10) ** 15

#: Minor units of currencies that do not use two decimal places (ISO 4217).
_MINOR_UNITS = {
    "BHD": 3, "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0, "JOD": 3,
    "JPY": 0, "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0, "RWF": 0,
    "TND": 3, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}  # fmt: skip

_HKT = timezone(timedelta(hours=8), "HKT")
_offsets: dict[timedelta, timezone] = {timedelta(hours=8): _HKT}


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
    if amount.same_quantum(quantum):  # already in minor units, as computed amounts are
        return str(amount)
    return str(amount.quantize(quantum, context=MONEY))


def mapping(value: object, path: str) -> Mapping[str, Any]:
    """Check that *value* is a JSON object (a mapping with string keys)."""
    if type(value) is dict and all(type(k) is str for k in value):
        return value
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise ValidationError(path, f"expected an object, got {_kind(value)}")
    return value


def check_keys(
    value: Mapping[str, Any], path: str, *, required: Sequence[str], optional: Sequence[str]
) -> None:
    """Refuse unknown keys (typos must not be ignored) and missing required ones."""
    allowed = (*required, *optional)
    if value.keys() <= set(allowed) and all(key in value for key in required):
        return
    for key in value:
        if key not in allowed:
            raise ValidationError(
                _join(path, key), f"unknown field (expected one of {', '.join(allowed)})"
            )
    for key in required:
        if key not in value:
            raise ValidationError(_join(path, key), "required field is missing")


@attrs.frozen
class Shape:
    """The keys of a JSON object: which are required, which optional (checked as sets)."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    _required: frozenset[str] = attrs.field(init=False)
    _allowed: frozenset[str] = attrs.field(init=False)

    @_required.default
    def _required_default(self) -> frozenset[str]:
        return frozenset(self.required)

    @_allowed.default
    def _allowed_default(self) -> frozenset[str]:
        return frozenset((*self.required, *self.optional))

    def read(self, value: object, path: str) -> Mapping[str, Any]:
        """*value* as a JSON object of this shape: no unknown key, no missing required one."""
        if type(value) is dict and value.keys() <= self._allowed and self._required <= value.keys():
            return value  # every key is one of ours, so a string: the common case, in two set tests
        d = mapping(value, path)
        check_keys(d, path, required=self.required, optional=self.optional)
        return d


def sequence(value: object, path: str) -> Sequence[Any]:
    """Check that *value* is a JSON array."""
    if type(value) is list:
        return value
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValidationError(path, f"expected an array, got {_kind(value)}")
    return value


def items(value: object, path: str, convert: Callable[[Any, str], T]) -> tuple[T, ...]:
    """Convert every element of the array *value* with *convert*, indexing the path."""
    elements = sequence(value, path)
    try:  # valid elements, the common case: no indexed path is written
        return tuple([convert(v, path) for v in elements])
    except ValidationError:
        pass  # convert again with indexed paths: the same error, naming its element
    return tuple(convert(v, f"{path}[{i}]") for i, v in enumerate(elements))


def string(value: object, path: str) -> str:
    """A non-empty string."""
    if type(value) is str and value and not value[0].isspace():
        return value
    if not isinstance(value, str):
        raise ValidationError(path, f"expected a string, got {_kind(value)}")
    if not value.strip():
        raise ValidationError(path, "must be a non-empty string")
    return value


def optional_string(value: object, path: str) -> str | None:
    """A non-empty string or null."""
    return None if value is None else string(value, path)


def integer(value: object, path: str) -> int:
    """An integer (never a bool, never a float or decimal, even a whole one)."""
    if type(value) is int:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(path, f"expected an integer, got {_kind(value)}")
    return value


def boolean(value: object, path: str) -> bool:
    """A JSON true or false."""
    if not isinstance(value, bool):
        raise ValidationError(path, f"expected true or false, got {_kind(value)}")
    return value


def decimal_value(value: object, path: str) -> Decimal:
    """An exact, finite decimal from a string, an int or a Decimal (never a float)."""
    if isinstance(value, str):  # the common case first: JSON money is a string
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise ValidationError(path, f"not a decimal number: {value!r}") from None
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
        raise ValidationError(path, f"expected a decimal, got {_kind(value)}")
    if not result.is_finite():
        raise ValidationError(path, "must be a finite number")
    return result


def check_money(amount: object, path: str, currency: str) -> Decimal:
    """Check that *amount* is a finite Decimal >= 0 that *currency* can represent exactly."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValidationError(path, "money must be a finite Decimal")
    if amount < 0:
        raise ValidationError(path, "must not be negative")
    if amount >= MONEY_LIMIT:
        raise ValidationError(path, f"must be below {MONEY_LIMIT:,}")
    quantum = _QUANTA[_MINOR_UNITS.get(currency, 2)]
    if amount.same_quantum(quantum) or amount == amount.quantize(quantum, context=MONEY):
        return amount
    places = minor_units(currency)
    raise ValidationError(path, f"{currency} has {places} decimal places; {amount} has more")


def timestamp(value: object, path: str) -> datetime:
    """An ISO 8601 timestamp with a UTC offset (``Z`` allowed)."""
    if type(value) is str:  # the common case: a string fromisoformat reads, with an offset
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if type(parsed.tzinfo) is timezone:
                return parsed
    if isinstance(value, datetime):
        return aware(value, path)
    if not isinstance(value, str):
        raise ValidationError(path, f"expected an ISO 8601 timestamp string, got {_kind(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        from dateutil.parser import isoparse  # noqa: PLC0415 - Python 3.10's fromisoformat is narrow

        try:
            parsed = isoparse(value)
        except (ValueError, OverflowError):
            raise ValidationError(path, f"not an ISO 8601 timestamp: {value!r}") from None
    return aware(parsed, path)


def optional_timestamp(value: object, path: str) -> datetime | None:
    """A timestamp or null."""
    return None if value is None else timestamp(value, path)


def aware(value: object, path: str) -> datetime:
    """Check that *value* is a timezone-aware datetime; normalise its tzinfo to a fixed offset."""
    if not isinstance(value, datetime):
        raise ValidationError(path, f"expected a timezone-aware datetime, got {_kind(value)}")
    offset = value.utcoffset()
    if offset is None:
        raise ValidationError(path, "timestamp must include a UTC offset")
    tz = value.tzinfo
    if type(tz) is timezone:
        return value
    fixed = _offsets.get(offset)
    if fixed is None:
        fixed = _offsets.setdefault(offset, timezone(offset))
    return value.replace(tzinfo=fixed)


def day(value: object, path: str) -> date:
    """An ISO date ``YYYY-MM-DD``."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ValidationError(path, f"expected a date YYYY-MM-DD, got {_kind(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(path, f"not a date YYYY-MM-DD: {value!r}") from None


#: Members of each enum by value, for :func:`choice` (filled on first use).
_MEMBERS: dict[type[enum.Enum], dict[object, enum.Enum]] = {}


def choice(enum_type: type[E], value: object, path: str) -> E:
    """A member of *enum_type*, by value."""
    members = _MEMBERS.get(enum_type)
    if members is None:
        members = _MEMBERS.setdefault(enum_type, dict(enum_type._value2member_map_))
    try:
        return members[value]  # type: ignore[return-value]
    except (KeyError, TypeError):
        if isinstance(value, enum_type):
            return value
        allowed = ", ".join(str(m.value) for m in enum_type)
        raise ValidationError(
            path, f"unknown value {value!r} (expected one of {allowed})"
        ) from None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"


#: One decoder for every line of a batch (``json.loads`` with options builds one per call).
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=Decimal)


def json_value(text: str | bytes, path: str = "case") -> Any:
    """Parse JSON *text*, with every number that is not an integer as an exact Decimal."""
    try:
        if isinstance(text, str):
            return _DECODER.decode(text)
        return json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ValidationError(path, f"not valid JSON: {err}") from None
    except RecursionError:
        raise ValidationError(path, "JSON nested too deeply") from None

"""Message catalogues: every customer-facing text by a stable id, in each language.

A :class:`Catalogue` maps message ids to templates with named placeholders
(``{sku}``), and writes the values they take (dates, instants, money, the
reasons and items of a line) as readers of its language expect. Two are
shipped: English (``en``, the default) and Traditional Chinese as written in
Hong Kong (``zh-Hant-HK``). A shop loads its own with :meth:`Catalogue.load`,
to add a language or to change some wording; every template is checked when
the catalogue is built, never when a customer's reply is written.

The texts of a policy's rules live with the rules (``message`` and
``translations`` of :func:`~aulso_returns.ground` and
:func:`~aulso_returns.bar`); a catalogue can override them by the rule's code
(``rule.<code>``), naming only the facts the policy declares.

This layer sits above the shop's policy (:mod:`._policy`: the line's facts
and how each is read) and the rule core; the decision layers above it write
with it. A line's sentence is written by a function composed, once per
template and catalogue, from the readers of the facts it names.
"""

from __future__ import annotations

import enum
import importlib
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

import attrs

from ._calendar import HKT
from ._errors import ValidationError
from ._model import Category, Condition, Money, Reason, Resolution, payment_words
from ._parse import DuplicateKeys, format_money, json_value
from ._policy import LINE_FACTS, LineFacts
from ._rules import FactReader, Policy, PolicyHistory, Rule
from ._template import LANGUAGE_TAG, check_template, parse, placeholders
from ._texts import CLAUSES_ZH_HANT_HK, EN, ZH_HANT_HK

#: The placeholders of the sentences about a line that are the catalogue's own.
_LINE_FACTS = frozenset(LINE_FACTS)

#: The message-id prefix of each enum a message can name.
_ENUM_IDS: dict[type[enum.Enum], str] = {
    Reason: "reason",
    Resolution: "resolution",
    Category: "item",
    Condition: "condition",
}

_LINE = frozenset({"sku", "quantity", "item", "items", "reason", "resolution"})

MESSAGES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        # a decision
        "decision.approved": frozenset({"order_id", "request"}),
        "decision.partially_approved": frozenset({"order_id", "request"}),
        "decision.rejected": frozenset({"order_id", "request"}),
        "request.return": frozenset(),
        "request.exchange": frozenset(),
        "request.return_exchange": frozenset(),
        "line.accepted": _LINE,
        "line.refused": _LINE,
        "line.no_ground": _LINE_FACTS,
        "line.refund_instead": _LINE_FACTS,
        "line.refund_instead_anytime": _LINE_FACTS,
        "refund.paragraph": frozenset({"total", "parts", "method", "days"}),
        "refund.items": frozenset({"amount"}),
        "refund.restocking_fee": frozenset({"amount"}),
        "refund.original_shipping": frozenset({"amount"}),
        "refund.return_shipping": frozenset({"amount"}),
        "shipping.merchant": frozenset(),
        "shipping.customer": frozenset(),
        "next.heading": frozenset(),
        "next.wait": frozenset({"date"}),
        "next.address": frozenset(),
        "next.tracking": frozenset(),
        # a settlement
        "settlement.heading": frozenset({"order_id", "status"}),
        "settlement.heading_instructions": frozenset({"order_id", "due"}),
        "settlement.heading_refund": frozenset({"order_id", "total", "due"}),
        "settlement.heading_exchange": frozenset({"order_id", "due"}),
        "settlement.heading_refund_exchange": frozenset({"order_id", "total", "due"}),
        **{
            f"status.{s}": frozenset()
            for s in (
                "awaiting_authorization",
                "awaiting_shipment",
                "awaiting_tracking",
                "awaiting_receipt",
                "awaiting_inspection",
                "settled",
                "refused",
            )
        },
        "settle.outside_authorization": frozenset({"sku"}),
        "settle.shipped_before_authorization": frozenset({"shipped_at", "authorized_at"}),
        "settle.shipped_without_authorization": frozenset({"shipped_at"}),
        "settle.wait": frozenset(),
        "settle.ship": frozenset(),
        "settle.untrackable": frozenset({"carrier", "shipped_at"}),
        "settle.send_tracking": frozenset(),
        "settle.no_tracking": frozenset({"received_at"}),
        "settle.reason_not_confirmed": frozenset({"sku", "reason"}),
        "settle.accepted": frozenset({"sku", "inspected_on"}),
        "settle.condition_failed": frozenset({"sku", "condition"}),
        "settle.refund": frozenset({"total", "method", "due"}),
        "settle.refund_postage": frozenset({"total", "method", "due"}),
        "settle.exchange": frozenset({"due"}),
        # options: what an order's items can still be returned for
        "options.heading": frozenset({"order_id", "at"}),
        "options.not_delivered": frozenset({"sku"}),
        "options.open": frozenset({"sku", "reasons", "resolutions", "until"}),
        "options.open_unlimited": frozenset({"sku", "reasons", "resolutions"}),
        "options.refund": frozenset({"amount"}),
        "options.opens": frozenset({"sku", "reasons", "opens_at"}),
        "options.closed_since": frozenset({"sku", "reasons", "closed_at"}),
        "options.closed": frozenset({"sku", "reasons"}),
        # how values are written
        "cite": frozenset({"clauses"}),
        "cite.separator": frozenset(),
        "cite.title": frozenset({"title"}),
        "list.separator": frozenset(),
        "list.last_separator": frozenset(),
        "list.or": frozenset(),
        "states.separator": frozenset(),
        "states.last_separator": frozenset(),
        "parts.separator": frozenset(),
        "sentence.separator": frozenset(),
        "format.date": frozenset({"weekday", "day", "month", "year"}),
        "format.time": frozenset({"hour", "minute"}),
        "format.time_seconds": frozenset({"hour", "minute", "second"}),
        "format.instant": frozenset({"date", "time"}),
        "format.money": frozenset({"currency", "amount"}),
        "format.money.HKD": frozenset({"amount"}),
        "value.unknown": frozenset(),
        **{f"weekday.{n}": frozenset() for n in range(1, 8)},
        **{f"month.{n}": frozenset() for n in range(1, 13)},
        # how many units of an item, as the language counts that kind of item
        **{f"count.{c.value}": frozenset({"quantity"}) for c in Category},
        # the words of a line: its item, resolution, reason and condition
        **{
            f"{prefix}.{member.value}": frozenset()
            for kind, prefix in _ENUM_IDS.items()
            for member in kind
        },
    }
)
"""Every message id a catalogue has besides the rules' sentences, with the placeholders it may use."""

_RULE_ID = re.compile(r"rule\.([a-z][a-z0-9_]*)\Z")
#: A payment method's name: ``payment.`` and the method's words joined by ``_`` (payment_key).
_PAYMENT_ID = re.compile(r"payment\.[a-z0-9]+(_[a-z0-9]+)*\Z")


@attrs.frozen(slots=True)
class PaymentMethod:
    """A payment method as the shop wrote it, written by its name where the catalogue has one.

    The name's id is :func:`payment_key` of the method; a method without one is
    written as the shop wrote it.
    """

    method: str


def payment_key(method: str) -> str:
    """The message id of a payment method's name: ``payment.`` and the method's words joined by ``_``.

    A catalogue writes a method by the text it has under this id, and the
    method as the shop wrote it when it has none (a name in Chinese
    characters, which no id can hold, is written as it is).

    :param method: the order's payment method, as the shop wrote it.
    :returns: the id, such as ``payment.visa``.
    :raises TypeError: when *method* is not a string.

    >>> payment_key("Visa"), payment_key("Alipay (HK)"), payment_key("FPS")
    ('payment.visa', 'payment.alipay_hk', 'payment.fps')
    """
    if not isinstance(method, str):
        raise TypeError(f"a payment method is a string, got {type(method).__name__}")
    return "payment." + "_".join(payment_words(method))


class Values(Protocol):
    """What fills a message's placeholders: a mapping, or anything read by name as one."""

    def __getitem__(self, name: str, /) -> object: ...


@attrs.frozen(slots=True)
class Note:
    """One sentence of an explanation before it is written in a language.

    ``id`` is the message id (for a rule's text, the rule itself is in
    ``rule``); ``values`` fill its placeholders; ``clauses`` are cited after it.
    """

    id: str
    values: Values | LineFacts
    clauses: tuple[str, ...] = ()
    rule: Rule[Any] | None = None


#: What a line's sentences say, in order, before its facts: each note's id, the clauses it
#: cites and its rule (for a rule's sentence). The same for every line with the same ruling.
Plan = tuple[tuple[str, tuple[str, ...], "Rule[Any] | None"], ...]


class LineNotes:
    """A line's notes: its :data:`Plan` and its facts, written in one call by a catalogue."""

    __slots__ = ("facts", "plan")

    def __init__(self, plan: Plan, facts: LineFacts) -> None:
        self.plan = plan
        self.facts = facts

    def __iter__(self) -> Iterator[Note]:
        """The notes one by one, as :meth:`Catalogue.write` writes them."""
        for id, clauses, rule in self.plan:  # noqa: A001 - a message id
            yield Note(id=id, values=self.facts, clauses=clauses, rule=rule)


#: The notes of one paragraph: a line's, or a settlement's own sentence.
NoteGroup = tuple[Note, ...] | LineNotes


def _frozen(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True, repr=False)
class Catalogue:
    """The texts of one language by message id, and how its readers write dates and money.

    Build one with :meth:`load` or :meth:`from_dict`; the shipped ones are
    given by :func:`catalogue`. ``messages`` holds every id of
    :data:`MESSAGES`, any rule text overridden (``rule.<code>``) and the
    names of payment methods (``payment.<key>``); ``clauses`` translates the
    policy's clause titles (a title not listed is cited as published, as
    ``cite.title`` writes a title).

    >>> zh = catalogue("zh-Hant-HK")
    >>> from datetime import date
    >>> zh.date(date(2026, 11, 10)), catalogue("en").date(date(2026, 11, 10))
    ('2026年11月10日（星期二）', 'Tuesday 10 November 2026')
    """

    language: str
    messages: Mapping[str, str] = attrs.field(converter=_frozen)
    clauses: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    _checked: dict[int, object] = attrs.field(factory=dict, init=False, eq=False)
    _by_rule: dict[int, tuple[object, str]] = attrs.field(factory=dict, init=False, eq=False)
    _written: dict[object, str] = attrs.field(factory=dict, init=False, eq=False)
    _counts: _Counts = attrs.field(init=False, eq=False)
    _citations: dict[tuple[str, ...], str] = attrs.field(factory=dict, init=False, eq=False)
    _lines: dict[int, tuple[Plan, tuple[tuple[LineWriter, str], ...]]] = attrs.field(
        factory=dict, init=False, eq=False
    )
    _writers: dict[tuple[str, int], tuple[Mapping[str, FactReader], LineWriter]] = attrs.field(
        factory=dict, init=False, eq=False
    )
    _words: dict[enum.Enum, str] = attrs.field(init=False, eq=False)
    _calendar_words: tuple[tuple[str, ...], tuple[str, ...]] = attrs.field(init=False, eq=False)

    @_counts.default
    def _counts_default(self) -> _Counts:
        return _Counts(self.messages)

    @_words.default
    def _words_default(self) -> dict[enum.Enum, str]:
        """Every reason, resolution, category and condition, as the language writes it."""
        return {
            member: self.messages[f"{prefix}.{member.value}"]
            for kind, prefix in _ENUM_IDS.items()
            for member in kind
        }

    @_calendar_words.default
    def _calendar_words_default(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The weekdays (Monday first) and the months, as the language names them."""
        m = self.messages
        return (
            tuple(m[f"weekday.{n}"] for n in range(1, 8)),
            tuple(m[f"month.{n}"] for n in range(1, 13)),
        )

    def __repr__(self) -> str:
        return f"<Catalogue {self.language}: {len(self.messages)} messages>"

    @classmethod
    def from_dict(cls, data: object, path: str = "catalogue") -> Catalogue:
        """A catalogue from its JSON (or TOML) form, checked whole.

        ``language`` names it; ``base`` (optional) is a shipped language whose
        texts it starts from; ``messages`` maps ids to
        templates; ``clauses`` (optional) maps clause titles to their
        translation. Without a base, every id of :data:`MESSAGES` is required.

        :raises ValidationError: naming the field: an unknown key or id, a
            missing id, a placeholder the message cannot use, a language that
            is not a language tag, an unknown base.

        >>> Catalogue.from_dict({"language": "en-x-shop", "base": "en",
        ...     "messages": {"next.heading": "What happens now:"}}).text("next.heading")
        'What happens now:'
        >>> Catalogue.from_dict({"language": "en-x-shop", "base": "en",
        ...     "messages": {"next.wait": "By {day}."}})
        Traceback (most recent call last):
        ...
        aulso_returns._errors.ValidationError: catalogue.messages.next.wait: {day} is not a placeholder it can use (it can use: {date})
        """
        if not isinstance(data, Mapping) or not all(type(k) is str for k in data):
            raise ValidationError(path, "expected an object with language and messages")
        _once(data, path)
        unknown = sorted(set(data) - {"language", "base", "messages", "clauses"})
        if unknown:
            raise ValidationError(f"{path}.{unknown[0]}", "is not a field of a catalogue")
        language = data.get("language")
        if not isinstance(language, str) or not LANGUAGE_TAG.match(language):
            raise ValidationError(
                f"{path}.language", f"expected a language tag such as zh-Hant-HK, got {language!r}"
            )
        base_name = data.get("base")
        base = None if base_name is None else _base(base_name, f"{path}.base")
        messages = dict(base.messages) if base else {}
        clauses = dict(base.clauses) if base else {}
        given = _strings(data.get("messages"), f"{path}.messages")
        for key, text in given.items():
            messages[key] = _checked(key, text, f"{path}.messages.{key}")
        missing = [key for key in MESSAGES if key not in messages]
        if missing:
            raise ValidationError(
                f"{path}.messages",
                f"{missing[0]} is missing ({len(missing)} ids in all; give them, or a base)",
            )
        clauses.update(_strings(data.get("clauses"), f"{path}.clauses", nonempty=True))
        return cls(language=language, messages=messages, clauses=clauses)

    @classmethod
    def load(cls, path: str | Path) -> Catalogue:
        """A catalogue from a ``.json`` or ``.toml`` file (TOML needs Python 3.11 or later).

        :raises ValidationError: when the file cannot be read or is not a
            valid catalogue, naming the field.
        """
        file = Path(path)
        where = "catalogue"
        try:
            raw = file.read_bytes()
        except OSError as err:
            raise ValidationError(where, f"cannot read {file}: {err}") from None
        if file.suffix.lower() != ".toml":
            try:  # UTF-8 (a byte order mark allowed); a key named twice is kept, for from_dict
                return cls.from_dict(json_value(raw, where))
            except ValidationError as err:
                if err.path != where:
                    raise
                raise ValidationError(where, f"{file}: {err.problem}") from None
        try:
            tomllib = importlib.import_module("tomllib")  # Python 3.11+; only for TOML
        except ImportError:
            raise ValidationError(where, "TOML needs Python 3.11 or later: use JSON") from None
        try:
            data: object = tomllib.loads(raw.decode())  # TOML refuses a key named twice itself
        except ValueError as err:  # UnicodeDecodeError is one
            raise ValidationError(where, f"{file}: not valid TOML: {err}") from None
        return cls.from_dict(data)

    def text(self, id: str, **values: object) -> str:  # noqa: A002 - a message's id
        """The message *id* with its placeholders filled, each value written in this language.

        >>> catalogue("en").text("settle.exchange", due=date(2026, 11, 10))
        'The exchange will be shipped by Tuesday 10 November 2026.'
        """
        return self.messages[id].format_map(_Written(self, values))

    def write(self, note: Note) -> str:
        """A :class:`Note` written in this language, with its citation."""
        template = self._template(note.id, note.rule)
        values = note.values
        if isinstance(values, LineFacts):  # a line's sentence: its writer reads the facts itself
            out = self._writer(template, values.readers)(values)
        else:
            out = template.format_map(_Written(self, values))
        if note.clauses:
            out += self.cite(note.clauses)
        return out

    def sentences(self, notes: NoteGroup) -> str:
        """Notes written one after the other, as sentences of one paragraph."""
        if type(notes) is LineNotes:  # a line's: its plan's writers, looked up once per plan
            f = notes.facts
            return self.messages["sentence.separator"].join(
                [write(f) + cited for write, cited in self._line_parts(notes.plan, f.readers)]
            )
        return self.messages["sentence.separator"].join([self.write(n) for n in notes])

    def _line_parts(
        self, plan: Plan, readers: Mapping[str, FactReader]
    ) -> tuple[tuple[LineWriter, str], ...]:
        """Each note of *plan* as its template's writer and its citation, written.

        A plan is made for one policy's ruling, so its facts are read by one
        policy's *readers*.
        """
        kept = self._lines.get(id(plan))  # the entry holds its plan: no other can have its id
        if kept is not None:
            return kept[1]
        found = tuple(
            [
                (
                    self._writer(self._template(id_, rule), readers),
                    self.cite(clauses) if clauses else "",
                )
                for id_, clauses, rule in plan
            ]
        )
        if len(self._lines) >= _RULES_KEPT:  # pragma: no mutate
            self._lines.clear()
        self._lines[id(plan)] = (plan, found)
        return found

    def _writer(self, template: str, readers: Mapping[str, FactReader]) -> LineWriter:
        """The writer :func:`_compile` makes of *template* with *readers*, kept once made."""
        key = (template, id(readers))
        kept = self._writers.get(key)  # the entry holds its readers: no other has their id
        if kept is not None and kept[0] is readers:
            return kept[1]
        write = _compile(template, readers, self)
        if len(self._writers) >= _RULES_KEPT:  # pragma: no mutate
            self._writers.clear()
        self._writers[key] = (readers, write)
        return write

    def cite(self, clauses: tuple[str, ...]) -> str:
        """The citation of *clauses*, each title translated where the catalogue has it."""
        kept = self._citations.get(clauses)
        if kept is None:
            title = self.messages["cite.title"]
            titles = self.messages["cite.separator"].join(
                [self.clauses[c] if c in self.clauses else title.format(title=c) for c in clauses]
            )
            kept = self.messages["cite"].format(clauses=titles)
            if len(self._citations) >= _RULES_KEPT:  # pragma: no mutate
                self._citations.clear()
            self._citations[clauses] = kept
        return kept

    def check(self, policy: Policy[Any] | PolicyHistory[Any]) -> None:
        """Check that every rule of *policy* (of each of its versions) has a text in this language.

        Called by :func:`~aulso_returns.evaluate` and
        :func:`~aulso_returns.settle` before a decision is written (once per
        policy); call it at start-up to know sooner.

        :raises ValueError: naming the rules without a text in this language, or
            a rule's text in the catalogue (``rule.<code>``) naming a
            placeholder that is not one of the policy's facts.
        """
        if isinstance(policy, PolicyHistory):
            for _, version in policy.versions:
                self._check(version)
        else:
            self._check(policy)

    def _check(self, policy: Policy[Any]) -> None:
        # a policy checked once is not checked again: a cache, speed only (pragma)
        if self._checked.get(id(policy)) is policy:  # pragma: no mutate
            return
        missing = [rule.code for rule in policy.rules if self._lookup(rule) is None]
        if missing:
            raise ValueError(
                f"no {self.language} text for the rule(s) {', '.join(missing)}: give it in the rule's "
                f"translations or as rule.<code> in the catalogue"
            )
        for rule in policy.rules:
            override = self.messages.get(f"rule.{rule.code}")
            if override is not None:
                try:
                    check_template(override, policy.facts)
                except ValueError as err:
                    raise ValueError(
                        f"the {self.language} text of rule.{rule.code}: {err}"
                    ) from None
        if len(self._checked) >= _POLICIES_KEPT:  # pragma: no mutate
            self._checked.clear()
        self._checked[id(policy)] = policy

    def _template(self, id: str, rule: Rule[Any] | None) -> str:  # noqa: A002 - a message id
        """The template of a note: its message, or its rule's sentence (overridden or its own)."""
        template = self.messages.get(id)
        if template is None:
            template = self._rule_text(rule)  # type: ignore[arg-type]  # a rule's note
        return template

    def _rule_text(self, rule: Rule[Any]) -> str:
        kept = self._by_rule.get(id(rule))
        if kept is not None and kept[0] is rule:
            return kept[1]
        text = self._own_text(rule)
        if text is None:
            raise ValueError(f"no {self.language} text for the rule {rule.code}")
        if len(self._by_rule) >= _RULES_KEPT:  # pragma: no mutate
            self._by_rule.clear()
        self._by_rule[id(rule)] = (rule, text)
        return text

    def _lookup(self, rule: Rule[Any]) -> str | None:
        override = self.messages.get(f"rule.{rule.code}")
        if override is not None:
            return override
        return self._own_text(rule)

    def _own_text(self, rule: Rule[Any]) -> str | None:
        """The rule's sentence in this language or a more general one (``en``: its message)."""
        for language in _chain(self.language):
            found = rule.text(language)
            if found is not None:
                return found
        return None

    # How values are written.

    def date(self, day: date) -> str:
        """A date as this language writes it."""
        weekdays, months = self._calendar_words
        return self.messages["format.date"].format(
            weekday=weekdays[day.weekday()], day=day.day, month=months[day.month - 1], year=day.year
        )

    def instant(self, moment: datetime, precision: int = 0) -> str:
        """An instant in Hong Kong time, to the minute (*precision* 1: the second; 2: the microsecond).

        >>> from datetime import datetime
        >>> en = catalogue("en")
        >>> at = datetime(2026, 11, 5, 14, 30, 42, 250000, tzinfo=HKT)
        >>> en.instant(at)
        'Thursday 5 November 2026, 14:30 Hong Kong time'
        >>> en.instant(at, 1), en.instant(at, 2)
        ('Thursday 5 November 2026, 14:30:42 Hong Kong time', 'Thursday 5 November 2026, 14:30:42.250000 Hong Kong time')
        """
        local = moment.astimezone(HKT)
        hour, minute = _TWO_DIGITS[local.hour], _TWO_DIGITS[local.minute]
        if precision:
            second = _TWO_DIGITS[local.second]
            if precision > 1:
                second += f".{local.microsecond:06d}"
            time = self.messages["format.time_seconds"].format(
                hour=hour, minute=minute, second=second
            )
        else:
            time = self.messages["format.time"].format(hour=hour, minute=minute)
        return self.messages["format.instant"].format(date=self.value(local.date()), time=time)

    def instants(self, moments: tuple[datetime | None, ...]) -> tuple[str, ...]:
        """The instants of one sentence, each to the minute unless that would read as another.

        An instant is written to the second, or to the microsecond, only where
        another instant of the sentence falls in the same minute (or second),
        so that the two read apart.

        >>> from datetime import datetime, timedelta
        >>> closed = datetime(2026, 11, 5, 14, 30, 42, tzinfo=HKT)
        >>> catalogue("en").instants((closed, closed + timedelta(microseconds=1)))
        ('Thursday 5 November 2026, 14:30:42.000000 Hong Kong time', 'Thursday 5 November 2026, 14:30:42.000001 Hong Kong time')
        >>> catalogue("en").instants((closed, closed + timedelta(seconds=5), closed + timedelta(days=1)))
        ('Thursday 5 November 2026, 14:30:42 Hong Kong time', 'Thursday 5 November 2026, 14:30:47 Hong Kong time', 'Friday 6 November 2026, 14:30 Hong Kong time')
        """
        known = [m for m in moments if m is not None]
        if all(abs(a - b) >= _MINUTE for i, a in enumerate(known) for b in known[i + 1 :]):
            return tuple([self.value(m) for m in moments])  # no two can share a minute
        local = [None if m is None else m.astimezone(HKT) for m in moments]
        minutes = [None if m is None else m.replace(second=0, microsecond=0) for m in local]
        out = []
        for moment, minute in zip(local, minutes, strict=True):
            if moment is None:
                out.append(self.value(None))
                continue
            precision = 0
            for other, other_minute in zip(local, minutes, strict=True):
                if other_minute == minute and other != moment:
                    precision = max(precision, 1 if other.second != moment.second else 2)  # type: ignore[union-attr]
            out.append(self.value(moment) if precision == 0 else self._precise(moment, precision))
        return tuple(out)

    def _precise(self, moment: datetime, precision: int) -> str:
        """:meth:`instant` to the second or microsecond, kept as values are (see :meth:`value`)."""
        key = (moment, precision)
        written = self._written.get(key)
        if written is None:
            written = self.instant(moment, precision)
            if len(self._written) >= _VALUES_KEPT:  # pragma: no mutate
                self._written.clear()
            self._written[key] = written
        return written

    def money(self, amount: Decimal, currency: str) -> str:
        """An amount with its currency, in the currency's minor units, digits grouped."""
        digits = f"{Decimal(format_money(amount, currency)):,f}"
        special = self.messages.get(f"format.money.{currency}")
        if special is not None:
            return special.format(amount=digits)
        return self.messages["format.money"].format(currency=currency, amount=digits)

    def count(self, category: Category, quantity: int) -> str:
        """*quantity* units of *category*, as the language counts that kind of item."""
        return self._counts[category, quantity]

    def listing(self, words: list[str], kind: str = "list") -> str:
        """Words joined as a list (*kind* ``list``) or as states of one thing (``states``).

        >>> catalogue("en").listing(["worn", "used", "washed"])
        'worn, used and washed'
        >>> catalogue("zh-Hant-HK").listing(["曾被佩戴", "缺少原裝包裝"], "states")
        '曾被佩戴，並缺少原裝包裝'
        """
        if len(words) < 2:
            return words[0] if words else ""
        m = self.messages
        return m[f"{kind}.separator"].join(words[:-1]) + m[f"{kind}.last_separator"] + words[-1]

    def value(self, value: object) -> str:
        """Any value a message takes, written in this language.

        Text is written as it is; the other values (reasons, dates, instants,
        money: all immutable) are written once and kept, up to a bound.
        """
        # text and numbers need no call, the other values are kept: speed only (pragmas)
        kind = type(value)  # pragma: no mutate
        if kind is str:  # pragma: no mutate
            return value  # type: ignore[return-value]  # it is a str
        if kind is int:  # pragma: no mutate
            return str(value)
        written = self._written.get(value)  # pragma: no mutate
        if written is None:
            written = self._write(value)
            if len(self._written) >= _VALUES_KEPT:  # pragma: no mutate
                self._written.clear()
            self._written[value] = written  # pragma: no mutate
        return written

    def _write(self, value: object) -> str:  # noqa: PLR0911 - one return per kind of value
        if value is None:
            return self.messages["value.unknown"]
        if isinstance(value, enum.Enum):  # a reason, resolution, category or condition
            return self._words[value]
        if isinstance(value, datetime):
            return self.instant(value)
        if isinstance(value, date):
            return self.date(value)
        if isinstance(value, Money):
            return self.money(value.amount, value.currency)
        if isinstance(value, PaymentMethod):
            return self.messages.get(payment_key(value.method), value.method)
        if isinstance(value, tuple):  # the conditions of an item are states of it
            words = [self.value(v) for v in value]
            states = all(isinstance(v, Condition) for v in value)
            return self.listing(words, "states" if value and states else "list")
        return str(value)


class _Counts(dict[tuple[Category, int], str]):
    """Units of a kind of item, ``(category, quantity)``, as a catalogue counts them: kept written.

    A count is written when first asked for, and kept (up to a bound), so
    that a line's sentence finds it in one look-up.
    """

    __slots__ = ("_messages",)

    def __init__(self, messages: Mapping[str, str]) -> None:
        super().__init__()
        self._messages = messages

    def __missing__(self, key: tuple[Category, int]) -> str:
        category, quantity = key
        written = self._messages[f"count.{category.value}"].format(quantity=quantity)
        if len(self) >= _VALUES_KEPT:  # pragma: no mutate
            self.clear()
        self[key] = written
        return written


#: 00 to 59, as times write them.
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(60))


_MINUTE = timedelta(minutes=1)


#: Policies whose rule texts a catalogue keeps looked up (a process has a handful).
_POLICIES_KEPT = 64
#: Rules whose text, and citations, a catalogue keeps looked up and written.
_RULES_KEPT = 1024
#: Values (reasons, dates, instants, amounts) a catalogue keeps written.
_VALUES_KEPT = 4096


class _Written:
    """A note's values, each written in the catalogue's language when its placeholder asks.

    ``str.format_map`` needs ``__getitem__`` alone. The instants of one note
    are written together (:meth:`Catalogue.instants`), so that two read apart.
    (A line's sentences do not come here: they are written by their compiled
    writer.)
    """

    __slots__ = ("_catalogue", "_instants", "_values")

    def __init__(self, catalogue: Catalogue, values: Values) -> None:
        self._catalogue = catalogue
        self._values = values
        self._instants: dict[str, str] = {}
        if isinstance(values, dict):
            keys = [k for k, v in values.items() if isinstance(v, datetime)]
            if len(keys) > 1:
                written = catalogue.instants(tuple(values[k] for k in keys))
                self._instants = dict(zip(keys, written, strict=True))

    def __getitem__(self, key: str) -> str:
        found = self._instants.get(key)
        return self._catalogue.value(self._values[key]) if found is None else found


#: How each fact of :data:`LINE_FACTS` is written when read as LINE_FACTS reads it: a text or
#: a number as ``str`` writes it, a ``word`` from the catalogue, a ``count`` of units, an
#: ``instant`` with the others of its sentence (Catalogue.instants). Any other fact, and one
#: a policy reads its own way, is a ``value``, written by :meth:`Catalogue.value`.
_KINDS = {
    "sku": "str", "quantity": "str", "item": "word", "items": "count", "reason": "word",
    "resolution": "word", "remaining": "str", "delivered_at": "instant",
    "requested_at": "instant", "change_of_mind_until": "instant",
}  # fmt: skip

#: A line's sentence as a function of its facts, written in one catalogue's language.
LineWriter = Callable[[LineFacts], str]


def _converter(kind: str, cat: Catalogue) -> Callable[[Any], str]:
    """How *cat* writes a fact of *kind* once read (a built-in where one does)."""
    if kind == "str":
        return str
    if kind == "word":
        return cat._words.__getitem__  # a reason, resolution or category
    if kind == "count":
        return cat._counts.__getitem__  # (category, quantity), kept written: no call when found
    return cat.value


def _compile(template: str, readers: Mapping[str, FactReader], cat: Catalogue) -> LineWriter:
    """*template* as a :data:`LineWriter` that reads each fact with *readers*, written by *cat*.

    The same text as filling the template with each fact written by
    :meth:`Catalogue.value`, with one call a fact; a fact of the line the
    policy does not declare is read as :data:`LINE_FACTS` reads it (the
    catalogue's own sentences name them). A sentence of two instants or more
    writes them together, so that they read apart.
    """
    pieces = parse(template)
    names = [name for _, name in pieces if name is not None]
    reads = [readers.get(n) or LINE_FACTS[n] for n in names]
    kinds = [
        _KINDS.get(n, "value") if read is LINE_FACTS.get(n) else "value"
        for n, read in zip(names, reads, strict=True)
    ]
    convert = [_converter(kind, cat) for kind in kinds]
    literals = [literal for literal, _ in pieces]
    if len(literals) == len(names):  # the template ends with a placeholder
        literals.append("")
    instants = [i for i, kind in enumerate(kinds) if kind == "instant"]
    if len(instants) > 1:
        return _together(literals, reads, convert, instants, cat)
    return _positional(literals, list(zip(reads, convert, strict=True)))


def _positional(
    literals: list[str], pairs: list[tuple[FactReader, Callable[[Any], str]]]
) -> LineWriter:
    """A writer joining *literals* with each fact read and converted, in order.

    The literals and facts are joined with ``+``, as the template reads: for
    the few pieces of a sentence, cheaper than any formatting call.
    """
    if not pairs:
        text = "".join(literals)
        return lambda _: text
    # the common sentences, without a loop
    if len(pairs) == 1:
        ((r0, c0),) = pairs
        l0, l1 = literals
        return lambda f: l0 + c0(r0(f)) + l1
    if len(pairs) == 2:
        (r0, c0), (r1, c1) = pairs
        l0, l1, l2 = literals
        return lambda f: l0 + c0(r0(f)) + l1 + c1(r1(f)) + l2
    if len(pairs) == 3:
        (r0, c0), (r1, c1), (r2, c2) = pairs
        l0, l1, l2, l3 = literals
        return lambda f: l0 + c0(r0(f)) + l1 + c1(r1(f)) + l2 + c2(r2(f)) + l3
    if len(pairs) == 4:
        (r0, c0), (r1, c1), (r2, c2), (r3, c3) = pairs
        l0, l1, l2, l3, l4 = literals
        return lambda f: l0 + c0(r0(f)) + l1 + c1(r1(f)) + l2 + c2(r2(f)) + l3 + c3(r3(f)) + l4
    first, rest = literals[0], list(zip(pairs, literals[1:], strict=True))
    return lambda f: first + "".join([c(r(f)) + literal for (r, c), literal in rest])


def _together(
    literals: list[str],
    reads: list[FactReader],
    convert: list[Callable[[Any], str]],
    instants: list[int],
    cat: Catalogue,
) -> LineWriter:
    """A writer whose instants (at *instants*) are written together (Catalogue.instants)."""
    timed = tuple(reads[i] for i in instants)
    # each placeholder: the instant's place among those written together, or how it is written
    slots = [
        (instants.index(i), reads[i], convert[i]) if i in instants else (None, reads[i], convert[i])
        for i in range(len(reads))
    ]
    first, rest = literals[0], list(zip(slots, literals[1:], strict=True))

    def write(f: LineFacts) -> str:
        written = cat.instants(tuple([r(f) for r in timed]))
        out = first
        for (k, r, c), literal in rest:
            out += (c(r(f)) if k is None else written[k]) + literal
        return out

    return write


def _chain(language: str) -> Iterator[str]:
    """The language and the more general tags it falls back to: zh-Hant-HK, zh-Hant, zh."""
    parts = language.split("-")
    for n in range(len(parts), 0, -1):
        yield "-".join(parts[:n])


def _strings(value: object, path: str, *, nonempty: bool = False) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(path, "expected an object of texts")
    _once(value, path)
    out = {}
    for key, text in value.items():
        if not isinstance(key, str) or not isinstance(text, str) or not (text or not nonempty):
            raise ValidationError(
                f"{path}.{key}", "expected a non-empty text" if nonempty else "expected a text"
            )
        out[key] = text
    return out


def _once(data: Mapping[str, object], path: str) -> None:
    """Refuse a JSON object that names a key twice: the one that would win is not known to its author."""
    if isinstance(data, DuplicateKeys):
        raise ValidationError(f"{path}.{data.duplicate}", "is named twice in the same object")


def _checked(key: str, text: str, path: str) -> str:
    allowed = MESSAGES.get(key)
    if allowed is None:
        if _PAYMENT_ID.match(key):
            allowed = frozenset()
        elif _RULE_ID.match(key):  # which facts it may name is the policy's: checked with it
            try:
                placeholders(text)
            except ValueError as err:
                raise ValidationError(path, str(err)) from None
            return text
        else:
            raise ValidationError(path, "is not a message id (see docs/explanations.md)")
    try:
        return check_template(text, allowed)
    except ValueError as err:
        raise ValidationError(path, str(err)) from None


def catalogue(language: str | Catalogue) -> Catalogue:
    """The catalogue of *language*: a shipped one by its tag (any case), or *language* itself.

    :param language: a shipped language's tag (see :data:`LANGUAGES`), or a
        :class:`Catalogue` (returned as it is).
    :returns: the catalogue.
    :raises ValueError: for an unknown language, listing the shipped ones.

    >>> catalogue("ZH-hant-hk").language
    'zh-Hant-HK'
    >>> catalogue("fr")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'fr': the languages are en, zh-Hant-HK (or load a catalogue of your own with Catalogue.load)
    """
    if isinstance(language, Catalogue):
        return language
    found = _SHIPPED.get(language.lower()) if isinstance(language, str) else None
    if found is None:
        raise ValueError(
            f"unknown language {language!r}: the languages are {', '.join(LANGUAGES)} "
            "(or load a catalogue of your own with Catalogue.load)"
        )
    return found


def _base(name: object, path: str) -> Catalogue:
    """The shipped catalogue a loaded one starts from."""
    if not isinstance(name, str):
        raise ValidationError(path, "expected the name of a language")
    try:
        return catalogue(name)
    except ValueError as err:
        raise ValidationError(path, str(err)) from None


# The shipped catalogues, built at import (tests/test_messages.py holds them to the rules of a
# loaded catalogue).
_SHIPPED = {
    c.language.lower(): c
    for c in (
        Catalogue(language="en", messages=EN),
        Catalogue(language="zh-Hant-HK", messages=ZH_HANT_HK, clauses=CLAUSES_ZH_HANT_HK),
    )
}

LANGUAGES: tuple[str, ...] = tuple(c.language for c in _SHIPPED.values())
"""The languages shipped with the library: ``en`` and ``zh-Hant-HK``."""

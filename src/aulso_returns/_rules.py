"""A small, generic rule core: named predicates, grounds and bars, policies.

Nothing here knows about jewellery, returns or Hong Kong, and nothing of the
shop is imported: only the template syntax (:mod:`._template`) that checks a
rule's sentences against the facts its policy declares. A *predicate* is a
named test over a context type ``C``; predicates combine with ``&``, ``|`` and
``~`` (or :func:`all_of` / :func:`any_of`) and evaluate to a :class:`Result`
that names the parts that decided it. A *rule* gives a predicate an effect:
a **ground** allows, a **bar** refuses. A :class:`Policy` allows a context only
when at least one ground holds and no bar holds; nothing holding means
refused, by default. That precedence lives in one place, behind
:meth:`Policy.ruling` (the answer) and :meth:`Policy.evaluate` (the answer explained).
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, ClassVar, Generic, TypeVar

import attrs

from ._template import LANGUAGE_TAG, check_template, placeholders

C = TypeVar("C")

#: A rule or predicate code: snake_case.
CODE = re.compile(r"[a-z][a-z0-9_]*\Z")


def _check_code(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not CODE.match(value):
        raise ValueError(f"a code must be snake_case (a-z, 0-9, _), got {value!r}")


def _check_text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a string, got {type(value).__name__}")


def _check_clause(_: object, __: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"a clause is a string or None, got {type(value).__name__}")


def _check_function(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        raise TypeError(f"{attribute.name} must be a function, got {type(value).__name__}")


def _not_a_predicate(where: str, value: object) -> TypeError:
    return TypeError(
        f"{where} must be a Predicate (made by predicate() or named_predicate()), "
        f"got {type(value).__name__}"
    )


def _check_predicate(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Predicate):
        raise _not_a_predicate(attribute.name, value)


def _check_operands(_: object, __: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    for n, operand in enumerate(value):
        if not isinstance(operand, Predicate):
            raise _not_a_predicate(f"operands[{n}]", operand)


@attrs.frozen(slots=True, weakref_slot=False)
class Result:
    """The outcome of evaluating a predicate: its truth value and the parts that decided it.

    ``because`` holds the results of the sub-predicates that decided the
    value: the failing part of a false AND, the passing part of a true OR,
    every part of a true AND or a false OR, the operand of a NOT.
    """

    predicate: Predicate[Any]
    value: bool
    because: tuple[Result, ...] = ()

    @property
    def code(self) -> str:
        """The predicate's code."""
        return self.predicate.code

    @property
    def description(self) -> str:
        """The predicate's description."""
        return self.predicate.description

    def explain(self, indent: int = 0) -> str:
        """An indented tree, one line a deciding part: ``[yes]``/``[no]`` and the description."""
        lines: list[str] = []
        self._render(lines, indent)
        return "\n".join(lines)

    def _render(self, lines: list[str], depth: int) -> None:
        clause = f" ({self.predicate.clause})" if self.predicate.clause else ""
        lines.append(f"{'  ' * depth}[{'yes' if self.value else 'no'}] {self.description}{clause}")
        for part in self.because:
            part._render(lines, depth + 1)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON logs: code, value, and the deciding parts."""
        out: dict[str, Any] = {"code": self.code, "value": self.value}
        if self.because:
            out["because"] = [part.to_dict() for part in self.because]
        return out


@attrs.frozen(kw_only=True)
class Boundary:
    """An instant across which a predicate over time may change its value.

    ``last`` is the last instant of the earlier side: a context at ``last`` and
    one at ``last`` plus one microsecond may be judged differently.
    ``before`` and ``after`` say the two sides in words (for example "within
    72 h of delivery" and "more than 72 h after delivery"). The policy analysis
    (:func:`aulso_returns.decision_table`) places requests on both sides.
    """

    last: datetime
    before: str
    after: str


#: Truth values by predicate identity, for one context: shared by the explanations of a verdict.
Memo = dict[int, bool]

#: A compiled predicate: a plain function of the context whose truthiness is the predicate's value.
Check = Callable[[C], object]

#: What of a context a predicate reads, as labels its context's layer names (``None``: anything).
Dependencies = frozenset[Hashable] | None


def _union(parts: Iterable[Predicate[Any]]) -> Dependencies:
    """What any of *parts* reads: ``None`` as soon as one may read anything."""
    found: set[Hashable] = set()
    for part in parts:
        reads = part.dependencies()
        if reads is None:
            return None
        found |= reads
    return frozenset(found)


def reads_none(reads: Dependencies, varied: frozenset[Hashable]) -> bool:
    """Whether *reads* (a predicate's :meth:`~Predicate.dependencies`) is known and misses *varied*."""
    return reads is not None and reads.isdisjoint(varied)


def _labels(value: Collection[Hashable] | None) -> Dependencies:
    if value is None:
        return None
    if isinstance(value, str):
        raise TypeError("depends_on is a collection of labels, not one string")
    return frozenset(value)


class Predicate(Generic[C]):
    """A named test over a context of type ``C``.

    Subclasses implement :meth:`_test` (the truth value alone); composites
    also implement ``_holds`` (the memoized value) and ``_explain`` (the value
    with its deciding parts). Every predicate has a
    snake_case ``code``, a human ``description`` and an optional ``clause``
    (where in the policy text the rule comes from).
    """

    __slots__ = ()
    code: str
    description: str
    clause: str | None

    def __call__(self, context: C) -> bool:
        """The truth value for *context*, without building an explanation."""
        return self._test(context)

    def holds(self, context: C, memo: Memo) -> bool:
        """The truth value for *context*, computed at most once per *memo*."""
        key = id(self)
        found = memo.get(key)
        if found is None:
            found = memo[key] = self._holds(context, memo)
        return found

    def evaluate(self, context: C, memo: Memo | None = None) -> Result:
        """The truth value for *context* with the parts that decided it.

        Pass the *memo* of earlier evaluations over the same context and no
        predicate is evaluated again: the explanation is built from the truth
        values already known.
        """
        return self._explain(context, {} if memo is None else memo)

    def _test(self, context: C) -> bool:
        raise NotImplementedError

    def _holds(self, context: C, memo: Memo) -> bool:  # noqa: ARG002 - composites use memo
        return self._test(context)

    def _explain(self, context: C, memo: Memo) -> Result:
        return Result(self, self.holds(context, memo))

    def _compile(self) -> Check[C]:
        """A function of the context with the truthiness of :meth:`_test`, without dispatch.

        A plain predicate is its own test; a composite composes its parts'
        functions (see :meth:`Policy.ruling`), so that testing it costs no
        method look-up per part.
        """
        return self._test

    def parts(self) -> tuple[Predicate[C], ...]:
        """The direct sub-predicates (empty for a plain predicate)."""
        return ()

    def boundaries(self, context: C) -> tuple[Boundary, ...]:  # noqa: ARG002 - a plain predicate has none
        """The instants across which this predicate alone (not its parts) may change, for *context*.

        A predicate that compares a time declares where its value can change,
        so that the policy analysis tests both sides; the time of *context*
        that is varied is ignored. Most predicates declare none.
        """
        return ()

    def dependencies(self) -> Dependencies:
        """What of the context this predicate reads, for its value and its boundaries.

        Labels the context's layer names (the shop's are :class:`LineAspect`
        values), or ``None`` when the predicate may read anything. A policy
        re-tests only the predicates that read what changed between two
        contexts (:meth:`Policy.reruling`), so a predicate that reads what
        it does not declare is judged wrongly there: declare all of it, or
        nothing. A composite reads what its parts read.
        """
        return None

    def walk(self) -> Iterator[Predicate[C]]:
        """This predicate and every sub-predicate, depth first."""
        yield self
        for part in self.parts():
            yield from part.walk()

    def replace(self, code: str, new: Predicate[C]) -> Predicate[C]:
        """A copy in which every sub-predicate with *code* (this one included) is *new*."""
        return new if self.code == code else self

    def named(self, code: str, description: str, clause: str | None = None) -> Predicate[C]:
        """The same test under a new code, description and clause.

        >>> small = predicate(lambda n: n < 10, code="small", description="n < 10")
        >>> even = predicate(lambda n: n % 2 == 0, code="even", description="n is even")
        >>> (small & even).named("small_even", "a small even number")
        <predicate small_even>
        """
        return Named(inner=self, code=code, description=description, clause=clause)

    def __and__(self, other: Predicate[C]) -> Predicate[C]:
        return all_of(self, other)

    def __or__(self, other: Predicate[C]) -> Predicate[C]:
        return any_of(self, other)

    def __invert__(self) -> Predicate[C]:
        return Not(operand=self)

    def __repr__(self) -> str:
        return f"<predicate {self.code}>"


@attrs.frozen(kw_only=True, repr=False)
class Atom(Predicate[C]):
    """A predicate made from a plain function of the context."""

    code: str = attrs.field(validator=_check_code)
    description: str = attrs.field(validator=_check_text)
    test: Callable[[C], bool] = attrs.field(eq=False, validator=_check_function)
    clause: str | None = attrs.field(default=None, validator=_check_clause)
    bounds: Callable[[C], Iterable[Boundary]] | None = attrs.field(
        default=None, eq=False, validator=attrs.validators.optional(_check_function)
    )
    depends_on: Dependencies = attrs.field(default=None, converter=_labels, eq=False)

    def _test(self, context: C) -> bool:
        return bool(self.test(context))

    def boundaries(self, context: C) -> tuple[Boundary, ...]:
        """The boundaries given as ``boundaries=`` to :func:`predicate`, for *context*."""
        return () if self.bounds is None else tuple(self.bounds(context))

    def dependencies(self) -> Dependencies:
        """What was given as ``depends_on=`` to :func:`predicate` (``None``: anything)."""
        return self.depends_on

    def holds(self, context: C, memo: Memo) -> bool:
        """See :meth:`Predicate.holds` (inlined: atoms are most of an explanation's work)."""
        key = id(self)
        found = memo.get(key)
        if found is None:
            found = memo[key] = bool(self.test(context))
        return found

    def _compile(self) -> Check[C]:
        return self.test


def predicate(  # noqa: PLR0913 - the test, then a predicate's fields by keyword
    test: Callable[[C], bool],
    *,
    code: str,
    description: str,
    clause: str | None = None,
    boundaries: Callable[[C], Iterable[Boundary]] | None = None,
    depends_on: Collection[Hashable] | None = None,
) -> Predicate[C]:
    """Make a predicate from *test*.

    :param test: a function of the context; its truthiness is the predicate's value.
    :param code: a stable snake_case code, named in explanations.
    :param description: what the predicate says, in words.
    :param clause: where in the policy text it comes from, if anywhere.
    :param boundaries: for a test that compares a time: a function of the
        context giving the instants across which the test may change (see
        :class:`Boundary`), for the policy analysis.
    :param depends_on: the labels of what of the context *test* (and
        *boundaries*) read (see :meth:`Predicate.dependencies`); leave it out
        and the predicate may read anything.
    :returns: the predicate.
    :raises ValueError: when *code* is not snake_case.

    >>> positive = predicate(lambda n: n > 0, code="positive", description="n is positive")
    >>> positive(3), positive(-1)
    (True, False)
    """
    return Atom(
        code=code,
        description=description,
        test=test,
        clause=clause,
        bounds=boundaries,
        depends_on=depends_on,
    )


def named_predicate(
    *,
    code: str,
    description: str,
    clause: str | None = None,
    depends_on: Collection[Hashable] | None = None,
) -> Callable[[Callable[[C], bool]], Predicate[C]]:
    """Decorator form of :func:`predicate`.

    :param code: a stable snake_case code, named in explanations.
    :param description: what the predicate says, in words.
    :param clause: where in the policy text it comes from, if anywhere.
    :param depends_on: what of the context the function reads (``None``: anything).
    :returns: a decorator that makes the decorated function a predicate.
    :raises ValueError: when *code* is not snake_case (when decorating).

    >>> @named_predicate(code="is_even", description="the number is even")
    ... def is_even(n: int) -> bool:
    ...     return n % 2 == 0
    >>> is_even.evaluate(4).value
    True
    """

    def wrap(test: Callable[[C], bool]) -> Predicate[C]:
        return Atom(
            code=code, description=description, test=test, clause=clause, depends_on=depends_on
        )

    return wrap


def _junction(parts: list[Check[C]], *, decisive: bool) -> Check[C]:
    """The parts' functions as one: the first whose truthiness is *decisive* decides (AND, OR)."""
    if not parts:
        return lambda _: not decisive
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        if decisive:
            return lambda context: a(context) or b(context)
        return lambda context: a(context) and b(context)
    kept = tuple(parts)
    if decisive:
        return lambda context: any(part(context) for part in kept)
    return lambda context: all(part(context) for part in kept)


@attrs.frozen(kw_only=True, repr=False)
class _Junction(Predicate[C]):
    """AND and OR: the first part whose value is ``_decisive`` decides, and short-circuits."""

    operands: tuple[Predicate[C], ...] = attrs.field(validator=_check_operands)
    code: str
    clause: str | None = attrs.field(default=None, validator=_check_clause)
    _decisive: ClassVar[bool]  # the value of a part that decides the whole
    _joiner: ClassVar[str]  # between descriptions
    _symbol: ClassVar[str]  # between reprs
    _empty: ClassVar[str]  # description with no parts

    @property
    def description(self) -> str:  # type: ignore[override]
        """The parts' descriptions joined with "and" (AND) or "or" (OR)."""
        return self._joiner.join(p.description for p in self.operands) or self._empty

    def _test(self, context: C) -> bool:
        decisive = self._decisive
        return (
            decisive if any(p._test(context) is decisive for p in self.operands) else not decisive
        )

    def _holds(self, context: C, memo: Memo) -> bool:
        decisive = self._decisive
        return (
            decisive
            if any(p.holds(context, memo) is decisive for p in self.operands)
            else not decisive
        )

    def _compile(self) -> Check[C]:
        return _junction([p._compile() for p in self.operands], decisive=self._decisive)

    def _explain(self, context: C, memo: Memo) -> Result:
        seen = []
        for part in self.operands:
            r = part._explain(context, memo)
            if r.value is self._decisive:
                return Result(self, r.value, (r,))
            seen.append(r)
        return Result(self, not self._decisive, tuple(seen))

    def parts(self) -> tuple[Predicate[C], ...]:
        """The operands."""
        return self.operands

    def dependencies(self) -> Dependencies:
        """What any operand reads."""
        return _union(self.operands)

    def replace(self, code: str, new: Predicate[C]) -> Predicate[C]:
        """See :meth:`Predicate.replace`."""
        if self.code == code:
            return new
        return attrs.evolve(self, operands=tuple(p.replace(code, new) for p in self.operands))

    def __repr__(self) -> str:
        if not self.operands:
            return f"{self.code}()"
        return (
            "("
            + self._joiner.replace("and", "&").replace("or", "|").join(map(repr, self.operands))
            + ")"
        )


@attrs.frozen(kw_only=True, repr=False)
class AllOf(_Junction[C]):
    """True when every part is true (and when there are no parts); a false part decides."""

    code: str = "all_of"
    _decisive = False
    _joiner = " and "
    _symbol = " & "
    _empty = "always"


@attrs.frozen(kw_only=True, repr=False)
class AnyOf(_Junction[C]):
    """True when at least one part is true (false when there are no parts); a true part decides."""

    code: str = "any_of"
    _decisive = True
    _joiner = " or "
    _symbol = " | "
    _empty = "never"


@attrs.frozen(kw_only=True, repr=False)
class Not(Predicate[C]):
    """True when the operand is false."""

    operand: Predicate[C] = attrs.field(validator=_check_predicate)
    clause: str | None = attrs.field(default=None, validator=_check_clause)

    @property
    def code(self) -> str:  # type: ignore[override]
        """``not_`` and the operand's code."""
        return "not_" + self.operand.code

    @property
    def description(self) -> str:  # type: ignore[override]
        """The operand's description, negated."""
        return "not: " + self.operand.description

    def _test(self, context: C) -> bool:
        return not self.operand._test(context)

    def _holds(self, context: C, memo: Memo) -> bool:
        return not self.operand.holds(context, memo)

    def _explain(self, context: C, memo: Memo) -> Result:
        r = self.operand._explain(context, memo)
        return Result(self, not r.value, (r,))

    def _compile(self) -> Check[C]:
        test = self.operand._compile()
        return lambda context: not test(context)

    def parts(self) -> tuple[Predicate[C], ...]:
        """The operand."""
        return (self.operand,)

    def dependencies(self) -> Dependencies:
        """What the operand reads."""
        return self.operand.dependencies()

    def replace(self, code: str, new: Predicate[C]) -> Predicate[C]:
        """See :meth:`Predicate.replace`."""
        return Not(operand=self.operand.replace(code, new), clause=self.clause)

    def __invert__(self) -> Predicate[C]:
        return self.operand

    def __repr__(self) -> str:
        return f"~{self.operand!r}"


@attrs.frozen(kw_only=True, repr=False)
class Named(Predicate[C]):
    """Another predicate under its own code, description and clause."""

    inner: Predicate[C] = attrs.field(validator=_check_predicate)
    code: str = attrs.field(validator=_check_code)
    description: str = attrs.field(validator=_check_text)
    clause: str | None = attrs.field(default=None, validator=_check_clause)

    def _test(self, context: C) -> bool:
        return self.inner._test(context)

    def _holds(self, context: C, memo: Memo) -> bool:
        return self.inner.holds(context, memo)

    def _explain(self, context: C, memo: Memo) -> Result:
        r = self.inner._explain(context, memo)
        return Result(self, r.value, r.because or (r,))

    def _compile(self) -> Check[C]:
        return self.inner._compile()

    def parts(self) -> tuple[Predicate[C], ...]:
        """The renamed predicate."""
        return (self.inner,)

    def dependencies(self) -> Dependencies:
        """What the renamed predicate reads."""
        return self.inner.dependencies()

    def replace(self, code: str, new: Predicate[C]) -> Predicate[C]:
        """See :meth:`Predicate.replace`."""
        if self.code == code:
            return new
        return attrs.evolve(self, inner=self.inner.replace(code, new))


def all_of(*predicates: Predicate[C]) -> Predicate[C]:
    """True when all *predicates* are; nested unnamed ANDs are flattened.

    :param predicates: the parts, tested in order; the first false one decides.
    :returns: the conjunction (true when there are no parts). It raises nothing
        of its own; a part's test may.

    >>> a = predicate(bool, code="a", description="a")
    >>> b = predicate(bool, code="b", description="b")
    >>> all_of(a, all_of(b, a))
    (<predicate a> & <predicate b> & <predicate a>)
    >>> all_of()(object())
    True
    """
    flat: list[Predicate[C]] = []
    for p in predicates:
        if isinstance(p, AllOf) and p.code == "all_of" and p.clause is None:
            flat.extend(p.operands)
        else:
            flat.append(p)
    return AllOf(operands=tuple(flat))


def any_of(*predicates: Predicate[C]) -> Predicate[C]:
    """True when at least one of *predicates* is; nested unnamed ORs are flattened.

    :param predicates: the parts, tested in order; the first true one decides.
    :returns: the disjunction (false when there are no parts). It raises nothing
        of its own; a part's test may.

    >>> small = predicate(lambda n: n < 10, code="small", description="n < 10")
    >>> any_of(small, ~small)(42)
    True

    >>> any_of()(object())
    False
    """
    flat: list[Predicate[C]] = []
    for p in predicates:
        if isinstance(p, AnyOf) and p.code == "any_of" and p.clause is None:
            flat.extend(p.operands)
        else:
            flat.append(p)
    return AnyOf(operands=tuple(flat))


class Effect(str, enum.Enum):
    """What a rule does when its predicate holds."""

    GROUND = "ground"
    BAR = "bar"


def _effect(value: Effect | str) -> Effect:
    # "ground" is Effect.GROUND, as JSON writes it (a member is found by its own value too)
    found = _EFFECTS.get(value) if isinstance(value, str) else None
    if found is None:
        raise ValueError(f"a rule's effect is Effect.GROUND or Effect.BAR, got {value!r}")
    return found


_EFFECTS = {effect.value: effect for effect in Effect}


def _frozen_terms(value: Mapping[str, str]) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise TypeError(f"a rule's terms map names to texts, got {type(value).__name__}")
    terms = dict(value)
    for name, said in terms.items():
        if not isinstance(name, str) or not isinstance(said, str):
            raise TypeError(f"a rule's terms map names to texts, got {name!r}: {said!r}")
    return MappingProxyType(terms)


def _check_message(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        placeholders(value)
    except ValueError as err:
        raise ValueError(f"a rule's {attribute.name}: {err}") from None


def split_clauses(clause: str | None) -> tuple[str, ...]:
    """The titles of a clause that names several (``a; b``), each once, in order.

    >>> split_clauses("a; b;a ;; c"), split_clauses(None)
    (('a', 'b', 'c'), ())
    """
    if not clause:
        return ()
    return tuple(dict.fromkeys(c.strip() for c in clause.split(";") if c.strip()))


def _check_language(_: object, __: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not LANGUAGE_TAG.match(value):
        raise ValueError(f"a rule's language is a language tag such as zh-Hant-HK, got {value!r}")


def _frozen_translations(value: Mapping[str, str]) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise TypeError(f"translations must map languages to texts, got {type(value).__name__}")
    for language, text in value.items():
        if not isinstance(language, str) or not LANGUAGE_TAG.match(language):
            raise ValueError(f"translations: {language!r} is not a language tag such as zh-Hant-HK")
        try:
            placeholders(text)
        except ValueError as err:
            raise ValueError(f"translations[{language!r}]: {err}") from None
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class Rule(Generic[C]):
    """A predicate with an effect: a ground allows, a bar refuses.

    ``message`` is the sentence shown when the rule holds, in ``language``
    (English unless given), and ``translations`` the same sentence in other
    languages, by language tag; either may name facts of what it judges
    (``{delivered_on}``): the facts its policy declares (:attr:`Policy.facts`),
    checked when the policy is built. ``terms`` are string attributes that
    the caller interprets (for example who pays return shipping when a ground
    holds): the core keeps them as given, and what reads them checks them
    (a return decision checks its own, :data:`~aulso_returns.LINE_TERMS`).
    ``effect`` may be given as its JSON value, ``"ground"`` or ``"bar"``.
    """

    code: str = attrs.field(validator=_check_code)
    effect: Effect = attrs.field(converter=_effect)
    when: Predicate[C] = attrs.field(validator=_check_predicate)
    message: str = attrs.field(validator=_check_message)
    clause: str | None = attrs.field(default=None, validator=_check_clause)
    terms: Mapping[str, str] = attrs.field(
        factory=dict, converter=_frozen_terms, eq=False, hash=False
    )
    translations: Mapping[str, str] = attrs.field(
        factory=dict, converter=_frozen_translations, eq=False, hash=False
    )
    language: str = attrs.field(default="en", validator=_check_language, eq=False, hash=False)
    cites: Callable[[C], tuple[str, ...]] | None = attrs.field(
        default=None, eq=False, hash=False, validator=attrs.validators.optional(_check_function)
    )
    _titles: tuple[str, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)

    @_titles.default
    def _titles_default(self) -> tuple[str, ...]:  # before the validators: clause may be anything
        return split_clauses(self.clause) if isinstance(self.clause, str) else ()

    def cited(self, context: C) -> tuple[str, ...]:
        """The clauses its sentence cites for *context*: what ``cites`` says, else its own.

        Its own are the titles of its ``clause`` (``a; b`` names two), each
        once. A rule whose clause depends on the context gives ``cites``: the
        shop's merchant-error ground cites the clause of the line's reason
        alone (a defect is not a wrong size).

        >>> always = predicate(lambda c: True, code="always", description="always")
        >>> ground("g", always, "Yes.", clause="§1; §2; §1").cited(None)
        ('§1', '§2')
        >>> ground("g", always, "Yes.", clause="§1; §2", cites=lambda c: (c,)).cited("§2")
        ('§2',)
        """
        return self._titles if self.cites is None else self.cites(context)

    def sentences(self) -> dict[str, str]:
        """The rule's sentence by language: its message in :attr:`language`, and its translations.

        >>> always = predicate(lambda c: True, code="always", description="always")
        >>> ground("goodwill", always, "已接受。", language="zh-Hant-HK").sentences()
        {'zh-Hant-HK': '已接受。'}
        """
        return {self.language: self.message, **self.translations}

    def text(self, language: str) -> str | None:
        """The rule's sentence in *language* (its own: its message), or ``None`` if it has none.

        >>> always = predicate(lambda c: True, code="always", description="always")
        >>> rule = ground("goodwill", always, "Accepted.", translations={"zh-Hant-HK": "已接受。"})
        >>> rule.text("zh-Hant-HK"), rule.text("en"), rule.text("fr")
        ('已接受。', 'Accepted.', None)
        """
        if language == self.language:
            return self.message
        return self.translations.get(language)

    def to_dict(self) -> dict[str, Any]:
        """A row for listings: code, kind, description, clause, message, terms."""
        return {
            "code": self.code,
            "kind": self.effect.value,
            "description": self.when.description,
            "clause": self.clause,
            "message": self.message,
            "terms": dict(self.terms),
        }


def ground(  # noqa: PLR0913 - a rule's fields, each by keyword but the first three
    code: str,
    when: Predicate[C],
    message: str,
    *,
    clause: str | None = None,
    translations: Mapping[str, str] | None = None,
    language: str = "en",
    cites: Callable[[C], tuple[str, ...]] | None = None,
    **terms: str,
) -> Rule[C]:
    """A rule that allows when *when* holds (unless a bar holds too).

    :param code: the rule's snake_case code, the decision's ``ground``.
    :param when: the predicate that must hold.
    :param message: the sentence an explanation gives when it decides.
    :param clause: where in the policy text it comes from.
    :param translations: the sentence in other languages, by language tag.
    :param language: the language of *message* (``en`` unless given).
    :param cites: the clauses its sentence cites, as a function of the
        context, where they depend on it (else the titles of *clause*).
    :param terms: string terms, kept with the rule for what reads them
        (a return decision reads :data:`~aulso_returns.LINE_TERMS`).
    :returns: the rule.
    :raises ValueError: when *code* is not snake_case, or a text's
        placeholder is not a plain name (see :attr:`Policy.facts` for which
        facts it may name).

    >>> always = predicate(lambda c: True, code="always", description="always")
    >>> ground("goodwill", always, "Accepted.", return_shipping="customer").terms["return_shipping"]
    'customer'
    """
    return Rule(
        code=code,
        effect=Effect.GROUND,
        when=when,
        message=message,
        clause=clause,
        terms=terms,
        translations=translations or {},
        language=language,
        cites=cites,
    )


def bar(  # noqa: PLR0913 - a rule's fields, each by keyword but the first three
    code: str,
    when: Predicate[C],
    message: str,
    *,
    clause: str | None = None,
    translations: Mapping[str, str] | None = None,
    language: str = "en",
    cites: Callable[[C], tuple[str, ...]] | None = None,
    **terms: str,
) -> Rule[C]:
    """A rule that refuses when *when* holds; bars override grounds.

    :param code: the rule's snake_case code, one of the decision's ``rejections``.
    :param when: the predicate that refuses.
    :param message: the sentence an explanation gives when it refuses.
    :param clause: where in the policy text it comes from.
    :param translations: the sentence in other languages, by language tag.
    :param language: the language of *message* (``en`` unless given).
    :param cites: the clauses its sentence cites, as a function of the
        context, where they depend on it (else the titles of *clause*).
    :param terms: free string terms, kept with the rule.
    :returns: the rule.
    :raises ValueError: when *code* is not snake_case, or a text's
        placeholder is not a plain name (see :attr:`Policy.facts` for which
        facts it may name).

    >>> never = predicate(lambda c: False, code="never", description="never")
    >>> bar("closed", never, "We are closed.").effect.value
    'bar'
    """
    return Rule(
        code=code,
        effect=Effect.BAR,
        when=when,
        message=message,
        clause=clause,
        terms=terms,
        translations=translations or {},
        language=language,
        cites=cites,
    )


@attrs.frozen(slots=True)
class RuleResult(Generic[C]):
    """One rule, whether it held for a context, and (on demand) why."""

    rule: Rule[C]
    holds: bool
    _context: C = attrs.field(eq=False, repr=False)
    _memo: Memo = attrs.field(eq=False, repr=False)

    @property
    def result(self) -> Result:
        """The rule's predicate explained, with the truth values the verdict's results share."""
        return self.rule.when.evaluate(self._context, self._memo)


@attrs.frozen(slots=True)
class Ruling(Generic[C]):
    """A policy's answer for one context without its explanation: allowed, and the rules that held.

    What :meth:`Policy.ruling` gives at the cost of the tests alone; the
    :class:`Verdict` of :meth:`Policy.evaluate` adds every rule's deciding parts.
    """

    allowed: bool
    grounds: tuple[Rule[C], ...]
    bars: tuple[Rule[C], ...]
    #: The rules that held, as bits (bit *i*: the policy's ``rules[i]``), for :meth:`Policy.reruling`.
    _held: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen(slots=True)
class Verdict(Generic[C]):
    """A policy's answer for one context: allowed or not, and every rule that held."""

    allowed: bool
    grounds: tuple[RuleResult[C], ...]
    bars: tuple[RuleResult[C], ...]
    unmet: tuple[RuleResult[C], ...]

    def explain(self) -> str:
        """Readable text: the outcome, then each rule that held with its deciding parts."""
        lines = ["allowed" if self.allowed else "refused"]
        held = self.bars + self.grounds
        for rr in held:
            lines.append(f"  {rr.rule.effect.value} {rr.rule.code}: {rr.rule.message}")
            lines.append(rr.result.explain(indent=2))
        if not held:
            lines.append("  no ground holds")
            lines.extend(rr.result.explain(indent=2) for rr in self.unmet)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON logs."""
        return {
            "allowed": self.allowed,
            "grounds": [{"code": r.rule.code, "because": r.result.to_dict()} for r in self.grounds],
            "bars": [{"code": r.rule.code, "because": r.result.to_dict()} for r in self.bars],
        }


def _rule_tuple(rules: Iterable[Rule[C]]) -> tuple[Rule[C], ...]:
    kept = tuple(rules)
    for n, rule in enumerate(kept):
        if not isinstance(rule, Rule):
            raise TypeError(
                f"rules[{n}] must be a Rule (made by ground() or bar()), got {type(rule).__name__}"
            )
    return kept


def _unique_codes(_: object, __: object, rules: tuple[Rule[Any], ...]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.code in seen:
            raise ValueError(f"rule code {rule.code!r} appears twice in the policy")
        seen.add(rule.code)


#: A rule's test in a plan: a function of the context, and the rule's bit in a ruling's mask.
_Step = tuple[Check[C], int]
#: How a policy tests its rules: first the rules tested each on its own, then the groups of
#: rules whose predicates begin with the same one (the same object: the whole of a rule's
#: predicate, or the first part of a conjunction). A group's predicate is tested once: its
#: function, the bits of the rules it is the whole of, and the rest of each other rule,
#: tested only when it holds.
_Plan = tuple[tuple[_Step[C], ...], tuple[tuple[Check[C], int, tuple[_Step[C], ...]], ...]]


def _split(when: Predicate[C]) -> tuple[Predicate[C], tuple[Predicate[C], ...]]:
    """A rule's predicate as its first conjunct and the others (a renaming changes no value)."""
    while isinstance(when, Named):
        when = when.inner
    if isinstance(when, AllOf) and when.operands:
        return when.operands[0], when.operands[1:]
    return when, ()


def _planned(rules: Iterable[tuple[Predicate[C], int]]) -> _Plan[C]:
    """The plan that tests each of *rules* (a predicate and its bit), a shared start once.

    The same rules hold as when each is tested on its own: which hold does
    not depend on the order they are tested in (a predicate is a function of
    the context), and a conjunction's later parts are still tested only when
    its first holds.
    """
    starts: list[tuple[Predicate[C], list[tuple[tuple[Predicate[C], ...], int]]]] = []
    for when, bit in rules:
        first, rest = _split(when)
        for start, members in starts:
            if start is first:
                members.append((rest, bit))
                break
        else:
            starts.append((first, [(rest, bit)]))
    alone: list[_Step[C]] = []
    groups: list[tuple[Check[C], int, tuple[_Step[C], ...]]] = []
    for start, members in starts:
        test = start._compile()
        if len(members) == 1 and not members[0][0]:  # a rule tested on its own
            alone.append((test, members[0][1]))
            continue
        whole = 0
        then: list[_Step[C]] = []
        for rest, bit in members:
            if rest:
                then.append((_junction([p._compile() for p in rest], decisive=False), bit))
            else:
                whole |= bit
        groups.append((test, whole, tuple(then)))
    return tuple(alone), tuple(groups)


def _held(plan: _Plan[C], context: C, held: int) -> int:
    """*held* with the bits of the rules of *plan* that hold for *context*."""
    alone, groups = plan
    for test, bit in alone:
        if test(context):
            held |= bit
    for test, whole, then in groups:
        if test(context):
            held |= whole
            for rest, bit in then:
                if rest(context):
                    held |= bit
    return held


@attrs.frozen(slots=True)
class _Variation(Generic[C]):
    """How a policy rules a context that differs from another only in some things (see ``reruling``)."""

    kept: int  # the bits of the rules that read none of them: they hold as they held
    grounds: int  # the grounds among them
    bars: int  # the bars among them
    grounds_varied: bool  # whether a ground reads one of them
    plan: _Plan[C]  # the other rules, tested again
    reads: Dependencies  # what those other rules read


#: How many rulings a policy keeps, one per set of rules that hold: far more than a policy
#: meets (the shop's meets a few dozen), so that no adversarial stream grows it without bound.
_RULINGS_KEPT = 4096


def _check_label(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    """A policy's name and version: the text a decision names it by (``policy`` in JSON)."""
    if not isinstance(value, str):
        raise TypeError(f"a policy's {attribute.name} is a string, got {type(value).__name__}")
    if not value.strip() or not value.isprintable():
        raise ValueError(f"a policy's {attribute.name} is printable text, not blank, got {value!r}")


#: What reads a fact a rule's sentence may name: a function of what the policy's writer is given.
FactReader = Callable[[Any], Any]


def _frozen_facts(value: Mapping[str, FactReader]) -> Mapping[str, FactReader]:
    if not isinstance(value, Mapping):
        raise TypeError(f"a policy's facts map names to functions, got {type(value).__name__}")
    for name, read in value.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"a fact's name is a plain name such as sku, got {name!r}")
        if not callable(read):
            raise TypeError(f"the fact {name} is read by a function, got {type(read).__name__}")
    return MappingProxyType(dict(value))


def _check_sentences(policy: Policy[Any], _: object, facts: Mapping[str, FactReader]) -> None:
    """Every sentence of every rule names only facts the policy declares."""
    for rule in policy.rules:
        for language, text in rule.sentences().items():
            try:
                check_template(text, facts)
            except ValueError as err:  # noqa: PERF203 - raised once, naming the rule and language
                raise ValueError(f"rule {rule.code} ({language}): {err}") from None


def _frozen_settings(value: Mapping[str, int]) -> Mapping[str, int]:
    if not isinstance(value, Mapping):
        raise TypeError(f"a policy's settings map names to numbers, got {type(value).__name__}")
    for name, number in value.items():
        if not isinstance(name, str) or not CODE.match(name):
            raise ValueError(f"a setting's name is snake_case, got {name!r}")
        if type(number) is not int or number < 0:
            raise ValueError(f"the setting {name} is a whole number from 0, got {number!r}")
    return MappingProxyType(dict(sorted(value.items())))


@attrs.frozen(kw_only=True, repr=False)
class Policy(Generic[C]):
    """A named, versioned, immutable set of rules (name and version: printable, non-blank text).

    A context is allowed when at least one ground holds and no bar holds.
    Every rule is tested, so a refusal names all of its reasons. Its repr is
    short; :meth:`describe` and :meth:`listing` give every rule.

    ``facts`` are what its rules' sentences may name, each with the function
    that reads it (from what the policy's writer is given; the core never
    calls it): a sentence naming any other placeholder is refused when the
    policy is built. ``settings`` are the numbers its text sets that no
    predicate holds (the shop's business days to answer and to settle, say),
    by snake_case name, each a whole number from 0: versioned with the
    rules, listed by :meth:`describe` and compared by ``diff``.

    >>> Policy(name="shop", version="1", rules=())
    <Policy shop 1: 0 grounds, 0 bars>
    """

    name: str = attrs.field(validator=_check_label)
    version: str = attrs.field(validator=_check_label)
    rules: tuple[Rule[C], ...] = attrs.field(converter=_rule_tuple, validator=_unique_codes)
    facts: Mapping[str, FactReader] = attrs.field(
        factory=dict, converter=_frozen_facts, validator=_check_sentences, eq=False, hash=False
    )
    settings: Mapping[str, int] = attrs.field(
        factory=dict, converter=_frozen_settings, eq=False, hash=False
    )
    _index: dict[str, Predicate[C]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )
    #: How every rule is tested (``_Plan``, built when first used), with each rule's bit in
    #: the mask of the rules that hold.
    _plan: list[_Plan[C]] = attrs.field(init=False, factory=list, eq=False, repr=False, hash=False)
    #: The ruling of each mask met so far (at most _RULINGS_KEPT): a ruling holds no context.
    _rulings: dict[int, Ruling[C]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )
    #: By what varies (see :meth:`reruling`): the bits of the rules that read none of it, of
    #: the grounds and of the bars among them, and the plan of the others.
    _variations: dict[frozenset[Hashable], _Variation[C]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )

    def evaluate(self, context: C) -> Verdict[C]:
        """Decide *context* as :meth:`ruling` does, with every rule's deciding parts.

        The deciding parts are worked out when first read, and the results of
        one verdict share their truth values: explaining all of them tests
        each predicate at most once.
        """
        ruling = self.ruling(context)
        memo: Memo = {}
        return Verdict(
            ruling.allowed,
            tuple(RuleResult(rule, True, context, memo) for rule in ruling.grounds),
            tuple(RuleResult(rule, True, context, memo) for rule in ruling.bars),
            tuple(
                RuleResult(rule, False, context, memo)
                for rule in self.rules
                if rule.effect is Effect.GROUND and rule not in ruling.grounds
            ),
        )

    def ruling(self, context: C) -> Ruling[C]:
        """Decide *context*: bars override grounds; nothing holding means refused.

        Every rule is tested, so a refusal names all of its bars; no
        explanation is built (see :meth:`evaluate` for one).
        """
        plan = self._plan or self._plan_rules()
        held = _held(plan[0], context, 0)  # every rule: a refusal names all of its bars
        return self._rulings.get(held) or self._ruling(held)

    def _plan_rules(self) -> list[_Plan[C]]:
        """How every rule is tested, bit *i* for ``rules[i]``: made once per policy."""
        plan = self._plan
        if not plan:  # one item put in at once: another thread never sees it half-made
            plan.append(_planned((rule.when, 1 << i) for i, rule in enumerate(self.rules)))
        return plan

    def reruling(self, context: C, base: Ruling[C], varied: frozenset[Hashable]) -> Ruling[C]:
        """Decide *context*, which differs from the one *base* ruled only in what *varied* names.

        The same answer as :meth:`ruling`, for less: only the rules whose
        predicates read something in *varied* (or do not say what they
        read, :meth:`Predicate.dependencies`) are tested again; the others
        hold as they held for *base*.

        >>> small = predicate(lambda n: n["size"] < 10, code="small", description="small",
        ...                   depends_on={"size"})
        >>> red = predicate(lambda n: n["colour"] == "red", code="red", description="red",
        ...                 depends_on={"colour"})
        >>> shop = Policy(name="shop", version="1", rules=(
        ...     ground("small_ones", small, "Small."), bar("no_red", red, "Not red.")))
        >>> base = shop.ruling({"size": 3, "colour": "blue"})
        >>> [rule.code for rule in shop.reruling({"size": 3, "colour": "red"}, base,
        ...                                     frozenset({"colour"})).bars]
        ['no_red']
        """
        variation = self._variations.get(varied) or self._variation(varied)
        held = _held(variation.plan, context, base._held & variation.kept)
        return self._rulings.get(held) or self._ruling(held)

    def stays_refused(self, base: Ruling[C], varied: frozenset[Hashable]) -> bool:
        """Whether every context that differs from *base*'s only in what *varied* names is refused.

        True, without testing anything, when a bar that reads none of it held
        for *base*, or when no ground held and every ground reads none of it.
        """
        variation = self._variations.get(varied) or self._variation(varied)
        kept = base._held & variation.kept
        return bool(kept & variation.bars) or not (
            kept & variation.grounds or variation.grounds_varied
        )

    def dependencies(self, varied: frozenset[Hashable]) -> Dependencies:
        """What the rules that read something in *varied* read (``None``: one may read anything).

        >>> small = predicate(lambda n: n["size"] < 10, code="small", description="small",
        ...                   depends_on={"size", "unit"})
        >>> Policy(name="shop", version="1", rules=(ground("small_ones", small, "Small."),)
        ...        ).dependencies(frozenset({"size"})) == {"size", "unit"}
        True
        """
        return (self._variations.get(varied) or self._variation(varied)).reads

    def _variation(self, varied: frozenset[Hashable]) -> _Variation[C]:
        """How to rule a context that differs from another in *varied* (kept; callers look first)."""
        kept = grounds = bars = varies_ground = 0
        tested: list[tuple[Predicate[C], int]] = []
        for i, rule in enumerate(self.rules):
            bit, is_ground = 1 << i, rule.effect is Effect.GROUND
            if reads_none(rule.when.dependencies(), varied):
                kept |= bit
                grounds |= bit if is_ground else 0
                bars |= 0 if is_ground else bit
            else:
                tested.append((rule.when, bit))
                varies_ground |= is_ground
        reads = _union([when for when, _ in tested])
        found = _Variation(kept, grounds, bars, bool(varies_ground), _planned(tested), reads)
        if len(self._variations) < _RULINGS_KEPT:
            self._variations[varied] = found
        return found

    def _ruling(self, held: int) -> Ruling[C]:
        """The ruling when the rules of the bits of *held* hold (bit *i*: ``rules[i]``), kept."""
        # The one place where precedence is decided.
        rules = [rule for i, rule in enumerate(self.rules) if held >> i & 1]
        grounds = tuple(rule for rule in rules if rule.effect is Effect.GROUND)
        bars = tuple(rule for rule in rules if rule.effect is not Effect.GROUND)
        ruling = Ruling(bool(grounds) and not bars, grounds, bars, held)
        if len(self._rulings) < _RULINGS_KEPT:  # two threads may both store it: equal values
            self._rulings[held] = ruling
        return ruling

    def rule(self, code: str) -> Rule[C]:
        """The rule with *code*; ``KeyError`` if there is none."""
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)

    def predicate(self, code: str) -> Predicate[C] | None:
        """The first predicate with *code* used by any rule, or ``None``."""
        index = self._index
        if not index:
            # built aside, then stored in one update: another thread never sees it half-built
            built: dict[str, Predicate[C]] = {}
            for rule in self.rules:
                for p in rule.when.walk():
                    built.setdefault(p.code, p)
            index.update(built)
        return index.get(code)

    def with_rule(self, rule: Rule[C]) -> Policy[C]:
        """A new policy with *rule* added, or replacing the rule with the same code."""
        if any(r.code == rule.code for r in self.rules):
            return attrs.evolve(
                self, rules=tuple(rule if r.code == rule.code else r for r in self.rules)
            )
        return attrs.evolve(self, rules=(*self.rules, rule))

    def without(self, code: str) -> Policy[C]:
        """A new policy without the rule *code* (``KeyError`` if there is none)."""
        self.rule(code)
        return attrs.evolve(self, rules=tuple(r for r in self.rules if r.code != code))

    def with_predicate(self, new: Predicate[C]) -> Policy[C]:
        """A new policy in which every predicate with ``new.code`` is *new*, in every rule."""
        if self.predicate(new.code) is None:
            raise KeyError(new.code)
        return attrs.evolve(
            self,
            rules=tuple(attrs.evolve(r, when=r.when.replace(new.code, new)) for r in self.rules),
        )

    def with_facts(self, **readers: FactReader) -> Policy[C]:
        """A new policy whose sentences may also name *readers*' facts (a name given again: replaced).

        >>> always = predicate(lambda c: True, code="always", description="always")
        >>> shop = Policy(name="shop", version="1", rules=()).with_facts(placed_on=lambda f: f)
        >>> sorted(shop.with_rule(ground("goodwill", always, "Ordered on {placed_on}.")).facts)
        ['placed_on']
        """
        return attrs.evolve(self, facts={**self.facts, **readers})

    def with_settings(self, **settings: int) -> Policy[C]:
        """A new policy with *settings* set (a name given again: replaced).

        >>> Policy(name="shop", version="1", rules=()).with_settings(settlement_business_days=5).settings
        mappingproxy({'settlement_business_days': 5})
        """
        return attrs.evolve(self, settings={**self.settings, **settings})

    def renamed(self, name: str, version: str) -> Policy[C]:
        """The same rules under another name and version."""
        return attrs.evolve(self, name=name, version=version)

    def listing(self) -> tuple[dict[str, Any], ...]:
        """Every rule as a row (code, kind, description, clause, message, terms)."""
        return tuple(rule.to_dict() for rule in self.rules)

    def __repr__(self) -> str:
        grounds = sum(rule.effect is Effect.GROUND for rule in self.rules)
        return f"<Policy {self.name} {self.version}: {grounds} grounds, {len(self.rules) - grounds} bars>"

    def describe(self) -> str:
        """The listing as readable text, one rule a paragraph."""
        out = [f"{self.name} {self.version}"]
        out.extend(f"- setting {name}: {number}" for name, number in self.settings.items())
        for rule in self.rules:
            clause = f" [{rule.clause}]" if rule.clause else ""
            out.append(f"- {rule.effect.value} {rule.code}{clause}: {rule.when.description}")
        return "\n".join(out)


def _version_tuple(
    versions: Iterable[tuple[datetime, Policy[C]]],
) -> tuple[tuple[datetime, Policy[C]], ...]:
    return tuple(versions)


def _check_versions(
    _: object, __: object, versions: tuple[tuple[datetime, Policy[Any]], ...]
) -> None:
    if not versions:
        raise ValueError("a policy history needs at least one version")
    for i, (start, policy) in enumerate(versions):
        if not isinstance(start, datetime) or start.utcoffset() is None:
            raise ValueError(
                f"version {i}: the effective instant must be a timezone-aware datetime"
            )
        if not isinstance(policy, Policy):
            raise ValueError(f"version {i}: expected a Policy, got {type(policy).__name__}")
        if i and start <= versions[i - 1][0]:
            raise ValueError(f"version {i}: effective instants must be strictly increasing")


@attrs.frozen(repr=False)
class PolicyHistory(Generic[C]):
    """Policies by the instant from which each is in force, strictly increasing.

    >>> from datetime import timezone
    >>> v1 = Policy(name="shop", version="1", rules=())
    >>> v2 = v1.renamed("shop", "2")
    >>> history = PolicyHistory.starting(datetime(2025, 1, 1, tzinfo=timezone.utc), v1).with_version(
    ...     datetime(2026, 1, 1, tzinfo=timezone.utc), v2)
    >>> history.in_force(datetime(2026, 1, 1, tzinfo=timezone.utc)).version
    '2'
    >>> history
    <PolicyHistory: shop 1 from 2025-01-01T00:00:00+00:00, shop 2 from 2026-01-01T00:00:00+00:00>
    """

    versions: tuple[tuple[datetime, Policy[C]], ...] = attrs.field(
        converter=_version_tuple, validator=_check_versions
    )

    @classmethod
    def starting(cls, effective_from: datetime, policy: Policy[C]) -> PolicyHistory[C]:
        """A history of one policy, in force from *effective_from*."""
        return cls(((effective_from, policy),))

    def __repr__(self) -> str:
        versions = ", ".join(
            f"{p.name} {p.version} from {start.isoformat()}" for start, p in self.versions
        )
        return f"<PolicyHistory: {versions}>"

    def with_version(self, effective_from: datetime, policy: Policy[C]) -> PolicyHistory[C]:
        """A new history in which *policy* is in force from *effective_from* (after the last version)."""
        return PolicyHistory((*self.versions, (effective_from, policy)))

    def in_force(self, at: datetime) -> Policy[C]:
        """The policy in force at *at* (a version applies from its effective instant, inclusive).

        ``LookupError`` if *at* is before the first version.
        """
        i = bisect_right([start for start, _ in self.versions], at)
        if i == 0:
            first = self.versions[0][0].isoformat()
            raise LookupError(
                f"{at.isoformat()} is before the first policy version (in force from {first})"
            )
        return self.versions[i - 1][1]

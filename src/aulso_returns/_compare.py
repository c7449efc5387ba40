"""What-if: decide the same cases under two policies and summarise what changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from . import _parse as p
from ._decision import Decision, Payer, evaluate
from ._model import Case
from ._policy import LineContext
from ._rules import Policy, PolicyHistory

PolicyLike = Policy[LineContext] | PolicyHistory[LineContext]

#: How many changed cases a comparison keeps with both explanations.
EXAMPLES = 5


def _codes(line: Any) -> str:
    return (
        f"{line.outcome.value}: {line.ground}"
        if line.approved
        else f"{line.outcome.value}: {', '.join(line.rejections)}"
    )


@attrs.frozen
class CaseDiff:
    """What one case looks like under both policies: plain data, cheap to send between processes."""

    order_id: str
    currency: str
    transitions: tuple[tuple[str, str], ...]  # per line: (baseline codes, candidate codes)
    flips: tuple[int, int]  # (approved -> rejected, rejected -> approved) lines
    refunds: tuple[Decimal, Decimal]
    shop_pays: tuple[bool, bool]
    explanations: tuple[tuple[str, ...], tuple[str, ...]] | None  # only when something changed

    @classmethod
    def of(cls, case: Case, baseline: PolicyLike, candidate: PolicyLike) -> CaseDiff:
        """Decide *case* under both policies."""
        a = evaluate(case.order, case.request, policy=baseline)
        b = evaluate(case.order, case.request, policy=candidate)
        return cls.between(a, b, case.order.currency)

    @classmethod
    def between(cls, a: Decision, b: Decision, currency: str) -> CaseDiff:
        """Compare two decisions of the same case."""
        transitions = tuple((_codes(x), _codes(y)) for x, y in zip(a.lines, b.lines, strict=True))
        down = sum(x.approved and not y.approved for x, y in zip(a.lines, b.lines, strict=True))
        up = sum(y.approved and not x.approved for x, y in zip(a.lines, b.lines, strict=True))
        changed = any(x != y for x, y in transitions)
        return cls(
            order_id=a.order_id,
            currency=currency,
            transitions=transitions,
            flips=(down, up),
            refunds=(a.refund.total, b.refund.total),
            shop_pays=(
                a.return_shipping_paid_by is Payer.MERCHANT,
                b.return_shipping_paid_by is Payer.MERCHANT,
            ),
            explanations=(a.explanation, b.explanation) if changed else None,
        )


@attrs.frozen(kw_only=True)
class Comparison:
    """The summary of a what-if run: how many cases and lines changed, and how.

    ``to_dict()`` gives the JSON of ``aulso-returns compare --json``.
    """

    baseline: str
    candidate: str
    cases: int
    lines: int
    changed_cases: int
    changed_lines: int
    approved_to_rejected: int
    rejected_to_approved: int
    transitions: tuple[tuple[str, str, int], ...]
    refunds: dict[str, tuple[Decimal, Decimal]]
    shop_paid_return_shipping: tuple[int, int]
    examples: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    invalid: int = 0

    @classmethod
    def of(cls, diffs: Iterable[CaseDiff], baseline: str, candidate: str) -> Comparison:
        """Tally per-case differences (streaming: nothing but the counters is kept)."""
        cases = lines = changed_cases = changed_lines = down = up = 0
        moves: Counter[tuple[str, str]] = Counter()
        refunds: dict[str, list[Decimal]] = {}
        paid = [0, 0]
        examples: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
        for d in diffs:
            cases += 1
            lines += len(d.transitions)
            changed = [t for t in d.transitions if t[0] != t[1]]
            changed_lines += len(changed)
            changed_cases += bool(changed)
            moves.update(changed)
            down += d.flips[0]
            up += d.flips[1]
            totals = refunds.setdefault(d.currency, [Decimal(0), Decimal(0)])
            totals[0] = p.MONEY.add(totals[0], d.refunds[0])
            totals[1] = p.MONEY.add(totals[1], d.refunds[1])
            paid[0] += d.shop_pays[0]
            paid[1] += d.shop_pays[1]
            if d.explanations is not None and len(examples) < EXAMPLES:
                examples.append((d.order_id, *d.explanations))
        return cls(
            baseline=baseline,
            candidate=candidate,
            cases=cases,
            lines=lines,
            changed_cases=changed_cases,
            changed_lines=changed_lines,
            approved_to_rejected=down,
            rejected_to_approved=up,
            transitions=tuple(
                (a, b, n) for (a, b), n in sorted(moves.items(), key=lambda kv: (-kv[1], kv[0]))
            ),
            refunds={cur: (t[0], t[1]) for cur, t in sorted(refunds.items())},
            shop_paid_return_shipping=(paid[0], paid[1]),
            examples=tuple(examples),
        )

    def to_dict(self) -> dict[str, Any]:
        """The comparison as JSON-ready plain data."""
        return {
            "baseline": self.baseline,
            "candidate": self.candidate,
            "cases": self.cases,
            "lines": self.lines,
            "changed_cases": self.changed_cases,
            "changed_lines": self.changed_lines,
            "approved_to_rejected": self.approved_to_rejected,
            "rejected_to_approved": self.rejected_to_approved,
            "invalid": self.invalid,
            "transitions": [
                {"baseline": a, "candidate": b, "lines": n} for a, b, n in self.transitions
            ],
            "refunds": {
                cur: {
                    "baseline": p.format_money(a, cur),
                    "candidate": p.format_money(b, cur),
                    "change": p.format_money(b - a, cur),
                }
                for cur, (a, b) in self.refunds.items()
            },
            "shop_paid_return_shipping": {
                "baseline": self.shop_paid_return_shipping[0],
                "candidate": self.shop_paid_return_shipping[1],
                "change": self.shop_paid_return_shipping[1] - self.shop_paid_return_shipping[0],
            },
            "examples": [
                {"order_id": oid, "baseline": list(a), "candidate": list(b)}
                for oid, a, b in self.examples
            ],
        }

    def summary(self) -> str:
        """The comparison as readable text."""
        out = [
            f"Compared {self.cases:,} cases ({self.lines:,} lines): baseline {self.baseline}, candidate {self.candidate}.",
            f"Changed: {self.changed_cases:,} cases, {self.changed_lines:,} lines (approved -> rejected: {self.approved_to_rejected:,}; rejected -> approved: {self.rejected_to_approved:,}).",
        ]
        if self.invalid:
            out.append(f"Invalid input lines skipped: {self.invalid:,}.")
        if self.transitions:
            out.append("Changed lines by codes (baseline -> candidate):")
            out += [f"  {n:>7,}  {a}  ->  {b}" for a, b, n in self.transitions]
        for cur, (a, b) in self.refunds.items():
            out.append(
                f"Refunds: {cur} {p.format_money(a, cur)} -> {p.format_money(b, cur)} (change {p.format_money(b - a, cur)})."
            )
        paid_before, paid_after = self.shop_paid_return_shipping
        out.append(
            f"Cases where the shop pays return shipping: {paid_before:,} -> {paid_after:,} "
            f"(change {paid_after - paid_before:+,})."
        )
        for oid, was, now in self.examples:
            out.append(f"Order {oid}:")
            out += [f"  baseline:  {s}" for s in was]
            out += [f"  candidate: {s}" for s in now]
        return "\n".join(out)


def policy_name(policy: PolicyLike) -> str:
    """``name version`` of a policy, or of every version of a history."""
    if isinstance(policy, PolicyHistory):
        return " / ".join(f"{p.name} {p.version}" for _, p in policy.versions)
    return f"{policy.name} {policy.version}"


def compare(cases: Iterable[Case], baseline: PolicyLike, candidate: PolicyLike) -> Comparison:
    """Decide every case under *baseline* and *candidate* and summarise the differences.

    :param cases: the past cases; streamed, so a generator of any length will do.
    :param baseline: the policy (or history) in force.
    :param candidate: the policy (or history) to try.
    :returns: the :class:`~aulso_returns.Comparison`: counts, changed lines by
        their codes, refunds and shipping under both, the first changed cases.
    :raises ValidationError: when a case's order was placed before a history's
        first version.
    :raises TypeError: when a policy is not a ``Policy`` or a ``PolicyHistory``.

    >>> from aulso_returns import AULSO_POLICY, DEMO_CASES, Case, change_of_mind_window_rule
    >>> past = [Case.from_dict(c) for c in DEMO_CASES.values()]
    >>> result = compare(past, AULSO_POLICY, AULSO_POLICY.with_rule(change_of_mind_window_rule(hours=48)))
    >>> result.cases, result.changed_cases
    (6, 1)
    """
    return Comparison.of(
        (CaseDiff.of(c, baseline, candidate) for c in cases),
        policy_name(baseline),
        policy_name(candidate),
    )

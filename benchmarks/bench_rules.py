"""The rule core alone: a policy of 10 rules of 2-3 predicates each, next to a hand-written if chain.

Run: python benchmarks/bench_rules.py
"""

from __future__ import annotations

import random

from _timing import machine, report
from aulso_returns import Policy, Predicate, bar, ground, predicate


def atom(key: str, threshold: int) -> Predicate[dict[str, int]]:
    return predicate(
        lambda c: c[key] > threshold,
        code=f"{key}_over_{threshold}",
        description=f"{key} > {threshold}",
    )


A, B, C, D, E = (atom(k, 50) for k in "abcde")
F = atom("f", 90)
POLICY: Policy[dict[str, int]] = Policy(
    name="bench",
    version="1",
    rules=[
        ground("g1", A & B, "a and b"),
        ground("g2", (A | C) & ~D, "a or c, not d"),
        ground("g3", C & D & E, "c, d and e"),
        ground("g4", B | E, "b or e"),
        bar("b1", D & F, "d and f"),
        bar("b2", ~A & ~B, "neither a nor b"),
        bar("b3", E & ~C & F, "e, not c, f"),
        bar("b4", A & B & F, "a, b and f"),
        bar("b5", (C | D) & F, "c or d, and f"),
        bar("b6", ~E & F, "not e, and f"),
    ],
)


def hand_written(c: dict[str, int]) -> tuple[bool, list[str], list[str]]:
    a, b, cc, d, e, f = c["a"] > 50, c["b"] > 50, c["c"] > 50, c["d"] > 50, c["e"] > 50, c["f"] > 90
    grounds = [
        code
        for code, held in (
            ("g1", a and b),
            ("g2", (a or cc) and not d),
            ("g3", cc and d and e),
            ("g4", b or e),
        )
        if held
    ]
    bars = [code for code, held in (("b1", d and f), ("b2", not a and not b), ("b3", e and not cc and f),
                                    ("b4", a and b and f), ("b5", (cc or d) and f), ("b6", not e and f)) if held]  # fmt: skip
    return bool(grounds) and not bars, grounds, bars


def library(c: dict[str, int]) -> tuple[bool, list[str], list[str]]:
    verdict = POLICY.evaluate(c)
    return (
        verdict.allowed,
        [r.rule.code for r in verdict.grounds],
        [r.rule.code for r in verdict.bars],
    )


def ruled(c: dict[str, int]) -> tuple[bool, list[str], list[str]]:
    ruling = POLICY.ruling(c)
    return ruling.allowed, [r.code for r in ruling.grounds], [r.code for r in ruling.bars]


def main() -> None:
    print(f"machine: {machine()}")
    rng = random.Random(5)
    contexts = [{k: rng.randrange(100) for k in "abcdef"} for _ in range(5000)]
    assert all(library(c) == hand_written(c) for c in contexts)
    assert all(ruled(c) == hand_written(c) for c in contexts)
    full = "Policy.evaluate + Verdict.explain() (full text)"
    medians = report(
        "a policy of 10 rules, per context",
        [("hand-written if chain", hand_written, contexts),
         ("Policy.ruling (the answer and the rules that held)", POLICY.ruling, contexts),
         ("Policy.evaluate (held rules, explanations on demand)", POLICY.evaluate, contexts),
         (full, lambda c: POLICY.evaluate(c).explain(), contexts)],
        "hand-written if chain",
    )  # fmt: skip
    print(f"  per rule, with the full explanation: {medians[full] / len(POLICY.rules):.2f} us")


if __name__ == "__main__":
    main()

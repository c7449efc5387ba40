"""Instructions per decision, counted by valgrind: figures that a busy machine does not move.

Run: python benchmarks/bench_instructions.py   (needs valgrind; about ten minutes on 2 cores)

Wall time on a shared machine varies by up to 2x; the number of instructions a
decision executes hardly varies at all, so a change's effect shows even while
other work runs. Each figure is the difference between a process that decides
200 cases and one that decides none (the same imports, cases and warm-up),
divided by 200. The warm-up decides 200 other cases first, as a running
service has: what is kept per policy, ruling or template is found, and the
counted cases' own values are new. Instructions are not time: a memory-bound
step costs more per instruction, so the wall-time ratios of bench_decision.py
stay the reference.

Two more rows count what any implementation that keeps the library's objects
must execute, whatever it does otherwise: ``objects``, the objects a decision
builds (the models read, each line's context and decision, the refund, the
deadlines, the policy id and the decision; a policy keeps its rulings) made
again through the trusted constructors from their values; and ``output``, the
dict tree ``to_dict`` returns made again from its leaves, the values already
written. Added to the floor they bound the ratio from below
(docs/performance.md, "What keeping the objects costs"). Last, ``settle`` of
1-line return cases with every fact, next to its own floor.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from cases import cases

HERE = Path(__file__).resolve().parent
COUNT = 200
STAGES = ("floor", "parse", "evaluate", "to_dict", "all", "objects", "output")


def run(stage: str, lines: int, count: int) -> None:
    """Decide *count* of 200 generated cases of *lines* lines, up to *stage*."""
    from aulso_returns import Case, evaluate  # noqa: PLC0415 - imported in the counted process
    from bench_decision import (  # noqa: PLC0415
        recipe,
        settle_floor,
        settle_library,
        trusted_builder,
        with_facts,
    )
    from floor import decide  # noqa: PLC0415

    def whole(d: dict[str, Any]) -> dict[str, Any]:
        case = Case.from_dict(d)
        return evaluate(case.order, case.request).to_dict()

    def decided(d: dict[str, Any]) -> Any:
        case = Case.from_dict(d)
        return evaluate(case.order, case.request)

    # each stage: how its input is prepared from a generated case, and the step counted
    prepare, step = {
        "floor": (None, decide),
        "parse": (None, Case.from_dict),
        "all": (None, whole),
        "evaluate": (Case.from_dict, lambda c: evaluate(c.order, c.request)),
        "to_dict": (decided, lambda d: d.to_dict()),
        "objects": (lambda d: trusted_builder(recipe(kept_objects(Case.from_dict(d)))), _call),
        "output": (lambda d: tree_builder(decided(d).to_dict()), _call),
        "settle_floor": (with_facts, settle_floor),
        "settle": (with_facts, settle_library),
    }[stage]

    def prepared(data: list[dict[str, Any]]) -> list[Any]:
        return data if prepare is None else [prepare(d) for d in data]

    # A service's steady state, not counted: other cases of the same kind decided first, so
    # that what is kept per policy, ruling or template is found, while the values (instants,
    # amounts) of the counted cases are new, as a service's next requests' are.
    for x in prepared(list(cases(seed=12, count=COUNT, lines=lines))):
        step(x)
    inputs = prepared(list(cases(seed=11, count=COUNT, lines=lines)))
    # What was built so far is never collected: the collector's passes over it would count
    # against the step, more for a step whose inputs are larger.
    gc.freeze()
    for x in inputs[:count]:
        step(x)


def _call(build: Any) -> Any:
    return build()


def kept_objects(case: Any) -> list[Any]:
    """The objects a decision on *case* builds (a policy keeps its rulings: they are not built)."""
    from aulso_returns import Ruling  # noqa: PLC0415
    from bench_decision import objects_of  # noqa: PLC0415

    return [x for x in objects_of(case) if not isinstance(x, Ruling)]


def tree_builder(tree: Any) -> Any:
    """A function that makes the dict tree *tree* again from its leaves, written as one literal."""
    scope: dict[str, Any] = {}

    def literal(node: Any) -> str:
        if isinstance(node, dict):
            return "{" + ", ".join(f"{key!r}: {literal(v)}" for key, v in node.items()) + "}"
        if isinstance(node, list):
            return "[" + ", ".join(literal(v) for v in node) + "]"
        name = f"leaf{len(scope)}"
        scope[name] = node
        return name

    body = literal(tree)
    exec(f"def make():\n    return {body}", scope)
    return scope["make"]


def counted(stage: str, lines: int, count: int) -> int:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, __file__, stage, str(lines), str(count)],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    ).stderr  # fmt: skip
    found = re.search(r"Collected : (\d+)", out)
    if found is None:
        raise SystemExit(f"valgrind gave no count:\n{out}")
    return int(found.group(1))


def _per_case(jobs: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
    """Instructions per case of each (stage, lines), the processes run two at a time.

    A count does not depend on what else the machine runs, so the processes
    share the cores: the run takes half the time, its figures are the same.
    """
    runs = [(stage, lines, n) for stage, lines in jobs for n in (COUNT, 0)]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        counts = dict(zip(runs, pool.map(lambda run: counted(*run), runs), strict=True))
    return {(s, n): (counts[s, n, COUNT] - counts[s, n, 0]) // COUNT for s, n in jobs}


def main() -> None:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: skipped")
        return
    print("instructions per case (callgrind), and their ratio to the floor's")
    rows = (1, 3, 5)
    per = _per_case(
        [(s, n) for n in rows for s in STAGES] + [(s, 1) for s in ("settle_floor", "settle")]
    )
    for lines in rows:
        row = ", ".join(f"{s} {per[s, lines] / 1000:.0f}k" for s in STAGES[1:5])
        floor = per["floor", lines]
        print(f"  {lines} line(s): floor {floor / 1000:.0f}k; {row}: "
              f"{per['all', lines] / floor:.2f}x the floor")  # fmt: skip
        kept = floor + per["objects", lines]
        print(f"    keeping the objects: floor + objects {per['objects', lines] / 1000:.0f}k "
              f"+ output tree {per['output', lines] / 1000:.0f}k = "
              f"{(kept + per['output', lines]) / floor:.2f}x the floor; "
              f"with to_dict instead of the tree, {(kept + per['to_dict', lines]) / floor:.2f}x")  # fmt: skip
    floor, settled = per["settle_floor", 1], per["settle", 1]
    print(f"  settle, 1 line with every fact: floor {floor / 1000:.0f}k; "
          f"settle {settled / 1000:.0f}k: {settled / floor:.2f}x the floor")  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) == 4:
        run(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()

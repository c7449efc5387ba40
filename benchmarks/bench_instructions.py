"""Instructions per decision, counted by valgrind: figures that a busy machine does not move.

Run: python benchmarks/bench_instructions.py   (needs valgrind; about a minute per row)

Wall time on a shared machine varies by up to 2x; the number of instructions a
decision executes hardly varies at all, so a change's effect shows even while
other work runs. Each figure is the difference between a process that decides
200 cases and one that decides none (the same imports, cases and warm-up),
divided by 200. The warm-up decides 200 other cases first, as a running
service has: what is kept per policy, ruling or template is found, and the
counted cases' own values are new. Instructions are not time: a memory-bound
step costs more per instruction, so the wall-time ratios of bench_decision.py
stay the reference.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from cases import cases

HERE = Path(__file__).resolve().parent
COUNT = 200
STAGES = ("floor", "parse", "evaluate", "to_dict", "all")


def run(stage: str, lines: int, count: int) -> None:
    """Decide *count* of 200 generated cases of *lines* lines, up to *stage*."""
    from aulso_returns import Case, evaluate  # noqa: PLC0415 - imported in the counted process
    from floor import decide  # noqa: PLC0415

    def whole(d: dict[str, Any]) -> dict[str, Any]:
        case = Case.from_dict(d)
        return evaluate(case.order, case.request).to_dict()

    step: Any = {"floor": decide, "parse": Case.from_dict, "all": whole}.get(stage)
    if stage in ("evaluate", "to_dict"):
        step = lambda c: evaluate(c.order, c.request)  # noqa: E731
    if stage == "to_dict":
        step = lambda d: d.to_dict()  # noqa: E731

    def prepared(data: list[dict[str, Any]]) -> list[Any]:
        if stage in ("evaluate", "to_dict"):
            data = [Case.from_dict(d) for d in data]
        if stage == "to_dict":
            data = [evaluate(c.order, c.request) for c in data]
        return data

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


def main() -> None:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: skipped")
        return
    print("instructions per case (callgrind), and their ratio to the floor's")
    for lines in (1, 3, 5):
        per = {s: (counted(s, lines, COUNT) - counted(s, lines, 0)) // COUNT for s in STAGES}
        row = ", ".join(f"{s} {per[s] / 1000:.0f}k" for s in STAGES[1:])
        print(f"  {lines} line(s): floor {per['floor'] / 1000:.0f}k; {row}: "
              f"{per['all'] / per['floor']:.2f}x the floor")  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) == 4:
        run(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()

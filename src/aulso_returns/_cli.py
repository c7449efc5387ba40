"""The ``aulso-returns`` command line.

JSON goes to stdout, messages to stderr. Exit codes: 0 when every input was
decided (whatever the decision), 1 when some line of a batch was invalid,
2 for invalid input or usage.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

import attrs

from . import _parse as p
from ._calendar import BusinessCalendar
from ._compare import CaseDiff, Comparison, PolicyLike, policy_name
from ._decision import HONG_KONG, Decision, evaluate
from ._errors import ValidationError
from ._lifecycle import ReturnCase, Settlement, settle
from ._model import Case
from ._rules import Policy, PolicyHistory
from ._version import __version__

PROG = "aulso-returns"


def _closure(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


@functools.lru_cache(maxsize=8)
def _calendar(closures: tuple[date, ...]) -> BusinessCalendar:
    # One calendar per set of closures and process: a new one per line would
    # recompute its years of business days for every case of a batch.
    return HONG_KONG.with_closures(*closures) if closures else HONG_KONG


# One encoder each for every line of a batch (``json.dumps`` with options builds one per call).
# What they write is built afresh by a to_dict, so it has no cycle to look for.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_PRETTY = json.JSONEncoder(ensure_ascii=False, indent=2, check_circular=False)


def _dumps(data: object, *, pretty: bool = False) -> str:
    return (_PRETTY if pretty else _COMPACT).encode(data)


def _read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as f:  # noqa: PTH123 - a plain path argument
        return f.read()


def _open_lines(path: str) -> Iterator[str]:
    if path == "-":
        yield from sys.stdin
        return
    with open(path, encoding="utf-8") as f:  # noqa: PTH123 - a plain path argument
        yield from f


# --- what one input does: shared by single runs, batches and worker processes -------------------


class _Answer(Protocol):
    def to_dict(self) -> dict[str, Any]: ...
    def explain(self) -> str: ...


def decide_case(data: object, closures: tuple[date, ...] = ()) -> Decision:
    """Evaluate one case given as plain JSON data."""
    case = Case.from_dict(data)
    return evaluate(case.order, case.request, calendar=_calendar(closures))


def settle_case(data: object, closures: tuple[date, ...] = ()) -> Settlement:
    """Settle one return case given as plain JSON data."""
    return settle(ReturnCase.from_dict(data), calendar=_calendar(closures))


JOBS: dict[str, Callable[[object, tuple[date, ...]], _Answer]] = {
    "evaluate": decide_case,
    "settle": settle_case,
}


def run_line(job: str, closures: tuple[date, ...], number: int, text: str) -> tuple[str, bool]:
    """One JSONL line in, one JSONL line out; ``(output, ok)``."""
    try:
        result = JOBS[job](p.json_value(text), closures).to_dict()
    except ValidationError as err:
        return _dumps({"line": number, "error": str(err)}), False
    return _dumps(result), True


def _run_line_packed(args: tuple[str, tuple[date, ...], int, str]) -> tuple[str, bool]:
    return run_line(*args)


T = TypeVar("T")
R = TypeVar("R")


def _parallel_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """``map(fn, items)`` in order, in *workers* processes when more than one.

    *initializer* prepares each worker process; in-process runs are prepared by the caller.
    """
    if workers <= 1:
        yield from map(fn, items)
        return
    import multiprocessing  # noqa: PLC0415 - only batches with workers need it

    with multiprocessing.get_context("spawn").Pool(workers, initializer, initargs) as pool:
        yield from pool.imap(fn, items, chunksize=256)


class _Progress:
    """A progress line on stderr, only when stderr is a terminal."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.last = time.monotonic()
        self.count = self.bad = 0

    def tick(self, ok: bool) -> None:
        self.count += 1
        self.bad += not ok
        if self.enabled and self.count % 256 == 0 and time.monotonic() - self.last > 0.5:
            self.last = time.monotonic()
            self.stream.write(f"\r{self.count:,} cases, {self.bad:,} invalid")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.count:
            self.stream.write(f"\r{self.count:,} cases, {self.bad:,} invalid\n")


def run_batch(job: str, path: str, closures: tuple[date, ...], workers: int, out: IO[str]) -> int:
    """Stream a JSONL file through *job*, one output line per input line, in order."""
    numbered = ((job, closures, n, text) for n, text in enumerate(_open_lines(path), start=1))
    progress = _Progress(sys.stderr)
    for line, ok in _parallel_map(_run_line_packed, numbered, workers):
        out.write(line + "\n")
        progress.tick(ok)
    progress.done()
    return 1 if progress.bad else 0


# --- what-if comparison ----------------------------------------------------------------------------

_compared: list[PolicyLike] = []


def load_policy(spec: str) -> PolicyLike:
    """The policy or history named ``MODULE:ATTRIBUTE`` (the module is imported from the current directory too)."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ValidationError(spec, "expected MODULE:ATTRIBUTE")
    cwd = str(Path.cwd())
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    try:
        value: object = importlib.import_module(module_name)
        for part in attribute.split("."):
            value = getattr(value, part)
    except (ImportError, AttributeError) as err:
        raise ValidationError(spec, f"cannot load the policy: {err}") from None
    if not isinstance(value, (Policy, PolicyHistory)):
        raise ValidationError(
            spec, f"expected a Policy or a PolicyHistory, got {type(value).__name__}"
        )
    return value


def _load_compared(baseline: str, candidate: str) -> None:
    _compared[:] = [load_policy(baseline), load_policy(candidate)]


def _diff_line(numbered: tuple[int, str]) -> CaseDiff | str:
    number, text = numbered
    try:
        return CaseDiff.of(Case.from_dict(p.json_value(text)), _compared[0], _compared[1])
    except ValidationError as err:
        return f"line {number}: {err}"


# --- commands -------------------------------------------------------------------------------------


def _cmd_evaluate(args: argparse.Namespace) -> int:
    closures = tuple(args.closure)
    if args.jsonl:
        return run_batch(args.job, args.path, closures, args.workers, sys.stdout)
    answer = JOBS[args.job](p.json_value(_read_text(args.path)), closures)
    print(answer.explain() if args.explain else _dumps(answer.to_dict(), pretty=True))
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    _load_compared(args.baseline, args.candidate)
    baseline, candidate = _compared
    progress = _Progress(sys.stderr)
    invalid = 0

    def diffs() -> Iterator[CaseDiff]:
        nonlocal invalid
        numbered = enumerate(_open_lines(args.path), start=1)
        for result in _parallel_map(
            _diff_line, numbered, args.workers, _load_compared, (args.baseline, args.candidate)
        ):
            progress.tick(not isinstance(result, str))
            if isinstance(result, str):
                invalid += 1
                print(f"{PROG}: invalid input: {result}", file=sys.stderr)
            else:
                yield result

    comparison = Comparison.of(diffs(), policy_name(baseline), policy_name(candidate))
    comparison = attrs.evolve(comparison, invalid=invalid)
    progress.done()
    print(_dumps(comparison.to_dict(), pretty=True) if args.json else comparison.summary())
    return 1 if invalid else 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from ._demo import DEMO_CASES  # noqa: PLC0415 - the demo is not part of the library's import

    for title, data in DEMO_CASES.items():
        case = Case.from_dict(data)
        decision = evaluate(case.order, case.request)
        if args.json:
            print(_dumps({"case": title, "decision": decision.to_dict()}))
        else:
            print(f"== {title} ==")
            print(decision.explain())
            print()
    return 0


def _cmd_policy(args: argparse.Namespace) -> int:
    from ._policy import AULSO_POLICY  # noqa: PLC0415

    if args.json:
        print(_dumps(list(AULSO_POLICY.listing()), pretty=True))
    else:
        print(AULSO_POLICY.describe())
    return 0


def _cmd_table(_: argparse.Namespace) -> int:
    from ._table import decision_table  # noqa: PLC0415 - only this command needs it

    sys.stdout.write(decision_table())
    return 0


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Decide return and exchange requests under Aulso's published policy.",
        epilog="example:\n  aulso-returns demo\n  aulso-returns evaluate case.json --explain",
        formatter_class=_formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    ev = sub.add_parser(
        "evaluate",
        help="decide a case (or a JSONL file of cases) at request time",
        description="Decide a return request: prints the decision as JSON (or readable text with --explain).",
        epilog="example:\n  aulso-returns evaluate case.json\n  aulso-returns evaluate --explain - < case.json\n"
        "  aulso-returns evaluate --jsonl cases.jsonl --workers 2 > decisions.jsonl\n\n"
        "exit codes: 0 decided (approved or not), 1 some JSONL line was invalid, 2 invalid input",
        formatter_class=_formatter,
    )
    _add_case_arguments(ev)
    ev.set_defaults(run=_cmd_evaluate, job="evaluate")

    st = sub.add_parser(
        "settle",
        help="settle a return case after authorization, shipment, receipt and inspection",
        description="Settle a return case: what it waits on, what is refunded and by when (JSON, or text with --explain).",
        epilog="example:\n  aulso-returns settle case.json\n  aulso-returns settle --explain case.json\n"
        "  aulso-returns settle --jsonl cases.jsonl > settlements.jsonl\n\n"
        "exit codes: 0 settled or waiting (whatever the outcome), 1 some JSONL line was invalid, 2 invalid input",
        formatter_class=_formatter,
    )
    _add_case_arguments(st)
    st.set_defaults(run=_cmd_evaluate, job="settle")

    demo = sub.add_parser(
        "demo",
        help="decide the embedded example cases and explain each",
        description="Evaluate a few embedded example cases and print each decision with its explanation.",
        epilog="example:\n  aulso-returns demo\n  aulso-returns demo --json",
        formatter_class=_formatter,
    )
    demo.add_argument(
        "--json", action="store_true", help="print one JSON decision per line instead"
    )
    demo.set_defaults(run=_cmd_demo)

    pol = sub.add_parser(
        "policy",
        help="list the rules of the shop's policy",
        description="List every rule of the policy: code, kind, clause and description.",
        epilog="example:\n  aulso-returns policy\n  aulso-returns policy --json",
        formatter_class=_formatter,
    )
    pol.add_argument("--json", action="store_true", help="print the listing as JSON")
    pol.set_defaults(run=_cmd_policy)

    table = sub.add_parser(
        "table",
        help="print the policy's decision table (Markdown)",
        description="Print the decision table of the shop's policy as Markdown: one row per class of input.",
        epilog="example:\n  aulso-returns table > docs/decision-table.md",
        formatter_class=_formatter,
    )
    table.set_defaults(run=_cmd_table)

    cmp = sub.add_parser(
        "compare",
        help="what-if: decide past cases under two policies and summarise the changes",
        description="Evaluate every case of a JSONL file under a baseline and a candidate policy, streaming, "
        "and summarise what changes. MODULE:ATTRIBUTE names a Policy or PolicyHistory; the module is imported "
        "from the current directory or the installed packages.",
        epilog="example:\n  aulso-returns compare cases.jsonl --candidate my_policies:FORTY_EIGHT_HOURS\n"
        "  aulso-returns compare cases.jsonl --candidate my_policies:NEW --baseline my_policies:OLD --json --workers 2\n\n"
        "exit codes: 0 compared, 1 some line was invalid (counted, reported on stderr), 2 invalid input",
        formatter_class=_formatter,
    )
    cmp.add_argument("path", metavar="CASES", help="a JSONL file of cases, or - for standard input")
    cmp.add_argument(
        "--candidate", required=True, metavar="MODULE:ATTRIBUTE", help="the policy to try"
    )
    cmp.add_argument(
        "--baseline", default="aulso_returns:AULSO_POLICY", metavar="MODULE:ATTRIBUTE",
        help="the policy to compare with (default: the shop's, aulso_returns:AULSO_POLICY)",
    )  # fmt: skip
    cmp.add_argument(
        "--json", action="store_true", help="print the comparison as one JSON document"
    )
    cmp.add_argument("--workers", type=int, default=1, metavar="N", help="processes (default 1)")
    cmp.set_defaults(run=_cmd_compare)
    return parser


def _add_case_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("path", metavar="CASE", help="a JSON case file, or - for standard input")
    mode = cmd.add_mutually_exclusive_group()
    mode.add_argument("--explain", action="store_true", help="print readable text instead of JSON")
    mode.add_argument("--jsonl", action="store_true", help="CASE holds one JSON case per line")
    cmd.add_argument(
        "--closure", metavar="YYYY-MM-DD", type=_closure, action="append", default=[],
        help="a day the shop was closed (typhoon, black rainstorm); repeatable",
    )  # fmt: skip
    cmd.add_argument(
        "--workers", type=int, default=1, metavar="N", help="processes for --jsonl (default 1)"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    if getattr(args, "workers", 1) < 1:
        print(f"{PROG}: --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        code: int = args.run(args)
        sys.stdout.flush()
    except ValidationError as err:
        print(f"{PROG}: invalid input: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as err:
        print(
            f"{PROG}: {err.strerror or err}: {getattr(err, 'filename', '') or ''}", file=sys.stderr
        )
        return 2
    except KeyboardInterrupt:
        return 130
    return code

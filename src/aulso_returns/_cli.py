r"""The ``aulso-returns`` command line.

JSON goes to stdout (UTF-8), messages to stderr. Input is read as bytes and
decoded as UTF-8, a JSONL batch line by line: ``\n`` ends a line, a ``\r``
before it is dropped, a leading byte order mark is allowed. Every line of a
batch gets exactly one output line, in order, whatever it holds. Exit codes:
see :data:`EXIT_CODES`.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

import attrs

from . import _parse as p
from ._calendar import HKT, BusinessCalendar
from ._compare import CaseDiff, Comparison, PolicyLike, policy_name
from ._decision import HONG_KONG, Decision, check_policy, evaluate
from ._errors import ValidationError
from ._lifecycle import ReturnCase, Settlement, settle
from ._messages import Catalogue, catalogue
from ._model import Case, Category, Order
from ._options import Options, options
from ._policy import AULSO_POLICY
from ._rules import Policy, PolicyHistory
from ._schema import DOCUMENTS, json_schema
from ._version import __version__

PROG = "aulso-returns"

#: The signals that stop a command, as Ctrl-C does: it exits with status 128 + the signal's
#: number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
SIGNALS = """signals:
  SIGINT, SIGTERM, SIGHUP  stop the command: a batch writes the lines it has decided, whole and
                           in order (compare writes no comparison), ends its worker processes
                           and says on stderr how many lines it wrote; the exit status is
                           128 + the signal: 130, 143, 129
  SIGKILL                  the output ends after a whole line; workers exit within a second"""

#: Every exit status of the command line.
OK, INVALID_LINES, INVALID_INPUT, INTERNAL_ERROR, OUTPUT_ERROR = range(5)
EXIT_CODES = (
    """exit codes:
  0  every input decided (approved or not)
  1  some lines of a JSONL batch were invalid (each has an error record)
  2  invalid input or usage (the message names the field), or an unreadable input file
  3  internal error: a bug in aulso-returns (the traceback is on stderr)
  4  the output could not be written (for example, the disk is full)

"""
    + SIGNALS
)

#: The exit statuses of the commands that analyse policies (``table``, ``diff``).
ANALYSIS_EXIT_CODES = (
    """exit codes:
  0  printed (whatever the policies decide)
  2  invalid usage, or a policy that cannot be loaded (the message says why)
  3  internal error: a bug in aulso-returns or in a policy's predicates (the traceback is on stderr)
  4  the output could not be written (for example, the disk is full)

"""
    + SIGNALS
)


class OutputError(Exception):
    """Writing the output failed (not the input's fault)."""


class Stopped(BaseException):
    """A stop signal arrived (:data:`STOP_SIGNALS`): the command ends with 128 + its number.

    A ``BaseException``, like ``KeyboardInterrupt``: no handler of errors catches it.
    ``done`` says what was written before the stop, for the message on stderr.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.done = ""


class _Stopping:
    """The stop signals of this process: raised as :class:`Stopped`, but never inside a write.

    A signal that arrives while output is written (:meth:`deferred`) is raised
    when the write is done, so that no output ends inside a line.
    """

    def __init__(self) -> None:
        self.signum: int | None = None  # the first stop signal
        self.raised = False  # whether Stopped was raised for it
        self.holding = False

    def handle(self, signum: int, _: object) -> None:
        if self.signum is None:
            self.signum = signum
        if not self.holding:
            self._raise()

    def _raise(self) -> None:
        if self.signum is not None and not self.raised:
            self.raised = True
            raise Stopped(self.signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold a stop signal until the block is done (output written, a worker started)."""
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        self._raise()

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """The stop signals handled here while the command runs (in the main thread only)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        self.signum, self.raised, self.holding = None, False, False
        previous = {sig: signal.signal(sig, self.handle) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


_stopping = _Stopping()


def _instant(text: str) -> datetime:
    if text == "now":
        return datetime.now(HKT)  # the command line's explicit choice; the library reads no clock
    try:
        return p.supported(p.timestamp(text, "--at"), "--at")
    except ValidationError as err:
        raise argparse.ArgumentTypeError(err.problem) from None


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


@functools.cache
def line_writer() -> Callable[[object], str]:
    """How a batch writes each output line: with orjson if it is installed, else the standard library.

    orjson (the ``fast`` extra) writes the same text as the standard library's
    compact encoder, ten times faster (tests/test_writer.py checks the text on
    every kind of output line); anything it refuses, such as an integer beyond
    64 bits, is written by the standard library.
    """
    try:
        import orjson  # noqa: PLC0415 - optional, and only batches need it
    except ImportError:
        return _COMPACT.encode
    dumps, standard = orjson.dumps, _COMPACT.encode

    def write(data: object) -> str:
        try:
            return dumps(data).decode()
        except TypeError:  # orjson.JSONEncodeError is one
            return standard(data)

    return write


@contextlib.contextmanager
def _writing() -> Iterator[None]:
    """A failure to write the output is an :class:`OutputError` (a closed pipe stays itself)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as err:
        raise OutputError(err) from err


def _emit(text: str) -> None:
    """Write *text* and a newline to stdout (a stop signal waits for the write)."""
    with _stopping.deferred(), _writing():
        sys.stdout.write(text + "\n")


class _Lines:
    """A batch's output lines, written to *stream* in blocks of whole lines.

    Each block is written and flushed at once, so the output ends after a
    whole line whenever the batch stops, even when it is killed; to a
    terminal, each line is written as it comes.
    """

    #: Characters gathered before a block is written.
    BLOCK = 1 << 16

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.each = stream.isatty()
        self.parts: list[str] = []
        self.size = 0
        #: How many lines are written.
        self.written = 0

    def add(self, line: str) -> None:
        self.parts.append(line)
        self.size += len(line) + 1
        if self.each or self.size >= self.BLOCK:
            self.flush()

    def flush(self) -> None:
        parts, self.parts, self.size = self.parts, [], 0
        if parts:
            with _stopping.deferred(), _writing():
                self.stream.write("\n".join(parts) + "\n")
                self.stream.flush()
                self.written += len(parts)


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as f:  # noqa: PTH123 - a plain path argument
        return f.read()


def _open_lines(path: str) -> Iterator[bytes]:
    """The lines of *path* (``-``: stdin) as bytes: the same splitting for a file and stdin."""
    if path == "-":
        yield from sys.stdin.buffer  # binary files split on b"\n" alone
        return
    with open(path, "rb") as f:  # noqa: PTH123 - a plain path argument
        yield from f


def _line(raw: bytes) -> bytes:
    return raw.removesuffix(b"\n").removesuffix(b"\r")


# --- what one input does: shared by single runs, batches and worker processes -------------------


class _Answer(Protocol):
    def to_dict(self) -> dict[str, Any]: ...
    def explain(self, language: str | Catalogue | None = None) -> str: ...


#: The ``MODULE:ATTRIBUTE`` of the shop's policy: the default of ``--policy`` and ``--baseline``.
DEFAULT_POLICY = "aulso_returns:AULSO_POLICY"

#: The policies of this process (a worker loads its own): ``--policy``, or ``--baseline`` and
#: ``--candidate`` of a comparison; none means the shop's.
_in_use: list[PolicyLike] = []


#: The language of this process's explanations (``--language``); none means English.
_language: list[Catalogue] = []

#: The instant ``options`` answers for (``--at``).
_at: list[datetime] = []


def use_policies(*specs: str) -> None:
    """Load the policies named ``MODULE:ATTRIBUTE`` for the cases this process decides."""
    _in_use[:] = [load_policy(spec) for spec in specs]


def use_policy_and_language(policy: str, language: str, at: datetime | None = None) -> None:
    """Load the ``--policy``, ``--language`` (and ``--at``) of this process, once they fit."""
    chosen, cat = load_policy(policy), load_language(language)
    try:
        cat.check(chosen)
    except ValueError as err:
        raise ValidationError("--language", str(err)) from None
    _in_use[:], _language[:] = [chosen], [cat]
    _at[:] = [] if at is None else [at]


def load_language(spec: str) -> Catalogue:
    """A shipped language by its tag, or a catalogue file (``.json``, ``.toml``)."""
    if spec.lower().endswith((".json", ".toml")):
        return Catalogue.load(spec)
    try:
        return catalogue(spec)
    except ValueError as err:
        raise ValidationError("--language", str(err)) from None


def _policy() -> PolicyLike:
    return _in_use[0] if _in_use else AULSO_POLICY


def _catalogue() -> Catalogue:
    return _language[0] if _language else catalogue("en")


def decide_case(data: object, closures: tuple[date, ...] = ()) -> Decision:
    """Evaluate one case given as plain JSON data (under the ``--policy`` and ``--language`` in use)."""
    case = Case.from_dict(data)
    return evaluate(
        case.order,
        case.request,
        policy=_policy(),
        calendar=_calendar(closures),
        language=_catalogue(),
    )


def settle_case(data: object, closures: tuple[date, ...] = ()) -> Settlement:
    """Settle one return case given as plain JSON data (under the ``--policy`` and ``--language`` in use)."""
    return settle(
        ReturnCase.from_dict(data),
        policy=_policy(),
        calendar=_calendar(closures),
        language=_catalogue(),
    )


#: The keys a document for ``options`` may hold: an order, or a whole case (its request unread).
_ORDER_DOCUMENT = p.Shape(("order",), ("request",))


def options_case(data: object, _: tuple[date, ...] = ()) -> Options:
    """The options of the order of ``{"order": ...}`` (or a case) at ``--at``, under the policy in use."""
    order = Order.from_dict(_ORDER_DOCUMENT.read(data, "case")["order"])
    return options(order, _at[0], policy=_policy(), language=_catalogue())


JOBS: dict[str, Callable[[object, tuple[date, ...]], _Answer]] = {
    "evaluate": decide_case,
    "settle": settle_case,
    "options": options_case,
}


#: A line's result: its output line, its exit status, and the traceback of an internal error.
LineResult = tuple[str, int, str | None]


def run_line(job: str, closures: tuple[date, ...], number: int, raw: bytes) -> LineResult:
    """One JSONL line in, one JSONL line out, whatever the line holds (never raises)."""
    data: object = None
    write = line_writer()
    try:
        data = p.json_value(_line(raw))
        return write(JOBS[job](data, closures).to_dict()), OK, None
    except ValidationError as err:
        return write(error_record(number, err, data)), INVALID_LINES, None
    except Exception as err:  # noqa: BLE001 - a bug must not take the other lines with it
        record = internal_error_record(number, err, data)
        return write(record), INTERNAL_ERROR, traceback.format_exc()


def error_record(number: int, err: ValidationError, data: object) -> dict[str, Any]:
    """The output line of an invalid input line."""
    return {
        "line": number,
        "error": str(err),
        "kind": "invalid_input",
        "path": err.path,
        "problem": err.problem,
        "order_id": _order_id(data),
    }


def internal_error_record(number: int, err: Exception, data: object) -> dict[str, Any]:
    """The output line of a line that met a bug: it says so, and the stream goes on."""
    problem = p.cut(f"{type(err).__name__}: {err}")
    return {
        "line": number,
        "error": f"internal error (a bug in {PROG}; the traceback is on stderr): {problem}",
        "kind": "internal_error",
        "path": None,
        "problem": problem,
        "order_id": _order_id(data),
    }


def _order_id(data: object) -> str | None:
    """The order id of a JSON case, if it can be read: for error records."""
    if not isinstance(data, Mapping):
        return None
    for part in ("order", "request"):
        d = data.get(part)
        value = d.get("order_id") if isinstance(d, Mapping) else None
        try:
            return p.string(value, part)
        except ValidationError:
            continue
    return None


def _run_line_packed(args: tuple[str, tuple[date, ...], int, bytes]) -> LineResult:
    return run_line(*args)


T = TypeVar("T")
R = TypeVar("R")


#: Lines sent to a worker process at once, and chunks in flight per worker: what a batch
#: with workers reads ahead of its output is bounded by their product.
CHUNK = 256
CHUNKS_PER_WORKER = 4


def _map_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


def _chunks(items: Iterable[T]) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Generator[R, None, None]:
    """``map(fn, items)`` in order, in *workers* processes when more than one.

    At most ``workers * CHUNKS_PER_WORKER`` chunks of ``CHUNK`` items are read
    ahead of the results. *initializer* prepares each worker process;
    in-process runs are prepared by the caller. When the caller stops early
    (an exception, or the generator closed), the workers are ended at once.
    """
    if workers <= 1:
        yield from map(fn, items)
        return
    import multiprocessing  # noqa: PLC0415 - only batches with workers need it
    from concurrent.futures import Future, ProcessPoolExecutor  # noqa: PLC0415 - same

    context = multiprocessing.get_context("spawn")
    start = (os.getpid(), initializer, initargs)
    pool = ProcessPoolExecutor(workers, context, _start_worker, start)
    try:
        pending: deque[Future[list[R]]] = deque()
        for chunk in _chunks(items):
            with _stopping.deferred():  # a worker may be starting: a stop waits for it
                pending.append(pool.submit(_map_chunk, fn, chunk))
            if len(pending) >= workers * CHUNKS_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BaseException:  # stopped, or the output failed: the lines still to come are not wanted
        # The chunks not started are dropped; each worker ends the chunk it is deciding (a
        # fraction of a second) and exits. Killing them instead can leave the pool's queues
        # waiting at exit for readers that are gone.
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()


#: How often a worker looks whether the batch that started it is still there, in seconds.
PARENT_CHECK = 0.5


def _start_worker(
    parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    """Prepare a worker process of the batch *parent*.

    The stop signals are the batch's to handle (it ends its workers when they
    have ended their chunk), and a worker whose batch is gone (killed, so
    that it could not end them) exits.
    """
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    threading.Thread(target=_exit_without, args=(parent,), daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _exit_without(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(INTERNAL_ERROR)


class _Progress:
    """Counts a batch's lines; a progress line on stderr only when it is a terminal.

    :meth:`done` ends the progress line and, terminal or not, says which lines
    were invalid or met an internal error; it returns the batch's exit status.
    """

    #: How many line numbers the closing summary names.
    NAMED = 5

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.last = time.monotonic()
        self.count = 0
        self.lines: dict[int, list[int]] = {INVALID_LINES: [], INTERNAL_ERROR: []}
        self.tallies = dict.fromkeys(self.lines, 0)

    def tick(self, status: int) -> None:
        self.count += 1
        if status != OK:
            self.tallies[status] += 1
            if len(self.lines[status]) < self.NAMED:
                self.lines[status].append(self.count)
        if self.enabled and self.count % 256 == 0 and time.monotonic() - self.last > 0.5:
            self.last = time.monotonic()
            self.stream.write(f"\r{self._counts()}")
            self.stream.flush()

    def _counts(self) -> str:
        return f"{self.count:,} cases, {self.tallies[INVALID_LINES]:,} invalid"

    def done(self, what: str = "lines") -> int:
        if self.enabled and self.count:
            self.stream.write(f"\r{self._counts()}\n")
        for status, kind in ((INVALID_LINES, "invalid"), (INTERNAL_ERROR, "internal error")):
            tally = self.tallies[status]
            if tally:
                named = ", ".join(map(str, self.lines[status]))
                more = ", ..." if tally > len(self.lines[status]) else ""
                self.stream.write(
                    f"{PROG}: {tally:,} of {self.count:,} {what} {kind} "
                    f"({'line' if tally == 1 else 'lines'} {named}{more})\n"
                )
        if self.tallies[INTERNAL_ERROR]:
            return INTERNAL_ERROR
        return INVALID_LINES if self.tallies[INVALID_LINES] else OK


def run_batch(  # noqa: PLR0913 - what a batch command line says
    job: str,
    path: str,
    closures: tuple[date, ...],
    workers: int,
    policy: str = DEFAULT_POLICY,
    *,
    language: str = "en",
    at: datetime | None = None,
) -> int:
    """Stream a JSONL file through *job*, one output line per input line, in order."""
    numbered = ((job, closures, n, raw) for n, raw in enumerate(_open_lines(path), start=1))
    progress = _Progress(sys.stderr)
    initargs = (policy, language, at)
    lines = _parallel_map(_run_line_packed, numbered, workers, use_policy_and_language, initargs)
    out = _Lines(sys.stdout)
    try:
        with contextlib.closing(lines):
            for line, status, trace in lines:
                out.add(line)
                progress.tick(status)
                if trace is not None:
                    sys.stderr.write(f"{PROG}: internal error on line {progress.count}:\n{trace}")
        out.flush()
    except Stopped as stop:
        out.flush()  # every line decided is written, in order
        progress.done()
        n = out.written
        stop.done = (
            f" after {n:,} lines: the output answers input lines 1 to {n:,}, in order; "
            f"the rest were not written (resume from line {n + 1:,})"
            if n
            else ": no line was written"
        )
        raise
    return progress.done()


# --- what-if comparison ----------------------------------------------------------------------------


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
    except Exception as err:  # noqa: BLE001 - the module's own code failed: said, not a traceback
        raise ValidationError(
            spec, f"cannot load the policy: {module_name} raised {type(err).__name__}: {err}"
        ) from None
    if not isinstance(value, (Policy, PolicyHistory)):
        raise ValidationError(
            spec, f"expected a Policy or a PolicyHistory, got {type(value).__name__}"
        )
    try:
        check_policy(value)
    except ValueError as err:
        raise ValidationError(spec, f"cannot decide with the policy: {err}") from None
    return value


def _diff_line(numbered: tuple[int, bytes]) -> CaseDiff | LineResult:
    number, raw = numbered
    try:
        return CaseDiff.of(Case.from_dict(p.json_value(_line(raw))), *_in_use)
    except ValidationError as err:
        return f"{PROG}: invalid input: line {number}: {err}\n", INVALID_LINES, None
    except Exception as err:  # noqa: BLE001 - a bug must not take the other lines with it
        message = f"{PROG}: internal error on line {number}: {type(err).__name__}: {err}\n"
        return message, INTERNAL_ERROR, traceback.format_exc()


# --- commands -------------------------------------------------------------------------------------


def _cmd_evaluate(args: argparse.Namespace) -> int:
    closures = tuple(getattr(args, "closure", ()))
    at = getattr(args, "at", None)
    use_policy_and_language(args.policy, args.language, at)
    if args.jsonl:
        return run_batch(
            args.job, args.path, closures, args.workers, args.policy, language=args.language, at=at
        )
    try:
        data = p.json_value(_read_bytes(args.path))
    except ValidationError as err:
        if err.problem.startswith("not valid JSON: Extra data"):  # a JSONL file, most likely
            raise ValidationError(
                err.path, f"{err.problem}; for one case a line, add --jsonl"
            ) from None
        raise
    answer = JOBS[args.job](data, closures)
    _emit(answer.explain() if args.explain else _dumps(answer.to_dict(), pretty=True))
    return OK


def _cmd_compare(args: argparse.Namespace) -> int:
    use_policies(args.baseline, args.candidate)
    baseline, candidate = _in_use
    progress = _Progress(sys.stderr)

    def diffs() -> Iterator[CaseDiff]:
        numbered = enumerate(_open_lines(args.path), start=1)
        for result in _parallel_map(
            _diff_line, numbered, args.workers, use_policies, (args.baseline, args.candidate)
        ):
            if isinstance(result, CaseDiff):
                progress.tick(OK)
                yield result
                continue
            message, status, trace = result
            progress.tick(status)
            sys.stderr.write(message + (trace or ""))

    try:
        comparison = Comparison.of(diffs(), policy_name(baseline), policy_name(candidate))
    except Stopped as stop:
        progress.done("cases")
        stop.done = f" after {progress.count:,} cases: no comparison is written"
        raise
    not_compared = progress.tallies[INVALID_LINES] + progress.tallies[INTERNAL_ERROR]
    comparison = attrs.evolve(comparison, invalid=not_compared)
    status = progress.done("cases")
    _emit(_dumps(comparison.to_dict(), pretty=True) if args.json else comparison.summary())
    return status


def _cmd_demo(args: argparse.Namespace) -> int:
    from ._demo import DEMO_CASES  # noqa: PLC0415 - the demo is not part of the library's import

    language = load_language(args.language)
    for title, data in DEMO_CASES.items():
        case = Case.from_dict(data)
        decision = evaluate(case.order, case.request, language=language)
        if args.json:
            _emit(_dumps({"case": title, "decision": decision.to_dict()}))
        else:
            _emit(f"== {title} ==\n{decision.explain()}\n")
    return OK


#: The example files shipped with the package (``aulso-returns example``): name -> what it shows.
#: The instant the options example is asked about.
OPTIONS_AT = "2026-11-04T09:00:00+08:00"

EXAMPLES = {
    "change-of-mind.json": "a ring returned on a change of mind within 72 hours: approved",
    "worn-earrings.json": "worn earrings returned on a change of mind: refused (condition, hygiene)",
    "defect-day-20.json": "a defective necklace exchanged 20 days after delivery: approved",
    "day-31.json": "a wrong size reported on day 31: refused (return window)",
    "cash-on-delivery.json": "a defective bracelet paid cash on delivery: refused",
    "mixed-request.json": "three lines, one approved and two refused: partially approved",
    "settle-awaiting-authorization.json": "a return case waiting for the shop's authorization",
    "settle-awaiting-shipment.json": "authorized, waiting for the customer to ship",
    "settle-awaiting-tracking.json": "shipped, waiting for the tracking number",
    "settle-awaiting-receipt.json": "on its way to the shop",
    "settle-awaiting-inspection.json": "received, waiting for inspection",
    "settle-settled.json": "inspected and accepted: refund and due date",
    "settle-refused.json": "inspected and found worn: refused",
    "options-order.json": f"an order of three items, each delivered differently: options --at {OPTIONS_AT}",
    "shopify-order.json": "a Shopify order webhook's body: import shopify --events shopify-events.json",
    "shopify-events.json": "the fulfillment events of shopify-order.json (read with --events; no "
    "output of its own)",
    "shopify-graphql.json": "the same order as the GraphQL Admin API returns it: import shopify",
    "batch.jsonl": "the six cases above, one per line, for --jsonl",
    "candidate_policies.py": "a candidate policy (48 hours) for compare and diff, run from this folder",
}


#: Example files another example's command reads, with that example.
COMPANIONS = {"shopify-events.json": "shopify-order.json"}


def _examples() -> Any:
    from importlib.resources import files  # noqa: PLC0415 - only this command needs it

    return files("aulso_returns") / "examples"


def _cmd_example(args: argparse.Namespace) -> int:
    folder = _examples()
    if args.path:
        _emit(str(folder))
        return OK
    if args.name is None:
        width = max(map(len, EXAMPLES))
        _emit("\n".join(f"{name:<{width}}  {what}" for name, what in EXAMPLES.items()))
        return OK
    if args.name not in EXAMPLES:
        raise ValidationError(
            args.name,
            f"no such example{p.did_you_mean(args.name, list(EXAMPLES))} (see: {PROG} example)",
        )
    name = args.name
    if args.expected and name in COMPANIONS:
        raise ValidationError(name, f"has no output of its own: {COMPANIONS[name]} reads it")
    if args.expected:  # a policy's expected output is what `compare batch.jsonl` prints with it
        name = "expected/" + (name.removesuffix(".py") + ".txt" if name.endswith(".py") else name)
    _emit((folder / name).read_text(encoding="utf-8").removesuffix("\n"))
    return OK


def _cmd_schema(args: argparse.Namespace) -> int:
    _emit(_dumps(json_schema(args.document), pretty=True))
    return OK


def _listed(version: Policy[Any]) -> dict[str, Any]:
    """A policy as ``policy --json`` lists it: its name and version, settings and rules."""
    return {
        "policy": {"name": version.name, "version": version.version},
        "settings": dict(version.settings),
        "rules": list(version.listing()),
    }


def _cmd_policy(args: argparse.Namespace) -> int:
    loaded = load_policy(args.policy)
    versions = loaded.versions if isinstance(loaded, PolicyHistory) else ((None, loaded),)
    if args.json:
        if isinstance(loaded, PolicyHistory):  # its versions, each with its instant
            data: object = [
                {"effective_from": start.isoformat(), **_listed(version)}
                for start, version in loaded.versions
            ]
        else:
            data = _listed(loaded)
        _emit(_dumps(data, pretty=True))
    else:
        _emit(
            "\n\n".join(
                (f"in force from {start.isoformat()}: " if start else "") + version.describe()
                for start, version in versions
            )
        )
    return OK


def _cmd_table(args: argparse.Namespace) -> int:
    from ._analysis import decision_table  # noqa: PLC0415 - only this command needs it

    table = decision_table(load_policy(args.policy))
    if args.json:
        _emit(_dumps(table.to_dict(), pretty=True))
    else:
        _emit(table.to_markdown(full=args.full).removesuffix("\n"))
    return OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from ._analysis import diff_policies  # noqa: PLC0415 - only this command needs it

    diff = diff_policies(load_policy(args.baseline), load_policy(args.candidate))
    _emit(_dumps(diff.to_dict(), pretty=True) if args.json else diff.summary())
    return OK


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Decide return and exchange requests under Aulso's published policy.",
        epilog="example:\n  aulso-returns demo\n  aulso-returns evaluate case.json --explain\n\n"
        + EXIT_CODES,
        formatter_class=_formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    ev = sub.add_parser(
        "evaluate",
        help="decide a case (or a JSONL file of cases) at request time",
        description="Decide a return request: prints the decision as JSON (or readable text with --explain).",
        epilog="example:\n  aulso-returns evaluate case.json\n  aulso-returns evaluate --explain - < case.json\n"
        "  aulso-returns evaluate --explain --language zh-Hant-HK case.json\n"
        "  aulso-returns evaluate --policy my_policies:NEW case.json\n"
        "  aulso-returns evaluate --jsonl cases.jsonl --workers 2 > decisions.jsonl\n\n"
        + EXIT_CODES,
        formatter_class=_formatter,
    )
    _add_case_arguments(ev)
    ev.set_defaults(run=_cmd_evaluate, job="evaluate")

    st = sub.add_parser(
        "settle",
        help="settle a return case after authorization, shipment, receipt and inspection",
        description="Settle a return case: what it waits on, what is refunded and by when (JSON, or text with --explain).",
        epilog="example:\n  aulso-returns settle case.json\n  aulso-returns settle --explain case.json\n"
        "  aulso-returns settle --jsonl cases.jsonl > settlements.jsonl\n\n" + EXIT_CODES,
        formatter_class=_formatter,
    )
    _add_case_arguments(st)
    st.set_defaults(run=_cmd_evaluate, job="settle")

    _add_options_command(sub)
    _add_import_command(sub)

    demo = sub.add_parser(
        "demo",
        help="decide the embedded example cases and explain each",
        description="Evaluate a few embedded example cases and print each decision with its explanation.",
        epilog="example:\n  aulso-returns demo\n  aulso-returns demo --json\n"
        "  aulso-returns demo --language zh-Hant-HK",
        formatter_class=_formatter,
    )
    demo.add_argument(
        "--json", action="store_true", help="print one JSON decision per line instead"
    )
    _add_language_argument(demo)
    demo.set_defaults(run=_cmd_demo)

    ex = sub.add_parser(
        "example",
        help="list the example input files, or print one (with --expected: its output)",
        description="The example files shipped with aulso-returns: cases for evaluate, return cases at every "
        "status for settle, a JSONL batch and a candidate policy. Without NAME, lists them.",
        epilog="example:\n  aulso-returns example\n"
        "  aulso-returns example worn-earrings.json | aulso-returns evaluate --explain -\n"
        "  aulso-returns example worn-earrings.json --expected\n"
        '  cd "$(aulso-returns example --path)" && aulso-returns diff --candidate candidate_policies:FORTY_EIGHT_HOURS',
        formatter_class=_formatter,
    )
    ex.add_argument("name", nargs="?", metavar="NAME", help="the file to print")
    ex.add_argument(
        "--expected",
        action="store_true",
        help="print what evaluate (settle for settle-*, compare batch.jsonl for a policy) prints for NAME",
    )
    ex.add_argument("--path", action="store_true", help="print the folder that holds the examples")
    ex.set_defaults(run=_cmd_example)

    sch = sub.add_parser(
        "schema",
        help="print the JSON Schema of a document this tool reads or writes",
        description="Print the JSON Schema (draft 2020-12) of a document: a case or return case "
        "(input), a decision, settlement or comparison (output). docs/schema/ holds the same files.",
        epilog="example:\n  aulso-returns schema case > case.schema.json\n  aulso-returns schema decision",
        formatter_class=_formatter,
    )
    sch.add_argument("document", choices=DOCUMENTS)
    sch.set_defaults(run=_cmd_schema)

    pol = sub.add_parser(
        "policy",
        help="list the settings and rules of the shop's policy",
        description="List the policy's settings (the business days to answer and to settle), then "
        "every rule: code, kind, clause and description. With --json: an object of the policy's "
        "name and version, settings and rules (a history: a list of them, each with the instant "
        "it is in force from).",
        epilog="example:\n  aulso-returns policy\n  aulso-returns policy --json\n"
        "  aulso-returns policy --policy my_policies:NEW",
        formatter_class=_formatter,
    )
    pol.add_argument("--json", action="store_true", help="print {policy, settings, rules} as JSON")
    _add_policy_argument(pol)
    pol.set_defaults(run=_cmd_policy)

    table = sub.add_parser(
        "table",
        help="print the policy's decision table (Markdown)",
        description="Print the decision table of the shop's policy, worked out from the policy itself: "
        "every class of request line is decided once, and the rows say, rule by rule, where it holds "
        "(Markdown; --full: every class with its decision; --json: both as data).",
        epilog="example:\n  aulso-returns table > docs/decision-table.md\n  aulso-returns table --json\n"
        "  aulso-returns table --policy my_policies:NEW\n\n" + ANALYSIS_EXIT_CODES,
        formatter_class=_formatter,
    )
    table.add_argument(
        "--full",
        action="store_true",
        help="print every class with its decision, not the compact rows",
    )
    table.add_argument(
        "--json",
        action="store_true",
        help="print the compact and the full table as one JSON document",
    )
    _add_policy_argument(table)
    table.set_defaults(run=_cmd_table)

    diff = sub.add_parser(
        "diff",
        help="what-if without past cases: every class of request line two policies decide differently",
        description="Decide every class of request line under a baseline and a candidate policy and list, "
        "rule by rule, the classes whose decision changes, each with an example case explained under "
        "both. MODULE:ATTRIBUTE names a Policy or a PolicyHistory (its latest version); the module is "
        "imported from the current directory or the installed packages.",
        epilog="example:\n  aulso-returns diff --candidate my_policies:FORTY_EIGHT_HOURS\n"
        "  aulso-returns diff --candidate my_policies:NEW --baseline my_policies:OLD --json\n\n"
        + ANALYSIS_EXIT_CODES,
        formatter_class=_formatter,
    )
    _add_compared_arguments(diff)
    diff.add_argument("--json", action="store_true", help="print the diff as one JSON document")
    diff.set_defaults(run=_cmd_diff)

    cmp = sub.add_parser(
        "compare",
        help="what-if: decide past cases under two policies and summarise the changes",
        description="Evaluate every case of a JSONL file under a baseline and a candidate policy, streaming, "
        "and summarise what changes. MODULE:ATTRIBUTE names a Policy or PolicyHistory; the module is imported "
        "from the current directory or the installed packages.",
        epilog="example:\n  aulso-returns compare cases.jsonl --candidate my_policies:FORTY_EIGHT_HOURS\n"
        "  aulso-returns compare cases.jsonl --candidate my_policies:NEW --baseline my_policies:OLD --json --workers 2\n\n"
        + EXIT_CODES.replace("JSONL batch", "batch").replace(
            "an error record", "a message on stderr"
        ),
        formatter_class=_formatter,
    )
    cmp.add_argument("path", metavar="CASES", help="a JSONL file of cases, or - for standard input")
    _add_compared_arguments(cmp)
    cmp.add_argument(
        "--json", action="store_true", help="print the comparison as one JSON document"
    )
    cmp.add_argument("--workers", type=int, default=1, metavar="N", help="processes (default 1)")
    cmp.set_defaults(run=_cmd_compare)
    return parser


def _add_compared_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--candidate", required=True, metavar="MODULE:ATTRIBUTE", help="the policy to try"
    )
    cmd.add_argument(
        "--baseline", default=DEFAULT_POLICY, metavar="MODULE:ATTRIBUTE",
        help=f"the policy to compare with (default: the shop's, {DEFAULT_POLICY})",
    )  # fmt: skip


def _add_policy_argument(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--policy", default=DEFAULT_POLICY, metavar="MODULE:ATTRIBUTE",
        help="a Policy or PolicyHistory to decide by; MODULE is imported from the current "
        f"directory or the installed packages (default: the shop's, {DEFAULT_POLICY})",
    )  # fmt: skip


def _add_options_command(sub: Any) -> None:
    op = sub.add_parser(
        "options",
        help="what an order's items can still be returned for, and until when",
        description="For each item of an order: every way it can still be returned at --at (ground, "
        "reasons, resolutions, and the last instant each is approved), and every reason that is "
        'closed, with the rules that refuse it. FILE holds {"order": {...}} (a whole case is '
        "read too; its request is not used).",
        epilog="example:\n  aulso-returns options order.json --at 2026-11-04T09:00:00+08:00\n"
        "  aulso-returns options --explain --language zh-Hant-HK order.json --at now\n"
        "  aulso-returns options --jsonl orders.jsonl --at 2026-11-04T09:00:00+08:00\n\n"
        + EXIT_CODES,
        formatter_class=_formatter,
    )
    op.add_argument("path", metavar="FILE", help="a JSON order document, or - for standard input")
    op.add_argument(
        "--at", required=True, type=_instant, metavar="INSTANT",
        help="the instant asked about, with its UTC offset (2026-11-04T09:00:00+08:00), or now: "
        "this machine's clock, read once, as you choose",
    )  # fmt: skip
    _add_policy_argument(op)
    mode = op.add_mutually_exclusive_group()
    mode.add_argument("--explain", action="store_true", help="print readable text instead of JSON")
    mode.add_argument("--jsonl", action="store_true", help="FILE holds one JSON document per line")
    op.add_argument(
        "--workers", type=int, default=1, metavar="N", help="processes for --jsonl (default 1)"
    )
    _add_language_argument(op)
    op.set_defaults(run=_cmd_evaluate, job="options")


def _add_import_command(sub: Any) -> None:
    imp = sub.add_parser(
        "import",
        help="turn a shop platform's order into the library's order (shopify)",
        description="Read an order as a shop platform writes it and print the library's "
        '{"order": {...}}, the document options reads (and evaluate, once a request is added).',
        epilog="example:\n  aulso-returns import shopify order.json --events events.json --category RG-=ring\n\n"
        + EXIT_CODES,
        formatter_class=_formatter,
    )
    platforms = imp.add_subparsers(title="platforms", metavar="PLATFORM", required=True)
    shop = platforms.add_parser(
        "shopify",
        help="a Shopify order: REST Admin API, order webhook or GraphQL Admin API response",
        description='FILE (or -) holds a REST Admin order ({"order": {...}} or a bare order, as an '
        'orders/create or orders/updated webhook sends it), {"orders": [...]} (one JSON line per '
        "order), or the GraphQL Admin API's response to the query in docs/shopify.md "
        '({"data": {"order": {...}}}). docs/shopify.md gives every rule of the mapping.',
        epilog="example:\n  aulso-returns import shopify order.json --events events.json\n"
        "  aulso-returns import shopify - --category RG-=ring --category EAR-=earrings < webhook.json\n"
        "  aulso-returns import shopify response.json --cod-method 'Pay at pickup'\n\n"
        + EXIT_CODES,
        formatter_class=_formatter,
    )
    shop.add_argument("path", metavar="FILE", help="the Shopify document, or - for standard input")
    shop.add_argument(
        "--events", action="append", default=[], metavar="FILE",
        help='fulfillment events as Shopify returns them ({"fulfillment_events": [...]}); repeatable',
    )  # fmt: skip
    shop.add_argument(
        "--category", action="append", default=[], metavar="PREFIX=CATEGORY", type=_prefix,
        help="lines whose sku starts with PREFIX are CATEGORY (the longest prefix wins); repeatable",
    )  # fmt: skip
    shop.add_argument(
        "--cod-method", action="append", default=[], metavar="NAME",
        help="a payment gateway of the shop's that is cash on delivery; repeatable",
    )  # fmt: skip
    shop.set_defaults(run=_cmd_import_shopify)


def _prefix(text: str) -> tuple[str, str]:
    prefix, equals, category = text.partition("=")
    if not equals or not prefix or category not in {c.value for c in Category}:
        raise argparse.ArgumentTypeError(
            f"expected PREFIX=CATEGORY, a category being one of {', '.join(c.value for c in Category)}"
        )
    return prefix, category


def _events(paths: list[str]) -> list[Mapping[str, Any]]:
    """The fulfilment events of the --events files."""
    found: list[Mapping[str, Any]] = []
    for path in paths:
        data = p.json_value(_read_bytes(path), path)
        if isinstance(data, Mapping) and "fulfillment_events" in data:
            data = data["fulfillment_events"]
        elif isinstance(data, Mapping) and "fulfillment_event" in data:
            data = [data["fulfillment_event"]]
        if not isinstance(data, list) or not all(isinstance(e, Mapping) for e in data):
            raise ValidationError(
                path, 'expected {"fulfillment_events": [...]} or a list of events'
            )
        found += data
    return found


def _cmd_import_shopify(args: argparse.Namespace) -> int:
    from . import shopify  # noqa: PLC0415 - only this command needs it

    data = p.json_value(_read_bytes(args.path))
    categories = shopify.Categories(sku_prefixes=dict(args.category))
    if isinstance(data, Mapping) and "data" in data:
        order = shopify.order_from_graphql(data, categories=categories, cod_methods=args.cod_method)
        _emit(_dumps({"order": order.to_dict()}, pretty=True))
        return OK
    events = _events(args.events)
    found = shopify.orders_in(data)
    out = []
    for where, raw in found:
        own = [e for e in events if e.get("order_id") in (None, raw.get("id"))]
        try:
            order = shopify.order_from_shopify(
                raw, events=own, categories=categories, cod_methods=args.cod_method
            )
        except ValidationError as err:  # named where the document holds the order
            raise err.rebased("order", where) from None
        out.append({"order": order.to_dict()})
    if len(found) == 1 and "orders" not in data:
        _emit(_dumps(out[0], pretty=True))
    else:
        _emit("\n".join(_dumps(o) for o in out))
    return OK


def _add_case_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("path", metavar="CASE", help="a JSON case file, or - for standard input")
    _add_policy_argument(cmd)
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
    _add_language_argument(cmd)


def _add_language_argument(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--language", default="en", metavar="LANG|FILE",
        help="the language of the explanation (--explain text and the JSON explanation): en (the "
        "default), zh-Hant-HK, or a catalogue file of your own (.json or .toml)",
    )  # fmt: skip


def _utf8(stream: object) -> None:
    """Write UTF-8 whatever the locale; a character that cannot be written is escaped, not fatal."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0911 - one return per exit status
    """Run the command line; return the exit status (see :data:`EXIT_CODES`)."""
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    args = build_parser().parse_args(argv)
    if getattr(args, "workers", 1) < 1:
        sys.stderr.write(f"{PROG}: --workers must be at least 1\n")
        return INVALID_INPUT
    try:
        with _stopping.installed():
            code: int = args.run(args)
            with _writing():
                sys.stdout.flush()
    except Stopped as stop:
        with contextlib.suppress(OSError):
            sys.stdout.flush()
        sys.stderr.write(f"{PROG}: stopped by {signal.Signals(stop.signum).name}{stop.done}\n")
        return 128 + stop.signum
    except ValidationError as err:
        sys.stderr.write(f"{PROG}: invalid input: {err}\n")
        return INVALID_INPUT
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except OutputError as err:
        cause = err.__cause__
        reason = getattr(cause, "strerror", None) or cause
        sys.stderr.write(f"{PROG}: cannot write the output: {reason}\n")
        return OUTPUT_ERROR
    except OSError as err:  # the input file cannot be read
        sys.stderr.write(f"{PROG}: {err.strerror or err}: {getattr(err, 'filename', '') or ''}\n")
        return INVALID_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - a bug: say so, with the traceback, apart from bad input
        sys.stderr.write(
            f"{PROG}: internal error (a bug, please report it):\n{traceback.format_exc()}"
        )
        return INTERNAL_ERROR
    return code

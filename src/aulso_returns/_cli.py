"""The ``aulso-returns`` command line (until the policy lands: load and validate the example cases)."""

from __future__ import annotations

import argparse
import json
import sys

from ._errors import ValidationError
from ._model import Case
from ._version import __version__

PROG = "aulso-returns"


def _cmd_demo(_: argparse.Namespace) -> int:
    from ._demo import DEMO_CASES  # noqa: PLC0415 - the demo is not part of the library's import

    for title, data in DEMO_CASES.items():
        case = Case.from_dict(data)
        print(f"== {title} ==")
        print(json.dumps(case.to_dict(), indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Decide return and exchange requests under Aulso's published policy.",
        epilog="example:\n  aulso-returns demo",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    demo = sub.add_parser(
        "demo",
        help="load, validate and print the embedded example cases",
        description="Load, validate and print the embedded example cases.",
        epilog="example:\n  aulso-returns demo",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.set_defaults(run=_cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except ValidationError as err:
        print(f"{PROG}: invalid input: {err}", file=sys.stderr)
        return 2
    return code

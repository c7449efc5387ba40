"""Test configuration: Markdown docs and src docstrings run as tests; hypothesis profiles."""

import ast
import itertools
import os
import re
import sys
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sybil import Sybil
from sybil.integration.pytest import SybilItem
from sybil.parsers import myst, rest

_FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE

markdown_examples = Sybil(
    parsers=[
        myst.DocTestDirectiveParser(optionflags=_FLAGS),
        myst.PythonCodeBlockParser(doctest_optionflags=_FLAGS),
        myst.SkipParser(),
    ],
    patterns=["*.md"],
)
docstring_examples = Sybil(
    parsers=[rest.DocTestParser(optionflags=_FLAGS)],
    patterns=["src/aulso_returns/*.py"],
)
_per_example = (markdown_examples + docstring_examples).pytest()


class WholeDocument(pytest.File):
    """Every example of one document, run in order as one test (see ``pytest_collect_file``)."""

    def __init__(self, *, sybil: Sybil, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sybil = sybil

    def collect(self) -> list[pytest.Item]:
        return [_Examples.from_parent(self, name="examples", sybil=self.sybil)]


class _Examples(pytest.Item):
    def __init__(self, *, sybil: Sybil, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sybil = sybil

    def runtest(self) -> None:
        text = self.path.read_text(encoding="utf-8")
        copies = _mutant_copies(text) if self.path.suffix == ".py" else []  # a page may name them
        skipped = _slow_blocks(text) + copies
        for example in self.sybil.parse(self.path):
            if not any(start <= example.start < end for start, end in skipped):
                example.evaluate()

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"every example of {self.path.name}"


#: Which mutation run this is (``.ci/mutate``): "core" mutates the decision's modules, whose
#: every call then goes through mutmut's trampolines; "analysis" mutates only ``_analysis`` and
#: ``_schema``, so it can afford what decides thousands of cases.
_MUTANTS = os.environ.get("AULSO_MUTANTS", "core")
#: What a block of examples runs that a mutation run leaves out: a subprocess (which runs the
#: installed, unmutated code) and, in the core run, a policy analysis (55,000 decisions, hours
#: under the trampolines). Such blocks are self-contained: later blocks do not use what they
#: define.
_SLOW_FOR_MUTANTS = re.compile(
    r"subprocess\." if _MUTANTS == "analysis" else r"decision_table\(|diff_policies\(|subprocess\."
)
#: A block: a fenced code block of Markdown, or a docstring.
_BLOCK = re.compile(r"```.*?```|\"\"\".*?\"\"\"", re.DOTALL)


def _slow_blocks(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _BLOCK.finditer(text) if _SLOW_FOR_MUTANTS.search(m.group())]


#: Documents whose examples leave a thread pool behind (Dask): a process forked after them can
#: deadlock, so mutation runs, which fork a process per mutant, leave them out.
_THREADED = frozenset({"performance.md"})
#: Documents the core run leaves out: every example of analysis.md analyses a policy.
_LEFT_OUT = _THREADED if _MUTANTS == "analysis" else _THREADED | {"analysis.md"}


def _mutant_copies(text: str) -> list[tuple[int, int]]:
    """The spans of the functions mutmut wrote into a mutated module: its copies of each function.

    mutmut keeps a mutated function's name as a trampoline, with its docstring, and writes the
    original and every mutant beside it as ``x_name__mutmut_N``, each with the docstring again.
    Their examples call the public name, so they would run the same example once per mutant of
    the function (``_analysis``'s two examples 122 times, 13 minutes a mutant): they run once,
    from the public name's docstring.
    """
    if "__mutmut_" not in text:
        return []
    starts = [0, *itertools.accumulate(map(len, text.splitlines(keepends=True)))]  # of each line
    return [
        (starts[node.lineno - 1], starts[node.end_lineno or node.lineno])
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "__mutmut_" in node.name
    ]


def _whole_documents() -> bool:
    # Under mutation testing each mutant runs only the tests that reach the mutated function:
    # an example picked alone would fail for want of the examples before it, a false kill.
    return "mutmut" in sys.modules or os.environ.get("AULSO_WHOLE_DOCUMENTS") == "1"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Each example of README, docs and src docstrings is a test; or each document one test."""
    if not _whole_documents():
        return _per_example(file_path, parent)  # type: ignore[no-any-return]
    if file_path.name in _LEFT_OUT:
        return None
    for sybil in (markdown_examples, docstring_examples):
        if sybil.should_parse(file_path):
            return WholeDocument.from_parent(parent, path=file_path, sybil=sybil)  # type: ignore[no-any-return]
    return None


# CI: no deadline (a slow machine must not make a flaky red) and derandomized
# (the same examples every run). Locally: random, to keep finding new cases.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep each document's examples in document order, wherever the random order put them.

    The suite runs in random order (pytest-randomly; the seed is in the header,
    ``--randomly-seed=N`` replays it), so that a test that
    depends on another shows at once. The examples of one document share a
    namespace, as a reader reads them: they are one test, in the order written.
    Mutation runs also leave out the tests marked ``not_for_mutants`` and, in the core run,
    those marked ``analysis``.
    """
    places: dict[object, list[int]] = {}
    for index, item in enumerate(items):
        if isinstance(item, SybilItem):
            places.setdefault(item.path, []).append(index)
    for indexes in places.values():
        examples = sorted((items[i] for i in indexes), key=lambda item: item.example.start)  # type: ignore[attr-defined]
        for index, example in zip(indexes, examples, strict=True):
            items[index] = example
    if _whole_documents():
        markers = (
            ("not_for_mutants",) if _MUTANTS == "analysis" else ("not_for_mutants", "analysis")
        )
        left_out = {item for item in items if any(map(item.get_closest_marker, markers))}
        config.hook.pytest_deselected(items=list(left_out))
        items[:] = [item for item in items if item not in left_out]

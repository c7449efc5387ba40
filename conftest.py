"""Test configuration: Markdown docs and src docstrings run as tests; hypothesis profiles."""

import os
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

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
pytest_collect_file = (markdown_examples + docstring_examples).pytest()

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
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each document's examples in document order, wherever the random order put them.

    The suite runs in random order (pytest-randomly; the seed is in the header,
    ``--randomly-seed=N`` replays it), so that a test that
    depends on another shows at once. The examples of one document share a
    namespace, as a reader reads them: they are one test, in the order written.
    """
    places: dict[object, list[int]] = {}
    for index, item in enumerate(items):
        if isinstance(item, SybilItem):
            places.setdefault(item.path, []).append(index)
    for indexes in places.values():
        examples = sorted((items[i] for i in indexes), key=lambda item: item.example.start)  # type: ignore[attr-defined]
        for index, example in zip(indexes, examples, strict=True):
            items[index] = example

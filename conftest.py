"""Test configuration: Markdown docs and src docstrings run as tests; hypothesis profiles."""

import os
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from hypothesis import HealthCheck, settings
from sybil import Sybil
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

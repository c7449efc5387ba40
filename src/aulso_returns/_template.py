"""Template syntax: the ``{name}`` placeholders of a text, and language tags.

A leaf module: the rule core checks a rule's sentences with it, the
catalogues check their messages with it, and it imports nothing of the
package.
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection

#: A language tag (BCP 47 in form): ``en``, ``zh-Hant-HK``.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")
_FORMATTER = string.Formatter()


def parse(template: str) -> list[tuple[str, str | None]]:
    """*template* as its pieces: each literal text (braces unescaped) and the placeholder after it.

    :raises ValueError: when the template is not text, or a placeholder is not
        a plain name (no position, attribute, index, conversion or format).

    >>> parse("{sku}: {{literal}} by {date}")
    [('', 'sku'), (': {literal} by ', 'date')]
    """
    if not isinstance(template, str):
        raise ValueError(f"a text must be a string, got {type(template).__name__}")
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as err:
        raise ValueError(f"{err} (write a brace as {{{{ or }}}})") from None
    pieces: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in parsed:
        if name is not None and (not name.isidentifier() or spec or conversion):
            raise ValueError(
                f"placeholder {{{name}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}} is not a plain name such as {{sku}}"
            )
        if pieces and pieces[-1][1] is None:  # an escaped brace splits a literal in two
            pieces[-1] = (pieces[-1][0] + literal, name)
        else:
            pieces.append((literal, name))
    return pieces


def placeholders(template: str) -> frozenset[str]:
    """The names a template's placeholders use.

    :raises ValueError: as :func:`parse` does.

    >>> sorted(placeholders("{sku}: {{literal}} by {date}"))
    ['date', 'sku']
    """
    return frozenset(name for _, name in parse(template) if name is not None)


def check_template(template: object, allowed: Collection[str]) -> str:
    """*template*, checked: plain named placeholders, each one of *allowed*.

    >>> check_template("By {day}.", {"date"})
    Traceback (most recent call last):
    ...
    ValueError: {day} is not a placeholder it can use (it can use: {date})
    """
    names = placeholders(template)  # type: ignore[arg-type]
    unknown = sorted(names.difference(allowed))
    if unknown:
        listed = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none"
        raise ValueError(f"{{{unknown[0]}}} is not a placeholder it can use (it can use: {listed})")
    return template  # type: ignore[return-value]

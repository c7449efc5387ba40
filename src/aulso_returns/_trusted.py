"""Building model objects from values already checked: the library's internal fast path.

A public constructor validates every field, as it must: its caller may pass
anything. Inside the library, most objects are built from values that were
just checked (by ``from_dict``'s one pass) or computed (a decision from a
policy's ruling); validating them again would double the cost of building
them. :func:`trusted` derives, from an attrs class's own fields, a constructor
that sets the fields as given. It is never public, and each use is tested
against the validating constructor it stands for (tests/test_trusted.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

T = TypeVar("T")


def trusted(cls: type[T]) -> Callable[..., T]:
    """A keyword-only constructor of the frozen, slotted attrs class *cls*, without checks.

    Every field is required and set as given: no default, converter,
    validator or ``__attrs_post_init__`` runs, so the caller owes the class
    what they would have checked.

    >>> import attrs
    >>> @attrs.frozen
    ... class Span:
    ...     low: int = attrs.field(validator=attrs.validators.ge(0))
    ...     high: int
    >>> trusted(Span)(low=1, high=2)
    Span(low=1, high=2)
    >>> trusted(Span)(low=1)
    Traceback (most recent call last):
    TypeError: ...() missing 1 required keyword-only argument: 'high'
    """
    fields = attrs.fields(cls)  # type: ignore[arg-type]  # attrs refuses a non-attrs class
    if "__slots__" not in vars(cls) or not all(field.init for field in fields):
        raise TypeError(f"{cls.__name__} is not a slotted attrs class whose fields are all set")
    # each field's slot descriptor sets it directly (a frozen class refuses setattr); the
    # arguments are named as the constructor's are (a private field ``_x`` is given as ``x``)
    scope: dict[str, Any] = {f"set_{f.name}": vars(cls)[f.name].__set__ for f in fields}
    scope["new"] = object.__new__
    scope["cls"] = cls
    source = "\n".join(
        [
            f"def make(*, {', '.join(f.alias for f in fields)}):",
            "    self = new(cls)",
            *(f"    set_{f.name}(self, {f.alias})" for f in fields),
            "    return self",
        ]
    )
    exec(source, scope)  # noqa: S102 - the source is built from the class's own field names
    make: Callable[..., T] = scope["make"]
    make.__qualname__ = f"trusted({cls.__name__})"
    return make

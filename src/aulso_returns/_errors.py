"""The one exception type of the library."""

from __future__ import annotations


class ValidationError(ValueError):
    """Invalid input, with the path of the offending field.

    ``str(error)`` reads ``"<path>: <problem>"``, for example
    ``order.items[1].delivered_at: timestamp must include a UTC offset``.

    >>> err = ValidationError("order.items[1].quantity", "must be >= 1")
    >>> str(err)
    'order.items[1].quantity: must be >= 1'
    >>> err.path, err.problem
    ('order.items[1].quantity', 'must be >= 1')
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path
        self.problem = problem

    def rebased(self, old_root: str, new_root: str) -> ValidationError:
        """Return the same error with the leading *old_root* of its path replaced."""
        if self.path == old_root or self.path.startswith((old_root + ".", old_root + "[")):
            return ValidationError(new_root + self.path[len(old_root) :], self.problem)
        return self

"""Exceptions raised by the calculation core. All derive from
:class:`xladdin.errors.CalculationError` (itself a ``ValueError``), so callers can catch one type.

The UDFs turn any of these into a ``#GDP! <message>`` cell: messages are short, plain English,
and name the argument at fault (e.g. ``"output has 5 cells, intermediate has 4"``).
"""

from __future__ import annotations

from xladdin.errors import CalculationError

__all__ = [
    "CalculationError",
    "DivisionByZeroError",
    "InfeasibleError",
    "MissingValueError",
    "NoOverlapError",
    "NonPositiveError",
    "NotNumericError",
    "ShapeError",
    "UnknownOptionError",
]


class ShapeError(CalculationError):
    """Arguments have incompatible lengths or dimensions."""


class MissingValueError(CalculationError):
    """A value that the method needs is missing (empty cell / NaN)."""


class DivisionByZeroError(CalculationError):
    """A divisor (price index, population, exchange rate, indicator total) is zero."""


class NotNumericError(CalculationError):
    """A number argument holds text, TRUE/FALSE, an Excel error or an infinite value."""


class NonPositiveError(CalculationError):
    """A proportional method got a zero or negative value where it needs positive ones."""


class UnknownOptionError(CalculationError):
    """An option word (method, conversion, basis) is not one of the accepted words."""


class NoOverlapError(CalculationError):
    """Rebasing/splicing found no period where both the old and the new series have values."""


class InfeasibleError(CalculationError):
    """The constraints cannot be met (e.g. raking with every component held fixed)."""

"""Public input helpers of the calculation core, for its callers (the ``GDP_`` functions).

The same coercion rules as every function of :mod:`xladdin.gdp` (see
:mod:`xladdin.gdp._arrays`): ``None`` and NaN are missing (NaN, never zero); booleans, text,
complex and infinite values raise :class:`~xladdin.errors.CalculationError` naming the argument
and the cell (1-based, row by row).

- :func:`as_array` -- any cell, row, column, table or list as a new float array;
- :func:`as_float` / :func:`as_int` -- one option cell as a number (``default`` when empty);
- :func:`option` -- one option word out of the accepted ones (case-insensitive).
"""

from __future__ import annotations

from xladdin.gdp._arrays import as_array, as_float, as_int, option

__all__ = ["as_array", "as_float", "as_int", "option"]

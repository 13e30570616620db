"""Whether a compiled workbook's outputs are current: :mod:`xladdin.templates.current`.

The inputs hash lives in the templates layer (it reads a bound template's input tables), so
``validate`` and ``prepare`` check it without importing the compile package; this module keeps
the names importable from here."""

from xladdin.templates import current as _current
from xladdin.templates.current import (  # noqa: F401
    COMPILED_PROPERTY,
    INPUTS_PROPERTY,
    INPUTS_SCHEME,
    _cells,
    _fast_input_lines,
    _input_lines,
    inputs_hash,
    outputs_current,
)

__all__ = _current.__all__

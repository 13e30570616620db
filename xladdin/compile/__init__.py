"""Compile template workbooks: bind -> compute with :mod:`xladdin.gdp` -> write values into the
cells xladdin owns -> validate -> Checks sheet.

>>> from xladdin.compile import compile_view, compile_file  # doctest: +SKIP
"""

from xladdin.compile.core import CompileResult, compile_file, compile_view

__all__ = ["CompileResult", "compile_file", "compile_view"]

"""xladdin: GDP compilation for the Lao Statistics Bureau, in Excel and on the command line.

Layers (imports point one way only)::

    udfs/, xladdin.ribbon, xladdin.cli  ->  xladdin.compile, xladdin.validate, xladdin.review
                                        ->  xladdin.gdp (pure numpy/pandas)
                                        ->  xladdin.workbook (xlsx package I/O, xlwings adapter)

This module imports nothing heavy so that ``import xladdin.gdp`` stays pure.
"""

__version__ = "0.1.0"

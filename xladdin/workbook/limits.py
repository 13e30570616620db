"""The one set of bounds applied to every workbook package xladdin reads.

:class:`Limits` is used by the untrusted-file inspection (:mod:`xladdin.workbook.safety`) *and*
by the package reader (:class:`xladdin.workbook.package.Package`, :mod:`xladdin.workbook.xlsx_reader`),
so a file is measured against the same numbers whichever reads it first. Where each bound applies:

============================  ==========================================================
bound                         checked by
============================  ==========================================================
``max_file_bytes``            the file on disk, before it is read (inspection, Package)
``max_parts``                 entries in the zip directory (inspection, before zipfile)
``max_total_bytes``           declared uncompressed size of all parts (inspection)
``max_part_bytes``            uncompressed size of one part, declared and read (both)
``max_ratio``                 compression ratio of parts >= ``ratio_min_bytes`` (both)
``max_rows/cols/cells``       sheet dimension, cell addresses, ``<c>`` count (inspection)
``max_table_cells``           area of an Excel table's ``ref`` (inspection, reader)
``max_range_cells``           area of any range the reader materialises (reader)
``max_text_chars``            characters of shared strings expanded into cells (inspection)
``max_formula_chars``         length of one formula (inspection, reader)
``max_shared_formula_chars``  shared-formula text expanded on dependent cells (reader)
``max_seconds``               wall time of the inspection (inspection)
``max_table_file_bytes``      a table file given beside the workbooks: national totals,
                              district shares (``consolidate --national``, ``--shares``)
``max_signers_bytes``         the signer table (``--signers``)
============================  ==========================================================

:data:`XML_PROLOG_MAX_BYTES` bounds what a part may hold before its root element,
:data:`STREAM_CHUNK_BYTES` the pieces a streamed part is read in, :data:`PARSED_PART_BYTES` /
:data:`PARSED_TOTAL_BYTES` the parsed parts a package keeps, and
:data:`EXCEL_MAX_ROWS` / :data:`EXCEL_MAX_COLS` are Excel's grid, for every module that checks
a cell address.

The defaults are generous for GDP workbooks (a provincial workbook is well under 1 MB and
100,000 cells) and far below what exhausts a 2 GB process.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEFAULT_LIMITS",
    "EXCEL_MAX_COLS",
    "EXCEL_MAX_ROWS",
    "PARSED_PART_BYTES",
    "PARSED_TOTAL_BYTES",
    "STREAM_CHUNK_BYTES",
    "XML_PROLOG_MAX_BYTES",
    "Limits",
]

EXCEL_MAX_ROWS = 1_048_576
"""Rows of an Excel worksheet (Excel specifications and limits)."""
EXCEL_MAX_COLS = 16_384
"""Columns of an Excel worksheet (column XFD)."""
XML_PROLOG_MAX_BYTES = 2**20
"""Bytes an XML part may hold before its root element (declaration, comments, whitespace)."""
STREAM_CHUNK_BYTES = 64 * 2**10
"""Bytes a part is inflated and parsed in at a time when it is streamed (the default of
:attr:`Limits.chunk_bytes`)."""
PARSED_PART_BYTES = 2**20
"""Parts up to this size (inflated) keep their parsed element (:meth:`Package.xml
<xladdin.workbook.package.Package.xml>`): tables, properties, relationships and styles are far
smaller in the files xladdin reads. The reader parses a worksheet without it (its tree is not
kept beside its cells)."""
PARSED_TOTAL_BYTES = 8 * 2**20
"""At most this many (inflated) bytes of parts keep their parsed element per package: a
parsed tree takes several times its bytes, and memory stays bounded per file."""


@dataclass(frozen=True)
class Limits:
    """Bounds applied to a workbook package. Defaults are generous for GDP workbooks.

    Parameters
    ----------
    max_file_bytes : int
        Size of the file on disk.
    max_parts : int
        Number of entries in the zip directory.
    max_total_bytes, max_part_bytes : int
        Uncompressed size of all parts together and of any one part (declared and actually read).
    max_ratio : float
        Uncompressed / compressed size of a part, checked for parts of at least
        ``ratio_min_bytes`` uncompressed (small parts compress oddly and are harmless).
    max_rows, max_cols, max_cells : int
        A sheet whose dimension or cells go beyond these is refused; ``max_cells`` counts the
        ``<c>`` elements of one sheet.
    max_table_cells : int
        Rows x columns of an Excel table's ``ref`` (``B7:XFD1048576`` is 17 billion cells).
    max_range_cells : int
        Rows x columns of one range the reader turns into a list of lists.
    max_text_chars : int
        Characters of shared-string text expanded into cells, summed over every sheet (one
        long string referenced by many cells counts once per cell).
    max_formula_chars : int
        Length of one formula (Excel's own limit is 8,192 characters).
    max_shared_formula_chars : int
        Characters of shared formulas written out on their dependent cells, summed over the
        file (a filled-down 50-character formula on 20,000 cells is 1 M).
    max_seconds : float
        Wall-clock budget of the inspection.
    macros : {"warn", "refuse", "ignore"}
        A file with a VBA project or Excel 4 macro sheet is read with a warning (macros are
        never run), refused, or (``ignore``: a user's own workbook being compiled) not reported.
    trusted_hidden_prefixes : tuple of str
        Hidden sheets whose names start with one of these (xladdin's own metadata sheet) are not
        reported.
    chunk_bytes : int
        Read size when streaming a part.
    cache_bytes : int
        Inflated parts up to this total are kept in memory after the inspection so the reader
        parses the same bytes without inflating them again.
    max_table_file_bytes : int
        Size of a table file given beside the workbooks (national totals CSV, district shares
        CSV), read whole into memory.
    max_signers_bytes : int
        Size of the signer table (a few lines per province).
    """

    max_file_bytes: int = 100 * 2**20
    max_parts: int = 2_000
    max_total_bytes: int = 256 * 2**20
    max_part_bytes: int = 128 * 2**20
    max_ratio: float = 200.0
    ratio_min_bytes: int = 2**20
    max_rows: int = 100_000
    max_cols: int = 1_000
    max_cells: int = 2_000_000
    max_table_cells: int = 2_000_000
    max_range_cells: int = 20_000_000
    max_text_chars: int = 64_000_000
    max_formula_chars: int = 8_192
    max_shared_formula_chars: int = 4_000_000
    max_seconds: float = 120.0
    macros: str = "warn"
    trusted_hidden_prefixes: tuple[str, ...] = ("_xladdin",)
    chunk_bytes: int = STREAM_CHUNK_BYTES
    cache_bytes: int = 96 * 2**20
    max_table_file_bytes: int = 64 * 2**20
    max_signers_bytes: int = 4 * 2**20


DEFAULT_LIMITS = Limits()

"""Central review of returned workbooks (docs/design.md §1, §5, §6).

- :func:`xladdin.review.consolidate.consolidate` -- returned provincial/district files -> a
  national review workbook (``xladdin consolidate``; the ribbon's *Consolidate* button);
- :mod:`xladdin.review.reconcile` -- raking to national totals, top-down allocation;
- :mod:`xladdin.review.register` -- the SQLite submission register (``xladdin register list``);
- :mod:`xladdin.review.national` -- the national totals format;
- :mod:`xladdin.review.book` -- the review workbook writer (XlsxWriter, one module per sheet);
- untrusted files are inspected first by :mod:`xladdin.workbook.safety`.

The submodules are imported explicitly (``from xladdin.review.consolidate import
consolidate``), so importing this package stays cheap for the command line.
"""

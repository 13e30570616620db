"""The SEZ return of the ribbon and end-to-end tests: one real sez-enterprise workbook.

ILLUSTRATIVE, NOT LSB DATA. Savan-Seno (province 13), manufacturing (industry 03), 2024: GVA
(80 - 50) + (15 - 5) = 40; Golden Triangle (province 05), accommodation (industry 09), 2024:
GVA 100 - 60 = 40 (billion kip; GVA = output - intermediate consumption).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ENTERPRISES = pd.DataFrame(
    [
        ("Factory C", "Savan-Seno", "13", "03", 2024, 80.0, 50.0, 400),
        ("Factory E", "Savan-Seno", "13", "03", 2024, 15.0, 5.0, 40),
        ("Resort A", "Golden Triangle", "05", "09", 2024, 100.0, 60.0, 120),
    ],
    columns=["name", "zone", "province", "industry", "year", "output", "ic", "employees"],
)


def sez_return(book: Path, out: Path, compiler: str | None = None) -> Path:
    """Build the sez-enterprise workbook ``book`` from :data:`ENTERPRISES`, compile it and
    write its prepared (stamped) return to ``out``.

    Parameters
    ----------
    book : Path
        Where the filled template is written.
    out : Path
        Where the returned copy is written.
    compiler : str, optional
        Who compiled it, as the stamp names it (the default of ``prepare_file`` when ``None``).

    Returns
    -------
    Path
        The returned copy.
    """
    from xladdin.compile import compile_file
    from xladdin.returned import prepare_file
    from xladdin.templates.builder import Fill, build

    fill = Fill(scalars={"unit": "billion kip"}, blocks={"enterprises": ENTERPRISES.copy()})
    path = build("sez-enterprise", book, fill=fill)
    compile_file(path, backup=False)
    return prepare_file(path, out=out, compiler=compiler)

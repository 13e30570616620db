"""Charts of the review workbook do not mislead: value axes of levels and bars start at zero
(a growth axis starting at 4.80 makes 5.06 against 5.55 look like 1 : 3), titles are English
and Lao. Read from the chart parts themselves (DrawingML, ECMA-376 Part 1, 21.2)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def review(tmp_path_factory) -> Path:
    from xladdin.cli.demo import run_demo
    from xladdin.returned import prepare_package
    from xladdin.review.consolidate import consolidate

    root = tmp_path_factory.mktemp("charts")
    book = root / "Champasak.xlsx"
    run_demo(book)
    returned = prepare_package(book).path
    return Path(consolidate([returned], root / "review.xlsx").out)


def _charts(path: Path) -> list:
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(path) as z:
        names = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        return [ET.fromstring(z.read(n)) for n in names]


def _title(chart) -> str:
    t = chart.find(f"{C}chart/{C}title")
    return "\n".join("".join(r.text or "" for r in p.iter(f"{A}t")) for p in t.iter(f"{A}p"))


def test_every_chart_title_is_english_and_lao(review):
    charts = _charts(review)
    assert len(charts) >= 3
    for chart in charts:
        title = _title(chart)
        assert re.search(r"[A-Za-z]", title) and re.search(r"[\u0e80-\u0eff]", title), title


def test_levels_and_bars_start_from_zero(review):
    checked = 0
    for chart in _charts(review):
        plot = chart.find(f"{C}chart/{C}plotArea")
        is_bar = plot.find(f"{C}barChart") is not None
        is_level = "billion kip" in _title(chart)
        if not (is_bar or is_level):
            continue  # a line of growth rates may start where its values are
        (axis,) = plot.findall(f"{C}valAx")
        low = axis.find(f"{C}scaling/{C}min")
        assert low is not None and float(low.get("val")) <= 0, _title(chart)
        high = axis.find(f"{C}scaling/{C}max")
        assert high is None or float(high.get("val")) >= 0
        # the axis is shown: <c:delete> absent (its default, as XlsxWriter writes it) or false
        deleted = axis.find(f"{C}delete")
        assert deleted is None or deleted.get("val") in ("0", "false")
        checked += 1
    assert checked >= 3  # the level line, the gap bars, the growth bars

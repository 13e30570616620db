"""Read a PDF page by page with poppler's ``pdftotext`` (poppler-utils): the words of each page
and their heights, to check that no page is blank and no text is too small to read.

Font size from word boxes: ``pdftotext -bbox`` gives each word's box after every transformation
(a sheet scaled to fit a page is measured at the size it prints). A box is the font's ascent plus
descent tall, about 1.3 times the point size for the Carlito/Liberation/Phetsarath fonts
LibreOffice uses here; :data:`BOX_PER_POINT` is measured by
``test_the_font_size_estimate_is_calibrated`` (8 and 11 pt text rendered at 100 %).
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

BOX_PER_POINT = 1.3
"""Height of a word box per point of font size (calibrated by a test)."""

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass
class Page:
    number: int
    words: list[str] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    tops: list[float] = field(default_factory=list)
    """Top (yMin) of each of :attr:`words`."""

    @property
    def blank(self) -> bool:
        return not any(w.strip() for w in self.words)

    def font_pt(self, quantile: float = 0.05) -> float | None:
        """Font size (points) below which only ``quantile`` of the words are (None: no words)."""
        if not self.heights:
            return None
        h = sorted(self.heights)
        return h[min(len(h) - 1, int(len(h) * quantile))] / BOX_PER_POINT

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def first_line(self) -> str:
        """The words of the topmost line of text, left to right in stream order."""
        if not self.tops:
            return ""
        top = min(self.tops)
        return " ".join(w for w, y in zip(self.words, self.tops, strict=True) if y - top < 2.0)


def pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with its words and word heights."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    result: list[Page] = []
    for n, chunk in enumerate(out.split("<page ")[1:], start=1):
        page = Page(n)
        for m in _WORD.finditer(chunk):
            word = html.unescape(m.group(5))
            page.words.append(word)
            page.tops.append(float(m.group(2)))
            if sum(ch.isalnum() for ch in word) >= 2:  # a lone "/" or "%" has a short box
                page.heights.append(float(m.group(4)) - float(m.group(2)))
        result.append(page)
    return result


def to_pdf(soffice: str, book: Path, outdir: Path) -> Path:
    """``book`` rendered by LibreOffice headless (its own profile, so runs do not collide)."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return outdir / (book.stem + ".pdf")


def by_sheet(got: list[Page], titles: list[tuple[str, str]]) -> dict[str, list[Page]]:
    """The pages of each sheet, in print order: ``titles`` is (sheet name, the English start of
    its cell A1 title) for each printed sheet in tab order. A page whose first line starts with
    the next sheet's title opens that sheet; any other page continues the current one (title
    rows repeat row 1 on every page, so a page of a sheet starts with its own title)."""
    out: dict[str, list[Page]] = {name: [] for name, _ in titles}
    k = 0
    for page in got:
        line = page.first_line
        for j in range(k + 1, len(titles)):
            if _opens(line, titles[j][1]):
                k = j
                break
        out[titles[k][0]].append(page)
    return out


def _opens(line: str, title: str) -> bool:
    return bool(title) and (line == title or line.startswith(title + " "))

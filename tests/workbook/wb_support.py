"""Helpers shared by the workbook layer tests (imported by name, not through ``conftest``:
several test folders have a ``conftest.py`` and ``from conftest import`` would pick whichever
was loaded last when the folders are run together)."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "workbook"

# A private LibreOffice profile: isolates the tests from the user's profile, lets several
# conversions run at once, and sets "Recalculation on file load (Excel 2007+): always" so that
# formulas depending on cells written by a patch show recalculated values.
_LO_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


_PROFILE: list[Path] = []


def lo_convert(soffice: str, path: Path, fmt: str, outdir: Path) -> Path:
    """Convert ``path`` with LibreOffice headless (a private profile that recalculates on
    load, shared by the session); return the converted file (asserts success)."""
    if not _PROFILE:
        _PROFILE.append(Path(tempfile.mkdtemp(prefix="xladdin-lo-profile-")))
        atexit.register(shutil.rmtree, _PROFILE[0], True)
        (_PROFILE[0] / "user").mkdir(parents=True, exist_ok=True)
        (_PROFILE[0] / "user" / "registrymodifications.xcu").write_text(_LO_SETTINGS)
    profile = _PROFILE[0]
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    out = outdir / (path.stem + "." + fmt.split(":")[0])
    assert proc.returncode == 0 and out.exists(), f"LibreOffice failed: {proc.stdout} {proc.stderr}"
    return out

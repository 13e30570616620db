"""Consolidation shows the digital signer per province (the Status sheet's "Digitally signed
by" column), checked against the trust root named by ``XLADDIN_TRUST_ROOT``."""

from __future__ import annotations

from pathlib import Path

import pytest

from xladdin.cli import main


def test_status_shows_signer_per_province(tmp_path: Path, pki, password_file, monkeypatch):
    pytest.importorskip("lxml")
    pytest.importorskip("xladdin.templates.builder")
    from xladdin.review.consolidate import consolidate
    from xladdin.review.sample import write_compiled_provinces

    paths = write_compiled_provinces(tmp_path / "returns", ["03", "17"])
    signed = sorted(paths)[0]
    assert (
        main(["sign", str(signed), "--key", str(pki.p12), "--password-file", str(password_file)])
        == 0
    )
    monkeypatch.setenv("XLADDIN_TRUST_ROOT", str(pki.root_pem))
    r = consolidate([tmp_path / "returns"], tmp_path / "review.xlsx")
    rows = {Path(row["file"]).name: row for row in r.stats["status"]}
    by_file = {name: row["signed_by"] for name, row in rows.items()}
    assert by_file[Path(signed).name].startswith("Oudomxay Provincial Statistics Office")
    assert by_file[Path(signed).name].endswith("valid, trusted")
    others = [v for k, v in by_file.items() if k != Path(signed).name]
    assert others and all(v == "not signed" for v in others)

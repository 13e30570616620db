"""Fixtures for ribbon tests (the fake Excel objects: fake_excel.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Per-user folders (log, settings, documents) inside tmp_path; English messages."""
    dirs = {
        "log": tmp_path / "logs",
        "settings": tmp_path / "settings.json",
        "docs": tmp_path / "Documents",
    }
    monkeypatch.setenv("XLADDIN_LOG_DIR", str(dirs["log"]))
    monkeypatch.setenv("XLADDIN_SETTINGS", str(dirs["settings"]))
    monkeypatch.setenv("XLADDIN_DOCUMENTS", str(dirs["docs"]))
    monkeypatch.delenv("XLADDIN_LANG", raising=False)
    return dirs

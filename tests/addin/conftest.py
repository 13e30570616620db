"""Fixtures for the add-in tests: one build per test session."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def built_addin(tmp_path_factory) -> Path:
    """``xladdin.xlam`` built from the current sources (verification runs inside the build)."""
    from xladdin.addin.build import build_addin

    return build_addin(tmp_path_factory.mktemp("addin") / "xladdin.xlam", libreoffice=False)


@pytest.fixture(scope="session")
def addin_parts(built_addin) -> dict[str, bytes]:
    with zipfile.ZipFile(built_addin) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="session")
def addin_modules(built_addin) -> dict[str, str]:
    """Modules as oletools' olevba reads them back."""
    from xladdin.addin.verify import read_vba_with_olevba

    return read_vba_with_olevba(built_addin)

"""Fixtures for the add-in tests: one build per test session."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

# The build imports the ``udfs`` package. pytest puts tests/ on sys.path (rootdir conftest),
# where tests/udfs (test folder, no __init__.py) would shadow it as a namespace package when
# xladdin is installed editable through a meta-path finder (no repo path on sys.path).
ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


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

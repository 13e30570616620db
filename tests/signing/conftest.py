"""Fixtures for signature tests: a test PKI (pki.py), a prepared demo return, and that return
signed with the province's key (the set-up the attack suites share; helpers in tamper.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.signing.pki import Pki, make_pki
from xladdin.cli import main


@pytest.fixture(scope="session")
def prepared_return(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workbook, compiled by ``xladdin demo`` and prepared by ``xladdin prepare``."""
    folder = tmp_path_factory.mktemp("signing-demo")
    demo = folder / "Oudomxay GDP.xlsx"
    assert main(["demo", "-o", str(demo)]) in (0, 1)
    out = folder / "Oudomxay GDP-return.xlsx"
    assert main(["prepare", str(demo), "-o", str(out), "--compiler", "Test Compiler"]) == 0
    return out


@pytest.fixture
def returned(prepared_return: Path, tmp_path: Path) -> Path:
    """A fresh copy of the prepared return for one test."""
    target = tmp_path / "Oudomxay-return.xlsx"
    shutil.copyfile(prepared_return, target)
    return target


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """Root CA -> intermediate CA -> province RSA certificate (PKCS#12 with the intermediate)."""
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def other_pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """Someone else's CA and key with the same province name on it (not trusted)."""
    return make_pki(tmp_path_factory.mktemp("pki-other"), tag="-other")


@pytest.fixture(scope="session")
def ec_pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """A province ECDSA P-256 key issued directly by the root."""
    return make_pki(tmp_path_factory.mktemp("pki-ec"), ecdsa=True, intermediate=False, tag="-ec")


@pytest.fixture
def password_file(tmp_path: Path, pki: Pki) -> Path:
    p = tmp_path / "password.txt"
    p.write_text(pki.password + "\n", encoding="utf-8")
    return p


@pytest.fixture
def signed(returned: Path, pki: Pki) -> Path:
    """The fresh prepared return, signed in place with the province's key (library call)."""
    pytest.importorskip("lxml")
    from tests.signing.tamper import province_key, sign_with

    sign_with(returned, province_key(pki))
    return returned

"""``xladdin consolidate --trust-root CA.pem --signers signers.csv`` and ``xladdin verify
--signers``: the trust root for consolidation given on the command line (winning over
``XLADDIN_TRUST_ROOT``), and the signer table LSB maintains (which certificate signs for which
province; xladdin/signing/signers.py, docs/signing.md).

The PKI is the test CA of pki.py (root -> intermediate -> "Oudomxay Provincial Statistics
Office"); Oudomxay is province 04 and Luang Namtha 03 in xladdin/data/provinces.csv. The
expected outcomes follow from the rule under test, stated in docs/signing.md: a valid signature
by a certificate chaining to the trust root and listed in the table for the file's province
code is "signer matches province"; one not listed for it is an error.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from xladdin.cli import main
from xladdin.signing.signers import SignersFileError, parse_signers, read_signers

HEADER = "province,sha256,common_name,valid_from,valid_to,note\n"


def fingerprint(cert) -> str:
    from cryptography.hazmat.primitives import serialization

    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


@pytest.fixture(scope="module")
def signed_returns(tmp_path_factory, pki) -> dict[str, Path]:
    """Returns of provinces 03 and 04, both signed with Oudomxay's (04) key."""
    pytest.importorskip("lxml")
    pytest.importorskip("xladdin.templates.builder")
    from xladdin.review.sample import write_compiled_provinces
    from xladdin.signing import load_pkcs12, sign_file

    folder = tmp_path_factory.mktemp("signer-returns")
    paths = write_compiled_provinces(folder / "made", ["03", "04"])
    key = load_pkcs12(pki.p12, pki.password)
    out = {}
    for path in paths:
        code = path.name.split("-")[1]
        sign_file(path, key)
        out[code] = path
    return out


@pytest.fixture
def returns(signed_returns: dict[str, Path], tmp_path: Path) -> Path:
    folder = tmp_path / "returns"
    folder.mkdir()
    for path in signed_returns.values():
        shutil.copyfile(path, folder / path.name)
    return folder


def consolidate(capsys, folder: Path, *extra: str) -> tuple[int, dict | None, str]:
    capsys.readouterr()
    code = main(["consolidate", str(folder), "-o", str(folder.parent / "review.xlsx"),
                 "--json", "--no-validate", *extra])  # fmt: skip
    cap = capsys.readouterr()
    return code, (json.loads(cap.out) if cap.out.strip() else None), cap.err


def signed_by(out: dict) -> dict[str, str]:
    return {row["code"]: row["signed_by"] for row in out["files"]}


def signer_findings(out: dict) -> list[dict]:
    return [f for f in out["findings"] if f["code"] == "signature-signer-not-for-province"]


# -- --trust-root on consolidate -----------------------------------------------------------------


def test_trust_root_option_makes_the_signer_trusted(returns, pki, capsys, monkeypatch):
    monkeypatch.delenv("XLADDIN_TRUST_ROOT", raising=False)
    code, out, _ = consolidate(capsys, returns, "--trust-root", str(pki.root_pem))
    assert code in (0, 1)
    assert signed_by(out)["04"].endswith("valid, trusted")


def test_without_trust_root_the_signer_is_not_trusted(returns, capsys, monkeypatch):
    monkeypatch.delenv("XLADDIN_TRUST_ROOT", raising=False)
    _, out, _ = consolidate(capsys, returns)
    assert signed_by(out)["04"].endswith("valid, trust not checked")


def test_trust_root_option_wins_over_the_environment(returns, pki, other_pki, capsys, monkeypatch):
    monkeypatch.setenv("XLADDIN_TRUST_ROOT", str(other_pki.root_pem))
    _, out, _ = consolidate(capsys, returns)
    assert signed_by(out)["04"].endswith("valid, NOT TRUSTED")  # the environment's root
    _, out, _ = consolidate(capsys, returns, "--trust-root", str(pki.root_pem))
    assert signed_by(out)["04"].endswith("valid, trusted")


def test_another_ca_given_as_trust_root_is_untrusted(returns, other_pki, capsys, monkeypatch):
    monkeypatch.delenv("XLADDIN_TRUST_ROOT", raising=False)
    _, out, _ = consolidate(capsys, returns, "--trust-root", str(other_pki.root_pem))
    assert signed_by(out)["04"].endswith("valid, NOT TRUSTED")


@pytest.mark.parametrize("bad", ["missing.pem", "folder", "not-a-cert.pem"])
def test_unusable_trust_root_exits_2_without_traceback(returns, tmp_path, capsys, bad):
    (tmp_path / "folder").mkdir()
    (tmp_path / "not-a-cert.pem").write_text("hello\n", encoding="utf-8")
    code, out, err = consolidate(capsys, returns, "--trust-root", str(tmp_path / bad))
    assert code == 2 and out is None
    assert "signature-trust-root-unreadable" in err and bad in err
    assert "Traceback" not in err


def test_unreadable_trust_root_in_the_environment_exits_2(returns, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XLADDIN_TRUST_ROOT", str(tmp_path / "gone.pem"))
    code, _, err = consolidate(capsys, returns)
    assert code == 2 and "gone.pem" in err


# -- --signers -----------------------------------------------------------------------------------


def write_signers(tmp_path: Path, text: str, name: str = "signers.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_signer_listed_for_its_province_matches(returns, pki, tmp_path, capsys):
    table = write_signers(tmp_path, HEADER + f"04,{fingerprint(pki.cert)},,,,Oudomxay PSO\n")
    _, out, _ = consolidate(
        capsys, returns, "--trust-root", str(pki.root_pem), "--signers", str(table)
    )
    by = signed_by(out)
    assert by["04"].endswith("valid, trusted, signer matches province")
    # the same key on Luang Namtha's (03) return: not a signer of province 03
    assert "signer NOT listed for province 03" in by["03"]
    found = signer_findings(out)
    assert [f["details"]["province"] for f in found] == ["03"]
    f = found[0]
    assert f["severity"] == "error"
    assert f["details"]["file"] == "province-03-return.xlsx"
    assert "CN=Oudomxay Provincial Statistics Office" in f["details"]["signer"]
    assert f["details"]["sha256"] == fingerprint(pki.cert)
    assert "none (no row for province 03 in signers.csv)" in f["details"]["expected"]
    for text in (f["message_en"], f["message_lo"]):
        assert "province-03-return.xlsx" in text and "Oudomxay Provincial Statistics" in text
    # the expected signers in the reader's language (the Lao message has no English phrase)
    assert "none (no row for province 03 in signers.csv)" in f["message_en"]
    assert "ບໍ່ມີແຖວຂອງແຂວງ 03 ໃນ signers.csv" in f["message_lo"]
    assert "no row" not in f["message_lo"]
    # the review workbook's Status sheet says it too
    import openpyxl

    wb = openpyxl.load_workbook(returns.parent / "review.xlsx", read_only=True)
    cells = [str(c) for row in wb["Status"].iter_rows(values_only=True) for c in row if c]
    wb.close()
    # the "Signed by" cell is English / Lao (issue #13): the Lao words follow the English
    lo = "ລາຍເຊັນຖືກຕ້ອງ, ໃບຢັ້ງຢືນເຊື່ອຖືໄດ້, ຜູ້ລົງລາຍເຊັນກົງກັບແຂວງ"
    assert any("valid, trusted, signer matches province / " in c and c.endswith(lo) for c in cells)
    assert any(
        "signer NOT listed for province 03" in c and "ຜູ້ລົງລາຍເຊັນບໍ່ມີໃນລາຍຊື່ຂອງແຂວງ 03" in c
        for c in cells
    )


def test_with_a_signer_table_unsigned_and_changed_returns_are_findings(
    returns, pki, tmp_path, capsys
):
    """With ``--signers`` the reviewer expects every return signed by a listed signer: an
    unsigned return is ``signature-missing`` and a return edited after signing (one sheet part
    rewritten with a zip tool, its signature left in place) is ``signature-part-changed``, each
    an error finding of the review naming the file, in English and in Lao, not only words in
    the Status sheet."""
    import zipfile

    from xladdin.review.sample import write_compiled_provinces

    (unsigned,) = write_compiled_provinces(tmp_path / "made", ["05"])
    shutil.copyfile(unsigned, returns / unsigned.name)
    edited = returns / "province-04-return.xlsx"
    with zipfile.ZipFile(edited) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData> ", 1)
            z.writestr(info, data)
    table = write_signers(tmp_path, HEADER + f"04,{fingerprint(pki.cert)},,,,\n")
    code, out, _ = consolidate(
        capsys, returns, "--trust-root", str(pki.root_pem), "--signers", str(table)
    )
    assert code >= 1
    by_file: dict[str, set[str]] = {}
    for f in out["findings"]:
        if f["code"].startswith("signature-"):
            by_file.setdefault(f["details"].get("file", ""), set()).add(f["code"])
            assert f["severity"] == "error" and f["message_lo"]
    assert "signature-missing" in by_file[unsigned.name]
    assert "signature-part-changed" in by_file[edited.name]
    # the other return (03, signed by 04's key) still says its signer is not listed
    assert by_file["province-03-return.xlsx"] == {"signature-signer-not-for-province"}


def test_a_signed_file_naming_no_province_cannot_be_matched():
    from xladdin.signing.core import SignatureCheck, _signer_table_problems

    (f,) = _signer_table_problems(SignatureCheck(signed=True, valid=True, trusted=True), None)
    assert f.code == "signature-not-checked" and "province" in f.message_en
    assert _signer_table_problems(SignatureCheck(signed=True, valid=True, trusted=True), "04") == []
    (f,) = _signer_table_problems(SignatureCheck(), "04")
    assert f.code == "signature-missing"
    # an unsigned file naming no province (a SEZ return): no signer to expect
    assert _signer_table_problems(SignatureCheck(), None) == []


def test_with_a_signer_table_an_unreadable_signature_never_refuses_a_summed_return(
    returns, pki, tmp_path, capsys
):
    """A signed return given a zip comment (a zip tool's edit: which bytes were signed then
    depends on the reader) reads and is summed; with ``--signers`` its signature is an error
    of the review (``signature-malformed``, naming the file, not its folder), never a second
    refusal (exit 1, not 2). A truncated file, refused by the reader, gets no signature
    finding on top of its own."""
    import zipfile

    commented = returns / "province-04-return.xlsx"
    with zipfile.ZipFile(commented, "a") as z:
        z.comment = b"edited"
    table = write_signers(tmp_path, HEADER + f"04,{fingerprint(pki.cert)},,,,\n")
    code, out, _ = consolidate(
        capsys, returns, "--trust-root", str(pki.root_pem), "--signers", str(table)
    )
    assert code == 1
    rows = {row["code"] or row["file"]: row for row in out["files"]}
    assert rows["04"]["consolidated"] == "consolidated" and not rows["04"]["refused"], rows["04"]
    mine = [f for f in out["findings"] if f["details"].get("file") == commented.name]
    codes = [f["code"] for f in mine if f["code"].startswith("signature-")]
    assert codes == ["signature-malformed"]
    assert not any(f.get("refuses") for f in mine if f["code"].startswith("signature-"))
    assert (
        str(returns)
        not in next(f for f in mine if f["code"] == "signature-malformed")["message_en"]
    )
    # a truncated return: the reader refuses it (exit 2), the signer table adds nothing
    data = (returns / "province-03-return.xlsx").read_bytes()
    (returns / "province-05-return.xlsx").write_bytes(data[: len(data) // 2])
    code, out, _ = consolidate(
        capsys, returns, "--trust-root", str(pki.root_pem), "--signers", str(table)
    )
    cut = [
        f["code"] for f in out["findings"] if f["details"].get("file") == "province-05-return.xlsx"
    ]
    assert code == 2 and cut and not any(c.startswith("signature-") for c in cut), cut


def test_an_unsafe_entry_name_is_said_in_words_by_the_signature_check(tmp_path):
    import zipfile

    from xladdin.errors import RefusedWorkbookError
    from xladdin.signing.core import _Parts

    path = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("../evil", "x")
    with pytest.raises(RefusedWorkbookError) as exc:
        _Parts(path)
    assert "'path traversal'" in str(exc.value) and "'entry_path" not in str(exc.value)


def test_signer_not_for_province_makes_the_exit_code_1(returns, pki, tmp_path, capsys):
    table = write_signers(tmp_path, HEADER + f"04,{fingerprint(pki.cert)},,,,\n")
    code, out, _ = consolidate(
        capsys, returns, "--trust-root", str(pki.root_pem), "--signers", str(table)
    )
    assert code >= 1 and signer_findings(out)
    status = {row["code"]: row for row in out["files"]}
    assert any(r["code"] == "signature-signer-not-for-province" for r in status["03"]["reasons"])


def test_signer_matched_by_common_name_and_expected_signers_named(returns, pki, tmp_path, capsys):
    table = write_signers(
        tmp_path,
        HEADER
        + "4,,  oudomxay provincial   STATISTICS office ,,,case and spaces do not matter\n"
        + "03,,Luang Namtha Provincial Statistics Office,2020-01-01,,\n",
    )
    _, out, _ = consolidate(
        capsys, returns, "--trust-root", str(pki.root_pem), "--signers", str(table)
    )
    assert signed_by(out)["04"].endswith("signer matches province")
    (f,) = signer_findings(out)
    assert f["details"]["expected"] == (
        "CN=Luang Namtha Provincial Statistics Office, 2020-01-01 to ..."
    )


def test_signer_outside_its_dates_is_not_matched(returns, pki, tmp_path, capsys):
    # the test certificate signs today; the row ended in 2020
    table = write_signers(
        tmp_path,
        HEADER + f"04,{fingerprint(pki.cert)},,2019-01-01,2020-12-31,left the office\n",
    )
    _, out, _ = consolidate(
        capsys, returns, "--trust-root", str(pki.root_pem), "--signers", str(table)
    )
    assert sorted(f["details"]["province"] for f in signer_findings(out)) == ["03", "04"]


def test_signers_without_trust_root_exits_2(returns, pki, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("XLADDIN_TRUST_ROOT", raising=False)
    table = write_signers(tmp_path, HEADER + f"04,{fingerprint(pki.cert)},,,,\n")
    code, out, err = consolidate(capsys, returns, "--signers", str(table))
    assert code == 2 and out is None and "--signers needs --trust-root" in err


BAD_TABLES = {
    "no-header-column": ("province,note\n04,x\n", "needs the columns province and sha256"),
    "unknown-column": ("province,sha265\n04,ab\n", "unknown column(s) 'sha265'"),
    "bad-fingerprint": ("province,sha256\n04,abc123\n", "line 2: sha256 'abc123' is not"),
    "unknown-province": ("province,common_name\n19,X\n", "line 2: province 19 is not in"),
    "not-a-code": ("province,common_name\nOudomxay,X\n", "province 'Oudomxay' is not a"),
    "bad-date": ("province,common_name,valid_to\n04,X,31/12/2026\n", "YYYY-MM-DD"),
    "dates-reversed": (
        "province,common_name,valid_from,valid_to\n04,X,2026-02-01,2026-01-01\n",
        "valid_from 2026-02-01 is after valid_to 2026-01-01",
    ),
    "no-certificate": ("province,sha256,common_name\n04,,\n", "give the certificate's sha256"),
    "empty": ("", "the file is empty"),
    "header-only": ("province,sha256\n", "no signer rows"),
    "too-many-cells": ("province,common_name\n04,X,extra\n", "3 cells, the header has 2"),
}


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_malformed_signers_table_exits_2_naming_the_problem(returns, pki, tmp_path, capsys, case):
    text, words = BAD_TABLES[case]
    table = write_signers(tmp_path, text)
    code, out, err = consolidate(
        capsys, returns, "--trust-root", str(pki.root_pem), "--signers", str(table)
    )
    assert code == 2 and out is None
    assert f"bad --signers {table}" in err and words in err, err
    assert "Traceback" not in err


UNREADABLE = ["missing", "folder", "latin-1", "binary"]


def unreadable_table(tmp_path: Path, case: str) -> Path:
    """A signers.csv that cannot be used as a text table: missing, a folder, not UTF-8, binary."""
    path = tmp_path / "signers.csv"
    if case == "folder":
        path.mkdir()
    elif case == "latin-1":
        path.write_bytes("province,common_name\n04,Caf\u00e9\n".encode("latin-1"))
    elif case == "binary":
        path.write_bytes(b"province,common_name\n04,\x00\x01\n")
    return path


@pytest.mark.parametrize("case", UNREADABLE)
def test_unreadable_signers_file_exits_2(returns, pki, tmp_path, capsys, case):
    path = unreadable_table(tmp_path, case)
    code, out, err = consolidate(
        capsys, returns, "--trust-root", str(pki.root_pem), "--signers", str(path)
    )
    assert code == 2 and out is None and "bad --signers" in err and "Traceback" not in err


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_every_problem_of_a_signer_table_is_said_in_lao(case, tmp_path):
    """Each problem of a malformed table has its Lao words (``signers_err_*`` rows): the
    place (the file and its line) and what is wrong, with no English words left over."""
    from tests.lao_check import latin_left

    text, _words = BAD_TABLES[case]
    table = write_signers(tmp_path, text)
    with pytest.raises(SignersFileError) as err:
        read_signers(table, {f"{i:02d}" for i in range(1, 19)} | {"00"})
    said = err.value.reason
    assert said["reason"] == str(err.value)
    lo = err.value.without(str(table))["reason_lo"]
    assert re.search(r"[\u0e80-\u0eff]", lo), lo
    # the table's own column names and values are quoted as the file has them
    assert latin_left(lo, [str(table), "signers.csv"], ("Oudomxay",)) == [], lo


@pytest.mark.parametrize("case", UNREADABLE)
def test_an_unreadable_signer_table_is_said_in_lao(case, tmp_path):
    from tests.lao_check import latin_left

    path = unreadable_table(tmp_path, case)
    with pytest.raises(SignersFileError) as err:
        read_signers(path)
    lo = err.value.without(str(path))["reason_lo"]
    assert re.search(r"[\u0e80-\u0eff]", lo) and latin_left(lo, [str(path)]) == [], lo


def test_ribbon_signer_setting_problem_is_said_in_lao(tmp_path, monkeypatch):
    # The ribbon's box gets the table's problem in Lao (not the English text in a Lao box).
    pytest.importorskip("lxml")
    from xladdin.ribbon.settings import SettingUnusableError, consolidate_signatures

    table = write_signers(tmp_path, "province,sha256\n04,zz\n")
    monkeypatch.delenv("XLADDIN_TRUST_ROOT", raising=False)
    with pytest.raises(SettingUnusableError) as err:
        consolidate_signatures({"consolidate_signers": str(table)})
    assert err.value.setting == "consolidate_signers"
    assert "--signers needs" in err.value.reason and "--trust-root" in err.value.reason_lo
    assert "needs" not in err.value.reason_lo


def test_unusable_signers_settings_are_said_in_lao(returns, pki, tmp_path, capsys, monkeypatch):
    """``--lang lo``: the words of the catalogue rows ``signers_unusable`` and ``cli_failed``
    in Lao, and the reason too."""
    monkeypatch.delenv("XLADDIN_TRUST_ROOT", raising=False)
    table = write_signers(tmp_path, "")
    code, _, err = consolidate(
        capsys, returns, "--trust-root", str(pki.root_pem), "--signers", str(table), "--lang", "lo"
    )
    assert code == 2 and f"ໃຊ້ໄຟລ໌ --signers {table} ບໍ່ໄດ້" in err and "bad --signers" not in err
    code, _, err = consolidate(capsys, returns, "--signers", str(table), "--lang", "lo")
    assert code == 2 and "'xladdin consolidate': ບໍ່ສຳເລັດ: --signers ຕ້ອງໃຊ້ຄູ່ກັບ --trust-root" in err
    assert "needs" not in err  # the reason in Lao too (a catalogue row, issue #12)


# -- xladdin verify --signers ----------------------------------------------------------------------


def verify(capsys, path: Path, *extra: str) -> tuple[int, dict | None, str]:
    capsys.readouterr()
    code = main(["verify", str(path), "--json", *extra])
    cap = capsys.readouterr()
    return code, (json.loads(cap.out) if cap.out.strip() else None), cap.err


def test_verify_signers_match_and_mismatch(signed_returns, pki, tmp_path, capsys):
    table = write_signers(tmp_path, HEADER + f"04,{fingerprint(pki.cert)},,,,\n")
    args = ("--trust-root", str(pki.root_pem), "--signers", str(table))
    code, out, _ = verify(capsys, signed_returns["04"], *args)
    assert code == 0
    assert [f["code"] for f in out["signature"]["findings"]][-1] == "signature-signer-for-province"
    code, out, _ = verify(capsys, signed_returns["03"], *args)
    assert code == 1
    (f,) = [x for x in out["signature"]["findings"] if x["severity"] == "error"]
    assert f["code"] == "signature-signer-not-for-province"
    assert f["details"]["province"] == "03"


def test_verify_signers_without_trust_root_or_malformed_exits_2(signed_returns, pki, tmp_path,
                                                                  capsys):  # fmt: skip
    good = write_signers(tmp_path, HEADER + f"04,{fingerprint(pki.cert)},,,,\n", "good.csv")
    code, out, err = verify(capsys, signed_returns["04"], "--signers", str(good))
    assert code == 2 and out is None and "--signers needs --trust-root" in err
    bad = write_signers(tmp_path, "province,sha256\n04,zz\n", "bad.csv")
    code, out, err = verify(
        capsys, signed_returns["04"], "--trust-root", str(pki.root_pem), "--signers", str(bad)
    )
    assert code == 2 and out is None and "bad --signers" in err and "line 2" in err
    # in Lao: the reason is a catalogue row, and so is the table's own problem (with its line)
    code, _, err = verify(capsys, signed_returns["04"], "--signers", str(good), "--lang", "lo")
    assert code == 2 and "--signers ຕ້ອງໃຊ້ຄູ່ກັບ --trust-root" in err and "needs" not in err
    code, _, err = verify(
        capsys, signed_returns["04"], "--trust-root", str(pki.root_pem), "--signers", str(bad),
        "--lang", "lo",
    )  # fmt: skip
    assert code == 2 and f"ໃຊ້ໄຟລ໌ --signers {bad} ບໍ່ໄດ້" in err and "bad.csv ແຖວ 2" in err
    assert "line 2" not in err and "is not a SHA-256" not in err  # the table's problem in Lao


# -- the table itself ------------------------------------------------------------------------------


class Signer:
    def __init__(self, sha256="", common_name="", signing_time=""):
        self.sha256, self.common_name, self.signing_time = sha256, common_name, signing_time


def test_fingerprint_with_colons_and_upper_case_as_windows_shows_it():
    fp = "AB" * 32
    table = parse_signers(HEADER + f"04,{':'.join(fp[i : i + 2] for i in range(0, 64, 2))},,,,\n")
    assert table.matches("04", Signer(sha256=fp.lower()))
    assert not table.matches("03", Signer(sha256=fp.lower()))


def test_both_fingerprint_and_name_must_match_when_both_given():
    table = parse_signers(HEADER + f"04,{'ab' * 32},Name,,,\n")
    assert table.matches("04", Signer("ab" * 32, "name"))
    assert not table.matches("04", Signer("ab" * 32, "Other"))
    assert not table.matches("04", Signer("cd" * 32, "Name"))


def test_dates_are_inclusive_and_need_a_signing_time():
    table = parse_signers(HEADER + "04,,N,2026-01-01,2026-12-31,\n")
    assert table.matches("04", Signer(common_name="N", signing_time="2026-12-31T23:59:59Z"))
    assert table.matches("04", Signer(common_name="N", signing_time="2026-01-01T00:00:00Z"))
    assert not table.matches("04", Signer(common_name="N", signing_time="2027-01-01T00:00:00Z"))
    assert not table.matches("04", Signer(common_name="N", signing_time=""))


def test_lao_common_name_compared_after_nfc():
    # Unicode canonical ordering: vowel sign U+0EB8 (combining class 118) before tone mark
    # U+0EC8 (class 122); a name typed tone-first is the same name after NFC (UAX #15)
    typed = "\u0e81\u0ec8\u0eb8\u0ea1 Office"  # tone mark first
    in_certificate = "\u0e81\u0eb8\u0ec8\u0ea1 Office"
    assert typed != in_certificate
    table = parse_signers(HEADER + f"04,,{typed},,,\n")
    assert table.matches("04", Signer(common_name=in_certificate))


def test_excel_utf8_bom_and_header_case_are_accepted():
    table = parse_signers("\ufeffProvince,Common Name\n04,N\n")
    assert [r.province for r in table.rows] == ["04"]


def test_parse_error_is_a_value_error_naming_the_line():
    with pytest.raises(SignersFileError, match=r"signers.csv line 3: province"):
        parse_signers(HEADER + "04,,N,,,\n,,M,,,\n")


@pytest.mark.parametrize(
    "code", ["\u00b3", "\u0663", "\u0ed3"], ids=["superscript", "arabic", "lao"]
)
def test_province_digits_other_than_ascii_are_not_a_province_code(code):
    # str.isdigit() is true for a superscript 3 and Arabic-Indic and Lao digits; a code in
    # provinces.csv is written in ASCII digits
    with pytest.raises(SignersFileError, match=r"line 2: province .* is not a province code"):
        parse_signers(HEADER + f"{code},,N,,,\n")


# -- the ribbon's Consolidate: settings consolidate_trust_root / consolidate_signers -------------


def test_ribbon_settings_give_the_same_policy(pki, other_pki, tmp_path, monkeypatch):
    pytest.importorskip("lxml")
    from xladdin.ribbon.settings import consolidate_signatures

    monkeypatch.setenv("XLADDIN_TRUST_ROOT", str(other_pki.root_pem))
    table = write_signers(tmp_path, HEADER + f"04,{fingerprint(pki.cert)},,,,\n")
    policy = consolidate_signatures(
        {"consolidate_trust_root": str(pki.root_pem), "consolidate_signers": str(table)}
    )
    assert policy.source == "--trust-root"  # the setting wins over the environment
    assert [fingerprint(c) for c in policy.trust_roots] == [fingerprint(pki_root(pki.root_pem))]
    assert policy.signers.for_province("04")
    assert consolidate_signatures({}).source == "XLADDIN_TRUST_ROOT"


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"consolidate_trust_root": "missing.pem"}, "consolidate_trust_root: The trust root"),
        ({"consolidate_signers": "signers.csv"}, "consolidate_signers: --signers needs"),
    ],
)
def test_ribbon_settings_that_cannot_be_used_name_the_setting(settings, words, monkeypatch):
    pytest.importorskip("lxml")
    from xladdin.ribbon.settings import consolidate_signatures

    monkeypatch.delenv("XLADDIN_TRUST_ROOT", raising=False)
    with pytest.raises(ValueError, match=words):
        consolidate_signatures(settings)


def pki_root(path: Path):
    from cryptography import x509

    return x509.load_pem_x509_certificate(path.read_bytes())


def test_worker_processes_check_signatures_as_one_process_does(returns, pki, tmp_path, capsys):
    """The signature of each new file is checked in the process that read it, on the bytes it
    read (issue #12): the policy (trust root as DER, signer table) goes to the workers and the
    Status sheet says the same as when one process reads everything."""
    table = write_signers(tmp_path, HEADER + f"04,{fingerprint(pki.cert)},,,,Oudomxay PSO\n")
    args = ("--trust-root", str(pki.root_pem), "--signers", str(table))
    one = consolidate(capsys, returns, *args, "--workers", "1")
    for old in returns.parent.glob("review*"):  # no register: every file is read again
        old.unlink()
    two = consolidate(capsys, returns, *args, "--workers", "2")
    assert one[0] == two[0] == 1  # 03's return is signed with 04's key
    assert signed_by(two[1]) == signed_by(one[1])
    assert signed_by(two[1])["04"].endswith("valid, trusted, signer matches province")
    assert signer_findings(two[1]) == signer_findings(one[1]) != []


def test_signature_policy_pickles_with_its_trust_roots(pki, tmp_path):
    import pickle

    pytest.importorskip("lxml")  # trust roots need the sign extra

    from xladdin.signing import signature_policy

    table = write_signers(tmp_path, HEADER + f"04,{fingerprint(pki.cert)},,,,Oudomxay PSO\n")
    policy = signature_policy([pki.root_pem], table, env=False)
    back = pickle.loads(pickle.dumps(policy))
    assert back.source == policy.source and back.signers == policy.signers
    assert [fingerprint(c) for c in back.trust_roots] == [
        fingerprint(c) for c in policy.trust_roots
    ]
    assert pickle.loads(pickle.dumps(dataclasses_replace(policy))).trust_roots is None


def dataclasses_replace(policy):
    import dataclasses

    return dataclasses.replace(policy, trust_roots=None, signers=None)


@pytest.mark.parametrize(
    "error",
    [
        PermissionError(13, "Permission denied"),
        OSError(5, "Input/output error"),
    ],
    ids=["no-permission", "io-error"],
)
def test_a_signer_table_the_system_cannot_read_is_said_in_both_languages(
    error, tmp_path, monkeypatch
):
    # An OS error while reading (no permission, a network share gone, Windows' sharing
    # violation) is a SignersFileError with its reason in English and Lao, never a KeyError.
    from tests.lao_check import latin_left

    path = write_signers(tmp_path, HEADER + "04,,Somphone,,,\n")
    real = Path.read_bytes

    def failing(self):
        if self == path:
            raise error
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", failing)
    with pytest.raises(SignersFileError) as err:
        read_signers(path)
    why = err.value.without(str(path))
    assert "cannot be read" in why["reason"]
    assert why["reason_lo"].startswith("ອ່ານບໍ່ໄດ້: ")
    assert latin_left(why["reason_lo"], [str(path)]) == [], why["reason_lo"]


def test_verify_with_an_unreadable_signer_table_exits_2_without_a_traceback(
    signed_returns, pki, tmp_path, capsys, monkeypatch
):
    path = write_signers(tmp_path, HEADER + f"04,{fingerprint(pki.cert)},,,,\n")
    real = Path.read_bytes

    def failing(self):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", failing)
    code, out, err = verify(
        capsys, signed_returns["04"], "--trust-root", str(pki.root_pem), "--signers", str(path)
    )
    assert code == 2 and out is None and "bad --signers" in err and "Traceback" not in err

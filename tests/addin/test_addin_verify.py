"""The verification catches what it claims to catch (tampered copies of a good build)."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from xladdin.addin import build, verify
from xladdin.errors import AddinBuildError


def _with_part(src, dest, name, data):
    parts = build.read_parts(src)
    parts[name] = data
    build.write_zip(dest, parts)
    return dest


def _fails(path, check):
    with pytest.raises(AddinBuildError) as err:
        verify.verify_addin(path, libreoffice=False)
    assert check in str(err.value)
    return str(err.value)


def test_edited_module_is_caught(built_addin, tmp_path):
    from pyopenvba import ExcelFile

    bad = tmp_path / "edited.xlam"
    shutil.copyfile(built_addin, bad)
    with ExcelFile(bad) as wb:
        wb.set_module("Dispatcher", wb.get_module("Dispatcher").replace("MsgBox", "Debug.Print"))
        wb.save()
    msg = _fails(bad, "olevba read-back")
    assert "module Dispatcher differs from its source" in msg


def test_callback_without_sub_is_caught(built_addin, tmp_path):
    xml = zipfile.ZipFile(built_addin).read("customUI/customUI14.xml").decode()
    xml = xml.replace('onLoad="xladdin_OnLoad"', 'onLoad="xladdin_Missing"', 1)
    bad = _with_part(built_addin, tmp_path / "cb.xlam", "customUI/customUI14.xml", xml.encode())
    assert "xladdin_Missing" in _fails(bad, "ribbon callbacks")


def test_tag_without_case_is_caught(built_addin, tmp_path):
    xml = zipfile.ZipFile(built_addin).read("customUI/customUI14.xml").decode()
    xml = xml.replace('tag="rebase"', 'tag="delete-everything"')
    bad = _with_part(built_addin, tmp_path / "tag.xlam", "customUI/customUI14.xml", xml.encode())
    assert "delete-everything" in _fails(bad, "dispatcher tags")


def test_malformed_ribbon_is_caught(built_addin, tmp_path):
    bad = _with_part(built_addin, tmp_path / "xml.xlam", "customUI/customUI14.xml", b"<customUI>")
    _fails(bad, "not well-formed")


def test_wrong_namespace_is_caught(built_addin, tmp_path):
    xml = zipfile.ZipFile(built_addin).read("customUI/customUI14.xml").decode()
    xml = xml.replace("2009/07/customui", "2006/01/customui")
    bad = _with_part(built_addin, tmp_path / "ns.xlam", "customUI/customUI14.xml", xml.encode())
    _fails(bad, "must be customUI in namespace")


def test_performance_cache_is_caught(built_addin, tmp_path):
    from pyopenvba.cfb import CFB

    parts = build.read_parts(built_addin)
    cfb = CFB.from_bytes(parts["xl/vbaProject.bin"])
    # A live (non-zero) performance cache left behind: neither variant.
    cfb.write_stream_in_storage("VBA", "_VBA_PROJECT", bytes.fromhex("cc61b200000300") + b"\1" * 64)
    bad = _with_part(built_addin, tmp_path / "cache.xlam", "xl/vbaProject.bin", cfb.to_bytes())
    _fails(bad, "_VBA_PROJECT")


def test_non_ascii_vba_is_caught(built_addin, tmp_path):
    from pyopenvba import ExcelFile

    bad = tmp_path / "ascii.xlam"
    shutil.copyfile(built_addin, bad)
    with ExcelFile(bad) as wb:
        wb.set_module("Dispatcher", wb.get_module("Dispatcher") + "' caf\u00e9\r\n")
        wb.save()
    report = verify.verify_addin(bad, libreoffice=False, raise_on_failure=False)
    ascii_check = next(c for c in report.checks if c.name == "ASCII")
    assert ascii_check.ok is False and "Dispatcher" in ascii_check.detail


def test_sheet_content_type_is_caught(built_addin, tmp_path):
    types = zipfile.ZipFile(built_addin).read("[Content_Types].xml").decode()
    types = types.replace("ms-excel.addin.macroEnabled", "ms-excel.sheet.macroEnabled")
    bad = _with_part(built_addin, tmp_path / "ct.xlam", "[Content_Types].xml", types.encode())
    _fails(bad, "workbook content type")


def test_not_a_zip(tmp_path):
    bad = tmp_path / "bad.xlam"
    bad.write_bytes(b"not a zip")
    _fails(bad, "not a valid zip")


def test_dispatcher_case_parser():
    text = 'Select Case t\r\n    Case "a", "b" _\r\n        , "c"\r\n    Case "d": x\r\n    Case Else\r\nEnd Select\r\n'
    assert verify.dispatcher_cases(text) == {"a", "b", "c", "d"}


def test_public_subs_ignores_private_and_functions():
    mods = {
        "M": "Sub A(x)\r\nPrivate Sub B()\r\nPublic Function C()\r\n  Public Sub D(c As IRibbonControl)\r\n"
    }
    assert set(verify.public_subs(mods)) == {"a", "d"}


def test_unknown_icon_is_caught(built_addin, tmp_path):
    xml = zipfile.ZipFile(built_addin).read("customUI/customUI14.xml").decode()
    xml = xml.replace('imageMso="Refresh"', 'imageMso="RefreshTypo"')
    bad = _with_part(built_addin, tmp_path / "img.xlam", "customUI/customUI14.xml", xml.encode())
    assert "RefreshTypo" in _fails(bad, "ribbon icons")


def test_block_structure_check():
    # Conditional compilation: each configuration is balanced on its own.
    cond = "#If Mac Then\r\nFunction F(x As Long)\r\n#Else\r\nFunction F(x)\r\n#End If\r\nEnd Function\r\n"
    assert verify.block_errors(cond) == []
    ok = "Sub A()\r\n    If x Then y\r\n    If x Then\r\n        Select Case t\r\n        End Select\r\n    End If\r\nEnd Sub\r\n"
    assert verify.block_errors(ok) == []
    broken = 'Sub A()\r\n    Select Case t\r\n        Case "x" \' End Select\r\nEnd Sub\r\n'
    errors = verify.block_errors(broken)
    assert "line 4: 'End Sub' closes nothing open" in errors
    assert "line 2: Select never closed" in errors


def test_block_structure_of_every_built_module():
    from xladdin.addin.build import expected_modules

    for name, text in expected_modules().items():
        assert verify.block_errors(text) == [], name


def test_duplicate_ribbon_id_is_caught(built_addin, tmp_path):
    xml = zipfile.ZipFile(built_addin).read("customUI/customUI14.xml").decode()
    xml = xml.replace('id="btnRebase_en"', 'id="btnRebase_lo"')
    bad = _with_part(built_addin, tmp_path / "dup.xlam", "customUI/customUI14.xml", xml.encode())
    assert "'btnRebase_lo' used 2 times" in _fails(bad, "ribbon XML")


def test_unknown_ribbon_attribute_is_caught(built_addin, tmp_path):
    xml = zipfile.ZipFile(built_addin).read("customUI/customUI14.xml").decode()
    xml = xml.replace('size="large"', 'sise="large"', 1)
    bad = _with_part(built_addin, tmp_path / "attr.xlam", "customUI/customUI14.xml", xml.encode())
    assert "'sise' not allowed" in _fails(bad, "ribbon XML")


# Hostile .xlam files made at the zip level (issue #12: one set of package limits). Each is
# refused before its parts are inflated: a run never holds hundreds of MiB for a small file.


def _zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return path


def test_a_part_that_inflates_past_the_ratio_limit_is_refused(tmp_path):
    # 64 MiB of zeros deflate to about 64 KiB (1000:1): the ratio limit refuses it.
    bomb = _zip(tmp_path / "bomb.xlam", [("xl/bomb.bin", bytes(64 * 2**20))])
    assert bomb.stat().st_size < 200_000
    msg = _fails(bomb, "refused by the package limits")
    assert "zip bomb" in msg
    with pytest.raises(AddinBuildError, match="zip bomb"):
        build.read_parts(bomb)  # what install reads


def test_parts_declaring_more_than_the_total_limit_are_refused(tmp_path):
    from xladdin.workbook.limits import Limits
    from xladdin.workbook.package import read_all_parts

    # Each part is small and plain; together they pass a (lowered) total limit.
    text = bytes(range(256)) * 64  # 16 KiB, barely compressible
    path = _zip(tmp_path / "many.xlam", [(f"xl/p{i}.bin", text) for i in range(8)])
    with pytest.raises(Exception, match="once decompressed"):
        read_all_parts(path, Limits(max_total_bytes=100_000))
    assert len(read_all_parts(path, Limits(max_total_bytes=200_000))) == 8


def test_an_entry_name_that_climbs_out_is_refused(tmp_path):
    path = _zip(tmp_path / "climb.xlam", [("../evil.txt", b"x"), ("[Content_Types].xml", b"<a/>")])
    _fails(path, "refused by the package limits")


def test_a_part_whose_bytes_were_edited_fails_its_check(built_addin, tmp_path):
    # A text editor changed bytes inside the deflated data: the CRC (or inflate) catches it.
    data = bytearray(built_addin.read_bytes())
    with zipfile.ZipFile(built_addin) as z:
        info = z.getinfo("xl/vbaProject.bin")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 100] ^= 0xFF
    bad = tmp_path / "flipped.xlam"
    bad.write_bytes(bytes(data))
    _fails(bad, "not a valid zip")

"""LibreOffice as the test oracle for OOXML signatures, run headless.

LibreOffice checks an OOXML package signature in ``DocumentDigitalSignatures::
verifyDocumentContentSignatures`` (the service behind File > Digital Signatures): it reads
``_xmlsignatures/`` through the package's relationships, recomputes every digest with libxmlsec
(whose OOXML relationship transform LibreOffice contributed) and checks the signature value.
We call that service from a Basic macro installed in a throw-away user profile, so no Python-UNO
bridge is needed, and read back one line per signature:
``valid=True;certificate=<CertificateValidity bits>;partial=...;signer=CN=...``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

TIMEOUT = 120

_MACRO = r"""Sub CheckSig
  Dim sIn As String, sOut As String
  sIn = Environ("XLADDIN_SIG_IN")
  sOut = Environ("XLADDIN_SIG_OUT")
  iF = FreeFile
  Open sOut For Output As #iF
  On Error GoTo Failed
  oFac = createUnoService("com.sun.star.embed.StorageFactory")
  Dim aProp As New com.sun.star.beans.PropertyValue
  aProp.Name = "StorageFormat"
  aProp.Value = "OFOPXMLFormat"
  Dim aArgs(2)
  aArgs(0) = ConvertToURL(sIn)
  aArgs(1) = com.sun.star.embed.ElementModes.READ
  aArgs(2) = Array(aProp)
  oStor = oFac.createInstanceWithArguments(aArgs)
  oSigs = createUnoService("com.sun.star.security.DocumentDigitalSignatures")
  aInfos = oSigs.verifyDocumentContentSignatures(oStor, Nothing)
  Print #iF, "count=" & (UBound(aInfos) + 1)
  For i = 0 To UBound(aInfos)
    s = ""
    If Not IsNull(aInfos(i).Signer) Then s = aInfos(i).Signer.SubjectName
    Print #iF, "valid=" & aInfos(i).SignatureIsValid & ";certificate=" & aInfos(i).CertificateStatus & ";partial=" & aInfos(i).PartialDocumentSignature & ";signer=" & s
  Next
  Close #iF
  StarDesktop.terminate()
  Exit Sub
Failed:
  Print #iF, "error=" & Error$
  Close #iF
  StarDesktop.terminate()
End Sub
"""

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_MODULE = (
    _HEAD + '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
    '"module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" '
    'script:name="XladdinSig" script:language="StarBasic">{code}</script:module>\n'
)
_LIBRARY = (
    _HEAD + '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
    '"library.dtd">\n<library:library xmlns:library="http://openoffice.org/2000/library" '
    'library:name="Standard" library:readonly="false" library:passwordprotected="false">'
    '{elements}</library:library>\n'
)
_LIBRARIES = (
    _HEAD + '<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
    '"libraries.dtd">\n<library:libraries xmlns:library="http://openoffice.org/2000/library" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"><library:library library:name="Standard" '
    'xlink:href="$(USER)/basic/Standard/{kind}.xlb/" xlink:type="simple" library:link="false"/>'
    "</library:libraries>\n"
)


@dataclass
class LoSignature:
    valid: bool
    certificate_status: int
    partial: bool
    signer: str


@dataclass
class LoResult:
    signatures: list[LoSignature]
    raw: str


def _run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """Run soffice in its own process group, killed as a whole if it hangs."""
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise RuntimeError(f"LibreOffice did not finish in {TIMEOUT}s") from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _profile(root: Path, soffice: str, env: dict[str, str]) -> Path:
    """A LibreOffice user profile with our macro in "My Macros" (trusted, unlike document
    macros). LibreOffice replaces the Basic libraries of a profile it has never started, so it
    is started once first."""
    cmd = [soffice, f"-env:UserInstallation={root.as_uri()}", "--headless", "--norestore",
           "--terminate_after_init"]  # fmt: skip
    _run(cmd, env)
    basic = root / "user" / "basic"
    std = basic / "Standard"
    std.mkdir(parents=True, exist_ok=True)
    (std / "XladdinSig.xba").write_text(_MODULE.format(code=escape(_MACRO)), encoding="utf-8")
    elem = '<library:element library:name="XladdinSig"/>'
    (std / "script.xlb").write_text(_LIBRARY.format(elements=elem), encoding="utf-8")
    (std / "dialog.xlb").write_text(_LIBRARY.format(elements=""), encoding="utf-8")
    (basic / "script.xlc").write_text(_LIBRARIES.format(kind="script"), encoding="utf-8")
    (basic / "dialog.xlc").write_text(_LIBRARIES.format(kind="dialog"), encoding="utf-8")
    return root


def libreoffice_signatures(path: Path, soffice: str) -> LoResult:
    """What LibreOffice says about the signatures of the OOXML file ``path``."""
    with tempfile.TemporaryDirectory(prefix="xladdin-lo-sig-") as tmp:
        tmpdir = Path(tmp)
        out = tmpdir / "result.txt"
        env = dict(
            os.environ,
            HOME=str(tmpdir),
            XLADDIN_SIG_IN=str(Path(path).resolve()),
            XLADDIN_SIG_OUT=str(out),
        )
        profile = _profile(tmpdir / "profile", soffice, env)
        cmd = [
            soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--nologo", "--nodefault", "macro:///Standard.XladdinSig.CheckSig",
        ]  # fmt: skip
        proc = _run(cmd, env)
        if not out.is_file():
            raise RuntimeError(
                f"LibreOffice ran no macro (exit {proc.returncode}): {proc.stderr[-2000:]!r}"
            )
        raw = out.read_text(encoding="utf-8", errors="replace")
    if "error=" in raw:
        raise RuntimeError(f"LibreOffice macro failed: {raw}")
    sigs = []
    for line in raw.splitlines():
        if not line.startswith("valid="):
            continue
        fields = dict(item.split("=", 1) for item in line.split(";", 3))
        sigs.append(
            LoSignature(
                valid=fields["valid"].strip().lower() == "true",
                certificate_status=int(fields["certificate"]),
                partial=fields["partial"].strip().lower() == "true",
                signer=fields["signer"].strip(),
            )
        )
    return LoResult(sigs, raw)

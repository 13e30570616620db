"""LibreOffice as the test oracle for OOXML signatures, run headless.

LibreOffice checks an OOXML package signature in ``DocumentDigitalSignatures::
verifyDocumentContentSignatures`` (the service behind File > Digital Signatures): it reads
``_xmlsignatures/`` through the package's relationships, recomputes every digest with libxmlsec
(whose OOXML relationship transform LibreOffice contributed) and checks the signature value.
We call that service from a Basic macro installed in a throw-away user profile (no Python-UNO
bridge is installed here), on the package opened as a plain zip storage as LibreOffice opens
OOXML documents, and read back one line per signature (the macro writes through UNO's
SimpleFileAccess: Basic's own ``Open ... For Output`` hangs headless LibreOffice 7.4):
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
  oSFA = createUnoService("com.sun.star.ucb.SimpleFileAccess")
  oStream = oSFA.openFileWrite(ConvertToURL(Environ("XLADDIN_SIG_OUT")))
  oText = createUnoService("com.sun.star.io.TextOutputStream")
  oText.setOutputStream(oStream)
  On Error GoTo Failed
  oFac = createUnoService("com.sun.star.embed.StorageFactory")
  Dim aProp As New com.sun.star.beans.PropertyValue
  aProp.Name = "StorageFormat"
  aProp.Value = "ZipFormat"
  Dim aArgs(2)
  aArgs(0) = ConvertToURL(Environ("XLADDIN_SIG_IN"))
  aArgs(1) = com.sun.star.embed.ElementModes.READ
  aArgs(2) = Array(aProp)
  oStor = oFac.createInstanceWithArguments(aArgs)
  oSigs = createUnoService("com.sun.star.security.DocumentDigitalSignatures")
  aInfos = oSigs.verifyDocumentContentSignatures(oStor, Nothing)
  oText.writeString("count=" & (UBound(aInfos) + 1) & Chr(10))
  For i = 0 To UBound(aInfos)
    s = ""
    If Not IsNull(aInfos(i).Signer) Then s = aInfos(i).Signer.SubjectName
    oText.writeString("valid=" & aInfos(i).SignatureIsValid & ";certificate=" & aInfos(i).CertificateStatus & ";partial=" & aInfos(i).PartialDocumentSignature & ";signer=" & s & Chr(10))
  Next
  oText.closeOutput()
  StarDesktop.terminate()
  Exit Sub
Failed:
  oText.writeString("error=" & Error$ & Chr(10))
  oText.closeOutput()
  StarDesktop.terminate()
End Sub
"""

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_MODULE = (
    _HEAD + '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
    '"module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" '
    'script:name="Module1" script:language="StarBasic">{code}</script:module>\n'
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
    """A LibreOffice user profile whose "My Macros" Standard.Module1 is our macro (macros of
    the user profile are trusted, unlike document macros). LibreOffice writes the default
    Basic libraries when it first starts a profile, so it is started once before."""
    cmd = [soffice, f"-env:UserInstallation={root.as_uri()}", "--headless", "--norestore",
           "--terminate_after_init"]  # fmt: skip
    _run(cmd, env)
    module = root / "user" / "basic" / "Standard" / "Module1.xba"
    module.write_text(_MODULE.format(code=escape(_MACRO)), encoding="utf-8")
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
            "--nologo", "--nodefault", "macro:///Standard.Module1.CheckSig",
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

"""Per-user settings of the ribbon: language, log file, where new workbooks go.

Language (agreed with the add-in's VBA, ``xladdin/addin/src/Dispatcher.bas``): **VBA owns it**.
It is stored per user with ``SaveSetting "xladdin", "ui", "lang"``, i.e. the registry value
``HKEY_CURRENT_USER\\Software\\VB and VBA Program Settings\\xladdin\\ui\\lang`` = ``"lo"`` or
``"en"`` (default ``"lo"``). The Language button toggles it in VBA and refreshes the ribbon
without starting Python; Python only *reads* it, at every run (:func:`get_lang`).

Where there is no registry (Linux, tests, the CLI on a server) the same value is read from the
per-user JSON file :func:`settings_path` (``{"lang": "lo"}``), which :func:`set_lang` writes.
``XLADDIN_LANG`` overrides both.

Other settings in that JSON file: ``compiler`` (default name stamped by ``prepare``);
``consolidate_trust_root`` (a certificate file, or a list of them) and ``consolidate_signers``
(the signer table), the ribbon's Consolidate as ``--trust-root`` / ``--signers``
(:func:`consolidate_signatures`).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from xladdin.workbook.atomic import atomic_write

__all__ = [
    "REGISTRY_KEY",
    "consolidate_signatures",
    "documents_dir",
    "get_lang",
    "load_settings",
    "log_path",
    "save_settings",
    "set_lang",
    "settings_path",
]

REGISTRY_KEY = r"Software\VB and VBA Program Settings\xladdin\ui"
"""Where VBA's ``SaveSetting "xladdin", "ui", "lang"`` stores the language (under HKCU)."""

LANGS = ("lo", "en")
DEFAULT_LANG = "lo"


def _windows() -> bool:
    return sys.platform.startswith("win")


def settings_path() -> Path:
    """``%APPDATA%\\xladdin\\settings.json`` on Windows, ``~/.config/xladdin/settings.json``
    elsewhere (``XLADDIN_SETTINGS`` overrides)."""
    if os.environ.get("XLADDIN_SETTINGS"):
        return Path(os.environ["XLADDIN_SETTINGS"])
    if _windows() and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "xladdin" / "settings.json"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "xladdin" / "settings.json"


def log_path() -> Path:
    """The per-user log file: ``%LOCALAPPDATA%\\xladdin\\logs\\xladdin.log`` on Windows,
    ``~/.local/state/xladdin/xladdin.log`` elsewhere (``XLADDIN_LOG_DIR`` overrides the folder)."""
    if os.environ.get("XLADDIN_LOG_DIR"):
        return Path(os.environ["XLADDIN_LOG_DIR"]) / "xladdin.log"
    if _windows() and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "xladdin" / "logs" / "xladdin.log"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "xladdin" / "xladdin.log"


def documents_dir() -> Path:
    """Where new workbooks are created: ``Documents\\xladdin`` of the user
    (``XLADDIN_DOCUMENTS`` overrides)."""
    if os.environ.get("XLADDIN_DOCUMENTS"):
        return Path(os.environ["XLADDIN_DOCUMENTS"])
    home = Path(os.environ.get("USERPROFILE") or Path.home()) if _windows() else Path.home()
    docs = home / "Documents"
    return (docs if docs.is_dir() else home) / "xladdin"


def load_settings() -> dict[str, Any]:
    """The JSON settings (empty when the file is missing or damaged)."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_settings(values: dict[str, Any]) -> Path:
    """Merge ``values`` into the JSON settings file."""
    data = load_settings()
    data.update(values)
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return atomic_write(path, lambda fh: fh.write(text.encode("utf-8")), backup=False)


def _registry_lang() -> str | None:
    if not _windows():
        return None
    try:
        import winreg  # type: ignore[import-not-found]

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, REGISTRY_KEY) as key:
            value, _ = winreg.QueryValueEx(key, "lang")
        return str(value)
    except Exception:  # no key yet, or not Windows
        return None


def _norm(value: Any) -> str | None:
    text = str(value or "").strip().lower()
    return text if text in LANGS else None


def get_lang() -> str:
    """``"lo"`` or ``"en"``: ``XLADDIN_LANG``, else VBA's registry setting, else the JSON file,
    else Lao."""
    return (
        _norm(os.environ.get("XLADDIN_LANG"))
        or _norm(_registry_lang())
        or _norm(load_settings().get("lang"))
        or DEFAULT_LANG
    )


def set_lang(lang: str) -> str:
    """Store the language where :func:`get_lang` reads it when VBA is not around (the JSON
    file; and the registry value on Windows, exactly as VBA's ``SaveSetting`` would)."""
    lang = _norm(lang) or DEFAULT_LANG
    save_settings({"lang": lang})
    if _windows():
        try:
            import winreg  # type: ignore[import-not-found]

            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, REGISTRY_KEY) as key:
                winreg.SetValueEx(key, "lang", 0, winreg.REG_SZ, lang)
        except Exception:
            pass
    return lang


def consolidate_signatures(settings: dict[str, Any] | None = None) -> Any:
    """What the ribbon's Consolidate checks digital signatures against: the settings
    ``consolidate_trust_root`` (one certificate file or a list; wins over the environment
    variable ``XLADDIN_TRUST_ROOT``) and ``consolidate_signers`` (the signer table, which needs a
    trust root), as ``xladdin consolidate --trust-root`` and ``--signers``
    (:func:`xladdin.signing.signature_policy`; docs/signing.md).

    Raises
    ------
    SettingUnusableError
        A setting names a file that cannot be used; the message names the setting and why
        (the error carries the reason in Lao too).
    """
    from xladdin.review.geography import province_names
    from xladdin.signing import signature_policy
    from xladdin.signing.core import SigningError

    values = load_settings() if settings is None else settings
    roots = values.get("consolidate_trust_root") or []
    if isinstance(roots, str):
        roots = [roots]
    signers = str(values.get("consolidate_signers") or "").strip() or None
    try:
        return signature_policy(
            [str(r) for r in roots if str(r).strip()], signers, {*province_names(), "00"}
        )
    except SigningError as exc:
        f = exc.finding
        raise SettingUnusableError("consolidate_trust_root", f.message_en, f.message_lo) from None
    except ValueError as exc:  # SignersFileError, SignaturePolicyError: reason in both languages
        why = getattr(exc, "reason", None) or {"reason": str(exc), "reason_lo": str(exc)}
        raise SettingUnusableError("consolidate_signers", why["reason"], why["reason_lo"]) from None


class SettingUnusableError(ValueError):
    """A setting names a file that cannot be used: ``setting``, and why in English
    (``reason``, also the message) and Lao (``reason_lo``)."""

    def __init__(self, setting: str, reason: str, reason_lo: str):
        super().__init__(f"{setting}: {reason}")
        self.setting, self.reason, self.reason_lo = setting, reason, reason_lo

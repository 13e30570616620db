"""Plausibility and tolerance settings of the validation rules, overridable from a file.

A settings file is JSON or TOML with the field names of :class:`ValidationConfig`, at the top
level or under a ``[validate]`` table::

    [validate]
    growth_band = [-2.0, 12.0]      # per cent
    national_growth = {2023 = 4.2, 2024 = 4.3}
    identity_abs_tol = 0.5
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10: JSON settings only
    tomllib = None  # type: ignore[assignment]

__all__ = ["ValidationConfig", "load_config"]


@dataclass(frozen=True)
class ValidationConfig:
    """Settings of the validation rules.

    Attributes
    ----------
    growth_band : (float, float)
        Plausible real growth in per cent, low and high (default 0 to 10, the band Indonesia's
        BPS uses when reviewing regional GDP).
    deflator_growth_band : (float, float)
        Plausible change of an implicit deflator in per cent (default -5 to 25; Lao consumer
        prices rose by more than 20 % in 2022-2023, so widen it for those years).
    ratio_jump : float
        Largest plausible change, in per cent, of a benchmark-to-indicator ratio between
        consecutive years (default 25).
    identity_abs_tol, identity_rel_tol : float
        An identity holds when ``|difference| <= max(abs_tol, rel_tol * |expected|)``
        (defaults 0.05 in the workbook's unit, and 1e-6).
    shares_tol : float
        Tolerance, in percentage points, for shares summing to 100 (default 0.1).
    national_growth : dict[int, float]
        National real GDP growth in per cent by year, used by the opposite-sign rule when the
        workbook has no national growth in its settings (empty: the rule is skipped).
    base_year : int or None
        Expected base year of constant prices; None takes the workbook's own.
    plausibility_severity : str
        Severity of plausibility findings (``"warning"`` or ``"error"``).
    max_findings_per_sheet : int
        At most this many findings of one code on one sheet; the rest are summarised by one
        ``findings-truncated`` finding (default 200).
    """

    growth_band: tuple[float, float] = (0.0, 10.0)
    deflator_growth_band: tuple[float, float] = (-5.0, 25.0)
    ratio_jump: float = 25.0
    identity_abs_tol: float = 0.05
    identity_rel_tol: float = 1e-6
    shares_tol: float = 0.1
    national_growth: dict[int, float] = field(default_factory=dict)
    base_year: int | None = None
    plausibility_severity: str = "warning"
    max_findings_per_sheet: int = 200

    def identity_holds(self, actual: float, expected: float) -> bool:
        """True when ``actual`` equals ``expected`` within the identity tolerance."""
        tol = max(self.identity_abs_tol, self.identity_rel_tol * abs(expected))
        return abs(actual - expected) <= tol

    def with_overrides(self, **overrides: Any) -> ValidationConfig:
        """A copy with some fields replaced (values are checked and converted)."""
        return replace(self, **_coerce(overrides))


_PAIRS = {"growth_band", "deflator_growth_band"}
_FLOATS = {"ratio_jump", "identity_abs_tol", "identity_rel_tol", "shares_tol"}


def _coerce(data: dict[str, Any]) -> dict[str, Any]:
    known = {f.name for f in fields(ValidationConfig)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown validation setting(s): {', '.join(unknown)}")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _PAIRS:
            low, high = (float(v) for v in value)
            if low > high:
                raise ValueError(f"{key}: low {low} is above high {high}")
            out[key] = (low, high)
        elif key in _FLOATS:
            out[key] = float(value)
        elif key == "national_growth":
            out[key] = {int(year): float(g) for year, g in dict(value).items()}
        elif key == "base_year":
            out[key] = None if value is None else int(value)
        elif key == "plausibility_severity":
            if value not in ("warning", "error", "info"):
                raise ValueError(f"plausibility_severity must be warning, error or info: {value!r}")
            out[key] = value
        elif key == "max_findings_per_sheet":
            out[key] = max(1, int(value))
    return out


def load_config(path: str | Path | None = None, **overrides: Any) -> ValidationConfig:
    """Read settings from a JSON or TOML file (by extension; ``.toml`` else JSON).

    Raises
    ------
    ValueError
        On an unknown setting, a malformed value, or a file that is neither JSON nor TOML.
    OSError
        When the file cannot be read.
    """
    config = ValidationConfig()
    if path is not None:
        path = Path(path)
        text = path.read_text(encoding="utf-8")
        is_toml = path.suffix.lower() == ".toml"
        if is_toml and tomllib is None:
            raise ValueError(f"{path.name}: TOML settings need Python 3.11+; use JSON")
        try:
            data = tomllib.loads(text) if is_toml else json.loads(text)
        except (ValueError, TypeError) as exc:  # TOMLDecodeError and JSONDecodeError
            raise ValueError(
                f"{path.name}: not valid {path.suffix.lstrip('.') or 'JSON'}: {exc}"
            ) from exc
        if not isinstance(data, dict):
            raise ValueError(f"{path.name}: settings must be a table/object")
        if isinstance(data.get("validate"), dict):
            data = data["validate"]
        config = config.with_overrides(**data)
    if overrides:
        config = config.with_overrides(**overrides)
    return config

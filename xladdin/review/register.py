"""The submission register: an embedded SQLite database of every returned file received.

One row per received file version: where it came from, its size, mtime and SHA-256, the
province/district code, period, template id/version, stamp and data hash, when it was received,
its validation status and finding counts, which later file superseded it, and the extracted
tables as JSON. Re-consolidation is incremental: a file whose path, size, mtime and SHA-256 are
already registered is not parsed again; its cached :class:`Submission` is used.

The default location is beside the review workbook (``review.xlsx`` -> ``review.register.sqlite``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from xladdin.review.submission import Submission

__all__ = ["FileKey", "Register", "default_register_path", "file_key"]

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    level TEXT,
    code TEXT,
    province_code TEXT,
    period TEXT,
    template_id TEXT,
    template_version TEXT,
    base_year INTEGER,
    stamp TEXT,
    data_hash TEXT,
    received_at TEXT NOT NULL,
    status TEXT NOT NULL,
    errors INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    infos INTEGER NOT NULL DEFAULT 0,
    superseded_by INTEGER REFERENCES submissions(id),
    read_options TEXT NOT NULL DEFAULT '',
    submission_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_file ON submissions(path, size, mtime_ns, sha256);
CREATE INDEX IF NOT EXISTS submissions_unit ON submissions(level, code);
"""

LIST_COLUMNS = (
    "id",
    "name",
    "level",
    "code",
    "period",
    "template_id",
    "template_version",
    "status",
    "errors",
    "warnings",
    "received_at",
    "superseded_by",
    "sha256",
)


def default_register_path(review_workbook: str | Path) -> Path:
    """``DIR/review.xlsx`` -> ``DIR/review.register.sqlite``."""
    p = Path(review_workbook)
    return p.with_name(p.stem + ".register.sqlite")


@dataclass(frozen=True)
class FileKey:
    """What identifies a received file version: resolved path, size, mtime and SHA-256."""

    path: str
    size: int
    mtime_ns: int
    sha256: str


class NotRegularFileError(OSError):
    """The path is a FIFO, a device (``/dev/zero``), a socket or a folder, not a file."""


def file_key(path: str | Path, chunk: int = 1 << 20) -> FileKey:
    """Stat and hash a regular file (streamed in chunks).

    The file is opened without blocking and checked on the open descriptor, so a FIFO or a
    link to a device named ``.xlsx`` can neither hang the review nor feed it endless bytes.

    Raises
    ------
    NotRegularFileError
        Not a regular file.
    OSError
        The file cannot be read.
    """
    p = Path(path).resolve()
    fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFileError(f"{p.name}: not a regular file (a pipe, device or folder)")
        h = hashlib.sha256()
        left = st.st_size  # never more than the size it had when opened
        while left > 0 and (block := fh.read(min(chunk, left))):
            h.update(block)
            left -= len(block)
    return FileKey(str(p), st.st_size, st.st_mtime_ns, h.hexdigest())


def status_of(sub: Submission) -> str:
    """``refused``, ``errors``, ``warnings`` or ``ok`` from the submission's findings."""
    if any(f.refuses for f in sub.findings):
        return "refused"
    sev = {f.severity.value for f in sub.findings}
    if "error" in sev:
        return "errors"
    return "warnings" if "warning" in sev else "ok"


class Register:
    """The SQLite register (a context manager; commits on exit)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.row_factory = sqlite3.Row
        self.db.executescript(SCHEMA)
        self.db.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def cached(self, key: FileKey, read_options: str = "") -> tuple[int, Submission] | None:
        """The registered submission for exactly this file version read with the same options."""
        row = self.db.execute(
            "SELECT id, submission_json FROM submissions WHERE path=? AND size=? AND mtime_ns=? "
            "AND sha256=? AND read_options=? ORDER BY id DESC LIMIT 1",
            (key.path, key.size, key.mtime_ns, key.sha256, read_options),
        ).fetchone()
        if row is None:
            return None
        try:
            return row["id"], Submission.from_json(row["submission_json"])
        except Exception:  # a damaged or older entry: read the file again, never fail the run
            return None

    def add(
        self, key: FileKey, sub: Submission, received_at: str | None = None, read_options: str = ""
    ) -> int:
        """Record a newly received file version; returns its id."""
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in sub.findings:
            counts[f.severity.value] += 1
        cur = self.db.execute(
            "INSERT INTO submissions (path, name, size, mtime_ns, sha256, level, code, province_code, "
            "period, template_id, template_version, base_year, stamp, data_hash, received_at, status, "
            "errors, warnings, infos, read_options, submission_json) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                key.path,
                Path(key.path).name,
                key.size,
                key.mtime_ns,
                key.sha256,
                sub.level,
                sub.code,
                sub.province_code,
                sub.period,
                sub.template_id,
                sub.template_version,
                sub.base_year,
                json.dumps(sub.stamp, ensure_ascii=False, default=str) if sub.stamp else None,
                sub.data_hash,
                received_at or datetime.now(UTC).isoformat(timespec="seconds"),
                status_of(sub),
                counts["error"],
                counts["warning"],
                counts["info"],
                read_options,
                sub.register_json or sub.to_json(),
            ),
        )
        return int(cur.lastrowid)

    def supersede_same_file(self, key: FileKey, new_id: int) -> None:
        """Earlier rows for the same path are superseded by the new one: readings of the same
        file version with other options, and older versions replaced in place (a truncated file
        sent again under the same name; it need not be recognised as the same province)."""
        self.db.execute(
            "UPDATE submissions SET superseded_by=? WHERE path=? AND id<? AND superseded_by IS NULL",
            (new_id, key.path, new_id),
        )

    def set_status(self, row_id: int, sub: Submission) -> None:
        """Record the status of this run (acceptance by the reviewer changes it: an unstamped
        file accepted by name is no longer refused)."""
        self.db.execute("UPDATE submissions SET status=? WHERE id=?", (status_of(sub), row_id))

    def supersede(self, old_id: int, new_id: int) -> None:
        """Mark ``old_id`` as superseded by ``new_id``."""
        self.db.execute(
            "UPDATE submissions SET superseded_by=? WHERE id=? AND (superseded_by IS NULL OR superseded_by<>?)",
            (new_id, old_id, new_id),
        )

    def latest_for(self, level: str, code: str, exclude: int | None = None) -> list[int]:
        """Ids of not-yet-superseded rows for a province/district (other than ``exclude``)."""
        rows = self.db.execute(
            "SELECT id FROM submissions WHERE level=? AND code=? AND superseded_by IS NULL AND id<>?",
            (level, code, exclude if exclude is not None else -1),
        ).fetchall()
        return [r["id"] for r in rows]

    def rows(self, include_superseded: bool = True) -> list[dict[str, Any]]:
        """The history, oldest first."""
        sql = f"SELECT {', '.join(LIST_COLUMNS)} FROM submissions"
        if not include_superseded:
            sql += " WHERE superseded_by IS NULL"
        return [dict(r) for r in self.db.execute(sql + " ORDER BY id")]

    def name_of(self, row_id: int) -> str:
        row = self.db.execute("SELECT name FROM submissions WHERE id=?", (row_id,)).fetchone()
        return row["name"] if row else str(row_id)


def format_rows(rows: list[dict[str, Any]], lang: str = "en") -> str:
    """The register history as a plain text table, its headers in ``lang`` ("both": English /
    Lao), each column as wide as its widest cell by display width (a Lao file name takes the
    columns it shows in, not one per code point)."""
    from xladdin.findings.words import WORDS, render_table, word  # (a name stays one line)

    if not rows:
        return word("register_empty", lang)
    cols = [c for c in LIST_COLUMNS if c != "sha256"] + ["sha256"]
    shown = [{c: "" if r.get(c) is None else str(r[c]) for c in cols} for r in rows]
    names = {str(r.get("id")): r.get("name") or "" for r in rows}
    for r in shown:
        r["sha256"] = r["sha256"][:16]
        for col in ("level", "status"):  # the catalogue's word in the reader's language
            if f"{col}_{r[col]}" in WORDS:
                r[col] = word(f"{col}_{r[col]}", lang)
        newer = r.get("superseded_by")
        if newer:  # the reviewer reads a file name, not a row id
            r["superseded_by"] = f"#{newer} {names.get(newer) or ''}".strip()
    header = [word(f"register_col_{c}", lang) for c in cols]
    return "\n".join(render_table(header, [[r[c] for c in cols] for r in shown], last_free=False))


def mtime_of(path: str | Path) -> int:
    return os.stat(path).st_mtime_ns

"""A small fake of the xlwings App/Book surface the ribbon actions themselves use.

Only what :mod:`xladdin.ribbon` touches directly: ``app.status_bar`` (recorded),
``app.alert`` (recorded, answers scripted), ``app.books.open/active``, ``book.fullname``,
``book.name``, ``book.save``, ``book.api.Saved``. Reading and writing cells goes through the
xlwings adapter (``BookView`` / ``apply_patch_to_book``); tests that need cells use the
workbook team's fake (``tests/workbook/fake_xlwings.py``) when it is there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class FakeApp:
    def __init__(self, answers: list[str] | None = None):
        self.status_history: list[Any] = []
        self._status: Any = False
        self.alerts: list[dict[str, Any]] = []
        self.answers = list(answers or [])
        self.books = FakeBooks(self)

    @property
    def status_bar(self) -> Any:
        return self._status

    @status_bar.setter
    def status_bar(self, value: Any) -> None:
        self._status = value
        self.status_history.append(value)

    def alert(
        self,
        prompt: str,
        title: str | None = None,
        buttons: str = "ok",
        mode: str | None = None,
        callback: str | None = None,
    ) -> str:
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})
        if self.answers:
            return self.answers.pop(0)
        return "ok" if buttons.startswith("ok") else "yes"


class FakeBooks:
    def __init__(self, app: FakeApp):
        self.app = app
        self.opened: list[str] = []
        self.active: Any = None

    def open(self, path: str) -> Any:
        self.opened.append(path)
        book = FakeBook(Path(path), self.app)
        self.active = book
        return book


class _Api:
    def __init__(self, saved: bool):
        self.Saved = saved


class FakeBook:
    def __init__(self, path: Path | None, app: FakeApp | None = None, saved: bool = True):
        self.fullname = str(path) if path else "Book1"
        self.name = path.name if path else "Book1"
        self.app = app or FakeApp()
        self.api = _Api(saved)
        self.saves = 0

    def save(self, path: str | None = None) -> None:
        self.saves += 1
        self.api.Saved = True

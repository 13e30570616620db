"""Fixtures and hooks of the installer tests; the helpers live in ``dist_support`` (a module name
no other test folder uses, so ``from dist_support import ...`` never picks up another conftest)."""

from dist_support import makensis, pytest_configure  # noqa: F401  (registered by pytest)

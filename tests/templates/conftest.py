"""Fixtures for the template tests: built workbooks in a temporary folder."""

from __future__ import annotations

import pytest

from xladdin.templates.builder import build_all


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Fresh builds of every template: {template id: path}."""
    folder = tmp_path_factory.mktemp("built")
    return {p.stem: p for p in build_all(folder)}

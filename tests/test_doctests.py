"""The examples in the docstrings of the pure modules are executed, so they cannot drift."""

import doctest
import importlib
import pkgutil

import pytest

import xladdin.findings
import xladdin.gdp
import xladdin.text

PACKAGES = (xladdin.gdp, xladdin.text, xladdin.findings)
MODULES = sorted(
    info.name
    for package in PACKAGES
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
) + [p.__name__ for p in PACKAGES]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"

"""Every ``>>>`` example in the analytics package runs and shows what it says.

Tests import ``algorithms`` submodules only: pytest puts ``tests/`` on
``sys.path``, where the ``tests/algorithms`` directory can shadow the
top-level package name (submodules still resolve to the real package).
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import algorithms.errors

PACKAGE_DIR = Path(algorithms.errors.__file__).parent
MODULES = sorted(info.name for info in pkgutil.walk_packages([str(PACKAGE_DIR)], prefix="algorithms."))


def _public_package() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_algorithms_public", PACKAGE_DIR / "__init__.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_module_is_found() -> None:
    assert "algorithms.coverage_gaps" in MODULES
    assert "algorithms.influence.pagerank" in MODULES
    assert len(MODULES) >= 20


@pytest.mark.parametrize("name", MODULES)
def test_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_public_function_has_an_example() -> None:
    package = _public_package()
    missing = [
        name
        for name in package.__all__
        if callable(obj := getattr(package, name))
        and not isinstance(obj, type)
        and ">>>" not in (obj.__doc__ or "")
    ]
    assert missing == []

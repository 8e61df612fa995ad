"""Every ``>>>`` example in the analytics package runs and shows what it says.

Tests import ``algorithms`` submodules only: pytest puts ``tests/`` on
``sys.path``, where the ``tests/algorithms`` directory can shadow the
top-level package name (submodules still resolve to the real package).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import algorithms.errors

PACKAGE_DIR = Path(algorithms.errors.__file__).parent
_FOUND = list(pkgutil.walk_packages([str(PACKAGE_DIR)], prefix="algorithms."))
MODULES = sorted(info.name for info in _FOUND)
# A module's ``__all__`` says what it offers; a package's re-exports are its modules'.
OFFERING = sorted(info.name for info in _FOUND if not info.ispkg)


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
    modules = [importlib.import_module(name) for name in OFFERING]
    offered = {
        f"{m.__name__}.{item}": getattr(m, item) for m in modules for item in getattr(m, "__all__", ())
    }
    assert {"algorithms.coverage_gaps.coverage_gaps", "algorithms.influence.pagerank.pagerank"} <= set(
        offered
    )
    missing = [
        name
        for name, obj in offered.items()
        if callable(obj) and not isinstance(obj, type) and ">>>" not in (obj.__doc__ or "")
    ]
    assert missing == []

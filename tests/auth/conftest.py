from __future__ import annotations

from pathlib import Path

import pytest

from api.auth import KeyStore

JWT_SECRET = b"k" * 64


@pytest.fixture
def keys_path(tmp_path: Path) -> Path:
    # A directory that does not exist yet: the store must create it.
    return tmp_path / "data" / "api-keys.json"


@pytest.fixture
def store(keys_path: Path) -> KeyStore:
    return KeyStore(keys_path)

from __future__ import annotations

from pathlib import Path

import pytest

from api.auth import AuthConfigError, AuthSettings, auth_required, is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("127.255.255.254", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("localhost.", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        ("10.0.0.5", False),
        ("192.168.1.10", False),
        ("128.0.0.1", False),
        ("::2", False),
        ("::ffff:10.0.0.1", False),
        ("example.com", False),
        ("localhost.example.com", False),
        ("127.0.0.1.nip.io", False),
    ],
)
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("host", "setting", "required"),
    [
        ("127.0.0.1", None, False),
        ("127.0.0.1", "", False),
        ("127.0.0.1", "off", False),
        ("127.0.0.1", "on", True),
        ("::1", "OFF", False),
        ("0.0.0.0", None, True),
        ("0.0.0.0", "on", True),
        ("10.1.2.3", None, True),
    ],
)
def test_auth_required(host: str, setting: str | None, required: bool) -> None:
    assert auth_required(host, setting) is required


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.1.2.3", "example.com"])
def test_auth_off_on_public_host_is_refused(host: str) -> None:
    with pytest.raises(AuthConfigError, match="only allowed when binding to loopback"):
        auth_required(host, "off")


def test_unknown_auth_setting_is_refused() -> None:
    with pytest.raises(AuthConfigError, match="'on' or 'off'"):
        auth_required("127.0.0.1", "maybe")


def test_from_env_defaults() -> None:
    settings = AuthSettings.from_env({})
    assert settings.mode is None
    assert settings.jwt_secret is None
    assert settings.keys_path == Path(".relgraph/api-keys.json")


def test_from_env_reads_everything(tmp_path: Path) -> None:
    settings = AuthSettings.from_env(
        {
            "RELGRAPH_AUTH": "on",
            "RELGRAPH_JWT_SECRET": "s" * 32,
            "RELGRAPH_JWT_ISSUER": "https://idp.example",
            "RELGRAPH_JWT_AUDIENCE": "relgraph",
            "RELGRAPH_DATA_DIR": str(tmp_path),
        }
    )
    assert settings.mode == "on"
    assert settings.jwt_secret == b"s" * 32
    assert settings.jwt_issuer == "https://idp.example"
    assert settings.jwt_audience == "relgraph"
    assert settings.keys_path == tmp_path / "api-keys.json"
    assert settings.required_for("127.0.0.1")


def test_short_jwt_secret_is_refused() -> None:
    with pytest.raises(AuthConfigError, match="31 bytes; at least 32"):
        AuthSettings.from_env({"RELGRAPH_JWT_SECRET": "s" * 31})
    with pytest.raises(AuthConfigError, match="at least 32"):
        AuthSettings(jwt_secret=b"s" * 8)


def test_jwt_leeway_is_small_but_nonzero() -> None:
    assert 0 < AuthSettings.from_env({}).jwt_leeway_seconds <= 60


def test_secret_is_not_in_repr() -> None:
    settings = AuthSettings.from_env({"RELGRAPH_JWT_SECRET": "topsecret" * 4})
    assert "topsecret" not in repr(settings)

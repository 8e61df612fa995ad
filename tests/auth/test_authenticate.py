from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest
from starlette.datastructures import Headers

from api.auth import (
    ANONYMOUS_ADMIN,
    Authenticator,
    AuthSettings,
    JwtVerifier,
    KeyStore,
    Role,
    Unauthenticated,
)

from .conftest import JWT_SECRET


def make(store: KeyStore, *, required: bool = True) -> Authenticator:
    return Authenticator(required=required, keys=store, jwt=JwtVerifier(JWT_SECRET))


def token(role: str = "analyst", accounts: list[str] | None = None) -> str:
    payload = {"sub": "bob", "role": role, "accounts": accounts or [], "exp": int(time.time()) + 60}
    return jwt.encode(payload, JWT_SECRET, algorithm="HS256")


def test_api_key_via_bearer_and_x_api_key(store: KeyStore) -> None:
    auth = make(store)
    key = store.create(Role.EDITOR).key
    assert auth.authenticate({"Authorization": f"Bearer {key}"}).role is Role.EDITOR
    assert auth.authenticate({"x-api-key": key}).via == "api-key"
    assert auth.authenticate(Headers({"X-API-Key": key})).role is Role.EDITOR


def test_jwt_via_bearer(store: KeyStore) -> None:
    principal = make(store).authenticate({"authorization": f"bearer {token()}"})
    assert principal.via == "jwt"
    assert principal.access_scope().pii is False


def test_revoked_key_is_rejected_through_authenticator(store: KeyStore) -> None:
    auth = make(store)
    created = store.create(Role.ADMIN)
    assert auth.authenticate({"X-API-Key": created.key}).is_admin
    KeyStore(store.path).revoke(created.record.key_id)
    with pytest.raises(Unauthenticated, match="revoked"):
        auth.authenticate({"X-API-Key": created.key})


def test_missing_credentials_when_required(store: KeyStore) -> None:
    with pytest.raises(Unauthenticated, match="missing credentials"):
        make(store).authenticate({})


def test_anonymous_admin_when_auth_off(store: KeyStore) -> None:
    assert make(store, required=False).authenticate({}) is ANONYMOUS_ADMIN


def test_credentials_are_checked_even_when_auth_off(store: KeyStore) -> None:
    auth = make(store, required=False)
    with pytest.raises(Unauthenticated):
        auth.authenticate({"Authorization": "Bearer rgk_0123456789ab_" + "x" * 43})
    member = auth.authenticate({"Authorization": f"Bearer {token('account_member', ['acme'])}"})
    assert member.access_scope().accounts == frozenset({"acme"})


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "Bearer"),
        ({"Authorization": "Bearer"}, "Bearer"),
        ({"Authorization": "Bearer   "}, "Bearer"),
        ({"X-API-Key": "not-a-relgraph-key"}, "rgk_"),
        ({"X-API-Key": ""}, "rgk_"),
        ({"Authorization": "Bearer " + "a" * 10_000}, "too long"),
    ],
)
def test_malformed_headers(store: KeyStore, headers: dict[str, str], message: str) -> None:
    with pytest.raises(Unauthenticated, match=message):
        make(store).authenticate(headers)


def test_two_credentials_are_refused(store: KeyStore) -> None:
    key = store.create(Role.ANALYST).key
    with pytest.raises(Unauthenticated, match="not both"):
        make(store).authenticate({"Authorization": f"Bearer {token('admin')}", "X-API-Key": key})


def test_duplicate_headers_are_refused(store: KeyStore) -> None:
    key = store.create(Role.ANALYST).key
    headers = Headers(raw=[(b"x-api-key", key.encode()), (b"x-api-key", b"rgk_other")])
    with pytest.raises(Unauthenticated, match="more than one"):
        make(store).authenticate(headers)


def test_jwt_refused_when_not_configured(store: KeyStore) -> None:
    auth = Authenticator(required=True, keys=store, jwt=None)
    with pytest.raises(Unauthenticated, match="not configured"):
        auth.authenticate({"Authorization": f"Bearer {token()}"})


def test_reasons_never_echo_the_credential(store: KeyStore) -> None:
    auth = make(store)
    real = store.create(Role.ADMIN).key
    secret = real.split("_", 2)[2]
    wrong = real[:-6] + ("zzzzzz" if not real.endswith("zzzzzz") else "yyyyyy")
    expired = jwt.encode(
        {"sub": "bob", "role": "admin", "accounts": [], "exp": int(time.time()) - 3600}, JWT_SECRET
    )
    for headers in (
        {"X-API-Key": wrong},
        {"Authorization": f"Bearer {expired}"},
        {"Authorization": "Bearer garbage.garbage.garbage"},
    ):
        with pytest.raises(Unauthenticated) as info:
            auth.authenticate(headers)
        credential = next(iter(headers.values())).removeprefix("Bearer ")
        assert credential not in info.value.reason
        assert secret[:20] not in info.value.reason
        assert "garbage" not in info.value.reason


def test_from_settings(tmp_path: Path) -> None:
    settings = AuthSettings(jwt_secret=JWT_SECRET, keys_path=tmp_path / "api-keys.json")
    assert Authenticator.from_settings(settings, host="127.0.0.1").required is False
    public = Authenticator.from_settings(settings, host="0.0.0.0")
    assert public.required is True
    key = public.keys.create(Role.ANALYST).key
    assert public.authenticate({"X-API-Key": key}).role is Role.ANALYST
    assert public.authenticate({"Authorization": f"Bearer {token()}"}).via == "jwt"

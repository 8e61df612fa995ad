from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest

from api.auth import JwtVerifier, Role, Unauthenticated

from .conftest import JWT_SECRET


def claims(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "sub": "alice@example.com",
        "role": "account_member",
        "accounts": ["acme"],
        "exp": int(time.time()) + 300,
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def sign(payload: dict[str, Any], secret: bytes = JWT_SECRET, alg: str = "HS256") -> str:
    return jwt.encode(payload, secret, algorithm=alg)


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.fixture
def verifier() -> JwtVerifier:
    return JwtVerifier(JWT_SECRET)


def test_valid_token(verifier: JwtVerifier) -> None:
    principal = verifier.verify(sign(claims()))
    assert principal.subject == "alice@example.com"
    assert principal.role is Role.ACCOUNT_MEMBER
    assert principal.accounts == frozenset({"acme"})
    assert principal.via == "jwt"


def test_tampered_payload_is_rejected(verifier: JwtVerifier) -> None:
    header, _, signature = sign(claims()).split(".")
    forged = ".".join([header, b64(claims(role="admin", accounts=[])), signature])
    with pytest.raises(Unauthenticated, match="signature is invalid"):
        verifier.verify(forged)


def test_tampered_signature_is_rejected(verifier: JwtVerifier) -> None:
    token = sign(claims())
    flipped = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(Unauthenticated):
        verifier.verify(flipped)


def test_wrong_secret_is_rejected(verifier: JwtVerifier) -> None:
    with pytest.raises(Unauthenticated, match="signature is invalid"):
        verifier.verify(sign(claims(), secret=b"x" * 64))


def test_expired_token_is_rejected(verifier: JwtVerifier) -> None:
    with pytest.raises(Unauthenticated, match="expired"):
        verifier.verify(sign(claims(exp=int(time.time()) - 120)))


def test_small_clock_skew_is_tolerated(verifier: JwtVerifier) -> None:
    assert verifier.verify(sign(claims(exp=int(time.time()) - 5))).subject == "alice@example.com"


def test_alg_none_is_rejected(verifier: JwtVerifier) -> None:
    token = jwt.encode(claims(role="admin", accounts=[]), None, algorithm="none")
    with pytest.raises(Unauthenticated, match="must be signed with HS256"):
        verifier.verify(token)


def test_unsigned_token_with_hs256_header_is_rejected(verifier: JwtVerifier) -> None:
    token = f"{b64({'alg': 'HS256', 'typ': 'JWT'})}.{b64(claims())}."
    with pytest.raises(Unauthenticated):
        verifier.verify(token)


def test_rs256_is_rejected(verifier: JwtVerifier) -> None:
    # Built by hand: the point is only that the header names RS256.
    header = b64({"alg": "RS256", "typ": "JWT"})
    token = f"{header}.{b64(claims(role='admin', accounts=[]))}.{'A' * 342}"
    with pytest.raises(Unauthenticated, match="must be signed with HS256"):
        verifier.verify(token)


def test_other_hmac_algorithms_are_rejected(verifier: JwtVerifier) -> None:
    with pytest.raises(Unauthenticated, match="must be signed with HS256"):
        verifier.verify(sign(claims(), alg="HS512"))


@pytest.mark.parametrize("missing", ["sub", "role", "accounts", "exp"])
def test_required_claims(verifier: JwtVerifier, missing: str) -> None:
    with pytest.raises(Unauthenticated, match=f"lacks required claim '{missing}'"):
        verifier.verify(sign(claims(**{missing: None})))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"role": "superuser"}, "unknown role"),
        ({"role": "account_member", "accounts": []}, "at least one account"),
        ({"role": "editor", "accounts": ["acme"]}, "only apply to role account_member"),
        ({"accounts": "acme"}, "list of strings"),
        ({"accounts": [1]}, "list of strings"),
        ({"accounts": [""]}, "non-empty"),
        ({"sub": ""}, "'sub'"),
        ({"role": 3}, "'role'"),
    ],
)
def test_bad_claims_are_rejected(verifier: JwtVerifier, overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(Unauthenticated, match=message):
        verifier.verify(sign(claims(**overrides)))


def test_issuer_and_audience_checked_when_configured() -> None:
    strict = JwtVerifier(JWT_SECRET, issuer="https://idp.example", audience="relgraph")
    good = claims(iss="https://idp.example", aud="relgraph")
    assert strict.verify(sign(good)).subject == "alice@example.com"
    with pytest.raises(Unauthenticated, match="issuer"):
        strict.verify(sign({**good, "iss": "https://evil.example"}))
    with pytest.raises(Unauthenticated, match="audience"):
        strict.verify(sign({**good, "aud": "other-service"}))
    with pytest.raises(Unauthenticated, match="lacks required claim 'iss'"):
        strict.verify(sign(claims(aud="relgraph")))
    with pytest.raises(Unauthenticated, match="lacks required claim 'aud'"):
        strict.verify(sign(claims(iss="https://idp.example")))


def test_issuer_and_audience_ignored_when_not_configured(verifier: JwtVerifier) -> None:
    assert verifier.verify(sign(claims(iss="anyone", aud="anything"))).role is Role.ACCOUNT_MEMBER


def test_short_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32"):
        JwtVerifier(b"x" * 31)


def test_garbage_is_rejected(verifier: JwtVerifier) -> None:
    with pytest.raises(Unauthenticated, match="malformed"):
        verifier.verify("not-a-token")

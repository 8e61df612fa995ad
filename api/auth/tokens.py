"""JWT bearer tokens: HS256 only, with the claims relgraph needs."""

from __future__ import annotations

import math
from typing import Any

import jwt

from .errors import PrincipalError, Unauthenticated
from .principal import Principal, parse_role
from .settings import MIN_JWT_SECRET_BYTES

ALGORITHM = "HS256"
_REQUIRED_CLAIMS = ("sub", "role", "accounts", "exp")


class JwtVerifier:
    def __init__(
        self,
        secret: bytes,
        *,
        issuer: str | None = None,
        audience: str | None = None,
        leeway_seconds: float = 30.0,
    ) -> None:
        if len(secret) < MIN_JWT_SECRET_BYTES:
            raise ValueError(f"JWT secret must be at least {MIN_JWT_SECRET_BYTES} bytes")
        self._secret = secret
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway_seconds

    def __repr__(self) -> str:
        return f"JwtVerifier(issuer={self._issuer!r}, audience={self._audience!r})"

    def verify(self, token: str) -> Principal:
        claims = self._decode(token)
        _check_claim_types(claims)
        subject, role_name, accounts = claims["sub"], claims["role"], claims["accounts"]
        if not isinstance(subject, str) or not subject.strip():
            raise Unauthenticated("token claim 'sub' must be a non-empty string")
        if not isinstance(role_name, str):
            raise Unauthenticated("token claim 'role' must be a string")
        if not isinstance(accounts, list) or not all(isinstance(a, str) for a in accounts):
            raise Unauthenticated("token claim 'accounts' must be a list of strings")
        try:
            role = parse_role(role_name)
            return Principal(subject=subject, role=role, accounts=frozenset(accounts), via="jwt")
        except PrincipalError as exc:
            raise Unauthenticated(f"token rejected: {exc}") from None

    def _decode(self, token: str) -> dict[str, Any]:
        required = list(_REQUIRED_CLAIMS)
        if self._issuer is not None:
            required.append("iss")
        if self._audience is not None:
            required.append("aud")
        try:
            return jwt.decode(
                token,
                self._secret,
                # Pinning the algorithm list is what stops "alg": "none" and
                # RS256/HS256 confusion; never derive it from the token header.
                algorithms=[ALGORITHM],
                issuer=self._issuer,
                audience=self._audience,
                leeway=self._leeway,
                options={"require": required, "verify_aud": self._audience is not None},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("token has expired") from None
        except jwt.InvalidAlgorithmError:
            raise Unauthenticated(f"token must be signed with {ALGORITHM}") from None
        except jwt.InvalidSignatureError:
            raise Unauthenticated("token signature is invalid") from None
        except jwt.MissingRequiredClaimError as exc:
            raise Unauthenticated(f"token lacks required claim {exc.claim!r}") from None
        except jwt.InvalidIssuerError:
            raise Unauthenticated("token issuer is not accepted") from None
        except jwt.InvalidAudienceError:
            raise Unauthenticated("token audience is not accepted") from None
        except jwt.ImmatureSignatureError:
            raise Unauthenticated("token is not valid yet") from None
        except jwt.InvalidTokenError:
            raise Unauthenticated("token is malformed or invalid") from None


_NUMERIC_DATES = ("exp", "nbf", "iat")


def _check_claim_types(claims: dict[str, Any]) -> None:
    """RFC 7519 dates are JSON numbers; PyJWT would also take a string of digits."""
    for name in _NUMERIC_DATES:
        if name not in claims:
            continue
        value = claims[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise Unauthenticated(f"token claim {name!r} must be a number (seconds since the epoch)")
    if "iss" in claims and not isinstance(claims["iss"], str):
        raise Unauthenticated("token claim 'iss' must be a string")
    audience = claims.get("aud")
    if "aud" in claims and not (
        isinstance(audience, str)
        or (isinstance(audience, list) and all(isinstance(a, str) for a in audience))
    ):
        raise Unauthenticated("token claim 'aud' must be a string or a list of strings")

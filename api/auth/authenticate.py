"""Turn request headers into a ``Principal``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .errors import Unauthenticated
from .keystore import KeyStore, looks_like_api_key
from .principal import ANONYMOUS_ADMIN, Principal
from .settings import AuthSettings
from .tokens import JwtVerifier

# Far above any legitimate key or token; bounds the work an attacker can cause.
_MAX_CREDENTIAL_CHARS = 8192


class Authenticator:
    """Checks credentials for one server process.

    ``required`` comes from ``auth_required(host, ...)``.  When it is False,
    requests without credentials run as ``ANONYMOUS_ADMIN``, but credentials
    that *are* sent are still checked, so a developer testing a restricted
    key locally sees the restriction rather than silent admin access.
    """

    def __init__(self, *, required: bool, keys: KeyStore, jwt: JwtVerifier | None) -> None:
        self.required = required
        self.keys = keys
        self.jwt = jwt

    @classmethod
    def from_settings(cls, settings: AuthSettings, *, host: str) -> Authenticator:
        verifier = None
        if settings.jwt_secret is not None:
            verifier = JwtVerifier(
                settings.jwt_secret,
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
                leeway_seconds=settings.jwt_leeway_seconds,
            )
        return cls(required=settings.required_for(host), keys=KeyStore(settings.keys_path), jwt=verifier)

    def authenticate(self, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> Principal:
        credential = _credential(headers)
        if credential is None:
            if self.required:
                raise Unauthenticated(
                    "missing credentials: send 'Authorization: Bearer <token>' or 'X-API-Key'"
                )
            return ANONYMOUS_ADMIN
        if len(credential) > _MAX_CREDENTIAL_CHARS:
            raise Unauthenticated("credential is too long")
        if looks_like_api_key(credential):
            return self.keys.verify(credential)
        if self.jwt is None:
            raise Unauthenticated("JWT authentication is not configured on this server")
        return self.jwt.verify(credential)


def _credential(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> str | None:
    authorization = _header(headers, "authorization")
    api_key = _header(headers, "x-api-key")
    if authorization is not None and api_key is not None:
        # Two credentials that might disagree: refuse rather than pick one.
        raise Unauthenticated("send either Authorization or X-API-Key, not both")
    if api_key is not None:
        if not looks_like_api_key(api_key):
            raise Unauthenticated("X-API-Key must hold a relgraph API key (rgk_...)")
        return api_key
    if authorization is None:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthenticated("Authorization header must be 'Bearer <token>'")
    return value.strip()


def _header(headers: Mapping[str, str] | Iterable[tuple[str, str]], name: str) -> str | None:
    # Plain dicts are case-sensitive and Starlette's Headers are not; match
    # names case-insensitively either way, and refuse duplicates outright.
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    found = [value for key, value in pairs if key.lower() == name]
    if len(found) > 1:
        raise Unauthenticated(f"more than one {name} header")
    return found[0].strip() if found else None

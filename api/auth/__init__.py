"""Authentication: API keys, JWT bearer tokens, roles and access scopes."""

from .authenticate import Authenticator
from .errors import AuthConfigError, KeyStoreError, PrincipalError, Unauthenticated
from .keyfile import ApiKeyRecord
from .keystore import CreatedKey, KeyStore
from .principal import ANONYMOUS_ADMIN, ROLE_NAMES, Principal, Role
from .settings import AuthSettings, auth_required, default_keys_path, is_loopback
from .tokens import JwtVerifier

__all__ = [
    "ANONYMOUS_ADMIN",
    "ROLE_NAMES",
    "ApiKeyRecord",
    "AuthConfigError",
    "AuthSettings",
    "Authenticator",
    "CreatedKey",
    "JwtVerifier",
    "KeyStore",
    "KeyStoreError",
    "Principal",
    "PrincipalError",
    "Role",
    "Unauthenticated",
    "auth_required",
    "default_keys_path",
    "is_loopback",
]

"""API keys: creation, listing, revocation and per-request verification."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from .errors import KeyStoreError, Unauthenticated
from .keyfile import (
    KEY_PREFIX,
    ApiKeyRecord,
    Signature,
    exclusive_lock,
    read_records,
    stat_signature,
    write_records,
)
from .principal import Principal, Role, normalize_accounts, parse_role

log = logging.getLogger(__name__)

_KEY_ID_BYTES = 6
_ID = r"[0-9a-f]{12}"
# Strict shape check up front so that garbage never reaches hashing or lookup,
# and so that the id part can be logged without risk of it being a secret.
_KEY_RE = re.compile(rf"^{KEY_PREFIX}(?P<id>{_ID})_(?P<secret>[A-Za-z0-9_-]{{32,128}})$")
_KEY_ID_RE = re.compile(rf"^(?:{KEY_PREFIX})?(?P<id>{_ID})(?:_.*)?$")


def looks_like_api_key(value: str) -> bool:
    return value.startswith(KEY_PREFIX)


def hash_secret(secret: str) -> str:
    # A plain digest suffices: the secret is 256 random bits, so there is
    # nothing for a slow, salted hash to protect against.
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()


def parse_key_id(value: str) -> str:
    """Accept a bare key id, its ``rgk_`` prefix form, or a whole key."""
    match = _KEY_ID_RE.match(value.strip())
    if match is None:
        # The input may be a mistyped whole key, so it is not echoed back.
        raise KeyStoreError("not a key id (expected 12 hex digits, optionally prefixed with rgk_)")
    return match["id"]


@dataclass(frozen=True)
class CreatedKey:
    record: ApiKeyRecord
    key: str

    def __repr__(self) -> str:
        return f"CreatedKey(record={self.record!r}, key='{self.record.prefix}_…')"


class KeyStore:
    """One key file, shared safely between the CLI and a running server."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache_lock = threading.Lock()
        self._cache_signature: Signature | None = None
        self._cache: dict[str, ApiKeyRecord] = {}

    def create(self, role: Role | str, accounts: Iterable[str] = ()) -> CreatedKey:
        role = parse_role(role) if isinstance(role, str) else role
        bound = normalize_accounts(role, accounts)
        secret = secrets.token_urlsafe(32)
        with exclusive_lock(self.path):
            _, records = read_records(self.path)
            key_id = secrets.token_hex(_KEY_ID_BYTES)
            while key_id in records:
                key_id = secrets.token_hex(_KEY_ID_BYTES)
            record = ApiKeyRecord(
                key_id=key_id,
                role=role,
                accounts=bound,
                created=_now(),
                revoked=None,
                secret_hash=hash_secret(secret),
            )
            records[key_id] = record
            write_records(self.path, records)
        return CreatedKey(record=record, key=f"{record.prefix}_{secret}")

    def records(self) -> list[ApiKeyRecord]:
        _, records = read_records(self.path)
        return list(records.values())

    def revoke(self, key_id: str) -> bool:
        """Revoke a key; returns False if it was already revoked."""
        key_id = parse_key_id(key_id)
        with exclusive_lock(self.path):
            _, records = read_records(self.path)
            record = records.get(key_id)
            if record is None:
                raise KeyStoreError(f"no API key with id {key_id}")
            if record.is_revoked:
                return False
            records[key_id] = replace(record, revoked=_now())
            write_records(self.path, records)
        return True

    def verify(self, presented: str) -> Principal:
        match = _KEY_RE.match(presented)
        if match is None:
            raise Unauthenticated("malformed API key")
        try:
            records = self._current()
        except KeyStoreError as exc:
            log.error("API key file %s unusable: %s", self.path, exc)
            raise Unauthenticated("API keys cannot be checked right now") from None
        record = records.get(match["id"])
        if record is None or not hmac.compare_digest(record.secret_hash, hash_secret(match["secret"])):
            raise Unauthenticated("invalid API key")
        if record.is_revoked:
            raise Unauthenticated("API key has been revoked")
        return Principal(
            subject=f"api-key:{record.key_id}", role=record.role, accounts=record.accounts, via="api-key"
        )

    def _current(self) -> dict[str, ApiKeyRecord]:
        # One stat per request keeps a long-running server in step with
        # keys created or revoked from the CLI after it started.
        signature = stat_signature(self.path)
        with self._cache_lock:
            if signature is None:
                self._cache_signature, self._cache = None, {}
            elif signature != self._cache_signature:
                self._cache_signature, self._cache = read_records(self.path)
            return self._cache


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

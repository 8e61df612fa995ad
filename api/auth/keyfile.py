"""Low-level access to the API key file: locking, atomic replacement, parsing.

Writers hold an exclusive ``flock`` on a sibling ``.lock`` file for the whole
read-modify-write, so concurrent CLI invocations and the server never lose
each other's changes.  The lock lives on a separate file because
``os.replace`` swaps the key file's inode, which would leave a lock taken on
the old inode guarding nothing.  Readers need no lock: they only ever see a
complete old or complete new file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import KeyStoreError, PrincipalError
from .principal import Role, normalize_accounts, parse_role

FILE_VERSION = 1
KEY_PREFIX = "rgk_"

# Identifies one on-disk version of the file; a new inode from os.replace
# changes it even when two writes land within the same mtime tick.
Signature = tuple[int, int, int]


@dataclass(frozen=True)
class ApiKeyRecord:
    key_id: str
    role: Role
    accounts: frozenset[str]
    created: str
    revoked: str | None
    secret_hash: str

    @property
    def prefix(self) -> str:
        return f"{KEY_PREFIX}{self.key_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.key_id,
            "role": self.role.value,
            "accounts": sorted(self.accounts),
            "created": self.created,
            "revoked": self.revoked,
            "secret_hash": self.secret_hash,
        }

    @classmethod
    def from_json(cls, raw: Any) -> ApiKeyRecord:
        if not isinstance(raw, dict):
            raise KeyStoreError("key entry is not an object")
        try:
            key_id, role_name, accounts = raw["id"], raw["role"], raw["accounts"]
            created, revoked, secret_hash = raw["created"], raw["revoked"], raw["secret_hash"]
        except KeyError as missing:
            raise KeyStoreError(f"key entry lacks field {missing}") from None
        if not all(isinstance(v, str) for v in (key_id, role_name, created, secret_hash)):
            raise KeyStoreError("key entry has a non-string field")
        if revoked is not None and not isinstance(revoked, str):
            raise KeyStoreError(f"key {key_id} has a malformed 'revoked' field")
        if not isinstance(accounts, list):
            raise KeyStoreError(f"key {key_id} has a malformed 'accounts' field")
        try:
            role = parse_role(role_name)
            bound = normalize_accounts(role, accounts)
        except PrincipalError as exc:
            raise KeyStoreError(f"key {key_id}: {exc}") from None
        return cls(key_id, role, bound, created, revoked, secret_hash)


def parse_records(text: str) -> dict[str, ApiKeyRecord]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KeyStoreError(f"key file is not valid JSON: {exc}") from None
    if not isinstance(document, dict) or document.get("version") != FILE_VERSION:
        raise KeyStoreError(f"key file is not a version {FILE_VERSION} relgraph key file")
    entries = document.get("keys")
    if not isinstance(entries, list):
        raise KeyStoreError("key file has no 'keys' list")
    records = [ApiKeyRecord.from_json(entry) for entry in entries]
    return {record.key_id: record for record in records}


def read_records(path: Path) -> tuple[Signature | None, dict[str, ApiKeyRecord]]:
    """Read the file and the signature of exactly the version that was read."""
    try:
        handle = path.open("r", encoding="utf-8")
    except FileNotFoundError:
        return None, {}
    except OSError as exc:
        raise KeyStoreError(f"cannot read key file {path}: {exc.strerror}") from None
    with handle:
        # fstat on the open handle, not stat on the path: the path may be
        # replaced between the two calls and we must not pair new content
        # with an old signature or vice versa.
        st = os.fstat(handle.fileno())
        text = handle.read()
    return (st.st_ino, st.st_mtime_ns, st.st_size), parse_records(text)


def stat_signature(path: Path) -> Signature | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def write_records(path: Path, records: dict[str, ApiKeyRecord]) -> None:
    """Replace the file atomically; the caller must hold ``exclusive_lock``."""
    document = {"version": FILE_VERSION, "keys": [record.to_json() for record in records.values()]}
    payload = json.dumps(document, indent=2, sort_keys=True) + "\n"
    # mkstemp creates the file 0600 whatever the umask, so the key hashes
    # are never readable by others, not even briefly.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as tmp:
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable across a crash.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise KeyStoreError(f"cannot lock key file {path}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        # Closing the descriptor releases the flock.
        os.close(fd)

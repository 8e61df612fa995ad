"""Persisted documents: automatic persisted queries (APQ) and a trusted-documents manifest.

A client may send ``extensions.persistedQuery = {version: 1, sha256Hash}``
instead of, or beside, the document text (Apollo's APQ protocol):

- hash only: the document registered under that hash runs; an unknown hash
  answers ``PersistedQueryNotFound`` (code ``PERSISTED_QUERY_NOT_FOUND``) and
  the client sends the text with the hash again;
- hash and text: the hash must be the SHA-256 of the text (UTF-8, hex); the
  text runs as any other document, and once it has run it is registered.

Registered documents live in a bounded least-recently-used store of this
process. They go through the same parse, cost and validation checks as any
other document, because a hash is only ever turned back into text.

With a manifest of trusted documents (``RELGRAPH_TRUSTED_DOCUMENTS``) only the
documents it lists run, sent by hash or by text; APQ registration is off, and
everything else is refused with ``PERSISTED_QUERY_NOT_ALLOWED``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_model.settings import SettingsError

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
NOT_ALLOWED = "PERSISTED_QUERY_NOT_ALLOWED"
# Apollo's clients, and others following its protocol, retry with the text on this exact message.
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
APQ_VERSION = 1
APOLLO_MANIFEST_FORMAT = "apollo-persisted-query-manifest"
# A manifest larger than this is refused at start-up rather than held in memory.
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
MAX_MANIFEST_DOCUMENTS = 20_000
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_SETTING = "RELGRAPH_TRUSTED_DOCUMENTS"


class BadPersistedQuery(ValueError):
    """``extensions.persistedQuery`` is malformed or does not match the text: a bad request."""


class DocumentRefused(Exception):
    """The request names no document this server may run.

    ``status`` applies to graphql-response+json answers; application/json
    answers use 200, as for every other well-formed GraphQL request.
    """

    def __init__(self, message: str, code: str, status: int) -> None:
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


def document_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def requested_hash(extensions: Mapping[str, Any] | None) -> str | None:
    """The SHA-256 that ``extensions.persistedQuery`` names, or None when there is none."""
    if extensions is None or "persistedQuery" not in extensions:
        return None
    persisted = extensions["persistedQuery"]
    if not isinstance(persisted, dict):
        raise BadPersistedQuery("extensions.persistedQuery must be an object")
    version = persisted.get("version")
    if type(version) is not int or version != APQ_VERSION:
        raise BadPersistedQuery(
            f"extensions.persistedQuery.version: only version {APQ_VERSION} is supported, got {version!r}"
        )
    sha = persisted.get("sha256Hash")
    if not isinstance(sha, str) or not _SHA256_HEX.fullmatch(sha):
        raise BadPersistedQuery(
            "extensions.persistedQuery.sha256Hash must be 64 lower-case hexadecimal characters"
        )
    return sha


class PersistedQueryStore:
    """Registered documents by hash, least recently used dropped first, capped in entries and bytes.

    Used from the event loop only, so it needs no lock.
    """

    def __init__(self, *, max_entries: int, max_bytes: int) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._texts)

    @property
    def bytes(self) -> int:
        return self._bytes

    def get(self, sha: str) -> str | None:
        text = self._texts.get(sha)
        if text is not None:
            self._texts.move_to_end(sha)
        return text

    def put(self, sha: str, text: str) -> None:
        size = len(text.encode("utf-8"))
        # One document may not flush the whole store.
        if sha in self._texts or size > self.max_bytes // 4 or self.max_entries == 0:
            return
        self._texts[sha] = text
        self._bytes += size
        while len(self._texts) > self.max_entries or self._bytes > self.max_bytes:
            _, dropped = self._texts.popitem(last=False)
            self._bytes -= len(dropped.encode("utf-8"))


def _manifest_entries(data: Any, path: Path) -> list[tuple[Any, Any, str]]:
    """(hash, document, how to name the entry) from either supported manifest format."""
    if isinstance(data, dict) and data.get("format") == APOLLO_MANIFEST_FORMAT:
        if data.get("version") != 1 or not isinstance(data.get("operations"), list):
            raise SettingsError(f"{_SETTING}: {path}: expected version 1 with a list of operations")
        entries = []
        for index, operation in enumerate(data["operations"]):
            if not isinstance(operation, dict):
                raise SettingsError(f"{_SETTING}: {path}: operations[{index}] is not an object")
            label = f"operations[{index}] ({operation.get('name') or 'anonymous'})"
            entries.append((operation.get("id"), operation.get("body"), label))
        return entries
    if isinstance(data, dict):
        return [(sha, text, f"entry {sha}") for sha, text in data.items()]
    raise SettingsError(
        f"{_SETTING}: {path}: expected an object of sha256 -> document, or an Apollo persisted query manifest"
    )


def load_manifest(path: Path) -> dict[str, str]:
    """The trusted documents by hash; refuses (one line naming it) any entry whose hash is not its text's."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        raise SettingsError(f"{_SETTING}: cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_MANIFEST_BYTES:
        raise SettingsError(f"{_SETTING}: {path} is larger than {MAX_MANIFEST_BYTES} bytes")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SettingsError(f"{_SETTING}: {path} is not UTF-8 JSON: {exc}") from None
    entries = _manifest_entries(data, path)
    if len(entries) > MAX_MANIFEST_DOCUMENTS:
        raise SettingsError(f"{_SETTING}: {path} lists more than {MAX_MANIFEST_DOCUMENTS} documents")
    trusted: dict[str, str] = {}
    for sha, text, label in entries:
        if not isinstance(sha, str) or not _SHA256_HEX.fullmatch(sha):
            raise SettingsError(f"{_SETTING}: {path}: {label}: the id must be a lower-case hex SHA-256")
        if not isinstance(text, str) or not text.strip():
            raise SettingsError(f"{_SETTING}: {path}: {label}: the document must be a non-empty string")
        if document_hash(text) != sha:
            raise SettingsError(f"{_SETTING}: {path}: {label}: the hash is not the SHA-256 of its document")
        trusted[sha] = text
    return trusted


@dataclass(frozen=True)
class Resolved:
    """The text to run, and the hash to register it under once it has run (APQ only)."""

    query: str
    register_as: str | None = None


class PersistedDocuments:
    """Turns a request's text and ``persistedQuery`` extension into the document to run."""

    def __init__(self, store: PersistedQueryStore, trusted: Mapping[str, str] | None = None) -> None:
        self.store, self.trusted = store, trusted

    @classmethod
    def from_settings(cls, *, max_entries: int, max_bytes: int, manifest: Path | None) -> PersistedDocuments:
        trusted = load_manifest(manifest) if manifest is not None else None
        return cls(PersistedQueryStore(max_entries=max_entries, max_bytes=max_bytes), trusted)

    def resolve(self, query: str | None, extensions: Mapping[str, Any] | None) -> Resolved:
        sha = requested_hash(extensions)
        if sha is None:
            if query is None:
                raise BadPersistedQuery("query must be a non-empty string")
            if self.trusted is not None:
                self._trusted_text(self.trusted, document_hash(query))
            return Resolved(query)
        if query is None:
            if self.trusted is not None:
                return Resolved(self._trusted_text(self.trusted, sha))
            text = self.store.get(sha)
            if text is None:
                raise DocumentRefused(NOT_FOUND_MESSAGE, NOT_FOUND, 404)
            return Resolved(text)
        if document_hash(query) != sha:
            raise BadPersistedQuery(
                "extensions.persistedQuery.sha256Hash is not the SHA-256 of query (hex of its UTF-8 bytes)"
            )
        if self.trusted is not None:
            self._trusted_text(self.trusted, sha)
            return Resolved(query)
        return Resolved(query, register_as=sha)

    @staticmethod
    def _trusted_text(trusted: Mapping[str, str], sha: str) -> str:
        text = trusted.get(sha)
        if text is None:
            raise DocumentRefused(
                "Only registered documents run on this server; this one is not in its trusted documents.",
                NOT_ALLOWED,
                403,
            )
        return text

    def ran(self, resolved: Resolved) -> None:
        """Register an APQ document once it has run: documents that never pass validation are not kept."""
        if resolved.register_as is not None:
            self.store.put(resolved.register_as, resolved.query)

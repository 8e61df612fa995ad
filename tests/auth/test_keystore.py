from __future__ import annotations

import json
import os
import stat
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from api.auth import KeyStore, KeyStoreError, PrincipalError, Role, Unauthenticated


def test_create_authenticate_revoke(store: KeyStore) -> None:
    created = store.create(Role.ACCOUNT_MEMBER, ["acme", "globex"])
    assert created.key.startswith(f"rgk_{created.record.key_id}_")

    principal = store.verify(created.key)
    assert principal.role is Role.ACCOUNT_MEMBER
    assert principal.accounts == frozenset({"acme", "globex"})
    assert principal.via == "api-key"
    assert principal.subject == f"api-key:{created.record.key_id}"

    assert store.revoke(created.record.key_id) is True
    with pytest.raises(Unauthenticated, match="revoked"):
        store.verify(created.key)
    assert store.revoke(created.record.key_id) is False


def test_only_a_hash_is_stored(store: KeyStore, keys_path: Path) -> None:
    created = store.create(Role.ADMIN)
    secret = created.key.split("_", 2)[2]
    text = keys_path.read_text()
    assert secret not in text
    assert created.key not in text
    [entry] = json.loads(text)["keys"]
    assert entry["secret_hash"].startswith("sha256:")
    assert secret not in repr(created)


def test_key_file_is_private(store: KeyStore, keys_path: Path) -> None:
    old_umask = os.umask(0o000)
    try:
        store.create(Role.ADMIN)
        store.create(Role.EDITOR)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(keys_path.stat().st_mode) == 0o600
    leftovers = [p.name for p in keys_path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_wrong_secret_is_rejected(store: KeyStore) -> None:
    created = store.create(Role.EDITOR)
    secret = created.key.split("_", 2)[2]
    forged = created.key[: -len(secret)] + ("A" if secret[0] != "A" else "B") + secret[1:]
    with pytest.raises(Unauthenticated, match="invalid API key") as info:
        store.verify(forged)
    assert secret[1:] not in info.value.reason


def test_unknown_key_id_is_rejected(store: KeyStore) -> None:
    created = store.create(Role.EDITOR)
    other_id = "0" * 12 if created.record.key_id != "0" * 12 else "1" * 12
    stolen_secret = created.key.split("_", 2)[2]
    with pytest.raises(Unauthenticated, match="invalid API key"):
        store.verify(f"rgk_{other_id}_{stolen_secret}")


@pytest.mark.parametrize("bad", ["rgk_", "rgk_abc_def", "rgk_0123456789ab_short", "nope", ""])
def test_malformed_keys_are_rejected(store: KeyStore, bad: str) -> None:
    store.create(Role.ADMIN)
    with pytest.raises(Unauthenticated, match="malformed"):
        store.verify(bad)


def test_revoked_key_still_needs_its_secret(store: KeyStore) -> None:
    # Someone without the secret must not learn that a key id was revoked.
    created = store.create(Role.ADMIN)
    store.revoke(created.record.key_id)
    forged = created.key[:-4] + "AAAA"
    with pytest.raises(Unauthenticated, match="invalid API key"):
        store.verify(forged)


def test_account_member_key_without_accounts_is_refused(store: KeyStore, keys_path: Path) -> None:
    with pytest.raises(PrincipalError, match="at least one account"):
        store.create(Role.ACCOUNT_MEMBER, [])
    assert not keys_path.exists()


def test_revoke_unknown_key_fails(store: KeyStore) -> None:
    store.create(Role.ADMIN)
    with pytest.raises(KeyStoreError, match="no API key"):
        store.revoke("0123456789ab")


def test_revoke_accepts_prefix_or_whole_key(store: KeyStore) -> None:
    a, b = store.create(Role.ADMIN), store.create(Role.EDITOR)
    assert store.revoke(a.record.prefix)
    assert store.revoke(b.key)
    assert all(r.is_revoked for r in store.records())


def test_running_server_sees_later_changes(keys_path: Path) -> None:
    server, cli = KeyStore(keys_path), KeyStore(keys_path)
    with pytest.raises(Unauthenticated):
        server.verify("rgk_0123456789ab_" + "x" * 43)

    first = cli.create(Role.ANALYST)
    assert server.verify(first.key).role is Role.ANALYST

    # Several changes in quick succession, each of which must be noticed
    # even if they share an mtime tick.
    for _ in range(5):
        created = cli.create(Role.EDITOR)
        assert server.verify(created.key).role is Role.EDITOR
        cli.revoke(created.record.key_id)
        with pytest.raises(Unauthenticated, match="revoked"):
            server.verify(created.key)

    keys_path.unlink()
    with pytest.raises(Unauthenticated, match="invalid API key"):
        server.verify(first.key)


def test_corrupt_file_fails_closed(store: KeyStore, keys_path: Path) -> None:
    created = store.create(Role.ADMIN)
    assert store.verify(created.key).is_admin
    keys_path.write_text("{not json")
    with pytest.raises(Unauthenticated, match="cannot be checked"):
        store.verify(created.key)
    with pytest.raises(KeyStoreError, match="not valid JSON"):
        store.records()


def test_concurrent_creates_in_threads_keep_every_key(store: KeyStore, keys_path: Path) -> None:
    threads, per_thread = 8, 6
    created: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(per_thread):
                created.append(KeyStore(keys_path).create(Role.EDITOR).key)
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert len(store.records()) == threads * per_thread
    for key in created:
        assert store.verify(key).role is Role.EDITOR


def _create_in_process(path: str) -> str:
    return KeyStore(Path(path)).create(Role.ANALYST).key


def test_concurrent_creates_in_processes_keep_every_key(store: KeyStore, keys_path: Path) -> None:
    with ProcessPoolExecutor(max_workers=4) as pool:
        keys = list(pool.map(_create_in_process, [str(keys_path)] * 24))
    assert len(store.records()) == 24
    for key in keys:
        assert store.verify(key).role is Role.ANALYST


def test_concurrent_create_and_revoke(store: KeyStore) -> None:
    victims = [store.create(Role.EDITOR) for _ in range(10)]
    new_keys: list[str] = []

    def revoke_all() -> None:
        for victim in victims:
            store.revoke(victim.record.key_id)

    def create_some() -> None:
        for _ in range(10):
            new_keys.append(store.create(Role.ADMIN).key)

    workers = [threading.Thread(target=revoke_all), threading.Thread(target=create_some)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    records = {r.key_id: r for r in store.records()}
    assert len(records) == 20
    assert all(records[v.record.key_id].is_revoked for v in victims)
    for key in new_keys:
        assert store.verify(key).is_admin

"""Retention of the change log: entries older than RELGRAPH_CHANGE_RETENTION_DAYS are pruned at start-up."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

import graph_model.store
from api.auth.settings import AuthSettings
from graph_model.changes import retention_cutoff
from graph_model.importer import import_document
from graph_model.settings import SettingsError, StoreSettings
from graph_model.store import GraphStore
from graph_model.store_lifecycle import open_store
from tests.api.support import SEED, make_gql, serve
from tests.graph_model.test_change_log import DOC


async def _entries(store: GraphStore) -> list[str]:
    return [c.at for c in await store.changes(limit=1000)]


async def test_the_app_prunes_entries_beyond_the_retention_when_it_starts(
    store_settings: StoreSettings, auth_settings: AuthSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = retention_cutoff(31)
    async with open_store(store_settings) as store:
        with monkeypatch.context() as patch:
            patch.setattr(graph_model.store, "utc_now", lambda: old)
            assert (await import_document(store, DOC)).ok
        assert (await import_document(store, SEED)).ok
        kept = [at for at in await _entries(store) if at > old]
        assert kept and len(await _entries(store)) > len(kept)
    settings = dataclasses.replace(store_settings, change_retention_days=30)
    async with serve(settings, auth_settings) as client, open_store(settings) as store:
        for _ in range(100):
            if await _entries(store) == kept:
                break
            await asyncio.sleep(0.05)
        assert await _entries(store) == kept
        body = await make_gql(client)("{ changes(first: 100) { edges { node { at } } } }")
        assert [e["node"]["at"] for e in body["data"]["changes"]["edges"]] == kept
        await store.engine.drop_all()


def test_the_retention_is_read_from_the_environment() -> None:
    assert StoreSettings.from_env({}).change_retention_days == 400
    assert StoreSettings.from_env({"RELGRAPH_CHANGE_RETENTION_DAYS": "30"}).change_retention_days == 30
    with pytest.raises(SettingsError, match="RELGRAPH_CHANGE_RETENTION_DAYS"):
        StoreSettings.from_env({"RELGRAPH_CHANGE_RETENTION_DAYS": "0"})

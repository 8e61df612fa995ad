"""`relgraph changes` on a graph the command line itself wrote."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from api.cli import cli
from graph_model.settings import StoreSettings
from graph_model.store_lifecycle import open_store
from tests.api.support import SEED


@pytest.fixture
async def env(store_settings: StoreSettings) -> AsyncIterator[dict[str, str]]:
    yield {"RELGRAPH_DATA_DIR": str(store_settings.data_dir), "RELGRAPH_GRAPH": store_settings.graph_name}
    async with open_store(store_settings) as store:
        await store.engine.drop_all()


def _run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_changes_of_an_import_as_json_and_as_a_table(env: dict[str, str], tmp_path: Path) -> None:
    document = tmp_path / "seed.json"
    document.write_text(json.dumps(SEED), encoding="utf-8")
    assert _run(env, "import", str(document)).exit_code == 0
    result = _run(env, "changes", "--json", "--limit", "1000")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)["changes"]
    assert len(entries) == len(SEED["nodes"]) + len(SEED["relationships"])
    assert {e["actor"] for e in entries} == {"cli"} and {e["operation"] for e in entries} == {"CREATED"}
    bolt = json.loads(_run(env, "changes", "--json", "--customer", "c-bolt").output)["changes"]
    assert bolt and all("c-bolt" in e["accountIds"] for e in bolt)
    table = _run(env, "changes", "--limit", "3").output.splitlines()
    assert table[0].split()[:5] == ["SEQ", "AT", "ACTOR", "OP", "LABEL/TYPE"]
    assert len(table) == 4 and table[1].split()[0] == str(len(entries))
    # Importing the same file again changes nothing, so logs nothing.
    assert _run(env, "import", str(document)).exit_code == 0
    assert len(json.loads(_run(env, "changes", "--json", "--limit", "1000").output)["changes"]) == len(
        entries
    )


@pytest.mark.parametrize(("since", "reason"), [("soon", "not an ISO-8601"), ("2999-01-01", "in the future")])
def test_a_bad_since_is_refused_naming_the_option(env: dict[str, str], since: str, reason: str) -> None:
    result = _run(env, "changes", "--since", since)
    assert result.exit_code == 2
    assert "--since" in result.output and reason in result.output

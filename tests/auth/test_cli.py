from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from api.auth import KeyStore, Role
from api.auth.cli import keys
from tests.cli.support import Relgraph, command_line


def run(keys_path: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(keys, ["--keys-file", str(keys_path), *args], env=env)


CUSTOMERS = {
    "nodes": [
        {"label": "Customer", "id": "acme", "properties": {"name": "Acme"}},
        {"label": "Customer", "id": "globex", "properties": {"name": "Globex"}},
        {"label": "Industry", "id": "ind-auto", "properties": {"name": "Automotive"}},
    ]
}


@pytest.fixture
def graph(engine_dir: Path) -> Iterator[Relgraph]:
    """A graph holding the customers acme and globex (and an industry, which is no account)."""
    with command_line(engine_dir) as relgraph:
        assert relgraph("import", "-", stdin=json.dumps(CUSTOMERS).encode()).exit_code == 0
        yield relgraph


def test_create_prints_key_alone_on_last_line(keys_path: Path, graph: Relgraph) -> None:
    result = run(
        keys_path,
        "create",
        "--role",
        "account_member",
        "--account",
        "acme",
        "--account",
        "globex",
        env=graph.env,
    )
    assert result.exit_code == 0, result.output
    key = result.output.splitlines()[-1]
    assert key.startswith("rgk_")
    assert key == key.strip()
    # stdout carries nothing but the key, for KEY=$(relgraph keys create ...)
    assert result.stdout == key + "\n"

    principal = KeyStore(keys_path).verify(key)
    assert principal.role is Role.ACCOUNT_MEMBER
    assert principal.accounts == frozenset({"acme", "globex"})
    assert key.split("_", 2)[2] not in keys_path.read_text()


@pytest.mark.parametrize("accounts", [["cust-nope"], ["acme", "ind-auto"]], ids=["unknown", "not-a-customer"])
def test_create_refuses_accounts_that_are_not_customers(
    keys_path: Path, graph: Relgraph, accounts: list[str]
) -> None:
    args = [arg for account in accounts for arg in ("--account", account)]
    result = run(keys_path, "create", "--role", "account_member", *args, env=graph.env)
    assert result.exit_code == 1
    wrong = accounts[-1]
    assert result.output == (
        f"Error: no customer with id '{wrong}'; --account takes the id of a customer in the graph\n"
    )
    assert not keys_path.exists()


def test_create_with_accounts_refuses_a_data_dir_that_does_not_exist(keys_path: Path, tmp_path: Path) -> None:
    missing = tmp_path / "mistyped"
    result = run(
        keys_path,
        "create",
        "--role",
        "account_member",
        "--account",
        "acme",
        env={"RELGRAPH_DATA_DIR": str(missing)},
    )
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert f"data dir {missing} does not exist" in result.output
    assert not missing.exists()


def test_list_shows_no_secrets(keys_path: Path) -> None:
    created = [run(keys_path, "create", "--role", role).stdout.strip() for role in ("admin", "analyst")]
    result = run(keys_path, "list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "PREFIX", "ROLE", "ACCOUNTS", "CREATED", "REVOKED"]
    assert len(lines) == 3
    for key in created:
        key_id, secret = key.split("_", 2)[1:]
        assert key_id in result.output
        assert secret not in result.output
        assert secret[:8] not in result.output
    assert "admin" in result.output
    assert "analyst" in result.output


def test_list_when_empty(keys_path: Path) -> None:
    result = run(keys_path, "list")
    assert result.exit_code == 0
    assert result.output == "No API keys.\n"


def test_revoke(keys_path: Path) -> None:
    key = run(keys_path, "create", "--role", "editor").stdout.strip()
    key_id = key.split("_")[1]
    result = run(keys_path, "revoke", key_id)
    assert result.exit_code == 0, result.output
    assert result.output == "Revoked.\n"
    [record] = KeyStore(keys_path).records()
    assert record.is_revoked
    listed = run(keys_path, "list").output.splitlines()[1]
    assert listed.split()[-1] != "-"
    assert run(keys_path, "revoke", key_id).output == "Already revoked.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "--role", "superuser"], "unknown role 'superuser'"),
        (["create", "--role", "account_member"], "at least one account"),
        (["create", "--role", "account_member", "--account", ""], "non-empty"),
        (["create", "--role", "editor", "--account", "acme"], "only apply to role account_member"),
        (["revoke", "0123456789ab"], "no API key with id 0123456789ab"),
        (["revoke", "bogus"], "not a key id"),
    ],
)
def test_user_errors_are_one_line(keys_path: Path, args: list[str], message: str) -> None:
    run(keys_path, "create", "--role", "admin")
    before = keys_path.read_text()
    result = run(keys_path, *args)
    assert result.exit_code != 0
    assert result.output.count("\n") == 1, result.output
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert json.loads(keys_path.read_text()) == json.loads(before)


def test_default_path_from_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELGRAPH_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(keys, ["create", "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert KeyStore(tmp_path / "data" / "api-keys.json").verify(result.stdout.strip()).is_admin

"""``relgraph keys``: manage API keys from the command line."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import click

from api.command_support import run_with_store, user_errors
from graph_model.model import Label
from graph_model.store import GraphStore

from .errors import KeyStoreError, PrincipalError
from .keyfile import ApiKeyRecord
from .keystore import KeyStore
from .principal import ROLE_NAMES, normalize_accounts, parse_role
from .settings import default_keys_path


def _store(ctx: click.Context) -> KeyStore:
    store = ctx.find_object(KeyStore)
    if store is None:
        raise click.ClickException("internal error: key store not initialised")
    return store


@click.group("keys")
@click.option(
    "--keys-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="API key file (default: $RELGRAPH_DATA_DIR/api-keys.json, or ./.relgraph/api-keys.json).",
)
@click.pass_context
def keys(ctx: click.Context, keys_file: Path | None) -> None:
    """Create, list and revoke API keys."""
    ctx.obj = KeyStore(keys_file if keys_file is not None else default_keys_path())


@keys.command("create")
@click.option("--role", "role_name", required=True, help=f"One of: {', '.join(ROLE_NAMES)}.")
@click.option(
    "--account",
    "accounts",
    multiple=True,
    help="Account id the key is bound to (repeatable; required for account_member).",
)
@click.pass_context
@user_errors
def create(ctx: click.Context, role_name: str, accounts: tuple[str, ...]) -> None:
    """Create a key and print it once; only its hash is stored."""
    try:
        role = parse_role(role_name)
        bound = normalize_accounts(role, accounts)
        if bound:
            _refuse_unknown_accounts(bound)
        created = _store(ctx).create(role, bound)
    except (PrincipalError, KeyStoreError) as exc:
        raise click.ClickException(str(exc)) from None
    record = created.record
    scope = f", accounts {', '.join(sorted(record.accounts))}" if record.accounts else ""
    # Commentary goes to stderr so `KEY=$(relgraph keys create ...)` captures
    # only the key, which is also the last line of the combined output.
    click.echo(f"Created API key {record.key_id} (role {record.role.value}{scope}).", err=True)
    click.echo("Store it now: it cannot be shown again.", err=True)
    click.echo(created.key)


def _refuse_unknown_accounts(accounts: Collection[str]) -> None:
    """A key bound to an account that is not a customer in the graph would open nothing."""

    async def customers(store: GraphStore) -> set[str]:
        found = await store.get_nodes(list(accounts))
        return {node_id for node_id, node in found.items() if node.label is Label.CUSTOMER}

    unknown = sorted(set(accounts) - run_with_store(customers, existing=True))
    if unknown:
        raise click.ClickException(
            f"no customer with id {', '.join(map(repr, unknown))}; "
            "--account takes the id of a customer in the graph"
        )


@keys.command("list")
@click.pass_context
def list_keys(ctx: click.Context) -> None:
    """List keys (never their secrets)."""
    try:
        records = _store(ctx).records()
    except KeyStoreError as exc:
        raise click.ClickException(str(exc)) from None
    if not records:
        click.echo("No API keys.")
        return
    rows = [("ID", "PREFIX", "ROLE", "ACCOUNTS", "CREATED", "REVOKED"), *map(_row, records)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _row(record: ApiKeyRecord) -> tuple[str, str, str, str, str, str]:
    accounts = ",".join(sorted(record.accounts)) or "*"
    return (record.key_id, record.prefix, record.role.value, accounts, record.created, record.revoked or "-")


@keys.command("revoke")
@click.argument("key_id")
@click.pass_context
def revoke(ctx: click.Context, key_id: str) -> None:
    """Revoke KEY_ID; a running server rejects the key from its next request."""
    try:
        changed = _store(ctx).revoke(key_id)
    except KeyStoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("Revoked." if changed else "Already revoked.")

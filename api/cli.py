"""``relgraph``: serve, seed, import, export and inspect the graph."""

from __future__ import annotations

import errno
import json
import socket
import sys
from typing import Any

import click

from api.auth.cli import keys
from api.command_support import run_with_store, store_settings, user_errors
from api.exchange import export_file, import_file
from graph_model.access import CLI_SCOPE
from graph_model.changes import Change, check_since
from graph_model.errors import ValidationFailed
from graph_model.store import GraphStore

# The newest entries `relgraph changes` shows at most.
MAX_CHANGES = 10_000


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` for the server to accept on, or a one-line error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    # As uvicorn does: a port left in TIME_WAIT by a stopped server is free.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} on {host} is already in use; stop what is using it or choose another --port"
            ) from None
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


@click.group()
@click.version_option(package_name="relgraph")
def cli() -> None:
    """Relationship graph for key-account management."""


cli.add_command(keys)


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind (auth is required off loopback)."
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
@user_errors
def serve(host: str, port: int, log_level: str) -> None:
    """Serve GraphQL on /graphql (GraphiQL in the browser on loopback)."""
    import uvicorn

    from api.app import create_app

    # Bound before anything starts, so a busy port is one line, not a banner and a traceback.
    listener = listen(host, port)
    app = create_app(host=host)
    click.echo(f"relgraph: GraphQL on http://{host}:{port}/graphql", err=True)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="on")
    uvicorn.Server(config).run(sockets=[listener])


@cli.group()
def seed() -> None:
    """Load a dataset into the graph."""


@seed.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the graph has no nodes yet.")
@user_errors
def seed_demo(if_empty: bool) -> None:
    """Load the hand-made demo dataset (idempotent)."""
    from seeds.demo import load_demo

    async def work(store: GraphStore) -> str:
        if if_empty:
            labels, _ = await store.counts()
            if sum(labels.values()):
                return f"graph already has {sum(labels.values())} nodes; demo not loaded"
        report = await load_demo(store, access=CLI_SCOPE)
        if not report.ok:
            raise ValidationFailed(report.errors)
        await store.compact()
        return f"demo loaded: {report.nodes_written} nodes, {report.relationships_written} relationships"

    click.echo(run_with_store(work))


@seed.command("synthetic")
@click.option("--stakeholders", default=10_000, show_default=True, type=click.IntRange(1, 5_000_000))
@click.option("--seed", "seed_value", default=42, show_default=True, type=int)
@user_errors
def seed_synthetic(stakeholders: int, seed_value: int) -> None:
    """Generate and load a deterministic synthetic graph of any size."""
    from seeds.loading import load_synthetic

    async def work(store: GraphStore) -> Any:
        result = await load_synthetic(store, stakeholders, seed_value, progress=sys.stderr.isatty())
        await store.compact()
        return result

    result = run_with_store(work)
    click.echo(f"synthetic graph loaded: {result}")


cli.add_command(import_file)
cli.add_command(export_file)


@cli.group()
def db() -> None:
    """Inspect the storage engine."""


@db.command("status")
@user_errors
def db_status() -> None:
    """Engine, graph version and counts by label and relationship type."""

    async def work(store: GraphStore) -> dict[str, Any]:
        labels, types = await store.counts()
        return {
            "engine": store.engine_name,
            "graphVersion": await store.version(),
            "nodes": dict(sorted(labels.items())),
            "relationships": dict(sorted(types.items())),
        }

    status = run_with_store(work, existing=True)
    settings = store_settings(existing=True)
    click.echo(f"engine: {status['engine']} ({settings.db_url}, data dir {settings.data_dir})")
    click.echo(f"graph version: {status['graphVersion']}")
    click.echo("nodes: " + (", ".join(f"{k} {v}" for k, v in status["nodes"].items()) or "none"))
    click.echo(
        "relationships: " + (", ".join(f"{k} {v}" for k, v in status["relationships"].items()) or "none")
    )


@cli.command("changes")
@click.option("--customer", "customer_id", help="Only the changes of this account (a customer id).")
@click.option("--since", help="Only changes at or after this ISO-8601 date or date-time.")
@click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(1, MAX_CHANGES),
    help="Newest entries shown.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON document instead of a table.")
@user_errors
def changes(customer_id: str | None, since: str | None, limit: int, as_json: bool) -> None:
    """The change log, newest first: what each write created, updated or deleted, when and by whom."""
    settings = store_settings(existing=True)
    if since is not None:
        try:
            since = check_since(since, settings.change_retention_days)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--since") from None

    async def work(store: GraphStore) -> list[Change]:
        return await store.changes(customer_id=customer_id, since=since, limit=limit)

    found = run_with_store(work, existing=True)
    if as_json:
        click.echo(
            json.dumps({"changes": [_change_document(c) for c in found]}, indent=1, ensure_ascii=False)
        )
        return
    if not found:
        click.echo("no changes")
        return
    rows = [
        (str(c.seq), c.at, c.actor, c.op.value, c.name, " -> ".join(c.ids), ", ".join(c.changed_keys))
        for c in found
    ]
    header = ("SEQ", "AT", "ACTOR", "OP", "LABEL/TYPE", "IDS", "PROPERTIES")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1]
        )


def _change_document(change: Change) -> dict[str, Any]:
    return {
        "sequence": change.seq,
        "at": change.at,
        "actor": change.actor,
        "kind": change.kind.value,
        "operation": change.op.value,
        "name": change.name,
        "ids": list(change.ids),
        "accountIds": list(change.accounts),
        "before": change.before,
        "after": change.after,
    }


def main() -> None:
    cli(prog_name="relgraph")


__all__ = ["cli", "main"]

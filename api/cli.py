"""``relgraph``: serve, seed, import, export and inspect the graph."""

from __future__ import annotations

import asyncio
import functools
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click

from api.auth.cli import keys
from api.auth.errors import AuthConfigError
from graph_model.access import CLI_ACTOR, AccessScope
from graph_model.changes import Change, check_since
from graph_model.errors import EngineError, StoreError, ValidationFailed
from graph_model.importer import import_document
from graph_model.opening import open_store
from graph_model.records import ImportReport
from graph_model.settings import SettingsError, StoreSettings
from graph_model.store import GraphStore

# What the command line writes, it writes as the operator: everything, logged as "cli".
CLI_SCOPE = AccessScope(actor=CLI_ACTOR)
MAX_CHANGES = 10_000
P = ParamSpec("P")
R = TypeVar("R")


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Report expected failures as one line and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (EngineError, SettingsError, AuthConfigError, StoreError, OSError) as exc:
            raise click.ClickException(
                str(exc).splitlines()[0] if isinstance(exc, OSError) else str(exc)
            ) from None

    return wrapper


def run_with_store(work: Callable[[GraphStore], Awaitable[R]]) -> R:
    async def main() -> R:
        async with open_store(StoreSettings.from_env()) as store:
            return await work(store)

    return asyncio.run(main())


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

    app = create_app(host=host)
    click.echo(f"relgraph: GraphQL on http://{host}:{port}/graphql", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, lifespan="on")


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


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@user_errors
def import_file(file: Path) -> None:
    """Import a JSON graph document; every row is checked before anything is written."""
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{file}: not valid JSON ({exc})") from None

    async def work(store: GraphStore) -> ImportReport:
        report = await import_document(store, document, CLI_SCOPE, progress=None)
        if report.ok:
            await store.compact()
        return report

    report = run_with_store(work)
    if not report.ok:
        for error in report.errors:
            click.echo(f"  {error}", err=True)
        raise click.ClickException(f"{file}: {len(report.errors)} problem(s) found; nothing was written")
    click.echo(f"imported {report.nodes_written} nodes and {report.relationships_written} relationships")


@cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@user_errors
def export_file(file: Path) -> None:
    """Write the whole graph as a JSON document that `relgraph import` reads back."""
    document = run_with_store(lambda store: store.dump())
    tmp = file.with_name(file.name + ".tmp")
    tmp.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    tmp.replace(file)
    nodes, relationships = len(document["nodes"]), len(document["relationships"])
    click.echo(f"exported {nodes} nodes and {relationships} relationships to {file}")


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

    status = run_with_store(work)
    settings = StoreSettings.from_env()
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
    settings = StoreSettings.from_env()
    if since is not None:
        try:
            since = check_since(since, settings.change_retention_days)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--since") from None

    async def work(store: GraphStore) -> list[Change]:
        return await store.changes(customer_id=customer_id, since=since, limit=limit)

    found = run_with_store(work)
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

"""``relgraph import`` and ``relgraph export``: the graph in and out of JSON and CSV files."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import click

from api.command_support import run_with_store, user_errors
from graph_model.access import CLI_SCOPE
from graph_model.errors import FieldError
from graph_model.importer import import_document
from graph_model.interchange import (
    NOT_UTF8_REASON,
    NotUtf8,
    Problem,
    decode_utf8,
    file_names,
    is_csv_source,
    read_csv,
    write_csv,
)
from graph_model.records import ImportReport
from graph_model.store import GraphStore

STDIO = "-"


def _json_document(data: bytes, name: str) -> Any:
    try:
        return json.loads(decode_utf8(data))
    except NotUtf8 as exc:
        raise click.ClickException(f"{name}:{exc.line}: {NOT_UTF8_REASON}") from None
    except ValueError as exc:
        raise click.ClickException(f"{name}: not valid JSON ({exc})") from None


@click.command("import")
@click.argument("source", type=click.Path(exists=True, allow_dash=True, path_type=Path))
@user_errors
def import_file(source: Path) -> None:
    """Import SOURCE: a JSON document (- reads standard input), or CSV: a folder, a zip or one file.

    Every row is checked before anything is written: one problem anywhere and nothing is.
    """
    name = str(source)
    refused: list[Problem] = []
    locate: Callable[[Sequence[FieldError]], Sequence[object]] = list
    if name == STDIO:
        document = _json_document(sys.stdin.buffer.read(), "standard input")
    elif is_csv_source(source):
        read = read_csv(source)
        document, refused = read.document, read.problems

        def locate(errors: Sequence[FieldError]) -> Sequence[object]:
            return sorted([*refused, *read.locate(errors)], key=Problem.position)

    else:
        document = _json_document(source.read_bytes(), name)

    async def work(store: GraphStore) -> ImportReport:
        report = await import_document(store, document, CLI_SCOPE, progress=None, check_only=bool(refused))
        if report.ok and not refused:
            await store.compact()
        return report

    report = run_with_store(work)
    problems = locate(report.errors) if refused or report.errors else []
    if problems:
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        raise click.ClickException(f"{name}: {len(problems)} problem(s) found; nothing was written")
    click.echo(f"imported {report.nodes_written} nodes and {report.relationships_written} relationships")


def _format_of(target: Path, chosen: str | None) -> str:
    if chosen is not None:
        return chosen
    return "csv" if target.suffix.lower() == ".zip" or target.is_dir() else "json"


def _refuse_overwrite(target: Path, fmt: str, force: bool) -> None:
    """Stop before the store is opened if the export would overwrite what it must not."""
    if not target.exists() and not target.is_symlink():
        return
    if target.is_dir():
        if fmt == "json" or target.suffix.lower() == ".zip":
            raise click.ClickException(f"{target} is a folder; name a file to write the export to")
        unknown = sorted(
            p.name for p in target.iterdir() if p.name not in file_names() and not p.name.startswith(".")
        )
        if unknown:
            raise click.ClickException(
                f"{target} holds files a CSV export does not write ({', '.join(unknown[:5])}); "
                "name a new or empty folder"
            )
        if force or not any(target.iterdir()):
            return
    elif force:
        return
    raise click.ClickException(f"{target} already exists; pass --force to overwrite it")


@contextlib.contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it only once fully written."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        yield tmp
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def _write_csv_folder(document: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=folder))
    try:
        write_csv(document, lambda name: (staging / name).open("w", encoding="utf-8", newline=""))
        for name in file_names():
            (staging / name).replace(folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_csv_zip(document: dict[str, Any], target: Path) -> None:
    with _replacing(target) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:

        def open_entry(name: str) -> IO[str]:
            entry = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            return io.TextIOWrapper(archive.open(entry, "w"), encoding="utf-8", newline="")

        write_csv(document, open_entry)


def _write_json(document: dict[str, Any], target: Path) -> None:
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if str(target) == STDIO:
        click.echo(text, nl=False)
        return
    with _replacing(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


@click.command("export")
@click.argument("target", type=click.Path(allow_dash=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default=None,
    help="json, or csv (one file per label and type). Default: csv for a .zip or a folder, else json.",
)
@click.option("--force", is_flag=True, help="Overwrite TARGET if it exists.")
@user_errors
def export_file(target: Path, fmt: str | None, force: bool) -> None:
    """Write the whole graph, timestamps included, to TARGET in a form `relgraph import` reads back.

    TARGET is a JSON file (- for standard output), a .zip of CSV files, or a folder of CSV files.
    """
    to_stdout = str(target) == STDIO
    fmt = "json" if to_stdout and fmt is None else _format_of(target, fmt)
    if to_stdout and fmt == "csv":
        raise click.ClickException("CSV is one file per label and type; export it to a folder or a .zip")
    if not to_stdout:
        _refuse_overwrite(target, fmt, force)
    document = run_with_store(lambda store: store.dump(), existing=True)
    if fmt == "json":
        _write_json(document, target)
    elif target.suffix.lower() == ".zip":
        _write_csv_zip(document, target)
    else:
        _write_csv_folder(document, target)
    nodes, relationships = len(document["nodes"]), len(document["relationships"])
    where = "standard output" if to_stdout else str(target)
    # With - the document is on standard output; the summary stays off it.
    click.echo(f"exported {nodes} nodes and {relationships} relationships to {where}", err=to_stdout)


__all__ = ["export_file", "import_file"]

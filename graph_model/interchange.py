"""Graph documents in files: JSON, or CSV with one file per label and per relationship type.

CSV holds the same document ``import_document`` takes (and ``dump`` gives):
``Customer.csv`` has a row per customer, ``WORKS_IN.csv`` a row per
relationship, in a folder or a zip.  The first line names the columns: ``id``
and the property names for nodes, ``from``, ``to`` and the property names for
relationships.  Cells are typed by the model's property specs; an empty cell
is an absent property.  Every problem is reported with its file, line and
column, so a spreadsheet user can find it.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import functools
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Final

from graph_model.errors import FieldError
from graph_model.model import Label, PropSpec, PropType, RelType, label_for, rel_type_for, row_properties

NODE_KEYS: Final = ("id",)
RELATIONSHIP_KEYS: Final = ("from", "to")
# A CSV export has one file per label and per type; more is not an export.
MAX_FILES: Final = 4 * (len(Label) + len(RelType))
# Guards against a zip whose entries inflate far beyond any real export.
MAX_FILE_BYTES: Final = 2 << 30
MAX_PROBLEMS: Final = 1_000
_SKIPPED_ENTRIES: Final = ("__MACOSX/",)


@dataclasses.dataclass(frozen=True)
class Problem:
    """One reason a file is refused, and where: file, line and column (1-based), and the column's name."""

    file: str
    reason: str
    line: int | None = None
    column: int | None = None
    header: str | None = None

    def position(self) -> tuple[str, int, int]:
        """Sort key: by file, then line, then column."""
        return self.file, self.line or 0, self.column or 0

    def __str__(self) -> str:
        place = self.file + "".join(f":{n}" for n in (self.line, self.column) if n is not None)
        subject = f" {self.header}:" if self.header else ""
        return f"{place}:{subject} {self.reason}"


class NotUtf8(ValueError):
    """Text that is not UTF-8; ``line`` is where the first byte that is not UTF-8 sits."""

    def __init__(self, line: int) -> None:
        self.line = line
        super().__init__(f"line {line} is not UTF-8")


NOT_UTF8_REASON: Final = "not UTF-8 text; save the file as UTF-8 (with or without BOM) and try again"


def decode_utf8(data: bytes) -> str:
    """UTF-8 text, with or without a byte-order mark; anything else raises ``NotUtf8``."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8(data.count(b"\n", 0, exc.start) + 1) from None


# -- reading -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Table:
    """Where a file's rows landed in the document, so errors can be mapped back."""

    file: str
    columns: Mapping[str, int]
    lines: list[int]


@dataclasses.dataclass
class CsvDocument:
    """The document a set of CSV files makes, the problems found reading it, and where each row came from."""

    document: dict[str, list[dict[str, Any]]]
    problems: list[Problem]
    _tables: dict[str, list[tuple[int, _Table]]]

    def locate(self, errors: Sequence[FieldError]) -> list[Problem]:
        """Validation errors (which name document rows) as problems naming files, lines and columns."""
        located = [self._locate(error) for error in errors]
        known = {(p.file, p.line, p.header) for p in self.problems}
        # A cell the reader refused is absent from the document; validation
        # may call it missing, which would report the same cell twice.
        return [p for p in located if (p.file, p.line, p.header) not in known]

    def _where(self, section: str | None, index: int | None) -> tuple[_Table, int] | None:
        if section is None or index is None:
            return None
        for start, table in reversed(self._tables.get(section, [])):
            if index >= start:
                return table, table.lines[index - start]
        return None

    def _locate(self, error: FieldError) -> Problem:
        where = self._where(error.section, error.index)
        if where is None:
            return Problem("import", str(error))
        table, line = where
        header = error.field.removeprefix("properties.")
        return Problem(table.file, self._rows_named(error.reason), line, table.columns.get(header), header)

    def _rows_named(self, reason: str) -> str:
        """A reason that names another document row (``nodes[3]``) names its file and line instead."""

        def place(match: re.Match[str]) -> str:
            where = self._where(match[1], int(match[2]))
            return f"{where[0].file} line {where[1]}" if where else match[0]

        return re.sub(r"\b(nodes|relationships)\[(\d+)\]", place, reason)


def _cell(spec: PropSpec, text: str) -> tuple[Any, str | None]:
    """A cell's value as the model types it, or why it cannot be read."""
    value = text.strip()
    kind = spec.type
    if kind is PropType.BOOL:
        if value.lower() in ("true", "false"):
            return value.lower() == "true", None
        return None, f"expected true or false, got {value!r}"
    if kind in (PropType.INT, PropType.FLOAT):
        try:
            return int(value), None
        except ValueError:
            pass
        try:
            number = float(value)
        except ValueError:
            return None, f"expected a number, got {value!r}"
        return (number, None) if math.isfinite(number) else (None, "must be a finite number")
    if kind in (PropType.ENUM, PropType.DATETIME):
        return value, None
    return text, None


@dataclasses.dataclass(frozen=True)
class _Kind:
    """What one file holds: a label's nodes or a type's relationships."""

    name: str
    section: str
    keys: tuple[str, ...]
    specs: Mapping[str, PropSpec]

    def row(self, keys: dict[str, str], properties: dict[str, Any]) -> dict[str, Any]:
        """The document row: ``label``/``id`` or ``type``/``from``/``to``, and the properties."""
        named = "label" if self.section == "nodes" else "type"
        return {named: self.name, **keys, "properties": properties}


def _kind_of(stem: str) -> _Kind | None:
    label = label_for(stem)
    if label is not None:
        return _Kind(label.value, "nodes", NODE_KEYS, row_properties(label, timestamps=True))
    rel = rel_type_for(stem)
    if rel is not None:
        return _Kind(rel.value, "relationships", RELATIONSHIP_KEYS, row_properties(rel, timestamps=True))
    return None


# Files in model order: rows are numbered the same whatever order the files came in.
KIND_NAMES: Final = (*(lb.value for lb in Label), *(t.value for t in RelType))


def file_names() -> tuple[str, ...]:
    return tuple(f"{name}.csv" for name in KIND_NAMES)


class _Reader:
    def __init__(self) -> None:
        self.document: dict[str, list[dict[str, Any]]] = {"nodes": [], "relationships": []}
        self.problems: list[Problem] = []
        self.tables: dict[str, list[tuple[int, _Table]]] = {"nodes": [], "relationships": []}

    def refuse(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def read_file(self, name: str, kind: _Kind, data: bytes) -> None:
        try:
            text = decode_utf8(data)
        except NotUtf8 as exc:
            self.refuse(Problem(name, NOT_UTF8_REASON, exc.line))
            return
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = next(reader, None)
            if header is None:
                self.refuse(Problem(name, "is empty; its first line must name the columns"))
                return
            columns = self._columns(name, kind, header)
            if columns is None:
                return
            rows = self.document[kind.section]
            table = _Table(name, columns, [])
            self.tables[kind.section].append((len(rows), table))
            end = reader.line_num
            for cells in reader:
                line, end = end + 1, reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(header):
                    reason = f"has {len(cells)} cells but the first line names {len(header)} columns"
                    self.refuse(Problem(name, reason, line))
                    continue
                rows.append(self._row(name, kind, columns, cells, line))
                table.lines.append(line)
        except csv.Error as exc:
            self.refuse(Problem(name, f"is not valid CSV ({exc})", reader.line_num))

    def _columns(self, name: str, kind: _Kind, header: list[str]) -> dict[str, int] | None:
        """Known column names and their numbers; ``None`` if a key column is missing.

        An unknown or repeated column is reported and its cells left unread,
        so the rest of the file is still checked.
        """
        columns: dict[str, int] = {}
        allowed = (*kind.keys, *kind.specs)
        for number, raw in enumerate(header, start=1):
            column = raw.strip()
            if column in columns:
                self.refuse(Problem(name, f"column {column!r} appears twice", 1, number))
            elif column not in allowed:
                reason = f"unknown column {column!r}; expected {', '.join(allowed)}"
                self.refuse(Problem(name, reason, 1, number))
            else:
                columns[column] = number
        missing = [key for key in kind.keys if key not in columns]
        for key in missing:
            self.refuse(Problem(name, f"has no {key!r} column; the first line must name it", 1))
        return None if missing else columns

    def _row(
        self, name: str, kind: _Kind, columns: Mapping[str, int], cells: list[str], line: int
    ) -> dict[str, Any]:
        keys: dict[str, str] = {}
        props: dict[str, Any] = {}
        for column, number in columns.items():
            text = cells[number - 1]
            if column in kind.keys:
                keys[column] = text
            elif text.strip():
                value, reason = _cell(kind.specs[column], text)
                if reason is not None:
                    self.refuse(Problem(name, reason, line, number, column))
                else:
                    props[column] = value
        return kind.row(keys, props)


Entry = tuple[str, Callable[[], bytes] | str]


def _folder_entries(folder: Path) -> Iterator[Entry]:
    """The files of a folder: a name and a way to read it, or a name and why it is refused."""
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if not path.is_file():
            yield path.name, "is a folder; put every CSV file directly in the one folder"
        elif path.stat().st_size > MAX_FILE_BYTES:
            yield path.name, f"is larger than {MAX_FILE_BYTES >> 30} GiB"
        else:
            yield path.name, path.read_bytes


def _zip_entries(archive: zipfile.ZipFile) -> Iterator[Entry]:
    """The files of a zip, as ``_folder_entries`` gives a folder's."""
    infos = [
        i
        for i in archive.infolist()
        if not i.is_dir() and not i.filename.startswith(_SKIPPED_ENTRIES) and not _hidden(i.filename)
    ]
    # A zip of a folder holds that folder: read inside it.
    tops = {i.filename.split("/", 1)[0] for i in infos}
    inside = next(iter(tops)) + "/" if len(tops) == 1 and all("/" in i.filename for i in infos) else ""
    for info in infos:
        name = info.filename.removeprefix(inside)
        if "/" in name:
            yield name, "is in a subfolder; put every CSV file in one folder"
        elif info.file_size > MAX_FILE_BYTES:
            yield name, f"is larger than {MAX_FILE_BYTES >> 30} GiB"
        else:
            yield name, functools.partial(archive.read, info)


def _hidden(name: str) -> bool:
    return any(part.startswith(".") for part in name.split("/"))


def read_csv(source: Path) -> CsvDocument:
    """Read a folder or zip of CSV files (or one such file) into a document, collecting every problem."""
    if source.is_dir():
        return _read_entries(source.name, list(_folder_entries(source)))
    if source.suffix.lower() == ".csv":
        return _read_entries(source.name, [(source.name, source.read_bytes)])
    with zipfile.ZipFile(source) as archive:
        return _read_entries(source.name, list(_zip_entries(archive)))


def _read_entries(source: str, entries: list[Entry]) -> CsvDocument:
    reader = _Reader()
    if len(entries) > MAX_FILES:
        problem = Problem(source, f"holds {len(entries)} files; a CSV export has one per label and type")
        return CsvDocument(reader.document, [problem], reader.tables)
    kinds: dict[str, tuple[str, _Kind, Callable[[], bytes]]] = {}
    for name, read in entries:
        if isinstance(read, str):
            reader.refuse(Problem(name, read))
            continue
        stem, suffix = (name[:-4], name[-4:]) if len(name) > 4 else (name, "")
        kind = _kind_of(stem) if suffix.lower() == ".csv" else None
        if kind is None:
            expected = ", ".join(file_names())
            reader.refuse(Problem(name, f"is not a file this format knows; expected one of {expected}"))
            continue
        if kind.name in kinds:
            other = kinds[kind.name][0]
            reader.refuse(Problem(name, f"holds {kind.name} rows, as {other} does; use one file"))
            continue
        kinds[kind.name] = (name, kind, read)
    for canonical in KIND_NAMES:
        if canonical in kinds:
            name, kind, read = kinds[canonical]
            reader.read_file(name, kind, read())
    return CsvDocument(reader.document, reader.problems, reader.tables)


def is_csv_source(source: Path) -> bool:
    """A folder, a zip, or one file named ``<Label>.csv`` or ``<TYPE>.csv``."""
    if source.is_dir() or source.suffix.lower() == ".csv":
        return True
    return source.is_file() and zipfile.is_zipfile(source)


# -- writing -------------------------------------------------------------------


def csv_columns(name: str) -> tuple[str, ...]:
    """The columns of a label's or a type's file, in the order an export writes them."""
    kind = _kind_of(name)
    assert kind is not None, name
    return (*kind.keys, *kind.specs)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def write_csv(
    document: Mapping[str, Sequence[Mapping[str, Any]]], open_file: Callable[[str], IO[str]]
) -> None:
    """Write a document as one CSV file per label and per type.

    Every file is written, empty ones too, so a folder written over holds no stale file.
    """
    groups: dict[str, list[Mapping[str, Any]]] = {name: [] for name in file_names()}
    for node in document["nodes"]:
        groups[f"{node['label']}.csv"].append({"id": node["id"], **node["properties"]})
    for rel in document["relationships"]:
        groups[f"{rel['type']}.csv"].append({"from": rel["from"], "to": rel["to"], **rel["properties"]})
    for file_name, rows in groups.items():
        columns = csv_columns(file_name[:-4])
        with open_file(file_name) as stream:
            writer = csv.writer(stream)
            writer.writerow(columns)
            writer.writerows([_text(row.get(column)) for column in columns] for row in rows)


__all__ = [
    "NOT_UTF8_REASON",
    "CsvDocument",
    "NotUtf8",
    "Problem",
    "csv_columns",
    "decode_utf8",
    "file_names",
    "is_csv_source",
    "read_csv",
    "write_csv",
]

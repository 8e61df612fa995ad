"""FalkorDB's packed column reads: decoding, and the check that sends a read back to rows."""

from __future__ import annotations

from graph_model.columns import Column, ColumnKind, ColumnRead, transpose
from graph_model.engines.falkor_columns import SEPARATOR, packed_statement, unpack

READ = ColumnRead(
    "TEST",
    "MATCH (n:Customer)",
    (
        Column("id", "n.id", ColumnKind.ID),
        Column("region", "n.region", ColumnKind.TEXT),
        Column("employees", "n.employees", ColumnKind.INT),
        Column("revenue", "n.annualRevenue", ColumnKind.FLOAT),
        Column("key", "n.isKey", ColumnKind.BOOL),
    ),
)


def _joined(*values: str) -> str:
    return SEPARATOR.join(values)


def test_each_kind_decodes_and_missing_values_stay_apart_from_empty_text() -> None:
    columns = unpack(
        READ,
        3,
        [
            _joined("a", "b", "c"),
            _joined('"North"', '""', ""),
            _joined("12", "", "7"),
            _joined("0.5", "1e+300", ""),
            _joined("true", "false", ""),
        ],
    )
    assert columns == [
        ["a", "b", "c"],
        ["North", "", None],
        [12, None, 7],
        [0.5, 1e300, None],
        [True, False, None],
    ]


def test_a_value_holding_the_separator_sends_the_read_back_to_rows() -> None:
    joined = [
        _joined("a", f"b{SEPARATOR}c"),
        _joined('"x"', '"y"'),
        _joined("1", "2"),
        _joined("", ""),
        _joined("", ""),
    ]
    assert unpack(READ, 2, joined) is None


def test_no_rows_gives_empty_columns() -> None:
    assert unpack(READ, 0, ["", "", "", "", ""]) == [[], [], [], [], []]
    assert transpose([], 3) == [[], [], []]


def test_the_packed_statement_counts_its_rows_and_joins_every_column() -> None:
    statement = packed_statement(READ)
    assert statement.startswith("MATCH (n:Customer) RETURN count(*) AS rows, ")
    assert statement.count("string.join(collect(") == len(READ.columns)
    assert READ.statement == (
        "MATCH (n:Customer) RETURN n.id AS id, n.region AS region, n.employees AS employees, "
        "n.annualRevenue AS revenue, n.isKey AS key"
    )

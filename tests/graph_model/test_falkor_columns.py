"""FalkorDB's packed column reads: decoding, and the check that sends a read back to rows."""

from __future__ import annotations

import uuid
from pathlib import Path

from graph_model.columns import Column, ColumnKind, ColumnRead, PropertyGroup, rows_to_result, transpose
from graph_model.cypher import COLUMN_READS, STATEMENTS, Write
from graph_model.engines.falkor_columns import SEPARATOR, packed_statement, unpack
from graph_model.engines.falkor_statements import FALKOR_STATEMENTS, PACKED_READS
from graph_model.settings import StoreSettings
from graph_model.store_lifecycle import open_store

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


GROUPED = ColumnRead(
    "TEST_GROUPED",
    "MATCH (n:Customer)",
    (Column("id", "n.id", ColumnKind.ID),),
    (PropertyGroup("n", (("region", ColumnKind.TEXT), ("annualRevenue", ColumnKind.FLOAT))),),
)


def test_a_property_group_is_one_column_per_property() -> None:
    assert GROUPED.statement == (
        "MATCH (n:Customer) RETURN n.id AS id, n.region AS n_region, n.annualRevenue AS n_annualRevenue"
    )
    assert packed_statement(GROUPED).count("string.join(collect(") == 3


def test_group_columns_become_dicts_of_the_values_present() -> None:
    flat = [["a", "b"], ['"North"', ""], ["", "2.5"]]
    columns = unpack(GROUPED, 2, [_joined(*column) for column in flat])
    assert columns == [["a", "b"], [{"region": "North"}, {"annualRevenue": 2.5}]]


WIDE = ColumnRead(
    "TEST_WIDE",
    "MATCH (n:Customer)",
    (Column("id", "n.id", ColumnKind.ID),),
    (
        PropertyGroup(
            "n",
            (("region", ColumnKind.TEXT), ("employees", ColumnKind.INT), ("annualRevenue", ColumnKind.FLOAT)),
        ),
    ),
)


def test_a_group_keeps_its_key_order_and_leaves_out_what_no_row_holds() -> None:
    flat = [["a", "b", "c"], ["", "", ""], ["1", "", "3"], ["2.5", "3.5", "4.5"]]
    ids, properties = unpack(WIDE, 3, [_joined(*column) for column in flat]) or []
    assert ids == ["a", "b", "c"]
    assert properties == [
        {"employees": 1, "annualRevenue": 2.5},
        {"annualRevenue": 3.5},
        {"employees": 3, "annualRevenue": 4.5},
    ]
    assert [list(row) for row in properties] == [
        ["employees", "annualRevenue"],
        ["annualRevenue"],
        ["employees", "annualRevenue"],
    ]
    # The portable statement's rows give the same result.
    rows = [["a", None, 1, 2.5], ["b", None, None, 3.5], ["c", None, 3, 4.5]]
    assert rows_to_result(WIDE, rows) == [ids, properties]


def test_a_single_row_holding_no_property_gives_an_empty_dict() -> None:
    assert unpack(WIDE, 1, ["a", "", "", ""]) == [["a"], [{}]]
    assert rows_to_result(WIDE, [["a", None, None, None]]) == [["a"], [{}]]


def test_every_bulk_read_of_the_catalogue_has_its_packed_form_by_name() -> None:
    assert set(PACKED_READS) == set(COLUMN_READS)
    for name, read in COLUMN_READS.items():
        assert STATEMENTS[name] == read.statement
        assert PACKED_READS[name] == packed_statement(read)
        assert FALKOR_STATEMENTS[f"PACKED_{name}"] == PACKED_READS[name]


def test_labels_are_joined_with_commas_and_come_back_as_lists() -> None:
    read = ColumnRead("TEST_LABELS", "MATCH (n)", (Column("labels", "labels(n)", ColumnKind.LABELS),))
    assert "string.join(labels(n), ',')" in packed_statement(read)
    assert read.statement == "MATCH (n) RETURN labels(n) AS labels"
    assert unpack(read, 2, [_joined("Entity,Customer", "Stakeholder,Entity")]) == [
        [["Entity", "Customer"], ["Stakeholder", "Entity"]]
    ]


async def test_property_copies_of_earlier_versions_are_removed_at_start_up(engine_dir: Path) -> None:
    settings = StoreSettings(data_dir=engine_dir, graph_name=f"t-{uuid.uuid4().hex[:12]}")
    async with open_store(settings) as store:
        legacy = (
            "CREATE (a:Entity:Industry {id: 'i1', name: 'A', _json: '{}'})"
            "-[:KNOWS {_json: '{}'}]->(:Entity:Industry {id: 'i2', name: 'B'}) "
            "MERGE (m:GraphMeta {id: 'graph'}) SET m.documents = 1"
        )
        await store.engine.write(Write("TEST_LEGACY", legacy), {})
        await store.engine.ensure_schema()
        left = await store.engine.read(
            "MATCH (n) OPTIONAL MATCH (n)-[r]->() "
            "RETURN count(n._json) + count(r._json) + count(n.documents) AS left",
            {},
        )
        assert left == [[0]]
        assert {n.id for n in (await store.get_nodes(["i1", "i2"])).values()} == {"i1", "i2"}
        await store.engine.drop_all()

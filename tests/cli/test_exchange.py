"""``relgraph import`` and ``relgraph export``: JSON and CSV, through the real command line and engine."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from graph_model.interchange import file_names

from .support import Relgraph

EXAMPLE = Path(__file__).parents[2] / "seeds" / "csv-example"


def exported(relgraph: Relgraph) -> dict[str, Any]:
    result = relgraph("export", "-")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_the_csv_example_imports_with_every_type_read_from_text(relgraph: Relgraph) -> None:
    result = relgraph("import", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert result.stdout == "imported 14 nodes and 23 relationships\n"
    document = exported(relgraph)
    nodes = {n["id"]: n["properties"] for n in document["nodes"]}
    nordhafen = nodes["cust-nordhafen"]
    assert (nordhafen["employees"], nordhafen["annualRevenue"], nordhafen["tier"]) == (1800, 2400000.0, "KEY")
    assert type(nordhafen["employees"]) is int and type(nordhafen["annualRevenue"]) is float
    assert nordhafen["lastPurchaseAt"] == "2025-10-14T00:00:00.000Z"
    # Empty cells are absent properties, not empty strings or zeros.
    portavia = nodes["cust-portavia"]
    assert portavia["name"] == "Portavia Freight, S.A."
    assert not {"annualRevenue", "lastPurchaseAt", "purchaseCount"} & set(portavia)
    assert "email" not in nodes["stk-lena-koch"]
    assert (nodes["sup-us"]["isUs"], nodes["sup-routewise"]["isUs"]) == (True, False)
    assert nodes["stk-uwe-schroeder"]["name"] == "Uwe Schröder"
    assert nodes["int-nh-review"]["notes"] == "Agreed pilot scope.\nNext: pricing, then rollout plan."
    ties = {(r["type"], r["from"], r["to"]): r["properties"] for r in document["relationships"]}
    assert ties["SUPPLIES", "sup-us", "cust-nordhafen"]["shareOfWallet"] == 0.35
    assert ties["WORKS_IN", "stk-lena-koch", "dep-nh-proc"].keys() == {"createdAt", "updatedAt"}


def test_csv_folder_and_zip_round_trip_timestamps_included(relgraph: Relgraph, tmp_path: Path) -> None:
    assert relgraph("import", str(EXAMPLE)).exit_code == 0
    original = exported(relgraph)
    folder, archive = tmp_path / "folder", tmp_path / "graph.zip"
    assert relgraph("export", "--format", "csv", str(folder)).exit_code == 0
    assert relgraph("export", str(archive)).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(file_names())
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == sorted(file_names())
        assert opened.read("Customer.csv") == (folder / "Customer.csv").read_bytes()
    header = (folder / "Customer.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,name,") and header.endswith(",createdAt,updatedAt")

    for source in (folder, archive):
        other = relgraph.fresh()
        result = other("import", str(source))
        assert result.exit_code == 0, result.output
        assert exported(other) == original


def test_every_csv_problem_is_placed_by_file_line_and_column_and_nothing_is_written(
    relgraph: Relgraph, tmp_path: Path
) -> None:
    folder = write(
        tmp_path / "bad",
        {
            "Customer.csv": b"id,name,tier,employees,bogus\nc1,Acme,KEY,12,\nc2,,GOLD,x,\n",
            "Industry.csv": b"id,name\ni1,Auto\ni1,Auto again\n",
            "IN_INDUSTRY.csv": b"from,to\nc1,i1\nc1,nope\n\nc2,i1,extra\n",
            "notes.txt": b"not part of the format",
        },
    )
    result = relgraph("import", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "  Customer.csv:1:5: unknown column 'bogus'; expected id, name, customerType, tier, "
        "lifecycleStage, annualRevenue, potentialValue, region, employees, lastPurchaseAt, purchaseCount, "
        "createdAt, updatedAt",
        "  Customer.csv:3:2: name: is required",
        "  Customer.csv:3:3: tier: expected one of STRATEGIC, KEY, STANDARD, got 'GOLD'",
        "  Customer.csv:3:4: employees: expected a number, got 'x'",
        "  IN_INDUSTRY.csv:3:2: to: no node with id 'nope'",
        "  IN_INDUSTRY.csv:5: has 3 cells but the first line names 2 columns",
        "  Industry.csv:3:1: id: id 'i1' is also at Industry.csv line 2: one row per node",
        "  notes.txt: is not a file this format knows; expected one of " + ", ".join(file_names()),
        f"Error: {folder}: 8 problem(s) found; nothing was written",
    ]
    assert exported(relgraph) == {"nodes": [], "relationships": []}


def test_utf8_with_or_without_bom_is_read_and_latin1_is_refused_in_one_sentence(
    relgraph: Relgraph, tmp_path: Path
) -> None:
    with_bom = write(tmp_path / "bom", {"Industry.csv": "\ufeffid,name\ni1,Métallurgie\n".encode()})
    result = relgraph("import", str(with_bom))
    assert result.exit_code == 0, result.output
    latin1 = write(tmp_path / "latin1", {"Industry.csv": "id,name\ni2,Métallurgie\n".encode("latin-1")})
    result = relgraph("import", str(latin1))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "  Industry.csv:2: not UTF-8 text; save the file as UTF-8 (with or without BOM) and try again",
        f"Error: {latin1}: 1 problem(s) found; nothing was written",
    ]
    document = {"nodes": [{"label": "Industry", "id": "i3", "properties": {"name": "Bergbau ö"}}]}
    text = json.dumps(document, ensure_ascii=False)
    json_bom = tmp_path / "bom.json"
    json_bom.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert relgraph("import", str(json_bom)).exit_code == 0
    json_latin1 = tmp_path / "latin1.json"
    json_latin1.write_bytes(text.encode("latin-1"))
    result = relgraph("import", str(json_latin1))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {json_latin1}:1: not UTF-8 text; "
        "save the file as UTF-8 (with or without BOM) and try again\n"
    )
    names = {n["id"]: n["properties"]["name"] for n in exported(relgraph)["nodes"]}
    assert names == {"i1": "Métallurgie", "i3": "Bergbau ö"}


def test_a_zip_of_a_folder_is_read_inside_the_folder(relgraph: Relgraph, tmp_path: Path) -> None:
    archive = tmp_path / "made-by-hand.zip"
    with zipfile.ZipFile(archive, "w") as made:
        made.writestr("graph/", "")
        made.writestr("graph/Industry.csv", "id,name\ni1,Auto\n")
        made.writestr("graph/Customer.csv", "id,name\nc1,Acme\n")
        made.writestr("graph/IN_INDUSTRY.csv", "from,to\nc1,i1\n")
        made.writestr("__MACOSX/graph/._Customer.csv", "resource fork")
    result = relgraph("import", str(archive))
    assert result.exit_code == 0, result.output
    assert result.stdout == "imported 2 nodes and 1 relationships\n"


def test_json_export_to_standard_output_reads_back(relgraph: Relgraph) -> None:
    assert relgraph("import", str(EXAMPLE)).exit_code == 0
    result = relgraph("export", "-")
    assert result.exit_code == 0, result.output
    assert result.stderr == "exported 14 nodes and 23 relationships to standard output\n"
    other = relgraph.fresh()
    assert other("import", "-", stdin=result.stdout_bytes).exit_code == 0
    assert exported(other) == json.loads(result.stdout)
    refused = relgraph("export", "--format", "csv", "-")
    assert refused.exit_code == 1
    assert refused.stderr == "Error: CSV is one file per label and type; export it to a folder or a .zip\n"


def test_export_overwrites_a_file_or_folder_only_with_force(relgraph: Relgraph, tmp_path: Path) -> None:
    assert relgraph("import", str(EXAMPLE)).exit_code == 0
    target = tmp_path / "graph.json"
    target.write_text("keep me", encoding="utf-8")
    refused = relgraph("export", str(target))
    assert (refused.exit_code, refused.stderr) == (
        1,
        f"Error: {target} already exists; pass --force to overwrite it\n",
    )
    assert target.read_text(encoding="utf-8") == "keep me"
    assert relgraph("export", "--force", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == exported(relgraph)

    folder = tmp_path / "csv"
    folder.mkdir()  # an empty folder holds nothing to overwrite
    assert relgraph("export", str(folder)).exit_code == 0
    assert relgraph("export", str(folder)).exit_code == 1
    assert relgraph("export", "--force", str(folder)).exit_code == 0
    (folder / "mine.txt").write_text("not an export", encoding="utf-8")
    refused = relgraph("export", "--force", str(folder))
    assert refused.exit_code == 1
    assert "holds files a CSV export does not write (mine.txt)" in refused.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted([*file_names(), "mine.txt"])


def test_one_csv_file_imports_alone(relgraph: Relgraph, tmp_path: Path) -> None:
    industries = write(tmp_path / "one", {"Industry.csv": b"id,name\ni1,Auto\ni2,Rail\n"}) / "Industry.csv"
    result = relgraph("import", str(industries))
    assert (result.exit_code, result.stdout) == (0, "imported 2 nodes and 0 relationships\n")
    unnamed = write(tmp_path / "one", {"industries.csv": b"id,name\ni3,Air\n"}) / "industries.csv"
    result = relgraph("import", str(unnamed))
    assert result.exit_code == 1
    assert result.stderr.startswith("  industries.csv: is not a file this format knows; expected one of ")

"""Apollo Client's persisted-queries link against a real `relgraph serve` (tests/apq_client/apq.mjs)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.http_audit.test_audit import require_node_package, running_server

CLIENT_DIR = Path(__file__).resolve().parent


def apollo(node: str, *args: str) -> Any:
    run = subprocess.run(
        [node, "apq.mjs", *args], cwd=CLIENT_DIR, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_apollo_client_sends_hashes_and_the_text_only_when_the_server_asks_for_it() -> None:
    node = require_node_package(CLIENT_DIR, "@apollo/client")
    with running_server() as url:
        report = apollo(node, "apq", url)
    results, exchanges = report["results"], report["exchanges"]
    industry = {"industry": {"__typename": "Industry", "id": "ind-apq", "name": "APQ again"}}
    assert results["mutation"]["data"] == results["mutationAgain"]["data"]
    assert results["mutation"]["data"]["upsertIndustry"]["__typename"] == "IndustryPayload"
    assert [results[k]["data"] for k in ("firstQuery", "secondQuery", "byGet")] == [industry] * 3
    wire = [(e["method"], e["sentQuery"], e["status"], e["codes"]) for e in exchanges]
    not_found = ("POST", False, 404, ["PERSISTED_QUERY_NOT_FOUND"])
    text_registers, hash_runs = ("POST", True, 200, []), ("POST", False, 200, [])
    assert wire == [
        # The mutation: unknown hash, then the text, then the hash alone.
        not_found,
        text_registers,
        hash_runs,
        # The query: the same three rounds, then a second client sends its hash by GET.
        not_found,
        text_registers,
        hash_runs,
        ("GET", False, 200, []),
    ]
    assert {e["sentHash"] for e in exchanges[3:]} == {report["hash"]}


def test_a_trusted_only_server_refuses_what_apollo_client_sends_unless_it_is_in_the_manifest(
    tmp_path: Path,
) -> None:
    node = require_node_package(CLIENT_DIR, "@apollo/client")
    manifest = tmp_path / "persisted-documents.json"
    manifest.write_text(json.dumps(apollo(node, "manifest")), encoding="utf-8")
    with running_server({"RELGRAPH_TRUSTED_DOCUMENTS": str(manifest)}) as url:
        report = apollo(node, "trusted", url)
    results, exchanges = report["results"], report["exchanges"]
    assert results["mutation"]["data"] == {"upsertIndustry": {"__typename": "IndustryPayload"}}
    industry = {"__typename": "Industry", "id": "ind-trusted", "name": "Trusted"}
    assert results["registered"] == {"data": {"industry": industry}, "codes": []}
    assert results["unregistered"]["data"] is None
    assert results["unregistered"]["codes"] == ["PERSISTED_QUERY_NOT_ALLOWED"]
    wire = [(e["sentQuery"], e["status"], e["codes"]) for e in exchanges]
    # Registered documents run by hash at once; the other is refused without a retry.
    assert wire == [(False, 200, []), (False, 200, []), (False, 403, ["PERSISTED_QUERY_NOT_ALLOWED"])]

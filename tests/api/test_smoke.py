from __future__ import annotations

from tests.api.conftest import Gql


async def test_upsert_link_and_read_nested(gql: Gql) -> None:
    body = await gql("""mutation {
      a: upsertCustomer(input: {id: "c1", name: "Acme", tier: KEY}) { customer { id name tier } errors { field message } }
      b: upsertDepartment(input: {id: "d1", name: "IT", function: TECHNICAL}) { department { id } errors { field } }
      c: upsertStakeholder(input: {id: "s1", name: "Ann", seniority: VP, email: "ann@acme.test"}) { stakeholder { id } errors { field } }
    }""")
    assert body["data"]["a"] == {"customer": {"id": "c1", "name": "Acme", "tier": "KEY"}, "errors": []}
    for link in ('{type: HAS_DEPARTMENT, fromId: "c1", toId: "d1"}', '{type: WORKS_IN, fromId: "s1", toId: "d1"}'):
        body = await gql(f"mutation {{ link(input: {link}) {{ edge {{ id }} errors {{ field message }} }} }}")
        assert body["data"]["link"]["errors"] == []
    body = await gql('{ customer(id: "c1") { name departments { name stakeholders { name customer { id } } } } }')
    assert body["data"]["customer"] == {
        "name": "Acme",
        "departments": [{"name": "IT", "stakeholders": [{"name": "Ann", "customer": {"id": "c1"}}]}],
    }

"""Bad arguments are refused with BAD_USER_INPUT naming the argument (unknown ids: see not_found)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.analytics.conftest import DemoServer
from tests.analytics.documents import (
    COMMUNITIES,
    INFLUENCERS,
    KOLS,
    PATHS,
    SEGMENTS,
)


async def refused(demo: DemoServer, query: str, variables: dict[str, Any], field: str, argument: str) -> str:
    """Assert the query is refused for ``argument``; return the message."""
    response = await demo.client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=demo.headers["admin"]
    )
    body = response.json()
    assert "errors" in body, body
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": argument}
    assert error["path"] == [field]
    # Nothing was computed for the field (non-null fields null the whole data).
    assert body["data"] is None or body["data"] == {field: None}
    message: str = error["message"]
    return message


@pytest.mark.parametrize(
    "scope",
    [
        pytest.param({}, id="none"),
        pytest.param({"all": False}, id="all-false"),
        pytest.param({"customerId": "cust-solenne", "industryId": "ind-energy"}, id="customer-and-industry"),
        pytest.param({"customerId": "cust-solenne", "all": True}, id="customer-and-all"),
        pytest.param({"industryId": "ind-energy", "all": True}, id="industry-and-all"),
        pytest.param({"customerId": "cust-solenne", "industryId": "ind-energy", "all": True}, id="all-three"),
    ],
)
@pytest.mark.parametrize(("query", "field"), [(INFLUENCERS, "influencers"), (COMMUNITIES, "communities")])
async def test_scope_needs_exactly_one_choice(
    demo: DemoServer, query: str, field: str, scope: dict[str, Any]
) -> None:
    message = await refused(demo, query, {"scope": scope}, field, "scope")
    assert "customerId" in message and "industryId" in message


@pytest.mark.parametrize("top", [0, -1, 101, 10_000])
@pytest.mark.parametrize(
    ("query", "variables", "field", "argument"),
    [
        (INFLUENCERS, {"scope": {"all": True}}, "influencers", "top"),
        (KOLS, {"industryId": "ind-automotive"}, "industryKols", "top"),
        (PATHS, {"targetId": "stk-ingrid-castell"}, "introductionPaths", "top"),
        (SEGMENTS, {}, "accountSegments", "topN"),
    ],
)
async def test_top_out_of_range(
    demo: DemoServer, query: str, variables: dict[str, Any], field: str, argument: str, top: int
) -> None:
    message = await refused(demo, query, {**variables, argument: top}, field, argument)
    assert str(top) in message and "100" in message


@pytest.mark.parametrize("max_hops", [0, -1, 7, 100])
async def test_max_hops_out_of_range(demo: DemoServer, max_hops: int) -> None:
    variables = {"targetId": "stk-ingrid-castell", "maxHops": max_hops}
    message = await refused(demo, PATHS, variables, "introductionPaths", "maxHops")
    assert str(max_hops) in message


async def test_the_bounds_themselves_are_accepted(demo: DemoServer) -> None:
    people = (await demo.data(INFLUENCERS, {"scope": {"all": True}, "top": 1}))["influencers"]
    assert len(people) == 1
    people = (await demo.data(INFLUENCERS, {"scope": {"all": True}, "top": 100}))["influencers"]
    assert len(people) == 81
    for hops in (1, 6):
        await demo.data(PATHS, {"targetId": "stk-ingrid-castell", "maxHops": hops, "top": 100})
    segments = (await demo.data(SEGMENTS, {"topN": 100}))["accountSegments"]
    assert segments["concentration"]["topN"] == 100


async def test_an_industry_of_one_account_still_has_a_ranking(demo: DemoServer) -> None:
    # Financial services is Harbor alone: nobody reaches another account, yet
    # the industry is known, so the answer is a ranking and not null.
    kols = (await demo.data(KOLS, {"industryId": "ind-finserv"}))["industryKols"]
    assert kols
    assert {k["customerId"] for k in kols} == {"cust-harbor"}

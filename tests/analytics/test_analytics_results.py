"""What every analytics result promises a front end: order, fields, and path arithmetic."""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest

from tests.analytics.conftest import DemoIndex, DemoServer
from tests.analytics.documents import (
    COMMUNITIES,
    INFLUENCERS,
    INFLUENCERS_DEFAULTS,
    PATHS,
    SEGMENTS,
)

MEASURES = ("PAGERANK", "BETWEENNESS", "EIGENVECTOR", "CLOSENESS", "HITS", "BROKERAGE", "COMPOSITE")
SCOPES: dict[str, dict[str, Any]] = {
    "all": {"all": True},
    "industry": {"industryId": "ind-automotive"},
    "customer": {"customerId": "cust-northwind"},
}
AUTOMOTIVE = {"cust-northwind", "cust-kestrel", "cust-ridgeway", "cust-tallis"}


def assert_ranked(results: list[dict[str, Any]]) -> None:
    """Ranks 1..n, scores best first."""
    assert [r["rank"] for r in results] == list(range(1, len(results) + 1))
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


def assert_path(path: dict[str, Any], target: str, max_hops: int) -> None:
    nodes, steps = path["nodes"], path["steps"]
    assert nodes[0]["label"] == "TEAM_MEMBER"
    assert nodes[-1]["id"] == target
    # Chains go through stakeholders only: a colleague in the middle is that colleague's own path.
    assert all(n["label"] == "STAKEHOLDER" for n in nodes[1:])
    assert all(n["name"] for n in nodes)
    assert path["hops"] == len(nodes) - 1 == len(steps)
    assert 1 <= path["hops"] <= max_hops
    assert len({n["id"] for n in nodes}) == len(nodes)
    for step, (a, b) in zip(steps, itertools.pairwise(nodes), strict=True):
        assert (step["sourceId"], step["targetId"]) == (a["id"], b["id"])
        assert step["relationshipTypes"]
        assert 0 < step["strength"] <= 1
    assert path["strength"] == pytest.approx(math.prod(s["strength"] for s in steps))


# -- influencers --------------------------------------------------------------------


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("scope", sorted(SCOPES))
async def test_influencers_are_ranked_stakeholders_of_the_scope(
    demo: DemoServer, measure: str, scope: str
) -> None:
    data = await demo.data(INFLUENCERS, {"scope": SCOPES[scope], "measure": measure, "top": 7})
    people = data["influencers"]
    assert len(people) == 7
    assert_ranked(people)
    for person in people:
        assert person["id"].startswith("stk-")
        assert person["name"]
        assert person["label"] == "STAKEHOLDER"
        assert person["factors"], person
        assert all(isinstance(f["name"], str) and isinstance(f["value"], float) for f in person["factors"])
    # A scope lists its own people; those of other accounts tied to them only shape the scores.
    customers = {p["customerId"] for p in people}
    if scope == "customer":
        assert customers == {"cust-northwind"}
    elif scope == "industry":
        assert customers <= AUTOMOTIVE


async def test_composite_factors_explain_the_score(demo: DemoServer) -> None:
    people = (await demo.data(INFLUENCERS, {"scope": {"all": True}, "top": 5}))["influencers"]
    for person in people:
        contributions = [f["contribution"] for f in person["factors"] if f["contribution"] is not None]
        assert sum(contributions) == pytest.approx(person["score"])


async def test_influencer_defaults_are_composite_and_ten(demo: DemoServer) -> None:
    defaults = (await demo.data(INFLUENCERS_DEFAULTS, {"scope": {"all": True}}))["influencers"]
    explicit = (await demo.data(INFLUENCERS, {"scope": {"all": True}, "measure": "COMPOSITE", "top": 10}))[
        "influencers"
    ]
    assert len(defaults) == 10
    assert [(p["id"], p["score"]) for p in defaults] == [(p["id"], p["score"]) for p in explicit]


async def test_top_cuts_the_same_ranking(demo: DemoServer) -> None:
    many = (await demo.data(INFLUENCERS, {"scope": {"all": True}, "top": 100}))["influencers"]
    few = (await demo.data(INFLUENCERS, {"scope": {"all": True}, "top": 3}))["influencers"]
    assert len(many) == 81  # every stakeholder of the demo, and nobody of our team
    assert few == many[:3]


async def test_a_scope_of_one_account_ranks_only_that_account(demo: DemoServer) -> None:
    # Julien Moreau knows Uwe Schroeder of Northwind: Uwe is in Solenne's
    # projection, but he is not one of Solenne's influencers.
    people = (await demo.data(INFLUENCERS, {"scope": {"customerId": "cust-solenne"}, "top": 100}))[
        "influencers"
    ]
    assert len(people) == 12
    assert {p["customerId"] for p in people} == {"cust-solenne"}
    assert_ranked(people)


# -- introduction paths --------------------------------------------------------------


@pytest.mark.parametrize("max_hops", [1, 2, 3, 4, 5, 6])
async def test_introduction_paths_respect_max_hops(demo: DemoServer, max_hops: int) -> None:
    target = "stk-ingrid-castell"
    paths = (await demo.data(PATHS, {"targetId": target, "maxHops": max_hops, "top": 10}))[
        "introductionPaths"
    ]
    for path in paths:
        assert_path(path, target, max_hops)
    # Ranked by score, rounded as documented; strength alone may not be monotone.
    scores = [round(p["score"], 6) for p in paths]
    assert scores == sorted(scores, reverse=True)
    for p in paths:
        assert p["score"] == pytest.approx(p["strength"] * 0.9 ** p["hops"])
    # Nobody on our team knows her directly; two hops is the least.
    assert (paths == []) == (max_hops == 1)
    if max_hops >= 4:
        assert len(paths) == 10


async def test_introduction_path_defaults(demo: DemoServer) -> None:
    paths = (await demo.data(PATHS, {"targetId": "stk-ingrid-castell"}))["introductionPaths"]
    assert len(paths) == 3
    for path in paths:
        assert_path(path, "stk-ingrid-castell", 4)


async def test_introduction_paths_from_chosen_team_members(demo: DemoServer) -> None:
    target = "stk-julien-moreau"
    chosen = ["tm-lukas-meier", "tm-david-okafor"]
    paths = (await demo.data(PATHS, {"targetId": target, "from": chosen, "top": 10}))["introductionPaths"]
    assert paths
    assert {p["nodes"][0]["id"] for p in paths} == set(chosen)
    for path in paths:
        assert_path(path, target, 4)
    # Tomas Reyes reaches Julien only over six ties, through Northwind.
    far = {"targetId": target, "from": ["tm-tomas-reyes"], "top": 1}
    assert (await demo.data(PATHS, far))["introductionPaths"] == []
    [longest] = (await demo.data(PATHS, {**far, "maxHops": 6}))["introductionPaths"]
    assert_path(longest, target, 6)


async def test_introduction_paths_from_nobody_are_none(demo: DemoServer) -> None:
    data = await demo.data(PATHS, {"targetId": "stk-ingrid-castell", "from": []})
    assert data["introductionPaths"] == []


# -- communities and segments -------------------------------------------------------


async def test_communities_partition_the_people(demo: DemoServer) -> None:
    found = (await demo.data(COMMUNITIES, {"scope": {"all": True}}))["communities"]
    assert 0 < found["modularity"] <= 1
    groups = found["communities"]
    sizes = [c["size"] for c in groups]
    assert sizes == sorted(sizes, reverse=True)
    members = [m for c in groups for m in c["memberIds"]]
    assert len(members) == len(set(members)) == sum(sizes)
    # Stakeholders only, never alone; our team is shown as bridges.
    assert all(m.startswith("stk-") for m in members)
    assert 60 < len(members) <= 81
    assert min(sizes) >= 2
    bridges = {b["id"] for c in groups for b in c["bridges"]}
    assert bridges and all(b.startswith("tm-") for b in bridges)
    for community in groups:
        assert {m["id"] for m in community["centralMembers"]} <= set(community["memberIds"])
        assert all(m["name"] for m in [*community["centralMembers"], *community["bridges"]])


async def test_communities_of_an_account_hold_only_its_people(demo: DemoServer, index: DemoIndex) -> None:
    # Solenne's export reaches Uwe Schroeder of Northwind (Julien Moreau knows
    # him): he is not one of Solenne's communities' members.
    found = (await demo.data(COMMUNITIES, {"scope": {"customerId": "cust-solenne"}}))["communities"]
    assert {c for g in found["communities"] for c in g["customerIds"]} == {"cust-solenne"}
    assert {index.owner[m] for g in found["communities"] for m in g["memberIds"]} == {"cust-solenne"}
    assert {b["id"] for g in found["communities"] for b in g["bridges"]} >= {"tm-elena-brandt"}


async def test_account_segments(demo: DemoServer) -> None:
    segments = (await demo.data(SEGMENTS))["accountSegments"]
    assert len(segments["valueBands"]) == 7
    assert {r["customerId"] for r in segments["rfm"]} == {t["customerId"] for t in segments["valueBands"]}
    lifecycle = segments["lifecycle"]
    assert sum(s["count"] for s in lifecycle) == 7
    assert sum(s["share"] for s in lifecycle) == pytest.approx(1)
    assert segments["concentration"]["topN"] == 5
    assert len(segments["concentration"]["topCustomerIds"]) == 5

"""The explorer and GraphiQL in a real browser against a real relgraph server.

Every page may reach loopback only (the ``watched`` fixture fails a test whose
page tried anything else, or hit a script error). Screenshots of each view
are written to tests/explorer/output/.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.explorer.support import GuardedServer, LiveServer, Watched, report_timing

MAP = """query ($id: ID!, $depth: Int!) {
  relationshipMap(rootId: $id, depth: $depth, limit: 2000) { nodeCount edgeCount elements }
}"""


def map_ids(server: LiveServer, root: str, depth: int, key: str | None = None) -> tuple[set[str], set[str]]:
    found = server.gql(MAP, {"id": root, "depth": depth}, key=key)["relationshipMap"]
    elements = found["elements"]
    nodes = {n["data"]["id"] for n in elements["nodes"]}
    edges = {e["data"]["id"] for e in elements["edges"]}
    assert (len(nodes), len(edges)) == (found["nodeCount"], found["edgeCount"])
    return nodes, edges


def click_node(watched: Watched, node_id: str) -> None:
    """Clicks a drawn node with the mouse, where it is on the screen."""
    page = watched.page
    position: dict[str, float] = page.evaluate(
        """(id) => {
            const cy = window.explorer.map.cy;
            cy.center(cy.getElementById(id));
            return cy.getElementById(id).renderedPosition();
        }""",
        node_id,
    )
    box = page.locator("#map").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])


def test_home_leads_to_the_explorer_and_graphiql(watched: Watched, demo_server: LiveServer) -> None:
    page = watched.page
    page.goto(f"{demo_server.url}/")
    expect(page.get_by_role("link", name="GraphiQL")).to_have_attribute("href", "graphql")
    page.get_by_role("link", name="Account explorer").click()
    expect(page).to_have_url(f"{demo_server.url}/explore")
    expect(page.locator("#map-status")).to_contain_text("Search for an account")
    accounts = demo_server.gql("{ customers(first: 50) { edges { node { name } } } }")["customers"]["edges"]
    listed = page.locator("ul.accounts button")
    expect(listed).to_have_count(len(accounts))
    assert sorted(listed.all_inner_texts()) == sorted(edge["node"]["name"] for edge in accounts)
    watched.screenshot("explorer-start")


def test_search_and_pick_an_account_by_keyboard(watched: Watched, demo_server: LiveServer) -> None:
    page = watched.page
    page.goto(f"{demo_server.url}/explore")
    page.locator("#search-label").select_option("CUSTOMER")
    page.locator("#search-input").fill("Northw")
    option = page.get_by_role("option", name="Northwind Motors")
    expect(option).to_be_visible()
    # Only accounts were asked for.
    kinds = page.locator("#search-results .kind").all_inner_texts()
    assert kinds and set(kinds) == {"Account"}
    watched.screenshot("search")
    page.locator("#search-input").press("ArrowDown")
    page.locator("#search-input").press("Enter")
    watched.wait_for_maps(1)
    expect(page).to_have_url(f"{demo_server.url}/explore?node=cust-northwind&depth=2")
    expect(page.locator("#panel-body h2").first).to_have_text("Northwind Motors")


def test_the_map_draws_what_the_api_answers(watched: Watched, demo_server: LiveServer) -> None:
    page = watched.page
    page.goto(f"{demo_server.url}/explore?node=cust-northwind")
    watched.wait_for_maps(1)
    nodes, edges = map_ids(demo_server, "cust-northwind", 2)
    drawn = watched.drawn()
    assert set(drawn["nodes"]) == nodes
    assert set(drawn["edges"]) == edges
    expect(page.locator("#map-status")).to_contain_text(f"{len(nodes)} nodes and {len(edges)} relationships")
    watched.screenshot("account-map")

    with page.expect_download() as download:
        page.get_by_role("button", name="Export PNG").click()
    assert download.value.suggested_filename == "relgraph-cust-northwind.png"
    with open(download.value.path(), "rb") as image:
        assert image.read(8) == b"\x89PNG\r\n\x1a\n"

    positions = "() => window.explorer.map.cy.nodes().map((n) => [n.position('x'), n.position('y')])"
    before = page.evaluate(positions)
    page.get_by_label("Layout").select_option("grid")
    page.wait_for_function(
        f"(before) => JSON.stringify(({positions})()) !== JSON.stringify(before)", arg=before
    )

    # Depth 1 draws the smaller map the API gives for depth 1.
    page.locator("#depth").select_option("1")
    watched.wait_for_maps(2)
    nodes, edges = map_ids(demo_server, "cust-northwind", 1)
    drawn = watched.drawn()
    assert (set(drawn["nodes"]), set(drawn["edges"])) == (nodes, edges)


def test_expanding_a_node_adds_its_neighbours(watched: Watched, demo_server: LiveServer) -> None:
    page = watched.page
    page.goto(f"{demo_server.url}/explore?node=cust-kestrel&depth=1")
    watched.wait_for_maps(1)
    before = set(watched.drawn()["nodes"])
    department = "dep-ks-eng"
    assert department in before
    neighbours, _ = map_ids(demo_server, department, 1)
    assert neighbours - before, "the department's people are not on the depth-1 map yet"
    watched.wait_for_panel()

    click_node(watched, department)
    page.wait_for_function("() => window.explorer.state.timings.some((t) => t.what === 'expand')")
    after = set(watched.drawn()["nodes"])
    assert after == before | neighbours
    added = len(neighbours - before)
    expect(page.locator("#map-status")).to_contain_text(f"Added {added} node{'' if added == 1 else 's'}")
    watched.screenshot("expanded")


def test_the_map_is_usable_from_the_keyboard(watched: Watched, demo_server: LiveServer) -> None:
    page = watched.page
    page.goto(f"{demo_server.url}/explore?node=cust-kestrel&depth=1")
    watched.wait_for_maps(1)
    watched.wait_for_panel()
    before = set(watched.drawn()["nodes"])
    page.locator("#map").focus()
    page.keyboard.press("n")  # the centre
    page.keyboard.press("n")  # the first node one hop away
    selected = page.evaluate("() => window.explorer.state.selectedId")
    assert selected in before and selected != "cust-kestrel"
    expect(page.locator("#map-status")).to_contain_text("1 hop from the centre")
    neighbours, _ = map_ids(demo_server, selected, 1)
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.explorer.state.timings.some((t) => t.what === 'expand')")
    assert set(watched.drawn()["nodes"]) == before | neighbours


def first_gap_with_path(server: LiveServer, account: str) -> dict[str, Any]:
    report = server.gql(
        """query ($id: ID!) { coverageGaps(customerId: $id) { gaps {
            id subjectId introduction { nodes { id } steps { sourceId targetId } } } } }""",
        {"id": account},
    )["coverageGaps"]
    return next(gap for gap in report["gaps"] if gap["introduction"])


def test_clicking_a_coverage_gap_highlights_its_subject_and_path(
    watched: Watched, demo_server: LiveServer
) -> None:
    page = watched.page
    page.goto(f"{demo_server.url}/explore?node=cust-northwind")
    watched.wait_for_maps(1)
    gap = first_gap_with_path(demo_server, "cust-northwind")
    button = page.locator(f'button.gap[data-gap="{gap["id"]}"]')
    expect(button).to_have_count(1)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    drawn = watched.drawn()
    path = {node["id"] for node in gap["introduction"]["nodes"]}
    assert set(drawn["highlighted"]) == path | {gap["subjectId"]}
    assert drawn["highlightedEdges"] >= len(gap["introduction"]["steps"])
    watched.screenshot("coverage-gap-path")

    page.get_by_role("button", name="Clear highlight").click()
    assert watched.drawn()["highlighted"] == []


def test_the_org_chart_shows_the_accounts_people(watched: Watched, demo_server: LiveServer) -> None:
    page = watched.page
    page.goto(f"{demo_server.url}/explore?node=cust-kestrel")
    watched.wait_for_maps(1)
    people = demo_server.gql(
        '{ customer(id: "cust-kestrel") { stakeholders(first: 100) { totalCount nodes { id name } } } }'
    )
    assert people["customer"]["stakeholders"]["totalCount"] <= 100
    expected = {p["id"] for p in people["customer"]["stakeholders"]["nodes"]}
    chart = page.get_by_label("Org chart", exact=True)
    expect(chart.locator("button[data-node]")).to_have_count(len(expected))
    shown = set(chart.locator("button[data-node]").evaluate_all("(bs) => bs.map((b) => b.dataset.node)"))
    assert shown == expected
    page.get_by_role("region", name="Org chart").scroll_into_view_if_needed()
    watched.screenshot("org-chart")

    # A person in the chart is selected on the map from the keyboard.
    person = chart.locator("button[data-node]").first
    person.focus()
    page.keyboard.press("Enter")
    selected = page.evaluate("() => window.explorer.map.cy.nodes(':selected').map((n) => n.id())")
    assert selected == [person.get_attribute("data-node")]


COMMITTEE = """query ($id: ID!) { buyingCommittee(customerId: $id) {
  complete roles { role gap members { stakeholderId } strongest { stakeholderId teamMemberId } } } }"""
ROLE_GAP_WORDS = {
    "UNCOVERED": "No relationship",
    "UNFILLED": "Nobody known",
    "WEAK": "Weak tie",
    None: "Covered",
}


def data_of(buttons: Locator, key: str = "node") -> list[str]:
    return list(buttons.evaluate_all("(bs, key) => bs.map((b) => b.dataset[key])", key))


def selected_on_map(page: Page) -> list[str]:
    return list(page.evaluate("() => window.explorer.map.cy.nodes(':selected').map((n) => n.id())"))


def test_the_buying_committee_lists_what_the_api_answers(watched: Watched, demo_server: LiveServer) -> None:
    page = watched.page
    page.goto(f"{demo_server.url}/explore?node=cust-northwind")
    watched.wait_for_maps(1)
    committee = demo_server.gql(COMMITTEE, {"id": "cust-northwind"})["buyingCommittee"]
    # The demo account has both filled roles and gaps, so the comparison below means something.
    assert any(role["members"] for role in committee["roles"])
    assert any(role["gap"] for role in committee["roles"])

    section = page.get_by_role("region", name="Buying committee")
    roles = section.locator("li.committee-role")
    expect(roles).to_have_count(len(committee["roles"]))
    assert data_of(roles, "role") == [r["role"] for r in committee["roles"]]
    for shown, role in zip(roles.all(), committee["roles"], strict=True):
        expect(shown.locator(".severity")).to_have_text(ROLE_GAP_WORDS[role["gap"]])
        people = shown.locator(".role-members button[data-node]")
        assert data_of(people) == [m["stakeholderId"] for m in role["members"]]
        tie = shown.locator(".role-tie button[data-node]")
        strongest = role["strongest"]
        expected_tie = [strongest["stakeholderId"], strongest["teamMemberId"]] if strongest else []
        assert data_of(tie) == expected_tie
    summary = "Complete" if committee["complete"] else "lack"
    expect(section.locator(".committee-summary")).to_contain_text(summary)
    section.scroll_into_view_if_needed()
    watched.screenshot("buying-committee")

    # A person of the committee is selected on the map, from the keyboard as by the mouse.
    person = section.locator(".role-members button[data-node]").first
    person.focus()
    page.keyboard.press("Enter")
    assert selected_on_map(page) == [person.get_attribute("data-node")]
    last = section.locator(".role-members button[data-node]").last
    last.click()
    assert selected_on_map(page) == [last.get_attribute("data-node")]


def test_introduction_paths_to_a_person_from_chosen_team_members(
    watched: Watched, demo_server: LiveServer
) -> None:
    page = watched.page
    page.goto(f"{demo_server.url}/explore?node=stk-heike-lange")
    watched.wait_for_maps(1)
    team = demo_server.gql('{ stakeholder(id: "stk-heike-lange") { customer { team { totalCount } } } }')
    form = page.locator("form.intro-form")
    boxes = form.get_by_role("checkbox")
    expect(boxes).to_have_count(team["stakeholder"]["customer"]["team"]["totalCount"])
    # Only Elena Brandt of the account team.
    for box in boxes.all():
        if box.get_attribute("value") != "tm-elena-brandt":
            box.uncheck()
    form.get_by_role("button", name="Find introduction paths").click()
    expected = demo_server.gql(
        """{ introductionPaths(targetId: "stk-heike-lange", fromTeamMemberIds: ["tm-elena-brandt"],
               maxHops: 4, top: 5) { nodes { id name } } }"""
    )["introductionPaths"]
    assert expected
    paths = form.locator("button.path")
    expect(paths).to_have_count(len(expected))
    assert paths.all_inner_texts() == [" → ".join(n["name"] for n in path["nodes"]) for path in expected]

    paths.first.click()
    assert set(watched.drawn()["highlighted"]) == {n["id"] for n in expected[0]["nodes"]}
    watched.screenshot("person-introduction-paths")


def test_industry_panel_lists_kols_and_colours_communities(watched: Watched, demo_server: LiveServer) -> None:
    page = watched.page
    page.goto(f"{demo_server.url}/explore?node=ind-automotive")
    watched.wait_for_maps(1)
    kols = demo_server.gql('{ industryKols(industryId: "ind-automotive", top: 10) { id } }')["industryKols"]
    listed = page.locator(".kols button[data-node]")
    expect(listed).to_have_count(len(kols))
    assert listed.evaluate_all("(bs) => bs.map((b) => b.dataset.node)") == [k["id"] for k in kols]
    page.wait_for_function("() => window.explorer.map.cy.nodes('.community').length > 0")
    watched.screenshot("industry")


def test_an_account_member_cannot_reach_another_account(
    watched: Watched, guarded_server: GuardedServer
) -> None:
    page = watched.page
    server = guarded_server.server
    page.goto(f"{server.url}/explore?node={guarded_server.member_account}")
    dialog = page.get_by_role("dialog", name="API key")
    expect(dialog).to_be_visible()
    watched.screenshot("api-key")
    page.get_by_label("Key", exact=True).fill("rgk_not-a-key")
    page.get_by_role("button", name="Use this key").click()
    expect(dialog.get_by_role("alert")).to_contain_text("not accepted")

    page.get_by_label("Key", exact=True).fill(guarded_server.member_key)
    page.get_by_role("button", name="Use this key").click()
    watched.wait_for_maps(1)
    own_nodes, _ = map_ids(server, guarded_server.member_account, 2, key=guarded_server.member_key)
    drawn = set(watched.drawn()["nodes"])
    assert drawn == own_nodes
    accounts = page.evaluate(
        "() => window.explorer.map.cy.nodes('[label = \"Customer\"]').map((n) => n.id())"
    )
    assert accounts == [guarded_server.member_account]

    # Search does not offer another account, and its map is refused in plain words.
    page.locator("#search-input").fill("Kestrel")
    expect(page.locator("#search-results")).to_contain_text("Nothing matches")
    page.goto(f"{server.url}/explore?node=cust-kestrel")
    expect(page.locator("#panel-body")).to_contain_text("your key may not see it")
    assert watched.drawn()["nodes"] == []
    watched.screenshot("account-member-refused")


def test_graphiql_renders_and_runs_a_query_with_no_network(watched: Watched, demo_server: LiveServer) -> None:
    page = watched.page
    page.goto(f"{demo_server.url}/graphql")
    tabs = page.locator(".graphiql-tab")
    expect(tabs).to_have_count(3)
    expect(page.locator(".graphiql-editor").first).to_contain_text("coverageGaps")
    page.locator(".graphiql-execute-button").click()
    expect(page.locator(".graphiql-response")).to_contain_text("UNCOVERED_DECISION_MAKER")
    watched.screenshot("graphiql")

    page.goto(f"{demo_server.url}/graphql?query=" + "%7B%20industries%20%7B%20totalCount%20%7D%20%7D")
    expect(page.locator(".graphiql-editor").first).to_contain_text("industries")
    page.locator(".graphiql-execute-button").click()
    expect(page.locator(".graphiql-response")).to_contain_text('"totalCount": 4')
    assert watched.outside == []


def test_timings_of_a_large_map(watched: Watched, large_server: LiveServer) -> None:
    """Opening a depth-2 map of about 500 nodes, and expanding one of its nodes (printed)."""
    people = large_server.gql(
        "{ customers(first: 100) { edges { node { id stakeholders(first: 0) { totalCount } } } } }"
    )
    largest = sorted(people["customers"]["edges"], key=lambda e: -e["node"]["stakeholders"]["totalCount"])[:8]
    sizes = {
        e["node"]["id"]: large_server.gql(MAP.replace("elements", ""), {"id": e["node"]["id"], "depth": 2})[
            "relationshipMap"
        ]["nodeCount"]
        for e in largest
    }
    account = min(sizes, key=lambda a: abs(sizes[a] - 500))
    page = watched.page
    page.goto(f"{large_server.url}/explore?node={account}")
    opened = watched.wait_for_maps(1)[0]
    nodes, edges = map_ids(large_server, account, 2)
    assert (opened["nodes"], opened["edges"]) == (len(nodes), len(edges))
    report_timing(
        f"open /explore?node={account} to a drawn depth-2 map of {opened['nodes']} nodes and "
        f"{opened['edges']} edges: {opened['drawnAt']:.0f} ms from navigation "
        f"(map request {opened['requestMs']:.0f} ms, request to drawn {opened['totalMs']:.0f} ms)",
        account=account,
        nodes=opened["nodes"],
        fromNavigationMs=opened["drawnAt"],
    )
    watched.wait_for_panel()
    watched.screenshot("large-map")

    outer = page.evaluate(
        """() => window.explorer.map.cy.nodes('[label = "Stakeholder"]')
                .filter((n) => n.data('depth') === 2).slice(0, 2).map((n) => n.id())"""
    )
    for turn, node in enumerate(outer, start=1):
        click_node(watched, node)
        page.wait_for_function(
            "(n) => window.explorer.state.timings.filter((t) => t.what === 'expand').length >= n", arg=turn
        )
        expanded = page.evaluate(
            "() => window.explorer.state.timings.filter((t) => t.what === 'expand').pop()"
        )
        report_timing(
            f"expand {node} on that map ({'first' if turn == 1 else 'next'} expansion): "
            f"{expanded['totalMs']:.0f} ms (request {expanded['requestMs']:.0f} ms; "
            f"{expanded['added']['nodes']} nodes and {expanded['added']['edges']} edges added)",
            node=node,
            expandMs=expanded["totalMs"],
        )

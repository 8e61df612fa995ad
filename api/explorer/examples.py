"""The operations GraphiQL opens with: the README's examples, one tab each."""

from __future__ import annotations

from typing import Final

from graphql import parse, print_ast

# (operation name, the README's operation character for character); the name
# titles the tab (tests/explorer/test_pages.py holds the operations to the README).
EXAMPLES: Final[tuple[tuple[str, str], ...]] = (
    (
        "KestrelCoverageGaps",
        '{ coverageGaps(customerId: "cust-kestrel") { score gaps { kind severity subjectName reason '
        "suggestion } } }",
    ),
    (
        "AutomotiveKols",
        '{ industryKols(industryId: "ind-automotive", top: 3) { name score factors { name value } } }',
    ),
    (
        "NorthwindMap",
        '{ relationshipMap(rootId: "cust-northwind", depth: 2) { nodes { id label name depth } '
        "edges { source target type } } }",
    ),
)


def example_tabs() -> list[dict[str, str]]:
    """One GraphiQL tab per example, laid out on several lines to read in the editor."""
    return [{"query": print_ast(parse(f"query {name} {operation}")) + "\n"} for name, operation in EXAMPLES]

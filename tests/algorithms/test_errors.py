"""The named errors form one family the API layer can map at once."""

from __future__ import annotations

import pytest

from algorithms.errors import AlgorithmError, EmptyScope, InvalidParameter, NodeNotFound, NotConverged


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (NodeNotFound("x"), LookupError),
        (EmptyScope("nothing"), ValueError),
        (InvalidParameter("bad"), ValueError),
        (NotConverged("slow"), RuntimeError),
    ],
)
def test_hierarchy(error: Exception, builtin: type[Exception]) -> None:
    assert isinstance(error, AlgorithmError)
    assert isinstance(error, builtin)


def test_node_not_found_names_the_node() -> None:
    error = NodeNotFound("s42", "target")
    assert error.node_id == "s42"
    assert str(error) == "target 's42' is not in the graph"

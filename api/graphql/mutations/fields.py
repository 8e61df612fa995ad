"""Field factories for the mutations: one upsert definition for every label.

Annotations here are built at run time (no ``from __future__ import
annotations``): strawberry reads each resolver's types from the factory's
arguments.
"""

from typing import Any

import strawberry

from api.graphql.core.context import Info
from api.graphql.mutations import resolvers
from api.graphql.mutations.inputs import node_input
from api.graphql.mutations.payloads import node_payload, refusals_in
from graph_model.model import Label


def upsert_field(node_type: type, label: Label, field: str) -> Any:
    """``upsertCustomer(input:)``: create or update one node of a label by id."""
    payload = node_payload(node_type, field)
    input_type = node_input(label)

    @refusals_in(payload)
    async def resolve(info: Info, input: Any) -> Any:
        node, errors = await resolvers.upsert(info, label, input)
        return payload(**{field: node, "errors": errors})

    resolve.__annotations__.update(input=input_type, **{"return": payload})
    return strawberry.mutation(
        resolver=resolve,
        description=f"Create the {label.value} with this id, or update the fields given; "
        "omitted fields stay as they are.",
    )

"""accountReview over GraphQL: what changed in an account since a date."""

from __future__ import annotations

import strawberry

from algorithms.account_review import (
    AccountReview,
    PersonChange,
    PersonChangeKind,
    ReviewRefused,
    SupplierChange,
    TieChange,
    TieChangeKind,
)
from api.graphql.analytics.objects import node_object, tie_ends
from api.graphql.analytics.resolvers import analytics_service
from api.graphql.analytics.types import CoverageGapType, CoverageReportType
from api.graphql.changes.resolvers import customer_argument, since_argument
from api.graphql.core.context import Info
from api.graphql.core.errors import BadUserInput
from api.graphql.core.results import list_of, maybe, result_type
from api.graphql.core.scalars import DateTime
from api.graphql.entities.resolvers import not_found, record
from api.graphql.entities.types import Customer, Stakeholder, Supplier
from graph_model.model import Label

strawberry.enum(PersonChangeKind, name="PersonChangeKind", description="How a person of the account changed.")
strawberry.enum(
    TieChangeKind, name="TieChangeKind", description="How one of our ties to the account changed."
)

PersonChangeType = result_type(
    PersonChange,
    description="A person who joined or left the account, moved, or changed title, role or stance.",
    extra={"stakeholder": node_object("stakeholder_id", Stakeholder, description="Null once deleted.")},
)

TieChangeType = result_type(
    TieChange,
    description="One of our team's ties to a person of the account, then against now.",
    extra=tie_ends(stakeholder="Null once deleted."),
)

SupplierChangeType = result_type(
    SupplierChange,
    description="A supplier of the account whose share of wallet moved (or who came or went).",
    names={"share_before": "shareOfWalletBefore", "share_after": "shareOfWalletAfter"},
    extra={"supplier": node_object("supplier_id", Supplier, description="Null once deleted.")},
)

AccountReviewType = result_type(
    AccountReview,
    description="The account as it was at `since` against now, rebuilt from the change log.",
    types={
        "since": DateTime,
        # The reports and gaps coverageGaps answers with.
        "coverage_then": CoverageReportType,
        "coverage_now": CoverageReportType,
        "gaps_opened": list_of(CoverageGapType),
        "gaps_closed": list_of(CoverageGapType),
    },
    properties=("gaps_opened", "gaps_closed"),
    extra={"customer": node_object("customer_id", Customer)},
)


async def review(info: Info, customer_id: strawberry.ID, since: DateTime) -> AccountReview:
    ctx = info.context
    # Both arguments are non-null in the schema, so both checks return a value.
    customer = customer_argument(customer_id) or str(customer_id)
    moment = since_argument(info, since) or since
    await record(info, customer, Label.CUSTOMER, field="customerId")
    try:
        found = await analytics_service(info).account_review(customer, moment, ctx.access)
    except ReviewRefused as exc:
        raise BadUserInput(f"since {exc}", field="since") from None
    if found is None:
        raise not_found(customer, Label.CUSTOMER, field="customerId")
    return found


account_review_field = strawberry.field(
    resolver=review,
    graphql_type=maybe(AccountReviewType),
    description="What changed in an account since a date: people, our ties, suppliers and coverage, with "
    "the account then rebuilt from the change log. NOT_FOUND when customerId names no account you may see.",
)

"""accountReview over GraphQL: what changed in an account since a date."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from algorithms.account_review import (
    AccountReview as ReviewResult,
)
from algorithms.account_review import (
    PersonChangeKind,
    ReviewRefused,
    TieChangeKind,
    account_review,
)
from algorithms.coverage_gaps import CoverageReport as ReportResult
from api.graphql.analytics.types import CoverageGap, CoverageReport, Factor
from api.graphql.changes.resolvers import customer_argument, since_argument
from api.graphql.core.context import Info
from api.graphql.core.errors import BadUserInput

strawberry.enum(PersonChangeKind, name="PersonChangeKind", description="How a person of the account changed.")
strawberry.enum(
    TieChangeKind, name="TieChangeKind", description="How one of our ties to the account changed."
)


@strawberry.type(
    description="A person who joined or left the account, moved, or changed title, role or stance."
)
class PersonChange:
    stakeholder_id: strawberry.ID
    name: str
    kind: PersonChangeKind
    before: str | None = strawberry.field(
        description="The value then (a title, department ids, a manager's id)."
    )
    after: str | None = strawberry.field(description="The value now.")


@strawberry.type(description="One of our team's ties to a person of the account, then against now.")
class TieChange:
    team_member_id: strawberry.ID
    stakeholder_id: strawberry.ID
    kind: TieChangeKind
    strength_before: float | None
    strength_after: float | None


@strawberry.type(description="A supplier of the account whose share of wallet moved (or who came or went).")
class SupplierChange:
    supplier_id: strawberry.ID
    name: str
    share_of_wallet_before: float | None
    share_of_wallet_after: float | None


@strawberry.type(description="The account as it was at `since` against now, rebuilt from the change log.")
class AccountReview:
    customer_id: strawberry.ID
    since: str
    changes_replayed: int = strawberry.field(description="Log entries undone to rebuild the account then.")
    people: list[PersonChange]
    ties: list[TieChange]
    suppliers: list[SupplierChange]
    coverage_then: CoverageReport
    coverage_now: CoverageReport
    gaps_opened: list[CoverageGap]
    gaps_closed: list[CoverageGap]

    @classmethod
    def of(cls, review: ReviewResult) -> AccountReview:
        return cls(
            customer_id=strawberry.ID(review.customer_id),
            since=review.since,
            changes_replayed=review.changes_replayed,
            people=[
                PersonChange(
                    stakeholder_id=strawberry.ID(p.stakeholder_id),
                    name=p.name,
                    kind=p.kind,
                    before=p.before,
                    after=p.after,
                )
                for p in review.people
            ],
            ties=[
                TieChange(
                    team_member_id=strawberry.ID(t.team_member_id),
                    stakeholder_id=strawberry.ID(t.stakeholder_id),
                    kind=t.kind,
                    strength_before=t.strength_before,
                    strength_after=t.strength_after,
                )
                for t in review.ties
            ],
            suppliers=[
                SupplierChange(
                    supplier_id=strawberry.ID(s.supplier_id),
                    name=s.name,
                    share_of_wallet_before=s.share_before,
                    share_of_wallet_after=s.share_after,
                )
                for s in review.suppliers
            ],
            coverage_then=_report(review.coverage_then),
            coverage_now=_report(review.coverage_now),
            gaps_opened=[CoverageGap.of(g, {}) for g in review.gaps_opened],
            gaps_closed=[CoverageGap.of(g, {}) for g in review.gaps_closed],
        )


def _report(report: ReportResult) -> CoverageReport:
    return CoverageReport(
        customer_id=strawberry.ID(report.customer_id),
        score=report.score,
        gaps=[CoverageGap.of(g, {}) for g in report.gaps],
        factors=[Factor.of(f) for f in report.factors],
    )


async def review(info: Info, customer_id: strawberry.ID, since: str) -> AccountReview | None:
    ctx = info.context
    # Both arguments are non-null in the schema, so both checks return a value.
    customer = customer_argument(customer_id) or str(customer_id)
    moment = since_argument(info, since) or since
    try:
        found = await account_review(ctx.store, customer, moment, ctx.access, now=datetime.now(UTC))
    except ReviewRefused as exc:
        raise BadUserInput(f"since {exc}", field="since") from None
    return AccountReview.of(found) if found is not None else None

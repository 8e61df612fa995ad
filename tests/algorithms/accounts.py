"""A hand-made account shared by the coverage tests (see test_coverage_gaps)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from algorithms.coverage_input import (
    AccountCoverage,
    DepartmentInfo,
    ManagesInfo,
    OrgTie,
    PreferenceInfo,
    RelationshipInfo,
    StakeholderInfo,
    TeamMemberInfo,
)
from graph_model.model import BuyingRole, DepartmentFunction, ManagesRole, Seniority, Tier

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def acme() -> AccountCoverage:
    """Acme: five stakeholders in four departments (one empty), two of our people.

    ceo Cara (C-level decision maker, Board)  <- nobody
    cfo Finn (VP economic buyer, Board)       <- Tom 0.3, 100 days ago, bias 0.7
    buyer Bo (influencer, Purchasing)         <- nobody; prefers Rival 0.8
    cto Tia (technical evaluator, IT)         <- Tom 0.8 (10 days), Uma 0.6 (200 days)
    ops Otto (user, IT Ops under IT)          <- Tom 0.5, 5 days ago
    Reporting: cfo, cto -> ceo; buyer -> cfo; ops -> cto; cto knows ceo (0.7).
    """
    S, R = Seniority, BuyingRole
    return AccountCoverage(
        customer_id="acme",
        customer_name="Acme",
        tier=Tier.STRATEGIC,
        departments=(
            DepartmentInfo("board", "Board", DepartmentFunction.MANAGEMENT),
            DepartmentInfo("purch", "Purchasing", DepartmentFunction.PROCUREMENT),
            DepartmentInfo("it", "IT", DepartmentFunction.TECHNICAL),
            DepartmentInfo("itops", "IT Ops", DepartmentFunction.TECHNICAL, parent_id="it"),
            DepartmentInfo("hr", "HR", DepartmentFunction.OTHER),
        ),
        stakeholders=(
            StakeholderInfo("ceo", "Cara", "CEO", S.C_LEVEL, R.DECISION_MAKER, department_ids=("board",)),
            StakeholderInfo("cfo", "Finn", "CFO", S.VP, R.ECONOMIC_BUYER, department_ids=("board",)),
            StakeholderInfo("buyer", "Bo", None, S.MANAGER, R.INFLUENCER, department_ids=("purch",)),
            StakeholderInfo("cto", "Tia", "CTO", S.DIRECTOR, R.TECHNICAL_EVALUATOR, department_ids=("it",)),
            StakeholderInfo("ops", "Otto", None, S.STAFF, R.USER, department_ids=("itops",)),
        ),
        team_members=(TeamMemberInfo("tm1", "Tom"), TeamMemberInfo("tm2", "Uma")),
        relationships=(
            RelationshipInfo("tm1", "cto", 0.8, last_contact_at=days_ago(10)),
            RelationshipInfo("tm2", "cto", 0.6, last_contact_at=days_ago(200)),
            RelationshipInfo("tm1", "cfo", 0.3, competitive_bias=0.7, last_contact_at=days_ago(100)),
            RelationshipInfo("tm1", "ops", 0.5, last_contact_at=days_ago(5)),
        ),
        managers=(ManagesInfo("tm1", ManagesRole.OWNER),),
        preferences=(PreferenceInfo("buyer", "rival", "Rival", False, 0.8),),
        ties=(
            OrgTie("REPORTS_TO", "cfo", "ceo"),
            OrgTie("REPORTS_TO", "cto", "ceo"),
            OrgTie("REPORTS_TO", "buyer", "cfo"),
            OrgTie("REPORTS_TO", "ops", "cto"),
            OrgTie("KNOWS", "cto", "ceo", 0.7),
        ),
    )

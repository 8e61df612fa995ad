"""Plain records of one account, as the coverage algorithms read them.

Frozen dataclasses with no behaviour: tests build accounts from them by
hand, :func:`algorithms.coverage_input.coverage_input` builds them from a
store export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph_model.model import BuyingRole, DepartmentFunction, ManagesRole, Seniority, Stance, Tier


@dataclass(frozen=True, slots=True)
class DepartmentInfo:
    id: str
    name: str
    function: DepartmentFunction | None = None
    parent_id: str | None = None


@dataclass(frozen=True, slots=True)
class StakeholderInfo:
    id: str
    name: str
    title: str | None = None
    seniority: Seniority | None = None
    buying_role: BuyingRole | None = None
    stance: Stance | None = None
    department_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TeamMemberInfo:
    id: str
    name: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class RelationshipInfo:
    """A ``RELATES_TO`` tie from one of our team members to a stakeholder.

    ``last_contact_at`` is the later of the stored ``lastContactAt`` and the
    latest interaction between the two.  Quality dimensions are in ``[0, 1]``
    or ``None`` when not assessed.
    """

    team_member_id: str
    stakeholder_id: str
    strength: float | None = None
    acceptance: float | None = None
    participation: float | None = None
    information_flow: float | None = None
    guidance: float | None = None
    project_support: float | None = None
    competitive_bias: float | None = None
    last_contact_at: datetime | None = None
    account_id: str | None = None


@dataclass(frozen=True, slots=True)
class ManagesInfo:
    team_member_id: str
    role: ManagesRole | None = None


@dataclass(frozen=True, slots=True)
class PreferenceInfo:
    """A stakeholder's ``PREFERS`` tie to a supplier (ours when ``is_us``)."""

    stakeholder_id: str
    supplier_id: str
    supplier_name: str
    is_us: bool
    strength: float | None = None


@dataclass(frozen=True, slots=True)
class OrgTie:
    """A stored ``REPORTS_TO``, ``KNOWS`` or ``INFLUENCES`` tie inside the account."""

    type: str
    source: str
    target: str
    strength: float | None = None


@dataclass(frozen=True)
class AccountCoverage:
    """One account: its organisation, our team and every tie between them."""

    customer_id: str
    customer_name: str
    tier: Tier | None = None
    departments: tuple[DepartmentInfo, ...] = ()
    stakeholders: tuple[StakeholderInfo, ...] = ()
    team_members: tuple[TeamMemberInfo, ...] = ()
    relationships: tuple[RelationshipInfo, ...] = ()
    managers: tuple[ManagesInfo, ...] = ()
    preferences: tuple[PreferenceInfo, ...] = ()
    ties: tuple[OrgTie, ...] = ()

"""Buying committee completeness: is every role of the decision known and reached?

A B2B purchase is decided by a committee whose roles recur from deal to deal
(the "buying centre"): who decides, who holds the budget, who evaluates the
technology, who sells the purchase inside the account, who will use it.  For
each role of a template this analysis names who fills it at the account, our
strongest tie to them (by the relationship-strength model of
:mod:`algorithms.relationship_health`) and what is missing.

A stakeholder fills a role when their buying role is that role; a
stakeholder whose stance toward us is CHAMPION also fills the champion role.

References: F. E. Webster and Y. Wind, "A general model for understanding
organizational buying behavior", Journal of Marketing 36(2), 1972; T. V.
Bonoma, "Major sales: who really does the buying?", Harvard Business Review
60(3), 1982.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from algorithms.coverage_input import AccountCoverage, StakeholderInfo
from algorithms.errors import InvalidParameter, check_range
from algorithms.relationship_health import DEFAULT_HALF_LIFE_DAYS, DEFAULT_UNASSESSED_STRENGTH, TieModel
from algorithms.values import as_utc
from graph_model.model import BuyingRole, Stance

__all__ = ["BuyingCommittee", "buying_committee"]

DEFAULT_ROLES: Final = (
    BuyingRole.DECISION_MAKER,
    BuyingRole.ECONOMIC_BUYER,
    BuyingRole.TECHNICAL_EVALUATOR,
    BuyingRole.CHAMPION,
    BuyingRole.USER,
)


class RoleGap(enum.StrEnum):
    """What a role of the committee lacks."""

    UNFILLED = "UNFILLED"  # nobody known in the role
    UNCOVERED = "UNCOVERED"  # known, but nobody in it has a tie with us
    WEAK = "WEAK"  # our strongest tie to anyone in it is below the weak threshold


@dataclass(frozen=True, slots=True)
class RoleMember:
    """Someone filling a role, with our strongest tie to them (0 and ``None`` when there is none)."""

    stakeholder_id: str
    name: str
    strength: float = field(
        metadata={
            "description": "Our strongest tie today by the relationship-strength model; 0 when there is none."
        }
    )
    team_member_id: str | None = field(metadata={"description": "Who holds that tie."})


@dataclass(frozen=True, slots=True)
class CommitteeRole:
    """One role: its members (strongest tie first), the best of them, and what is missing."""

    role: BuyingRole
    members: tuple[RoleMember, ...] = field(metadata={"description": "Strongest tie first."})
    gap: RoleGap | None = field(metadata={"description": "Null when the role is filled and well covered."})
    missing: str | None = field(metadata={"description": "What is missing, in words."})

    @property
    def strongest(self) -> RoleMember | None:
        """The member we are closest to, if any."""
        return self.members[0] if self.members and self.members[0].strength > 0 else None


@dataclass(frozen=True, slots=True)
class BuyingCommittee:
    """Every role of the template, in the template's order; complete when no role has a gap."""

    customer_id: str
    customer_name: str
    roles: tuple[CommitteeRole, ...] = field(metadata={"description": "In the template's order."})

    @property
    def complete(self) -> bool:
        """Every role is filled and covered by a tie that is not weak."""
        return all(r.gap is None for r in self.roles)


def fills(s: StakeholderInfo, role: BuyingRole) -> bool:
    return s.buying_role == role or (role == BuyingRole.CHAMPION and s.stance == Stance.CHAMPION)


def buying_committee(
    coverage: AccountCoverage,
    *,
    roles: Sequence[BuyingRole] = DEFAULT_ROLES,
    now: datetime | None = None,
    weak_below: float = 0.4,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    unassessed_strength: float = DEFAULT_UNASSESSED_STRENGTH,
) -> BuyingCommittee:
    """Check an account's people against a buying-committee template.

    Parameters
    ----------
    coverage : AccountCoverage
        The account (see :func:`algorithms.coverage_input.coverage_input`).
    roles : sequence of BuyingRole
        The template; default decision maker, economic buyer, technical
        evaluator, champion and user.
    now : datetime, optional
        The present, for the recency of ties; default the current UTC time.
    weak_below : float
        A role whose strongest tie is below this has the gap ``WEAK``.
    half_life_days, unassessed_strength
        Tuning of the relationship-strength model.

    Returns
    -------
    BuyingCommittee
        One entry per role; members ordered by our tie (strongest first),
        then by name and id.

    Raises
    ------
    InvalidParameter
        For an empty or repeating template, or ``weak_below`` outside ``[0, 1]``.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from algorithms.coverage_input import AccountCoverage, RelationshipInfo, StakeholderInfo
    >>> now = datetime(2024, 6, 1, tzinfo=timezone.utc)
    >>> acct = AccountCoverage("c1", "Acme", stakeholders=(
    ...     StakeholderInfo("a", "Ann", buying_role=BuyingRole.DECISION_MAKER),
    ...     StakeholderInfo("b", "Bob", buying_role=BuyingRole.USER)),
    ...     relationships=(RelationshipInfo("t", "a", 0.9, last_contact_at=now),))
    >>> committee = buying_committee(acct, roles=[BuyingRole.DECISION_MAKER,
    ...     BuyingRole.CHAMPION, BuyingRole.USER], now=now)
    >>> [(r.role.value, r.gap and r.gap.value) for r in committee.roles]
    [('DECISION_MAKER', None), ('CHAMPION', 'UNFILLED'), ('USER', 'UNCOVERED')]
    >>> committee.roles[0].strongest
    RoleMember(stakeholder_id='a', name='Ann', strength=0.9, team_member_id='t')
    """
    template = tuple(roles)
    if not template:
        raise InvalidParameter("roles must name at least one buying role")
    if len(set(template)) != len(template):
        raise InvalidParameter(f"roles must not repeat, got {[r.value for r in template]}")
    check_range("weak_below", weak_below, 0.0, 1.0)
    model = TieModel(half_life_days, unassessed_strength)
    moment = as_utc(now)
    best: dict[str, tuple[float, str]] = {}
    for r in coverage.relationships:
        strength = model.strength(r, moment)
        known = best.get(r.stakeholder_id)
        # Equal strengths go to the smaller team member id, whatever the input order.
        if known is None or strength > known[0] or (strength == known[0] and r.team_member_id < known[1]):
            best[r.stakeholder_id] = (strength, r.team_member_id)
    out = []
    for role in template:
        members = sorted(
            (_member(s, best.get(s.id)) for s in coverage.stakeholders if fills(s, role)),
            key=lambda m: (-m.strength, m.name, m.stakeholder_id),
        )
        out.append(_judged(role, tuple(members), weak_below))
    return BuyingCommittee(coverage.customer_id, coverage.customer_name, tuple(out))


def _member(s: StakeholderInfo, tie: tuple[float, str] | None) -> RoleMember:
    return RoleMember(s.id, s.name, tie[0], tie[1]) if tie else RoleMember(s.id, s.name, 0.0, None)


def _judged(role: BuyingRole, members: tuple[RoleMember, ...], weak_below: float) -> CommitteeRole:
    name = role.value.lower().replace("_", " ")
    if not members:
        return CommitteeRole(role, members, RoleGap.UNFILLED, f"Nobody is known to be the {name}.")
    top = members[0]
    if top.strength <= 0:
        who = ", ".join(m.name for m in members)
        return CommitteeRole(role, members, RoleGap.UNCOVERED, f"No relationship with the {name} ({who}).")
    if top.strength < weak_below:
        return CommitteeRole(
            role,
            members,
            RoleGap.WEAK,
            f"Our strongest tie in the {name} role ({top.name}) is {top.strength:.2f}, "
            f"below {weak_below:.2f}.",
        )
    return CommitteeRole(role, members, None, None)

"""Coverage gaps of one account: where our relationships are missing or thin.

Key-account practice asks for relationships across the whole buying centre:
every buying level (procurement, technical, management), every decision
maker, the influential people, at least one executive, an executive sponsor
on our side, more than one thread, recent contact, and strong ties wherever a
competitor is favoured.  Each gap says what is missing, how much it matters,
why, and what to do about it (with the best warm introduction when there is
one); the coverage score sums up the account in one number.

Reference: T. V. Bonoma, "Major sales: who really does the buying?",
Harvard Business Review 60(3), 1982; M. McDonald, B. Rogers, D. Woodburn,
"Key Customers: How to Manage Them Profitably", Butterworth-Heinemann, 2000.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from algorithms._coverage_model import (
    CoverageGap,
    CoverageReport,
    Facts,
    GapKind,
    Introducer,
    Severity,
    Thresholds,
    collect,
    introducer,
)
from algorithms._coverage_rules import RULES
from algorithms._coverage_score import coverage_score
from algorithms._util import as_utc, check_range
from algorithms.buying_committee import fills
from algorithms.errors import InvalidParameter
from algorithms.records import AccountCoverage
from algorithms.relationship_health import DEFAULT_HALF_LIFE_DAYS, DEFAULT_UNASSESSED_STRENGTH, TieModel
from graph_model.model import BuyingRole, Tier

__all__ = ["CoverageGap", "CoverageReport", "GapKind", "Severity", "coverage_gaps"]


def champion(f: Facts, t: Thresholds, intro: Introducer) -> Iterator[CoverageGap]:
    """Nobody sells the purchase inside the account: a missing role of the buying committee."""
    if any(fills(s, BuyingRole.CHAMPION) for s in f.stakeholders):
        return
    customer = f.coverage.customer_id
    important = f.coverage.tier in (Tier.STRATEGIC, Tier.KEY)
    yield CoverageGap(
        GapKind.NO_CHAMPION,
        Severity.HIGH if important else Severity.MEDIUM,
        customer,
        f.name(customer),
        f"Nobody at {f.name(customer)} is known to champion the purchase.",
        "Find and develop a champion: someone who gains from the purchase and sells it internally.",
    )


_SEVERITY_ORDER = {s: i for i, s in enumerate(Severity)}
_KIND_ORDER = {k: i for i, k in enumerate(GapKind)}


def coverage_gaps(
    coverage: AccountCoverage,
    *,
    now: datetime | None = None,
    stale_after_days: float = 90,
    weak_below: float = 0.4,
    strong_at: float = 0.7,
    competitor_at: float = 0.6,
    influencer_share: float = 0.2,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    unassessed_strength: float = DEFAULT_UNASSESSED_STRENGTH,
    unstated_preference: float = 0.5,
    introductions: Introducer | None = None,
    max_hops: int = 4,
) -> CoverageReport:
    """Find the coverage gaps of one account and score its coverage.

    A stakeholder is *covered* when one of our team members has a
    ``RELATES_TO`` tie of positive strength with them.  Strength is the
    relationship-strength model of :mod:`algorithms.relationship_health`
    (stated strength and the six quality dimensions, decayed by recency): a
    tie with neither strength nor dimensions, such as one made by recording
    a single interaction, counts as weak, so it covers the stakeholder but
    leaves a ``WEAK_DECISION_MAKER`` gap for a decider.

    Gap rules (severity in brackets):

    - ``UNCOVERED_DECISION_MAKER``: a decision maker or economic buyer with
      no tie [CRITICAL]; or none is known at all [HIGH].
    - ``WEAK_DECISION_MAKER``: one whose strongest tie is below
      ``weak_below`` [HIGH].
    - ``UNCOVERED_INFLUENCER``: an uncovered stakeholder among the top
      ``influencer_share`` by :func:`~algorithms.influence.influence_scores`
      within the account, or with buying role INFLUENCER or CHAMPION [HIGH].
    - ``NO_EXECUTIVE_RELATIONSHIP``: no tie of at least ``weak_below`` with a
      C-level or VP stakeholder [HIGH]; none known [MEDIUM].
    - ``NO_EXEC_SPONSOR``: no team member ``MANAGES`` the account as
      EXEC_SPONSOR [HIGH for STRATEGIC and KEY accounts, else MEDIUM].
    - ``UNCOVERED_BUYING_LEVEL``: nobody covered at the procurement,
      technical or management level [HIGH].  Levels come from department
      functions; technical evaluators also count as technical and C-level
      people as management.
    - ``UNCOVERED_DEPARTMENT``: a department (with its sub-departments)
      without a covered stakeholder [MEDIUM for buying-level and finance
      departments, else LOW; LOW when nobody there is known].
    - ``SINGLE_THREADED_STAKEHOLDER``: a key stakeholder (decider, executive,
      influencer) tied to exactly one team member [HIGH for deciders, else
      MEDIUM].
    - ``SINGLE_THREADED_TEAM``: every tie held by one team member, or every
      tie going to one stakeholder [HIGH].
    - ``STALE_RELATIONSHIP``: a covered stakeholder without contact for more
      than ``stale_after_days`` (or none recorded) [HIGH for deciders,
      MEDIUM for key stakeholders, else LOW].
    - ``NO_CHAMPION``: nobody at the account fills the champion role of the
      buying committee (see :mod:`algorithms.buying_committee`) [HIGH for
      STRATEGIC and KEY accounts, else MEDIUM].
    - ``COMPETITOR_LEANING``: a stakeholder who ``PREFERS`` a competitor at
      ``competitor_at`` or more (and more than us), or with a tie whose
      ``competitiveBias`` is at least ``competitor_at``, while our strongest
      tie is below ``strong_at`` [HIGH for deciders and champions (by buying
      role or stance), else MEDIUM].

    The score is the weighted mean of coverage factors in ``[0, 1]`` (see
    the ``factors`` of the report: value and contribution in points), times
    100.  The departments factor is left out when no department is known.

    Parameters
    ----------
    coverage : AccountCoverage
        The account (see :func:`algorithms.coverage_input.coverage_input`).
    now : datetime, optional
        The present, for staleness; default the current UTC time.
    stale_after_days, weak_below, strong_at, competitor_at, influencer_share
        Thresholds, as above.
    half_life_days, unassessed_strength
        Tuning of the relationship-strength model.
    unstated_preference : float
        Strength of a ``PREFERS`` stored without one.
    introductions : callable, optional
        ``target id -> IntroductionPath | None``, e.g. a search over the
        whole graph; default a search inside the account.
    max_hops : int
        Longest introduction path of the default search.

    Returns
    -------
    CoverageReport
        Gaps ordered by severity, then kind, then subject name and id.

    Raises
    ------
    InvalidParameter
        For thresholds outside ``[0, 1]``, ``weak_below > strong_at`` or a
        negative ``stale_after_days``.

    Examples
    --------
    >>> from algorithms.coverage_input import AccountCoverage, StakeholderInfo
    >>> from graph_model.model import BuyingRole
    >>> acct = AccountCoverage("c1", "Acme", stakeholders=(
    ...     StakeholderInfo("s1", "Ann", buying_role=BuyingRole.DECISION_MAKER),))
    >>> report = coverage_gaps(acct)
    >>> report.gaps[0].kind.value, report.gaps[0].severity.value, report.score
    ('UNCOVERED_DECISION_MAKER', 'CRITICAL', 0.0)
    """
    for name, value in (
        ("weak_below", weak_below),
        ("strong_at", strong_at),
        ("competitor_at", competitor_at),
        ("influencer_share", influencer_share),
        ("unassessed_strength", unassessed_strength),
        ("unstated_preference", unstated_preference),
    ):
        check_range(name, value, 0.0, 1.0)
    check_range("half_life_days", half_life_days, 0.0, float("inf"), low_open=True)
    if weak_below > strong_at:
        raise InvalidParameter("weak_below must not exceed strong_at")
    if not stale_after_days >= 0:
        raise InvalidParameter(f"stale_after_days must be >= 0, got {stale_after_days}")
    if max_hops < 1:
        raise InvalidParameter(f"max_hops must be >= 1, got {max_hops}")
    facts = collect(
        coverage,
        now=as_utc(now),
        unstated_preference=unstated_preference,
        strength_model=TieModel(half_life_days, unassessed_strength),
        influencer_share=influencer_share,
    )
    limits = Thresholds(stale_after_days, weak_below, strong_at, competitor_at)
    intro = introductions or introducer(facts.people, max_hops)
    gaps = [gap for rule in (*RULES, champion) for gap in rule(facts, limits, intro)]
    gaps.sort(key=lambda g: (_SEVERITY_ORDER[g.severity], _KIND_ORDER[g.kind], g.subject_name, g.subject_id))
    value, factors = coverage_score(facts, limits, gaps)
    return CoverageReport(coverage.customer_id, coverage.customer_name, value, tuple(gaps), factors)

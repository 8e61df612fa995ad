"""The graph model: the one declaration every other layer derives from.

Labels, relationship types, their allowed endpoints and property specs live
here.  The store builds its Cypher from these enums, validation checks rows
against these specs and the GraphQL layer exposes the same enums, so a change
here is a change everywhere.
"""

from __future__ import annotations

import builtins
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Self, cast


class ClosedSet(enum.StrEnum):
    """A closed set of names (seniorities, stances, gap kinds): each member's value is its name.

    Members are declared on one line, ``CRITICAL, HIGH, LOW = names(3)``, so
    that a set reads as the list it is; a count that does not match the
    names fails at import.
    """

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list[Any]) -> str:
        return name

    @classmethod
    def known(cls, value: object) -> Self | None:
        """The member ``value`` names, or ``None`` (a value stored before the set changed, or none)."""
        return cls(value) if isinstance(value, str) and value in cls._value2member_map_ else None


def names(count: int) -> Iterator[str]:
    """``count`` members of an enum, each valued by its enum's rule (a :class:`ClosedSet`'s: its name)."""
    return (cast(str, enum.auto()) for _ in range(count))


class Label(str, enum.Enum):
    CUSTOMER = "Customer"
    DEPARTMENT = "Department"
    STAKEHOLDER = "Stakeholder"
    SUPPLIER = "Supplier"
    TEAM_MEMBER = "TeamMember"
    INDUSTRY = "Industry"
    INTERACTION = "Interaction"


class RelType(ClosedSet):
    (
        IN_INDUSTRY,
        HAS_DEPARTMENT,
        PART_OF,
        WORKS_IN,
        BELONGS_TO,
        REPORTS_TO,
        INFLUENCES,
        KNOWS,
        SUPPLIES,
        PREFERS,
        MANAGES,
        RELATES_TO,
        WITH,
        BY,
    ) = names(14)


class Direction(ClosedSet):
    OUT, IN, BOTH = names(3)


class CustomerType(ClosedSet):
    GOVERNMENT, ENTERPRISE, SMB, INDIVIDUAL = names(4)


class Tier(ClosedSet):
    STRATEGIC, KEY, STANDARD = names(3)


class LifecycleStage(ClosedSet):
    PROSPECT, NEW, ACTIVE, AT_RISK, CHURNED = names(5)


class DepartmentFunction(ClosedSet):
    PROCUREMENT, TECHNICAL, MANAGEMENT, FINANCE, OPERATIONS, SALES, RESEARCH, OTHER = names(8)


class Seniority(ClosedSet):
    C_LEVEL, VP, DIRECTOR, MANAGER, STAFF = names(5)


class BuyingRole(ClosedSet):
    DECISION_MAKER, ECONOMIC_BUYER, TECHNICAL_EVALUATOR, USER, INFLUENCER, GATEKEEPER, CHAMPION = names(7)


class Stance(ClosedSet):
    CHAMPION, SUPPORTER, NEUTRAL, SKEPTIC, BLOCKER = names(5)


class InteractionKind(ClosedSet):
    MEETING, CALL, EMAIL, EVENT, VISIT = names(5)


class ManagesRole(ClosedSet):
    OWNER, EXEC_SPONSOR, SPECIALIST = names(3)


class PropType(str, enum.Enum):
    STRING = "string"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATETIME = "datetime"  # ISO-8601 string in UTC
    ENUM = "enum"


@dataclass(frozen=True)
class PropSpec:
    type: PropType
    required: bool = False
    enum: builtins.type[enum.Enum] | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 2000
    pii: bool = False
    # What the property means, where its name does not say it (the API shows it).
    description: str | None = None


def _s(*, required: bool = False, max_length: int = 2000, pii: bool = False) -> PropSpec:
    return PropSpec(PropType.STRING, required=required, max_length=max_length, pii=pii)


def _e(values: type[enum.Enum], *, required: bool = False) -> PropSpec:
    return PropSpec(PropType.ENUM, required=required, enum=values)


def _unit() -> PropSpec:
    return PropSpec(PropType.FLOAT, minimum=0.0, maximum=1.0)


def _nonneg_float() -> PropSpec:
    return PropSpec(PropType.FLOAT, minimum=0.0)


def _nonneg_int() -> PropSpec:
    return PropSpec(PropType.INT, minimum=0)


_DT = PropSpec(PropType.DATETIME)


@dataclass(frozen=True)
class NodeSpec:
    label: Label
    properties: Mapping[str, PropSpec]


@dataclass(frozen=True)
class RelSpec:
    type: RelType
    endpoints: frozenset[tuple[Label, Label]]
    properties: Mapping[str, PropSpec] = field(default_factory=dict)
    symmetric: bool = False


# Every node carries these; createdAt/updatedAt are set by the store.
COMMON_NODE_PROPERTIES: Final[Mapping[str, PropSpec]] = {
    "name": _s(required=True, max_length=300),
}

NODE_SPECS: Final[Mapping[Label, NodeSpec]] = {
    spec.label: spec
    for spec in (
        NodeSpec(
            Label.CUSTOMER,
            {
                "customerType": _e(CustomerType),
                "tier": _e(Tier),
                "lifecycleStage": _e(LifecycleStage),
                "annualRevenue": _nonneg_float(),
                "potentialValue": _nonneg_float(),
                "region": _s(max_length=100),
                "employees": _nonneg_int(),
                "lastPurchaseAt": _DT,
                "purchaseCount": _nonneg_int(),
            },
        ),
        NodeSpec(Label.DEPARTMENT, {"function": _e(DepartmentFunction)}),
        NodeSpec(
            Label.STAKEHOLDER,
            {
                "title": _s(max_length=200),
                "seniority": _e(Seniority),
                "buyingRole": _e(BuyingRole),
                "stance": _e(Stance),
                "email": _s(max_length=320, pii=True),
                "phone": _s(max_length=50, pii=True),
            },
        ),
        NodeSpec(
            Label.SUPPLIER,
            {
                "category": _s(max_length=100),
                "isUs": PropSpec(PropType.BOOL, description="True for our own company."),
            },
        ),
        NodeSpec(
            Label.TEAM_MEMBER,
            {"title": _s(max_length=200), "email": _s(max_length=320, pii=True)},
        ),
        NodeSpec(Label.INDUSTRY, {}),
        NodeSpec(
            Label.INTERACTION,
            {
                "kind": _e(InteractionKind, required=True),
                "at": PropSpec(PropType.DATETIME, required=True),
                "notes": _s(max_length=5000),
            },
        ),
    )
}

_STRENGTH: Final[Mapping[str, PropSpec]] = {"strength": _unit()}

QUALITY_DIMENSIONS: Final[tuple[str, ...]] = (
    "acceptance",
    "participation",
    "informationFlow",
    "guidance",
    "projectSupport",
    "competitiveBias",
)

REL_SPECS: Final[Mapping[RelType, RelSpec]] = {
    spec.type: spec
    for spec in (
        RelSpec(
            RelType.IN_INDUSTRY,
            frozenset({(Label.CUSTOMER, Label.INDUSTRY), (Label.SUPPLIER, Label.INDUSTRY)}),
        ),
        RelSpec(RelType.HAS_DEPARTMENT, frozenset({(Label.CUSTOMER, Label.DEPARTMENT)})),
        RelSpec(RelType.PART_OF, frozenset({(Label.DEPARTMENT, Label.DEPARTMENT)})),
        RelSpec(
            RelType.WORKS_IN,
            frozenset({(Label.STAKEHOLDER, Label.DEPARTMENT)}),
            {"title": _s(max_length=200), "since": _DT},
        ),
        # A person whose department is unknown still belongs to the account.
        RelSpec(RelType.BELONGS_TO, frozenset({(Label.STAKEHOLDER, Label.CUSTOMER)})),
        RelSpec(RelType.REPORTS_TO, frozenset({(Label.STAKEHOLDER, Label.STAKEHOLDER)})),
        RelSpec(RelType.INFLUENCES, frozenset({(Label.STAKEHOLDER, Label.STAKEHOLDER)}), _STRENGTH),
        RelSpec(
            RelType.KNOWS,
            frozenset({(Label.STAKEHOLDER, Label.STAKEHOLDER)}),
            {"strength": _unit(), "context": _s(max_length=300)},
            symmetric=True,
        ),
        RelSpec(
            RelType.SUPPLIES,
            frozenset({(Label.SUPPLIER, Label.CUSTOMER)}),
            {
                "category": _s(max_length=100),
                "annualValue": _nonneg_float(),
                "shareOfWallet": _unit(),
                "since": _DT,
            },
        ),
        RelSpec(RelType.PREFERS, frozenset({(Label.STAKEHOLDER, Label.SUPPLIER)}), _STRENGTH),
        RelSpec(
            RelType.MANAGES,
            frozenset({(Label.TEAM_MEMBER, Label.CUSTOMER)}),
            {"role": _e(ManagesRole)},
        ),
        RelSpec(
            RelType.RELATES_TO,
            frozenset({(Label.TEAM_MEMBER, Label.STAKEHOLDER)}),
            {"strength": _unit(), **{d: _unit() for d in QUALITY_DIMENSIONS}, "lastContactAt": _DT},
        ),
        RelSpec(RelType.WITH, frozenset({(Label.INTERACTION, Label.STAKEHOLDER)})),
        RelSpec(RelType.BY, frozenset({(Label.INTERACTION, Label.TEAM_MEMBER)})),
    )
}

# Structural edges point from a node up to the account it belongs to; the
# store follows them to derive each node's owning account (used for scoping).
OWNERSHIP_TYPES: Final[tuple[RelType, ...]] = (
    RelType.WITH,
    RelType.WORKS_IN,
    RelType.PART_OF,
    RelType.BELONGS_TO,
)

# Types a node can have only one of (one manager, one department, one parent,
# one account): linking to a new target replaces the old link.
SINGLE_TARGET_TYPES: Final[tuple[RelType, ...]] = (
    RelType.REPORTS_TO,
    RelType.WORKS_IN,
    RelType.PART_OF,
    RelType.BELONGS_TO,
)

# Internal label every node carries, so ids are unique across labels and any
# id can be looked up through one index.
ENTITY_LABEL: Final = "Entity"
# Internal label of the single bookkeeping node holding the graph version.
META_LABEL: Final = "GraphMeta"
# Label of the change log's entries: not an entity, so no map, search,
# export or analysis (all of which start from entity labels) ever meets one.
LOG_LABEL: Final = "ChangeLog"
# Internal property: the id of the customer a node belongs to (null if shared).
ACCOUNT_PROPERTY: Final = "accountId"
TIMESTAMP_PROPERTIES: Final[tuple[str, ...]] = ("createdAt", "updatedAt")
# An import may carry the timestamps an export wrote, so a restore keeps them;
# every other write has them stamped by the store.
TIMESTAMP_SPECS: Final[Mapping[str, PropSpec]] = dict.fromkeys(TIMESTAMP_PROPERTIES, _DT)


def node_properties(label: Label) -> Mapping[str, PropSpec]:
    """All settable properties of a label, common ones included."""
    return {**COMMON_NODE_PROPERTIES, **NODE_SPECS[label].properties}


def row_properties(kind: Label | RelType, *, timestamps: bool = False) -> Mapping[str, PropSpec]:
    """What a node row of a label or a relationship row of a type may set.

    ``timestamps`` admits ``createdAt`` and ``updatedAt``: an import may carry
    the ones an export wrote, every other write has them stamped by the store.
    """
    own = node_properties(kind) if isinstance(kind, Label) else REL_SPECS[kind].properties
    return {**own, **(TIMESTAMP_SPECS if timestamps else {})}


def pii_properties() -> frozenset[str]:
    names = {n for s in NODE_SPECS.values() for n, p in s.properties.items() if p.pii}
    return frozenset(names)


def all_property_keys() -> frozenset[str]:
    keys = set(COMMON_NODE_PROPERTIES) | {"id", ACCOUNT_PROPERTY, "version", *TIMESTAMP_PROPERTIES}
    for n in NODE_SPECS.values():
        keys |= set(n.properties)
    for r in REL_SPECS.values():
        keys |= set(r.properties)
    return frozenset(keys)


def label_for(name: str) -> Label | None:
    """Accept either the label (``TeamMember``) or the enum name (``TEAM_MEMBER``)."""
    for label in Label:
        if name in (label.value, label.name):
            return label
    return None


def rel_type_for(name: str) -> RelType | None:
    try:
        return RelType(name)
    except ValueError:
        return None

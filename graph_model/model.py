"""The graph model: the one declaration every other layer derives from.

Labels, relationship types, their allowed endpoints and property specs live
here.  The store builds its Cypher from these enums, validation checks rows
against these specs and the GraphQL layer exposes the same enums, so a change
here is a change everywhere.
"""

from __future__ import annotations

import builtins
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final


class Label(str, enum.Enum):
    CUSTOMER = "Customer"
    DEPARTMENT = "Department"
    STAKEHOLDER = "Stakeholder"
    SUPPLIER = "Supplier"
    TEAM_MEMBER = "TeamMember"
    INDUSTRY = "Industry"
    INTERACTION = "Interaction"


class RelType(str, enum.Enum):
    IN_INDUSTRY = "IN_INDUSTRY"
    HAS_DEPARTMENT = "HAS_DEPARTMENT"
    PART_OF = "PART_OF"
    WORKS_IN = "WORKS_IN"
    BELONGS_TO = "BELONGS_TO"
    REPORTS_TO = "REPORTS_TO"
    INFLUENCES = "INFLUENCES"
    KNOWS = "KNOWS"
    SUPPLIES = "SUPPLIES"
    PREFERS = "PREFERS"
    MANAGES = "MANAGES"
    RELATES_TO = "RELATES_TO"
    WITH = "WITH"
    BY = "BY"


class Direction(str, enum.Enum):
    OUT = "OUT"
    IN = "IN"
    BOTH = "BOTH"


class CustomerType(str, enum.Enum):
    GOVERNMENT = "GOVERNMENT"
    ENTERPRISE = "ENTERPRISE"
    SMB = "SMB"
    INDIVIDUAL = "INDIVIDUAL"


class Tier(str, enum.Enum):
    STRATEGIC = "STRATEGIC"
    KEY = "KEY"
    STANDARD = "STANDARD"


class LifecycleStage(str, enum.Enum):
    PROSPECT = "PROSPECT"
    NEW = "NEW"
    ACTIVE = "ACTIVE"
    AT_RISK = "AT_RISK"
    CHURNED = "CHURNED"


class DepartmentFunction(str, enum.Enum):
    PROCUREMENT = "PROCUREMENT"
    TECHNICAL = "TECHNICAL"
    MANAGEMENT = "MANAGEMENT"
    FINANCE = "FINANCE"
    OPERATIONS = "OPERATIONS"
    SALES = "SALES"
    RESEARCH = "RESEARCH"
    OTHER = "OTHER"


class Seniority(str, enum.Enum):
    C_LEVEL = "C_LEVEL"
    VP = "VP"
    DIRECTOR = "DIRECTOR"
    MANAGER = "MANAGER"
    STAFF = "STAFF"


class BuyingRole(str, enum.Enum):
    DECISION_MAKER = "DECISION_MAKER"
    ECONOMIC_BUYER = "ECONOMIC_BUYER"
    TECHNICAL_EVALUATOR = "TECHNICAL_EVALUATOR"
    USER = "USER"
    INFLUENCER = "INFLUENCER"
    GATEKEEPER = "GATEKEEPER"
    CHAMPION = "CHAMPION"


class Stance(str, enum.Enum):
    CHAMPION = "CHAMPION"
    SUPPORTER = "SUPPORTER"
    NEUTRAL = "NEUTRAL"
    SKEPTIC = "SKEPTIC"
    BLOCKER = "BLOCKER"


class InteractionKind(str, enum.Enum):
    MEETING = "MEETING"
    CALL = "CALL"
    EMAIL = "EMAIL"
    EVENT = "EVENT"
    VISIT = "VISIT"


class ManagesRole(str, enum.Enum):
    OWNER = "OWNER"
    EXEC_SPONSOR = "EXEC_SPONSOR"
    SPECIALIST = "SPECIALIST"


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

"""The one declarative schema of the graph; each backend renders its own DDL from it.

Node types are built from the dataclasses of `graph.model` (one property per field, with the
field's metadata); relationship types are declared below with their endpoints, properties and
whether a source has exactly one of them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum

from graph import care_model, model, system_model
from graph.model import Change, FieldGroup


class PropType(StrEnum):
    STRING = "STRING"
    INT64 = "INT64"
    DOUBLE = "DOUBLE"
    BOOL = "BOOL"
    DATE = "DATE"


_PYTHON_TYPES: dict[type, PropType] = {
    str: PropType.STRING,
    int: PropType.INT64,
    float: PropType.DOUBLE,
    bool: PropType.BOOL,
    date: PropType.DATE,
}


@dataclass(frozen=True)
class Property:
    name: str
    type: PropType
    change: Change = Change.DYNAMIC
    group: FieldGroup | None = None
    label_zh: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    properties: tuple[Property, ...]

    @property
    def property_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties)


@dataclass(frozen=True)
class RelType:
    """A relationship type; `single` means each source has exactly one edge of this type."""

    name: str
    source: str
    target: str
    properties: tuple[Property, ...] = ()
    single: bool = False

    @property
    def property_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties)


@dataclass(frozen=True)
class Schema:
    nodes: tuple[NodeType, ...]
    relationships: tuple[RelType, ...]

    def node(self, label: str) -> NodeType:
        for n in self.nodes:
            if n.label == label:
                return n
        raise KeyError(label)

    def relationship(self, name: str) -> RelType:
        for r in self.relationships:
            if r.name == name:
                return r
        raise KeyError(name)

    @property
    def digest(self) -> str:
        """A short fingerprint of every table, column and type: the schema's version."""
        text = repr((self.nodes, self.relationships)).encode()
        return hashlib.sha256(text).hexdigest()[:12]

    @property
    def property_keys(self) -> tuple[str, ...]:
        names = {p.name for n in self.nodes for p in n.properties}
        names |= {p.name for r in self.relationships for p in r.properties}
        return tuple(sorted(names))


def _prop_type(annotation: object) -> PropType:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if isinstance(annotation, types.UnionType) and len(args) == 1:
        return _prop_type(args[0])
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return PropType.STRING
    if isinstance(annotation, type) and annotation in _PYTHON_TYPES:
        return _PYTHON_TYPES[annotation]
    raise TypeError(f"no property type for {annotation!r}")


def node_type(cls: type, label: str, key: str) -> NodeType:
    """Build a node type from a model dataclass; `key` names its primary-key field."""
    hints = typing.get_type_hints(cls)
    props = tuple(
        Property(
            f.name,
            _prop_type(hints[f.name]),
            f.metadata["change"],
            f.metadata["group"],
            f.metadata["zh"],
            f.metadata["en"],
        )
        for f in dataclasses.fields(cls)
    )
    if key not in {p.name for p in props}:
        raise ValueError(f"{label}: key {key} is not a field")
    return NodeType(label, key, props)


def _p(name: str, ptype: PropType) -> Property:
    return Property(name, ptype)


NODES: tuple[NodeType, ...] = (
    node_type(model.Retailer, "Retailer", "id"),
    node_type(model.OrderMonth, "OrderMonth", "id"),
    node_type(model.Staff, "Staff", "employee_no"),
    node_type(model.Area, "Area", "code"),
    node_type(model.DeliveryZone, "DeliveryZone", "number"),
    node_type(model.District, "District", "adcode"),
    node_type(model.BusinessArea, "BusinessArea", "id"),
    node_type(model.Depot, "Depot", "id"),
    node_type(model.Vehicle, "Vehicle", "id"),
    node_type(model.Route, "Route", "id"),
    node_type(model.IncentiveScore, "IncentiveScore", "id"),
    node_type(model.ClassChange, "ClassChange", "id"),
    node_type(model.ChangeRequest, "ChangeRequest", "id"),
    node_type(model.AuditEntry, "AuditEntry", "id"),
    node_type(model.TerritoryPlan, "TerritoryPlan", "id"),
    node_type(care_model.Interaction, "Interaction", "id"),
    node_type(care_model.Case, "ServiceCase", "id"),
    node_type(care_model.Alert, "Alert", "id"),
    node_type(care_model.SurveyAnswer, "SurveyAnswer", "id"),
    node_type(care_model.SurveyWave, "SurveyWave", "id"),
    node_type(care_model.Action, "Action", "id"),
    node_type(system_model.User, "User", "username"),
    node_type(system_model.ApiKey, "ApiKey", "id"),
    node_type(system_model.Job, "Job", "id"),
)

RELATIONSHIPS: tuple[RelType, ...] = (
    RelType("IN_AREA", "Retailer", "Area", single=True),
    RelType("IN_ZONE", "Retailer", "DeliveryZone", single=True),
    RelType("IN_DISTRICT", "Retailer", "District", single=True),
    RelType("IN_BUSINESS_AREA", "Retailer", "BusinessArea", single=True),
    RelType("MANAGED_BY", "Retailer", "Staff", single=True),
    RelType("CALLED_BY", "Retailer", "Staff", single=True),
    RelType("ORDERED", "Retailer", "OrderMonth"),
    RelType("SCORED", "Retailer", "IncentiveScore"),
    RelType("CLASS_CHANGED", "Retailer", "ClassChange"),
    RelType("CHANGE_REQUESTED", "Retailer", "ChangeRequest"),
    RelType("AUDITED", "Retailer", "AuditEntry"),
    RelType("NEIGHBOURS", "Retailer", "Retailer", (_p("km", PropType.DOUBLE),)),
    RelType("SERVES", "Staff", "Area", (_p("role", PropType.STRING),)),
    RelType("LEADS", "Staff", "Area"),
    RelType("ADJACENT_TO", "Area", "Area", (_p("links", PropType.INT64),)),
    RelType("AREA_IN_ZONE", "Area", "DeliveryZone", single=True),
    RelType("PART_OF", "BusinessArea", "District", single=True),
    RelType("BASED_AT", "Vehicle", "Depot", single=True),
    RelType("COVERS", "Depot", "District"),
    RelType("DRIVES", "Staff", "Vehicle"),
    RelType(
        "STOP",
        "Route",
        "Retailer",
        (_p("seq", PropType.INT64), _p("eta_min", PropType.INT64), _p("cases", PropType.DOUBLE)),
    ),
    RelType("DRIVEN_BY", "Route", "Staff", single=True),
    RelType("USES_VEHICLE", "Route", "Vehicle", single=True),
    RelType("DEPARTS_FROM", "Route", "Depot", single=True),
    RelType("IS_STAFF", "User", "Staff"),
    RelType("LOGGED", "Staff", "Interaction"),
    RelType("ABOUT", "Interaction", "Retailer", single=True),
    RelType("HAS_CASE", "Retailer", "ServiceCase"),
    RelType("OWNED_BY", "ServiceCase", "Staff", single=True),
    RelType("RAISED", "ServiceCase", "Alert"),
    RelType("ANSWERED", "Retailer", "SurveyAnswer"),
    RelType("OWES", "Area", "Action"),
)

SCHEMA = Schema(NODES, RELATIONSHIPS)

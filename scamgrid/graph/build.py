"""The link graph of one asking agency, loaded from the store with the markings enforced.

Nodes are reports, identifiers (indicators), compounds and persons of interest; an edge says
"this report cites this identifier" (a sighting), "a rescue request places this identifier at
this compound", "this account paid that one" (a transaction), "this person holds / uses this
identifier" or "is named in this report" (a person link), or "these two persons share a
document number" (their blind indexes match), and carries its evidence (the record, its agency
and date). Only rows that pass
`store.visibility.visible` for the viewer are read, so the graph holds nothing the viewer may
not see; everything downstream (syndicates, explanations, exports) works on this graph only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import orjson
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, aliased

from scamgrid.cases.personal import unseal
from scamgrid.cases.persons import PersonLink, PersonOfInterest, bound_to, may_see_names
from scamgrid.cases.tables import Compound, RescueRequest
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import (
    Agency,
    Indicator,
    IndicatorLabel,
    Report,
    Sighting,
    Transaction,
)
from scamgrid.store.visibility import Viewer, visible


@dataclass(frozen=True, slots=True)
class ReportNode:
    report_id: str
    agency: str
    country: str | None
    reported_at: datetime
    fraud_type: str
    loss_amount: Decimal | None
    loss_currency: str | None
    marking: str


@dataclass(frozen=True, slots=True)
class IdentifierNode:
    type: str
    value: str
    labels: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.type}:{self.value}"


@dataclass(frozen=True, slots=True)
class PersonNode:
    """A person of interest as the viewer may see it: `names` empty unless it may see them."""

    ref: str
    role: str
    agency: str
    marking: str
    nationality: str | None
    names: tuple[str, ...]
    documents: tuple[str, ...]  # blind-index digests of document numbers
    recorded_at: datetime
    disclosed: bool = False  # the viewer may see its names (owner, node, or names released)

    @property
    def label(self) -> str:
        return self.names[0] if self.names else f"{self.role} {self.ref}"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an edge exists: the record that supports it, who holds it, and when."""

    record: str  # a report id, a rescue request reference or a transaction id
    agency: str
    at: datetime
    raw: str = ""  # the identifier as written, or the amount of a payment
    # cites (report), holds (rescue request or person), paid (transaction), uses (person),
    # named (a person in a report), same_document (two persons)
    relation: str = "cites"


@dataclass
class LinkGraph:
    """Nodes by kind and an edge list between report/compound/person and identifier positions.

    Node ids are strings: "report:<id>", "<type>:<value>" for identifiers, "compound:<key>",
    "person:<ref>". `edges` holds (source node index, target node index) pairs into `nodes`:
    the target is an identifier, except for person edges, whose source is always the person
    and whose target is an identifier, a report or another person. So edges from reports are
    exactly the citations (syndicates are built from them alone: persons tie syndicates in key
    figures and explanations, they do not merge them).
    """

    reports: dict[str, ReportNode] = field(default_factory=dict)
    identifiers: dict[str, IdentifierNode] = field(default_factory=dict)
    compounds: dict[str, str] = field(default_factory=dict)  # key -> name
    persons: dict[str, PersonNode] = field(default_factory=dict)  # "person:<ref>" -> node
    nodes: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    edges: list[tuple[int, int]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def node(self, name: str) -> int:
        position = self.index.get(name)
        if position is None:
            position = self.index[name] = len(self.nodes)
            self.nodes.append(name)
        return position

    def link(self, source: str, identifier: str, evidence: Evidence) -> None:
        self.edges.append((self.node(source), self.node(identifier)))
        self.evidence.append(evidence)

    def kind(self, position: int) -> str:
        name = self.nodes[position]
        if name.startswith("report:"):
            return "report"
        if name.startswith("compound:"):
            return "compound"
        if name.startswith("person:"):
            return "person"
        return "identifier"


def report_node(report_id: str) -> str:
    return f"report:{report_id}"


def person_node(ref: str) -> str:
    return f"person:{ref}"


def load(session: Session, viewer: Viewer) -> LinkGraph:
    """Everything `viewer` may see, as a link graph (one query per kind of record)."""
    graph = LinkGraph()
    report_visible = visible(viewer, Report.marking, Report.agency_id, Report.sharing_group_id)
    sighting_visible = visible(
        viewer, Sighting.marking, Sighting.agency_id, Sighting.sharing_group_id
    )
    reports = (
        select(
            Report.report_id,
            Agency.code,
            Report.country,
            Report.reported_at,
            Report.fraud_type,
            Report.loss_amount,
            Report.loss_currency,
            Report.marking,
        )
        .join(Agency, Agency.id == Report.agency_id)
        .where(report_visible)
        .order_by(Report.report_id)
    )
    for row in session.execute(reports):
        graph.reports[row[0]] = ReportNode(*row)
        graph.node(report_node(row[0]))
    labels: dict[int, list[str]] = {}
    for indicator_id, label in session.execute(
        select(IndicatorLabel.indicator_id, IndicatorLabel.label)
    ):
        labels.setdefault(indicator_id, []).append(label)
    sightings = (
        select(
            Report.report_id,
            Indicator.id,
            Indicator.type,
            Indicator.value,
            Agency.code,
            Sighting.seen_at,
            Sighting.raw,
        )
        .join(Report, Report.id == Sighting.report_id)
        .join(Indicator, Indicator.id == Sighting.indicator_id)
        .join(Agency, Agency.id == Sighting.agency_id)
        .where(sighting_visible, report_visible)
        .order_by(Report.report_id, Indicator.type, Indicator.value)
    )
    for report_id, pk, kind, value, agency, seen_at, raw in session.execute(sightings):
        identifier = _identifier(graph, kind, value, labels.get(pk, ()))
        graph.link(report_node(report_id), identifier, Evidence(report_id, agency, seen_at, raw))
    _load_compounds(session, viewer, graph, labels)
    _load_payments(session, viewer, graph, labels)
    _load_persons(session, viewer, graph, labels, report_visible)
    return graph


def _identifier(graph: LinkGraph, kind: str, value: str, labels: Iterable[str]) -> str:
    node = IdentifierNode(kind, value, tuple(sorted(labels)))
    graph.identifiers.setdefault(node.key, node)
    return node.key


def _load_compounds(
    session: Session, viewer: Viewer, graph: LinkGraph, labels: dict[int, list[str]]
) -> None:
    """Compounds tied to identifiers by rescue requests (a ransom paid to an account there)."""
    owner = aliased(Agency)
    rows = session.execute(
        select(
            Compound.key,
            Compound.name,
            RescueRequest.reference,
            owner.code,
            RescueRequest.reported_at,
            Indicator.id,
            Indicator.type,
            Indicator.value,
        )
        .join(Compound, Compound.id == RescueRequest.compound_id)
        .join(Indicator, Indicator.id == RescueRequest.ransom_indicator_id)
        .join(owner, owner.id == RescueRequest.agency_id)
        .where(
            visible(
                viewer,
                RescueRequest.marking,
                RescueRequest.agency_id,
                RescueRequest.sharing_group_id,
            ),
            visible(viewer, Compound.marking, Compound.agency_id, Compound.sharing_group_id),
        )
        .order_by(RescueRequest.reference)
    )
    for key, name, reference, agency, at, pk, kind, value in rows:
        graph.compounds[key] = name
        identifier = _identifier(graph, kind, value, labels.get(pk, ()))
        graph.link(f"compound:{key}", identifier, Evidence(reference, agency, at, "", "holds"))


def _load_payments(
    session: Session, viewer: Viewer, graph: LinkGraph, labels: dict[int, list[str]]
) -> None:
    """Transfers between identifiers (mule to mule, to cash-out points), as "paid" edges.

    A victim's own payment (a transaction tied to a report) is left out: the victim's account
    is personal data, and the report already cites the account it paid.
    """
    payer, payee, owner = aliased(Indicator), aliased(Indicator), aliased(Agency)
    rows = session.execute(
        select(
            Transaction.txn_id,
            owner.code,
            Transaction.occurred_at,
            Transaction.amount,
            Transaction.currency,
            payer.id,
            payer.type,
            payer.value,
            payee.id,
            payee.type,
            payee.value,
        )
        .join(payer, payer.id == Transaction.from_indicator_id)
        .join(payee, payee.id == Transaction.to_indicator_id)
        .join(owner, owner.id == Transaction.agency_id)
        .where(
            Transaction.report_id.is_(None),
            visible(
                viewer, Transaction.marking, Transaction.agency_id, Transaction.sharing_group_id
            ),
        )
        .order_by(Transaction.occurred_at, Transaction.txn_id)
    )
    for txn, agency, at, amount, currency, spk, st, sv, tpk, tt, tv in rows:
        source = _identifier(graph, st, sv, labels.get(spk, ()))
        target = _identifier(graph, tt, tv, labels.get(tpk, ()))
        graph.link(source, target, Evidence(txn, agency, at, f"{amount:f} {currency}", "paid"))


def _load_persons(
    session: Session,
    viewer: Viewer,
    graph: LinkGraph,
    labels: dict[int, list[str]],
    report_visible: ColumnElement[bool],
) -> None:
    """Visible persons, their visible links (to visible reports), and document matches.

    A person the viewer may not see is not read, nor any link to it; a link the viewer may not
    see is not read either, so neither can surface in a count, a path or an export.
    """
    person_visible = visible(
        viewer,
        PersonOfInterest.marking,
        PersonOfInterest.agency_id,
        PersonOfInterest.sharing_group_id,
    )
    owner, linker = aliased(Agency), aliased(Agency)
    rows = session.execute(
        select(PersonOfInterest, owner.code)
        .join(owner, owner.id == PersonOfInterest.agency_id)
        .where(person_visible)
        .order_by(PersonOfInterest.ref)
    ).all()
    if not rows:
        return
    ring = KeyRing.load()
    refs: dict[int, str] = {}
    for person, agency in rows:
        names: tuple[str, ...] = ()
        disclosed = may_see_names(viewer, person)
        if disclosed:
            names = tuple(unseal(ring, person.person_sealed, bound_to(person.ref)).names)
        node = PersonNode(
            person.ref,
            person.role,
            agency,
            person.marking,
            person.nationality,
            names,
            tuple(orjson.loads(person.documents)),
            person.created_at,
            disclosed,
        )
        refs[person.id] = person.ref
        graph.persons[person_node(person.ref)] = node
        graph.node(person_node(person.ref))
    links = session.execute(
        select(
            PersonLink.person_id,
            PersonLink.relation,
            PersonLink.raw,
            PersonLink.at,
            linker.code,
            Report.report_id,
            Indicator.id,
            Indicator.type,
            Indicator.value,
        )
        .join(PersonOfInterest, PersonOfInterest.id == PersonLink.person_id)
        .join(linker, linker.id == PersonLink.agency_id)
        .outerjoin(Report, Report.id == PersonLink.report_id)
        .outerjoin(Indicator, Indicator.id == PersonLink.indicator_id)
        .where(
            person_visible,
            visible(viewer, PersonLink.marking, PersonLink.agency_id, PersonLink.sharing_group_id),
            PersonLink.report_id.is_(None) | report_visible,
        )
        .order_by(PersonOfInterest.ref, PersonLink.id)
    )
    for pid, relation, raw, at, agency, report_id, pk, kind, value in links:
        ref = refs[pid]
        if pk is None:  # named in a report
            evidence = Evidence(report_id, agency, at, raw, relation)
            graph.link(person_node(ref), report_node(report_id), evidence)
        else:  # holds / uses an identifier, per a report or an analyst's link
            target = _identifier(graph, kind, value, labels.get(pk, ()))
            evidence = Evidence(report_id or ref, agency, at, raw, relation)
            graph.link(person_node(ref), target, evidence)
    _same_documents(graph)


def _same_documents(graph: LinkGraph) -> None:
    """Persons whose document numbers match (blind indexes equal): likely one person, recorded
    by two agencies. The evidence names both records; the match is the node's own. Only among
    persons whose names the viewer may see: a match with its own person would otherwise tell
    the viewer the document number of a person whose identity was not released to it."""
    holders: dict[str, list[str]] = {}
    for name, person in graph.persons.items():
        if not person.disclosed:
            continue
        for digest in person.documents:
            holders.setdefault(digest, []).append(name)
    pairs = sorted({(a, b) for names in holders.values() for a in names for b in names if a < b})
    for a, b in pairs:
        first, second = graph.persons[a], graph.persons[b]
        record = f"{first.ref} = {second.ref}"
        at = max(first.recorded_at, second.recorded_at)
        graph.link(a, b, Evidence(record, second.agency, at, "document number", "same_document"))

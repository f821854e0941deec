"""The context of an export's reports: compounds, syndicates, persons of interest and their ties.

`share export --format stix` writes the reports first, then this. Everything is read for the
exporting viewer through the same rule as the reports (`source.shared`: visible to it, never
RED or AMBER+STRICT), and is tied only to what the bundle holds:

- syndicates are the viewer's (graph.syndicates, the ids `graph syndicates` lists and
  `compound link` names), each only when every one of its reports is in the bundle: one that
  a withheld report (RED, AMBER+STRICT) is part of is left out whole, so nothing withheld
  shapes or reveals what leaves;
- a compound's links (`scamgrid compound link`) become relationships when their syndicate
  (`originates-from`) or person (`located-at`) is in the bundle;
- a person's links become `related-to` relationships to the exported indicators of the
  identifier it holds or uses, or to the report it is named in, when the link itself is visible
  (and the report it rests on, if any, is in the bundle), naming the agency that asserts it,
  since when (`start_time`) and its supporting report, so an import rebuilds the same link; an
  identifier no exported report cites gets an indicator of its own, marked as the person's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scamgrid.cases.persons import PersonLink, PersonOfInterest, held_elsewhere
from scamgrid.cases.tables import Compound, CompoundEvent, CompoundLink
from scamgrid.graph.build import LinkGraph
from scamgrid.graph.cache import analysed
from scamgrid.graph.syndicates import Detection
from scamgrid.model.vocabulary import Marking
from scamgrid.sharing.stix import entities as e
from scamgrid.sharing.stix import objects as o
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.sharing.stix.records import view_of_compound
from scamgrid.sharing.stix.source import Scope, shared
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import Agency, Indicator, Report, SharingGroup, SharingGroupMember

MIN_REPORTS = 2  # a syndicate is at least two reports tied together


@dataclass(frozen=True)
class Exported:
    """What the bundle holds of one report: its version, marking and sharing group."""

    created: str
    modified: str
    marking: str
    group: str | None
    members: tuple[str, ...]


class Context:
    """Collects the reports an export wrote, then yields the objects around them."""

    def __init__(self, session: Session, scope: Scope, node: str) -> None:
        self.session = session
        self.scope = scope
        self.node = node
        self.reports: dict[str, Exported] = {}
        self._codes = dict(session.execute(select(Agency.id, Agency.code)).all())
        self._groups = dict(session.execute(select(SharingGroup.id, SharingGroup.name)).all())
        members: dict[int, list[str]] = defaultdict(list)
        for group_id, agency_id in session.execute(
            select(SharingGroupMember.group_id, SharingGroupMember.agency_id)
        ):
            members[group_id].append(self._codes[agency_id])
        self._members = {g: sorted(m) for g, m in members.items()}

    def note(self, obj: dict[str, Any]) -> None:
        """Remember a victim report the bundle holds (revocations are not)."""
        ext = o.extension(obj)
        marking = o.marking_of(obj)
        if obj.get("type") != "report" or obj.get("revoked") or not ext.get("report_id"):
            return
        if marking is None:
            return
        self.reports[str(ext["report_id"])] = Exported(
            obj["created"],
            obj["modified"],
            marking.value,
            ext.get("sharing_group"),
            tuple(ext.get("sharing_group_members") or ()),
        )

    def objects(self) -> Iterator[dict[str, Any]]:
        compounds = self._compounds()
        persons = self._persons()
        yield from compounds.values()
        yield from persons.values()
        graph, detection = analysed(self.session, self.scope.viewer)
        links = self._compound_links(list(compounds))
        for syndicate in self._syndicates(graph, detection):
            set_id = e.syndicate_stix_id(syndicate.id)
            objects = e.syndicate_objects(syndicate)
            for key in links.get(("syndicate", syndicate.id), []):
                place = compounds[key]
                marking = e.strictest(syndicate.marking, _marking(place))
                modified = max(syndicate.modified, place["modified"])
                objects.append(
                    e.relationship(set_id, "originates-from", place["id"], marking, modified)
                )
            yield from objects
            yield e.container(
                syndicate, [x["id"] for x in objects[1:]], self.scope.viewer.agency_code
            )
        for ref, person in persons.items():
            for key in links.get(("person", ref), []):
                place = compounds[key]
                marking = e.strictest(_marking(person), _marking(place))
                modified = max(person["modified"], place["modified"])
                yield e.relationship(person["id"], "located-at", place["id"], marking, modified)
        yield from self._person_links(graph, persons)

    # -- compounds ---------------------------------------------------------------------------

    def _compounds(self) -> dict[str, dict[str, Any]]:
        latest = dict(
            self.session.execute(
                select(CompoundEvent.compound_id, func.max(CompoundEvent.at)).group_by(
                    CompoundEvent.compound_id
                )
            ).all()
        )
        query = select(Compound).where(
            *shared(self.scope, Compound.marking, Compound.agency_id, Compound.sharing_group_id)
        )
        found = {}
        for row in self.session.scalars(query.order_by(Compound.key)):
            view = view_of_compound(
                row,
                agency=self._codes[row.agency_id],
                sharing_group=self._groups.get(row.sharing_group_id or -1),
                group_members=self._members.get(row.sharing_group_id or -1, []),
                modified=max(latest.get(row.id) or row.created_at, row.updated_at),
                node=self.node,
            )
            found[row.key] = e.location(view)
        return found

    def _compound_links(self, keys: list[str]) -> dict[tuple[str, str], list[str]]:
        """(kind, ref) -> keys of the exported compounds it is linked to."""
        found: dict[tuple[str, str], list[str]] = defaultdict(list)
        if not keys:
            return found
        rows = self.session.execute(
            select(CompoundLink.kind, CompoundLink.ref, Compound.key)
            .join(Compound, Compound.id == CompoundLink.compound_id)
            .where(CompoundLink.kind.in_(("syndicate", "person")), Compound.key.in_(keys))
            .order_by(Compound.key, CompoundLink.kind, CompoundLink.ref)
        )
        for kind, ref, key in rows:
            found[(kind, ref)].append(key)
        return found

    # -- syndicates --------------------------------------------------------------------------

    def _syndicates(self, graph: LinkGraph, detection: Detection) -> list[e.SyndicateView]:
        """The viewer's syndicates (the ids `graph syndicates` shows and `compound link` names)
        whose every report is in the bundle: one that a withheld report is part of is left out
        whole, so nothing withheld shapes what leaves."""
        indicators: dict[int, dict[str, None]] = defaultdict(dict)
        for source, target in graph.edges:
            index = detection.syndicate_of.get(source)
            if (
                index is None
                or detection.is_hub[target]
                or graph.nodes[target] not in graph.identifiers
            ):
                continue
            identifier = graph.identifiers[graph.nodes[target]]
            report_id = graph.nodes[source].removeprefix("report:")
            indicators[index][v.indicator_stix_id(report_id, identifier.type, identifier.value)] = (
                None
            )
        found = []
        for index, syndicate in enumerate(detection.syndicates):
            if len(syndicate.reports) < MIN_REPORTS:
                continue
            if any(r not in self.reports for r in syndicate.reports):
                continue
            held = [self.reports[r] for r in syndicate.reports]
            marking = e.strictest(*(h.marking for h in held))
            groups = {(h.group, h.members) for h in held if h.marking == marking and h.group}
            group, members = next(iter(groups)) if len(groups) == 1 else (None, ())
            found.append(
                e.SyndicateView(
                    id=syndicate.id,
                    reports=syndicate.reports,
                    fraud_types=syndicate.fraud_types,
                    losses=syndicate.losses,
                    countries=syndicate.countries,
                    agencies=syndicate.agencies,
                    first_seen=syndicate.first_activity,
                    last_seen=syndicate.last_activity,
                    created=min(h.created for h in held),
                    modified=max(h.modified for h in held),
                    marking=marking,
                    sharing_group=group if marking == Marking.AMBER else None,
                    group_members=list(members) if marking == Marking.AMBER else [],
                    origin_node=self.node,
                    indicators=list(indicators[index]),
                )
            )
        return found

    # -- persons of interest -----------------------------------------------------------------

    def _persons(self) -> dict[str, dict[str, Any]]:
        query = select(PersonOfInterest).where(
            *shared(
                self.scope,
                PersonOfInterest.marking,
                PersonOfInterest.agency_id,
                PersonOfInterest.sharing_group_id,
            )
        )
        found = {}
        ring = KeyRing.load()
        for row in self.session.scalars(query.order_by(PersonOfInterest.ref)):
            copy = held_elsewhere(ring, row)  # a copy from a peer keeps its origin node
            view = e.PersonView(
                ref=row.ref,
                role=row.role,
                nationality=row.nationality,
                agency=self._codes[row.agency_id],
                marking=row.marking,
                sharing_group=self._groups.get(row.sharing_group_id or -1),
                group_members=self._members.get(row.sharing_group_id or -1, []),
                created=row.created_at,
                modified=row.updated_at,
                origin_node=copy[1] if copy else self.node,
            )
            found[row.ref] = e.person_identity(view)
        return found

    def _person_links(
        self, graph: LinkGraph, persons: dict[str, dict[str, Any]]
    ) -> Iterator[dict[str, Any]]:
        if not persons:
            return
        rows = self.session.execute(
            select(
                PersonOfInterest.ref,
                PersonLink.relation,
                PersonLink.marking,
                PersonLink.at,
                PersonLink.agency_id,
                Indicator.type,
                Indicator.value,
                Report.report_id,
            )
            .join(PersonOfInterest, PersonOfInterest.id == PersonLink.person_id)
            .outerjoin(Indicator, Indicator.id == PersonLink.indicator_id)
            .outerjoin(Report, Report.id == PersonLink.report_id)
            .where(
                PersonOfInterest.ref.in_(list(persons)),
                *shared(
                    self.scope,
                    PersonLink.marking,
                    PersonLink.agency_id,
                    PersonLink.sharing_group_id,
                ),
            )
            .order_by(PersonLink.id)
        ).all()
        wanted = {f"{kind}:{value}" for *_, kind, value, _ in rows if kind is not None}
        cited: dict[str, list[str]] = defaultdict(list)  # identifier key -> citing report ids
        for start, end in graph.edges:
            key, citing = graph.nodes[end], graph.nodes[start].removeprefix("report:")
            if key in wanted and citing in self.reports:
                cited[key].append(citing)
        emitted: set[str] = set()
        for ref, relation, marking, at, agency_id, kind, value, report_id in rows:
            person = persons[ref]
            if report_id is not None and report_id not in self.reports:
                continue  # a link is visible only with the report it names or rests on
            key = f"{kind}:{value}"
            supported = report_id if kind is not None else None
            identifier = None
            if kind is None:
                targets = [(v.report_stix_id(str(report_id)), str(report_id))]
            elif supported is None:  # an identifier: the indicators the bundle has of it
                targets = [(v.indicator_stix_id(r, kind, value), r) for r in cited.get(key, [])]
            elif supported in cited.get(key, []):  # its report's indicator of it
                targets = [(v.indicator_stix_id(supported, kind, value), supported)]
            else:  # one the report does not cite: the report, naming the identifier
                targets, identifier = [(v.report_stix_id(supported), supported)], key
            tie = e.PersonTie(self._codes[agency_id], v.timestamp(at), supported, identifier)
            if kind is not None and not targets:  # an analyst's link no exported report cites
                strict = e.strictest(marking, _marking(person))
                modified = max(v.timestamp(at), person["modified"])
                shown = e.person_indicator(ref, kind, value, tie, strict, modified)
                if shown["id"] not in emitted:
                    emitted.add(shown["id"])
                    yield shown
                yield e.relationship(
                    person["id"], "related-to", shown["id"], strict, modified, relation, tie
                )
            for target, held_by in targets:
                held = [self.reports[held_by], *([self.reports[supported]] if supported else [])]
                strict = e.strictest(marking, _marking(person), *(h.marking for h in held))
                modified = max(v.timestamp(at), person["modified"], *(h.modified for h in held))
                yield e.relationship(
                    person["id"], "related-to", target, strict, modified, relation, tie
                )


def _marking(obj: dict[str, Any]) -> str:
    found = o.marking_of(obj)
    assert found is not None  # every object built here carries one
    return found.value

"""Agencies and the sharing groups that decide who sees AMBER records."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.errors import Conflict, InvalidInput, NotFound
from scamgrid.store.tables import Agency, SharingGroup, SharingGroupMember

AGENCY_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,20}$|^[A-Z0-9]{2,24}$")


@dataclass(frozen=True)
class AgencyInfo:
    code: str
    name: str
    country: str


def add_agency(session: Session, code: str, name: str, country: str) -> Agency:
    code = code.strip().upper()
    country = country.strip().upper()
    if not AGENCY_CODE.match(code):
        raise InvalidInput(f"agency code {code!r} must look like TH-CCIB or CN-MPS")
    if country not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(f"country {country!r} is not an ISO 3166 alpha-2 code")
    if session.scalar(select(Agency.id).where(Agency.code == code)) is not None:
        raise Conflict(f"agency {code} already exists")
    agency = Agency(code=code, name=name.strip(), country=country)
    session.add(agency)
    session.flush()
    return agency


def ensure_agency(session: Session, code: str, name: str, country: str) -> Agency:
    existing = session.scalar(select(Agency).where(Agency.code == code.upper()))
    return existing or add_agency(session, code, name, country)


def get_agency(session: Session, code: str) -> Agency:
    agency = session.scalar(select(Agency).where(Agency.code == code.strip().upper()))
    if agency is None:
        raise NotFound(f"no agency with code {code!r}")
    return agency


def list_agencies(session: Session) -> list[Agency]:
    return list(session.scalars(select(Agency).order_by(Agency.code)))


def add_sharing_group(
    session: Session, name: str, members: list[str], description: str = ""
) -> SharingGroup:
    if session.scalar(select(SharingGroup.id).where(SharingGroup.name == name)) is not None:
        raise Conflict(f"sharing group {name!r} already exists")
    group = SharingGroup(name=name, description=description)
    session.add(group)
    session.flush()
    for code in members:
        session.add(SharingGroupMember(group_id=group.id, agency_id=get_agency(session, code).id))
    session.flush()
    return group


def group_members(session: Session, name: str) -> list[str]:
    query = (
        select(Agency.code)
        .join(SharingGroupMember, SharingGroupMember.agency_id == Agency.id)
        .join(SharingGroup, SharingGroup.id == SharingGroupMember.group_id)
        .where(SharingGroup.name == name)
        .order_by(Agency.code)
    )
    return list(session.scalars(query))

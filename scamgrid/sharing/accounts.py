"""Users, roles and API tokens. Passwords are argon2id hashes; tokens are stored as SHA-256.

A token is `sg_` + 43 URL-safe characters (256 bits), shown once at creation. Its role can be
narrower than its user's, never wider; it can expire and be revoked.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.errors import Conflict, Forbidden, InvalidInput, NotFound
from scamgrid.model.vocabulary import Role
from scamgrid.sharing.agencies import get_agency
from scamgrid.store.tables import Agency, ApiToken, User, utcnow

TOKEN_PREFIX = "sg_"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Roles from most to least privileged: a token may carry its user's role or a lower one.
RANK = {Role.ADMIN: 4, Role.ANALYST: 3, Role.PARTNER: 2, Role.OPERATOR: 1}
_hasher = PasswordHasher()


class Unauthenticated(Forbidden):
    http_status = 401
    title = "Unauthenticated"


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: who, for which agency, in which role."""

    user_id: int
    email: str
    agency_id: int
    agency_code: str
    role: Role
    token_id: int | None = None
    expires_at: datetime | None = None  # the token's, so that no cache trusts it longer


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(f"unknown role {text!r} (expected one of {allowed})") from None


def add_user(
    session: Session, email: str, agency: str, role: str, password: str | None = None
) -> User:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise InvalidInput(f"{email!r} is not an email address")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"user {email} already exists")
    if password is not None and len(password) < 12:
        raise InvalidInput("a password needs at least 12 characters")
    user = User(
        email=email,
        agency_id=get_agency(session, agency).id,
        role=parse_role(role).value,
        password_hash=_hasher.hash(password) if password else None,
    )
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"no user {email!r}")
    return user


def _principal(session: Session, user: User, role: str, token_id: int | None = None) -> Principal:
    agency = session.get_one(Agency, user.agency_id)
    return Principal(user.id, user.email, agency.id, agency.code, Role(role), token_id)


def check_password(session: Session, email: str, password: str) -> Principal:
    """The principal for a correct email and password; one vague error for every failure."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    failure = Unauthenticated("wrong email or password")
    if user is None or not user.active or not user.password_hash:
        _hasher.hash(password)  # same work either way: no timing hint that the user exists
        raise failure
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        raise failure from None
    return _principal(session, user, user.role)


def create_token(
    session: Session, email: str, role: str | None = None, expires_days: int | None = None
) -> tuple[str, ApiToken]:
    """A new token for a user; the clear token is returned here and never again."""
    user = get_user(session, email)
    granted = parse_role(role) if role else Role(user.role)
    if RANK[granted] > RANK[Role(user.role)]:
        raise Forbidden(f"{user.email} is {user.role}; a token cannot grant {granted.value}")
    if expires_days is not None and expires_days <= 0:
        raise InvalidInput("--expires must be a positive number of days")
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        token_hash=hash_token(clear),
        prefix=clear[:10],
        role=granted.value,
        expires_at=utcnow() + timedelta(days=expires_days) if expires_days else None,
    )
    session.add(token)
    session.flush()
    return clear, token


def hash_token(clear: str) -> str:
    return hashlib.sha256(clear.encode()).hexdigest()


def authenticate(session: Session, clear: str) -> Principal:
    """The principal behind a token. Read-only: `touch` records the use once it is allowed."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(clear)))
    if token is None:
        raise Unauthenticated("unknown token")
    now = utcnow()
    if token.revoked_at is not None:
        raise Unauthenticated("token revoked")
    if token.expires_at is not None and _aware(token.expires_at) <= now:
        raise Unauthenticated("token expired")
    user = session.get_one(User, token.user_id)
    if not user.active:
        raise Unauthenticated("user disabled")
    who = _principal(session, user, token.role, token.id)
    expires = _aware(token.expires_at) if token.expires_at is not None else None
    return replace(who, expires_at=expires)


def touch(session: Session, token_id: int) -> None:
    session.get_one(ApiToken, token_id).last_used_at = utcnow()


def revoke_token(session: Session, prefix: str) -> ApiToken:
    token = session.scalar(select(ApiToken).where(ApiToken.prefix == prefix))
    if token is None:
        raise NotFound(f"no token starting {prefix!r}")
    token.revoked_at = utcnow()
    return token


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

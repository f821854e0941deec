"""Signed session cookies and CSRF tokens for the pages.

The cookie holds `user id . expiry . HMAC-SHA256` under a per-node secret kept beside the key
ring; it is HttpOnly, SameSite=Strict, and Secure when served over https. Forms carry a CSRF
token bound to the session (or, before login, to a pre-session cookie) by the same HMAC.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from functools import cache
from pathlib import Path

from scamgrid import settings

SESSION_COOKIE = "scamgrid_session"
PRE_SESSION_COOKIE = "scamgrid_pre"
SESSION_SECONDS = 8 * 3600  # one working day


@cache
def _secret(home: Path) -> bytes:
    path = home / "keys" / "session.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    return path.read_bytes()


def _sign(text: str) -> str:
    return hmac.new(_secret(settings.home()), text.encode(), hashlib.sha256).hexdigest()


def issue(user_id: int, now: float | None = None) -> str:
    expires = int((now or time.time()) + SESSION_SECONDS)
    body = f"{user_id}.{expires}"
    return f"{body}.{_sign(body)}"


def read(cookie: str | None, now: float | None = None) -> int | None:
    """The user id of a valid, unexpired session cookie, else None."""
    if not cookie or cookie.count(".") != 2:
        return None
    user, expires, signature = cookie.split(".")
    if not hmac.compare_digest(signature, _sign(f"{user}.{expires}")):
        return None
    if not (user.isdigit() and expires.isdigit()) or int(expires) < (now or time.time()):
        return None
    return int(user)


def csrf_token(bound_to: str) -> str:
    return _sign(f"csrf:{bound_to}")


def csrf_valid(bound_to: str | None, token: str | None) -> bool:
    return bool(bound_to and token and hmac.compare_digest(csrf_token(bound_to), token))

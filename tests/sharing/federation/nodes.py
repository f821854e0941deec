"""Real scamgrid nodes on 127.0.0.1 for sharing tests: each its own database and uvicorn."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import uvicorn

from scamgrid.api.app import create_app
from scamgrid.sharing import accounts
from scamgrid.store import database
from tests.factories import agencies_and_groups


@dataclass
class RunningNode:
    name: str
    url: str
    db_url: str
    tokens: dict[str, str] = field(default_factory=dict)  # "TH-CCIB:analyst" -> token

    @property
    def taxii(self) -> str:
        return self.url + "/taxii2/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(db_url: str, roles: tuple[str, ...] = ("analyst", "partner")) -> dict[str, str]:
    """Agencies TH-CCIB, CN-MPS, MM-MPF (TH and CN in group th-cn) and a token per role."""
    database.upgrade(db_url)
    agencies_and_groups(db_url)
    tokens = {}
    with database.session(db_url) as session:
        for agency in ("TH-CCIB", "CN-MPS", "MM-MPF"):
            for role in roles:
                email = f"{role}@{agency.lower()}.example.org"
                accounts.add_user(session, email, agency, role)
                tokens[f"{agency}:{role}"], _ = accounts.create_token(session, email)
    return tokens


@contextmanager
def serve(name: str, db_url: str, tokens: dict[str, str]) -> Iterator[RunningNode]:
    app = create_app(db_url)
    app.state.node_name = name
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield RunningNode(name, f"http://127.0.0.1:{port}", db_url, tokens)
    finally:
        server.should_exit = True
        thread.join(timeout=10)

"""A real scamgrid server on 127.0.0.1 per test, over a fresh database, with a user per role."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn

from scamgrid.api.app import create_app
from scamgrid.model.vocabulary import Role
from scamgrid.sharing import accounts
from scamgrid.store import database
from tests.factories import agencies_and_groups


@dataclass
class Node:
    url: str
    db_url: str
    tokens: dict[str, str] = field(default_factory=dict)  # "TH-CCIB:analyst" -> token

    def client(self, who: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def node(db_url: str, text_model: Path) -> Iterator[Node]:
    agencies_and_groups(db_url)
    running = Node(url="", db_url=db_url)
    with database.session(db_url) as session:
        for agency in ("TH-CCIB", "CN-MPS", "MM-MPF"):
            for role in Role:
                email = f"{role.value}@{agency.lower()}.example.org"
                accounts.add_user(session, email, agency, role.value)
                clear, _ = accounts.create_token(session, email)
                running.tokens[f"{agency}:{role.value}"] = clear
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db_url), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    running.url = f"http://127.0.0.1:{port}"
    yield running
    server.should_exit = True
    thread.join(timeout=10)

"""Talking to a test server as real clients do: accounts, logged-in httpx clients, ops."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.orm import Session

from app.elections.checks import content_for
from app.signing import content_hash
from db.models import Election
from server.database import make_engine
from server.users import add_user

PASSWORD = "correct horse 1"


def new_id() -> str:
    return str(uuid.uuid4())


def op(table: str, row_id: str, kind: str = "insert", base: int = 0, **fields: Any) -> dict[str, Any]:
    return {"op_id": new_id(), "table": table, "row_id": row_id, "op": kind,
            "base_version": base, "fields": fields}


class Client:
    """A logged-in device."""

    def __init__(self, base_url: str, name: str, password: str = PASSWORD) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)
        response = self.http.post("/api/v1/login", json={
            "username": name, "password": password, "device_name": "test"})
        if response.status_code != 200:
            self.http.close()
            raise AssertionError(f"login of {name} failed: {response.text}")
        body = response.json()
        self.name = name
        self.token = body["token"]
        self.user = body["user"]
        self.http.headers["Authorization"] = f"Bearer {self.token}"

    def push(self, *ops: dict[str, Any], brief: bool = False) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"ops": list(ops), **({"brief": True} if brief else {})}
        response = self.http.post("/api/v1/push", json=body)
        assert response.status_code == 200, response.text
        return response.json()["results"]

    def push_one(self, operation: dict[str, Any]) -> dict[str, Any]:
        return self.push(operation)[0]

    def pull_all(self, since: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
        changes: list[dict[str, Any]] = []
        while True:
            response = self.http.get("/api/v1/pull", params={"since": since, "limit": limit})
            assert response.status_code == 200, response.text
            page = response.json()
            changes += page["changes"]
            since = page["next"]
            if not page["more"]:
                return changes

    def rows(self) -> dict[tuple[str, str], dict[str, Any]]:
        return {(c["table"], c["id"]): c for c in self.pull_all()}

    def close(self) -> None:
        self.http.close()


@dataclass
class ServerHandle:
    base_url: str
    database_url: str
    clients: list[Client] = field(default_factory=list)

    def user(self, role: str, street: str | None = None) -> Client:
        name = f"{role[:3]}-{uuid.uuid4().hex[:8]}"
        add_user(self.database_url, name, role, street, PASSWORD)
        client = Client(self.base_url, name)
        self.clients.append(client)
        return client

    def anonymous(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=60)

    def close(self) -> None:
        for client in self.clients:
            client.close()


def server_content_hash(server: ServerHandle, election_id: str, checkpoint: str) -> str:
    """The hash of a checkpoint's content as the server computes it from its own rows, for tests
    that sign by hand (a sign-off must sign what the server holds: server/signoff.py)."""
    engine = make_engine(server.database_url)
    try:
        with Session(engine) as session:
            election = session.get(Election, election_id)
            assert election is not None
            return content_hash(content_for(session, election, checkpoint))
    finally:
        engine.dispose()


@dataclass
class District:
    """Two streets, each with a community and a compound (ids by street name)."""

    streets: dict[str, str]
    communities: dict[str, str]
    compounds: dict[str, str]
    supervisor: Client


STREET_A, STREET_B = "平湖街道", "坪地街道"


def seed_district(server: ServerHandle) -> District:
    """How real data first gets onto a server: a supervisor's client pushes it."""
    supervisor = server.user("supervisor")
    streets, communities, compounds, ops = {}, {}, {}, []
    for name in (STREET_A, STREET_B):
        streets[name], communities[name], compounds[name] = new_id(), new_id(), new_id()
        ops += [
            op("streets", streets[name], name=name),
            op("communities", communities[name], street_id=streets[name], name=f"{name}社区"),
            op("compounds", compounds[name], community_id=communities[name],
               name=f"{name}花园", building_area_m2="10000.50", households=300),
        ]
    results = supervisor.push(*ops)
    assert [r["status"] for r in results] == ["applied"] * len(ops), results
    return District(streets, communities, compounds, supervisor)

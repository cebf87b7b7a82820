"""A district for the load benchmark: streets, communities, one compound and a few units per
caseworker, pushed by a supervisor's client as real data arrives; and the caseworkers' accounts
and device tokens, written straight to the server's tables (one password hash shared by all:
hashing 500 passwords would measure argon2, not the server)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import insert

from db.types import utcnow
from server import auth
from server.database import make_engine, write_transaction
from server.schema import User
from server.users import add_user

PASSWORD = "load bench password"
PUSH_PAGE = 1000


def new_id() -> str:
    return str(uuid.uuid4())


def op(table: str, row_id: str, kind: str = "insert", base: int = 0, **fields: Any) -> dict[str, Any]:
    return {"op_id": new_id(), "table": table, "row_id": row_id, "op": kind,
            "base_version": base, "fields": fields}


@dataclass
class Caseworker:
    """One simulated caseworker's laptop: account, token, its compound and units, its cursor."""

    index: int
    name: str
    user_id: int
    token: str
    street_id: str
    compound_id: str
    units: dict[str, int]  # unit id → the version this laptop last saw
    cursor: int = 0
    edits: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)  # every op pushed, in order
    results: dict[str, str] = field(default_factory=dict)  # op_id → status the server answered


@dataclass
class District:
    streets: list[str]
    caseworkers: list[Caseworker]
    seeded_version: int


def seed(database_url: str, base_url: str, *, caseworkers: int, streets: int,
         units_each: int) -> District:
    """Push the district as a supervisor, then add the caseworkers (round-robin over streets)."""
    add_user(database_url, "load-supervisor", "supervisor", None, PASSWORD)
    with httpx.Client(base_url=base_url, timeout=120) as http:
        token = http.post("/api/v1/login", json={
            "username": "load-supervisor", "password": PASSWORD, "device_name": "seed"}).json()["token"]
        http.headers["Authorization"] = f"Bearer {token}"
        street_ids = [new_id() for _ in range(streets)]
        ops = [op("streets", s, name=f"负载街道{i:02d}") for i, s in enumerate(street_ids)]
        communities = {s: new_id() for s in street_ids}
        ops += [op("communities", c, street_id=s, name=f"负载社区{i:02d}")
                for i, (s, c) in enumerate(communities.items())]
        plan: list[tuple[str, str, list[str]]] = []
        for index in range(caseworkers):
            street = street_ids[index % streets]
            compound = new_id()
            ops.append(op("compounds", compound, community_id=communities[street],
                          name=f"负载花园{index:03d}", building_area_m2="20000.00", households=200))
            units = [new_id() for _ in range(units_each)]
            ops += [op("units", u, compound_id=compound, building="1", room=f"{k + 1:02d}01",
                       area_m2="88.50", owner_name=f"业主{k}") for k, u in enumerate(units)]
            plan.append((street, compound, units))
        versions: dict[str, int] = {}
        for start in range(0, len(ops), PUSH_PAGE):
            response = http.post("/api/v1/push", json={"ops": ops[start:start + PUSH_PAGE]})
            response.raise_for_status()
            results = response.json()["results"]
            refused = [r for r in results if r["status"] != "applied"]
            if refused:
                raise RuntimeError(f"seeding refused: {refused[:3]}")
            versions.update((o["row_id"], r["version"])
                            for o, r in zip(ops[start:start + PUSH_PAGE], results, strict=True))
    version = max(versions.values())
    return District(street_ids, _accounts(database_url, plan, versions, version), version)


def _accounts(database_url: str, plan: list[tuple[str, str, list[str]]],
              versions: dict[str, int], version: int) -> list[Caseworker]:
    shared_hash = auth.hash_password(PASSWORD)
    engine = make_engine(database_url)
    workers: list[Caseworker] = []
    try:
        with write_transaction(engine) as connection:
            for index, (street, compound, units) in enumerate(plan):
                name = f"load-cw-{index:04d}"
                user_id = connection.execute(insert(User).values(
                    name=name, role="caseworker", street_id=street, password_hash=shared_hash,
                    disabled=False, created_at=utcnow())).inserted_primary_key[0]  # type: ignore[index]
                token = auth.issue_token(connection, int(user_id), f"laptop {index}")
                workers.append(Caseworker(index, name, int(user_id), token, street, compound,
                                          {u: versions[u] for u in units}, cursor=version))
    finally:
        engine.dispose()
    return workers

"""`GET /api/v1/meta` (protocol versions and the server's clock) and `GET /healthz`."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from server.routers.deps import Reading
from server.routers.schemas import COMMON

PROTOCOL, MIN_PROTOCOL = 1, 1

router = APIRouter(responses=COMMON)


class MetaAnswer(BaseModel):
    protocol: int
    min_protocol: int
    server_time: str
    name: str


class Health(BaseModel):
    ok: bool


@router.get("/healthz", response_model=Health)
def healthz(connection: Reading) -> Health:
    connection.execute(text("SELECT 1"))
    return Health(ok=True)


@router.get("/api/v1/meta", response_model=MetaAnswer)
def meta() -> MetaAnswer:
    return MetaAnswer(protocol=PROTOCOL, min_protocol=MIN_PROTOCOL,
                      server_time=datetime.now(UTC).isoformat(), name="compound-desk")

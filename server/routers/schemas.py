"""The wire's shapes as pydantic models, so the OpenAPI document states every answer (and
schemathesis checks the server keeps to it). Pull and push answer with JSONResponse for speed:
these models document them and are not re-validated per request."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

FieldValue = str | int | bool | None  # db/codec.py's JSON values (decimals travel as text)


class ErrorEnvelope(BaseModel):
    """Every refusal and error: a code of the catalogue's sync section, its English sentence
    (for logs and people reading the wire), and the params the client words it from."""

    code: str = Field(description="machine-readable, e.g. outside_scope; the client translates it")
    message: str = Field(description="English, for logs; clients show the code's own text")
    params: dict[str, Any] = Field(description="what the code's text names, e.g. {table, id}")


class ErrorBody(BaseModel):
    error: ErrorEnvelope


class Change(BaseModel):
    table: str
    id: str
    version: int
    fields: dict[str, FieldValue]
    updated_at: str | None
    updated_by: str | None
    deleted_at: str | None
    deleted_by: str | None


class Gone(BaseModel):
    table: str
    id: str
    version: int
    gone: Literal[True]


class PullPage(BaseModel):
    changes: list[Change]
    gone: list[Gone] = Field(default_factory=list, description="left out when there are none")
    next: int
    more: bool


class ConflictField(BaseModel):
    field: str
    server_value: FieldValue
    client_value: Any


class Stamp(BaseModel):
    updated_at: str
    updated_by: str


class PushResult(BaseModel):
    op_id: str
    status: Literal["applied", "merged", "conflict", "refused"]
    version: int | None
    error: ErrorEnvelope | None = Field(description="set when refused")
    reason: str | None = Field(
        deprecated=True, description="error.message, for clients of the previous release")
    conflicts: list[ConflictField]
    row: Change | None
    stamp: Stamp | None = Field(
        default=None, description="a brief answer's stamp of the row (the request's `brief`)")


class PushAnswer(BaseModel):
    results: list[PushResult]
    after: int | None = Field(
        default=None, description="the newest version before this push: its new versions are later")


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries: these statuses answer an ErrorBody."""
    return {status: {"model": ErrorBody, "description": DESCRIPTIONS.get(status, "refused")}
            for status in statuses}


DESCRIPTIONS = {
    400: "bad Content-Length", 401: "no, unknown, expired or revoked device token",
    404: "not found", 409: "clashes with the server's state", 413: "body over 8 MiB",
    422: "the request does not follow the protocol", 429: "throttled (see Retry-After)",
    500: "the server failed; nothing was saved",
}
# Every route can answer these (the body limit, validation, an unexpected failure).
COMMON = errors(400, 413, 422, 500)
AUTHENTICATED = {**COMMON, **errors(401)}

"""Evidence files by SHA-256 (server.blobs): `POST /api/v1/blobs/missing` (which of these the
server lacks), `GET /api/v1/blobs/{sha256}/upload` (how much of an upload it holds),
`PUT /api/v1/blobs/{sha256}?offset=&total=` (one chunk), `GET` / `HEAD /api/v1/blobs/{sha256}`
(the file). Each needs an attachment row in the caller's scope naming the hash; a blob without
one answers exactly as a missing blob does."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from server.auth import Caller
from server.blobs import HASH_PATTERN, MAX_BLOB_BYTES, BlobStore, UploadState, may_see, not_found
from server.database import read_transaction
from server.problems import ApiError
from server.routers.deps import Authenticated, Database
from server.routers.schemas import AUTHENTICATED, errors

MAX_ASKED = 1000

router = APIRouter(prefix="/api/v1/blobs", tags=["blobs"],
                   responses={**AUTHENTICATED, **errors(404, 503)})

Digest = Annotated[str, Path(pattern=HASH_PATTERN, description="lowercase hex SHA-256 of the file")]


class MissingRequest(BaseModel):
    sha256: list[Annotated[str, Field(pattern=HASH_PATTERN)]] = Field(max_length=MAX_ASKED)


class MissingAnswer(BaseModel):
    missing: list[str] = Field(description="asked hashes the caller cannot download from here")


class UploadAnswer(BaseModel):
    sha256: str
    received: int = Field(description="bytes the server holds; the next chunk's offset")
    complete: bool
    limit_bytes: int


def store_of(request: Request) -> BlobStore:
    store: BlobStore | None = request.app.state.blobs
    if store is None:
        raise ApiError(503, "blob_storage_off")
    return store


def _visible(engine: Engine, caller: Caller, digests: list[str]) -> set[str]:
    with read_transaction(engine) as connection:
        return may_see(connection, caller, digests)


def _require(engine: Engine, caller: Caller, digest: str) -> None:
    if digest not in _visible(engine, caller, [digest]):
        raise not_found(digest)


def _answer(digest: str, state: UploadState) -> UploadAnswer:
    return UploadAnswer(sha256=digest, received=state.received, complete=state.complete,
                        limit_bytes=MAX_BLOB_BYTES)


@router.post("/missing", response_model=MissingAnswer)
def missing(body: MissingRequest, request: Request, who: Authenticated, engine: Database
            ) -> MissingAnswer:
    store = store_of(request)
    asked = list(dict.fromkeys(body.sha256))
    visible = _visible(engine, who, asked) if asked else set()
    return MissingAnswer(missing=[d for d in asked if d not in visible or not store.has(d)])


@router.get("/{sha256}/upload", response_model=UploadAnswer)
def upload_state(sha256: Digest, request: Request, who: Authenticated, engine: Database
                 ) -> UploadAnswer:
    store = store_of(request)
    _require(engine, who, sha256)
    return _answer(sha256, store.state(sha256, who.user_id))


@router.put("/{sha256}", response_model=UploadAnswer, responses=errors(409, 413),
            openapi_extra={"requestBody": {"required": True, "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def upload_chunk(
    sha256: Digest, request: Request, who: Authenticated, engine: Database,
    offset: Annotated[int, Query(ge=0, le=MAX_BLOB_BYTES)],
    total: Annotated[int, Query(ge=0, description=f"the whole file's size, at most {MAX_BLOB_BYTES}")],
) -> UploadAnswer:
    store = store_of(request)
    data = await request.body()

    def store_chunk() -> UploadState:
        _require(engine, who, sha256)
        return store.append(sha256, who.user_id, offset, total, data)

    return _answer(sha256, await run_in_threadpool(store_chunk))


def _file(request: Request, who: Caller, engine: Engine, digest: str) -> FilePath:
    store = store_of(request)
    _require(engine, who, digest)
    if not store.intact(digest):  # a damaged file is removed: never served, uploaded again
        raise not_found(digest)
    return store.path(digest)


@router.get("/{sha256}", response_class=FileResponse, responses={
    200: {"content": {"application/octet-stream": {}}, "description": "the file's bytes"}})
def download(sha256: Digest, request: Request, who: Authenticated, engine: Database
             ) -> FileResponse:
    return FileResponse(_file(request, who, engine, sha256), media_type="application/octet-stream")


@router.head("/{sha256}", response_class=Response)
def exists(sha256: Digest, request: Request, who: Authenticated, engine: Database) -> Response:
    size = _file(request, who, engine, sha256).stat().st_size
    return Response(status_code=200, headers={"Content-Length": str(size)})

"""The evidence-file calls on the wire (docs/sync-protocol.md, "Evidence files"), against a real
server on loopback whose blob folder the test can look into: what lands on disk, what a refusal
leaves, the envelope of every refusal, and scope decided by the attachment rows."""

from __future__ import annotations

import hashlib
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.app import blob_folder
from server.blobs import MAX_BLOB_BYTES
from server.testing import running_server
from tests.server.helpers import STREET_A, STREET_B, Client, District, ServerHandle, new_id, op


@pytest.fixture(scope="module")
def blob_server(database_url: str, tmp_path_factory: pytest.TempPathFactory,
                server: ServerHandle, district: District) -> Iterator[tuple[ServerHandle, Path]]:
    """A second server on the module's database (seeded by `district`) with a known blob folder."""
    folder = tmp_path_factory.mktemp("blobs")
    with running_server(database_url, blob_dir=folder) as url:
        handle = ServerHandle(url, database_url)
        yield handle, folder
        handle.close()


def error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "params"}, body
    return dict(body["error"])


def attached(client: Client, compound_id: str, content: bytes) -> tuple[str, str]:
    """Push an attachment row naming `content`'s hash; returns (hash, row id)."""
    digest, row_id = hashlib.sha256(content).hexdigest(), new_id()
    result = client.push_one(op("attachments", row_id, owner_table="compounds",
                                owner_id=compound_id, filename="scan.pdf",
                                size_bytes=len(content), sha256=digest,
                                compound_id=compound_id))
    assert result["status"] == "applied", result
    return digest, row_id


def put(client: Client, digest: str, offset: int, total: int, chunk: bytes) -> httpx.Response:
    return client.http.put(f"/api/v1/blobs/{digest}", params={"offset": offset, "total": total},
                           content=chunk, headers={"Content-Type": "application/octet-stream"})


def on_disk(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_chunks_land_as_one_verified_file_and_scope_follows_the_rows(
    blob_server: tuple[ServerHandle, Path], district: District,
) -> None:
    handle, folder = blob_server
    mine, stranger = handle.user("caseworker", STREET_A), handle.user("caseworker", STREET_B)
    content = uuid.uuid4().bytes * 1000
    digest, row_id = attached(mine, district.compounds[STREET_A], content)
    half = len(content) // 2
    first = put(mine, digest, 0, len(content), content[:half])
    assert first.status_code == 200 and first.json()["complete"] is False
    assert mine.http.get(f"/api/v1/blobs/{digest}/upload").json()["received"] == half
    behind = put(mine, digest, half + 1, len(content), content[half + 1:])
    assert behind.status_code == 409
    assert error(behind)["params"] == {"offset": half + 1, "received": half}
    past = put(mine, digest, half, len(content), content[half:] + b"!")
    assert (past.status_code, error(past)["code"]) == (422, "blob_chunk_past_end")
    done = put(mine, digest, half, len(content), content[half:])
    assert done.json() == {"sha256": digest, "received": len(content), "complete": True,
                           "limit_bytes": MAX_BLOB_BYTES}
    assert (folder / digest[:2] / digest).read_bytes() == content
    assert not any((folder / "partial").iterdir())
    assert mine.http.get(f"/api/v1/blobs/{digest}").content == content
    assert mine.http.head(f"/api/v1/blobs/{digest}").headers["content-length"] == str(len(content))
    # The district's supervisor sees it; another street's caseworker gets the missing answer.
    supervisor = handle.user("supervisor")
    assert supervisor.http.get(f"/api/v1/blobs/{digest}").content == content
    nobody = hashlib.sha256(uuid.uuid4().bytes).hexdigest()
    for name in (digest, nobody):
        refused = stranger.http.get(f"/api/v1/blobs/{name}")
        assert (refused.status_code, error(refused)) == (404, {
            "code": "blob_not_found", "params": {"sha256": name},
            "message": error(refused)["message"]})
        assert stranger.http.head(f"/api/v1/blobs/{name}").status_code == 404
    asked = stranger.http.post("/api/v1/blobs/missing", json={"sha256": [digest, nobody]})
    assert asked.json() == {"missing": [digest, nobody]}
    assert mine.http.post("/api/v1/blobs/missing",
                          json={"sha256": [digest, nobody]}).json() == {"missing": [nobody]}
    # A deleted row still names its file (it may be put back).
    deleted = mine.push_one(op("attachments", row_id, "delete", base=0,
                               deleted_at="2026-01-01T00:00:00+00:00", deleted_by=mine.name))
    assert deleted["status"] in ("applied", "merged"), deleted
    assert mine.http.get(f"/api/v1/blobs/{digest}").content == content


def test_a_wrong_hash_keeps_nothing_and_bad_requests_are_coded(
    blob_server: tuple[ServerHandle, Path], district: District,
) -> None:
    handle, folder = blob_server
    mine = handle.user("caseworker", STREET_A)
    content = uuid.uuid4().bytes * 50
    digest, _ = attached(mine, district.compounds[STREET_A], content)
    before = on_disk(folder)
    forged = bytes(len(content))
    refused = put(mine, digest, 0, len(forged), forged)
    assert (refused.status_code, error(refused)["code"]) == (422, "blob_hash_mismatch")
    assert on_disk(folder) == before  # neither the file nor the partial upload
    assert mine.http.get(f"/api/v1/blobs/{digest}").status_code == 404
    too_big = put(mine, digest, 0, MAX_BLOB_BYTES + 1, content)
    assert (too_big.status_code, error(too_big)["code"]) == (413, "blob_too_large")
    assert error(too_big)["params"]["limit_mib"] == MAX_BLOB_BYTES // 2**20
    not_a_hash = mine.http.get("/api/v1/blobs/..%2F..%2Fserver.sqlite3")
    assert not_a_hash.status_code in (404, 422)
    assert error(not_a_hash)["code"] in ("invalid_request", "no_such_endpoint")
    assert on_disk(folder) == before
    assert mine.http.get(f"/api/v1/blobs/{digest}/upload").json()["received"] == 0


def test_where_the_server_keeps_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPOUND_DESK_SERVER_BLOBS", raising=False)
    assert blob_folder(f"sqlite:///{tmp_path / 'server.sqlite3'}", None) == tmp_path / "blobs"
    assert blob_folder("postgresql://u@127.0.0.1:5432/db", None) is None  # 503 blob_storage_off
    assert blob_folder("postgresql://u@127.0.0.1:5432/db", tmp_path) == tmp_path
    monkeypatch.setenv("COMPOUND_DESK_SERVER_BLOBS", str(tmp_path / "env"))
    assert blob_folder("postgresql://u@127.0.0.1:5432/db", None) == tmp_path / "env"


def test_a_partial_longer_than_the_file_or_a_chunk_at_zero_starts_the_upload_over(
    blob_server: tuple[ServerHandle, Path], district: District,
) -> None:
    handle, folder = blob_server
    mine = handle.user("caseworker", STREET_A)
    content = uuid.uuid4().bytes * 100
    digest, _ = attached(mine, district.compounds[STREET_A], content)
    # A partial longer than the file (a wrong total earlier): it cannot be this file's.
    longer = put(mine, digest, 0, len(content) + 100, content + b"x" * 50)
    assert longer.json()["received"] == len(content) + 50
    behind = put(mine, digest, len(content) + 50, len(content), b"")
    assert (behind.status_code, error(behind)["params"]) == (409, {
        "offset": len(content) + 50, "received": 0})
    # A chunk at offset 0 restarts the caller's partial, whatever it held.
    assert put(mine, digest, 0, len(content), b"garbage").json()["received"] == 7
    assert put(mine, digest, 0, len(content), content[:100]).json()["received"] == 100
    done = put(mine, digest, 100, len(content), content[100:])
    assert done.json()["complete"] is True
    assert (folder / digest[:2] / digest).read_bytes() == content
    # After completion the answer gives the stored size, not the caller's total.
    assert put(mine, digest, 0, 5, b"12345").json()["received"] == len(content)


def test_one_users_two_devices_sending_chunks_at_once_never_fail_or_mix(
    blob_server: tuple[ServerHandle, Path], district: District,
) -> None:
    handle, folder = blob_server
    first = handle.user("caseworker", STREET_A)
    second = Client(handle.base_url, first.name)  # the same user's other laptop
    handle.clients.append(second)
    statuses: list[int] = []

    def upload(client: Client, digest: str, content: bytes, start: threading.Barrier) -> None:
        start.wait()
        offset, step = 0, 4096
        for _attempt in range(200):
            answer = put(client, digest, offset, len(content), content[offset:offset + step])
            statuses.append(answer.status_code)
            body = answer.json()
            if answer.status_code == 200 and body["complete"]:
                return
            offset = body["received"] if answer.status_code == 200 \
                else error(answer)["params"]["received"]

    for _round in range(6):
        content = uuid.uuid4().bytes * 4096  # 64 KiB in 16 chunks each
        digest, _ = attached(first, district.compounds[STREET_A], content)
        start = threading.Barrier(2)
        devices = [threading.Thread(target=upload, args=(c, digest, content, start))
                   for c in (first, second)]
        for device in devices:
            device.start()
        for device in devices:
            device.join()
        assert first.http.get(f"/api/v1/blobs/{digest}").content == content
    assert set(statuses) <= {200, 409}, statuses
    assert not any((folder / "partial").iterdir())


def test_a_blob_damaged_on_disk_is_never_served_and_an_upload_repairs_it(
    blob_server: tuple[ServerHandle, Path], district: District,
) -> None:
    handle, folder = blob_server
    mine = handle.user("caseworker", STREET_A)
    content = uuid.uuid4().bytes * 100
    digest, _ = attached(mine, district.compounds[STREET_A], content)
    stored = folder / digest[:2] / digest
    assert put(mine, digest, 0, len(content), content).json()["complete"] is True
    stored.write_bytes(bytes(len(content)))  # the disk (or a hand) damaged it
    refused = mine.http.get(f"/api/v1/blobs/{digest}")
    assert (refused.status_code, error(refused)["code"]) == (404, "blob_not_found")
    assert not stored.exists()
    assert mine.http.post("/api/v1/blobs/missing", json={"sha256": [digest]}).json() == {
        "missing": [digest]}
    assert put(mine, digest, 0, len(content), content).json()["complete"] is True
    assert mine.http.get(f"/api/v1/blobs/{digest}").content == content
    # Damaged again: the next upload finds it so and stores the genuine bytes over it.
    when = stored.stat().st_mtime_ns
    stored.write_bytes(content[:-1] + b"!")
    os.utime(stored, ns=(when + 10**9, when + 10**9))  # (a clock tick may be coarser than this test)
    state = mine.http.get(f"/api/v1/blobs/{digest}/upload").json()
    assert (state["received"], state["complete"]) == (0, False)
    assert put(mine, digest, 0, len(content), content).json()["complete"] is True
    assert stored.read_bytes() == content

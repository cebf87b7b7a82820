"""Every request leaves one JSON log line with its id, user, status and time — refusals too —
and never the password, the token or the body."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest

from server.request_log import LOGGER
from tests.server.helpers import PASSWORD, ServerHandle


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())

    def parsed(self) -> list[dict[str, Any]]:
        return [json.loads(r) for r in self.records]

    def of(self, request_id: str) -> list[dict[str, Any]]:
        """The lines of one request, once the server has written them (it logs after the
        response has gone out, so the client may read the answer first)."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            found = [r for r in self.parsed() if r["request_id"] == request_id]
            if found:
                return found
            time.sleep(0.02)
        return []


@pytest.fixture
def lines() -> Iterator[Lines]:
    handler = Lines()
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def test_each_request_logs_one_json_line_with_id_user_and_status(
        server: ServerHandle, lines: Lines) -> None:
    client = server.user("supervisor")
    response = client.http.get("/api/v1/pull", params={"since": 0},
                               headers={"X-Request-ID": "sync-42"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "sync-42"
    pulled = lines.of("sync-42")
    assert len(pulled) == 1, lines.records[-5:]
    assert pulled[0]["user"] == client.name and pulled[0]["status"] == 200
    assert pulled[0]["method"] == "GET" and pulled[0]["path"] == "/api/v1/pull"
    assert pulled[0]["ms"] >= 0

    with server.anonymous() as anonymous:  # a refusal is logged as well, without a user
        refused = anonymous.get("/api/v1/pull", headers={"X-Request-ID": "bad id; forged"})
        assert refused.status_code == 401
        own_id = refused.headers["X-Request-ID"]
        assert own_id != "bad id; forged" and len(own_id) == 32  # a new id, not the forged one
        logged = lines.of(own_id)
        assert logged[0]["status"] == 401 and logged[0]["user"] is None

        anonymous.post("/api/v1/login", json={"username": client.name, "password": PASSWORD,
                                              "device_name": "secret-device"})
    everything = "\n".join(lines.records)
    assert PASSWORD not in everything and client.token not in everything
    assert "secret-device" not in everything and "since=" not in everything

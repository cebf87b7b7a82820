"""Login, logout, throttling and tokens against a real server."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import delete, select, update

from db.types import utcnow
from server.auth import FREE_FAILURES, MAX_FAILURES_PER_ADDRESS
from server.database import make_engine
from server.schema import DeviceToken, LoginFailure
from server.users import add_user
from tests.server.helpers import PASSWORD, Client, ServerHandle


def _login(server: ServerHandle, name: str, password: str) -> tuple[int, dict[str, object]]:
    with server.anonymous() as http:
        response = http.post("/api/v1/login", json={"username": name, "password": password})
        return response.status_code, response.json()


def test_open_endpoints_need_no_token(server: ServerHandle) -> None:
    with server.anonymous() as http:
        assert http.get("/healthz").json() == {"ok": True}
        meta = http.get("/api/v1/meta").json()
        assert meta["protocol"] == 1 and meta["min_protocol"] == 1 and "server_time" in meta
        assert http.get("/openapi.json").json()["info"]["title"]


def test_login_returns_token_and_user(server: ServerHandle) -> None:
    client = server.user("supervisor")
    assert client.user["role"] == "supervisor"
    assert client.user["street_id"] is None
    assert client.http.get("/api/v1/pull").status_code == 200


def test_wrong_password_and_unknown_user_are_401(server: ServerHandle) -> None:
    client = server.user("admin")
    status, body = _login(server, client.name, "wrong password")
    assert status == 401 and body["error"]["code"] == "bad_credentials"
    assert body["error"]["message"] == "wrong user name or password"
    status, body = _login(server, "nobody-at-all", PASSWORD)
    assert status == 401


def test_failed_logins_for_one_user_from_one_address_are_throttled(server: ServerHandle) -> None:
    client = server.user("supervisor")
    for _ in range(FREE_FAILURES):
        assert _login(server, client.name, "wrong password")[0] == 401
    status, body = _login(server, client.name, PASSWORD)
    assert status == 429 and body["error"]["code"] == "throttled_user"
    assert body["error"]["params"]["retry_after"] >= 1


def test_failed_logins_from_one_address_are_throttled(server: ServerHandle) -> None:
    name = f"sup-{uuid.uuid4().hex[:8]}"  # never logged in from here (tests/server/test_throttle.py)
    add_user(server.database_url, name, "supervisor", None, PASSWORD)
    for attempt in range(MAX_FAILURES_PER_ADDRESS):
        _login(server, f"ghost-{attempt}", "wrong password")
    status, _ = _login(server, name, PASSWORD)
    assert status == 429
    engine = make_engine(server.database_url)
    try:
        with engine.begin() as connection:  # let the other tests log in from this address again
            connection.execute(delete(LoginFailure).where(LoginFailure.key.like("addr:%")))
    finally:
        engine.dispose()


def test_no_token_and_bad_token_are_401(server: ServerHandle) -> None:
    with server.anonymous() as http:
        for path in ("/api/v1/pull", "/api/v1/keys/" + "0" * 64):
            response = http.get(path)
            assert response.status_code == 401 and response.json()["error"]["code"] == "not_logged_in"
        response = http.post("/api/v1/push", json={"ops": []})
        assert response.status_code == 401
        response = http.get("/api/v1/pull", headers={"Authorization": "Bearer not-a-token"})
        assert response.status_code == 401 and response.json()["error"]["code"] == "token_invalid"


def test_logout_revokes_the_token(server: ServerHandle) -> None:
    client = server.user("supervisor")
    assert client.http.post("/api/v1/logout").status_code == 204
    response = client.http.get("/api/v1/pull")
    assert response.status_code == 401 and response.json()["error"]["code"] == "token_invalid"
    assert "revoked" in response.json()["error"]["message"]
    again = Client(server.base_url, client.name)
    assert again.http.get("/api/v1/pull").status_code == 200
    again.close()


def test_expired_token_is_401(server: ServerHandle) -> None:
    client = server.user("supervisor")
    engine = make_engine(server.database_url)
    try:
        with engine.begin() as connection:
            token_id = connection.scalar(
                select(DeviceToken.id).order_by(DeviceToken.id.desc()).limit(1))
            connection.execute(update(DeviceToken).where(DeviceToken.id == token_id)
                               .values(expires_at=utcnow() - timedelta(seconds=1)))
            stored = connection.scalars(select(DeviceToken.token_hash)).all()
    finally:
        engine.dispose()
    assert client.token not in stored  # only a hash of the token is kept
    assert client.http.get("/api/v1/pull").status_code == 401


def test_unknown_path_and_method_are_json_errors(server: ServerHandle) -> None:
    with server.anonymous() as http:
        response = http.get("/api/v1/nothing")
        error = response.json()["error"]
        assert response.status_code == 404 and error["code"] == "no_such_endpoint"
        assert error["params"] == {"path": "/api/v1/nothing"}
        response = http.delete("/api/v1/meta")
        assert response.status_code == 405
        assert response.json()["error"]["code"] == "method_not_allowed"

"""A login retried with its idempotency key gets the token of the first attempt, never a second
one — also when both attempts arrive at once — against a real server."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import func, select

from server.database import make_engine
from server.schema import DeviceToken, LoginReplay
from tests.server.helpers import PASSWORD, ServerHandle


def _login(server: ServerHandle, name: str, key: str, device: str = "laptop",
           password: str = PASSWORD) -> httpx.Response:
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        return http.post("/api/v1/login", headers={"Idempotency-Key": key},
                         json={"username": name, "password": password, "device_name": device})


def _stored(server: ServerHandle, name: str) -> dict[str, Any]:
    engine = make_engine(server.database_url)
    try:
        with engine.connect() as connection:
            tokens = connection.scalar(select(func.count()).select_from(DeviceToken).where(
                DeviceToken.device_name.like(f"{name}%")))
            sealed = list(connection.scalars(select(LoginReplay.sealed_token)))
            hashes = list(connection.scalars(select(LoginReplay.key_hash)))
    finally:
        engine.dispose()
    return {"tokens": tokens, "sealed": sealed, "hashes": hashes}


def test_a_retried_login_gets_the_same_token(server: ServerHandle) -> None:
    name = server.user("supervisor").name
    key = secrets.token_urlsafe(32)
    first = _login(server, name, key, device=f"{name} laptop")
    again = _login(server, name, key, device=f"{name} laptop")
    assert first.status_code == again.status_code == 200, (first.text, again.text)
    assert again.json()["token"] == first.json()["token"]
    stored = _stored(server, name)
    assert stored["tokens"] == 1
    token = first.json()["token"]
    assert not any(token in sealed for sealed in stored["sealed"])  # kept sealed only
    assert key not in stored["hashes"]
    other = _login(server, name, secrets.token_urlsafe(32), device=f"{name} laptop")
    assert other.json()["token"] != token and _stored(server, name)["tokens"] == 2


def test_two_attempts_at_once_get_one_token(server: ServerHandle) -> None:
    name = server.user("supervisor").name
    key = secrets.token_urlsafe(32)
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: _login(server, name, key, device=f"{name} pc"), range(4)))
    assert {a.status_code for a in answers} == {200}, [a.text for a in answers]
    assert len({a.json()["token"] for a in answers}) == 1
    assert _stored(server, name)["tokens"] == 1


def test_a_key_is_bound_to_its_user_and_device(server: ServerHandle) -> None:
    name = server.user("supervisor").name
    key = secrets.token_urlsafe(32)
    assert _login(server, name, key, device=f"{name} a").status_code == 200
    elsewhere = _login(server, name, key, device=f"{name} b")
    assert elsewhere.status_code == 422 and elsewhere.json()["error"]["code"] == "login_key_reused"
    wrong = _login(server, name, key, device=f"{name} a", password="not it")
    assert wrong.status_code == 401  # the password is checked on every attempt
    short = _login(server, name, "too-short", device=f"{name} a")
    assert short.status_code == 422 and short.json()["error"]["code"] == "invalid_request"
    assert _stored(server, name)["tokens"] == 1


def test_a_replay_after_logout_gets_a_new_token(server: ServerHandle) -> None:
    name = server.user("supervisor").name
    key = secrets.token_urlsafe(32)
    token = _login(server, name, key, device=f"{name} x").json()["token"]
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        assert http.post("/api/v1/logout", headers={
            "Authorization": f"Bearer {token}"}).status_code == 204
    again = _login(server, name, key, device=f"{name} x").json()["token"]
    assert again != token
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        assert http.get("/api/v1/pull", headers={"Authorization": f"Bearer {again}"}).status_code == 200

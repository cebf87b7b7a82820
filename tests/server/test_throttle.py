"""The login throttle against a real server over HTTP on loopback (SQLite and PostgreSQL).

Each client binds its socket to its own loopback address (127.0.0.0/8 is all loopback on
Linux), so the server sees a different peer address exactly as it would for two machines;
no forwarded header is involved (the server does not trust one from these addresses).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update

from server.auth import (
    BACKOFF_FIRST,
    FREE_FAILURES,
    MAX_FAILURES_PER_ADDRESS,
    backoff,
    throttle_address,
)
from server.database import make_engine
from server.schema import LoginFailure
from server.users import add_user
from tests.server.helpers import PASSWORD, ServerHandle, new_id

WRONG = "not the password"
_addresses = itertools.count(2)


def fresh_address() -> str:
    """A loopback address no other test in this module has used."""
    n = next(_addresses)
    return f"127.0.{n // 250}.{n % 250 + 2}"


def from_address(server: ServerHandle, address: str) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=server.base_url, transport=transport, timeout=120)


def login(http: httpx.Client, name: str, password: str) -> httpx.Response:
    return http.post("/api/v1/login", json={"username": name, "password": password})


def account(server: ServerHandle, role: str = "supervisor") -> str:
    name = f"{role[:3]}-{new_id()[:8]}"
    add_user(server.database_url, name, role, None, PASSWORD)
    return name


@pytest.fixture
def failures(server: ServerHandle) -> Iterator[object]:
    engine = make_engine(server.database_url)
    yield engine
    engine.dispose()


def failures_recorded(engine: object, key: str) -> int:
    with engine.begin() as connection:  # type: ignore[attr-defined]
        return int(connection.scalar(
            select(func.count()).select_from(LoginFailure).where(LoginFailure.key == key)) or 0)


def test_guessing_from_one_address_does_not_lock_out_another(server: ServerHandle) -> None:
    """Anyone could lock a supervisor out for everyone; now only their own address waits."""
    supervisor = account(server)
    attacker, office = fresh_address(), fresh_address()
    with from_address(server, attacker) as http:
        for _ in range(FREE_FAILURES):
            assert login(http, supervisor, WRONG).status_code == 401
        assert login(http, supervisor, PASSWORD).status_code == 429  # this address waits
    with from_address(server, office) as http:
        response = login(http, supervisor, PASSWORD)
    assert response.status_code == 200, response.text
    assert response.json()["user"]["name"] == supervisor


def test_parallel_guesses_are_all_counted(server: ServerHandle, failures: object) -> None:
    """50 guesses at once: only the free ones reach the password check, the rest wait."""
    name = account(server)
    address = fresh_address()
    start = threading.Barrier(50)

    def guess(_: int) -> httpx.Response:
        with from_address(server, address) as http:
            start.wait()
            return login(http, name, WRONG)

    with ThreadPoolExecutor(max_workers=50) as pool:
        responses = list(pool.map(guess, range(50)))
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {401, 429}, statuses
    assert statuses.count(401) == FREE_FAILURES, statuses  # evaluated = answered "wrong password"
    assert failures_recorded(failures, f"pair:{address}|{name}") == FREE_FAILURES
    for response in responses:
        if response.status_code == 429:
            assert int(response.headers["Retry-After"]) >= 1


def test_throttled_answer_says_when_to_retry(server: ServerHandle) -> None:
    name = account(server)
    with from_address(server, fresh_address()) as http:
        for _ in range(FREE_FAILURES):
            login(http, name, WRONG)
        response = login(http, name, WRONG)
    assert response.status_code == 429
    seconds = int(response.headers["Retry-After"])
    assert 0 < seconds <= BACKOFF_FIRST.total_seconds()
    assert "try again in" in response.json()["error"]["message"]


def _age(engine: object, key: str, by: timedelta) -> None:
    """Let time pass for one key's failures (instead of sleeping)."""
    with engine.begin() as connection:  # type: ignore[attr-defined]
        rows = connection.execute(select(LoginFailure.id, LoginFailure.at)
                                  .where(LoginFailure.key == key)).all()
        for row_id, at in rows:
            connection.execute(update(LoginFailure).where(LoginFailure.id == row_id)
                               .values(at=at - by))


def test_backoff_doubles_and_a_right_password_clears_it(server: ServerHandle, failures: object) -> None:
    name = account(server)
    address = fresh_address()
    key = f"pair:{address}|{name}"
    with from_address(server, address) as http:
        for _ in range(FREE_FAILURES):
            assert login(http, name, WRONG).status_code == 401
        first = int(login(http, name, WRONG).headers["Retry-After"])
        _age(failures, key, backoff(FREE_FAILURES))
        assert login(http, name, WRONG).status_code == 401  # the wait is over: one more try
        second = login(http, name, WRONG)
        assert second.status_code == 429
        assert int(second.headers["Retry-After"]) > first  # and now a longer wait
        assert int(second.headers["Retry-After"]) > backoff(FREE_FAILURES).total_seconds()
        _age(failures, key, backoff(FREE_FAILURES + 1))
        assert login(http, name, PASSWORD).status_code == 200
        assert failures_recorded(failures, key) == 0  # the owner is back to free tries
        assert login(http, name, WRONG).status_code == 401


def test_a_colleague_behind_the_same_address_as_a_guesser_still_logs_in(server: ServerHandle) -> None:
    """An office shares one address: a guesser there hits the address ceiling, yet a colleague
    who has logged in from that address before (and not failed since) still gets in."""
    colleague, newcomer = account(server), account(server)
    office = fresh_address()
    with from_address(server, office) as http:
        assert login(http, colleague, PASSWORD).status_code == 200
        for attempt in range(MAX_FAILURES_PER_ADDRESS):
            login(http, f"ghost-{attempt}-{new_id()[:4]}", WRONG)
        sprayed = login(http, f"ghost-{new_id()[:4]}", WRONG)
        assert sprayed.status_code == 429 and "from this address" in sprayed.json()["error"]["message"]
        assert int(sprayed.headers["Retry-After"]) >= 1
        assert login(http, newcomer, PASSWORD).status_code == 429  # unknown here: waits
        response = login(http, colleague, PASSWORD)
        assert response.status_code == 200, response.text
        assert login(http, colleague, WRONG).status_code == 401  # one miss, then the ceiling
        assert login(http, colleague, PASSWORD).status_code == 429


def test_an_ipv6_site_counts_as_one_address() -> None:
    """A home or site holds a whole /64: stepping through it must not reset the count."""
    assert throttle_address("2001:db8::1") == throttle_address("2001:db8::ffff:1") == "2001:db8::/64"
    assert throttle_address("2001:db8:0:1::1") != throttle_address("2001:db8::1")
    assert throttle_address("::ffff:10.0.0.7") == "10.0.0.7"  # IPv4 seen through IPv6
    assert len(throttle_address("x" * 5000)) <= 64

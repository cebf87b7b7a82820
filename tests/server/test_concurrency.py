"""Concurrent pushes on PostgreSQL: no lost update, and a pull running alongside never skips or
repeats a change (sequence numbers commit in order)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from server.testing import running_server
from tests.server.helpers import STREET_A, Client, District, ServerHandle, new_id, op, seed_district


@pytest.fixture(scope="module")
def pg_server(postgres_url: str) -> Iterator[ServerHandle]:
    with running_server(postgres_url) as base_url:
        handle = ServerHandle(base_url, postgres_url)
        yield handle
        handle.close()


@pytest.fixture(scope="module")
def pg_district(pg_server: ServerHandle) -> District:
    return seed_district(pg_server)


def test_concurrent_edits_of_different_fields_are_both_kept(
    pg_server: ServerHandle, pg_district: District
) -> None:
    community = pg_district.communities[STREET_A]
    rows = [new_id() for _ in range(15)]
    results = pg_district.supervisor.push(*[
        op("compounds", row, community_id=community, name=f"并发{row[:8]}", building_area_m2="1")
        for row in rows])
    base = {row: r["version"] for row, r in zip(rows, results, strict=True)}
    first, second = pg_server.user("supervisor"), pg_server.user("supervisor")
    barrier = threading.Barrier(2)

    def edit(client: Client, field: str, value: object) -> list[str]:
        statuses = []
        for row in rows:
            barrier.wait()
            statuses.append(client.push_one(op("compounds", row, "update", base[row], **{field: value}))["status"])
        return statuses

    with ThreadPoolExecutor(2) as pool:
        a = pool.submit(edit, first, "note", "甲改备注")
        b = pool.submit(edit, second, "households", 4321)
        statuses = a.result() + b.result()
    assert set(statuses) <= {"applied", "merged"} and "merged" in statuses
    pulled = pg_district.supervisor.rows()
    for row in rows:
        fields = pulled[("compounds", row)]["fields"]
        assert fields["note"] == "甲改备注" and fields["households"] == 4321


def test_pull_alongside_many_concurrent_pushes_sees_every_change_once(
    pg_server: ServerHandle, pg_district: District
) -> None:
    supervisor = pg_district.supervisor
    start = supervisor.pull_all()[-1]["version"]
    pushers = [pg_server.user("supervisor") for _ in range(6)]
    reader = pg_server.user("supervisor")
    done = threading.Event()
    seen: list[tuple[str, int]] = []

    def read_continuously() -> None:
        since = start
        while True:
            finished = done.is_set()
            page = reader.http.get("/api/v1/pull", params={"since": since, "limit": 7}).json()
            seen.extend((c["id"], c["version"]) for c in page["changes"])
            since = page["next"]
            if finished and not page["more"]:
                return

    def push_many(client: Client) -> list[str]:
        made = []
        for _ in range(8):
            ops = [op("property_companies", new_id(), name=f"公司{new_id()}") for _ in range(5)]
            results = client.push(*ops)
            assert {r["status"] for r in results} == {"applied"}
            made += [o["row_id"] for o in ops]
        return made

    reader_thread = threading.Thread(target=read_continuously)
    reader_thread.start()
    with ThreadPoolExecutor(len(pushers)) as pool:
        created = [row for made in pool.map(push_many, pushers) for row in made]
    done.set()
    reader_thread.join(timeout=120)
    ids = [row_id for row_id, _ in seen]
    versions = [version for _, version in seen]
    assert len(ids) == len(set(ids)), "a change was delivered twice"
    assert set(ids) == set(created), "a change was skipped"
    assert versions == sorted(versions)
    assert versions == list(range(start + 1, start + 1 + len(created))), "gap in the sequence"

"""Op ids and row ids with quotes, backslashes, percent signs, array syntax, `NULL` and characters
outside the Basic Multilingual Plane, through real pushes and pulls on SQLite and PostgreSQL:
the push's op and row lookups and the pull's row reads now pass id lists as one PostgreSQL array
(server/id_lists.py), and the row index is written with driver SQL (server/rowindex.py)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.server.helpers import STREET_A, STREET_B, Client, District, ServerHandle, new_id, op

# Each ≤ 36 characters (a row id's limit); every one means something to some layer in between.
ODD = [
    'q"uote', "back\\slash", "%s", "%(x)s", "100%", "%%", "{a,b}", "NULL", "null", " pad ",
    "'; DROP TABLE server_rows; --", "𠀋😀", "a\tb", "?", "$1", "ARRAY[1]", "\\N", "{}", '"', "é",
]


def _tag() -> str:
    return uuid.uuid4().hex[:6]


def _ids(tag: str) -> list[str]:
    """The odd ids made unique for one test: the tag goes where it keeps the oddity intact."""
    return [f"{odd}{tag}" if len(odd) < 28 else odd[:28] + tag for odd in ODD]


def _raw_push(client: Client, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = client.http.post("/api/v1/push", content=json.dumps({"ops": ops}).encode(),
                                headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


def _communities(district: District, ids: list[str], tag: str) -> list[dict[str, Any]]:
    street = district.streets[STREET_A]
    return [op("communities", row_id, street_id=street, name=f"怪社区{n}-{tag}")
            for n, row_id in enumerate(ids)]


def test_odd_op_and_row_ids_push_pull_and_replay(server: ServerHandle, district: District) -> None:
    tag = _tag()
    ids = _ids(tag)
    inserts = _communities(district, ids, tag)
    for operation, odd in zip(inserts, ids, strict=True):
        operation["op_id"] = odd  # the op ids are the odd texts too
    # Children naming the odd parents in the same batch (the index prefetch of references).
    children = [op("compounds", f"c{n}-{tag}", community_id=row_id, name=f"怪小区{n}-{tag}")
                for n, row_id in enumerate(ids)]
    first = _raw_push(district.supervisor, inserts + children)
    assert [r["status"] for r in first] == ["applied"] * len(first), first
    assert [r["op_id"] for r in first[:len(ids)]] == ids

    # The same batch again: every op id is found among those answered (no second apply).
    again = _raw_push(district.supervisor, inserts + children)
    assert again == first

    # An odd op id reused with another payload is refused, not applied.
    reused = {**inserts[0], "fields": {**inserts[0]["fields"], "name": f"另一个{tag}"}}
    (answer,) = _raw_push(district.supervisor, [reused])
    assert answer["status"] == "refused" and answer["error"]["code"] == "op_id_reused", answer

    caseworker = server.user("caseworker", STREET_A)
    rows = caseworker.rows()
    for n, row_id in enumerate(ids):
        assert rows[("communities", row_id)]["fields"]["name"] == f"怪社区{n}-{tag}"
        assert rows[("compounds", f"c{n}-{tag}")]["fields"]["community_id"] == row_id
    other = server.user("caseworker", STREET_B)
    seen = other.rows()
    assert not any(("communities", row_id) in seen for row_id in ids)

    # Updates of the odd rows (their parents read ahead) with their current versions.
    versions = {r["op_id"]: r["version"] for r in first}
    updates = [op("communities", row_id, "update", versions[row_id], name=f"改名{n}-{tag}")
               for n, row_id in enumerate(ids)]
    changed = _raw_push(district.supervisor, updates)
    assert [r["status"] for r in changed] == ["applied"] * len(ids), changed
    rows = caseworker.rows()
    assert [rows[("communities", row_id)]["fields"]["name"] for row_id in ids] == \
        [f"改名{n}-{tag}" for n in range(len(ids))]


def test_odd_ids_on_the_savepoint_path(server: ServerHandle, district: District) -> None:
    """A unique clash in the batch redoes it op by op: the odd rows are applied all the same, and
    their index entries (written at once there, not deferred) carry the right versions."""
    tag = _tag()
    ids = _ids(tag)
    inserts = _communities(district, ids, tag)
    clash = op("streets", new_id(), name=STREET_B)  # a street name taken: the database refuses
    results = _raw_push(district.supervisor, [*inserts[:5], clash, *inserts[5:]])
    statuses = [r["status"] for r in results]
    assert statuses == ["applied"] * 5 + ["refused"] + ["applied"] * (len(ids) - 5), results
    versions = {r["op_id"]: r["version"] for r in results}
    updates = [op("communities", row_id, "update", versions[o["op_id"]], name=f"再改{n}-{tag}")
               for n, (row_id, o) in enumerate(zip(ids, inserts, strict=True))]
    changed = _raw_push(district.supervisor, updates)
    assert [r["status"] for r in changed] == ["applied"] * len(ids), changed
    # Another device, based on the insert's version after the update: a conflict on the name,
    # never "applied" (the index entry knows the update and who wrote it).
    stale = _raw_push(server.user("supervisor"), [
        op("communities", ids[0], "update", versions[inserts[0]["op_id"]], name=f"旧版本{tag}")])
    assert stale[0]["status"] in ("conflict", "merged"), stale
    caseworker = server.user("caseworker", STREET_A)
    rows = caseworker.rows()
    assert all(("communities", row_id) in rows for row_id in ids)


def test_pull_pages_of_odd_ids(server: ServerHandle, district: District) -> None:
    """Small pull pages, each naming odd ids: every row arrives once, with its own fields."""
    tag = _tag()
    ids = _ids(tag)
    results = _raw_push(district.supervisor, _communities(district, ids, tag))
    assert all(r["status"] == "applied" for r in results), results
    caseworker = server.user("caseworker", STREET_A)
    changes = caseworker.pull_all(limit=3)
    mine = [c for c in changes if c["table"] == "communities" and c["id"] in set(ids)]
    assert sorted(c["id"] for c in mine) == sorted(ids)
    assert {c["id"]: c["fields"]["name"] for c in mine} == \
        {row_id: f"怪社区{n}-{tag}" for n, row_id in enumerate(ids)}


def test_op_ids_at_their_length_limit(server: ServerHandle, district: District) -> None:
    """64-character op ids of quotes, backslashes, percent signs and four-byte characters: each
    answered once, then found again on a replay (the array lookup on PostgreSQL)."""
    tag = _tag()
    fillers = ['"', "\\", "%", "😀", "{", ",", "'", " "]
    ops = []
    for n, filler in enumerate(fillers):
        operation = op("communities", new_id(), street_id=district.streets[STREET_A],
                       name=f"长号社区{n}-{tag}")
        operation["op_id"] = (filler * 64)[: 64 - len(tag)] + tag
        ops.append(operation)
    assert all(len(o["op_id"]) == 64 for o in ops)
    first = _raw_push(district.supervisor, ops)
    assert [r["status"] for r in first] == ["applied"] * len(ops), first
    assert _raw_push(district.supervisor, ops) == first

"""Hostile values in pushes big enough to go by COPY on PostgreSQL (server.copying): text that
COPY's own format gives meaning to (tab, newline, backslash, \\N, \\.), quotes, non-BMP
characters, text at its column's length, decimals at their bounds, timestamps with odd offsets.
Every stored value reads back (pull) exactly as the same push stores it in small pushes (the
executemany path), and as sent; a bad op among them (lone surrogate, NUL, a unique clash, a
missing parent) is refused alone; a replayed push answers the same."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from server.copying import COPY_MIN_ROWS
from tests.server.helpers import STREET_A, Client, District, ServerHandle, new_id, op

TEXTS = [
    "a\tb", "line1\nline2", "cr\r\nlf", "back\\slash", "\\N", "\\.", "\\", "ends\\", "\\\\N",
    'q"uote', "'single'", "\\t not a tab", "𠀋😀𝄞", "", " ", "NULL", "null", "\\x00",
    "é\u0301", "a,b;c|d", "\u00a0nbsp", "%s %(x)s {}", "\u2028\u2029", "\\.\n\\N",
    "長" * 120, "𠀋" * 120, "E'\\\\'",
]
TIMES = [
    "2026-03-01T10:00:00.123456+05:45", "2026-03-01T00:00:00-09:30", "2026-12-31T23:59:59.999999+14:00",
    "2026-01-01T00:30:00-12:00", "2026-06-30T12:00:00+00:00", "2026-02-28T23:59:59+08:00",
    "2026-10-25T01:30:00+01:00", "2026-05-05T05:05:05.000001-00:01",
]
AREAS = ["0.0001", "100000", "99999.9999", "0.00010", "1.5", "12345.6789", "100000.0000", "7"]


def _meetings(compound: str, tag: str, count: int) -> list[dict[str, Any]]:
    return [op("meetings", new_id(), compound_id=compound, title=TEXTS[i % len(TEXTS)][:120],
               place=TEXTS[(i + 7) % len(TEXTS)][:120], minutes=f"{tag}{i}:" + TEXTS[i % len(TEXTS)],
               held_at=TIMES[i % len(TIMES)])
            for i in range(count)]


def _units(compound: str, building: str, count: int) -> list[dict[str, Any]]:
    return [op("units", new_id(), compound_id=compound, building=building, room=f"{i:03d}",
               owner_name=TEXTS[i % len(TEXTS)][:80], owner_key=TEXTS[(i + 3) % len(TEXTS)][:60],
               area_m2=AREAS[i % len(AREAS)], developer_unsold=i % 2 == 0)
            for i in range(count)]


def _push(client: Client, *ops: dict[str, Any]) -> list[dict[str, Any]]:
    """A push whose body is ASCII JSON: a lone surrogate travels as its escape (\\ud800)."""
    response = client.http.post("/api/v1/push", content=json.dumps({"ops": list(ops)}),
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _statuses(results: list[dict[str, Any]]) -> list[str]:
    return [r["status"] for r in results]


def _fields(client: Client, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = client.rows()
    return [rows[(o["table"], o["row_id"])]["fields"] for o in ops]


def _same_instant(stored: str, sent: str) -> bool:
    return datetime.fromisoformat(stored) == datetime.fromisoformat(sent)


def _check_as_sent(stored: dict[str, Any], sent: dict[str, Any]) -> None:
    for name, value in sent.items():
        if name == "held_at":  # in UTC, to the microsecond, on every database
            assert stored[name] == datetime.fromisoformat(value).astimezone(UTC).isoformat(), \
                (name, stored[name], value)
        elif name == "area_m2":
            assert stored[name] == format(Decimal(value), "f"), (stored[name], value)
        else:
            assert stored[name] == value, (name, stored[name], value)


def test_hostile_text_times_and_areas_by_copy_read_back_as_small_pushes_store_them(
    server: ServerHandle, district: District,
) -> None:
    caseworker = server.user("caseworker", STREET_A)
    compound = district.compounds[STREET_A]
    count = max(COPY_MIN_ROWS + 6, 2 * len(TEXTS))
    big = _meetings(compound, "big", count) + _units(compound, "big", count)
    small = _meetings(compound, "big", count) + _units(compound, "small", count)
    big_results = _push(caseworker, *big)
    assert _statuses(big_results) == ["applied"] * len(big), big_results[:3]
    for start in range(0, len(small), 10):  # under COPY_MIN_ROWS: the executemany path
        results = _push(caseworker, *small[start:start + 10])
        assert _statuses(results) == ["applied"] * len(results), results
    big_rows, small_rows = _fields(caseworker, big), _fields(caseworker, small)
    for sent, by_copy, by_insert in zip(big, big_rows, small_rows, strict=True):
        if sent["table"] == "units":
            by_insert = {**by_insert, "building": "big"}
        assert by_copy == by_insert, (sent["fields"], by_copy, by_insert)
        _check_as_sent(by_copy, sent["fields"])
    # The push's answer carries the row as the pull does (its timestamps keep the offset as
    # sent, the pull's are in UTC: the same instant).
    for result, fields in zip(big_results, big_rows, strict=True):
        answered = dict(result["row"]["fields"])
        if "held_at" in fields:
            assert _same_instant(answered.pop("held_at"), fields["held_at"])
            fields = {k: v for k, v in fields.items() if k != "held_at"}
        assert answered == fields
    assert _push(caseworker, *big) == big_results  # a replay answers the same


def test_bad_ops_in_a_copy_batch_are_refused_alone(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    compound = district.compounds[STREET_A]
    good = _units(compound, "bad-mix", COPY_MIN_ROWS + 16)
    bad = {
        10: op("units", new_id(), compound_id=compound, building="bad-mix", room="x1",
               owner_name="half \ud800 emoji", area_m2="1"),
        20: op("units", new_id(), compound_id=compound, building="bad-mix", room="x2",
               owner_name="nul\x00here", area_m2="1"),
        30: op("units", new_id(), compound_id=compound, building="bad-mix", room="007",
               area_m2="80"),  # the same unit as good[7]: a unique clash
        40: op("units", new_id(), compound_id=new_id(), building="bad-mix", room="x4",
               area_m2="1"),  # a compound that does not exist
        50: op("units", new_id(), compound_id=compound, building="bad-mix", room="x5",
               area_m2="0"),  # below the smallest area
        60: op("units", new_id(), compound_id=compound, building="bad-mix", room="x6",
               area_m2="100000.0001"),  # above the largest
        70: op("units", new_id(), compound_id=compound, building="bad-mix", room="x7",
               owner_name="长" * 81, area_m2="1"),  # one character over the column
        75: op("units", new_id(), compound_id=compound, building="bad-mix", room="x8",
               owner_name="\ufeffbom", area_m2="1"),  # an invisible character
        77: op("units", new_id(), compound_id=compound, building="bad-mix", room="x9",
               owner_name="bell\x07", area_m2="1"),  # a control character
    }
    batch = list(good)
    for at in sorted(bad):
        batch.insert(at, bad[at])
    results = _push(caseworker, *batch)
    refused = {i for i, r in enumerate(results) if r["status"] != "applied"}
    assert refused == set(bad), [(i, results[i]) for i in sorted(refused ^ set(bad))]
    assert all(results[i]["status"] == "refused" for i in bad)
    rows = caseworker.rows()
    assert all(("units", o["row_id"]) not in rows for o in bad.values())
    for sent, stored in zip(good, _fields(caseworker, good), strict=True):
        _check_as_sent(stored, sent["fields"])
    assert _push(caseworker, *batch) == results  # a replay answers the same, refusals included


def test_a_refused_parent_in_a_copy_batch_takes_only_its_children(
    server: ServerHandle, district: District,
) -> None:
    """A new compound refused when written (its name clashes with a live compound of its
    community) among many new units, half of them under it: the COPY of the units meets a
    foreign key with no row; the batch is redone op by op and refuses just the compound and its
    units. A unit clashing with one already on the server is refused alone as well."""
    caseworker = server.user("caseworker", STREET_A)
    existing = district.compounds[STREET_A]
    community = district.communities[STREET_A]
    before = _push(caseworker, op("units", new_id(), compound_id=existing, building="fk-mix",
                                  room="on-server", area_m2="50"))
    assert _statuses(before) == ["applied"]
    clashing = op("compounds", new_id(), community_id=community, name=f"{STREET_A}花园")
    orphans = _units(clashing["row_id"], "fk-mix", COPY_MIN_ROWS)
    good = _units(existing, "fk-mix", COPY_MIN_ROWS)
    twin = op("units", new_id(), compound_id=existing, building="fk-mix", room="on-server",
              area_m2="51")
    batch = [clashing, *[o for pair in zip(orphans, good, strict=True) for o in pair], twin]
    results = _push(caseworker, *batch)
    refused = {batch[i]["row_id"] for i, r in enumerate(results) if r["status"] != "applied"}
    assert refused == {clashing["row_id"], twin["row_id"], *(o["row_id"] for o in orphans)}
    rows = caseworker.rows()
    assert all(("units", o["row_id"]) in rows for o in good)
    assert not any(("units", o["row_id"]) in rows for o in orphans)
    assert ("compounds", clashing["row_id"]) not in rows
    assert _push(caseworker, *batch) == results


def test_timestamps_past_the_calendar_and_a_changed_replay_among_many(
    server: ServerHandle, district: District,
) -> None:
    """Among many new meetings: a time whose UTC falls before year 1 or after 9999 is refused
    alone. Sent again with one op's fields changed under the same op id, that op is refused
    and every other op answers as the first time."""
    caseworker = server.user("caseworker", STREET_A)
    compound = district.compounds[STREET_A]
    meetings = _meetings(compound, "cal", COPY_MIN_ROWS + 4)
    bad = {
        5: op("meetings", new_id(), compound_id=compound, held_at="0001-01-01T00:00:00+14:00"),
        9: op("meetings", new_id(), compound_id=compound,
              held_at="9999-12-31T23:59:59.999999-12:00"),
        13: op("meetings", new_id(), compound_id=compound, held_at="2026-13-01T00:00:00+08:00"),
        17: op("meetings", new_id(), compound_id=compound, held_at="2026-03-01T10:00:00"),
    }
    batch = list(meetings)
    for at in sorted(bad):
        batch.insert(at, bad[at])
    results = _push(caseworker, *batch)
    refused = {i for i, r in enumerate(results) if r["status"] != "applied"}
    assert refused == set(bad), [(i, results[i]["error"]) for i in sorted(refused ^ set(bad))]
    changed = [dict(o) for o in batch]
    changed[30] = {**changed[30], "fields": {**changed[30]["fields"], "title": "换了内容"}}
    again = _push(caseworker, *changed)
    assert again[30]["status"] == "refused", again[30]
    assert again[:30] + again[31:] == results[:30] + results[31:]
    stored = caseworker.rows()[("meetings", batch[30]["row_id"])]["fields"]
    assert stored["title"] == batch[30]["fields"]["title"]


ODD_IDS = ["\\N", "\\.", "a\tb", "a\nb", "back\\slash", 'q"uote', "x'y", "𠀋😀", " pad ", "NULL",
           "{a,b}", "%s", "\\", "a\rb", "é\u0301", ",;|"]


def test_odd_row_and_op_ids_by_copy_into_rows_index_and_op_records(
    server: ServerHandle, district: District,
) -> None:
    """Row ids and op ids that COPY's text format would read as NULL, end of data, a column or
    a row break: the rows, their index entries and the op records all go by COPY and come back
    under exactly those ids (pull, replay, a later update)."""
    caseworker = server.user("caseworker", STREET_A)
    compound = district.compounds[STREET_A]
    tag = new_id()[:6]
    ops = []
    for n in range(COPY_MIN_ROWS + 8):
        odd = ODD_IDS[n % len(ODD_IDS)]
        unit = op("units", f"{odd}{n}-{tag}", compound_id=compound, building=f"odd-{tag}",
                  room=f"{n:03d}", area_m2="42")
        unit["op_id"] = f"{odd}{n}-{tag}-op"
        ops.append(unit)
    results = _push(caseworker, *ops)
    assert _statuses(results) == ["applied"] * len(ops), results[:2]
    assert [r["op_id"] for r in results] == [o["op_id"] for o in ops]
    rows = caseworker.rows()
    assert all(rows[("units", o["row_id"])]["fields"]["room"] == o["fields"]["room"] for o in ops)
    assert _push(caseworker, *ops) == results
    updates = [op("units", o["row_id"], "update", r["version"], owner_name="改")
               for o, r in zip(ops, results, strict=True)]
    assert _statuses(_push(caseworker, *updates)) == ["applied"] * len(ops)
    rows = caseworker.rows()
    assert all(rows[("units", o["row_id"])]["fields"]["owner_name"] == "改" for o in ops)


def test_a_lone_surrogate_in_an_id_refuses_the_request_and_stores_nothing(
    server: ServerHandle, district: District,
) -> None:
    """A lone surrogate in an op id or a row id is not text at all: the request is refused as
    malformed (422, naming where), nothing of its many ops is stored, and the same ops without
    it are then applied whole."""
    caseworker = server.user("caseworker", STREET_A)
    ops = _units(district.compounds[STREET_A], "sur-ids", COPY_MIN_ROWS + 6)
    for at, key, bad in ((3, "op_id", f"op-\ud800-{new_id()[:8]}"),
                         (40, "row_id", f"r-\udfff-{new_id()[:8]}")):
        hostile = [dict(o) for o in ops]
        hostile[at][key] = bad
        response = caseworker.http.post("/api/v1/push", content=json.dumps({"ops": hostile}),
                                        headers={"Content-Type": "application/json"})
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "invalid_request" and error["params"]["where"] == f"ops.{at}.{key}"
        rows = caseworker.rows()
        assert not any(("units", o["row_id"]) in rows for o in hostile)
    assert _statuses(_push(caseworker, *ops)) == ["applied"] * len(ops)


def test_two_copy_pushes_at_once_with_one_clash_between_them(
    server: ServerHandle, district: District,
) -> None:
    """Two devices push many new units at the same moment, one unit (the same building and room)
    in both: one of the two is refused, everything else of both is applied, nothing fails."""
    first, second = server.user("caseworker", STREET_A), server.user("caseworker", STREET_A)
    compound = district.compounds[STREET_A]
    mine = _units(compound, "race-a", COPY_MIN_ROWS + 20)
    theirs = _units(compound, "race-b", COPY_MIN_ROWS + 20)
    clash = {**theirs[50], "fields": {**theirs[50]["fields"], "building": "race-a", "room": "011"}}
    theirs[50] = clash  # the same unit as mine[11]
    answers: dict[str, list[dict[str, Any]]] = {}

    def push(name: str, client: Client, ops: list[dict[str, Any]]) -> None:
        answers[name] = _push(client, *ops)

    threads = [threading.Thread(target=push, args=("mine", first, mine)),
               threading.Thread(target=push, args=("theirs", second, theirs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    refused = [(name, i) for name, results in answers.items()
               for i, r in enumerate(results) if r["status"] != "applied"]
    assert len(answers) == 2 and refused in ([("mine", 11)], [("theirs", 50)]), refused
    rows = first.rows()
    applied = [o for name, ops in (("mine", mine), ("theirs", theirs)) for i, o in enumerate(ops)
               if (name, i) not in refused]
    assert all(("units", o["row_id"]) in rows for o in applied)

"""Brief push answers (`"brief": true`): an insert or update the server takes exactly as sent is
answered with its version and the server's stamp, without the row; every other answer, and
every answer to a client that does not ask, carries the row as before."""

from __future__ import annotations

from typing import Any

from tests.server.helpers import STREET_A, Client, District, ServerHandle, new_id, op


def _unit(district: District, room: str) -> dict[str, Any]:
    return op("units", new_id(), compound_id=district.compounds[STREET_A], building="简答",
              room=room, area_m2="88.50", owner_name="业主甲")


def _stored(client: Client, table: str, row_id: str) -> dict[str, Any]:
    return client.rows()[(table, row_id)]


def test_an_insert_and_an_update_taken_as_sent_are_answered_with_the_stamp(
        server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "101")
    [inserted] = caseworker.push(insert, brief=True)
    assert inserted["status"] == "applied" and inserted["row"] is None, inserted
    stored = _stored(caseworker, "units", insert["row_id"])
    assert inserted["stamp"] == {"updated_at": stored["updated_at"],
                                 "updated_by": caseworker.name}
    assert inserted["version"] == stored["version"]

    update = op("units", insert["row_id"], "update", base=inserted["version"], owner_name="业主乙")
    [updated] = caseworker.push(update, brief=True)
    assert updated["status"] == "applied" and updated["row"] is None, updated
    stored = _stored(caseworker, "units", insert["row_id"])
    assert stored["fields"]["owner_name"] == "业主乙"
    assert (updated["version"], updated["stamp"]["updated_at"]) == (
        stored["version"], stored["updated_at"])
    # Sent again, the same ops get their first answers, brief as they were.
    assert caseworker.push(insert, update, brief=True) == [inserted, updated]


def test_without_asking_every_answer_carries_the_row(server: ServerHandle,
                                                      district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "102")
    [result] = caseworker.push(insert)
    assert result["row"]["fields"]["room"] == "102"
    assert "stamp" not in result


def test_a_merged_update_carries_the_row(server: ServerHandle, district: District) -> None:
    """Another device changed another field meanwhile: the pushing client needs the row."""
    mine, colleague = server.user("caseworker", STREET_A), server.user("caseworker", STREET_A)
    insert = _unit(district, "103")
    [first] = mine.push(insert, brief=True)
    [theirs] = colleague.push(op("units", insert["row_id"], "update", base=first["version"],
                                 phone="13800000000"), brief=True)
    assert theirs["row"] is None  # theirs was taken as sent
    [merged] = mine.push(op("units", insert["row_id"], "update", base=first["version"],
                            owner_name="业主丙"), brief=True)
    assert merged["status"] == "merged"
    assert merged["row"]["fields"]["phone"] == "13800000000"
    assert merged["row"]["fields"]["owner_name"] == "业主丙"


def test_after_an_answer_with_the_row_the_same_rows_later_ops_carry_it_too(
        server: ServerHandle, district: District) -> None:
    """The client settles a row from its newest answer in the batch: once one answer of the row
    is whole (here a refusal, with the server's row), a brief one after it would leave the
    client with the refusal's row, which predates the later op."""
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "104")
    [first] = caseworker.push(insert, brief=True)
    bad = op("units", insert["row_id"], "update", base=first["version"], area_m2="-5")
    good = op("units", insert["row_id"], "update", base=first["version"], owner_name="业主丁")
    refused, applied = caseworker.push(bad, good, brief=True)
    assert refused["status"] == "refused" and refused["row"] is not None, refused
    assert applied["status"] == "applied"
    assert applied["row"]["fields"]["owner_name"] == "业主丁"
    assert applied["row"]["fields"]["area_m2"] == "88.50"


def test_a_row_the_server_stamps_itself_carries_the_row(server: ServerHandle,
                                                        district: District) -> None:
    """A caseworker's history record: the server sets who and when (server.history), so the
    client must take the row, not its own values."""
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "105")
    caseworker.push(insert, brief=True)
    record = op("audit_entries", new_id(), at="2026-01-10T01:00:00+00:00", actor="冒名",
                action="insert", table_name="units")
    record["fields"]["row_id"] = insert["row_id"]  # the record's own column, not the op's
    [result] = caseworker.push(record, brief=True)
    assert result["status"] == "applied" and result["row"] is not None, result
    assert result["row"]["fields"]["actor"] == caseworker.name

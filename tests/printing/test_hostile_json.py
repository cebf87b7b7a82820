"""JSON kept in text columns arrives from colleagues through sync: a reader given text that is
not JSON of the shape the app writes (deep nesting, 5,000-digit numbers, another shape) shows
nothing for it instead of failing the page or the printout, and the server refuses such text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from app import agenda
from app.elections import actions
from app.printing import render
from app.rules import load_rules
from db.codec import FieldValueError, decode
from db.models import AgendaItem, Election, MeetingItem
from db.store import Store
from tests.printing.conftest import PrintData, run_tool

HOSTILE = ["[" * 100_000, '{"a": ' + "9" * 5000 + "}", "not json", '"x"', "[]", "{}",
           '{"total_owners": "many"}']


def _set(store: Store, table: str, column: str, row_id: str, value: str) -> None:
    with store.transaction() as session:
        session.execute(text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),
                        {"v": value, "id": row_id})


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_a_bad_stored_tally_is_read_as_none(store: Store, printed: PrintData, tmp_path: Path,
                                           value: str) -> None:
    _set(store, "elections", "tally_json", printed.election_id, value)
    view = actions.load_view(store, printed.election_id, load_rules(), date(2024, 6, 1))
    assert view.stored_tally is None
    with store.session() as session:
        pdf = render(session, "result-notice", printed.election_id)  # recounts the ballots
    (tmp_path / "r.pdf").write_bytes(pdf)
    assert "计票" in run_tool("pdftotext", tmp_path / "r.pdf", "-").replace("\n", "")


@pytest.mark.parametrize("value", [*HOSTILE[:5], '{"committee": {"a": 1}}'], ids=range(6))
def test_bad_positions_read_as_none_and_minutes_still_print(
        store: Store, printed: PrintData, value: str) -> None:
    _set(store, "agenda_items", "positions_json", printed.item_id, value)
    with store.session() as session:
        meeting_item = session.query(MeetingItem).filter_by(meeting_id=printed.meeting_id).one()
    _set(store, "meeting_items", "positions_json", meeting_item.id, value)
    with store.session() as session:
        item = session.get(AgendaItem, printed.item_id)
        assert agenda.positions_of(item) == {}
        for kind, record in (("minutes", printed.meeting_id), ("answer-notice", printed.item_id)):
            assert render(session, kind, record).startswith(b"%PDF")


@pytest.mark.parametrize("value", HOSTILE[:5], ids=range(5))
def test_the_server_and_a_restore_refuse_such_json(value: str) -> None:
    column = Election.__table__.c.tally_json
    with pytest.raises(FieldValueError, match="tally_json"):
        decode(column.type, value, "tally_json")
    assert decode(column.type, '{"elected": []}', "tally_json") == '{"elected": []}'


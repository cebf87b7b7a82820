"""The demo district: deterministic, complete (every stage present), only into an empty store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.demo import DEMO_SETTING, generate
from app.errors import BadInput
from app.exporting import export_document
from app.session import get_setting
from db.models.agenda import AGENDA_STAGES
from db.models.elections import ELECTION_KINDS, ELECTION_STAGES
from db.models.geo import LIFECYCLE_STAGES
from db.store import Store, open_store
from tests.foundation.conftest import DEMO_DAY

# Rows the workflow makes get their ids (UUIDv7, time-based) from the store as any row does, so
# ids — and what is signed or hashed with them — differ between two runs; everything else may not.
RUN_FIELDS = {"id", "updated_at", "payload", "signature", "content_hash"}


def content(store: Store) -> dict[str, Any]:
    """The export without what records *when* it was made (times, the audit trail of the run)
    and without ids: per table, the sorted rows with every id and what signs an id left out."""
    import json

    document = export_document(store)
    del document["exported_at"], document["audit_entries"]
    for table, rows in document.items():
        if isinstance(rows, list):
            kept = [{k: v for k, v in row.items() if k not in RUN_FIELDS and not k.endswith("_id")}
                    for row in rows]
            document[table] = sorted(json.dumps(row, sort_keys=True, ensure_ascii=False)
                                     for row in kept)
    return document


@pytest.fixture
def demo(store: Store) -> Store:
    generate(store, "small", today=DEMO_DAY)
    return store


def test_small_demo_is_deterministic(demo: Store, tmp_path: Path) -> None:
    other = open_store(tmp_path / "other", actor="tester")
    try:
        generate(other, "small", today=DEMO_DAY)
        assert content(other) == content(demo)
    finally:
        other.close()


def test_every_stage_is_present(demo: Store) -> None:
    document = export_document(demo)
    assert {e["stage"] for e in document["elections"]} == set(ELECTION_STAGES)
    assert {e["kind"] for e in document["elections"]} == set(ELECTION_KINDS)
    assert {a["stage"] for a in document["agenda_items"]} == set(AGENDA_STAGES)
    assert {c["lifecycle_stage"] for c in document["compounds"]} == set(LIFECYCLE_STAGES)
    assert {m["found_via"] for m in document["party_members"]} >= {"branch_found", "member_reported"}
    assert {b["kind"] for b in document["party_branches"]} == {"single", "joint"}


def test_demo_shape(demo: Store) -> None:
    document = export_document(demo)
    compounds = document["compounds"]
    assert 50 <= len(compounds) <= 70
    assert "第五园" in {c["name"] for c in compounds}
    assert {s["name"] for s in document["streets"]} == {
        "平湖", "坂田", "布吉", "南湾", "横岗", "龙城", "龙岗", "坪地", "园山", "吉华", "宝龙"}
    assert all(p["name"].endswith("（演示）") for p in document["property_companies"])
    assert any(c["residents_committee_acting"] for c in compounds)
    covered = {bc["compound_id"] for bc in document["branch_compounds"]}
    assert any(c["instructor_name"] for c in compounds if c["id"] not in covered)
    owners = [u["owner_key"] for u in document["units"] if not u["developer_unsold"]]
    assert len(owners) > len(set(owners)), "some owners hold several units"
    assert any(u["developer_unsold"] for u in document["units"])
    assert all(len(u["area_m2"].split(".")[1]) == 2 for u in document["units"])
    voting = {e["id"] for e in document["elections"] if e["stage"] in ("voting", "tallied")}
    assert voting and voting <= {b["election_id"] for b in document["ballots"]}
    today = DEMO_DAY.isoformat()
    assert any(a["deadline"] and a["deadline"] < today and a["stage"] in ("decide", "doing")
               for a in document["agenda_items"]), "some open items are overdue"
    assert document["agenda_stage_events"] and document["meeting_items"]
    assert document["meeting_attendance"] and document["committee_members"]


def test_demo_is_marked(demo: Store) -> None:
    with demo.session() as session:
        assert get_setting(session, DEMO_SETTING) == "1"


def test_demo_refuses_a_store_with_data(demo: Store) -> None:
    from db.models import Compound

    with demo.session() as session:
        before = len(session.scalars(select(Compound.id)).all())
    with pytest.raises(BadInput, match="只能放进空的数据库"):
        generate(demo, "small", today=DEMO_DAY)
    with demo.session() as session:
        assert len(session.scalars(select(Compound.id)).all()) == before


def test_demo_elections_past_the_vote_carry_a_real_tally(demo: Store, tmp_path: Path) -> None:
    """Result notices print for the demo: counted elections met the quorum, and their stored
    tally names distinct candidates."""
    import json

    from app.printing import render
    from db.models import Candidate, Election

    with demo.session() as session:
        counted = session.scalars(
            select(Election).where(Election.stage.in_(("tallied", "filed", "seated")))
        ).all()
        assert counted
        for election in counted:
            result = json.loads(election.tally_json or "{}")
            assert result["quorum_met"], election.id
            names = session.scalars(
                select(Candidate.name).where(Candidate.election_id == election.id)).all()
            assert len(names) == len(set(names))
            elected = session.scalars(select(Candidate.name).where(
                Candidate.election_id == election.id, Candidate.status == "elected")).all()
            assert sorted(elected) == sorted(result["elected"])
        assert render(session, "result-notice", counted[0].id)[:5] == b"%PDF-"


def test_the_demo_is_varied_and_mostly_on_time(demo: Store) -> None:
    """Household counts vary from small blocks to large estates; a few elections and open agenda
    items are past their time limit, most are not (the dashboard's red is the exception)."""
    from app.elections.service import list_elections
    from app.rules import load_rules

    document = export_document(demo)
    households = sorted(c["households"] for c in document["compounds"])
    assert households[0] >= 24 and households[-1] >= 3 * households[0]
    assert len(set(households)) > len(households) // 2
    with demo.session() as session:
        rows = list_elections(session, load_rules(), DEMO_DAY)
    under_way = [r for r in rows if r.stage != "filed"]
    late = [r for r in under_way if r.overdue]
    assert len(late) >= 1 and len(late) <= len(under_way) // 4, [(r.compound, r.stage) for r in late]
    today = DEMO_DAY.isoformat()
    open_items = [a for a in document["agenda_items"] if a["stage"] in ("decide", "doing")]
    overdue = [a for a in open_items if a["deadline"] and a["deadline"] < today]
    assert len(overdue) >= 1 and len(overdue) <= len(open_items) // 4


def test_demo_ids_are_time_ordered_like_the_apps(demo: Store, tmp_path: Path) -> None:
    """The builder's ids are UUIDv7 as every id the app makes (db.types.new_ids): rows made one
    after another sort one after another, so a first push of the demo meets the indexes as a
    real district's does. The same demo gets the same ids."""
    import uuid

    from sqlalchemy import text

    from db.models import Unit

    with demo.session() as session:  # in the order they were inserted
        unit_ids = list(session.scalars(text("SELECT id FROM units ORDER BY rowid")))
    assert len(unit_ids) > 100
    assert {uuid.UUID(i).version for i in unit_ids} == {7}
    assert unit_ids == sorted(unit_ids)

    other = open_store(tmp_path / "again", actor="tester")
    try:
        generate(other, "small", today=DEMO_DAY)
        with other.session() as session:
            again = set(session.scalars(select(Unit.id)))
        assert again == set(unit_ids)
    finally:
        other.close()

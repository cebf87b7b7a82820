"""`main.py audit --json` on a hostile store: filing materials that are not JSON or not a list,
a committee whose election was deleted (soft, and hard with foreign keys off), an owners' vote
with zero totals or figures out of order, an election at a stage its kind lacks (an unknown
kind or role the store's CHECK constraints refuse). The audit reports, as JSON, and never crashes with a traceback."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from db.models import CommitteeMember, Election, OwnersCommittee, OwnersVote
from db.store import STORE_FILENAME, Store
from tests.helpers import raw_store
from tests.helpers.cli import run_main
from tests.procedure.conftest import Place, make_place


def _committee(store: Store, place: Place, materials: str, stage: str = "filed") -> tuple[str, str]:
    with store.transaction() as s:
        election = Election(compound_id=place.compound_id, kind="first", stage=stage,
                            historical=True, vote_end=date(2025, 1, 10),
                            result_published_on=date(2025, 1, 12))
        s.add(election)
        s.flush()
        committee = OwnersCommittee(compound_id=place.compound_id, election_id=election.id,
                                    term_start=date(2025, 1, 12), term_end=date(2030, 1, 11),
                                    filing_materials_json="[]")
        s.add(committee)
        s.flush()
        s.add(CommitteeMember(committee_id=committee.id, name="张三", role="alternate", rank=1))
        return election.id, committee.id


def test_audit_json_on_a_hostile_store(store: Store, data_dir: Path) -> None:
    places = [make_place(store, name=f"小区{n}") for n in range(4)]
    bad_json = _committee(store, places[0], "[]")
    not_list = _committee(store, places[1], "[]")
    soft_gone = _committee(store, places[2], "[]")
    hard_gone = _committee(store, places[3], "[]", stage="seated")
    with store.transaction() as s:
        s.add(OwnersVote(compound_id=places[0].compound_id, title="零", held_on=date(2025, 3, 1),
                         election_id=bad_json[0], subject="management_statute"))
        s.add(OwnersVote(compound_id=places[1].compound_id, title="乱", held_on=date(2025, 3, 1),
                         election_id=not_list[0], subject="procedure_rules", total_owners=1,
                         total_area_m2=Decimal(1), voted_owners=5, voted_area_m2=Decimal(50),
                         yes_owners=9, yes_area_m2=Decimal(90)))
        s.get_one(Election, soft_gone[0]).deleted_at = datetime(2025, 6, 1, tzinfo=UTC)
    store.close()
    with raw_store.connect(data_dir / STORE_FILENAME) as db:
        db.execute("UPDATE owners_committees SET filing_materials_json = '{not json' WHERE id = ?",
                   (bad_json[1],))
        db.execute("UPDATE owners_committees SET filing_materials_json = ? WHERE id = ?",
                   (json.dumps({"a": [1, {"b": None}]}), not_list[1]))
        db.execute("UPDATE owners_committees SET filing_materials_json = ? WHERE id = ?",
                   (json.dumps([1, None, "x" * 5000]), soft_gone[1]))
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("DELETE FROM elections WHERE id = ?", (hard_gone[0],))
        db.execute("UPDATE elections SET stage = 'group_formed', kind = 'by_election' WHERE id = ?",
                   (bad_json[0],))
    done = run_main("audit", "--json", data_dir=data_dir)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    codes = {f["code"] for f in report["violations"] + report["info"]}
    assert "election.unreadable" in codes  # the by-election at a stage it lacks, named
    assert "committee.filing_incomplete" in codes  # materials unreadable read as none handed in
    assert report["checked"]["committees"] >= 1
    plain = run_main("audit", data_dir=data_dir)
    assert plain.returncode in (0, 1) and "Traceback" not in plain.stderr, plain.stderr

"""A compound with an owners' register (tests/elections/conftest.py) and elections whose result
is recorded, to seat committees from."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.orm import Session

from app.rules import load_rules
from db.models import Candidate, Election
from tests.elections.conftest import TODAY, Place, place  # the fixture, re-exported

RULES = load_rules()
VOTED = date(2026, 3, 1)
__all__ = ["RULES", "TODAY", "VOTED", "Place", "elect", "place"]


def elect(session: Session, place: Place, votes: list[tuple[str, int, bool]], seats: int = 5,
          kind: str = "first", voted: date = VOTED, tied: tuple[str, ...] = (),
          party: tuple[str, ...] = (), property_staff: tuple[str, ...] = ()) -> Election:
    """An election with its result recorded: `votes` as (name, yes owners, passed), candidate i
    owning place.unit_ids[i]; the elected are the first `seats` who passed (tied excluded)."""
    election = Election(compound_id=place.compound_id, kind=kind, stage="tallied", seats=seats,
                        vote_start=voted, vote_end=voted, result_published_on=voted,
                        stage_since=voted)
    session.add(election)
    session.flush()
    for i, (name, _, _) in enumerate(votes):
        session.add(Candidate(election_id=election.id, name=name, sort_order=i,
                              unit_id=place.unit_ids[i % len(place.unit_ids)],
                              is_party_member=name in party,
                              works_for_property=name in property_staff))
    ranked = sorted(votes, key=lambda v: -v[1])
    elected = [n for n in [n for n, _, ok in ranked if ok][:seats] if n not in tied]
    election.tally_json = json.dumps({
        "matter": "election", "total_owners": 12, "total_area": "1107.25",
        "participating_owners": 12, "participating_area": "1107.25", "quorum_met": True,
        "seats": seats, "elected": elected, "tied_for_last_seat": list(tied),
        "candidates": [{"name": n, "yes_owners": v, "yes_area": f"{v * 88}.00", "passed": ok}
                       for n, v, ok in ranked],
    }, ensure_ascii=False)
    session.flush()
    return election

"""Filing (备案) the elected committee: within 30 days of the election, with the district
housing department AND the street office (指导规则第三十三条), the materials of `[term.filing]`
as a checklist and each body's receipt date — not just a date. Guard for entering `filed`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.committee.records import committee_of
from app.errors import BadInput
from app.messages import Problem, problem
from db.jsontext import read_json_text
from db.models import Election, OwnersCommittee

if TYPE_CHECKING:
    from app.rules import Rules
    from app.rules_term import Material

BODIES = {"housing": "区住房建设部门", "street": "街道办事处"}


@dataclass(frozen=True)
class ChecklistRow:
    material: Material
    done: bool


def handed_in(committee: OwnersCommittee) -> set[str]:
    """The material keys ticked (a malformed value from sync reads as none)."""
    keys = read_json_text(committee.filing_materials_json, list) or []
    return {k for k in keys if isinstance(k, str)}


def checklist(committee: OwnersCommittee, kind: str, rules: Rules) -> list[ChecklistRow]:
    keys = handed_in(committee)
    return [ChecklistRow(m, m.key in keys) for m in rules.term.materials_for(kind)]


def missing(committee: OwnersCommittee, kind: str, rules: Rules) -> list[Material]:
    return [r.material for r in checklist(committee, kind, rules) if r.material.required and not r.done]


def set_material(committee: OwnersCommittee, key: str, done: bool, rules: Rules) -> None:
    if key not in {m.key for m in rules.term.materials}:
        raise BadInput(code="committee.filing_unknown_material", key=key)
    keys = handed_in(committee)
    keys = keys | {key} if done else keys - {key}
    committee.filing_materials_json = json.dumps(sorted(keys))


def record_receipt(committee: OwnersCommittee, body: str, day: date | None, today: date) -> None:
    """The day a body acknowledged receipt of the filing (None clears it)."""
    if body not in BODIES:
        raise BadInput(code="committee.filing_unknown_body", body=body)
    if day is not None and day > today:
        raise BadInput(code="committee.receipt_future", body=BODIES[body], day=day)
    if day is not None and committee.term_start is not None and day < committee.term_start:
        raise BadInput(code="committee.receipt_before_term", body=BODIES[body], day=day,
            term_start=committee.term_start)
    setattr(committee, f"filing_{body}_on", day)


def filing_due(election_day: date | None, rules: Rules) -> date | None:
    """The last day to file: the election day plus `[filing] days`."""
    return None if election_day is None else election_day + timedelta(days=rules.periods.filing_days)


def filed_complete_on(committee: OwnersCommittee) -> date | None:
    """When the filing was complete: the later of the two receipts (None while one is missing)."""
    if committee.filing_housing_on is None or committee.filing_street_on is None:
        return None
    return max(committee.filing_housing_on, committee.filing_street_on)


def _optional_check(module: str, name: str, *args: Any) -> Problem | None:
    """A check another part of the app provides; skipped while that module is not there yet
    (an error inside an existing module is not hidden)."""
    if find_spec(module) is None:
        return None
    check = getattr(import_module(module), name, None)
    if check is None:
        return None
    result: Problem | None = check(*args)
    return result


def filing_problem(session: Session, election: Election, rules: Rules, today: date
                   ) -> Problem | None:
    """Why the committee may not be filed yet (guard for entering `filed`), or None."""
    committee = committee_of(session, election)
    if committee is None:
        return problem("committee.no_record")
    source = rules.periods.filing_origin.source
    lacking = missing(committee, election.kind, rules)
    if lacking:
        return problem("filing.materials_missing", materials=[m.name for m in lacking],
                       source=source)
    absent = [BODIES[b] for b in BODIES if getattr(committee, f"filing_{b}_on") is None]
    if absent:
        return problem("filing.receipts_missing", bodies=absent, source=source)
    elected = election.result_published_on or election.vote_end
    early = [BODIES[b] for b in BODIES
             if elected is not None and getattr(committee, f"filing_{b}_on") < elected]
    if early:  # a receipt from an earlier filing (e.g. before a by-election) is not this one's
        return problem("filing.receipt_before_result", bodies=early, elected=elected)
    from app.committee.checks import blocking_problems

    blocking = blocking_problems(session, committee, rules, today)
    if blocking:
        return problem("filing.checks_failed", checks=blocking)
    if election.kind == "first":
        statutes = _optional_check("app.owners_votes.first_assembly", "first_assembly_problem",
                                   session, election, rules)
        if statutes is not None:
            return statutes
    return _optional_check("app.elections.procedure", "result_objection_problem",
                           election, rules, today)

"""The checks of the three checkpoints, each pass/fail with its rule source, and the content
each checkpoint's sign-off signs (hashed to detect later changes)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from functools import reduce
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections.check_item import Check
from app.elections.procedure import reps_publication_check
from app.elections.register import compound_units
from app.elections.timing import timing_checks, timing_content
from app.messages import Problem, problem
from app.rule_source import Source
from app.rules import Rules
from db.models import Candidate, Election, GroupMember, Unit

ROLE_NAMES = {
    "street_office": "街道办事处",
    "party_committee": "社区党委/小区党组织",
    "police": "派出所",
    "residents_committee": "居委会",
    "developer": "建设单位",
    "owner_rep": "业主代表",
}


def group_members(session: Session, election_id: str) -> list[GroupMember]:
    return list(session.scalars(
        select(GroupMember).where(GroupMember.election_id == election_id, GroupMember.deleted_at.is_(None))
        .order_by(GroupMember.role, GroupMember.name, GroupMember.id)
    ))


def candidates(session: Session, election_id: str) -> list[Candidate]:
    return list(session.scalars(
        select(Candidate).where(Candidate.election_id == election_id, Candidate.deleted_at.is_(None))
        .order_by(Candidate.sort_order, Candidate.name, Candidate.id)
    ))


def _share_text(part: int, whole: int, need: Fraction) -> Problem:
    return problem("check.share", part=part, whole=whole, num=need.numerator, den=need.denominator)


def _check(code: str, title: Problem | str, passed: bool, detail: Problem | str, origin: Source,
           flag_only: bool = False) -> Check:
    """A Check whose worded parts may be catalogue codes (shown in the screen's language)."""
    return Check(code, str(title), passed, str(detail), origin, flag_only,
                 title if isinstance(title, Problem) else None,
                 detail if isinstance(detail, Problem) else None)


def _owner_units(session: Session, compound_id: str) -> dict[str, Unit]:
    return {u.id: u for u in compound_units(session, compound_id) if not u.developer_unsold}


def group_checks(session: Session, election: Election, rules: Rules,
                 today: date | None = None) -> list[Check]:
    """筹备组人选关. `today` is the day the group acts (signs); without it the representatives'
    publication period is not judged (a caller that only lists the make-up)."""
    g = rules.group
    members = group_members(session, election.id)
    roles = [m.role for m in members]
    reps = [m for m in members if m.role == "owner_rep"]
    checks = [_check(
        "group.size", problem("check.group_size", low=g.min_members, high=g.max_members),
        g.min_members <= len(members) <= g.max_members, problem("check.members_now", n=len(members)),
        g.origin,
    )]
    unknown = sorted({r for r in roles if r not in ROLE_NAMES})
    missing = [ROLE_NAMES.get(r, r) for r in g.required_roles if roles.count(r) != 1]
    extra_dev = roles.count("developer") > 1
    found = [part for part in (
        problem("check.roles_missing", roles=missing) if missing else None,
        problem("check.roles_unknown", roles=unknown) if unknown else None,
        problem("check.extra_developer") if extra_dev else None,
    ) if part is not None]
    checks.append(_check(
        "group.roles", "街道办、党组织、派出所、居委会各一名（建设单位可派一名）",
        not missing and not unknown and not extra_dev,
        reduce(lambda a, b: problem("check.and", a=a, b=b), found) if found else "齐备",
        g.origin,
    ))
    leaders = [m for m in members if m.is_leader]
    checks.append(_check(
        "group.leader", "由街道办事处代表担任组长",
        len(leaders) == 1 and leaders[0].role == g.leader_role,
        problem("check.leader_is", name=leaders[0].name,
                role=ROLE_NAMES.get(leaders[0].role, leaders[0].role))
        if len(leaders) == 1 else problem("check.leaders_count", n=len(leaders)),
        g.origin,
    ))
    checks.append(_check(
        "group.owner_reps", problem("check.reps_range", low=g.owner_reps_min, high=g.owner_reps_max),
        g.owner_reps_min <= len(reps) <= g.owner_reps_max, problem("check.reps_now", n=len(reps)),
        g.origin,
    ))
    owned = _owner_units(session, election.compound_id)
    not_owners = [m.name for m in reps if m.unit_id not in owned]
    checks.append(_check(
        "group.reps_are_owners", "业主代表为本小区名册内业主（符合候选人条件）", not not_owners,
        problem("check.not_on_register", names=not_owners) if not_owners else "均在名册内",
        rules.committee.origin,
    ))
    need = rules.party_share.owner_reps
    party = sum(1 for m in reps if m.is_party_member)
    checks.append(_check(
        "group.party_share", "业主代表中党员比例", bool(reps) and Fraction(party, len(reps)) >= need,
        _share_text(party, len(reps), need), rules.party_share.origin,
    ))
    if today is not None:
        checks.append(reps_publication_check(session, election, rules, today))
    return checks


def candidate_checks(session: Session, election: Election, rules: Rules) -> list[Check]:
    c = rules.committee
    people = candidates(session, election.id)
    if election.kind == "by_election":
        seats_check = _check("candidates.seats", "补选名额", 1 <= election.seats <= c.max_size,
                             problem("check.by_election_seats", n=election.seats), c.origin)
    else:
        seats_check = _check(
            "candidates.seats", problem("check.committee_size", low=c.min_size, high=c.max_size),
            c.size_ok(election.seats), problem("check.seats", n=election.seats), c.origin)
    checks = [seats_check, _check(
        "candidates.count", "候选人数不少于应选名额", len(people) >= election.seats,
        problem("check.candidates_for_seats", count=len(people), seats=election.seats), c.origin,
    )]
    owned = _owner_units(session, election.compound_id)
    not_owners = [p.name for p in people if p.unit_id not in owned]
    checks.append(_check(
        "candidates.owners", "候选人为本小区名册内业主", not not_owners,
        problem("check.not_on_register", names=not_owners) if not_owners else "均在名册内", c.origin,
    ))
    if election.kind == "first" and rules.group.owner_reps_not_first_candidates:
        reps = [m for m in group_members(session, election.id) if m.role == "owner_rep"]
        rep_units = {m.unit_id for m in reps if m.unit_id}
        rep_names = {m.name for m in reps}
        clash = [p.name for p in people if p.name in rep_names or (p.unit_id and p.unit_id in rep_units)]
        checks.append(_check(
            "candidates.not_reps", "筹备组业主代表不得成为首届业委会候选人", not clash,
            problem("check.also_reps", names=clash) if clash else "无", rules.group.origin,
        ))
    need = rules.party_share.candidates
    party = sum(1 for p in people if p.is_party_member)
    checks.append(_check(
        "candidates.party_share", "候选人中党员比例", bool(people) and Fraction(party, len(people)) >= need,
        _share_text(party, len(people), need), rules.party_share.origin,
    ))
    checks.extend(condition_checks(people, rules))
    return checks


def condition_checks(people: list[Candidate], rules: Rules) -> list[Check]:
    """[procedure.candidate_conditions]: a mandatory condition blocks signing 业委会人选关 (a
    district one may be overridden with a reason, a law one never); the others are hints."""
    checks = []
    for condition in rules.procedure.candidate_conditions:
        failing = [p.name for p in people if getattr(p, condition.field, False) is True]
        hint = not condition.mandatory
        title = problem("check.hint_title", title=condition.title) if hint else condition.title
        detail = (problem("check.failing_hint" if hint else "check.failing", names=failing)
                  if failing else problem("check.all_met_hint" if hint else "check.all_met"))
        checks.append(_check(f"candidates.{condition.key}", title, not failing, detail,
                             condition.origin, flag_only=hint))
    return checks


def checks_for(session: Session, election: Election, checkpoint: str, rules: Rules, today: date) -> list[Check]:
    """The checks of this checkpoint for this election's kind ([kinds.<kind>]): 筹备时机关 per
    kind (app.elections.timing); at the group checkpoint only the group checks the kind names
    (a 换届小组 is not an Art. 20 preparatory group)."""
    if checkpoint == "timing":
        return timing_checks(session, election, rules, today)
    if checkpoint == "group":
        found = rules.kinds.of(election.kind)
        applies = found.group_checks if found is not None else None
        return [c for c in group_checks(session, election, rules, today)
                if applies is None or c.code in applies]
    return candidate_checks(session, election, rules)


def content_for(session: Session, election: Election, checkpoint: str) -> dict[str, Any]:
    """Exactly what a sign-off at this checkpoint approves; any later change makes it stale.

    The server computes it from its own rows to check a pushed sign-off (server/signoff.py), so
    lists are ordered here, by code point as SQLite does, not by a database's collation. Fields
    that change after signing without changing what was approved (a candidate's status) are
    left out."""
    if checkpoint == "timing":
        return timing_content(session, election)
    if checkpoint == "group":
        return {
            "checkpoint": "group", "election_id": election.id,
            "members": [
                {"name": m.name, "role": m.role, "is_leader": m.is_leader,
                 "is_party_member": m.is_party_member, "unit_id": m.unit_id}
                for m in sorted(group_members(session, election.id),
                                key=lambda m: (m.role, m.name, m.id))
            ],
        }
    return {
        "checkpoint": "candidates", "election_id": election.id, "seats": election.seats,
        "candidates": [
            {"name": p.name, "unit_id": p.unit_id, "is_party_member": p.is_party_member,
             "works_for_property": p.works_for_property, "fee_arrears": p.fee_arrears,
             "nominated_by": p.nominated_by}
            for p in sorted(candidates(session, election.id),
                            key=lambda p: (p.sort_order, p.name, p.id))
        ],
    }


def content_summary(content: dict[str, Any]) -> list[str]:
    """The signed content in plain words, for the sign-off dialog beside the exact JSON."""
    kind = content.get("checkpoint")
    if kind == "timing":
        e, c, r = content["election"], content["compound"], content["register"]
        return [
            f"小区：{c['name']}；首次交付：{c['delivered_on'] or '未登记'}",
            f"申请日期：{e['applied_on'] or '未登记'}；申请业主 {e['applicant_owners']} 人、"
            f"{e['applicant_area_m2']} m²",
            f"业主名册：{r['parts']} 套专有部分，共 {r['area_m2']} m²（其中未售/未交付 {r['unsold_area_m2']} m²）",
        ]
    if kind == "group":
        lines = [f"筹备组 {len(content['members'])} 人："]
        for m in content["members"]:
            marks = [ROLE_NAMES.get(m["role"], m["role"])]
            marks += ["组长"] if m["is_leader"] else []
            marks += ["党员"] if m["is_party_member"] else []
            lines.append(f"  {m['name']}（{'，'.join(marks)}）")
        return lines
    lines = [f"应选 {content['seats']} 名；候选人 {len(content['candidates'])} 名："]
    for i, p in enumerate(content["candidates"], start=1):
        marks = ["党员"] if p["is_party_member"] else []
        marks += ["物业人员"] if p["works_for_property"] else []
        marks += ["欠费"] if p["fee_arrears"] else []
        lines.append(f"  {i}. {p['name']}" + (f"（{'，'.join(marks)}）" if marks else ""))
    return lines

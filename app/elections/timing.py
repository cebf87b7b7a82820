"""筹备时机关 (checkpoint 1) per election kind: its checks, and the content its sign-off signs.

Every kind: the owners' register exists. Then what the kind's rules ([kinds.<kind>]) name:
- first election: the preparation trigger ([district.preparation_trigger]) and the party
  organisation ready — a branch covers the compound, party members living there found (双找),
  the community party committee's opinion on file;
- re-election: the sitting committee reported to the street office the months ahead the rules
  say, and the election can complete before its term ends;
- by-election / early re-election: the trigger recorded and its condition holding in the records.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.committee.countdown import months_before
from app.elections.check_item import Check
from app.elections.register import compound_units, unit_tuples
from app.elections.stages import flow
from app.elections.tally import build_register
from app.elections.triggers import (
    last_committee_meeting,
    replaced_committee,
    scheduled_term_end,
    trigger_state,
)
from app.messages import Problem, problem
from app.rule_source import Source
from app.rules import Rules, load_rules
from app.rules_kinds import KindFlow
from db.codec import encode
from db.models import (
    BranchCompound,
    CommitteeMember,
    Compound,
    Election,
    OwnersVote,
    PartyBranch,
    PartyMember,
)

# The checks of a kind's own conditions. They read records the election itself changes (the
# sitting committee it replaces or fills), so the audit judges them its own way (app.audit.kinds).
KIND_CHECK_CODES = frozenset({
    "timing.party_branch", "timing.party_members", "timing.party_opinion", "timing.term_on_file",
    "timing.reported", "timing.completes", "timing.trigger_recorded", "timing.trigger_holds",
})


def _coded(code: str, title: Problem, passed: bool, detail: Problem, origin: Source) -> Check:
    """A check worded by catalogue codes: its Chinese text is stored and signed, the codes let
    the English UI word it (resources/i18n/errors.toml, timing.*)."""
    return Check(code, str(title), passed, str(detail), origin, False, title, detail)


def _day(day: date | None) -> Problem | str:
    """A date as written in a finding, or 未登记 (in the screen's language)."""
    return str(day) if day is not None else problem("timing.not_recorded")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return date(day.year + years, 3, 1)


def timing_checks(session: Session, election: Election, rules: Rules, today: date) -> list[Check]:
    units = compound_units(session, election.compound_id)
    register = build_register(unit_tuples(units), rules)
    checks = [_coded(
        "timing.register", problem("timing.register_title"), bool(units),
        problem("timing.register_found", units=len(units), owners=register.total_owners,
                area=register.total_area),
        rules.counting.origin,
    )]
    found = flow(election.kind, rules)
    if found is None:
        return checks
    if found.preparation:
        checks.append(_preparation_check(session, election, rules, today))
    if found.party_origin is not None:
        checks += _party_checks(session, election, found, today)
    if found.report_months is not None:
        checks += _term_checks(session, election, found, rules, today)
    if found.triggers:
        checks += _trigger_checks(session, election, found, rules, today)
    return checks


def _preparation_check(session: Session, election: Election, rules: Rules, today: date) -> Check:
    compound = session.get(Compound, election.compound_id)
    units = compound_units(session, election.compound_id)
    register = build_register(unit_tuples(units), rules)
    total_area = register.total_area
    delivered = sum((u.area_m2 for u in units if not u.developer_unsold), Decimal(0))
    trigger = rules.trigger
    reasons: list[Problem] = []
    if total_area and Fraction(delivered) >= trigger.delivered_area_share * Fraction(total_area):
        reasons.append(problem("timing.reason_area"))
    delivered_on = compound.delivered_on if compound else None
    years = trigger.years_since_first_delivery
    if delivered_on and today >= _add_years(delivered_on, years):
        reasons.append(problem("timing.reason_years", years=years))
    applicants = trigger.applicant_share
    if register.total_owners and (
        Fraction(election.applicant_owners) >= applicants * register.total_owners
        or Fraction(election.applicant_area_m2) >= applicants * Fraction(total_area)
    ):
        reasons.append(problem("timing.reason_applicants"))
    share = f"{trigger.delivered_area_share.numerator}/{trigger.delivered_area_share.denominator}"
    app_share = f"{applicants.numerator}/{applicants.denominator}"
    return _coded(
        "timing.trigger", problem("timing.trigger_title"), bool(reasons),
        problem("timing.trigger_found", delivered=delivered, total=total_area, share=share,
                delivered_on=_day(delivered_on), years=years,
                owners=election.applicant_owners, area=election.applicant_area_m2,
                app_share=app_share,
                met=problem("timing.trigger_met", reasons=reasons) if reasons else ""),
        trigger.origin,
    )


def covering_branches(session: Session, compound_id: str) -> list[PartyBranch]:
    """The live party branches covering the compound (its own or a joint one)."""
    return list(session.scalars(
        select(PartyBranch).join(BranchCompound, BranchCompound.branch_id == PartyBranch.id)
        .where(BranchCompound.compound_id == compound_id, BranchCompound.deleted_at.is_(None),
               PartyBranch.deleted_at.is_(None)).order_by(PartyBranch.id)))


def resident_party_members(session: Session, compound_id: str) -> list[PartyMember]:
    return list(session.scalars(select(PartyMember).where(
        PartyMember.compound_id == compound_id, PartyMember.deleted_at.is_(None))
        .order_by(PartyMember.id)))


def _party_checks(session: Session, election: Election, found: KindFlow, today: date
                  ) -> list[Check]:
    origin = found.party_origin
    assert origin is not None
    branches = covering_branches(session, election.compound_id)
    members = resident_party_members(session, election.compound_id)
    reached = [m for m in members if m.found_via is not None]
    opinion = election.party_opinion.strip()
    on = election.party_opinion_on
    kinds = {"single": "timing.branch_single", "joint": "timing.branch_joint"}
    covering = [problem(kinds.get(b.kind, "timing.branch_other"), name=b.name, kind=b.kind)
                for b in branches]
    return [
        _coded("timing.party_branch", problem("timing.party_branch_title"), bool(branches),
               problem("timing.branches", branches=covering) if covering
               else problem("timing.no_branch"), origin),
        _coded("timing.party_members", problem("timing.party_members_title"), bool(reached),
               problem("timing.party_members_found", members=len(members), reached=len(reached)),
               origin),
        _coded("timing.party_opinion", problem("timing.party_opinion_title"),
               bool(opinion) and on is not None and on <= today,
               problem("timing.party_opinion_found", on=str(on), opinion=opinion[:60])
               if opinion and on else problem("timing.no_party_opinion"), origin),
    ]


def earliest_completion(election: Election, rules: Rules, today: date) -> date:
    """The vote's planned last day, else the earliest day it could end counting from `today`:
    the candidate notice and objection window, and the assembly notice period."""
    if election.vote_end is not None:
        return election.vote_end
    days = max(rules.periods.candidate_notice_days, rules.periods.objection_days,
               rules.assembly_notice_days)
    return today + timedelta(days=days)


def _term_checks(session: Session, election: Election, found: KindFlow, rules: Rules,
                 today: date) -> list[Check]:
    origin, months = found.report_origin, found.report_months
    assert origin is not None and months is not None
    committee = replaced_committee(session, election)
    term_end = scheduled_term_end(session, committee, rules) if committee is not None else None
    checks = [_coded("timing.term_on_file", problem("timing.term_on_file_title"),
                     term_end is not None,
                     problem("timing.term_found", start=_day(committee.term_start),
                             end=_day(term_end))
                     if committee is not None else problem("timing.no_committee"), origin)]
    if term_end is None:
        return checks
    latest = months_before(term_end, months)
    reported = election.reported_on
    checks.append(_coded(
        "timing.reported", problem("timing.reported_title", months=months),
        reported is not None and reported <= latest,
        problem("timing.reported_found", reported=_day(reported), latest=str(latest),
                end=str(term_end)), origin))
    planned = earliest_completion(election, rules, today)
    checks.append(_coded(
        "timing.completes", problem("timing.completes_title"), planned <= term_end,
        problem("timing.vote_ends" if election.vote_end else "timing.vote_earliest",
                day=str(planned), end=str(term_end)), origin))
    return checks


def _trigger_checks(session: Session, election: Election, found: KindFlow, rules: Rules,
                    today: date) -> list[Check]:
    trigger = found.trigger(election.trigger)
    choices = [t.title for t in found.triggers]
    checks = [_coded("timing.trigger_recorded",
                     problem("timing.trigger_recorded_title", kind=found.name),
                     trigger is not None,
                     problem("timing.trigger_is", title=trigger.title) if trigger
                     else problem("timing.no_trigger", choices=choices), found.origin)]
    if trigger is not None:
        state = trigger_state(session, election, trigger, rules, today)
        checks.append(Check("timing.trigger_holds", str(problem("timing.trigger_holds_title",
                                                                title=trigger.title)),
                            state.holds, state.detail, trigger.origin, False,
                            problem("timing.trigger_holds_title", title=trigger.title),
                            state.detail_msg))
    return checks


def timing_content(session: Session, election: Election) -> dict[str, Any]:
    """Exactly what a 筹备时机关 sign-off approves: the application, the register and the facts
    the kind's checks read (none of them depends on the day, so the server computes the same)."""
    compound = session.get(Compound, election.compound_id)
    units = compound_units(session, election.compound_id)
    content: dict[str, Any] = {
        "checkpoint": "timing",
        "election": {
            "id": election.id, "kind": election.kind, "compound_id": election.compound_id,
            "applied_on": encode(election.applied_on),
            "applicant_owners": election.applicant_owners,
            "applicant_area_m2": encode(election.applicant_area_m2),
            "trigger": election.trigger, "reported_on": encode(election.reported_on),
            "party_opinion_on": encode(election.party_opinion_on),
            "party_opinion": election.party_opinion,
        },
        "compound": {
            "name": compound.name if compound else "",
            "delivered_on": encode(compound.delivered_on) if compound else None,
        },
        "register": {
            "parts": len(units),
            "area_m2": encode(sum((u.area_m2 for u in units), Decimal(0))),
            "unsold_area_m2": encode(sum((u.area_m2 for u in units if u.developer_unsold), Decimal(0))),
        },
    }
    found = flow(election.kind)
    if found is not None and found.party_origin is not None:
        members = resident_party_members(session, election.compound_id)
        content["party"] = {
            "branches": sorted(b.id for b in covering_branches(session, election.compound_id)),
            "members": len(members), "found": sum(1 for m in members if m.found_via is not None),
        }
    if found is not None and (found.report_months is not None or found.triggers):
        content["committee"] = _committee_content(session, election)
    return content


def _committee_content(session: Session, election: Election) -> dict[str, Any]:
    committee = replaced_committee(session, election)
    if committee is None:
        return {"id": None}
    members = [m for m in session.scalars(select(CommitteeMember).where(
        CommitteeMember.committee_id == committee.id, CommitteeMember.deleted_at.is_(None)))
        if election.result_published_on is None or m.joined_on is None
        or m.joined_on < election.result_published_on]  # not those this by-election seated
    # As of the application: later meetings and votes (the next committee's) never make the
    # approval stale.
    until = election.applied_on
    last = last_committee_meeting(session, election.compound_id, until)
    query = select(OwnersVote).where(
        OwnersVote.compound_id == election.compound_id, OwnersVote.deleted_at.is_(None),
        OwnersVote.subject == "removal")
    if until is not None:
        query = query.where(OwnersVote.held_on <= until)
    removals = session.scalars(query)
    return {
        "id": committee.id, "term_start": encode(committee.term_start),
        # as scheduled: seating a successor early shortens the stored term_end afterwards
        "term_end": encode(scheduled_term_end(session, committee, load_rules())),
        "members": sorted(([m.name, m.role, encode(m.left_on)] for m in members),
                          key=lambda m: (m[1], m[0], m[2] or "")),
        "last_meeting": encode(last),
        "removal_votes": sorted(
            [v.id, encode(v.held_on), v.matter, v.total_owners, encode(v.total_area_m2),
             v.voted_owners, encode(v.voted_area_m2), v.yes_owners, encode(v.yes_area_m2)]
            for v in removals),
    }

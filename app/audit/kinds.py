"""Each election kind's own conditions ([kinds.<kind>]), judged once the election is past its
筹备时机关 (historical records excepted: they never passed it in this app):

- first election: the party organisation was ready — a branch covers the compound, party
  members living there were found (双找), and the community party committee's opinion was
  recorded no later than the checkpoint's approval (先建支部);
- re-election: the sitting committee reported to the street office the months ahead the rules
  set, and the election was completed before the term it replaces ended (it is overdue while
  still running past that day);
- by-election / early re-election: a trigger the rules name is recorded, and (until the result
  changes the committee) its condition held on the day the checkpoint was approved.

A district rule overridden at the checkpoint with a recorded reason is information, not a
violation; a law never is overridden.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from app.audit.context import AuditContext
from app.audit.findings import Finding
from app.committee.countdown import months_before
from app.elections.service import election_problems
from app.elections.stages import flow, stages_for
from app.elections.standing import standing_signoffs
from app.elections.timing import covering_branches, resident_party_members
from app.elections.triggers import replaced_committee, scheduled_term_end, trigger_state
from app.rules import Source
from app.rules_kinds import KindFlow
from db.models import Election

WORDING: dict[str, Any] = {
    "kinds.party_branch": lambda _p: "首次选举已过筹备时机关，但没有覆盖本小区的党支部（先建支部）",
    "kinds.party_members": lambda p: f"首次选举已过筹备时机关，但未找到在本小区居住的党员（双找）：登记 "
    f"{p['members']} 名，找到 {p['found']} 名",
    "kinds.party_opinion": lambda p: "首次选举已过筹备时机关，但社区党委意见"
    + (f"迟至 {p['opinion_on']} 才记录（关口 {p['passed_on']} 已通过）" if p.get("opinion_on")
       else "未记录"),
    "kinds.no_committee": lambda _p: "换届选举，但没有被换届的业主委员会或其任期届满日",
    "kinds.report_late": lambda p: f"任期 {p['term_end']} 届满，应于 {p['due']} 前向街道办事处报告换届，"
    + (f"{p['reported_on']} 才报告" if p.get("reported_on") else "没有报告记录"),
    "kinds.finished_after_term": lambda p: f"任期 {p['term_end']} 届满，换届选举 {p['elected_on']} "
    "才产生结果",
    "kinds.running_after_term": lambda p: f"任期已于 {p['term_end']} 届满（{p['days_over']} 天前），"
    "换届选举仍未产生结果",
    "kinds.no_trigger": lambda p: f"{p['kind_name']}没有登记事由（可选：{p['choices']}）"
    if not p.get("trigger") else f"{p['kind_name']}事由“{p['trigger']}”不是规则所列事由",
    "kinds.trigger_not_met": lambda p: f"{p['kind_name']}事由“{p['title']}”在 {p['on']} 不成立："
    f"{p['detail']}",
    "kinds.overridden": lambda p: f"{p['title']}未满足，筹备时机关签核时已记录越过理由：{p['reason']}",
}


def _passed_timing(election: Election, found: KindFlow) -> bool:
    stages = found.stages
    return "checkpoint_timing" in stages and \
        stages.index(election.stage) > stages.index("checkpoint_timing")


def _tallied(election: Election) -> bool:
    stages = stages_for(election.kind)
    return stages.index(election.stage) >= stages.index("tallied")


class _Judge:
    """One election's findings: a failing district rule overridden at the checkpoint is info."""

    def __init__(self, ctx: AuditContext, election: Election) -> None:
        self.ctx, self.election = ctx, election
        standing = standing_signoffs(ctx.session, election).get("timing")
        self.approval = standing.approval if standing is not None else None
        self.passed_on: date = (self.approval.signed_at.date() if self.approval is not None
                                else election.stage_since or ctx.today)

    def __call__(self, code: str, origin: Source, title: str, params: dict[str, Any]) -> Finding:
        reason = self.approval.override_reason if self.approval is not None else ""
        if reason and not origin.is_law:
            return self.ctx.finding("kinds.overridden", self.election, origin,
                                    {"code": code, "title": title, "reason": reason}, "info")
        return self.ctx.finding(code, self.election, origin, params)


def _first(ctx: AuditContext, election: Election, found: KindFlow, judge: _Judge
           ) -> Iterator[Finding]:
    origin = found.party_origin
    if origin is None:
        return
    if not covering_branches(ctx.session, election.compound_id):
        yield judge("kinds.party_branch", origin, "党支部覆盖本小区", {})
    members = resident_party_members(ctx.session, election.compound_id)
    reached = sum(1 for m in members if m.found_via is not None)
    if not reached:
        yield judge("kinds.party_members", origin, "找到本小区居住的党员",
                    {"members": len(members), "found": reached})
    on = election.party_opinion_on
    if on is None or not election.party_opinion.strip() or on > judge.passed_on:
        yield judge("kinds.party_opinion", origin, "社区党委意见",
                    {"opinion_on": on.isoformat() if on and election.party_opinion.strip() else None,
                     "passed_on": judge.passed_on.isoformat()})


def _reelection(ctx: AuditContext, election: Election, found: KindFlow, judge: _Judge
                ) -> Iterator[Finding]:
    origin, months = found.report_origin, found.report_months
    if origin is None or months is None:
        return
    committee = replaced_committee(ctx.session, election)
    term_end = scheduled_term_end(ctx.session, committee, ctx.rules) if committee else None
    if term_end is None:
        yield judge("kinds.no_committee", origin, "被换届的业主委员会及其任期", {})
        return
    due = months_before(term_end, months)
    reported = election.reported_on
    if reported is None or reported > due:
        yield judge("kinds.report_late", origin, "按期报告换届",
                    {"term_end": term_end.isoformat(), "due": due.isoformat(),
                     "reported_on": reported.isoformat() if reported else None})
    elected = election.result_published_on or (election.vote_end if _tallied(election) else None)
    if elected is not None and elected > term_end:
        yield judge("kinds.finished_after_term", origin, "任期届满前完成换届",
                    {"term_end": term_end.isoformat(), "elected_on": elected.isoformat()})
    elif elected is None and ctx.today > term_end:
        yield judge("kinds.running_after_term", origin, "任期届满前完成换届",
                    {"term_end": term_end.isoformat(), "days_over": (ctx.today - term_end).days})


def _triggered(ctx: AuditContext, election: Election, found: KindFlow, judge: _Judge
               ) -> Iterator[Finding]:
    if not found.triggers:
        return
    trigger = found.trigger(election.trigger)
    if trigger is None:
        yield judge("kinds.no_trigger", found.origin, f"{found.name}事由",
                    {"kind_name": found.name, "trigger": election.trigger,
                     "choices": "、".join(t.title for t in found.triggers)})
        return
    if election.kind == "by_election" and _tallied(election):
        return  # the by-election has filled the vacancies it was held for: not judged again
    state = trigger_state(ctx.session, election, trigger, ctx.rules, judge.passed_on)
    if not state.holds:
        yield judge("kinds.trigger_not_met", trigger.origin, trigger.title,
                    {"kind_name": found.name, "title": trigger.title,
                     "on": judge.passed_on.isoformat(), "detail": state.detail})


def audit_kinds(ctx: AuditContext) -> Iterator[Finding]:
    for election in ctx.elections():
        if election.historical or election_problems(election.kind, election.stage):
            continue  # historical: reported once by the checkpoint family; unreadable: likewise
        found = flow(election.kind, ctx.rules)
        if found is None or not _passed_timing(election, found):
            continue
        judge = _Judge(ctx, election)
        yield from _first(ctx, election, found, judge)
        yield from _reelection(ctx, election, found, judge)
        yield from _triggered(ctx, election, found, judge)

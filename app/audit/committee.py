"""The committee after the vote: first meeting held within the days the rules set (指导规则第
三十二条), filing complete with both bodies' receipts (第三十三条), property-company staff and the
party-member share and 交叉任职 ([term.checks]), a vacancy left open while alternates wait or too
few members left (深圳条例第四十一条), a term ended without re-election (第三十二条)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from app.audit.context import AuditContext
from app.audit.findings import Finding, Severity, Subject
from app.committee import filing
from app.committee.checks import committee_checks
from app.committee.officers import director, first_meeting_due
from app.committee.records import filing_election, latest_committee, members
from app.committee.vacancies import vacancy_status
from app.elections.stages import stages_for
from app.rules import Source
from db.models import Election, OwnersCommittee

# committee check code → finding code (the owners check is reported by app/audit/membership.py)
CHECK_CODES = {"property_staff": "committee.property_staff", "party_share": "committee.party_share",
               "cross_serving": "committee.cross_serving"}
UNDER_WAY = ("reelection", "early")

WORDING: dict[str, Any] = {
    "committee.first_meeting_late": lambda p: f"{p['elected_on']} 选举产生，首次会议应于 {p['due']} "
    f"前召开，{p['held_on']} 才召开（晚 {p['days_over']} 天）",
    "committee.first_meeting_missing": lambda p: f"{p['elected_on']} 选举产生，首次会议应于 "
    f"{p['due']} 前召开并推选主任、副主任，至今未登记（已逾期 {p['days_over']} 天）",
    "committee.first_meeting_early": lambda p: f"首次会议日期 {p['held_on']} 早于选举产生之日 "
    f"{p['elected_on']}，不是本届业委会的首次会议",
    "committee.filing_receipt_early": lambda p: f"{'、'.join(p['bodies'])}的回执日期早于本次选举结果"
    f"（{p['elected_on']}），不是本次备案的回执",
    "committee.director_vacant": lambda _p: "业委会现无主任（主任离任后尚未重新推选）",
    "committee.filing_incomplete": lambda p: "已登记备案，但" + "；".join(p["missing"]),
    "committee.filing_receipt_late": lambda p: f"应于 {p['due']} 前备案，备案机关回执日期为 "
    f"{p['received']}（晚 {p['days_over']} 天）",
    "committee.property_staff": lambda p: f"委员/候补委员在本小区物业服务企业任职：{p['detail']}",
    "committee.party_share": lambda p: f"委员中党员比例不足：{p['detail']}",
    "committee.cross_serving": lambda p: f"与小区党支部交叉任职不足：{p['detail']}",
    "committee.vacancy_unfilled": lambda p: f"委员空缺 {p['vacancies']} 名，尚有候补委员 "
    f"{p['alternates']} 名未递补",
    "committee.early_reelection_due": lambda p: f"现任委员 {p['sitting']} 人，低于原有 "
    f"{p['original']} 人的半数，且无候补委员，应告知街道办事处并重新选举"
    + ("（换届选举已启动）" if p["under_way"] else ""),
    "committee.by_election_due": lambda p: f"委员空缺 {p['vacancies']} 名，候补委员已递补完毕，待补选",
    "committee.term_ended": lambda p: f"任期已于 {p['term_end']} 届满（{p['days_over']} 天前），"
    "尚未完成换届" + ("（换届选举进行中）" if p["under_way"] else ""),
}


def _subject(committee: OwnersCommittee) -> Subject:
    since = f"{committee.term_start} 起" if committee.term_start else "任期未登记"
    return Subject("committee", committee.id, f"业委会（{since}）")


def _committees(ctx: AuditContext) -> list[OwnersCommittee]:
    return list(ctx.session.scalars(select(OwnersCommittee).where(
        OwnersCommittee.deleted_at.is_(None), OwnersCommittee.status == "active",
    ).order_by(OwnersCommittee.id)))


def _under_way(ctx: AuditContext, committee: OwnersCommittee) -> bool:
    """A re-election (or early one) of the compound started after this committee's and not done."""
    return any(e.compound_id == committee.compound_id and e.kind in UNDER_WAY
               and e.id != committee.election_id and e.stage not in ("seated", "filed")
               for e in ctx.elections())


def _past(election: Election | None, stage: str, ctx: AuditContext) -> bool:
    """The election has reached `stage` (in its kind's order)."""
    if election is None:
        return False
    stages = stages_for(election.kind, ctx.rules)
    return stage in stages and election.stage in stages and \
        stages.index(election.stage) >= stages.index(stage)


def _first_meeting(ctx: AuditContext, committee: OwnersCommittee, compound: str,
                   subject: Subject) -> Iterator[Finding]:
    rules = ctx.rules
    due = first_meeting_due(committee, rules)
    if due is None:
        return
    common = {"elected_on": str(committee.term_start), "due": due.isoformat(),
              "required": rules.term.first_meeting_days}
    origin = rules.term.first_meeting_origin
    held = committee.first_meeting_on
    if held is not None and committee.term_start is not None and held < committee.term_start:
        # a crafted or stale date: no meeting of this committee was held before it was elected
        yield Finding("committee.first_meeting_early", "violation", compound, subject, origin,
                      {**common, "held_on": held.isoformat()})
    elif held is not None and held > due:
        yield Finding("committee.first_meeting_late", "violation", compound, subject, origin,
                      {**common, "held_on": held.isoformat(), "days_over": (held - due).days})
    elif held is None and ctx.today > due:
        yield Finding("committee.first_meeting_missing", "violation", compound, subject, origin,
                      {**common, "days_over": (ctx.today - due).days})
    elif held is not None and director(members(ctx.session, committee.id), ctx.today) is None:
        yield Finding("committee.director_vacant", "info", compound, subject, origin, {})


def _filing(ctx: AuditContext, committee: OwnersCommittee, election: Election | None,
            compound: str, subject: Subject) -> Iterator[Finding]:
    """Once the election is past `filed`, the checklist and both receipts must be on file."""
    if election is None or not _past(election, "filed", ctx):
        return
    lacking = [f"缺{m.name}" for m in filing.missing(committee, election.kind, ctx.rules)]
    lacking += [f"无{name}回执日期" for body, name in filing.BODIES.items()
                if getattr(committee, f"filing_{body}_on") is None]
    if lacking:
        severity: Severity = "info" if election.historical else "violation"
        yield Finding("committee.filing_incomplete", severity, compound, subject,
                      ctx.rules.periods.filing_origin, {"missing": lacking})
        return
    # The receipts date the filing; the election's filed_on (judged by app/audit/periods.py)
    # may say on time while the bodies received it late.
    elected = election.result_published_on or election.vote_end
    early = [name for body, name in filing.BODIES.items() if elected is not None
             and (getattr(committee, f"filing_{body}_on") or elected) < elected]
    if early:  # a receipt of an earlier filing (or a crafted date) is not this election's
        yield Finding("committee.filing_receipt_early", "info" if election.historical else "violation",
                      compound, subject, ctx.rules.periods.filing_origin,
                      {"bodies": early, "elected_on": elected.isoformat() if elected else ""})
        return
    due = filing.filing_due(elected, ctx.rules)
    received = filing.filed_complete_on(committee)
    if due is not None and received is not None and received > due and \
            election.filed_on is not None and election.filed_on <= due:
        yield Finding("committee.filing_receipt_late", "violation", compound, subject,
                      ctx.rules.periods.filing_origin,
                      {"due": due.isoformat(), "received": received.isoformat(),
                       "days_over": (received - due).days})


def _checks(ctx: AuditContext, committee: OwnersCommittee, compound: str,
            subject: Subject) -> Iterator[Finding]:
    for check in committee_checks(ctx.session, committee, ctx.rules, ctx.today):
        code = CHECK_CODES.get(check.code)
        if code is not None and not check.passed:
            severity: Severity = "info" if check.flag_only else "violation"
            yield Finding(code, severity, compound, subject, check.origin, {"detail": check.detail})


def _vacancies(ctx: AuditContext, committee: OwnersCommittee, compound: str,
               subject: Subject) -> Iterator[Finding]:
    status = vacancy_status(ctx.session, committee, ctx.rules, ctx.today)
    origin: Source = ctx.rules.term.vacancy_origin
    params: dict[str, Any] = {"original": status.original, "sitting": status.sitting,
                              "alternates": status.alternates, "vacancies": status.vacancies}
    if status.need == "step_in":
        yield Finding("committee.vacancy_unfilled", "violation", compound, subject, origin, params)
    elif status.need == "early":
        under_way = _under_way(ctx, committee)
        yield Finding("committee.early_reelection_due", "info" if under_way else "violation",
                      compound, subject, origin, {**params, "under_way": under_way})
    elif status.need == "by_election":
        yield Finding("committee.by_election_due", "info", compound, subject, origin, params)


def audit_committee(ctx: AuditContext) -> Iterator[Finding]:
    """Every sitting committee against `[term]`."""
    for committee in _committees(ctx):
        compound = ctx.compound_name(committee.compound_id)
        subject = _subject(committee)
        yield from _first_meeting(ctx, committee, compound, subject)
        yield from _filing(ctx, committee, filing_election(ctx.session, committee), compound, subject)
        yield from _checks(ctx, committee, compound, subject)
        yield from _vacancies(ctx, committee, compound, subject)
    yield from _terms_ended(ctx)


def _terms_ended(ctx: AuditContext) -> Iterator[Finding]:
    """Each compound's newest committee, sitting or expired: a term past its end with no
    successor elected (指导规则第三十二条: at most five years)."""
    compounds = ctx.session.scalars(select(OwnersCommittee.compound_id).where(
        OwnersCommittee.deleted_at.is_(None)).distinct().order_by(OwnersCommittee.compound_id))
    for compound_id in list(compounds):
        committee = latest_committee(ctx.session, compound_id)
        if committee is None or committee.term_end is None or committee.term_end >= ctx.today:
            continue
        yield Finding("committee.term_ended", "violation", ctx.compound_name(compound_id),
                      _subject(committee), ctx.rules.term.origin,
                      {"term_end": committee.term_end.isoformat(),
                       "days_over": (ctx.today - committee.term_end).days,
                       "under_way": _under_way(ctx, committee)})


findings = audit_committee  # the name PLAN.md agreed for each helper's audit module

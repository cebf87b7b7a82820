"""Periods the law sets around the vote: the owners' assembly announced at least 15 days before
it meets (物业管理条例第十四条), and the committee filed within 30 days of being elected
(指导规则第三十三条). Only dates on file are judged; a missing date is not guessed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from app.audit.context import AuditContext
from app.audit.findings import Finding
from app.elections.service import election_problems
from app.elections.stages import stages_for
from app.elections.vote_dates import assembly_announced_on
from app.rules import Rules
from db.models import Election


def elected_on(election: Election) -> date | None:
    """The day the committee was elected: the result notice, else the vote's last day."""
    return election.result_published_on or election.vote_end


def _tallied(election: Election, rules: Rules) -> bool:
    stages = stages_for(election.kind, rules)
    return stages.index(election.stage) >= stages.index("tallied")


def audit_periods(ctx: AuditContext) -> Iterator[Finding]:
    rules = ctx.rules
    for election in ctx.elections():
        if election_problems(election.kind, election.stage):
            continue  # reported by the checkpoint family
        notice, vote = assembly_announced_on(election), election.vote_start
        if notice is not None and vote is not None and \
                (vote - notice).days < rules.assembly_notice_days:
            yield ctx.finding("assembly.notice_short", election, rules.assembly_notice_origin,
                              {"notice": notice.isoformat(), "vote_start": vote.isoformat(),
                               "days": (vote - notice).days,
                               "required": rules.assembly_notice_days})
        elected = elected_on(election)
        if elected is None or not _tallied(election, rules):
            continue
        due = elected + timedelta(days=rules.periods.filing_days)
        origin = rules.periods.filing_origin
        common: dict[str, Any] = {"elected_on": elected.isoformat(), "due": due.isoformat(),
                  "required": rules.periods.filing_days}
        if election.filed_on is None and ctx.today > due:
            yield ctx.finding("filing.overdue", election, origin,
                              {**common, "days_over": (ctx.today - due).days})
        elif election.filed_on is not None and election.filed_on > due:
            yield ctx.finding("filing.late", election, origin,
                              {**common, "filed_on": election.filed_on.isoformat(),
                               "days_over": (election.filed_on - due).days})

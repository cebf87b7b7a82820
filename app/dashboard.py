"""District figures per street and community: coverage, owners' committees, 以居代业, elections by
stage, open and overdue agenda items. Pure Python; the dashboard page and its .xlsx export show
exactly these numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.agenda_rules import local_today
from app.agenda_stats import agenda_figures
from app.committee.deadlines import TermReminder, term_reminders
from app.coverage import ORGANISATIONAL, WORK, coverage_by_compound
from app.evaluations import EvaluationFigures, dashboard_figures
from app.rules import Rules, load_rules
from db.models import (
    Community,
    Compound,
    Election,
    Evaluation,
    Street,
)
from db.models.elections import ELECTION_STAGES

ACTIVE_COMMITTEE = "active"
ELECTION_STAGE_LABELS_ZH = {
    "application": "申请", "checkpoint_timing": "筹备时机关", "group_formed": "筹备组成立",
    "checkpoint_group": "筹备组人选关", "candidates_nominated": "候选人提名",
    "checkpoint_candidates": "业委会人选关", "candidate_notice": "候选人公示", "voting": "投票",
    "tallied": "计票", "filed": "备案", "seated": "就任",
}


@dataclass
class AreaFigures:
    """Figures for one street, one community, or the whole district."""

    street: str
    community: str  # "" for a street or district row
    street_id: str = ""
    community_id: str = ""
    compounds: int = 0
    organisational: int = 0
    work: int = 0
    committees: int = 0
    acting: int = 0  # 以居代业
    elections_by_stage: Counter[str] = field(default_factory=Counter)
    open_agenda: int = 0
    overdue_agenda: int = 0
    agenda_items: int = 0
    answered_agenda: int = 0
    answer_days: float = 0.0  # summed over the answered items

    @property
    def avg_days_to_answer(self) -> float | None:
        """Average days from 听 to 回音 (None when nothing was answered)."""
        return round(self.answer_days / self.answered_agenda, 1) if self.answered_agenda else None

    @property
    def answered_pct(self) -> float:
        return _pct(self.answered_agenda, self.agenda_items)

    @property
    def organisational_pct(self) -> float:
        return _pct(self.organisational, self.compounds)

    @property
    def work_pct(self) -> float:
        return _pct(self.work, self.compounds)

    @property
    def covered_pct(self) -> float:
        return _pct(self.organisational + self.work, self.compounds)

    @property
    def committee_pct(self) -> float:
        return _pct(self.committees, self.compounds)

    @property
    def elections(self) -> int:
        return sum(self.elections_by_stage.values())


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


@dataclass
class Dashboard:
    streets: list[AreaFigures]
    communities: list[AreaFigures]
    total: AreaFigures
    today: date
    evaluations: EvaluationFigures | None = None  # this year's 评价权 figures (app.evaluations)
    terms: list[TermReminder] = field(default_factory=list)  # committees in their 换届 countdown

    @property
    def terms_ended(self) -> int:
        return sum(1 for t in self.terms if t.ended)

    @property
    def terms_not_started(self) -> int:
        """In the countdown (or ended) with no re-election started."""
        return sum(1 for t in self.terms if not t.under_way)


def compute(session: Session, today: date | None = None, rules: Rules | None = None) -> Dashboard:
    """All figures from the live rows of the store."""
    today = today or local_today()
    rules = rules or load_rules()
    coverage = coverage_by_compound(session)
    places = session.execute(
        select(Compound.id, Compound.committee_status, Compound.residents_committee_acting,
               Community.id, Community.name, Street.id, Street.name)
        .join(Community, Community.id == Compound.community_id)
        .join(Street, Street.id == Community.street_id)
        .where(Compound.deleted_at.is_(None))
    ).all()
    by_street: dict[str, AreaFigures] = {}
    by_community: dict[str, AreaFigures] = {}
    total = AreaFigures(street="", community="")
    compound_areas: dict[str, tuple[AreaFigures, ...]] = {}
    for cid, committee, acting, comm_id, comm_name, street_id, street_name in places:
        street = by_street.setdefault(street_id, AreaFigures(street_name, "", street_id))
        community = by_community.setdefault(
            comm_id, AreaFigures(street_name, comm_name, street_id, comm_id))
        areas = (street, community, total)
        compound_areas[cid] = areas
        kind = coverage.get(cid)
        for area in areas:
            area.compounds += 1
            area.organisational += kind == ORGANISATIONAL
            area.work += kind == WORK
            area.committees += committee == ACTIVE_COMMITTEE
            area.acting += bool(acting)
    for cid, stage in session.execute(
        select(Election.compound_id, Election.stage).where(Election.deleted_at.is_(None))
    ):
        for area in compound_areas.get(cid, ()):
            area.elections_by_stage[stage] += 1
    for item in agenda_figures(session, by="compound", today=today):
        # the agenda area's own definitions of open, overdue and answered (app.agenda_stats)
        for area in compound_areas.get(item.key, ()):
            area.agenda_items += item.total
            area.open_agenda += item.open
            area.overdue_agenda += item.overdue
            area.answered_agenda += item.answered
            area.answer_days += (item.avg_days_to_answer or 0.0) * item.answered
    streets = sorted(by_street.values(), key=lambda a: a.street)
    communities = sorted(by_community.values(), key=lambda a: (a.street, a.community))
    return Dashboard(streets=streets, communities=communities, total=total, today=today,
                     evaluations=dashboard_figures(session, evaluation_year(session, today)),
                     terms=term_reminders(session, rules, today))


def evaluation_year(session: Session, today: date) -> int:
    """The latest year (not after today's) that has branch evaluations; this year if none.

    Evaluations are made once a year, so early in a year "this year" would show nothing."""
    latest = session.scalar(
        select(func.max(Evaluation.year))
        .where(Evaluation.deleted_at.is_(None), Evaluation.year <= today.year))
    return int(latest) if latest is not None else today.year


TABLE_HEADERS_ZH = (
    "街道", "社区", "小区数", "组织覆盖", "组织覆盖率%", "工作覆盖", "工作覆盖率%", "业委会",
    "业委会覆盖率%", "以居代业", "选举", "未办结议事", "逾期议事", "议事回音率%",
    "平均回音天数",
)


def table_rows(dashboard: Dashboard) -> list[list[object]]:
    """The dashboard table as plain rows (streets with their communities, then the total)."""
    rows: list[list[object]] = []
    for street in dashboard.streets:
        rows.append(_row(street, street.street, "（合计）"))
        for community in dashboard.communities:
            if community.street_id == street.street_id:
                rows.append(_row(community, community.street, community.community))
    rows.append(_row(dashboard.total, "全区", ""))
    return rows


def _row(area: AreaFigures, street: str, community: str) -> list[object]:
    return [street, community, area.compounds, area.organisational, area.organisational_pct,
            area.work, area.work_pct, area.committees, area.committee_pct, area.acting,
            area.elections, area.open_agenda, area.overdue_agenda, area.answered_pct,
            area.avg_days_to_answer if area.avg_days_to_answer is not None else ""]


def export_xlsx(dashboard: Dashboard, path: Path, headers: tuple[str, ...] = TABLE_HEADERS_ZH,
                progress: object | None = None) -> Path:
    """Write the dashboard table (and elections by stage) to an .xlsx file."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from app.exporting import text_row

    book = Workbook()
    sheet = book.active
    sheet.title = "总览"
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table_rows(dashboard):
        sheet.append(text_row(sheet, row))  # names may come from any file: never a formula
    sheet.freeze_panes = "C2"
    for column, width in zip("ABCDEFGHIJKLMNO", (12, 14, *([11] * 13)), strict=False):
        sheet.column_dimensions[column].width = width
    stages = book.create_sheet("选举阶段")
    stages.append(["街道", *(ELECTION_STAGE_LABELS_ZH[s] for s in ELECTION_STAGES)])
    for street in [*dashboard.streets, dashboard.total]:
        stages.append(text_row(stages, [street.street or "全区",
                       *(street.elections_by_stage.get(s, 0) for s in ELECTION_STAGES)]))
    stages.append([f"统计日期 {dashboard.today.isoformat()}"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path

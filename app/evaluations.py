"""The compound party branch's yearly evaluation (评价权) of the owners' committee and of the
property company: a short scored form (questions in resources/rules/ratings.toml, a district
setting) plus comments, who evaluated and when. One evaluation per compound, target and year;
recording it again updates it (the audit trail keeps the earlier answers).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agenda_rules import local_today
from app.errors import BadInput
from app.rating_files import EvaluationForm, parse_form
from app.ratings import CENT
from db.models import BranchCompound, Community, Compound, Evaluation, PartyBranch

TARGETS = ("committee", "company")
TARGET_LABELS = {"committee": "业主委员会", "company": "物业服务企业"}


@lru_cache(maxsize=1)
def default_form() -> EvaluationForm:
    return parse_form()


def branch_of(session: Session, compound_id: str) -> PartyBranch | None:
    """The branch covering the compound (its own or a joint branch), if any."""
    return session.scalar(
        select(PartyBranch)
        .join(BranchCompound, BranchCompound.branch_id == PartyBranch.id)
        .where(BranchCompound.compound_id == compound_id, BranchCompound.deleted_at.is_(None),
               PartyBranch.deleted_at.is_(None))
        .limit(1)
    )


def record_evaluation(
    session: Session, *, compound_id: str, target: str, year: int,
    answers: Mapping[str, Decimal | str], comments: str, evaluator: str, evaluated_on: date,
    form: EvaluationForm | None = None,
) -> Evaluation:
    """Save the branch's evaluation; every question must be answered within its maximum."""
    form = form or default_form()
    if target not in TARGETS:
        raise BadInput(code="evaluation.bad_target", target=target, targets="/".join(TARGETS))
    compound = session.get(Compound, compound_id)
    if compound is None or compound.deleted_at is not None:
        raise BadInput(code="evaluation.no_compound", compound_id=compound_id)
    branch = branch_of(session, compound_id)
    if branch is None:
        raise BadInput(code="evaluation.no_branch", name=compound.name)
    if not evaluator.strip():
        raise BadInput(code="evaluation.evaluator_required")
    if evaluated_on.year < year:
        raise BadInput(code="evaluation.before_year", year=year, evaluated_on=evaluated_on)
    if evaluated_on > local_today():
        raise BadInput(code="evaluation.future", evaluated_on=evaluated_on)
    values: dict[str, str] = {}
    for question in form.questions[target]:
        raw = answers.get(question.code)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise BadInput(code="evaluation.unscored", question_code=question.code,
                text=question.text)
        try:
            value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
        except ArithmeticError:
            raise BadInput(code="evaluation.not_number", question_code=question.code, raw=raw) from None
        if not value.is_finite() or value < 0 or value > question.max_points:
            raise BadInput(code="evaluation.out_of_range", question_code=question.code,
                max_points=question.max_points, raw=raw)
        values[question.code] = format(value, "f")
    unknown = set(answers) - set(values)
    if unknown:
        raise BadInput(code="evaluation.unknown_items", unknown=", ".join(sorted(unknown)))
    total = sum((Decimal(v) for v in values.values()), Decimal(0))
    row = session.scalar(select(Evaluation).where(
        Evaluation.compound_id == compound_id, Evaluation.target == target,
        Evaluation.year == year, Evaluation.deleted_at.is_(None)))
    if row is None:
        row = Evaluation(compound_id=compound_id, target=target, year=year)
        session.add(row)
    row.branch_id = branch.id
    row.score = total
    row.answers_json = json.dumps(values, sort_keys=True)
    row.comments = comments.strip()
    row.evaluator = evaluator.strip()
    row.evaluated_on = evaluated_on
    session.flush()
    return row


def compounds_with_branch(session: Session) -> list[tuple[str, str, str]]:
    """(compound id, compound name, branch name) of every compound a branch covers."""
    rows = session.execute(
        select(Compound.id, Compound.name, PartyBranch.name)
        .join(BranchCompound, BranchCompound.compound_id == Compound.id)
        .join(PartyBranch, PartyBranch.id == BranchCompound.branch_id)
        .where(Compound.deleted_at.is_(None), BranchCompound.deleted_at.is_(None),
               PartyBranch.deleted_at.is_(None))
        .order_by(Compound.name)
    )
    seen: dict[str, tuple[str, str, str]] = {}
    for compound_id, name, branch in rows:
        seen.setdefault(compound_id, (compound_id, name, branch))
    return list(seen.values())


def evaluations_for_compound(session: Session, compound_id: str) -> list[Evaluation]:
    """A compound's evaluations, newest year first (shown on the compound)."""
    return list(session.scalars(
        select(Evaluation)
        .where(Evaluation.compound_id == compound_id, Evaluation.deleted_at.is_(None))
        .order_by(Evaluation.year.desc(), Evaluation.target)
    ))


@dataclass(frozen=True)
class EvaluationFigures:
    """What the dashboard shows about 评价权 for one year (optionally one street)."""

    year: int
    compounds_with_branch: int
    committee_evaluated: int
    company_evaluated: int
    committee_average: Decimal | None  # exact mean truncated to 0.01; None when none
    company_average: Decimal | None
    low_scores: tuple[tuple[str, str, str, Decimal], ...]  # (compound id, name, target, score)


def dashboard_figures(
    session: Session, year: int, street_id: str | None = None,
    form: EvaluationForm | None = None,
) -> EvaluationFigures:
    """Evaluation figures for the dashboard: coverage, averages and the low scores to follow up."""
    form = form or default_form()
    covered = select(BranchCompound.compound_id).where(BranchCompound.deleted_at.is_(None))
    if street_id is not None:
        covered = covered.join(Compound, Compound.id == BranchCompound.compound_id).join(
            Community, Community.id == Compound.community_id).where(
            Community.street_id == street_id)
    with_branch = len(set(session.scalars(covered)))
    query = (
        select(Evaluation, Compound.name)
        .join(Compound, Compound.id == Evaluation.compound_id)
        .where(Evaluation.year == year, Evaluation.deleted_at.is_(None))
    )
    if street_id is not None:
        query = query.join(Community, Community.id == Compound.community_id).where(
            Community.street_id == street_id)
    scores: dict[str, list[Decimal]] = {t: [] for t in TARGETS}
    low: list[tuple[str, str, str, Decimal]] = []
    for evaluation, name in session.execute(query):
        scores[evaluation.target].append(evaluation.score)
        if evaluation.score <= form.low_score:
            low.append((evaluation.compound_id, name, evaluation.target, evaluation.score))

    def mean(values: list[Decimal]) -> Decimal | None:
        if not values:
            return None
        return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_DOWN)

    return EvaluationFigures(
        year, with_branch, len(scores["committee"]), len(scores["company"]),
        mean(scores["committee"]), mean(scores["company"]),
        tuple(sorted(low, key=lambda entry: (entry[3], entry[1]))),
    )

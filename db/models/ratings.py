"""Property-company star rating (templates of areas and indicators, inspections, scores) and the
branch's yearly evaluations of the owners' committee and the property company."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import MAX_COUNT, Replicated, live_unique
from db.types import BoundedInteger, Choice, DecimalText, UTCDateTime

TEMPLATE_STATUSES = ("draft", "in_use", "retired")
INSPECTION_STATUSES = ("draft", "final")
EVALUATION_TARGETS = ("committee", "company")
MAX_POINTS = 1000  # one indicator or question
MAX_TOTAL_POINTS = 100_000  # a whole template


class RatingTemplate(Replicated):
    """A versioned rating template; one in use is never edited in place."""

    __tablename__ = "rating_templates"
    __table_args__ = (live_unique("rating_templates", "name", "version"),)
    label_zh = "评价模板"
    name: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(BoundedInteger(1, MAX_COUNT), default=1)
    status: Mapped[str] = mapped_column(Choice(10, TEMPLATE_STATUSES), default="draft")
    bands_json: Mapped[str] = mapped_column(Text, default="[]")  # [[stars, min_percent], ...]
    # [{"code", "name", "categories": [agenda categories shown beside the area]}, ...]
    areas_json: Mapped[str] = mapped_column(Text, default="[]")
    note: Mapped[str] = mapped_column(Text, default="")  # e.g. "district setting, not official"


class RatingIndicator(Replicated):
    """One indicator of a template, in one of its areas."""

    __tablename__ = "rating_indicators"
    label_zh = "评价指标"
    template_id: Mapped[str] = mapped_column(ForeignKey("rating_templates.id"), index=True)
    area_code: Mapped[str] = mapped_column(String(8))
    area_name: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    max_points: Mapped[Decimal] = mapped_column(DecimalText(0, MAX_POINTS))
    guidance: Mapped[str] = mapped_column(Text, default="")
    evidence_required: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(BoundedInteger(-MAX_COUNT, MAX_COUNT), default=0)


class RatingInspection(Replicated):
    """A caseworker's scoring of a company's service at a compound on a date."""

    __tablename__ = "rating_inspections"
    label_zh = "物业评价"
    template_id: Mapped[str] = mapped_column(ForeignKey("rating_templates.id"), index=True)
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("property_companies.id"), index=True)
    inspected_on: Mapped[date] = mapped_column(Date)
    inspector: Mapped[str] = mapped_column(String(80), default="")
    total_points: Mapped[Decimal] = mapped_column(DecimalText(0, MAX_TOTAL_POINTS), default=Decimal(0))
    percent: Mapped[Decimal] = mapped_column(DecimalText(0, 100), default=Decimal(0))
    stars: Mapped[int] = mapped_column(BoundedInteger(0, 5), default=0)
    status: Mapped[str] = mapped_column(Choice(10, INSPECTION_STATUSES), default="draft")
    notes: Mapped[str] = mapped_column(Text, default="")
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class RatingScore(Replicated):
    """Points given for one indicator in one inspection, with the deduction explained."""

    __tablename__ = "rating_scores"
    __table_args__ = (live_unique("rating_scores", "inspection_id", "indicator_id"),)
    label_zh = "评价得分"
    inspection_id: Mapped[str] = mapped_column(ForeignKey("rating_inspections.id"), index=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("rating_indicators.id"))
    points: Mapped[Decimal] = mapped_column(DecimalText(0, MAX_POINTS))
    deduction_note: Mapped[str] = mapped_column(Text, default="")


class Evaluation(Replicated):
    """The compound branch's yearly evaluation (评价权) of the owners' committee or the company."""

    __tablename__ = "evaluations"
    label_zh = "支部评价"
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("party_branches.id"), default=None)
    target: Mapped[str] = mapped_column(Choice(10, EVALUATION_TARGETS))
    year: Mapped[int] = mapped_column(BoundedInteger(1900, 2200))
    score: Mapped[Decimal] = mapped_column(DecimalText(0, MAX_TOTAL_POINTS))
    answers_json: Mapped[str] = mapped_column(Text, default="{}")
    comments: Mapped[str] = mapped_column(Text, default="")
    evaluator: Mapped[str] = mapped_column(String(80), default="")
    evaluated_on: Mapped[date] = mapped_column(Date)

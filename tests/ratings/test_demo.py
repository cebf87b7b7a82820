"""The demo generator's ratings: consistent with what app.ratings computes from the scores."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app import evaluations, ratings
from app.demo import generate
from db.models import Attachment, Evaluation, RatingInspection, RatingScore
from db.store import Store


def test_small_demo_has_consistent_inspections_and_evaluations(store: Store) -> None:
    counts = generate(store, "small", today=date(2026, 5, 1))
    assert counts["rating_inspections"] > 40 and counts["evaluations"] > 10
    with store.session() as session:
        finals = session.scalars(select(RatingInspection).where(
            RatingInspection.status == "final")).all()
        assert len(finals) >= counts["rating_inspections"] * 0.8
        for inspection in finals[:10]:
            sheet = ratings.inspection_sheet(session, inspection.id)
            assert sheet.problems() == []  # every deduction explained, evidence recorded
            score = sheet.running_score()
            assert (score.total, score.percent, score.stars) == (
                inspection.total_points, inspection.percent, inspection.stars)
        assert session.scalar(select(func.count()).select_from(RatingScore)) == counts[
            "rating_scores"]
        assert session.scalar(select(func.count()).select_from(Attachment)) == counts[
            "attachments"]
        street_id = ratings.streets(session)[0][0]
        assert ratings.street_ranking(session, street_id)
        figures = evaluations.dashboard_figures(session, 2025)
        assert figures.committee_evaluated == session.scalar(
            select(func.count()).select_from(Evaluation).where(Evaluation.target == "committee"))
        assert figures.committee_average is not None

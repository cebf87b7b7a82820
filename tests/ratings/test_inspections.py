"""Inspections against the store: finishing rules, versioning, history, ranking, agenda links."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app import ratings
from app.errors import BadInput
from db.models import Attachment, RatingInspection, RatingTemplate
from db.store import Store
from tests.ratings.conftest import Place
from tests.ratings.helpers import fill, photo, start


def test_full_inspection_total_percent_and_stars(store: Store, place: Place, tmp_path: Path) -> None:
    with store.transaction() as session:
        inspection_id = start(session, place.compound_id)
        fill(session, inspection_id, tmp_path, photo(tmp_path),
             {"C03": Decimal("1"), "B05": Decimal("0.5"), "E06": Decimal("0")})
        score = ratings.finish_inspection(session, inspection_id)
    assert score.total == Decimal("95.5")  # 100 - 1 - 1.5 - 2
    assert (score.percent, score.stars) == (Decimal("95.50"), 5)
    with store.session() as session:
        saved = session.get(RatingInspection, inspection_id)
        assert saved is not None
        assert (saved.status, saved.total_points, saved.stars) == ("final", Decimal("95.5"), 5)
        assert saved.finished_at is not None
        files = session.scalars(select(Attachment).where(Attachment.owner_table == "rating_scores"))
        assert {a.compound_id for a in files} == {place.compound_id}


def test_exactly_90_points_is_five_stars(store: Store, place: Place, tmp_path: Path) -> None:
    with store.transaction() as session:
        inspection_id = start(session, place.compound_id)
        # 10 points off: A01..A05 (2+2+2+2+1.5 = 9.5) and A08 half off (0.5)
        fill(session, inspection_id, tmp_path, photo(tmp_path),
             {"A01": Decimal(0), "A02": Decimal(0), "A03": Decimal(0), "A04": Decimal(0),
              "A05": Decimal(0), "A08": Decimal("0.5")})
        score = ratings.finish_inspection(session, inspection_id)
    assert (score.total, score.percent, score.stars) == (Decimal("90.0"), Decimal("90.00"), 5)


def test_required_evidence_is_enforced(store: Store, place: Place, tmp_path: Path) -> None:
    with store.transaction() as session:
        inspection_id = start(session, place.compound_id)
        sheet = ratings.inspection_sheet(session, inspection_id)
        for row in sheet.rows:
            ratings.set_score(session, inspection_id, row.indicator_id, row.max_points)
        required = [r.code for r in sheet.rows if r.evidence_required]
        assert "C01" in required
    with store.transaction() as session, pytest.raises(BadInput, match="需要证据照片") as caught:
        ratings.finish_inspection(session, inspection_id)
    assert f"另有 {len(required) - 4} 项" in str(caught.value)
    with store.session() as session:
        draft = session.get(RatingInspection, inspection_id)
        assert draft is not None and draft.status == "draft"


def test_unexplained_deduction_and_missing_scores_block_finishing(
    store: Store, place: Place
) -> None:
    with store.transaction() as session:
        inspection_id = start(session, place.compound_id)
        first = ratings.inspection_sheet(session, inspection_id).rows[3]  # A04, no evidence
        ratings.set_score(session, inspection_id, first.indicator_id, Decimal(1))
        sheet = ratings.inspection_sheet(session, inspection_id)
        assert sheet.rows[3].problem() == "扣分未写说明"
        assert sheet.rows[4].problem() == "未评分"
        with pytest.raises(BadInput, match="A01 未评分"):
            ratings.finish_inspection(session, inspection_id)


def test_out_of_range_points_are_refused_and_final_inspection_is_frozen(
    store: Store, place: Place, tmp_path: Path
) -> None:
    with store.transaction() as session:
        inspection_id = start(session, place.compound_id)
        row = ratings.inspection_sheet(session, inspection_id).rows[0]
        with pytest.raises(BadInput, match=re.escape("A01：得分 2.5 超过满分 2")):
            ratings.set_score(session, inspection_id, row.indicator_id, "2.5")
        with pytest.raises(BadInput, match="得分不能为负数"):
            ratings.set_score(session, inspection_id, row.indicator_id, "-1")
        fill(session, inspection_id, tmp_path, photo(tmp_path))
        ratings.finish_inspection(session, inspection_id)
        with pytest.raises(BadInput, match="已完成"):
            ratings.set_score(session, inspection_id, row.indicator_id, "1", "x")


def test_editing_a_used_template_makes_a_new_version_and_past_scores_stay(
    store: Store, place: Place, tmp_path: Path
) -> None:
    with store.transaction() as session:
        first_id = start(session, place.compound_id)
        fill(session, first_id, tmp_path, photo(tmp_path), {"C03": Decimal(1)})
        before = ratings.finish_inspection(session, first_id)
        used = session.get(RatingInspection, first_id)
        assert used is not None
        old_template_id = used.template_id
        # The district doubles C03's weight and drops its evidence requirement.
        revised = ratings.revise_indicator(session, old_template_id, "C03",
                                           max_points=Decimal(4), evidence=False)
    assert revised.id != old_template_id and revised.version == 2
    with store.transaction() as session:
        old = session.get(RatingTemplate, old_template_id)
        assert old is not None and old.status == "retired"
        old_c03 = next(i for i in ratings.template_indicators(session, old_template_id)
                       if i.code == "C03")
        assert old_c03.max_points == Decimal(2) and old_c03.evidence_required
        assert ratings.current_template(session).id == revised.id
        past = session.get(RatingInspection, first_id)
        assert past is not None
        assert (past.total_points, past.percent, past.stars) == (before.total, before.percent, 5)
        sheet = ratings.inspection_sheet(session, first_id)
        assert sheet.maximum == Decimal(100)
        assert sheet.running_score() == before
        # A new inspection uses version 2: out of 102 points.
        second_id = start(session, place.compound_id, date(2026, 4, 1))
        assert ratings.inspection_sheet(session, second_id).maximum == Decimal(102)


def test_editing_a_draft_template_edits_in_place(store: Store) -> None:
    with store.transaction() as session:
        template = ratings.current_template(session)
        again = ratings.revise_indicator(session, template.id, "A01", text="新的指标内容")
        assert again.id == template.id and again.version == 1
        same = ratings.import_template_file(session, ratings.DEFAULT_TEMPLATE_FILE)
        assert same.id == template.id  # the file differs from the edited draft: edited back
        assert ratings.spec_of(session, same) == ratings.load_template_file(
            ratings.DEFAULT_TEMPLATE_FILE)


def test_history_ranking_and_trend(store: Store, place: Place, tmp_path: Path) -> None:
    evidence = photo(tmp_path)
    with store.transaction() as session:
        for compound_id, on, off in [
            (place.compound_id, date(2025, 8, 1), {"A01": Decimal(0)}),
            (place.compound_id, date(2026, 2, 1), {}),
            (place.other_compound_id, date(2026, 1, 15), {"A01": Decimal(0)}),
        ]:
            inspection_id = start(session, compound_id, on)
            fill(session, inspection_id, tmp_path, evidence, off)
            ratings.finish_inspection(session, inspection_id)
        start(session, place.other_compound_id, date(2026, 3, 1))  # a draft: not ranked
    with store.session() as session:
        history = ratings.company_history(session, place.company_id)
        assert [r.inspected_on for r in history] == [date(2026, 2, 1), date(2026, 1, 15),
                                                     date(2025, 8, 1)]
        assert [r.percent for r in ratings.compound_history(session, place.compound_id)] == [
            Decimal("100.00"), Decimal("98.00")]
        ranking = ratings.street_ranking(session, place.street_id)
        assert [(r.rank, r.row.compound_name, r.row.percent) for r in ranking] == [
            (1, "第五园一期", Decimal("100.00")), (2, "第五园二期", Decimal("98.00"))]
        assert [r.row.compound_name for r in ratings.street_ranking(session, place.street_id, 2025)
                ] == ["第五园一期"]
        trend = ratings.company_trend(session, place.company_id)
        assert [(t.period, t.average_percent, t.inspections) for t in trend] == [
            ("2025-Q3", Decimal("98.00"), 1), ("2026-Q1", Decimal("99.00"), 2)]
        assert [d[1] for d in ratings.draft_inspections(session)] == ["第五园二期"]


def test_ties_share_a_rank(store: Store, place: Place, tmp_path: Path) -> None:
    with store.transaction() as session:
        for compound_id in (place.compound_id, place.other_compound_id):
            inspection_id = start(session, compound_id)
            fill(session, inspection_id, tmp_path, photo(tmp_path))
            ratings.finish_inspection(session, inspection_id)
        assert [r.rank for r in ratings.street_ranking(session, place.street_id)] == [1, 1]


def test_open_agenda_items_shown_beside_matching_areas(store: Store, place: Place) -> None:
    with store.transaction() as session:
        sheet = ratings.inspection_sheet(session, start(session, place.compound_id))
        links = ratings.open_agenda_by_area(session, place.compound_id, sheet.categories_by_area,
                                            today=date(2026, 3, 10))
    assert [(link.title, link.overdue) for link in links["C"]] == [
        ("3栋垃圾桶满溢", True), ("楼道异味", False)]
    assert [link.title for link in links["B"]] == ["地库车位不足"]
    assert links["D"] == []


def test_compound_without_company_cannot_be_inspected(store: Store, place: Place) -> None:
    from db.models import Compound

    with store.transaction() as session:
        compound = session.get(Compound, place.compound_id)
        assert compound is not None
        compound.property_company_id = None
    with store.transaction() as session, pytest.raises(BadInput, match="没有登记物业服务企业"):
        start(session, place.compound_id)

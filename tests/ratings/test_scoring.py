"""Score arithmetic and star bands, exactly at each band's boundary."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app import ratings

BANDS = ratings.load_bands()


@pytest.mark.parametrize(
    ("percent", "stars"),
    [("100", 5), ("90", 5), ("89.99999", 4), ("80", 4), ("79.999", 3), ("70", 3), ("69.99", 2),
     ("60", 2), ("59.99", 1), ("50", 1), ("49.99", 0), ("0", 0)],
)
def test_star_band_at_and_just_below_each_boundary(percent: str, stars: int) -> None:
    assert ratings.star_band(Decimal(percent), BANDS) == stars


def test_score_is_exact_and_the_shown_percentage_never_rounds_up_into_a_band() -> None:
    # 179.99 of 200 = 89.995 %: shown as 89.99, and 4 stars (not 5).
    score = ratings.score_of([Decimal("100"), Decimal("79.99")], Decimal("200"), BANDS)
    assert score.total == Decimal("179.99")
    assert score.percent == Decimal("89.99")
    assert score.stars == 4
    exact = ratings.score_of([Decimal("0.1")] * 900, Decimal("100"), BANDS)
    assert exact.total == Decimal("90.0")  # floats would give 89.99999999999…
    assert exact.percent == Decimal("90.00")
    assert exact.stars == 5


def test_percentage_of_a_template_not_worth_100() -> None:
    score = ratings.score_of([Decimal("96")], Decimal("120"), BANDS)
    assert (score.percent, score.stars) == (Decimal("80.00"), 4)


@pytest.mark.parametrize(
    ("typed", "value", "problem"),
    [("2", Decimal(2), ""), (" 1.5 ", Decimal("1.5"), ""), ("0", Decimal(0), ""),
     ("", None, "请输入得分"), ("abc", None, "“abc”不是数字"), ("-0.5", None, "得分不能为负数"),
     ("2.01", None, "得分 2.01 超过满分 2"), ("NaN", None, "请输入数字")],
)
def test_points_checked_as_typed(typed: str, value: Decimal | None, problem: str) -> None:
    assert ratings.parse_points(typed, Decimal(2)) == (value, problem)


def test_progress_shows_the_best_score_still_reachable(store, place) -> None:  # type: ignore[no-untyped-def]
    from tests.ratings.helpers import start

    with store.transaction() as session:
        inspection_id = start(session, place.compound_id)
        rows = ratings.inspection_sheet(session, inspection_id).rows
        ratings.set_score(session, inspection_id, rows[0].indicator_id, "0.5", "未公示负责人")
        ratings.set_score(session, inspection_id, rows[1].indicator_id, "2")
        progress = ratings.inspection_sheet(session, inspection_id).progress()
    assert (progress.scored, progress.indicators, progress.deducted) == (2, 58, Decimal("1.5"))
    assert (progress.best_possible.total, progress.best_possible.stars) == (Decimal("98.5"), 5)

"""The rankings workbook, read back with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app import ratings, ratings_report
from app.errors import BadInput
from db.store import Store
from tests.ratings.conftest import Place
from tests.ratings.helpers import fill, photo, start


def test_rankings_workbook(store: Store, place: Place, tmp_path: Path) -> None:
    with store.transaction() as session:
        for compound_id, off in ((place.compound_id, {"A08": Decimal("0.5")}),
                                 (place.other_compound_id, {})):
            inspection_id = start(session, compound_id)
            fill(session, inspection_id, tmp_path, photo(tmp_path), off)
            ratings.finish_inspection(session, inspection_id)
    target = tmp_path / "rank.xlsx"
    with store.session() as session:
        assert ratings_report.export_rankings_xlsx(session, target) == 2
    sheet = load_workbook(target)["坂田街道"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("排名", "街道", "小区")
    assert rows[1][:8] == (1, "坂田街道", "第五园二期", "万科物业（测试）",
                           datetime(2026, 3, 10), 100, 100, 5)
    assert rows[2][0] == 2 and rows[2][5] == pytest.approx(99.5)
    assert rows[2][4].date() == date(2026, 3, 10)


def test_wrong_suffix_is_bad_input(store: Store, tmp_path: Path) -> None:
    with store.session() as session, pytest.raises(BadInput, match=r"\.xlsx"):
        ratings_report.export_rankings_xlsx(session, tmp_path / "rank.csv")


def test_rating_report_pdf(store: Store, place: Place, tmp_path: Path) -> None:
    import subprocess

    with store.transaction() as session:
        inspection_id = start(session, place.compound_id)
        fill(session, inspection_id, tmp_path, photo(tmp_path),
             {"C03": Decimal(1)})
        with pytest.raises(BadInput, match="尚未完成"):
            ratings_report.render_rating_report(session, inspection_id)
        ratings.finish_inspection(session, inspection_id)
    with store.session() as session:
        pdf = ratings_report.render_rating_report(session, inspection_id)
    target = tmp_path / "report.pdf"
    target.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "第五园一期物业服务星级评价报告" in text
    assert "99 分（满分 100 分）" in text and "★★★★★" in text
    assert "C03" in text and "C03 现场发现问题" in text
    fonts = subprocess.run(["pdffonts", str(target)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts

"""The default template and the validation of template files: bad files save nothing."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import ratings
from db.models import RatingIndicator, RatingTemplate
from db.store import Store


def test_default_template_has_8_areas_58_indicators_100_points() -> None:
    spec = ratings.load_template_file(ratings.DEFAULT_TEMPLATE_FILE)
    assert len(spec.areas) == 8
    assert len(spec.indicators) == 58
    assert spec.total_points == Decimal(100)
    assert "未公开" in spec.note
    assert [b.stars for b in spec.bands] == [5, 4, 3, 2, 1]
    cleaning = next(a for a in spec.areas if a.name == "环境卫生")
    assert cleaning.categories == ("hygiene",)


def _broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = ratings.DEFAULT_TEMPLATE_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "template.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _template_rows(store: Store) -> tuple[int, int]:
    with store.session() as session:
        return (session.scalar(select(func.count()).select_from(RatingTemplate)) or 0,
                session.scalar(select(func.count()).select_from(RatingIndicator)) or 0)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('guidance = "抽查档案；每缺一类扣0.5分"\n', "",
         "键 areas[A].indicators[A04].guidance：缺少"),
        ('code = "C03"\ntext = "垃圾日产日清，转运及时，无满溢、无异味"\nmax_points = "2"',
         'code = "C03"\ntext = "垃圾日产日清，转运及时，无满溢、无异味"\nmax_points = "0"',
         "键 areas[C].indicators[C03].max_points：应大于 0"),
        ('code = "C03"', 'code = "C02"', "键 areas[C].indicators[C02].code：duplicate code 'C02'"),
        ("areas = 8\n", "areas = 9\n", "键 template.areas：says 9 areas, the file has 8"),
        ('total_points = "100"', 'total_points = "120"',
         "键 template.total_points：says 120, the indicators add up to 100"),
        ('categories = ["hygiene"]', 'categories = ["rubbish"]',
         "键 areas[C].categories：未知的类别 rubbish"),
        ('max_points = "1"\n', "max_points = 1.0\n", "应为写成文本的数字"),
        ('code = "A01"\n', 'code = "A01"\ncolour = "red"\n', "键 areas[A].indicators[A01].colour：未知的键"),
        ('code = "A01"\ntext = "物业服务合同、企业资质及项目负责人信息在小区显著位置公示"\nmax_points = "2"',
         'code = "A01"\ntext = "物业服务合同、企业资质及项目负责人信息在小区显著位置公示"\nmax_points = "1e100000000"',
         "键 areas[A].indicators[A01].max_points：不是合理的数字"),
    ],
    ids=["missing-field", "max-not-positive", "duplicate-code", "area-count", "total",
         "category", "float", "unknown-key", "decimal-bomb"],
)
def test_bad_template_file_names_the_key_and_saves_nothing(
    store: Store, tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = _broken(tmp_path, old, new)
    with (pytest.raises(ratings.TemplateFileError, match=re.escape(message)) as caught,
          store.transaction() as session):
        ratings.import_template_file(session, path)
    assert str(path) in str(caught.value)
    assert _template_rows(store) == (0, 0)


def test_score_above_maximum_in_a_synced_row_blocks_finishing(store: Store, place, tmp_path):  # type: ignore[no-untyped-def]
    """A score can only be above its maximum if it arrived from elsewhere (sync); finishing
    still refuses it, naming the indicator."""
    from tests.ratings.helpers import fill, photo, start

    with store.transaction() as session:
        inspection_id = start(session, place.compound_id)
        sheet = fill(session, inspection_id, tmp_path, photo(tmp_path))
        row = next(r for r in sheet.rows if r.code == "B08")
        from db.models import RatingScore

        score = session.get(RatingScore, row.score_id)
        assert score is not None
        score.points = Decimal("3")  # max is 1
    with store.transaction() as session, pytest.raises(ratings.BadInput, match="B08 得分 3 超过满分 1"):
        ratings.finish_inspection(session, inspection_id)


def test_bands_must_descend(tmp_path: Path) -> None:
    path = tmp_path / "ratings.toml"
    path.write_text('[bands]\nfive = "90"\nfour = "95"\nthree = "70"\ntwo = "60"\none = "50"\n',
                    encoding="utf-8")
    with pytest.raises(ratings.TemplateFileError, match=re.escape("键 bands.four：must be below")):
        ratings.load_bands(path)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text("[template\n", encoding="utf-8")
    with pytest.raises(ratings.TemplateFileError, match="不是有效的 TOML"):
        ratings.load_template_file(path)

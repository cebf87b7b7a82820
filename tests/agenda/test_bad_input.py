"""Bad input to agenda items: a clear message naming the fault, and nothing saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app import agenda
from app.errors import BadInput
from db.models import AgendaItem, AgendaStageEvent, OutboxEntry
from db.store import Store
from tests.agenda.conftest import NOW, District, item_at
from ui.operations import error_text


def _counts(store: Store) -> tuple[int, int, int]:
    with store.session() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(m)) or 0
            for m in (AgendaItem, AgendaStageEvent, OutboxEntry)
        )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": "   "}, "标题不能为空"),
        ({"title": "x" * 121}, "标题过长"),
        ({"category": "parties"}, "未知的类别「parties」"),
        ({"source": "telepathy"}, "未知的来源"),
        ({"compound_id": "nope"}, "找不到小区"),
    ],
)
def test_create_refuses(store: Store, district: District, values: dict[str, str], message: str) -> None:
    before = _counts(store)
    args = {"compound_id": district.garden, "title": "电梯故障", "raised_on": date(2026, 3, 1),
            "category": "repairs", "source": "hotline", **values}
    with pytest.raises(BadInput, match=message), store.transaction() as s:
        agenda.create_item(s, **args)  # type: ignore[arg-type]
    assert _counts(store) == before


def test_a_future_raised_date_is_refused(store: Store, district: District) -> None:
    """An item records a matter already raised: 提出日期 after today is refused, nothing saved."""
    before = _counts(store)
    with pytest.raises(BadInput) as caught, store.transaction() as s:
        agenda.create_item(s, compound_id=district.garden, title="电梯故障",
                           raised_on=date(2026, 3, 11), category="repairs", source="hotline",
                           now=NOW)  # 2026-03-10 in Shenzhen
    assert caught.value.code == "agenda.raised_on_future"
    assert "提出日期（2026-03-11）晚于今天（2026-03-10）" in error_text(caught.value)
    assert _counts(store) == before
    with store.transaction() as s:  # today itself is fine
        agenda.create_item(s, compound_id=district.garden, title="电梯故障",
                           raised_on=date(2026, 3, 10), category="repairs", source="hotline",
                           now=NOW)


def test_the_new_item_dialog_shows_the_future_date_refusal(qtbot: QtBot, store: Store,
                                                           district: District) -> None:
    from app.compound_choices import compound_choices
    from ui.agenda.new_item_dialog import NewItemDialog, NewItemValues

    with store.session() as s:
        choices = compound_choices(s)

    def run(values: NewItemValues) -> None:
        with store.transaction() as s:
            agenda.create_item(s, **values)

    before = _counts(store)
    dialog = NewItemDialog(choices, date.today(), run, compound_id=district.garden)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("楼道堆物")
    dialog.raised_on.field.setFocus()
    dialog.raised_on.field.selectAll()
    qtbot.keyClicks(dialog.raised_on.field, "+14")
    qtbot.keyClick(dialog.raised_on.field, Qt.Key.Key_Tab)
    dialog.try_accept()
    assert dialog.isVisible() and "晚于今天" in dialog.error.text()
    assert _counts(store) == before


def test_labels_are_accepted_as_keys(store: Store, district: District) -> None:
    with store.transaction() as s:
        item = agenda.create_item(
            s, compound_id=district.garden, title="垃圾分类", raised_on=date(2026, 3, 1),
            category="卫生", source="微信群",
        )
        assert (item.category, item.source) == ("hygiene", "wechat")


def test_deadline_before_raised_date_refused_on_edit(store: Store, district: District) -> None:
    item_id = item_at(store, district.garden, "decide", raised_on=date(2026, 3, 5))
    with pytest.raises(BadInput, match=r"办理期限（2026-03-01）早于提出日期（2026-03-05）"), \
            store.transaction() as s:
        agenda.update_item(s, item_id, deadline=date(2026, 3, 1))
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.deadline == date(2026, 4, 1)


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "items.csv"
    path.write_text(body, encoding="utf-8")
    return path


def test_import_with_chinese_headers(store: Store, district: District, tmp_path: Path) -> None:
    path = _csv(tmp_path, "小区,标题,提出日期,类别,来源\n万科第五园,电梯异响,2026-03-02,维修,热线\n"
                          "龙城花园,绿化带缺损,2026-03-03,greening,inspection\n")
    with store.transaction() as s:
        assert agenda.import_items(s, agenda.read_import_file(path), origin=path.name) == 2
    with store.session() as s:
        rows = agenda.load_item_rows(s, today=date(2026, 3, 10))
        assert sorted((r.compound_name, r.category, r.stage) for r in rows) == [
            ("万科第五园", "repairs", "listen"), ("龙城花园", "greening", "listen"),
        ]
        assert len(agenda.timeline(s, rows[0].id)) == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("万科第五园,停车难,2026-03-02,宠物,热线", r"items.csv 第 3 行，category（类别）: 未知的类别「宠物」"),
        ("万科第五园,,2026-03-02,停车,热线", r"第 3 行，title（标题）: 标题不能为空"),
        ("万科第五园,停车难,3/2/2026,停车,热线", r"第 3 行，raised_on（提出日期）"),
        ("不存在小区,停车难,2026-03-02,停车,热线", r"第 3 行，compound（小区）: 找不到小区"),
        ("万科第五园,停车难,2026-03-02,停车,飞鸽", r"第 3 行，source（来源）"),
    ],
)
def test_import_refuses_bad_row_and_saves_nothing(
    store: Store, district: District, tmp_path: Path, line: str, message: str
) -> None:
    path = _csv(tmp_path, f"小区,标题,提出日期,类别,来源\n万科第五园,电梯异响,2026-03-02,维修,热线\n{line}\n")
    before = _counts(store)
    with pytest.raises(BadInput, match=message), store.transaction() as s:
        agenda.import_items(s, agenda.read_import_file(path), origin=path.name)
    assert _counts(store) == before

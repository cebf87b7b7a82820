"""The meeting screens and the date field at 1366×768 in Chinese and in English: each fits the
screen (minimum width ≤ 1,366 px) and is saved to screenshots/ (gitignored) to be looked at —
the meetings page with a planned, an open and an ended meeting; meeting mode, normal and with
the projector's larger text; the date field reading what was typed, and refusing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app import meetings
from db.store import Store
from tests.agenda.conftest import District, item_at
from tests.agenda.ui_helpers import make_ctx
from ui.agenda.meetings_widget import MeetingsWidget
from ui.date_edit import DateEdit

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
SCREEN = (1366, 768)


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    from ui import i18n

    i18n.install_translators(qapp, request.param)
    yield request.param
    for translator in i18n._installed:
        qapp.removeTranslator(translator)
    i18n._installed.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))  # as before


def shoot(qtbot: QtBot, widget: QWidget, name: str, language: str) -> None:
    widget.resize(*SCREEN)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(50)  # style and layout changes settle
    assert widget.minimumSizeHint().width() <= SCREEN[0], (name, widget.minimumSizeHint())
    SHOTS.mkdir(exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"meet_{name}_{language}.png"))


def three_meetings(store: Store, district: District) -> str:
    item_at(store, district.garden, "listen", title="楼道堆物")
    item_at(store, district.garden, "discuss", title="夜间停车难")
    held = datetime(2026, 3, 12, 11, 30, tzinfo=UTC)
    with store.transaction() as s:
        ended = meetings.create_meeting(s, compound_id=district.harbour, kind="joint",
                                        held_at=held, place="会所")
        meetings.start_meeting(s, ended.id, now=held)
        meetings.end_meeting(s, ended.id, now=datetime(2026, 3, 12, 13, 5, tzinfo=UTC))
        under_way = meetings.create_meeting(s, compound_id=district.hill, kind="branch",
                                            held_at=held, place="党群服务站")
        meetings.start_meeting(s, under_way.id, now=held)
        planned = meetings.create_meeting(s, compound_id=district.garden, kind="joint",
                                          held_at=held, place="第五园党群服务站", prefill=True)
        meetings.add_attendee(s, planned.id, name="王书记", role="party_branch")
        return planned.id


def test_meetings_page_and_meeting_mode(language: str, qtbot: QtBot, store: Store,
                                        district: District, data_dir: Path) -> None:
    planned = three_meetings(store, district)
    page = MeetingsWidget(make_ctx(store, data_dir))
    qtbot.addWidget(page)
    page.reload()
    page.select_meeting(planned)
    page.held_on.field.setText("下周五")
    page.held_on._preview("下周五")
    shoot(qtbot, page, "meetings_page", language)
    assert page.start_button.isEnabled() and not page.print_minutes.isEnabled()

    mode = page.open_meeting_mode(planned, full_screen=False)
    qtbot.addWidget(mode)
    mode.deadline.field.setText("+14")
    mode.deadline._preview("+14")
    shoot(qtbot, mode, "meeting_mode", language)
    qtbot.keyClick(mode.large_text, Qt.Key.Key_Space)
    assert mode.large_text.isChecked() and mode.decision.fontInfo().pointSizeF() > page.fontInfo().pointSizeF()
    shoot(qtbot, mode, "meeting_mode_large", language)
    mode.start()
    mode.end()
    shoot(qtbot, mode, "meeting_mode_ended", language)


def test_date_field(language: str, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QFormLayout

    form = QWidget()
    layout = QFormLayout(form)
    read, refused, empty = DateEdit(), DateEdit(), DateEdit(optional=True)
    layout.addRow("20270115", read)
    layout.addRow("2027-2-30", refused)
    layout.addRow("—", empty)
    qtbot.addWidget(form)
    read.field.setText("20270115")
    read._preview("20270115")
    refused.field.setText("2027-2-30")
    refused.commit()
    assert refused.message() and read.shown.text()
    form.resize(600, 160)
    form.show()
    qtbot.waitExposed(form)
    SHOTS.mkdir(exist_ok=True)
    assert form.grab().save(str(SHOTS / f"meet_date_field_{language}.png"))
    if language == "en":
        assert read.shown.text() == "Fri 15 Jan 2027"
    else:
        assert read.shown.text() == "2027年1月15日 周五"

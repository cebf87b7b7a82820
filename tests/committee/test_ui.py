"""The committee view (ui/committee) offscreen: members and alternates, first meeting through
its dialog, a member leaving with the alternate stepping in, the filing checklist and receipts,
the 换届 reminders; screenshots saved to be looked at."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.committee.seating import seat_committee
from db.models import CommitteeMember, OwnersCommittee
from db.store import Store
from tests.committee.conftest import RULES, VOTED, Place, elect
from tests.committee.test_seating import SEVEN
from ui.committee.reminders import TermReminderList, summary_text
from ui.committee.view import CommitteeView
from ui.context import UiContext, make_settings

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
DAY = VOTED + timedelta(days=3)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(tmp_path / "settings.ini"))


def _view(qtbot, store: Store, place: Place, today: date = DAY) -> CommitteeView:  # type: ignore[no-untyped-def]
    with store.transaction() as session:
        seat_committee(session, elect(session, place, SEVEN, party=("甲", "丙", "戊")), RULES, VOTED)
    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    view = CommitteeView(ctx, clock=lambda: today, rules=lambda: RULES)
    qtbot.addWidget(view)
    view.resize(900, 1100)
    view.load(place.compound_id)
    return view


def test_view_walks_meeting_leave_and_filing(qtbot, store: Store, place: Place) -> None:  # type: ignore[no-untyped-def]
    """指导规则第三十二条 (first meeting, 主任/副主任), 深圳条例第四十一条 (alternate steps in),
    第三十三条 (checklist and both receipts), all through the view's own controls."""
    view = _view(qtbot, store, place)
    assert view.members_model.rowCount() == 7
    assert "候补委员" in view.members_model.index(5, 2).data()
    assert "尚未登记首次会议" in view.meeting.text()

    dialog = view.open_first_meeting()
    assert dialog is not None
    dialog.deputies.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    assert "主任 甲" in view.meeting.text() and "副主任 乙" in view.meeting.text()

    leave = view.open_leave()
    assert leave is not None
    leave.member.setCurrentIndex(2)  # 丙
    leave.accept()
    assert "现任 5 人，候补委员 1 人" in view.vacancy.text()
    names = {view.members_model.index(r, 1).data(): view.members_model.index(r, 2).data()
             for r in range(view.members_model.rowCount())}
    assert names["己"] == "委员"

    view.material_boxes["formation"].setChecked(True)
    receipt = view.open_receipt("street")
    assert receipt is not None
    receipt.accept()
    assert "街道办事处回执：" + DAY.isoformat() in view.receipts["street"].text()
    assert "未登记" in view.receipts["housing"].text()
    with store.session() as session:
        committee = session.query(OwnersCommittee).one()
        assert committee.filing_street_on == DAY and "formation" in committee.filing_materials_json
        assert session.query(CommitteeMember).filter_by(name="甲").one().role == "director"
    SHOTS.mkdir(exist_ok=True)
    assert view.grab().toImage().save(str(SHOTS / "committee-view.png"))

    leave = view.open_leave()  # the 主任 leaves: officers are chosen again, the meeting date stays
    assert leave is not None
    leave.member.setCurrentIndex(0)
    leave.accept()
    assert "主任空缺" in view.meeting.text() and view.meeting_button.text().startswith("改选")
    again = view.open_first_meeting()
    assert again is not None and again.officers_only
    again.director.setCurrentIndex(1)  # 丁 (甲 and 丙 have left)
    again.accept()
    with store.session() as session:
        assert session.query(OwnersCommittee).one().first_meeting_on == DAY
        assert session.query(CommitteeMember).filter_by(name="丁").one().role == "director"


def test_countdown_and_reminders(qtbot, store: Store, place: Place) -> None:  # type: ignore[no-untyped-def]
    """[term.countdown]: 3 months before the term ends (2031-03-01) the view and the list say so."""
    today = date(2031, 1, 10)
    view = _view(qtbot, store, place, today)
    assert "换届倒计时" in view.countdown.text() and "还有 50 天" in view.countdown.text()
    reminders = TermReminderList(view.ctx, clock=lambda: today, rules=lambda: RULES)
    qtbot.addWidget(reminders)
    rows = reminders.reload()
    assert len(rows) == 1 and reminders.model.rowCount() == 1
    assert reminders.model.index(0, 3).data() == "还剩 50 天（尚未启动换届）"
    assert "1 个业委会进入换届倒计时" in summary_text(rows, 3)
    early = TermReminderList(view.ctx, clock=lambda: date(2030, 11, 30), rules=lambda: RULES)
    qtbot.addWidget(early)
    assert early.reload() == [] and early.isHidden()
    assert view.end_button.isHidden()  # the term has not ended yet


def test_recording_the_end_of_a_term(qtbot, store: Store, place: Place) -> None:  # type: ignore[no-untyped-def]
    """指导规则第三十二条: past its end the term can be recorded as ended; the view then shows the
    expired committee, its actions off, until a re-election seats the next."""
    view = _view(qtbot, store, place, date(2031, 3, 5))
    assert not view.end_button.isHidden()
    view.end_term()
    assert view.dialog is not None
    view.dialog.accept()
    assert "已届满、停止履职" in view.term.text()
    assert not view.leave_button.isEnabled() and view.end_button.isHidden()
    with store.session() as session:
        assert session.query(OwnersCommittee).one().status == "expired"


def test_no_committee(qtbot, store: Store, place: Place) -> None:  # type: ignore[no-untyped-def]
    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    view = CommitteeView(ctx, clock=lambda: DAY, rules=lambda: RULES)
    qtbot.addWidget(view)
    view.load(place.compound_id)
    assert "没有在任业委会" in view.empty.text() and view.open_leave() is None

"""The sitting committee of one compound: term and 换届 countdown, members with roles, rank and
dates (alternates below), the first meeting and its officers, vacancies and the step they call
for, the filing checklist with both bodies' receipt dates, and the checks of the committee.
Reached from the compound page's 业委会 tab."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.agenda_rules import local_today
from app.committee import actions
from app.committee.summary import CommitteeSummary, MemberRow
from ui.columns import fit_columns
from ui.committee.common import BODIES, LEAVE_REASONS, NEEDS, ROLES, day, tr, word
from ui.committee.dialogs import FirstMeetingDialog, LeaveDialog, ReceiptDialog
from ui.context import UiContext
from ui.operations import show_error
from ui.record_model import RecordTableModel
from ui.resources import icon
from ui.terms import citation, english, label_term, term, worded
from ui.widgets import make_table

if TYPE_CHECKING:
    from app.rules import Rules


def _rules_in_force() -> Rules:
    """The rules file, read when first needed (pydantic stays out of start-up)."""
    from app.rules import load_rules

    return load_rules()

WARN = "color: #b3261e;"
OK = "color: #1b7f3a;"


def member_columns() -> list[tuple[str, Any]]:
    return [
        (tr("排名"), lambda m: m.rank or ""),
        (tr("姓名"), lambda m: m.name),
        (tr("职务"), lambda m: word(ROLES, m.role)),
        (tr("党员"), lambda m: m.is_party_member),
        (tr("任职/递补日期"), lambda m: day(m.joined_on)),
        (tr("离任日期"), lambda m: day(m.left_on)),
        (tr("离任原因"), lambda m: word(LEAVE_REASONS, m.left_reason)),
    ]


def check_columns() -> list[tuple[str, Any]]:
    return [
        (tr("核查项"), lambda c: worded(c.title_msg) if c.title_msg else term(c.title)),
        (tr("结果"), lambda c: tr("符合") if c.passed else (tr("不符合（阻止备案）") if c.blocking
                                                          else tr("不符合（提示）"))),
        (tr("情况"), lambda c: worded(c.detail_msg) if c.detail_msg else term(c.detail)),
        (tr("依据"), lambda c: worded(c.source_msg) if c.source_msg else term(c.source)),
    ]


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CommitteeView(QScrollArea):
    """Everything about the compound's sitting committee; edits go through app.committee.actions."""

    changed = Signal()

    def __init__(self, ctx: UiContext, clock: Callable[[], date] | None = None,
                 rules: Callable[[], Rules] | None = None) -> None:
        super().__init__()
        self.setObjectName("committeeView")
        self.setWidgetResizable(True)
        self.ctx = ctx
        self.clock = clock or local_today
        self.rules = rules or _rules_in_force
        self.compound_id: str | None = None
        self.data: CommitteeSummary | None = None
        self.dialog: QDialog | None = None

        self.empty = _label("committeeEmpty")
        self.term = _label("committeeTerm")
        self.countdown = _label("committeeCountdown")
        self.members_model = RecordTableModel(member_columns(), self)
        self.members_table = make_table(self.members_model, "committeeMembers")
        self.vacancy = _label("committeeVacancy")
        self.meeting_button = QPushButton(tr("登记首次会议与主任、副主任…"))
        self.meeting_button.setObjectName("committeeFirstMeeting")
        self.meeting_button.clicked.connect(self.open_first_meeting)
        self.leave_button = QPushButton(tr("登记委员离任（候补递补）…"))
        self.leave_button.setObjectName("committeeLeave")
        self.leave_button.clicked.connect(self.open_leave)
        self.end_button = QPushButton(tr("登记任期届满（业委会停止履职）…"))
        self.end_button.setObjectName("committeeEndTerm")
        self.end_button.clicked.connect(self.end_term)
        # print buttons: the committee's own papers (app/printing/documents/committee.py)
        self.notice_button = QPushButton(icon("print"), tr("打印业主委员会成立公告…"))
        self.notice_button.setObjectName("committeePrintNotice")
        self.notice_button.clicked.connect(lambda: self.print_document("committee-notice"))
        self.filing_button = QPushButton(icon("print"), tr("打印业主委员会备案表…"))
        self.filing_button.setObjectName("committeePrintFiling")
        self.filing_button.clicked.connect(lambda: self.print_document("filing-form"))
        self.meeting = _label("committeeMeeting")
        self.filing_due = _label("committeeFilingDue")
        self.materials_box = QVBoxLayout()
        self.material_boxes: dict[str, QCheckBox] = {}
        self.receipts: dict[str, QLabel] = {}
        self.receipt_buttons: dict[str, QPushButton] = {}
        self.checks_model = RecordTableModel(check_columns(), self)
        self.checks_table = make_table(self.checks_model, "committeeChecks")

        members_group = QGroupBox(tr("委员与候补委员"))
        members_layout = QVBoxLayout(members_group)
        members_layout.addWidget(self.members_table)
        members_layout.addWidget(self.vacancy)
        buttons = QHBoxLayout()
        buttons.addWidget(self.meeting_button)
        buttons.addWidget(self.leave_button)
        buttons.addWidget(self.end_button)
        buttons.addStretch(1)
        buttons.addWidget(self.notice_button)
        members_layout.addLayout(buttons)
        meeting_group = QGroupBox(tr("首次会议"))
        QVBoxLayout(meeting_group).addWidget(self.meeting)
        filing_group = QGroupBox(tr("备案（材料清单与回执）"))
        filing_layout = QVBoxLayout(filing_group)
        filing_layout.addWidget(self.filing_due)
        filing_layout.addLayout(self.materials_box)
        for body in BODIES:
            row = QHBoxLayout()
            self.receipts[body] = _label(f"committeeReceipt_{body}")
            button = QPushButton(tr("登记回执日期…"))
            button.setObjectName(f"committeeReceiptButton_{body}")
            button.clicked.connect(lambda _=False, b=body: self.open_receipt(b))
            self.receipt_buttons[body] = button
            row.addWidget(self.receipts[body], 1)
            row.addWidget(button)
            filing_layout.addLayout(row)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.filing_button)
        filing_layout.addLayout(print_row)
        checks_group = QGroupBox(tr("业委会核查"))
        QVBoxLayout(checks_group).addWidget(self.checks_table)

        self.body = QWidget()
        layout = QVBoxLayout(self.body)
        layout.addWidget(self.empty)
        layout.addWidget(self.term)
        layout.addWidget(self.countdown)
        for group in (members_group, meeting_group, filing_group, checks_group):
            layout.addWidget(group)
        layout.addStretch(1)
        self.groups = (members_group, meeting_group, filing_group, checks_group)
        self.setWidget(self.body)

    # ----- loading ------------------------------------------------------------------------
    def load(self, compound_id: str | None) -> None:
        self.compound_id = compound_id
        self.data = (actions.load(self.ctx.store, compound_id, self.rules(), self.clock())
                     if compound_id is not None else None)
        data = self.data
        for widget in (*self.groups, self.term, self.countdown):
            widget.setVisible(data is not None)
        self.empty.setVisible(data is None)
        if data is None:
            self.empty.setText(tr("本小区目前没有在任业委会。选举计票并公告结果后，业委会在此产生。"))
            return
        self._show_term(data)
        self.members_model.set_records(data.members)
        fit_columns(self.members_table)
        self._show_vacancy(data)
        self._show_meeting(data)
        self._show_filing(data)
        self.checks_model.set_records(data.checks)
        fit_columns(self.checks_table)
        self._show_print(data)

    def _show_print(self, data: CommitteeSummary) -> None:
        """Both papers print once the committee has members; before the first meeting (no
        主任 yet) or with materials missing they print as drafts, and the tooltip says so."""
        has_members = bool(data.current_members())
        ready = data.first_meeting_on is not None
        self.notice_button.setEnabled(has_members)
        self.notice_button.setToolTip(
            tr("本届业委会还没有委员") if not has_members
            else tr("公告本届业委会的主任、副主任、委员和候补委员、任期和联系方式") if ready
            else tr("尚未登记首次会议：主任、副主任推选前只能打印草稿"))
        self.filing_button.setEnabled(has_members)
        lacking = [term(row.name) for row in data.materials if row.required and not row.done]
        self.filing_button.setToolTip(
            tr("本届业委会还没有委员") if not has_members
            else tr("备案材料不全（{m}）：打印为草稿").format(m=(", " if english() else "、").join(lacking)) if lacking
            else tr("交区住房和建设部门和街道办事处，附备案材料清单和回执栏"))

    def print_document(self, kind: str) -> Any:
        """The preview of one of the committee's papers (None when no committee is shown)."""
        data = self.data
        if data is None:
            return None
        from ui.printing.preview import show_document

        return show_document(self.ctx, kind, data.committee_id)

    def _show_term(self, data: CommitteeSummary) -> None:
        self.term.setText(
            (tr("本届任期：{start} 至 {end}（{source}）") if data.sitting
             else tr("上一届任期：{start} 至 {end}，已届满、停止履职，尚未选出新一届（{source}）")).format(
                start=day(data.term_start) or tr("未登记"), end=day(data.term_end) or tr("未登记"),
                source=citation(data.term_origin)))
        self.end_button.setVisible(data.term_over)
        shown = data.countdown
        if shown is None or not shown.showing:
            self.countdown.setStyleSheet("")
            self.countdown.setText(tr("换届提醒自任期届满前 {m} 个月起显示。").format(
                m=data.countdown_months))
        elif shown.ended:
            self.countdown.setStyleSheet(WARN)
            self.countdown.setText(tr("任期已于 {d} 届满 {n} 天，须换届。").format(
                d=shown.term_end.isoformat(), n=-shown.days_left))
        else:
            self.countdown.setStyleSheet(WARN)
            self.countdown.setText(tr("换届倒计时：距任期届满（{d}）还有 {n} 天，应筹备换届。").format(
                d=shown.term_end.isoformat(), n=shown.days_left))

    def _show_vacancy(self, data: CommitteeSummary) -> None:
        v = data.vacancy
        self.vacancy.setStyleSheet("" if v.need == "none" else WARN)
        self.vacancy.setText(tr("选举产生委员 {o} 人，现任 {s} 人，候补委员 {a} 人：{need}（{source}）")
                             .format(o=v.original, s=v.sitting, a=v.alternates,
                                     need=word(NEEDS, v.need), source=citation(data.vacancy_origin)))
        stepped = data.stepped_in()
        if stepped:
            self.vacancy.setText(self.vacancy.text() + tr(
                "\n已递补：{names}；递补应予公示，并在公示结束之日起 {n} 日内向区住房和建设部门备案。").format(
                    names=(", " if english() else "、").join(
                        (f"{m.name} ({day(m.joined_on)})" if english()
                         else f"{m.name}（{day(m.joined_on)}）") for m in stepped),
                    n=data.vacancy_filing_days))
        self.meeting_button.setEnabled(data.sitting and bool(data.current_members()))
        self.meeting_button.setText(tr("改选主任、副主任…") if data.first_meeting_on is not None
                                    else tr("登记首次会议与主任、副主任…"))
        self.leave_button.setEnabled(data.sitting and any(m.current for m in data.members))

    def _show_meeting(self, data: CommitteeSummary) -> None:
        due = day(data.first_meeting_due)
        officers = "、".join(f"{word(ROLES, m.role)} {m.name}" for m in data.current_members()
                            if m.role in ("director", "deputy")) or tr("尚未推选")
        if data.first_meeting_on is None:
            self.meeting.setStyleSheet(WARN if data.first_meeting_due and
                                       self.clock() > data.first_meeting_due else "")
            text = tr("尚未登记首次会议；应于 {due} 前召开，推选主任、副主任。").format(due=due)
        else:
            late = data.first_meeting_late_days
            self.meeting.setStyleSheet(WARN if late else OK)
            text = tr("首次会议 {held}（应于 {due} 前）").format(held=day(data.first_meeting_on), due=due)
            if late:
                text += tr("，晚 {n} 天").format(n=late)
            text += tr("；{officers}。").format(officers=officers)
            if not any(m.role == "director" for m in data.current_members()):
                self.meeting.setStyleSheet(WARN)
                text += tr("主任空缺，须由业委会重新推选。")
        self.meeting.setText(text + tr("依据：{source}").format(
            source=citation(data.first_meeting_origin)))

    def _show_filing(self, data: CommitteeSummary) -> None:
        self.filing_due.setText(tr("应于 {due} 前向区住房建设部门和街道办事处备案（{source}）。").format(
            due=day(data.filing_due), source=citation(data.filing_origin)))
        if list(self.material_boxes) == [row.key for row in data.materials]:
            for row in data.materials:  # same checklist: only the ticks change
                box = self.material_boxes[row.key]
                box.blockSignals(True)
                box.setChecked(row.done)
                box.blockSignals(False)
        else:
            self._build_materials(data)
        for body, received in (("housing", data.filing_housing_on), ("street", data.filing_street_on)):
            label = self.receipts[body]
            label.setStyleSheet(OK if received else WARN)
            label.setText(tr("{body}回执：{day}").format(
                body=word(BODIES, body), day=day(received) or tr("未登记")))

    def _build_materials(self, data: CommitteeSummary) -> None:
        for box in self.material_boxes.values():
            self.materials_box.removeWidget(box)
            box.hide()
            box.deleteLater()
        self.material_boxes = {}
        for row in data.materials:
            name = label_term(row.name)
            text = name if row.required else tr("{name}（如有）").format(name=name)
            if not row.verified:
                text += tr("（区设置，待核实）")
            box = QCheckBox(text)
            box.setObjectName(f"committeeMaterial_{row.key}")
            box.setToolTip(citation(row.origin))
            box.setChecked(row.done)
            box.toggled.connect(lambda on, key=row.key: self.set_material(key, on))
            self.materials_box.addWidget(box)
            self.material_boxes[row.key] = box

    # ----- actions --------------------------------------------------------------------------
    def _run(self, work: Callable[[], Any]) -> Any:
        try:
            result = work()
        except Exception as exc:  # shown to the user; the store rolled the transaction back
            show_error(self, exc)
            self.load(self.compound_id)
            return None
        self.load(self.compound_id)
        self.changed.emit()
        self.ctx.changed("owners_committees")
        return result

    def end_term(self) -> None:
        """The term ran out with no successor: the committee stops acting (asked first)."""
        data = self.data
        if data is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, tr("登记任期届满"),
                          tr("任期已于 {d} 届满，尚未选出新一届。登记后本届业委会停止履职，"
                             "小区业委会状态改为“已届满”。").format(d=day(data.term_end)),
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("endTermConfirm")
        box.accepted.connect(lambda: self._run(
            lambda: actions.end_term(self.ctx.store, data.committee_id, self.clock())))
        self.dialog = box
        box.open()

    def set_material(self, key: str, done: bool) -> None:
        data = self.data
        if data is not None:
            self._run(lambda: actions.set_material(self.ctx.store, data.committee_id, key, done,
                                                   self.rules()))

    def open_first_meeting(self) -> FirstMeetingDialog | None:
        data = self.data
        if data is None:
            return None
        today = self.clock()
        dialog = FirstMeetingDialog(data.current_members(), data.first_meeting_on or today, today,
                                    data.first_meeting_due, self,
                                    officers_only=data.first_meeting_on is not None)
        dialog.accepted.connect(lambda: self._first_meeting(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _first_meeting(self, dialog: FirstMeetingDialog) -> None:
        data = self.data
        if data is None:
            return
        held_on, director, deputies = dialog.values()
        if dialog.officers_only:
            self._run(lambda: actions.choose_officers(self.ctx.store, data.committee_id, director,
                                                      deputies, self.clock()))
            return
        self._run(lambda: actions.record_first_meeting(self.ctx.store, data.committee_id, held_on,
                                                       director, deputies, self.clock()))

    def open_leave(self) -> LeaveDialog | None:
        data = self.data
        if data is None:
            return None
        current: list[MemberRow] = [m for m in data.members if m.current]
        dialog = LeaveDialog(current, self.clock(), self)
        dialog.accepted.connect(lambda: self._leave(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _leave(self, dialog: LeaveDialog) -> None:
        data = self.data
        if data is None:
            return
        member, left_on, reason = dialog.values()
        self._run(lambda: actions.leave(self.ctx.store, data.committee_id, member, left_on, reason,
                                        self.rules(), self.clock()))

    def open_receipt(self, body: str) -> ReceiptDialog | None:
        data = self.data
        if data is None:
            return None
        today = self.clock()
        current = data.filing_housing_on if body == "housing" else data.filing_street_on
        dialog = ReceiptDialog(word(BODIES, body), current or today, today, self)
        dialog.accepted.connect(lambda: self._receipt(body, dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _receipt(self, body: str, dialog: ReceiptDialog) -> None:
        data = self.data
        if data is None:
            return
        self._run(lambda: actions.record_receipt(self.ctx.store, data.committee_id, body,
                                                 dialog.value(), self.clock()))

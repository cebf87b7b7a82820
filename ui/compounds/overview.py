"""The editable overview of one compound, validated as typed: a wrong value is shown in red with
its reason next to the field and is not saved; a right one is saved as an undoable edit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import compounds, party
from app.lifecycle_work import election_start_problem, expected_work
from app.messages import Problem
from db.models.geo import COMMITTEE_STATUSES, LIFECYCLE_STAGES
from db.store import Store
from ui import labels
from ui.context import UiContext
from ui.date_edit import DateEdit

INVALID_STYLE = "border: 1px solid #b3261e; background: #fdecea;"


def tr(text: str) -> str:
    return QCoreApplication.translate("CompoundOverview", text)


class NoteEdit(QPlainTextEdit):
    """A multi-line field that says when the user leaves it (QPlainTextEdit has no
    editingFinished), so a note is saved once, not per keystroke."""

    focus_left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_left.emit()


@dataclass(frozen=True)
class OverviewData:
    """What the overview shows of one compound, read in one session."""

    saved: dict[str, Any]
    communities: list[Any]
    companies: list[Any]
    members: list[Any]
    branches: list[Any]
    work: list[str]
    no_election: Problem | None


def read_overview(store: Store, compound_id: str) -> OverviewData:
    """The stored values and choices (any thread: after a save it runs in the worker)."""
    with store.session() as session:
        compound = compounds.get(session, compound_id)
        return OverviewData(
            saved={f: getattr(compound, f) for f in compounds.EDITABLE_FIELDS},
            communities=compounds.communities(session),
            companies=compounds.property_companies(session),
            members=party.list_members(session, compound_id=compound_id),
            branches=party.list_branches(session, compound_id=compound_id),
            work=list(expected_work(compound)),
            no_election=election_start_problem(compound, "first"))


class CompoundOverview(QScrollArea):
    """Fields of the compound; emits `edit_requested(id, changes)` for valid changed values."""

    edit_requested = Signal(str, dict)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.compound_id: str | None = None
        self.saved: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        self._loading = False
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        outer = QVBoxLayout(body)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}

        self.name = self._line("name")
        self.community = self._combo("community_id")
        self.address = self._line("address")
        self.stage = self._combo("lifecycle_stage")
        for stage in LIFECYCLE_STAGES:
            self.stage.addItem(labels.label(labels.LIFECYCLE, stage), stage)
        self.households = self._line("households")
        self.area = self._line("building_area_m2")
        self.delivered = self._date("delivered_on")
        self.company = self._combo("property_company_id")
        self.committee = self._combo("committee_status")
        for status in COMMITTEE_STATUSES:
            self.committee.addItem(labels.label(labels.COMMITTEE_STATUS, status), status)
        self.acting = QCheckBox(tr("由社区居委会代行业委会职责"))
        self.acting.setObjectName("field_residents_committee_acting")
        self.acting.toggled.connect(lambda _: self._commit("residents_committee_acting"))
        self.editors["residents_committee_acting"] = self.acting
        self.instructor = self._line("instructor_name")
        self.liaison = self._combo("liaison_member_id")
        self.note = NoteEdit()
        self.note.setObjectName("field_note")
        self.note.setMaximumHeight(self.fontMetrics().height() * 5)
        self.editors["note"] = self.note
        self.note.textChanged.connect(lambda: self._typed("note"))
        self.note.focus_left.connect(lambda: self._commit("note"))

        rows = [
            ("name", tr("小区名称")), ("community_id", tr("所属社区")), ("address", tr("地址")),
            ("lifecycle_stage", tr("生命周期")), ("households", tr("户数")),
            ("building_area_m2", tr("建筑面积（㎡）")), ("delivered_on", tr("交付日期")),
            ("property_company_id", tr("物业企业")), ("committee_status", tr("业委会状态")),
            ("residents_committee_acting", tr("以居代业")),
            ("instructor_name", tr("党建指导员")), ("liaison_member_id", tr("联络党员")),
            ("note", tr("备注")),
        ]
        for field, text in rows:
            cell = QWidget()
            line = QHBoxLayout(cell)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self.editors[field], 1)
            error = QLabel("")
            error.setObjectName(f"error_{field}")
            error.setStyleSheet("color: #b3261e;")
            error.setVisible(False)
            self.error_labels[field] = error
            line.addWidget(error)
            form.addRow(text, cell)
        self.coverage_label = QLabel("")
        self.coverage_label.setObjectName("coverageSummary")
        self.coverage_label.setWordWrap(True)
        form.addRow(tr("党支部覆盖"), self.coverage_label)
        self.expected_label = QLabel("")  # [procedure.lifecycle]: the work this stage calls for
        self.expected_label.setObjectName("expectedWork")
        self.expected_label.setWordWrap(True)
        form.addRow(tr("阶段工作"), self.expected_label)
        hint = QLabel(tr("修改后按回车或离开该栏即保存；填写有误时标红，不会保存。可用 Ctrl+Z 撤销。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        outer.addLayout(form)
        outer.addWidget(hint)
        outer.addStretch(1)
        self.setWidget(body)

    def _line(self, field: str) -> QLineEdit:
        editor = QLineEdit()
        editor.setObjectName(f"field_{field}")
        editor.textEdited.connect(lambda _text: self._typed(field))
        editor.editingFinished.connect(lambda: self._commit(field))
        self.editors[field] = editor
        return editor

    def _date(self, field: str) -> DateEdit:
        """The shared typed date (20200115, 2020-1-15, 1/15 = the last such day); saved once
        a date is taken (Enter or leaving the field), like a line."""
        editor = DateEdit(optional=True, prefer="past")
        editor.setObjectName(f"field_{field}")
        editor.value_changed.connect(lambda _day: self._commit(field))
        self.editors[field] = editor
        return editor

    def _combo(self, field: str) -> QComboBox:
        editor = QComboBox()
        editor.setObjectName(f"field_{field}")
        editor.currentIndexChanged.connect(lambda _i: self._commit(field))
        self.editors[field] = editor
        return editor

    # ----- values ---------------------------------------------------------------------------
    def value(self, field: str) -> Any:
        editor = self.editors[field]
        if isinstance(editor, DateEdit):
            day = editor.value()
            return day.isoformat() if day else ""
        if isinstance(editor, QLineEdit):
            return editor.text()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        raise KeyError(field)

    def load(self, compound_id: str | None) -> None:
        """Show the compound's stored values (clearing any unsaved wrong input)."""
        self.show_data(compound_id, None if compound_id is None
                       else read_overview(self.ctx.store, compound_id))

    def show_data(self, compound_id: str | None, data: OverviewData | None) -> None:
        """Show values read by read_overview (in a worker thread after a save). The field the
        caseworker is typing in keeps what they typed."""
        self._loading = True
        try:
            self.compound_id = compound_id
            self.errors.clear()
            for field in self.error_labels:
                self._show_error(field, None)
            if compound_id is None or data is None:
                self.setEnabled(False)
                return
            self.setEnabled(True)
            saved, communities, companies, members, branches = (
                data.saved, data.communities, data.companies, data.members, data.branches)
            work, no_election = data.work, data.no_election
            self.saved = saved
            self._fill(self.community, [(c.id, c.label) for c in communities], False)
            self._fill(self.company, [(c.id, c.label) for c in companies], True)
            self._fill(self.liaison, [(m.id, f"{m.name}（{m.building}{m.room}）".replace("（）", ""))
                                      for m in members], True)
            typing = QApplication.focusWidget()
            for editor, text in (
                    (self.name, saved["name"]), (self.address, saved["address"] or ""),
                    (self.households, str(saved["households"] or 0)),
                    (self.area, format(saved["building_area_m2"] or Decimal(0), "f")),
                    (self.instructor, saved["instructor_name"] or "")):
                if editor is not typing or not editor.isModified():  # unsaved typing stays
                    editor.setText(text)
            if self.delivered.field is not typing or not self.delivered.field.isModified():
                self.delivered.set_value(saved["delivered_on"])
            self.note.setPlainText(saved["note"] or "")
            self.acting.setChecked(bool(saved["residents_committee_acting"]))
            self.expected_label.setText("；".join(work) + (
                "\n" + tr("本阶段不开展业委会选举")
                if no_election is not None and no_election.code == "lifecycle.no_elections"
                else ""))
            for field in ("community_id", "lifecycle_stage", "property_company_id",
                          "committee_status", "liaison_member_id"):
                combo = self.editors[field]
                assert isinstance(combo, QComboBox)
                combo.setCurrentIndex(max(combo.findData(saved[field]), 0))
            if branches:
                self.coverage_label.setText(tr("组织覆盖：{names}").format(
                    names="、".join(b.name for b in branches)))
            elif saved["instructor_name"] or saved["liaison_member_id"]:
                self.coverage_label.setText(tr("工作覆盖（有党建指导员或联络党员）"))
            else:
                self.coverage_label.setText(tr("未覆盖：尚无支部，也未指派党建指导员或联络党员"))
        finally:
            self._loading = False

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str]], with_none: bool) -> None:
        combo.blockSignals(True)
        combo.clear()
        if with_none:
            combo.addItem(tr("（无）"), None)
        for item_id, text in items:
            combo.addItem(text, item_id)
        combo.blockSignals(False)

    # ----- validation and saving ------------------------------------------------------------
    def _validate(self, field: str) -> str | None:
        if self.compound_id is None:
            return None
        with self.ctx.store.session() as session:
            errors = compounds.validate(session, {field: self.value(field)}, self.compound_id)
        return errors.get(field)

    def _show_error(self, field: str, code: str | None) -> None:
        editor, error = self.editors[field], self.error_labels[field]
        framed = editor.field if isinstance(editor, DateEdit) else editor  # not the words beside
        if code is None:
            self.errors.pop(field, None)
            error.setVisible(False)
            error.setText("")
            framed.setStyleSheet("")
            editor.setToolTip("")
        else:
            self.errors[field] = code
            message = labels.label(labels.FIELD_ERROR, code)
            error.setText(message)
            error.setVisible(True)
            framed.setStyleSheet(INVALID_STYLE)
            editor.setToolTip(message)

    @Slot()
    def _typed(self, field: str) -> None:
        if self._loading:
            return
        self._show_error(field, self._validate(field))

    def _commit(self, field: str) -> None:
        if self._loading or self.compound_id is None:
            return
        code = self._validate(field)
        self._show_error(field, code)
        if code is not None:
            return  # shown, not saved
        with self.ctx.store.session() as session:
            new = compounds.parse_field(session, field, self.value(field))
        self._typing_saved(field)  # Ctrl+Z now undoes the saved change (ui/undo_keys.py)
        if new == self.saved.get(field):
            return
        self.saved[field] = new
        self.edit_requested.emit(self.compound_id, {field: new})

    def _typing_saved(self, field: str) -> None:
        editor = self.editors[field]
        if isinstance(editor, DateEdit):
            editor.field.setModified(False)
        elif isinstance(editor, QLineEdit):
            editor.setModified(False)
        elif isinstance(editor, QPlainTextEdit):
            editor.document().setModified(False)

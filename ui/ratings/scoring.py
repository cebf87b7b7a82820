"""The scoring form of one inspection, built for the keyboard: type the points, Enter (or Tab)
goes on — to the deduction note when points were taken off, else to the next indicator. The
indicator's guidance, its evidence and the compound's open agenda items for its area stay in view.

Every entry is saved at once (a short transaction through app.ratings), so a closed laptop loses
nothing; "完成评价" (Ctrl+Enter) fixes the total and is refused while anything is missing.
"""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import ratings
from app.agenda_rules import local_today
from app.errors import BadInput
from db.store import Store
from ui.columns import sampled
from ui.operations import error_text
from ui.ratings.evidence_list import EvidenceList
from ui.ratings.models import ScoreSheetModel, points_text, tr

CATEGORY_LABELS = {
    "parking": "停车", "hygiene": "卫生", "schooling": "就学", "repairs": "维修",
    "safety": "安全", "fees": "收费", "greening": "绿化", "other": "其他",
}
ERROR_STYLE = "color: #b3261e;"
OK_STYLE = "color: #1b7f3a;"
NAV_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab,
            Qt.Key.Key_Up, Qt.Key.Key_Down)


class ScoringForm(QWidget):
    """Score one inspection. Emits `finished(inspection_id)` once it is final."""

    finished = Signal(str)
    closed = Signal()

    def __init__(self, store: Store, data_dir: Path, inspection_id: str,
                 today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoringForm")
        self.store = store
        self.data_dir = data_dir
        self.inspection_id = inspection_id
        self.today = today or local_today()
        self.current = 0
        self.evidence_dialog: QFileDialog | None = None
        with store.session() as session:
            self.sheet = ratings.inspection_sheet(session, inspection_id)
            self.links = ratings.open_agenda_by_area(
                session, self.sheet.inspection.compound_id, self.sheet.categories_by_area,
                self.today)
        self.model = ScoreSheetModel(self)
        self.model.set_rows(self.sheet.rows)
        self._build()
        self._show_progress()
        first_open = next((i for i, r in enumerate(self.sheet.rows) if r.points is None), 0)
        self.go_to(first_open)

    # ---- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        header = self._build_header()
        self._build_table()
        card = self._build_card()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(card)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        footer = self._build_footer()

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)
        layout.addLayout(footer)

        for edit in (self.points_edit, self.note_edit):
            edit.installEventFilter(self)
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(sequence), self, self.finish,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+E"), self, self.add_evidence,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setTabOrder(self.points_edit, self.note_edit)

    def _build_header(self) -> QHBoxLayout:
        """Compound · company, street, date, inspector, template; the progress on the right."""
        inspection = self.sheet.inspection
        title = QLabel(tr("{compound} · {company}").format(
            compound=self.sheet.compound_name, company=self.sheet.company_name))
        title.setObjectName("scoringTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        meta = QLabel(tr("{street}　评价日期 {day}　评价人 {who}　{template}").format(
            street=self.sheet.street_name, day=inspection.inspected_on.isoformat(),
            who=inspection.inspector or "—", template=ratings.template_label(self.sheet.template)))
        meta.setStyleSheet("color: palette(mid);")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        header = QHBoxLayout()
        header_left = QVBoxLayout()
        header_left.addWidget(title)
        header_left.addWidget(meta)
        header.addLayout(header_left, 1)
        header.addWidget(self.progress_label, 0, Qt.AlignmentFlag.AlignRight)
        return header

    def _build_table(self) -> None:
        """The indicators, one row each, with their points."""
        self.table = QTableView()
        self.table.setObjectName("scoreTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        head = sampled(self.table.horizontalHeader())
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(4, 120)
        self.table.selectionModel().currentRowChanged.connect(
            lambda now, _before: self._row_selected(now.row()))

    def _build_card(self) -> QFrame:
        """The current indicator: its text, guidance, points, note, evidence, related items."""
        card = QFrame()
        card.setObjectName("indicatorCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMinimumWidth(380)
        grid = QGridLayout(card)
        self.area_label = QLabel()
        self.area_label.setStyleSheet("color: palette(mid);")
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        bold = self.text_label.font()
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        bold.setBold(True)
        self.text_label.setFont(bold)
        self.guidance_label = QLabel()
        self.guidance_label.setWordWrap(True)
        self.points_edit = QLineEdit()
        self.points_edit.setObjectName("pointsEdit")
        self.points_edit.setMaximumWidth(120)
        self.points_edit.textEdited.connect(self._validate_points)
        self.max_label = QLabel()
        self.points_message = QLabel()
        self.points_message.setObjectName("pointsMessage")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.textEdited.connect(lambda _text: self._validate_points(self.points_edit.text()))
        self.evidence_label = QLabel()
        self.evidence_label.setWordWrap(True)
        self.evidence_button = QPushButton(tr("添加证据照片… (Ctrl+E)"))
        self.evidence_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.evidence_button.clicked.connect(self.add_evidence)
        self.links_label = QLabel()
        self.links_label.setObjectName("agendaLinks")
        self.links_label.setWordWrap(True)
        self.links_label.setTextFormat(Qt.TextFormat.RichText)
        self.links_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        points_row = QHBoxLayout()
        points_row.addWidget(self.points_edit)
        points_row.addWidget(self.max_label)
        points_row.addStretch(1)
        grid.addWidget(self.area_label, 0, 0, 1, 2)
        grid.addWidget(self.text_label, 1, 0, 1, 2)
        grid.addWidget(self.guidance_label, 2, 0, 1, 2)
        grid.addWidget(QLabel(tr("得分")), 3, 0)
        grid.addLayout(points_row, 3, 1)
        grid.addWidget(self.points_message, 4, 1)
        grid.addWidget(QLabel(tr("扣分说明")), 5, 0)
        grid.addWidget(self.note_edit, 5, 1)
        grid.addWidget(QLabel(tr("证据")), 6, 0, Qt.AlignmentFlag.AlignTop)
        evidence_box = QVBoxLayout()
        evidence_box.addWidget(self.evidence_label)
        self.evidence_list = EvidenceList(self.store, self.data_dir)
        evidence_box.addWidget(self.evidence_list)
        evidence_box.addWidget(self.evidence_button, 0, Qt.AlignmentFlag.AlignLeft)
        grid.addLayout(evidence_box, 6, 1)
        grid.addWidget(QLabel(tr("相关议事")), 7, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.links_label, 7, 1)
        grid.setRowStretch(8, 1)
        grid.setColumnStretch(1, 1)
        keys = QLabel(tr("回车/Tab：下一项　↑↓：上一项/下一项　Ctrl+E：添加证据　Ctrl+回车：完成评价"))
        keys.setWordWrap(True)
        keys.setStyleSheet("color: palette(mid);")
        grid.addWidget(keys, 9, 0, 1, 2)
        return card

    def _build_footer(self) -> QHBoxLayout:
        """What is still missing, 稍后继续 and 完成评价."""
        self.problems_label = QLabel()
        self.problems_label.setObjectName("problemsLabel")
        self.problems_label.setWordWrap(True)
        self.finish_button = QPushButton(tr("完成评价 (Ctrl+Enter)"))
        self.finish_button.setObjectName("finishButton")
        self.finish_button.clicked.connect(self.finish)
        self.close_button = QPushButton(tr("稍后继续"))
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.closed.emit)
        footer = QHBoxLayout()
        footer.addWidget(self.problems_label, 1)
        footer.addWidget(self.close_button)
        footer.addWidget(self.finish_button)
        return footer

    # ---- navigation ------------------------------------------------------------------------
    @property
    def row(self) -> ratings.SheetRow:
        return self.sheet.rows[self.current]

    def go_to(self, position: int) -> None:
        """Show indicator `position` in the card and put the cursor in its points field."""
        position = max(0, min(position, len(self.sheet.rows) - 1))
        self.current = position
        if self.table.currentIndex().row() != position:
            self.table.selectRow(position)
        self.table.scrollTo(self.model.index(position, 0))
        row = self.row
        self.area_label.setText(tr("{code} {area}　（第 {n}/{total} 项）").format(
            code=row.area_code, area=row.area_name, n=position + 1, total=len(self.sheet.rows)))
        self.text_label.setText(f"{row.code}　{row.text}")
        self.guidance_label.setText(tr("评分说明：") + row.guidance)
        self.max_label.setText(tr("满分 {max} 分").format(max=points_text(row.max_points)))
        self.points_edit.setText(points_text(row.points))
        self.note_edit.setText(row.note)
        self._validate_points(self.points_edit.text(), quiet_when_empty=True)
        self._show_evidence()
        self._show_links()
        self.points_edit.setFocus()
        self.points_edit.selectAll()

    def _row_selected(self, position: int) -> None:
        if position >= 0 and position != self.current:
            self.go_to(position)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            no_mods = not (event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if key in NAV_KEYS and no_mods:
                if watched is self.points_edit:
                    return self._points_key(Qt.Key(key))
                if watched is self.note_edit:
                    return self._note_key(Qt.Key(key))
        return super().eventFilter(watched, event)

    def _points_key(self, key: Qt.Key) -> bool:
        if key == Qt.Key.Key_Up:
            self.go_to(self.current - 1)
        elif key == Qt.Key.Key_Down:
            self.go_to(self.current + 1)
        elif key == Qt.Key.Key_Backtab:
            self.go_to(self.current - 1)
        else:
            value = self._validate_points(self.points_edit.text())
            if value is None:
                return True
            if value < self.row.max_points or key == Qt.Key.Key_Tab or self.note_edit.text():
                self.note_edit.setFocus()
                self.note_edit.selectAll()
            else:
                self._save_and_next()
        return True

    def _note_key(self, key: Qt.Key) -> bool:
        if key in (Qt.Key.Key_Backtab, Qt.Key.Key_Up):
            self.points_edit.setFocus()
            self.points_edit.selectAll()
            return True
        if key == Qt.Key.Key_Down:
            self.go_to(self.current + 1)
            return True
        value = self._validate_points(self.points_edit.text())
        if value is None:
            self.points_edit.setFocus()
            return True
        if value < self.row.max_points and not self.note_edit.text().strip():
            self._message(tr("扣了 {n} 分：请写明扣分原因").format(
                n=points_text(self.row.max_points - value)), error=True)
            return True
        self._save_and_next()
        return True

    # ---- validation and saving -------------------------------------------------------------
    def _message(self, text: str, error: bool) -> None:
        self.points_message.setText(text)
        self.points_message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.points_edit.setProperty("invalid", error)
        self.points_edit.setStyleSheet("border: 2px solid #b3261e;" if error else "")

    def _validate_points(self, text: str, quiet_when_empty: bool = False) -> Decimal | None:
        """Check as typed; returns the value or None, and shows what is wrong beside the field."""
        if quiet_when_empty and not text.strip():
            self._message(tr("输入得分后按回车"), error=False)
            self.points_message.setStyleSheet("color: palette(mid);")
            return None
        value, problem = ratings.parse_points(text, self.row.max_points)
        if value is None:
            self._message(tr(problem), error=True)
            return None
        if value < self.row.max_points:
            deducted = points_text(self.row.max_points - value)
            needs_note = not self.note_edit.text().strip()
            self._message(
                tr("扣 {n} 分，须写扣分说明").format(n=deducted) if needs_note
                else tr("扣 {n} 分").format(n=deducted), error=False)
            if needs_note:
                self.points_message.setStyleSheet("color: #a86400;")
        else:
            self._message(tr("满分"), error=False)
        return value

    def _save_current(self) -> bool:
        row = self.row
        try:
            with self.store.transaction() as session:
                ratings.set_score(session, self.inspection_id, row.indicator_id,
                                  self.points_edit.text(), self.note_edit.text())
        except BadInput as exc:
            self._message(error_text(exc), error=True)
            return False
        self._reload_row(self.current)
        return True

    def _save_and_next(self) -> None:
        if not self._save_current():
            return
        if self.current + 1 < len(self.sheet.rows):
            self.go_to(self.current + 1)
        else:
            self.finish_button.setFocus()
            self.problems_label.setText(tr("已到最后一项。按 Ctrl+回车 完成评价。"))

    def _reload_row(self, position: int) -> None:
        with self.store.session() as session:
            self.sheet = ratings.inspection_sheet(session, self.inspection_id)
        self.model.update_row(position, self.sheet.rows[position])
        self._show_progress()
        self._show_evidence()

    def _show_progress(self) -> None:
        progress = self.sheet.progress()
        best = progress.best_possible
        self.progress_label.setText(
            tr("已评 {done}/{total} 项　扣分 {off}　最高可得 {best} 分 {stars}").format(
                done=progress.scored, total=progress.indicators,
                off=points_text(progress.deducted), best=points_text(best.total),
                stars=ratings.stars_text(best.stars)))

    def _show_evidence(self) -> None:
        row = self.row
        if row.evidence:
            text = tr("已附 {n} 份").format(n=row.evidence)
            style = OK_STYLE
        elif row.evidence_required:
            text = tr("本项必须附证据照片或文件，否则不能完成评价")
            style = "color: #a86400;"
        else:
            text = tr("可选")
            style = "color: palette(mid);"
        self.evidence_label.setText(text)
        self.evidence_label.setStyleSheet(style)
        self.evidence_list.show_score(row.score_id if row.evidence else None)

    def _show_links(self) -> None:
        links = self.links.get(self.row.area_code, [])
        categories = "、".join(tr(CATEGORY_LABELS.get(c, c))
                              for c in self.sheet.categories_by_area.get(self.row.area_code, ()))
        if not links:
            self.links_label.setText(
                tr("本小区没有未办结的{categories}类事项").format(categories=categories or "")
            )
            return
        lines = []
        for link in links[:6]:
            due = link.deadline.isoformat() if link.deadline else tr("未定期限")
            flag = (f"<b style='color:#b3261e'>{tr('逾期')}</b> " if link.overdue else "")
            lines.append(f"• {flag}{html.escape(link.title)}"
                         f"<span style='color:gray'>（{tr(CATEGORY_LABELS.get(link.category, ''))}，"
                         f"{tr('期限')} {due}）</span>")
        if len(links) > 6:
            lines.append(tr("…另有 {n} 项").format(n=len(links) - 6))
        self.links_label.setText("<br>".join(lines))

    # ---- evidence and finishing ------------------------------------------------------------
    def add_evidence(self) -> None:
        """Attach a photo/document to the current indicator (its points are saved first)."""
        if self.row.score_id is None and (
            self._validate_points(self.points_edit.text()) is None or not self._save_current()
        ):
            self._message(tr("先输入得分，再添加证据"), error=True)
            return
        dialog = QFileDialog(self, tr("选择证据照片或文件"))
        dialog.setObjectName("evidenceDialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([tr("照片和文件 (*.jpg *.jpeg *.png *.heic *.pdf)"), tr("所有文件 (*)")])
        dialog.filesSelected.connect(self.attach_files)
        dialog.finished.connect(lambda _result: self._back_to_points())
        self.evidence_dialog = dialog
        dialog.open()

    def _back_to_points(self) -> None:
        self.window().activateWindow()  # some platforms leave no window active after a dialog
        self.points_edit.setFocus()

    def attach_files(self, paths: list[str]) -> None:
        score_id = self.row.score_id
        if score_id is None:
            return
        try:
            with self.store.transaction() as session:
                for path in paths:
                    ratings.attach_evidence(session, score_id, Path(path), self.data_dir)
        except BadInput as exc:
            self._message(error_text(exc), error=True)
            return
        self._reload_row(self.current)

    def finish(self) -> None:
        if self.sheet.inspection.status == "final":
            return
        try:
            with self.store.transaction() as session:
                score = ratings.finish_inspection(session, self.inspection_id)
        except BadInput as exc:
            self.problems_label.setText(error_text(exc))
            self.problems_label.setStyleSheet(ERROR_STYLE)
            problems = self.sheet.problems()
            if problems:
                first = next(i for i, r in enumerate(self.sheet.rows) if r.code == problems[0][0])
                self.go_to(first)
            return
        with self.store.session() as session:
            self.sheet = ratings.inspection_sheet(session, self.inspection_id)
        self.problems_label.setStyleSheet(OK_STYLE)
        self.problems_label.setText(tr("评价已完成：{total} 分，得分率 {percent}%，{stars}").format(
            total=points_text(score.total), percent=f"{score.percent:.2f}",
            stars=ratings.stars_text(score.stars)))
        for widget in (self.points_edit, self.note_edit, self.evidence_button, self.finish_button):
            widget.setEnabled(False)
        self.finished.emit(self.inspection_id)

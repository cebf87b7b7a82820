"""The import wizard: pick a file → its kind and column mapping (recognised, editable, with sample
rows) → a preview of what will be added, updated and left alone (or the problems, one per cell,
with an error report to send back) → the import with progress and cancel → a summary.

Every step that reads the file or the store runs through the one background helper; the dialog
only holds the user's choices. Nothing is imported while problems remain, unless the user ticks
「只导入没有问题的行」, which the summary states and app.importing records in the audit trail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.importing.fields import KINDS, KINDS_BY_NAME, cell_text
from app.importing.sheet import SheetChoice, SheetScan
from ui.context import UiContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.importing.messages import message_text

PICK, MAPPING, PREVIEW, IMPORTING, SUMMARY = range(5)
FILE_FILTER = QT_TRANSLATE_NOOP("ImportWizard", "表格文件 (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt)")
SAMPLE_COLUMNS = 3
MAX_PROBLEMS_LISTED = 1000
TEMPLATE_KINDS = {
    "compounds": QT_TRANSLATE_NOOP("ImportWizard", "小区"),
    "units": QT_TRANSLATE_NOOP("ImportWizard", "业主名册"),
    "party_members": QT_TRANSLATE_NOOP("ImportWizard", "党员"),
    "agenda_items": QT_TRANSLATE_NOOP("ImportWizard", "议事事项"),
    "e_votes": QT_TRANSLATE_NOOP("ImportWizard", "电子投票结果"),
}
KIND_LABELS = {
    "compounds": QT_TRANSLATE_NOOP("ImportWizard", "小区"),
    "units": QT_TRANSLATE_NOOP("ImportWizard", "业主名册"),
    "party_members": QT_TRANSLATE_NOOP("ImportWizard", "党员"),
}
TABLE_LABELS = {
    "streets": QT_TRANSLATE_NOOP("ImportWizard", "街道"),
    "communities": QT_TRANSLATE_NOOP("ImportWizard", "社区"),
    "property_companies": QT_TRANSLATE_NOOP("ImportWizard", "物业企业"),
    "compounds": QT_TRANSLATE_NOOP("ImportWizard", "小区"),
    "units": QT_TRANSLATE_NOOP("ImportWizard", "房屋"),
    "party_members": QT_TRANSLATE_NOOP("ImportWizard", "党员"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


def title(text: str) -> QLabel:
    """A step's title: bold, a little larger."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.2)
    label.setFont(font)
    return label


def field_label(kind: str, field: str) -> str:
    """A field as the user knows it: its first (Chinese) header."""
    return KINDS_BY_NAME[kind].column(field).headers[0]


class ImportWizard(QDialog):
    """导入 as a guided dialog. `imported` is emitted after a successful import."""

    imported = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importWizard")
        self.setWindowTitle(tr("导入表格"))
        self.resize(900, 600)
        self.path: Path | None = None
        self.scans: list[SheetScan] = []
        self.choices: dict[str, SheetChoice] = {}  # sheet name → kind and mapping
        self.included: dict[str, bool] = {}
        self.problems: Any = None  # app.importing.sheet.Problems of the last preview
        self.preview: Any = None  # the dry run's Outcome
        self.outcome: Any = None
        self.task: Any = None
        self._filling = False

        self.stack = QStackedWidget()
        self.stack.addWidget(self._pick_page())
        self.stack.addWidget(self._mapping_page())
        self.stack.addWidget(self._preview_page())
        self.stack.addWidget(self._importing_page())
        self.stack.addWidget(self._summary_page())
        self.status = QLabel("")
        self.status.setObjectName("wizardStatus")
        self.status.setWordWrap(True)
        self.back_button = QPushButton(tr("上一步"))
        self.next_button = QPushButton(tr("下一步"))
        self.next_button.setDefault(True)
        self.close_button = QPushButton(tr("取消"))
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.close_button.clicked.connect(self.close_or_cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self._show(PICK)

    # ---- pages -----------------------------------------------------------------------------
    def _pick_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        heading = title(tr("第 1 步：选择要导入的文件"))
        intro = QLabel(tr("可以导入 Excel（.xlsx、.xls、.xlsb）、WPS/LibreOffice（.ods）或 CSV 文件："
                          "小区、业主名册或党员名单。表头上方可以有标题行；一个工作簿里可以有多张表。"))
        intro.setWordWrap(True)
        row = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(tr("文件路径"))
        self.file_edit.textChanged.connect(self._update_buttons)
        browse = QPushButton(tr("浏览…"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        self.template_button = QPushButton(tr("下载模板"))
        menu = QMenu(self.template_button)
        for kind, label in TEMPLATE_KINDS.items():
            action = menu.addAction(tr(label))
            action.triggered.connect(lambda _checked=False, k=kind: self.choose_template_file(k))
        self.template_button.setMenu(menu)
        hint = QLabel(tr("没有现成的表格？下载模板，按模板填写后再导入。"))
        templates = QHBoxLayout()
        templates.addWidget(hint, 1)
        templates.addWidget(self.template_button)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addStretch(1)
        layout.addLayout(templates)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        heading = title(tr("第 2 步：确认表格类型和各列的含义"))
        form = QFormLayout()
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentIndexChanged.connect(self._show_sheet)
        self.include_box = QCheckBox(tr("导入这张工作表"))
        self.include_box.toggled.connect(self._include_changed)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_combo, 1)
        sheet_row.addWidget(self.include_box)
        self.kind_combo = QComboBox()
        for kind in KINDS:
            self.kind_combo.addItem(tr(KIND_LABELS[kind.name]), kind.name)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        form.addRow(tr("工作表"), sheet_row)
        form.addRow(tr("表格类型"), self.kind_combo)
        self.header_label = QLabel("")
        form.addRow(tr("表头"), self.header_label)
        self.mapping_table = QTableWidget(0, 2 + SAMPLE_COLUMNS)
        self.mapping_table.setObjectName("mappingTable")
        self.mapping_table.setHorizontalHeaderLabels(
            [tr("文件中的列"), tr("导入为")] + [tr("示例 {n}").format(n=n + 1)
                                             for n in range(SAMPLE_COLUMNS)])
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping_note = QLabel("")
        self.mapping_note.setWordWrap(True)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.mapping_table, 1)
        layout.addWidget(self.mapping_note)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(title(tr("第 3 步：预览（尚未写入任何数据）")))
        self.preview_label = QLabel("")
        self.preview_label.setObjectName("previewCounts")
        self.preview_label.setWordWrap(True)
        self.problem_table = QTableWidget(0, 4)
        self.problem_table.setObjectName("problemTable")
        self.problem_table.setHorizontalHeaderLabels([tr("工作表"), tr("行"), tr("列"), tr("问题")])
        self.problem_table.verticalHeader().setVisible(False)
        header = self.problem_table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.valid_only_box = QCheckBox(tr("只导入没有问题的行（有问题的行不导入，并记入操作记录）"))
        self.valid_only_box.toggled.connect(self._valid_only_changed)
        self.report_button = QPushButton(tr("导出错误报告…"))
        self.report_button.clicked.connect(self.choose_report_file)
        row = QHBoxLayout()
        row.addWidget(self.valid_only_box, 1)
        row.addWidget(self.report_button)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.problem_table, 1)
        layout.addLayout(row)
        return page

    def _importing_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(title(tr("第 4 步：正在导入")))
        self.progress_label = QLabel(tr("正在读取文件…"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)
        layout.addStretch(1)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addStretch(1)
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(title(tr("完成")))
        self.summary_label = QLabel("")
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)
        layout.addStretch(1)
        return page

    # ---- navigation ------------------------------------------------------------------------
    def _show(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        self.status.setText("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.stack.currentIndex()
        busy = self.task is not None and not self.task.done
        self.back_button.setEnabled(page in (MAPPING, PREVIEW) and not busy)
        self.back_button.setVisible(page not in (PICK, SUMMARY))
        can_go = {PICK: bool(self.file_edit.text().strip()),
                  MAPPING: any(self.included.values()),
                  PREVIEW: self._preview_allows_import()}.get(page, False)
        self.next_button.setEnabled(can_go and not busy)
        self.next_button.setVisible(page != SUMMARY and page != IMPORTING)
        self.next_button.setText(tr("导入") if page == PREVIEW else tr("下一步"))
        self.close_button.setText(tr("关闭") if page == SUMMARY else tr("取消"))

    def _preview_allows_import(self) -> bool:
        if self.preview is None:
            return False
        return self.problems is None or self.valid_only_box.isChecked()

    @Slot()
    def go_back(self) -> None:
        page = self.stack.currentIndex()
        self._show(PICK if page == MAPPING else MAPPING)

    @Slot()
    def go_next(self) -> None:
        page = self.stack.currentIndex()
        if page == PICK:
            self.scan(Path(self.file_edit.text().strip()))
        elif page == MAPPING:
            self.run_preview()
        elif page == PREVIEW:
            self.run_import()

    @Slot()
    def close_or_cancel(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()
            self.status.setText(tr("正在取消…"))
            return
        self.reject() if self.outcome is None else self.accept()

    def _start(self, work: Any, on_success: Any, label: str, show_progress: bool = True) -> None:
        self.status.setText(label)
        self.task = self.ctx.run_in_background(
            work, on_success, on_failure=self._failed, label=label, parent=self,
            show_progress=show_progress)
        self.task.finished.connect(self._update_buttons)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        from ui.importing.messages import error_text
        from ui.operations import readable_error

        error = error_text(exc) or readable_error(exc)
        self.status.setText(tr("没有成功：{error}").format(error=error))
        self._update_buttons()

    # ---- step 1: the file ------------------------------------------------------------------
    @Slot()
    def browse(self) -> None:
        from ui.file_dialogs import open_path

        path = open_path(self, "import", tr("选择要导入的文件"), tr(FILE_FILTER))
        if path is not None:
            self.file_edit.setText(str(path))

    def set_file(self, path: Path) -> None:
        self.file_edit.setText(str(path))

    def scan(self, path: Path) -> None:
        from app.importing.sheet import scan_file

        self.path = path
        self._start(lambda _progress: scan_file(path), self._scanned, tr("正在读取文件…"))

    def _scanned(self, scans: list[SheetScan]) -> None:
        self.scans = [s for s in scans if s.header_row is not None]
        if not self.scans:
            self.status.setText(tr("文件里没有任何内容。"))
            return
        self.choices = {}
        self.included = {}
        for scan in self.scans:
            kind = scan.kind.name if scan.kind is not None else "units"
            indexes = dict(scan.indexes) if scan.kind is not None else {}
            self.choices[scan.name] = SheetChoice(scan.name, kind, indexes, scan.header_row or 1)
            self.included[scan.name] = scan.kind is not None
        self._filling = True
        self.sheet_combo.clear()
        for scan in self.scans:
            self.sheet_combo.addItem(scan.name or (self.path.name if self.path else ""), scan.name)
        self.sheet_combo.setEnabled(len(self.scans) > 1)
        self._filling = False
        self._show_sheet()
        self._show(MAPPING)
        if not any(self.included.values()):
            self.status.setText(tr("没有认出表格类型：请选择类型，并指定各列的含义。"))
            self.included[self.scans[0].name] = True
            self.include_box.setChecked(True)

    # ---- step 2: kind and mapping ----------------------------------------------------------
    def current_scan(self) -> SheetScan | None:
        index = self.sheet_combo.currentIndex()
        return self.scans[index] if 0 <= index < len(self.scans) else None

    @Slot()
    def _show_sheet(self) -> None:
        scan = self.current_scan()
        if scan is None or self._filling:
            return
        choice = self.choices[scan.name]
        self._filling = True
        self.include_box.setChecked(self.included[scan.name])
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(choice.kind)))
        self._filling = False
        self.header_label.setText(tr("第 {row} 行").format(row=scan.header_row))
        self._fill_mapping(scan, choice)

    def _fill_mapping(self, scan: SheetScan, choice: SheetChoice) -> None:
        kind = KINDS_BY_NAME[choice.kind]
        by_index = {index: field for field, index in choice.indexes.items()}
        table = self.mapping_table
        table.setRowCount(len(scan.header))
        for index, header in enumerate(scan.header):
            item = QTableWidgetItem(cell_text(header) or tr("（第 {n} 列，无表头）").format(n=index + 1))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(index, 0, item)
            combo = QComboBox()
            combo.addItem(tr("（不导入）"), "")
            for column in kind.columns:
                mark = "*" if column.required else ""
                combo.addItem(column.headers[0] + mark, column.field)
            combo.setCurrentIndex(max(0, combo.findData(by_index.get(index, ""))))
            combo.currentIndexChanged.connect(
                lambda _i, row=index, box=combo: self._mapping_changed(row, box.currentData()))
            table.setCellWidget(index, 1, combo)
            for n in range(SAMPLE_COLUMNS):
                values = scan.samples[n][1] if n < len(scan.samples) else ()
                sample = QTableWidgetItem(cell_text(values[index]) if index < len(values) else "")
                sample.setFlags(sample.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(index, 2 + n, sample)
        self._explain_mapping()

    def _explain_mapping(self) -> None:
        scan = self.current_scan()
        if scan is None:
            return
        choice = self.choices[scan.name]
        kind = KINDS_BY_NAME[choice.kind]
        present = set(choice.indexes)
        missing = [c.headers[0] for c in kind.columns if c.required and c.field not in present
                   and not (c.field in ("building", "room") and "location" in present)]
        withheld = [c.headers[0] for c in kind.columns if not c.stored and c.field in present]
        notes = []
        if missing:
            notes.append(tr("还缺少必需的列：{columns}").format(columns="、".join(missing)))
        if withheld:
            notes.append(tr("「{columns}」列不会导入：本程序不保存证件号码。").format(
                columns="、".join(withheld)))
        self.mapping_note.setText("\n".join(notes))

    def _mapping_changed(self, row: int, field: str) -> None:
        scan = self.current_scan()
        if scan is None or self._filling:
            return
        indexes = self.choices[scan.name].indexes
        for name in [f for f, i in indexes.items() if i == row or (field and f == field)]:
            del indexes[name]
        if field:
            indexes[field] = row
        self._fill_mapping(scan, self.choices[scan.name])  # a field moved off another column

    @Slot()
    def _kind_changed(self) -> None:
        scan = self.current_scan()
        if scan is None or self._filling:
            return
        kind = str(self.kind_combo.currentData())
        from app.importing.fields import map_headers

        indexes, _ignored = map_headers(KINDS_BY_NAME[kind], scan.header)
        self.choices[scan.name] = SheetChoice(scan.name, kind, indexes, scan.header_row or 1)
        self._fill_mapping(scan, self.choices[scan.name])

    @Slot(bool)
    def _include_changed(self, checked: bool) -> None:
        scan = self.current_scan()
        if scan is None or self._filling:
            return
        self.included[scan.name] = checked
        self._update_buttons()

    def chosen(self) -> list[SheetChoice]:
        return [self.choices[s.name] for s in self.scans if self.included.get(s.name)]

    # ---- step 3: preview -------------------------------------------------------------------
    def run_preview(self) -> None:
        from app.importing import import_file

        path, choices = self.path, self.chosen()
        assert path is not None
        store, valid_only = self.ctx.store, self.valid_only_box.isChecked()
        self.preview = None
        self._start(lambda progress: self._dry_run(store, path, choices, valid_only, progress,
                                                   import_file),
                    self._previewed, tr("正在核对…"))

    @staticmethod
    def _dry_run(store: Any, path: Path, choices: list[SheetChoice], valid_only: bool,
                 progress: Any, import_file: Any) -> tuple[Any, Any]:
        from app.importing.sheet import ImportProblems

        try:
            outcome = import_file(store, path, progress, choices=choices,
                                  only_valid_rows=valid_only, dry_run=True)
        except ImportProblems as exc:
            return None, exc.problems
        return outcome, outcome.problems

    def _previewed(self, result: tuple[Any, Any]) -> None:
        self.preview, self.problems = result
        self._show_problems()
        self._show(PREVIEW)
        if self.preview is None and self.problems is not None and self.valid_only_box.isChecked():
            self.status.setText(tr("没有一行可以导入。"))

    def _show_problems(self) -> None:
        problems = self.problems
        table = self.problem_table
        every = problems.cells if problems is not None else []
        cells = every[:MAX_PROBLEMS_LISTED]  # a table of 50,000 items would hold up the UI
        table.setRowCount(len(cells))
        for row, problem in enumerate(cells):
            values = [problem.sheet, "" if problem.row is None else str(problem.row),
                      problem.column or "",
                      message_text(problem.code, problem.params, problem.message)]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(row, column, item)
        table.setColumnHidden(0, not any(p.sheet for p in cells))
        table.setVisible(bool(cells))
        self.valid_only_box.setVisible(problems is not None)
        self.report_button.setVisible(problems is not None)
        lines = []
        if problems is not None:
            lines.append(tr("发现 {n} 处问题（每个单元格一条）。改正后重新导入，或导出错误报告交给提供文件的人；"
                            "也可以只导入没有问题的行。").format(n=f"{problems.count:,}"))
            if problems.count > len(cells):
                lines.append(tr("下面列出前 {shown} 条；全部问题见错误报告。").format(
                    shown=f"{len(cells):,}"))
        if self.preview is not None:
            lines.append(self.counts_text(self.preview, preview=True))
        self.preview_label.setText("\n".join(lines))

    def counts_text(self, outcome: Any, preview: bool) -> str:
        """'将新增 房屋 3 条；更新 1 条；不变 2 条' from an Outcome."""
        added = tr("将新增 {table} {n} 条") if preview else tr("新增 {table} {n} 条")
        parts = [added.format(table=tr(TABLE_LABELS.get(t, t)), n=n)
                 for t, n in outcome.inserted.items() if n]
        updated = sum(outcome.updated.values())
        parts.append(tr("更新 {n} 条").format(n=updated))
        parts.append(tr("不变 {n} 条").format(n=outcome.unchanged))
        if outcome.skipped_rows:
            parts.append(tr("有问题而不导入的行 {n} 行").format(n=outcome.skipped_rows))
        return "；".join(parts)

    @Slot(bool)
    def _valid_only_changed(self, _checked: bool) -> None:
        if self.stack.currentIndex() == PREVIEW and self.problems is not None:
            self.run_preview()

    @Slot()
    def choose_report_file(self) -> None:
        if self.path is None:
            return
        from ui.file_dialogs import save_path

        path = save_path(self, "import", tr("导出错误报告"), f"{self.path.stem}-错误报告.xlsx",
                         tr("Excel 工作簿 (*.xlsx)"))
        if path is not None:
            self.save_report(path)

    def save_report(self, target: Path) -> None:
        from app.importing.report import write_error_report

        source, problems = self.path, self.problems
        assert source is not None and problems is not None
        headers = {c.sheet: c.header_row for c in self.chosen()}
        self._start(lambda _progress: write_error_report(source, problems, target, headers),
                    lambda rows: self.status.setText(
                        tr("已导出错误报告：{file}（{n} 行）").format(file=target.name, n=rows)),
                    tr("正在导出错误报告…"))

    # ---- step 4: import --------------------------------------------------------------------
    def run_import(self) -> None:
        from app.importing import import_file

        path, choices = self.path, self.chosen()
        assert path is not None
        store, valid_only = self.ctx.store, self.valid_only_box.isChecked()
        self._show(IMPORTING)
        self._start(lambda progress: import_file(store, path, progress, choices=choices,
                                                 only_valid_rows=valid_only),
                    self._imported, tr("正在导入…"), show_progress=False)
        self.task.progressed.connect(self._progressed)
        self.task.finished.connect(self._import_ended)

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, max(total, 0))
        self.progress_bar.setValue(min(done, total) if total else 0)
        if text:
            self.progress_label.setText(text)

    def _import_ended(self) -> None:
        if self.outcome is None:  # failed or cancelled: back to the preview, nothing written
            self._show(PREVIEW)
            if self.task is not None and self.task.error is not None:
                from app.errors import Cancelled

                if isinstance(self.task.error, Cancelled):
                    self.status.setText(tr("已取消，没有导入任何数据。"))
                else:
                    self._failed(self.task.error)

    def _imported(self, outcome: Any) -> None:
        self.outcome = outcome
        self.summary_label.setText(self.summary_text(outcome))
        self._show(SUMMARY)
        self.ctx.bus.data_changed.emit("")
        self.imported.emit(outcome)

    def summary_text(self, outcome: Any) -> str:
        name = self.path.name if self.path else ""
        lines = [tr("已导入 {file}：{counts}。").format(file=name,
                                                  counts=self.counts_text(outcome, preview=False))]
        if outcome.skipped_rows:
            lines.append(tr("按您的选择，只导入了没有问题的行：{n} 行有问题，没有导入；"
                            "这一选择已记入操作记录。").format(n=outcome.skipped_rows))
        if outcome.withheld_headers:
            lines.append(tr("「{columns}」列没有导入：本程序不保存证件号码。").format(
                columns="、".join(outcome.withheld_headers)))
        if outcome.ignored_headers:
            lines.append(tr("未使用的列：{columns}").format(columns="、".join(outcome.ignored_headers)))
        if outcome.sheets_left_out:
            lines.append(tr("未导入的工作表：{sheets}").format(sheets="、".join(outcome.sheets_left_out)))
        return "\n".join(lines)

    # ---- templates -------------------------------------------------------------------------
    def choose_template_file(self, kind: str) -> None:
        label = tr(TEMPLATE_KINDS[kind])
        from ui.file_dialogs import save_path

        path = save_path(self, "import", tr("保存模板"), tr("{kind}导入模板.xlsx").format(kind=label),
                         tr("Excel 工作簿 (*.xlsx)"))
        if path is not None:
            self.save_template(kind, path)

    def save_template(self, kind: str, target: Path) -> None:
        from app.importing.templates import write_template

        self._start(lambda _progress: write_template(kind, target),
                    lambda _template: self.status.setText(
                        tr("已保存模板：{file}").format(file=target.name)),
                    tr("正在保存模板…"))

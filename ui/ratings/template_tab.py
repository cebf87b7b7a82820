"""评分模板 tab: a district supervisor looks at the current rating template (areas → indicators,
points per area) and adjusts it — one indicator at a time, or by importing a .toml file.

All writes go through app.ratings: a template that an inspection already uses is never edited in
place (a new version is made), so the tab says which of the two happened and past scores never
change. The tab loads when first shown, not when the page is built.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app import ratings
from app.errors import BadInput
from ui.columns import sampled
from ui.context import UiContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.operations import error_text
from ui.ratings.models import ROW_ROLE, points_text, tr
from ui.resources import icon

ItemIndex = QModelIndex | QPersistentModelIndex
ERROR_STYLE = "color: #b3261e;"
OK_STYLE = "color: #1b7f3a;"
IN_USE_STYLE = "color: #8a5300;"
MUTED_STYLE = "color: #6b6b6b;"  # palette(mid) is too faint for these lines
PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?")
MAX_DECIMALS = 2
TEXT_COLUMN_CHARS = 34  # wide enough for the default template's longest indicator text


# ---- what the tab shows --------------------------------------------------------------------
@dataclass(frozen=True)
class TemplateView:
    """The current template as shown: enough to describe it and to notice it changed since."""

    template_id: str
    name: str
    version: int
    label: str
    in_use: bool
    spec: ratings.TemplateSpec
    refused: str = ""  # why this user may not change it (ratings.template_editing_refused)


def load_view(session: Session) -> TemplateView:
    """The template new inspections use (the default file's content if none is stored yet)."""
    template = ratings.current_template(session)
    return TemplateView(template.id, template.name, template.version,
                        ratings.template_label(template),
                        ratings.template_in_use(session, template.id),
                        ratings.spec_of(session, template),
                        ratings.template_editing_refused(session))


def parse_max_points(text: str) -> tuple[Decimal | None, str]:
    """Check a maximum as typed: (value, "") or (None, the problem in words). Above 0, plain
    decimal notation, at most two decimals (scores are written to 0.01)."""
    cleaned = text.strip()
    if not cleaned:
        return None, tr("请输入满分")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None, tr("“{text}”不是数字").format(text=cleaned)
    if not value.is_finite() or not PLAIN_NUMBER.fullmatch(cleaned.lstrip("+-")):
        return None, tr("“{text}”不是数字").format(text=cleaned)
    if value <= 0:
        return None, tr("满分必须大于 0")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        return None, tr("满分最多保留两位小数")
    # Stored as written, minus trailing zeros ("2.50" → 2.5; "10" stays 10, never 1E+1).
    return (value.quantize(Decimal(1)) if value == value.to_integral_value()
            else value.normalize()), ""


def one_line(text: str) -> str:
    """Indicator text and guidance are one line each (as in the template file and the tree):
    line breaks and runs of spaces typed into the dialog become single spaces."""
    return " ".join(text.split())


# ---- the tree of areas → indicators --------------------------------------------------------
class TemplateTreeModel(QAbstractItemModel):
    """Areas as top-level rows (with their total points), indicators as their children.

    An index's internal id is 0 for an area and (area row + 1) for an indicator of that area.
    """

    HEADERS = (
        QT_TRANSLATE_NOOP("ratings", "编号"),
        QT_TRANSLATE_NOOP("ratings", "方面 / 指标"),
        QT_TRANSLATE_NOOP("ratings", "满分"),
        QT_TRANSLATE_NOOP("ratings", "需证据"),
        QT_TRANSLATE_NOOP("ratings", "评分说明"),
    )
    POINTS_COLUMN = 2
    EVIDENCE_COLUMN = 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.areas: tuple[ratings.AreaSpec, ...] = ()

    def set_spec(self, spec: ratings.TemplateSpec | None) -> None:
        self.beginResetModel()
        self.areas = spec.areas if spec is not None else ()
        self.endResetModel()

    @staticmethod
    def area_total(area: ratings.AreaSpec) -> Decimal:
        return sum((i.max_points for i in area.indicators), Decimal(0))

    def find(self, code: str) -> QModelIndex:
        """The first-column index of the indicator `code` (invalid if the template lacks it)."""
        for a_row, area in enumerate(self.areas):
            for i_row, indicator in enumerate(area.indicators):
                if indicator.code == code:
                    return self.index(i_row, 0, self.index(a_row, 0))
        return QModelIndex()

    def index(self, row: int, column: int, parent: ItemIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    # ignore[override]: the stubs overload parent() with QObject.parent(), which a Python
    # override cannot match.
    def parent(self, child: ItemIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: ItemIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.areas)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self.areas):
            return len(self.areas[parent.row()].indicators)
        return 0

    def columnCount(self, parent: ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return tr(self.HEADERS[section])
        return None

    def flags(self, index: ItemIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != 0:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def item(self, index: ItemIndex) -> ratings.AreaSpec | ratings.IndicatorSpec | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self.areas[index.row()] if index.row() < len(self.areas) else None
        area_row = index.internalId() - 1
        if area_row >= len(self.areas) or index.row() >= len(self.areas[area_row].indicators):
            return None
        return self.areas[area_row].indicators[index.row()]

    def data(self, index: ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index)
        if item is None:
            return None
        column = index.column()
        if role == ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.POINTS_COLUMN,
                                                                     self.EVIDENCE_COLUMN):
            horizontal = (Qt.AlignmentFlag.AlignRight if column == self.POINTS_COLUMN
                          else Qt.AlignmentFlag.AlignHCenter)
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if isinstance(item, ratings.AreaSpec):
            if role == Qt.ItemDataRole.DisplayRole:
                values = (item.code, tr("{name}（{n} 项）").format(
                    name=item.name, n=len(item.indicators)),
                    points_text(self.area_total(item)), "", "")
                return values[column]
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            values = (item.code, item.text, points_text(item.max_points),
                      tr("需要") if item.evidence else "", item.guidance)
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.code} {item.text}\n{tr('评分说明：')}{item.guidance}"
        return None


# ---- editing one indicator -----------------------------------------------------------------
class IndicatorDialog(QDialog):
    """Edit one indicator's text, maximum, guidance and evidence rule.

    `run(edited)` does the save and raises BadInput to keep the dialog open with the message
    (nothing is saved then). The maximum is checked as it is typed; 保存 waits for a valid one.
    """

    def __init__(self, indicator: ratings.IndicatorSpec, area_name: str, view: TemplateView,
                 run: Callable[[ratings.IndicatorSpec], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicatorDialog")
        self.indicator = indicator
        self._run = run
        self.setWindowTitle(tr("编辑指标 {code}").format(code=indicator.code))
        self.setMinimumWidth(560)
        where = QLabel(tr("{label} · {area} · 指标 {code}").format(
            label=view.label, area=area_name, code=indicator.code))
        where.setWordWrap(True)
        where.setStyleSheet(MUTED_STYLE)
        self.version_note = QLabel(
            tr("此模板已被评价使用：保存后将另存为新版本，过去的评分不变。") if view.in_use
            else tr("此模板尚未被评价使用：修改直接保存在{label}。").format(label=view.label))
        self.version_note.setObjectName("versionNote")
        self.version_note.setWordWrap(True)
        self.version_note.setStyleSheet(IN_USE_STYLE if view.in_use else MUTED_STYLE)
        self.text_edit = QPlainTextEdit(indicator.text)
        self.text_edit.setObjectName("indicatorText")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.points_edit = QLineEdit(points_text(indicator.max_points))
        self.points_edit.setObjectName("maxPointsEdit")
        self.points_edit.setMaximumWidth(120)
        self.points_message = QLabel()
        self.points_message.setObjectName("maxPointsMessage")
        self.points_message.setWordWrap(True)
        self.guidance_edit = QPlainTextEdit(indicator.guidance)
        self.guidance_edit.setObjectName("indicatorGuidance")
        self.guidance_edit.setTabChangesFocus(True)
        self.guidance_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.evidence_box = QCheckBox(tr("需要证据"))
        self.evidence_box.setObjectName("evidenceRequired")
        self.evidence_box.setChecked(indicator.evidence)
        evidence_hint = QLabel(tr("勾选后，评价完成前必须为此项附上照片或文件"))
        evidence_hint.setWordWrap(True)
        evidence_hint.setStyleSheet(MUTED_STYLE)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        points_row = QHBoxLayout()
        points_row.addWidget(self.points_edit)
        points_row.addWidget(self.points_message, 1)
        form = QFormLayout()
        form.addRow(tr("指标内容"), self.text_edit)
        form.addRow(tr("满分"), points_row)
        form.addRow(tr("评分说明"), self.guidance_edit)
        form.addRow(tr("证据"), self.evidence_box)
        form.addRow("", evidence_hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.version_note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.points_edit.textChanged.connect(lambda _text: self.validate())
        self.text_edit.textChanged.connect(self.validate)
        self.points_edit.returnPressed.connect(self.try_accept)
        self.validate()
        self.adjustSize()  # tall enough for the wrapped labels at this width

    def validate(self) -> ratings.IndicatorSpec | None:
        """The edited indicator, or None (with the reason shown) while something is wrong."""
        points, problem = parse_max_points(self.points_edit.text())
        if points is None:
            self.points_message.setText(problem)
            self.points_message.setStyleSheet(ERROR_STYLE)
        else:
            self.points_message.setText(tr("原满分 {old}").format(
                old=points_text(self.indicator.max_points))
                if points != self.indicator.max_points else "")
            self.points_message.setStyleSheet(MUTED_STYLE)
        text = one_line(self.text_edit.toPlainText())
        if points is not None and not text:
            self.points_message.setText(tr("指标内容不能为空"))
            self.points_message.setStyleSheet(ERROR_STYLE)
        ok = points is not None and bool(text)
        self.save_button.setEnabled(ok)
        if not ok or points is None:
            return None
        return replace(self.indicator, text=text, max_points=points,
                       guidance=one_line(self.guidance_edit.toPlainText()),
                       evidence=self.evidence_box.isChecked())

    def try_accept(self) -> None:
        edited = self.validate()
        if edited is None:
            return
        try:
            self._run(edited)
        except BadInput as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.accept()


# ---- the tab -------------------------------------------------------------------------------
class TemplateTab(QWidget):
    """The current template: look at it, edit an indicator, import a template file."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateTab")
        self.ctx = ctx
        self.view: TemplateView | None = None
        self.dialog: IndicatorDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self._stale = True
        self._sized = False
        self.title = QLabel()
        self.title.setObjectName("templateTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setObjectName("templateMeta")
        self.meta.setWordWrap(True)
        self.usage = QLabel()
        self.usage.setObjectName("templateUsage")
        self.usage.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(MUTED_STYLE)
        self.edit_button = QPushButton(tr("编辑指标…"))
        self.edit_button.setObjectName("editIndicator")
        self.edit_button.clicked.connect(self.edit_selected)
        self.import_button = QPushButton(icon("import"), tr("导入模板文件…"))
        self.import_button.setObjectName("importTemplate")
        self.import_button.clicked.connect(self.choose_file)
        self.model = TemplateTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("templateTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setWordWrap(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        head = sampled(self.tree.header())
        head.setStretchLastSection(True)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in (0, TemplateTreeModel.POINTS_COLUMN, TemplateTreeModel.EVIDENCE_COLUMN):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.message = QLabel()
        self.message.setObjectName("templateMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(tr("双击指标或选中后点“编辑指标…”修改；模板被评价使用后，修改会另存为新版本，"
                         "过去的评分不变。"))
        hint.setWordWrap(True)
        hint.setStyleSheet(MUTED_STYLE)
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.meta)
        heading.addWidget(self.usage)
        bar = QHBoxLayout()
        bar.addLayout(heading, 1)
        bar.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        bar.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        ctx.reloads.watch(self, self._data_changed, ("rating_templates", "rating_inspections"),
                          "ratingsTemplate")
        self._update_buttons()

    # ---- loading ---------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _data_changed(self) -> None:
        self._stale = True  # a hidden tab of the shown page reads when it is opened
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Show the current template again, keeping the selected indicator selected."""
        selected = self.selected()
        with self.ctx.store.session() as session:
            view = load_view(session)
        self.view = view
        self._stale = False
        spec = view.spec
        self.title.setText(view.name)
        meta = tr("第 {version} 版 · {areas} 个方面 {n} 项指标 · 满分合计 {total}").format(
            version=view.version, areas=len(spec.areas), n=len(spec.indicators),
            total=points_text(spec.total_points))
        if spec.total_points != Decimal(100):
            meta += tr("（不是 100 分：得分率按满分合计计算）")
        self.meta.setText(meta)
        if view.refused:
            self.usage.setText(view.refused)
            self.usage.setStyleSheet(IN_USE_STYLE)
        elif view.in_use:
            self.usage.setText(tr("已被评价使用：修改会另存为新版本，过去的评分不变"))
            self.usage.setStyleSheet(IN_USE_STYLE)
        else:
            self.usage.setText(tr("尚未被评价使用：修改直接保存在此版本"))
            self.usage.setStyleSheet(MUTED_STYLE)
        self.note.setText(spec.note)
        self.note.setVisible(bool(spec.note))
        self.model.set_spec(spec)
        self.tree.expandAll()
        if not self._sized:  # once: later a column the user resized stays as they left it
            self._sized = True
            self.tree.resizeColumnToContents(1)
            widest = self.fontMetrics().horizontalAdvance("汉") * TEXT_COLUMN_CHARS
            self.tree.setColumnWidth(1, min(self.tree.columnWidth(1), widest))
        if selected is not None:
            self.select(selected.code)
        self._update_buttons()

    # ---- selection -------------------------------------------------------------------------
    def selected(self) -> ratings.IndicatorSpec | None:
        item = self.model.item(self.tree.currentIndex())
        return item if isinstance(item, ratings.IndicatorSpec) else None

    def select(self, code: str) -> bool:
        index = self.model.find(code)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        return index.isValid()

    def _update_buttons(self) -> None:
        refused = self.view.refused if self.view is not None else ""
        ready = self.selected() is not None
        self.edit_button.setEnabled(ready and not refused)
        self.edit_button.setToolTip(refused or ("" if ready else tr("先在表中选择一项指标")))
        self.import_button.setEnabled(not refused)
        self.import_button.setToolTip(refused)

    def _double_clicked(self, index: QModelIndex) -> None:
        if isinstance(self.model.item(index), ratings.IndicatorSpec):
            self.edit_selected()
        else:
            self.tree.setExpanded(index.siblingAtColumn(0),
                                  not self.tree.isExpanded(index.siblingAtColumn(0)))

    def _message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)

    # ---- editing ---------------------------------------------------------------------------
    def edit_selected(self) -> IndicatorDialog | None:
        indicator, view = self.selected(), self.view
        if indicator is None or view is None or view.refused:
            return None
        area = next(a for a in view.spec.areas if indicator in a.indicators)
        dialog = IndicatorDialog(indicator, area.name, view,
                                 lambda edited: self.save_indicator(view, indicator, edited), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_indicator(self, shown: TemplateView, before: ratings.IndicatorSpec,
                       after: ratings.IndicatorSpec) -> None:
        """Save one edited indicator (only the fields that changed); BadInput saves nothing.

        Refused when the current template is no longer the version the dialog was opened on
        (a sync or another edit made a new one meanwhile): the edit would land somewhere else.
        """
        changes: dict[str, Any] = {  # IndicatorSpec's field names are revise_indicator's
            name: getattr(after, name) for name in ("text", "max_points", "guidance", "evidence")
            if getattr(after, name) != getattr(before, name)
        }
        if not changes:
            self._message(tr("指标 {code} 没有改动").format(code=before.code))
            return
        with self.ctx.store.transaction() as session:
            base = ratings.current_template(session)
            if (base.name, base.version) != (shown.name, shown.version):
                raise BadInput(tr("评分模板已变为{label}，请关闭后重新打开此指标再修改").format(
                    label=ratings.template_label(base)))
            saved = ratings.revise_indicator(session, base.id, before.code, **changes)
            new_version = saved.id != base.id
            version, label = saved.version, ratings.template_label(saved)
        self.ctx.changed("rating_templates")
        if self._stale:
            self.reload()
        self.select(before.code)
        if new_version:
            self._message(tr("模板已被评价使用，已另存为第 {n} 版；过去的评分不变。"
                             "新的评价将使用第 {n} 版。").format(n=version))
        else:
            self._message(tr("已保存指标 {code}（{label}，尚未被评价使用，直接修改）").format(
                code=before.code, label=label))

    # ---- importing -------------------------------------------------------------------------
    def choose_file(self) -> QFileDialog:
        dialog = QFileDialog(self, tr("导入评分模板文件"))
        dialog.setObjectName("templateFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([tr("评分模板 (*.toml)"), tr("所有文件 (*)")])
        dialog.fileSelected.connect(lambda path: self.import_file(Path(path)))
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def import_file(self, path: Path) -> bool:
        """Validate the whole file, then store it as the current template; a bad file changes
        nothing and the message names the key at fault."""
        try:
            spec = ratings.load_template_file(path)
            if self.view is not None and spec == self.view.spec:
                self._message(tr("{file} 与当前模板（{label}）内容相同，没有改动").format(
                    file=path.name, label=self.view.label))
                return True
            with self.ctx.store.transaction() as session:
                template = ratings.import_template_file(session, path)
                label = ratings.template_label(template)
                current = ratings.current_template(session)
                is_current = current.id == template.id
                current_label = ratings.template_label(current)
        except BadInput as exc:
            self._message(tr("导入失败，模板没有改动：{error}").format(error=error_text(exc)), error=True)
            return False
        self.ctx.changed("rating_templates")
        if self._stale:
            self.reload()
        if is_current:
            self._message(tr("已导入 {file}：当前模板为{label}，新的评价将使用它；过去的评分不变").format(
                file=path.name, label=label))
        else:
            self._message(tr("已导入 {file} 为{label}，但新的评价仍使用{current}").format(
                file=path.name, label=label, current=current_label), error=True)
        return True

"""评价 page: rankings per street, a company's history and trend, inspections (start or resume,
then the keyboard scoring form), the rating template (look at it, edit it, import a file) and
the party branch's yearly evaluations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import ratings
from app.compound_choices import compound_choices
from app.errors import BadInput
from app.progress import Progress
from ui.columns import sampled
from ui.compound_picker import CompoundPicker
from ui.context import UiContext
from ui.date_edit import DateEdit
from ui.operations import error_text
from ui.ratings.evaluation_form import EvaluationForm
from ui.ratings.models import (
    ROW_ROLE,
    RowsModel,
    history_columns,
    ranking_columns,
    tr,
    trend_columns,
)
from ui.ratings.scoring import ScoringForm
from ui.ratings.template_tab import TemplateTab
from ui.resources import icon
from ui.widgets import own_name


class ReportPrinter:
    """打印评价报告… for the finished inspection selected in a table (rows of `view`, whose
    ROW_ROLE gives the inspection id through `inspection_of`); disabled until one is selected."""

    def __init__(self, ctx: UiContext, view: QTableView,
                 inspection_of: Callable[[Any], str]) -> None:
        self.ctx = ctx
        self.view = view
        self.inspection_of = inspection_of
        self.button = QPushButton(icon("print"), tr("打印评价报告…"))
        self.button.setObjectName("printRatingReport")
        self.button.clicked.connect(self.print_selected)
        view.selectionModel().currentRowChanged.connect(lambda *_: self.update())
        self.update()

    def selected(self) -> str | None:
        row = self.view.model().data(self.view.currentIndex(), ROW_ROLE)
        return None if row is None else self.inspection_of(row)

    def update(self) -> None:
        ready = self.selected() is not None
        self.button.setEnabled(ready)
        self.button.setToolTip(tr("打印所选评价的物业服务星级评价报告") if ready
                               else tr("先在表中选择一次已完成的评价"))

    def print_selected(self) -> Any:
        inspection_id = self.selected()
        if inspection_id is None:
            return None
        from ui.printing.preview import show_document

        return show_document(self.ctx, "rating-report", inspection_id)


def _table(model: RowsModel[Any]) -> QTableView:
    view = QTableView()
    view.setTabKeyNavigation(False)  # Tab leaves the table
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    sampled(view.horizontalHeader()).setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class RankingTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.street = QComboBox()
        self.street.setObjectName("rankingStreet")
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText(tr("全部年度"))
        self.year.setValue(0)
        export = QPushButton(tr("导出 Excel…"))
        export.clicked.connect(self.export)
        self.model = RowsModel(ranking_columns(), self)
        self.view = _table(self.model)
        self.view.doubleClicked.connect(self._open_company)
        self.printer = ReportPrinter(ctx, self.view, lambda r: r.row.inspection_id)
        self.note = QLabel(tr("每个小区取最近一次已完成的评价；得分率相同者并列。双击查看企业历史。"))
        self.note.setStyleSheet("color: palette(mid);")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("街道")))
        bar.addWidget(self.street, 1)
        bar.addWidget(QLabel(tr("年度")))
        bar.addWidget(self.year)
        bar.addStretch(1)
        bar.addWidget(self.printer.button)
        bar.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        self.street.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.open_company: Callable[[str], None] | None = None  # set by the page
        self.reload()

    def reload(self) -> None:
        current = self.street.currentData()
        with self.ctx.store.session() as session:
            streets = ratings.streets(session)
        self.street.blockSignals(True)
        self.street.clear()
        for street_id, name in streets:
            self.street.addItem(name, street_id)
        if current is not None:
            self.street.setCurrentIndex(max(0, self.street.findData(current)))
        self.street.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        street_id = self.street.currentData()
        if street_id is None:
            self.model.set_rows([])
        else:
            with self.ctx.store.session() as session:
                self.model.set_rows(ratings.street_ranking(session, street_id, self.year.value() or None))
        self.printer.update()

    def _open_company(self, index: QModelIndex) -> None:
        row = self.model.data(index, ROW_ROLE)
        if row is not None and self.open_company is not None:
            self.open_company(row.row.company_id)

    def export(self) -> None:
        street_id = self.street.currentData()
        if street_id is None:
            return
        from ui.file_dialogs import save_path

        chosen = save_path(self, "export", tr("导出排名"),
                           tr("{street}物业评价排名.xlsx").format(street=self.street.currentText()),
                           "Excel (*.xlsx)")
        if chosen is None:
            return
        path = str(chosen)
        from app import ratings_report

        store, year = self.ctx.store, self.year.value() or None

        def work(progress: Progress) -> int:
            with store.session() as session:
                return ratings_report.export_rankings_xlsx(session, Path(path), [street_id], year)

        self.ctx.run_in_background(work, lambda count: self.note.setText(
            tr("已导出 {n} 行到 {path}").format(n=count, path=path)), label=tr("正在导出…"),
            parent=self)


class CompanyTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.company = QComboBox()
        self.company.setObjectName("historyCompany")
        self.history = RowsModel(history_columns(), self)
        self.trend = RowsModel(trend_columns(), self)
        self.summary = QLabel()
        self.history_view = _table(self.history)
        self.printer = ReportPrinter(ctx, self.history_view, lambda r: r.inspection_id)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("物业企业")))
        bar.addWidget(self.company, 1)
        bar.addWidget(self.printer.button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(tr("历次评价")))
        layout.addWidget(self.history_view, 3)
        layout.addWidget(QLabel(tr("季度走势")))
        layout.addWidget(_table(self.trend), 1)
        self.company.currentIndexChanged.connect(lambda _i: self.refresh())
        self.reload()

    def reload(self) -> None:
        current = self.company.currentData()
        with self.ctx.store.session() as session:
            companies = ratings.companies(session)
        self.company.blockSignals(True)
        self.company.clear()
        for company_id, name in companies:
            self.company.addItem(name, company_id)
        if current is not None:
            self.company.setCurrentIndex(max(0, self.company.findData(current)))
        self.company.blockSignals(False)
        self.refresh()

    def show_company(self, company_id: str) -> None:
        self.company.setCurrentIndex(max(0, self.company.findData(company_id)))

    def refresh(self) -> None:
        company_id = self.company.currentData()
        if company_id is None:
            self.history.set_rows([])
            self.trend.set_rows([])
            self.summary.setText(tr("还没有物业企业"))
            self.printer.update()
            return
        with self.ctx.store.session() as session:
            history = ratings.company_history(session, company_id)
            trend = ratings.company_trend(session, company_id)
        self.history.set_rows(history)
        self.trend.set_rows(trend)
        self.printer.update()
        if len(trend) >= 2:
            change = trend[-1].average_percent - trend[-2].average_percent
            arrow = "↑" if change > 0 else ("↓" if change < 0 else "→")
            self.summary.setText(tr("共 {n} 次评价；最近一季度 {last}%，较上一季度 {arrow} {change}").format(
                n=len(history), last=f"{trend[-1].average_percent:.2f}", arrow=arrow,
                change=f"{abs(change):.2f}"))
        else:
            self.summary.setText(tr("共 {n} 次评价").format(n=len(history)))


class InspectionTab(QWidget):
    """Start (or resume) an inspection, then score it in the form."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form: ScoringForm | None = None
        self.stack = QStackedWidget()
        start = QWidget()
        self.compound = CompoundPicker([], self)  # picked (name, pinyin, initials), no default
        self.compound.setObjectName("inspectionCompound")
        self.day = DateEdit(QDate.currentDate(), prefer="past")
        self.day.setObjectName("inspectionDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMaximumDate(QDate.currentDate())
        self.inspector = QLineEdit(own_name(ctx.store))  # a person's name, never the OS account
        self.inspector.setObjectName("inspectionInspector")
        self.start_button = QPushButton(tr("开始评价"))
        self.start_button.setObjectName("startInspection")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.drafts = QComboBox()
        self.drafts.setObjectName("draftInspections")
        self.resume_button = QPushButton(tr("继续"))
        self.resume_button.clicked.connect(self.resume)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.template_label = QLabel()
        self.template_label.setWordWrap(True)
        self.template_label.setStyleSheet("color: palette(mid);")
        form = QFormLayout()
        form.addRow(tr("小区"), self.compound)
        form.addRow(tr("评价日期"), self.day)
        form.addRow(tr("评价人"), self.inspector)
        form.addRow("", self.start_button)
        resume_row = QHBoxLayout()
        resume_row.addWidget(self.drafts, 1)
        resume_row.addWidget(self.resume_button)
        form.addRow(tr("未完成的评价"), resume_row)
        start_layout = QVBoxLayout(start)
        start_layout.addLayout(form)
        start_layout.addWidget(self.message)
        start_layout.addWidget(self.template_label)
        start_layout.addStretch(1)
        self.stack.addWidget(start)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.inspector.returnPressed.connect(self.start)
        self.reload()

    def reload(self) -> None:
        with self.ctx.store.session() as session:
            compounds = ratings.compounds_with_company(session)
            drafts = ratings.draft_inspections(session)
            template = ratings.current_template(session)
            spec = ratings.spec_of(session, template)
            label = ratings.template_label(template)
        with self.ctx.store.session() as session:
            self.compound.set_choices(compound_choices(
                session, only=[cid for cid, _name, _company in compounds]))
        self.drafts.clear()
        for inspection_id, name, day in drafts:
            self.drafts.addItem(f"{day.isoformat()} {name}", inspection_id)
        self.resume_button.setEnabled(bool(drafts))
        self.drafts.setEnabled(bool(drafts))
        self.template_label.setText(tr("使用模板：{label}，{areas} 个方面 {n} 项指标，满分 {total}。{note}").format(
            label=label, areas=len(spec.areas), n=len(spec.indicators),
            total=format(spec.total_points.normalize(), "f"), note=spec.note))

    def start(self) -> None:
        compound_id = self.compound.compound_id()
        if compound_id is None:
            self.message.setText(tr("请选择小区：输入名称或拼音首字母，从列表中选定"))
            self.compound.setFocus()
            return
        try:
            with self.ctx.store.transaction() as session:
                inspection = ratings.start_inspection(
                    session, compound_id=compound_id,
                    inspected_on=cast(date, self.day.date().toPython()),
                    inspector=self.inspector.text())
                inspection_id = inspection.id
        except BadInput as exc:
            self.message.setText(error_text(exc))
            return
        self.message.clear()
        self.compound.remember()
        self.ctx.changed("rating_inspections")
        self.open_form(inspection_id)

    def resume(self) -> None:
        inspection_id = self.drafts.currentData()
        if inspection_id is not None:
            self.open_form(inspection_id)

    def open_form(self, inspection_id: str, today: date | None = None) -> ScoringForm:
        self.close_form()
        self.form = ScoringForm(self.ctx.store, self.ctx.data_dir, inspection_id, today)
        self.form.finished.connect(lambda _id: self.ctx.changed("rating_inspections"))
        self.form.closed.connect(self.close_form)
        self.stack.addWidget(self.form)
        self.stack.setCurrentWidget(self.form)
        self.form.points_edit.setFocus()
        return self.form

    def close_form(self) -> None:
        if self.form is not None:
            self.stack.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None
        self.stack.setCurrentIndex(0)
        self.reload()


class RatingsPage(QTabWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingsPage")
        self.ctx = ctx
        self.ranking = RankingTab(ctx)
        self.company = CompanyTab(ctx)
        self.inspection = InspectionTab(ctx)
        self.template = TemplateTab(ctx)  # loads itself when first shown, reloads on changes
        self.evaluation = EvaluationForm(ctx.store)
        self.addTab(self.inspection, tr("物业评价打分"))
        self.addTab(self.ranking, tr("街道排名"))
        self.addTab(self.company, tr("企业历史与走势"))
        self.addTab(self.template, tr("评分模板"))
        self.addTab(self.evaluation, tr("支部评价（评价权）"))
        self.ranking.open_company = self._show_company
        self.evaluation.saved.connect(lambda _cid: ctx.changed("evaluations"))
        ctx.reloads.watch(self, self._ratings_changed, (
            "rating_inspections", "streets", "compounds", "property_companies",
            "rating_templates"), "ratings")
        ctx.reloads.watch(self.evaluation, self.evaluation.reload, ("evaluations", "compounds"),
                          "ratingsEvaluation")

    def _show_company(self, company_id: str) -> None:
        self.company.show_company(company_id)
        self.setCurrentWidget(self.company)

    def _ratings_changed(self) -> None:
        self.ranking.reload()
        self.company.reload()
        if self.inspection.form is None:
            self.inspection.reload()


def create_page(ctx: UiContext) -> QWidget:
    page = RatingsPage(ctx)
    page.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    return page

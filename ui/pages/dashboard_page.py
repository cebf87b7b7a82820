"""总览: district figures per street and community (app.dashboard), a bar chart of compounds per
street and a stacked coverage chart (QtCharts, imported when the page is built), the table, and
an .xlsx export. Clicking a bar opens the compound list filtered to that street (and coverage)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import dashboard as figures
from app.rules import load_rules
from db.models.elections import ELECTION_STAGES
from ui import labels
from ui.committee.reminders import summary_text as term_summary_text
from ui.context import UiContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.operations import BackgroundTask
from ui.resources import icon
from ui.widgets import make_table, restore_header, save_header

HEADERS = (
    QT_TRANSLATE_NOOP("DashboardPage", "街道"), QT_TRANSLATE_NOOP("DashboardPage", "社区"),
    QT_TRANSLATE_NOOP("DashboardPage", "小区数"), QT_TRANSLATE_NOOP("DashboardPage", "组织覆盖"),
    QT_TRANSLATE_NOOP("DashboardPage", "组织覆盖率%"), QT_TRANSLATE_NOOP("DashboardPage", "工作覆盖"),
    QT_TRANSLATE_NOOP("DashboardPage", "工作覆盖率%"), QT_TRANSLATE_NOOP("DashboardPage", "业委会"),
    QT_TRANSLATE_NOOP("DashboardPage", "业委会覆盖率%"), QT_TRANSLATE_NOOP("DashboardPage", "以居代业"),
    QT_TRANSLATE_NOOP("DashboardPage", "选举"), QT_TRANSLATE_NOOP("DashboardPage", "未办结议事"),
    QT_TRANSLATE_NOOP("DashboardPage", "逾期议事"),
    QT_TRANSLATE_NOOP("DashboardPage", "议事回音率%"),
    QT_TRANSLATE_NOOP("DashboardPage", "平均回音天数"),
)
COVERAGE_COLOURS = (("organisational", "#2e7d32"), ("work", "#f0a202"), ("uncovered", "#c62828"))


def tr(text: str) -> str:
    return QCoreApplication.translate("DashboardPage", text)


@dataclass(frozen=True)
class Prepared:
    """The dashboard as the page shows it, worked out on the worker thread: the figures, the
    table's cells as text, and what each row opens. The UI thread only hands them over."""

    board: figures.Dashboard
    values: list[list[object]]  # app.dashboard.table_rows (what the export writes; VALUE_ROLE)
    texts: list[list[str]]  # the same cells as shown
    places: list[dict[str, str]]  # filters to open for each row (no community: a total row)
    lines: tuple[str, str, str, str, str]  # summary_lines


def prepare(board: figures.Dashboard) -> Prepared:
    """The table's text and row targets (runs with the figures, off the UI thread)."""
    values = figures.table_rows(board)
    places: list[dict[str, str]] = []
    for street in board.streets:
        places.append({"street_id": street.street_id})
        places.extend({"street_id": c.street_id, "community_id": c.community_id}
                      for c in board.communities if c.street_id == street.street_id)
    places.append({})
    texts = [[_cell_text(column, value) for column, value in enumerate(row)] for row in values]
    return Prepared(board, values, texts, places, summary_lines(board))


def _cell_text(column: int, value: object) -> str:
    if column == 1 and value == "（合计）":
        return tr("（合计）")
    if column == 0 and value == "全区":
        return tr("全区")
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def summary_lines(board: figures.Dashboard) -> tuple[str, str, str, str, str]:
    """The lines above the charts: district totals, elections by stage, agenda, 评价, 换届."""
    total = board.total
    summary = tr(
        "全区 {compounds} 个小区：组织覆盖 {org}（{org_pct:.1f}%），工作覆盖 {work}"
        "（{work_pct:.1f}%），业委会覆盖 {committee_pct:.1f}%，以居代业 {acting} 个；"
        "未办结议事 {open} 件，其中逾期 {overdue} 件。统计日期 {today}。").format(
            compounds=total.compounds, org=total.organisational,
            org_pct=total.organisational_pct, work=total.work, work_pct=total.work_pct,
            committee_pct=total.committee_pct, acting=total.acting,
            open=total.open_agenda, overdue=total.overdue_agenda,
            today=board.today.isoformat())
    stages = [f"{labels.election_stage(s)} {total.elections_by_stage[s]}"
              for s in ELECTION_STAGES if total.elections_by_stage.get(s)]
    elections = tr("选举（按阶段）：") + (tr("，").join(stages) or tr("无"))
    agenda_line = tr(
        "议事 {total} 件：已回音 {answered} 件（{pct:.1f}%），从“听”到“回音”平均 {days} 天。").format(
            total=total.agenda_items, answered=total.answered_agenda, pct=total.answered_pct,
            days=("—" if total.avg_days_to_answer is None
                  else f"{total.avg_days_to_answer:.1f}"))
    terms = term_summary_text(board.terms, load_rules().term.countdown_months)
    return summary, elections, agenda_line, _evaluation_text(board), terms


def _evaluation_text(board: figures.Dashboard) -> str:
    """评价权 this year, in the words of app.evaluations.dashboard_figures."""
    found = board.evaluations
    if found is None:
        return ""

    def average(value: Any) -> str:
        return "—" if value is None else f"{value:.2f}"

    return tr("{year} 年党支部评价：有党支部的小区 {branches} 个，已评价业委会 {committee} 个"
              "（平均 {committee_avg} 分），已评价物业企业 {company} 个（平均 {company_avg} 分），"
              "低分待跟进 {low} 项。").format(
        year=found.year, branches=found.compounds_with_branch,
        committee=found.committee_evaluated, committee_avg=average(found.committee_average),
        company=found.company_evaluated, company_avg=average(found.company_average),
        low=len(found.low_scores))


VALUE_ROLE = Qt.ItemDataRole.UserRole + 1  # a cell's value as app.dashboard.table_rows has it


def build_table_model(prepared: Prepared) -> QStandardItemModel:
    """The table as a Qt-side model, built on the worker thread and handed to the UI thread:
    painting it calls no Python at all (a Python model is asked ~10 roles per painted cell,
    each call waiting for the interpreter while the refresh's other readers run)."""
    model = QStandardItemModel(len(prepared.texts), len(HEADERS))
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for column, header in enumerate(HEADERS):
        model.setHeaderData(column, Qt.Orientation.Horizontal, tr(header))
        if column >= 2:
            model.setHeaderData(column, Qt.Orientation.Horizontal, int(right),
                                Qt.ItemDataRole.TextAlignmentRole)
    bold = QFont()
    bold.setBold(True)
    total_fill = QBrush(QColor("#eef2f7"))
    aligned = int(right)
    display, value_role = Qt.ItemDataRole.DisplayRole, VALUE_ROLE
    font_role, fill_role = Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole
    alignment_role = Qt.ItemDataRole.TextAlignmentRole
    # Cells set through the model, never as QStandardItem objects made in Python: those are
    # Python wrappers, and Qt asks each one's flags() and data() through the interpreter.
    for row, (texts, values) in enumerate(zip(prepared.texts, prepared.values, strict=True)):
        total = is_total(prepared, row)
        for column, text in enumerate(texts):
            index = model.index(row, column)
            model.setData(index, text, display)
            model.setData(index, values[column], value_role)
            if column >= 2:
                model.setData(index, aligned, alignment_role)
            if total:
                model.setData(index, bold, font_role)
                model.setData(index, total_fill, fill_role)
    application = QCoreApplication.instance()
    if application is not None:
        model.moveToThread(application.thread())  # it lives where it is shown
    return model


def is_total(prepared: Prepared, row: int) -> bool:
    """A street's or the district's row (bold), not a community's."""
    return not prepared.places[row].get("community_id")


def column_widths(view: QTableView, prepared: Prepared) -> list[int]:
    """Each column as wide as its header and its widest cell (bold in total rows), measured
    once per distinct text: a few hundred measurements, not Qt's per-cell size hints."""
    plain = view.fontMetrics()
    bold_font = view.font()
    bold_font.setBold(True)
    bold = QFontMetrics(bold_font)
    header = view.horizontalHeader()
    pad = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1) + 8
    widths = []
    for column in range(len(HEADERS)):
        texts: dict[str, bool] = {}
        for row, cells in enumerate(prepared.texts):
            text = cells[column]
            texts[text] = texts.get(text, False) or is_total(prepared, row)
        content = max((bold if is_bold else plain).horizontalAdvance(text)
                      for text, is_bold in texts.items()) if texts else 0
        widths.append(max(header.sectionSizeHint(column), content + pad))
    return widths


class DashboardPage(QWidget):
    loaded = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.setObjectName("dashboardPage")
        self.ctx = ctx
        self.board: figures.Dashboard | None = None
        self.is_loaded = False
        self._task: BackgroundTask | None = None
        self._generation = 0  # counts begun: only the latest one's figures are shown
        self.export_task: BackgroundTask | None = None
        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.places: list[dict[str, str]] = []  # filters to open for each table row
        self._fitted_widths: list[int] = []
        self.table = make_table(self.model, "dashboardTable")
        self.table.doubleClicked.connect(self._row_opened)
        self.title = QLabel(tr("全区总览"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel("")
        self.summary.setObjectName("dashboardSummary")
        self.summary.setWordWrap(True)
        self.elections = QLabel("")
        self.elections.setObjectName("electionStages")
        self.elections.setWordWrap(True)
        self.agenda_summary = QLabel("")
        self.agenda_summary.setObjectName("agendaSummary")
        self.agenda_summary.setWordWrap(True)
        self.evaluation_summary = QLabel("")
        self.evaluation_summary.setObjectName("evaluationSummary")
        self.evaluation_summary.setWordWrap(True)
        self.term_summary = QLabel("")  # 换届 countdowns (app.committee.deadlines)
        self.term_summary.setObjectName("termSummary")
        self.term_summary.setWordWrap(True)
        self.export_button = QPushButton(icon("export"), tr("导出 Excel…"))
        self.export_button.clicked.connect(self.choose_export_file)
        self.print_button = QPushButton(icon("print"), tr("打印覆盖情况表…"))
        self.print_button.setObjectName("printCoverage")
        self.print_button.setToolTip(tr("打印表格中所选街道的小区党组织覆盖情况统计表"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_coverage)
        self.status = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.print_button)
        top.addWidget(self.export_button)

        from PySide6.QtCharts import QChartView  # heavy: only when the dashboard is opened

        self.count_view = QChartView()
        self.count_view.setObjectName("streetChart")
        self.coverage_view = QChartView()
        self.coverage_view.setObjectName("coverageChart")
        for view in (self.count_view, self.coverage_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(self.fontMetrics().height() * 16)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.count_view)
        charts.addWidget(self.coverage_view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(charts)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([self.fontMetrics().height() * 22, self.fontMetrics().height() * 18])
        self.table.horizontalHeader().setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.elections)
        layout.addWidget(self.agenda_summary)
        layout.addWidget(self.evaluation_summary)
        layout.addWidget(self.term_summary)
        layout.addWidget(self.splitter, 1)
        restore_header(self.table, ctx.settings, "dashboard")
        self.table.selectionModel().currentRowChanged.connect(self._update_print)  # again per model
        ctx.reloads.watch(self, self.reload, None, "dashboard")
        self.reload()

    def save_layout(self) -> None:
        save_header(self.table, self.ctx.settings, "dashboard")

    # ----- loading --------------------------------------------------------------------------
    def reload(self) -> BackgroundTask:
        store = self.ctx.store

        def work(_progress: Any) -> tuple[Prepared, QStandardItemModel]:
            with store.session() as session:
                prepared = prepare(figures.compute(session))
            return prepared, build_table_model(prepared)

        # No progress dialog: a modal box over the figures already shown would freeze the window
        # for its opening and closing; the line beside the title says a count is under way.
        self.status.setText(tr("正在统计…"))
        self._generation += 1
        generation = self._generation

        def shown(result: tuple[Prepared, QStandardItemModel]) -> None:
            if generation == self._generation:  # an earlier count finishing last is stale
                self._show(result)

        self._task = self.ctx.run_in_background(work, shown, label=tr("正在统计…"),
                                                parent=self, show_progress=False, read_only=True)
        return self._task

    def _show(self, result: tuple[Prepared, QStandardItemModel]) -> None:
        """Hand the prepared figures to the widgets: one model reset, the charts' bars updated
        in place; column widths change only when the texts need other widths (a caseworker's
        own widths stay across refreshes)."""
        prepared, model = result
        self.status.setText("")
        board = prepared.board
        self.board = board
        self._set_model(model, prepared)
        for label, text in zip((self.summary, self.elections, self.agenda_summary,
                                self.evaluation_summary, self.term_summary), prepared.lines,
                               strict=True):
            label.setText(text)
        self._draw_charts(board)
        self.is_loaded = True
        self.loaded.emit()

    def _set_model(self, model: QStandardItemModel, prepared: Prepared) -> None:
        """The new table model in place of the old, keeping the column widths, the selected
        row and the sort; widths are fitted again only when the texts need other widths."""
        header = self.table.horizontalHeader()
        state = header.saveState()
        row = self.table.currentIndex().row()
        old, old_selection = self.model, self.table.selectionModel()
        model.setParent(self)
        self.model, self.places = model, prepared.places
        self.table.setModel(model)
        self.table.selectionModel().currentRowChanged.connect(self._update_print)
        if old_selection is not None:
            old_selection.deleteLater()
        old.deleteLater()
        header.restoreState(state)
        widths = column_widths(self.table, prepared)
        if widths != self._fitted_widths:
            self._fitted_widths = widths
            for column, width in enumerate(widths):
                header.resizeSection(column, width)
        if 0 <= row < model.rowCount():
            self.table.setCurrentIndex(model.index(row, 0))
        self._update_print()

    def _draw_charts(self, board: figures.Dashboard) -> None:
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QBarSeries,
            QBarSet,
            QChart,
            QPercentBarSeries,
            QValueAxis,
        )

        names = [s.street for s in board.streets]
        if names and names == getattr(self, "_chart_names", None):
            self._update_charts(board)  # same streets: new heights, no new charts (~0.4 s)
            return
        # compounds and committees per street
        count_chart = QChart()
        count_chart.setTitle(tr("各街道小区数与业委会数（点击柱子查看小区）"))
        count_series = QBarSeries()
        compounds_set = QBarSet(tr("小区"))
        committees_set = QBarSet(tr("已成立业委会"))
        compounds_set.setColor(QColor("#35557f"))
        committees_set.setColor(QColor("#7fa7d9"))
        for street in board.streets:
            compounds_set.append(street.compounds)
            committees_set.append(street.committees)
        count_series.append(compounds_set)
        count_series.append(committees_set)
        count_series.setLabelsVisible(True)
        count_series.clicked.connect(lambda i, _set: self.open_street(i, None))
        count_chart.addSeries(count_series)
        self._axes(count_chart, count_series, names, QBarCategoryAxis, QValueAxis,
                   max((s.compounds for s in board.streets), default=1))
        # stacked coverage per street
        coverage_chart = QChart()
        coverage_chart.setTitle(tr("各街道党支部覆盖情况（点击色块查看小区）"))
        coverage_series = QPercentBarSeries()
        self.coverage_sets: dict[str, Any] = {}
        for kind, colour in COVERAGE_COLOURS:
            bar_set = QBarSet(labels.label(labels.COVERAGE, kind))
            bar_set.setColor(QColor(colour))
            for street in board.streets:
                uncovered = street.compounds - street.organisational - street.work
                bar_set.append({"organisational": street.organisational, "work": street.work,
                                "uncovered": uncovered}[kind])
            bar_set.clicked.connect(lambda i, k=kind: self.open_street(i, k))
            coverage_series.append(bar_set)
            self.coverage_sets[kind] = bar_set
        coverage_chart.addSeries(coverage_series)
        self._axes(coverage_chart, coverage_series, names, QBarCategoryAxis, QValueAxis, 100)
        for chart in (count_chart, coverage_chart):
            chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
            chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
            chart.setMargins(chart.margins())
        self.count_chart, self.coverage_chart = count_chart, coverage_chart
        self.count_series = count_series
        self.count_sets = (compounds_set, committees_set)
        self._chart_names = names
        self.count_view.setChart(count_chart)
        self.coverage_view.setChart(coverage_chart)

    def _update_charts(self, board: figures.Dashboard) -> None:
        """Put the new figures into the bars already drawn."""
        compounds_set, committees_set = self.count_sets
        for i, street in enumerate(board.streets):
            compounds_set.replace(i, street.compounds)
            committees_set.replace(i, street.committees)
            uncovered = street.compounds - street.organisational - street.work
            for kind, value in (("organisational", street.organisational),
                                ("work", street.work), ("uncovered", uncovered)):
                self.coverage_sets[kind].replace(i, value)
        top = max(max((s.compounds for s in board.streets), default=1), 1)
        from PySide6.QtCharts import QValueAxis

        for axis in self.count_chart.axes(Qt.Orientation.Vertical):
            if isinstance(axis, QValueAxis):
                axis.setRange(0, top)
                if top > 10:
                    axis.applyNiceNumbers()

    @staticmethod
    def _axes(chart: Any, series: Any, names: list[str], category_axis: Any, value_axis: Any,
              top: float) -> None:
        x = category_axis()
        x.append(names)
        y = value_axis()
        top = max(top, 1)
        y.setRange(0, top)
        if top <= 10:  # whole numbers only: one tick per unit (else "%d" labels lie)
            y.setTickCount(int(top) + 1)
        else:
            y.applyNiceNumbers()
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    # ----- navigation -----------------------------------------------------------------------
    def open_street(self, index: int, coverage: str | None) -> None:
        """Open the compound list filtered to the street of bar `index` (and coverage kind)."""
        if self.board is None or not 0 <= index < len(self.board.streets):
            return
        filters: dict[str, Any] = {"street_id": self.board.streets[index].street_id}
        if coverage is not None:
            filters["coverage"] = coverage
        self.ctx.bus.show_page.emit("compounds", filters)

    @Slot(QModelIndex)
    def _row_opened(self, index: QModelIndex) -> None:
        if index.isValid():
            self.ctx.bus.show_page.emit("compounds", dict(self.places[index.row()]))

    def selected_street(self) -> str | None:
        """The street of the selected table row (a street or one of its communities)."""
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.places):
            return None
        return self.places[index.row()].get("street_id") or None

    def _update_print(self, *_args: Any) -> None:
        self.print_button.setEnabled(self.selected_street() is not None)

    @Slot()
    def print_coverage(self) -> Any:
        """打印: the coverage report of the selected street (built by app.printing)."""
        street_id = self.selected_street()
        if street_id is None:
            return None
        from ui.printing.preview import show_document

        return show_document(self.ctx, "coverage-report", street_id)

    # ----- export ---------------------------------------------------------------------------
    @Slot()
    def choose_export_file(self) -> None:
        from ui.file_dialogs import save_path

        chosen = save_path(self, "export", tr("导出总览"), tr("总览.xlsx"), tr("Excel 文件 (*.xlsx)"))
        if chosen is not None:
            path = str(chosen)
            self.export_to(Path(path if path.endswith(".xlsx") else f"{path}.xlsx"))

    def export_to(self, path: Path) -> BackgroundTask | None:
        """Write the table to .xlsx in the background helper."""
        if self.board is None:
            return None
        board = self.board
        headers = tuple(tr(h) for h in HEADERS)
        self.status.setText(tr("正在导出…"))
        self.export_task = self.ctx.run_in_background(
            lambda progress: figures.export_xlsx(board, path, headers),
            lambda written: self.status.setText(tr("已导出到 {path}").format(path=written)),
            label=tr("正在导出…"), parent=self)
        return self.export_task


def create_page(ctx: UiContext) -> QWidget:
    return DashboardPage(ctx)

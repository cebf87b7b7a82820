"""Item models of the election page: the district list (overdue rows marked) and the small
lists of the panel, all read-only tables over plain records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.elections.checks import ROLE_NAMES
from app.elections.signoff import CHECKPOINT_NAMES, DECISION_NAMES
from app.elections.stages import CHECKPOINT_STAGE, KIND_NAMES, checkpoint_name, stage_name
from app.search import normalize_query, search_key
from ui.elections.common import bad_value, check_detail, check_title, countdown_text, named, tr
from ui.i18n import QT_TRANSLATE_NOOP
from ui.record_model import RecordTableModel
from ui.terms import term

OVERDUE_COLOR = QColor("#b3261e")
STALE_COLOR = QColor("#8a5a00")
BAD_COLOR = QColor("#6d4c41")


def _kind_text(row: Any) -> str:
    return bad_value(row.kind) if "kind" in row.bad else named(KIND_NAMES, row.kind)


def _stage_text(row: Any) -> str:
    return bad_value(row.stage) if "stage" in row.bad else term(stage_name(row.stage, row.kind))


def _deadline_text(row: Any) -> str:
    if row.bad:
        return tr("数据有误，无法计算时限")
    return countdown_text(row.days_left, row.deadline)


class ElectionListModel(RecordTableModel):
    """District list: compound, community, kind, stage, countdown; overdue rows in red; a row
    with a value the app does not know says 数据有误 with the raw value, in brown italics."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            (tr(QT_TRANSLATE_NOOP("Elections", "小区")), lambda r: r.compound),  # one compound a row
            (tr("社区"), lambda r: r.community),
            (tr("类型"), _kind_text),
            (tr("阶段"), _stage_text),
            (tr("时限"), _deadline_text),
        ], parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return super().data(index, role)
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if record.bad:
                return QBrush(BAD_COLOR)
            return QBrush(OVERDUE_COLOR) if record.overdue else None
        if role == Qt.ItemDataRole.FontRole and record.bad:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and record.bad:
            return tr("这场选举的数据有误（可能来自出错的导入或其他设备），无法显示详情。"
                      "请联系区级主管核对更正。")
        return super().data(index, role)

    def row_of(self, election_id: str) -> int:
        for row, record in enumerate(self.records):
            if record.election_id == election_id:
                return row
        return -1


class ElectionFilterProxy(QSortFilterProxyModel):
    """Search box filter: the compound or community as written, in pinyin or by its initials
    ("lyhy" finds 朗悦花园, as the global search teaches), or any column's words (a stage,
    超期)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self._query = self._needle = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = text.strip().lower()
        self._needle = normalize_query(text)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
                         ) -> bool:
        if not self._query:
            return True
        model = self.sourceModel()
        if not isinstance(model, ElectionListModel) or not 0 <= source_row < len(model.records):
            return False
        record = model.records[source_row]
        if self._needle and self._needle in search_key(record.compound, record.community):
            return True
        return any(self._query in str(model.index(source_row, column).data() or "").lower()
                   for column in range(model.columnCount()))


def checks_model(parent: Any = None) -> RecordTableModel:
    class ChecksModel(RecordTableModel):
        def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 0 \
                    and 0 <= index.row() < len(self.records):
                check = self.records[index.row()]
                if not check.passed:
                    return QBrush(STALE_COLOR if check.flag_only else OVERDUE_COLOR)
            return super().data(index, role)

    def verdict(check: Any) -> str:
        if check.passed:
            return tr("✔ 符合")
        return tr("⚠ 提示") if check.flag_only else tr("✘ 不符合")

    return ChecksModel([
        (tr("结果"), verdict),
        (tr("条件"), check_title),
        (tr("情况"), check_detail),
        (tr("依据"), lambda c: (tr("法定：") if c.origin.is_law else tr("区设置：")) + term(c.origin.source)),
    ], parent)


STATUS_TEXT = {"current": QT_TRANSLATE_NOOP("Elections", "有效"),  # named() words them
               "stale": QT_TRANSLATE_NOOP("Elections", "已过时（内容已变更）"),
               "revoked": QT_TRANSLATE_NOOP("Elections", "已撤销")}
SIGNATURE_TEXT = {"valid": QT_TRANSLATE_NOOP("Elections", "签名有效"),
                  "invalid": QT_TRANSLATE_NOOP("Elections", "签名无效"),
                  "unknown_key": QT_TRANSLATE_NOOP("Elections", "公钥未知")}


def signed_at(line: Any) -> str:
    """When it was signed, in the caseworkers' zone (as the printed form and 核验 say it)."""
    from app.printing.data import local_time

    moment = local_time(line.approval.signed_at)
    return tr("{y}年{m}月{d}日 {hm}").format(y=moment.year, m=moment.month, d=moment.day,
                                             hm=moment.strftime("%H:%M"))


def approvals_model(parent: Any = None,
                    kind: Callable[[], str | None] = lambda: None) -> RecordTableModel:
    """`kind`: the shown election's kind, so a checkpoint is named as its timeline names it
    (换届时机关, not 筹备时机关)."""

    def checkpoint(line: Any) -> str:
        code = line.approval.checkpoint
        if code not in CHECKPOINT_STAGE:
            return named(CHECKPOINT_NAMES, code)
        return term(checkpoint_name(code, kind()))  # a rules word (换届小组人选关)

    return RecordTableModel([
        (tr("关口"), checkpoint),
        (tr("决定"), lambda line: named(DECISION_NAMES, line.approval.decision)),
        (tr("签署人"), lambda line: line.signer_name or line.approval.signer),
        (tr("时间"), signed_at),
        (tr("状态"), lambda line: named(STATUS_TEXT, line.status) if line.approval.decision == "approved" else ""),
        (tr("签名"), lambda line: named(SIGNATURE_TEXT, line.signature)),
        (tr("意见/理由"), lambda line: tr("；").join(filter(None, [line.approval.comment, line.approval.override_reason]))),
    ], parent)


def group_model(parent: Any = None) -> RecordTableModel:
    return RecordTableModel([
        (tr("姓名"), lambda m: m.name),
        (tr("身份"), lambda m: tr(ROLE_NAMES.get(m.role, m.role))),
        (tr("组长"), lambda m: m.is_leader),
        (tr("党员"), lambda m: m.is_party_member),
        (tr("房屋"), lambda m: "✓" if m.unit_id else ""),
    ], parent)


def candidates_model(parent: Any = None) -> RecordTableModel:
    return RecordTableModel([
        (tr("编号"), lambda c: c.sort_order + 1),
        (tr("姓名"), lambda c: c.name),
        (tr("党员"), lambda c: c.is_party_member),
        (tr("物业人员"), lambda c: c.works_for_property),
        (tr("欠费"), lambda c: c.fee_arrears),
        (tr("推荐方式"), lambda c: c.nominated_by),
    ], parent)


def tally_model(parent: Any = None) -> RecordTableModel:
    return RecordTableModel([
        (tr("候选人"), lambda c: c.name),
        (tr("同意人数"), lambda c: c.yes_owners),
        (tr("同意面积（m²）"), lambda c: format(c.yes_area, "f")),
        (tr("结果"), lambda c: tr("过半") if c.passed else tr("未过半")),
    ], parent)

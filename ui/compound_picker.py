"""One compound picker for every dialog that files a record under a compound.

The caseworker types the name, its pinyin or initials ("jbhtbq"), or the community or street; the
hits drop down with their community and street, recently used compounds first, and Enter (or a
click) picks the highlighted one. Nothing is picked by default: until a pick, `compound_id()` is
None and the line under the field says so, so a record can never land in a compound nobody chose.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.compound_choices import CompoundChoice, ranked

RECENT_KEY = "picker/recent_compounds"
RECENT_MAX = 8
SHOWN_MAX = 50  # hits in the drop-down: more is scrolling past what typing finds faster
ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2  # what the field shows once a row is highlighted
HINT_COLOR = "#9a6700"


def tr(text: str) -> str:
    return QCoreApplication.translate("CompoundPicker", text)


def recent_compounds() -> list[str]:
    """Ids of the compounds picked lately, newest first (QSettings)."""
    from ui.context import make_settings

    raw = make_settings().value(RECENT_KEY, "")
    return [part for part in str(raw or "").split(",") if part]


def remember_compound(compound_id: str) -> None:
    """Put `compound_id` first among the recent compounds."""
    from ui.context import make_settings

    kept = [compound_id, *(cid for cid in recent_compounds() if cid != compound_id)]
    make_settings().setValue(RECENT_KEY, ",".join(kept[:RECENT_MAX]))


class CompoundPicker(QWidget):
    """A search field with a drop-down of compounds; `picked` carries the id ('' when cleared)."""

    picked = Signal(str)

    def __init__(self, choices: Sequence[CompoundChoice], parent: QWidget | None = None, *,
                 compound_id: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compoundPicker")
        self.choices = list(choices)
        self._by_id = {choice.id: choice for choice in self.choices}
        self.recent = [cid for cid in recent_compounds() if cid in self._by_id]
        self._picked: CompoundChoice | None = None
        self.hits: list[CompoundChoice] = []

        self.edit = QLineEdit()
        self.edit.setObjectName("compoundPickerEdit")
        self.edit.setPlaceholderText(tr("输入小区名称、拼音或首字母，如 jbht"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉" * 22))
        self.place = QLabel()
        self.place.setObjectName("compoundPickerPlace")
        self.place.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCompletionRole(NAME_ROLE)
        self.completer.setMaxVisibleItems(10)
        # the drop-down shows name, community and street: wider than the field when need be
        self._popup().setMinimumWidth(self.fontMetrics().horizontalAdvance("汉" * 30))
        self.completer.setWidget(self.edit)
        # the index overload: two compounds may share a name, their ids differ
        self.completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._left)
        self.edit.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.place)
        self.setFocusProxy(self.edit)
        if compound_id and compound_id in self._by_id:
            self.set_compound(compound_id)
        else:
            self._show_place()

    def set_choices(self, choices: Sequence[CompoundChoice]) -> None:
        """Offer `choices` from now on (a reload); the pick stays if it is still offered."""
        self.choices = list(choices)
        self._by_id = {choice.id: choice for choice in self.choices}
        self.recent = [cid for cid in recent_compounds() if cid in self._by_id]
        kept = self._picked.id if self._picked is not None else None
        if kept is not None and kept not in self._by_id:
            self.set_compound(None)

    # ----- the pick -------------------------------------------------------------------------
    def compound_id(self) -> str | None:
        return self._picked.id if self._picked is not None else None

    def set_compound(self, compound_id: str | None) -> None:
        """Pick `compound_id` (None clears the pick)."""
        choice = self._by_id.get(compound_id or "")
        self._picked = choice
        self.edit.setText(choice.name if choice is not None else "")
        self._show_place()
        self.picked.emit(choice.id if choice is not None else "")

    def remember(self) -> None:
        """Called once the record is saved: the pick goes first among the recent compounds."""
        if self._picked is not None:
            remember_compound(self._picked.id)

    def _show_place(self) -> None:
        if self._picked is not None:
            self.place.setText(self._picked.place)
            self.place.setStyleSheet("color: palette(mid);")
        else:
            self.place.setText(tr("未选择小区：输入后从列表中选定（回车选第一项）"))
            self.place.setStyleSheet(f"color:{HINT_COLOR};")

    # ----- typing ---------------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        if self._picked is not None:
            self._picked = None
            self._show_place()
            self.picked.emit("")
        self.show_hits(text)

    def show_hits(self, text: str) -> list[CompoundChoice]:
        """Fill the drop-down with the hits for `text` (top one highlighted) and open it."""
        self.hits = ranked(self.choices, text, self.recent)
        self.model.clear()
        recent = set(self.recent)
        for choice in self.hits[:SHOWN_MAX]:
            label = f"{choice.name}　{choice.place}"
            if choice.id in recent:
                label += "　" + tr("（最近使用）")
            item = QStandardItem(label)
            item.setData(choice.id, ID_ROLE)
            item.setData(choice.name, NAME_ROLE)
            item.setToolTip(label)
            self.model.appendRow(item)
        popup = self._popup()
        if self.hits:
            self.completer.complete()
            popup.setCurrentIndex(self.model.index(0, 0))
        else:
            popup.hide()
            self.place.setText(tr("没有名称、拼音、社区或街道含“{text}”的小区").format(text=text))
            self.place.setStyleSheet(f"color:{HINT_COLOR};")
        return self.hits

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # a QCompleter always has its popup list
        return popup

    def _activated(self, index: QModelIndex) -> None:
        self.set_compound(str(index.data(ID_ROLE)))

    def pick_highlighted(self) -> bool:
        """Enter: take the highlighted hit (the top one unless the arrows moved)."""
        popup = self._popup()
        index = popup.currentIndex()
        if not index.isValid():
            index = self.model.index(0, 0)
        if not index.isValid():
            return False
        popup.hide()
        self.set_compound(str(index.data(ID_ROLE)))
        return True

    def _left(self) -> None:
        """Leaving the field on a name that is exactly one compound's picks it (the caseworker
        typed or highlighted it in full); anything else stays unpicked."""
        if self._picked is not None or self._popup().isVisible():
            return
        text = self.edit.text().strip()
        same = [choice for choice in self.choices if choice.name == text]
        if len(same) == 1:
            self.set_compound(same[0].id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            popup_open = self._popup().isVisible()
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and popup_open:
                return self.pick_highlighted()
            if event.key() == Qt.Key.Key_Down and not popup_open:
                self.show_hits("" if self._picked is not None else self.edit.text())
                return True
        return super().eventFilter(watched, event)

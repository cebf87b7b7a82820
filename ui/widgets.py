"""Small shared widget helpers: a tidy read-only table view that remembers its column layout."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QSettings
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def own_name(store: Any) -> str:
    """The signed-in person's name from their profile (设置 → 本人信息), else blank to type —
    what a 评价人 or 审核人 field starts with, never the OS account."""
    from app.profile import own_profile

    with store.session() as session:
        profile = own_profile(session, user=store.actor)
    return profile.name if profile is not None else ""


def make_table(model: QAbstractItemModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    header.setMinimumSectionSize(view.fontMetrics().horizontalAdvance("汉字汉") )
    for column in range(header.count()):  # a header's words whole, in either language
        header.resizeSection(column, max(header.sectionSize(column), header.sectionSizeHint(column)))
    return view


def restore_header(view: QTableView, settings: QSettings, key: str) -> bool:
    state = settings.value(f"columns/{key}")
    if state is None:
        return False
    return view.horizontalHeader().restoreState(state)


def save_header(view: QTableView, settings: QSettings, key: str) -> None:
    settings.setValue(f"columns/{key}", view.horizontalHeader().saveState())

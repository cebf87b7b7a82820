"""The 同步 page: the account and sync state, 立即同步 / 登录 / 退出登录, and the open conflicts with
mine vs the server's value per field — keep mine, keep theirs or enter a new value; a resolution
is pushed at once."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import BadInput
from app.sync import auth
from app.sync.conflicts import ConflictView, open_conflicts, resolve
from ui.columns import sampled
from ui.context import UiContext
from ui.operations import show_error
from ui.sync.conflicts_model import ConflictsModel, field_label, mine_text, theirs_text
from ui.sync.controller import SyncController, controller_for


def tr(text: str) -> str:
    return QCoreApplication.translate("sync", text)


class SyncPage(QWidget):
    def __init__(self, ctx: UiContext, controller: SyncController | None = None) -> None:
        super().__init__()
        self.setObjectName("syncPage")
        self.ctx = ctx
        self.controller = controller or controller_for(ctx)
        title = QLabel(tr("与区级服务器同步"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.account_label = QLabel()
        self.account_label.setObjectName("syncAccount")
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.login_button = QPushButton(tr("登录…"))
        self.login_button.clicked.connect(self.open_login)
        self.logout_button = QPushButton(tr("退出登录"))
        self.logout_button.clicked.connect(self.log_out)
        self.sync_button = QPushButton(tr("立即同步"))
        self.sync_button.clicked.connect(lambda: self.controller.sync_now(manual=True))
        # 本人信息 (who signs: printed for 签核人) rides the sync with the server account
        self.profile_button = QPushButton(tr("本人信息…"))
        self.profile_button.setObjectName("syncProfile")
        self.profile_button.clicked.connect(self.open_profile)
        header = QHBoxLayout()
        header.addWidget(self.account_label, 1)
        for button in (self.sync_button, self.login_button, self.logout_button,
                       self.profile_button):
            header.addWidget(button)

        self.model = ConflictsModel()
        self.view = QTableView()
        self.view.setTabKeyNavigation(False)  # Tab leaves the table
        self.view.setObjectName("conflictsView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        head = sampled(self.view.horizontalHeader())
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.conflicts_title = QLabel()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keep_mine = QPushButton(tr("保留我的"))
        self.keep_theirs = QPushButton(tr("保留服务器的"))
        self.edit_value = QPushButton(tr("编辑…"))
        self.keep_mine.clicked.connect(lambda: self.resolve_selected("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve_selected("theirs"))
        self.edit_value.clicked.connect(self._ask_value)
        actions = QHBoxLayout()
        actions.addWidget(self.detail, 1)
        for button in (self.keep_mine, self.keep_theirs, self.edit_value):
            actions.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(header)
        layout.addWidget(self.message_label)
        layout.addWidget(self.conflicts_title)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        self.controller.changed.connect(self.reload)
        ctx.reloads.watch(self, self.reload, None, "sync")
        self.reload()

    # -- view ---------------------------------------------------------------------------------

    def reload(self) -> None:
        account = auth.current_account(self.ctx.store)
        if account is None:
            self.account_label.setText(tr("尚未登录同步服务器。"))
        else:
            self.account_label.setText(tr("服务器：{url}　用户：{user}").format(
                url=account.url, user=account.user))
        self.logout_button.setEnabled(account is not None)
        self.sync_button.setEnabled(account is not None and not self.controller.syncing)
        self.message_label.setText(self.controller.message)
        selected = self.selected()
        self.model.set_conflicts(open_conflicts(self.ctx.store))
        count = len(self.model.conflicts)
        self.conflicts_title.setText(
            tr("待处理的冲突：{n} 条").format(n=count) if count else tr("没有待处理的冲突。"))
        if selected is not None:
            self.select(selected.id)
        self._selection_changed()

    def selected(self) -> ConflictView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.conflicts[rows[0].row()] if rows else None

    def select(self, conflict_id: str) -> None:
        for row, conflict in enumerate(self.model.conflicts):
            if conflict.id == conflict_id:
                self.view.selectionModel().select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                return

    def _selection_changed(self, *_args: object) -> None:
        conflict = self.selected()
        if conflict is None:
            self.detail.setText(tr("选择一条冲突，比较我的值和服务器的值。"))
        else:
            self.detail.setText(tr("我的：{mine}\n服务器：{theirs}").format(
                mine=mine_text(conflict), theirs=theirs_text(conflict)))
        kind = conflict.kind if conflict else ""
        self.keep_mine.setEnabled(kind in ("field", "deleted_here", "refused"))
        self.keep_theirs.setEnabled(conflict is not None)
        self.edit_value.setEnabled(kind == "field")
        self.keep_mine.setText(tr("重新提交") if kind == "refused" else tr("保留我的"))

    # -- actions ------------------------------------------------------------------------------

    def resolve_selected(self, choice: str, value: str | None = None) -> bool:
        """Resolve the selected conflict and push the result; False if nothing was done."""
        conflict = self.selected()
        if conflict is None:
            return False
        try:
            resolve(self.ctx.store, conflict.id, choice, value)
        except BadInput as exc:
            show_error(self, exc)
            return False
        self.ctx.changed(conflict.table_name)
        self.reload()
        self.controller.refresh()
        self.controller.sync_now(manual=False)
        return True

    def _ask_value(self) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        current = conflict.mine if isinstance(conflict.mine, str) else json.dumps(conflict.mine)
        text, ok = QInputDialog.getText(
            self, tr("输入新值"), tr("{field} 的新值：").format(field=field_label(conflict)), text=current)
        if ok:
            self.resolve_selected("edit", text)

    def open_profile(self) -> QWidget:
        from ui.settings_dialog import open_settings

        return open_settings(self.ctx, self)

    def open_login(self) -> None:
        from ui.sync.login_dialog import LoginDialog

        dialog = LoginDialog(self.ctx, self.controller, self)
        dialog.finished.connect(lambda _result: self.reload())
        dialog.open()

    def log_out(self) -> None:
        self.ctx.run_in_background(
            lambda _p: auth.logout(self.ctx.store), self._logged_out, show_progress=False)

    def _logged_out(self, _result: object) -> None:
        self.controller.refresh()
        self.reload()


def create_page(ctx: UiContext) -> QWidget:
    return SyncPage(ctx)


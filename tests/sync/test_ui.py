"""The status-bar widget and the conflicts page against a real server (pytest-qt, offscreen)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.session import set_setting
from app.sync import auth
from app.sync import settings as keys
from db.models import Compound
from tests.helpers.memory_keyring import MemoryKeyring
from tests.sync.conftest import PASSWORD, Device, SyncServer, community_of
from ui.context import UiContext
from ui.operations import running_tasks
from ui.pages.sync_page import SyncPage
from ui.sync import controller as states
from ui.sync.controller import SyncController
from ui.sync.login_dialog import LoginDialog
from ui.sync.status import SyncStatusWidget

MakeDevice = Callable[[str], Device]
pytestmark = pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)


@pytest.fixture(autouse=True)
def background_work_finishes(qtbot: QtBot, make_device: MakeDevice) -> Iterator[None]:
    """Every background task (status refreshes, syncs) ends before the stores close (this
    fixture is set up after `make_device`, so it is torn down before it)."""
    yield
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30000)


def context(device: Device, tmp_path: Path) -> UiContext:
    settings = QSettings(str(tmp_path / f"{device.user}-ui.ini"), QSettings.Format.IniFormat)
    return UiContext(store=device.store, data_dir=device.data_dir, settings=settings)


def add_compound(device: Device, name: str) -> str:
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device), name=name)
        session.add(compound)
        session.flush()
        return compound.id


def set_note(device: Device, compound_id: str, note: str) -> None:
    with device.store.transaction() as session:
        row = session.get(Compound, compound_id)
        assert row is not None
        row.note = note


def test_status_widget_shows_pending_then_online_after_a_manual_sync(
    qtbot: QtBot, make_device: MakeDevice, tmp_path: Path,
) -> None:
    device = make_device("cw")
    add_compound(device, "界面花园-1")
    ctx = context(device, tmp_path)
    controller = SyncController(ctx, auto=False)
    widget = SyncStatusWidget(ctx, controller)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: controller.local is not None and "待上传 1" in widget.text.text())
    qtbot.mouseClick(widget.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.state == states.ONLINE and not controller.syncing,
                    timeout=20000)
    qtbot.waitUntil(lambda: "待上传 0" in widget.text.text())
    assert widget.text.text().startswith("在线")
    assert "上次同步" in widget.text.text()
    assert not widget.login_button.isVisible()


def test_status_widget_says_offline_and_keeps_the_pending_count(
    qtbot: QtBot, make_device: MakeDevice, tmp_path: Path,
) -> None:
    device = make_device("cw")
    add_compound(device, "界面花园-2")
    dead = "http://127.0.0.1:9"
    with device.store.transaction() as session:
        set_setting(session, keys.SERVER_URL, dead)
    auth.save_token(auth.account_of(device.store, dead, "cw"), "token")
    ctx = context(device, tmp_path)
    controller = SyncController(ctx, auto=False)
    widget = SyncStatusWidget(ctx, controller)
    qtbot.addWidget(widget)
    controller.sync_now(manual=False)
    qtbot.waitUntil(lambda: controller.state == states.OFFLINE, timeout=20000)
    qtbot.waitUntil(lambda: "待上传 1" in widget.text.text())
    assert widget.text.text().startswith("离线")
    assert "无法连接同步服务器" in widget.toolTip()


def test_status_widget_offers_login_when_not_logged_in(
    qtbot: QtBot, make_device: MakeDevice, tmp_path: Path,
) -> None:
    device = make_device("cw")
    account = auth.current_account(device.store)
    assert account is not None
    auth.forget_token(account)
    ctx = context(device, tmp_path)
    controller = SyncController(ctx, auto=False)
    widget = SyncStatusWidget(ctx, controller)
    qtbot.addWidget(widget)
    widget.show()
    controller.auto_sync()
    qtbot.waitUntil(lambda: controller.state == states.LOGIN_NEEDED)
    assert widget.login_button.isVisible() and widget.text.text().startswith("需要登录")


def test_the_timers_login_check_reads_the_keyring_off_the_ui_thread(
    qtbot: QtBot, make_device: MakeDevice, tmp_path: Path, memory_keyring: MemoryKeyring,
) -> None:
    """The timer's sync asks the store and the keyring who is logged in; that read runs in the
    background and the UI thread only applies its answer."""
    device = make_device("cw")
    account = auth.current_account(device.store)
    assert account is not None
    auth.forget_token(account)
    ctx = context(device, tmp_path)
    controller = SyncController(ctx, auto=False, refresh_now=False)
    asked_from: list[threading.Thread] = []
    lookup = memory_keyring.get_password

    def recorded(service: str, username: str) -> str | None:
        asked_from.append(threading.current_thread())
        return lookup(service, username)

    memory_keyring.get_password = recorded  # type: ignore[method-assign]
    controller.auto_sync()
    qtbot.waitUntil(lambda: controller.state == states.LOGIN_NEEDED)
    assert asked_from, "the keyring was not asked"
    assert threading.main_thread() not in asked_from


def test_status_widget_says_demo_data_never_syncs_and_the_timer_leaves_it_alone(
    qtbot: QtBot, make_device: MakeDevice, tmp_path: Path,
) -> None:
    from app.demo import DEMO_SETTING

    device = make_device("cw")
    add_compound(device, "演示花园")
    with device.store.transaction() as session:
        set_setting(session, DEMO_SETTING, "1")
    ctx = context(device, tmp_path)
    controller = SyncController(ctx, auto=False)
    widget = SyncStatusWidget(ctx, controller)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: controller.local is not None and controller.local.demo)
    assert widget.text.text() == "演示数据 · 不同步"
    assert "--data-dir" in widget.toolTip()
    assert not widget.sync_button.isVisible() and not widget.login_button.isVisible()
    controller.auto_sync()  # logged in with a token, but demo data: the timer does nothing
    assert controller.task is None or not controller.syncing
    assert controller.state == states.IDLE


def test_conflicts_page_shows_mine_and_theirs_and_pushes_the_resolution(
    qtbot: QtBot, qtmodeltester: object, make_device: MakeDevice, tmp_path: Path,
) -> None:
    mine, theirs = make_device("cw"), make_device("cw2")
    compound_id = add_compound(mine, "界面花园-3")
    mine.sync()
    theirs.sync()
    set_note(theirs, compound_id, "他们的备注")
    theirs.sync()
    set_note(mine, compound_id, "我的备注")
    mine.sync()
    ctx = context(mine, tmp_path)
    controller = SyncController(ctx, auto=False)
    page = SyncPage(ctx, controller)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    assert page.model.rowCount() == 1
    assert page.model.index(0, 3).data() == "我的备注"
    assert page.model.index(0, 4).data() == "他们的备注"
    assert "待处理的冲突：1 条" in page.conflicts_title.text()
    page.select(page.model.conflicts[0].id)
    assert "我的：我的备注" in page.detail.text() and page.edit_value.isEnabled()
    qtbot.mouseClick(page.keep_mine, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0
    qtbot.waitUntil(lambda: controller.state == states.ONLINE and not controller.syncing,
                    timeout=20000)
    theirs.sync()
    with theirs.store.session() as session:
        row = session.get(Compound, compound_id)
        assert row is not None and row.note == "我的备注"


def test_login_dialog_reports_a_wrong_password_then_logs_in(
    qtbot: QtBot, make_device: MakeDevice, sync_server: SyncServer, tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    device = make_device("cw")
    auth.logout(device.store)
    ctx = context(device, tmp_path)
    controller = SyncController(ctx, auto=False)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = LoginDialog(ctx, controller, parent)  # deletes itself on close
    assert dialog.url.text() == sync_server.url and dialog.user.text() == "cw"
    dialog.password.setText("wrong password")
    dialog.submit()
    qtbot.waitUntil(lambda: "用户名或密码错误" in dialog.error.text(), timeout=20000)  # its code
    assert dialog.buttons.isEnabled()
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.submit()
    assert keyring.get_password(auth.SERVICE, auth.keyring_username(
        auth.account_of(device.store, sync_server.url, "cw")))
    qtbot.waitUntil(lambda: not controller.syncing and controller.state == states.ONLINE,
                    timeout=20000)


def test_login_dialog_words_a_wrong_password_in_the_ui_language(
    qtbot: QtBot, make_device: MakeDevice, sync_server: SyncServer, tmp_path: Path,
    memory_keyring: MemoryKeyring, qapp: QApplication,
) -> None:
    """The server's refusal comes back as a code: the English UI says it in English (issue 16:
    "wrong user name or password" used to show on the Chinese UI, Chinese on the English one)."""
    from ui.i18n import install_translators

    device = make_device("cw")
    auth.logout(device.store)
    ctx = context(device, tmp_path)
    controller = SyncController(ctx, auto=False)
    parent = QWidget()
    qtbot.addWidget(parent)
    try:
        install_translators(qapp, "en")
        dialog = LoginDialog(ctx, controller, parent)
        dialog.password.setText("wrong password")
        dialog.submit()
        qtbot.waitUntil(lambda: "wrong user name or password" in dialog.error.text(), timeout=20000)
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in dialog.error.text()), dialog.error.text()
        dialog.close()
    finally:
        install_translators(qapp, "zh_CN")


def test_a_refusal_reads_in_the_ui_language_from_its_code(qtbot: QtBot) -> None:  # a QApplication
    from datetime import UTC, datetime

    from PySide6.QtCore import QLocale

    from app.sync.conflicts import ConflictView
    from ui.sync.conflicts_model import theirs_text

    reason = ("election stage refused: moving past 筹备时机关 (timing) needs an approved sign-off "
              "of it on the server, and there is none")
    conflict = ConflictView(id="c", table_name="elections", table_label="选举", row_id="e",
                            row_label="选举", field="__refused__", kind="refused",
                            mine={"op": "update", "fields": {"stage": "group_formed"}},
                            theirs={"reason": reason, "row": None, "error": {
                                "code": "checkpoint_not_approved", "message": "not read",
                                "params": {"checkpoint": "timing", "kind": "first",
                                           "name": "筹备时机关"}}},
                            created_at=datetime.now(UTC))
    before = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        assert "选举不能越过“筹备时机关”" in theirs_text(conflict)
        QLocale.setDefault(QLocale(QLocale.Language.English))
        assert reason in theirs_text(conflict)
    finally:
        QLocale.setDefault(before)

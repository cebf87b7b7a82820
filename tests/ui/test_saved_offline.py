"""An edit saved while no sync server is in reach says where it went: "已保存在本机，联网后同步"."""

from __future__ import annotations

from pathlib import Path

from db.models import Community, Compound, Street
from db.store import Store
from tests.ui.conftest import finish_background_work, make_context


def test_a_save_while_offline_says_it_is_kept_here(store: Store, data_dir: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow
    from ui.settings_dialog import open_settings

    with store.transaction() as session:
        street = Street(name="龙城街道")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="盛平社区")
        session.add(community)
        session.flush()
        session.add(Compound(community_id=community.id, name="紫薇苑"))
    ctx = make_context(store, data_dir)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    status = window.sync_status
    assert status is not None
    qtbot.waitUntil(lambda: status.controller.local is not None, timeout=20000)
    assert not status.controller.local.demo  # never logged in: not connected
    assert window.statusBar().currentMessage() == ""

    dialog = open_settings(ctx, window)  # a real edit: the signer's own profile
    dialog.form.edits["name"].setText("张三")
    dialog.form.edits["title"].setText("党建指导员")
    dialog.form.edits["office"].setText("龙城街道办事处")
    assert dialog.save()
    assert window.statusBar().currentMessage() == "已保存在本机，联网后同步"
    finish_background_work()

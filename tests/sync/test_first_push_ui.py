"""A long push shows how far it has got: the status bar's words and bar, counting up to the total
(pytest-qt, offscreen, against a real server)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from db.models import Compound
from tests.sync.conftest import Device, community_of
from ui.context import UiContext
from ui.operations import running_tasks
from ui.sync import controller as states
from ui.sync.controller import SyncController
from ui.sync.status import SyncStatusWidget

MakeDevice = Callable[[str], Device]
pytestmark = pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)


@pytest.fixture(autouse=True)
def background_work_finishes(qtbot: QtBot, make_device: MakeDevice) -> Iterator[None]:
    yield
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30000)


def test_the_status_bar_counts_a_long_push_up_to_its_total(
    qtbot: QtBot, make_device: MakeDevice, tmp_path: Path,
) -> None:
    device = make_device("cw")
    with device.store.transaction() as session:  # 1,200 ops with the audit: two batches
        for number in range(600):
            session.add(Compound(community_id=community_of(device), name=f"进度-{number}-"
                                 f"{tmp_path.name[-6:]}"))
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    ctx = UiContext(store=device.store, data_dir=device.data_dir, settings=settings)
    controller = SyncController(ctx, auto=False)
    widget = SyncStatusWidget(ctx, controller)
    widget.resize(900, 32)
    qtbot.addWidget(widget)
    seen: list[tuple[int, int, str, bool, str]] = []

    def look(done: int, total: int, text: str) -> None:  # after the widget has updated
        seen.append((done, total, text, widget.bar.isVisibleTo(widget), widget.text.text()))
        shots = os.environ.get("COMPOUND_DESK_SHOTS")
        if shots and done < total:
            widget.grab().save(str(Path(shots) / "sync-status-pushing.png"))

    controller.progressed.connect(look)
    qtbot.waitUntil(lambda: controller.local is not None)
    qtbot.mouseClick(widget.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.state == states.ONLINE and not controller.syncing,
                    timeout=60000)
    pushes = [s for s in seen if s[2].startswith("正在上传本机更改")]
    assert len(pushes) == 2
    assert [s[0] for s in pushes] == sorted(s[0] for s in pushes)
    assert pushes[-1][0] == pushes[-1][1] == 1200
    assert pushes[0][3]  # the bar is shown while pushing
    assert "正在上传本机更改 1,000/1,200 条" in pushes[0][4]
    assert not widget.bar.isVisibleTo(widget)  # and hidden once done

"""A refusal from app/ reads in the UI's language: a paper ballot entered twice for one owner,
through the real election panel, is told (on the entry's status line) in Chinese on the Chinese UI and in English (with the
stage and room words translated, no Chinese sentence) on the English one."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from db.store import Store
from tests.elections.conftest import TODAY, Place
from tests.elections.test_ballot_session import enter, voting_election
from ui.context import UiContext, make_settings
from ui.elections.panel import ElectionPanel
from ui.i18n import install_translators

CJK_SENTENCE = re.compile(r"[\u4e00-\u9fff]{4,}")


@pytest.fixture
def language(qapp: QApplication) -> Iterator[object]:
    yield None
    install_translators(qapp, "zh_CN")


def _message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def _duplicate_ballot_message(qtbot: QtBot, store: Store, place: Place) -> str:
    for box in _message_boxes():
        box.close()
    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    panel = ElectionPanel(ctx, lambda: TODAY)
    qtbot.addWidget(panel)
    panel.load(voting_election(store, place))
    entry = panel.ballots
    enter(qtbot, entry, "1-101", "1")
    assert not _message_boxes()
    saved = entry.status.text()
    enter(qtbot, entry, "1-101", "2")  # the same owner again, not marked as a correction
    # refused on the entry's status line (no box): the writer answers in the background
    qtbot.waitUntil(lambda: entry.status.text() != saved and bool(entry.status.styleSheet()))
    qtbot.wait(200)  # the panel re-reads after the first ballot: the refusal must stay
    assert not _message_boxes()
    return entry.status.text()


def test_duplicate_paper_ballot_is_told_in_chinese_on_the_chinese_ui(
        qtbot: QtBot, store: Store, place: Place, language: object) -> None:
    text = _duplicate_ballot_message(qtbot, store, place)
    assert "已有一张纸质选票" in text and "更正" in text, text
    assert not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", text), text


def test_duplicate_paper_ballot_is_told_in_english_on_the_english_ui(
        qtbot: QtBot, store: Store, place: Place, qapp: QApplication, language: object) -> None:
    install_translators(qapp, "en")
    assert QCoreApplication.translate("MainWindow", "新建小区") == "New compound"
    text = _duplicate_ballot_message(qtbot, store, place)
    assert "already has a paper ballot" in text, text
    assert not CJK_SENTENCE.search(text), text

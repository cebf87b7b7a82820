"""The sign-off dialog as a signer reads it: names, rooms, roles and checks in words (no JSON, id
or hash), no decision chosen beforehand, the signer confirming their own name from 本人信息, the
checks' 情况 and 依据 wrapped in full; and signing with no usable keyring is a message, with
nothing signed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from app import profile
from app.elections import service
from app.elections.signoff import draft
from app.rules import load_rules
from app.signing import KEYRING_SERVICE
from db.models import CheckpointApproval
from db.store import Store
from tests.elections.conftest import TODAY, Place
from tests.helpers.memory_keyring import MemoryKeyring
from ui.context import UiContext, make_settings

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"  # gitignored: to be looked at
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SHA = re.compile(r"\b[0-9a-f]{64}\b")


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(tmp_path / "settings.ini"))


class NoSigningKeyring(KeyringBackend):
    """A keyring that is locked for the signing keys (store keys still pass to `other`)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, other: KeyringBackend) -> None:
        super().__init__()
        self.other = other

    def get_password(self, service: str, username: str) -> str | None:
        if service == KEYRING_SERVICE:
            raise KeyringError("the keyring is locked")
        return self.other.get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if service == KEYRING_SERVICE:
            raise KeyringError("the keyring is locked")
        self.other.set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.other.delete_password(service, username)


def _group_election(store: Store, place: Place) -> str:
    rules = load_rules()
    with store.transaction() as session:
        election = service.create_election(session, place.compound_id, "first", 7, rules, TODAY)
        election.stage = "checkpoint_group"
        service.save_group_member(session, election, "周街道", "street_office", is_leader=True)
        service.save_group_member(session, election, "王一", "owner_rep", is_party_member=True,
                                  unit_id=place.unit_ids[0])
        return election.id


def _ctx(store: Store) -> UiContext:
    return UiContext(store=store, data_dir=store.path.parent, settings=make_settings())


def _with_profile(store: Store) -> None:
    with store.transaction() as session:
        profile.save_own_profile(session, "张三", "党建指导员", "坂田街道办事处", user=store.actor)


def test_the_dialog_says_what_is_signed_in_words_and_asks_the_signer(
        store: Store, place: Place, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.elections.signoff_dialog import SignoffDialog

    election_id = _group_election(store, place)
    _with_profile(store)
    with store.session() as session:
        from db.models import Election

        group_draft = draft(session, session.get(Election, election_id), "group", load_rules(),
                            date(2026, 3, 2))
    dialog = SignoffDialog(group_draft, store.actor, ctx=_ctx(store))
    qtbot.addWidget(dialog)
    dialog.resize(860, 680)
    dialog.show()
    text = dialog.content.toPlainText()
    for words in ("王一", "1-101", "业主代表", "党员", "周街道", "街道办事处", "组长"):
        assert words in text, (words, text)
    assert not UUID.search(text) and not SHA.search(text) and "{" not in text
    everything = " ".join(label.text() for label in dialog.findChildren(type(dialog.notice)))
    assert not UUID.search(everything) and not SHA.search(everything)
    assert group_draft.content_hash not in everything

    # nothing chosen beforehand; signing waits for a decision and the signer's own name
    assert not dialog.approve.isChecked() and not dialog.ret.isChecked()
    assert not dialog.sign_button.isEnabled()
    dialog.ret.setChecked(True)
    dialog.comment.insert("人员不齐")
    assert not dialog.sign_button.isEnabled() and "确认签署人" in dialog.notice.text()
    assert "张三" in dialog.confirm.text()
    dialog.confirm.setChecked(True)
    assert dialog.sign_button.isEnabled()

    # the checks: every column inside the table, 情况 and 依据 wrapped whole in their rows
    table = dialog.checks_view
    header = table.horizontalHeader()
    QApplication.processEvents()
    assert header.length() <= table.viewport().width() + 1
    metrics = table.fontMetrics()
    for row in range(table.model().rowCount()):
        for column in (2, 3):
            cell = str(table.model().index(row, column).data())
            needed = metrics.boundingRect(QRect(0, 0, header.sectionSize(column) - 8, 10_000),
                                          int(Qt.TextFlag.TextWordWrap), cell).height()
            assert table.rowHeight(row) >= needed, (row, column, cell)
    SHOTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "signoff_dialog.png"))


def test_no_profile_no_signature(store: Store, place: Place, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.elections.signoff_dialog import SignoffDialog

    election_id = _group_election(store, place)
    with store.session() as session:
        from db.models import Election

        group_draft = draft(session, session.get(Election, election_id), "group", load_rules(),
                            date(2026, 3, 2))
    dialog = SignoffDialog(group_draft, store.actor, ctx=_ctx(store))
    qtbot.addWidget(dialog)
    dialog.ret.setChecked(True)
    dialog.comment.insert("人员不齐")
    assert not dialog.confirm.isEnabled() and not dialog.sign_button.isEnabled()
    assert "本人信息" in dialog.notice.text()


def test_signing_without_a_usable_keyring_is_a_message_and_signs_nothing(
        store: Store, place: Place, qtbot, memory_keyring: MemoryKeyring) -> None:  # type: ignore[no-untyped-def]
    from ui.pages.elections_page import ElectionsPage

    election_id = _group_election(store, place)
    _with_profile(store)
    page = ElectionsPage(_ctx(store), clock=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    page.select(election_id)
    qtbot.waitUntil(lambda: page.panel.election_id == election_id, timeout=10000)
    keyring.set_keyring(NoSigningKeyring(memory_keyring))  # the conftest fixture restores it
    dialog = page.panel.open_signoff()
    assert dialog is not None
    dialog.ret.setChecked(True)
    dialog.comment.insert("人员不齐")
    dialog.confirm.setChecked(True)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.panel.findChild(QMessageBox, "signFailedMessage") is not None,
                    timeout=5000)
    box = page.panel.findChild(QMessageBox, "signFailedMessage")
    assert box.isVisible()
    assert "没有签署任何内容" in box.text()
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(CheckpointApproval)) == 0
    box.close()

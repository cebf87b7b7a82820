"""本人信息 in 设置: typed and checked field by field, saved to the store; the sign-off dialog
asks for it while it is missing and then shows the signer as paper will print it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit

from app import profile
from app.elections import service
from app.elections.signoff import draft
from app.rules import load_rules
from db.models import Community, Compound, Street, UserProfile
from db.store import Store
from ui.context import UiContext
from ui.elections.signoff_dialog import SignoffDialog
from ui.settings_dialog import SettingsDialog


@pytest.fixture
def ctx(store: Store, data_dir: Path, tmp_path: Path) -> UiContext:
    store.actor = "zhangsan"
    return UiContext(store=store, data_dir=data_dir,
                     settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


def type_into(edit: QLineEdit, text: str) -> None:
    """As an input method commits Chinese text (QTest cannot type it); marks the edit modified."""
    edit.selectAll()
    edit.insert(text)


def test_settings_dialog_checks_each_field_and_saves(ctx: UiContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    form = dialog.form
    assert not dialog.save_button.isEnabled()  # nothing typed yet: no name
    assert not form.errors["name"].isVisibleTo(dialog)  # …but nobody is shouted at before typing
    type_into(form.edits["name"], "张")
    assert form.errors["name"].text() == "须为 2 至 20 个字"
    assert not dialog.save_button.isEnabled()
    type_into(form.edits["name"], "张三")
    type_into(form.edits["title"], "党建指导员")
    type_into(form.edits["office"], "龙城街道办事处\u202e")
    assert form.errors["office"].text() == "含有不可见的控制字符"
    assert not dialog.save_button.isEnabled()
    type_into(form.edits["office"], "党" * 41)
    assert form.errors["office"].text() == "不能超过 40 个字"
    type_into(form.edits["office"], "龙城街道办事处")
    assert form.errors["office"].isHidden() and dialog.save_button.isEnabled()
    assert form.preview.text() == "张三（龙城街道办事处党建指导员）"
    with ctx.store.session() as session:
        assert profile.own_profile(session, user="zhangsan") is None  # nothing saved yet
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with ctx.store.session() as session:
        row = session.get(UserProfile, "zhangsan")
        assert row is not None and row.pending
        assert profile.display_signer(session, "zhangsan") == "张三（龙城街道办事处党建指导员）"

    again = SettingsDialog(ctx)
    qtbot.addWidget(again)
    assert again.form.values() == ("张三", "党建指导员", "龙城街道办事处")
    assert again.status.text() == "本机的修改尚未同步到服务器。"


def test_signing_without_a_profile_asks_for_it(ctx: UiContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    rules = load_rules()
    with ctx.store.transaction() as session:
        street = Street(name="龙城街道")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="盛平社区")
        session.add(community)
        session.flush()
        compound = Compound(community_id=community.id, name="紫薇苑")
        session.add(compound)
        session.flush()
        election = service.create_election(session, compound.id, "first", 7, rules, date(2026, 3, 2))
        election.stage = "checkpoint_group"
        service.save_group_member(session, election, "街道 周", "street_office", is_leader=True)
        group_draft = draft(session, election, "group", rules, date(2026, 3, 2))
    dialog = SignoffDialog(group_draft, "zhangsan", ctx=ctx)
    qtbot.addWidget(dialog)
    assert "尚未填写本人信息" in dialog.signer_label.text()
    assert dialog.profile_button.text() == "填写本人信息…"
    settings = dialog.open_profile()
    assert isinstance(settings, SettingsDialog)
    assert "签署前请填写本人信息" in settings.findChild(type(dialog.signer_label), "settingsIntro").text()
    type_into(settings.form.edits["name"], "张三")
    type_into(settings.form.edits["title"], "党建指导员")
    assert settings.save()
    assert dialog.signer_label.text() == "张三（党建指导员）"
    assert dialog.profile_button.text() == "修改本人信息…"


"""The 核验 dialog checks a printed checkpoint form from its PDF or its scanned code; the preview
names why a draft is a draft and says when a PDF can't be saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.printing import render
from app.signing import find_qr_text
from db.store import Store
from tests.printing.conftest import PrintData
from ui.context import UiContext, make_settings

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def ctx(store: Store, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UiContext:
    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(tmp_path / "settings.ini"))
    return UiContext(store=store, data_dir=data_dir, settings=make_settings())


@pytest.fixture
def form_pdf(store: Store, printed: PrintData, tmp_path: Path) -> Path:
    """The printed form, signed by "tester" whose key this computer knows (its own)."""
    from app import signing
    from app.elections import signoff

    with store.transaction() as session:
        signoff.remember_public_key(session, signing.signing_key("tester"))
    with store.session() as session:
        pdf = render(session, "checkpoint-form", printed.approval_id)
    path = tmp_path / "审核表.pdf"
    path.write_bytes(pdf)
    return path


def checked(qtbot: Any, dialog: Any, act: Any) -> Any:
    dialog.verdict = None
    act()
    qtbot.waitUntil(lambda: dialog.verdict is not None, timeout=20_000)
    return dialog.verdict


def test_a_printed_form_checks_valid_from_its_pdf_and_from_its_scanned_code(
        qtbot: Any, ctx: UiContext, printed: PrintData, form_pdf: Path) -> None:
    from ui.printing.verify_dialog import VerifyDialog

    dialog = VerifyDialog(ctx)
    qtbot.addWidget(dialog)
    verdict = checked(qtbot, dialog, lambda: dialog.check_file(form_pdf))
    assert verdict.code == "valid", verdict.detail
    assert "签核有效" in dialog.answer.text()
    assert printed.compound_name in dialog.details.text()
    assert "业委会人选关" in dialog.details.text() and "通过" in dialog.details.text()

    code = find_qr_text(form_pdf.read_bytes())
    assert code is not None
    dialog.code_edit.setText(code)  # what a scanner gun types, then Enter
    verdict = checked(qtbot, dialog, lambda: qtbot.keyClick(dialog.code_edit, "\r"))
    assert verdict.code == "valid"


def test_a_forged_or_foreign_code_is_not_valid_and_says_why(
        qtbot: Any, ctx: UiContext, form_pdf: Path, tmp_path: Path) -> None:
    from ui.printing.verify_dialog import VerifyDialog

    code = find_qr_text(form_pdf.read_bytes())
    assert code is not None
    middle = len(code) // 2
    forged = code[:middle] + ("A" if code[middle] != "A" else "B") + code[middle + 1:]
    dialog = VerifyDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.code_edit.setText(forged)
    verdict = checked(qtbot, dialog, dialog.check_typed)
    assert verdict.code in ("damaged", "unconfirmed", "mismatch") and not verdict.valid
    assert "签核有效" not in dialog.answer.text()

    dialog.code_edit.setText("https://example.com/not-ours")
    assert checked(qtbot, dialog, dialog.check_typed).code == "not_a_code"
    assert "不是审核签名码" in dialog.answer.text()

    other = tmp_path / "其他.pdf"
    other.write_bytes(b"%PDF-1.4\n% not a form\n")
    assert checked(qtbot, dialog, lambda: dialog.check_file(other)).code == "no_code"
    assert "没有审核签名码" in dialog.answer.text()


def test_the_preview_of_a_draft_names_its_reasons_and_a_final_one_has_no_banner(
        qtbot: Any, form_pdf: Path) -> None:
    from ui.printing.preview import show_pdf

    draft = show_pdf(form_pdf.read_bytes(), "候选人公示", None, ["业委会人选关尚未签核"])
    qtbot.addWidget(draft)
    assert draft.draft_banner.isVisible()
    assert "业委会人选关尚未签核" in draft.draft_banner.text() and "草稿" in draft.draft_banner.text()
    final = show_pdf(form_pdf.read_bytes(), "候选人公示", None, [])
    qtbot.addWidget(final)
    assert not final.draft_banner.isVisible()


def test_saving_to_a_folder_that_cannot_be_written_says_so_and_keeps_the_preview(
        qtbot: Any, form_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.printing.preview as preview

    warnings: list[str] = []
    monkeypatch.setattr(preview.QMessageBox, "warning",
                        lambda _parent, _title, text: warnings.append(text))
    window = preview.show_pdf(form_pdf.read_bytes(), "审核表")
    qtbot.addWidget(window)
    target = tmp_path / "no-such-folder" / "审核表.pdf"
    assert window.save_pdf(target) is None
    assert not target.exists()
    assert len(warnings) == 1 and "无法保存" in warnings[0] and "no-such-folder" in warnings[0]
    assert window.isVisible()


def test_a_code_whose_key_this_computer_does_not_know_is_unconfirmed(
        qtbot: Any, ctx: UiContext, store: Store, form_pdf: Path) -> None:
    """An intact code proves nothing by itself: a key nobody registered here is not trusted."""
    from app import signing
    from app.elections import signoff
    from app.session import set_setting
    from ui.printing.verify_dialog import VerifyDialog

    key = signing.signing_key("tester")
    with store.transaction() as session:
        set_setting(session, signoff.PUBLIC_KEY_SETTING + key.key_id, "")
    dialog = VerifyDialog(ctx)
    qtbot.addWidget(dialog)
    verdict = checked(qtbot, dialog, lambda: dialog.check_file(form_pdf))
    assert verdict.code == "unconfirmed"
    assert "无法确认" in dialog.answer.text() and "tester" in dialog.details.text()


def test_a_file_carrying_a_code_elsewhere_or_two_codes_is_not_a_printed_form(
        qtbot: Any, ctx: UiContext, form_pdf: Path, tmp_path: Path) -> None:
    """A copied code in a text file, or a second code slipped into a PDF, never reads as valid."""
    from ui.printing.verify_dialog import VerifyDialog

    data = form_pdf.read_bytes()
    code = find_qr_text(data)
    assert code is not None
    dialog = VerifyDialog(ctx)
    qtbot.addWidget(dialog)
    text_file = tmp_path / "code.txt"
    text_file.write_text(code, encoding="ascii")
    second = tmp_path / "two.pdf"
    other = code[:-6] + ("AAAAAA" if not code.endswith("AAAAAA") else "BBBBBB")
    second.write_bytes(data.replace(b"%PDF-1.4", b"%PDF-1.4\n%" + other.encode(), 1)
                       if data.startswith(b"%PDF-1.4") else data + b"\n%" + other.encode())
    for path in (text_file, second):
        verdict = checked(qtbot, dialog, lambda p=path: dialog.check_file(p))
        assert verdict.code == "not_ours", path
        assert "不是本应用打印的审核表原件" in dialog.answer.text()


def test_the_preview_fits_a_laptop_screen_and_esc_closes_it(qtbot: Any, form_pdf: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from ui.printing.preview import show_pdf

    window = show_pdf(form_pdf.read_bytes(), "审核表")
    qtbot.addWidget(window)
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert window.height() <= room.height() and window.width() <= room.width()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)


def test_the_verify_command_names_what_was_signed_in_words(
        form_pdf: Path, data_dir: Path, printed: PrintData) -> None:
    """A code can be stuck onto other paper: the checker compares the paper with these facts."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), "verify",
                           str(form_pdf)], capture_output=True, text=True, cwd=root, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "请核对纸面" in done.stdout
    assert f"小区 compound: {printed.compound_name}" in done.stdout
    assert "关口 checkpoint: 业委会人选关" in done.stdout and "决定 decision: 通过" in done.stdout
    assert "2024年5月6日 10:30" in done.stdout  # 02:30 UTC in the caseworkers' zone


def test_exporting_images_to_a_folder_that_cannot_be_written_says_so(
        qtbot: Any, form_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.printing.preview as preview

    warnings: list[str] = []
    monkeypatch.setattr(preview.QMessageBox, "warning",
                        lambda _parent, _title, text: warnings.append(text))
    window = preview.show_pdf(form_pdf.read_bytes(), "审核表")
    qtbot.addWidget(window)
    target = tmp_path / "no-such-folder" / "审核表.png"
    assert window.export_images(target) == []
    assert not target.parent.exists()
    assert len(warnings) == 1 and "无法保存" in warnings[0] and "no-such-folder" in warnings[0]
    assert window.isVisible()

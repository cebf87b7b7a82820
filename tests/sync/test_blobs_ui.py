"""The scoring form on a laptop that pulled a colleague's evidence row but not yet its file:
the file is listed 未下载 with 重试下载, and the button fetches it from the real server (pytest-qt,
offscreen). Screenshots go to $COMPOUND_DESK_SHOTS when set."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.evidence_files import read_evidence
from app.sync.blobs import Evidence, not_here
from db.models import Attachment, RatingScore
from tests.sync.conftest import Device
from tests.sync.test_blobs import attach_to_new_score, photo
from ui.ratings.scoring import ScoringForm

MakeDevice = Callable[[str], Device]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def shot(form: ScoringForm, name: str) -> None:
    folder = os.environ.get("COMPOUND_DESK_SHOTS")
    if folder:
        form.grab().save(str(Path(folder) / f"{name}.png"))


def pulled_form(qtbot: QtBot, make_device: MakeDevice, tmp_path: Path
                ) -> tuple[ScoringForm, Device, Attachment, bytes]:
    """A supervisor attaches a photo and syncs; a caseworker pulls and opens the inspection's
    scoring form at the score."""
    content = photo(f"ui {uuid.uuid4()}")
    laptop = make_device("sup")
    attachment = attach_to_new_score(laptop, tmp_path, content)
    assert laptop.sync().refused == 0
    other = make_device("cw")
    with other.store.session() as session:
        score = session.get(RatingScore, attachment.owner_id)
        assert score is not None
        inspection_id = score.inspection_id
    form = ScoringForm(other.store, other.data_dir, inspection_id)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    form.go_to(next(i for i, r in enumerate(form.sheet.rows) if r.score_id == score.id))
    return form, other, attachment, content


def test_a_file_not_here_shows_as_not_downloaded_and_retry_fetches_it(
    qtbot: QtBot, make_device: MakeDevice, tmp_path: Path,
) -> None:
    form, other, attachment, content = pulled_form(qtbot, make_device, tmp_path)
    listing = form.evidence_list
    assert attachment.filename in listing.list_label.text()
    assert "未下载" in listing.list_label.text()
    assert listing.retry_button.isVisible()
    shot(form, "evidence-not-downloaded")

    qtbot.mouseClick(listing.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listing.task is None, timeout=30000)
    assert "未下载" not in listing.list_label.text()
    assert not listing.retry_button.isVisible()
    assert "已下载 1 份" in listing.status_label.text()
    evidence = Evidence(attachment.sha256, attachment.filename)
    assert evidence not in not_here(other.store)
    assert read_evidence(other.data_dir, evidence.local_name) == content
    shot(form, "evidence-downloaded")


def test_the_english_screen_says_it_in_english(
    english: None, qtbot: QtBot, make_device: MakeDevice, tmp_path: Path,
) -> None:
    form, _other, attachment, _content = pulled_form(qtbot, make_device, tmp_path)
    listing = form.evidence_list
    shown = listing.list_label.text()
    assert "not downloaded" in shown and listing.retry_button.text() == "Retry download"
    assert not CJK.search(shown.replace(attachment.filename, "")), shown  # only the file's name
    shot(form, "evidence-not-downloaded-en")

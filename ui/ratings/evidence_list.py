"""The files attached to the current score, under the scoring form's evidence line: each one's
name and size, and 未下载 for a file whose row came by sync but whose file has not (yet) — with
a 重试下载 button that fetches those in the background (app.sync.blobs). A failed fetch leaves
them 未下载 and says why; nothing is lost and the button stays to try again."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app import ratings
from app.progress import Progress
from db.store import Store
from ui.operations import error_text, run_in_background
from ui.ratings.models import tr

MISSING_STYLE = "color: #a86400;"
ERROR_STYLE = "color: #b3261e;"
SHOWN = 6


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return tr("{n} MB").format(n=f"{size / (1024 * 1024):.1f}")
    return tr("{n} KB").format(n=max(1, round(size / 1024)))


class EvidenceList(QWidget):
    """Lists one score's files; `show_score(score_id)` (None: nothing) re-reads them."""

    def __init__(self, store: Store, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceList")
        self.store, self.data_dir = store, data_dir
        self.score_id: str | None = None
        self.files: list[ratings.EvidenceFile] = []
        self.task: Any = None
        self.list_label = QLabel()
        self.list_label.setObjectName("evidenceFiles")
        self.list_label.setWordWrap(True)
        self.list_label.setTextFormat(Qt.TextFormat.RichText)
        self.retry_button = QPushButton(tr("重试下载"))
        self.retry_button.setObjectName("evidenceRetry")
        self.retry_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.retry_button.clicked.connect(self.retry)
        self.status_label = QLabel()
        self.status_label.setObjectName("evidenceStatus")
        self.status_label.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.retry_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list_label)
        layout.addWidget(self.status_label)
        layout.addLayout(row)
        self.show_score(None)

    @property
    def missing(self) -> list[ratings.EvidenceFile]:
        return [f for f in self.files if not f.here]

    def show_score(self, score_id: str | None) -> None:
        if score_id != self.score_id:
            self.status_label.clear()
        self.score_id = score_id
        if score_id is None:
            self.files = []
        else:
            with self.store.session() as session:
                self.files = ratings.score_evidence(session, score_id, self.data_dir)
        lines = []
        not_downloaded = tr("未下载")
        for item in self.files[:SHOWN]:
            line = "• " + tr("{name}（{size}）").format(name=html.escape(item.filename),
                                                     size=size_text(item.size_bytes))
            if not item.here:
                line += f" <b style='{MISSING_STYLE}'>{not_downloaded}</b>"
            lines.append(line)
        if len(self.files) > SHOWN:
            lines.append(tr("…另有 {n} 份").format(n=len(self.files) - SHOWN))
        self.list_label.setText("<br>".join(lines))
        self.list_label.setVisible(bool(lines))
        busy = self.task is not None
        self.retry_button.setVisible(bool(self.missing) or busy)
        self.retry_button.setEnabled(not busy)
        self.status_label.setVisible(bool(self.status_label.text()))

    def retry(self) -> None:
        """Fetch this score's 未下载 files in the background."""
        from app.sync.blobs import Evidence, fetch_files

        wanted = [Evidence(f.sha256, f.filename) for f in self.missing]
        if not wanted or self.task is not None:
            return
        self.status_label.setStyleSheet("")
        self.status_label.setText(tr("正在下载…"))

        def work(progress: Progress) -> Any:
            return fetch_files(self.store, wanted, progress)

        self.task = run_in_background(work, self._fetched, on_failure=self._failed, parent=self,
                                      show_progress=False)
        self.show_score(self.score_id)

    def _fetched(self, report: Any) -> None:
        self.task = None
        if report.errors:
            self._failed_text(error_text(report.errors[0]))
        else:
            self.status_label.setText(tr("已下载 {n} 份").format(n=report.fetched))
            self.status_label.setStyleSheet("")
        self.show_score(self.score_id)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self._failed_text(error_text(exc))
        self.show_score(self.score_id)

    def _failed_text(self, why: str) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE)
        self.status_label.setText(tr("下载未完成，稍后可重试：{why}").format(why=why))

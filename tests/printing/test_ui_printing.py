"""The preview window (QtPdf), printing to a PDF printer, PNG export, and batch printing in the
background with cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from app.errors import BadInput, Cancelled
from app.printing.batch import write_batch
from db.store import Store
from tests.printing.conftest import PrintData, run_tool
from ui.context import UiContext, make_settings

# The offscreen platform cannot pass size hints to a window manager and says so; harmless.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def ctx(store: Store, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UiContext:
    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(tmp_path / "settings.ini"))
    return UiContext(store=store, data_dir=data_dir, settings=make_settings())


def open_preview(qtbot: Any, ctx: UiContext, kind: str, record_id: str) -> Any:
    from ui.printing.preview import show_document

    shown: list[Any] = []
    task = show_document(ctx, kind, record_id, on_shown=shown.append)
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    assert task.succeeded, task.error
    window = shown[0]
    qtbot.addWidget(window)
    return window


def test_preview_shows_the_pdf_and_exports_png_and_pdf(
        qtbot: Any, ctx: UiContext, printed: PrintData, tmp_path: Path) -> None:
    window = open_preview(qtbot, ctx, "election-notice", printed.election_id)
    assert window.isVisible() and window.page_count() >= 2
    assert "选举" in window.windowTitle()

    saved = window.save_pdf(tmp_path / "saved.pdf")
    assert saved is not None and saved.read_bytes() == window.pdf
    assert printed.candidates[0] in run_tool("pdftotext", saved, "-")

    images = window.export_images(tmp_path / "notice.png")
    assert [p.name for p in images][:2] == ["notice-1.png", "notice-2.png"]
    image = QImage(str(images[0]))
    assert image.width() > 1000 and image.height() > image.width()  # A4 portrait at 150 dpi
    assert image.pixelColor(5, 5).name() == "#ffffff"  # white paper, not transparent black


def test_printing_paints_every_page_on_the_printer(qtbot: Any, ctx: UiContext,
                                                   printed: PrintData, tmp_path: Path) -> None:
    from ui.printing.pdf_pages import print_pdf

    window = open_preview(qtbot, ctx, "result-notice", printed.election_id)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(window.pdf, printer) == window.page_count()
    info = run_tool("pdfinfo", tmp_path / "printed.pdf")
    assert f"Pages:           {window.page_count()}" in info


def test_preview_of_a_missing_record_reports_a_readable_error(qtbot: Any, ctx: UiContext,
                                                              printed: PrintData) -> None:
    from ui.printing.preview import document_pdf

    failures: list[BaseException] = []
    task = ctx.run_in_background(lambda p: document_pdf(ctx.store, "result-notice",
                                                        printed.voting_election_id),
                                 on_failure=failures.append)
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    assert isinstance(failures[0], BadInput) and "尚未计票" in str(failures[0])


class CancelAfter:
    """A Progress that asks to stop once `limit` documents were reported done."""

    def __init__(self, limit: int) -> None:
        self.limit, self.done = limit, 0

    def report(self, done: int, total: int, text: str = "") -> None:
        self.done = done

    @property
    def cancelled(self) -> bool:
        return self.done >= self.limit


def test_batch_writes_one_pdf_per_record_skips_unready_and_can_be_cancelled(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    ids = [printed.election_id, printed.voting_election_id, printed.election_id]
    result = write_batch(store, "result-notice", ids, tmp_path / "all", CancelAfter(99))
    assert len(result["written"]) == 2
    assert [rid for rid, _ in result["skipped"]] == [printed.voting_election_id]
    with pytest.raises(Cancelled):
        write_batch(store, "result-notice", ids, tmp_path / "part", CancelAfter(1))
    assert len(list((tmp_path / "part").glob("*.pdf"))) == 1


def test_batch_runs_in_the_background_through_the_shell_helper(
        qtbot: Any, ctx: UiContext, printed: PrintData, tmp_path: Path) -> None:
    from app.printing.batch import compound_elections_of_street
    from ui.printing.batch import start_batch

    ids = compound_elections_of_street(ctx.store, "布吉")
    assert len(ids) == 1  # one compound with elections: its latest election
    results: list[dict[str, Any]] = []
    task = start_batch(ctx, "candidates-notice", [printed.election_id] * 3, tmp_path / "out",
                       results.append)
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert len(results[0]["written"]) == 3
    assert all(p.stat().st_size > 10_000 for p in results[0]["written"])

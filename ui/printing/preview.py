"""The print preview window: the document as it will print (QtPdf), with 打印, 另存为 PDF and
导出图片 (PNG for a WeChat group). The PDF is built in the background so the UI never waits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMainWindow, QToolBar, QWidget

from ui.printing.pdf_pages import export_png, load_document, print_pdf

_open_windows: set[PreviewWindow] = set()  # keeps previews alive while shown


def tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


class PreviewWindow(QMainWindow):
    """Shows one PDF; the toolbar prints it, saves it, or exports its pages as PNG."""

    def __init__(self, pdf: bytes, title: str, suggested_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.suggested_name = suggested_name
        self.setWindowTitle(tr("打印预览 — {title}").format(title=title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.document: QPdfDocument
        self._buffer: QBuffer
        self.document, self._buffer = load_document(pdf)
        self.document.setParent(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.setCentralWidget(self.view)
        bar = QToolBar(tr("打印"), self)
        bar.setMovable(False)
        self.addToolBar(bar)
        self.print_action = self._action(bar, tr("打印…"), self.print_document, "Ctrl+P")
        self.save_action = self._action(bar, tr("另存为 PDF…"), self.save_pdf, "Ctrl+S")
        self.image_action = self._action(bar, tr("导出图片…"), self.export_images)
        self.resize(820, 1000)

    def _action(self, bar: QToolBar, text: str, slot: Any, shortcut: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        bar.addAction(action)
        return action

    def page_count(self) -> int:
        return int(self.document.pageCount())

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("打印"))
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            print_pdf(self.pdf, printer)

    def _ask_path(self, caption: str, suffix: str, pattern: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, caption, f"{self.suggested_name}{suffix}", pattern)
        return Path(chosen) if chosen else None

    def save_pdf(self, target: Path | None = None) -> Path | None:
        target = target or self._ask_path(tr("另存为 PDF"), ".pdf", tr("PDF 文件 (*.pdf)"))
        if target is not None:
            target.write_bytes(self.pdf)
        return target

    def export_images(self, target: Path | None = None) -> list[Path]:
        target = target or self._ask_path(tr("导出图片"), ".png", tr("PNG 图片 (*.png)"))
        return export_png(self.pdf, target) if target is not None else []

    def closeEvent(self, event: Any) -> None:
        _open_windows.discard(self)
        super().closeEvent(event)


def document_pdf(store: Any, kind: str, record_id: str) -> tuple[bytes, str]:
    """Build the PDF (worker thread): bytes and the document's title."""
    from app.printing import build
    from app.printing.fonts import cache_dir_for, use_cache_dir
    from app.printing.layout import render_pdf

    use_cache_dir(cache_dir_for(store.path.parent))  # the store's data dir keeps font metrics
    with store.session() as session:
        spec = build(session, kind, record_id)
    return render_pdf(spec), spec.title


def show_pdf(pdf: bytes, title: str, parent: QWidget | None = None) -> PreviewWindow:
    window = PreviewWindow(pdf, title, title, parent)
    _open_windows.add(window)
    window.show()
    return window


def show_document(ctx: Any, kind: str, record_id: str,
                  on_shown: Any = None) -> Any:
    """The 打印 action of any page: build `kind` for `record_id` in the background, then open the
    preview. Errors (unknown id, data not ready) appear as a readable message. Returns the task."""
    def shown(result: tuple[bytes, str]) -> None:
        window = show_pdf(result[0], result[1], ctx.window)
        if on_shown is not None:
            on_shown(window)

    return ctx.run_in_background(
        lambda progress: document_pdf(ctx.store, kind, record_id), shown,
        label=tr("正在生成打印文件…"),
    )

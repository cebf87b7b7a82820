"""The print preview window: the document as it will print (QtPdf), with 打印, 另存为 PDF and
导出图片 (PNG for a WeChat group). The PDF is built in the background so the UI never waits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui.operations import error_text
from ui.printing.pdf_pages import export_png, load_document, print_pdf

_open_windows: set[PreviewWindow] = set()  # keeps previews alive while shown


def tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


@dataclass(frozen=True)
class BuiltDocument:
    """A rendered document: its PDF, its title, and why it is only a draft (if it is)."""

    pdf: bytes
    title: str
    draft_reasons: list[str] = field(default_factory=list)


def draft_banner_text(reasons: list[str]) -> str:
    """What the preview says above a draft: it must not be posted, and why."""
    listed = "；".join(reasons)
    return tr("草稿：{reasons}。条件满足后再打印正式文本，草稿不能张贴或归档。").format(
        reasons=listed.rstrip("。"))


class PreviewWindow(QMainWindow):
    """Shows one PDF; the toolbar prints it, saves it, or exports its pages as PNG. A draft
    (a precondition not met) says so in a banner above the pages, naming each reason."""

    def __init__(self, pdf: bytes, title: str, suggested_name: str,
                 parent: QWidget | None = None, draft_reasons: list[str] | None = None) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.draft_reasons = list(draft_reasons or [])
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
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.draft_banner = QLabel(central)
        self.draft_banner.setWordWrap(True)
        self.draft_banner.setObjectName("draftBanner")
        self.draft_banner.setStyleSheet(
            "#draftBanner { background: #fff4ce; color: #5c4400; padding: 8px 12px;"
            " border-bottom: 1px solid #e0c060; }")
        self.draft_banner.setVisible(bool(self.draft_reasons))
        if self.draft_reasons:
            self.draft_banner.setText(draft_banner_text(self.draft_reasons))
        column.addWidget(self.draft_banner)
        column.addWidget(self.view, 1)
        self.setCentralWidget(central)
        bar = QToolBar(tr("打印"), self)
        bar.setMovable(False)
        self.addToolBar(bar)
        self.print_action = self._action(bar, tr("打印…"), self.print_document,
                                         QKeySequence.StandardKey.Print)
        self.save_action = self._action(bar, tr("另存为 PDF…"), self.save_pdf,
                                        QKeySequence.StandardKey.Save)
        self.image_action = self._action(bar, tr("导出图片…"), self.export_images)
        close = QAction(tr("关闭"), self)
        close.setShortcuts([QKeySequence(QKeySequence.StandardKey.Close), QKeySequence("Esc")])
        close.triggered.connect(self.close)
        self.addAction(close)
        self.resize(self._fitting_size())

    def _fitting_size(self) -> QSize:
        """An A4 page wide, but never taller or wider than the screen (a 768-pixel laptop)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 820, 1000
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        return QSize(max(width, 480), max(height, 400))

    def _action(self, bar: QToolBar, text: str, slot: Any,
                shortcut: QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut)  # the platform's own keys (Ctrl+P, Ctrl+S)
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
        from ui.file_dialogs import save_path

        return save_path(self, "pdf", caption, f"{self.suggested_name}{suffix}", pattern)

    def save_pdf(self, target: Path | None = None) -> Path | None:
        target = target or self._ask_path(tr("另存为 PDF"), ".pdf", tr("PDF 文件 (*.pdf)"))
        if target is None:
            return None
        from app.errors import BadInput
        from app.printing.output import write_pdf

        try:
            return write_pdf(target, self.pdf)
        except BadInput as exc:  # an unwritable folder or a full disk: say so, keep the preview
            QMessageBox.warning(self, tr("另存为 PDF"), tr(
                "无法保存：{reason}。请换一个文件夹再试。").format(reason=error_text(exc)))
            return None

    def export_images(self, target: Path | None = None) -> list[Path]:
        target = target or self._ask_path(tr("导出图片"), ".png", tr("PNG 图片 (*.png)"))
        if target is None:
            return []
        try:
            return export_png(self.pdf, target)
        except OSError:  # an unwritable or missing folder: say so, keep the preview
            QMessageBox.warning(self, tr("导出图片"), tr(
                "无法保存到“{folder}”：该文件夹不存在或不能写入。请换一个文件夹再试。").format(
                    folder=target.parent))
            return []

    def closeEvent(self, event: Any) -> None:
        _open_windows.discard(self)
        super().closeEvent(event)


def document_pdf(store: Any, kind: str, record_id: str) -> BuiltDocument:
    """Build the PDF (worker thread): bytes, the document's title, why it is a draft."""
    from app.printing import build
    from app.printing.fonts import cache_dir_for, use_cache_dir
    from app.printing.layout import render_pdf

    use_cache_dir(cache_dir_for(store.path.parent))  # the store's data dir keeps font metrics
    with store.session() as session:
        spec = build(session, kind, record_id)
    pdf = render_pdf(spec)
    from app import logs

    logs.get("ui.printing").info("printed %s for %s: %d bytes%s", kind, record_id, len(pdf),
                                 ", a draft" if spec.draft_reasons else "")
    return BuiltDocument(pdf, spec.title, list(spec.draft_reasons))


def show_pdf(pdf: bytes, title: str, parent: QWidget | None = None,
             draft_reasons: list[str] | None = None) -> PreviewWindow:
    window = PreviewWindow(pdf, title, title, parent, draft_reasons)
    _open_windows.add(window)
    window.show()
    return window


def show_document(ctx: Any, kind: str, record_id: str,
                  on_shown: Any = None) -> Any:
    """The 打印 action of any page: build `kind` for `record_id` in the background, then open the
    preview. Errors (unknown id, data not ready) appear as a readable message. Returns the task."""
    def shown(result: BuiltDocument) -> None:
        window = show_pdf(result.pdf, result.title, ctx.window, result.draft_reasons)
        if on_shown is not None:
            on_shown(window)

    return ctx.run_in_background(
        lambda progress: document_pdf(ctx.store, kind, record_id), shown,
        label=tr("正在生成打印文件…"),
    )

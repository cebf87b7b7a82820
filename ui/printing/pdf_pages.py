"""PDF pages to images and to a printer, rendered with QtPdf (no external tool)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

IMAGE_DPI = 150  # sharp enough for a phone screen in a WeChat group, small enough to send


def load_document(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading from memory; keep the buffer alive as long as the document."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise ValueError(f"the PDF could not be read: {document.error()}")
    return document, buffer


def render_page(document: QPdfDocument, page: int, dpi: int = IMAGE_DPI) -> QImage:
    """One page as an image on a white background (PNG export, printing)."""
    points = document.pagePointSize(page)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    image = document.render(page, size)
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(0xFFFFFF)
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def export_png(pdf: bytes, target: Path, dpi: int = IMAGE_DPI) -> list[Path]:
    """Every page as a PNG: `target` for a one-page document, `name-1.png`… for more."""
    document, _buffer = load_document(pdf)
    count = document.pageCount()
    written = []
    for page in range(count):
        path = target if count == 1 else target.with_name(f"{target.stem}-{page + 1}{target.suffix}")
        # ignore[call-overload]: the stub types `format` as bytes; PySide6 takes a str too.
        if not render_page(document, page, dpi).save(str(path), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"cannot write {path}")
        written.append(path)
    return written


def print_pdf(pdf: bytes, printer: QPrinter,
              should_stop: Callable[[], bool] = lambda: False) -> int:
    """Paint each page (rendered at the printer's resolution) onto the printer; pages printed."""
    document, _buffer = load_document(pdf)
    first, last = printer.fromPage(), printer.toPage()
    pages = range(first - 1 if first else 0, last if last else document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    printed = 0
    try:
        for n, page in enumerate(pages):
            if should_stop():
                break
            if n:
                printer.newPage()
            target: QRect = painter.viewport()
            image = render_page(document, page, min(printer.resolution(), 300))
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
            printed += 1
    finally:
        painter.end()
    return printed

"""Column widths from a sample of rows, never from the whole table.

Qt's resizeColumnsToContents (and the ResizeToContents section mode) measures up to 1,000 rows
per column by default: over the 1,239 elections of a large district that is a second of the UI
thread after every reload. A header set up here measures its header text and the first
SAMPLE_ROWS rows only; a longer cell is elided and shows whole in its tooltip.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView

SAMPLE_ROWS = 50


def sampled(header: QHeaderView, rows: int = SAMPLE_ROWS) -> QHeaderView:
    """Make ResizeToContents on `header` measure `rows` rows at most. A table's column widths
    are limited by its *vertical* header's precision (and row heights by the horizontal one's),
    a tree's by its own header: both of a table are set."""
    header.setResizeContentsPrecision(rows)
    view = header.parentWidget()
    if isinstance(view, QTableView):
        view.horizontalHeader().setResizeContentsPrecision(rows)
        view.verticalHeader().setResizeContentsPrecision(rows)
    return header


def fit_columns(view: QTableView, rows: int = SAMPLE_ROWS) -> None:
    """Size every column to its header and the first `rows` rows."""
    sampled(view.horizontalHeader(), rows)
    view.resizeColumnsToContents()

"""Batch printing in the background with progress and cancel (the shell's helper)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.printing.batch import write_batch


def start_batch(ctx: Any, kind: str, record_ids: list[str], folder: Path,
                on_done: Any = None) -> Any:
    """Run `write_batch` through ctx.run_in_background (progress dialog with 取消)."""
    from PySide6.QtCore import QCoreApplication

    label = QCoreApplication.translate("printing", "正在批量生成 {count} 份文件…").format(
        count=len(record_ids))
    return ctx.run_in_background(
        lambda progress: write_batch(ctx.store, kind, record_ids, folder, progress),
        on_done, label=label,
    )

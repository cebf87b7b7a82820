"""Render the board, the list and meeting mode offscreen from the small demo into screenshots/.

    python -m tests.agenda.make_screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app import meetings
    from app.demo import generate
    from app.session import open_local_store
    from tests.agenda.typing import ime_type
    from ui.agenda.agenda_widget import AgendaWidget, load
    from ui.agenda.meeting_mode import MeetingMode
    from ui.context import UiContext

    app = QApplication(sys.argv[:1])
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="agenda-shots-"))
    store = open_local_store(data_dir)
    generate(store, size="small")
    ctx = UiContext(store=store, data_dir=data_dir,
                    settings=QSettings(str(data_dir / "s.ini"), QSettings.Format.IniFormat))
    page = AgendaWidget(ctx)
    page.apply_loaded(load(store))
    page.resize(1600, 900)
    page.show()
    first = page.board.models["doing"].item_id(0) if page.board.count("doing") else None
    if first:
        page.board.select(first)
        page.show_detail(first)
    app.processEvents()
    page.grab().save(str(out / "agenda_board.png"))
    page.tabs.setCurrentIndex(1)
    page.overdue_box.setChecked(True)
    app.processEvents()
    page.grab().save(str(out / "agenda_list.png"))
    with store.session() as s:
        rows = meetings.list_meetings(s)
        meeting_id = next(
            (r.id for r in rows if meetings.items_for_meeting(s, r.id)), rows[0].id)
        candidates = meetings.items_for_meeting(s, meeting_id)
    with store.transaction() as s:
        for item_id, _title, _stage in candidates[:3]:
            meetings.add_item(s, meeting_id, item_id)
    mode = MeetingMode(store, meeting_id)
    mode.resize(1600, 900)
    mode.show()
    with store.session() as s:
        view = meetings.meeting_view(s, meeting_id)
    mode.go_to(next((i for i, it in enumerate(view.items) if it.stage in ("listen", "discuss")), 0))
    ime_type(mode.position_edits["party_branch"], "支持，先摸清车位底数")
    ime_type(mode.position_edits["property"], "可在东门增设临时车位")
    ime_type(mode.decision, "物业两周内在东门划定临时车位并公示")
    ime_type(mode.responsible, "物业企业")
    app.processEvents()
    mode.grab().save(str(out / "meeting_mode.png"))
    store.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""会议 page: meetings, planning one, and full-screen meeting mode; see ui/agenda/."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import UiContext


def create_page(ctx: UiContext) -> QWidget:
    from ui.agenda.meetings_widget import MeetingsWidget

    page = MeetingsWidget(ctx)
    page.reload()
    return page

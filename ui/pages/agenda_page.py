"""议事 page (听、议、定): board, list and item detail; see ui/agenda/."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import UiContext


def create_page(ctx: UiContext) -> QWidget:
    from ui.agenda.agenda_widget import AgendaWidget

    return AgendaWidget(ctx, start_loading=True)

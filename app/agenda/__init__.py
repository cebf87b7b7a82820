"""听、议、定 agenda items: create, edit, import, and the one state machine that moves them.

Stages: listen 听 → discuss 议 → decide 定 → doing 办 → answered 回音 → closed 办结, or
referred 吹哨报到 (社区吹哨、部门报到) to a department. Every legal transition has a guard that
checks what the target stage needs; anything else is refused with BadInput. Every stage change
writes an append-only AgendaStageEvent (who, when, note) in the same transaction.

One module per job (stages, items, moves, editing, csv_import, and the views' reads: places,
plain_read, rows, table, board_head, history); callers use the names re-exported here.
"""

from __future__ import annotations

from app.agenda.board_head import BoardHead, load_board_head
from app.agenda.csv_import import (
    IMPORT_COLUMNS,
    IMPORT_HEADERS_ZH,
    import_items,
    read_import_file,
)
from app.agenda.editing import (
    EDITABLE_FIELDS,
    check_progress_edit,
    create_item,
    set_positions,
    update_item,
    update_progress,
)
from app.agenda.history import TimelineEntry, timeline
from app.agenda.items import TITLE_MAX, get_item, positions_of
from app.agenda.moves import TRANSITIONS, Guard, StageChange, advance, next_stages
from app.agenda.places import compound_choices
from app.agenda.rows import ItemRow, load_item_rows
from app.agenda.stages import (
    ANSWERED,
    CLOSED,
    DECIDE,
    DISCUSS,
    DOING,
    FINISHED_STAGES,
    LISTEN,
    REFERRED,
    STAGE_LABELS,
    STAGES,
    is_overdue,
    item_overdue,
)
from app.agenda.table import ItemTable, load_item_table

__all__ = [
    "ANSWERED",
    "CLOSED",
    "DECIDE",
    "DISCUSS",
    "DOING",
    "EDITABLE_FIELDS",
    "FINISHED_STAGES",
    "IMPORT_COLUMNS",
    "IMPORT_HEADERS_ZH",
    "LISTEN",
    "REFERRED",
    "STAGES",
    "STAGE_LABELS",
    "TITLE_MAX",
    "TRANSITIONS",
    "BoardHead",
    "Guard",
    "ItemRow",
    "ItemTable",
    "StageChange",
    "TimelineEntry",
    "advance",
    "check_progress_edit",
    "compound_choices",
    "create_item",
    "get_item",
    "import_items",
    "is_overdue",
    "item_overdue",
    "load_board_head",
    "load_item_rows",
    "load_item_table",
    "next_stages",
    "positions_of",
    "read_import_file",
    "set_positions",
    "timeline",
    "update_item",
    "update_progress",
]

"""听、议、定 agenda items: create, edit, import, and the one state machine that moves them.

Stages: listen 听 → discuss 议 → decide 定 → doing 办 → answered 回音 → closed 办结, or
referred 吹哨报到 (社区吹哨、部门报到) to a department. Every legal transition has a guard that
checks what the target stage needs; anything else is refused with BadInput. Every stage change
writes an append-only AgendaStageEvent (who, when, note) in the same transaction.
"""

from __future__ import annotations

import csv
import heapq
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from app.agenda_rules import load_rules, local_today, resolve_key
from app.errors import BadInput
from db.jsontext import read_json_text
from db.models import (
    AgendaItem,
    AgendaStageEvent,
    Community,
    Compound,
    Street,
)
from db.tracking import actor_of, bulk_insert
from db.types import new_id, utcnow

LISTEN, DISCUSS, DECIDE, DOING, ANSWERED, CLOSED, REFERRED = (
    "listen", "discuss", "decide", "doing", "answered", "closed", "referred",
)
STAGES = (LISTEN, DISCUSS, DECIDE, DOING, ANSWERED, CLOSED, REFERRED)
STAGE_LABELS = {
    LISTEN: "听", DISCUSS: "议", DECIDE: "定", DOING: "办", ANSWERED: "回音", CLOSED: "办结",
    REFERRED: "吹哨报到",
}
FINISHED_STAGES = frozenset({ANSWERED, CLOSED})
TITLE_MAX = 120


@dataclass
class StageChange:
    """What a caller supplies with a stage change; fields left None keep the item's value."""

    note: str = ""
    on: date | None = None  # the date of the change (default: the caseworker's today)
    meeting_id: str | None = None
    positions: dict[str, str] | None = None
    decision: str | None = None
    responsible_party: str | None = None
    deadline: date | None = None
    progress: int | None = None
    progress_note: str | None = None
    answer: str | None = None
    answer_method: str | None = None
    satisfaction: int | None = None
    referred_to: str | None = None
    referred_due: date | None = None
    referred_answer: str | None = None


Guard = Callable[[AgendaItem, StageChange], None]


def _need(value: object, message: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadInput(message)


def _check_date_not_before_raised(item: AgendaItem, value: date | None, what: str) -> None:
    if value is not None and value < item.raised_on:
        raise BadInput(f"{what}（{value.isoformat()}）早于提出日期（{item.raised_on.isoformat()}）")


def _guard_discuss(item: AgendaItem, change: StageChange) -> None:
    positions = positions_of(item)
    if not item.meeting_id and not any(text.strip() for text in positions.values()):
        raise BadInput("转入「议」需要注明在哪次会议上议，或至少记录一方的意见")


def _guard_decide(item: AgendaItem, change: StageChange) -> None:
    _need(item.decision, "转入「定」需要填写决定内容")
    _need(item.responsible_party, "转入「定」需要填写责任方")
    _need(item.deadline, "转入「定」需要填写办理期限")
    _check_date_not_before_raised(item, item.deadline, "办理期限")


def _guard_doing(item: AgendaItem, change: StageChange) -> None:
    return None


def _guard_answer(item: AgendaItem, change: StageChange) -> None:
    _need(item.answer, "转入「回音」需要填写给居民的答复")
    _need(item.answer_method, "转入「回音」需要填写答复方式（如公告栏张贴、微信群回复）")


def _guard_referred_answer(item: AgendaItem, change: StageChange) -> None:
    _need(item.referred_answer, "需要先填写部门的答复（部门报到结果）")


def _guard_referred_to_answered(item: AgendaItem, change: StageChange) -> None:
    _guard_referred_answer(item, change)
    _guard_answer(item, change)


def _guard_refer(item: AgendaItem, change: StageChange) -> None:
    _need(item.referred_to, "社区吹哨需要填写报到的部门")
    _need(item.referred_due, "社区吹哨需要填写部门答复期限")
    _check_date_not_before_raised(item, item.referred_due, "部门答复期限")


def _guard_needs_reason(item: AgendaItem, change: StageChange) -> None:
    _need(change.note, "这一步需要在备注里写明原因")


def _guard_close(item: AgendaItem, change: StageChange) -> None:
    return None


# Every legal transition and its guard; anything not listed is an illegal jump.
TRANSITIONS: dict[tuple[str, str], Guard] = {
    (LISTEN, DISCUSS): _guard_discuss,
    (DISCUSS, DECIDE): _guard_decide,
    (DECIDE, DOING): _guard_doing,
    (DOING, ANSWERED): _guard_answer,
    (ANSWERED, CLOSED): _guard_close,
    (ANSWERED, DOING): _guard_needs_reason,  # residents not satisfied: back to work
    (LISTEN, REFERRED): _guard_refer,
    (DISCUSS, REFERRED): _guard_refer,
    (DECIDE, REFERRED): _guard_refer,
    (REFERRED, DOING): _guard_referred_answer,
    (REFERRED, ANSWERED): _guard_referred_to_answered,
    (LISTEN, CLOSED): _guard_needs_reason,  # duplicate or withdrawn
    (DISCUSS, CLOSED): _guard_needs_reason,
}


def next_stages(stage: str) -> list[str]:
    """The stages an item in `stage` may move to, in display order."""
    return [target for (source, target) in TRANSITIONS if source == stage]


def is_overdue(stage: str, deadline: date | None, referred_due: date | None, today: date) -> bool:
    """Deadline passed (strictly before the caseworker's `today`) and the item not answered/closed.

    A referred item is judged by the department's due date.
    """
    if stage in FINISHED_STAGES:
        return False
    due = referred_due if stage == REFERRED else deadline
    return due is not None and due < today


def item_overdue(item: AgendaItem, *, today: date | None = None, now: datetime | None = None) -> bool:
    return is_overdue(item.stage, item.deadline, item.referred_due, today or local_today(now))


def positions_of(item: AgendaItem | Any) -> dict[str, str]:
    """Each party's position (role → text) on an item or a meeting item; text that is not such
    a mapping (a colleague's damaged row) reads as no positions."""
    value = read_json_text(item.positions_json, dict) or {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}


def _validate_positions(positions: Mapping[str, str]) -> dict[str, str]:
    roles = load_rules().roles
    cleaned: dict[str, str] = {}
    for role, text in positions.items():
        if role not in roles:
            raise BadInput(f"未知的一方「{role}」：可选 {'、'.join(roles.values())}")
        cleaned[role] = text
    return cleaned


def _validate_satisfaction(value: int | None) -> None:
    if value is not None and not 1 <= value <= 5:
        raise BadInput(f"满意度须为 1 到 5，收到 {value}")


def _validate_progress(value: int | None) -> None:
    if value is not None and not 0 <= value <= 100:
        raise BadInput(f"办理进度须为 0 到 100（%），收到 {value}")


def _apply_change(item: AgendaItem, change: StageChange) -> None:
    _validate_satisfaction(change.satisfaction)
    _validate_progress(change.progress)
    for spec in fields(StageChange):
        name = spec.name
        if name in ("note", "on", "positions"):
            continue
        value = getattr(change, name)
        if value is not None:
            setattr(item, name, value.strip() if isinstance(value, str) else value)
    if change.positions is not None:
        merged = {**positions_of(item), **_validate_positions(change.positions)}
        item.positions_json = json.dumps(merged, ensure_ascii=False, sort_keys=True)


def get_item(session: Session, item_id: str) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted_at is not None:
        raise BadInput(f"找不到议事事项 {item_id}")
    return item


def advance(
    session: Session, item_id: str, to_stage: str, change: StageChange | None = None, *,
    now: datetime | None = None,
) -> AgendaItem:
    """Move an item to `to_stage` if the transition is legal and its guard holds.

    The change's fields are applied first, then the guard checks the result; on BadInput the
    caller's transaction rolls back, so nothing is saved.
    """
    change = change or StageChange()
    item = get_item(session, item_id)
    if to_stage not in STAGES:
        raise BadInput(f"未知的阶段「{to_stage}」")
    guard = TRANSITIONS.get((item.stage, to_stage))
    if guard is None:
        allowed = "、".join(f"「{STAGE_LABELS[s]}」" for s in next_stages(item.stage)) or "无（已办结）"
        raise BadInput(
            f"「{item.title}」不能从「{STAGE_LABELS[item.stage]}」直接转到「{STAGE_LABELS[to_stage]}」："
            f"下一步只能是 {allowed}"
        )
    now = now or utcnow()
    on = change.on or local_today(now)
    if on < item.raised_on:
        raise BadInput(f"流转日期（{on.isoformat()}）早于提出日期（{item.raised_on.isoformat()}）")
    _apply_change(item, change)
    guard(item, change)
    if to_stage == ANSWERED:
        item.answered_on = on
    if to_stage == CLOSED:
        item.closed_on = on
    if to_stage == DOING and item.stage == ANSWERED:
        item.answered_on = None
    from_stage = item.stage
    item.stage = to_stage
    session.add(
        AgendaStageEvent(
            id=new_id(), item_id=item.id, from_stage=from_stage, to_stage=to_stage, at=now,
            by=actor_of(session), note=change.note.strip(),
        )
    )
    session.flush()
    return item


# --- creating and editing ------------------------------------------------------------------


def _clean_title(title: str) -> str:
    text = (title or "").strip()
    if not text:
        raise BadInput("标题不能为空")
    if len(text) > TITLE_MAX:
        raise BadInput(f"标题过长（{len(text)} 字，最多 {TITLE_MAX} 字）")
    return text


def _compound_exists(session: Session, compound_id: str) -> None:
    compound = session.get(Compound, compound_id)
    if compound is None or compound.deleted_at is not None:
        raise BadInput(f"找不到小区 {compound_id}")


def create_item(
    session: Session, *, compound_id: str, title: str, raised_on: date, description: str = "",
    source: str = "visit", category: str = "other", raised_by: str = "",
    now: datetime | None = None,
) -> AgendaItem:
    """Record a matter residents raised (stage 听) with its first stage event."""
    rules = load_rules()
    values = _validated_new_item(
        session, compound_id=compound_id, title=title, raised_on=raised_on,
        description=description, source=source, category=category, raised_by=raised_by,
        rules_categories=rules.categories, rules_sources=rules.sources,
    )
    item = AgendaItem(id=new_id(), stage=LISTEN, **values)
    session.add(item)
    session.add(
        AgendaStageEvent(
            id=new_id(), item_id=item.id, from_stage=None, to_stage=LISTEN, at=now or utcnow(),
            by=actor_of(session), note="",
        )
    )
    session.flush()
    return item


def _validated_new_item(
    session: Session, *, compound_id: str, title: str, raised_on: date | None, description: str,
    source: str, category: str, raised_by: str, rules_categories: dict[str, str],
    rules_sources: dict[str, str],
) -> dict[str, Any]:
    _compound_exists(session, compound_id)
    if raised_on is None:
        raise BadInput("需要填写提出日期")
    return {
        "compound_id": compound_id,
        "title": _clean_title(title),
        "description": (description or "").strip(),
        "source": resolve_key(source, rules_sources, "来源"),
        "category": resolve_key(category, rules_categories, "类别"),
        "raised_by": (raised_by or "").strip()[:40],
        "raised_on": raised_on,
    }


EDITABLE_FIELDS = frozenset({
    "title", "description", "source", "category", "raised_by", "raised_on", "decision",
    "responsible_party", "deadline", "progress", "progress_note", "answer", "answer_method",
    "satisfaction", "referred_to", "referred_due", "referred_answer",
})


def update_item(session: Session, item_id: str, **values: Any) -> AgendaItem:
    """Edit an item's fields without changing its stage; every value is checked first."""
    item = get_item(session, item_id)
    unknown = set(values) - EDITABLE_FIELDS
    if unknown:
        raise BadInput(f"不能直接修改：{'、'.join(sorted(unknown))}（阶段请用流转）")
    rules = load_rules()
    if "title" in values:
        values["title"] = _clean_title(values["title"])
    if "category" in values:
        values["category"] = resolve_key(values["category"], rules.categories, "类别")
    if "source" in values:
        values["source"] = resolve_key(values["source"], rules.sources, "来源")
    _validate_progress(values.get("progress"))
    _validate_satisfaction(values.get("satisfaction"))
    raised_on = values.get("raised_on", item.raised_on)
    if raised_on is None:
        raise BadInput("需要填写提出日期")
    for name, label in (("deadline", "办理期限"), ("referred_due", "部门答复期限")):
        due = values.get(name, getattr(item, name))
        if due is not None and due < raised_on:
            raise BadInput(f"{label}（{due.isoformat()}）早于提出日期（{raised_on.isoformat()}）")
    if item.stage == DECIDE or item.stage == DOING:
        for name, label in (("decision", "决定内容"), ("responsible_party", "责任方")):
            if name in values:
                _need(values[name], f"已「定」的事项不能清空{label}")
        if "deadline" in values and values["deadline"] is None:
            raise BadInput("已「定」的事项不能清空办理期限")
    for name, value in values.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    session.flush()
    return item


def check_progress_edit(
    item: AgendaItem | Any, *, progress: int | None = None, progress_note: str | None = None,
    deadline: date | None = None,
) -> None:
    """Why these edits of an item's progress or deadline are refused (BadInput), if they are.

    Progress and its notes belong to 办 (doing); the deadline may be moved later (never earlier,
    never cleared) while the item is at 定 or 办. The UI calls this as the caseworker types.
    """
    if (progress is not None or progress_note is not None) and item.stage != DOING:
        raise BadInput(f"只有「办」阶段的事项可以填写办理进度（当前：「{STAGE_LABELS[item.stage]}」）")
    _validate_progress(progress)
    if deadline is not None and deadline != item.deadline:
        if item.stage not in (DECIDE, DOING):
            raise BadInput(f"只有「定」「办」阶段的事项可以延后办理期限（当前：「{STAGE_LABELS[item.stage]}」）")
        if item.deadline is not None and deadline < item.deadline:
            raise BadInput(
                f"办理期限只能延后：新期限（{deadline.isoformat()}）早于原期限（{item.deadline.isoformat()}）")
        _check_date_not_before_raised(item, deadline, "办理期限")


def update_progress(
    session: Session, item_id: str, *, progress: int | None = None,
    progress_note: str | None = None, deadline: date | None = None,
) -> AgendaItem:
    """Record progress (%, notes) or a later deadline on an item being carried out."""
    item = get_item(session, item_id)
    check_progress_edit(item, progress=progress, progress_note=progress_note, deadline=deadline)
    values: dict[str, Any] = {}
    if progress is not None:
        values["progress"] = progress
    if progress_note is not None:
        values["progress_note"] = progress_note
    if deadline is not None and deadline != item.deadline:
        values["deadline"] = deadline
    return update_item(session, item_id, **values) if values else item


def set_positions(session: Session, item_id: str, positions: Mapping[str, str]) -> AgendaItem:
    item = get_item(session, item_id)
    merged = {**positions_of(item), **_validate_positions(positions)}
    item.positions_json = json.dumps(merged, ensure_ascii=False, sort_keys=True)
    session.flush()
    return item


# --- import --------------------------------------------------------------------------------

IMPORT_COLUMNS = ("compound", "title", "raised_on", "category", "source", "description", "raised_by")
IMPORT_HEADERS_ZH = {
    "小区": "compound", "标题": "title", "提出日期": "raised_on", "类别": "category",
    "来源": "source", "描述": "description", "提出人": "raised_by",
}


def _compound_lookup(session: Session) -> tuple[set[str], dict[str, list[str]]]:
    rows = session.execute(
        select(Compound.id, Compound.name).where(Compound.deleted_at.is_(None))
    ).all()
    by_name: dict[str, list[str]] = {}
    for compound_id, name in rows:
        by_name.setdefault(name, []).append(compound_id)
    return {r[0] for r in rows}, by_name


def import_items(
    session: Session, rows: Sequence[Mapping[str, str]], *, origin: str = "导入",
    now: datetime | None = None, first_row_number: int = 2,
) -> int:
    """Add many items at stage 听. Every row is checked before anything is written; the first
    fault raises BadInput naming the row and field, and nothing is saved."""
    rules = load_rules()
    ids, by_name = _compound_lookup(session)
    items: list[dict[str, Any]] = []
    for offset, raw in enumerate(rows):
        number = first_row_number + offset
        row = {IMPORT_HEADERS_ZH.get(k.strip(), k.strip()): (v or "").strip() for k, v in raw.items() if k}
        where = f"{origin} 第 {number} 行"
        try:
            compound = row.get("compound", "")
            if compound in ids:
                compound_id = compound
            else:
                matches = by_name.get(compound, [])
                if not matches:
                    raise BadInput(f"compound（小区）: 找不到小区「{compound}」")
                if len(matches) > 1:
                    raise BadInput(f"compound（小区）: 「{compound}」有重名，请改用小区编号")
                compound_id = matches[0]
            try:
                raised_on = date.fromisoformat(row.get("raised_on", ""))
            except ValueError:
                raise BadInput(
                    f"raised_on（提出日期）: 「{row.get('raised_on', '')}」不是 YYYY-MM-DD 日期"
                ) from None
            title = row.get("title", "")
            if not title:
                raise BadInput("title（标题）: 标题不能为空")
            if len(title) > TITLE_MAX:
                raise BadInput(f"title（标题）: 过长（{len(title)} 字，最多 {TITLE_MAX} 字）")
            try:
                category = resolve_key(row.get("category") or "other", rules.categories, "类别")
                source = resolve_key(row.get("source") or "visit", rules.sources, "来源")
            except BadInput as exc:
                field = "category（类别）" if "类别" in str(exc) else "source（来源）"
                raise BadInput(f"{field}: {exc}") from None
        except BadInput as exc:
            raise BadInput(f"{where}，{exc}") from None
        items.append({
            "id": new_id(), "compound_id": compound_id, "title": title,
            "description": row.get("description", ""), "source": source, "category": category,
            "raised_by": row.get("raised_by", "")[:40], "raised_on": raised_on, "stage": LISTEN,
        })
    at = now or utcnow()
    actor = actor_of(session)
    bulk_insert(session, AgendaItem, items, audit_summary={"origin": origin})
    bulk_insert(
        session, AgendaStageEvent,
        ({"item_id": it["id"], "from_stage": None, "to_stage": LISTEN, "at": at, "by": actor,
          "note": origin} for it in items),
        audit_summary={"origin": origin},
    )
    return len(items)


def read_import_file(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV (header row; English or Chinese column names)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path.name}: 不是 UTF-8 编码的 CSV 文件") from exc
    except OSError as exc:
        raise BadInput(f"{path.name}: 无法读取（{exc.strerror}）") from exc


# --- reading for views ---------------------------------------------------------------------


class ItemRow(NamedTuple):
    """One agenda item as the lists and the board show it (flat, cheap to hold 20,000 of)."""

    id: str
    title: str
    compound_id: str
    compound_name: str
    street_id: str
    street_name: str
    stage: str
    category: str
    source: str
    raised_on: date
    deadline: date | None
    referred_due: date | None
    responsible_party: str
    overdue: bool
    due: date | None  # the date "overdue" is judged by: referred_due when referred, else deadline


_ITEM_ROWS_SQL = (
    "SELECT id, title, compound_id, stage, category, source, raised_on, deadline, referred_due,"
    " responsible_party FROM agenda_items WHERE deleted_at IS NULL"
)


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def load_item_rows(
    session: Session, *, today: date | None = None, now: datetime | None = None,
    compound_ids: Iterable[str] | None = None, item_ids: Iterable[str] | None = None,
) -> list[ItemRow]:
    """Every live item (or those of `compound_ids` / `item_ids`) with compound and street names,
    ordered by raised date (newest first).

    Opening the board reads all 20,000 items of a district, so this reads plain columns without
    ORM row processing and joins the 2,000 compounds in a dict; dates are parsed once here.
    """
    today = today or local_today(now)
    places = {
        cid: (name, sid, street) for cid, name, sid, street in compound_choices(session)
    }
    sql = _ITEM_ROWS_SQL
    params: dict[str, Any] = {}
    if compound_ids is not None:
        wanted = list(compound_ids)
        sql += " AND compound_id IN ({})".format(",".join(f":c{i}" for i in range(len(wanted))))
        params.update({f"c{i}": v for i, v in enumerate(wanted)})
    if item_ids is not None:
        wanted = list(item_ids)
        sql += " AND id IN ({})".format(",".join(f":i{i}" for i in range(len(wanted))))
        params.update({f"i{i}": v for i, v in enumerate(wanted)})
    if (compound_ids is not None or item_ids is not None) and not params:
        return []
    rows: list[ItemRow] = []
    for (item_id, title, compound_id, stage, category, source, raised, deadline, referred,
         responsible) in session.execute(sql_text(sql), params):
        place = places.get(compound_id)
        if place is None:  # compound deleted: the item is not shown
            continue
        raised_on, due, referred_due = _day(raised), _day(deadline), _day(referred)
        rows.append(ItemRow(
            item_id, title, compound_id, place[0], place[1], place[2], stage, category, source,
            raised_on, due, referred_due, responsible or "",  # type: ignore[arg-type]
            is_overdue(stage, due, referred_due, today),
            referred_due if stage == REFERRED else due,
        ))
    rows.sort(key=lambda r: r.id)
    rows.sort(key=lambda r: r.raised_on, reverse=True)
    return rows


# Plain scans without ORDER BY or a compound subquery: with either, SQLite walks the compound
# index and fetches the 20,000 rows in random order (~4× slower than a scan); live compounds are
# checked and the rows sorted in Python instead.
_ITEM_TABLE_SQL = (
    "SELECT id, title, compound_id, stage, category, raised_on,"
    " CASE WHEN stage = 'referred' THEN referred_due ELSE deadline END, responsible_party"
    " FROM agenda_items WHERE deleted_at IS NULL"
)
_CARD_KEYS_SQL = (
    "SELECT stage, CASE WHEN stage = 'referred' THEN referred_due ELSE deadline END, raised_on,"
    " id, compound_id FROM agenda_items WHERE deleted_at IS NULL"
)
_PLACES_SQL = (
    "SELECT c.id, c.name, s.id, s.name FROM compounds c JOIN communities m ON m.id = c.community_id"
    " JOIN streets s ON s.id = m.street_id WHERE c.deleted_at IS NULL ORDER BY s.name, c.name, c.id"
)


def _plain_rows(session: Session, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Rows as plain tuples, dates as ISO text: straight from sqlite3 for the local store (no
    SQLAlchemy row processing); PostgreSQL's date objects are turned into the same text."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        return driver.execute(sql, dict(params or {})).fetchall()  # type: ignore[union-attr]
    return [tuple(v.isoformat() if isinstance(v, date) else v for v in row)
            for row in connection.execute(sql_text(sql), dict(params or {}))]


def _live_places(session: Session) -> dict[str, tuple[str, str, str]]:
    """compound id → (name, street id, street name) for live compounds, by street then name."""
    return {cid: (name, sid, street) for cid, name, sid, street in _plain_rows(session, _PLACES_SQL)}


@dataclass
class ItemTable:
    """Every live item as parallel columns (position i of each list is one item), newest raised
    first. Built for the board and list of a whole district (20,000 items): one SQL query of
    plain tuples, no ORM objects and no per-row parsing; dates stay ISO strings (they compare
    and sort as text) and are turned into `date` only for the few rows a view shows."""

    today: date
    places: dict[str, tuple[str, str, str]]  # compound id → (name, street id, street name)
    ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    compound_ids: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    raised: list[str] = field(default_factory=list)  # ISO dates
    due: list[str | None] = field(default_factory=list)  # ISO date "overdue" is judged by
    responsible: list[str] = field(default_factory=list)
    overdue: list[bool] = field(default_factory=list)

    COLUMNS = ("ids", "titles", "compound_ids", "stages", "categories", "raised", "due",
               "responsible", "overdue")

    def __len__(self) -> int:
        return len(self.ids)

    def compound_name(self, i: int) -> str:
        return self.places[self.compound_ids[i]][0]

    def street_id(self, i: int) -> str:
        return self.places[self.compound_ids[i]][1]

    def street_name(self, i: int) -> str:
        return self.places[self.compound_ids[i]][2]

    def position(self, item_id: str) -> int | None:
        try:
            return self.ids.index(item_id)
        except ValueError:
            return None

    def copy_row(self, source: ItemTable, j: int, at: int, *, insert: bool = False) -> None:
        """Put row `j` of `source` at position `at` (replacing it, or inserted before it)."""
        self.places.update(source.places)
        for name in self.COLUMNS:
            column, value = getattr(self, name), getattr(source, name)[j]
            if insert:
                column.insert(at, value)
            else:
                column[at] = value

    def row(self, i: int) -> ItemRow:
        """Row `i` as an ItemRow (for the detail and callers that want typed dates)."""
        stage, due = self.stages[i], _day(self.due[i])
        return ItemRow(
            self.ids[i], self.titles[i], self.compound_ids[i], self.compound_name(i),
            self.street_id(i), self.street_name(i), stage, self.categories[i], "",
            date.fromisoformat(self.raised[i]), None if stage == REFERRED else due,
            due if stage == REFERRED else None, self.responsible[i], self.overdue[i], due,
        )


def load_item_table(
    session: Session, *, today: date | None = None, now: datetime | None = None,
    item_ids: Iterable[str] | None = None,
) -> ItemTable:
    """Every live item (or just `item_ids`) as an ItemTable; see there why it is built so."""
    today = today or local_today(now)
    places = _live_places(session)
    table = ItemTable(today=today, places=places)
    sql, params = _ITEM_TABLE_SQL, {}
    if item_ids is not None:
        wanted = list(item_ids)
        if not wanted:
            return table
        sql += " AND id IN ({})".format(",".join(f":i{i}" for i in range(len(wanted))))
        params = {f"i{i}": v for i, v in enumerate(wanted)}
    rows = [r for r in _plain_rows(session, sql, params) if r[2] in places]
    rows.sort(key=itemgetter(0))
    rows.sort(key=itemgetter(5), reverse=True)  # newest raised first; stable: ties by id
    _fill_table(table, rows)
    return table


def _fill_table(table: ItemTable, rows: list[tuple[Any, ...]]) -> None:
    """Set the table's columns from (id, title, compound, stage, category, raised, due,
    responsible) rows, in their order."""
    if not rows:
        return
    ids, titles, compounds, stages, categories, raised, due, responsible = map(list, zip(*rows, strict=True))
    today_text = table.today.isoformat()
    finished = FINISHED_STAGES
    table.ids, table.titles, table.compound_ids, table.stages = ids, titles, compounds, stages
    table.categories, table.raised, table.due = categories, raised, due
    table.responsible = [r or "" for r in responsible]
    table.overdue = [d is not None and d < today_text and s not in finished
                     for s, d in zip(stages, due, strict=True)]


@dataclass
class BoardHead:
    """What the board's first screen needs, read before the whole table: each stage's complete
    count and overdue count, and its first cards in card order (see `load_board_head`).

    `table` holds just those cards' rows; `columns` gives their positions in it per stage.
    """

    table: ItemTable
    columns: dict[str, list[int]]
    totals: dict[str, int]
    overdue: dict[str, int]


def _first_by(rows: list[tuple[Any, ...]], n: int, column: int, *, newest: bool) -> list[tuple[Any, ...]]:
    """The `n` rows first by `column` (ascending, or descending when `newest`), ties by
    raised date newest first then id: the board's card order. Only rows that can make the cut
    are sorted (a 5,000-card stage sorts a few dozen)."""
    if len(rows) > n:
        values = [r[column] for r in rows]
        cut = (heapq.nlargest if newest else heapq.nsmallest)(n, values)[-1]
        rows = [r for r in rows if (r[column] >= cut if newest else r[column] <= cut)]
    rows = sorted(rows, key=itemgetter(3))  # id
    rows.sort(key=itemgetter(2), reverse=True)  # raised, newest first (stable)
    if not newest:
        rows.sort(key=itemgetter(column))
    return rows[:n]


def load_board_head(
    session: Session, *, per_stage: int, today: date | None = None, now: datetime | None = None,
) -> BoardHead:
    """Counts and the first `per_stage` cards of every stage, from one narrow scan (stage, due,
    raised, id, compound) plus the few shown rows: what a caseworker sees first, long before
    the full table (titles and all) is read and indexed for filtering.

    Card order within a stage: dated cards by due date (overdue ones come first because their
    dates are earliest), then undated ones newest raised first; ties newest raised, then id.
    """
    today = today or local_today(now)
    today_text = today.isoformat()
    places = _live_places(session)
    by_stage: dict[str, list[tuple[Any, ...]]] = {stage: [] for stage in STAGES}
    for row in _plain_rows(session, _CARD_KEYS_SQL):
        rows = by_stage.get(row[0])
        if rows is not None and row[4] in places:
            rows.append(row)
    totals: dict[str, int] = {}
    overdue: dict[str, int] = {}
    picked: dict[str, list[str]] = {}
    for stage, rows in by_stage.items():
        totals[stage] = len(rows)
        overdue[stage] = 0 if stage in FINISHED_STAGES else sum(
            1 for r in rows if r[1] is not None and r[1] < today_text)
        dated = [r for r in rows if r[1] is not None]
        first = _first_by(dated, per_stage, 1, newest=False)
        if len(first) < per_stage:
            undated = [r for r in rows if r[1] is None]
            first += _first_by(undated, per_stage - len(first), 2, newest=True)
        picked[stage] = [r[3] for r in first]
    wanted = [item_id for ids in picked.values() for item_id in ids]
    table = ItemTable(today=today, places=places)
    if wanted:
        sql = _ITEM_TABLE_SQL + " AND id IN ({})".format(",".join(f":i{i}" for i in range(len(wanted))))
        found = {r[0]: r for r in _plain_rows(session, sql, {f"i{i}": v for i, v in enumerate(wanted)})}
        _fill_table(table, [found[item_id] for item_id in wanted if item_id in found])
    position = {item_id: i for i, item_id in enumerate(table.ids)}
    columns = {stage: [position[i] for i in ids if i in position] for stage, ids in picked.items()}
    return BoardHead(table, columns, totals, overdue)


@dataclass(frozen=True)
class TimelineEntry:
    from_stage: str | None
    to_stage: str
    at: datetime
    by: str
    note: str


def timeline(session: Session, item_id: str) -> list[TimelineEntry]:
    """The item's stage history, oldest first."""
    rows = session.execute(
        select(AgendaStageEvent)
        .where(AgendaStageEvent.item_id == item_id, AgendaStageEvent.deleted_at.is_(None))
        .order_by(AgendaStageEvent.at, AgendaStageEvent.id)
    ).scalars()
    pending = [TimelineEntry(e.from_stage, e.to_stage, e.at, e.by, e.note) for e in rows]
    # Events stamped with the same instant (a meeting moving an item 听→议→定 at once) are put
    # in chain order: each one starts where the previous one ended.
    ordered: list[TimelineEntry] = []
    current: str | None = None
    while pending:
        earliest = pending[0].at
        tied = [e for e in pending if e.at == earliest]
        chosen = next((e for e in tied if e.from_stage == current), tied[0])
        pending.remove(chosen)
        ordered.append(chosen)
        current = chosen.to_stage
    return ordered


def compound_choices(session: Session) -> list[tuple[str, str, str, str]]:
    """(compound id, compound name, street id, street name) for pickers, by street then name."""
    rows = session.execute(
        select(Compound.id, Compound.name, Street.id, Street.name)
        .join(Community, Community.id == Compound.community_id)
        .join(Street, Street.id == Community.street_id)
        .where(Compound.deleted_at.is_(None))
        .order_by(Street.name, Compound.name)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]

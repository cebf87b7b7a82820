"""The lists behind 听、议、定 (categories, sources, meeting kinds, roles) read from
resources/rules/agenda.toml, so a district can extend them without code, plus the caseworker's
local date used for "overdue"."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path

from app.errors import BadInput

RULES_FILE = Path(__file__).resolve().parent.parent / "resources" / "rules" / "agenda.toml"
MAX_KEY_LENGTH = 16


@dataclass(frozen=True)
class AgendaRules:
    """Key → Chinese label for each list; insertion order is display order."""

    categories: dict[str, str]
    sources: dict[str, str]
    meeting_kinds: dict[str, str]
    roles: dict[str, str]
    answer_methods: dict[str, str]
    timezone_name: str


def _labels(data: dict[str, object], section: str, path: Path) -> dict[str, str]:
    table = data.get(section)
    if not isinstance(table, dict) or not table:
        raise BadInput(f"{path.name}: 缺少 [{section}] 列表")
    for key, label in table.items():
        if not key.isascii() or len(key) > MAX_KEY_LENGTH or not isinstance(label, str):
            raise BadInput(f"{path.name}: [{section}] 中的「{key}」不合规（键须为≤16位英文，值为中文名称）")
    return dict(table)


@cache
def load_rules(path: Path = RULES_FILE) -> AgendaRules:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    overdue = data.get("overdue", {})
    return AgendaRules(
        categories=_labels(data, "categories", path),
        sources=_labels(data, "sources", path),
        meeting_kinds=_labels(data, "meeting_kinds", path),
        roles=_labels(data, "roles", path),
        answer_methods=_labels(data, "answer_methods", path),
        timezone_name=str(overdue.get("timezone", "Asia/Shanghai")),
    )


# China has kept UTC+8 without daylight saving since 1991; used when the OS has no tz database
# (Windows without the tzdata package).
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


@cache
def local_zone(name: str | None = None) -> tzinfo:
    """The caseworker's time zone (Asia/Shanghai unless the rules file says otherwise)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name or load_rules().timezone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return CHINA_STANDARD_TIME


def local_today(now: datetime | None = None) -> date:
    """Today's date where the caseworker works, from an aware `now` (default: the clock)."""
    if now is None:
        now = datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("naive datetime: give a timezone-aware `now`")
    return now.astimezone(local_zone()).date()


def resolve_key(value: str, labels: dict[str, str], what: str) -> str:
    """Accept a key or its Chinese label; anything else is BadInput naming the allowed values."""
    text = value.strip()
    if text in labels:
        return text
    for key, label in labels.items():
        if label == text:
            return key
    allowed = "、".join(labels.values())
    raise BadInput(f"未知的{what}「{text}」：可选 {allowed}")

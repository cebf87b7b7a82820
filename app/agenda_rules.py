"""The lists behind 听、议、定 (categories, sources, meeting kinds, roles) read from
resources/rules/agenda.toml, so a district can extend them without code, plus the caseworker's
local date used for "overdue"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path

from app.errors import BadInput
from app.messages import problem

RULES_FILE = Path(__file__).resolve().parent.parent / "resources" / "rules" / "agenda.toml"


@dataclass(frozen=True)
class OwnersMatter:
    """A category the owners decide jointly (Civil Code Art. 278(1) item `item`): its items
    reach 定 only with a passed owners' vote of this `matter` ("ordinary" or "major")."""

    category: str
    label: str
    matter: str
    item: int
    source: str
    kind: str = "law"
    verified: bool = False


@dataclass(frozen=True)
class AgendaRules:
    """Key → Chinese label for each list; insertion order is display order."""

    categories: dict[str, str]
    sources: dict[str, str]
    meeting_kinds: dict[str, str]
    roles: dict[str, str]
    answer_methods: dict[str, str]
    timezone_name: str
    owners_matters: dict[str, OwnersMatter] = field(default_factory=dict)  # category → matter


@cache
def load_rules(path: Path = RULES_FILE) -> AgendaRules:
    """The lists, validated (pydantic is imported here, not at start-up: see `local_zone`)."""
    from app.agenda_rules_file import AgendaFile
    from app.rulesfile import read_toml, validate

    m = validate(AgendaFile, read_toml(path), path.name)
    return AgendaRules(
        categories={key: c.label for key, c in m.categories.items()}, sources=dict(m.sources),
        meeting_kinds=dict(m.meeting_kinds), roles=dict(m.roles),
        answer_methods=dict(m.answer_methods), timezone_name=m.overdue.timezone,
        owners_matters={
            key: OwnersMatter(key, c.label, c.matter, c.item, c.source, c.kind or "law",
                              bool(c.verified))
            for key, c in m.categories.items()
            if c.owners_matter and c.matter and c.item and c.source
        },
    )


def _configured_zone_name(path: Path = RULES_FILE) -> str:
    """`[overdue] timezone` from agenda.toml, read without the full validation: every list
    shows "overdue" from the first frame, and validating the whole file (pydantic) would cost
    the start-up a fifth of a second. The file is validated whole when its lists are first used;
    a zone that is not text or not known falls back to China Standard Time."""
    import tomllib

    try:
        with path.open("rb") as handle:
            value = tomllib.load(handle).get("overdue", {}).get("timezone", "Asia/Shanghai")
    except (OSError, tomllib.TOMLDecodeError, AttributeError):
        return "Asia/Shanghai"
    return value if isinstance(value, str) else "Asia/Shanghai"


# China has kept UTC+8 without daylight saving since 1991; used when the OS has no tz database
# (Windows without the tzdata package).
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


@cache
def local_zone(name: str | None = None) -> tzinfo:
    """The caseworker's time zone (Asia/Shanghai unless the rules file says otherwise)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name or _configured_zone_name())
    except (ZoneInfoNotFoundError, ValueError):
        return CHINA_STANDARD_TIME


def local_today(now: datetime | None = None) -> date:
    """Today's date where the caseworker works, from an aware `now` (default: the clock)."""
    if now is None:
        now = datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError(problem("internal.naive_datetime"))
    return now.astimezone(local_zone()).date()


def resolve_key(value: str, labels: dict[str, str], what: str) -> str:
    """Accept a key or its Chinese label; anything else is BadInput naming the allowed values."""
    text = value.strip()
    if text in labels:
        return text
    for key, label in labels.items():
        if label == text:
            return key
    allowed = list(labels.values())
    raise BadInput(code="agenda.unknown_choice", what=what, text=text, allowed=allowed)

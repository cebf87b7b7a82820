"""The shape of resources/rules/agenda.toml (see app/rulesfile.py): each list maps a stored
key (ASCII, at most 16 characters) to its Chinese label; unknown tables are refused."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from app.rulesfile import RuleModel, Text

MAX_KEY_LENGTH = 16


def _key(value: str) -> str:
    if not value.isascii() or not 0 < len(value) <= MAX_KEY_LENGTH:
        raise ValueError(f"key {value!r}: ASCII, at most {MAX_KEY_LENGTH} characters")
    return value


_Labels = Annotated[dict[Annotated[str, AfterValidator(_key)], Text], Field(min_length=1)]


class _Overdue(RuleModel):
    timezone: Text = "Asia/Shanghai"


class AgendaFile(RuleModel):
    categories: _Labels
    sources: _Labels
    meeting_kinds: _Labels
    roles: _Labels
    answer_methods: _Labels
    overdue: _Overdue = _Overdue()

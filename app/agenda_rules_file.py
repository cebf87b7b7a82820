"""The shape of resources/rules/agenda.toml (see app/rulesfile.py): each list maps a stored
key (ASCII, at most 16 characters) to its Chinese label; unknown tables are refused.

A category is either its label or a table saying whether it is an owners' matter — a matter
the owners decide jointly (Civil Code Art. 278(1)): such an item moves to 定 only with a passed
owners' vote, never by a meeting of branch, committee and company. `item` is the article's item
(1–9); items 6–8 are "major" (3/4), the others "ordinary" (过半数), and the file must agree.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictInt, model_validator

from app.messages import problem
from app.rulesfile import Flag, RuleModel, Text

MAX_KEY_LENGTH = 16
MAJOR_ITEMS = (6, 7, 8)  # Civil Code Art. 278(2): 3/4 of participating area and owners


def _key(value: str) -> str:
    if not value.isascii() or not 0 < len(value) <= MAX_KEY_LENGTH:
        raise ValueError(problem("rules.value.bad_key_name", key=value, limit=MAX_KEY_LENGTH))
    return value


_Key = Annotated[str, AfterValidator(_key)]
_Labels = Annotated[dict[_Key, Text], Field(min_length=1)]


class Category(RuleModel):
    """One agenda category; an owners' matter names its Art. 278 item, threshold and source."""

    label: Text
    owners_matter: Flag = False
    matter: Literal["ordinary", "major"] | None = None
    item: Annotated[StrictInt, Field(ge=1, le=9)] | None = None
    kind: Literal["law", "district"] | None = None
    source: Text | None = None
    verified: Flag | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Category:
        if not self.owners_matter:
            if any(v is not None for v in (self.matter, self.item, self.kind, self.source,
                                           self.verified)):
                raise ValueError(problem("rules.agenda.not_owners_matter"))
            return self
        if None in (self.matter, self.item, self.kind, self.source, self.verified):
            raise ValueError(problem("rules.agenda.owners_matter_incomplete"))
        wanted = "major" if self.item in MAJOR_ITEMS else "ordinary"
        if self.matter != wanted:
            raise ValueError(problem("rules.agenda.wrong_matter", item=self.item, wanted=wanted,
                                     matter=self.matter))
        return self


def _category(value: object) -> object:
    """A bare label is a category that is not an owners' matter."""
    return {"label": value} if isinstance(value, str) else value


_Categories = Annotated[dict[_Key, Category], Field(min_length=1)]


class _Overdue(RuleModel):
    timezone: Text = "Asia/Shanghai"


class AgendaFile(RuleModel):
    categories: _Categories
    sources: _Labels
    meeting_kinds: _Labels
    roles: _Labels
    answer_methods: _Labels
    overdue: _Overdue = _Overdue()

    @model_validator(mode="before")
    @classmethod
    def _bare_labels(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("categories"), dict):
            data = {**data, "categories": {k: _category(v) for k, v in data["categories"].items()}}
        return data

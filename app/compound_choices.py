"""The compounds a picker offers, and their order for what was typed.

Every dialog that files a record under a compound picks it through one picker (ui/compound_picker):
the caseworker types the name, its pinyin or initials ("jbhtbq"), or the community or street, and
sees each hit with its community and street, the compounds used lately first. A record must never
land in a compound the caseworker did not pick, so nothing here guesses a default.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.search import SEPARATOR, normalize_query, search_key, text_key
from db.models import Community, Compound, Street


@dataclass(frozen=True)
class CompoundChoice:
    """One live compound as a picker shows it; `name_key`/`place_key` are app.search keys."""

    id: str
    name: str
    community: str
    street: str
    name_key: str
    place_key: str

    @property
    def place(self) -> str:
        """社区 · 街道, shown beside the name (two compounds of one name differ here)."""
        return " · ".join(part for part in (self.community, self.street) if part)


def compound_choices(session: Session, only: Iterable[str] | None = None) -> list[CompoundChoice]:
    """Live compounds by street, community and name; `only` keeps just those ids (e.g. the
    compounds a new election may be started in)."""
    query = (
        select(Compound.id, Compound.name, Community.name, Street.name)
        .join(Community, Community.id == Compound.community_id)
        .join(Street, Street.id == Community.street_id)
        .where(Compound.deleted_at.is_(None))
        .order_by(Street.name, Community.name, Compound.name, Compound.id)
    )
    wanted = set(only) if only is not None else None
    return [
        CompoundChoice(cid, name, community or "", street or "", text_key(name),
                       search_key(community, street))
        for cid, name, community, street in session.execute(query)
        if wanted is None or cid in wanted
    ]


def ranked(choices: Sequence[CompoundChoice], query: str,
           recent: Sequence[str] = ()) -> list[CompoundChoice]:
    """The choices matching `query`, best first: the name itself, then a name starting with it
    (as typed, in pinyin or in initials), then a name holding it, then the community or street.
    Within each, the recently used compounds first (in `recent` order), then the list's order.
    An empty query gives every choice, recent ones first."""
    needle = normalize_query(query)
    recency = {cid: n for n, cid in enumerate(recent)}
    scored: list[tuple[int, int, int, CompoundChoice]] = []
    for position, choice in enumerate(choices):
        tier = _tier(choice, needle)
        if tier is not None:
            scored.append((tier, recency.get(choice.id, len(recency)), position, choice))
    scored.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in scored]


def _tier(choice: CompoundChoice, needle: str) -> int | None:
    if not needle:
        return 0
    if needle == normalize_query(choice.name):
        return 0
    parts = choice.name_key.split(SEPARATOR)
    if any(part.startswith(needle) for part in parts):
        return 1
    if needle in choice.name_key:
        return 2
    if needle in choice.place_key:
        return 3
    return None

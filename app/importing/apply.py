"""Writing a validated sheet into the store, matching rows on natural keys so a re-import of the
same file changes nothing: street = name; community = street + name; compound = community + name;
unit = compound + building + room; party member = compound + name + phone.

New rows go in with `bulk_insert` (executemany speed, outbox entries included); changed rows are
updated through the ORM so change tracking records exactly the changed fields.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import methodcaller
from typing import Any, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.importing.fields import shown
from app.importing.messages import Message
from app.importing.sheet import Problems, Sheet, has_blank
from db.among import among
from db.engine import driver_errors
from db.models import (
    Community,
    Compound,
    PartyBranch,
    PartyMember,
    PropertyCompany,
    Replicated,
    Street,
    Unit,
)
from db.tracking import bulk_insert, bulk_insert_columns
from db.types import new_id

T = TypeVar("T")
CHUNK = 500


@dataclass
class Outcome:
    """What an import did: rows inserted and updated per table, rows already as in the file."""

    kind: str
    rows: int
    inserted: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0
    ignored_headers: list[str] = field(default_factory=list)
    # Columns recognised but never stored (identity-card numbers), sheets left out, and the
    # rows left out because they had problems (only when the user chose to import valid rows).
    withheld_headers: list[str] = field(default_factory=list)
    sheets_left_out: list[str] = field(default_factory=list)
    skipped_rows: int = 0
    problems: Problems | None = None  # what was found, when rows were left out

    def merge(self, other: Outcome) -> None:
        """Add another sheet's outcome to this one (a workbook of several sheets)."""
        if other.kind not in self.kind.split("+"):
            self.kind = f"{self.kind}+{other.kind}"
        self.rows += other.rows
        self.inserted.update(other.inserted)
        self.updated.update(other.updated)
        self.unchanged += other.unchanged
        self.ignored_headers += [h for h in other.ignored_headers if h not in self.ignored_headers]
        self.withheld_headers += [h for h in other.withheld_headers
                                  if h not in self.withheld_headers]


def _chunks(items: list[T], size: int = CHUNK) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _diff(current: Any, wanted: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in wanted.items() if v is not None and current.get(k) != v}


def _apply_updates(session: Session, model: type[Replicated],
                   updates: Mapping[str, Mapping[str, Any]]) -> int:
    """Tracked updates of existing rows (few, normally): the outbox gets the changed fields."""
    for chunk in _chunks(list(updates)):
        for row in session.scalars(select(model).where(among(model.id, chunk))):
            for name, value in updates[row.id].items():
                setattr(row, name, value)
    session.flush()
    return len(updates)


def _insert(session: Session, model: type[Replicated], rows: list[dict[str, Any]], file: str,
            outcome: Outcome) -> None:
    """New rows through `bulk_insert`, which gives rows without an id time-ordered UUIDv7 ids
    (rows of one import land next to each other in the primary-key index)."""
    if rows:
        outcome.inserted[model.__tablename__] += bulk_insert(
            session, model, rows, audit_summary={"file": file})


class CompoundResolver:
    """Finds the compound a row means from 小区名称 (+ 社区, + 街道 when names clash)."""

    def __init__(self, session: Session, problems: Problems, headers: Mapping[str, str]) -> None:
        self.problems = problems
        self.headers = headers
        query = (select(Compound.id, Compound.name, Community.name, Street.name)
                 .join(Community, Compound.community_id == Community.id)
                 .join(Street, Community.street_id == Street.id)
                 .where(Compound.deleted_at.is_(None)))
        self.by_name: dict[str, list[tuple[str, str, str]]] = {}
        for compound_id, name, community, street in session.execute(query):
            self.by_name.setdefault(name, []).append((compound_id, community, street))
        self.cache: dict[tuple[str, str | None, str | None], str | None] = {}

    def resolve(self, row: int, values: Mapping[str, Any]) -> str | None:
        key = (values["compound"], values.get("community"), values.get("street"))
        found = self.resolve_once(*key)
        if found is None:
            self._explain(row, *key)
        return found

    def resolve_once(self, name: str, community: str | None, street: str | None) -> str | None:
        """The compound's id, or None (without saying why: `resolve` explains per row)."""
        key = (name, community, street)
        if key not in self.cache:
            self.cache[key] = self._lookup(*key)
        return self.cache[key]

    def _lookup(self, name: str, community: str | None, street: str | None) -> str | None:
        matches = [m for m in self.by_name.get(name, [])
                   if (community is None or m[1] == community) and (street is None or m[2] == street)]
        return matches[0][0] if len(matches) == 1 else None

    def _explain(self, row: int, name: str, community: str | None, street: str | None) -> None:
        column = self.headers["compound"]
        candidates = self.by_name.get(name, [])
        if not candidates:
            self.problems.add(row, column, Message("row.no_compound", name=shown(name)))
        elif community is None and street is None:
            where = "、".join(f"{s}/{c}" for _, c, s in candidates)
            self.problems.add(row, column, Message("row.compound_ambiguous", name=shown(name),
                                                   where=where))
        else:
            self.problems.add(row, column, Message(
                "row.compound_not_there", where="/".join(x for x in (street, community) if x),
                name=shown(name)))


# ---- compounds ---------------------------------------------------------------------------------
COMPOUND_FIELDS = ("address", "lifecycle_stage", "households", "building_area_m2", "delivered_on",
                   "committee_status", "residents_committee_acting", "instructor_name", "note")


def apply_compounds(session: Session, sheet: Sheet, problems: Problems) -> Outcome:
    outcome = Outcome("compounds", len(sheet.rows))
    file = sheet.path.name
    seen: dict[tuple[str, str, str], int] = {}
    kept: list[tuple[int, dict[str, Any]]] = []
    for number, values in sheet.rows:
        key = (values["street"], values["community"], values["compound"])
        if key in seen:
            problems.add(number, sheet.headers["compound"], Message(
                "row.duplicate_compound", where=f"{key[0]}/{key[1]}", name=shown(key[2]),
                first=seen[key]))
            continue
        seen[key] = number
        kept.append((number, values))
    problems.raise_if_any()
    sheet.rows = kept

    streets = {n: i for n, i in session.execute(select(Street.name, Street.id))}
    new_streets = [{"id": new_id(), "name": n} for n in dict.fromkeys(k[0] for k in seen)
                   if n not in streets]
    streets.update({r["name"]: r["id"] for r in new_streets})
    _insert(session, Street, new_streets, file, outcome)

    communities = {(s, n): i for i, s, n in session.execute(
        select(Community.id, Community.street_id, Community.name))}
    new_communities = []
    for street, community in dict.fromkeys((k[0], k[1]) for k in seen):
        if (streets[street], community) not in communities:
            row = {"id": new_id(), "street_id": streets[street], "name": community}
            communities[(streets[street], community)] = row["id"]
            new_communities.append(row)
    _insert(session, Community, new_communities, file, outcome)

    companies = {n: i for n, i in session.execute(select(PropertyCompany.name, PropertyCompany.id))}
    new_companies = []
    for _number, values in sheet.rows:
        name = values.get("property_company")
        if name and name not in companies:
            companies[name] = new_id()
            new_companies.append({"id": companies[name], "name": name})
    _insert(session, PropertyCompany, new_companies, file, outcome)

    existing = {(r.community_id, r.name): r for r in session.execute(
        select(Compound.id, Compound.community_id, Compound.name,
               Compound.property_company_id, *(getattr(Compound, f) for f in COMPOUND_FIELDS)))}
    new_rows: list[dict[str, Any]] = []
    updates: dict[str, dict[str, Any]] = {}
    for _number, values in sheet.rows:
        community_id = communities[(streets[values["street"]], values["community"])]
        wanted = {f: values.get(f) for f in COMPOUND_FIELDS}
        company = values.get("property_company")
        wanted["property_company_id"] = companies[company] if company else None
        current = existing.get((community_id, values["compound"]))
        if current is None:
            new_rows.append({**{k: v for k, v in wanted.items() if v is not None},
                             "community_id": community_id, "name": values["compound"]})
            continue
        changed = _diff(current._mapping, wanted)
        if changed:
            updates[current.id] = changed
        else:
            outcome.unchanged += 1
    _insert(session, Compound, new_rows, file, outcome)
    outcome.updated["compounds"] += _apply_updates(session, Compound, updates)
    return outcome


# ---- units (owners' register) ------------------------------------------------------------------
UNIT_FIELDS = ("owner_name", "owner_key", "area_m2", "developer_unsold", "phone")


def owner_key_for(name: str, phone: str | None, unsold: bool) -> str:
    """A stable key grouping one owner's parts when the file gives none: name + phone."""
    if unsold:
        return "developer"
    digest = hashlib.sha1(f"{name}\x1f{phone or ''}".encode()).hexdigest()[:20]
    return f"h{digest}"


def owner_keys_for(names: list[str], phones: list[str | None], unsolds: list[bool]) -> list[str]:
    """`owner_key_for` of each row, by C-level passes (the same keys)."""
    texts = map("\x1f".join, zip(names, [phone or "" for phone in phones], strict=True))
    digests = map(methodcaller("hexdigest"), map(hashlib.sha1, map(str.encode, texts)))
    return ["developer" if unsold else f"h{digest[:20]}"
            for unsold, digest in zip(unsolds, digests, strict=True)]


def _existing_units(session: Session, compound_ids: Iterable[str]) -> dict[tuple[str, str, str], Any]:
    found: dict[tuple[str, str, str], Any] = {}
    columns = (Unit.id, Unit.compound_id, Unit.building, Unit.room,
               *(getattr(Unit, f) for f in UNIT_FIELDS))
    for chunk in _chunks(sorted(compound_ids)):
        for row in session.execute(select(*columns).where(among(Unit.compound_id, chunk))):
            found[(row.compound_id, row.building, row.room)] = row
    return found


def apply_units(session: Session, sheet: Sheet, problems: Problems) -> Outcome:
    """An owners' register, a column at a time: compounds resolved once per distinct name,
    owner keys made per row only where the file gives none, and the new units handed to
    `bulk_insert_columns` as columns (no dict per row on the way). Two rows for one unit are
    found by one set where rows must be left out or matched to stored units; a new register
    leaves them to the table's unique index, and only when it refuses are they looked for."""
    count = len(sheet.numbers)
    outcome = Outcome("units", count)
    resolver = CompoundResolver(session, problems, sheet.headers)
    compound_ids = _compound_ids(sheet, resolver)
    buildings, rooms = sheet.column("building"), sheet.column("room")
    columns = {name: sheet.column(name) for name in (
        "owner_name", "phone", "developer_unsold", "owner_key", "area_m2", "is_party_member")}
    unit_keys: list[tuple[Any, str, str]] | None = None
    if problems.lenient or not all(compound_ids):
        unit_keys = list(zip(compound_ids, buildings, rooms, strict=True))
        if not all(compound_ids) or len(set(unit_keys)) != len(unit_keys):
            _unit_problems(sheet, problems, resolver, compound_ids, unit_keys)
            problems.raise_if_any()
            # Only the valid rows are imported: leave out the unresolved and second rows.
            first: dict[tuple[Any, ...], int] = {}
            keep = [i for i, key in enumerate(unit_keys)
                    if key[0] is not None and first.setdefault(key, i) == i]
            buildings, rooms = [buildings[i] for i in keep], [rooms[i] for i in keep]
            unit_keys = [unit_keys[i] for i in keep]
            columns = {name: [values[i] for i in keep] for name, values in columns.items()}
            compound_ids = [key[0] for key in unit_keys]

    # One query for the units already stored in the file's compounds; none for a new register.
    existing = _existing_units(session, set(cast("list[str]", compound_ids)))  # all resolved
    if existing and unit_keys is None:  # rows are matched to stored units by these keys
        unit_keys = list(zip(compound_ids, buildings, rooms, strict=True))
        if len(set(unit_keys)) != len(unit_keys):
            _unit_problems(sheet, problems, resolver, compound_ids, unit_keys)
            problems.raise_if_any()
    unsolds = list(map(bool, columns["developer_unsold"]))
    names = columns["owner_name"]
    if has_blank(names) or "" in names:
        names = [name or ("开发商（未售）" if unsold else "")
                 for name, unsold in zip(names, unsolds, strict=True)]
    phones = columns["phone"]
    if "" in phones:
        phones = [phone or None for phone in phones]
    areas = columns["area_m2"]
    currents = [existing.get(key) for key in unit_keys] if existing and unit_keys is not None \
        else [None] * len(compound_ids)
    given = columns["owner_key"]
    if not existing and not any(given):  # a new register without owner keys: made in one go
        owner_keys = owner_keys_for(names, phones, unsolds)
    else:
        owner_keys = given if None not in given and "" not in given else [
            key or (current.owner_key if current is not None and current.owner_name == name
                    else owner_key_for(name, phone, unsold))
            for key, current, name, phone, unsold in zip(given, currents, names, phones,
                                                         unsolds, strict=True)]
    members: list[dict[str, Any]] = []
    if any(columns["is_party_member"]):
        members = [{"compound_id": compound_id, "name": name, "phone": phone,
                    "building": building, "room": room}
                   for member, compound_id, name, phone, building, room, unsold in zip(
                       columns["is_party_member"], compound_ids, names, phones, buildings, rooms,
                       unsolds, strict=True)
                   if member and not unsold]
    new_units = {"owner_name": names, "owner_key": owner_keys, "area_m2": areas,
                 "developer_unsold": unsolds, "phone": phones, "compound_id": compound_ids,
                 "building": buildings, "room": rooms}
    updates: dict[str, dict[str, Any]] = {}
    if existing:
        new_positions = []
        phone_given = columns["phone"]
        for position, current in enumerate(currents):
            if current is None:
                new_positions.append(position)
                continue
            phone = phones[position]
            wanted = {"owner_name": names[position], "owner_key": owner_keys[position],
                      "area_m2": areas[position], "developer_unsold": unsolds[position],
                      "phone": phone}
            changed = _diff(current._mapping, wanted)
            if phone_given[position] is not None and current.phone != phone:
                changed["phone"] = phone
            if changed:
                updates[current.id] = changed
            else:
                outcome.unchanged += 1
        if len(new_positions) != len(currents):
            new_units = {name: [values[i] for i in new_positions]
                         for name, values in new_units.items()}
    inserted = len(new_units["room"])
    if inserted:
        try:
            outcome.inserted["units"] += bulk_insert_columns(
                session, Unit, new_units, inserted, audit_summary={"file": sheet.path.name})
        except driver_errors():
            if unit_keys is None:  # refused by the unique index? Say which rows, in row order.
                _unit_problems(sheet, problems, resolver, compound_ids,
                               list(zip(compound_ids, buildings, rooms, strict=True)))
                problems.raise_if_any()
            raise
    outcome.updated["units"] += _apply_updates(session, Unit, updates)
    _upsert_members(session, members, sheet.path.name, outcome)
    return outcome


def _compound_ids(sheet: Sheet, resolver: CompoundResolver) -> list[str | None]:
    """Each row's compound id (None where it names none known), resolved once per distinct
    place; a 社区 or 街道 column of one value (or none) is not paired with every row."""
    names = sheet.column("compound")
    others = [sheet.column("community"), sheet.column("street")]
    if all(len(set(values)) <= 1 for values in others):
        community, street = (values[0] if values else None for values in others)
        by_name = {name: resolver.resolve_once(name, community, street) for name in set(names)}
        return list(map(by_name.__getitem__, names))
    places = list(zip(names, *others, strict=True))
    found = {place: resolver.resolve_once(*place) for place in set(places)}
    return list(map(found.__getitem__, places))


def _unit_problems(sheet: Sheet, problems: Problems, resolver: CompoundResolver,
                   compound_ids: list[str | None], unit_keys: list[tuple[Any, ...]]) -> None:
    """Rows naming no known compound, and second rows for one unit: each a problem, in row order."""
    seen: dict[tuple[Any, ...], int] = {}
    room_header = sheet.headers["room"]
    for (number, values), compound_id, key in zip(sheet.rows, compound_ids, unit_keys,
                                                  strict=True):
        if compound_id is None:
            resolver.resolve(number, values)  # explains why
            continue
        first = seen.setdefault(key, number)
        if first != number:
            problems.add(number, room_header, Message(
                "row.duplicate_unit", compound=values["compound"], building=key[1], room=key[2],
                first=first))


# ---- party members -----------------------------------------------------------------------------
MEMBER_FIELDS = ("building", "room", "branch_id", "found_via", "on_committee", "works_for_property")


def _upsert_members(session: Session, members: list[dict[str, Any]], file: str,
                    outcome: Outcome) -> None:
    """Insert or update party members matched on compound + name + phone."""
    if not members:
        return
    existing: dict[tuple[str | None, str, str], Any] = {}
    columns = (PartyMember.id, PartyMember.compound_id, PartyMember.name, PartyMember.phone,
               *(getattr(PartyMember, f) for f in MEMBER_FIELDS))
    for chunk in _chunks(sorted({m["compound_id"] for m in members})):
        for row in session.execute(select(*columns).where(among(PartyMember.compound_id, chunk))):
            existing[(row.compound_id, row.name, row.phone or "")] = row
    new_rows: list[dict[str, Any]] = []
    updates: dict[str, dict[str, Any]] = {}
    handled: set[tuple[str | None, str, str]] = set()
    for member in members:
        key = (member["compound_id"], member["name"], member["phone"] or "")
        if key in handled:  # an owner of several units, marked as a party member on each
            continue
        handled.add(key)
        current = existing.get(key)
        if current is None:
            new_rows.append(member)
            continue
        changed = _diff(current._mapping, {f: member.get(f) for f in MEMBER_FIELDS})
        if changed:
            updates[current.id] = changed
        else:
            outcome.unchanged += 1
    _insert(session, PartyMember, new_rows, file, outcome)
    outcome.updated["party_members"] += _apply_updates(session, PartyMember, updates)


def apply_party_members(session: Session, sheet: Sheet, problems: Problems) -> Outcome:
    outcome = Outcome("party_members", len(sheet.rows))
    resolver = CompoundResolver(session, problems, sheet.headers)
    branches: dict[str, list[str]] = {}
    for branch_id, name in session.execute(select(PartyBranch.id, PartyBranch.name)):
        branches.setdefault(name, []).append(branch_id)
    seen: dict[tuple[str, str, str], int] = {}
    members: list[dict[str, Any]] = []
    for number, values in sheet.rows:
        compound_id = resolver.resolve(number, values)
        if compound_id is None:
            continue
        key = (compound_id, values["name"], values.get("phone") or "")
        first = seen.setdefault(key, number)
        if first != number:
            problems.add(number, sheet.headers["name"], Message(
                "row.duplicate_member", compound=values["compound"], name=shown(values["name"]),
                first=first))
            continue
        member = {"compound_id": compound_id, "name": values["name"],
                  "phone": values.get("phone") or None,
                  **{f: values[f] for f in MEMBER_FIELDS if f in values}}
        branch = values.get("branch")
        if branch:
            found = branches.get(branch, [])
            if len(found) != 1:
                problems.add(number, sheet.headers["branch"], Message(
                "row.no_branch" if not found else "row.branch_ambiguous", name=shown(branch)))
                continue
            member["branch_id"] = found[0]
        members.append(member)
    problems.raise_if_any()
    _upsert_members(session, members, sheet.path.name, outcome)
    return outcome


APPLIERS = {"compounds": apply_compounds, "units": apply_units, "party_members": apply_party_members}

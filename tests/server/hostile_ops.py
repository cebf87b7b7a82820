"""A hostile client for the sync server, for the property test in test_hostile_property.py.

Three parts:
- `seed_world`: a small realistic district of two fresh streets (a community, compounds, units,
  party branch and members, elections at "application", a meeting, an agenda item, …) pushed
  by a supervisor, and a caseworker of each street logged in with a registered signing key.
- strategies (`batches`) for random ops — valid, hostile and malformed values for every
  replicated table and field — and `Runner`, which turns them into real pushes over HTTP.
- the invariants, each read from the server's own database, not from what the server says:
  no 5xx; no election past a checkpoint without an unrevoked approval; no row outside a
  caseworker's street reaches them; no stored value outside its column's type and range.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import strategies as st
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Engine,
    Integer,
    String,
    Text,
    bindparam,
    text,
)
from sqlalchemy.orm import Session

from db.codec import content_columns
from db.models import MODEL_BY_TABLE
from db.models.elections import CHECKPOINTS, DECISIONS, ELECTION_KINDS, ELECTION_STAGES
from db.types import DecimalText, UTCDateTime
from server.users import add_user
from tests.server.helpers import PASSWORD, Client

# --- what the columns may hold ------------------------------------------------------------------

try:  # the shared definitions (db/domains.py), once they exist
    from db import domains as _domains

    ENUMS: dict[tuple[str, str], tuple[str, ...]] = dict(_domains.ENUMS)
    RANGES: dict[tuple[str, str], tuple[Any, Any]] = dict(_domains.RANGES)
    KEYS: dict[tuple[str, str], int] = dict(getattr(_domains, "KEYS", {}))
    TIME_BOUNDS: tuple[datetime, datetime] | None = (
        (_domains.EARLIEST, _domains.LATEST) if hasattr(_domains, "LATEST") else None)
    DOMAINS_SOURCE = "db.domains"
except ImportError:  # until then: the model constants and what the models' comments say
    from db.models.agenda import AGENDA_CATEGORIES, AGENDA_SOURCES, AGENDA_STAGES, MEETING_KINDS
    from db.models.geo import COMMITTEE_STATUSES, LIFECYCLE_STAGES
    from db.models.party import BRANCH_KINDS, FOUND_VIA

    ENUMS = {
        ("compounds", "lifecycle_stage"): LIFECYCLE_STAGES,
        ("compounds", "committee_status"): COMMITTEE_STATUSES,
        ("lifecycle_changes", "from_stage"): LIFECYCLE_STAGES,
        ("lifecycle_changes", "to_stage"): LIFECYCLE_STAGES,
        ("elections", "kind"): ELECTION_KINDS,
        ("elections", "stage"): ELECTION_STAGES,
        ("checkpoint_approvals", "checkpoint"): CHECKPOINTS,
        ("checkpoint_approvals", "decision"): DECISIONS,
        ("committee_members", "role"): ("director", "deputy", "member"),
        ("group_members", "role"): ("street_office", "party_committee", "police",
                                    "residents_committee", "developer", "owner_rep"),
        ("ballots", "channel"): ("paper", "electronic"),
        ("party_branches", "kind"): BRANCH_KINDS,
        ("party_members", "found_via"): FOUND_VIA,
        ("agenda_items", "stage"): AGENDA_STAGES,
        ("agenda_items", "source"): AGENDA_SOURCES,
        ("agenda_items", "category"): AGENDA_CATEGORIES,
        ("agenda_stage_events", "from_stage"): AGENDA_STAGES,
        ("agenda_stage_events", "to_stage"): AGENDA_STAGES,
        ("meetings", "kind"): MEETING_KINDS,
        ("meetings", "status"): ("planned", "open", "closed"),
        ("meeting_attendance", "role"): ("party_branch", "committee", "property", "street_office",
                                         "police", "resident"),
        ("rating_templates", "status"): ("draft", "in_use", "retired"),
        ("rating_inspections", "status"): ("draft", "final"),
        ("evaluations", "target"): ("committee", "company"),
    }
    RANGES = {
        ("units", "area_m2"): (Decimal("0.01"), Decimal(100000)),
        ("compounds", "households"): (0, 10_000_000),
        ("compounds", "building_area_m2"): (Decimal(0), Decimal(100_000_000)),
        ("elections", "seats"): (1, 99),
        ("elections", "applicant_owners"): (0, 10_000_000),
        ("elections", "applicant_area_m2"): (Decimal(0), Decimal(100_000_000)),
        ("rating_indicators", "max_points"): (Decimal(0), Decimal(1000)),
        ("rating_scores", "points"): (Decimal(0), Decimal(1000)),
        ("evaluations", "score"): (Decimal(0), Decimal(1000)),
    }
    KEYS = {}
    TIME_BOUNDS = None
    DOMAINS_SOURCE = "model constants (db.domains not there yet)"

MAX_DECIMAL_DIGITS, MAX_DECIMAL_EXPONENT = 30, 30
INT_BOUNDS = {"Integer": (-(2**31), 2**31 - 1), "BigInteger": (-(2**63), 2**63 - 1)}
DISTRICT = "district"
CHECKPOINT_STAGE = {"timing": "checkpoint_timing", "group": "checkpoint_group",
                    "candidates": "checkpoint_candidates"}


def stages_for(kind: str) -> tuple[str, ...]:
    """The stages of an election of this kind, written out here rather than imported, so the
    invariant does not share a bug with the server (a by-election has no preparatory group, but
    its own 筹备时机关: resources/rules/shenzhen.toml [kinds.by_election])."""
    if kind == "by_election":
        return tuple(s for s in ELECTION_STAGES if s not in ("group_formed", "checkpoint_group"))
    return ELECTION_STAGES


def columns_of(table: str) -> dict[str, Any]:
    return {c.name: c for c in content_columns(MODEL_BY_TABLE[table])}


def foreign_keys(table: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for column in MODEL_BY_TABLE[table].__table__.columns:
        for fk in column.foreign_keys:
            found[column.name] = fk.column.table.name
    return found


# The row a row belongs to, for its street (the issue: "a member follows their compound"):
# first non-null column wins. District tables have no street; streets are their own.
OWNER_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "communities": (("street_id", "streets"),),
    "compounds": (("community_id", "communities"),),
    "lifecycle_changes": (("compound_id", "compounds"),),
    "party_branches": (("community_id", "communities"),),
    "branch_compounds": (("compound_id", "compounds"),),
    "party_members": (("compound_id", "compounds"), ("branch_id", "party_branches")),
    "units": (("compound_id", "compounds"),),
    "elections": (("compound_id", "compounds"),),
    "owners_committees": (("compound_id", "compounds"),),
    "committee_members": (("committee_id", "owners_committees"),),
    "group_members": (("election_id", "elections"),),
    "candidates": (("election_id", "elections"),),
    "checkpoint_approvals": (("election_id", "elections"),),
    "ballots": (("election_id", "elections"),),
    "owners_votes": (("compound_id", "compounds"), ("election_id", "elections"),
                     ("agenda_item_id", "agenda_items")),
    "meetings": (("compound_id", "compounds"),),
    "agenda_items": (("compound_id", "compounds"),),
    "agenda_stage_events": (("item_id", "agenda_items"),),
    "meeting_attendance": (("meeting_id", "meetings"),),
    "meeting_items": (("meeting_id", "meetings"),),
    "rating_inspections": (("compound_id", "compounds"),),
    "rating_scores": (("inspection_id", "rating_inspections"),),
    "evaluations": (("compound_id", "compounds"),),
    "attachments": (("compound_id", "compounds"),),
}
DISTRICT_TABLES = frozenset({"property_companies", "rating_templates", "rating_indicators"})
assert set(OWNER_COLUMNS) | DISTRICT_TABLES | {"streets", "audit_entries"} == set(MODEL_BY_TABLE)


# --- JSON as a hostile client writes it -----------------------------------------------------------

@dataclass(frozen=True)
class Raw:
    """JSON text sent as is (NaN, 1e400, a 5,000-digit number, deep nesting…)."""

    json_text: str

    def __repr__(self) -> str:
        shown = self.json_text if len(self.json_text) <= 40 else (
            f"{self.json_text[:20]}…({len(self.json_text)} chars)")
        return f"Raw({shown!r})"


def dumps(body: Any) -> bytes:
    """JSON with lone surrogates escaped (as any JSON library may send them) and Raw values
    spliced in."""
    raws: list[str] = []

    def walk(value: Any) -> Any:
        if isinstance(value, Raw):
            raws.append(value.json_text)
            return f"@@RAW{len(raws) - 1}@@"
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    encoded = json.dumps(walk(body), ensure_ascii=True, allow_nan=True)
    for n, raw in enumerate(raws):
        encoded = encoded.replace(f'"@@RAW{n}@@"', raw, 1)
    return encoded.encode("ascii")


# --- value strategies ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    """A reference resolved when the op is sent: a row of `table` of the actor's own street
    ("own"), the other caseworker's street ("other"), or an id nobody has ("unknown")."""

    whose: str
    table: str
    index: int = 0


HOSTILE_TEXT = [
    "\ud800", "a\udfffb", "bell\x07", "esc\x1b[31m", "c1\x85", "nul\x00", "del\x7f",
    "=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTab", "\rCR",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "e\u0301", "\u202eRTL", "'; DROP TABLE units; --", "", " ", "x" * 20_000,
]
DECIMAL_VALUES: list[Any] = [
    "12.5", "0", "1", "0.01", "-0", "-0.00", "NaN", "nan", "sNaN", "Infinity", "-Infinity",
    "1e100000000", "1E+999999999", "-1e-100000000", "9" * 5000, "0." + "0" * 5000 + "1",
    "1e30", "1e31", "1" * 31, "123456789012345678901234567890.5", "-5", "100000", "100000.01",
    " 12 ", "1_000", "１２", "", "abc", "0x10", 12, 12.5, True, None,
    Raw("NaN"), Raw("Infinity"), Raw("1e400"), Raw("-0.0"), Raw("1" * 5000),
]
INT_VALUES: list[Any] = [
    0, 1, 5, 7, 99, 100, -1, -(2**31) - 1, 2**31 - 1, 2**31, 2**63, -(2**63) - 1, 10**40,
    10_000_001, True, "7", 1.5, None, Raw("1" * 5000), Raw("1e3"), Raw("NaN"),
]
BOOL_VALUES: list[Any] = [True, False, 0, 1, "true", "", None]
DATE_VALUES: list[Any] = [
    "2026-01-01", "2025-06-30", "0001-01-01", "9999-12-31", "2026-02-30", "2026-1-1",
    "20260101", "", "2026-01-01T00:00:00", "+12026-01-01", 20260101, None,
]
DATETIME_VALUES: list[Any] = [
    "2026-03-01T09:30:00+00:00", "2026-03-01T09:30:00+08:00", "9999-12-31T23:59-05:00",
    "0001-01-01T00:00+05:00", "9999-12-31T23:59:59.999999-23:59", "2026-01-01T00:00",
    "2026-01-01T00:00Z", "1900-01-01T00:00+00:00", "3000-01-01T00:00+00:00", "garbage", "",
    0, None,
]
INVENTED_ENUM = ["zzz", "", " voting", "APPROVED", "approved ", "Voting", "null", "\ud800",
                 "x" * 30, 1, None]
UNKNOWN_FIELDS = ["zzz", "id", "server_version", "updated_at", "updated_by", "deleted_at",
                  "deleted_by", "dirty", "historical", "__deleted__", "", "\ud800", "x" * 500]
ROW_ID_JUNK = ["x", "../../etc/passwd", "' OR 1=1 --", "\ud800" * 3, "名" * 36, " ", "0" * 36]


def text_values(length: int | None) -> st.SearchStrategy[Any]:
    limit = length or 2000
    plain = st.text(max_size=min(limit, 30))
    edge: st.SearchStrategy[Any] = st.sampled_from(["正常文本", "x" * limit, "名" * limit, "x" * (limit + 1),
                            "名" * (limit + 1), 5, True, None, [], {}])
    return st.one_of(plain, edge, st.sampled_from(HOSTILE_TEXT))


def valid_value(table: str, name: str, column: Any) -> st.SearchStrategy[Any]:
    """A value an honest client could send (so rows really change and later ops build on it)."""
    fk = foreign_keys(table).get(name)
    if fk is not None:
        return st.builds(Ref, st.just("own"), st.just(fk), st.integers(0, 2))
    enum = ENUMS.get((table, name))
    if enum:
        return st.sampled_from(list(enum))
    kind = column.type
    low, high = RANGES.get((table, name), (None, None))
    if isinstance(kind, DecimalText):
        return st.decimals(allow_nan=False, allow_infinity=False, places=2,
                           min_value=max(Decimal(str(low or 0)), Decimal("0.01")),
                           max_value=min(Decimal(str(high or 1000)), Decimal(1000))).map(str)
    if isinstance(kind, UTCDateTime):
        return st.sampled_from(["2026-03-01T09:30:00+00:00", "2026-03-01T09:30:00+08:00"])
    if isinstance(kind, Boolean):
        return st.booleans()
    if isinstance(kind, Date):
        return st.sampled_from(["2026-01-01", "2025-06-30"])
    if isinstance(kind, Integer):
        start = int(low or 0)
        return st.integers(start, min(int(high if high is not None else start + 100), start + 100))
    if name.endswith("_json"):
        return st.sampled_from(["{}", "[]"])
    length = getattr(kind, "length", None) or 200
    return st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"]), min_size=1,
                   max_size=min(length, 12))


def hostile_value(table: str, name: str, column: Any) -> st.SearchStrategy[Any]:
    """Hostile and malformed values for one column."""
    fk = foreign_keys(table).get(name)
    if fk is not None:
        return st.one_of(
            st.builds(Ref, st.sampled_from(["other", "unknown"]), st.just(fk), st.integers(0, 2)),
            st.sampled_from([*ROW_ID_JUNK, None, 7]),
        )
    enum = ENUMS.get((table, name))
    if enum:
        return st.sampled_from(INVENTED_ENUM)
    kind = column.type
    if isinstance(kind, DecimalText):
        return st.one_of(st.sampled_from(DECIMAL_VALUES),
                         st.decimals(allow_nan=False, allow_infinity=False, places=2,
                                     min_value=-10**6, max_value=10**6).map(str))
    if isinstance(kind, UTCDateTime):
        return st.sampled_from(DATETIME_VALUES)
    if isinstance(kind, Boolean):
        return st.sampled_from(BOOL_VALUES)
    if isinstance(kind, Date):
        return st.sampled_from(DATE_VALUES)
    if isinstance(kind, Integer):  # BigInteger too
        return st.one_of(st.sampled_from(INT_VALUES), st.integers(-10, 10**6))
    if name.endswith("_json") or name in ("payload", "vote", "summary"):
        return st.one_of(st.sampled_from(["not json", "[" * 5000 + "]" * 5000,
                                          Raw("[" * 3000 + "]" * 3000)]),
                         text_values(getattr(kind, "length", None)))
    return text_values(getattr(kind, "length", None))


def value_strategy(table: str, name: str, column: Any) -> st.SearchStrategy[Any]:
    valid = valid_value(table, name, column)
    return st.one_of(valid, valid, hostile_value(table, name, column))


def required_columns(table: str) -> list[str]:
    """Columns a new row must carry (not nullable, no default)."""
    return [c.name for c in content_columns(MODEL_BY_TABLE[table])
            if not c.nullable and c.default is None]


def weighted_names(table: str) -> list[str]:
    """Column names, the ones where hostile values bite (enums, numbers, JSON, references)
    three times over."""
    names: list[str] = []
    for name, column in sorted(columns_of(table).items()):
        interesting = ((table, name) in ENUMS or (table, name) in RANGES or name.endswith("_json")
                       or (table, name) in JSON_TEXT
                       or name in foreign_keys(table) or isinstance(column.type, DecimalText))
        names += [name] * (3 if interesting else 1)
    return names


@st.composite
def fields_for(draw: st.DrawFn, table: str, *, insert: bool, at_most: int = 3) -> dict[str, Any]:
    """An insert's required fields (valid) and up to `at_most` more, valid or hostile."""
    columns = columns_of(table)
    fields = {name: draw(valid_value(table, name, columns[name]))
              for name in (required_columns(table) if insert else [])}
    names = draw(st.lists(st.sampled_from(weighted_names(table)), min_size=0 if insert else 1,
                          max_size=at_most, unique=True))
    fields.update({name: draw(value_strategy(table, name, columns[name])) for name in names})
    if draw(st.integers(0, 9)) == 0:
        fields[draw(st.sampled_from(UNKNOWN_FIELDS))] = draw(st.sampled_from(["x", 1, None]))
    return fields


# --- abstract ops --------------------------------------------------------------------------------

ACTORS = ("A", "B", "sup")
SEEDED_TABLES = (
    "streets", "communities", "compounds", "units", "party_branches", "party_members",
    "branch_compounds", "elections", "group_members", "candidates", "owners_committees",
    "committee_members", "meetings", "agenda_items", "agenda_stage_events", "audit_entries",
    "checkpoint_approvals", "property_companies", "rating_templates", "rating_indicators",
    "lifecycle_changes", "ballots", "meeting_attendance", "evaluations", "attachments",
)


@dataclass(frozen=True)
class Generic:
    """insert / update / delete / undelete / an invented verb, of a row of any table."""

    actor: str
    verb: str
    table: str
    target: Any  # "new", a Ref, or a junk row id
    fields: dict[str, Any]
    base: str  # "current", "zero", "huge", "negative"


@dataclass(frozen=True)
class Stage:
    """An election's stage (and maybe kind) changed, as a caseworker's client never would."""

    actor: str
    election: Ref
    stage: Any
    kind: Any = None


@dataclass(frozen=True)
class Advance:
    """An honest client moving an election on by `steps` stages (signing where it must)."""

    actor: str
    election: Ref
    steps: int


@dataclass(frozen=True)
class JsonText:
    """A JSON text column of one of the actor's own rows, set to malformed or odd JSON."""

    actor: str
    table: str
    column: str
    value: int  # index into JSON_VALUES (a 200 kB value would make a useless repr)

    @property
    def text(self) -> str:
        return JSON_VALUES[self.value]


JSON_COLUMNS = (("elections", "tally_json"), ("agenda_items", "positions_json"),
                ("meeting_items", "positions_json"), ("evaluations", "answers_json"),
                ("audit_entries", "summary"), ("rating_templates", "bands_json"),
                ("rating_templates", "areas_json"))
JSON_VALUES = ("{}", "[]", '"x"', "not json", "[" * 100_000 + "]" * 100_000,
               '{"a": ' + "9" * 5000 + "}", '{"a": NaN}', '{"a": 1e100000000}')


@dataclass(frozen=True)
class NewElection:
    """A new election, maybe already far along, maybe flagged historical."""

    actor: str
    compound: Ref
    kind: Any
    stage: Any
    historical: Any


@dataclass(frozen=True)
class SignOff:
    """A checkpoint sign-off: genuine, or forged in one way (`forgery`)."""

    actor: str
    election: Ref
    checkpoint: str
    decision: str
    forgery: str  # "none", "hash", "stale_hash", "signer", "unregistered", "others_key",
    #               "bad_signature", "far_future", "backdated"


FORGERIES = ("hash", "stale_hash", "signer", "unregistered", "others_key", "bad_signature")
# Genuine in every signed part, but with a date a client must not choose freely:
DATE_FORGERIES = ("far_future", "backdated")


def refs(whose: Iterable[str], tables: Iterable[str]) -> st.SearchStrategy[Ref]:
    return st.builds(Ref, st.sampled_from(list(whose)), st.sampled_from(list(tables)),
                     st.integers(0, 2))


@st.composite
def generic_op(draw: st.DrawFn) -> Generic:
    actor = draw(st.sampled_from(ACTORS))
    verb = draw(st.sampled_from(["insert", "insert", "update", "update", "update", "delete",
                                 "delete", "undelete", "undelete", "upsert"]))
    if verb == "insert":
        table = draw(st.one_of(st.sampled_from(sorted(MODEL_BY_TABLE)),
                               st.sampled_from(["zzz", "server_users", "server_rows", ""])))
        target: Any = draw(st.one_of(st.just("new"), st.just("new"), st.just("new"),
                                     refs(["own", "other"], [table]) if table in MODEL_BY_TABLE
                                     else st.just("new"),
                                     st.sampled_from(ROW_ID_JUNK)))
    else:
        table = draw(st.sampled_from(SEEDED_TABLES))
        target = draw(st.one_of(refs(["own"], [table]), refs(["own"], [table]),
                                refs(["own", "other", "unknown"], [table]),
                                st.sampled_from(ROW_ID_JUNK)))
    fields: dict[str, Any] = {}
    if table in MODEL_BY_TABLE and verb in ("insert", "update", "upsert"):
        # mostly one field: a hostile value alone shows whether it is refused (beside a second
        # hostile value, the other one's refusal would hide it)
        fields = draw(fields_for(table, insert=verb == "insert",
                                 at_most=draw(st.sampled_from([1, 1, 1, 2, 3]))))
    elif verb == "delete" and draw(st.booleans()):
        fields = {"deleted_at": draw(st.sampled_from(DATETIME_VALUES))}
    base = draw(st.sampled_from(["current"] * 6 + ["zero", "huge", "negative"]))
    return Generic(actor, verb, table, target, fields, base)


STAGE_VALUES = st.one_of(st.sampled_from(ELECTION_STAGES), st.sampled_from(INVENTED_ENUM))
KIND_VALUES = st.one_of(st.sampled_from(ELECTION_KINDS), st.sampled_from(["zzz", "", None, 1]))


def op_specs() -> st.SearchStrategy[Any]:
    own_elections = refs(["own", "own", "other"], ["elections"])
    return st.one_of(
        generic_op(), generic_op(),
        st.builds(Advance, st.sampled_from(ACTORS), refs(["own"], ["elections"]),
                  st.integers(1, 4)),
        st.builds(Stage, st.sampled_from(ACTORS), own_elections,
                  st.one_of(STAGE_VALUES, st.sampled_from(ELECTION_STAGES), st.none()),
                  st.one_of(st.none(), st.none(), KIND_VALUES)),
        st.builds(lambda actor, where, value: JsonText(actor, where[0], where[1], value),
                  st.sampled_from(ACTORS), st.sampled_from(JSON_COLUMNS),
                  st.integers(0, len(JSON_VALUES) - 1)),
        st.builds(NewElection, st.sampled_from(ACTORS), refs(["own", "own", "other"], ["compounds"]),
                  KIND_VALUES, STAGE_VALUES, st.sampled_from([False, True, None, "yes", 1])),
        st.builds(SignOff, st.sampled_from(ACTORS), own_elections, st.one_of(
            st.sampled_from(CHECKPOINTS), st.sampled_from(["zzz", ""])),
            st.one_of(st.sampled_from(DECISIONS), st.sampled_from(["maybe", "APPROVED"])),
            st.sampled_from(("none",) * 6 + FORGERIES + DATE_FORGERIES)),
    )


def batches() -> st.SearchStrategy[list[list[list[Any]]]]:
    """A plan: batches (invariants checked after each) of pushes (one actor's ops each)."""
    push = st.lists(op_specs(), min_size=1, max_size=4)
    return st.lists(st.lists(push, min_size=1, max_size=4), min_size=1, max_size=3)


# --- the world -----------------------------------------------------------------------------------

def new_id() -> str:
    return str(uuid.uuid4())


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Signer:
    """An Ed25519 key held by a client, registered with the server under its user."""

    def __init__(self, client: Client, register: bool = True) -> None:
        self.key = Ed25519PrivateKey.generate()
        raw = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = hashlib.sha256(raw).hexdigest()
        if register:
            proof = self.sign(canonical({"purpose": "compound-desk key registration",
                                         "key_id": self.key_id, "user": client.name}))
            response = client.http.post("/api/v1/keys", json={
                "key_id": self.key_id, "public_key": base64.b64encode(raw).decode(),
                "proof": proof})
            assert response.status_code == 201, response.text

    def sign(self, message: str) -> str:
        return base64.b64encode(self.key.sign(message.encode("utf-8"))).decode()


@dataclass
class Actor:
    client: Client
    signer: Signer
    street: str | None  # street id; None for the supervisor
    label: str


@dataclass
class World:
    """Two fresh streets' rows by (street label, table), their users, and what was done."""

    streets: dict[str, str]  # "A"/"B" → street id
    rows: dict[tuple[str, str], list[str]]  # (street label or DISTRICT, table) → ids
    actors: dict[str, Actor]
    touched: set[tuple[str, str]] = field(default_factory=set)  # (table, id) this example made
    # Historical records a supervisor inserted → the stage they were inserted at: checkpoints
    # before it are exempt, later ones are gated like any other (server/gates.py).
    historical_by_supervisor: dict[str, str] = field(default_factory=dict)

    def street_label(self, street_id: str | None) -> str | None:
        return next((label for label, sid in self.streets.items() if sid == street_id), None)


def seed_world(base_url: str, database_url: str, supervisor: Actor, tag: str) -> World:
    """Two streets with a community, two compounds (units, a party branch and members, a
    first election and a by-election at "application", a group member, a candidate, a
    committee, a meeting, an agenda item and its stage event), a property company and a
    rating template: pushed by the supervisor as a real district's first sync is."""
    rows: dict[tuple[str, str], list[str]] = {}
    ops: list[dict[str, Any]] = []

    def add(label: str, table: str, **fields: Any) -> str:
        row_id = new_id()
        rows.setdefault((label, table), []).append(row_id)
        ops.append({"op_id": new_id(), "table": table, "row_id": row_id, "op": "insert",
                    "base_version": 0, "fields": fields})
        return row_id

    company = add(DISTRICT, "property_companies", name=f"物业{tag}", contact_phone="0755-1234")
    template = add(DISTRICT, "rating_templates", name=f"模板{tag}", version=1, status="in_use")
    indicator = add(DISTRICT, "rating_indicators", template_id=template, area_code="A",
                    area_name="环境", code="A1", text="保洁", max_points="10")
    streets: dict[str, str] = {}
    for label, name in (("A", f"平湖{tag}"), ("B", f"坪地{tag}")):
        street = streets[label] = add(label, "streets", name=name)
        community = add(label, "communities", street_id=street, name=f"{name}社区")
        branch = add(label, "party_branches", community_id=community, name=f"{name}党支部")
        for n in range(2):
            compound = add(label, "compounds", community_id=community, name=f"{name}花园{n}",
                           building_area_m2="10000.50", households=300,
                           property_company_id=company)
            add(label, "branch_compounds", branch_id=branch, compound_id=compound)
            for room in ("101", "102"):
                add(label, "units", compound_id=compound, building="1栋", room=room,
                    owner_name=f"业主{room}", owner_key=f"o{room}", area_m2="88.20",
                    phone="13800000000")
            add(label, "party_members", name=f"党员{n}", phone="13900000000",
                compound_id=compound, branch_id=branch, found_via="branch_found")
        compound = rows[(label, "compounds")][0]
        election = add(label, "elections", compound_id=compound, kind="first",
                       stage="application", applied_on="2026-01-05", applicant_owners=40,
                       applicant_area_m2="3500.00")
        add(label, "elections", compound_id=rows[(label, "compounds")][1], kind="by_election",
            stage="application")
        add(label, "group_members", election_id=election, name="组长", role="street_office",
            is_leader=True)
        add(label, "candidates", election_id=election, name="候选人甲")
        committee = add(label, "owners_committees", compound_id=compound, status="active")
        add(label, "committee_members", committee_id=committee, name="委员", role="member")
        meeting = add(label, "meetings", compound_id=compound, kind="joint", title="联席会议",
                      held_at="2026-02-01T02:00:00+00:00")
        add(label, "meeting_attendance", meeting_id=meeting, name="张三", role="resident")
        item = add(label, "agenda_items", compound_id=compound, title="停车难",
                   raised_on="2026-01-10")
        add(label, "agenda_stage_events", item_id=item, to_stage="listen",
            at="2026-01-10T01:00:00+00:00", by="seed")
        add(label, "ballots", election_id=election, owner_key="o101")
        add(label, "lifecycle_changes", compound_id=compound, to_stage="成熟期",
            changed_on="2026-01-01")
        add(label, "evaluations", compound_id=compound, target="company", year=2025,
            score="88", evaluated_on="2026-01-02")
        add(label, "attachments", owner_table="units", owner_id=rows[(label, "units")][0],
            filename="photo.jpg", sha256="0" * 64, compound_id=compound)
        add(label, "audit_entries", at="2026-01-10T01:00:00+00:00", actor="seed",
            action="insert", table_name="units", row_id=rows[(label, "units")][0])
    inspection_ops = []
    for label in ("A", "B"):
        inspection_ops.append(add(label, "rating_inspections", template_id=template,
                                  compound_id=rows[(label, "compounds")][0], company_id=company,
                                  inspected_on="2026-01-03"))
        add(label, "rating_scores", inspection_id=inspection_ops[-1], indicator_id=indicator,
            points="8")
    results = push_raw(supervisor.client, ops)[1]["results"]
    assert [r["status"] for r in results] == ["applied"] * len(ops), [
        (o["table"], r) for o, r in zip(ops, results, strict=True) if r["status"] != "applied"]
    actors = {"sup": supervisor}
    for label in ("A", "B"):
        name = f"cw{label}-{tag}"
        street_name = next(o["fields"]["name"] for o in ops
                           if o["table"] == "streets" and o["row_id"] == streets[label])
        add_user(database_url, name, "caseworker", street_name, PASSWORD)
        client = Client(base_url, name)
        actors[label] = Actor(client, Signer(client), streets[label], label)
    world = World(streets, rows, actors)
    world.touched = {(t, i) for (_, t), ids in rows.items() for i in ids}
    return world


NO_ANSWER = 599  # the connection broke instead of an answer: as bad as a 5xx


def push_raw(client: Client, ops: list[dict[str, Any]]) -> tuple[int, Any]:
    sent = dumps({"ops": ops})
    for attempt in (1, 2):  # once more on a fresh connection: the last one may have been
        try:               # dropped by the server after an earlier failure
            response = client.http.post("/api/v1/push", content=sent,
                                        headers={"Content-Type": "application/json"})
            break
        except httpx.TransportError as exc:
            if attempt == 2:
                return NO_ANSWER, {"error": f"no answer: {type(exc).__name__}: {exc}"}
    try:
        answer = response.json()
    except ValueError:
        answer = {"error": response.text[:300]}
    return response.status_code, answer


# --- reading the server's own database ---------------------------------------------------------

def storable(text_value: str) -> bool:
    """Can a database hold this text at all (no lone surrogate, no NUL)?"""
    try:
        text_value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text_value


class ServerDb:
    """Raw reads of the server's tables (no type decorators: what is stored, as stored)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def rows(self, table: str, ids: Iterable[str]) -> list[dict[str, Any]]:
        wanted = sorted(i for i in set(ids) if storable(i))
        found: list[dict[str, Any]] = []
        query = text(f"SELECT * FROM {table} WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True))
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                found += [dict(r._mapping) for r in connection.execute(query, {"ids": chunk})]
        return found

    def row(self, table: str, row_id: str) -> dict[str, Any] | None:
        found = self.rows(table, [row_id]) if table in MODEL_BY_TABLE else []
        return found[0] if found else None

    def version(self, table: str, row_id: str) -> int:
        if not storable(row_id):
            return 0
        with self.engine.connect() as connection:
            found = connection.scalar(
                text("SELECT version FROM server_rows WHERE table_name = :t AND row_id = :r"),
                {"t": table, "r": row_id})
        return int(found or 0)

    def approvals(self, election_ids: Iterable[str]) -> list[dict[str, Any]]:
        wanted = sorted(i for i in set(election_ids) if storable(i))
        if not wanted:
            return []
        query = text("SELECT * FROM checkpoint_approvals WHERE election_id IN :ids").bindparams(
            bindparam("ids", expanding=True))
        with self.engine.connect() as connection:
            return [dict(r._mapping) for r in connection.execute(query, {"ids": wanted})]

    def street_of(self, table: str, row_id: str) -> str | None:
        return self.streets_of([(table, row_id)])[(table, row_id)]

    def streets_of(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
        """The street each row belongs to, following its owner columns in the server's tables
        (a few queries per level, not one per row); DISTRICT for district-wide rows; None when
        it cannot be told (no owner, dangling reference)."""
        wanted = set(keys)
        parent_of: dict[tuple[str, str], tuple[str, str] | str | None] = {}
        level = wanted
        for _ in range(12):
            by_table: dict[str, set[str]] = {}
            for table, row_id in level:
                if (table, row_id) in parent_of:
                    continue
                if table == "streets":
                    parent_of[(table, row_id)] = row_id
                elif table in DISTRICT_TABLES:
                    parent_of[(table, row_id)] = DISTRICT
                elif table not in MODEL_BY_TABLE:
                    parent_of[(table, row_id)] = None
                else:
                    by_table.setdefault(table, set()).add(row_id)
            if not by_table:
                break
            level = set()
            for table, ids in by_table.items():
                found = {row["id"]: row for row in self.rows(table, ids)}
                for row_id in ids:
                    parent = _owner(table, found.get(row_id))
                    parent_of[(table, row_id)] = parent
                    if isinstance(parent, tuple):
                        level.add(parent)

        def follow(key: tuple[str, str]) -> str | None:
            for _ in range(14):
                step = parent_of.get(key)
                if not isinstance(step, tuple):
                    return step
                key = step
            return None

        return {key: follow(key) for key in wanted}


def _owner(table: str, row: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """The row a row belongs to (for its street), or None."""
    if row is None:
        return None
    if table == "audit_entries":
        if row.get("table_name") in MODEL_BY_TABLE and row.get("row_id"):
            return str(row["table_name"]), str(row["row_id"])
        return None
    for column, parent in OWNER_COLUMNS[table]:
        if row.get(column):
            return parent, str(row[column])
    if table == "attachments" and row.get("owner_table") in MODEL_BY_TABLE and row.get("owner_id"):
        return str(row["owner_table"]), str(row["owner_id"])
    return None


def content_hash_now(engine: Engine, election_id: str, checkpoint: str) -> str | None:
    """What the server should compute for a sign-off of this checkpoint from its own rows:
    the checkpoint content the client signs (app.elections.checks.content_for)."""
    from app.elections.checks import content_for
    from app.signing import content_hash
    from db.models import Election

    if checkpoint not in CHECKPOINTS:
        return None
    with Session(engine) as session:
        election = session.get(Election, election_id)
        if election is None:
            return None
        try:
            return content_hash(content_for(session, election, checkpoint))
        except Exception:  # a row the client model cannot even load: the server must cope
            return None


# --- turning abstract ops into pushes ----------------------------------------------------------

def wellformed_op(op: Mapping[str, Any]) -> bool:
    """Would the protocol parse this op (verb, base version, table and id lengths, numbers)?"""
    raw = [v for v in op["fields"].values() if isinstance(v, Raw)]
    return (op["op"] in ("insert", "update", "delete", "undelete")
            and 0 <= op["base_version"] < 2**63 and 1 <= len(op["table"]) <= 64
            and 1 <= len(op["row_id"]) <= 36 and not raw)


@dataclass
class Sent:
    actor: str
    ops: list[dict[str, Any]]
    specs: list[Any]
    status: int
    body: Any
    must_refuse: list[str]  # reasons, by op index ("" when any answer is fine)

    def results(self) -> list[dict[str, Any]]:
        if self.status != 200 or not isinstance(self.body, dict):
            return []
        return list(self.body.get("results") or [])


class Runner:
    """Sends a plan's pushes as the world's users and keeps what each push was."""

    def __init__(self, world: World, db: ServerDb) -> None:
        self.world = world
        self.db = db
        self.sent: list[Sent] = []

    def resolve(self, actor: str, ref: Ref) -> str:
        if ref.whose == "unknown":
            return new_id()
        if ref.table in DISTRICT_TABLES:
            ids = self.world.rows.get((DISTRICT, ref.table), [])
        else:
            label = actor if actor in ("A", "B") else "A"
            if ref.whose == "other":
                label = "B" if label == "A" else "A"
            ids = self.world.rows.get((label, ref.table), [])
        return ids[ref.index % len(ids)] if ids else new_id()

    def value(self, actor: str, value: Any) -> Any:
        return self.resolve(actor, value) if isinstance(value, Ref) else value

    def _op(self, table: str, row_id: str, verb: str, base: int, fields: dict[str, Any]
            ) -> dict[str, Any]:
        return {"op_id": new_id(), "table": table, "row_id": row_id, "op": verb,
                "base_version": base, "fields": fields}

    def render(self, spec: Any, actor: str) -> list[tuple[dict[str, Any], str]]:
        """The wire ops of an abstract op sent by `actor`, each with why the server must refuse
        it ("" if it may take it)."""
        if isinstance(spec, Advance):
            return self._advance(spec, actor)
        return [self._render_one(spec, actor)]

    def _advance(self, spec: Advance, actor: str) -> list[tuple[dict[str, Any], str]]:
        """What an honest client sends to move an election on: checkpoint stages are asked
        for, approved with a genuine sign-off, then passed."""
        row_id = self.resolve(actor, spec.election)
        current = self.db.row("elections", row_id)
        if current is None:
            return [self._render_one(Stage(actor, spec.election, "checkpoint_timing"), actor)]
        order = stages_for(current["kind"])
        stage = current["stage"]
        base = self.db.version("elections", row_id)
        rendered: list[tuple[dict[str, Any], str]] = []
        for _ in range(spec.steps):
            if stage not in order or stage == order[-1]:
                break
            checkpoint = next((c for c, s in CHECKPOINT_STAGE.items() if s == stage), None)
            if checkpoint is not None:
                rendered.append(self._sign_off(
                    SignOff(actor, spec.election, checkpoint, "approved", "none"), actor))
            stage = order[order.index(stage) + 1]
            rendered.append((self._op("elections", row_id, "update", base, {"stage": stage}), ""))
        return rendered or [self._render_one(Stage(actor, spec.election, "voting"), actor)]

    def _render_one(self, spec: Any, actor: str) -> tuple[dict[str, Any], str]:
        if isinstance(spec, Generic):
            target = spec.target
            if target == "new":
                row_id = new_id()
            elif isinstance(target, Ref):
                row_id = self.resolve(actor, target)
            else:
                row_id = target
            current = self.db.version(spec.table, row_id) if spec.table in MODEL_BY_TABLE else 0
            base = {"current": current, "zero": 0, "huge": 2**63 - 1, "negative": -1}[spec.base]
            fields = {k: self.value(actor, v) for k, v in spec.fields.items()}
            return self._op(spec.table, row_id, spec.verb, base, fields), ""
        if isinstance(spec, Stage):
            row_id = self.resolve(actor, spec.election)
            fields = {} if spec.stage is None else {"stage": spec.stage}
            if spec.kind is not None or not fields:
                fields["kind"] = spec.kind
            return self._op("elections", row_id, "update", self.db.version("elections", row_id),
                            fields), ""
        if isinstance(spec, JsonText):
            if spec.table == "audit_entries":  # append-only: a new entry about an own row
                fields = {"at": "2026-03-01T09:30:00+00:00", "actor": "x", "action": "update",
                          "table_name": "compounds",
                          "row_id": self.resolve(actor, Ref("own", "compounds")),
                          "summary": spec.text}
                return self._op("audit_entries", new_id(), "insert", 0, fields), ""
            if spec.table == "meeting_items" and not self.world.rows.get(
                    (actor if actor in ("A", "B") else "A", "meeting_items")):
                fields = {"meeting_id": self.resolve(actor, Ref("own", "meetings")),
                          "agenda_item_id": self.resolve(actor, Ref("own", "agenda_items")),
                          spec.column: spec.text}
                return self._op("meeting_items", new_id(), "insert", 0, fields), ""
            row_id = self.resolve(actor, Ref("own", spec.table))
            return self._op(spec.table, row_id, "update", self.db.version(spec.table, row_id),
                            {spec.column: spec.text}), ""
        if isinstance(spec, NewElection):
            fields = {"compound_id": self.resolve(actor, spec.compound), "kind": spec.kind,
                      "stage": spec.stage}
            if spec.historical is not None:
                fields["historical"] = spec.historical
            return self._op("elections", new_id(), "insert", 0, fields), ""
        return self._sign_off(spec, actor)

    def _sign_off(self, spec: SignOff, actor: str) -> tuple[dict[str, Any], str]:
        me = self.world.actors[actor]
        other = self.world.actors["B" if actor == "A" else "A"]
        election = self.resolve(actor, spec.election)
        row_id = new_id()
        digest = content_hash_now(self.db.engine, election, spec.checkpoint) or "00" * 32
        must_refuse = ""
        if spec.checkpoint not in CHECKPOINTS:
            must_refuse = f"unknown checkpoint {spec.checkpoint!r}"
        if spec.decision not in DECISIONS:
            must_refuse = f"unknown decision {spec.decision!r}"
        signer_name, signer = me.client.name, me.signer
        signed_at = datetime.now(UTC).isoformat()
        if spec.forgery == "hash":
            digest, must_refuse = "ab" * 32, "content_hash is not the server's"
        elif spec.forgery == "stale_hash":
            others = [c for c in CHECKPOINTS if c != spec.checkpoint]
            digest = content_hash_now(self.db.engine, election, others[0]) or "cd" * 32
            must_refuse = "content_hash of another checkpoint"
        elif spec.forgery == "signer":
            signer_name, must_refuse = other.client.name, "signer is another user"
        elif spec.forgery == "unregistered":
            signer, must_refuse = Signer(me.client, register=False), "key not registered"
        elif spec.forgery == "others_key":
            signer, must_refuse = other.signer, "another user's key"
        elif spec.forgery == "far_future":
            signed_at, must_refuse = "2999-01-01T00:00:00+00:00", "signed_at in the far future"
        elif spec.forgery == "backdated":
            signed_at = "2001-01-01T00:00:00+00:00"
            if actor != "sup":  # a caseworker cannot sign before their login (clock skew aside)
                must_refuse = "signed_at backdated before the caseworker's login"
        if spec.decision == "revoked" and spec.forgery in ("hash", "stale_hash"):
            # a revocation approves nothing: its content_hash is not compared (docs/sync-protocol.md)
            must_refuse = ""
        revokes = None
        if spec.decision == "revoked":
            earlier = [a["id"] for a in self.db.approvals([election])
                       if a["decision"] == "approved" and a["checkpoint"] == spec.checkpoint]
            revokes = earlier[-1] if earlier else new_id()
        signed = {"id": row_id, "election_id": election, "checkpoint": spec.checkpoint,
                  "decision": spec.decision, "comment": "同意", "override_reason": "",
                  "signer": signer_name, "signed_at": signed_at, "content_hash": digest,
                  "key_id": signer.key_id, "revokes_id": revokes}
        payload = canonical(signed)
        signature = signer.sign(payload)
        if spec.forgery == "bad_signature":
            signature = other.signer.sign(payload)
            must_refuse = "signature by another key"
        fields = {k: v for k, v in signed.items() if k != "id"}
        fields.update(payload=payload, signature=signature)
        return self._op("checkpoint_approvals", row_id, "insert", 0, fields), must_refuse

    def push(self, specs: list[Any]) -> list[Sent]:
        """The specs as pushes by the first spec's actor (as one device would send them): the
        ops the protocol can parse together, each malformed one alone (a malformed op rightly
        gets the whole push a 4xx, which would hide the others)."""
        actor = specs[0].actor
        rendered = [(one, s) for s in specs for one in self.render(s, actor)]
        wellformed = [r for r in rendered if wellformed_op(r[0][0])]
        groups = [wellformed] if wellformed else []
        groups += [[r] for r in rendered if not wellformed_op(r[0][0])]
        return [self._send(actor, group) for group in groups]

    def _send(self, actor: str, rendered: list[tuple[tuple[dict[str, Any], str], Any]]) -> Sent:
        ops = [op for (op, _), _ in rendered]
        status, body = push_raw(self.world.actors[actor].client, ops)
        sent = Sent(actor, ops, [spec for _, spec in rendered], status, body,
                    [why for (_, why), _ in rendered])
        self.sent.append(sent)
        for op in ops:
            if op["table"] in MODEL_BY_TABLE and isinstance(op["row_id"], str):
                self.world.touched.add((op["table"], op["row_id"]))
        for op, result in zip(ops, sent.results(), strict=False):
            if result.get("status") in ("applied", "merged", "conflict"):
                if op["op"] == "insert" and op["table"] in MODEL_BY_TABLE:
                    self._remember(op)
                if (actor == "sup" and op["table"] == "elections" and op["op"] == "insert"
                        and op["fields"].get("historical") is True
                        and op["row_id"] not in self.world.historical_by_supervisor):
                    self.world.historical_by_supervisor[op["row_id"]] = str(
                        op["fields"].get("stage"))
        return sent

    def _remember(self, op: dict[str, Any]) -> None:
        street = self.db.street_of(op["table"], op["row_id"])
        label = DISTRICT if street == DISTRICT else self.world.street_label(street)
        if label is not None:
            ids = self.world.rows.setdefault((label, op["table"]), [])
            if op["row_id"] not in ids:
                ids.append(op["row_id"])


# --- invariants ----------------------------------------------------------------------------------

def describe(sent: Sent, index: int | None = None) -> str:
    ops = sent.ops if index is None else [sent.ops[index]]
    shown = json.dumps(ops, ensure_ascii=True, default=repr)
    if len(shown) > 600:
        shown = shown[:600] + "…"
    return f"push by {sent.actor}: {shown}"


def server_errors(sent: Sent) -> list[str]:
    """(a) no 5xx."""
    if sent.status >= 500:
        return [f"(a) HTTP {sent.status} {str(sent.body)[:200]} for {describe(sent)}"]
    if sent.status == 200 and len(sent.results()) != len(sent.ops):
        return [f"(a) {len(sent.results())} results for {len(sent.ops)} ops: {describe(sent)}"]
    return []


def forged_sign_offs_taken(sent: Sent) -> list[str]:
    """(b) a sign-off the server had to refuse was taken."""
    found = []
    for n, (why, result) in enumerate(zip(sent.must_refuse, sent.results(), strict=False)):
        if why and result.get("status") != "refused":
            found.append(f"(b) sign-off taken although {why}: answer {result.get('status')}, "
                         f"{describe(sent, n)}")
    return found


def history_violations(db: ServerDb, world: World, runner: Runner) -> list[str]:
    """(e) history is the server's: audit entries and agenda stage events a caseworker pushed
    carry that caseworker as actor, whatever the op said. Only the insert that made the row
    counts: an insert re-sent with a row's own fields (a seeded row's, or one pushed before) is
    answered "applied" and changes nothing, so the row keeps its first pusher."""
    problems = []
    stamped = {"audit_entries": "actor", "agenda_stage_events": "by"}
    made: set[tuple[str, str]] = {(table, row_id) for (_, table), ids in world.rows.items()
                                  for row_id in ids}
    for sent in runner.sent:
        for op, result in zip(sent.ops, sent.results(), strict=False):
            key = (op["table"], op["row_id"])
            column = stamped.get(op["table"])
            first = key not in made
            if op["op"] == "insert" and result.get("status") == "applied":
                made.add(key)
            if sent.actor not in ("A", "B") or column is None or op["op"] != "insert" or (
                    result.get("status") != "applied" or not first):
                continue
            me = world.actors[sent.actor].client.name
            row = db.row(op["table"], op["row_id"])
            if row is not None and row[column] != me:
                problems.append(f"(e) {op['table']}.{column} stored as {row[column]!r}, pushed by "
                                f"caseworker {me}: {describe(sent, sent.ops.index(op))}")
    return problems


def culprits(runner: Runner, table: str, row_id: str) -> str:
    """The taken ops that wrote this row, to show beside a problem with it."""
    found = []
    for sent in runner.sent:
        for op, result in zip(sent.ops, sent.results(), strict=False):
            if op["table"] == table and op["row_id"] == row_id and result.get("status") != "refused":
                shown = json.dumps({k: op[k] for k in ("op", "base_version", "fields")},
                                   ensure_ascii=True, default=repr)
                found.append(f"{sent.actor} {shown[:300]} -> {result.get('status')}")
    return "; taken: " + " | ".join(found[-4:]) if found else ""


def _taken_in_order(runner: Runner) -> Iterator[dict[str, Any]]:
    """Every op the server applied, in the order it applied them."""
    for sent in runner.sent:
        for op, result in zip(sent.ops, sent.results(), strict=False):
            if result.get("status") == "applied":
                yield op


def revoked_after_last_move(runner: Runner | None, election_id: str, approval_id: str) -> bool:
    """True when the approval was revoked only after the election's last stage move: a
    revocation stops an election where it stands (docs/sync-protocol.md), it does not move it
    back, so the election may stay past that checkpoint, but must not move again."""
    if runner is None:
        return False
    last_move = revoked_at = -1
    for position, op in enumerate(_taken_in_order(runner)):
        fields = op.get("fields") or {}
        if op["table"] == "elections" and op["row_id"] == election_id and "stage" in fields:
            last_move = position
        elif (op["table"] == "checkpoint_approvals" and fields.get("revokes_id") == approval_id
              and fields.get("decision") == "revoked"):
            revoked_at = position if revoked_at < 0 else revoked_at
    return revoked_at > last_move >= 0


def gate_violations(db: ServerDb, world: World, runner: Runner | None = None) -> list[str]:
    """(b) no election past a checkpoint stage without an unrevoked approval of it on the
    server (historical elections the supervisor inserted excepted)."""
    ids = [i for t, i in world.touched if t == "elections"]
    elections = db.rows("elections", ids)
    approvals = db.approvals(e["id"] for e in elections)
    problems = []
    for election in elections:
        kind, stage = election["kind"], election["stage"]
        inserted_at = (world.historical_by_supervisor.get(election["id"])
                       if election.get("historical") else None)
        order = stages_for(kind) if kind in ELECTION_KINDS else ELECTION_STAGES
        why = culprits(runner, "elections", election["id"]) if runner else ""
        if stage not in order:
            problems.append(f"(b) election {election['id']} stored at stage {stage!r} of kind "
                            f"{kind!r}: not a stage of its kind{why}")
            continue
        mine = [a for a in approvals if a["election_id"] == election["id"]
                and a["deleted_at"] is None]
        revoked = {a["revokes_id"] for a in mine if a["decision"] == "revoked"}
        for checkpoint, checkpoint_stage in CHECKPOINT_STAGE.items():
            if checkpoint_stage not in order or order.index(stage) <= order.index(checkpoint_stage):
                continue
            if inserted_at in order and order.index(inserted_at) > order.index(checkpoint_stage):
                continue  # passed before the app was used: a supervisor's historical record
            if not any(a["checkpoint"] == checkpoint and a["decision"] == "approved"
                       and (a["id"] not in revoked
                            or revoked_after_last_move(runner, election["id"], a["id"]))
                       for a in mine):
                problems.append(
                    f"(b) election {election['id']} ({kind}) at {stage} without an unrevoked "
                    f"approval of {checkpoint} on the server"
                    + (" [historical=true set by a caseworker]" if election.get("historical")
                       else "") + why)
    return problems


def scope_violations(db: ServerDb, world: World, runner: Runner) -> list[str]:
    """(c) no row outside a caseworker's street reached them: neither by pull nor in a push
    answer (`row` of a result)."""
    seen: list[tuple[Actor, Mapping[str, Any], str]] = []
    for label in ("A", "B"):
        actor = world.actors[label]
        seen += [(actor, change, "pull") for change in actor.client.pull_all()]
    for sent in runner.sent:
        if sent.actor in ("A", "B"):
            seen += [(world.actors[sent.actor], result["row"], "push answer")
                     for result in sent.results() if isinstance(result.get("row"), dict)]
    streets = db.streets_of((str(c["table"]), str(c["id"])) for _, c, _ in seen)
    problems = []
    for actor, change, how in seen:
        street = streets[(str(change["table"]), str(change["id"]))]
        if street is None or street in (DISTRICT, actor.street):
            continue
        fields = change.get("fields") or {}
        shown = {k: v for k, v in fields.items() if k in ("name", "phone", "owner_name", "title")}
        problems.append(f"(c) caseworker {actor.label} got {change['table']} {change['id']} of "
                        f"another street by {how} {shown}")
    return problems


def value_problems(table: str, row: Mapping[str, Any]) -> Iterator[str]:
    """(d) every stored value fits its column's type, length, enum and range."""
    for column in [*content_columns(MODEL_BY_TABLE[table]),
                   MODEL_BY_TABLE[table].__table__.c.deleted_at]:
        name = column.name
        value = row.get(name)
        if value is None:
            if not column.nullable:
                yield f"{table}.{name} is NULL"
            continue
        problem = _value_problem(table, name, column, value)
        if problem:
            shown = repr(value) if len(repr(value)) < 60 else f"{repr(value)[:40]}…({len(str(value))} chars)"
            yield f"{table}.{name}={shown}: {problem}"


def _value_problem(table: str, name: str, column: Any, value: Any) -> str | None:
    kind = column.type
    low, high = RANGES.get((table, name), (None, None))
    if isinstance(kind, DecimalText):
        if not isinstance(value, str) or len(value) > 40:
            return "decimal text longer than its 40-character column"
        try:
            number = Decimal(value)
        except InvalidOperation:
            return "not a decimal"
        if not number.is_finite():
            return "not finite"
        digits = number.as_tuple()
        exponent = int(digits.exponent)  # finite: an int
        if len(digits.digits) > MAX_DECIMAL_DIGITS or abs(exponent) > MAX_DECIMAL_EXPONENT:
            return "more digits or a larger exponent than allowed"
        return _out_of_range(number, low, high)
    if isinstance(kind, UTCDateTime):
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                return "not a timestamp"
        if not isinstance(value, datetime):
            return "not a timestamp"
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)  # stored as naive UTC
        if TIME_BOUNDS and not TIME_BOUNDS[0] <= moment < TIME_BOUNDS[1]:
            return f"outside {TIME_BOUNDS[0].year}..{TIME_BOUNDS[1].year - 1}"
        return None
    if isinstance(kind, Date):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                return "not a date"
        if not isinstance(value, date):
            return "not a date"
        if TIME_BOUNDS and not TIME_BOUNDS[0].date() <= value < TIME_BOUNDS[1].date():
            return f"outside {TIME_BOUNDS[0].year}..{TIME_BOUNDS[1].year - 1}"
        return None
    if isinstance(kind, Boolean):
        return None if value in (0, 1, True, False) else "not a boolean"
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            return "not an integer"
        bounds = INT_BOUNDS["BigInteger" if isinstance(kind, BigInteger) else "Integer"]
        if not bounds[0] <= value <= bounds[1]:
            return "outside the integer column"
        return _out_of_range(value, low, high)
    if isinstance(kind, String | Text):
        if not isinstance(value, str):
            return "not text"
        length = getattr(kind, "length", None)
        if length is not None and len(value) > length:
            return f"longer than {length} characters"
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            return "holds a lone surrogate"
        if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
            return "holds a control character"
        enum = ENUMS.get((table, name))
        if enum and value not in enum:
            return f"not one of {enum}"
        if value and (name.endswith("_json") or (table, name) in JSON_TEXT):  # "" reads as empty
            try:
                parsed = json.loads(value)
            except (ValueError, RecursionError) as exc:  # what every client's reader would hit
                return f"not JSON a client can read ({type(exc).__name__})"
            shape = JSON_SHAPES.get(name)
            if shape is not None and not isinstance(parsed, shape):
                return f"JSON {type(parsed).__name__} where the app writes and reads a {shape.__name__}"
        key_length = KEYS.get((table, name))
        if key_length is not None and (
                len(value) > key_length or not all(" " <= ch <= "~" for ch in value)):
            return "not a printable-ASCII key"
    return None


JSON_TEXT = {("audit_entries", "summary")}  # JSON of the changed fields, read by history views
# The top-level JSON the app writes (and its readers expect) in each JSON text column.
JSON_SHAPES: dict[str, type] = {"tally_json": dict, "positions_json": dict, "answers_json": dict,
                                "summary": dict, "bands_json": list, "areas_json": list}


def _out_of_range(number: Any, low: Any, high: Any) -> str | None:
    if (low is not None and number < low) or (high is not None and number > high):
        return f"outside [{low}, {high}]"
    if isinstance(number, float) and not math.isfinite(number):
        return "not finite"
    return None


def stored_value_violations(db: ServerDb, world: World, runner: Runner | None = None
                            ) -> list[str]:
    problems = []
    by_table: dict[str, set[str]] = {}
    for table, row_id in world.touched:
        if table in MODEL_BY_TABLE:
            by_table.setdefault(table, set()).add(row_id)
    for table, ids in sorted(by_table.items()):
        for row in db.rows(table, ids):
            found = list(value_problems(table, row))
            why = culprits(runner, table, row["id"]) if runner and found else ""
            problems += [f"(d) {p} (row {row['id']}){why}" for p in found]
    return problems

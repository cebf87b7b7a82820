"""Profiles of the server's accounts (姓名、职务、单位), printed for signers — what the routes
(server.routers.profiles) do, and the admin's setter `server-user profile` calls.

- GET /api/v1/profile: the caller's own profile.
- PUT /api/v1/profile: the caller changes their own profile — only their own: the body names no
  user (a body naming one is refused). Values are checked as the client checks them
  (app.profile); a refused value changes nothing and is answered 422 with `code`
  "profile_invalid" and `problems` {field: code}.
  Conflicts: the body carries the `base_version` the client last saw and when the values were
  typed (`edited_at`). When nobody changed the profile since `base_version`, the edit is kept.
  Otherwise the server's profile wins unless the client's edit is newer than the one the server
  keeps; the answer says which (`applied`) and carries the profile now kept.
- GET /api/v1/profiles: the profiles a caller's client prints: everyone's for a supervisor or
  admin; for a caseworker their street's colleagues, the supervisors and admins, and whoever
  signed a checkpoint of their street.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, and_, or_, select, update

from app import profile as rules
from db.models import CheckpointApproval
from server import auth
from server.database import make_engine, upgrade, write_transaction
from server.schema import RowIndex, User
from server.users import UserError

# An edit time later than the server's clock by more than this is taken as the server's now:
# a laptop whose clock runs fast must not win every later conflict.
CLOCK_SLACK = timedelta(minutes=5)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
RAW_MAX = 1000  # longer bodies are refused by pydantic before the checks (any real value is ≤ 40)


class ProfileBody(BaseModel):
    """The own profile as the client sends it; naming a user (or any other field) is refused."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=RAW_MAX)
    title: str = Field(default="", max_length=RAW_MAX)
    office: str = Field(default="", max_length=RAW_MAX)
    base_version: int = Field(default=0, ge=0, le=2**63 - 1)
    edited_at: datetime | None = None


def profile_object(row: Any) -> dict[str, Any]:
    edited = row.profile_edited_at
    return {"user": row.name, "name": row.display_name, "title": row.title, "office": row.office,
            "version": int(row.profile_version), "edited_at": edited.isoformat() if edited else None}


def _columns() -> tuple[Any, ...]:
    return (User.id, User.name, User.display_name, User.title, User.office, User.profile_version,
            User.profile_edited_at)


def own(connection: Connection, user_id: int, *, lock: bool = False) -> Any:
    query = select(*_columns()).where(User.id == user_id)
    return connection.execute(query.with_for_update() if lock else query).one()


def write(connection: Connection, user_id: int, values: tuple[str, str, str], version: int,
          edited_at: datetime) -> None:
    name, title, office = values
    connection.execute(update(User).where(User.id == user_id).values(
        display_name=name, title=title, office=office, profile_version=version + 1,
        profile_edited_at=edited_at))


def _edit_time(sent: datetime | None, now: datetime) -> datetime:
    """When the values were typed, as the server keeps it: none sent → now; later than the
    server's clock (past the slack) → now; before 1970 (or unreadable) → 1970, losing conflicts."""
    if sent is None:
        return now
    try:
        edited = (sent if sent.tzinfo else sent.replace(tzinfo=UTC)).astimezone(UTC)
    except (OverflowError, ValueError):
        edited = EPOCH
    return now if edited > now + CLOCK_SLACK else max(edited, EPOCH)


def put_own(connection: Connection, user_id: int, body: ProfileBody) -> tuple[bool, Any]:
    """(applied, the row now kept) for the caller's PUT; values already checked."""
    values = rules.normalized(body.name, body.title, body.office)
    now = datetime.now(UTC)
    edited = _edit_time(body.edited_at, now)
    row = own(connection, user_id, lock=True)
    current = (row.display_name, row.title, row.office)
    version = int(row.profile_version)
    kept_at = row.profile_edited_at
    unchanged_since = body.base_version >= version
    newer = kept_at is None or edited > kept_at
    if current == values:
        return True, row
    if not (unchanged_since or newer):
        return False, row
    write(connection, user_id, values, version, edited)
    return True, own(connection, user_id)


def visible(connection: Connection, caller: auth.Caller) -> list[Any]:
    """The accounts with a profile whose profiles this caller's client may print."""
    query = select(*_columns()).where(User.display_name != "")
    if not caller.sees_district:
        signers = (
            select(CheckpointApproval.signer)
            .join(RowIndex, and_(RowIndex.table_name == CheckpointApproval.__tablename__,
                                 RowIndex.row_id == CheckpointApproval.id))
            .where(RowIndex.street_id == caller.street_id)
        )
        query = query.where(or_(
            User.id == caller.user_id, User.street_id == caller.street_id,
            User.role.in_(("supervisor", "admin")), User.name.in_(signers)))
    return list(connection.execute(query.order_by(User.name)).all())


def set_profile(database_url: str, user: str, name: str, title: str, office: str) -> None:
    """An admin sets `user`'s profile (`server-user profile`); refused values change nothing."""
    refused = rules.problems(name, title, office)
    if refused:
        raise UserError(rules.ProfileError(refused).args[0])
    values = rules.normalized(name, title, office)
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        with write_transaction(engine) as connection:
            user_id = connection.scalar(select(User.id).where(User.name == user))
            if user_id is None:
                raise UserError(f"no user {user} on this server")
            row = own(connection, user_id, lock=True)
            if (row.display_name, row.title, row.office) != values:
                write(connection, user_id, values, int(row.profile_version), datetime.now(UTC))
    finally:
        engine.dispose()

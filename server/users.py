"""Server accounts, without the CLI: tests and `server-user add` both call `add_user`."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from db.models import Street
from db.types import new_id, utcnow
from server import auth
from server.database import make_engine, upgrade, write_transaction
from server.rowindex import IndexEntry, RowIndexCache
from server.schema import ROLES, DeviceToken, SequenceCounter, User


class UserError(ValueError):
    """A user that cannot be added as asked; the message says why."""


def _create_street(connection: Connection, name: str, actor: str) -> str:
    """A new street row, with its change number, so clients pull it like any other change."""
    sequence = int(connection.scalar(
        select(SequenceCounter.value).where(SequenceCounter.id == 1).with_for_update()) or 0)
    version = sequence + 1
    street_id = new_id()
    now = utcnow()
    connection.execute(insert(Street).values(
        id=street_id, name=name, district="龙岗区", updated_at=now, updated_by=actor,
        deleted_at=None, deleted_by=None, server_version=version, dirty=False))
    RowIndexCache(connection).write(
        "streets", street_id, IndexEntry(version, version, {}, street_id, False), new=True)
    connection.execute(update(SequenceCounter).where(SequenceCounter.id == 1).values(value=version))
    return street_id


def add_user(
    database_url: str, name: str, role: str, street_name: str | None, password: str,
    *, create_street: bool = False,
) -> int:
    """Add an account; returns its id. A caseworker needs a street that is on the server (or
    `create_street=True` to create it by name). Raises UserError on bad input, changing nothing."""
    name = name.strip()
    if not name or len(name) > 80:
        raise UserError("user name must be 1 to 80 characters")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if role == "caseworker" and not street_name:
        raise UserError("a caseworker needs --street (the street they work in)")
    if len(password) < 8:
        raise UserError("password must be at least 8 characters")
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        with write_transaction(engine) as connection:
            if connection.scalar(select(User.id).where(User.name == name)) is not None:
                raise UserError(f"user {name} already exists")
            street_id = None
            if street_name:
                street_id = connection.scalar(
                    select(Street.id).where(Street.name == street_name, Street.deleted_at.is_(None))
                )
                if street_id is None and not create_street:
                    raise UserError(
                        f"street {street_name} is not on the server yet: push the district's data "
                        "first (a supervisor's sync), or pass --create-street"
                    )
                if street_id is None:
                    street_id = _create_street(connection, street_name, "server-user")
            result = connection.execute(insert(User).values(
                name=name, role=role, street_id=street_id,
                password_hash=auth.hash_password(password), disabled=False, created_at=utcnow()))
            return int(result.inserted_primary_key[0])  # type: ignore[index]
    finally:
        engine.dispose()


def set_disabled(database_url: str, name: str, disabled: bool) -> None:
    """Disable (revoking every device token) or re-enable an account."""
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        with write_transaction(engine) as connection:
            user_id = connection.scalar(select(User.id).where(User.name == name))
            if user_id is None:
                raise UserError(f"no user {name} on this server")
            connection.execute(update(User).where(User.id == user_id).values(disabled=disabled))
            if disabled:
                connection.execute(
                    update(DeviceToken)
                    .where(DeviceToken.user_id == user_id, DeviceToken.revoked_at.is_(None))
                    .values(revoked_at=utcnow())
                )
    finally:
        engine.dispose()

"""Opening the local store for a user: who is acting, and the settings kept beside the data."""

from __future__ import annotations

import getpass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import WorkFailed
from db.engine import StoreFault
from db.migrate import MigrationError
from db.models import Setting
from db.store import Store, open_store

ACTOR_SETTING = "user.name"


def local_actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user database entry (containers)
        return "caseworker"


def get_setting(session: Session, key: str, default: str = "") -> str:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    return default if value is None else value


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def open_local_store(data_dir: Path) -> Store:
    """Open the store, upgrading it if needed; the actor is the signed-in or configured user."""
    try:
        store = open_store(data_dir)
    except (MigrationError, StoreFault) as exc:  # a read-only or full data folder: one line
        raise WorkFailed(code="store.cannot_open", problem=exc) from exc
    with store.session() as session:
        store.actor = get_setting(session, ACTOR_SETTING) or local_actor()
    return store

"""Opening the local store for a user: who is acting, and the settings kept beside the data."""

from __future__ import annotations

import getpass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import WorkFailed
from db.encrypt import Progress
from db.engine import StoreFault
from db.keys import StoreKeyError
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


def open_local_store(data_dir: Path, progress: Progress | None = None) -> Store:
    """Open the store, encrypting or upgrading it if needed (`progress` hears the steps of the
    encryption of a plaintext store); the actor is the signed-in or configured user. A missing
    or wrong key or passphrase is one coded message."""
    try:
        store = open_store(data_dir, progress=progress)
    except StoreKeyError as exc:
        raise WorkFailed(code=f"store.{exc.code}", **exc.params) from None
    except (MigrationError, StoreFault) as exc:  # a read-only or full data folder: one line
        raise WorkFailed(code="store.cannot_open", problem=exc) from exc
    if store.key is not None:  # evidence files of an older version: sealed like the store
        from app.evidence_files import seal_plaintext_evidence

        seal_plaintext_evidence(data_dir)
    with store.session() as session:
        store.actor = get_setting(session, ACTOR_SETTING) or local_actor()
    return store

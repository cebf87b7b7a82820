"""Making, listing and rotating backups in the data dir's `backups/` folder.

The snapshot of the store is `VACUUM INTO` a file beside the backups (a consistent copy even while
the app writes; on an encrypted store the copy is encrypted with the same key), streamed into the
backup with the evidence attachments, then deleted. The backup is written to a hidden temporary
name and renamed when complete, so a crash never leaves a half backup under a backup's name.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app import __version__
from app.backups import container, payload
from app.backups.keys import backup_key, marker_fields
from app.backups.rotation import Policy, to_keep
from app.messages import problem
from app.session import get_setting
from db.models import AgendaItem, Compound, Election
from db.store import Store, private_folder

FOLDER = "backups"
SUFFIX = ".cdbackup"
KINDS = ("auto", "manual", "before_restore")  # only "auto" backups are rotated away
AUTO_EVERY = timedelta(days=1)
POLICY_KEYS = {"daily": "backup.keep_daily", "weekly": "backup.keep_weekly",
               "monthly": "backup.keep_monthly"}


def backups_dir(data_dir: Path) -> Path:
    return data_dir / FOLDER


@dataclass(frozen=True)
class BackupInfo:
    """One file in the list: what its header says, or `problem` ("damaged", "foreign", …)."""

    path: Path
    size: int
    created: datetime | None = None
    kind: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    problem: str | None = None


def info(path: Path) -> BackupInfo:
    """A backup's listing from its header alone (no key needed)."""
    size = path.stat().st_size
    try:
        header = container.read_header(path).header
        created = datetime.fromisoformat(str(header["created"]))
        counts = {k: int(v) for k, v in dict(header.get("counts") or {}).items()}
        kind = str(header.get("kind", ""))
    except container.BackupDamaged as exc:
        return BackupInfo(path, size, problem=exc.reason)
    except (KeyError, TypeError, ValueError):
        return BackupInfo(path, size, problem="damaged")
    return BackupInfo(path, size, created.astimezone(UTC), kind, counts)


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """The backups in `backups/`, newest first (unreadable ones last)."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    found = [info(p) for p in folder.glob(f"*{SUFFIX}") if p.is_file()]
    far_past = datetime.min.replace(tzinfo=UTC)
    return sorted(found, key=lambda b: b.created or far_past, reverse=True)


def counts(store: Store) -> dict[str, int]:
    """Live compounds, elections and agenda items: what the list shows of each backup."""
    with store.session() as session:
        return {
            name: int(session.scalar(
                select(func.count()).select_from(model).where(model.deleted_at.is_(None))
            ) or 0)
            for name, model in (("compounds", Compound), ("elections", Election),
                                ("items", AgendaItem))
        }


@contextmanager
def _snapshot(store: Store, folder: Path) -> Iterator[Path]:
    """A consistent copy of the store (VACUUM INTO), removed afterwards."""
    target = folder / f".snapshot-{secrets.token_hex(8)}.sqlite3"
    raw = store.engine.raw_connection()
    try:
        raw.driver_connection.execute("VACUUM INTO ?", (str(target),))  # type: ignore[union-attr]
    finally:
        raw.close()
    try:
        if os.name == "posix":
            os.chmod(target, 0o600)
        yield target
    finally:
        target.unlink(missing_ok=True)


def _attachments(data_dir: Path) -> list[Path]:
    from app.ratings import attachments_dir

    folder = attachments_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and payload.valid_name(payload.ATTACHMENT_PREFIX + p.name))


def _free_name(folder: Path, created: datetime, kind: str) -> Path:
    """`2026-12-03-140501-auto.cdbackup`, numbered when that second already has one."""
    stem = f"{created.strftime('%Y-%m-%d-%H%M%S')}-{kind}"
    path, number = folder / f"{stem}{SUFFIX}", 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}{SUFFIX}"
    return path


def revision(store: Store) -> str:
    """The schema revision of the store (a restore refuses one newer than this app knows)."""
    from db.migrate import current_revision

    return current_revision(store.engine) or ""


def make_backup(
    store: Store, data_dir: Path, *, kind: str = "manual",
    target: Path | None = None, now: datetime | None = None,
) -> BackupInfo:
    """Write one backup (into `backups/`, or `target`) and return its listing."""
    if kind not in KINDS:
        raise ValueError(problem("backup.unknown_kind", kind=kind))
    key = backup_key(data_dir)
    created = (now or datetime.now(UTC)).astimezone(UTC)
    folder = backups_dir(data_dir)
    private_folder(folder)
    final = target or _free_name(folder, created, kind)
    header = {"created": created.isoformat(), "kind": kind, "app_version": __version__,
              "counts": counts(store), "revision": revision(store),
              **marker_fields(data_dir)}
    partial = final.with_name(f".{final.name}.{secrets.token_hex(4)}.partial")
    descriptor = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0),
                         0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            writer = container.SealingWriter(out, key, header)
            with _snapshot(store, folder) as snapshot:
                payload.write_file(writer, payload.STORE_ENTRY, snapshot)
            for path in _attachments(data_dir):
                payload.write_file(writer, payload.ATTACHMENT_PREFIX + path.name, path)
            payload.write_end(writer)
            writer.finish()
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return info(final)


def policy(store: Store) -> Policy:
    """The rotation the person chose (settings), else Anki's 7 daily, 4 weekly, 12 monthly."""
    chosen: dict[str, int] = {}
    with store.session() as session:
        for name, key in POLICY_KEYS.items():
            value = get_setting(session, key)
            if value.isdigit():
                chosen[name] = int(value)
    try:
        return Policy(**chosen)
    except ValueError:
        return Policy()


def rotate(data_dir: Path, rule: Policy, zone: object = None) -> list[Path]:
    """Delete the automatic backups the rule does not keep; returns what was deleted. Days, weeks
    and months are the local calendar's (`zone`: a tzinfo, the machine's when None)."""
    autos = [b for b in list_backups(data_dir) if b.kind == "auto" and b.created is not None]
    local = {b.path: b.created.astimezone(zone) for b in autos if b.created}  # type: ignore[arg-type]
    keep = to_keep(local.values(), rule)
    removed = []
    for backup in autos:
        if local[backup.path] not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def auto_due(data_dir: Path, now: datetime | None = None) -> bool:
    """True when the newest automatic backup is a day old or there is none."""
    now = now or datetime.now(UTC)
    autos = [b.created for b in list_backups(data_dir) if b.kind == "auto" and b.created]
    return not autos or now - max(autos) >= AUTO_EVERY


def header_json(path: Path) -> str:
    """The header as JSON text (for `--json` listings and diagnostics)."""
    return json.dumps(container.read_header(path).header, ensure_ascii=False, sort_keys=True)

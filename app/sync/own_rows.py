"""Which of this device's own pushed versions the store is sure to hold, so a pull need not
download them again (the server's `exclude_own_from`, server/pull.py).

Each push batch's answer is written in the same transaction that settles its outbox entries, so
from the first push this store answered on, every version this device's pushes got is here. A
store restored from a backup is the exception: it lacks the answers its old self got after the
backup. The mark ("F|R", app.sync.settings.OWN_FROM) therefore names the restore it was set
under (R); after another restore it no longer counts, and a new one is set — from the next push
answer (its versions are all later than the server's `after`), or after a full pull.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.session import get_setting, set_setting
from app.sync import settings as keys

RESTORED_SETTING = "backup.restored_from"  # app.backups.restoring's mark of the last restore


def _restore_mark(session: Session) -> str:
    return get_setting(session, RESTORED_SETTING, "") or ""


def own_from(session: Session) -> int | None:
    """The version from which this device's own pushed rows are held here, if known."""
    text = get_setting(session, keys.OWN_FROM, "") or ""
    first, _, mark = text.partition("|")
    if not first.isdigit() or mark != _restore_mark(session):
        return None
    return int(first)


def note_push_answer(session: Session, after: int | None) -> None:
    """After a push answer is written: with no valid mark yet, the versions after the server's
    `after` (all this push's and later ones) are held from now on."""
    if after is not None and own_from(session) is None:
        set_setting(session, keys.OWN_FROM, f"{after + 1}|{_restore_mark(session)}")


def note_full_pull(session: Session, cursor: int) -> None:
    """After a pull that left nothing out caught up to `cursor`: everything up to it is here."""
    if own_from(session) is None:
        set_setting(session, keys.OWN_FROM, f"{cursor + 1}|{_restore_mark(session)}")

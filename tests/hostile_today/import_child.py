"""A process that imports a register into a store and stops where it is told, to be killed
there (test_kill_bulk_import.py): `python -m tests.hostile_today.import_child DATA_DIR FILE
WHERE`, WHERE being `before_commit` (the rows written, their pages spilled into the WAL, the
commit not begun) or `after_commit` (committed, the store not closed nor checkpointed).

Only where it stops is staged: the import itself is the app's, on the app's store."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from app.importing import import_file
from db.store import open_store

SPILLING_CACHE = "PRAGMA cache_size=8"  # pages: the transaction's writes overflow into the WAL


def _stop(said: str) -> None:
    print(said, flush=True)
    time.sleep(60)  # killed here
    raise SystemExit("not killed")


def main(data_dir: Path, path: Path, where: str) -> None:
    store = open_store(data_dir, actor="cw")

    def small_cache(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
                    _many: bool) -> tuple[str, Any]:
        if statement.startswith("PRAGMA cache_size"):
            return SPILLING_CACHE, parameters
        return statement, parameters

    event.listen(store.engine, "before_cursor_execute", small_cache, retval=True)
    if where == "before_commit":
        event.listen(store.engine, "commit", lambda _connection: _stop("writing"))
    import_file(store, path)
    if where == "after_commit":
        _stop("committed")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])

"""SIGKILL while revision 0007 rebuilds the tables of a store full of data (elections, committees,
members): whenever the kill lands — copying the backup aside, rebuilding a table, before the
commit — the store opens afterwards, upgraded, with every row it had."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from db.store import STORE_FILENAME, open_store
from tests.foundation.test_migrations import make_store_at
from tests.helpers import raw_store
from tests.helpers.cli import ROOT

ELECTIONS = 60_000
META = ("2024-01-01 00:00:00", "old", 0, 0)


def _fill(path: Path) -> None:
    with raw_store.connect(path) as db:
        db.executemany(
            "INSERT INTO elections (id, compound_id, kind, stage, seats, applicant_owners,"
            " applicant_area_m2, vote_place, e_vote, note, historical, updated_at, updated_by,"
            " server_version, dirty) VALUES (?, 'k-1', 'first', ?, 7, 0, '0', '', 1, '', 1, ?, ?, ?, ?)",
            ((f"e-{n}", "seated" if n % 2 else "voting", *META) for n in range(ELECTIONS)))
        db.executemany(
            "INSERT INTO owners_committees (id, compound_id, election_id, status, updated_at,"
            " updated_by, server_version, dirty) VALUES (?, 'k-1', ?, 'active', ?, ?, ?, ?)",
            ((f"oc-{n}", f"e-{n}", *META) for n in range(0, ELECTIONS, 3)))
        db.executemany(
            "INSERT INTO committee_members (id, committee_id, name, role, is_party_member,"
            " updated_at, updated_by, server_version, dirty) VALUES (?, ?, '委员', 'member', 0,"
            " ?, ?, ?, ?)",
            ((f"m-{n}", f"oc-{n - n % 3}", *META) for n in range(0, ELECTIONS, 1)))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.6, 0.8])
def test_sigkill_during_0007_leaves_a_store_that_opens(tmp_path: Path, fraction: float) -> None:
    data_dir = tmp_path / "store"
    data_dir.mkdir()
    path = data_dir / STORE_FILENAME
    make_store_at(path, "0006")
    _fill(path)
    # How long an undisturbed upgrade takes here, on a copy: the kill lands at a fraction of it.
    probe_dir = tmp_path / "probe"
    probe_dir.mkdir()
    (probe_dir / STORE_FILENAME).write_bytes(path.read_bytes())
    started = time.monotonic()
    open_store(probe_dir).close()
    took = time.monotonic() - started
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom pathlib import Path\nfrom db.store import open_store\n"
         "open_store(Path(sys.argv[1])).close()\nprint('done')", str(data_dir)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30  # the upgrade begins with the copy set aside
    while process.poll() is None and not any(data_dir.glob("*.before-upgrade-*")):
        assert time.monotonic() < deadline, "the upgrade never began"
        time.sleep(0.002)
    time.sleep(took * fraction)
    # (On a loaded machine the last kill may land after the commit: the store must open then too.)
    process.send_signal(signal.SIGKILL)
    process.wait()
    store = open_store(data_dir)
    try:
        with store.engine.connect() as connection:
            counts = [connection.scalar(text(f"SELECT count(*) FROM {table}")) for table in
                      ("elections", "owners_committees", "committee_members")]
            seated = connection.scalar(text("SELECT count(*) FROM elections WHERE stage = 'seated'"))
            check = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
        assert counts == [ELECTIONS, len(range(0, ELECTIONS, 3)), ELECTIONS]
        assert seated == 0 and check == "ok"
    finally:
        store.close()

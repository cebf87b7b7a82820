"""`serve --pull-db`: pulls read from a hot standby, everything else from the primary. The
standby here is a snapshot copy of the primary's SQLite file taken mid-way, so what each side
answers shows which database it read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from server.testing import running_server
from tests.server.helpers import STREET_A, ServerHandle, new_id, op, seed_district


def snapshot(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (what a standby would have replayed)."""
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)


def test_pulls_read_the_standby_and_pushes_and_tokens_the_primary(tmp_path: Path) -> None:
    primary, standby = tmp_path / "primary.sqlite3", tmp_path / "standby.sqlite3"
    primary_url = f"sqlite:///{primary}"
    with running_server(primary_url) as base_url:  # the primary alone: the district's data
        server = ServerHandle(base_url, primary_url)
        district = seed_district(server)
        server.close()
    snapshot(primary, standby)
    with running_server(primary_url, pull_url=f"sqlite:///{standby}") as base_url:
        server = ServerHandle(base_url, primary_url)
        caseworker = server.user("caseworker", STREET_A)  # a token only the primary holds
        unit = op("units", new_id(), compound_id=district.compounds[STREET_A], building="1",
                  room="101", area_m2="88.50", owner_name="业主")
        assert caseworker.push_one(unit)["status"] == "applied"  # written to the primary
        pulled = {c["id"] for c in caseworker.pull_all()}
        assert district.compounds[STREET_A] in pulled  # the standby's rows
        assert unit["row_id"] not in pulled  # not replayed on this standby yet
        server.close()
    with running_server(primary_url) as base_url:  # without a standby, the primary answers
        server = ServerHandle(base_url, primary_url)
        assert unit["row_id"] in {c["id"] for c in server.user("caseworker", STREET_A).pull_all()}
        server.close()

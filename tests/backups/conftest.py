"""A small store with data and an evidence file, for backup tests (a demo district takes half a
minute to build; these need only some rows of each kind the backup counts)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ratings import attachments_dir
from db.models import Community, Compound, Street
from db.store import Store, open_store

EVIDENCE = b"\x89PNG evidence photo " + bytes(range(256)) * 6000  # over one 1 MiB chunk


def fill(store: Store, names: list[str]) -> None:
    with store.transaction() as session:
        street = Street(name="坂田街道")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="坂田社区")
        session.add(community)
        session.flush()
        session.add_all(Compound(community_id=community.id, name=name, address=f"{name}路1号")
                        for name in names)


@pytest.fixture
def filled(data_dir: Path) -> Iterator[Store]:
    """A store in `data_dir` holding a street, a community, three compounds and one evidence
    file in attachments/."""
    store = open_store(data_dir, actor="tester")
    fill(store, ["万科城", "桂芳园", "四季花城"])
    folder = attachments_dir(data_dir)
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / ("ab" * 32 + ".png")).write_bytes(EVIDENCE)
    yield store
    store.close()

"""The demo's row ids: UUIDv7 like every id the app makes (db.types.new_ids), but drawn from the
demo's seeded generator and a clock of its own, so the same size and date give the same ids.

Time-ordered like real ids, they sort by creation: a district made in the app keeps the rows it
made together side by side in every index on an id, and so does the demo (random ids put each
row of a first push on another index page: a benchmark of a store no caseworker would have).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time

from db.types import uuid7_text

IDS_PER_MILLISECOND = 0x1000  # the 12-bit counter of a UUIDv7


class DemoIds:
    """Ids in creation order from the demo's reference date on (one millisecond per 4,096)."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.start = int(datetime.combine(today, time(1, 0), tzinfo=UTC).timestamp() * 1000)
        self.made = 0

    def __call__(self) -> str:
        millis, sequence = divmod(self.made, IDS_PER_MILLISECOND)
        self.made += 1
        # 128 bits drawn, as the demo's uuid4 ids once drew: the rest of the demo is unchanged.
        return uuid7_text(self.start + millis, sequence, self.rng.getrandbits(128))

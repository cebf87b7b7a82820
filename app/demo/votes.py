"""Owners' votes of the demo's agenda items that are owners' matters (《民法典》第二百七十八条,
marked in agenda.toml): an item of such a category passed 定 only after the owners voted it,
so the demo records each vote — with the register's totals and a clear majority at the
category's threshold — through the same service the caseworker's dialog uses."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.rules import Rules

DECIDE = "decide"
STEP_DAYS = 7  # the demo's agenda items move a stage a week (app.demo.builder.agenda_item)
TURNOUT = Decimal("0.8")
YES = {"ordinary": Decimal("0.7"), "major": Decimal("0.85")}


def record_agenda_votes(session: Session, items: list[dict[str, Any]], paths: dict[str, tuple[str, ...]],
                        rules: Rules, today: date) -> int:
    """Record the deciding vote of every demo item that is an owners' matter and passed 定;
    returns how many were recorded."""
    from app.owners_votes.agenda_matters import owners_matter
    from app.owners_votes.records import VoteInput, record_vote, register_totals

    totals: dict[str, tuple[int, Decimal]] = {}
    made = 0
    for item in items:
        found = owners_matter(item["category"])
        path = paths[item["stage"]]
        if found is None or DECIDE not in path:
            continue
        compound = item["compound_id"]
        if compound not in totals:
            totals[compound] = register_totals(session, compound, rules)
        owners, area = totals[compound]
        if not owners:
            continue
        voted = math.ceil(owners * TURNOUT)
        voted_area = (area * TURNOUT).quantize(Decimal("0.01"))
        yes = YES[found.matter]
        decided = item["raised_on"] + timedelta(days=STEP_DAYS * path.index(DECIDE))
        record_vote(session, VoteInput(
            compound_id=compound, subject="agenda", title=item["title"], matter=found.matter,
            held_on=min(today, decided - timedelta(days=1)), voted_owners=voted,
            voted_area_m2=voted_area, yes_owners=min(voted, math.ceil(voted * yes)),
            yes_area_m2=min(voted_area, (voted_area * yes).quantize(Decimal("0.01"))),
            agenda_item_id=item["id"], note="业主大会书面征求意见（演示数据）"), rules)
        made += 1
    return made

"""The demo district: Longgang's real street offices with fictional compounds, people and work.

`generate(store, size)` fills an EMPTY store in one transaction. Demo data is marked twice: the
setting `demo` = "1" (the UI shows a banner from it) and visibly in the data itself — every
property company's name ends with （演示） and every compound's note says 演示数据.
"""

from __future__ import annotations

import importlib
import inspect
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.errors import BadInput
from app.progress import NullProgress, Progress, check_cancelled
from db.models import REPLICATED_MODELS, Compound
from db.store import Store
from db.tracking import bulk_insert

DEMO_SETTING = "demo"
SIZES_HELP = "small (~60 compounds, seconds) or large (2,000 compounds, 200,000 units)"


def store_is_empty(session: Session) -> bool:
    """True when no replicated table holds a row (demo data and restores need that)."""
    return not any(session.scalar(select(exists().select_from(m))) for m in REPLICATED_MODELS)


def _ratings_module() -> Any | None:
    """Ratings demo data is another area's module; the district is complete without it."""
    try:
        return importlib.import_module("app.demo.ratings")
    except ModuleNotFoundError as exc:
        if exc.name == "app.demo.ratings":
            return None
        raise


def generate(
    store: Store, size: str = "small", progress: Progress | None = None,
    today: date | None = None,
) -> dict[str, int]:
    """Fill an empty store with the demo district; returns rows inserted per table.

    Deterministic for a given `size` and `today` (dates are placed relative to `today`, so open
    deadlines stay near the present whatever day the demo is made).
    """
    from app.demo.builder import SIZES, DemoBuilder
    from app.session import set_setting

    if size not in SIZES:
        raise BadInput(f"demo size {size!r} is unknown: use small or large")
    progress = progress or NullProgress()
    builder = DemoBuilder(SIZES[size], today or date.today())
    progress.report(0, 0, "生成演示数据…")
    tables = builder.build()
    total = len(REPLICATED_MODELS)
    counts: dict[str, int] = {}
    with store.transaction() as session:
        if not store_is_empty(session):
            raise BadInput(
                "the store already holds data: demo data only goes into an empty store "
                "(use another --data-dir)"
            )
        for done, model in enumerate(REPLICATED_MODELS):
            check_cancelled(progress)
            rows = tables.rows.get(model.__tablename__, [])
            if rows:
                counts[model.__tablename__] = bulk_insert(
                    session, model, rows, audit_action="demo", audit_summary={"size": size}
                )
            progress.report(done + 1, total, model.label_zh)
        _set_liaisons(session, builder.liaisons)
        ratings = _ratings_module()
        if ratings is not None:
            accepts_today = "today" in inspect.signature(ratings.generate).parameters
            extra = ratings.generate(session, builder.rng, builder.compound_rows,
                                     builder.company_rows, size,
                                     **({"today": builder.today} if accepts_today else {}))
            if isinstance(extra, dict):
                counts.update(extra)
        set_setting(session, DEMO_SETTING, "1")
    return counts


def _set_liaisons(session: Session, liaisons: dict[str, str]) -> None:
    """Link compounds to their liaison party member through tracked updates (outbox entries)."""
    if not liaisons:
        return
    compounds = session.scalars(select(Compound).where(Compound.id.in_(list(liaisons))))
    for compound in compounds:
        compound.liaison_member_id = liaisons[compound.id]
    session.flush()


__all__ = ["DEMO_SETTING", "generate", "store_is_empty"]

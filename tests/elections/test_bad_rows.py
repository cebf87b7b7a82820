"""One election row with a value this app does not know (written straight into the SQLite store,
as a faulty client, file or older server could leave it) must not stop the elections page from
opening for the whole street: the page lists the other elections as usual and flags the bad one
with 数据有误 and the raw value; selecting it shows what is wrong and offers no steps."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import text

from app.elections import service
from app.rules import load_rules
from db.models import Compound, Unit
from db.store import Store
from tests.elections.conftest import TODAY, Place

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(tmp_path / "settings.ini"))


def three_elections(store: Store, place: Place) -> dict[str, str]:
    """Elections of 万科城, 碧桂园 (late) and 龙城花园 (a by-election); ids by compound name."""
    rules = load_rules()
    ids = {}
    with store.transaction() as session:
        community_id = session.get(Compound, place.compound_id).community_id
        ids["万科城"] = service.create_election(
            session, place.compound_id, "first", 7, rules, TODAY, TODAY).id
        for name, kind, since in (("碧桂园", "reelection", TODAY - timedelta(days=45)),
                                  ("龙城花园", "by_election", TODAY - timedelta(days=3))):
            compound = Compound(community_id=community_id, name=name)
            session.add(compound)
            session.flush()
            session.add(Unit(compound_id=compound.id, building="1", room="101", owner_key="x",
                             area_m2=Decimal("90")))
            ids[name] = service.create_election(session, compound.id, kind, 5, rules, since, since).id
    return ids


def spoil(store: Store, election_id: str, column: str, value: str) -> None:
    """Write a value past every check of the app (and past CHECK constraints, as an old store
    or a hand-edited file would hold it)."""
    with store.transaction() as session:
        session.execute(text("PRAGMA ignore_check_constraints=1"))
        session.execute(text(f"UPDATE elections SET {column} = :value WHERE id = :id"),
                        {"value": value, "id": election_id})
        session.execute(text("PRAGMA ignore_check_constraints=0"))


def open_page(store: Store, qtbot):  # type: ignore[no-untyped-def]
    from ui.context import UiContext, make_settings
    from ui.pages.elections_page import ElectionsPage

    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    page = ElectionsPage(ctx, clock=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    return page


def cells(page, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    model = page.model
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


@pytest.mark.parametrize(("column", "value", "shown"), [
    ("stage", "zzz", "数据有误（zzz）"),  # unknown stage
    ("kind", "zzz", "数据有误（zzz）"),  # unknown kind
    ("stage", "group_formed", "数据有误（group_formed）"),  # a by-election has no group
    ("stage_since", "not a date", "数据有误"),  # a value the ORM cannot read
])
def test_page_opens_with_a_bad_row_and_flags_it(  # type: ignore[no-untyped-def]
    store: Store, place: Place, qtbot, qtmodeltester, column: str, value: str, shown: str,
) -> None:
    ids = three_elections(store, place)
    spoil(store, ids["龙城花园"], column, value)

    page = open_page(store, qtbot)

    assert page.model.rowCount() == 3
    rows = {page.model.record(r).compound: r for r in range(3)}
    good = cells(page, rows["碧桂园"])
    assert good[2:4] == ["换届选举", "申请"] and "已超期" in good[4]  # the others as usual
    assert cells(page, rows["万科城"])[2:4] == ["首次选举", "申请"]
    assert rows["龙城花园"] == 2  # the bad one last
    bad = cells(page, 2)
    assert any(shown in cell for cell in bad), bad
    assert "1 场数据有误" in page.summary.text()
    qtmodeltester.check(page.model)

    page.select(ids["龙城花园"])
    panel = page.panel
    assert "数据有误" in panel.title.text() and panel.view_data is None
    SHOTS.mkdir(exist_ok=True)
    QApplication.processEvents()  # lay out the new texts before the picture
    assert page.grab().toImage().save(str(SHOTS / f"elections_bad_{column}.png"))
    assert not panel.tabs.isEnabled()
    assert not [b for b in panel.findChildren(QPushButton)
                if b.objectName().startswith("move_") and b.isVisible()]

    page.select(ids["碧桂园"])  # and the next election opens as usual
    assert panel.view_data is not None and panel.view_data.election.stage == "application"
    assert panel.tabs.isEnabled()

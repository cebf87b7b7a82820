"""Responsive on a large district: after an edit only the page on screen re-reads (counted by
the one reload mechanism, ui/reloads.py), a hidden page when it is shown again; no table sizes
its columns from every row."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from db.models import Community, Compound, Street
from db.store import Store

UI = Path(__file__).resolve().parents[2] / "ui"
PAGES = ("dashboard", "elections", "agenda", "meetings", "ratings", "my_work")


def _compound(store: Store) -> str:
    with store.transaction() as session:
        street = Street(name="龙城街道")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="回龙埔社区")
        session.add(community)
        session.flush()
        compound = Compound(community_id=community.id, name="紫薇花园", address="龙城大道1号",
                            delivered_on=date(2020, 1, 1))
        session.add(compound)
        session.flush()
        return compound.id


def test_an_edit_reloads_no_hidden_page_and_a_hidden_page_reads_when_shown(
        store: Store, qtbot: Any) -> None:
    from ui.context import UiContext, make_settings
    from ui.main_window import MainWindow
    from ui.operations import running_tasks

    compound_id = _compound(store)
    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    for key in PAGES:  # every page built, as after a morning's work
        window.show_page(key, {})
    window.show_page("compounds", {})
    compounds = window.page("compounds")
    qtbot.waitUntil(lambda: compounds.is_loaded and not running_tasks(), timeout=30_000)
    assert compounds.select_compound(compound_id)
    before = dict(ctx.reloads.counts)

    def address() -> str:
        return str(compounds.model.compound(compounds.model.row_of(compound_id)).address)

    compounds.edit(compound_id, {"address": "龙城大道2号"})  # one field edit, as the detail saves it
    qtbot.waitUntil(lambda: address() == "龙城大道2号" and not running_tasks(), timeout=10_000)
    assert ctx.reloads.counts == before  # neither the hidden pages nor the page that edited
    ctx.undo_stack.undo()
    qtbot.waitUntil(lambda: address() == "龙城大道1号" and not running_tasks(), timeout=10_000)
    assert ctx.reloads.counts == before

    window.show_page("elections", {})  # stale since the edit: it reads now, once
    assert ctx.reloads.counts["elections"] == before.get("elections", 0) + 1
    window.show_page("compounds", {})
    window.show_page("elections", {})  # nothing changed since: no second read
    assert ctx.reloads.counts["elections"] == before.get("elections", 0) + 1
    assert ctx.reloads.counts["dashboard"] == before.get("dashboard", 0)  # still hidden


def test_a_change_reloads_the_shown_page_at_once(store: Store, qtbot: Any) -> None:
    from ui.context import UiContext, make_settings
    from ui.main_window import MainWindow

    _compound(store)
    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_page("dashboard", {})
    before = ctx.reloads.counts["dashboard"]
    ctx.changed("compounds")
    assert ctx.reloads.counts["dashboard"] == before + 1


def test_no_table_sizes_its_columns_from_every_row() -> None:
    """resizeColumnsToContents / ResizeToContents read up to 1,000 rows per column: 1 s over the
    large district's elections. Every table goes through ui/columns.py (50 rows)."""
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "columns.py":
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(UI)}:{text[:m.start()].count(chr(10)) + 1}"
                      for m in re.finditer(r"\.resizeColumnsToContents\(", text)]
        for number, line in enumerate(text.splitlines(), start=1):
            if "ResizeToContents" not in line or "sampled(" in line:
                continue
            receiver = re.search(r"(\w+)\.setSectionResizeMode\(", line)
            if receiver is None or not re.search(
                    rf"\b{receiver.group(1)}\s*=\s*sampled\(", text):
                offenders.append(f"{path.relative_to(UI)}:{number}")
    assert not offenders, offenders


def test_a_dashboard_refresh_updates_the_bars_it_has(store: Store, qtbot: Any) -> None:
    """F5 on the dashboard puts the new figures into the charts already drawn."""
    from db.models import Community, Compound
    from ui.context import UiContext, make_settings
    from ui.main_window import MainWindow

    _compound(store)
    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_page("dashboard", {})
    page = window.page("dashboard")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    chart, (compounds_set, _committees) = page.count_chart, page.count_sets
    assert compounds_set.at(0) == 1
    with store.transaction() as session:
        community = session.query(Community).one()
        session.add(Compound(community_id=community.id, name="桂芳园", delivered_on=date(2021, 1, 1)))
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        window.refresh_action.trigger()
    assert page.count_chart is chart and compounds_set.at(0) == 2

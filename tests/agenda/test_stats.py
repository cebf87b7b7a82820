"""Figures per compound and per street for the dashboard."""

from __future__ import annotations

from datetime import date

import pytest

from app.agenda_stats import agenda_figures
from db.store import Store
from tests.agenda.conftest import District, item_at


def test_figures_per_compound_and_street(store: Store, district: District) -> None:
    item_at(store, district.garden, "answered", raised_on=date(2026, 3, 1))  # answered 3-10: 9 days
    item_at(store, district.garden, "closed", raised_on=date(2026, 3, 4))  # answered 3-10: 6 days
    item_at(store, district.garden, "doing")  # deadline 4-01
    item_at(store, district.harbour, "listen")
    item_at(store, district.hill, "referred")  # due 4-15
    with store.session() as s:
        per_compound = {f.name: f for f in agenda_figures(s, by="compound", today=date(2026, 4, 10))}
        per_street = {f.name: f for f in agenda_figures(s, by="street", today=date(2026, 4, 10))}
    garden = per_compound["万科第五园"]
    assert (garden.total, garden.open, garden.overdue, garden.answered) == (3, 1, 1, 2)
    assert garden.avg_days_to_answer == pytest.approx(7.5)
    assert garden.share_answered == pytest.approx(2 / 3)
    harbour = per_compound["中海怡翠"]
    assert (harbour.open, harbour.overdue, harbour.avg_days_to_answer, harbour.share_answered) == (
        1, 0, None, 0.0,
    )
    assert per_compound["龙城花园"].overdue == 0
    bantian = per_street["坂田街道"]
    assert (bantian.total, bantian.open, bantian.overdue, bantian.answered) == (4, 2, 1, 2)
    assert per_street["龙城街道"].key == district.street_b
    with store.session() as s:
        later = {f.name: f for f in agenda_figures(s, by="street", today=date(2026, 4, 16))}
    assert later["龙城街道"].overdue == 1


def test_figures_limited_to_compounds(store: Store, district: District) -> None:
    item_at(store, district.garden, "listen")
    item_at(store, district.hill, "listen")
    with store.session() as s:
        figures = agenda_figures(s, compound_ids=[district.hill], today=date(2026, 4, 1))
    assert [f.key for f in figures] == [district.hill]

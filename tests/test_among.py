"""`among` (an id list as one JSON text) finds exactly what `IN (…)` finds, and a bulk
transaction runs on a newly opened connection that then serves the rest of the app."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db.among import among
from db.models import Street
from db.store import Store


def add_streets(store: Store, names: list[str]) -> None:
    with store.transaction() as session:
        session.add_all(Street(name=name) for name in names)


def test_among_matches_in_for_text_with_quotes_backslashes_and_chinese(store: Store) -> None:
    names = ['坂田', 'a"b', "c\\d", "e'f", "g\u001fh", "布吉 ", "𠀋村"]
    add_streets(store, names)
    asked = [*names[:4], "没有这个", names[5]]
    with store.session() as session:
        found = set(session.scalars(select(Street.name).where(among(Street.name, asked))))
        expected = set(session.scalars(select(Street.name).where(Street.name.in_(asked))))
    assert found == expected == {*names[:4], names[5]}
    with store.session() as session:  # outside the Basic Multilingual Plane: two \u escapes
        assert session.scalars(select(Street.name).where(among(Street.name, ["𠀋村"]))).all() \
            == ["𠀋村"]


def test_among_an_empty_list_matches_nothing(store: Store) -> None:
    add_streets(store, ["坂田"])
    with store.session() as session:
        assert list(session.scalars(select(Street.id).where(among(Street.id, [])))) == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=30),
       st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=30))
def test_among_integers_is_membership(stored: list[int], asked: list[int]) -> None:
    from sqlalchemy import Column, Integer, MetaData, Table, create_engine

    engine = create_engine("sqlite://")
    table = Table("t", MetaData(), Column("n", Integer))
    table.metadata.create_all(engine)
    with engine.begin() as connection:
        if stored:
            connection.execute(table.insert(), [{"n": n} for n in stored])
        found = sorted(connection.scalars(select(table.c.n).where(among(table.c.n, asked))))
    assert found == sorted(n for n in stored if n in set(asked))


def test_bulk_transaction_gets_a_new_connection_and_commits(store: Store) -> None:
    with store.session() as session:
        before = session.connection().connection.driver_connection
    with store.transaction(bulk=True) as session:
        fresh = session.connection().connection.driver_connection
        session.add(Street(name="坂田"))
    assert fresh is not before
    with store.session() as session:  # the new connection serves the app from now on
        assert session.connection().connection.driver_connection is fresh
        assert session.scalars(select(Street.name)).all() == ["坂田"]


def test_bulk_transaction_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction(bulk=True) as session:
        session.add(Street(name="坂田"))
        session.flush()
        raise RuntimeError("stop")
    with store.session() as session:
        assert session.scalars(select(Street.name)).all() == []

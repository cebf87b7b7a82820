"""The demo's signers have profiles, so its printed sign-offs name a person with a title."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from app import profile
from app.demo import generate
from db.models import CheckpointApproval, Street, UserProfile
from db.store import Store, open_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(tmp_path_factory.mktemp("demo"), actor="tester")
    generate(store, size="small")
    yield store
    store.close()


def test_every_demo_signer_reads_as_a_person_with_title_and_office(demo: Store) -> None:
    with demo.session() as session:
        signers = set(session.scalars(select(CheckpointApproval.signer)))
        streets = set(session.scalars(select(Street.name)))
        assert len(signers) > 3
        for signer in signers:
            found = profile.profile_of(session, signer)
            assert found is not None, signer
            assert found.title == "党建指导员"
            assert found.office.removesuffix("街道办事处") in streets
            assert profile.display_signer(session, signer) == (
                f"{found.name}（{found.office}党建指导员）")
        # the person trying the demo out has not set theirs: signing asks for it
        assert profile.own_profile(session) is None


def test_demo_profiles_are_not_waiting_to_be_sent(demo: Store) -> None:
    with demo.session() as session:
        assert not list(session.scalars(select(UserProfile).where(UserProfile.pending)))

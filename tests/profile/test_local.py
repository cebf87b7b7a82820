"""The profile kept in the local store: saved, checked (every refusal by code, nothing saved),
shown as a signer — never the account name."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import profile
from app.profile import Profile, ProfileError
from app.session import ACTOR_SETTING, set_setting
from db.models import UserProfile
from db.store import Store


@pytest.fixture
def signed_in(store: Store) -> Store:
    with store.transaction() as session:
        set_setting(session, ACTOR_SETTING, "zhangsan")
    return store


def test_own_profile_round_trip_and_signer_text(signed_in: Store) -> None:
    with signed_in.transaction() as session:
        assert profile.own_profile(session) is None
        saved = profile.save_own_profile(session, "  张三 ", " 党建指导员", "龙城街道办事处 ")
    assert saved == Profile("zhangsan", "张三", "党建指导员", "龙城街道办事处")
    with signed_in.session() as session:
        assert profile.own_profile(session) == saved
        assert profile.profile_of(session, "zhangsan") == saved
        assert profile.display_signer(session, "zhangsan") == "张三（龙城街道办事处党建指导员）"
        assert profile.display_signer(session, "root") is None
        assert profile.display_signer(session, "") is None
        row = session.get(UserProfile, "zhangsan")
        assert row is not None and row.pending and row.version == 0


def test_a_name_without_title_or_office_prints_alone(signed_in: Store) -> None:
    with signed_in.transaction() as session:
        profile.save_own_profile(session, "阿卜杜拉・买买提", "", "")
    with signed_in.session() as session:
        # the dot a keyboard gives is stored as the one middle dot "·"
        assert profile.display_signer(session, "zhangsan") == "阿卜杜拉·买买提"


def test_saving_the_same_values_leaves_nothing_to_send(signed_in: Store) -> None:
    with signed_in.transaction() as session:
        profile.save_own_profile(session, "张三", "党建指导员", "龙城街道办事处")
    with signed_in.transaction() as session:
        row = session.get(UserProfile, "zhangsan")
        assert row is not None
        row.pending, row.version = False, 3  # as after a sync
    with signed_in.transaction() as session:
        profile.save_own_profile(session, "张三", "党建指导员", "龙城街道办事处")
    with signed_in.session() as session:
        row = session.get(UserProfile, "zhangsan")
        assert row is not None and not row.pending and row.version == 3


HOSTILE = [
    (("", "", ""), {"name": "required"}),
    (("   ", "", ""), {"name": "required"}),
    (("张", "", ""), {"name": "length"}),
    (("张" * 21, "", ""), {"name": "length"}),
    (("张三1", "", ""), {"name": "chars"}),
    (("张 三", "", ""), {"name": "chars"}),
    (("·张三", "", ""), {"name": "chars"}),
    (("<b>张三</b>", "", ""), {"name": "chars"}),
    (("张三\x00", "", ""), {"name": "control"}),
    (("张\u200b三", "", ""), {"name": "control"}),
    (("张三", "党" * 41, ""), {"title": "too_long"}),
    (("张三", "", "街\n道"), {"office": "control"}),
    (("张三", "\u202e员导指", "\x1b[31m"), {"title": "control", "office": "control"}),
    (("张三", "书记\ud800", ""), {"title": "control"}),
]


@pytest.mark.parametrize(("values", "codes"), HOSTILE)
def test_hostile_values_are_refused_whole_with_codes(
    signed_in: Store, values: tuple[str, str, str], codes: dict[str, str],
) -> None:
    with signed_in.transaction() as session:
        profile.save_own_profile(session, "李四", "社区党委书记", "龙城街道办事处")
    assert profile.problems(*values) == codes
    with pytest.raises(ProfileError) as refused, signed_in.transaction() as session:
        profile.save_own_profile(session, *values)
    assert refused.value.problems == codes
    message = str(refused.value)
    for field in codes:
        assert profile.FIELD_LABELS_ZH[field] in message
    assert "\x00" not in message and "\n" not in message
    with signed_in.session() as session:
        assert profile.own_profile(session) == Profile("zhangsan", "李四", "社区党委书记",
                                                       "龙城街道办事处")


def test_the_limits_themselves_are_accepted(signed_in: Store) -> None:
    with signed_in.transaction() as session:
        saved = profile.save_own_profile(session, "张" * 20, "党" * 40, "街" * 40)
    assert (len(saved.name), len(saved.title), len(saved.office)) == (20, 40, 40)
    with signed_in.transaction() as session:
        assert profile.save_own_profile(session, "Anna", "", "").name == "Anna"


def test_a_profile_typed_before_login_goes_with_the_account(store: Store) -> None:
    """The OS account's profile is copied to the server user at login (app.sync.auth) and sent
    at the next sync; the old one stays for what was signed under the OS name."""
    with store.transaction() as session:
        old = profile.own_user(session)
        profile.save_own_profile(session, "王五", "党建指导员", "")
        profile.carry_own_profile(session, old, "wangwu")
        set_setting(session, ACTOR_SETTING, "wangwu")
    with store.session() as session:
        assert profile.own_profile(session) == Profile("wangwu", "王五", "党建指导员", "")
        assert profile.display_signer(session, old) == "王五（党建指导员）"
        users = set(session.scalars(select(UserProfile.user).where(UserProfile.pending)))
        assert "wangwu" in users

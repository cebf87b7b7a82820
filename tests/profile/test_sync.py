"""Profiles through a real sync server on loopback (SQLite and PostgreSQL storage): typed on one
laptop, on the account after its sync, on a colleague's laptop after theirs; a user writes only
their own; hostile values are refused with one message and change nothing; an offline edit
meets the server's by version, then by which was typed last."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from app import profile
from app.profile import Profile
from app.sync import auth
from db.models import Street, UserProfile
from db.store import open_store
from server.profiles import set_profile
from server.users import UserError
from tests.profile.conftest import OTHER_STREET, PASSWORD, NewUser
from tests.sync.conftest import Device, SyncServer

DeviceOf = Callable[[str], Device]


@contextmanager
def http_as(server: SyncServer, device: Device) -> Iterator[httpx.Client]:
    """Plain HTTP with the device's token, as a hand-made client would send it."""
    token = auth.load_token(auth.account_of(device.store, server.url, device.user))
    assert token
    with httpx.Client(base_url=server.url, timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def save(device: Device, name: str, title: str = "", office: str = "") -> None:
    with device.store.transaction() as session:
        profile.save_own_profile(session, name, title, office)


def seen(device: Device, user: str) -> Profile | None:
    with device.store.session() as session:
        return profile.profile_of(session, user)


def test_typed_on_one_laptop_reaches_the_account_and_a_colleague(
    sync_server: SyncServer, new_user: NewUser, device_of: DeviceOf,
) -> None:
    zhang, li = new_user(), new_user()
    laptop, colleague = device_of(zhang), device_of(li)
    save(laptop, "张三", "党建指导员", "坂田街道办事处")
    report = laptop.sync()
    assert report.warnings == []
    expected = Profile(zhang, "张三", "党建指导员", "坂田街道办事处")
    with laptop.store.session() as session:
        row = session.get(UserProfile, zhang)
        assert row is not None and not row.pending and row.version == 1
    with http_as(sync_server, laptop) as http:
        own = http.get("/api/v1/profile").json()
    assert (own["user"], own["name"], own["title"], own["office"], own["version"]) == (
        zhang, "张三", "党建指导员", "坂田街道办事处", 1)

    colleague.sync()
    assert seen(colleague, zhang) == expected
    with colleague.store.session() as session:
        assert profile.display_signer(session, zhang) == "张三（坂田街道办事处党建指导员）"
        assert profile.own_profile(session) is None  # the colleague has not set theirs

    # the same account on a new laptop has its profile from the login on, before any sync
    second = device_of(zhang)
    assert seen(second, zhang) == expected


def test_who_sees_whose_profile(
    sync_server: SyncServer, new_user: NewUser, device_of: DeviceOf,
) -> None:
    here, there, boss = new_user(), new_user(street=OTHER_STREET), new_user("supervisor")
    for user, name in ((here, "赵六"), (there, "钱七"), (boss, "孙八")):
        device = device_of(user)
        save(device, name, "干部")
        device.sync()
    colleague = device_of(new_user())
    colleague.sync()
    assert seen(colleague, here) is not None and seen(colleague, boss) is not None
    assert seen(colleague, there) is None  # another street's caseworker who signed nothing here
    supervisor = device_of(boss)
    supervisor.sync()
    assert seen(supervisor, there) == Profile(there, "钱七", "干部", "")


def test_a_user_writes_only_their_own_profile(
    sync_server: SyncServer, new_user: NewUser, device_of: DeviceOf,
) -> None:
    victim, attacker = new_user(), new_user()
    victim_laptop = device_of(victim)
    save(victim_laptop, "周九", "社区党委书记", "坂田街道办事处")
    victim_laptop.sync()
    attacker_laptop = device_of(attacker)
    with http_as(sync_server, attacker_laptop) as http:
        naming = http.put("/api/v1/profile", json={"user": victim, "name": "冒名者"})
        assert naming.status_code == 422
        assert "user" in naming.json()["error"]["message"]
        plain = http.put("/api/v1/profile", json={"name": "吴十"})
        assert plain.status_code == 200 and plain.json()["applied"] is True
        assert plain.json()["profile"]["user"] == attacker
        assert http.put(f"/api/v1/profile/{victim}", json={"name": "冒名者"}).status_code in (
            404, 405)
    with http_as(sync_server, victim_laptop) as http:
        kept = http.get("/api/v1/profile").json()
    assert (kept["user"], kept["name"], kept["version"]) == (victim, "周九", 1)


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"name": "张" * 300}, "name", "length"),
    ({"name": "张三", "title": "党" * 41}, "title", "too_long"),
    ({"name": "张三", "office": "街道\x00办事处"}, "office", "control"),
    ({"name": "张三\u202e"}, "name", "control"),
    ({"name": "张三", "title": "书记\r\n签名"}, "title", "control"),
    ({"name": ""}, "name", "required"),
])
def test_hostile_values_are_refused_with_one_message_and_nothing_changes(
    sync_server: SyncServer, new_user: NewUser, device_of: DeviceOf,
    body: dict[str, str], field: str, code: str,
) -> None:
    user = new_user()
    laptop = device_of(user)
    save(laptop, "郑一", "党建指导员")
    laptop.sync()
    with http_as(sync_server, laptop) as http:
        answer = http.put("/api/v1/profile", json=body)
        after = http.get("/api/v1/profile").json()
    assert answer.status_code == 422
    refusal = answer.json()
    assert refusal["error"]["code"] == "profile_invalid"
    assert refusal["error"]["params"]["problems"] == {field: code}
    assert refusal["error"]["message"].startswith(profile.FIELD_LABELS_ZH[field] + "：")
    assert (after["name"], after["title"], after["version"]) == ("郑一", "党建指导员", 1)


def test_an_over_long_body_is_refused_before_it_is_read(
    sync_server: SyncServer, new_user: NewUser, device_of: DeviceOf,
) -> None:
    laptop = device_of(new_user())
    with http_as(sync_server, laptop) as http:
        answer = http.put("/api/v1/profile", json={"name": "张" * 5000})
        assert answer.status_code == 422 and "name" in answer.json()["error"]["message"]
        assert http.get("/api/v1/profile").json()["version"] == 0


def test_offline_edit_loses_to_a_newer_server_edit_and_wins_when_newer(
    sync_server: SyncServer, new_user: NewUser, device_of: DeviceOf,
) -> None:
    user = new_user()
    office, home = device_of(user), device_of(user)
    # typed at home first (offline), then at the office, which syncs first
    save(home, "冯二", "党建指导员", "旧单位")
    with home.store.transaction() as session:
        row = session.get(UserProfile, user)
        assert row is not None
        row.edited_at = datetime.now(UTC) - timedelta(hours=2)
    save(office, "冯二", "社区党委书记", "坂田街道办事处")
    office.sync()
    report = home.sync()
    assert any("本人信息在服务器上有更新的修改" in w for w in report.warnings)
    assert seen(home, user) == Profile(user, "冯二", "社区党委书记", "坂田街道办事处")
    with home.store.session() as session:
        row = session.get(UserProfile, user)
        assert row is not None and not row.pending and row.version == 1

    # an edit based on the server's current version is kept as typed
    save(home, "冯二", "社区党委副书记", "坂田街道办事处")
    assert home.sync().warnings == []
    office.sync()
    assert seen(office, user) == Profile(user, "冯二", "社区党委副书记", "坂田街道办事处")

    # both edit offline again: the one typed last wins whoever syncs first
    save(office, "冯二", "街道党工委委员", "坂田街道办事处")
    with office.store.transaction() as session:
        row = session.get(UserProfile, user)
        assert row is not None
        row.edited_at = datetime.now(UTC) - timedelta(minutes=30)
    save(home, "冯二", "街道党工委书记", "坂田街道办事处")
    home.sync()
    office.sync()
    assert seen(office, user) == Profile(user, "冯二", "街道党工委书记", "坂田街道办事处")


def test_a_fast_clock_does_not_win_later_conflicts(
    sync_server: SyncServer, new_user: NewUser, device_of: DeviceOf,
) -> None:
    user = new_user()
    fast, other = device_of(user), device_of(user)
    save(fast, "陈三", "甲")
    with fast.store.transaction() as session:
        row = session.get(UserProfile, user)
        assert row is not None
        row.edited_at = datetime.now(UTC) + timedelta(days=365)
    fast.sync()
    with http_as(sync_server, fast) as http:
        kept = datetime.fromisoformat(http.get("/api/v1/profile").json()["edited_at"])
    assert kept <= datetime.now(UTC) + timedelta(minutes=1)
    save(other, "陈三", "乙")  # typed now, based on version 0: newer than the clamped time
    other.sync()
    assert seen(other, user) == Profile(user, "陈三", "乙", "")


def test_an_admin_sets_a_profile_from_the_command_line(
    sync_server: SyncServer, new_user: NewUser, device_of: DeviceOf,
) -> None:
    user = new_user()
    set_profile(sync_server.db_url, user, "褚四", "党建指导员", "坂田街道办事处")
    with pytest.raises(UserError, match="职务"):
        set_profile(sync_server.db_url, user, "褚四", "x" * 41, "")
    with pytest.raises(UserError, match="no user"):
        set_profile(sync_server.db_url, "nobody-" + user, "褚四", "", "")
    laptop = device_of(user)  # the login brings it
    assert seen(laptop, user) == Profile(user, "褚四", "党建指导员", "坂田街道办事处")


def test_a_profile_typed_before_the_first_login_goes_to_the_account(
    sync_server: SyncServer, new_user: NewUser, tmp_path: Path,
) -> None:
    user = new_user()
    store = open_store(tmp_path / "laptop")
    try:
        with store.transaction() as session:
            before = profile.own_user(session)  # the computer's login name
            profile.save_own_profile(session, "卫五", "党建指导员", "坂田街道办事处")
        auth.login(store, sync_server.url, user, PASSWORD)  # sends it at once
        with store.session() as session:
            assert profile.own_user(session) == user
            assert profile.own_profile(session) == Profile(user, "卫五", "党建指导员", "坂田街道办事处")
            row = session.get(UserProfile, user)
            assert row is not None and not row.pending and row.version == 1
            # what was signed under the computer's name still reads as the person
            assert profile.display_signer(session, before) == "卫五（坂田街道办事处党建指导员）"
    finally:
        store.close()


def test_a_signer_who_moved_street_still_reads_as_a_person_where_they_signed(
    sync_server: SyncServer, new_user: NewUser, device_of: DeviceOf,
) -> None:
    from sqlalchemy import update

    from server.database import make_engine, write_transaction
    from server.schema import User
    from tests.sync.test_signoffs import approve_timing, election_at_timing_checkpoint

    signer = new_user()
    laptop = device_of(signer)
    laptop.sync()
    save(laptop, "蒋六", "党建指导员", "坂田街道办事处")
    approve_timing(laptop, election_at_timing_checkpoint(laptop))
    report = laptop.sync()
    assert report.refused == 0 and report.conflicts == 0
    engine = make_engine(sync_server.db_url)
    try:
        with write_transaction(engine) as connection:  # transferred to another street office
            connection.execute(update(User).where(User.name == signer).values(
                street_id=connection.scalar(select(Street.id).where(Street.name == OTHER_STREET))))
    finally:
        engine.dispose()
    successor = device_of(new_user())
    successor.sync()
    assert seen(successor, signer) == Profile(signer, "蒋六", "党建指导员", "坂田街道办事处")

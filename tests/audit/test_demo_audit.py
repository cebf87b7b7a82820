"""The demo obeys the rules (issue 14, "The demo obeys the rules"): a fresh small demo passes
`audit` (exit 0); every demo election past a checkpoint carries a real sign-off whose printed
checkpoint form `verify` accepts; the demo builds on a machine without any keyring, its keys kept
in the demo store only and trusted only there."""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from sqlalchemy import select

from app import signing
from app.agenda_rules import local_today
from app.audit.findings import Report
from app.demo import generate
from app.demo.keys import KEY_SETTING, StoreKeys
from app.elections import signoff
from app.elections.standing import standing_signoffs
from app.errors import BadInput
from app.exporting import export_document
from app.printing import render
from app.rules import load_rules
from db.models import CheckpointApproval, Election, GroupMember, Setting
from db.store import STORE_FILENAME, Store, open_store
from tests.helpers import raw_store
from tests.helpers.cli import run_main


class ForbiddenKeyring(NoKeyring):
    """A machine with no keyring at all — and any use of one fails the build loudly."""

    calls: ClassVar[list[str]] = []

    def get_password(self, service: Any, username: Any, password: Any = None) -> Any:
        self.calls.append(f"{'set' if password is not None else 'get'} {service} {username}")
        return super().get_password(service, username, password)

    set_password = get_password


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The small demo, made today (audit judges as of the caseworker's today) with no keyring."""
    folder = tmp_path_factory.mktemp("demo-audit")
    store = open_store(folder, actor="tester")  # the store's own key: from the test keyring
    previous = keyring.get_keyring()
    ForbiddenKeyring.calls = []
    keyring.set_keyring(ForbiddenKeyring())
    try:
        generate(store, "small", today=local_today())
    finally:
        store.close()
        keyring.set_keyring(previous)
    yield folder


@pytest.fixture
def demo_store(demo_dir: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "demo"
    copy.mkdir()
    shutil.copy2(demo_dir / STORE_FILENAME, copy / STORE_FILENAME)
    shutil.copy2(demo_dir / "store-key.json", copy / "store-key.json")  # names the store's key
    store = open_store(copy, actor="tester")
    yield store
    store.close()


def test_a_fresh_small_demo_passes_the_audit(demo_dir: Path) -> None:
    """Every rule the audit knows (指导规则第三十一条–第三十三条, 物业管理条例第十四条, 深圳条例第二十条,
    the district's settings) holds for every demo election, committee and agenda item."""
    done = run_main("audit", "--json", data_dir=demo_dir)
    report = json.loads(done.stdout)
    assert done.returncode == 0, "\n".join(v["message"] for v in report["violations"][:20])
    assert report["violations"] == []
    # information only where a by-election or an early re-election is under way to fill vacant
    # seats (深圳条例第四十一条)
    assert {i["code"] for i in report["info"]} <= UNDER_WAY_NOTES
    assert report["checked"]["elections"] >= 30 and report["checked"]["committees"] >= 10
    plain = run_main("audit", data_dir=demo_dir)
    assert plain.returncode == 0 and "全部符合规则" in plain.stdout


def test_no_demo_sign_off_goes_stale_once_its_election_has_seated_a_committee(
        demo_dir: Path) -> None:
    """What a 换届时机关 approves is the sitting committee as it stood (its scheduled term end,
    深圳条例第四十一条's departures, its meetings and removal votes up to the application): seating
    the successor, which ends the old term early, and the new committee's later meetings never
    make the approval stale."""
    from app.elections.standing import stale_signoffs

    store = open_store(demo_dir, actor="tester")
    try:
        with store.session() as session:
            elections = session.scalars(select(Election)).all()
            seated = [e for e in elections if e.kind in ("reelection", "early")
                      and e.stage in ("tallied", "seated", "filed")]
            assert seated
            assert {e.id: stale_signoffs(session, e) for e in elections
                    if stale_signoffs(session, e)} == {}
    finally:
        store.close()


def test_the_demo_was_built_without_touching_a_keyring(demo_dir: Path) -> None:
    """A machine without a keyring builds the demo; no demo key is ever looked up there."""
    assert ForbiddenKeyring.calls == []
    store = open_store(demo_dir, actor="tester")
    try:
        with store.session() as session:
            rows = session.scalars(select(CheckpointApproval)).all()
            assert rows and all(signoff.signature_status(session, r) == "valid" for r in rows)
            held = session.scalars(select(Setting.key).where(Setting.key.like(f"{KEY_SETTING}%"))).all()
            signers = {r.signer for r in rows}
            assert {k.removeprefix(KEY_SETTING) for k in held} == signers
            assert all(signoff.key_owner(session, r.key_id) == r.signer for r in rows)
    finally:
        store.close()


def test_demo_keys_never_leave_the_store(demo_store: Store) -> None:
    """The private keys are local settings: no export carries them."""
    with demo_store.session() as session:
        private = [s.value for s in session.scalars(
            select(Setting).where(Setting.key.like(f"{KEY_SETTING}%")))]
    assert private
    exported = json.dumps(export_document(demo_store), ensure_ascii=False, default=str)
    assert KEY_SETTING not in exported and not any(p in exported for p in private)


def test_every_demo_election_past_a_checkpoint_prints_a_form_verify_accepts(
        demo_store: Store, tmp_path: Path) -> None:
    """Each checkpoint an election passed has its standing, current sign-off; its printed form's
    code verifies here as signed by the named signer and matching the local record."""
    printed = []
    with demo_store.session() as session:
        elections = session.scalars(select(Election).order_by(Election.id)).all()
        past = [e for e in elections if e.stage not in ("application", "checkpoint_timing")]
        assert len(past) >= 20
        for election in past:
            standing = standing_signoffs(session, election)
            assert "timing" in standing, election.id
            for checkpoint, signed in standing.items():
                # the timing content reads the sitting committee, which a re-election replaces
                # (the audit, too, lets the timing sign-off go stale); the names never change
                assert signed.status == "current" or checkpoint == "timing", (election.id, checkpoint)
                pdf = render(session, "checkpoint-form", signed.approval.id)
                code = signing.find_qr_text(pdf)
                assert code is not None
                record = signing.verify_qr_text(code)
                public = base64.b64decode(record["public_key"])
                assert signoff.confirm_code(session, record["payload"], public) is None
                assert record["payload"]["id"] == signed.approval.id
                printed.append(pdf)
    assert len(printed) >= len(past)
    form = tmp_path / "form.pdf"
    form.write_bytes(printed[len(printed) // 2])
    data_dir = demo_store.path.parent
    demo_store.close()
    done = run_main("verify", str(form), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "签名有效" in done.stdout and "本地记录一致" in done.stdout


def test_a_demo_code_is_not_trusted_by_another_store(demo_store: Store, store: Store,
                                                     tmp_path: Path) -> None:
    """The demo's keys are trusted only by the demo store: elsewhere the signer is unconfirmed."""
    with demo_store.session() as session:
        approval = session.scalars(select(CheckpointApproval)).first()
        assert approval is not None
        pdf = render(session, "checkpoint-form", approval.id)
    form = tmp_path / "form.pdf"
    form.write_bytes(pdf)
    data_dir = store.path.parent
    store.close()
    done = run_main("verify", str(form), data_dir=data_dir)
    assert done.returncode == 1 and "签名人无法确认" in done.stderr


def test_demo_keys_serve_only_a_store_marked_demo(store: Store, memory_keyring: Any) -> None:
    with store.transaction() as session, pytest.raises(BadInput, match="演示签名密钥"):
        StoreKeys(session, 1)
    assert memory_keyring.secrets == {}


def test_the_key_source_ends_with_its_block(demo_store: Store, memory_keyring: Any) -> None:
    """Inside the block keys come from the demo store; after it, from the keyring again."""
    with demo_store.transaction() as session:
        keys = StoreKeys(session, 7)
        with signing.key_source(keys):
            inside = signing.signing_key("演示签署人")
        outside = signing.signing_key("演示签署人")
    assert inside.key_id != outside.key_id
    assert list(memory_keyring.secrets) == [(signing.KEYRING_SERVICE, "演示签署人")]
    with demo_store.transaction() as session:
        again = StoreKeys(session, 7).key_for("演示签署人", create=False)
        assert again is not None and again.key_id == inside.key_id
        assert StoreKeys(session, 7).key_for("无此人", create=False) is None


# ---- the demo broken one rule at a time: the audit names exactly that rule -----------------

def audit_of(store: Store) -> Report:
    from app.audit.registry import audit_store

    return audit_store(store, load_rules(), local_today())


UNDER_WAY_NOTES = {"committee.by_election_due", "committee.early_reelection_due"}


def codes(report: Report) -> set[tuple[str, str]]:
    """What the audit found beyond the fresh demo's notes (a by-election under way)."""
    return {(f.code, f.severity) for f in report.findings if f.code not in UNDER_WAY_NOTES}


def one_approval(store: Store) -> CheckpointApproval:
    with store.session() as session:
        row = session.scalars(select(CheckpointApproval).where(
            CheckpointApproval.checkpoint == "group").order_by(CheckpointApproval.id)).first()
        assert row is not None
        return row


def test_a_signoff_whose_key_is_not_known_here(demo_store: Store) -> None:
    """A sign-off verifies only with a key known here (the checkpoint rule's source is cited)."""
    approval = one_approval(demo_store)
    with demo_store.transaction() as session:
        session.delete(session.get(Setting, signoff.PUBLIC_KEY_SETTING + approval.key_id))
    report = audit_of(demo_store)
    assert codes(report) == {("checkpoint.signature", "violation")}
    assert {f.params["status"] for f in report.violations} == {"unknown_key"}
    assert all(f.params["signer"] == approval.signer for f in report.violations)


def test_a_signoff_made_with_someone_elses_key(demo_store: Store) -> None:
    approval = one_approval(demo_store)
    with demo_store.transaction() as session:
        signoff.remember_key_owner(session, approval.key_id, "另一位审核人")
    report = audit_of(demo_store)
    assert codes(report) == {("checkpoint.signature", "violation")}
    assert {f.params["status"] for f in report.violations} == {"not_signers_key"}


def test_a_filing_after_thirty_days(demo_store: Store) -> None:
    """指导规则第三十三条: filed within 30 days of the election."""
    with demo_store.transaction() as session:
        election = session.scalars(select(Election).where(Election.stage == "filed")
                                   .order_by(Election.id)).first()
        assert election is not None and election.result_published_on is not None
        election.filed_on = election.result_published_on + timedelta(days=45)
    report = audit_of(demo_store)
    assert codes(report) == {("filing.late", "violation")}
    finding = report.violations[0]
    assert finding.params["days_over"] == 15 and finding.origin.source.endswith("第三十三条")


def test_an_election_the_app_cannot_read(demo_store: Store) -> None:
    """A by-election has no preparatory group: one standing at 筹备组人选关 (a faulty client's
    row) cannot be checked against its kind's flow, and says so."""
    with demo_store.session() as session:
        election_id = session.scalars(select(Election.id).where(
            Election.stage == "checkpoint_group").order_by(Election.id)).first()
    demo_store.close()
    connection = raw_store.connect(demo_store.path)
    with connection:
        connection.execute("UPDATE elections SET kind = 'by_election' WHERE id = ?", (election_id,))
    connection.close()
    store = open_store(demo_store.path.parent, actor="tester")
    try:
        report = audit_of(store)
    finally:
        store.close()
    assert ("election.unreadable", "violation") in codes(report)
    assert [f.params["fields"] for f in report.violations if f.code == "election.unreadable"] \
        == [["stage"]]


def test_an_overridden_district_setting_is_information_not_a_violation(demo_store: Store) -> None:
    """A district setting (the party members' share of owner representatives) may be overridden
    at its checkpoint with a recorded reason: the audit says so, and it is no violation; a law
    (the group's size, 深圳条例第二十条) is never overridden."""
    rules = load_rules()
    with demo_store.transaction() as session:
        election = session.scalars(select(Election).where(
            Election.stage == "checkpoint_group", Election.kind == "first")).first()
        assert election is not None
        day = election.stage_since
        for member in session.scalars(select(GroupMember).where(
                GroupMember.election_id == election.id, GroupMember.role == "owner_rep")):
            member.is_party_member = False  # before the sign-off: what it will approve
        with signing.key_source(StoreKeys(session, 1)):
            with pytest.raises(BadInput, match="区设置未满足"):
                signoff.sign_checkpoint(session, election, "group", "approved", "审核人",
                                        rules, day)
            signoff.sign_checkpoint(session, election, "group", "approved", "审核人", rules, day,
                                    override_reason="小区党员业主少，经社区党委研究同意")
    report = audit_of(demo_store)
    assert report.ok
    overridden = [f for f in report.info if f.code == "checkpoint.overridden"]
    assert [f.params["check"] for f in overridden] == ["group.party_share"]


def test_signing_in_a_demo_store_uses_its_demo_keys(demo_store: Store) -> None:
    """Trying the app out on the demo: a caseworker's sign-off there is signed with a key the
    demo store holds, on a machine without a keyring, and verifies in that store."""
    from app.elections import actions

    with demo_store.session() as session:
        election = session.scalars(select(Election).where(
            Election.stage == "checkpoint_timing").order_by(Election.id)).first()
        assert election is not None
    previous = keyring.get_keyring()
    ForbiddenKeyring.calls = []
    keyring.set_keyring(ForbiddenKeyring())
    try:
        row = actions.sign(demo_store, election.id, "timing", "approved", load_rules(),
                           local_today(), comment="同意")
    finally:
        keyring.set_keyring(previous)
    assert ForbiddenKeyring.calls == []
    with demo_store.session() as session:
        stored = session.get(CheckpointApproval, row.id)
        assert stored is not None and stored.signer == demo_store.actor
        assert signoff.signature_status(session, stored) == "valid"
        assert signoff.key_owner(session, stored.key_id) == demo_store.actor
        assert session.get(Setting, KEY_SETTING + demo_store.actor) is not None


def test_signing_in_another_store_still_uses_the_keyring(store: Store, memory_keyring: Any) -> None:
    from app.demo.keys import demo_keys_in

    with store.session() as session, demo_keys_in(session):
        key = signing.signing_key("某审核人")
    assert list(memory_keyring.secrets) == [(signing.KEYRING_SERVICE, "某审核人")]
    assert key.key_id


def test_owners_matters_decided_in_the_demo_carry_their_owners_vote(
        demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """《民法典》第二百七十八条: an owners' matter reaches 定 only by the owners' vote. Were the
    demo's repairs items such a matter (a major one: 改建), the audit would catch each decided
    one without a vote, and the demo's own votes (app.demo.votes) answer every one of them."""
    from app.agenda_rules import OwnersMatter
    from app.demo.builder import AGENDA_PATHS
    from app.demo.votes import record_agenda_votes
    from app.owners_votes import agenda_matters
    from db.models import AgendaItem

    matter = OwnersMatter("repairs", "改建重建建筑物及附属设施", "major", 7,
                          "《民法典》第二百七十八条第一款第七项", verified=True)
    from app.audit import votes

    real = agenda_matters.owners_matter

    def patched(category: str) -> OwnersMatter | None:
        return matter if category == "repairs" else real(category)

    monkeypatch.setattr(agenda_matters, "owners_matter", patched)
    monkeypatch.setattr(votes, "owners_matter", patched)
    before = audit_of(demo_store)
    caught = {f.subject.id for f in before.violations if f.code == "owners_matter.no_vote"}
    with demo_store.session() as session:
        items = [{"id": a.id, "compound_id": a.compound_id, "category": a.category,
                  "title": a.title, "stage": a.stage, "raised_on": a.raised_on}
                 for a in session.scalars(select(AgendaItem).where(AgendaItem.category == "repairs"))]
    decided = {i["id"] for i in items if "decide" in AGENDA_PATHS[i["stage"]]}
    assert caught == decided and decided
    with demo_store.transaction() as session:
        made = record_agenda_votes(session, items, AGENDA_PATHS, load_rules(), local_today())
    assert made == len(decided)
    after = audit_of(demo_store)
    assert not [f for f in after.violations if f.code == "owners_matter.no_vote"]


def test_the_command_line_way_demo_audit_notice_verify(tmp_path: Path) -> None:
    """As the README has it: `demo`, then `audit` exits 0; a checkpoint form printed with
    `notice checkpoint-form` passes `verify`."""
    data = tmp_path / "data"
    made = run_main("demo", "--size", "small", data_dir=data)
    assert made.returncode == 0, made.stderr
    audited = run_main("audit", data_dir=data)
    assert audited.returncode == 0, audited.stdout[-2000:]
    store = open_store(data, actor="tester")
    try:
        with store.session() as session:
            election_id = session.scalars(select(Election.id).where(
                Election.stage == "filed").order_by(Election.id)).first()
    finally:
        store.close()
    assert election_id is not None
    form = tmp_path / "form.pdf"
    printed = run_main("notice", "checkpoint-form", election_id, "-o", str(form), data_dir=data)
    assert printed.returncode == 0, printed.stderr
    verified = run_main("verify", str(form), data_dir=data)
    assert verified.returncode == 0, verified.stderr
    assert "签名有效" in verified.stdout

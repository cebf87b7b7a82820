"""Store-level election operations for the UI: each loads a snapshot or runs one transaction,
so the UI never holds a session or writes SQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.elections import ballots, checks, service, signoff, timing_facts, workflow
from app.elections.register import Owner, owners
from app.elections.standing import StandingSignoff, standing_signoffs
from app.elections.stored_tally import stored_tally
from app.elections.tally import TallyResult
from app.errors import BadInput
from app.progress import Progress
from app.rules import Rules
from db.models import Ballot, CheckpointApproval, Compound, Election
from db.store import Store


@dataclass(frozen=True)
class ApprovalLine:
    """One sign-off in the history, with what is true of it now."""

    approval: CheckpointApproval
    status: str  # current / stale / revoked
    signature: str  # valid / invalid / unknown_key
    signer_name: str = ""  # the signer's profile ("张三（…党建指导员）"), else the account name


@dataclass
class ElectionView:
    """Everything the election panel shows, read in one go."""

    election: Election
    compound_name: str
    stages: tuple[str, ...]
    deadline: date | None
    days_left: int | None
    moves: list[workflow.Move]
    checkpoint: str | None  # the checkpoint the election stands at, if any
    draft: signoff.Draft | None
    approvals: list[ApprovalLine]
    standing: dict[str, StandingSignoff]
    group: list[Any]
    candidates: list[Any]
    owners: list[Owner]
    paper_entered: dict[str, str] = field(default_factory=dict)  # owner key → vote
    e_voted: frozenset[str] = frozenset()  # owner keys with a counted e-vote
    stored_tally: dict[str, Any] | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def load_view(store: Store, election_id: str, rules: Rules, today: date) -> ElectionView:
    from app.profile import display_signer

    with store.session() as session:
        election = session.get(Election, election_id)
        if election is None:
            raise BadInput(code="election.not_found")
        compound = session.get(Compound, election.compound_id)
        checkpoint = workflow.STAGE_CHECKPOINT.get(election.stage)
        revoked = signoff.revoked_ids(session, election_id)
        lines = []
        for row in signoff.approvals(session, election_id):
            status = "revoked" if row.id in revoked else (signoff.approval_status(session, row.id) or "current")
            lines.append(ApprovalLine(row, status, signoff.signature_status(session, row),
                                      display_signer(session, row.signer) or row.signer))
        live = ballots._live_ballots(session, election_id)
        paper = {b.owner_key: b.vote for b in live if b.channel == "paper" and not b.superseded}
        e_voted = frozenset(b.owner_key for b in live if b.channel != "paper" and not b.superseded)
        return ElectionView(
            election=election,
            compound_name=compound.name if compound else "",
            stages=workflow.stages_for(election.kind, rules),
            deadline=workflow.deadline(election, rules),
            days_left=workflow.days_left(election, rules, today),
            moves=workflow.available_moves(election, rules),
            checkpoint=checkpoint,
            draft=signoff.draft(session, election, checkpoint, rules, today) if checkpoint else None,
            approvals=lines,
            standing=standing_signoffs(session, election),
            group=checks.group_members(session, election_id),
            candidates=checks.candidates(session, election_id),
            owners=owners(session, election.compound_id),
            paper_entered=paper,
            e_voted=e_voted,
            stored_tally=stored_tally(election),
        )


def list_rows(store: Store, rules: Rules, today: date) -> list[service.ElectionRow]:
    with store.session() as session:
        return service.list_elections(session, rules, today)


def new_election_choices(store: Store) -> list[tuple[str, str]]:
    with store.session() as session:
        return service.compounds_for_new_election(session)


def create(store: Store, compound_id: str, kind: str, seats: int, rules: Rules, today: date) -> str:
    with store.transaction() as session:
        return service.create_election(session, compound_id, kind, seats, rules, today, today).id


@contextmanager
def _with_election(store: Store, election_id: str) -> Iterator[tuple[Session, Election]]:
    """One transaction around one election: committed on success, nothing on error."""
    with store.transaction() as session:
        election = session.get(Election, election_id)
        if election is None:
            raise BadInput(code="election.not_found")
        yield session, election


def advance(store: Store, election_id: str, target: str, rules: Rules, today: date) -> None:
    with _with_election(store, election_id) as (session, election):
        workflow.advance(session, election, target, rules, today)


def save_application(
    store: Store, election_id: str, applied_on: date | None, applicant_owners: int,
    applicant_area: str, seats: int, rules: Rules,
) -> None:
    with _with_election(store, election_id) as (session, election):
        service.update_application(session, election, applied_on, applicant_owners, applicant_area,
                                   seats, rules)


def save_vote_arrangements(
    store: Store, election_id: str, start: date | None, end: date | None, place: str, e_vote: bool,
    rules: Rules,
) -> None:
    with _with_election(store, election_id) as (session, election):
        service.update_vote_arrangements(session, election, start, end, place, e_vote, rules)


def save_timing_facts(store: Store, election_id: str, facts: timing_facts.TimingFacts,
                      rules: Rules, today: date) -> None:
    with _with_election(store, election_id) as (session, election):
        timing_facts.update_timing_facts(session, election, facts, rules, today)


def save_assembly_notice(store: Store, election_id: str, day: date | None, rules: Rules,
                         today: date) -> None:
    with _with_election(store, election_id) as (session, election):
        timing_facts.update_assembly_notice(session, election, day, rules, today)


def save_group_member(store: Store, election_id: str, **fields: Any) -> None:
    with _with_election(store, election_id) as (session, election):
        name, role = fields.pop("name"), fields.pop("role")
        service.save_group_member(session, election, name, role, **fields)


def save_candidate(store: Store, election_id: str, **fields: Any) -> None:
    with _with_election(store, election_id) as (session, election):
        service.save_candidate(session, election, fields.pop("name"), **fields)


def remove_person(store: Store, election_id: str, model: type, row_id: str) -> None:
    with _with_election(store, election_id) as (session, election):
        row = session.get(model, row_id)
        if row is None:
            raise BadInput(code="election.record_not_found")
        service.remove_person(session, election, row)


def sign(
    store: Store, election_id: str, checkpoint: str, decision: str, rules: Rules, today: date,
    comment: str = "", override_reason: str = "", revokes_id: str | None = None,
    expected_hash: str | None = None,
) -> CheckpointApproval:
    """Sign; `expected_hash` (what the dialog showed) must still be the content's hash."""
    with _with_election(store, election_id) as (session, election):
        if expected_hash is not None and decision != "revoked":
            now = signoff.draft(session, election, checkpoint, rules, today).content_hash
            if now != expected_hash:
                raise BadInput(code="signoff.changed_while_signing")
        from app.demo.keys import demo_keys_in

        with demo_keys_in(session):  # a demo store signs with its own demo keys
            return signoff.sign_checkpoint(
                session, election, checkpoint, decision, store.actor, rules, today,
                comment=comment, override_reason=override_reason, revokes_id=revokes_id,
            )


def enter_paper(store: Store, election_id: str, owner_key: str, vote: str, rules: Rules,
                today: date, replace: bool = False) -> Ballot:
    with _with_election(store, election_id) as (session, election):
        return ballots.enter_paper_ballot(session, election, owner_key, vote, rules, today, replace)


def remove_paper(store: Store, election_id: str, owner_key: str) -> None:
    """Take back one owner's mistyped paper ballot (kept in the history)."""
    with _with_election(store, election_id) as (session, election):
        if election.stage != "voting":
            raise BadInput(code="ballot.entry_only_voting")
        ballots.remove_paper_ballot(session, election, owner_key)


def import_e_votes(store: Store, election_id: str, path: Path, rules: Rules, progress: Progress) -> int:
    with _with_election(store, election_id) as (session, election):
        return ballots.import_e_votes(session, election, path, rules, progress)


def live_tally(store: Store, election_id: str, rules: Rules) -> TallyResult:
    with store.session() as session:
        election = session.get(Election, election_id)
        if election is None:
            raise BadInput(code="election.not_found")
        return ballots.election_tally(session, election, rules)


def qr_text(store: Store, approval_id: str) -> str:
    with store.session() as session:
        row = session.get(CheckpointApproval, approval_id)
        if row is None:
            raise BadInput(code="signoff.approval_not_found")
        return signoff.qr_text_for(session, row)

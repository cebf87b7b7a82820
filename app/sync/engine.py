"""One sync round: meta check, push the outbox in batches, pull pages until caught up, then the
signers' profiles (app.sync.profiles).

Each pushed batch's results and each pulled page (with the cursor) commit as one transaction,
so a cancelled or failed sync loses nothing: unsettled outbox entries are sent again (the server
answers a repeated op id with its first result) and an uncommitted page is pulled again.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import logs
from app.demo import DEMO_SETTING
from app.errors import Cancelled
from app.progress import NullProgress, Progress, check_cancelled
from app.session import get_setting, set_setting
from app.sync import own_rows, unanswered
from app.sync import settings as keys
from app.sync.apply import apply_changes, apply_push_results, remote_transaction
from app.sync.auth import connect, current_account
from app.sync.batching import PushedOp, plan_batch
from app.sync.blobs import note_pushed, upload_missing
from app.sync.client import MAX_PULL_LIMIT, SyncClient, encode_push
from app.sync.errors import AuthRequired, SyncError
from app.sync.pages import read_pages
from app.sync.profiles import exchange_profiles
from app.sync.signing_keys import PushPlan, fetch_unknown_keys, held_back_result, plan_push
from db.models import Conflict, OutboxEntry
from db.store import Store
from db.tracking import expand_bulk
from db.types import utcnow

PUSH_BATCH = 1000  # the protocol's maximum ops per push
PULL_COMMIT_ROWS = 20_000  # pulled rows written per transaction, at most a page more


@dataclass
class SyncReport:
    """What one sync did. `conflicts` are new this round; `open_conflicts` all unresolved."""

    pushed: int = 0
    pulled: int = 0
    merged: int = 0
    conflicts: int = 0
    refused: int = 0
    open_conflicts: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sync(
    store: Store, client: SyncClient | None = None, progress: Progress | None = None, *,
    batch_size: int = PUSH_BATCH, page_size: int = MAX_PULL_LIMIT, allow_demo: bool = False,
) -> SyncReport:
    """Push then pull until caught up. Raises a SyncError (WorkFailed) or Cancelled.

    A store holding demo data is never synced (demo rows must not reach a district server);
    `allow_demo` is for benchmarks that seed a throwaway server with it.
    """
    progress = progress or NullProgress()
    if not allow_demo:
        with store.session() as session:
            if get_setting(session, DEMO_SETTING) == "1":
                raise SyncError(code="sync.local.demo_store")
    own_client = client is None
    if client is None:
        client = connect(store, should_stop=lambda: progress.cancelled)
    report = SyncReport()
    try:
        check_cancelled(progress)
        meta = client.meta()
        if meta.skew_warning:
            report.warnings.append(meta.skew_warning)
        push_outbox(store, client, progress, report, batch_size=batch_size)
        report.warnings.extend(upload_missing(store, client, progress).failed)
        pull_all(store, client, progress, report, page_size=page_size)
        check_cancelled(progress)
        report.warnings.extend(exchange_profiles(store, client))
        check_cancelled(progress)
        report.warnings.extend(fetch_unknown_keys(store, client))
        with store.transaction() as session:
            set_setting(session, keys.LAST_SYNC_AT, utcnow().isoformat())
            set_setting(session, keys.PAUSED, "")
    except AuthRequired as exc:
        logs.get("app.sync").warning("sync paused: the server wants a new login")
        with store.transaction() as session:
            set_setting(session, keys.PAUSED, str(exc))
        raise
    finally:
        if own_client:
            client.close()
    report.open_conflicts = count_open_conflicts(store)
    logs.get("app.sync").info(
        "synced: pushed %d, pulled %d, merged %d, conflicts %d (open %d), refused %d",
        report.pushed, report.pulled, report.merged, report.conflicts, report.open_conflicts,
        report.refused)
    return report


@contextmanager
def _clash_is_readable() -> Iterator[None]:
    """A server row that breaks a local unique rule (e.g. two compounds of one name made offline
    on two laptops): the page is rolled back whole and the user is told what clashed."""
    try:
        yield
    except IntegrityError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise SyncError(code="sync.local.row_clash", detail=detail) from None


def count_open_conflicts(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(
            select(func.count()).select_from(Conflict).where(Conflict.resolved_at.is_(None))
        ) or 0)


def next_batch(store: Store, size: int, sent: list[PushedOp] | None = None) -> list[PushedOp]:
    """The next batch to push, parents before children (app.sync.batching); with `sent`, the
    batch to send once that one has been answered.

    A row's later ops go with its earlier one (the server takes a device's later op without
    conflict with its own earlier change); see app.sync.batching for when the batch ends first.
    """
    with store.session() as session:
        return _next_batch_in(session, size, sent)


def _next_batch_in(session: Session, size: int, sent: list[PushedOp] | None) -> list[PushedOp]:
    return plan_batch(session, size, get_setting(session, keys.ROLE, "") or "",
                      get_setting(session, keys.USER, "") or "", sent or ())


def expand_bulk_entries(store: Store) -> int:
    """A large import keeps its insert ops as one bulk outbox entry (db.tracking): one op per row
    again before anything pushes, merges or rebases them."""
    try:
        with store.transaction() as session:
            return expand_bulk(session)
    except ValueError as exc:
        raise SyncError(code="sync.local.outbox_unreadable", detail=exc) from None


def push_outbox(
    store: Store, client: SyncClient, progress: Progress, report: SyncReport, *,
    batch_size: int = PUSH_BATCH,
) -> None:
    """Push the outbox batch by batch. While one batch is on its way, the laptop settles the
    one answered before it and plans the one after: laptop and server work at the same time
    (a first push of a district takes about half as long), and the server still receives the
    batches one after the other, each sent once the one before it has been answered."""
    expand_bulk_entries(store)
    with store.session() as session:
        total = int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)
    account = current_account(store)
    plan = plan_push(store, client, account) if total and account else PushPlan()
    report.warnings.extend(plan.warnings)
    for key, kept in unanswered.outstanding(store):  # a lost answer: the same batch again
        check_cancelled(progress)
        _settle(store, client, kept, _push_batch(client, kept, plan) if kept else _Answer([], None),
                report, key)
        progress.report(report.pushed, max(total, report.pushed), "push")
    check_cancelled(progress)
    batch = _planned(store, batch_size, plan)
    sending: tuple[_Planned, Future[_Answer]] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="push") as sender:
        while True:
            answered = None
            if sending is not None:
                answered = (sending[0], sending[1].result())  # the server's answer, or its error
                sending = None
            if batch.ops and not progress.cancelled:
                sending = (batch, sender.submit(_push_batch, client, batch.ops, plan, batch.body))
            planned = None
            if answered is not None:
                # The next batch is planned in the transaction that settles this answer: the
                # plan sees the settled outbox, and one commit keeps both.
                planned = _settle(store, client, answered[0].ops, answered[1], report,
                                  answered[0].key, then_plan=None if progress.cancelled
                                  else (batch_size, plan, sending))
                progress.report(report.pushed, max(total, report.pushed), "push")
            if progress.cancelled and sending is not None:
                # Stopped with a batch on its way: its answer is waited for either way, so it
                # is kept too (else the next sync sends the batch again for the same answers).
                _settle(store, client, sending[0].ops, sending[1].result(), report, sending[0].key)
                progress.report(report.pushed, max(total, report.pushed), "push")
                sending = None
            check_cancelled(progress)  # an answer in hand is settled first
            if planned is not None:
                batch = planned
                if sending is None and not batch.ops:
                    return
            elif sending is None:
                batch = _planned(store, batch_size, plan)
                if not batch.ops:
                    return
            else:
                batch = _planned(store, batch_size, plan, sending[0].ops)


@dataclass
class _Planned:
    ops: list[PushedOp]
    key: str  # its record among the unanswered batches (app.sync.unanswered); "" when empty
    body: bytes | None  # the push request (engine._request_body), None when nothing goes


def _planned(store: Store, size: int, plan: PushPlan, sent: list[PushedOp] | None = None
             ) -> _Planned:
    """The next batch, recorded as unanswered before it can be sent."""
    with store.transaction() as session:
        return _planned_in(session, size, plan, sent)


def _planned_in(session: Session, size: int, plan: PushPlan, sent: list[PushedOp] | None
                ) -> _Planned:
    ops = _next_batch_in(session, size, sent)
    key = unanswered.remember_in(session, ops) if ops else ""
    return _Planned(ops, key, _request_body(ops, plan) if ops else None)


@dataclass
class _Answer:
    results: list[dict[str, Any]]
    after: int | None  # the server's newest version before the push (app.sync.own_rows)


def _settle(store: Store, client: SyncClient, batch: list[PushedOp], answer: _Answer,
            report: SyncReport, key: str, *,
            then_plan: tuple[int, PushPlan, tuple[_Planned, Any] | None] | None = None,
            ) -> _Planned | None:
    """Keep what the server answered for a batch, in one local transaction; with `then_plan`
    (size, plan, the batch on its way or None), plan the next batch in it too."""
    planned = None
    with _clash_is_readable(), remote_transaction(store) as session:
        unanswered.forget(session, key)
        stats = apply_push_results(session, batch, answer.results)
        own_rows.note_push_answer(session, answer.after)
        note_pushed(session, client.base_url, batch)  # their files: the next upload pass
        if then_plan is not None:
            size, plan, sending = then_plan
            planned = _planned_in(session, size, plan, sending[0].ops if sending else None)
    report.pushed += stats.pushed
    report.merged += stats.merged
    report.conflicts += stats.conflicts
    report.refused += stats.refused
    report.warnings.extend(stats.skipped)
    return planned


def _sent(batch: list[PushedOp], plan: PushPlan) -> list[PushedOp]:
    """The ops of the batch that go to the server: all but the sign-offs the plan holds back."""
    return [op for op in batch if op.op_id not in plan.refuse]


def _request_body(batch: list[PushedOp], plan: PushPlan) -> bytes | None:
    """The push request of the batch, encoded on the pushing thread while the sending thread
    waits for the answer before it (so the server is not kept waiting for the encoding)."""
    sent = _sent(batch, plan)
    # Brief answers, unless an op was sent amended: its row is then taken back whole.
    return encode_push([op.wire() for op in sent], brief=not any(op.amended for op in sent)
                       ) if sent else None


def _push_batch(client: SyncClient, batch: list[PushedOp], plan: PushPlan,
                body: bytes | None = None) -> _Answer:
    """Send the batch, except sign-offs held back by the plan: those are answered here as
    refused with the plan's reason, so they settle like any refusal (kept in conflicts).
    Runs on the sending thread: nothing here touches the store. `body`: the request as
    `_request_body` encoded it (encoded here when not given)."""
    sent = _sent(batch, plan)
    body = body if body is not None else _request_body(batch, plan)
    answers = iter(client.push_encoded(body, len(sent)) if sent and body else [])
    after = client.last_push_after if sent else None
    results = [
        held_back_result(op.op_id, plan.refuse[op.op_id]) if op.op_id in plan.refuse
        else next(answers)
        for op in batch
    ]
    return _Answer(results, after)


def pull_all(
    store: Store, client: SyncClient, progress: Progress, report: SyncReport, *,
    page_size: int = MAX_PULL_LIMIT,
) -> None:
    expand_bulk_entries(store)  # the merge must see every pending insert
    with store.session() as session:
        exclude_from = own_rows.own_from(session)  # own pushes are not downloaded again
        since = int(get_setting(session, keys.CURSOR, "0") or 0)
    check_cancelled(progress)
    more = True
    with closing(read_pages(client, since, page_size, exclude_own_from=exclude_from)) as pages:
        while more:
            # Pages commit together up to PULL_COMMIT_ROWS rows: a first pull's random ids
            # touch the same index pages again and again, written once per commit. A page that
            # does not arrive (the network, the user stopping) ends the group: the pages before
            # it are kept.
            stopped: Exception | None = None
            with _clash_is_readable(), remote_transaction(store) as session:
                written = 0
                while True:
                    try:
                        check_cancelled(progress)
                        page = next(pages)
                    except StopIteration:
                        more = False
                        break
                    except (SyncError, Cancelled) as exc:
                        stopped = exc
                        break
                    skipped: list[str] = []
                    report.conflicts += apply_changes(session, [*page.changes, *page.gone],
                                                      skipped)
                    cursor = max(page.next, page.since)
                    set_setting(session, keys.CURSOR, str(cursor))
                    more = page.more
                    if not more:
                        own_rows.note_full_pull(session, cursor)
                    report.warnings.extend(skipped)
                    report.pulled += len(page.changes)
                    written += len(page.changes) + len(page.gone)
                    progress.report(report.pulled, 0, "pull")
                    if not more or written >= PULL_COMMIT_ROWS:
                        break
            if stopped is not None:
                raise stopped

"""A hostile district, as a property test: two caseworkers of different streets and a
supervisor push random ops — valid, hostile and malformed values for every replicated table and
field, stage jumps, kind flips, forged sign-offs, undeletes, changes to append-only rows,
references to the other street's rows and to ids nobody has — at the real server over HTTP, on
SQLite and on PostgreSQL. After each batch, read from the server's own database:

(a) no answer is a 5xx;
(b) no election stands past a checkpoint without an unrevoked approval of it on the server
    (historical elections the supervisor inserted excepted; an approval revoked after the
    election's last move stops it where it stands), and no forged sign-off was taken;
(c) no row of another street reached a caseworker, by pull or in a push answer;
(d) no stored value is outside its column's type, length, enum or range;
(e) audit entries and agenda stage events a caseworker pushed name that caseworker.

Each example seeds two fresh streets (tests/server/hostile_ops.py), so a failure replays and
shrinks on its own rows."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings

from server.database import make_engine
from tests.server.helpers import ServerHandle
from tests.server.hostile_ops import (
    Actor,
    Runner,
    ServerDb,
    Signer,
    batches,
    forged_sign_offs_taken,
    gate_violations,
    history_violations,
    scope_violations,
    seed_world,
    server_errors,
    stored_value_violations,
)

pytestmark = pytest.mark.slow


@dataclass
class Harness:
    server: ServerHandle
    db: ServerDb
    supervisor: Actor


@pytest.fixture(scope="module")
def hostile(server: ServerHandle) -> Iterator[Harness]:
    engine = make_engine(server.database_url)
    client = server.user("supervisor")
    try:
        yield Harness(server, ServerDb(engine), Actor(client, Signer(client), None, "sup"))
    finally:
        engine.dispose()


def _count(runner: Runner, sent_from: int) -> None:
    """Hypothesis statistics (--hypothesis-show-statistics): what was tried, what came back."""
    for sent in runner.sent[sent_from:]:
        answers = sent.results() or [{"status": f"HTTP {sent.status}"}] * len(sent.ops)
        for op, answer in zip(sent.ops, answers, strict=False):
            event(f"{sent.actor} {op['op']} {op['table'][:20]} -> {answer.get('status')}")


# Shrinking replays whole districts and can take minutes: off unless asked for. Every problem
# names the op that caused it, so an unshrunk failure reads well enough.
PHASES = tuple(Phase) if os.environ.get("HOSTILE_SHRINK") else (
    Phase.explicit, Phase.reuse, Phase.generate)


@settings(max_examples=40, deadline=None, database=None, print_blob=True, phases=PHASES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(plan=batches())
def test_hostile_pushes_never_break_the_rules(hostile: Harness, plan: list[list[list[Any]]]) -> None:
    world = seed_world(hostile.server.base_url, hostile.server.database_url, hostile.supervisor,
                       uuid.uuid4().hex[:8])
    runner = Runner(world, hostile.db)
    try:
        for number, batch in enumerate(plan, 1):
            problems: list[str] = []
            first = len(runner.sent)
            for specs in batch:
                for sent in runner.push(specs):
                    problems += server_errors(sent) + forged_sign_offs_taken(sent)
            _count(runner, first)
            problems += gate_violations(hostile.db, world, runner)
            problems += scope_violations(hostile.db, world, runner)
            problems += stored_value_violations(hostile.db, world, runner)
            problems += history_violations(hostile.db, world, runner)
            assert not problems, f"after batch {number}:\n" + "\n".join(sorted(set(problems))[:30])
    finally:
        for label in ("A", "B"):
            world.actors[label].client.close()

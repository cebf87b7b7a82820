"""Every part of the election panel names a stage as the kind's own stage list does: the timing
facts box of a 换届 election says 换届时机关, as its timeline does, never the first election's
筹备时机关."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from app.elections.stages import checkpoint_name
from app.rules import load_rules
from db.models import Election
from ui.elections.timing_facts import TimingFactsEditor


@pytest.mark.parametrize("kind", ["first", "reelection", "by_election", "early"])
def test_the_timing_facts_box_uses_the_kinds_checkpoint_name(qtbot, kind: str) -> None:
    rules = load_rules()
    editor = TimingFactsEditor(lambda _facts: True, lambda: rules)
    qtbot.addWidget(editor)
    election = Election(kind=kind, stage="application", party_opinion="")
    editor.show_election(election, date(2026, 12, 3), True)
    name = checkpoint_name("timing", kind, rules)
    assert editor.title() == f"{name}所需事项"
    assert editor.save_button.text() == f"保存{name}所需事项"
    if kind != "first":
        assert "筹备" not in editor.title() + editor.save_button.text()


@pytest.mark.parametrize(("kind", "expected"), [("reelection", "换届时机关"), ("first", "筹备时机关"),
                                                 (None, "筹备时机关")])
def test_the_sign_off_history_names_the_checkpoint_as_the_kind_does(kind: str | None,
                                                                    expected: str) -> None:
    from ui.elections.models import approvals_model

    model = approvals_model(None, lambda: kind)
    line = SimpleNamespace(approval=SimpleNamespace(
        checkpoint="timing", decision="approved", signer="x", comment="", override_reason="",
        signed_at=datetime(2026, 12, 3, tzinfo=UTC)),
        status="current", signature="valid")
    model.set_records([line])
    assert model.index(0, 0).data() == expected

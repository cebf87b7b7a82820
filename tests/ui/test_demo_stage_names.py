"""Stage names are identical on every page (issue 14, "The demo obeys the rules": "stage names
identical on every page"): for every demo election, the election list, the compound's page and
the audit name its kind and stage alike — in the rules file's words for its kind (换届选举:
成立换届小组…), and the dashboard counts stages under the same default names."""

from __future__ import annotations

from collections import defaultdict

from app.audit.context import election_subject
from app.elections.stages import kind_name, stage_name
from db.models import Election


def test_every_page_names_a_demo_election_alike(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show_page("elections", {})
    elections = window.page("elections")
    model = elections.model
    listed = defaultdict(set)
    for row in range(model.rowCount()):
        record = model.record(row)
        listed[record.compound_id].add((model.index(row, 2).data(), model.index(row, 3).data()))
    assert len(listed) >= 20
    seen_reelection = False
    compounds = window.page("compounds")
    for compound_id, names in listed.items():
        assert compounds.select_compound(compound_id)
        tab = compounds.detail.committee.model
        shown = {(r[0], r[1]) for r in tab.records if r[0] != "业委会"}  # elections, not terms
        assert shown == names, compound_id
    with window.ctx.store.session() as session:
        for election in session.query(Election).all():
            kind, stage = kind_name(election.kind), stage_name(election.stage, election.kind)
            assert (kind, stage) in listed[election.compound_id]
            assert election_subject(election).label == f"{kind}（{stage}）"
            seen_reelection |= election.kind == "reelection" and stage != stage_name(election.stage)
    assert seen_reelection, "a re-election shows its own stage names somewhere in the demo"
    window.show_page("dashboard", {})
    dashboard = window.page("dashboard")
    qtbot.waitUntil(lambda: "选举（按阶段）" in dashboard.elections.text(), timeout=60000)
    text = dashboard.elections.text()
    assert stage_name("candidates_nominated") in text or stage_name("voting") in text
    assert "候选人提名" not in text and "筹备组成立" not in text

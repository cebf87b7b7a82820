"""On the English UI the by-election / early re-election trigger's finding (app/elections/
triggers.py), the committee page's rule sources and its filing materials read in English; the
Chinese text that is stored, signed and printed stays as it was written before the codes."""

from __future__ import annotations

import re
from datetime import date

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.messages import problem
from app.rules import load_rules
from db.models import Election, OwnersCommittee
from db.store import Store

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
TODAY = date.today()


def test_trigger_findings_keep_their_chinese_and_read_in_english() -> None:
    figures = problem("trigger.vacancies", original=5, sitting=4, alternates=0, vacancies=1,
                      need=problem("trigger.need_by_election"))
    cases = [
        (problem("trigger.no_committee"), "本小区没有业主委员会记录"),
        (figures, "当选委员 5 名，在任 4 名，候补委员 0 名，缺额 1 名：须补选"),
        (problem("trigger.seats_over", figures=figures, seats=3),
            "当选委员 5 名，在任 4 名，候补委员 0 名，缺额 1 名：须补选；补选名额 3 名超过缺额"),
        (problem("trigger.inactive", shown=problem("trigger.no_meeting"),
                start=problem("timing.not_recorded"), bound="2026-06-03", months=6),
            "无业委会会议记录（任期自 未登记）；须 2026-06-03 以来连续 6 个月无会议"),
        (problem("trigger.inactive", shown=problem("trigger.last_meeting", day="2026-02-28"),
                start="2025-08-20", bound="2026-06-03", months=6),
            "最近一次业委会会议 2026-02-28（任期自 2025-08-20）；须 2026-06-03 以来连续 6 个月无会议"),
        (problem("trigger.removal_passed", votes=[
            problem("trigger.vote", title="Vote A", on="2026-03-01"),
            problem("trigger.vote", title="Vote B", on="2026-04-01")]),
            "业主大会表决通过：Vote A（2026-03-01）、Vote B（2026-04-01）"),
        (problem("trigger.no_removal"), "没有通过的业主大会更换（罢免）表决记录"),
    ]
    for need, zh in (("none", "无空缺"), ("step_in", "候补委员递补"), ("early", "提前换届")):
        cases.append((problem(f"trigger.need_{need}"), zh))
    for found, zh in cases:
        assert str(found) == zh  # what was stored and signed before the codes
        english = found.text("en")
        assert english and not CJK.search(english), english


def test_demo_trigger_checks_are_coded(demo_store: Store) -> None:
    """Every trigger of every demo election's kind: the finding carries its codes, its Chinese
    is the check's stored detail, and its English has no Chinese."""
    from app.elections.timing import flow
    from app.elections.triggers import trigger_state

    rules = load_rules()
    seen = 0
    with demo_store.session() as session:
        for election in session.scalars(select(Election).where(
                Election.kind.in_(("by_election", "early")))):
            found = flow(election.kind, rules)
            assert found is not None
            for trigger in found.triggers:
                state = trigger_state(session, election, trigger, rules, TODAY)
                assert state.detail == str(state.detail_msg)
                english = state.detail_msg.text("en")
                assert not CJK.search(english), english
                seen += 1
    assert seen >= 3


def test_committee_page_sources_and_materials_in_english(
    qtbot: QtBot, demo_store: Store, english: None,
) -> None:
    from ui.committee.view import CommitteeView
    from ui.context import UiContext, make_settings
    from ui.terms import citation

    with demo_store.session() as session:
        compound_id = session.scalar(select(OwnersCommittee.compound_id).where(
            OwnersCommittee.status == "active", OwnersCommittee.deleted_at.is_(None)))
    assert compound_id is not None
    ctx = UiContext(store=demo_store, data_dir=demo_store.path.parent, settings=make_settings())
    view = CommitteeView(ctx)
    qtbot.addWidget(view)
    view.load(compound_id)
    assert view.data is not None and view.material_boxes
    for key, box in view.material_boxes.items():
        assert box.toolTip() and not CJK.search(box.toolTip()), (key, box.toolTip())
        assert not CJK.search(box.text()), (key, box.text())
    for label in (view.term, view.filing_due):
        assert not CJK.search(label.text()), label.text()
    assert not CJK.search(view.vacancy.text().split("\n")[0]), view.vacancy.text()
    shown = citation(view.data.first_meeting_origin)
    assert shown in view.meeting.text() and not CJK.search(shown), shown
    assert " Source: " in view.meeting.text()  # a sentence of its own after the one before
    assert not CJK.search(view.filing_button.toolTip()), view.filing_button.toolTip()


def test_committee_page_in_chinese_shows_the_sources_as_written(
    qtbot: QtBot, demo_store: Store,
) -> None:
    from ui.committee.view import CommitteeView
    from ui.context import UiContext, make_settings

    with demo_store.session() as session:
        compound_id = session.scalar(select(OwnersCommittee.compound_id).where(
            OwnersCommittee.status == "active", OwnersCommittee.deleted_at.is_(None)))
    ctx = UiContext(store=demo_store, data_dir=demo_store.path.parent, settings=make_settings())
    view = CommitteeView(ctx)
    qtbot.addWidget(view)
    view.load(compound_id)
    data = view.data
    assert data is not None
    for row in data.materials:
        assert view.material_boxes[row.key].toolTip() == row.source
    assert data.filing_source in view.filing_due.text()
    assert data.vacancy_source in view.vacancy.text()
    assert view.meeting.text().endswith("依据：" + data.first_meeting_source)

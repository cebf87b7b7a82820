"""Agenda items that are owners' matters (民法典第二百七十八条第一款, categories marked in agenda.toml)
move to 定 only with a passed owners' vote linked to the item, at the item's threshold (items
6–8: 3/4 inclusive); a meeting of branch, committee and company cannot decide them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app import agenda, meetings
from app.agenda_rules import RULES_FILE, load_rules
from app.errors import BadInput
from app.owners_votes.records import VoteInput, record_vote
from app.rules import load_rules as election_rules
from app.rulesfile import RulesFileError
from db.models import OwnersVote
from db.store import Store
from tests.procedure.conftest import Place

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
RULES = election_rules()
DECIDE = agenda.StageChange(decision="同意动用维修资金更换电梯", responsible_party="业委会",
                            deadline=date(2026, 6, 1))


def _item(store: Store, place: Place, category: str) -> str:
    with store.transaction() as s:
        item = agenda.create_item(s, compound_id=place.compound_id, title="更换3栋电梯",
                                  raised_on=date(2026, 3, 1), category=category, source="visit", now=NOW)
        agenda.advance(s, item.id, "discuss", agenda.StageChange(positions={"committee": "同意"}), now=NOW)
        return item.id


def _vote(store: Store, place: Place, item_id: str, yes: int, matter: str = "major") -> None:
    with store.transaction() as s:
        record_vote(s, VoteInput(compound_id=place.compound_id, subject="agenda", title="更换电梯",
                                 matter=matter, agenda_item_id=item_id, voted_owners=12,
                                 voted_area_m2="1200", yes_owners=yes, yes_area_m2="1000"), RULES)


def _decide(store: Store, item_id: str) -> None:
    with store.transaction() as s:
        agenda.advance(s, item_id, "decide", DECIDE, now=NOW)


def test_the_file_marks_article_278_items() -> None:
    matters = load_rules().owners_matters
    assert matters["fund_raise"].matter == "major" and matters["fund_raise"].item == 6
    assert matters["rebuild"].matter == "major" and matters["common_use"].matter == "major"
    assert matters["fund_use"].matter == "ordinary" and matters["fund_use"].item == 5
    assert matters["property_hire"].matter == "ordinary" and "parking" not in matters


def test_an_owners_matter_cannot_be_decided_without_a_vote(store: Store, place: Place) -> None:
    item_id = _item(store, place, "fund_raise")
    with pytest.raises(BadInput, match=r"业主共同决定事项.*四分之三以上.*不能代替业主"):
        _decide(store, item_id)


def test_a_meeting_cannot_decide_it_either(store: Store, place: Place) -> None:
    item_id = _item(store, place, "property_hire")
    with store.transaction() as s:
        meeting = meetings.create_meeting(s, compound_id=place.compound_id, kind="joint", held_at=NOW)
        row = meetings.add_item(s, meeting.id, item_id)
        meetings.update_meeting_item(s, row.id, decision="解聘现物业", responsible_party="业委会",
                                     deadline=date(2026, 6, 1))
    with store.transaction() as s, pytest.raises(BadInput, match="选聘解聘物业服务企业"):
        meetings.decide_item(s, row.id, now=NOW)


def test_major_matter_at_three_quarters_exactly_is_decided(store: Store, place: Place) -> None:
    """9 of 12 participating owners is exactly 3/4: 以上 includes it (Art. 278(2))."""
    item_id = _item(store, place, "fund_raise")
    _vote(store, place, item_id, yes=8)  # 8/12 < 3/4: not passed
    with pytest.raises(BadInput, match="业主共同决定事项"):
        _decide(store, item_id)
    _vote(store, place, item_id, yes=9)
    _decide(store, item_id)
    with store.session() as s:
        assert agenda.get_item(s, item_id).stage == "decide"


def test_a_major_matter_needs_a_major_vote(store: Store, place: Place) -> None:
    item_id = _item(store, place, "rebuild")
    with pytest.raises(BadInput, match="（matter）"):
        _vote(store, place, item_id, yes=12, matter="ordinary")
    with store.transaction() as s:  # a colleague's row recorded as ordinary does not decide it
        s.add(OwnersVote(compound_id=place.compound_id, agenda_item_id=item_id, subject="agenda",
                         title="改建", matter="ordinary", total_owners=13, total_area_m2=1407,
                         voted_owners=12, voted_area_m2=1200, yes_owners=12, yes_area_m2=1200))
    with pytest.raises(BadInput, match="业主共同决定事项"):
        _decide(store, item_id)


def test_an_ordinary_matter_is_decided_by_strict_majority(store: Store, place: Place) -> None:
    """过半数 is strict: 6 of 12 does not decide, 7 of 12 does (Art. 278(2))."""
    item_id = _item(store, place, "fund_use")
    _vote(store, place, item_id, yes=6, matter="ordinary")
    with pytest.raises(BadInput):
        _decide(store, item_id)
    _vote(store, place, item_id, yes=7, matter="ordinary")
    _decide(store, item_id)


def test_other_categories_are_decided_at_the_table(store: Store, place: Place) -> None:
    _decide(store, _item(store, place, "parking"))


def _agenda_file(tmp_path: Path, category: str) -> Path:
    text = RULES_FILE.read_text(encoding="utf-8").replace(
        "[categories.parking]", category + "\n\n[categories.parking]", 1)
    path = tmp_path / "agenda.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("table", "problem"), [
    ('[categories.x]\nlabel = "筹资"\nowners_matter = true\nmatter = "ordinary"\nitem = 6\nkind = "law"\n'
     'source = "278"\nverified = true',
     "categories.x：.*第6项应按“major”表决"),
    ('[categories.x]\nlabel = "使用"\nowners_matter = true\nmatter = "major"\nitem = 5\nkind = "law"\n'
     'source = "278"\nverified = true',
     "categories.x：.*第5项应按“ordinary”表决"),
    ('[categories.x]\nlabel = "选聘"\nowners_matter = true\nmatter = "ordinary"\nitem = 4',
     "categories.x：.*须写明 matter、item.*kind、source 和 verified"),
    ('[categories.x]\nlabel = "停车"\nowners_matter = false\nmatter = "major"',
     "categories.x：.*只用于业主共同决定事项"),
    ('[categories.x]\nlabel = "停车"\nowner_matter = true', "categories.x.owner_matter：未知的键"),
])
def test_agenda_file_refuses_a_wrong_owners_matter(tmp_path: Path, table: str, problem: str) -> None:
    """Items 6–8 of Art. 278(1) are major, the others ordinary: the file must agree."""
    with pytest.raises(RulesFileError, match=problem):
        load_rules.__wrapped__(_agenda_file(tmp_path, table))


def test_a_bare_label_is_not_an_owners_matter(tmp_path: Path) -> None:
    rules = load_rules.__wrapped__(_agenda_file(tmp_path, '[categories]\nx = "新类别"'))
    assert rules.categories["x"] == "新类别" and "x" not in rules.owners_matters


def test_answer_notice_says_the_owners_decided(store: Store, place: Place) -> None:
    """An owners' matter's answer notice says the owners voted (with the figures), not that the
    branch, committee and company decided it."""
    from app.printing.documents.meetings import answer_notice

    item_id = _item(store, place, "fund_use")
    _vote(store, place, item_id, yes=7, matter="ordinary")
    _decide(store, item_id)
    with store.transaction() as s:
        agenda.advance(s, item_id, "doing", agenda.StageChange(), now=NOW)
        agenda.advance(s, item_id, "answered", agenda.StageChange(answer="已更换", answer_method="notice"),
                       now=NOW)
        text = "".join(str(getattr(p, "text", "")) for p in answer_notice(s, item_id).story)
    assert "经业主依法表决通过（参与表决 12 人、1200 m²，同意 7 人、1000 m²）" in text
    assert "共同商议" not in text


def test_the_vote_comes_before_the_decision(store: Store, place: Place) -> None:
    """The owners decide (Art. 278): a vote held after the day the item is put at 定 does not
    decide it; a vote dated in the future cannot be recorded."""
    item_id = _item(store, place, "fund_use")
    with store.transaction() as s:
        record_vote(s, VoteInput(compound_id=place.compound_id, subject="agenda", title="更换电梯",
                                 held_on=date(2026, 3, 9), agenda_item_id=item_id, voted_owners=12,
                                 voted_area_m2="1200", yes_owners=7, yes_area_m2="1000"), RULES)
        with pytest.raises(BadInput, match=r"（held_on）.*晚于今天"):
            record_vote(s, VoteInput(compound_id=place.compound_id, subject="agenda", title="x",
                                     held_on=date(2026, 3, 11), agenda_item_id=item_id, voted_owners=12,
                                     voted_area_m2="1200", yes_owners=7, yes_area_m2="1000"),
                        RULES, today=date(2026, 3, 10))
    early = agenda.StageChange(decision="使用维修资金", responsible_party="业委会",
                               deadline=date(2026, 6, 1), on=date(2026, 3, 8))
    with store.transaction() as s, pytest.raises(BadInput, match="业主共同决定事项"):
        agenda.advance(s, item_id, "decide", early, now=NOW)
    with store.transaction() as s:
        agenda.advance(s, item_id, "decide", dataclasses.replace(early, on=date(2026, 3, 9)), now=NOW)

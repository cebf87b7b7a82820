"""What a sign-off signs, worded for the signer (app.elections.signed_view → HTML lines): who,
which room, which role, which figures — never a record id, the JSON or its hash."""

from __future__ import annotations

from html import escape

from app.elections.signed_view import SignedFact, SignedPerson, SignedView
from ui.elections.common import tr
from ui.i18n import QT_TRANSLATE_NOOP

ROLES = {  # a group member's seat, or a member's role on the committee being replaced
    "street_office": QT_TRANSLATE_NOOP("Elections", "街道办事处"),
    "party_committee": QT_TRANSLATE_NOOP("Elections", "社区党委/小区党组织"),
    "police": QT_TRANSLATE_NOOP("Elections", "派出所"),
    "residents_committee": QT_TRANSLATE_NOOP("Elections", "居委会"),
    "developer": QT_TRANSLATE_NOOP("Elections", "建设单位"),
    "owner_rep": QT_TRANSLATE_NOOP("Elections", "业主代表"),
    "director": QT_TRANSLATE_NOOP("Elections", "主任"),
    "deputy": QT_TRANSLATE_NOOP("Elections", "副主任"),
    "member": QT_TRANSLATE_NOOP("Elections", "委员"),
    "alternate": QT_TRANSLATE_NOOP("Elections", "候补委员"),
}
MARKS = {
    "leader": QT_TRANSLATE_NOOP("Elections", "组长"),
    "party": QT_TRANSLATE_NOOP("Elections", "党员"),
    "property": QT_TRANSLATE_NOOP("Elections", "物业人员"),
    "arrears": QT_TRANSLATE_NOOP("Elections", "欠费"),
}
PEOPLE_TITLES = {
    "group": QT_TRANSLATE_NOOP("Elections", "筹备组成员"),
    "candidates": QT_TRANSLATE_NOOP("Elections", "候选人"),
    "committee": QT_TRANSLATE_NOOP("Elections", "原业主委员会成员"),
}


def _day(value: str) -> str:
    return value or tr("未登记")


def fact_text(fact: SignedFact) -> str:
    """One line of facts in the UI's language."""
    v = fact.values
    if fact.code == "compound":
        return tr("小区：{name}；首次交付：{day}").format(name=v["name"], day=_day(v["delivered_on"]))
    if fact.code == "application":
        return tr("申请日期：{day}；申请业主 {owners} 人、{area} m²").format(
            day=_day(v["applied_on"]), owners=v["owners"] or "0", area=v["area"] or "0")
    if fact.code == "register":
        return tr("业主名册：{parts} 套专有部分，共 {area} m²（其中未售/未交付 {unsold} m²）").format(
            parts=v["parts"], area=v["area"], unsold=v["unsold"])
    if fact.code == "trigger":
        return tr("事由：{trigger}；报告日期：{day}").format(trigger=tr(v["trigger"]),
                                                      day=_day(v["reported_on"]))
    if fact.code == "party_opinion":
        return tr("党组织意见（{day}）：{opinion}").format(day=_day(v["on"]), opinion=v["opinion"])
    if fact.code == "party":
        return tr("覆盖本小区的党支部 {branches} 个；居住党员 {members} 名，其中已找到 {found} 名").format(**v)
    if fact.code == "committee":
        return tr("原业主委员会任期 {start} 至 {end}；最近一次会议：{last}；罢免表决 {votes} 次").format(
            start=_day(v["start"]), end=_day(v["end"]), last=_day(v["last_meeting"]),
            votes=v["removal_votes"])
    if fact.code == "no_committee":
        return tr("本小区没有在任的业主委员会")
    if fact.code == "group_size":
        return tr("筹备组共 {count} 人").format(count=v["count"])
    if fact.code == "seats":
        return tr("应选 {seats} 名；候选人 {count} 名").format(seats=v["seats"], count=v["count"])
    return fact.code


def person_cells(person: SignedPerson) -> list[str]:
    """姓名, 房号, 身份, 说明 of one person."""
    role = tr(ROLES[person.role]) if person.role in ROLES else person.role
    notes = [tr(MARKS[m]) for m in person.marks if m in MARKS]
    if person.nominated_by:
        notes.append(tr("推荐：{who}").format(who=person.nominated_by))
    if person.left_on:
        notes.append(tr("{day} 离任").format(day=person.left_on))
    return [person.name, person.room or "—", role, tr("，").join(notes)]


def content_html(view: SignedView) -> str:
    """The facts as lines, then the people as a table (name, room, role, notes)."""
    parts = [f"<p style='margin:2px 0'>{escape(fact_text(f))}</p>" for f in view.facts]
    if view.people:
        parts.append(f"<p style='margin:8px 0 2px 0'><b>{escape(tr(PEOPLE_TITLES[view.people_kind]))}"
                     "</b></p>")
        head = [tr("姓名"), tr("房号"), tr("身份"), tr("说明")]
        rows = ["<tr>" + "".join(f"<th align='left'>{escape(h)}</th>" for h in head) + "</tr>"]
        for person in view.people:
            rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in person_cells(person))
                        + "</tr>")
        parts.append("<table cellspacing='0' cellpadding='4' border='0'>" + "".join(rows)
                     + "</table>")
    return "".join(parts)

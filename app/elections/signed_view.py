"""What a checkpoint sign-off signs, in the terms a signer checks: names, rooms, roles, figures.

The sign-off dialog shows this instead of the signed JSON: record ids and a SHA-256 mean nothing
to a caseworker, while "王芳，3栋-1202，业主代表，党员" is what they vouch for. The JSON stays what
is hashed and signed (app.elections.checks.content_for); this only reads it, filling in what its
ids stand for (a room of the register, a trigger's name) from the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections.stages import flow
from app.rules import Rules
from db.models import Unit


@dataclass(frozen=True)
class SignedPerson:
    """A member of the group, a candidate or a member of the committee being replaced."""

    name: str
    role: str = ""  # a group role (street_office…) or a committee role (director…) code
    room: str = ""  # 3-1202 from the register; "" when none is linked
    marks: tuple[str, ...] = ()  # leader, party, property, arrears
    nominated_by: str = ""
    left_on: str = ""  # a committee member who has left (ISO date)


@dataclass(frozen=True)
class SignedFact:
    """One line of facts: `code` names the line, `values` fill its words (dates ISO, "" = none)."""

    code: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SignedView:
    checkpoint: str
    facts: list[SignedFact]
    people_kind: str  # group / candidates / committee / "" (who `people` are)
    people: list[SignedPerson]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _rooms(session: Session | None, unit_ids: list[str]) -> dict[str, str]:
    wanted = [uid for uid in unit_ids if uid]
    if not wanted or session is None:
        return {}
    rows = session.execute(select(Unit.id, Unit.building, Unit.room).where(Unit.id.in_(wanted)))
    return {uid: f"{building}-{room}" for uid, building, room in rows}


def signed_view(session: Session | None, content: dict[str, Any], rules: Rules) -> SignedView:
    """The signed `content` of any checkpoint, as the dialog lists it (rooms need a session)."""
    kind = content.get("checkpoint", "")
    if kind == "timing":
        return _timing(content, rules)
    if kind == "group":
        members = content.get("members", [])
        rooms = _rooms(session, [m.get("unit_id") or "" for m in members])
        people = [SignedPerson(
            name=_text(m.get("name")), role=_text(m.get("role")),
            room=rooms.get(m.get("unit_id") or "", ""),
            marks=tuple(mark for mark, on in (("leader", m.get("is_leader")),
                                              ("party", m.get("is_party_member"))) if on),
        ) for m in members]
        return SignedView("group", [SignedFact("group_size", {"count": str(len(people))})],
                          "group", people)
    people_rows = content.get("candidates", [])
    rooms = _rooms(session, [p.get("unit_id") or "" for p in people_rows])
    people = [SignedPerson(
        name=_text(p.get("name")), room=rooms.get(p.get("unit_id") or "", ""),
        marks=tuple(mark for mark, on in (("party", p.get("is_party_member")),
                                          ("property", p.get("works_for_property")),
                                          ("arrears", p.get("fee_arrears"))) if on),
        nominated_by=_text(p.get("nominated_by")),
    ) for p in people_rows]
    return SignedView("candidates", [SignedFact("seats", {
        "seats": _text(content.get("seats")), "count": str(len(people))})], "candidates", people)


def _timing(content: dict[str, Any], rules: Rules) -> SignedView:
    election = content.get("election", {})
    compound = content.get("compound", {})
    register = content.get("register", {})
    facts = [
        SignedFact("compound", {"name": _text(compound.get("name")),
                                "delivered_on": _text(compound.get("delivered_on"))}),
        SignedFact("application", {"applied_on": _text(election.get("applied_on")),
                                   "owners": _text(election.get("applicant_owners")),
                                   "area": _text(election.get("applicant_area_m2"))}),
        SignedFact("register", {"parts": _text(register.get("parts")),
                                "area": _text(register.get("area_m2")),
                                "unsold": _text(register.get("unsold_area_m2"))}),
    ]
    found = flow(_text(election.get("kind")), rules)
    trigger = election.get("trigger")
    if trigger:
        titles = {t.key: t.title for t in found.triggers} if found is not None else {}
        facts.append(SignedFact("trigger", {"trigger": titles.get(trigger, _text(trigger)),
                                            "reported_on": _text(election.get("reported_on"))}))
    if election.get("party_opinion_on") or election.get("party_opinion"):
        facts.append(SignedFact("party_opinion", {"on": _text(election.get("party_opinion_on")),
                                                  "opinion": _text(election.get("party_opinion"))}))
    party = content.get("party")
    if isinstance(party, dict):
        facts.append(SignedFact("party", {"branches": str(len(party.get("branches", []))),
                                          "members": _text(party.get("members")),
                                          "found": _text(party.get("found"))}))
    people: list[SignedPerson] = []
    committee = content.get("committee")
    if isinstance(committee, dict) and committee.get("id"):
        facts.append(SignedFact("committee", {
            "start": _text(committee.get("term_start")), "end": _text(committee.get("term_end")),
            "last_meeting": _text(committee.get("last_meeting")),
            "removal_votes": str(len(committee.get("removal_votes", [])))}))
        people = [SignedPerson(name=_text(name), role=_text(role), left_on=_text(left))
                  for name, role, left in committee.get("members", [])]
    elif isinstance(committee, dict):
        facts.append(SignedFact("no_committee"))
    return SignedView("timing", facts, "committee" if people else "", people)

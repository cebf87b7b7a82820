"""The answer notice of an agenda item (回音告知): what residents raised, how it was decided (by
the owners' vote for an owners' matter, else by the parties at the table), who does it by when,
the result, and where to turn — issued by the party branch covering the compound. An item never
decided says how it was handled instead ("议定：待定" never reaches paper)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.agenda.stages import STAGE_LABELS
from app.agenda_rules import load_rules as agenda_rules
from app.owners_votes.agenda_matters import owners_matter
from app.printing.data import NotReady, Place, branch_names, get_live, place_of
from app.printing.documents.parties import PARTY_LEADS, party_text, seat_of_committee
from app.printing.gongwen import Doc
from app.printing.layout import DocumentSpec, sentence, zh_date
from db.models import AgendaItem


def _mask(name: str) -> str:
    """A resident's name on a public notice as notices write it: the surname and 某 (张某)."""
    name = name.strip()
    return f"{name[:1]}某" if name else ""


def _how_decided(session: Session, item: AgendaItem, place: Place) -> str:
    """An owners' matter was decided by the owners' vote (Civil Code Art. 278), the rest by
    the parties at the table."""
    from app.owners_votes.agenda_matters import deciding_vote
    from app.rules import load_rules

    vote = deciding_vote(session, item, load_rules()) if owners_matter(item.category) else None
    if vote is not None:
        held = f"于{zh_date(vote.held_on)}" if vote.held_on else ""
        return (f"本事项属业主共同决定事项，经业主{held}依法表决通过（参与表决 {vote.voted_owners} 人、"
                f"{vote.voted_area_m2} m²，同意 {vote.yes_owners} 人、{vote.yes_area_m2} m²）")
    parties = "、".join(filter(None, [
        "小区党组织", seat_of_committee(place), "物业服务企业"]))
    return f"按照“听、议、定”工作机制，{parties}共同商议"


def _issuer(session: Session, item: AgendaItem, place: Place) -> str:
    """The party branch covering the compound answers; else the community party committee."""
    branches = branch_names(session, item.compound_id)
    return branches[0] if branches else place.party_committee


def answer_notice(session: Session, item_id: str) -> DocumentSpec:
    item = get_live(session, AgendaItem, item_id, "agenda item")
    answer = (item.answer or item.referred_answer).strip()
    if not answer:
        raise NotReady(code="printing.no_answer_yet")
    place = place_of(session, item.compound_id)
    rules = agenda_rules()
    issuer = _issuer(session, item, place)
    subject = item.title.strip().removeprefix("关于").strip() or item.title.strip()
    doc = Doc(title=f"关于“{subject}”办理情况的回音告知", kind="answer-notice")
    doc.to(f"{place.compound.name}各位居民")

    who = _mask(item.raised_by)
    source = rules.sources.get(item.source, item.source)
    category = rules.categories.get(item.category, item.category)
    raised = (f"{zh_date(item.raised_on)}，" + (f"居民{who}" if who else "有居民")
              + (f"通过{source}" if source else "") + f"反映“{item.title}”（{category}类）。")
    description = item.description.strip()
    doc.p(raised + (sentence(description) if description else ""))

    decision = item.decision.strip()
    owner = party_text(item.responsible_party, place)
    if decision:
        tail = "；".join(filter(None, [
            f"责任单位为{owner}" if owner else "",
            f"完成时限为{zh_date(item.deadline)}前" if item.deadline else "",
        ]))
        doc.p(f"{_how_decided(session, item, place)}，议定：{sentence(decision)}"
              + (f"{tail}。" if tail else ""))
    elif item.referred_to.strip():
        doc.p(f"本事项需由{item.referred_to.strip()}办理，已按照“吹哨报到”机制转交办理。")
    elif item.stage in ("answered", "closed"):
        doc.p("本事项经核实后直接办理。")
    else:  # not decided yet: say where it stands, claim nothing
        doc.p(f"本事项目前处于“{STAGE_LABELS.get(item.stage, item.stage)}”阶段，尚未议定。")

    doc.p(f"办理结果：{sentence(answer)}")
    if item.stage == "doing":
        doc.draft("居民对办理结果仍有意见，事项已退回继续办理，须重新回音后定稿")
    elif item.stage not in ("answered", "closed"):
        doc.draft("事项尚未办结回音，告知须在回音后定稿")
    doc.p(f"本事项依据{PARTY_LEADS}办理。如对办理结果有意见，请向{issuer}或{place.street_office}"
          "反映。感谢您对小区治理工作的关心和支持！")
    doc.sign(issuer=issuer, on=item.answered_on, seal=True)
    return doc.spec()

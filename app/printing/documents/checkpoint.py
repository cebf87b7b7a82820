"""The checkpoint sign-off form (关口审核表): what was approved (the group members or candidates by
name, unit and role; for 筹备时机关 the facts), the checks with their results, the decision, the
signer by their profile (never the account name), room for the signature and the seal, and a QR
code carrying the signed record. The QR text also goes into the PDF's Info Keywords so
`main.py verify FILE` can check a printed form; how to verify is the app's help, not the paper's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import groupby

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections import stages
from app.errors import BadInput
from app.printing.data import NotReady, Place, get_live, local_time, place_of
from app.printing.documents.blocks import Block
from app.printing.documents.election_context import GROUP_ROLE_ZH, KIND_NAMES
from app.printing.fonts import font_name
from app.printing.gongwen import Doc
from app.printing.layout import (
    TEXT_WIDTH,
    DocumentSpec,
    form_table,
    para,
    sentence,
    styles,
    text,
    zh_date,
)
from app.printing.rules_text import basis
from app.rule_source import Source, without_unverified_notes
from db.models import CheckpointApproval, Election, Unit

CHECKPOINT_ZH = {"timing": "筹备时机关", "group": "筹备组人选关", "candidates": "业委会人选关"}
DECISION_ZH = {"approved": "通过", "returned": "退回", "revoked": "撤销"}
QR_SIZE = 44 * mm  # ~0.4 mm modules for a ~800-character code: scans from paper
QR_CAPTION = "扫码核验"
BLANK = "_" * 10  # room for a handwritten name or title
SIGN_LINE = "_" * 14
# How the form names the election: the committee it elects, as the signer reads it.
ELECTION_ZH = {**KIND_NAMES, "first": "首届业主委员会选举"}
TIMING_FORMS = {"first": "首次业主大会筹备条件", "reelection": "业主委员会换届条件",
                "early": "业主委员会提前换届条件", "by_election": "业主委员会补选条件"}
KIND_LABELS = {"reelection": "换届", "early": "提前换届", "by_election": "补选"}
CANDIDATE_FORMS = {"first": "首届业主委员会委员候选人", "reelection": "业主委员会换届委员候选人",
                   "early": "业主委员会提前换届委员候选人", "by_election": "业主委员会补选委员候选人"}
CONDITIONS_ZH = {"first": "筹备条件", "reelection": "换届条件", "early": "提前换届条件",
                 "by_election": "补选条件"}


@dataclass(frozen=True)
class Check:
    """One check as the form prints it: what, what was found, the result, the basis."""

    title: str
    found: str
    result: str  # 符合 / 不符合 / 提示
    basis: str


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CJK = "\u3400-\u9fff\uff08\uff09\u3001\uff0c\uff1b\uff1a"
_SPACE_BEFORE = re.compile(rf"(?<=[{_CJK}])\s+(?=[\w%/.–-])")
_SPACE_AFTER = re.compile(rf"(?<=[\w%/.–-])\s+(?=[{_CJK}])")


def paper_text(value: str) -> str:
    """A check's wording as paper has it: Chinese dates (2026年11月22日, never 2026-11-22),
    平方米 for m², no spaces between Chinese and figures."""
    value = _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", value)
    value = value.replace(" m²", "平方米").replace("m²", "平方米")
    value = re.sub(r"(\d)\s*[–—-]\s*(\d)", r"\1至\2", value)  # 7–10 人 → 7至10人
    value = value.replace("经双找找到", "经“双找”联系到").replace("（双找）", "（“双找”）")
    value = without_unverified_notes(value)  # a rule's own unverified note never reaches paper
    value = _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", value))
    return value.strip()


def find_approval(session: Session, record_id: str) -> CheckpointApproval:
    """An approval by its id, or the latest approval of an election given by the election's id."""
    approval = session.get(CheckpointApproval, record_id)
    if approval is not None and approval.deleted_at is None:
        return approval
    election = session.get(Election, record_id)
    if election is None or election.deleted_at is not None:
        raise BadInput(code="printing.no_checkpoint_record", record_id=record_id)
    latest = session.scalars(
        select(CheckpointApproval).where(CheckpointApproval.election_id == record_id,
                                         CheckpointApproval.deleted_at.is_(None))
        .order_by(CheckpointApproval.signed_at.desc())
    ).first()
    if latest is None:
        raise NotReady(code="printing.no_signoffs")
    return latest


def _result(passed: bool, flag_only: bool) -> str:
    return "符合" if passed else "提示" if flag_only else "不符合"


def checks_for(session: Session, election: Election, checkpoint: str, on: date) -> list[Check]:
    """The checkpoint's checks exactly as the election workflow evaluates them (one
    implementation: app.elections.checks), as they stand on the sign-off date, in paper words:
    a hint's "提示：" and "（提示项…）" marks are the result column's job."""
    from app.elections.checks import checks_for as election_checks
    from app.rules import load_rules

    result = []
    for c in election_checks(session, election, checkpoint, load_rules(), on):
        title = c.title.removeprefix("提示：")
        found = re.sub(r"（提示项[^）]*）$", "", c.detail or "")
        result.append(Check(paper_text(title), paper_text(found), _result(c.passed, c.flag_only),
                            _basis(c.origin)))
    return result


def _basis(origin: Source) -> str:
    """Verified citations only (rules_text.basis); a district rule says so in plain words."""
    return basis(origin)


def _intact(session: Session, approval: CheckpointApproval) -> bool:
    """The row still says what was signed. A key not known here is the QR's business (NotReady:
    sync first); a row its own signature contradicts prints only as a draft."""
    from app.elections.signoff import signature_status

    return signature_status(session, approval) != "invalid"


def qr_text_for(session: Session, approval: CheckpointApproval) -> str:
    """The signed record as QR text, built from the signer's public key as this computer knows
    it (its own key, or a colleague's fetched and checked by sync)."""
    from app.elections.signoff import qr_text_for as signed_qr_text

    try:
        return signed_qr_text(session, approval)
    except BadInput:
        raise NotReady(code="printing.signer_key_missing", signer=approval.signer[:20],
            key_id=approval.key_id[:12]) from None


@lru_cache(maxsize=64)
def qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's dark modules, row by row, from reportlab's own encoder (level M). Choosing
    the mask is the slow part (~0.3 s for a signed record), so a form printed again is quick."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(value)
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


QR_BORDER = 4  # modules of quiet zone around the code (the QR standard's minimum)


@lru_cache(maxsize=64)
def qr_path(value: str) -> tuple[int, str]:
    """(side in modules, PDF path operators filling every run of dark modules) in module units:
    whole numbers, one filled path — cheap to write, whatever the code's size."""
    modules = qr_modules(value)
    side = len(modules) + 2 * QR_BORDER
    ops = []
    for r, row in enumerate(modules):
        y = side - (r + QR_BORDER + 1)
        c = 0
        for dark, run in groupby(row):
            count = len(list(run))
            if dark:
                ops.append(f"{c + QR_BORDER} {y} {count} 1 re")
            c += count
    return side, "\n".join(ops) + "\nf"


class QrSquare(Flowable):
    """The QR code, `size` points square with its quiet zone, drawn as one filled path
    (reportlab's QrCodeWidget encodes twice per page and draws a shape per run)."""

    def __init__(self, value: str, size: float = QR_SIZE) -> None:
        super().__init__()
        self.value = value
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        side, ops = qr_path(self.value)
        canvas = self.canv
        canvas.saveState()
        canvas.scale(self.size / side, self.size / side)
        canvas.setFillColorRGB(0, 0, 0)
        canvas._code.append(ops)  # the path in module units, filled
        canvas.restoreState()


def room_of(unit: Unit | None) -> str:
    """A unit as a notice names it: 5栋0101 (a bare building number gets its 栋)."""
    if unit is None:
        return ""
    building = unit.building.strip()
    if building and building[-1].isascii() and building[-1].isalnum():
        building += "栋"
    return f"{building}{unit.room.strip()}"


def _units(session: Session, ids: list[str | None]) -> dict[str, Unit]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    return {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(wanted)))}


def _member_unit(role: str, room: str, place: Place) -> str:
    """Where a group member comes from: an owner's room, or the body that sent them."""
    bodies = {
        "street_office": place.street_office,
        "party_committee": place.party_committee,
        "police": "辖区派出所",
        "residents_committee": f"{place.community_name}居民委员会",
        "developer": "建设单位",
    }
    body = bodies.get(role, "")
    return "，".join(p for p in (body, room) if p) or "—"


def _group_part(doc: Doc, session: Session, election: Election, place: Place, group: str) -> int:
    from app.elections.checks import group_members

    members = group_members(session, election.id)
    members.sort(key=lambda m: (not m.is_leader, list(GROUP_ROLE_ZH).index(m.role)
                                if m.role in GROUP_ROLE_ZH else len(GROUP_ROLE_ZH), m.name))
    units = _units(session, [m.unit_id for m in members])
    doc.p(f"{group}成员共{len(members)}人，名单如下：")
    rows: list[list[object]] = []
    for n, m in enumerate(members, 1):
        marks = [mark for mark, on in (("组长", m.is_leader), ("中共党员", m.is_party_member)) if on]
        rows.append([n, m.name, GROUP_ROLE_ZH.get(m.role, m.role),
                     _member_unit(m.role, room_of(units.get(m.unit_id or "")), place),
                     "、".join(marks)])
    doc.table(["序号", "姓名", "身份", "单位或房号", "备注"], rows, weights=(0, 1, 1, 2, 1))
    return len(members)


def _candidates_part(doc: Doc, session: Session, election: Election) -> int:
    from app.elections.checks import candidates

    people = candidates(session, election.id)
    units = _units(session, [p.unit_id for p in people])
    seats = "补选委员" if election.kind == "by_election" else "应选委员"
    doc.p(f"{seats}{election.seats}名，候选人{len(people)}名，名单如下：")
    rows: list[list[object]] = []
    for n, p in enumerate(people, 1):
        marks = [mark for mark, on in (("中共党员", p.is_party_member),) if on]
        rows.append([n, p.name, room_of(units.get(p.unit_id or "")) or "—",
                     p.nominated_by or "—", "、".join(marks)])
    doc.table(["序号", "姓名", "房号", "推荐方式", "备注"], rows, weights=(0, 1, 1, 2, 1))
    return len(people)


def _area(value: Decimal) -> str:
    return f"{value.normalize():f}平方米"


def _timing_part(doc: Doc, session: Session, election: Election) -> None:
    """The facts a 筹备时机关 approval rests on (the content its signature covers)."""
    from app.elections.register import compound_units, unit_tuples
    from app.elections.tally import build_register
    from app.elections.timing import covering_branches, resident_party_members
    from app.elections.triggers import replaced_committee, scheduled_term_end
    from app.rules import load_rules

    rules = load_rules()
    compound = place_of(session, election.compound_id).compound
    units = compound_units(session, election.compound_id)
    register = build_register(unit_tuples(units), rules)
    unsold = sum((u.area_m2 for u in units if u.developer_unsold), Decimal(0))
    rows = [("申请日期", zh_date(election.applied_on) if election.applied_on else "未登记")]
    if election.applicant_owners or election.applicant_area_m2:
        rows.append(("申请业主", f"{election.applicant_owners}人，专有部分面积"
                                f"{_area(Decimal(election.applicant_area_m2))}"))
    rows.append(("业主名册", f"专有部分{len(units)}套，计业主{register.total_owners}人、专有部分面积"
                            f"{_area(Decimal(register.total_area))}"
                            + (f"（含建设单位未售或未交付{_area(unsold)}）" if unsold else "")))
    if compound.delivered_on:
        rows.append(("首次交付日期", zh_date(compound.delivered_on)))
    found = stages.flow(election.kind, rules)
    if found is not None and found.party_origin is not None:
        branches = covering_branches(session, election.compound_id)
        members = resident_party_members(session, election.compound_id)
        reached = sum(1 for m in members if m.found_via is not None)
        rows.append(("覆盖党组织", "、".join(b.name for b in branches) or "无"))
        rows.append(("居住党员", f"登记{len(members)}名，经“双找”联系到{reached}名"))
        opinion = election.party_opinion.strip()
        rows.append(("社区党委意见",
                     f"{zh_date(election.party_opinion_on)}：{opinion}"
                     if opinion and election.party_opinion_on else opinion or "未记录"))
    if found is not None and found.report_months is not None:
        committee = replaced_committee(session, election)
        if committee is not None:
            end = scheduled_term_end(session, committee, rules)
            start = zh_date(committee.term_start) if committee.term_start else "未登记"
            rows.append(("本届业委会任期", f"{start}至{zh_date(end) if end else '未登记'}"))
        rows.append(("换届报告日期",
                     zh_date(election.reported_on) if election.reported_on else "未登记"))
    if found is not None and found.triggers:
        trigger = found.trigger(election.trigger)
        rows.append((f"{found.name}事由", trigger.title if trigger else "未登记"))
    doc.form(rows)


def _signer(session: Session, user: str) -> tuple[str, str, str] | None:
    """(name, title, office) from the signer's profile; None when none is known here."""
    from app.profile import profile_of

    profile = profile_of(session, user)
    return (profile.name, profile.title, profile.office) if profile else None


def _status_reasons(session: Session, approval: CheckpointApproval, what: str) -> list[str]:
    """Why a printed approval must not be taken as standing: revoked later, or what it approved
    has changed since (the form then lists the present state, not the approved one)."""
    from app.elections.signoff import approval_status, approvals

    status = approval_status(session, approval.id)
    if status == "revoked":
        revocation = next((a for a in approvals(session, approval.election_id)
                           if a.decision == "revoked" and a.revokes_id == approval.id), None)
        when = f"已于{zh_date(local_time(revocation.signed_at).date())}" if revocation else "已"
        return [f"本审核{when}撤销，不再有效"]
    if status == "stale":
        return [f"审核通过后{what}已有变动，本表所列为现有情况，与审核时不一致，须重新审核"]
    return []


def _head(place: Place, election_name: str, name: str, on: date | None, code: str) -> Table:
    """The head form beside the QR code (captioned only "扫码核验")."""
    info_width = TEXT_WIDTH - QR_SIZE - 6 * mm
    info = form_table([
        ("小区", place.full_name),
        ("选举类别", election_name),
        ("审核关口", name),
        ("审核日期", zh_date(on) if on else "—"),
    ], info_width)
    caption = para(QR_CAPTION if code else "无有效核验码", styles().cell_head)
    mark: Flowable = QrSquare(code) if code else Spacer(QR_SIZE, QR_SIZE)
    qr = Table([[mark], [caption]], colWidths=[QR_SIZE])
    qr.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name("body")),
                            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                            ("TOPPADDING", (0, 0), (-1, -1), 0),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    top = Table([[info, qr]], colWidths=[info_width + 6 * mm, QR_SIZE])
    top.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name("body")),
                             ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return top


def _checks_table(doc: Doc, checks: list[Check]) -> None:
    """The checks (each with what was found on its second line) and their results; the bases
    as numbered notes under the table, so a long citation is printed once, not on every row."""
    notes: list[str] = []
    rows: list[list[object]] = []
    for n, c in enumerate(checks, 1):
        if c.basis not in notes:
            notes.append(c.basis)
        found = f"\n核查情况：{c.found}" if c.found else ""
        rows.append([n, f"{c.title}{found}", c.result, f"〔{notes.index(c.basis) + 1}〕"])
    doc.table(["序号", "审核事项及核查情况", "结果", "依据"], rows)
    style = _note_style()
    for n, note in enumerate(notes, 1):
        line = para(f"〔{n}〕{note}", style)
        if n == 1:
            line = para(f"依据：〔{n}〕{note}", ParagraphStyle(
                "basis_first", parent=style, firstLineIndent=-3 * style.fontSize))
        doc.flow(line)


def _note_style() -> ParagraphStyle:
    """小四, the 〔n〕 hanging under "依据" so the citations line up."""
    small = styles().small
    label = 3 * small.fontSize  # "依据：" then each 〔n〕 under the first
    return ParagraphStyle("basis_note", parent=small, leftIndent=label, firstLineIndent=0,
                          spaceBefore=0)


def _conclusion(approval: CheckpointApproval, name: str) -> str:
    if approval.decision == "approved":
        return f"经审核，同意通过{name}。"
    if approval.decision == "returned":
        return "经审核，不予通过，退回补正。"
    return f"撤销此前{name}的审核通过。"


def _form_name(checkpoint: str, kind: str) -> str:
    """What the form is, in the words a street office files it under (the gate's own short name,
    业委会人选关, stays in the head): 首次业主大会筹备条件审核表, 业主委员会委员候选人审核表…"""
    if checkpoint == "timing":
        return TIMING_FORMS.get(kind, "业主委员会选举条件") + "审核表"
    if checkpoint == "group":
        if kind == "first":
            return f"业主大会{stages.organiser(kind)}人选审核表"
        label = KIND_LABELS.get(kind, "")
        group = stages.organiser(kind)
        return f"业主委员会{label}{group.removeprefix('换届') if label.endswith('换届') else group}人选审核表"
    return CANDIDATE_FORMS.get(kind, "业主委员会委员候选人") + "审核表"


def checkpoint_form(session: Session, record_id: str) -> DocumentSpec:
    approval = find_approval(session, record_id)
    election = get_live(session, Election, approval.election_id, "election")
    place = place_of(session, election.compound_id)
    intact = _intact(session, approval)
    code = qr_text_for(session, approval) if intact else ""
    # the kind's own name (换届小组人选关) for a checkpoint it has, else the default
    name = (stages.checkpoint_name(approval.checkpoint, election.kind)
            if approval.checkpoint in stages.CHECKPOINT_STAGE
            else CHECKPOINT_ZH.get(approval.checkpoint, approval.checkpoint))
    election_name = ELECTION_ZH.get(election.kind, "业主委员会选举")
    signed_on = local_time(approval.signed_at).date()
    doc = Doc(title=f"{place.compound.name}{_form_name(approval.checkpoint, election.kind)}",
              kind="checkpoint-form")
    doc.flow(_head(place, election_name, name, signed_on if intact else None, code))
    if not intact:
        doc.draft("审核记录与签名不符，可能被改动：本表不是有效的审核表，请核对后重新签核")

    group = stages.organiser(election.kind)
    if approval.checkpoint == "group":
        doc.h1(f"审核对象：{group}成员")
        _group_part(doc, session, election, place, group)
        what = f"{group}名单"
    elif approval.checkpoint == "candidates":
        doc.h1("审核对象：业主委员会委员候选人")
        _candidates_part(doc, session, election)
        what = "候选人名单"
    else:
        doc.h1(f"审核对象：{CONDITIONS_ZH.get(election.kind, '筹备条件')}")
        _timing_part(doc, session, election)
        what = "所审核的情况"

    doc.h1("审核事项")
    _checks_table(doc, checks_for(session, election, approval.checkpoint, signed_on))

    doc.h1("审核结论")
    # what the signature does not cover is never shown as signed
    comment = sentence(approval.comment.strip()) if intact else "（与签名不符，不予显示）"
    doc.p(_conclusion(approval, name) + (f"审核意见：{comment}" if comment else ""))
    if intact and approval.override_reason.strip():
        doc.p(f"区设置未满足项的通过理由：{approval.override_reason.strip()}")

    signer = _signer(session, approval.signer)
    if signer is None:
        doc.draft("签核人未填写本人信息（姓名、职务、单位），审核人一栏留空待手写；"
                  "在“设置—本人信息”填写后重新打印")
        who = f"审核人：{BLANK}　　职务：{BLANK}"
        office = place.street_office
    else:
        person, title, office = signer
        office = office or place.street_office
        who = f"审核人：{person}" + (f"　　职务：{title}" if title else "")
    # a block of its own, so the layout keeps it and the conclusion with the 落款
    doc.flow(Block([para(f"{text(who)}<br/>签字：{SIGN_LINE}", styles().plain, markup=True)]))
    doc.mention(who)  # drawn inside a Block: checked for glyphs no font has, as paragraphs are
    for reason in _status_reasons(session, approval, what):
        doc.draft(reason)
    doc.sign(issuer=office, on=signed_on if intact else None, seal=True)
    doc.keywords = code  # `main.py verify FILE` reads the signed record from here
    return doc.spec()

"""The checkpoint sign-off form (关口审核表): what was checked, pass or fail, the signer, the time,
and a QR code carrying the signed record (signing contract: "CDSIGN1:" text), which also goes
into the PDF's Info Keywords so `main.py verify FILE` can check a printed form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import BadInput
from app.printing import rules_text as rt
from app.printing.data import NotReady, get_live, local_time, place_of, zh_datetime
from app.printing.documents.elections import GROUP_ROLE_ZH, candidates_of
from app.printing.fonts import font_name
from app.printing.layout import (
    TEXT_WIDTH,
    DocumentSpec,
    Signature,
    form_table,
    heading,
    para,
    styles,
    table,
)
from db.models import CheckpointApproval, Election, GroupMember

CHECKPOINT_ZH = {"timing": "筹备时机关", "group": "筹备组人选关", "candidates": "业委会人选关"}
DECISION_ZH = {"approved": "通过", "returned": "退回", "revoked": "撤销"}
QR_SIZE = 48 * mm  # ~0.5 mm modules for a ~800-character code: scans from paper


@dataclass(frozen=True)
class Check:
    text: str
    passed: bool
    source: str


def find_approval(session: Session, record_id: str) -> CheckpointApproval:
    """An approval by its id, or the latest approval of an election given by the election's id."""
    approval = session.get(CheckpointApproval, record_id)
    if approval is not None and approval.deleted_at is None:
        return approval
    election = session.get(Election, record_id)
    if election is None or election.deleted_at is not None:
        raise BadInput(f"no checkpoint approval or election with id {record_id!r}")
    latest = session.scalars(
        select(CheckpointApproval).where(CheckpointApproval.election_id == record_id,
                                         CheckpointApproval.deleted_at.is_(None))
        .order_by(CheckpointApproval.signed_at.desc())
    ).first()
    if latest is None:
        raise NotReady(f"election {record_id}: no checkpoint has been signed yet")
    return latest


def _share_ok(part: int, whole: int, share: Any) -> bool:
    return whole > 0 and part * share.denominator >= whole * share.numerator


def checks_for(session: Session, election: Election, checkpoint: str) -> list[Check]:
    """The checks of a checkpoint from the rules file, evaluated on the data as it stands now."""
    r = rt.rules()
    if checkpoint == "group":
        g = r.group
        members = list(session.scalars(select(GroupMember).where(
            GroupMember.election_id == election.id, GroupMember.deleted_at.is_(None))))
        roles = [m.role for m in members]
        reps = [m for m in members if m.role == "owner_rep"]
        leader = [m for m in members if m.is_leader]
        ps = r.party_share
        return [
            Check(f"筹备组成员{g.min_members}至{g.max_members}人（现{len(members)}人）",
                  g.min_members <= len(members) <= g.max_members, g.origin.source),
            Check("组长由" + GROUP_ROLE_ZH.get(g.leader_role, g.leader_role) + "担任",
                  len(leader) == 1 and leader[0].role == g.leader_role, g.origin.source),
            Check("包含" + "、".join(GROUP_ROLE_ZH.get(x, x) for x in g.required_roles),
                  all(x in roles for x in g.required_roles), g.origin.source),
            Check(f"业主代表{g.owner_reps_min}至{g.owner_reps_max}人（现{len(reps)}人）",
                  g.owner_reps_min <= len(reps) <= g.owner_reps_max, g.origin.source),
            Check(f"业主代表中党员占比不低于{rt.zh_fraction(ps.owner_reps)}",
                  _share_ok(sum(m.is_party_member for m in reps), len(reps), ps.owner_reps),
                  ps.origin.source),
        ]
    if checkpoint == "candidates":
        cands = candidates_of(session, election.id)
        c, ps = r.committee, r.party_share
        rep_names = {m.name for m in session.scalars(select(GroupMember).where(
            GroupMember.election_id == election.id, GroupMember.role == "owner_rep",
            GroupMember.deleted_at.is_(None)))}
        checks = [
            Check(f"应选委员{election.seats}名，为{c.min_size}至{c.max_size}人单数",
                  c.size_ok(election.seats), c.origin.source),
            Check(f"候选人数不少于应选名额（现{len(cands)}人）", len(cands) >= election.seats,
                  c.origin.source),
            Check("候选人无在本小区物业服务企业任职者", not any(x.works_for_property for x in cands),
                  c.origin.source),
            Check("候选人无欠缴物业费等情形", not any(x.fee_arrears for x in cands), c.origin.source),
            Check(f"候选人中党员占比不低于{rt.zh_fraction(ps.candidates)}",
                  _share_ok(sum(x.is_party_member for x in cands), len(cands), ps.candidates),
                  ps.origin.source),
        ]
        if election.kind == "first" and r.group.owner_reps_not_first_candidates:
            checks.append(Check("筹备组业主代表未列为首届候选人",
                                not rep_names & {x.name for x in cands}, r.group.origin.source))
        return checks
    t = r.trigger
    return [
        Check("已收到业主筹备申请", election.applied_on is not None, t.origin.source),
        Check(
            f"已交付面积达{rt.zh_fraction(t.delivered_area_share)}、首套交付满"
            f"{t.years_since_first_delivery}年或申请业主达{rt.zh_fraction(t.applicant_share)}（满足其一）",
            True, t.origin.source,
        ),
    ]


def qr_text_for(approval: CheckpointApproval) -> str:
    """The signed record as QR text (app.signing): payload, signature and the signer's public
    key, which only the signer's keyring holds — so a form is printed where it was signed."""
    from app.errors import WorkFailed
    from app.signing import qr_text, signing_key

    try:
        key = signing_key(approval.signer, create=False)
    except WorkFailed:
        key = None
    if key is None or key.key_id != approval.key_id:
        raise NotReady(
            f"checkpoint approval {approval.id}: the public key of signer {approval.signer!r} "
            f"(key id {approval.key_id[:12]}…) is not on this computer; print the form where it was signed"
        )
    return qr_text(approval, key.public_raw)


def qr_drawing(value: str, size: float = QR_SIZE) -> Drawing:
    """reportlab's own QR widget scaled to a square `size` points wide."""
    widget = QrCodeWidget(value, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.initialFontName = font_name("body")  # else the drawing pulls in unembedded Helvetica
    drawing.add(widget)
    return drawing


def checkpoint_form(session: Session, record_id: str) -> DocumentSpec:
    approval = find_approval(session, record_id)
    election = get_live(session, Election, approval.election_id, "election")
    place = place_of(session, election.compound_id)
    code = qr_text_for(approval)
    st = styles()
    name = CHECKPOINT_ZH.get(approval.checkpoint, approval.checkpoint)
    checks = checks_for(session, election, approval.checkpoint)
    signed = zh_datetime(approval.signed_at)
    info_width = TEXT_WIDTH - QR_SIZE - 4 * mm
    info = form_table([
        ("小区", place.full_name),
        ("审核关口", name),
        ("审核结论", DECISION_ZH.get(approval.decision, approval.decision)),
        ("审核意见", approval.comment or "—"),
        ("例外说明", approval.override_reason or "无"),
        ("签核人", approval.signer),
        ("签核时间", signed),
        ("签核单位", place.street_office),
    ], info_width)
    top = Table([[info, qr_drawing(code)]], colWidths=[info_width + 4 * mm, QR_SIZE])
    top.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name("body")),
                             ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story = [
        top,
        para("扫描右上二维码，或运行“python main.py verify 本文件.pdf”，可核验本表签核记录："
             "签名使用签核人的Ed25519密钥，记录一经签核不可更改。"
             f"内容摘要（SHA-256）：{approval.content_hash}；密钥指纹：{approval.key_id[:16]}…", st.small),
        Spacer(1, 4),
        heading("审核事项"),
        table(["序号", "审核事项", "结果", "依据"],
              [[n, c.text, "符合" if c.passed else "不符合", c.source] for n, c in enumerate(checks, 1)],
              [1, 5, 1.3, 4.5]),
    ]
    signature = Signature(place.street_office, local_time(approval.signed_at).date(),
                          approval.signer, "签核人")
    return DocumentSpec(
        title=f"{place.compound.name}业主委员会选举{name}审核表", story=story,
        signature=signature, signature_in_story=True, keywords=code, subject="checkpoint-form",
    )

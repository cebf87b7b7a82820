"""The checkpoint sign-off form (关口审核表): what was checked, pass or fail, the signer, the time,
and a QR code carrying the signed record (signing contract: "CDSIGN1:" text), which also goes
into the PDF's Info Keywords so `main.py verify FILE` can check a printed form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections import stages
from app.errors import BadInput
from app.printing.data import NotReady, get_live, local_time, place_of, zh_datetime
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
from app.printing.rules_text import basis
from db.models import CheckpointApproval, Election

CHECKPOINT_ZH = {"timing": "筹备时机关", "group": "筹备组人选关", "candidates": "业委会人选关"}
DECISION_ZH = {"approved": "通过", "returned": "退回", "revoked": "撤销"}
QR_SIZE = 48 * mm  # ~0.5 mm modules for a ~800-character code: scans from paper


@dataclass(frozen=True)
class Check:
    text: str
    result: str  # 符合 / 不符合 / 提示
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


def checks_for(session: Session, election: Election, checkpoint: str, on: date) -> list[Check]:
    """The checkpoint's checks exactly as the election workflow evaluates them (one
    implementation: app.elections.checks), as they stand on the sign-off date."""
    from app.elections.checks import checks_for as election_checks
    from app.rules import load_rules

    return [
        Check(f"{c.title}（{c.detail}）" if c.detail else c.title,
              "符合" if c.passed else "提示" if c.flag_only else "不符合", basis(c.origin))
        for c in election_checks(session, election, checkpoint, load_rules(), on)
    ]


def qr_text_for(session: Session, approval: CheckpointApproval) -> str:
    """The signed record as QR text, built from the signer's public key as this computer knows
    it (its own key, or a colleague's fetched and checked by sync)."""
    from app.elections.signoff import qr_text_for as signed_qr_text

    try:
        return signed_qr_text(session, approval)
    except BadInput:
        raise NotReady(
            f"checkpoint approval {approval.id}: the public key of signer {approval.signer!r} "
            f"(key id {approval.key_id[:12]}…) is not known on this computer yet; sync first"
        ) from None


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
    code = qr_text_for(session, approval)
    st = styles()
    # the kind's own name (换届小组人选关) for a checkpoint it has, else the default
    name = (stages.checkpoint_name(approval.checkpoint, election.kind)
            if approval.checkpoint in stages.CHECKPOINT_STAGE
            else CHECKPOINT_ZH.get(approval.checkpoint, approval.checkpoint))
    checks = checks_for(session, election, approval.checkpoint,
                        local_time(approval.signed_at).date())
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
        para("扫描右上二维码可核验本表签核记录；记录一经签核不可更改。", st.small),
        Spacer(1, 4),
        heading("审核事项"),
        table(["序号", "审核事项", "结果", "依据"],
              [[n, c.text, c.result, c.source] for n, c in enumerate(checks, 1)],
              [1, 5, 1.3, 4.5]),
    ]
    signature = Signature(place.street_office, local_time(approval.signed_at).date(),
                          approval.signer, "签核人")
    return DocumentSpec(
        title=f"{place.compound.name}业主委员会选举{name}审核表", story=story,
        signature=signature, signature_in_story=True, keywords=code, subject="checkpoint-form",
    )

"""授权委托书: the form an owner fills in by hand to let someone else vote at this owners'
assembly — owner, room, area, the proxy's name and contact (no ID numbers), what the proxy may
do (this meeting's matters only), how long it holds, and both signatures and dates. Blank lines
are right here: the owner writes them."""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Spacer
from sqlalchemy.orm import Session

from app.printing import rules_text as rt
from app.printing.documents.assembly import agenda, vote_period
from app.printing.documents.ballot import SHADE, cell, ruled
from app.printing.documents.election_context import load
from app.printing.documents.election_parts import candidates_changed_since_approval
from app.printing.gongwen import Doc
from app.printing.layout import LINE_PITCH, DocumentSpec, styles, text, zh_date
from app.printing.linebreak import CJKParagraph

PEN = "\u3000" * 8  # room for a handwritten value in a form cell
DATE_BLANK = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"


def proxy(session: Session, election_id: str) -> DocumentSpec:
    ctx = load(session, election_id)
    e = ctx.election
    compound = ctx.place.compound
    meeting = f"{compound.name}{ctx.assembly_name}"
    doc = Doc("授权委托书", kind="proxy")
    doc.flow(CJKParagraph(text(f"（{meeting}）"), styles().subtitle))
    blank = cell(PEN)
    doc.flow(ruled([
        [cell("委托人（业主）", True), blank, cell("联系电话", True), blank],
        [cell("房号", True), blank, cell("专有部分面积", True), cell("平方米", align=TA_RIGHT)],
        [cell("受托人", True), blank, cell("联系电话", True), blank],
        [cell("与委托人关系", True), blank, "", ""],
    ], [1.7, 1.9, 1.3, 1.9], extra=[("SPAN", (1, 3), (3, 3)), ("BACKGROUND", (2, 0), (2, 2), SHADE)],
        shade_cols=(0,), heights=[LINE_PITCH * 1.0] * 4))
    doc.flow(Spacer(1, LINE_PITCH * 0.4))
    period = vote_period(e)
    doc.p(f"本人系{compound.name}上列房屋的业主，因故不能亲自参加{ctx.issuer}召集的{meeting}"
          + (f"（投票时间：{period}）" if period else "")
          + "，现委托上列受托人代表本人参加本次会议，就下列事项按本人意愿填写选票并投票：")
    matters = agenda(ctx, rt.rules())
    for n, (title, what) in enumerate(matters, 1):
        stop = "。" if n == len(matters) else "；"
        doc.item(f"{title}{stop}" if title.startswith("表决") else f"{title}（{what}）{stop}")
    end = e.vote_end or e.vote_start
    doc.p("委托期限：自本委托书签署之日起至本次会议投票结束"
          + (f"（{zh_date(end)}）" if end else "") + "止。"
          "受托人只能就上列事项投票，不得转委托；投票时须将本委托书原件与选票一并提交。")
    sign = ParagraphStyle("proxy_sign", parent=styles().body, firstLineIndent=0, alignment=TA_LEFT,
                          spaceBefore=LINE_PITCH * 0.5)
    for who in ("委托人（签名）", "受托人（签名）"):
        doc.flow(CJKParagraph(text(f"{who}：{'＿' * 7}\u3000\u3000{DATE_BLANK}"), sign))
    changed = candidates_changed_since_approval(session, ctx)  # the agenda names the election
    if changed:
        doc.draft(changed)
    return doc.spec()

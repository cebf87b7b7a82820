"""Printed notices and forms: official-looking PDFs after GB/T 9704 (reportlab Platypus).

`render(session, kind, record_id)` gives the PDF bytes of one document; `KINDS` names the kinds
(the `notice` verb's KIND) with what their id refers to. Never imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from app.errors import BadInput
from app.printing.reportlab_import import import_paragraph

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.printing.layout import DocumentSpec


@dataclass(frozen=True)
class Kind:
    """A document kind: its Chinese name, what its id refers to, and its builder."""

    key: str
    label_zh: str
    record: str  # election / approval / meeting / agenda item / street
    builder: str  # "module:function" under app.printing.documents

    def build(self, session: Session, record_id: str) -> DocumentSpec:
        module, function = self.builder.split(":")
        import_paragraph()  # before any document module pulls in reportlab
        func: Callable[[Session, str], DocumentSpec] = getattr(
            import_module(f"app.printing.documents.{module}"), function)
        return func(session, record_id)


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("preparatory-notice", "筹备组成立公告", "election", "election_group:preparatory_notice"),
    Kind("candidates-notice", "候选人公示", "election", "election_candidates:candidates_notice"),
    Kind("election-notice", "选举公告（业主大会会议选举业主委员会）", "election", "election_vote:election_notice"),
    Kind("result-notice", "选举结果公告", "election", "election_result:result_notice"),
    Kind("assembly-notice", "业主大会会议通知（会议召开15日前通知全体业主）", "election", "assembly:assembly_notice"),
    Kind("register-notice", "业主名册公示", "election", "register:register_notice"),
    Kind("ballot", "选票（每位纸质投票业主一张）", "election", "ballot:ballot"),
    Kind("proxy", "授权委托书", "election", "proxy:proxy"),
    Kind("committee-notice", "业主委员会成立公告", "committee (or its election)",
         "committee:committee_notice"),
    Kind("filing-form", "业主委员会备案表", "committee (or its election)", "committee:filing_form"),
    Kind("checkpoint-form", "关口审核表", "checkpoint approval (or election: latest approval)",
         "checkpoint:checkpoint_form"),
    Kind("signin-sheet", "会议签到表", "meeting", "meetings:signin_sheet"),
    Kind("minutes", "会议纪要", "meeting", "meetings:minutes"),
    Kind("answer-notice", "议事事项回音告知", "agenda item", "meetings:answer_notice"),
    Kind("coverage-report", "小区党组织覆盖情况统计表", "street (id or name)",
         "coverage:coverage_report"),
    Kind("rating-report", "物业服务星级评价报告", "rating inspection", "ratings:rating_report"),
)}


def kind_of(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise BadInput(code="printing.unknown_kind", kind=key[:40], kinds=list(KINDS)) from None


def build(session: Session, kind: str, record_id: str) -> DocumentSpec:
    """What the document says (raises BadInput for an unknown kind or id, NotReady for data
    that is not there yet)."""
    return kind_of(kind).build(session, record_id.strip())


def render(session: Session, kind: str, record_id: str) -> bytes:
    """The PDF bytes of one document."""
    import_paragraph()
    from app.printing.layout import render_pdf

    return render_pdf(build(session, kind, record_id))

"""选票: the paper ballot of an election, one page per owner who votes on paper (every counted
owner without an electronic vote on file), each with the owner's name, rooms and area printed,
the candidates with a 同意 box each, how to mark it and what voids it, and the signature line.
With no owners' register yet it prints one blank ballot to fill in by hand.

A ballot is marked as our tally counts it: a tick approves a candidate, no tick approves none
(an empty ballot still counts as taking part). The pages share their fixed parts (the candidate
table, the instructions), laid out once, so 2,000 owners print in seconds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections.register import DEVELOPER_KEY
from app.elections.tally import build_register
from app.errors import BadInput
from app.owners_votes.first_assembly import STATUTE_NAMES
from app.printing import rules_text as rt
from app.printing.data import NotReady
from app.printing.documents.assembly import vote_period
from app.printing.documents.election_context import ElectionContext, candidates_of, load
from app.printing.documents.election_parts import candidates_changed_since_approval
from app.printing.documents.register import RegisterRow, area_text, register_rows, rooms_by_unit
from app.printing.fonts import font_name
from app.printing.gongwen import Doc
from app.printing.layout import (
    LINE_PITCH,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    BoldTitle,
    DocumentSpec,
    styles,
    text,
    zh_date,
)
from app.printing.linebreak import CJKParagraph
from db.models import Ballot, Candidate

ROOMS_SHOWN = 6  # an owner of more parts shows the first ones and the count
BLANK = "\u3000" * 6
MIN_ROW = 20.0  # pt (7 mm): a candidate's row still takes a tick; fewer fit → a second page
ROW = LINE_PITCH * 0.9
HEAD_ROW = 22.0  # pt: header rows and the owner box's rows
SHADE = colors.Color(0.92, 0.92, 0.92)
TICK_HEAD = "同意（画“√”）"


class Shared:
    """One flowable that every ballot page shows unchanged: laid out once and drawn once into a
    PDF form (XObject) that each page places — 2,000 ballots cost one layout and one drawing of
    the candidate table and the instructions, and the file stays small."""

    count = 0

    def __init__(self, inner: Flowable) -> None:
        Shared.count += 1
        self.inner = inner
        self.name = f"ballot_shared_{Shared.count}"
        self.size: tuple[float, float] | None = None
        self.on_canvas: int | None = None  # id of the canvas the form was drawn into

    def stamp(self) -> Stamp:
        return Stamp(self)


class Stamp(Flowable):
    """A fresh flowable per page (reportlab marks a flowable it moved to the next page, so the
    shared one itself must not stand twice in the story) that places the shared form."""

    def __init__(self, shared: Shared) -> None:
        super().__init__()
        self.shared = shared

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        shared = self.shared
        if shared.size is None:
            shared.inner.canv = getattr(self, "canv", None)  # set by the frame; KeepInFrame asks
            w, h = shared.inner.wrap(availWidth, availHeight)
            shared.size = (float(w), float(h))
        self.width: float = shared.size[0]
        self.height: float = shared.size[1]
        return shared.size

    def getSpaceBefore(self) -> float:
        return float(self.shared.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.shared.inner.getSpaceAfter())

    def draw(self) -> None:
        canvas = self.canv
        shared = self.shared
        if shared.on_canvas != id(canvas):
            pad = 4.0
            canvas.beginForm(shared.name, -pad, -pad, self.width + pad, self.height + pad)
            shared.inner.drawOn(canvas, 0, 0)
            canvas.endForm()
            shared.on_canvas = id(canvas)
        canvas.doForm(shared.name)


def fit(value: str, font: str, size: float, room: float, smallest: float = 8.0) -> tuple[float, str]:
    """The type size (down to `smallest`) at which `value` fits `room`; past that, the text cut
    with "…" (an 80-character company name must not run over the box's rule)."""
    width = stringWidth(value, font, size)
    if width <= room or room <= 0:
        return size, value
    size = max(smallest, size * room / width)
    while value and stringWidth(value, font, size) > room:
        value = value[:-2] + "…" if len(value) > 2 else ""
    return size, value


class OwnerBox(Flowable):
    """业主 / 房号 / 专有部分面积 / 选票编号 of one ballot, drawn straight on the canvas (the one
    part that changes from page to page, so it must be cheap); a long room list shrinks its type
    to stay on one line."""

    WEIGHTS = (1.3, 2.4, 1.1, 1.8)
    SIZE = 12.0

    def __init__(self, name: str, rooms: str, area: str, number: str) -> None:
        super().__init__()
        self.values = (name, rooms, area, number)
        self.row = HEAD_ROW

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width: float = availWidth
        self.height: float = self.row * 3
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        unit = self.width / sum(self.WEIGHTS)
        xs = [0.0]
        for weight in self.WEIGHTS:
            xs.append(xs[-1] + weight * unit)
        row = self.row
        body, head = font_name("body"), font_name("heading")
        c.saveState()
        c.setFillColor(SHADE)
        c.rect(0, 0, xs[1], row * 3, stroke=0, fill=1)
        c.rect(xs[2], 0, xs[3] - xs[2], row, stroke=0, fill=1)
        c.setFillColor(colors.black)
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, row * 3)
        c.line(0, row, self.width, row)
        c.line(0, row * 2, self.width, row * 2)
        c.line(xs[1], 0, xs[1], row * 3)
        c.line(xs[2], 0, xs[2], row)
        c.line(xs[3], 0, xs[3], row)
        name, rooms, area, number = self.values
        base = (row - self.SIZE) / 2 + 2
        for y, label in ((row * 2, "业主"), (row, "房号"), (0, "专有部分面积")):
            c.setFont(head, self.SIZE)
            c.drawCentredString(xs[1] / 2, y + base, label)
        c.drawCentredString((xs[2] + xs[3]) / 2, base, "选票编号")
        pad = 4.0
        for y, value, right in ((row * 2, name, self.width), (row, rooms, self.width), (0, area, xs[2]),
                                (0, number, self.width)):
            left = xs[3] if value is number else xs[1]
            room = right - left - 2 * pad
            size, value = fit(value, body, self.SIZE, room)
            c.setFont(body, size)
            c.drawString(left + pad, y + base, value)
        c.restoreState()


@dataclass(frozen=True)
class PaperVoter:
    """One counted owner who gets a paper ballot; `number` is the owner's place in the whole
    register, so a ballot keeps its number when it is printed again after more e-votes came in."""

    name: str
    rooms: tuple[str, ...]
    area: Decimal
    number: int
    of: int  # owners in the register


def _group(rows: list[RegisterRow]) -> dict[str, list[RegisterRow]]:
    grouped: dict[str, list[RegisterRow]] = {}
    for row in rows:
        grouped.setdefault(row.key, []).append(row)
    return grouped


def paper_voters(session: Session, election_id: str, rows: list[RegisterRow]) -> list[PaperVoter]:
    """Counted owners (one buyer's parts together, the developer's unsold parts together, the
    developer last) who have no electronic vote in this election."""
    register = build_register(
        [(str(n), r.key, r.area, r.key == DEVELOPER_KEY) for n, r in enumerate(rows)], rt.rules())
    e_voted = {register.voter(key) for key in session.scalars(
        select(Ballot.owner_key).where(Ballot.election_id == election_id, Ballot.deleted_at.is_(None),
                                       Ballot.channel == "electronic"))}
    voters = []
    grouped = _group(rows)
    for number, key in enumerate(sorted(grouped, key=lambda k: k == DEVELOPER_KEY), 1):  # stable sort
        if register.voter(key) in e_voted:
            continue
        parts = grouped[key]
        voters.append(PaperVoter(parts[0].owner, tuple(p.room for p in parts),
                                 sum((p.area for p in parts), Decimal(0)), number, len(grouped)))
    return voters


def rooms_text(rooms: tuple[str, ...]) -> str:
    if len(rooms) <= ROOMS_SHOWN:
        return "、".join(rooms)
    return "、".join(rooms[:ROOMS_SHOWN]) + f"等{len(rooms)}个专有部分"


def cell(value: str, head: bool = False, align: int | None = None) -> CJKParagraph:
    st = styles()
    style = st.cell_head if head else st.cell
    if align is not None:
        style = ParagraphStyle(f"{style.name}_{align}", parent=style, alignment=align)
    return CJKParagraph(text(value), style)


def ruled(data: list[list[Any]], widths: list[float], extra: Sequence[tuple[Any, ...]] = (),
           shade_cols: tuple[int, ...] = (), shade_head: bool = False,
           heights: list[float] | None = None) -> Table:
    table = Table(data, colWidths=[w * TEXT_WIDTH / sum(widths) for w in widths], rowHeights=heights,
                  repeatRows=1 if shade_head else 0)
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font_name("body")),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        *extra,
    ]
    for col in shade_cols:
        style.append(("BACKGROUND", (col, 0), (col, -1), SHADE))
    if shade_head:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(style))
    return table


def owner_box(voter: PaperVoter | None, number: str) -> OwnerBox:
    """Who votes with this ballot: printed for a listed owner, blank for a blank ballot."""
    if voter is None:
        return OwnerBox("", "", f"{BLANK}平方米", number)
    return OwnerBox(voter.name, rooms_text(voter.rooms), f"{area_text(voter.area)}平方米", number)


def candidate_table(candidates: list[Candidate], rooms: dict[str, str], row: float, first: int = 1) -> Table:
    """The candidates (numbered from `first` when the list runs over several pages)."""
    data: list[list[Any]] = [[cell("序号", True), cell("候选人", True), cell("房号", True),
                              cell(TICK_HEAD, True)]]
    for n, c in enumerate(candidates, first):
        data.append([cell(str(n), align=TA_CENTER), cell(c.name), cell(rooms.get(c.unit_id or "", "—")),
                     ""])
    return ruled(data, [0.8, 2.2, 2.2, 1.8], shade_head=True,
                 heights=[HEAD_ROW] + [row] * len(candidates))


def page_sizes(count: int, first_pages: int, last_page: int) -> list[int]:
    """How many candidates each page of one owner's ballot lists: full pages, then the last one
    with room left for the other matters, the instructions and the signature."""
    sizes: list[int] = []
    remaining = count
    while remaining > last_page:
        take = min(first_pages, remaining - (1 if last_page >= 1 else 0))
        sizes.append(take)
        remaining -= take
    sizes.append(remaining)
    return sizes


def statute_table(names: list[str]) -> Table:
    """A first assembly's other matters on the same ballot: 同意 / 反对 / 弃权, one box each."""
    data: list[list[Any]] = [[cell("序号", True), cell("表决事项", True), cell("同意", True),
                              cell("反对", True), cell("弃权", True)]]
    for n, name in enumerate(names, 1):
        data.append([cell(str(n), align=TA_CENTER), cell(f"《{name}》"), "", "", ""])
    return ruled(data, [0.8, 3.2, 1, 1, 1], shade_head=True,
                 heights=[HEAD_ROW] + [MIN_ROW + 2] * len(names))


def instruction_lines(ctx: ElectionContext, seats: int, deadline: str, statutes: bool) -> list[str]:
    """填票说明: how to mark, what voids a ballot — only what the count applies."""
    e = ctx.election
    place = e.vote_place or "投票地点"
    lines = [
        f"同意某候选人当选的，在其右侧“同意”栏内画“√”；不同意或弃权的，该栏留空。"
        f"同意的候选人不得超过{seats}名，超过的，本票无效。",
        "未对任何候选人画“√”的，视为弃权，计入参与表决的人数和面积。",
    ]
    if statutes:
        lines.append("表决事项在“同意”“反对”“弃权”三栏中选择一栏画“√”。")
    lines += [
        "选票须由业主（受托人）签名，未签名的选票不予登记；“√”涂改无法辨认的，该栏不计票。",
        "委托他人投票的，由受托人签名，并附业主签名的授权委托书。",
        f"请于{deadline}前将选票投入设在{place}的投票箱。"
        + (("已通过深圳市物业管理电子投票系统投票的，无须再投本票"
            + ("；两种方式都投的，以电子投票为准。" if rt.rules().counting.electronic_beats_paper else "。"))
           if e.e_vote else ""),
    ]
    return [f"{n}.{line}" for n, line in enumerate(lines, 1)]


def instructions(lines: list[str]) -> list[Flowable]:
    small = ParagraphStyle("ballot_note", parent=styles().small, firstLineIndent=0,
                           fontSize=10.5, leading=14.5)  # 五号: the candidates keep the room
    head = ParagraphStyle("ballot_note_head", parent=small, fontName=font_name("heading"))
    out: list[Flowable] = [Spacer(1, 6), CJKParagraph("填票说明", head)]
    out += [CJKParagraph(text(line), small) for line in lines]
    return out


def signature_lines(issuer: str) -> list[Flowable]:
    body = ParagraphStyle("ballot_sign", parent=styles().plain, fontSize=13, leading=18,
                          spaceBefore=LINE_PITCH * 0.4)
    right = ParagraphStyle("ballot_issuer", parent=styles().small, alignment=TA_RIGHT)
    return [
        CJKParagraph(text(f"业主（受托人）签名：{'＿' * 8}\u3000日期：\u3000\u3000年\u3000\u3000月\u3000\u3000日"),
                     body),
        CJKParagraph(text(f"{issuer}制"), right),
    ]


def ballot_title(ctx: ElectionContext) -> str:
    return f"{ctx.place.compound.name}{ctx.assembly_name}选票"


def ballot(session: Session, election_id: str) -> DocumentSpec:
    ctx = load(session, election_id)
    e = ctx.election
    candidates = candidates_of(session, election_id)
    if not candidates:
        raise NotReady(code="printing.no_candidates")
    rows = register_rows(session, ctx.place.compound.id)
    voters: list[PaperVoter | None] = list(paper_voters(session, election_id, rows)) if rows else [None]
    if not voters:
        raise NotReady(code="printing.all_voted_online")
    title = ballot_title(ctx)
    end = e.vote_end or e.vote_start
    deadline = zh_date(end) if end else "投票结束"
    verb = "补选" if e.kind == "by_election" else "选举"
    sub_text = f"{verb}{ctx.term_name}委员\u3000应选{e.seats}名"
    subtitle = CJKParagraph(text(sub_text), ParagraphStyle("ballot_sub", parent=styles().subtitle,
                                                           spaceAfter=LINE_PITCH * 0.4))
    heading = BoldTitle(title)
    head_h = heading.wrap(TEXT_WIDTH, TEXT_HEIGHT)[1] + heading.getSpaceAfter()
    sub_h = subtitle.wrap(TEXT_WIDTH, TEXT_HEIGHT)[1] + subtitle.getSpaceAfter()
    room = TEXT_HEIGHT - head_h - sub_h - HEAD_ROW * 3 - 8
    statutes = ([STATUTE_NAMES.get(k, k) for k in rt.rules().procedure.first_assembly.statute_votes]
                if ctx.is_first else [])
    lines = instruction_lines(ctx, e.seats, deadline, bool(statutes))
    tail: list[Flowable] = []
    if statutes:
        tail += [Spacer(1, LINE_PITCH * 0.3), statute_table(statutes)]
    tail += [*instructions(lines), *signature_lines(ctx.issuer)]
    tail_h = sum(f.wrap(TEXT_WIDTH, TEXT_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in tail)
    gap = LINE_PITCH * 0.3 + HEAD_ROW
    if room - tail_h - gap < MIN_ROW:
        raise BadInput(code="printing.ballot_title_too_long")
    rooms = rooms_by_unit(session, [c.unit_id for c in candidates])
    spare = (room - tail_h - gap) / len(candidates)
    if spare >= MIN_ROW:  # one page: the rows give way down to 7 mm
        sizes, row = [len(candidates)], min(ROW, spare)
    else:  # more candidates than one page holds: the list runs on, the owner box on every page
        sizes, row = page_sizes(len(candidates), int((room - gap) // ROW),
                                int(max(0.0, room - tail_h - gap) // ROW)), ROW
    pages: list[Shared] = []
    start = 0
    for index, size in enumerate(sizes):
        body: list[Flowable] = []
        if size:
            body += [Spacer(1, LINE_PITCH * 0.3),
                     candidate_table(candidates[start:start + size], rooms, row, start + 1)]
        if index == len(sizes) - 1:
            body += tail
        pages.append(Shared(KeepInFrame(TEXT_WIDTH, room, body, mode="shrink")))  # a safety net only
        start += size
    shared_title, shared_sub = Shared(heading), Shared(subtitle)
    doc = Doc(title, kind="ballot")
    doc.page_numbers = False  # each page is a sheet of its own, known by its 选票编号 (第N页共M页)
    doc.mention(sub_text, *lines, ctx.issuer, *(c.name for c in candidates), *rooms.values(), *statutes)
    first = True
    for voter in voters:
        number = "" if voter is None else f"{voter.number:0{max(4, len(str(voter.of)))}d}"
        if voter is not None:
            doc.mention(voter.name, *voter.rooms)
        for page_no, page in enumerate(pages, 1):
            if not first:
                doc.flow(PageBreak())
                doc.flow(shared_title.stamp())
            first = False
            doc.flow(shared_sub.stamp())
            label = f"{number}（第{page_no}页共{len(pages)}页）" if len(pages) > 1 else number
            doc.flow(owner_box(voter, label))
            doc.flow(page.stamp())
    for reason in (candidates_changed_since_approval(session, ctx),):
        if reason:
            doc.draft(reason)
    if not ctx.reached("candidate_notice"):
        doc.draft("候选人名单尚未通过业委会人选关审核")
    if e.vote_start is None or not e.vote_place:
        doc.draft("尚未登记投票时间和地点")
    if ctx.reached("tallied"):
        doc.draft(f"投票已于{vote_period(e) or '此前'}结束，不再发放选票")
    return doc.spec()

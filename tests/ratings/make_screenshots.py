"""Render the ratings page offscreen and save screenshots for review:
`python -m tests.ratings.make_screenshots [OUT_DIR]` (default: screenshots/)."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(out_dir: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app import ratings
    from db.models import AgendaItem, Community, Compound, PropertyCompany, Street
    from db.store import open_store
    from tests.ratings.helpers import fill, photo
    from ui.context import UiContext, make_settings
    from ui.pages.ratings_page import create_page

    app = QApplication.instance() or QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp())
    os.environ["COMPOUND_DESK_SETTINGS"] = str(work / "settings.ini")
    store = open_store(work / "data", actor="李四")
    today = date.today()
    with store.transaction() as session:
        street = Street(name="坂田街道")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="第五园社区")
        companies = [PropertyCompany(name=n) for n in ("万科物业（演示）", "中海物业（演示）")]
        session.add_all([community, *companies])
        session.flush()
        compounds = []
        for index, name in enumerate(("第五园一期", "第五园二期", "中海怡翠山庄", "四季花城")):
            compound = Compound(community_id=community.id, name=name,
                                property_company_id=companies[index % 2].id)
            compounds.append(compound)
        session.add_all(compounds)
        session.flush()
        session.add_all([
            AgendaItem(compound_id=compounds[0].id, title="3栋垃圾桶满溢，夏天异味大",
                       category="hygiene", raised_on=today - timedelta(days=40), stage="doing",
                       deadline=today - timedelta(days=10)),
            AgendaItem(compound_id=compounds[0].id, title="地库入口积水", category="hygiene",
                       raised_on=today - timedelta(days=5), stage="listen"),
        ])
        evidence = photo(work)
        for number, compound in enumerate(compounds[1:], start=1):
            for months in (9, 3):
                inspection = ratings.start_inspection(
                    session, compound_id=compound.id, inspector="王五",
                    inspected_on=today - timedelta(days=30 * months + number))
                fill(session, inspection.id, work / "data", evidence,
                     {"A01": Decimal(number % 2), "C03": Decimal(1), "E06": Decimal(number - 1)})
                ratings.finish_inspection(session, inspection.id)
        draft = ratings.start_inspection(session, compound_id=compounds[0].id, inspector="李四",
                                         inspected_on=today)
        sheet = ratings.inspection_sheet(session, draft.id)
        for row in sheet.rows[:19]:
            points = row.max_points if row.code != "B05" else Decimal("0.5")
            note = "" if points == row.max_points else "2栋架空层发现飞线充电"
            score = ratings.set_score(session, draft.id, row.indicator_id, points, note)
            if row.evidence_required and row.code != "B03":
                ratings.attach_evidence(session, score.id, evidence, work / "data")
        draft_id = draft.id
    ctx = UiContext(store=store, data_dir=work / "data", settings=make_settings())
    page = create_page(ctx)
    page.resize(1400, 860)
    page.show()
    form = page.inspection.open_form(draft_id)
    form.go_to(next(i for i, r in enumerate(form.sheet.rows) if r.code == "C03"))
    form.points_edit.setText("1")
    form._validate_points("1")
    app.processEvents()
    out_dir.mkdir(parents=True, exist_ok=True)
    shots = [out_dir / "ratings_scoring.png", out_dir / "ratings_ranking.png",
             out_dir / "ratings_evaluation.png"]
    page.grab().save(str(shots[0]))
    page.setCurrentWidget(page.ranking)
    app.processEvents()
    page.grab().save(str(shots[1]))
    page.setCurrentWidget(page.evaluation)
    app.processEvents()
    page.grab().save(str(shots[2]))
    store.close()
    return shots


if __name__ == "__main__":
    for shot in main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("screenshots")):
        print(shot)

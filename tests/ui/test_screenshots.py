"""Renders the main window, a compound's detail and the dashboard with the small demo, offscreen
with CJK fonts, into screenshots/ at the repo root (gitignored) — to be looked at."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"


def grab(widget, name: str) -> Path:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    image = widget.grab().toImage()
    assert image.save(str(path)), path
    return path


def distinct_colours(path: Path) -> int:
    image = QImage(str(path))
    colours = set()
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            colours.add(image.pixel(x, y))
    return len(colours)


def test_screenshots(window, qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import install_translators

    install_translators(qapp, "zh_CN")  # as the app starts: our .qm and Qt's qtbase_zh_CN
    window.resize(1440, 900)
    page = window.page("compounds")
    window.show_page("compounds", {})
    # the status bar as a caseworker sees it a moment after start: row counts, sync state
    qtbot.waitUntil(lambda: window.counts_label.text() != "", timeout=20000)
    if window.sync_status is not None:
        qtbot.waitUntil(lambda: window.sync_status.controller.local is not None, timeout=20000)
    qtbot.wait(50)
    main = grab(window, "main_window")
    if window.sync_status is not None:  # the demo district never syncs, and says so
        assert window.sync_status.text.text() == "演示数据 · 不同步"
    first = page.proxy.index(0, 0)
    page.view.setCurrentIndex(first)
    qtbot.waitUntil(lambda: page.detail.compound_id is not None)
    detail = grab(window, "compound_detail")
    page.detail.tabs.setCurrentIndex(1)
    party = grab(window, "compound_party")
    rated = next(r.id for r in page.model.rows if r.coverage == "organisational")
    page.select_compound(rated)
    page.detail.tabs.setCurrentIndex(4)
    page.detail.rating.view.setCurrentIndex(page.detail.rating.model.index(0, 0))
    rating = grab(window, "compound_rating")
    window.show_page("dashboard", {})
    dashboard_page = window.page("dashboard")
    if hasattr(dashboard_page, "is_loaded"):
        qtbot.waitUntil(lambda: dashboard_page.is_loaded, timeout=20000)
    qtbot.wait(100)
    dashboard = grab(window, "dashboard")
    for path in (main, detail, party, rating, dashboard):
        assert path.stat().st_size > 10_000
        assert distinct_colours(path) > 20, f"{path.name} looks blank"

"""The navigation pages: key, label, icon and the module whose `create_page(ctx)` builds each.

A page whose module is not there yet shows an empty state saying what will be there, so the
shell runs while other areas are still being built.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.context import UiContext
from ui.i18n import QT_TRANSLATE_NOOP


def tr(text: str) -> str:
    return QCoreApplication.translate("pages", text)


@dataclass(frozen=True)
class PageSpec:
    key: str
    label: str  # Chinese source text; shown through _tr
    icon: str  # resources/icons/<icon>.svg
    module: str
    placeholder: str  # what the page will hold, shown while the module is missing
    # What create_page imports besides `module`; imported ahead in the background after start-up
    # (see MainWindow._prefetch_pages), so a first visit does not spend the UI thread on imports.
    code: tuple[str, ...] = ()
    prefetch: bool = True  # False: its libraries (HTTP, keyring) load only when it is opened


PAGES: tuple[PageSpec, ...] = (
    PageSpec("my_work", QT_TRANSLATE_NOOP("pages", "我的待办"), "my_work",
             "ui.pages.my_work_page",
             QT_TRANSLATE_NOOP("pages", "本人负责的小区中已逾期、本周到期和近期到期的事项。"),
             code=("ui.my_work.model",)),
    PageSpec("dashboard", QT_TRANSLATE_NOOP("pages", "总览"), "dashboard",
             "ui.pages.dashboard_page", QT_TRANSLATE_NOOP("pages", "各街道、社区的党支部覆盖、业委会、选举与议事总览。")),
    PageSpec("compounds", QT_TRANSLATE_NOOP("pages", "小区"), "compounds",
             "ui.pages.compounds_page", QT_TRANSLATE_NOOP("pages", "小区名录与详情。")),
    PageSpec("elections", QT_TRANSLATE_NOOP("pages", "选举"), "elections",
             "ui.pages.elections_page",
             QT_TRANSLATE_NOOP("pages", "业委会选举：三道关口审核、候选人公示、业主大会表决、计票与备案。")),
    PageSpec("agenda", QT_TRANSLATE_NOOP("pages", "议事"), "agenda",
             "ui.pages.agenda_page", QT_TRANSLATE_NOOP("pages", "听、议、定：居民诉求从收集、协商、决定到回音的全过程。"),
             code=("ui.agenda.agenda_widget",)),
    PageSpec("meetings", QT_TRANSLATE_NOOP("pages", "会议"), "meetings",
             "ui.pages.meetings_page", QT_TRANSLATE_NOOP("pages", "三方联席会议、业主大会、支部会议：签到、议题与纪要。"),
             code=("ui.agenda.meetings_widget",)),
    PageSpec("ratings", QT_TRANSLATE_NOOP("pages", "评价"), "ratings",
             "ui.pages.ratings_page", QT_TRANSLATE_NOOP("pages", "物业服务星级评价与支部对业委会、物业的年度评价。")),
    PageSpec("audit", QT_TRANSLATE_NOOP("pages", "审计"), "audit",
             "ui.pages.audit_page",
             QT_TRANSLATE_NOOP("pages", "每场选举、每个业委会、每项议事是否符合规则：违规之处、所涉记录与规则依据。")),
    PageSpec("sync", QT_TRANSLATE_NOOP("pages", "同步"), "sync",
             "ui.pages.sync_page", QT_TRANSLATE_NOOP("pages", "与区级服务器同步：待上传的修改、冲突处理与登录。"),
             prefetch=False),
)
PAGE_KEYS = tuple(p.key for p in PAGES)


def spec(key: str) -> PageSpec:
    for page in PAGES:
        if page.key == key:
            return page
    raise KeyError(key)


def module_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def empty_state(title: str, text: str) -> QWidget:
    """A calm placeholder page: what will be here."""
    page = QWidget()
    page.setObjectName("emptyState")
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    heading = QLabel(title)
    heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    heading.setFont(font)
    body = QLabel(text)
    body.setAlignment(Qt.AlignmentFlag.AlignCenter)
    body.setWordWrap(True)
    body.setStyleSheet("color: palette(mid);")
    layout.addWidget(heading)
    layout.addWidget(body)
    layout.addStretch(2)
    return page


def create_page(key: str, ctx: UiContext) -> QWidget:
    """Build the page for `key`, or its empty state when its module is not there yet."""
    page_spec = spec(key)
    if not module_available(page_spec.module):
        return empty_state(
            tr(page_spec.label),
            tr(page_spec.placeholder) + "\n" + tr("此功能正在建设中。"),
        )
    module = importlib.import_module(page_spec.module)
    return module.create_page(ctx)

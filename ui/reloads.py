"""The one mechanism that decides when a page re-reads after the data changed.

Every page (or widget on a page) that shows stored data says once what it shows and how to
re-read it: `ctx.reloads.watch(widget, reload, tables)`. When a table changes, a watcher on the
page the window shows reloads at once (its `reload` starts background work, so the UI thread
stays free); a watcher on a hidden page is only marked stale and reloads when its page is shown
again. On a 2,000-compound district this is what keeps one field edit from re-reading every page
the caseworker has opened today.

The window hands over its page stack (`track(stack)`); a widget outside it (a dialog, a widget
built on its own in a test) reloads at once, as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QStackedWidget, QWidget
from shiboken6 import isValid

Reload = Callable[[], object]
TablesReload = Callable[[frozenset[str]], object]  # told which tables changed ("" = all)


class _Watcher(QObject):
    """One widget's interest: the tables it shows and how it re-reads them."""

    def __init__(self, widget: QWidget, reload: TablesReload, tables: frozenset[str] | None,
                 name: str) -> None:
        super().__init__(widget)  # gone with the widget
        self.widget = widget
        self.reload = reload
        self.tables = tables
        self.name = name
        self.pending: set[str] = set()  # changed while its page was hidden

    @property
    def stale(self) -> bool:
        return bool(self.pending)

    def wants(self, table: str) -> bool:
        return self.tables is None or table == "" or table in self.tables


class Reloads(QObject):
    """Routes each `data_changed(table)` to the watchers that show that table."""

    reloaded = Signal(str)  # a watcher's name each time it reloads (tests count them)

    def __init__(self, data_changed: SignalInstance) -> None:
        super().__init__()
        self._watchers: list[_Watcher] = []
        self._stack: QStackedWidget | None = None
        self._origin: QObject | None = None
        self.counts: Counter[str] = Counter()
        data_changed.connect(self._changed)

    def track(self, stack: QStackedWidget) -> None:
        """The window's page stack: its current page is the visible one."""
        self._stack = stack
        stack.currentChanged.connect(self._page_shown)

    def watch(self, widget: QWidget, reload: Reload, tables: Collection[str] | None = None,
              name: str = "") -> None:
        """Call `reload()` when one of `tables` changes ("" — everything — always does) and
        `widget`'s page is shown; `tables` None: any change."""
        self.watch_tables(widget, lambda _tables: reload(), tables, name)

    def watch_tables(self, widget: QWidget, reload: TablesReload,
                     tables: Collection[str] | None = None, name: str = "") -> None:
        """As `watch`, and `reload` is told which tables changed (several when its page was
        hidden meanwhile; "" among them means everything)."""
        watcher = _Watcher(widget, reload, None if tables is None else frozenset(tables),
                           name or widget.objectName() or type(widget).__name__)
        watcher.destroyed.connect(lambda _obj=None, w=watcher: self._forget(w))
        self._watchers.append(watcher)

    @contextmanager
    def origin(self, widget: QObject | None) -> Iterator[None]:
        """While inside, changes come from `widget`: it has shown them already, so its own
        watchers (and those of the widgets holding it) are not reloaded; the others are."""
        previous, self._origin = self._origin, widget
        try:
            yield
        finally:
            self._origin = previous

    def page_of(self, widget: QWidget) -> QWidget | None:
        """The page of the stack holding `widget`, or None outside the window's pages."""
        stack = self._stack
        if stack is None or not isValid(stack):
            return None
        current: QWidget | None = widget
        while current is not None:
            parent = current.parentWidget()
            if parent is stack:
                return current
            current = parent
        return None

    def is_shown(self, widget: QWidget) -> bool:
        """False only for a widget on a page of the window that is not the current page."""
        page = self.page_of(widget)
        return page is None or self._stack is None or self._stack.currentWidget() is page

    def _changed(self, table: str) -> None:
        for watcher in list(self._watchers):
            if not isValid(watcher) or not watcher.wants(table):
                continue
            if self._from_itself(watcher.widget):
                continue
            watcher.pending.add(table)
            if self.is_shown(watcher.widget):
                self._reload(watcher)

    def _from_itself(self, widget: QWidget) -> bool:
        """The change came from this widget or from a widget inside it (a panel of its page)."""
        origin = self._origin
        return origin is not None and (origin is widget or (
            isinstance(origin, QWidget) and widget.isAncestorOf(origin)))

    def _page_shown(self, _index: int) -> None:
        for watcher in list(self._watchers):
            if isValid(watcher) and watcher.stale and self.is_shown(watcher.widget):
                self._reload(watcher)

    def _reload(self, watcher: _Watcher) -> None:
        tables, watcher.pending = frozenset(watcher.pending), set()
        self.counts[watcher.name] += 1
        self.reloaded.emit(watcher.name)
        watcher.reload(tables)

    def _forget(self, watcher: _Watcher) -> None:
        if watcher in self._watchers:
            self._watchers.remove(watcher)

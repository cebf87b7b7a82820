"""One date field for the whole app: typed, not picked (app/dates.py reads it).

The caseworker types 20270115, 2027-1-15, 1/15, 0115, +14 or 下周五; what was read shows beside
the field as it is typed (2027年1月15日 周五), and is taken when the field is left or Enter is
pressed. Something unreadable, out of range, or empty where a date is needed shows one message
and keeps the old value. ↑/↓ move a day, PgUp/PgDn a month.

It keeps QDateEdit's calls (date, setDate, dateChanged, setMinimumDate, …) so a form swaps its
construction line only; `value()` / `set_value()` / `value_changed` speak Python dates and None.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.dates import EARLIEST, LATEST, DateNotRead, Prefer, parse_date, parse_time
from ui.i18n import QT_TRANSLATE_NOOP
from ui.operations import error_text

Day = date  # the type, named so inside DateEdit, whose date() is QDateEdit's

WEEKDAYS = (
    QT_TRANSLATE_NOOP("DateEdit", "周一"), QT_TRANSLATE_NOOP("DateEdit", "周二"),
    QT_TRANSLATE_NOOP("DateEdit", "周三"), QT_TRANSLATE_NOOP("DateEdit", "周四"),
    QT_TRANSLATE_NOOP("DateEdit", "周五"), QT_TRANSLATE_NOOP("DateEdit", "周六"),
    QT_TRANSLATE_NOOP("DateEdit", "周日"),
)
ERROR_STYLE = "color: #b3261e;"
SHOWN_STYLE = "color: #1b5e20;"


def tr(text: str) -> str:
    return QCoreApplication.translate("DateEdit", text)


def spoken(day: date) -> str:
    """2027年1月15日 周五 (Fri 15 Jan 2027 in English): what the field read, in words."""
    return tr("{y}年{m}月{d}日 {weekday}").format(
        y=day.year, m=day.month, d=day.day, weekday=tr(WEEKDAYS[day.weekday()]),
        month=QDate(day.year, day.month, 1).toString("MMM"))


def to_date(value: QDate | date | None) -> date | None:
    if value is None or (isinstance(value, QDate) and not value.isValid()):
        return None
    if isinstance(value, QDate):
        return date(value.year(), value.month(), value.day())
    return value


def _qdate(day: date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else QDate()


class DateEdit(QWidget):
    """A typed date with what it reads as beside it. `optional` allows an empty field (None);
    `prefer` says which year 1/15 means here ("future" for a deadline, "past" for a thing done)."""

    value_changed = Signal(object)  # Day | None
    dateChanged = Signal(QDate)  # QDateEdit's signal: the new date (null when emptied)

    def __init__(self, value: QDate | Day | None = None, parent: QWidget | None = None, *,
                 optional: bool = False, prefer: Prefer = "year") -> None:
        super().__init__(parent)
        self.optional = optional
        self.prefer: Prefer = prefer
        self._forwarding = False  # a key passed on to the field, not to be passed back
        self._field_saw = False  # the field had this key first (pressed there, not released)
        self._minimum, self._maximum = EARLIEST, LATEST
        self._value: Day | None = to_date(value)
        if self._value is None and not optional:
            self._value = Day.today()
        self._live = self._value  # what dateChanged last said
        self.field = QLineEdit()
        self.field.setObjectName("dateText")
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance("2026-12-31") + 16)
        self.field.setMaximumWidth(self.field.minimumWidth() + 30)
        self.field.setPlaceholderText(tr("如 20270115、1/15、+14"))
        self.field.setToolTip(tr("可输入 20270115、2027-1-15、1/15、0115、+14（14 天后）、下周五；"
                                 "↑↓ 加减一天") + ("" if not optional else tr("；可留空")))
        self.shown = QLabel()
        self.shown.setObjectName("dateShown")
        self.shown.setWordWrap(True)  # a refusal wraps beside the field, never squeezes it
        self.field.textEdited.connect(self._preview)
        self.field.editingFinished.connect(self.commit)
        self.field.installEventFilter(self)
        self.setFocusProxy(self.field)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.shown, 1)
        self._show_value()

    # --- the Python API --------------------------------------------------------------------

    def value(self) -> Day | None:
        """The date the field holds: what is typed when it reads as a date (as shown beside
        it, before the field is left), else the last one taken."""
        text = self.field.text()
        if text != self._text_of(self._value):
            try:
                return self._read(text)
            except DateNotRead:
                pass
        return self._value

    def set_value(self, value: QDate | Day | None) -> None:
        """Show `value` (None empties an optional field); emits the change signals."""
        day = to_date(value)
        if day is None and not self.optional:
            return
        changed = day != self._value
        self._value = day
        self._show_value()
        if changed:
            self.value_changed.emit(day)
        self._emit_live(day)

    def message(self) -> str:
        """The refusal on show, if the last entry was refused."""
        return self.shown.text() if self.shown.styleSheet() == ERROR_STYLE else ""

    def commit(self) -> bool:
        """Take what is typed (Enter, leaving the field); a refusal keeps the old value."""
        text = self.field.text()
        if text == self._text_of(self._value):
            self._show_value()
            return True
        try:
            day = self._read(text)
        except DateNotRead as exc:
            self._refuse(str(exc.args[0]) if exc.args else text)
            return False
        self.set_value(day)
        return True

    def show_refusal(self, message: str) -> None:
        """Show why the value was refused where it was taken (the form's own check failed)."""
        self._refuse(message)

    # --- QDateEdit's calls --------------------------------------------------------------------

    def date(self) -> QDate:
        return _qdate(self.value())

    def setDate(self, value: QDate | Day | None) -> None:  # Qt's names below
        self.set_value(value)

    def setMinimumDate(self, value: QDate | Day) -> None:
        self._minimum = to_date(value) or EARLIEST

    def setMaximumDate(self, value: QDate | Day) -> None:
        self._maximum = to_date(value) or LATEST

    def setDateRange(self, low: QDate | Day, high: QDate | Day) -> None:
        self.setMinimumDate(low)
        self.setMaximumDate(high)

    def setCalendarPopup(self, _on: bool) -> None:
        return None

    def setDisplayFormat(self, _format: str) -> None:
        return None

    # --- inside ---------------------------------------------------------------------------

    @staticmethod
    def _text_of(day: Day | None) -> str:
        return day.isoformat() if day else ""

    def _read(self, text: str) -> Day | None:
        """The date typed, checked against this field's range and need; DateNotRead if not."""
        try:
            day = parse_date(text, Day.today(), self.prefer)
        except DateNotRead as exc:
            if exc.code != "date.not_read":  # not a real day, out of range: the app's words
                raise DateNotRead(error_text(exc)) from None
            raise DateNotRead(tr("读不出日期“{text}”：可输入 20270115、2027-1-15、1/15、0115 或 +14")
                              .format(text=text.strip()[:20])) from None
        if day is None and not self.optional:
            raise DateNotRead(tr("这里需要填写日期"))
        if day is not None and not self._minimum <= day <= self._maximum:
            raise DateNotRead(tr("{day} 不在可填范围内（{low} 至 {high}）").format(
                day=day.isoformat(), low=self._minimum.isoformat(), high=self._maximum.isoformat()))
        return day

    def _preview(self, text: str) -> None:
        """While typing: what the text reads as, or that it reads as nothing yet."""
        try:
            day = self._read(text)
        except DateNotRead as exc:
            self.shown.setStyleSheet(ERROR_STYLE)
            self.shown.setText(str(exc.args[0]) if exc.args else "")
            return
        self.shown.setStyleSheet(SHOWN_STYLE)
        self.shown.setText(spoken(day) if day else tr("未填"))
        self._emit_live(day)

    def _emit_live(self, day: Day | None) -> None:
        """dateChanged follows what the field holds as it is typed (as QDateEdit's does), so a
        form checks its values live; value_changed waits for the date to be taken."""
        if day != self._live:
            self._live = day
            self.dateChanged.emit(_qdate(day))

    def _refuse(self, message: str) -> None:
        self.field.setText(self._text_of(self._value))
        self._emit_live(self._value)
        self.shown.setStyleSheet(ERROR_STYLE)
        self.shown.setText(message)

    def _show_value(self) -> None:
        self.field.setText(self._text_of(self._value))
        self.shown.setStyleSheet("")
        self.shown.setText(spoken(self._value) if self._value else tr("未填"))

    def _step(self, days: int = 0, months: int = 0) -> None:
        base = self._value or Day.today()
        if months:
            moved = _qdate(base).addMonths(months)
            day = Day(moved.year(), moved.month(), moved.day())
        else:
            day = base + timedelta(days=days)
        if self._minimum <= day <= self._maximum:
            self.set_value(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys sent to the widget itself (as to a QDateEdit) are typed into the field; one the
        field leaves (Esc, Enter in a dialog) goes on to the parent as usual."""
        if self._forwarding or self._field_saw:  # came up from the field: not sent back down
            self._field_saw = False
            super().keyPressEvent(event)
            return
        self._forwarding = True
        try:
            QApplication.sendEvent(self.field, event)
        finally:
            self._forwarding = False
        if not event.isAccepted():
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyRelease:
            self._field_saw = False
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            self._field_saw = not self._forwarding
            steps = {Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0),
                     Qt.Key.Key_PageUp: (0, 1), Qt.Key.Key_PageDown: (0, -1)}
            if event.key() in steps and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                if self.commit():
                    self._step(*steps[Qt.Key(event.key())])
                return True
        return super().eventFilter(watched, event)


class TimeEdit(QLineEdit):
    """A typed time of day (19:30, 1930, 19): Tab leaves it at once, unlike QTimeEdit whose Tab
    walks hours and minutes. A wrong entry goes back to the old time."""

    def __init__(self, value: time, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = value
        self.setMaximumWidth(80)
        self.setToolTip(tr("如 19:30、1930、19"))
        self.editingFinished.connect(self.commit)
        self.setText(value.strftime("%H:%M"))

    def value(self) -> time:
        return self._value

    def commit(self) -> bool:
        try:
            self._value = parse_time(self.text())
        except DateNotRead:
            self.setText(self._value.strftime("%H:%M"))
            return False
        self.setText(self._value.strftime("%H:%M"))
        return True

"""The one date field: every notation typed reads as the same day, what was read shows before
the field is left, a wrong entry shows a message and keeps the old value, empty only where the
field is optional. Parser properties: every real day in every notation reads back as itself,
and no text makes the parser fail other than with its refusal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from app.dates import EARLIEST, LATEST, DateNotRead, parse_date
from ui.date_edit import DateEdit

TODAY = date(2026, 12, 3)  # a Thursday


@given(st.dates(min_value=EARLIEST, max_value=LATEST))
def test_every_day_reads_back_in_every_full_notation(day: date) -> None:
    for text in (day.strftime("%Y%m%d"), f"{day.year}-{day.month}-{day.day}",
                 f"{day.year}/{day.month}/{day.day}", f"{day.year}.{day.month:02d}.{day.day}",
                 f"{day.year}年{day.month}月{day.day}日", f" {day.isoformat()} "):
        assert parse_date(text, TODAY) == day, text


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31)))
def test_short_forms_are_this_year(day: date) -> None:
    if (day.month, day.day) == (2, 29) and day.year % 4:
        return
    for text in (f"{day.month}/{day.day}", f"{day.month:02d}{day.day:02d}", f"{day.month}-{day.day}",
                 f"{day.month}月{day.day}日"):
        assert parse_date(text, day) == day, text


@given(st.integers(-30000, 30000))
def test_offsets_count_days_from_today(days: int) -> None:
    text = f"{days:+d}"
    target = TODAY + timedelta(days=days)
    if EARLIEST <= target <= LATEST:
        assert parse_date(text, TODAY) == target
    else:
        with pytest.raises(DateNotRead):
            parse_date(text, TODAY)


@given(st.text(max_size=50))
def test_any_text_reads_as_a_day_none_or_a_refusal(text: str) -> None:
    try:
        day = parse_date(text, TODAY)
    except DateNotRead as exc:
        assert str(exc)
        return
    assert day is None or EARLIEST <= day <= LATEST


@pytest.mark.parametrize(("text", "day"), [
    ("20270115", date(2027, 1, 15)), ("2027-1-15", date(2027, 1, 15)),
    ("2027/1/15", date(2027, 1, 15)), ("1/15", date(2026, 1, 15)), ("0115", date(2026, 1, 15)),
    ("+14", date(2026, 12, 17)), ("-3", date(2026, 11, 30)), ("明天", date(2026, 12, 4)),
    ("周五", date(2026, 12, 4)), ("下周五", date(2026, 12, 11)), ("上周一", date(2026, 11, 23)),
    ("２０２７０１１５", date(2027, 1, 15)), ("", None), ("  ", None),
])
def test_notations(text: str, day: date | None) -> None:
    assert parse_date(text, TODAY) == day


@pytest.mark.parametrize("text", ["2027-2-30", "13/1", "20271315", "abc", "0230x", "+", "1899-12-31"])
def test_refusals(text: str) -> None:
    with pytest.raises(DateNotRead):
        parse_date(text, TODAY)


def type_into(qtbot: QtBot, edit: DateEdit, text: str) -> None:
    edit.field.setFocus()
    edit.field.selectAll()
    qtbot.keyClick(edit.field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit.field, text)


def test_typed_date_shows_in_words_before_leaving_and_is_taken_on_enter(qtbot: QtBot) -> None:
    edit = DateEdit(date(2026, 1, 1))
    qtbot.addWidget(edit)
    edit.show()
    seen: list[object] = []
    edit.value_changed.connect(seen.append)
    type_into(qtbot, edit, "20270115")
    assert edit.shown.text() == "2027年1月15日 周五"  # before the field is left
    assert seen == []  # not taken yet: nothing saved on a keystroke
    assert edit.value() == date(2027, 1, 15)  # though the field holds it, as shown
    qtbot.keyClick(edit.field, Qt.Key.Key_Return)
    assert edit.value() == date(2027, 1, 15) and seen == [date(2027, 1, 15)]
    assert edit.field.text() == "2027-01-15"
    assert edit.date() == QDate(2027, 1, 15)


def test_wrong_entry_shows_a_message_and_keeps_the_old_value(qtbot: QtBot) -> None:
    edit = DateEdit(date(2026, 5, 1))
    qtbot.addWidget(edit)
    edit.show()
    type_into(qtbot, edit, "2027-2-30")
    qtbot.keyClick(edit.field, Qt.Key.Key_Return)
    assert edit.value() == date(2026, 5, 1)
    assert edit.field.text() == "2026-05-01"
    assert "2027-2-30" in edit.message()
    type_into(qtbot, edit, "0115")  # the next good entry clears the message
    qtbot.keyClick(edit.field, Qt.Key.Key_Return)
    assert edit.message() == "" and edit.value() == date(date.today().year, 1, 15)


def test_empty_only_where_optional(qtbot: QtBot) -> None:
    needed, optional = DateEdit(date(2026, 5, 1)), DateEdit(date(2026, 5, 1), optional=True)
    for edit in (needed, optional):
        qtbot.addWidget(edit)
        edit.show()
        type_into(qtbot, edit, "")
        qtbot.keyClick(edit.field, Qt.Key.Key_Return)
    assert needed.value() == date(2026, 5, 1) and needed.message()
    assert optional.value() is None and optional.shown.text() == "未填"
    assert not optional.date().isValid()


def test_range_arrows_and_relative_days(qtbot: QtBot) -> None:
    edit = DateEdit(date.today())
    edit.setMaximumDate(QDate.currentDate())
    qtbot.addWidget(edit)
    edit.show()
    type_into(qtbot, edit, "+14")
    qtbot.keyClick(edit.field, Qt.Key.Key_Return)
    assert edit.value() == date.today() and "不在可填范围内" in edit.message()
    type_into(qtbot, edit, "-14")
    qtbot.keyClick(edit.field, Qt.Key.Key_Return)
    assert edit.value() == date.today() - timedelta(days=14)
    qtbot.keyClick(edit.field, Qt.Key.Key_Up)
    assert edit.value() == date.today() - timedelta(days=13)
    qtbot.keyClick(edit.field, Qt.Key.Key_Down)
    qtbot.keyClick(edit.field, Qt.Key.Key_Down)
    assert edit.value() == date.today() - timedelta(days=15)


@pytest.mark.parametrize(("text", "hour", "minute"), [
    ("19:30", 19, 30), ("1930", 19, 30), ("930", 9, 30), ("19", 19, 0), ("19点30", 19, 30),
    ("１９：３０", 19, 30)])
def test_times(text: str, hour: int, minute: int) -> None:
    from app.dates import parse_time

    value = parse_time(text)
    assert (value.hour, value.minute) == (hour, minute)


@pytest.mark.parametrize("text", ["24:00", "19:60", "abc", "", "1:2:3"])
def test_time_refusals(text: str) -> None:
    from app.dates import parse_time

    with pytest.raises(DateNotRead):
        parse_time(text)


@pytest.mark.parametrize(("text", "prefer", "day"), [
    ("1/15", "future", date(2027, 1, 15)), ("0115", "future", date(2027, 1, 15)),
    ("12/3", "future", date(2026, 12, 3)), ("12/20", "future", date(2026, 12, 20)),
    ("12/20", "past", date(2025, 12, 20)), ("1/15", "past", date(2026, 1, 15)),
    ("1/15", "nearest", date(2027, 1, 15)), ("9/1", "nearest", date(2026, 9, 1)),
    ("1/15", "year", date(2026, 1, 15)), ("20260115", "future", date(2026, 1, 15)),
])
def test_a_month_and_day_take_the_year_the_field_prefers(text: str, prefer: str,
                                                          day: date) -> None:
    """1/15 typed in December is next January for a deadline, this January for a past event."""
    assert parse_date(text, TODAY, prefer) == day  # type: ignore[arg-type]


def test_a_deadline_field_reads_a_passed_month_and_day_as_next_year(qtbot: QtBot) -> None:
    edit = DateEdit(optional=True, prefer="future")
    qtbot.addWidget(edit)
    edit.show()
    today = date.today()
    passed = today - timedelta(days=1)
    if passed.year != today.year:  # 1 January: yesterday is last year's anyway
        passed = today
    type_into(qtbot, edit, f"{passed.month}/{passed.day}")
    qtbot.keyClick(edit.field, Qt.Key.Key_Return)
    value = edit.value()
    assert value is not None and value >= today

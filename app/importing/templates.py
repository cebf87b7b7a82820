"""下载模板: an empty .xlsx for each kind of file the app imports — compounds, the owners' register,
party members, agenda items and e-vote results — with the header row, one example row, drop-down
lists (data validation) for the choice columns, and a 说明 sheet saying what each column takes.

The example row carries 「示例」 in its 序号 column and every import skips such a row, so a
template filled in below it imports as it is — the agenda-item and e-vote importers read the
same spreadsheet formats as the register (app/importing/tables.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.exporting import _replace_atomically, sheet_text
from app.importing.fields import COMPOUNDS, PARTY_MEMBERS, UNITS, Kind
from app.importing.sheet import EXAMPLE_MARK

TEMPLATE_ROWS = 2000  # rows below the header that get the drop-down lists


@dataclass(frozen=True)
class TemplateColumn:
    header: str
    example: str
    required: bool = False
    choices: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Template:
    """What one template holds; `example_in_sheet`: the example row sits on the data sheet."""

    name: str
    label: str
    columns: tuple[TemplateColumn, ...]
    example_in_sheet: bool
    notes: tuple[str, ...]


def _from_kind(kind: Kind, skip: tuple[str, ...] = ()) -> tuple[TemplateColumn, ...]:
    notes = {"compound": "与本机的小区名称一致；重名时请同时填写社区",
             "area_m2": "单位：平方米，最多 4 位小数", "building_area_m2": "单位：平方米",
             "phone": "手机 11 位或带区号的固定电话；多个号码用 / 分隔",
             "owner_name": "开发商未售的房屋可留空", "delivered_on": "如 2008-06-30",
             "households": "整数", "owner_key": "同一业主的多套房屋填同一编号；可留空"}
    return tuple(
        TemplateColumn(c.headers[0], c.example, c.required, c.choices, notes.get(c.field, ""))
        for c in kind.columns if c.stored and c.field not in skip)


def _agenda_columns() -> tuple[TemplateColumn, ...]:
    from app.agenda_rules import load_rules

    rules = load_rules()
    return (
        TemplateColumn("小区", "第五园", True, note="小区名称或小区编号"),
        TemplateColumn("标题", "地下车库照明不足", True, note="最多 60 字"),
        TemplateColumn("提出日期", "2025-03-01", True, note="YYYY-MM-DD"),
        TemplateColumn("类别", next(iter(rules.categories.values()), ""),
                       choices=tuple(rules.categories.values())),
        TemplateColumn("来源", next(iter(rules.sources.values()), ""),
                       choices=tuple(rules.sources.values())),
        TemplateColumn("描述", "B 区车库多处灯具损坏"),
        TemplateColumn("提出人", "3 栋业主"),
    )


def _vote_columns() -> tuple[TemplateColumn, ...]:
    return (
        TemplateColumn("owner_id", "h3f2a…", True, note="业主编号（与名册一致），或房号"),
        TemplateColumn("vote", "张三;李四", True,
                       note="选举：同意的候选人姓名，用 ; 分隔（空 = 都不同意）；表决：yes、no 或 abstain"),
        TemplateColumn("channel", "electronic", choices=("electronic", "paper"),
                       note="electronic（电子）或 paper（纸质）；可省略"),
    )


COMMON_NOTES = ("带 * 的列必须填写；其他列可留空。",
                "选项列可从下拉列表中选择，也可直接输入列表中的文字。",
                "可以有多个工作表（例如每栋楼一张），每张都要有表头行；表头上方可以有标题行。")
SHEET_NOTES = ("序号为「示例」的行不会导入，可以保留或删除。",
               "证件号码（身份证号）列不会导入：本程序不保存证件号码。",
               *COMMON_NOTES)
TABLE_NOTES = ("序号为「示例」的行不会导入，可以保留或删除。",
               "填好后直接导入本文件（也可另存为 CSV）。", *COMMON_NOTES[:2])


def templates() -> dict[str, Callable[[], Template]]:
    return {
        "compounds": lambda: Template("compounds", "小区", _from_kind(COMPOUNDS), True, SHEET_NOTES),
        "units": lambda: Template("units", "业主名册", _from_kind(UNITS, ("location",)), True,
                                  SHEET_NOTES),
        "party_members": lambda: Template("party_members", "党员", _from_kind(PARTY_MEMBERS), True,
                                          SHEET_NOTES),
        "agenda_items": lambda: Template("agenda_items", "议事事项", _agenda_columns(), True,
                                         TABLE_NOTES),
        "e_votes": lambda: Template("e_votes", "电子投票结果", _vote_columns(), True, TABLE_NOTES),
    }


TEMPLATE_LABELS = {"compounds": "小区", "units": "业主名册", "party_members": "党员",
                   "agenda_items": "议事事项", "e_votes": "电子投票结果"}


def write_template(kind: str, path: Path) -> Template:
    """Write the template of `kind` (a key of TEMPLATE_LABELS) to `path`."""
    template = templates()[kind]()

    def write(target: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.comments import Comment
        from openpyxl.styles import Font, PatternFill
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        from app.exporting import display_width

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = template.label
        columns = list(template.columns)
        headers = [c.header + ("*" if c.required else "") for c in columns]
        example = [c.example for c in columns]
        if template.example_in_sheet:
            headers.insert(0, "序号")
            example.insert(0, EXAMPLE_MARK)
        sheet.append(headers)
        bold, grey = Font(bold=True), Font(italic=True, color="808080")
        required_fill = PatternFill("solid", fgColor="FFF2CC")
        offset = 1 if template.example_in_sheet else 0
        for index, cell in enumerate(sheet[1]):
            cell.font = bold
            column = columns[index - offset] if index >= offset else None
            if column is not None and column.required:
                cell.fill = required_fill
            if column is not None and column.note:
                cell.comment = Comment(column.note, "小区治理工作台")
        if template.example_in_sheet:
            sheet.append([sheet_text(sheet, v) for v in example])
            for cell in sheet[2]:
                cell.font = grey
        sheet.freeze_panes = "A2"
        for index, header in enumerate(headers):
            width = max(display_width(header), display_width(example[index]))
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(40, width + 4)
        for index, column in enumerate(columns):
            if not column.choices:
                continue
            letter = get_column_letter(index + offset + 1)
            listed = ",".join(column.choices)
            validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True,
                                        showErrorMessage=True, errorTitle="不是可选值",
                                        error=f"请从列表中选择：{'、'.join(column.choices)}")
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
        notes = workbook.create_sheet("说明")
        notes.append([f"{template.label}导入模板"])
        notes["A1"].font = bold
        for line in template.notes:
            notes.append([line])
        notes.append([])
        notes.append(["列", "必填", "说明", "可选值", "示例"])
        for cell in notes[notes.max_row]:
            cell.font = bold
        for column in columns:
            notes.append([column.header, "是" if column.required else "", column.note,
                          "、".join(column.choices), sheet_text(notes, column.example)])
        for letter, width in zip("ABCDE", (16, 6, 60, 40, 20), strict=True):
            notes.column_dimensions[letter].width = width
        workbook.save(target)

    _replace_atomically(path, write)
    return template

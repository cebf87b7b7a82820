"""The import's messages by code (app/importing/messages.py), in the UI's language: the same
Chinese texts as there, marked for translation (English in resources/i18n). The wizard shows a
problem or a refused file through `message_text`; tests/importing/test_messages.py checks the two
tables hold the same codes and texts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "ImportMessages"
SOURCES: dict[str, str] = {
    "cell.required": QT_TRANSLATE_NOOP("ImportMessages", "此项必填，但单元格是空的"),
    "cell.location_required": QT_TRANSLATE_NOOP("ImportMessages", "此项必填（或填写「楼栋」「房号」），但单元格是空的"),
    "cell.too_long": QT_TRANSLATE_NOOP("ImportMessages", "超过 {max} 个字（共 {length} 字）"),
    "cell.date_not_number": QT_TRANSLATE_NOOP("ImportMessages", "是日期（{value}），不是编号：Excel 常把 1-2、3/4 这样的编号自动变成日期；请把该列设为「文本」后重新输入"),
    "cell.not_integer": QT_TRANSLATE_NOOP("ImportMessages", "{value}不是整数"),
    "cell.count_range": QT_TRANSLATE_NOOP("ImportMessages", "{value} 超出合理范围（{low}–{high}）"),
    "cell.not_number": QT_TRANSLATE_NOOP("ImportMessages", "应为数字"),
    "cell.not_a_number": QT_TRANSLATE_NOOP("ImportMessages", "{value}不是数字"),
    "cell.not_non_negative": QT_TRANSLATE_NOOP("ImportMessages", "{value}不是非负的数"),
    "cell.too_many_digits": QT_TRANSLATE_NOOP("ImportMessages", "{value}位数过多或数量级不合理（最多 30 位有效数字）"),
    "cell.negative_area": QT_TRANSLATE_NOOP("ImportMessages", "{value}是负数，面积不能为负"),
    "cell.too_many_decimals": QT_TRANSLATE_NOOP("ImportMessages", "{value}的小数超过 4 位"),
    "cell.zero_area": QT_TRANSLATE_NOOP("ImportMessages", "面积不能为 0"),
    "cell.area_range": QT_TRANSLATE_NOOP("ImportMessages", "{value}超出合理范围（{low}–{high} ㎡）"),
    "cell.not_yes_no": QT_TRANSLATE_NOOP("ImportMessages", "{value}不是可选值（是、否）"),
    "cell.not_date": QT_TRANSLATE_NOOP("ImportMessages", "{value}不是日期（应如 2024-03-01）"),
    "cell.date_range": QT_TRANSLATE_NOOP("ImportMessages", "日期 {value} 不在合理范围（{low} 年至 {high} 年）"),
    "cell.not_phone": QT_TRANSLATE_NOOP("ImportMessages", "{value}不像电话号码（应如 13800000000 或 0755-12345678）"),
    "cell.not_choice": QT_TRANSLATE_NOOP("ImportMessages", "{value}不是可选值（{choices}）"),
    "cell.location_unsplit": QT_TRANSLATE_NOOP("ImportMessages", "无法从{value}分出楼栋和房号（应如「3栋1201房」）；请加上「楼栋」「房号」两列"),
    "column.missing": QT_TRANSLATE_NOOP("ImportMessages", "缺少这一必需的列"),
    "row.no_compound": QT_TRANSLATE_NOOP("ImportMessages", "本机没有名为{name}的小区（请先导入小区）"),
    "row.compound_ambiguous": QT_TRANSLATE_NOOP("ImportMessages", "有多个小区名为{name}（{where}），请加上「社区」列以区分"),
    "row.compound_not_there": QT_TRANSLATE_NOOP("ImportMessages", "{where} 没有名为{name}的小区"),
    "row.duplicate_compound": QT_TRANSLATE_NOOP("ImportMessages", "{where} 的{name}与第 {first} 行重复"),
    "row.duplicate_unit": QT_TRANSLATE_NOOP("ImportMessages", "{compound} {building} {room} 与第 {first} 行重复"),
    "row.duplicate_member": QT_TRANSLATE_NOOP("ImportMessages", "{compound}的{name}与第 {first} 行重复"),
    "row.no_branch": QT_TRANSLATE_NOOP("ImportMessages", "没有名为{name}的党支部"),
    "row.branch_ambiguous": QT_TRANSLATE_NOOP("ImportMessages", "有多个名为{name}的党支部"),
    "file.empty": QT_TRANSLATE_NOOP("ImportMessages", "{file}：文件是空的（没有表头，也没有数据）"),
    "file.no_rows": QT_TRANSLATE_NOOP("ImportMessages", "{file}：有表头，但表头下面没有数据行"),
    "file.no_header": QT_TRANSLATE_NOOP("ImportMessages", "{file}：第 {row} 行不是可识别的表头（读到：{found}）；应有的列——{expected}"),
    "file.no_sheet_header": QT_TRANSLATE_NOOP("ImportMessages", "{file}：工作表{sheets}都没有可识别的表头，未导入；应有的列——{expected}；也可以在导入向导中为工作表指定类型和各列"),
    "file.missing": QT_TRANSLATE_NOOP("ImportMessages", "{file}：文件不存在"),
    "file.unsupported": QT_TRANSLATE_NOOP("ImportMessages", "{file}：不支持的文件类型 {suffix}；请使用 .xlsx、.xls、.xlsb、.ods、.csv 或 .json"),
    "file.not_workbook": QT_TRANSLATE_NOOP("ImportMessages", "{file}：不是 Excel 或 WPS 工作簿（文件已损坏或是其他格式）；请在 Excel/WPS 中另存为 .xlsx 后再导入"),
    "file.damaged": QT_TRANSLATE_NOOP("ImportMessages", "{file}：工作簿已损坏，无法读取（{detail}）"),
    "file.sheet_damaged": QT_TRANSLATE_NOOP("ImportMessages", "{file}：工作表「{sheet}」已损坏，无法读取（{detail}）"),
    "file.unreadable": QT_TRANSLATE_NOOP("ImportMessages", "{file}：无法读取（{detail}）"),
    "file.not_text": QT_TRANSLATE_NOOP("ImportMessages", "{file}：不是文本文件（含二进制数据）；请另存为 .xlsx 或 CSV"),
    "file.encoding": QT_TRANSLATE_NOOP("ImportMessages", "{file}：文字既不是 UTF-8 也不是 GB18030/GBK 编码；请另存为 CSV（UTF-8）"),
    "file.bad_csv": QT_TRANSLATE_NOOP("ImportMessages", "{file}：第 {row} 行不是有效的 CSV（{detail}）"),
    "file.not_regular": QT_TRANSLATE_NOOP("ImportMessages", "{file}：不是普通文件，未读取"),
    "file.too_big": QT_TRANSLATE_NOOP("ImportMessages", "{file}：文件有 {size}，超过 {limit} 的上限，未读取{hint}"),
    "file.zip_damaged": QT_TRANSLATE_NOOP("ImportMessages", "{file}：不是有效的 Excel 工作簿（压缩结构已损坏：{detail}）"),
    "file.too_many_parts": QT_TRANSLATE_NOOP("ImportMessages", "{file}：工作簿含 {parts} 个部件，超过 {limit} 个的上限，未导入"),
    "file.zip_ratio": QT_TRANSLATE_NOOP("ImportMessages", "{file}：工作簿部件 {part} 的压缩比为 {ratio}:1，超过 {limit}:1 的上限（疑似“压缩炸弹”），未导入"),
    "file.shared_strings": QT_TRANSLATE_NOOP("ImportMessages", "{file}：工作簿的共享文本解压后有 {size}，超过 {limit} 的上限，未导入；请拆分文件"),
    "file.unpacked": QT_TRANSLATE_NOOP("ImportMessages", "{file}：工作簿解压后共 {size}，超过 {limit} 的上限（疑似“压缩炸弹”或多余的内容），未导入；请删去多余的工作表或拆分文件"),
    "file.too_far_apart": QT_TRANSLATE_NOOP("ImportMessages", "{file}：工作表 {sheet} 的单元格分布在 {rows} 行 × {columns} 列的范围内（超过 {limit} 个单元格的上限），未导入；请删去远处的空白或多余单元格后另存再导入"),
}


def message_text(code: str, params: dict[str, Any], fallback: str) -> str:
    """The message of `code` in the UI's language with `params` filled in; `fallback` (the
    Chinese text as the import made it) when the code is unknown."""
    source = SOURCES.get(code)
    if source is None:
        return fallback
    try:
        return QCoreApplication.translate(CONTEXT, source).format(**params)
    except (KeyError, IndexError, ValueError):  # a translation naming a parameter wrongly
        return fallback


def error_text(error: BaseException) -> str | None:
    """A refused file's message (app.importing.errors.ImportFault) in the UI's language; None for
    other errors."""
    code = getattr(error, "code", None)
    params = getattr(error, "params", None)
    if not isinstance(code, str) or not isinstance(params, dict):
        return None
    return message_text(code, params, str(error))

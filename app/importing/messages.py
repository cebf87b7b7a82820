"""What an import says about a cell, a row or a file, by code: the Chinese text here (the CLI, the
error report, the store's audit trail), and the same codes translated by the wizard
(ui/importing/messages.py, through tr(), so English follows the UI language). A `Message` is the
Chinese text itself (a str) that also carries its code and parameters, so every place that shows
or stores text keeps working, and the wizard never parses a sentence."""

from __future__ import annotations

from typing import Any

MESSAGES_ZH: dict[str, str] = {
    # cells
    "cell.required": "此项必填，但单元格是空的",
    "cell.location_required": "此项必填（或填写「楼栋」「房号」），但单元格是空的",
    "cell.too_long": "超过 {max} 个字（共 {length} 字）",
    "cell.date_not_number": "是日期（{value}），不是编号：Excel 常把 1-2、3/4 这样的编号自动变成日期；"
                            "请把该列设为「文本」后重新输入",
    "cell.not_integer": "{value}不是整数",
    "cell.count_range": "{value} 超出合理范围（{low}–{high}）",
    "cell.not_number": "应为数字",
    "cell.not_a_number": "{value}不是数字",
    "cell.not_non_negative": "{value}不是非负的数",
    "cell.too_many_digits": "{value}位数过多或数量级不合理（最多 30 位有效数字）",
    "cell.negative_area": "{value}是负数，面积不能为负",
    "cell.too_many_decimals": "{value}的小数超过 4 位",
    "cell.zero_area": "面积不能为 0",
    "cell.area_range": "{value}超出合理范围（{low}–{high} ㎡）",
    "cell.not_yes_no": "{value}不是可选值（是、否）",
    "cell.not_date": "{value}不是日期（应如 2024-03-01）",
    "cell.date_range": "日期 {value} 不在合理范围（{low} 年至 {high} 年）",
    "cell.not_phone": "{value}不像电话号码（应如 13800000000 或 0755-12345678）",
    "cell.not_choice": "{value}不是可选值（{choices}）",
    "cell.location_unsplit": "无法从{value}分出楼栋和房号（应如「3栋1201房」）；请加上「楼栋」「房号」两列",
    "column.missing": "缺少这一必需的列",
    # rows, as the store sees them
    "row.no_compound": "本机没有名为{name}的小区（请先导入小区）",
    "row.compound_ambiguous": "有多个小区名为{name}（{where}），请加上「社区」列以区分",
    "row.compound_not_there": "{where} 没有名为{name}的小区",
    "row.duplicate_compound": "{where} 的{name}与第 {first} 行重复",
    "row.duplicate_unit": "{compound} {building} {room} 与第 {first} 行重复",
    "row.duplicate_member": "{compound}的{name}与第 {first} 行重复",
    "row.no_branch": "没有名为{name}的党支部",
    "row.branch_ambiguous": "有多个名为{name}的党支部",
    # files
    "file.empty": "{file}：文件是空的（没有表头，也没有数据）",
    "file.no_rows": "{file}：有表头，但表头下面没有数据行",
    "file.no_header": "{file}：第 {row} 行不是可识别的表头（读到：{found}）；应有的列——{expected}",
    "file.no_sheet_header": "{file}：工作表{sheets}都没有可识别的表头，未导入；应有的列——{expected}；"
                            "也可以在导入向导中为工作表指定类型和各列",
    "file.missing": "{file}：文件不存在",
    "file.unsupported": "{file}：不支持的文件类型 {suffix}；请使用 .xlsx、.xls、.xlsb、.ods、.csv 或 .json",
    "file.not_workbook": "{file}：不是 Excel 或 WPS 工作簿（文件已损坏或是其他格式）；"
                         "请在 Excel/WPS 中另存为 .xlsx 后再导入",
    "file.damaged": "{file}：工作簿已损坏，无法读取（{detail}）",
    "file.sheet_damaged": "{file}：工作表「{sheet}」已损坏，无法读取（{detail}）",
    "file.unreadable": "{file}：无法读取（{detail}）",
    "file.not_text": "{file}：不是文本文件（含二进制数据）；请另存为 .xlsx 或 CSV",
    "file.encoding": "{file}：文字既不是 UTF-8 也不是 GB18030/GBK 编码；请另存为 CSV（UTF-8）",
    "file.bad_csv": "{file}：第 {row} 行不是有效的 CSV（{detail}）",
    "file.not_regular": "{file}：不是普通文件，未读取",
    "file.too_big": "{file}：文件有 {size}，超过 {limit} 的上限，未读取{hint}",
    "file.zip_damaged": "{file}：不是有效的 Excel 工作簿（压缩结构已损坏：{detail}）",
    "file.too_many_parts": "{file}：工作簿含 {parts} 个部件，超过 {limit} 个的上限，未导入",
    "file.zip_ratio": "{file}：工作簿部件 {part} 的压缩比为 {ratio}:1，超过 {limit}:1 的上限（疑似“压缩炸弹”），未导入",
    "file.shared_strings": "{file}：工作簿的共享文本解压后有 {size}，超过 {limit} 的上限，未导入；请拆分文件",
    "file.unpacked": "{file}：工作簿解压后共 {size}，超过 {limit} 的上限（疑似“压缩炸弹”或多余的内容），未导入；"
                     "请删去多余的工作表或拆分文件",
    "file.too_far_apart": "{file}：工作表 {sheet} 的单元格分布在 {rows} 行 × {columns} 列的范围内"
                          "（超过 {limit} 个单元格的上限），未导入；请删去远处的空白或多余单元格后另存再导入",
}


class Message(str):
    """The Chinese text of `code` with `params` filled in, carrying both."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, **params: Any) -> Message:
        text = super().__new__(cls, MESSAGES_ZH[code].format(**params))
        text.code, text.params = code, params
        return text


def code_of(text: object) -> tuple[str, dict[str, Any]]:
    """(code, params) of a Message; ("", {}) for plain text."""
    return (text.code, dict(text.params)) if isinstance(text, Message) else ("", {})

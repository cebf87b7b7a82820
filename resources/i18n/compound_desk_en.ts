<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>下面列出前 {shown} 条；全部问题见错误报告。</source>
        <translation>The first {shown} are listed below; the error report holds them all.</translation>
    </message>
    <message>
        <source>导入表格</source>
        <translation>Import a spreadsheet</translation>
    </message>
    <message>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>第 1 步：选择要导入的文件</source>
        <translation>Step 1: choose the file to import</translation>
    </message>
    <message>
        <source>可以导入 Excel（.xlsx、.xls、.xlsb）、WPS/LibreOffice（.ods）或 CSV 文件：小区、业主名册或党员名单。表头上方可以有标题行；一个工作簿里可以有多张表。</source>
        <translation>You can import Excel (.xlsx, .xls, .xlsb), WPS/LibreOffice (.ods) or CSV files of compounds, owners’ registers or party members. Title rows may sit above the header; a workbook may hold several sheets.</translation>
    </message>
    <message>
        <source>文件路径</source>
        <translation>File path</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>下载模板</source>
        <translation>Download template</translation>
    </message>
    <message>
        <source>没有现成的表格？下载模板，按模板填写后再导入。</source>
        <translation>No spreadsheet yet? Download a template, fill it in, then import it.</translation>
    </message>
    <message>
        <source>第 2 步：确认表格类型和各列的含义</source>
        <translation>Step 2: check the kind of sheet and what each column holds</translation>
    </message>
    <message>
        <source>导入这张工作表</source>
        <translation>Import this sheet</translation>
    </message>
    <message>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>表格类型</source>
        <translation>Kind of sheet</translation>
    </message>
    <message>
        <source>表头</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>文件中的列</source>
        <translation>Column in the file</translation>
    </message>
    <message>
        <source>导入为</source>
        <translation>Import as</translation>
    </message>
    <message>
        <source>示例 {n}</source>
        <translation>Sample {n}</translation>
    </message>
    <message>
        <source>第 3 步：预览（尚未写入任何数据）</source>
        <translation>Step 3: preview (nothing written yet)</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>只导入没有问题的行（有问题的行不导入，并记入操作记录）</source>
        <translation>Import only the rows without problems (rows with problems are left out, and this is recorded in the audit trail)</translation>
    </message>
    <message>
        <source>导出错误报告…</source>
        <translation>Export error report…</translation>
    </message>
    <message>
        <source>第 4 步：正在导入</source>
        <translation>Step 4: importing</translation>
    </message>
    <message>
        <source>正在读取文件…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>文件里没有任何内容。</source>
        <translation>The file is empty.</translation>
    </message>
    <message>
        <source>没有认出表格类型：请选择类型，并指定各列的含义。</source>
        <translation>The kind of sheet was not recognised: choose it and say what each column holds.</translation>
    </message>
    <message>
        <source>第 {row} 行</source>
        <translation>row {row}</translation>
    </message>
    <message>
        <source>（第 {n} 列，无表头）</source>
        <translation>(column {n}, no header)</translation>
    </message>
    <message>
        <source>（不导入）</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <source>还缺少必需的列：{columns}</source>
        <translation>Required columns still missing: {columns}</translation>
    </message>
    <message>
        <source>「{columns}」列不会导入：本程序不保存证件号码。</source>
        <translation>Column “{columns}” will not be imported: this program does not keep ID numbers.</translation>
    </message>
    <message>
        <source>正在核对…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>没有一行可以导入。</source>
        <translation>No row can be imported.</translation>
    </message>
    <message>
        <source>发现 {n} 处问题（每个单元格一条）。改正后重新导入，或导出错误报告交给提供文件的人；也可以只导入没有问题的行。</source>
        <translation>Found {n} problems (one per cell). Correct them and import again, or export an error report for whoever sent the file; or import only the rows without problems.</translation>
    </message>
    <message>
        <source>将新增 {table} {n} 条</source>
        <translation>will add {n} × {table}</translation>
    </message>
    <message>
        <source>新增 {table} {n} 条</source>
        <translation>added {n} × {table}</translation>
    </message>
    <message>
        <source>更新 {n} 条</source>
        <translation>{n} updated</translation>
    </message>
    <message>
        <source>不变 {n} 条</source>
        <translation>{n} unchanged</translation>
    </message>
    <message>
        <source>有问题而不导入的行 {n} 行</source>
        <translation>{n} rows with problems left out</translation>
    </message>
    <message>
        <source>导出错误报告</source>
        <translation>Export error report</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>已导出错误报告：{file}（{n} 行）</source>
        <translation>Error report exported: {file} ({n} rows)</translation>
    </message>
    <message>
        <source>正在导出错误报告…</source>
        <translation>Exporting the error report…</translation>
    </message>
    <message>
        <source>已取消，没有导入任何数据。</source>
        <translation>Cancelled; nothing was imported.</translation>
    </message>
    <message>
        <source>已导入 {file}：{counts}。</source>
        <translation>Imported {file}: {counts}.</translation>
    </message>
    <message>
        <source>按您的选择，只导入了没有问题的行：{n} 行有问题，没有导入；这一选择已记入操作记录。</source>
        <translation>As you chose, only the rows without problems were imported: {n} rows with problems were left out; this choice is recorded in the audit trail.</translation>
    </message>
    <message>
        <source>「{columns}」列没有导入：本程序不保存证件号码。</source>
        <translation>Column “{columns}” was not imported: this program does not keep ID numbers.</translation>
    </message>
    <message>
        <source>未使用的列：{columns}</source>
        <translation>Columns not used: {columns}</translation>
    </message>
    <message>
        <source>未导入的工作表：{sheets}</source>
        <translation>Sheets not imported: {sheets}</translation>
    </message>
    <message>
        <source>保存模板</source>
        <translation>Save template</translation>
    </message>
    <message>
        <source>{kind}导入模板.xlsx</source>
        <translation>{kind} import template.xlsx</translation>
    </message>
    <message>
        <source>已保存模板：{file}</source>
        <translation>Template saved: {file}</translation>
    </message>
    <message>
        <source>正在保存模板…</source>
        <translation>Saving the template…</translation>
    </message>
    <message>
        <source>全部阶段</source>
        <translation>All stages</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>只看逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>责任方</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>搜索事项或小区（可用拼音首字母）</source>
        <translation>Search items or compounds (pinyin initials work)</translation>
    </message>
    <message>
        <source>新增事项</source>
        <translation>New item</translation>
    </message>
    <message>
        <source>看板</source>
        <translation>Board</translation>
    </message>
    <message>
        <source>列表</source>
        <translation>List</translation>
    </message>
    <message>
        <source>正在载入议事事项…</source>
        <translation>Loading agenda items…</translation>
    </message>
    <message>
        <source>{total} 项（载入中…）</source>
        <translation>{total} items (loading…)</translation>
    </message>
    <message>
        <source>全部小区</source>
        <translation>All compounds</translation>
    </message>
    <message>
        <source>全部街道</source>
        <translation>All streets</translation>
    </message>
    <message>
        <source>{shown} / {total} 项</source>
        <translation>{shown} / {total} items</translation>
    </message>
    <message>
        <source>逾期 {n}</source>
        <translation>Overdue {n}</translation>
    </message>
    <message>
        <source>只显示前 {limit} 张卡片；用上方筛选或“列表”查看全部 {n} 项</source>
        <translation>Showing the first {limit} cards only; use the filters above or “List” to see all {n} items</translation>
    </message>
    <message>
        <source>转到「{stage}」</source>
        <translation>Move to “{stage}”</translation>
    </message>
    <message>
        <source>选择一个事项查看详情</source>
        <translation>Select an item to see its details</translation>
    </message>
    <message>
        <source>流转记录</source>
        <translation>Stage history</translation>
    </message>
    <message>
        <source>办理情况（可修改）</source>
        <translation>Progress (editable)</translation>
    </message>
    <message>
        <source>进展说明，如：已完成东门划线</source>
        <translation>Progress note, e.g. east gate lines painted</translation>
    </message>
    <message>
        <source>保存办理情况</source>
        <translation>Save progress</translation>
    </message>
    <message>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>打印议事事项回音告知，张贴或发给居民</source>
        <translation>Print the answer notice for this agenda item, to post or give to residents</translation>
    </message>
    <message>
        <source>事项回音（答复居民）后才能打印回音告知</source>
        <translation>The answer notice can be printed once the item is answered to residents</translation>
    </message>
    <message>
        <source>先选择一个事项</source>
        <translation>Select an item first</translation>
    </message>
    <message>
        <source>【逾期】</source>
        <translation>[OVERDUE]</translation>
    </message>
    <message>
        <source>会议模式</source>
        <translation>Meeting mode</translation>
    </message>
    <message>
        <source>⑤ 会议纪要 (Ctrl+J)</source>
        <translation>⑤ Minutes (Ctrl+J)</translation>
    </message>
    <message>
        <source>所有内容随输随存，无需联网</source>
        <translation>Everything is saved as you type; no network needed</translation>
    </message>
    <message>
        <source>开始会议 (F5)</source>
        <translation>Start meeting (F5)</translation>
    </message>
    <message>
        <source>结束会议 (F8)</source>
        <translation>End meeting (F8)</translation>
    </message>
    <message>
        <source>打印会议纪要 (Ctrl+P)</source>
        <translation>Print minutes (Ctrl+P)</translation>
    </message>
    <message>
        <source>大字 (Ctrl++)</source>
        <translation>Large text (Ctrl++)</translation>
    </message>
    <message>
        <source>投影时放大全部文字</source>
        <translation>Enlarge all text for a projector</translation>
    </message>
    <message>
        <source>退出会议模式 (Esc)</source>
        <translation>Leave meeting mode (Esc)</translation>
    </message>
    <message>
        <source>打印纪要</source>
        <translation>Print minutes</translation>
    </message>
    <message>
        <source>大字</source>
        <translation>Large text</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Leave</translation>
    </message>
    <message>
        <source>姓名，回车添加</source>
        <translation>Name, Enter to add</translation>
    </message>
    <message>
        <source>① 签到 (Ctrl+L，空格勾选)</source>
        <translation>① Sign-in (Ctrl+L, Space ticks)</translation>
    </message>
    <message>
        <source>上会 (Ctrl+I，回车)</source>
        <translation>Put on the table (Ctrl+I, Enter)</translation>
    </message>
    <message>
        <source>② 议题</source>
        <translation>② Items</translation>
    </message>
    <message>
        <source>③ 各方意见（听、议）</source>
        <translation>③ Each party&apos;s view (listen, discuss)</translation>
    </message>
    <message>
        <source>④ 决定（定）</source>
        <translation>④ Decision (decide)</translation>
    </message>
    <message>
        <source>计划</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>进行中（{start} 开始）</source>
        <translation>Under way (started {start})</translation>
    </message>
    <message>
        <source>已结束（{start}–{end}）</source>
        <translation>Ended ({start}–{end})</translation>
    </message>
    <message>
        <source>打印会议纪要</source>
        <translation>Print the minutes</translation>
    </message>
    <message>
        <source>会议结束后才有会议纪要</source>
        <translation>Minutes exist once the meeting has ended</translation>
    </message>
    <message>
        <source>{party}的意见</source>
        <translation>View of {party}</translation>
    </message>
    <message>
        <source>{name}（{role}）</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <source>会议决定的内容</source>
        <translation>What the meeting decided</translation>
    </message>
    <message>
        <source>如：物业企业、业委会、社区工作站</source>
        <translation>e.g. property company, owners&apos; committee, community work station</translation>
    </message>
    <message>
        <source>{y}年{m}月{d}日 {weekday}</source>
        <translation>{weekday} {d} {month} {y}</translation>
    </message>
    <message>
        <source>如 20270115、1/15、+14</source>
        <translation>e.g. 20270115, 1/15, +14</translation>
    </message>
    <message>
        <source>可输入 20270115、2027-1-15、1/15、0115、+14（14 天后）、下周五；↑↓ 加减一天</source>
        <translation>Type 20270115, 2027-1-15, 1/15, 0115, +14 (14 days from today) or 下周五 (next Friday); ↑↓ a day earlier or later</translation>
    </message>
    <message>
        <source>；可留空</source>
        <translation>; may be left empty</translation>
    </message>
    <message>
        <source>读不出日期“{text}”：可输入 20270115、2027-1-15、1/15、0115 或 +14</source>
        <translation>Cannot read “{text}” as a date: type 20270115, 2027-1-15, 1/15, 0115 or +14</translation>
    </message>
    <message>
        <source>这里需要填写日期</source>
        <translation>A date is needed here</translation>
    </message>
    <message>
        <source>{day} 不在可填范围内（{low} 至 {high}）</source>
        <translation>{day} is outside the allowed range ({low} to {high})</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>Not filled in</translation>
    </message>
    <message>
        <source>如 19:30、1930、19</source>
        <translation>e.g. 19:30, 1930, 19</translation>
    </message>
    <message>
        <source>作出决定，转入「定」 (Ctrl+Enter)</source>
        <translation>Decide and move to “Decide” (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>决定内容</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>输入中…（停顿即自动保存）</source>
        <translation>Typing… (saved automatically when you pause)</translation>
    </message>
    <message>
        <source>办理期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>上一项 (Ctrl+PgUp)</source>
        <translation>Previous (Ctrl+PgUp)</translation>
    </message>
    <message>
        <source>下一项 (Ctrl+PgDn)</source>
        <translation>Next (Ctrl+PgDn)</translation>
    </message>
    <message>
        <source>本小区没有待议事项</source>
        <translation>No items</translation>
    </message>
    <message>
        <source>还没有议题：在左下方选择事项，按“上会”加入</source>
        <translation>No topics yet: select an item at the lower left and press “Put on agenda”</translation>
    </message>
    <message>
        <source>（已决定：{stage}）</source>
        <translation>(decided: {stage})</translation>
    </message>
    <message>
        <source>第 {n} / {total} 项</source>
        <translation>Item {n} / {total}</translation>
    </message>
    <message>
        <source>未保存：{what}</source>
        <translation>Not saved: {what}</translation>
    </message>
    <message>
        <source>已自动保存 {time}</source>
        <translation>Saved {time}</translation>
    </message>
    <message>
        <source>双击或回车进入会议模式</source>
        <translation>Double-click or press Enter for meeting mode</translation>
    </message>
    <message>
        <source>进入会议模式（全屏）</source>
        <translation>Enter meeting mode (full screen)</translation>
    </message>
    <message>
        <source>开始会议</source>
        <translation>Start meeting</translation>
    </message>
    <message>
        <source>结束会议</source>
        <translation>End meeting</translation>
    </message>
    <message>
        <source>打印签到表…</source>
        <translation>Print sign-in sheet…</translation>
    </message>
    <message>
        <source>打印会议纪要…</source>
        <translation>Print minutes…</translation>
    </message>
    <message>
        <source>如：小区党群服务站</source>
        <translation>e.g. the compound&apos;s Party and community service station</translation>
    </message>
    <message>
        <source>带入本小区各方参会人和待议事项</source>
        <translation>Invite the compound&apos;s parties and queue its open items</translation>
    </message>
    <message>
        <source>新建会议</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compounds</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>请先选定小区：输入名称或拼音首字母，从列表中选择</source>
        <translation>Pick a compound first: type its name or pinyin initials and choose it from the list</translation>
    </message>
    <message>
        <source>打印所选会议的签到表</source>
        <translation>Print the sign-in sheet of the selected meeting</translation>
    </message>
    <message>
        <source>先选择一场会议</source>
        <translation>Select a meeting first</translation>
    </message>
    <message>
        <source>打印所选会议的会议纪要</source>
        <translation>Print the minutes of the selected meeting</translation>
    </message>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>期限 </source>
        <translation>Due </translation>
    </message>
    <message>
        <source>提出 </source>
        <translation>Raised </translation>
    </message>
    <message>
        <source>M月d日</source>
        <translation>MMM d</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>新增议事事项（听）</source>
        <translation>New agenda item (listen)</translation>
    </message>
    <message>
        <source>例如：夜间停车难</source>
        <translation>e.g. parking at night is hard</translation>
    </message>
    <message>
        <source>可不填；只记必要信息，如“3栋居民”</source>
        <translation>Optional; record only what is needed, e.g. “residents of Building 3”</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>提出日期</source>
        <translation>Raised on</translation>
    </message>
    <message>
        <source>提出人</source>
        <translation>Raised by</translation>
    </message>
    <message>
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请选择小区：在“小区”一栏输入名称或拼音首字母，从列表中选定。</source>
        <translation>Choose a compound: type its name or pinyin initials under “Compound” and pick it from the list.</translation>
    </message>
    <message>
        <source>「{title}」转到「{stage}」</source>
        <translation>Move “{title}” to “{stage}”</translation>
    </message>
    <message>
        <source>该方意见</source>
        <translation>This party&apos;s view</translation>
    </message>
    <message>
        <source>办理进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>进展说明</source>
        <translation>Progress note</translation>
    </message>
    <message>
        <source>报到部门</source>
        <translation>Department called in</translation>
    </message>
    <message>
        <source>部门答复期限</source>
        <translation>Department reply due</translation>
    </message>
    <message>
        <source>部门答复</source>
        <translation>Department reply</translation>
    </message>
    <message>
        <source>给居民的答复</source>
        <translation>Answer to residents</translation>
    </message>
    <message>
        <source>答复方式</source>
        <translation>Answered by</translation>
    </message>
    <message>
        <source>未评价</source>
        <translation>Not rated</translation>
    </message>
    <message>
        <source>居民满意度</source>
        <translation>Resident satisfaction</translation>
    </message>
    <message>
        <source>必填：写明原因</source>
        <translation>Required: give the reason</translation>
    </message>
    <message>
        <source>可选</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>规则文件有误</source>
        <translation>The rules file has errors</translation>
    </message>
    <message>
        <source>规则文件有误，程序无法按规则工作，未启动。请修正后再打开：</source>
        <translation>The rules file has errors; the program cannot work by the rules and did not start. Fix it, then open again:</translation>
    </message>
    <message>
        <source>无法打开数据</source>
        <translation>Cannot open the data</translation>
    </message>
    <message>
        <source>请在左侧列表中选择一个小区</source>
        <translation>Choose a compound in the list</translation>
    </message>
    <message>
        <source>状态 / 阶段</source>
        <translation>Status / stage</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>议事事项（在“议事”页办理）</source>
        <translation>Agenda items (managed on the Agenda page)</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Matter</translation>
    </message>
    <message>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>检查日期</source>
        <translation>Inspected on</translation>
    </message>
    <message>
        <source>得分率%</source>
        <translation>Score %</translation>
    </message>
    <message>
        <source>星级</source>
        <translation>Stars</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>业委会与选举（在“选举”页办理；选中一次选举可打印其当前阶段的公告）</source>
        <translation>Owners&apos; committee and elections (handled on the Elections page; select an election to print the notice for its current stage)</translation>
    </message>
    <message>
        <source>打印公告…</source>
        <translation>Print notice…</translation>
    </message>
    <message>
        <source>打印回音告知…</source>
        <translation>Print answer notice…</translation>
    </message>
    <message>
        <source>任期已届满 {n} 天，须换届</source>
        <translation>term ended {n} days ago: re-election due</translation>
    </message>
    <message>
        <source>换届倒计时 {n} 天</source>
        <translation>re-election countdown {n} days</translation>
    </message>
    <message>
        <source>物业服务星级评价（已定稿的检查，在“评价”页办理）</source>
        <translation>Property service star ratings (finished inspections; handled on the Ratings page)</translation>
    </message>
    <message>
        <source>检查人</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>打印评价报告…</source>
        <translation>Print rating report…</translation>
    </message>
    <message>
        <source>党支部对业委会、物业企业的评价（评价权）</source>
        <translation>Party branch evaluations of the committee and the property company</translation>
    </message>
    <message>
        <source>生命周期变更与操作记录</source>
        <translation>Lifecycle changes and audit trail</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>党支部与党员</source>
        <translation>Branch &amp; members</translation>
    </message>
    <message>
        <source>业委会与选举</source>
        <translation>Committee &amp; elections</translation>
    </message>
    <message>
        <source>本届业委会</source>
        <translation>Sitting committee</translation>
    </message>
    <message>
        <source>议事</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <source>业委会</source>
        <translation>Owners&apos; committee</translation>
    </message>
    <message>
        <source>备案 {day}</source>
        <translation>Filed {day}</translation>
    </message>
    <message>
        <source>席位 {seats}</source>
        <translation>{seats} seats</translation>
    </message>
    <message>
        <source>（新建）</source>
        <translation>(new)</translation>
    </message>
    <message>
        <source>生命周期</source>
        <translation>Lifecycle stage</translation>
    </message>
    <message>
        <source>新建小区</source>
        <translation>New compound</translation>
    </message>
    <message>
        <source>小区名称</source>
        <translation>Compound</translation>
    </message>
    <message>
        <source>所属社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>由社区居委会代行业委会职责</source>
        <translation>The residents&apos; committee acts for the owners&apos; committee</translation>
    </message>
    <message>
        <source>建筑面积（㎡）</source>
        <translation>Floor area (m²)</translation>
    </message>
    <message>
        <source>交付日期</source>
        <translation>Delivered on</translation>
    </message>
    <message>
        <source>物业企业</source>
        <translation>Property company</translation>
    </message>
    <message>
        <source>业委会状态</source>
        <translation>Committee status</translation>
    </message>
    <message>
        <source>以居代业</source>
        <translation>Residents&apos; committee acting</translation>
    </message>
    <message>
        <source>党建指导员</source>
        <translation>Party-building instructor</translation>
    </message>
    <message>
        <source>联络党员</source>
        <translation>Liaison member</translation>
    </message>
    <message>
        <source>党支部覆盖</source>
        <translation>Branch coverage</translation>
    </message>
    <message>
        <source>阶段工作</source>
        <translation>Stage work</translation>
    </message>
    <message>
        <source>修改后按回车或离开该栏即保存；填写有误时标红，不会保存。可用 Ctrl+Z 撤销。</source>
        <translation>A change is saved when you press Enter or leave the field; wrong values are shown in red and not saved. Ctrl+Z undoes.</translation>
    </message>
    <message>
        <source>本阶段不开展业委会选举</source>
        <translation>No committee election at this stage</translation>
    </message>
    <message>
        <source>组织覆盖：{names}</source>
        <translation>Organisational coverage: {names}</translation>
    </message>
    <message>
        <source>工作覆盖（有党建指导员或联络党员）</source>
        <translation>Work coverage (instructor or liaison member assigned)</translation>
    </message>
    <message>
        <source>未覆盖：尚无支部，也未指派党建指导员或联络党员</source>
        <translation>Uncovered: no branch, no instructor or liaison member assigned</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>支部名称</source>
        <translation>Branch name</translation>
    </message>
    <message>
        <source>组建方式</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>书记</source>
        <translation>Secretary</translation>
    </message>
    <message>
        <source>党员数</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>覆盖小区</source>
        <translation>Compounds covered</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>楼栋房号</source>
        <translation>Building / room</translation>
    </message>
    <message>
        <source>双找来源</source>
        <translation>Found via (双找)</translation>
    </message>
    <message>
        <source>所属支部</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>未关联</source>
        <translation>Not linked</translation>
    </message>
    <message>
        <source>交叉任职</source>
        <translation>On committee</translation>
    </message>
    <message>
        <source>在物业任职</source>
        <translation>Works for property company</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>编辑党支部</source>
        <translation>Edit party branch</translation>
    </message>
    <message>
        <source>新建党支部</source>
        <translation>New party branch</translation>
    </message>
    <message>
        <source>{name}党支部</source>
        <translation>{name} Party Branch</translation>
    </message>
    <message>
        <source>支部书记</source>
        <translation>Branch secretary</translation>
    </message>
    <message>
        <source>请填写支部名称</source>
        <translation>Enter the branch name</translation>
    </message>
    <message>
        <source>单独组建的支部应覆盖且只覆盖 1 个小区</source>
        <translation>A single branch covers exactly 1 compound</translation>
    </message>
    <message>
        <source>联合支部应覆盖至少 2 个小区</source>
        <translation>A joint branch covers at least 2 compounds</translation>
    </message>
    <message>
        <source>编辑党员</source>
        <translation>Edit party member</translation>
    </message>
    <message>
        <source>新增党员</source>
        <translation>Add party member</translation>
    </message>
    <message>
        <source>（未记录）</source>
        <translation>(not recorded)</translation>
    </message>
    <message>
        <source>同时是业委会委员（交叉任职）</source>
        <translation>Also sits on the owners&apos; committee (cross-appointment)</translation>
    </message>
    <message>
        <source>在本小区物业企业任职</source>
        <translation>Works for the compound&apos;s property company</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>房号</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>关联到党支部</source>
        <translation>Link to branch</translation>
    </message>
    <message>
        <source>党员：{name}</source>
        <translation>Member: {name}</translation>
    </message>
    <message>
        <source>党支部</source>
        <translation>Party branch</translation>
    </message>
    <message>
        <source>覆盖本小区的党支部</source>
        <translation>Branches covering this compound</translation>
    </message>
    <message>
        <source>新建支部…</source>
        <translation>New branch…</translation>
    </message>
    <message>
        <source>编辑支部…</source>
        <translation>Edit branch…</translation>
    </message>
    <message>
        <source>本小区党员</source>
        <translation>Party members in this compound</translation>
    </message>
    <message>
        <source>新增党员…</source>
        <translation>Add member…</translation>
    </message>
    <message>
        <source>编辑党员…</source>
        <translation>Edit member…</translation>
    </message>
    <message>
        <source>关联到支部…</source>
        <translation>Link to branch…</translation>
    </message>
    <message>
        <source>取消关联</source>
        <translation>Unlink</translation>
    </message>
    <message>
        <source>本小区党员 {count} 名，已关联支部 {linked} 名</source>
        <translation>{count} party members in this compound, {linked} linked to a branch</translation>
    </message>
    <message>
        <source>小区治理工作台</source>
        <translation>Compound Desk</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>回收站</source>
        <translation>Recycle bin</translation>
    </message>
    <message>
        <source>删除的记录：查看并恢复</source>
        <translation>Deleted records: view and restore</translation>
    </message>
    <message>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>导入表格：小区、业主名册、党员（xlsx、xls、ods、csv）</source>
        <translation>Import a table: compounds, owners&apos; roll, party members (xlsx, xls, ods, csv)</translation>
    </message>
    <message>
        <source>核验…</source>
        <translation>Verify…</translation>
    </message>
    <message>
        <source>核验审核表：扫描审核表上的二维码或打开审核表 PDF</source>
        <translation>Verify a sign-off form: scan the QR code on the form or open the form&apos;s PDF</translation>
    </message>
    <message>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>设置：本人信息（签核人的姓名、职务、单位）、字号</source>
        <translation>Settings: your profile (the signer&apos;s name, title and office) and the text size</translation>
    </message>
    <message>
        <source>搜索小区、社区或街道：名称、地址或拼音（如 dwy）  Ctrl+F</source>
        <translation>Search compounds, communities, streets: name, address or pinyin (e.g. dwy)  Ctrl+F</translation>
    </message>
    <message>
        <source>语言 / Language</source>
        <translation>语言 / Language</translation>
    </message>
    <message>
        <source>语言设置将在重新启动后生效。</source>
        <translation>The language changes at the next start.</translation>
    </message>
    <message>
        <source>数据目录：{path}</source>
        <translation>Data folder: {path}</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>没有找到相符的小区。</source>
        <translation>No matching compound.</translation>
    </message>
    <message>
        <source>已保存在本机，联网后同步</source>
        <translation>Saved on this computer; it syncs once you are online</translation>
    </message>
    <message>
        <source>小区 {compounds} · 党支部 {branches} · 党员 {members} · 选举 {elections} · 议事 {agenda}</source>
        <translation>Compounds {compounds} · Branches {branches} · Members {members} · Elections {elections} · Agenda {agenda}</translation>
    </message>
    <message>
        <source>意外错误：{kind}：{message}</source>
        <translation>Unexpected error: {kind}: {message}</translation>
    </message>
    <message>
        <source>正在处理…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>操作未完成</source>
        <translation>Not done</translation>
    </message>
    <message>
        <source>全部社区</source>
        <translation>All communities</translation>
    </message>
    <message>
        <source>全部生命周期</source>
        <translation>All stages</translation>
    </message>
    <message>
        <source>全部覆盖情况</source>
        <translation>All coverage</translation>
    </message>
    <message>
        <source>全部业委会状态</source>
        <translation>All committee statuses</translation>
    </message>
    <message>
        <source>以居代业：全部</source>
        <translation>Residents&apos; committee acting: all</translation>
    </message>
    <message>
        <source>以居代业：是</source>
        <translation>Residents&apos; committee acting: yes</translation>
    </message>
    <message>
        <source>以居代业：否</source>
        <translation>Residents&apos; committee acting: no</translation>
    </message>
    <message>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>新建小区…</source>
        <translation>New compound…</translation>
    </message>
    <message>
        <source>删除小区…</source>
        <translation>Delete compound…</translation>
    </message>
    <message>
        <source>正在载入小区…</source>
        <translation>Loading compounds…</translation>
    </message>
    <message>
        <source>显示 {shown} / 共 {total} 个小区</source>
        <translation>Showing {shown} of {total} compounds</translation>
    </message>
    <message>
        <source>删除小区</source>
        <translation>Delete compound</translation>
    </message>
    <message>
        <source>确定删除“{name}”吗？删除后在列表中不再显示，操作记录会保留。</source>
        <translation>Delete “{name}”? It disappears from the list; its history is kept.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>（合计）</source>
        <translation>(total)</translation>
    </message>
    <message>
        <source>全区</source>
        <translation>District</translation>
    </message>
    <message>
        <source>全区总览</source>
        <translation>District overview</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <source>打印覆盖情况表…</source>
        <translation>Print coverage table…</translation>
    </message>
    <message>
        <source>打印表格中所选街道的小区党组织覆盖情况统计表</source>
        <translation>Print the party coverage report of the street selected in the table</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>全区 {compounds} 个小区：组织覆盖 {org}（{org_pct:.1f}%），工作覆盖 {work}（{work_pct:.1f}%），业委会覆盖 {committee_pct:.1f}%，以居代业 {acting} 个；未办结议事 {open} 件，其中逾期 {overdue} 件。统计日期 {today}。</source>
        <translation>{compounds} compounds in the district: organisational coverage {org} ({org_pct:.1f}%), work coverage {work} ({work_pct:.1f}%), owners&apos; committee coverage {committee_pct:.1f}%, residents&apos; committee acting in {acting}; {open} open agenda items, {overdue} overdue. As of {today}.</translation>
    </message>
    <message>
        <source>选举（按阶段）：</source>
        <translation>Elections by stage: </translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>议事 {total} 件：已回音 {answered} 件（{pct:.1f}%），从“听”到“回音”平均 {days} 天。</source>
        <translation>{total} agenda items: {answered} answered ({pct:.1f}%); on average {days} days from “Listen” to “Answered”.</translation>
    </message>
    <message>
        <source>{year} 年党支部评价：有党支部的小区 {branches} 个，已评价业委会 {committee} 个（平均 {committee_avg} 分），已评价物业企业 {company} 个（平均 {company_avg} 分），低分待跟进 {low} 项。</source>
        <translation>Branch evaluations {year}: {branches} compounds with a branch; {committee} committees evaluated (average {committee_avg}), {company} property companies evaluated (average {company_avg}); {low} low scores to follow up.</translation>
    </message>
    <message>
        <source>各街道小区数与业委会数（点击柱子查看小区）</source>
        <translation>Compounds and committees per street (click a bar to see the compounds)</translation>
    </message>
    <message>
        <source>已成立业委会</source>
        <translation>Active committees</translation>
    </message>
    <message>
        <source>各街道党支部覆盖情况（点击色块查看小区）</source>
        <translation>Branch coverage per street (click a segment to see the compounds)</translation>
    </message>
    <message>
        <source>导出总览</source>
        <translation>Export overview</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>总览.xlsx</source>
        <translation>overview.xlsx</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
    <message>
        <source>全部年度</source>
        <translation>All years</translation>
    </message>
    <message>
        <source>每个小区取最近一次已完成的评价；得分率相同者并列。双击查看企业历史。</source>
        <translation>Each compound&apos;s latest finished rating is used; equal scores share a rank. Double-click to see the company&apos;s history.</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>打印所选评价的物业服务星级评价报告</source>
        <translation>Print the property service star rating report for the selected rating</translation>
    </message>
    <message>
        <source>先在表中选择一次已完成的评价</source>
        <translation>Select a finished rating in the table first</translation>
    </message>
    <message>
        <source>导出排名</source>
        <translation>Export ranking</translation>
    </message>
    <message>
        <source>{street}物业评价排名.xlsx</source>
        <translation>{street} property rating ranking.xlsx</translation>
    </message>
    <message>
        <source>已导出 {n} 行到 {path}</source>
        <translation>Exported {n} rows to {path}</translation>
    </message>
    <message>
        <source>历次评价</source>
        <translation>All ratings</translation>
    </message>
    <message>
        <source>季度走势</source>
        <translation>Quarterly trend</translation>
    </message>
    <message>
        <source>还没有物业企业</source>
        <translation>No property companies yet</translation>
    </message>
    <message>
        <source>共 {n} 次评价；最近一季度 {last}%，较上一季度 {arrow} {change}</source>
        <translation>{n} ratings; latest quarter {last}%, {arrow} {change} on the previous quarter</translation>
    </message>
    <message>
        <source>共 {n} 次评价</source>
        <translation>{n} ratings</translation>
    </message>
    <message>
        <source>开始评价</source>
        <translation>Start rating</translation>
    </message>
    <message>
        <source>继续</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>请选择小区：输入名称或拼音首字母，从列表中选定</source>
        <translation>Choose a compound: type its name or pinyin initials and pick it from the list</translation>
    </message>
    <message>
        <source>评价日期</source>
        <translation>Rating date</translation>
    </message>
    <message>
        <source>评价人</source>
        <translation>Rated by</translation>
    </message>
    <message>
        <source>未完成的评价</source>
        <translation>Unfinished ratings</translation>
    </message>
    <message>
        <source>使用模板：{label}，{areas} 个方面 {n} 项指标，满分 {total}。{note}</source>
        <translation>Template: {label}, {areas} areas, {n} indicators, full marks {total}. {note}</translation>
    </message>
    <message>
        <source>物业评价打分</source>
        <translation>Property rating</translation>
    </message>
    <message>
        <source>街道排名</source>
        <translation>Street ranking</translation>
    </message>
    <message>
        <source>企业历史与走势</source>
        <translation>Company history and trend</translation>
    </message>
    <message>
        <source>评分模板</source>
        <translation>Rating template</translation>
    </message>
    <message>
        <source>支部评价（评价权）</source>
        <translation>Branch evaluation</translation>
    </message>
    <message>
        <source>评分（每项 0 至满分）</source>
        <translation>Scores (0 to full marks for each)</translation>
    </message>
    <message>
        <source>支部意见：做得好的、需要改进的</source>
        <translation>Branch&apos;s opinion: what went well, what needs improving</translation>
    </message>
    <message>
        <source>保存评价</source>
        <translation>Save evaluation</translation>
    </message>
    <message>
        <source>请先选择小区：输入名称或拼音首字母，从列表中选定</source>
        <translation>Choose a compound first: type its name or pinyin initials and pick it from the list</translation>
    </message>
    <message>
        <source>评价对象</source>
        <translation>Evaluated</translation>
    </message>
    <message>
        <source>关口审核签署：{name}</source>
        <translation>Checkpoint sign-off: {name}</translation>
    </message>
    <message>
        <source>通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>审核意见；退回时必须写明理由</source>
        <translation>Review comments; a reason is required when sending back</translation>
    </message>
    <message>
        <source>仅当区设置未满足时：越过的理由（将记录在签名内容中）</source>
        <translation>Only if a district setting is not met: the override reason (recorded in the signed content)</translation>
    </message>
    <message>
        <source>意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>越过理由</source>
        <translation>Override reason</translation>
    </message>
    <message>
        <source>本人{name}已核对以上内容，确认签署</source>
        <translation>I, {name}, have checked the above and sign it</translation>
    </message>
    <message>
        <source>尚未填写本人信息（姓名、职务、单位）：签署前请先填写，审核表上的签核人按此打印。</source>
        <translation>Your profile (name, title, office) is not filled in: fill it in before signing; the form prints the signer from it.</translation>
    </message>
    <message>
        <source>填写本人信息后，在此确认签署人姓名</source>
        <translation>Fill in your profile, then confirm the signer&apos;s name here</translation>
    </message>
    <message>
        <source>签名并提交</source>
        <translation>Sign and submit</translation>
    </message>
    <message>
        <source>本关口的条件：</source>
        <translation>Conditions for this checkpoint:</translation>
    </message>
    <message>
        <source>将要签名的内容（签署后任何改动都会使本审核显示为“已过时”）：</source>
        <translation>Content to be signed (any change after signing marks this review as “outdated”):</translation>
    </message>
    <message>
        <source>填写本人信息…</source>
        <translation>Fill in my details…</translation>
    </message>
    <message>
        <source>修改本人信息…</source>
        <translation>Edit my details…</translation>
    </message>
    <message>
        <source>签署前请填写本人信息：审核表上的签核人按此打印（姓名、职务、单位）。</source>
        <translation>Please fill in your details before signing: the signer on the printed form is printed from them (name, title, office).</translation>
    </message>
    <message>
        <source>法定条件未满足，不能通过（法定条件不可越过）：{t}</source>
        <translation>Statutory conditions not met, cannot approve (statutory conditions cannot be overridden): {t}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>区设置未满足：{t}。如确需通过，请填写越过理由。</source>
        <translation>District setting not met: {t}. To approve anyway, enter an override reason.</translation>
    </message>
    <message>
        <source>退回须写明理由。</source>
        <translation>Give a reason for sending back.</translation>
    </message>
    <message>
        <source>请选择“通过”或“退回”。</source>
        <translation>Choose “Approve” or “Return”.</translation>
    </message>
    <message>
        <source>请先填写本人信息（签署人姓名）。</source>
        <translation>Fill in your profile (the signer&apos;s name) first.</translation>
    </message>
    <message>
        <source>请确认签署人姓名。</source>
        <translation>Confirm the signer&apos;s name.</translation>
    </message>
    <message>
        <source>撤销审核</source>
        <translation>Revoke approval</translation>
    </message>
    <message>
        <source>撤销理由（必填）</source>
        <translation>Reason for revoking (required)</translation>
    </message>
    <message>
        <source>本小区的历年评价</source>
        <translation>Evaluations of this compound</translation>
    </message>
    <message>
        <source>还没有党支部覆盖的小区：评价权由小区党支部行使。</source>
        <translation>No compound is covered by a party branch yet: evaluations are made by the compound’s party branch.</translation>
    </message>
    <message>
        <source>0 至 {max}</source>
        <translation>0 to {max}</translation>
    </message>
    <message>
        <source>合计 {total} / {max} 分</source>
        <translation>Total {total} / {max} points</translation>
    </message>
    <message>
        <source>已保存：{score} 分</source>
        <translation>Saved: {score} points</translation>
    </message>
    <message>
        <source>✓ 完成</source>
        <translation>✓ Done</translation>
    </message>
    <message>
        <source>{n} 份</source>
        <translation>{n} files</translation>
    </message>
    <message>
        <source>必需</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>{compound} · {company}</source>
        <translation>{compound} · {company}</translation>
    </message>
    <message>
        <source>{street}&#x3000;评价日期 {day}&#x3000;评价人 {who}&#x3000;{template}</source>
        <translation>{street}   Rating date {day}   Rated by {who}   {template}</translation>
    </message>
    <message>
        <source>添加证据照片… (Ctrl+E)</source>
        <translation>Add evidence photo… (Ctrl+E)</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>扣分说明</source>
        <translation>Reason for deduction</translation>
    </message>
    <message>
        <source>证据</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>相关议事</source>
        <translation>Related agenda items</translation>
    </message>
    <message>
        <source>回车/Tab：下一项&#x3000;↑↓：上一项/下一项&#x3000;Ctrl+E：添加证据&#x3000;Ctrl+回车：完成评价</source>
        <translation>Enter/Tab: next   ↑↓: previous/next   Ctrl+E: add evidence   Ctrl+Enter: finish rating</translation>
    </message>
    <message>
        <source>完成评价 (Ctrl+Enter)</source>
        <translation>Finish rating (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>稍后继续</source>
        <translation>Continue later</translation>
    </message>
    <message>
        <source>{code} {area}&#x3000;（第 {n}/{total} 项）</source>
        <translation>{code} {area}   (item {n}/{total})</translation>
    </message>
    <message>
        <source>评分说明：</source>
        <translation>Scoring notes:</translation>
    </message>
    <message>
        <source>满分 {max} 分</source>
        <translation>Full marks {max}</translation>
    </message>
    <message>
        <source>扣了 {n} 分：请写明扣分原因</source>
        <translation>{n} points deducted: give the reason</translation>
    </message>
    <message>
        <source>输入得分后按回车</source>
        <translation>Type the score and press Enter</translation>
    </message>
    <message>
        <source>扣 {n} 分，须写扣分说明</source>
        <translation>{n} points deducted; a reason is required</translation>
    </message>
    <message>
        <source>扣 {n} 分</source>
        <translation>{n} points off</translation>
    </message>
    <message>
        <source>满分</source>
        <translation>Full marks</translation>
    </message>
    <message>
        <source>已到最后一项。按 Ctrl+回车 完成评价。</source>
        <translation>This is the last item. Press Ctrl+Enter to finish the rating.</translation>
    </message>
    <message>
        <source>已评 {done}/{total} 项&#x3000;扣分 {off}&#x3000;最高可得 {best} 分 {stars}</source>
        <translation>Scored {done}/{total}   Deducted {off}   Best possible {best} points {stars}</translation>
    </message>
    <message>
        <source>已附 {n} 份</source>
        <translation>{n} attached</translation>
    </message>
    <message>
        <source>本项必须附证据照片或文件，否则不能完成评价</source>
        <translation>This item needs an evidence photo or file before the rating can be finished</translation>
    </message>
    <message>
        <source>本小区没有未办结的{categories}类事项</source>
        <translation>This compound has no open {categories} items</translation>
    </message>
    <message>
        <source>未定期限</source>
        <translation>No deadline</translation>
    </message>
    <message>
        <source>…另有 {n} 项</source>
        <translation>…{n} more</translation>
    </message>
    <message>
        <source>先输入得分，再添加证据</source>
        <translation>Enter the score first, then add evidence</translation>
    </message>
    <message>
        <source>选择证据照片或文件</source>
        <translation>Choose evidence photos or files</translation>
    </message>
    <message>
        <source>照片和文件 (*.jpg *.jpeg *.png *.heic *.pdf)</source>
        <translation>Photos and files (*.jpg *.jpeg *.png *.heic *.pdf)</translation>
    </message>
    <message>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>评价已完成：{total} 分，得分率 {percent}%，{stars}</source>
        <translation>Rating finished: {total} points, {percent}%, {stars}</translation>
    </message>
    <message>
        <source>欢迎使用小区治理工作台</source>
        <translation>Welcome to Compound Desk</translation>
    </message>
    <message>
        <source>本机数据库还是空的。请选择一种方式开始：</source>
        <translation>The local database is empty. Choose how to start:</translation>
    </message>
    <message>
        <source>载入演示数据</source>
        <translation>Load demo data</translation>
    </message>
    <message>
        <source>龙岗区各街道的虚构小区、党支部、选举和议事，适合熟悉软件。</source>
        <translation>Fictional compounds, branches, elections and agenda items in Longgang&apos;s streets, to get to know the app.</translation>
    </message>
    <message>
        <source>导入文件</source>
        <translation>Import a file</translation>
    </message>
    <message>
        <source>从 Excel（.xlsx）或 CSV 导入小区、业主名册或党员名单。</source>
        <translation>Import compounds, an owners&apos; register or party members from Excel (.xlsx) or CSV.</translation>
    </message>
    <message>
        <source>登录服务器</source>
        <translation>Log in to a server</translation>
    </message>
    <message>
        <source>连接区级服务器，下载本街道的数据。</source>
        <translation>Connect to the district server and download your street&apos;s data.</translation>
    </message>
    <message>
        <source>导入功能尚未提供</source>
        <translation>Import is not available yet</translation>
    </message>
    <message>
        <source>同步功能尚未提供</source>
        <translation>Sync is not available yet</translation>
    </message>
    <message>
        <source>正在生成演示数据…</source>
        <translation>Creating demo data…</translation>
    </message>
    <message>
        <source>选择要导入的文件</source>
        <translation>Choose a file to import</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>数据已载入。</source>
        <translation>Data loaded.</translation>
    </message>
    <message>
        <source>没有成功：{error}</source>
        <translation>Did not succeed: {error}</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>此功能正在建设中。</source>
        <translation>This part is being built.</translation>
    </message>
    <message>
        <source>“{p}”不是候选人编号（1–{n}）</source>
        <translation>“{p}” is not a candidate number (1–{n})</translation>
    </message>
    <message>
        <source>候选人 {n} 重复</source>
        <translation>Candidate {n} appears twice</translation>
    </message>
    <message>
        <source>{numbers}（{names}）</source>
        <translation>{numbers} ({names})</translation>
    </message>
    <message>
        <source>同意的候选人编号，如 1 3 5；* 全部；0 或空：都不同意；回车保存</source>
        <translation>Nos. approved: 1 3 5; * all; 0 none; Enter</translation>
    </message>
    <message>
        <source>更正已录入的选票</source>
        <translation>Correct an entered ballot</translation>
    </message>
    <message>
        <source>导入电子投票结果…</source>
        <translation>Import e-voting results…</translation>
    </message>
    <message>
        <source>选票</source>
        <translation>Ballots</translation>
    </message>
    <message>
        <source>参与表决进度（人数、面积须同时达到）</source>
        <translation>Turnout so far (owners and floor area must both reach the quorum)</translation>
    </message>
    <message>
        <source>业主人数</source>
        <translation>Owners</translation>
    </message>
    <message>
        <source>专有面积</source>
        <translation>Floor area</translation>
    </message>
    <message>
        <source>更正 (回车)</source>
        <translation>Correct (Enter)</translation>
    </message>
    <message>
        <source>删除 (Del)</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <source>投票阶段才能录入选票。</source>
        <translation>Ballots can only be entered during voting.</translation>
    </message>
    <message>
        <source>已录入纸质票 {n} 张。</source>
        <translation>{n} paper ballots entered.</translation>
    </message>
    <message>
        <source>纸质</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>电子</source>
        <translation>E-vote</translation>
    </message>
    <message>
        <source>已录入的选票（{n} 张）</source>
        <translation>Ballots entered ({n})</translation>
    </message>
    <message>
        <source>尚未投票（{n} 户）</source>
        <translation>Not voted yet ({n})</translation>
    </message>
    <message>
        <source>{done} / {total} 人（需 {needed} 人）</source>
        <translation>{done} / {total} owners (needs {needed})</translation>
    </message>
    <message>
        <source>{done} / {total} m²（需 {needed} m²）</source>
        <translation>{done} / {total} m² (needs {needed} m²)</translation>
    </message>
    <message>
        <source>已达法定参与比例。</source>
        <translation>The statutory turnout is reached.</translation>
    </message>
    <message>
        <source>尚差 {n} 名业主、{m} m²。</source>
        <translation>{n} more owners and {m} m² still needed.</translation>
    </message>
    <message>
        <source>名册中没有这个房号/业主</source>
        <translation>This room/owner is not in the register</translation>
    </message>
    <message>
        <source>（已录入）</source>
        <translation>(entered)</translation>
    </message>
    <message>
        <source>正在保存：{o} → {v}</source>
        <translation>Saving: {o} → {v}</translation>
    </message>
    <message>
        <source>已保存：{o} → {v}</source>
        <translation>Saved: {o} → {v}</translation>
    </message>
    <message>
        <source>。更正方法：勾选“更正已录入的选票”后在选票栏按回车，或在“已录入的选票”中选中它按回车。</source>
        <translation>. To correct it: tick “Correct an entered ballot” and press Enter in the ballot box, or select it under “Ballots entered” and press Enter.</translation>
    </message>
    <message>
        <source>都不同意</source>
        <translation>None approved</translation>
    </message>
    <message>
        <source>房号（如 1-101、1 101）或业主姓名，回车</source>
        <translation>Room (1-101) or name, Enter</translation>
    </message>
    <message>
        <source>候选人：{names}</source>
        <translation>Candidates: {names}</translation>
    </message>
    <message>
        <source>只有纸质选票可以在这里更正</source>
        <translation>Only paper ballots can be corrected here</translation>
    </message>
    <message>
        <source>更正 {o} 的选票：改好编号后回车保存。</source>
        <translation>Correcting the ballot of {o}: change the numbers, then Enter saves.</translation>
    </message>
    <message>
        <source>电子投票不能在这里删除</source>
        <translation>E-votes cannot be deleted here</translation>
    </message>
    <message>
        <source>已删除一张纸质选票，可重新录入。</source>
        <translation>One paper ballot deleted; it can be entered again.</translation>
    </message>
    <message>
        <source>删除选票</source>
        <translation>Delete ballot</translation>
    </message>
    <message>
        <source>删除 {who} 的纸质选票？删除后该业主算作未投票，可重新录入。</source>
        <translation>Delete the paper ballot of {who}? The owner then counts as not voted and can be entered again.</translation>
    </message>
    <message>
        <source>重新计票</source>
        <translation>Recount</translation>
    </message>
    <message>
        <source>业主 {o} 人、专有面积 {a} m²；已参与表决 {po} 人、{pa} m²。</source>
        <translation>Owners: {o}, exclusive area {a} m²; voted so far: {po} owners, {pa} m².</translation>
    </message>
    <message>
        <source>参与表决已达法定比例：{q}。</source>
        <translation>Turnout has reached the statutory threshold: {q}.</translation>
    </message>
    <message>
        <source>尚差 {n} 名业主、{m} m² 才达到法定参与比例：{q}。</source>
        <translation>{n} more owners and {m} m² needed to reach the statutory turnout: {q}.</translation>
    </message>
    <message>
        <source>当选（应选 {s} 名）：{e}</source>
        <translation>Elected ({s} seats): {e}</translation>
    </message>
    <message>
        <source>暂无</source>
        <translation>None yet</translation>
    </message>
    <message>
        <source>末位同票：{t}，需另行决定。</source>
        <translation>Tie for the last seat: {t}; to be decided separately.</translation>
    </message>
    <message>
        <source>依据：{s}</source>
        <translation>Basis: {s}</translation>
    </message>
    <message>
        <source>已超期 {n} 天（应于 {d} 前完成）</source>
        <translation>{n} days overdue (due by {d})</translation>
    </message>
    <message>
        <source>今天到期（{d}）</source>
        <translation>Due today ({d})</translation>
    </message>
    <message>
        <source>还剩 {n} 天（至 {d}）</source>
        <translation>{n} days left (until {d})</translation>
    </message>
    <message>
        <source>数据有误（{v}）</source>
        <translation>Faulty data ({v})</translation>
    </message>
    <message>
        <source>≥ {f}（以上，含本数）</source>
        <translation>≥ {f} (inclusive)</translation>
    </message>
    <message>
        <source>&gt; {f}（不含本数）</source>
        <translation>&gt; {f} (exclusive)</translation>
    </message>
    <message>
        <source>数据有误，无法计算时限</source>
        <translation>Faulty data, no deadline</translation>
    </message>
    <message>
        <source>换届已启动</source>
        <translation>re-election started</translation>
    </message>
    <message>
        <source>尚未启动换届</source>
        <translation>re-election not started</translation>
    </message>
    <message>
        <source>任期已届满 {n} 天（{state}）</source>
        <translation>Term ended {n} days ago ({state})</translation>
    </message>
    <message>
        <source>还剩 {n} 天（{state}）</source>
        <translation>{n} days left ({state})</translation>
    </message>
    <message>
        <source>换届：没有业委会进入换届倒计时（任期届满前 {m} 个月起提醒）。</source>
        <translation>Re-elections: no committee is in its countdown (reminders start {m} months before a term ends).</translation>
    </message>
    <message>
        <source>换届：{n} 个业委会进入换届倒计时（任期届满前 {m} 个月起），其中任期已届满 {e} 个，尚未启动换届 {i} 个。</source>
        <translation>Re-elections: {n} committees are in their countdown (from {m} months before the term ends); {e} terms have ended, {i} re-elections not started.</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>任期届满</source>
        <translation>Term ends</translation>
    </message>
    <message>
        <source>换届倒计时</source>
        <translation>Re-election countdown</translation>
    </message>
    <message>
        <source>换届提醒（任期届满前 {m} 个月起；双击打开小区）</source>
        <translation>Re-election reminders (from {m} months before the term ends; double-click to open the compound)</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <source>这场选举的数据有误（可能来自出错的导入或其他设备），无法显示详情。请联系区级主管核对更正。</source>
        <translation>This election holds faulty data (perhaps from a bad import or another device) and cannot be shown. Ask the district supervisor to check and correct it.</translation>
    </message>
    <message>
        <source>✔ 符合</source>
        <translation>✔ Met</translation>
    </message>
    <message>
        <source>⚠ 提示</source>
        <translation>⚠ Warning</translation>
    </message>
    <message>
        <source>✘ 不符合</source>
        <translation>✘ Not met</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>条件</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>排名</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>任职/递补日期</source>
        <translation>Joined / stepped in</translation>
    </message>
    <message>
        <source>离任原因</source>
        <translation>Reason for leaving</translation>
    </message>
    <message>
        <source>核查项</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>符合</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>不符合（阻止备案）</source>
        <translation>Not met (blocks filing)</translation>
    </message>
    <message>
        <source>不符合（提示）</source>
        <translation>Not met (hint)</translation>
    </message>
    <message>
        <source>情况</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>登记首次会议与主任、副主任…</source>
        <translation>Record the first meeting and officers…</translation>
    </message>
    <message>
        <source>登记委员离任（候补递补）…</source>
        <translation>Record a member leaving (alternate steps in)…</translation>
    </message>
    <message>
        <source>登记任期届满（业委会停止履职）…</source>
        <translation>Record the end of the term (committee stops acting)…</translation>
    </message>
    <message>
        <source>打印业主委员会成立公告…</source>
        <translation>Print the committee&apos;s founding notice…</translation>
    </message>
    <message>
        <source>打印业主委员会备案表…</source>
        <translation>Print the committee&apos;s filing form…</translation>
    </message>
    <message>
        <source>委员与候补委员</source>
        <translation>Members and alternates</translation>
    </message>
    <message>
        <source>首次会议</source>
        <translation>First meeting</translation>
    </message>
    <message>
        <source>备案（材料清单与回执）</source>
        <translation>Filing (materials and receipts)</translation>
    </message>
    <message>
        <source>登记回执日期…</source>
        <translation>Record receipt date…</translation>
    </message>
    <message>
        <source>业委会核查</source>
        <translation>Committee checks</translation>
    </message>
    <message>
        <source>本小区目前没有在任业委会。选举计票并公告结果后，业委会在此产生。</source>
        <translation>This compound has no sitting owners’ committee. It appears here once an election result is recorded.</translation>
    </message>
    <message>
        <source>本届业委会还没有委员</source>
        <translation>The committee has no members yet</translation>
    </message>
    <message>
        <source>公告本届业委会的主任、副主任、委员和候补委员、任期和联系方式</source>
        <translation>Announces the director, deputy directors, members and alternates, the term and how to reach them</translation>
    </message>
    <message>
        <source>尚未登记首次会议：主任、副主任推选前只能打印草稿</source>
        <translation>First meeting not recorded: until the director and deputies are chosen it prints only as a draft</translation>
    </message>
    <message>
        <source>备案材料不全（{m}）：打印为草稿</source>
        <translation>Filing materials missing ({m}): prints as a draft</translation>
    </message>
    <message>
        <source>交区住房和建设部门和街道办事处，附备案材料清单和回执栏</source>
        <translation>For the district housing department and the street office, with the materials checklist and receipt boxes</translation>
    </message>
    <message>
        <source>本届任期：{start} 至 {end}（{source}）</source>
        <translation>Current term: {start} to {end} ({source})</translation>
    </message>
    <message>
        <source>上一届任期：{start} 至 {end}，已届满、停止履职，尚未选出新一届（{source}）</source>
        <translation>Last term: {start} to {end}; it has ended and the committee no longer acts; no new committee elected yet ({source})</translation>
    </message>
    <message>
        <source>未登记</source>
        <translation>not recorded</translation>
    </message>
    <message>
        <source>换届提醒自任期届满前 {m} 个月起显示。</source>
        <translation>The re-election reminder shows from {m} months before the term ends.</translation>
    </message>
    <message>
        <source>任期已于 {d} 届满 {n} 天，须换届。</source>
        <translation>The term ended on {d}, {n} days ago: a re-election is due.</translation>
    </message>
    <message>
        <source>换届倒计时：距任期届满（{d}）还有 {n} 天，应筹备换届。</source>
        <translation>Re-election countdown: {n} days until the term ends ({d}); prepare the re-election.</translation>
    </message>
    <message>
        <source>选举产生委员 {o} 人，现任 {s} 人，候补委员 {a} 人：{need}（{source}）</source>
        <translation>{o} members elected, {s} sitting, {a} alternates: {need} ({source})</translation>
    </message>
    <message>
        <source>
已递补：{names}；递补应予公示，并在公示结束之日起 {n} 日内向区住房和建设部门备案。</source>
        <translation>
Stepped in: {names}; each step-in is published and filed with the district housing department within {n} days after the publication ends.</translation>
    </message>
    <message>
        <source>改选主任、副主任…</source>
        <translation>Choose the officers again…</translation>
    </message>
    <message>
        <source>尚未推选</source>
        <translation>not chosen yet</translation>
    </message>
    <message>
        <source>尚未登记首次会议；应于 {due} 前召开，推选主任、副主任。</source>
        <translation>No first meeting recorded; it is due by {due} and chooses the director and deputies.</translation>
    </message>
    <message>
        <source>首次会议 {held}（应于 {due} 前）</source>
        <translation>First meeting {held} (due by {due})</translation>
    </message>
    <message>
        <source>，晚 {n} 天</source>
        <translation>, {n} days late</translation>
    </message>
    <message>
        <source>；{officers}。</source>
        <translation>; {officers}. </translation>
    </message>
    <message>
        <source>主任空缺，须由业委会重新推选。</source>
        <translation> The director’s office is vacant: the committee must choose again.</translation>
    </message>
    <message>
        <source>依据：{source}</source>
        <translation> Source: {source}</translation>
    </message>
    <message>
        <source>应于 {due} 前向区住房建设部门和街道办事处备案（{source}）。</source>
        <translation>File with the district housing department and the street office by {due} ({source}).</translation>
    </message>
    <message>
        <source>{body}回执：{day}</source>
        <translation>{body} receipt: {day}</translation>
    </message>
    <message>
        <source>{name}（如有）</source>
        <translation>{name} (if any)</translation>
    </message>
    <message>
        <source>（区设置，待核实）</source>
        <translation> (district setting, to be verified)</translation>
    </message>
    <message>
        <source>登记任期届满</source>
        <translation>Record the end of the term</translation>
    </message>
    <message>
        <source>任期已于 {d} 届满，尚未选出新一届。登记后本届业委会停止履职，小区业委会状态改为“已届满”。</source>
        <translation>The term ended on {d} and no new committee has been elected. Once recorded, this committee stops acting and the compound’s committee status becomes “expired”.</translation>
    </message>
    <message>
        <source>法定：</source>
        <translation>Statutory: </translation>
    </message>
    <message>
        <source>区设置：</source>
        <translation>District setting: </translation>
    </message>
    <message>
        <source>关口</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>决定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>签署人</source>
        <translation>Signed by</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>意见/理由</source>
        <translation>Opinion / reason</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>身份</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>组长</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party members</translation>
    </message>
    <message>
        <source>房屋</source>
        <translation>Properties</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>物业人员</source>
        <translation>Property staff</translation>
    </message>
    <message>
        <source>欠费</source>
        <translation>Arrears</translation>
    </message>
    <message>
        <source>推荐方式</source>
        <translation>Nominated by</translation>
    </message>
    <message>
        <source>候选人</source>
        <translation>Candidates</translation>
    </message>
    <message>
        <source>同意人数</source>
        <translation>Owners approving</translation>
    </message>
    <message>
        <source>同意面积（m²）</source>
        <translation>Area approving (m²)</translation>
    </message>
    <message>
        <source>过半</source>
        <translation>Majority</translation>
    </message>
    <message>
        <source>未过半</source>
        <translation>No majority</translation>
    </message>
    <message>
        <source>审核签署…</source>
        <translation>Review and sign…</translation>
    </message>
    <message>
        <source>本届业委会：首次会议与备案…</source>
        <translation>Sitting committee: first meeting and filing…</translation>
    </message>
    <message>
        <source>关口审核</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>申请</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>筹备组</source>
        <translation>Preparatory group</translation>
    </message>
    <message>
        <source>表决安排</source>
        <translation>Voting plan</translation>
    </message>
    <message>
        <source>投票录入</source>
        <translation>Ballot entry</translation>
    </message>
    <message>
        <source>撤销所选审核…</source>
        <translation>Revoke selected review…</translation>
    </message>
    <message>
        <source>审核记录（只增不改；撤销也是一条新的签名记录）</source>
        <translation>Review record (append-only; a revocation is also a new signed entry)</translation>
    </message>
    <message>
        <source>保存申请信息</source>
        <translation>Save application</translation>
    </message>
    <message>
        <source>申请日期</source>
        <translation>Applied on</translation>
    </message>
    <message>
        <source>申请业主人数</source>
        <translation>Applying owners</translation>
    </message>
    <message>
        <source>申请业主专有面积（m²）</source>
        <translation>Applying owners’ area (m²)</translation>
    </message>
    <message>
        <source>应选委员名额</source>
        <translation>Seats</translation>
    </message>
    <message>
        <source>选择左侧的一场选举</source>
        <translation>Select an election on the left</translation>
    </message>
    <message>
        <source>{c} · {k} · 应选 {s} 名</source>
        <translation>{c} · {k} · {s} seats</translation>
    </message>
    <message>
        <source>当前：{s}  {t}</source>
        <translation>Now: {s}  {t}</translation>
    </message>
    <message>
        <source>投票开始后在此显示实时计票。</source>
        <translation>The live tally appears here once voting starts.</translation>
    </message>
    <message>
        <source>{c} · 选举数据有误</source>
        <translation>{c} · faulty election data</translation>
    </message>
    <message>
        <source>类型：{k}  阶段：{s}</source>
        <translation>Kind: {k}  Stage: {s}</translation>
    </message>
    <message>
        <source>这场选举保存的数据有误（可能来自出错的导入或其他设备），本机无法显示或办理。其他选举不受影响。请联系区级主管核对更正。</source>
        <translation>This election holds faulty data (perhaps from a bad import or another device): this computer cannot show it or take it further. Other elections are not affected. Ask the district supervisor to check and correct it.</translation>
    </message>
    <message>
        <source>当前关口：{n}。{f}</source>
        <translation>Current checkpoint: {n}. {f}</translation>
    </message>
    <message>
        <source>{k} 项条件未满足。</source>
        <translation>{k} conditions not met.</translation>
    </message>
    <message>
        <source>条件均已满足，可签署。</source>
        <translation>All conditions met; ready for sign-off.</translation>
    </message>
    <message>
        <source>选举现不在关口阶段，没有待审核的条件。下方是全部审核记录。</source>
        <translation>The election is not at a checkpoint; nothing to review. The full review record is below.</translation>
    </message>
    <message>
        <source>注意：{c} 的审核内容已变更，审核已过时，须撤销后重新审核。</source>
        <translation>Note: the reviewed content of {c} has changed; the review is outdated and must be revoked and redone.</translation>
    </message>
    <message>
        <source>签署未完成</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <source>没有签署任何内容，审核记录未改变。
原因：{reason}
请检查后重试；签名密钥保存在系统钥匙串中，如钥匙串不可用，请联系管理员。</source>
        <translation>Nothing was signed; the review records are unchanged.
Reason: {reason}
Please check and try again. Signing keys are kept in the system keyring; if the keyring is not available, contact your administrator.</translation>
    </message>
    <message>
        <source>先在审核记录中选中要撤销的“通过”记录</source>
        <translation>First select the “approved” entry to revoke in the review record</translation>
    </message>
    <message>
        <source>撤销 {c} 的审核（{s} 于 {t} 签署）。选举将回到该关口重新审核。</source>
        <translation>Revoke the {c} review (signed by {s} at {t}). The election returns to that checkpoint for review.</translation>
    </message>
    <message>
        <source>选择电子投票导出文件</source>
        <translation>Choose the e-voting export file</translation>
    </message>
    <message>
        <source>表格 (*.xlsx *.xls *.xlsb *.ods *.csv)</source>
        <translation>Spreadsheets (*.xlsx *.xls *.xlsb *.ods *.csv)</translation>
    </message>
    <message>
        <source>已导入电子投票 {n} 张；同一业主的纸质票已标记为被取代。</source>
        <translation>{n} e-votes imported; paper ballots of the same owners are marked as superseded.</translation>
    </message>
    <message>
        <source>正在导入电子投票…</source>
        <translation>Importing e-votes…</translation>
    </message>
    <message>
        <source>正在计票…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>（不在名册）</source>
        <translation>(not in the register)</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>删除所选</source>
        <translation>Delete selected</translation>
    </message>
    <message>
        <source>推荐方式（如：业主联名）</source>
        <translation>Nominated by (e.g. joint owners’ petition)</translation>
    </message>
    <message>
        <source>新建选举</source>
        <translation>New election</translation>
    </message>
    <message>
        <source>新建</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>应选名额（5–11 单数）</source>
        <translation>Seats (odd number, 5–11)</translation>
    </message>
    <message>
        <source>没有可新建选举的小区：每个小区都有尚未结束的选举。</source>
        <translation>No compound can start an election: each has one that is not finished yet.</translation>
    </message>
    <message>
        <source>请选择小区：输入名称或拼音首字母，从列表中选定。</source>
        <translation>Choose a compound: type its name or pinyin initials and pick it from the list.</translation>
    </message>
    <message>
        <source>搜索小区或社区（名称或拼音），回车打开</source>
        <translation>Compound, community or pinyin; Enter opens</translation>
    </message>
    <message>
        <source>新建选举…</source>
        <translation>New election…</translation>
    </message>
    <message>
        <source>批量打印结果公告…</source>
        <translation>Print result notices in bulk…</translation>
    </message>
    <message>
        <source>为一个街道所有小区的最近一场选举生成选举结果公告（未计票的跳过）</source>
        <translation>Create election result notices for the latest election of every compound in a street (untallied ones are skipped)</translation>
    </message>
    <message>
        <source>共 {n} 场选举，其中 {o} 场超期（排在最前）。</source>
        <translation>{n} elections, {o} overdue (listed first).</translation>
    </message>
    <message>
        <source>{b} 场数据有误，排在最后。</source>
        <translation>{b} with faulty data, listed last.</translation>
    </message>
    <message>
        <source>还没有街道</source>
        <translation>No streets yet</translation>
    </message>
    <message>
        <source>批量打印选举结果公告</source>
        <translation>Print election result notices in bulk</translation>
    </message>
    <message>
        <source>选择保存选举结果公告的文件夹</source>
        <translation>Choose a folder for the election result notices</translation>
    </message>
    <message>
        <source>{s}没有选举，未生成文件。</source>
        <translation>{s} has no elections; no files created.</translation>
    </message>
    <message>
        <source>已生成 {n} 份选举结果公告，保存在 {f}。</source>
        <translation>{n} election result notices created in {f}.</translation>
    </message>
    <message>
        <source>{k} 个小区的选举尚未计票，已跳过。</source>
        <translation>{k} compounds skipped: election not yet tallied.</translation>
    </message>
    <message>
        <source>打印预览 — {title}</source>
        <translation>Print preview — {title}</translation>
    </message>
    <message>
        <source>{k}不设筹备组或换届小组，没有成立公告</source>
        <translation>A {k} has no preparatory group or change group, so there is no formation notice</translation>
    </message>
    <message>
        <source>{b}成立后才能打印</source>
        <translation>Printable once the {b} is formed</translation>
    </message>
    <message>
        <source>{b}还没有成员</source>
        <translation>The {b} has no members yet</translation>
    </message>
    <message>
        <source>还没有候选人</source>
        <translation>No candidates yet</translation>
    </message>
    <message>
        <source>计票完成后才能打印选举结果公告</source>
        <translation>The election result notice can be printed once the tally is done</translation>
    </message>
    <message>
        <source>本小区还没有业主名册，请先导入</source>
        <translation>This compound has no owners&apos; register yet: import it first</translation>
    </message>
    <message>
        <source>投票已结束，不再发放选票</source>
        <translation>The vote is over: no more ballots are handed out</translation>
    </message>
    <message>
        <source>先在审核记录中选中一条签署记录</source>
        <translation>Select a signed entry in the review record first</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>打印{label}…</source>
        <translation>Print {label}…</translation>
    </message>
    <message>
        <source>打印所选审核记录的关口审核表…</source>
        <translation>Print checkpoint review form for the selected entry…</translation>
    </message>
    <message>
        <source>先选择一场选举</source>
        <translation>Select an election first</translation>
    </message>
    <message>
        <source>{label}：{why}</source>
        <translation>{label}: {why}</translation>
    </message>
    <message>
        <source>{b}成立公告</source>
        <translation>{b} formation notice</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>草稿：{reasons}。条件满足后再打印正式文本，草稿不能张贴或归档。</source>
        <translation>Draft: {reasons}. Print the final text once the conditions are met; a draft may not be posted or filed.</translation>
    </message>
    <message>
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>导出图片…</source>
        <translation>Export images…</translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>无法保存：{reason}。请换一个文件夹再试。</source>
        <translation>Could not save: {reason}. Please try another folder.</translation>
    </message>
    <message>
        <source>导出图片</source>
        <translation>Export images</translation>
    </message>
    <message>
        <source>PNG 图片 (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>无法保存到“{folder}”：该文件夹不存在或不能写入。请换一个文件夹再试。</source>
        <translation>Cannot save to “{folder}”: the folder does not exist or cannot be written. Please choose another folder.</translation>
    </message>
    <message>
        <source>正在生成打印文件…</source>
        <translation>Preparing the document…</translation>
    </message>
    <message>
        <source>与区级服务器同步</source>
        <translation>Sync with the district server</translation>
    </message>
    <message>
        <source>登录…</source>
        <translation>Log in…</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>本人信息…</source>
        <translation>My details…</translation>
    </message>
    <message>
        <source>保留我的</source>
        <translation>Keep mine</translation>
    </message>
    <message>
        <source>保留服务器的</source>
        <translation>Keep the server’s</translation>
    </message>
    <message>
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>尚未登录同步服务器。</source>
        <translation>Not logged in to a sync server.</translation>
    </message>
    <message>
        <source>服务器：{url}&#x3000;用户：{user}</source>
        <translation>Server: {url}&#x3000;User: {user}</translation>
    </message>
    <message>
        <source>待处理的冲突：{n} 条</source>
        <translation>Conflicts to resolve: {n}</translation>
    </message>
    <message>
        <source>没有待处理的冲突。</source>
        <translation>No conflicts to resolve.</translation>
    </message>
    <message>
        <source>选择一条冲突，比较我的值和服务器的值。</source>
        <translation>Select a conflict to compare my value with the server’s.</translation>
    </message>
    <message>
        <source>我的：{mine}
服务器：{theirs}</source>
        <translation>Mine: {mine}
Server: {theirs}</translation>
    </message>
    <message>
        <source>重新提交</source>
        <translation>Submit again</translation>
    </message>
    <message>
        <source>输入新值</source>
        <translation>Enter a new value</translation>
    </message>
    <message>
        <source>{field} 的新值：</source>
        <translation>New value of {field}:</translation>
    </message>
    <message>
        <source>拒绝原因：</source>
        <translation>Reason rejected:</translation>
    </message>
    <message>
        <source>已删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>正在上传本机更改 {done}/{total} 条</source>
        <translation>Uploading changes made here: {done}/{total}</translation>
    </message>
    <message>
        <source>正在下载服务器的更改，已收到 {done} 条</source>
        <translation>Downloading the server&apos;s changes: {done} received</translation>
    </message>
    <message>
        <source>正在上传证据文件 {done}/{total}</source>
        <translation>Uploading evidence files {done}/{total}</translation>
    </message>
    <message>
        <source>正在下载证据文件 {done}/{total}</source>
        <translation>Downloading evidence files {done}/{total}</translation>
    </message>
    <message>
        <source>请重新登录同步服务器。</source>
        <translation>Please log in to the sync server again.</translation>
    </message>
    <message>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>正在与服务器同步…</source>
        <translation>Syncing with the server…</translation>
    </message>
    <message>
        <source>上传 {pushed} 条，下载 {pulled} 条，合并 {merged} 条，新冲突 {conflicts} 条</source>
        <translation>Sent {pushed}, received {pulled}, merged {merged}, new conflicts {conflicts}</translation>
    </message>
    <message>
        <source>同步已取消，未完成的部分下次继续。</source>
        <translation>Sync cancelled; the rest continues next time.</translation>
    </message>
    <message>
        <source>登录同步服务器</source>
        <translation>Log in to the sync server</translation>
    </message>
    <message>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>服务器地址须以 http:// 或 https:// 开头。</source>
        <translation>The server address must start with http:// or https://.</translation>
    </message>
    <message>
        <source>请填写用户名和密码。</source>
        <translation>Please enter the user name and password.</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>未找到系统密钥环</source>
        <translation>No system keyring found</translation>
    </message>
    <message>
        <source>本机没有可用的系统密钥环：登录只在本次运行中有效，下次启动需要重新输入密码。</source>
        <translation>No system keyring on this computer: the login lasts for this session only; you will need the password again next time.</translation>
    </message>
    <message>
        <source>待上传 {n}</source>
        <translation>{n} to send</translation>
    </message>
    <message>
        <source>冲突 {n}</source>
        <translation>{n} conflicts</translation>
    </message>
    <message>
        <source>上次同步 {time}</source>
        <translation>Last sync {time}</translation>
    </message>
    <message>
        <source>从未同步</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>演示数据 · 不同步</source>
        <translation>Demo data · never synced</translation>
    </message>
    <message>
        <source>这个数据目录装的是演示数据，永不同步到区级服务器。正式工作请用新的数据目录（--data-dir）。</source>
        <translation>This data folder holds demo data, which is never synced to the district server. Use a new data folder (--data-dir) for real work.</translation>
    </message>
    <message>
        <source>例如：小区会所二楼活动室</source>
        <translation>e.g. clubhouse activity room, 2nd floor</translation>
    </message>
    <message>
        <source>同时采用电子投票（业主可在线表决）</source>
        <translation>Also use e-voting (owners can vote online)</translation>
    </message>
    <message>
        <source>保存表决安排</source>
        <translation>Save voting arrangements</translation>
    </message>
    <message>
        <source>投票开始日期</source>
        <translation>Voting starts</translation>
    </message>
    <message>
        <source>投票结束日期</source>
        <translation>Voting ends</translation>
    </message>
    <message>
        <source>投票地点</source>
        <translation>Voting place</translation>
    </message>
    <message>
        <source>异议期至 {d} 止（{s}）。</source>
        <translation>Objection period ends {d} ({s}).</translation>
    </message>
    <message>
        <source>业主大会会议须于投票 {n} 日以前公告，以候选人公示日 {p} 为公告日（{s}）。</source>
        <translation>The owners&apos; assembly must be announced at least {n} days before the vote; the candidate notice of {p} counts as the announcement ({s}).</translation>
    </message>
    <message>
        <source>投票最早从 {e} 开始。</source>
        <translation>Voting can start on {e} at the earliest.</translation>
    </message>
    <message>
        <source>已计票，表决安排不能再改。</source>
        <translation>Already tallied; voting arrangements can no longer be changed.</translation>
    </message>
    <message>
        <source>保存后即可打印选举公告和业主大会会议通知。</source>
        <translation>Once saved, the election notice and the owners&apos; assembly notice can be printed.</translation>
    </message>
    <message>
        <source>请输入满分</source>
        <translation>Enter the maximum points</translation>
    </message>
    <message>
        <source>“{text}”不是数字</source>
        <translation>“{text}” is not a number</translation>
    </message>
    <message>
        <source>满分必须大于 0</source>
        <translation>The maximum must be above 0</translation>
    </message>
    <message>
        <source>满分最多保留两位小数</source>
        <translation>The maximum may have at most two decimals</translation>
    </message>
    <message>
        <source>{name}（{n} 项）</source>
        <translation>{name} ({n} indicators)</translation>
    </message>
    <message>
        <source>需要</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>编辑指标 {code}</source>
        <translation>Edit indicator {code}</translation>
    </message>
    <message>
        <source>{label} · {area} · 指标 {code}</source>
        <translation>{label} · {area} · indicator {code}</translation>
    </message>
    <message>
        <source>此模板已被评价使用：保存后将另存为新版本，过去的评分不变。</source>
        <translation>Inspections already use this template: saving makes a new version; past scores do not change.</translation>
    </message>
    <message>
        <source>此模板尚未被评价使用：修改直接保存在{label}。</source>
        <translation>No inspection uses this template yet: the change is saved in {label} itself.</translation>
    </message>
    <message>
        <source>需要证据</source>
        <translation>Evidence required</translation>
    </message>
    <message>
        <source>勾选后，评价完成前必须为此项附上照片或文件</source>
        <translation>When ticked, a photo or document must be attached to this indicator before the inspection can be finished</translation>
    </message>
    <message>
        <source>指标内容</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>评分说明</source>
        <translation>Scoring guidance</translation>
    </message>
    <message>
        <source>原满分 {old}</source>
        <translation>was {old}</translation>
    </message>
    <message>
        <source>指标内容不能为空</source>
        <translation>The indicator text cannot be empty</translation>
    </message>
    <message>
        <source>编辑指标…</source>
        <translation>Edit indicator…</translation>
    </message>
    <message>
        <source>导入模板文件…</source>
        <translation>Import template file…</translation>
    </message>
    <message>
        <source>双击指标或选中后点“编辑指标…”修改；模板被评价使用后，修改会另存为新版本，过去的评分不变。</source>
        <translation>Double-click an indicator, or select it and click “Edit indicator…”, to change it. Once inspections use a template, a change is saved as a new version and past scores do not change.</translation>
    </message>
    <message>
        <source>第 {version} 版 · {areas} 个方面 {n} 项指标 · 满分合计 {total}</source>
        <translation>Version {version} · {areas} areas, {n} indicators · {total} points in all</translation>
    </message>
    <message>
        <source>（不是 100 分：得分率按满分合计计算）</source>
        <translation> (not 100: percentages are of this total)</translation>
    </message>
    <message>
        <source>已被评价使用：修改会另存为新版本，过去的评分不变</source>
        <translation>In use by inspections: a change is saved as a new version; past scores do not change</translation>
    </message>
    <message>
        <source>尚未被评价使用：修改直接保存在此版本</source>
        <translation>Not used by any inspection yet: changes are saved in this version</translation>
    </message>
    <message>
        <source>先在表中选择一项指标</source>
        <translation>Select an indicator in the table first</translation>
    </message>
    <message>
        <source>指标 {code} 没有改动</source>
        <translation>Indicator {code} was not changed</translation>
    </message>
    <message>
        <source>评分模板已变为{label}，请关闭后重新打开此指标再修改</source>
        <translation>The rating template is now {label}: close this window and open the indicator again to change it</translation>
    </message>
    <message>
        <source>模板已被评价使用，已另存为第 {n} 版；过去的评分不变。新的评价将使用第 {n} 版。</source>
        <translation>Inspections already use the template, so it was saved as version {n}; past scores do not change. New inspections will use version {n}.</translation>
    </message>
    <message>
        <source>已保存指标 {code}（{label}，尚未被评价使用，直接修改）</source>
        <translation>Indicator {code} saved ({label}: not used by any inspection yet, changed in place)</translation>
    </message>
    <message>
        <source>导入评分模板文件</source>
        <translation>Import a rating template file</translation>
    </message>
    <message>
        <source>评分模板 (*.toml)</source>
        <translation>Rating templates (*.toml)</translation>
    </message>
    <message>
        <source>{file} 与当前模板（{label}）内容相同，没有改动</source>
        <translation>{file} has the same content as the current template ({label}); nothing changed</translation>
    </message>
    <message>
        <source>导入失败，模板没有改动：{error}</source>
        <translation>Import failed, the template was not changed: {error}</translation>
    </message>
    <message>
        <source>已导入 {file}：当前模板为{label}，新的评价将使用它；过去的评分不变</source>
        <translation>Imported {file}: the current template is {label}, which new inspections will use; past scores do not change</translation>
    </message>
    <message>
        <source>已导入 {file} 为{label}，但新的评价仍使用{current}</source>
        <translation>Imported {file} as {label}, but new inspections still use {current}</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>所属</source>
        <translation>Belongs to</translation>
    </message>
    <message>
        <source>删除人</source>
        <translation>Deleted by</translation>
    </message>
    <message>
        <source>删除时间</source>
        <translation>Deleted at</translation>
    </message>
    <message>
        <source>能否恢复</source>
        <translation>Can be restored</translation>
    </message>
    <message>
        <source>可以恢复</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>删除的记录保留在这里。选中一条，点“恢复”即可找回；恢复会在下次同步时发送到服务器。</source>
        <translation>Deleted records are kept here. Select one and click &quot;Restore&quot; to bring it back; the restore goes to the server at the next sync.</translation>
    </message>
    <message>
        <source>{year}年{month}月{day}日 {time}</source>
        <translation>{day}/{month}/{year} {time}</translation>
    </message>
    <message>
        <source>{n} MB</source>
        <translation>{n} MB</translation>
    </message>
    <message>
        <source>{n} KB</source>
        <translation>{n} KB</translation>
    </message>
    <message>
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <source>关闭程序时和运行期间每天自动备份一次（数据和评价佐证材料），保存在数据文件夹的 backups 中。备份已加密，只能用这份数据的密钥恢复。</source>
        <translation>A backup is made automatically when the app closes and once a day while it runs (the data and the rating evidence), in the data folder&apos;s backups. Backups are encrypted and can only be restored with this data&apos;s key.</translation>
    </message>
    <message>
        <source>还没有备份。点“立即备份”做第一份。</source>
        <translation>No backups yet. Click “Back up now” to make the first one.</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>恢复…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <source>用选中的备份替换当前数据（当前数据先另存为一个备份）</source>
        <translation>Replace the current data with the selected backup (the current data is kept as a backup first)</translation>
    </message>
    <message>
        <source>从文件恢复…</source>
        <translation>Restore from file…</translation>
    </message>
    <message>
        <source>恢复保存在别处的备份文件（.cdbackup）</source>
        <translation>Restore a backup file kept elsewhere (.cdbackup)</translation>
    </message>
    <message>
        <source>打开备份文件夹</source>
        <translation>Open backup folder</translation>
    </message>
    <message>
        <source>自动备份保留多少份</source>
        <translation>How many automatic backups to keep</translation>
    </message>
    <message>
        <source>手动备份和恢复前保留的备份不会被自动删除。</source>
        <translation>Manual backups and those kept before a restore are never deleted automatically.</translation>
    </message>
    <message>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>{compounds} 个小区、{elections} 场选举、{items} 个议事事项</source>
        <translation>{compounds} compounds, {elections} elections, {items} agenda items</translation>
    </message>
    <message>
        <source>用 {when} 的备份（{counts}）替换当前数据？

当前数据会先另存为一个备份，可以再恢复回来。恢复后下次同步会从服务器重新获取全部数据，服务器上较新的数据不会被覆盖；备份里尚未同步的修改会保留并在同步时上传。</source>
        <translation>Replace the current data with the backup of {when} ({counts})?

The current data is kept as a backup first and can be restored again. After the restore the next sync fetches all data from the server again; newer data on the server is not overwritten, and changes in the backup not yet synced are kept and uploaded when you sync.</translation>
    </message>
    <message>
        <source>选择备份文件</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <source>备份文件 (*.cdbackup)</source>
        <translation>Backup files (*.cdbackup)</translation>
    </message>
    <message>
        <source>恢复备份</source>
        <translation>Restore backup</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>还有保存中的操作，请等它完成后再恢复。</source>
        <translation>Something is still being saved; wait until it has finished, then restore.</translation>
    </message>
    <message>
        <source>已恢复 {when} 的备份。</source>
        <translation>The backup of {when} was restored.</translation>
    </message>
    <message>
        <source>原来的数据已另存为备份，列表里标为“恢复前保留”。</source>
        <translation> The data it replaced was kept as a backup, listed as “Kept before restore”.</translation>
    </message>
    <message>
        <source>备份与恢复…</source>
        <translation>Backup and restore…</translation>
    </message>
    <message>
        <source>数据</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>数据：备份与恢复</source>
        <translation>Data: backup and restore</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>全部（{n}）</source>
        <translation>All ({n})</translation>
    </message>
    <message>
        <source>{kind}（{n}）</source>
        <translation>{kind} ({n})</translation>
    </message>
    <message>
        <source>回收站是空的。</source>
        <translation>The recycle bin is empty.</translation>
    </message>
    <message>
        <source>不能恢复：{why}</source>
        <translation>Cannot restore: {why}</translation>
    </message>
    <message>
        <source>已恢复{kind}“{name}”，下次同步时发送到服务器。</source>
        <translation>Restored {kind} &quot;{name}&quot;; it goes to the server at the next sync.</translation>
    </message>
    <message>
        <source>登记首次会议</source>
        <translation>Record the first meeting</translation>
    </message>
    <message>
        <source>改选主任、副主任</source>
        <translation>Choose the officers again</translation>
    </message>
    <message>
        <source>首次会议已于 {d} 召开；此处只改选主任、副主任。</source>
        <translation>The first meeting was held on {d}; here only the director and deputies are chosen again.</translation>
    </message>
    <message>
        <source>应于 {d} 前召开（选举产生之日起计）</source>
        <translation>Due by {d} (counted from the election)</translation>
    </message>
    <message>
        <source>会议日期</source>
        <translation>Meeting date</translation>
    </message>
    <message>
        <source>主任</source>
        <translation>Director</translation>
    </message>
    <message>
        <source>副主任</source>
        <translation>Deputy director</translation>
    </message>
    <message>
        <source>登记委员离任</source>
        <translation>Record a member leaving</translation>
    </message>
    <message>
        <source>委员离任后，由候补委员按得票顺序依次递补，并予以公示。</source>
        <translation>When a member leaves, the alternates step in in order of votes, and this is published.</translation>
    </message>
    <message>
        <source>离任人员</source>
        <translation>Leaving</translation>
    </message>
    <message>
        <source>离任日期</source>
        <translation>Left on</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>登记备案回执：{body}</source>
        <translation>Record the filing receipt: {body}</translation>
    </message>
    <message>
        <source>回执日期</source>
        <translation>Receipt date</translation>
    </message>
    <message>
        <source>已报告</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>已出具</source>
        <translation>Given</translation>
    </message>
    <message>
        <source>社区党委对成立业主大会、选举业主委员会的意见</source>
        <translation>The community party committee&apos;s opinion on forming the owners&apos; assembly and electing the committee</translation>
    </message>
    <message>
        <source>事由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>向街道办事处报告换届</source>
        <translation>Re-election reported to the street office</translation>
    </message>
    <message>
        <source>社区党委意见日期</source>
        <translation>Party committee opinion date</translation>
    </message>
    <message>
        <source>社区党委意见</source>
        <translation>Party committee opinion</translation>
    </message>
    <message>
        <source>{checkpoint}所需事项</source>
        <translation>Facts checked at the timing checkpoint</translation>
    </message>
    <message>
        <source>保存{checkpoint}所需事项</source>
        <translation>Save timing facts</translation>
    </message>
    <message>
        <source>（未选择）</source>
        <translation>(none chosen)</translation>
    </message>
    <message>
        <source>换届：任期届满 {m} 个月前向街道办事处报告，选举须在任期届满前完成。</source>
        <translation>Re-election: report to the street office {m} months before the term ends; the election must be completed before it ends.</translation>
    </message>
    <message>
        <source>首次选举：先建支部——党支部覆盖本小区、双找找到本小区党员、社区党委意见已记录。</source>
        <translation>First election: the party branch first — a branch covers the compound, resident party members found, the community party committee&apos;s opinion recorded.</translation>
    </message>
    <message>
        <source>已公告</source>
        <translation>Announced</translation>
    </message>
    <message>
        <source>保存公告日期</source>
        <translation>Save notice date</translation>
    </message>
    <message>
        <source>业主大会会议公告日期</source>
        <translation>Owners&apos; assembly announced on</translation>
    </message>
    <message>
        <source>已公示</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>保存公示日期</source>
        <translation>Save publication date</translation>
    </message>
    <message>
        <source>业主代表公示日期</source>
        <translation>Owner representatives published on</translation>
    </message>
    <message>
        <source>公示 {n} 日，{y}年{m}月{d}日起可审核筹备组人选</source>
        <translation>Published for {n} days: the preparatory group can be reviewed from {y}-{m}-{d}</translation>
    </message>
    <message>
        <source>公示 {n} 日后方可审核筹备组人选</source>
        <translation>The preparatory group can be reviewed {n} days after publication</translation>
    </message>
    <message>
        <source>登记业主表决结果</source>
        <translation>Record an owners&apos; vote</translation>
    </message>
    <message>
        <source>更正业主表决结果</source>
        <translation>Correct an owners&apos; vote</translation>
    </message>
    <message>
        <source>表决类别</source>
        <translation>Vote on</translation>
    </message>
    <message>
        <source>表决事项</source>
        <translation>Matter</translation>
    </message>
    <message>
        <source>事项类别</source>
        <translation>Kind of matter</translation>
    </message>
    <message>
        <source>表决日期</source>
        <translation>Vote date</translation>
    </message>
    <message>
        <source>业主总人数（按名册）</source>
        <translation>Owners in total (register)</translation>
    </message>
    <message>
        <source>专有部分总面积 m²（按名册）</source>
        <translation>Exclusive area in total, m² (register)</translation>
    </message>
    <message>
        <source>参与表决人数</source>
        <translation>Owners who voted</translation>
    </message>
    <message>
        <source>参与表决面积 m²</source>
        <translation>Area that voted, m²</translation>
    </message>
    <message>
        <source>同意面积 m²</source>
        <translation>Area in favour, m²</translation>
    </message>
    <message>
        <source>请填写数字</source>
        <translation>Enter numbers</translation>
    </message>
    <message>
        <source>按所填数字：{r}</source>
        <translation>By these figures: {r}</translation>
    </message>
    <message>
        <source>请填写{field}</source>
        <translation>Fill in: {field}</translation>
    </message>
    <message>
        <source>业主表决</source>
        <translation>Owners&apos; votes</translation>
    </message>
    <message>
        <source>双击或回车：更正该条表决的数字</source>
        <translation>Double-click or Enter: correct this vote&apos;s figures</translation>
    </message>
    <message>
        <source>登记表决结果…</source>
        <translation>Record a vote…</translation>
    </message>
    <message>
        <source>日期未登记</source>
        <translation>date not recorded</translation>
    </message>
    <message>
        <source>管理规约</source>
        <translation>Management statute</translation>
    </message>
    <message>
        <source>首次业主大会已表决通过管理规约和业主大会议事规则</source>
        <translation>The first assembly adopted the management statute and the rules of procedure</translation>
    </message>
    <message>
        <source>业主共同决定事项（{label}，{source}）：须经业主表决通过方可转入「定」</source>
        <translation>An owners&apos; matter ({label}, {source}): it moves to Decide only after the owners vote for it</translation>
    </message>
    <message>
        <source>罢免业委会委员</source>
        <translation>Removal of committee members</translation>
    </message>
    <message>
        <source>罢免、更换委员等业主共同决定事项（《民法典》第二百七十八条）；管理规约、议事规则在选举中登记，议事事项的表决在事项中登记</source>
        <translation>Removal or replacement of members and other joint decisions of the owners (Civil Code Art. 278); the statutes are recorded with their election, an agenda item&apos;s vote with the item</translation>
    </message>
    <message>
        <source>违规</source>
        <translation>Violation</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>What is wrong</translation>
    </message>
    <message>
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>正在核查…</source>
        <translation>Auditing…</translation>
    </message>
    <message>
        <source>重新核查</source>
        <translation>Audit again</translation>
    </message>
    <message>
        <source>违规与说明</source>
        <translation>Violations and notes</translation>
    </message>
    <message>
        <source>只看违规</source>
        <translation>Violations only</translation>
    </message>
    <message>
        <source>只看说明</source>
        <translation>Notes only</translation>
    </message>
    <message>
        <source>搜索小区、记录或规则</source>
        <translation>Search compound, record or rule</translation>
    </message>
    <message>
        <source>回车或双击：打开该记录</source>
        <translation>Enter or double-click: open the record</translation>
    </message>
    <message>
        <source>核查未能完成：{e}</source>
        <translation>The audit could not finish: {e}</translation>
    </message>
    <message>
        <source>核查了 {e} 场选举、{c} 个现任业委会、{a} 项议事事项</source>
        <translation>checked {e} elections, {c} sitting committees, {a} agenda items</translation>
    </message>
    <message>
        <source>全部符合规则：{scope}。</source>
        <translation>Everything obeys the rules: {scope}.</translation>
    </message>
    <message>
        <source>发现 {n} 处违规：{scope}。</source>
        <translation>{n} violations found: {scope}.</translation>
    </message>
    <message>
        <source>另有 {n} 条说明（不计为违规）。</source>
        <translation> Also {n} notes (not violations).</translation>
    </message>
    <message>
        <source>法定</source>
        <translation>law</translation>
    </message>
    <message>
        <source>区设置</source>
        <translation>district setting</translation>
    </message>
    <message>
        <source>{sev}｜{compound}｜{record}
{message}
依据（{rule}）：{source}</source>
        <translation>{sev} | {compound} | {record}
{message}
Rule ({rule}): {source}</translation>
    </message>
    <message>
        <source>审计：{n} 处违规</source>
        <translation>Audit: {n} violations</translation>
    </message>
    <message>
        <source>点击查看本小区的违规之处及规则依据</source>
        <translation>Show this compound&apos;s violations and the rules they break</translation>
    </message>
    <message>
        <source>审计：符合规则</source>
        <translation>Audit: obeys the rules</translation>
    </message>
    <message>
        <source>本小区的选举、业委会和议事记录均符合规则</source>
        <translation>This compound&apos;s elections, committee and agenda records obey the rules</translation>
    </message>
    <message>
        <source>日志最近记录</source>
        <translation>Latest log entries</translation>
    </message>
    <message>
        <source>程序出错</source>
        <translation>Program error</translation>
    </message>
    <message>
        <source>详细信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>复制详细信息</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <source>打开日志文件夹</source>
        <translation>Open the log folder</translation>
    </message>
    <message>
        <source>继续工作</source>
        <translation>Continue working</translation>
    </message>
    <message>
        <source>刚才的操作没有完成：程序遇到了意外错误（{kind}）。错误已记入日志。
已经保存的数据不受影响，您可以继续工作。如果问题反复出现，请点“复制详细信息”，连同操作步骤发给管理员。</source>
        <translation>The last operation did not finish: the program met an unexpected error ({kind}). The error was written to the log.
Data already saved is not affected and you can continue working. If the problem keeps coming back, click &quot;Copy details&quot; and send them, with the steps you took, to your administrator.</translation>
    </message>
    <message>
        <source>
（共 {count} 个错误）</source>
        <translation>
({count} errors in all)</translation>
    </message>
    <message>
        <source>签核有效：二维码内容完整，签核人的密钥已在本机确认。</source>
        <translation>Sign-off valid: the QR code is intact and the signer&apos;s key is confirmed on this computer.</translation>
    </message>
    <message>
        <source>无法确认：二维码完整，但本机不认识这把密钥是签核人的（先同步，或向签核人核实）。</source>
        <translation>Cannot confirm: the QR code is intact, but this computer does not know the key as the signer&apos;s (sync first, or check with the signer).</translation>
    </message>
    <message>
        <source>不一致：二维码与本机的签核记录不符，纸质表或本机记录被改动过。</source>
        <translation>Mismatch: the QR code does not match this computer&apos;s sign-off record; the paper form or the record here was altered.</translation>
    </message>
    <message>
        <source>二维码已损坏或不是本应用的审核签名码。</source>
        <translation>The QR code is damaged or is not this app&apos;s sign-off code.</translation>
    </message>
    <message>
        <source>这不是审核签名码：请扫描审核表右上角的二维码，或打开审核表 PDF。</source>
        <translation>This is not a sign-off code: scan the QR code at the top right of the form, or open the form&apos;s PDF.</translation>
    </message>
    <message>
        <source>文件无法读取。</source>
        <translation>The file cannot be read.</translation>
    </message>
    <message>
        <source>文件太大，不是本应用打印的审核表。</source>
        <translation>The file is too large to be a form printed by this app.</translation>
    </message>
    <message>
        <source>文件里没有审核签名码：不是本应用打印的审核表，或文件已损坏。</source>
        <translation>The file holds no sign-off code: it is not a form printed by this app, or it is damaged.</translation>
    </message>
    <message>
        <source>不是本应用打印的审核表原件：签名码不在原处，或文件里不止一个签名码。请直接扫描纸质审核表上的二维码。</source>
        <translation>Not an original form printed by this app: the code is not where the app puts it, or the file holds more than one code. Scan the QR code on the paper form instead.</translation>
    </message>
    <message>
        <source>筹备时机关</source>
        <translation>Timing checkpoint</translation>
    </message>
    <message>
        <source>筹备组人选关</source>
        <translation>Group checkpoint</translation>
    </message>
    <message>
        <source>业委会人选关</source>
        <translation>Candidates checkpoint</translation>
    </message>
    <message>
        <source>与本机记录一致</source>
        <translation>Matches the record on this computer</translation>
    </message>
    <message>
        <source>注意：审核后被审核的内容已变更</source>
        <translation>Note: what was approved has changed since the sign-off</translation>
    </message>
    <message>
        <source>注意：此审核已被撤销</source>
        <translation>Note: this sign-off was revoked</translation>
    </message>
    <message>
        <source>本机没有这条签核记录</source>
        <translation>This computer has no record of this sign-off</translation>
    </message>
    <message>
        <source>请核对纸面上的小区、关口、结论和签核人与下列一致：</source>
        <translation>Check that the compound, checkpoint, decision and signer on the paper match these:</translation>
    </message>
    <message>
        <source>{y}年{m}月{d}日 {hm}</source>
        <translation>{y}-{m}-{d} {hm}</translation>
    </message>
    <message>
        <source>小区：{name}</source>
        <translation>Compound: {name}</translation>
    </message>
    <message>
        <source>审核关口：{name}</source>
        <translation>Checkpoint: {name}</translation>
    </message>
    <message>
        <source>审核结论：{name}</source>
        <translation>Decision: {name}</translation>
    </message>
    <message>
        <source>签核人：{name}</source>
        <translation>Signer: {name}</translation>
    </message>
    <message>
        <source>签核时间：{when}</source>
        <translation>Signed at: {when}</translation>
    </message>
    <message>
        <source>核验审核表</source>
        <translation>Verify a sign-off form</translation>
    </message>
    <message>
        <source>审核表右上角的二维码记录了签核内容和签核人的数字签名。用扫码枪扫描二维码（扫完自动核验），或用手机扫码后把文字粘贴到下面；也可以打开本应用打印的审核表 PDF。</source>
        <translation>The QR code at the top right of the form holds what was signed and the signer&apos;s digital signature. Scan it with a barcode scanner (it is verified as soon as it is read), or scan it with a phone and paste the text below; you can also open the form&apos;s PDF printed by this app.</translation>
    </message>
    <message>
        <source>扫描或粘贴二维码内容（CDSIGN1:…）</source>
        <translation>Scan or paste the QR code&apos;s content (CDSIGN1:…)</translation>
    </message>
    <message>
        <source>核验</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>打开 PDF…</source>
        <translation>Open PDF…</translation>
    </message>
    <message>
        <source>打开审核表 PDF</source>
        <translation>Open a sign-off form PDF</translation>
    </message>
    <message>
        <source>正在核验…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <source>如：张三</source>
        <translation>e.g. 张三</translation>
    </message>
    <message>
        <source>如：党建指导员、社区党委书记</source>
        <translation>e.g. party-building instructor, community party secretary</translation>
    </message>
    <message>
        <source>如：龙城街道办事处</source>
        <translation>e.g. Longcheng Street Office</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>打印为</source>
        <translation>Printed as</translation>
    </message>
    <message>
        <source>（填写完整后显示）</source>
        <translation>(shown once complete)</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>签核人按此打印在审核表、公告等文书上，不使用电脑的登录名。</source>
        <translation>Signers are printed on sign-off forms, notices and other documents from these details, never by the computer&apos;s login name.</translation>
    </message>
    <message>
        <source>同步账号：{user}。本人信息随同步保存到服务器账号。</source>
        <translation>Sync account: {user}. Your details are saved to the server account when you sync.</translation>
    </message>
    <message>
        <source>尚未登录同步服务器：本人信息先保存在本机，登录后随同步保存到服务器账号。</source>
        <translation>Not logged in to a sync server: your details are kept on this computer and saved to the server account when you sync after logging in.</translation>
    </message>
    <message>
        <source>本机的修改尚未同步到服务器。</source>
        <translation>The change made here has not been synced to the server yet.</translation>
    </message>
    <message>
        <source>本人信息</source>
        <translation>My details</translation>
    </message>
    <message>
        <source>显示</source>
        <translation>Display</translation>
    </message>
    <message>
        <source>字号</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>日志</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>常规</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>详细（排查问题时用）</source>
        <translation>Detailed (for tracing a problem)</translation>
    </message>
    <message>
        <source>只记警告和错误</source>
        <translation>Warnings and errors only</translation>
    </message>
    <message>
        <source>只记错误</source>
        <translation>Errors only</translation>
    </message>
    <message>
        <source>输入小区名称、拼音或首字母，如 jbht</source>
        <translation>Type the compound&apos;s name, pinyin or initials, e.g. jbht</translation>
    </message>
    <message>
        <source>未选择小区：输入后从列表中选定（回车选第一项）</source>
        <translation>No compound chosen: type, then pick it from the list (Enter takes the first)</translation>
    </message>
    <message>
        <source>（最近使用）</source>
        <translation>(used lately)</translation>
    </message>
    <message>
        <source>没有名称、拼音、社区或街道含“{text}”的小区</source>
        <translation>No compound whose name, pinyin, community or street contains “{text}”</translation>
    </message>
    <message>
        <source>小区：{name}；首次交付：{day}</source>
        <translation>Compound: {name}; first delivered: {day}</translation>
    </message>
    <message>
        <source>申请日期：{day}；申请业主 {owners} 人、{area} m²</source>
        <translation>Applied on: {day}; applicants: {owners} owners, {area} m²</translation>
    </message>
    <message>
        <source>业主名册：{parts} 套专有部分，共 {area} m²（其中未售/未交付 {unsold} m²）</source>
        <translation>Owners&apos; register: {parts} units, {area} m² in all ({unsold} m² unsold or not delivered)</translation>
    </message>
    <message>
        <source>事由：{trigger}；报告日期：{day}</source>
        <translation>Reason: {trigger}; reported on: {day}</translation>
    </message>
    <message>
        <source>党组织意见（{day}）：{opinion}</source>
        <translation>Party organisation&apos;s opinion ({day}): {opinion}</translation>
    </message>
    <message>
        <source>覆盖本小区的党支部 {branches} 个；居住党员 {members} 名，其中已找到 {found} 名</source>
        <translation>Party branches covering the compound: {branches}; resident Party members: {members}, {found} of them found</translation>
    </message>
    <message>
        <source>原业主委员会任期 {start} 至 {end}；最近一次会议：{last}；罢免表决 {votes} 次</source>
        <translation>Outgoing committee&apos;s term: {start} to {end}; last meeting: {last}; removal votes: {votes}</translation>
    </message>
    <message>
        <source>本小区没有在任的业主委员会</source>
        <translation>The compound has no sitting owners&apos; committee</translation>
    </message>
    <message>
        <source>筹备组共 {count} 人</source>
        <translation>Preparatory group: {count} people</translation>
    </message>
    <message>
        <source>应选 {seats} 名；候选人 {count} 名</source>
        <translation>Seats: {seats}; candidates: {count}</translation>
    </message>
    <message>
        <source>推荐：{who}</source>
        <translation>Nominated by: {who}</translation>
    </message>
    <message>
        <source>{day} 离任</source>
        <translation>left on {day}</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>本周到期</source>
        <translation>Due this week</translation>
    </message>
    <message>
        <source>近期</source>
        <translation>Coming up</translation>
    </message>
    <message>
        <source>M月d日 ddd</source>
        <translation>ddd d MMM</translation>
    </message>
    <message>
        <source>yyyy年M月d日 ddd</source>
        <translation>ddd d MMM yyyy</translation>
    </message>
    <message>
        <source>逾期 {n} 天</source>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>还有 {n} 天</source>
        <translation>{n} days left</translation>
    </message>
    <message>
        <source>{kind}：{stage}阶段的办理期限</source>
        <translation>{kind}: deadline of the stage “{stage}”</translation>
    </message>
    <message>
        <source>{kind}：业主委员会首次会议期限</source>
        <translation>{kind}: deadline for the committee&apos;s first meeting</translation>
    </message>
    <message>
        <source>{kind}：选举结果备案期限</source>
        <translation>{kind}: deadline for filing the election result</translation>
    </message>
    <message>
        <source>业主委员会任期届满（换届已启动）</source>
        <translation>Committee&apos;s term ends (re-election under way)</translation>
    </message>
    <message>
        <source>业主委员会任期届满，尚未启动换届</source>
        <translation>Committee&apos;s term ends, no re-election started</translation>
    </message>
    <message>
        <source>议事“{title}”（{stage}）办理期限</source>
        <translation>Agenda item “{title}” ({stage}): deadline</translation>
    </message>
    <message>
        <source>议事“{title}”已办完，待回音</source>
        <translation>Agenda item “{title}” done: answer due</translation>
    </message>
    <message>
        <source>议事“{title}”吹哨报到：{to}答复期限</source>
        <translation>Agenda item “{title}” referred: reply due from {to}</translation>
    </message>
    <message>
        <source>会议“{title}”计划召开</source>
        <translation>Meeting “{title}” planned</translation>
    </message>
    <message>
        <source>会议“{title}”已开始，尚未结束</source>
        <translation>Meeting “{title}” started, not yet ended</translation>
    </message>
    <message>
        <source>会议“{title}”已结束，会议纪要待打印</source>
        <translation>Meeting “{title}” ended: minutes to print</translation>
    </message>
    <message>
        <source>{group}（{n}）</source>
        <translation>{group} ({n})</translation>
    </message>
    <message>
        <source>选择我的小区</source>
        <translation>Choose my compounds</translation>
    </message>
    <message>
        <source>移除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>清空（回到本街道）</source>
        <translation>Clear (back to my street)</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>输入小区名称或拼音首字母，按回车加入。不选小区时，列出本人所在街道的全部小区。</source>
        <translation>Type a compound&apos;s name or pinyin initials and press Enter to add it. With none chosen, every compound of your own street is listed.</translation>
    </message>
    <message>
        <source>我的待办</source>
        <translation>My work</translation>
    </message>
    <message>
        <source>选择小区…</source>
        <translation>Choose compounds…</translation>
    </message>
    <message>
        <source>近期没有到期的事项。</source>
        <translation>Nothing falls due soon.</translation>
    </message>
    <message>
        <source>回车或双击打开该记录。</source>
        <translation>Press Enter or double-click to open the record.</translation>
    </message>
    <message>
        <source>所选的 {n} 个小区（点“选择小区…”更改）。</source>
        <translation>The {n} compounds you chose (change them with “Choose compounds…”).</translation>
    </message>
    <message>
        <source>{street}的全部小区。</source>
        <translation>All compounds of {street}.</translation>
    </message>
    <message>
        <source>全区的小区：在“设置…”中填写本人单位（如××街道办事处），或点“选择小区…”，只看自己负责的小区。</source>
        <translation>All compounds of the district: enter your office in “Settings…” (e.g. ×× Street Office), or use “Choose compounds…” to see only your own.</translation>
    </message>
    <message>
        <source>数据口令</source>
        <translation>Data passphrase</translation>
    </message>
    <message>
        <source>这台电脑没有可用的系统钥匙串，数据用口令加密。请为新数据设置口令，并妥善记住：忘记口令将无法打开数据。</source>
        <translation>This computer has no usable system keyring, so the data is encrypted with a passphrase. Set a passphrase for the new data and keep it safe: without it the data cannot be opened.</translation>
    </message>
    <message>
        <source>这台电脑没有可用的系统钥匙串，数据用口令加密。请输入口令打开数据。</source>
        <translation>This computer has no usable system keyring, so the data is encrypted with a passphrase. Type the passphrase to open the data.</translation>
    </message>
    <message>
        <source>数据文件夹：</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <source>口令：</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>再输入一次：</source>
        <translation>Type it again:</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>设置口令</source>
        <translation>Set passphrase</translation>
    </message>
    <message>
        <source>请输入口令</source>
        <translation>Type the passphrase</translation>
    </message>
    <message>
        <source>口令至少需要 8 个字符</source>
        <translation>The passphrase needs at least 8 characters</translation>
    </message>
    <message>
        <source>两次输入的口令不一致</source>
        <translation>The two passphrases differ</translation>
    </message>
    <message>
        <source>正在加密本地数据（只在第一次启动新版本时进行）…</source>
        <translation>Encrypting the local data (done once, on the first start of this version)…</translation>
    </message>
    <message>
        <source>加密本地数据</source>
        <translation>Encrypting the local data</translation>
    </message>
    <message>
        <source>正在加密本地数据：</source>
        <translation>Encrypting the local data: </translation>
    </message>
    <message>
        <source>口令不正确，请重新输入</source>
        <translation>Wrong passphrase; type it again</translation>
    </message>
    <message>
        <source>重试下载</source>
        <translation>Retry download</translation>
    </message>
    <message>
        <source>未下载</source>
        <translation>not downloaded</translation>
    </message>
    <message>
        <source>{name}（{size}）</source>
        <translation>{name} ({size})</translation>
    </message>
    <message>
        <source>…另有 {n} 份</source>
        <translation>…and {n} more</translation>
    </message>
    <message>
        <source>正在下载…</source>
        <translation>Downloading…</translation>
    </message>
    <message>
        <source>已下载 {n} 份</source>
        <translation>{n} downloaded</translation>
    </message>
    <message>
        <source>下载未完成，稍后可重试：{why}</source>
        <translation>Download not finished; retry later: {why}</translation>
    </message>
    <message>
        <source>表决通过</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>表决数字有误（同意数 ≤ 参与数 ≤ 总数）</source>
        <translation>Figures out of order (yes ≤ voted ≤ total)</translation>
    </message>
    <message>
        <source>参与表决人数未达 {t}</source>
        <translation>owners voting below {t}</translation>
    </message>
    <message>
        <source>参与表决面积未达 {t}</source>
        <translation>area voting below {t}</translation>
    </message>
    <message>
        <source>同意人数未达参与人数 {t}</source>
        <translation>owners in favour below {t} of those voting</translation>
    </message>
    <message>
        <source>同意面积未达参与面积 {t}</source>
        <translation>area in favour below {t} of the area voting</translation>
    </message>
    <message>
        <source>未通过：{reasons}</source>
        <translation>Not passed: {reasons}</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <source>选举</source>
        <translation>Election</translation>
    </message>
    <message>
        <source>业委会</source>
        <translation>Owners&apos; committee</translation>
    </message>
    <message>
        <source>议事事项</source>
        <translation>Agenda item</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>自动</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>手动</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>恢复前保留</source>
        <translation>Kept before restore</translation>
    </message>
    <message>
        <source>已损坏</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <source>不是备份文件</source>
        <translation>Not a backup file</translation>
    </message>
    <message>
        <source>由更新版本制作</source>
        <translation>Made by a newer version</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compounds</translation>
    </message>
    <message>
        <source>选举</source>
        <translation>Elections</translation>
    </message>
    <message>
        <source>议事事项</source>
        <translation>Agenda items</translation>
    </message>
    <message>
        <source>每日备份保留最近</source>
        <translation>Daily backups: keep the last</translation>
    </message>
    <message>
        <source>每周备份保留最近</source>
        <translation>Weekly backups: keep the last</translation>
    </message>
    <message>
        <source>每月备份保留最近</source>
        <translation>Monthly backups: keep the last</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source> 周</source>
        <translation> weeks</translation>
    </message>
    <message>
        <source> 个月</source>
        <translation> months</translation>
    </message>
</context>
<context>
    <name>Committee</name>
    <message>
        <source>主任</source>
        <translation>Director</translation>
    </message>
    <message>
        <source>副主任</source>
        <translation>Deputy director</translation>
    </message>
    <message>
        <source>委员</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>候补委员</source>
        <translation>Alternate</translation>
    </message>
    <message>
        <source>辞职</source>
        <translation>Resigned</translation>
    </message>
    <message>
        <source>罢免</source>
        <translation>Removed</translation>
    </message>
    <message>
        <source>资格终止</source>
        <translation>Disqualified</translation>
    </message>
    <message>
        <source>不再是业主</source>
        <translation>No longer an owner</translation>
    </message>
    <message>
        <source>去世</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>无空缺</source>
        <translation>no vacancy</translation>
    </message>
    <message>
        <source>应由候补委员按得票顺序递补</source>
        <translation>an alternate should step in, in order of votes</translation>
    </message>
    <message>
        <source>候补委员已递补完毕，需补选</source>
        <translation>no alternates left: a by-election is needed</translation>
    </message>
    <message>
        <source>委员不足原有人数半数，应告知街道办事处并重新选举</source>
        <translation>fewer than half the members elected remain: tell the street office and re-elect</translation>
    </message>
    <message>
        <source>区住房建设部门</source>
        <translation>District housing department</translation>
    </message>
    <message>
        <source>街道办事处</source>
        <translation>Street office</translation>
    </message>
</context>
<context>
    <name>CompoundDetail</name>
    <message>
        <source>业主委员会</source>
        <translation>Owners’ committee</translation>
    </message>
    <message>
        <source>物业服务企业</source>
        <translation>Property company</translation>
    </message>
</context>
<context>
    <name>CompoundModel</name>
    <message>
        <source>小区名称</source>
        <translation>Compound</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>生命周期</source>
        <translation>Lifecycle stage</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>党支部覆盖</source>
        <translation>Branch coverage</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party members</translation>
    </message>
    <message>
        <source>业委会</source>
        <translation>Owners&apos; committee</translation>
    </message>
    <message>
        <source>以居代业</source>
        <translation>Residents&apos; committee acting</translation>
    </message>
    <message>
        <source>物业企业</source>
        <translation>Property company</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>小区数</source>
        <translation>Compounds</translation>
    </message>
    <message>
        <source>组织覆盖</source>
        <translation>Organisational coverage</translation>
    </message>
    <message>
        <source>组织覆盖率%</source>
        <translation>Organisational %</translation>
    </message>
    <message>
        <source>工作覆盖</source>
        <translation>Work coverage</translation>
    </message>
    <message>
        <source>工作覆盖率%</source>
        <translation>Work coverage %</translation>
    </message>
    <message>
        <source>业委会</source>
        <translation>Owners&apos; committee</translation>
    </message>
    <message>
        <source>业委会覆盖率%</source>
        <translation>Committee coverage %</translation>
    </message>
    <message>
        <source>以居代业</source>
        <translation>Residents&apos; committee acting</translation>
    </message>
    <message>
        <source>选举</source>
        <translation>Elections</translation>
    </message>
    <message>
        <source>未办结议事</source>
        <translation>Open agenda</translation>
    </message>
    <message>
        <source>逾期议事</source>
        <translation>Overdue agenda</translation>
    </message>
    <message>
        <source>议事回音率%</source>
        <translation>Agenda answer rate %</translation>
    </message>
    <message>
        <source>平均回音天数</source>
        <translation>Avg. days to answer</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>周一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
</context>
<context>
    <name>EditCompoundCommand</name>
    <message>
        <source>修改{fields}</source>
        <translation>Edit {fields}</translation>
    </message>
</context>
<context>
    <name>ElectionTabs</name>
    <message>
        <source>计票</source>
        <translation>Tally</translation>
    </message>
</context>
<context>
    <name>Elections</name>
    <message>
        <source>筹备组成立公告</source>
        <translation>Preparatory group founding notice</translation>
    </message>
    <message>
        <source>候选人公示</source>
        <translation>Candidate notice</translation>
    </message>
    <message>
        <source>选举公告</source>
        <translation>Election announcement</translation>
    </message>
    <message>
        <source>选举结果公告</source>
        <translation>Election result notice</translation>
    </message>
    <message>
        <source>业主大会会议通知（提前15日）</source>
        <translation>Owners&apos; assembly notice (15 days ahead)</translation>
    </message>
    <message>
        <source>业主名册公示</source>
        <translation>Owners&apos; register publication</translation>
    </message>
    <message>
        <source>选票（每位纸质投票业主一张）</source>
        <translation>Ballots (one per owner voting on paper)</translation>
    </message>
    <message>
        <source>授权委托书</source>
        <translation>Proxy form</translation>
    </message>
    <message>
        <source>审核表带签名二维码，须在签署人的电脑上打印</source>
        <translation>The review form carries a signature QR code and must be printed on the signer&apos;s computer</translation>
    </message>
    <message>
        <source>按业主名册每位业主一张，已电子投票的业主不再打印；没有名册时打印一张空白选票</source>
        <translation>One per owner in the register, none for owners who voted electronically; one blank ballot when there is no register</translation>
    </message>
    <message>
        <source>空白表格，由业主和受托人手写填写</source>
        <translation>A blank form the owner and the proxy fill in by hand</translation>
    </message>
    <message>
        <source>条件不全时打印为草稿，预览中说明原因</source>
        <translation>Prints as a draft while something is missing; the preview says what</translation>
    </message>
    <message>
        <source>电话号码只显示前三位和后四位</source>
        <translation>Phone numbers show only their first three and last four digits</translation>
    </message>
    <message>
        <source>街道办事处</source>
        <translation>Street office</translation>
    </message>
    <message>
        <source>社区党委/小区党组织</source>
        <translation>Community Party committee / compound Party organisation</translation>
    </message>
    <message>
        <source>派出所</source>
        <translation>Police station</translation>
    </message>
    <message>
        <source>居委会</source>
        <translation>Residents&apos; committee</translation>
    </message>
    <message>
        <source>建设单位</source>
        <translation>Developer</translation>
    </message>
    <message>
        <source>业主代表</source>
        <translation>Owners&apos; representative</translation>
    </message>
    <message>
        <source>主任</source>
        <translation>Chair</translation>
    </message>
    <message>
        <source>副主任</source>
        <translation>Vice-chair</translation>
    </message>
    <message>
        <source>委员</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>候补委员</source>
        <translation>Alternate member</translation>
    </message>
    <message>
        <source>组长</source>
        <translation>Group leader</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party member</translation>
    </message>
    <message>
        <source>物业人员</source>
        <translation>Works for the property company</translation>
    </message>
    <message>
        <source>欠费</source>
        <translation>Fees in arrears</translation>
    </message>
    <message>
        <source>筹备组成员</source>
        <translation>Preparatory group members</translation>
    </message>
    <message>
        <source>候选人</source>
        <translation>Candidates</translation>
    </message>
    <message>
        <source>原业主委员会成员</source>
        <translation>Members of the outgoing committee</translation>
    </message>
    <message>
        <source>房号</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>业主</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>选票</source>
        <translation>Ballot</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compound</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>已过时（内容已变更）</source>
        <translation>Outdated (content changed)</translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>签名有效</source>
        <translation>Signature valid</translation>
    </message>
    <message>
        <source>签名无效</source>
        <translation>Signature invalid</translation>
    </message>
    <message>
        <source>公钥未知</source>
        <translation>Public key unknown</translation>
    </message>
</context>
<context>
    <name>ImportMessages</name>
    <message>
        <source>此项必填，但单元格是空的</source>
        <translation>required, but the cell is empty</translation>
    </message>
    <message>
        <source>此项必填（或填写「楼栋」「房号」），但单元格是空的</source>
        <translation>required (or fill in 楼栋 and 房号), but the cell is empty</translation>
    </message>
    <message>
        <source>超过 {max} 个字（共 {length} 字）</source>
        <translation>longer than {max} characters ({length} in all)</translation>
    </message>
    <message>
        <source>是日期（{value}），不是编号：Excel 常把 1-2、3/4 这样的编号自动变成日期；请把该列设为「文本」后重新输入</source>
        <translation>is a date ({value}), not a number: Excel often turns numbers such as 1-2 or 3/4 into dates; set the column to Text and type them again</translation>
    </message>
    <message>
        <source>{value}不是整数</source>
        <translation>{value} is not a whole number</translation>
    </message>
    <message>
        <source>{value} 超出合理范围（{low}–{high}）</source>
        <translation>{value} is outside the plausible range ({low}–{high})</translation>
    </message>
    <message>
        <source>应为数字</source>
        <translation>should be a number</translation>
    </message>
    <message>
        <source>{value}不是数字</source>
        <translation>{value} is not a number</translation>
    </message>
    <message>
        <source>{value}不是非负的数</source>
        <translation>{value} is not a non-negative number</translation>
    </message>
    <message>
        <source>{value}位数过多或数量级不合理（最多 30 位有效数字）</source>
        <translation>{value} has too many digits or an implausible magnitude (at most 30 significant digits)</translation>
    </message>
    <message>
        <source>{value}是负数，面积不能为负</source>
        <translation>{value} is negative; an area cannot be negative</translation>
    </message>
    <message>
        <source>{value}的小数超过 4 位</source>
        <translation>{value} has more than 4 decimal places</translation>
    </message>
    <message>
        <source>面积不能为 0</source>
        <translation>the area cannot be 0</translation>
    </message>
    <message>
        <source>{value}超出合理范围（{low}–{high} ㎡）</source>
        <translation>{value} is outside the plausible range ({low}–{high} m²)</translation>
    </message>
    <message>
        <source>{value}不是可选值（是、否）</source>
        <translation>{value} is not one of the choices (是, 否)</translation>
    </message>
    <message>
        <source>{value}不是日期（应如 2024-03-01）</source>
        <translation>{value} is not a date (e.g. 2024-03-01)</translation>
    </message>
    <message>
        <source>日期 {value} 不在合理范围（{low} 年至 {high} 年）</source>
        <translation>the date {value} is outside the plausible range ({low} to {high})</translation>
    </message>
    <message>
        <source>{value}不像电话号码（应如 13800000000 或 0755-12345678）</source>
        <translation>{value} does not look like a phone number (e.g. 13800000000 or 0755-12345678)</translation>
    </message>
    <message>
        <source>{value}不是可选值（{choices}）</source>
        <translation>{value} is not one of the choices ({choices})</translation>
    </message>
    <message>
        <source>无法从{value}分出楼栋和房号（应如「3栋1201房」）；请加上「楼栋」「房号」两列</source>
        <translation>cannot split {value} into building and room (e.g. 3栋1201房); add 楼栋 and 房号 columns</translation>
    </message>
    <message>
        <source>缺少这一必需的列</source>
        <translation>this required column is missing</translation>
    </message>
    <message>
        <source>本机没有名为{name}的小区（请先导入小区）</source>
        <translation>there is no compound named {name} on this computer (import the compounds first)</translation>
    </message>
    <message>
        <source>有多个小区名为{name}（{where}），请加上「社区」列以区分</source>
        <translation>several compounds are named {name} ({where}); add a 社区 column to tell them apart</translation>
    </message>
    <message>
        <source>{where} 没有名为{name}的小区</source>
        <translation>{where} has no compound named {name}</translation>
    </message>
    <message>
        <source>{where} 的{name}与第 {first} 行重复</source>
        <translation>{name} of {where} repeats row {first}</translation>
    </message>
    <message>
        <source>{compound} {building} {room} 与第 {first} 行重复</source>
        <translation>{compound} {building} {room} repeats row {first}</translation>
    </message>
    <message>
        <source>{compound}的{name}与第 {first} 行重复</source>
        <translation>{name} of {compound} repeats row {first}</translation>
    </message>
    <message>
        <source>没有名为{name}的党支部</source>
        <translation>there is no party branch named {name}</translation>
    </message>
    <message>
        <source>有多个名为{name}的党支部</source>
        <translation>several party branches are named {name}</translation>
    </message>
    <message>
        <source>{file}：文件是空的（没有表头，也没有数据）</source>
        <translation>{file}: the file is empty (no header row, no data)</translation>
    </message>
    <message>
        <source>{file}：有表头，但表头下面没有数据行</source>
        <translation>{file}: there is a header row but no data below it</translation>
    </message>
    <message>
        <source>{file}：第 {row} 行不是可识别的表头（读到：{found}）；应有的列——{expected}</source>
        <translation>{file}: row {row} is not a header row that can be recognised (read: {found}); the columns expected — {expected}</translation>
    </message>
    <message>
        <source>{file}：工作表{sheets}都没有可识别的表头，未导入；应有的列——{expected}；也可以在导入向导中为工作表指定类型和各列</source>
        <translation>{file}: none of the sheets {sheets} has a header row that can be recognised; nothing was imported; the columns expected — {expected}; you can also choose each sheet&apos;s kind and columns in the import wizard</translation>
    </message>
    <message>
        <source>{file}：文件不存在</source>
        <translation>{file}: the file does not exist</translation>
    </message>
    <message>
        <source>{file}：不支持的文件类型 {suffix}；请使用 .xlsx、.xls、.xlsb、.ods、.csv 或 .json</source>
        <translation>{file}: file type {suffix} is not supported; use .xlsx, .xls, .xlsb, .ods, .csv or .json</translation>
    </message>
    <message>
        <source>{file}：不是 Excel 或 WPS 工作簿（文件已损坏或是其他格式）；请在 Excel/WPS 中另存为 .xlsx 后再导入</source>
        <translation>{file}: not an Excel or WPS workbook (the file is damaged or of another kind); save it as .xlsx in Excel/WPS and import that</translation>
    </message>
    <message>
        <source>{file}：工作簿已损坏，无法读取（{detail}）</source>
        <translation>{file}: the workbook is damaged and cannot be read ({detail})</translation>
    </message>
    <message>
        <source>{file}：工作表「{sheet}」已损坏，无法读取（{detail}）</source>
        <translation>{file}: sheet “{sheet}” is damaged and cannot be read ({detail})</translation>
    </message>
    <message>
        <source>{file}：无法读取（{detail}）</source>
        <translation>{file}: cannot be read ({detail})</translation>
    </message>
    <message>
        <source>{file}：不是文本文件（含二进制数据）；请另存为 .xlsx 或 CSV</source>
        <translation>{file}: not a text file (it holds binary data); save it as .xlsx or CSV</translation>
    </message>
    <message>
        <source>{file}：文字既不是 UTF-8 也不是 GB18030/GBK 编码；请另存为 CSV（UTF-8）</source>
        <translation>{file}: the text is neither UTF-8 nor GB18030/GBK; save it as CSV (UTF-8)</translation>
    </message>
    <message>
        <source>{file}：第 {row} 行不是有效的 CSV（{detail}）</source>
        <translation>{file}: line {row} is not valid CSV ({detail})</translation>
    </message>
    <message>
        <source>{file}：不是普通文件，未读取</source>
        <translation>{file}: not a regular file; not read</translation>
    </message>
    <message>
        <source>{file}：文件有 {size}，超过 {limit} 的上限，未读取{hint}</source>
        <translation>{file}: the file is {size}, above the limit of {limit}; not read{hint}</translation>
    </message>
    <message>
        <source>{file}：不是有效的 Excel 工作簿（压缩结构已损坏：{detail}）</source>
        <translation>{file}: not a valid Excel workbook (its zip structure is damaged: {detail})</translation>
    </message>
    <message>
        <source>{file}：工作簿含 {parts} 个部件，超过 {limit} 个的上限，未导入</source>
        <translation>{file}: the workbook has {parts} parts, above the limit of {limit}; not imported</translation>
    </message>
    <message>
        <source>{file}：工作簿部件 {part} 的压缩比为 {ratio}:1，超过 {limit}:1 的上限（疑似“压缩炸弹”），未导入</source>
        <translation>{file}: workbook part {part} unpacks {ratio}:1, above the limit of {limit}:1 (a “zip bomb”?); not imported</translation>
    </message>
    <message>
        <source>{file}：工作簿的共享文本解压后有 {size}，超过 {limit} 的上限，未导入；请拆分文件</source>
        <translation>{file}: the workbook&apos;s shared text unpacks to {size}, above the limit of {limit}; not imported; split the file</translation>
    </message>
    <message>
        <source>{file}：工作簿解压后共 {size}，超过 {limit} 的上限（疑似“压缩炸弹”或多余的内容），未导入；请删去多余的工作表或拆分文件</source>
        <translation>{file}: the workbook unpacks to {size} in all, above the limit of {limit} (a “zip bomb” or content that does not belong); not imported; delete the extra sheets or split the file</translation>
    </message>
    <message>
        <source>{file}：工作表 {sheet} 的单元格分布在 {rows} 行 × {columns} 列的范围内（超过 {limit} 个单元格的上限），未导入；请删去远处的空白或多余单元格后另存再导入</source>
        <translation>{file}: the cells of sheet {sheet} spread over {rows} rows × {columns} columns (above the limit of {limit} cells); not imported; delete the far-away blank or extra cells, save and import again</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>表格文件 (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt)</source>
        <translation>Spreadsheets (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt)</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compounds</translation>
    </message>
    <message>
        <source>业主名册</source>
        <translation>Owners’ register</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party members</translation>
    </message>
    <message>
        <source>议事事项</source>
        <translation>Agenda items</translation>
    </message>
    <message>
        <source>电子投票结果</source>
        <translation>E-vote results</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>streets</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>communities</translation>
    </message>
    <message>
        <source>物业企业</source>
        <translation>property companies</translation>
    </message>
    <message>
        <source>房屋</source>
        <translation>units</translation>
    </message>
</context>
<context>
    <name>MyWork</name>
    <message>
        <source>提前换届</source>
        <translation>Early re-election</translation>
    </message>
    <message>
        <source>换届时机关</source>
        <translation>Re-election timing checkpoint</translation>
    </message>
    <message>
        <source>提前换届时机关</source>
        <translation>Early re-election timing checkpoint</translation>
    </message>
    <message>
        <source>补选时机关</source>
        <translation>By-election timing checkpoint</translation>
    </message>
    <message>
        <source>成立换届小组</source>
        <translation>Re-election group formed</translation>
    </message>
    <message>
        <source>换届小组人选关</source>
        <translation>Re-election group checkpoint</translation>
    </message>
    <message>
        <source>补选委员就任</source>
        <translation>New members take office</translation>
    </message>
    <message>
        <source>到期日</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>剩余</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compound</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Matter</translation>
    </message>
</context>
<context>
    <name>OwnersVotes</name>
    <message>
        <source>管理规约</source>
        <translation>Management statute</translation>
    </message>
    <message>
        <source>业主大会议事规则</source>
        <translation>Rules of procedure of the owners&apos; assembly</translation>
    </message>
    <message>
        <source>议事事项</source>
        <translation>Agenda item</translation>
    </message>
    <message>
        <source>罢免业委会委员</source>
        <translation>Removal of committee members</translation>
    </message>
    <message>
        <source>其他共同决定事项</source>
        <translation>Other joint decision</translation>
    </message>
    <message>
        <source>一般事项（过半数）</source>
        <translation>Ordinary matter (more than half)</translation>
    </message>
    <message>
        <source>重大事项（四分之三以上）</source>
        <translation>Major matter (three quarters or more)</translation>
    </message>
</context>
<context>
    <name>Passphrase</name>
    <message>
        <source>整理数据文件</source>
        <translation>Tidying the data file</translation>
    </message>
    <message>
        <source>写入加密副本</source>
        <translation>Writing the encrypted copy</translation>
    </message>
    <message>
        <source>核对加密副本</source>
        <translation>Checking the encrypted copy</translation>
    </message>
    <message>
        <source>换用加密数据</source>
        <translation>Switching to the encrypted data</translation>
    </message>
    <message>
        <source>清除未加密的旧文件</source>
        <translation>Erasing the old unencrypted file</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>RecycleBin</name>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>物业企业</source>
        <translation>Property company</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compound</translation>
    </message>
    <message>
        <source>党支部</source>
        <translation>Party branch</translation>
    </message>
    <message>
        <source>支部覆盖小区</source>
        <translation>Branch coverage of a compound</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party member</translation>
    </message>
    <message>
        <source>房屋</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>选举</source>
        <translation>Election</translation>
    </message>
    <message>
        <source>业委会</source>
        <translation>Owners&apos; committee</translation>
    </message>
    <message>
        <source>业委会委员</source>
        <translation>Owners&apos; committee member</translation>
    </message>
    <message>
        <source>筹备组成员</source>
        <translation>Preparatory group member</translation>
    </message>
    <message>
        <source>候选人</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <source>会议</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>议事事项</source>
        <translation>Agenda item</translation>
    </message>
    <message>
        <source>会议议题</source>
        <translation>Meeting item</translation>
    </message>
    <message>
        <source>评价模板</source>
        <translation>Rating template</translation>
    </message>
    <message>
        <source>物业评价</source>
        <translation>Property inspection</translation>
    </message>
    <message>
        <source>支部评价</source>
        <translation>Branch evaluation</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>这类记录不能从回收站恢复</source>
        <translation>This kind of record cannot be restored from the recycle bin</translation>
    </message>
    <message>
        <source>{kind}是全区共用的记录，由区级主管恢复</source>
        <translation>{kind} records are shared by the whole district: a district supervisor restores them</translation>
    </message>
    <message>
        <source>所属的{owner_kind}“{owner}”也已删除，请先恢复它</source>
        <translation>its {owner_kind} &quot;{owner}&quot; is deleted too: restore that first</translation>
    </message>
    <message>
        <source>已有一个相同的{kind}（删除之后新建或恢复的），不能再恢复这一个</source>
        <translation>the same {kind} exists again (added or restored after this one was deleted), so this one cannot come back</translation>
    </message>
    <message>
        <source>这个小区已有一场未完成的选举，不能再恢复一场</source>
        <translation>this compound already has an unfinished election, so another cannot be restored</translation>
    </message>
    <message>
        <source>选举已计票，名单不能再改</source>
        <translation>the election has been tallied; its lists can no longer change</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>必须填写</source>
        <translation>required</translation>
    </message>
    <message>
        <source>须为 {min} 至 {max} 个字</source>
        <translation>must be {min} to {max} characters</translation>
    </message>
    <message>
        <source>只能由汉字、字母和间隔号“·”组成</source>
        <translation>may hold only Chinese characters, letters and the middle dot &quot;·&quot;</translation>
    </message>
    <message>
        <source>不能超过 {max} 个字</source>
        <translation>may not be longer than {max} characters</translation>
    </message>
    <message>
        <source>含有不可见的控制字符</source>
        <translation>contains invisible control characters</translation>
    </message>
    <message>
        <source>小</source>
        <translation>Small</translation>
    </message>
    <message>
        <source>标准</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>大</source>
        <translation>Large</translation>
    </message>
    <message>
        <source>特大</source>
        <translation>Extra large</translation>
    </message>
</context>
<context>
    <name>agenda</name>
    <message>
        <source>听</source>
        <translation>Listen</translation>
    </message>
    <message>
        <source>议</source>
        <translation>Discuss</translation>
    </message>
    <message>
        <source>定</source>
        <translation>Decide</translation>
    </message>
    <message>
        <source>办</source>
        <translation>Act</translation>
    </message>
    <message>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>提出</source>
        <translation>Raised</translation>
    </message>
    <message>
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>各方意见</source>
        <translation>Positions</translation>
    </message>
    <message>
        <source>决定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>责任方</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>回音</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>吹哨报到</source>
        <translation>Referred to department</translation>
    </message>
    <message>
        <source>已收集</source>
        <translation>Collected</translation>
    </message>
    <message>
        <source>三方协商</source>
        <translation>Three-party discussion</translation>
    </message>
    <message>
        <source>已决定</source>
        <translation>Decided</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已答复居民</source>
        <translation>Answered to residents</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>社区吹哨、部门报到</source>
        <translation>Community referred to department</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compound</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>会议</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>计划</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>Under way</translation>
    </message>
    <message>
        <source>已结束</source>
        <translation>Ended</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>组织覆盖</source>
        <translation>Organisational coverage</translation>
    </message>
    <message>
        <source>工作覆盖</source>
        <translation>Work coverage</translation>
    </message>
    <message>
        <source>未覆盖</source>
        <translation>Uncovered</translation>
    </message>
    <message>
        <source>未成立</source>
        <translation>None</translation>
    </message>
    <message>
        <source>筹备中</source>
        <translation>Preparing</translation>
    </message>
    <message>
        <source>已成立</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>已届满</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>孕育期</source>
        <translation>Gestation</translation>
    </message>
    <message>
        <source>出生期</source>
        <translation>Birth</translation>
    </message>
    <message>
        <source>过渡期</source>
        <translation>Transition</translation>
    </message>
    <message>
        <source>成熟期</source>
        <translation>Mature</translation>
    </message>
    <message>
        <source>拆迁改造期</source>
        <translation>Redevelopment</translation>
    </message>
    <message>
        <source>党组织找党员</source>
        <translation>Branch found member</translation>
    </message>
    <message>
        <source>党员找党组织</source>
        <translation>Member reported to branch</translation>
    </message>
    <message>
        <source>单独组建</source>
        <translation>Single</translation>
    </message>
    <message>
        <source>联合组建</source>
        <translation>Joint</translation>
    </message>
    <message>
        <source>首次选举</source>
        <translation>First election</translation>
    </message>
    <message>
        <source>换届选举</source>
        <translation>Re-election</translation>
    </message>
    <message>
        <source>补选</source>
        <translation>By-election</translation>
    </message>
    <message>
        <source>申请</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>筹备时机关</source>
        <translation>Timing checkpoint</translation>
    </message>
    <message>
        <source>筹备组成立</source>
        <translation>Group formed</translation>
    </message>
    <message>
        <source>筹备组人选关</source>
        <translation>Group checkpoint</translation>
    </message>
    <message>
        <source>候选人提名</source>
        <translation>Candidates nominated</translation>
    </message>
    <message>
        <source>业委会人选关</source>
        <translation>Candidates checkpoint</translation>
    </message>
    <message>
        <source>候选人公示</source>
        <translation>Candidate notice</translation>
    </message>
    <message>
        <source>投票</source>
        <translation>Voting</translation>
    </message>
    <message>
        <source>计票</source>
        <translation>Tallied</translation>
    </message>
    <message>
        <source>备案</source>
        <translation>Filed</translation>
    </message>
    <message>
        <source>就任</source>
        <translation>Seated</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>不能为空</source>
        <translation>must not be empty</translation>
    </message>
    <message>
        <source>太长</source>
        <translation>is too long</translation>
    </message>
    <message>
        <source>应为整数</source>
        <translation>must be a whole number</translation>
    </message>
    <message>
        <source>不能为负数</source>
        <translation>must not be negative</translation>
    </message>
    <message>
        <source>应为数字</source>
        <translation>must be a number</translation>
    </message>
    <message>
        <source>日期格式应为 YYYY-MM-DD</source>
        <translation>date must be YYYY-MM-DD</translation>
    </message>
    <message>
        <source>不能晚于今天</source>
        <translation>must not be later than today</translation>
    </message>
    <message>
        <source>不是可选的值</source>
        <translation>is not one of the choices</translation>
    </message>
    <message>
        <source>找不到所选的记录</source>
        <translation>the chosen record does not exist</translation>
    </message>
    <message>
        <source>同一社区已有同名小区</source>
        <translation>a compound of this name exists in the community</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <source>我的待办</source>
        <translation>My work</translation>
    </message>
    <message>
        <source>本人负责的小区中已逾期、本周到期和近期到期的事项。</source>
        <translation>What is overdue, due this week and coming up in your compounds.</translation>
    </message>
    <message>
        <source>总览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>各街道、社区的党支部覆盖、业委会、选举与议事总览。</source>
        <translation>Branch coverage, owners&apos; committees, elections and agenda items per street and community.</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compounds</translation>
    </message>
    <message>
        <source>小区名录与详情。</source>
        <translation>The compound register and details.</translation>
    </message>
    <message>
        <source>选举</source>
        <translation>Elections</translation>
    </message>
    <message>
        <source>业委会选举：三道关口审核、候选人公示、业主大会表决、计票与备案。</source>
        <translation>Owners&apos; committee elections: three checkpoints, candidate notice, assembly vote, tally and filing.</translation>
    </message>
    <message>
        <source>议事</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>听、议、定：居民诉求从收集、协商、决定到回音的全过程。</source>
        <translation>Listen, discuss, decide: residents&apos; matters from hearing to answer.</translation>
    </message>
    <message>
        <source>会议</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <source>三方联席会议、业主大会、支部会议：签到、议题与纪要。</source>
        <translation>Joint three-party meetings, owners&apos; assemblies, branch meetings: sign-in, items and minutes.</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>物业服务星级评价与支部对业委会、物业的年度评价。</source>
        <translation>Property-service star ratings and the branch&apos;s yearly evaluations.</translation>
    </message>
    <message>
        <source>审计</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>每场选举、每个业委会、每项议事是否符合规则：违规之处、所涉记录与规则依据。</source>
        <translation>Whether every election, committee and agenda item obeys the rules: each violation, its record and the rule with its source.</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>与区级服务器同步：待上传的修改、冲突处理与登录。</source>
        <translation>Sync with the district server: pending changes, conflicts and login.</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <source>正在批量生成 {count} 份文件…</source>
        <translation>Creating {count} files…</translation>
    </message>
</context>
<context>
    <name>ratings</name>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>评价对象</source>
        <translation>Evaluated</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>评价人</source>
        <translation>Rated by</translation>
    </message>
    <message>
        <source>评价日期</source>
        <translation>Rating date</translation>
    </message>
    <message>
        <source>意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>排名</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compounds</translation>
    </message>
    <message>
        <source>物业企业</source>
        <translation>Property company</translation>
    </message>
    <message>
        <source>得分率%</source>
        <translation>Score %</translation>
    </message>
    <message>
        <source>星级</source>
        <translation>Stars</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>模板</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>季度</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <source>平均得分率%</source>
        <translation>Average score %</translation>
    </message>
    <message>
        <source>评价次数</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>满分</source>
        <translation>Full marks</translation>
    </message>
    <message>
        <source>扣分说明</source>
        <translation>Reason for deduction</translation>
    </message>
    <message>
        <source>证据</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>方面 / 指标</source>
        <translation>Area / indicator</translation>
    </message>
    <message>
        <source>需证据</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>评分说明</source>
        <translation>Scoring guidance</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>双方都改了此项</source>
        <translation>Both sides changed this</translation>
    </message>
    <message>
        <source>服务器上已删除，我有修改</source>
        <translation>Deleted on the server, changed here</translation>
    </message>
    <message>
        <source>我已删除，服务器上有修改</source>
        <translation>Deleted here, changed on the server</translation>
    </message>
    <message>
        <source>服务器拒绝了我的修改</source>
        <translation>The server rejected my change</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>我的值</source>
        <translation>My value</translation>
    </message>
    <message>
        <source>服务器的值</source>
        <translation>Server value</translation>
    </message>
    <message>
        <source>发生时间</source>
        <translation>When</translation>
    </message>
    <message>
        <source>待同步</source>
        <translation>Pending sync</translation>
    </message>
    <message>
        <source>正在同步</source>
        <translation>Syncing</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>需要登录</source>
        <translation>Login needed</translation>
    </message>
    <message>
        <source>未登录</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>同步失败</source>
        <translation>Sync failed</translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnswerDialog</name>
    <message>
        <location filename="../../app/ui/comments_page.py" line="44" />
        <source>Answer the comment</source>
        <translation>答复意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="49" />
        <source>How it was handled</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="50" />
        <source>Fixed the record</source>
        <translation>已按意见修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="51" />
        <source>Explanation (情况说明)</source>
        <translation>情况说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="53" />
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="54" />
        <source>What you changed, or why the value is right</source>
        <translation>改了什么，或数值为何无误</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="56" />
        <source>Handled:</source>
        <translation>处理方式：</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="57" />
        <source>Answer:</source>
        <translation>答复：</translation>
    </message>
</context>
<context>
    <name>CalendarPopup</name>
    <message>
        <location filename="../../app/ui/date_edit.py" line="33" />
        <source>Calendar</source>
        <translation>日历</translation>
    </message>
</context>
<context>
    <name>CommentDialog</name>
    <message>
        <location filename="../../app/ui/record_detail.py" line="42" />
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="47" />
        <source>Comment text</source>
        <translation>意见内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="48" />
        <source>What should the unit check or correct?</source>
        <translation>请填报单位核实或更正什么？</translation>
    </message>
</context>
<context>
    <name>Comments</name>
    <message>
        <location filename="../../app/ui/comment_marks.py" line="23" />
        <source>Bureau's comment (%1): %2</source>
        <translation>区局意见（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/comment_marks.py" line="25" />
        <source>Bureau's comment on this record (%1): %2</source>
        <translation>区局对本条记录的意见（%1）：%2</translation>
    </message>
</context>
<context>
    <name>CommentsPage</name>
    <message>
        <location filename="../../app/ui/comments_page.py" line="79" />
        <source>Only comments waiting for an answer (待处理)</source>
        <translation>只看待处理的意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="90" />
        <source>Comments</source>
        <translation>反馈意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="93" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="94" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="95" />
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="96" />
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="97" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="98" />
        <source>Field (value now)</source>
        <translation>字段（现值）</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="99" />
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="100" />
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="116" />
        <source>Go to record</source>
        <translation>转到记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="117" />
        <source>Answer…</source>
        <translation>答复…</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="125" />
        <source>The bureau's comments and your answers. Fix the record or answer; your next export carries both.</source>
        <translation>区局的反馈意见和本单位的答复。请修改相应记录或填写答复；下次导出报送文件时一并发送区局。</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="127" />
        <source>Comments you wrote and the units' answers. Accepting a submission closes its comments.</source>
        <translation>区局提出的意见和各单位的答复。接收报送后，其意见即关闭。</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="156" />
        <source>%1 day(s) left</source>
        <translation>还有 %1 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="158" />
        <source>due today</source>
        <translation>今天截止</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="160" />
        <source>%1 day(s) overdue</source>
        <translation>已逾期 %1 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="163" />
        <source>%1: due %2 (%3)</source>
        <translation>%1报送截止日期：%2（%3）</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="165" />
        <source>Bureau's review: %1</source>
        <translation>区局审核：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="177" />
        <source>%1 waiting for an answer</source>
        <translation>待处理 %1 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="179" />
        <source>%1 not answered yet</source>
        <translation>未答复 %1 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/comments_page.py" line="230" />
        <source>Not answered</source>
        <translation>未能答复</translation>
    </message>
</context>
<context>
    <name>ConflictTable</name>
    <message>
        <location filename="../../app/ui/import_preview.py" line="178" />
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="181" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="182" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="183" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="184" />
        <source>Ours (this ledger)</source>
        <translation>本台账的值</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="185" />
        <source>Theirs (the file)</source>
        <translation>文件中的值</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="186" />
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="218" />
        <source>Keep ours</source>
        <translation>保留本台账的值</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="219" />
        <source>Take theirs</source>
        <translation>采用文件中的值</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="220" />
        <source>Keep which value of %1</source>
        <translation>%1保留哪个值</translation>
    </message>
</context>
<context>
    <name>ConsolidateDialog</name>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="58" />
        <source>Consolidated workbook</source>
        <translation>生成汇总工作簿</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="60" />
        <location filename="../../app/ui/report_dialogs.py" line="71" />
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="62" />
        <location filename="../../app/ui/report_dialogs.py" line="72" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="63" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="78" />
        <source>Write workbook</source>
        <translation>生成工作簿</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="79" />
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="99" />
        <source>Save consolidated workbook</source>
        <translation>保存汇总工作簿</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="99" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="110" />
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="127" />
        <source>Saved %1 (%2 records).</source>
        <translation>已保存 %1（共 %2 条记录）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="135" />
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../app/ui/dashboard.py" line="122" />
        <source>Dashboard</source>
        <translation>工作概览</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="151" />
        <source>The dashboard could not be drawn: %1</source>
        <translation>无法显示工作概览：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="178" />
        <source>Overview of %1</source>
        <translation>%1工作概览</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="188" />
        <source>Submitted / expected</source>
        <translation>已报 / 应报</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="190" />
        <source>Missing after the due date: %1</source>
        <translation>逾期未报：%1 家</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="194" />
        <source>Late</source>
        <translation>逾期报送</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="198" />
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="204" />
        <source>Lagging task reports</source>
        <translation>滞后任务（项次）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="205" />
        <source>Indicators met in %1</source>
        <translation>%1年指标达标</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="219" />
        <source>Indicators against targets</source>
        <translation>指标完成情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="214" />
        <source>Completion (%)</source>
        <translation>完成率（%）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="214" />
        <source>(above %1%: drawn at %1%, the label gives the value)</source>
        <translation>（超过 %1% 的按 %1% 画出，数值见标签）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="221" />
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="222" />
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="223" />
        <source>Target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="224" />
        <source>Reported</source>
        <translation>报告值</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="225" />
        <source>Computed</source>
        <translation>台账计算值</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="226" />
        <source>Completion</source>
        <translation>完成率</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="234" />
        <source>Reported and computed values</source>
        <translation>报告值与台账计算值</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="247" />
        <source>Task status by section (unit reports; %1 not yet reported)</source>
        <translation>各部分任务推进状态（按单位报送计；另有 %1 项次未报送）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="254" />
        <location filename="../../app/ui/dashboard.py" line="341" />
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="254" />
        <location filename="../../app/ui/dashboard.py" line="275" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="254" />
        <source>Progress</source>
        <translation>进展情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="255" />
        <source>Lagging tasks</source>
        <translation>滞后任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="275" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="275" />
        <source>Submitted</source>
        <translation>报送时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="275" />
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="275" />
        <source>Standing</source>
        <translation>按时情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="279" />
        <source>Submissions for %1</source>
        <translation>%1报送情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="282" />
        <source>Pledge financing (10k yuan)</source>
        <translation>质押融资（万元）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="283" />
        <source>Patent deals (10k yuan)</source>
        <translation>专利交易（万元）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="288" />
        <location filename="../../app/ui/dashboard.py" line="292" />
        <source>Totals by street and town, %1</source>
        <translation>各街道镇合计（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="306" />
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="310" />
        <source>My tasks reported</source>
        <translation>本单位任务已填报</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="314" />
        <source>%1 days left</source>
        <translation>还剩 %1 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="316" />
        <source>%1 days past</source>
        <translation>已过 %1 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="319" />
        <source>Due date</source>
        <translation>报送截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="322" />
        <source>Submission</source>
        <translation>本期报送</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="324" />
        <source>Comments to answer</source>
        <translation>待答复意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="329" />
        <source>Waiting for you:</source>
        <translation>待办事项：</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="331" />
        <source>Nothing is waiting for you this period.</source>
        <translation>本期没有待办事项。</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="341" />
        <source>Task content</source>
        <translation>任务内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="341" />
        <source>Status this period</source>
        <translation>本期推进状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="347" />
        <source>My tasks this period</source>
        <translation>本单位本期任务</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <location filename="../../app/ui/date_edit.py" line="47" />
        <source>e.g. 2025-09-28</source>
        <translation>如 2025-09-28</translation>
    </message>
    <message>
        <location filename="../../app/ui/date_edit.py" line="51" />
        <source>Calendar (Alt+Down)</source>
        <translation>日历（Alt+↓）</translation>
    </message>
</context>
<context>
    <name>DeadlinesPage</name>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="60" />
        <source>Period of the due date</source>
        <translation>截止日期所属报告期</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="64" />
        <source>Due date</source>
        <translation>报送截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="65" />
        <source>Set due date</source>
        <translation>设置截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="66" />
        <source>Default (10th day after)</source>
        <translation>恢复默认（期末后第10天）</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="73" />
        <source>Due date of</source>
        <translation>截止日期：</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="81" />
        <source>Submissions of the year</source>
        <translation>全年报送情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="89" />
        <source>Units to remind</source>
        <translation>待催报单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="91" />
        <location filename="../../app/ui/deadlines_page.py" line="162" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="91" />
        <source>Last reporter</source>
        <translation>最近填报人</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="91" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="91" />
        <source>E-mail (double-click to edit)</source>
        <translation>电子邮箱（双击填写）</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="101" />
        <source>Reminder text</source>
        <translation>提醒内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="103" />
        <source>Copy reminder</source>
        <translation>复制提醒</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="104" />
        <source>Copy all reminders</source>
        <translation>复制全部提醒</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="105" />
        <source>E-mail draft…</source>
        <translation>写邮件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="152" />
        <source>Deadlines and reminders, %1</source>
        <translation>报送期限与催报（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="161" />
        <source>due</source>
        <translation>截止</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="175" />
        <source>First submitted %1 (on time or late counts from it)</source>
        <translation>首次报送：%1（按时或逾期以首次报送为准）</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="179" />
        <source>Latest file %1</source>
        <translation>最近一次报送：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="192" />
        <source>催报 %1: %2 unit(s) not submitted, %3 past the due date</source>
        <translation>催报（%1）：%2 个单位未报送，其中 %3 个已过截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="239" />
        <source>Every unit has submitted for this period.</source>
        <translation>本期各单位均已报送。</translation>
    </message>
    <message>
        <location filename="../../app/ui/deadlines_page.py" line="243" />
        <source>Enter the unit's e-mail address first</source>
        <translation>请先填写该单位的电子邮箱</translation>
    </message>
</context>
<context>
    <name>EditDialog</name>
    <message>
        <location filename="../../app/ui/record_detail.py" line="64" />
        <source>Edit %1's record</source>
        <translation>修改%1的记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="68" />
        <source>This record belongs to %1. Your change is kept in the ledger's history; when the unit changes the same field, the import asks which value to keep.</source>
        <translation>本记录属于%1。您的修改会记入台账历史；该单位以后修改同一字段时，导入时会询问保留哪个值。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="44" />
        <source>Export submission</source>
        <translation>导出报送文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="47" />
        <source>Reporting period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="52" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="53" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="61" />
        <source>Reporting period:</source>
        <translation>报告期：</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="62" />
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="65" />
        <source>The workbook holds this period's rows, your registries and every correction made since your last export. Email it to the district IP bureau.</source>
        <translation>工作簿包含本报告期的数据、本单位的登记表（指导站、挂牌专利）以及上次导出以来的所有更正。请将其通过电子邮件报送区知识产权局。</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="74" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="90" />
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="90" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="100" />
        <source>Replace file?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="101" />
        <source>%1 already exists. Replace it?</source>
        <translation>%1 已存在。是否替换？</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="119" />
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="115" />
        <source>Saved %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="121" />
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="130" />
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>FieldInput</name>
    <message>
        <location filename="../../app/ui/record_form.py" line="63" />
        <source>Checked, keep it</source>
        <translation>已核对，保留此值</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_form.py" line="64" />
        <source>Confirm %1</source>
        <translation>确认%1</translation>
    </message>
</context>
<context>
    <name>FileList</name>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="141" />
        <source>Files to import</source>
        <translation>待导入的文件</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../app/ui/first_run.py" line="39" />
        <source>Set up IP Ledger</source>
        <translation>设置知识产权工作台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="43" />
        <source>Choose the unit this computer reports for. You can search the list; if your unit is missing, add it.</source>
        <translation>请选择本电脑填报数据的单位。可在列表中搜索；如列表中没有本单位，请添加。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="48" />
        <source>Type to search units…</source>
        <translation>输入文字搜索单位…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="49" />
        <source>Search units</source>
        <translation>搜索单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="52" />
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="54" />
        <source>Add a unit…</source>
        <translation>添加单位…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="57" />
        <source>Reporting unit: enter and export our own data</source>
        <translation>填报单位：录入并导出本单位数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="58" />
        <source>District IP bureau: merge every unit's submissions</source>
        <translation>区知识产权局：汇总各单位报送的数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="60" />
        <source>The ledger is saved in:</source>
        <translation>台账保存位置：</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="124" />
        <location filename="../../app/ui/first_run.py" line="129" />
        <location filename="../../app/ui/first_run.py" line="138" />
        <source>Add a unit</source>
        <translation>添加单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="124" />
        <source>Name of the unit:</source>
        <translation>单位名称：</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="129" />
        <source>Kind of unit:</source>
        <translation>单位类别：</translation>
    </message>
</context>
<context>
    <name>HelpViewer</name>
    <message>
        <location filename="../../app/ui/help_viewer.py" line="16" />
        <source>IP Ledger manual</source>
        <translation>知识产权工作台账 使用手册</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_viewer.py" line="18" />
        <source>Manual</source>
        <translation>使用手册</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../app/ui/history_dialog.py" line="17" />
        <location filename="../../app/ui/history_dialog.py" line="23" />
        <source>Record history</source>
        <translation>记录历史</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_dialog.py" line="24" />
        <source>When / field</source>
        <translation>时间 / 字段</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_dialog.py" line="24" />
        <source>Change</source>
        <translation>改动</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_dialog.py" line="24" />
        <source>By</source>
        <translation>由</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_dialog.py" line="24" />
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_dialog.py" line="36" />
        <source>No history yet</source>
        <translation>暂无历史</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="193" />
        <source>Import workbooks</source>
        <translation>导入工作簿</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="197" />
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="198" />
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="199" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="200" />
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="205" />
        <source>Drag workbooks or a folder here.</source>
        <translation>可将工作簿或文件夹拖放到这里。</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="209" />
        <source>Show outcome</source>
        <translation>显示的结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="210" />
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="213" />
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="222" />
        <source>Conflicts of file</source>
        <translation>冲突所在文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="223" />
        <source>Keep all ours</source>
        <translation>全部保留本台账的值</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="224" />
        <source>Take all theirs</source>
        <translation>全部采用文件中的值</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="233" />
        <source>Save error list…</source>
        <translation>保存错误清单…</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="256" />
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="265" />
        <source>Conflicts: this ledger and the unit both changed these fields since they last agreed. Choose per field which value to keep; fields only one side changed are merged by themselves.</source>
        <translation>冲突：自上次一致以来，本台账和填报单位都改过这些字段。请逐个字段选择保留哪个值；只有一方改过的字段会自动合并。</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="272" />
        <source>For every conflict of</source>
        <translation>对以下文件的全部冲突：</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="380" />
        <source>Blank template: speaks for</source>
        <translation>空白模板所属单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="384" />
        <source>Unit this template speaks for</source>
        <translation>该模板所属的单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="385" />
        <source>(the unit each row names)</source>
        <translation>（按各行“填报单位”）</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="404" />
        <source>several units</source>
        <translation>多个单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="407" />
        <source>Import a consolidated workbook?</source>
        <translation>导入汇总工作簿？</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="409" />
        <source>%1 is a consolidated workbook. Importing it changes the records of: %2.
It never changes this ledger's own records. Import it?</source>
        <translation>“%1”是汇总工作簿，导入将改动以下单位的记录：%2。
它不会改动本台账单位自己的记录。确定导入吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="432" />
        <source>Add the workbooks to import.</source>
        <translation>请添加要导入的工作簿。</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="438" />
        <source>Every file was imported before.</source>
        <translation>所有文件都已导入过。</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="440" />
        <source>Every file has errors: save the error list for its unit, or remove the file.</source>
        <translation>所有文件都有错误：可保存错误清单发回填报单位，或移除该文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="442" />
        <source>No file is ticked for import.</source>
        <translation>没有勾选要导入的文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="444" />
        <source>%1 file(s) with errors will not be imported; the others will.</source>
        <translation>%1 个文件有错误，不会导入；其他文件照常导入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="471" />
        <source>Save error list</source>
        <translation>保存错误清单</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="479" />
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="482" />
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="482" />
        <source>Saved %1. Send it to the unit with the file.</source>
        <translation>已保存 %1。请将它发给该填报单位。</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="236" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="296" />
        <source>Add files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="296" />
        <location filename="../../app/ui/exchange_dialogs.py" line="471" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="301" />
        <source>Add folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="330" />
        <source>Reading and comparing %1 files…</source>
        <translation>正在读取并比对 %1 个文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="346" />
        <source>New %1, updated %2 (edited outside the app %3), unchanged %4, stale %5, conflicts %6, likely duplicates %7, deleted %8, missing %9, errors %10</source>
        <translation>新增 %1，更新 %2（其中表外修改 %3），未变 %4，过期 %5，冲突 %6，疑似重复 %7，删除 %8，缺少 %9，错误 %10</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="504" />
        <source>Add the action plan?</source>
        <translation>添加行动方案？</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="506" />
        <source>The workbook brings an action plan this ledger does not have yet:
%1

Add it, so that its periods are reported against its tasks, and import?</source>
        <translation>工作簿带有本台账尚没有的行动方案：
%1

添加该方案（其报告期按该方案的任务填报）并导入吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="518" />
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="519" />
        <source>Imported. You can undo it under Import history (import %1).</source>
        <translation>导入完成。可在“导入记录”中撤销（导入编号 %1）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="527" />
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/exchange_dialogs.py" line="527" />
        <source>Nothing was imported.</source>
        <translation>未导入任何数据。</translation>
    </message>
</context>
<context>
    <name>ImportHistoryPage</name>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="165" />
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="169" />
        <source>Undo selected import</source>
        <translation>撤销所选导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="173" />
        <source>A backup of the ledger is taken before every import.</source>
        <translation>每次导入前都会自动备份台账。</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="183" />
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="183" />
        <source>Superseded</source>
        <translation>已被取代</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="183" />
        <source>In effect</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="199" />
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="200" />
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="201" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="202" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="203" />
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="204" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="205" />
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="220" />
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="222" />
        <source>Undo import %1 (%2)? Records it added are removed and records it changed get their earlier values back.</source>
        <translation>撤销导入 %1（%2）？该次导入新增的记录将被移除，修改过的记录将恢复原值。</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="233" />
        <source>Cannot undo</source>
        <translation>无法撤销</translation>
    </message>
</context>
<context>
    <name>LoadPlanDialog</name>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="53" />
        <source>Load an action plan</source>
        <translation>载入行动方案</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="56" />
        <source>Open a plan workbook or notice…</source>
        <translation>打开方案工作簿或通知文本…</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="58" />
        <source>Save a blank plan workbook…</source>
        <translation>保存空白方案工作簿…</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="67" />
        <location filename="../../app/ui/plan_dialog.py" line="106" />
        <source>Notice text</source>
        <translation>通知文本</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="68" />
        <source>Or paste the text of the notice here, then choose Recognise.</source>
        <translation>或将印发通知的文本粘贴到这里，然后点“识别”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="69" />
        <source>Recognise</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="85" />
        <source>Plan name</source>
        <translation>方案名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="86" />
        <source>Document number</source>
        <translation>文号</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="87" />
        <source>Issued on</source>
        <translation>印发日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="88" />
        <source>First year</source>
        <translation>起始年份</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="89" />
        <source>Last year</source>
        <translation>结束年份</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="93" />
        <source>Plan name:</source>
        <translation>方案名称：</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="94" />
        <source>Document number:</source>
        <translation>文号：</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="95" />
        <source>Issued on:</source>
        <translation>印发日期：</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="101" />
        <source>Years:</source>
        <translation>年份：</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="103" />
        <location filename="../../app/ui/plan_dialog.py" line="107" />
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="104" />
        <source>Indicators</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="108" />
        <source>Indicators and targets</source>
        <translation>指标和目标值</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="111" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="117" />
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="119" />
        <source>Save the plan</source>
        <translation>保存方案</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="150" />
        <source>Open a plan</source>
        <translation>打开行动方案</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="150" />
        <source>Plan workbook or notice text (*.xlsx *.txt)</source>
        <translation>方案工作簿或通知文本 (*.xlsx *.txt)</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="158" />
        <source>Save a blank plan workbook</source>
        <translation>保存空白方案工作簿</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="169" />
        <source>Pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="225" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="300" />
        <source>Note: </source>
        <translation>提示：</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="303" />
        <source>Recognised: %1 tasks, %2 indicators; %3 problems.</source>
        <translation>识别出任务 %1 项、指标 %2 项；问题 %3 处。</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="321" />
        <source>Plan loaded</source>
        <translation>已载入行动方案</translation>
    </message>
    <message>
        <location filename="../../app/ui/plan_dialog.py" line="322" />
        <source>The plan “%1” (%2) is loaded. Its periods are now offered in the period list.</source>
        <translation>已载入行动方案“%1”（%2）。报告期列表中已有该方案的报告期。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/window.py" line="92" />
        <source>IP Ledger — %1</source>
        <translation>知识产权工作台账 — %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="91" />
        <source>District IP bureau</source>
        <translation>区局汇总</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="91" />
        <source>Reporting unit</source>
        <translation>填报单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="98" />
        <source>Reporting period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="103" />
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="104" />
        <source>Export submission…</source>
        <translation>导出报送文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="110" />
        <source>Unit:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="113" />
        <source>Reporting period:</source>
        <translation>报告期：</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="121" />
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="126" />
        <source>Task progress</source>
        <translation>任务进展</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="137" />
        <source>Dashboard</source>
        <translation>工作概览</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="138" />
        <source>Indicators vs targets</source>
        <translation>指标完成情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="140" />
        <source>Submissions</source>
        <translation>报送情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="143" />
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="164" />
        <source>Ledger: %1</source>
        <translation>台账：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="228" />
        <source>%1 (draft)</source>
        <translation>%1（有草稿）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="231" />
        <source>Unsaved input from last time is waiting on: %1</source>
        <translation>上次未保存的输入已保留在：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="318" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="319" />
        <source>&amp;Import workbooks…</source>
        <translation>导入工作簿(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="320" />
        <source>&amp;Export submission…</source>
        <translation>导出报送文件(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="321" />
        <source>Save blank &amp;template…</source>
        <translation>保存空白填报模板(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="322" />
        <source>Export this &amp;table view…</source>
        <translation>导出当前表格(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="324" />
        <source>&amp;Pre-filled workbooks for every unit…</source>
        <translation>生成各单位预填表(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="326" />
        <source>My &amp;pre-filled workbook…</source>
        <translation>生成本单位预填表(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="328" />
        <source>&amp;Consolidated workbook…</source>
        <translation>生成汇总工作簿(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="329" />
        <source>&amp;Progress report…</source>
        <translation>生成工作进展报告(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="330" />
        <source>Load action &amp;plan…</source>
        <translation>载入行动方案(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="332" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="334" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="335" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="337" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="343" />
        <source>&amp;New record</source>
        <translation>新建记录(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="344" />
        <source>&amp;Delete record</source>
        <translation>删除记录(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="345" />
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="347" />
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="348" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="350" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="351" />
        <source>&amp;How to use</source>
        <translation>使用说明(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="352" />
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="396" />
        <source>Due %1</source>
        <translation>截止 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="398" />
        <source> (%1 days left)</source>
        <translation>（还有 %1 天）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="400" />
        <source> (passed)</source>
        <translation>（已过期）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="447" />
        <source>My tasks reported this period: %1 / %2</source>
        <translation>本期本单位任务已填报：%1 / %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="498" />
        <source>Save blank template</source>
        <translation>保存空白填报模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="500" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="504" />
        <source>Saved %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="577" />
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="578" />
        <source>IP Ledger %1
Putuo District IP action plan 2024–2025</source>
        <translation>知识产权工作台账 %1
普陀区知识产权行动方案（2024—2025）</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="102" />
        <location filename="../../app/ui/review_pages.py" line="29" />
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="101" />
        <location filename="../../app/ui/review_pages.py" line="32" />
        <source>Deadlines</source>
        <translation>报送期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_pages.py" line="35" />
        <location filename="../../app/ui/review_pages.py" line="97" />
        <source>Comments</source>
        <translation>反馈意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_pages.py" line="99" />
        <source>Comments (%1)</source>
        <translation>反馈意见（%1）</translation>
    </message>
</context>
<context>
    <name>PrefillDialog</name>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="41" />
        <source>Pre-filled workbooks</source>
        <translation>生成各单位预填表</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="41" />
        <source>My pre-filled workbook</source>
        <translation>生成本单位预填表</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="44" />
        <source>Reporting period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="49" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="51" />
        <source>Every unit (one file each, into a folder)</source>
        <translation>所有单位（每个单位一个文件，存入文件夹）</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="56" />
        <source>Save to</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="57" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="65" />
        <source>Reporting period:</source>
        <translation>报告期：</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="66" />
        <source>Unit:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="67" />
        <source>Save to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="70" />
        <source>Each workbook already holds the unit and period, the tasks the unit leads with last period's status beside them, and its stations and listings. The unit checks and updates it in Excel or WPS and sends it back; it imports as that unit's submission.</source>
        <translation>预填表中已填好单位和报告期，列出该单位牵头的任务（旁边附上期推进情况），以及它的指导站和专利挂牌。单位在 Excel 或 WPS 中核对、更新后发回，导入时即作为该单位的报送。</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="79" />
        <source>Workbooks written</source>
        <translation>已生成的预填表</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="84" />
        <source>Write</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="85" />
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="112" />
        <source>Folder for the workbooks</source>
        <translation>预填表存放的文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="115" />
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="115" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="129" />
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="149" />
        <source>%1 workbooks written to %2</source>
        <translation>已生成 %1 个预填表，保存在 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/prefill_dialog.py" line="158" />
        <source>Not written</source>
        <translation>未能生成</translation>
    </message>
</context>
<context>
    <name>PreviewTree</name>
    <message>
        <location filename="../../app/ui/import_preview.py" line="27" />
        <source>Import preview</source>
        <translation>导入预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="28" />
        <source>File / record</source>
        <translation>文件 / 记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="28" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="28" />
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="60" />
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="60" />
        <source>Nothing of this file is imported.</source>
        <translation>本文件的数据都不会导入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="65" />
        <source>Whole file</source>
        <translation>整个文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="71" />
        <source>Added to this ledger with the import: %1</source>
        <translation>导入时一并添加到本台账：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="72" />
        <source>New action plan</source>
        <translation>新的行动方案</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="76" />
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="83" />
        <source>Already imported on %1</source>
        <translation>已于 %1 导入过</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="85" />
        <source>Refused: %1 errors</source>
        <translation>已拒绝：%1 处错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="87" />
        <source>Held: the period is accepted</source>
        <translation>暂存：该期已接收</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="90" />
        <source>Left out</source>
        <translation>不导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="91" />
        <source>No data rows</source>
        <translation>没有数据行</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="97" />
        <source>A consolidated workbook</source>
        <translation>汇总工作簿</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="106" />
        <source>changes records of %1</source>
        <translation>改动%1的记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="108" />
        <source>%1 sent before are missing (nothing is deleted)</source>
        <translation>缺少以前报送的 %1 条（不会删除）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="124" />
        <source>… and %1 more</source>
        <translation>……另有 %1 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="131" />
        <source>also reported by %1</source>
        <translation>%1 也报送了此事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="135" />
        <source>Both changed: choose below</source>
        <translation>双方都改过：请在下方选择</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="135" />
        <source>Keeps ours</source>
        <translation>保留本台账的值</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_preview.py" line="138" />
        <source>%1 (the file has %2)</source>
        <translation>%1（文件中为 %2）</translation>
    </message>
</context>
<context>
    <name>RecordDetail</name>
    <message>
        <location filename="../../app/ui/record_detail.py" line="103" />
        <location filename="../../app/ui/record_detail.py" line="177" />
        <source>Select a unit's report to read it here.</source>
        <translation>选择一个单位的填报内容，在此查看。</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="109" />
        <source>Record fields</source>
        <translation>记录内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="110" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="110" />
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="110" />
        <source>Comments</source>
        <translation>反馈意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="121" />
        <source>Comment…</source>
        <translation>提意见…</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="122" />
        <source>A comment on the selected field, or on the whole record</source>
        <translation>对所选字段提意见；未选字段时对整条记录提意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="123" />
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="158" />
        <source>Reported by %1 · read-only: comment on it, or edit it deliberately.</source>
        <translation>填报单位：%1 · 只读：可提意见，确需修改时点“修改…”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="171" />
        <source>On the record: </source>
        <translation>对整条记录：</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="193" />
        <source>Comment on %1</source>
        <translation>对“%1”提意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_detail.py" line="202" />
        <source>Comment not saved</source>
        <translation>意见未保存</translation>
    </message>
</context>
<context>
    <name>RecordPage</name>
    <message>
        <location filename="../../app/ui/record_page.py" line="68" />
        <source>Search (Ctrl+F)…</source>
        <translation>搜索（Ctrl+F）…</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="69" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="76" />
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="78" />
        <source>All %1</source>
        <translation>全部%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="85" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="87" />
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="94" />
        <location filename="../../app/ui/record_page.py" line="95" />
        <source>This period only</source>
        <translation>仅本报告期</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="100" />
        <location filename="../../app/ui/record_page.py" line="101" />
        <source>Columns</source>
        <translation>显示列</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="106" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="107" />
        <source>Duplicate</source>
        <translation>复制为新记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="108" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="109" />
        <source>History…</source>
        <translation>历史…</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="167" />
        <source>Save new record</source>
        <translation>保存新记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="217" />
        <source>%1 records</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="221" />
        <source>%1 total %2</source>
        <translation>%1合计 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="226" />
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="229" />
        <source>Copy selected rows</source>
        <translation>复制所选行</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="233" />
        <source>Export this view…</source>
        <translation>导出当前视图…</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="258" />
        <location filename="../../app/ui/record_page.py" line="275" />
        <location filename="../../app/ui/record_page.py" line="283" />
        <source>Export this view</source>
        <translation>导出当前视图</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="260" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="274" />
        <source>Saved %1 (%2 records).</source>
        <translation>已保存 %1（共 %2 条记录）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="277" />
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="357" />
        <source>Edit record</source>
        <translation>编辑记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="358" />
        <source>Changes are saved as you type.</source>
        <translation>修改会自动保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="371" />
        <source>New record</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="372" />
        <source>Fill in the fields marked * and save.</source>
        <translation>请填写带 * 的必填项后保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="410" />
        <source>Not saved yet: correct the fields marked in red.</source>
        <translation>尚未保存：请更正标红的字段。</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="411" />
        <source>Not saved yet: check the warning and tick “Checked, keep it”, or correct the value.</source>
        <translation>尚未保存：请核对橙色提示并勾选“已核对，保留此值”，或更正该值。</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="456" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="463" />
        <source>Delete record</source>
        <translation>删除记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="463" />
        <source>Delete this record? You can undo with Ctrl+Z.</source>
        <translation>删除这条记录？可按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <location filename="../../app/ui/record_page.py" line="502" />
        <source>Restored what you were typing last time; it is not saved yet.</source>
        <translation>已恢复上次未保存的输入，尚未保存。</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="149" />
        <source>Progress report</source>
        <translation>工作进展报告</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="151" />
        <location filename="../../app/ui/report_dialogs.py" line="160" />
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="156" />
        <source>Print preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="163" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="164" />
        <source>Save as PDF…</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="165" />
        <source>Save as Word…</source>
        <translation>保存为 Word…</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="176" />
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="214" />
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="214" />
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="215" />
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="228" />
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialogs.py" line="231" />
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../../app/ui/review_page.py" line="83" />
        <source>Return %1's submission</source>
        <translation>退回%1的报送</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="87" />
        <source>The feedback workbook carries %1 comment(s) already written on this submission, its records and fields, and the due date. Send it to the unit: it imports it and answers each comment.</source>
        <translation>反馈文件包含已对本期报送、其记录和字段提出的 %1 条意见，以及报送截止日期。请发给该单位：该单位导入后逐条处理。</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="93" />
        <source>Comment on the whole submission</source>
        <translation>对整份报送的意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="94" />
        <source>A comment on the whole submission (optional)</source>
        <translation>对整份报送的意见（可不填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="96" />
        <source>Feedback workbook</source>
        <translation>反馈文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="97" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="103" />
        <source>Comment:</source>
        <translation>意见：</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="104" />
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="106" />
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="115" />
        <source>Save feedback workbook</source>
        <translation>保存反馈文件</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../app/ui/review_page.py" line="179" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="181" />
        <source>All tasks</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="182" />
        <source>Tasks lagging behind</source>
        <translation>有滞后的任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="183" />
        <source>Tasks not reported by every unit</source>
        <translation>有单位未填报的任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="184" />
        <source>Tasks changed since last period</source>
        <translation>较上期有变化的任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="192" />
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="198" />
        <source>Units' submissions</source>
        <translation>各单位报送</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="201" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="202" />
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="203" />
        <source>Submitted</source>
        <translation>报送时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="204" />
        <source>Due date</source>
        <translation>报送截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="205" />
        <source>Comments</source>
        <translation>反馈意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="218" />
        <source>Read submission…</source>
        <translation>查看报送…</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="219" />
        <source>Comment on submission…</source>
        <translation>对整份报送提意见…</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="220" />
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="221" />
        <source>Accept</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="222" />
        <source>Re-open</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="223" />
        <source>Discard held file</source>
        <translation>丢弃待审文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="247" />
        <source>What the units wrote</source>
        <translation>各单位填报内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="250" />
        <source>Task / unit</source>
        <translation>任务 / 单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="250" />
        <source>Status</source>
        <translation>推进状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="250" />
        <source>Progress</source>
        <translation>进展情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="250" />
        <source>Last period</source>
        <translation>上期</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="287" />
        <source>Review of %1</source>
        <translation>审核：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="305" />
        <source>%1 open</source>
        <translation>待处理 %1 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="307" />
        <source>%1 answered</source>
        <translation>已答复 %1 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="333" />
        <source>%1 tasks · %2 lagging · %3 of %4 reports missing · %5 changed</source>
        <translation>%1 项任务 · 滞后 %2 项 · 应填 %4 处未填 %3 处 · 较上期变化 %5 项</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="344" />
        <source>Lead units:</source>
        <translation>牵头单位：</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="371" />
        <source>%1 unit(s)</source>
        <translation>%1 个单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="376" />
        <source>No task matches this filter.</source>
        <translation>没有符合筛选条件的任务。</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="408" />
        <source>Not reported yet: %1</source>
        <translation>尚未填报：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="426" />
        <source>Comment on %1's whole submission for %2</source>
        <translation>对%1%2的整份报送提意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="437" />
        <source>Comment not saved</source>
        <translation>意见未保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="457" />
        <source>Not returned</source>
        <translation>未退回</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="461" />
        <source>Returned to %1: %2 comment(s) in %3</source>
        <translation>已退回%1：%2 条意见已写入 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="478" />
        <source>Not accepted</source>
        <translation>未接收</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="482" />
        <source>Accepted %1: later files for this period are held until you re-open it.</source>
        <translation>已接收%1：之后收到的该期文件将保留待重新审核，重新打开后才合并。</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="492" />
        <source>Not re-opened</source>
        <translation>未重新打开</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="495" />
        <source>Re-opened %1: it waits for review again.</source>
        <translation>已重新打开%1：回到待审核。</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="506" />
        <source>Discarded the held file(s) of %1.</source>
        <translation>已丢弃%1待重新审核的文件。</translation>
    </message>
</context>
<context>
    <name>ReviewPreview</name>
    <message>
        <location filename="../../app/ui/review_preview.py" line="31" />
        <location filename="../../app/ui/review_preview.py" line="47" />
        <source>Feedback</source>
        <translation>反馈文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_preview.py" line="34" />
        <source>%1 answer(s) taken from %2</source>
        <translation>收到%2的答复 %1 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_preview.py" line="40" />
        <source>Bureau's review: %1; due %2; %3 comment(s) new or changed — see Comments</source>
        <translation>区局审核：%1；截止日期 %2；新收到或更新的意见 %3 条——见“反馈意见”</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_preview.py" line="69" />
        <source>To check</source>
        <translation>需核对</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_preview.py" line="71" />
        <source>Tick the ones to follow up as comments</source>
        <translation>勾选需跟进的，导入后记为意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_preview.py" line="80" />
        <source>(no explanation)</source>
        <translation>（未附情况说明）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="48" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="50" />
        <source>This ledger</source>
        <translation>本台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="51" />
        <source>Unit list</source>
        <translation>单位名单</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="52" />
        <source>Periods and reminders</source>
        <translation>报告期与提醒</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="53" />
        <location filename="../../app/ui/settings_dialog.py" line="300" />
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="70" />
        <source>Unit this ledger reports for</source>
        <translation>本台账的填报单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="73" />
        <source>Change unit…</source>
        <translation>更换填报单位…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="79" />
        <source>The ledger is saved in:</source>
        <translation>台账保存位置：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="99" />
        <location filename="../../app/ui/settings_dialog.py" line="113" />
        <source>Change unit</source>
        <translation>更换填报单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="101" />
        <source>This ledger will report for %1 instead of %2. Records already entered stay with %2. The change is recorded. Continue?</source>
        <translation>本台账将改为以“%1”（原为“%2”）的名义填报。已录入的记录仍属于“%2”。此次更换会被记录。是否继续？</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="123" />
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="126" />
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="127" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="128" />
        <source>Merge into another…</source>
        <translation>并入另一单位…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="137" />
        <source>A renamed unit keeps its former names, so workbooks sent under them still import. Merge two entries that are one unit (a typo, a unit added twice).</source>
        <translation>单位改名后保留曾用名，以旧名称报送的工作簿仍可导入。若两个条目其实是同一单位（笔误、重复添加），可将其合并。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="160" />
        <source> — formerly %1</source>
        <translation> — 曾用名：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="168" />
        <source>This ledger reports for: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>本台账的填报单位：&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="171" />
        <source>%1: changed from %2 to %3</source>
        <translation>%1：由“%2”更换为“%3”</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="184" />
        <location filename="../../app/ui/settings_dialog.py" line="188" />
        <location filename="../../app/ui/settings_dialog.py" line="196" />
        <source>Add a unit</source>
        <translation>添加单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="184" />
        <source>Name of the unit:</source>
        <translation>单位名称：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="188" />
        <source>Kind of unit:</source>
        <translation>单位类别：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="205" />
        <location filename="../../app/ui/settings_dialog.py" line="216" />
        <source>Rename unit</source>
        <translation>单位重命名</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="204" />
        <source>New name of %1:</source>
        <translation>“%1”的新名称：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="230" />
        <location filename="../../app/ui/settings_dialog.py" line="243" />
        <location filename="../../app/ui/settings_dialog.py" line="255" />
        <source>Merge units</source>
        <translation>合并单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="231" />
        <source>%1 is the same unit as:</source>
        <translation>“%1”与以下哪个单位是同一单位：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="240" />
        <source>no records</source>
        <translation>无记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="244" />
        <source>Merge %1 into %2? Its records (%3) go to %2 and %1 becomes a former name of %2.</source>
        <translation>将“%1”并入“%2”？其记录（%3）将归入“%2”，“%1”成为“%2”的曾用名。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="265" />
        <source>Reporting period length</source>
        <translation>报告期长度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="267" />
        <source>Month</source>
        <translation>月度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="268" />
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="269" />
        <source>Half-year</source>
        <translation>半年</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="272" />
        <source>Remind me of the due date of the period</source>
        <translation>提醒本报告期的报送截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="280" />
        <source>Reporting period length:</source>
        <translation>报告期长度：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="306" />
        <location filename="../../app/ui/settings_dialog.py" line="358" />
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="309" />
        <source>Restore this backup…</source>
        <translation>从此备份恢复…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="333" />
        <source>No backup yet.</source>
        <translation>尚无备份。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="331" />
        <source>Choose a backup to see what it holds.</source>
        <translation>请选择一个备份，查看其中的内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="344" />
        <source>Taken: %1</source>
        <translation>备份时间：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="345" />
        <source>Unit: %1</source>
        <translation>填报单位：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="346" />
        <source>Records: %1</source>
        <translation>记录：%1 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="358" />
        <source>Backup saved: %1</source>
        <translation>备份已保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="367" />
        <location filename="../../app/ui/settings_dialog.py" line="380" />
        <source>Restore backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="369" />
        <source>Replace the ledger with the backup of %1 (%2 records)? The ledger as it is now is backed up first, so this can be undone by restoring that copy.</source>
        <translation>用 %1 的备份（%2 条记录）替换当前台账？当前台账会先自动备份，恢复那份备份即可撤销本次操作。</translation>
    </message>
</context>
<context>
    <name>SubmissionDialog</name>
    <message>
        <location filename="../../app/ui/review_page.py" line="128" />
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="131" />
        <source>Records of the submission</source>
        <translation>报送中的记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="132" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="134" />
        <source>Select a record to read it here.</source>
        <translation>选择一条记录，在此查看。</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="149" />
        <source>Nothing in this submission</source>
        <translation>本期报送没有记录</translation>
    </message>
</context>
<context>
    <name>SubmissionsPage</name>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="98" />
        <source>Submitted: the export date of the file that counts for the quarter (superseded: earlier files it replaced). On time or late, and the review: see the “%1” and “%2” pages.</source>
        <translation>已报送：该季度有效文件的导出日期（“被取代”：被它取代的先前文件）。是否按时、审核状态，请看“%1”页和“%2”页。</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="105" />
        <source>Submissions</source>
        <translation>报送情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="108" />
        <source>Submissions in %1</source>
        <translation>%1报送情况</translation>
    </message>
</context>
<context>
    <name>TargetsPage</name>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="133" />
        <source>Indicators against targets</source>
        <translation>指标完成情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="125" />
        <source>Reported: the sum of the units' latest values in the year (rates: the bureau's). Computed: from the pledge financing records, each registration counted once.</source>
        <translation>报告值：各单位本年度最新一期报告值之和（比率类指标取区知识产权局的值）。据台账计算值：由质押融资记录计算，同一登记只计一次。</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="129" />
        <source>Targets are the whole district's for the year. Reported: the values this unit sent; computed: from this unit's pledge financing records. Whether a target is met, the bureau judges over the district.</source>
        <translation>目标值为全区的年度目标；报告值为本单位报送的数值，据台账计算值由本单位的质押融资记录汇总。是否达标由区知识产权局汇总全区后判断。</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="137" />
        <source>Indicators against targets, %1</source>
        <translation>%1指标完成情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/bureau_pages.py" line="139" />
        <source>Indicators against targets, %1, to the end of %2</source>
        <translation>%1指标完成情况（截至%2末）</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="54" />
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="56" />
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="56" />
        <location filename="../../app/ui/tasks_page.py" line="229" />
        <source>This period</source>
        <translation>本期状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="76" />
        <source>Copy last period's report</source>
        <translation>复制上期填报内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="79" />
        <source>Copy all of last period's reports</source>
        <translation>复制上期全部填报内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="163" />
        <source>My unit's tasks</source>
        <translation>本单位牵头的任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="164" />
        <source>Other tasks of the plan</source>
        <translation>方案中的其他任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="202" />
        <location filename="../../app/ui/tasks_page.py" line="229" />
        <location filename="../../app/ui/tasks_page.py" line="230" />
        <source>Not reported</source>
        <translation>未填报</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="205" />
        <location filename="../../app/ui/tasks_page.py" line="230" />
        <source>%1 (to check)</source>
        <translation>%1（待核）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="206" />
        <source>%1 (copied, check it)</source>
        <translation>%1（上期复制，待核改）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="212" />
        <source>Copies %1 reports of last period; reports already made this period stay as they are.</source>
        <translation>复制上期 %1 项任务的填报内容；本期已填报的任务保持不变。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="219" />
        <source>%1: %2 of my %3 tasks reported</source>
        <translation>%1：本单位 %3 项任务已填报 %2 项</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="258" />
        <source>Lead units: %1</source>
        <translation>牵头单位：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="263" />
        <source>Saved automatically as you type.</source>
        <translation>边填边自动保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="263" />
        <source>Not reported for this period yet.</source>
        <translation>本报告期尚未填报。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="272" />
        <source>Restored what you were typing last time; it is not saved yet.</source>
        <translation>已恢复上次未保存的输入，尚未保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="281" />
        <source>Not saved yet: correct the fields marked in red.</source>
        <translation>尚未保存：请更正标红的字段。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_page.py" line="300" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <location filename="../../app/ui/undo.py" line="28" />
        <source>New %1</source>
        <translation>新建%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/undo.py" line="60" />
        <source>Edit %1</source>
        <translation>修改%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/undo.py" line="92" />
        <source>Delete %1</source>
        <translation>删除%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/undo.py" line="110" />
        <source>Copy last period's reports</source>
        <translation>复制上期全部填报内容</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../app/ui/main.py" line="49" />
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/main.py" line="51" />
        <source>Something went wrong. Your saved data is safe; details were written to the log file.</source>
        <translation>程序出现错误。已保存的数据不受影响，详细信息已写入日志文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main.py" line="62" />
        <source>IP Ledger</source>
        <translation>知识产权工作台账</translation>
    </message>
</context>
</TS>
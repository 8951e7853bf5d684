<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnswerDialog</name>
    <message>
        <source>Answer the comment</source>
        <translation>答复意见</translation>
    </message>
    <message>
        <source>How it was handled</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <source>Fixed the record</source>
        <translation>已按意见修改</translation>
    </message>
    <message>
        <source>Explanation (情况说明)</source>
        <translation>情况说明</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>What you changed, or why the value is right</source>
        <translation>改了什么，或数值为何无误</translation>
    </message>
    <message>
        <source>Handled:</source>
        <translation>处理方式：</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>答复：</translation>
    </message>
</context>
<context>
    <name>CalendarPopup</name>
    <message>
        <source>Calendar</source>
        <translation>日历</translation>
    </message>
</context>
<context>
    <name>CommentDialog</name>
    <message>
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>Comment text</source>
        <translation>意见内容</translation>
    </message>
    <message>
        <source>What should the unit check or correct?</source>
        <translation>请填报单位核实或更正什么？</translation>
    </message>
</context>
<context>
    <name>Comments</name>
    <message>
        <source>Bureau's comment (%1): %2</source>
        <translation>区局意见（%1）：%2</translation>
    </message>
    <message>
        <source>Bureau's comment on this record (%1): %2</source>
        <translation>区局对本条记录的意见（%1）：%2</translation>
    </message>
</context>
<context>
    <name>CommentsPage</name>
    <message>
        <source>Only comments waiting for an answer (待处理)</source>
        <translation>只看待处理的意见</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>反馈意见</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field (value now)</source>
        <translation>字段（现值）</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Sent to the unit</source>
        <translation>发给单位</translation>
    </message>
    <message>
        <source>Go to record</source>
        <translation>转到记录</translation>
    </message>
    <message>
        <source>Answer…</source>
        <translation>答复…</translation>
    </message>
    <message>
        <source>The bureau's comments and your answers. Fix the record or answer; your next export carries both.</source>
        <translation>区局的反馈意见和本单位的答复。请修改相应记录或填写答复；下次导出报送文件时一并发送区局。</translation>
    </message>
    <message>
        <source>Comments you wrote and the units' answers. Returning a submission sends every comment not sent yet; accepting one closes the comments the unit has seen.</source>
        <translation>区局提出的意见和各单位的答复。退回报送时，尚未发出的意见全部随反馈文件发出；接收报送后，单位已收到的意见即关闭。</translation>
    </message>
    <message>
        <source>%1 day(s) left</source>
        <translation>还有 %1 天</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今天截止</translation>
    </message>
    <message>
        <source>%1 day(s) overdue</source>
        <translation>已逾期 %1 天</translation>
    </message>
    <message>
        <source>%1: due %2 (%3)</source>
        <translation>%1报送截止日期：%2（%3）</translation>
    </message>
    <message>
        <source>Bureau's review: %1</source>
        <translation>区局审核：%1</translation>
    </message>
    <message>
        <source>%1 waiting for an answer</source>
        <translation>待处理 %1 条</translation>
    </message>
    <message>
        <source>%1 not answered yet</source>
        <translation>未答复 %1 条</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>未能答复</translation>
    </message>
    <message>
        <source>Answered: the answer goes to the bureau with the next submission you export (untick “Only comments waiting for an answer” to see it).</source>
        <translation>已答复：答复将随下次导出报送文件一并发送区局（取消勾选“只看待处理的意见”可查看）。</translation>
    </message>
</context>
<context>
    <name>ConfirmKey</name>
    <message>
        <source>Confirm signing key</source>
        <translation>确认签名密钥</translation>
    </message>
    <message>
        <source>The file was signed on another PC of this unit (%1). On that PC, open Settings → Signing keys in the program and read the fingerprint shown there.</source>
        <translation>本文件由本单位（%1）的另一台电脑签名。请在那台电脑上打开程序的“设置 → 签名密钥”，读出其中显示的指纹。</translation>
    </message>
    <message>
        <source>Phone %1 (not at a number given in the file or its e-mail) and ask them to read out the fingerprint shown under Settings → Signing keys in their program.</source>
        <translation>请打电话给%1（用您已知的号码，不要用文件或邮件中给出的号码），请对方读出其程序“设置 → 签名密钥”中显示的指纹。</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;br&gt;The file's key:&lt;p style='font-size:20pt; font-family:monospace; font-weight:bold; white-space:nowrap'&gt;%1&lt;/p&gt;Confirm only if every character is the same.</source>
        <translation>&lt;br&gt;&lt;br&gt;文件的签名密钥指纹：&lt;p style='font-size:20pt; font-family:monospace; font-weight:bold; white-space:nowrap'&gt;%1&lt;/p&gt;每个字符都一致时才确认。</translation>
    </message>
    <message>
        <source>Same: confirm the key</source>
        <translation>一致，确认密钥</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Not confirmed: another program is writing to the ledger (an import?). Confirm the key again once it has finished.</source>
        <translation>未确认：另一个程序正在写入台账（正在导入？）。请在其完成后再确认该密钥。</translation>
    </message>
</context>
<context>
    <name>ConflictTable</name>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Ours (this ledger)</source>
        <translation>本台账的值</translation>
    </message>
    <message>
        <source>Theirs (the file)</source>
        <translation>文件中的值</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Keep ours</source>
        <translation>保留本台账的值</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>采用文件中的值</translation>
    </message>
    <message>
        <source>Keep which value of %1</source>
        <translation>%1保留哪个值</translation>
    </message>
</context>
<context>
    <name>ConsolidateDialog</name>
    <message>
        <source>Consolidated workbook</source>
        <translation>生成汇总工作簿</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Write workbook</source>
        <translation>生成工作簿</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Save consolidated workbook</source>
        <translation>保存汇总工作簿</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>Saved %1 (%2 records).</source>
        <translation>已保存 %1（共 %2 条记录）。</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation>工作概览</translation>
    </message>
    <message>
        <source>The dashboard could not be drawn: %1</source>
        <translation>无法显示工作概览：%1</translation>
    </message>
    <message>
        <source>Overview of %1</source>
        <translation>%1工作概览</translation>
    </message>
    <message>
        <source>Submitted / expected</source>
        <translation>已报 / 应报</translation>
    </message>
    <message>
        <source>Missing after the due date: %1</source>
        <translation>逾期未报：%1 家</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>逾期报送</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Lagging task reports</source>
        <translation>滞后任务（项次）</translation>
    </message>
    <message>
        <source>Indicators met in %1</source>
        <translation>%1年指标达标</translation>
    </message>
    <message>
        <source>Indicators against targets</source>
        <translation>指标完成情况</translation>
    </message>
    <message>
        <source>Completion (%)</source>
        <translation>完成率（%）</translation>
    </message>
    <message>
        <source>(above %1%: drawn at %1%, the label gives the value)</source>
        <translation>（超过 %1% 的按 %1% 画出，数值见标签）</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>报告值</translation>
    </message>
    <message>
        <source>Computed</source>
        <translation>台账计算值</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation>完成率</translation>
    </message>
    <message>
        <source>Reported by %1</source>
        <translation>报送来源：%1</translation>
    </message>
    <message>
        <source>Reported and computed values</source>
        <translation>报告值与台账计算值</translation>
    </message>
    <message>
        <source>Task status by section (unit reports; %1 not yet reported)</source>
        <translation>各部分任务推进状态（按单位报送计；另有 %1 项次未报送）</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进展情况</translation>
    </message>
    <message>
        <source>Lagging tasks</source>
        <translation>滞后任务</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>报送时间</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>按时情况</translation>
    </message>
    <message>
        <source>Submissions for %1</source>
        <translation>%1报送情况</translation>
    </message>
    <message>
        <source>Pledge financing (10k yuan)</source>
        <translation>质押融资（万元）</translation>
    </message>
    <message>
        <source>Patent deals (10k yuan)</source>
        <translation>专利交易（万元）</translation>
    </message>
    <message>
        <source>Totals by street and town, %1</source>
        <translation>各街道镇合计（%1）</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>and %1 copied from last period, to check</source>
        <translation>另有 %1 项为上期复制待核改</translation>
    </message>
    <message>
        <source>My tasks reported</source>
        <translation>本单位任务已填报</translation>
    </message>
    <message>
        <source>%1 days left</source>
        <translation>还剩 %1 天</translation>
    </message>
    <message>
        <source>%1 days past</source>
        <translation>已过 %1 天</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>报送截止日期</translation>
    </message>
    <message>
        <source>Submission</source>
        <translation>本期报送</translation>
    </message>
    <message>
        <source>Comments to answer</source>
        <translation>待答复意见</translation>
    </message>
    <message>
        <source>Waiting for you:</source>
        <translation>待办事项：</translation>
    </message>
    <message>
        <source>Nothing is waiting for you this period.</source>
        <translation>本期没有待办事项。</translation>
    </message>
    <message>
        <source>%1 (copied, check it)</source>
        <translation>%1（上期复制，待核改）</translation>
    </message>
    <message>
        <source>Task content</source>
        <translation>任务内容</translation>
    </message>
    <message>
        <source>Status this period</source>
        <translation>本期推进状态</translation>
    </message>
    <message>
        <source>My tasks this period</source>
        <translation>本单位本期任务</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>e.g. 2025-09-28</source>
        <translation>如 2025-09-28</translation>
    </message>
    <message>
        <source>Calendar (Alt+Down)</source>
        <translation>日历（Alt+↓）</translation>
    </message>
</context>
<context>
    <name>DeadlinesPage</name>
    <message>
        <source>Period of the due date</source>
        <translation>截止日期所属报告期</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>报送截止日期</translation>
    </message>
    <message>
        <source>Set due date</source>
        <translation>设置截止日期</translation>
    </message>
    <message>
        <source>Default (10th day after)</source>
        <translation>恢复默认（期末后第10天）</translation>
    </message>
    <message>
        <source>Due date of</source>
        <translation>截止日期：</translation>
    </message>
    <message>
        <source>Submissions of the year</source>
        <translation>全年报送情况</translation>
    </message>
    <message>
        <source>Units to remind</source>
        <translation>待催报单位</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Last reporter</source>
        <translation>最近填报人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>E-mail (double-click to edit)</source>
        <translation>电子邮箱（双击填写）</translation>
    </message>
    <message>
        <source>Reminder text</source>
        <translation>提醒内容</translation>
    </message>
    <message>
        <source>Copy reminder</source>
        <translation>复制提醒</translation>
    </message>
    <message>
        <source>Copy all reminders</source>
        <translation>复制全部提醒</translation>
    </message>
    <message>
        <source>E-mail draft…</source>
        <translation>写邮件…</translation>
    </message>
    <message>
        <source>Save the error list…</source>
        <translation>保存错误清单…</translation>
    </message>
    <message>
        <source>Deadlines and reminders, %1</source>
        <translation>报送期限与催报（%1）</translation>
    </message>
    <message>
        <source>due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>First submitted %1 (on time or late counts from it)</source>
        <translation>首次报送：%1（按时或逾期以首次报送为准）</translation>
    </message>
    <message>
        <source>Latest file %1</source>
        <translation>最近一次报送：%1</translation>
    </message>
    <message>
        <source>File “%1” came on %2 and waits until its signing key (%3) is confirmed here; it is imported then, the unit need not send it again.</source>
        <translation>文件“%1”已于 %2 收到，待确认其签名密钥（指纹 %3）后导入；确认后即导入，该单位无需重新报送。</translation>
    </message>
    <message>
        <source>File “%1” came on %2 and was refused (%3 error(s)); nothing of it was taken. Send the error list back with the reminder below.</source>
        <translation>文件“%1”于 %2 收到，因有 %3 处错误被拒收，未导入任何内容。请在下方催报时随附错误清单发回该单位。</translation>
    </message>
    <message>
        <source>催报 %1: %2 unit(s) not submitted, %3 past the due date</source>
        <translation>催报（%1）：%2 个单位未报送，其中 %3 个已过截止日期</translation>
    </message>
    <message>
        <source>Every unit has submitted for this period.</source>
        <translation>本期各单位均已报送。</translation>
    </message>
    <message>
        <source>Enter the unit's e-mail address first</source>
        <translation>请先填写该单位的电子邮箱</translation>
    </message>
    <message>
        <source>Save the error list</source>
        <translation>保存错误清单</translation>
    </message>
</context>
<context>
    <name>EditDialog</name>
    <message>
        <source>Edit %1's record</source>
        <translation>修改%1的记录</translation>
    </message>
    <message>
        <source>This record belongs to %1. Your change is kept in the ledger's history; when the unit changes the same field, the import asks which value to keep.</source>
        <translation>本记录属于%1。您的修改会记入台账历史；该单位以后修改同一字段时，导入时会询问保留哪个值。</translation>
    </message>
</context>
<context>
    <name>Evidence</name>
    <message>
        <source>Attach %1</source>
        <translation>添加佐证材料 %1</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>移除佐证材料 %1</translation>
    </message>
</context>
<context>
    <name>EvidencePanel</name>
    <message>
        <source>Evidence (佐证材料)</source>
        <translation>佐证材料</translation>
    </message>
    <message>
        <source>Evidence files</source>
        <translation>佐证材料文件</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Add evidence…</source>
        <translation>添加佐证材料…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Save the record first, then add its evidence files here.</source>
        <translation>请先保存记录，再在这里添加佐证材料。</translation>
    </message>
    <message>
        <source>No evidence yet. Drop files here or use Add evidence… (PDF, JPG/PNG, DOCX/XLSX, OFD).</source>
        <translation>尚无佐证材料。可把文件拖到这里（或拖到表单上），或点“添加佐证材料…”（PDF、JPG/PNG、DOCX/XLSX、OFD）。</translation>
    </message>
    <message>
        <source>Double-click to open; drop more files here.</source>
        <translation>双击用系统程序打开；可继续把文件拖到这里或表单上。</translation>
    </message>
    <message>
        <source>Add evidence</source>
        <translation>添加佐证材料</translation>
    </message>
    <message>
        <source>Evidence (*.pdf *.jpg *.jpeg *.png *.docx *.xlsx *.ofd)</source>
        <translation>佐证材料 (*.pdf *.jpg *.jpeg *.png *.docx *.xlsx *.ofd)</translation>
    </message>
    <message>
        <source>%1 is %2, over the limit of %3 per file (a setting).</source>
        <translation>“%1”有 %2，超过每个文件 %3 的上限（可在设置中调整）。</translation>
    </message>
    <message>
        <source>Not added:</source>
        <translation>未添加：</translation>
    </message>
    <message>
        <source>Large image</source>
        <translation>图片较大</translation>
    </message>
    <message>
        <source>%1 is %2 × %3 pixels. Attach a smaller copy (%4 pixels on its long side)? No keeps the original.</source>
        <translation>“%1”为 %2 × %3 像素。是否改存缩小的副本（长边 %4 像素）？选“否”则保存原图。</translation>
    </message>
    <message>
        <source>No program on this computer opens %1. A read-only copy is in %2: open it with another program.</source>
        <translation>本机没有能打开“%1”的程序。只读副本在 %2，请用其他程序打开。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export submission</source>
        <translation>导出报送文件</translation>
    </message>
    <message>
        <source>Reporting period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Reporting period:</source>
        <translation>报告期：</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <source>The workbook holds this period's rows, your registries and every correction made since your last export. Email it to the district IP bureau.</source>
        <translation>工作簿包含本报告期的数据、本单位的登记表（指导站、挂牌专利）以及上次导出以来的所有更正。请将其通过电子邮件报送区知识产权局。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>This period's records carry %1 evidence file(s), %2 in all: the export is a package (.zip).</source>
        <translation>本期记录带有 %1 个佐证材料，共 %2：将导出为佐证材料包（.zip，内含工作簿）。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>part %1 about %2</source>
        <translation>第%1包约 %2</translation>
    </message>
    <message>
        <source>Over the mail limit, it goes in %1 parts (%2); send them all.</source>
        <translation>超过邮件附件上限，将分为 %1 包（%2），请全部发送。</translation>
    </message>
    <message>
        <source>%1 is larger than the mail limit (%2) by itself: its part will be too; send it another way or raise the limit in the settings.</source>
        <translation>“%1”本身就超过邮件附件上限（%2），它所在的包也会超过；请另行发送该文件，或在设置中调高上限。</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Replace file?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 已存在。是否替换？</translation>
    </message>
    <message>
        <source>Saved in %1 parts (each under the mail limit); send them all:</source>
        <translation>已分为 %1 包保存（每包不超过邮件附件上限），请全部发送：</translation>
    </message>
    <message>
        <source>With %1 evidence file(s).</source>
        <translation>含佐证材料 %1 个。</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>FieldInput</name>
    <message>
        <source>Checked, keep it</source>
        <translation>已核对，保留此值</translation>
    </message>
    <message>
        <source>Confirm %1</source>
        <translation>确认%1</translation>
    </message>
</context>
<context>
    <name>FileList</name>
    <message>
        <source>Files to import</source>
        <translation>待导入的文件</translation>
    </message>
</context>
<context>
    <name>FileRow</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Set up IP Ledger</source>
        <translation>设置知识产权工作台账</translation>
    </message>
    <message>
        <source>Choose the unit this computer reports for. You can search the list; if your unit is missing, add it.</source>
        <translation>请选择本电脑填报数据的单位。可在列表中搜索；如列表中没有本单位，请添加。</translation>
    </message>
    <message>
        <source>Type to search units…</source>
        <translation>输入文字搜索单位…</translation>
    </message>
    <message>
        <source>Search units</source>
        <translation>搜索单位</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Add a unit…</source>
        <translation>添加单位…</translation>
    </message>
    <message>
        <source>Reporting unit: enter and export our own data</source>
        <translation>填报单位：录入并导出本单位数据</translation>
    </message>
    <message>
        <source>District IP bureau: merge every unit's submissions</source>
        <translation>区知识产权局：汇总各单位报送的数据</translation>
    </message>
    <message>
        <source>The ledger is saved in:</source>
        <translation>台账保存位置：</translation>
    </message>
    <message>
        <source>Add a unit</source>
        <translation>添加单位</translation>
    </message>
    <message>
        <source>Name of the unit:</source>
        <translation>单位名称：</translation>
    </message>
    <message>
        <source>Kind of unit:</source>
        <translation>单位类别：</translation>
    </message>
</context>
<context>
    <name>HelpViewer</name>
    <message>
        <source>IP Ledger manual</source>
        <translation>知识产权工作台账 使用手册</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>使用手册</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Record history</source>
        <translation>记录历史</translation>
    </message>
    <message>
        <source>When / field</source>
        <translation>时间 / 字段</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>改动</translation>
    </message>
    <message>
        <source>By</source>
        <translation>由</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>No history yet</source>
        <translation>暂无历史</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import workbooks</source>
        <translation>导入工作簿</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Drag workbooks or a folder here.</source>
        <translation>可将工作簿或文件夹拖放到这里。</translation>
    </message>
    <message>
        <source>Show outcome</source>
        <translation>显示的结果</translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Likely duplicates</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <source>blank: the export time</source>
        <translation>空白：按导出时间</translation>
    </message>
    <message>
        <source>Files that came by post or late mail: the day they came, which decides on time or late.</source>
        <translation>邮寄或迟到邮件送来的文件：填写收到的日期，据此判断按时或逾期。</translation>
    </message>
    <message>
        <source>Conflicts of file</source>
        <translation>冲突所在文件</translation>
    </message>
    <message>
        <source>Keep all ours</source>
        <translation>全部保留本台账的值</translation>
    </message>
    <message>
        <source>Take all theirs</source>
        <translation>全部采用文件中的值</translation>
    </message>
    <message>
        <source>Save error list…</source>
        <translation>保存错误清单…</translation>
    </message>
    <message>
        <source>Confirm signing key…</source>
        <translation>确认签名密钥…</translation>
    </message>
    <message>
        <source>Received on:</source>
        <translation>收到日期：</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Conflicts: this ledger and the unit both changed these fields since they last agreed. Choose per field which value to keep; fields only one side changed are merged by themselves.</source>
        <translation>冲突：自上次一致以来，本台账和填报单位都改过这些字段。请逐个字段选择保留哪个值；只有一方改过的字段会自动合并。</translation>
    </message>
    <message>
        <source>For every conflict of</source>
        <translation>对以下文件的全部冲突：</translation>
    </message>
    <message>
        <source>Workbook or evidence package (*.xlsx *.zip);;All files (*)</source>
        <translation>工作簿或佐证材料包 (*.xlsx *.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 (new rows included)</source>
        <translation>%1（含新增的行）</translation>
    </message>
    <message>
        <source>New %1, updated %2, edited outside the app %3, unchanged %4, stale %5, conflicts %6, likely duplicates %7, deleted %8, missing %9, errors %10</source>
        <translation>新增 %1，更新 %2，表外修改 %3，未变 %4，过期 %5，冲突 %6，疑似重复 %7，删除 %8，缺少 %9，错误 %10</translation>
    </message>
    <message>
        <source>Likely duplicates (%1)</source>
        <translation>疑似重复（%1）</translation>
    </message>
    <message>
        <source>Blank template: speaks for</source>
        <translation>空白模板所属单位</translation>
    </message>
    <message>
        <source>Unit this template speaks for</source>
        <translation>该模板所属的单位</translation>
    </message>
    <message>
        <source>(the unit each row names)</source>
        <translation>（按各行“填报单位”）</translation>
    </message>
    <message>
        <source>several units</source>
        <translation>多个单位</translation>
    </message>
    <message>
        <source>Import a consolidated workbook?</source>
        <translation>导入汇总工作簿？</translation>
    </message>
    <message>
        <source>%1 is a consolidated workbook. Importing it changes the records of: %2.
It never changes this ledger's own records. Import it?</source>
        <translation>“%1”是汇总工作簿，导入将改动以下单位的记录：%2。
它不会改动本台账单位自己的记录。确定导入吗？</translation>
    </message>
    <message>
        <source>Add the workbooks to import.</source>
        <translation>请添加要导入的工作簿。</translation>
    </message>
    <message>
        <source>Every file was imported before.</source>
        <translation>所有文件都已导入过。</translation>
    </message>
    <message>
        <source>Every file has errors: save the error list for its unit, or remove the file.</source>
        <translation>所有文件都有错误：可保存错误清单发回填报单位，或移除该文件。</translation>
    </message>
    <message>
        <source>No file is ticked for import.</source>
        <translation>没有勾选要导入的文件。</translation>
    </message>
    <message>
        <source>%1 file(s) with errors will not be imported; the others will.</source>
        <translation>%1 个文件有错误，不会导入；其他文件照常导入。</translation>
    </message>
    <message>
        <source>Save error list</source>
        <translation>保存错误清单</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Saved %1. Send it to the unit with the file.</source>
        <translation>已保存 %1。请将它发给该填报单位。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Add folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>Reading and comparing %1 files…</source>
        <translation>正在读取并比对 %1 个文件…</translation>
    </message>
    <message>
        <source>Write the received date as e.g. 2025-07-08.</source>
        <translation>收到日期请写成如 2025-07-08 的格式。</translation>
    </message>
    <message>
        <source>Add the action plan?</source>
        <translation>添加行动方案？</translation>
    </message>
    <message>
        <source>The workbook brings an action plan this ledger does not have yet:
%1

Add it, so that its periods are reported against its tasks, and import?</source>
        <translation>工作簿带有本台账尚没有的行动方案：
%1

添加该方案（其报告期按该方案的任务填报）并导入吗？</translation>
    </message>
    <message>
        <source>%1 file(s) kept as awaiting re-review: their unit's period is accepted, so nothing in them was merged. On the Review page, re-open the period to import them, or discard them.</source>
        <translation>%1 个文件已暂存为“待重新审核”：该单位本期报送已接收，文件中的数据均未并入台账。可在“审核”页点“重新打开”后导入，或点“丢弃待审文件”。</translation>
    </message>
    <message>
        <source>%1 file(s) kept as awaiting signature confirmation (待确认签名): nothing in them was merged. Phone the unit, compare the fingerprint and confirm the key under Settings → Signing keys; the files are then imported.</source>
        <translation>%1 个文件作为“待确认签名”保留，其中的数据没有合并。请电话与该单位核对指纹，在“设置 → 签名密钥”中确认后，文件随即导入。</translation>
    </message>
    <message>
        <source>Not imported (errors): %1. Save the error list of each for its unit.</source>
        <translation>未导入（有错误）：%1。请为每个文件保存错误清单，发回填报单位。</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Imported. You can undo it under Import history (import %1).</source>
        <translation>导入完成。可在“导入记录”中撤销（导入编号 %1）。</translation>
    </message>
    <message>
        <source>Files held</source>
        <translation>文件已暂存</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未导入任何数据。</translation>
    </message>
</context>
<context>
    <name>ImportHistoryPage</name>
    <message>
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Undo selected import</source>
        <translation>撤销所选导入</translation>
    </message>
    <message>
        <source>A backup of the ledger is taken before every import.</source>
        <translation>每次导入前都会自动备份台账。</translation>
    </message>
    <message>
        <source>Nothing merged until the key is confirmed (Settings → Signing keys)</source>
        <translation>密钥确认前不合并（设置 → 签名密钥）</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>已被取代</translation>
    </message>
    <message>
        <source>In effect</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>%1 row(s) edited after signing</source>
        <translation>%1 行在签名后被修改</translation>
    </message>
    <message>
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <source>Undo import %1 (%2)? Records it added are removed and records it changed get their earlier values back.</source>
        <translation>撤销导入 %1（%2）？该次导入新增的记录将被移除，修改过的记录将恢复原值。</translation>
    </message>
    <message>
        <source>Cannot undo</source>
        <translation>无法撤销</translation>
    </message>
</context>
<context>
    <name>KeysTab</name>
    <message>
        <source>Every workbook this ledger writes is signed with its key. When someone receives a file from this ledger for the first time, they phone and ask for this fingerprint: read it out.</source>
        <translation>本台账写出的每个工作簿都用本台账的密钥签名。对方第一次收到本台账的文件时，会打电话核对下面这个指纹，请照此读出。</translation>
    </message>
    <message>
        <source>This ledger's fingerprint</source>
        <translation>本台账的签名密钥指纹</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>确认时间</translation>
    </message>
    <message>
        <source>Confirmed keys</source>
        <translation>已确认的密钥</translation>
    </message>
    <message>
        <source>Forget this unit's key…</source>
        <translation>删除该单位的密钥…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Files awaiting key confirmation</source>
        <translation>待确认签名的文件</translation>
    </message>
    <message>
        <source>Check and confirm the key…</source>
        <translation>核对并确认密钥…</translation>
    </message>
    <message>
        <source>Files held until their signing key is confirmed (待确认签名):</source>
        <translation>待确认签名的文件（密钥确认前保留，不合并）：</translation>
    </message>
    <message>
        <source>Confirmed keys of other units:</source>
        <translation>已确认的其他单位的签名密钥：</translation>
    </message>
    <message>
        <source>Key confirmed</source>
        <translation>已确认签名密钥</translation>
    </message>
    <message>
        <source>Forget key</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <source>Forget the key %2 of %1? Its next signed file is held until you confirm its key again (for example after the unit changed PCs).</source>
        <translation>删除%1的密钥 %2？之后该单位的签名文件将保留为“待确认签名”，须重新核对并确认密钥（如该单位换了电脑）。</translation>
    </message>
    <message>
        <source>Not forgotten: another program is writing to the ledger (an import?). Try again once it has finished.</source>
        <translation>未删除：另一个程序正在写入台账（正在导入？）。请在其完成后再试。</translation>
    </message>
</context>
<context>
    <name>LedgerWait</name>
    <message>
        <source>Not saved yet: another program is writing to the ledger (an import?). What you typed stays here and is saved as soon as it has finished.</source>
        <translation>尚未保存：另一个程序正在写入台账（可能正在导入）。输入的内容留在这里，等它写完后自动保存。</translation>
    </message>
    <message>
        <source>Not done: another program is writing to the ledger (an import?). Nothing was changed; try again once it has finished.</source>
        <translation>未能完成：另一个程序正在写入台账（可能正在导入）。台账没有改动，等它写完后再试一次。</translation>
    </message>
    <message>
        <source>Not saved yet: another program is writing to the ledger (an import?). This stays open until what you typed is saved, as soon as the other program has finished.</source>
        <translation>尚未保存：另一个程序正在写入台账（可能正在导入）。输入的内容保存之前仍停留在这里，等它写完后自动保存。</translation>
    </message>
    <message>
        <source>Not redone: another program is writing to the ledger (an import?). Press Ctrl+Y again once it has finished.</source>
        <translation>未能重做：另一个程序正在写入台账（可能正在导入）。等它写完后再按 Ctrl+Y。</translation>
    </message>
    <message>
        <source>Not undone: another program is writing to the ledger (an import?). Press Ctrl+Z again once it has finished.</source>
        <translation>未能撤销：另一个程序正在写入台账（可能正在导入）。等它写完后再按 Ctrl+Z。</translation>
    </message>
</context>
<context>
    <name>LoadPlanDialog</name>
    <message>
        <source>Load an action plan</source>
        <translation>载入行动方案</translation>
    </message>
    <message>
        <source>Open a plan workbook or notice…</source>
        <translation>打开方案工作簿或通知文本…</translation>
    </message>
    <message>
        <source>Save a blank plan workbook…</source>
        <translation>保存空白方案工作簿…</translation>
    </message>
    <message>
        <source>Notice text</source>
        <translation>通知文本</translation>
    </message>
    <message>
        <source>Or paste the text of the notice here, then choose Recognise.</source>
        <translation>或将印发通知的文本粘贴到这里，然后点“识别”。</translation>
    </message>
    <message>
        <source>Recognise</source>
        <translation>识别</translation>
    </message>
    <message>
        <source>Plan name</source>
        <translation>方案名称</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>印发日期</translation>
    </message>
    <message>
        <source>First year</source>
        <translation>起始年份</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>结束年份</translation>
    </message>
    <message>
        <source>Plan name:</source>
        <translation>方案名称：</translation>
    </message>
    <message>
        <source>Document number:</source>
        <translation>文号：</translation>
    </message>
    <message>
        <source>Issued on:</source>
        <translation>印发日期：</translation>
    </message>
    <message>
        <source>The new plan governs the years it shares with a plan already loaded</source>
        <translation>由新方案管辖与已有方案重叠的年份</translation>
    </message>
    <message>
        <source>Years:</source>
        <translation>年份：</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Indicators and targets</source>
        <translation>指标和目标值</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Save the plan</source>
        <translation>保存方案</translation>
    </message>
    <message>
        <source>Open a plan</source>
        <translation>打开行动方案</translation>
    </message>
    <message>
        <source>Plan workbook or notice text (*.xlsx *.txt)</source>
        <translation>方案工作簿或通知文本 (*.xlsx *.txt)</translation>
    </message>
    <message>
        <source>Save a blank plan workbook</source>
        <translation>保存空白方案工作簿</translation>
    </message>
    <message>
        <source>Pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Note: </source>
        <translation>提示：</translation>
    </message>
    <message>
        <source>Recognised: %1 tasks, %2 indicators; %3 problems.</source>
        <translation>识别出任务 %1 项、指标 %2 项；问题 %3 处。</translation>
    </message>
    <message>
        <source>Plan loaded</source>
        <translation>已载入行动方案</translation>
    </message>
    <message>
        <source>The plan “%1” (%2) is loaded. Its periods are now offered in the period list.</source>
        <translation>已载入行动方案“%1”（%2）。报告期列表中已有该方案的报告期。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>IP Ledger — %1</source>
        <translation>知识产权工作台账 — %1</translation>
    </message>
    <message>
        <source>District IP bureau</source>
        <translation>区局汇总</translation>
    </message>
    <message>
        <source>IP Ledger</source>
        <translation>知识产权工作台账</translation>
    </message>
    <message>
        <source>Opening the ledger…</source>
        <translation>正在打开台账…</translation>
    </message>
    <message>
        <source>The ledger cannot be opened: %1</source>
        <translation>无法打开台账：%1</translation>
    </message>
    <message>
        <source>Close the program that uses it, or choose another ledger, then start again.</source>
        <translation>请关闭正在使用它的程序，或换用其他台账，然后重新启动本程序。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Reporting unit</source>
        <translation>填报单位</translation>
    </message>
    <message>
        <source>Reporting period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export submission…</source>
        <translation>导出报送文件…</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Reporting period:</source>
        <translation>报告期：</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <source>Task progress</source>
        <translation>任务进展</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>工作概览</translation>
    </message>
    <message>
        <source>Indicators vs targets</source>
        <translation>指标完成情况</translation>
    </message>
    <message>
        <source>Submissions</source>
        <translation>报送情况</translation>
    </message>
    <message>
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Ledger: %1</source>
        <translation>台账：%1</translation>
    </message>
    <message>
        <source>%1 (draft)</source>
        <translation>%1（有草稿）</translation>
    </message>
    <message>
        <source>Unsaved input from last time is waiting on: %1</source>
        <translation>上次未保存的输入已保留在：%1</translation>
    </message>
    <message>
        <source>Updated with changes made elsewhere (another officer or program).</source>
        <translation>已显示其他同事（或其他程序）所做的最新修改。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import workbooks…</source>
        <translation>导入工作簿(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export submission…</source>
        <translation>导出报送文件(&amp;E)…</translation>
    </message>
    <message>
        <source>Save blank &amp;template…</source>
        <translation>保存空白填报模板(&amp;T)…</translation>
    </message>
    <message>
        <source>Export this &amp;table view…</source>
        <translation>导出当前表格(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Pre-filled workbooks for every unit…</source>
        <translation>生成各单位预填表(&amp;P)…</translation>
    </message>
    <message>
        <source>My &amp;pre-filled workbook…</source>
        <translation>生成本单位预填表(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Consolidated workbook…</source>
        <translation>生成汇总工作簿(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Progress report…</source>
        <translation>生成工作进展报告(&amp;P)…</translation>
    </message>
    <message>
        <source>Load action &amp;plan…</source>
        <translation>载入行动方案(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;New record</source>
        <translation>新建记录(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Delete record</source>
        <translation>删除记录(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;How to use</source>
        <translation>使用说明(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>截止 %1</translation>
    </message>
    <message>
        <source>Units' submissions due %1</source>
        <translation>各单位报送截止 %1</translation>
    </message>
    <message>
        <source> (%1 days left)</source>
        <translation>（还有 %1 天）</translation>
    </message>
    <message>
        <source> (passed)</source>
        <translation>（已过期）</translation>
    </message>
    <message>
        <source>Not reloaded yet: what you typed is not saved yet, another program is writing to the ledger (an import?). The window shows the new settings as soon as it has finished.</source>
        <translation>尚未重新载入：您输入的内容尚未保存，另一个程序正在写入台账（正在导入？）。其完成后窗口即显示新的设置。</translation>
    </message>
    <message>
        <source>Not switched: what you typed is not saved yet, another program is writing to the ledger (an import?). The ledger stays %1; choose the other again once it has finished.</source>
        <translation>未切换：您输入的内容尚未保存，另一个程序正在写入台账（正在导入？）。仍使用台账 %1；请在其完成后再选择另一个台账。</translation>
    </message>
    <message>
        <source>Not switched: the ledger stays %1</source>
        <translation>未切换：仍使用台账 %1</translation>
    </message>
    <message>
        <source>Switched to the ledger %1</source>
        <translation>已切换到台账 %1</translation>
    </message>
    <message>
        <source> (IPLEDGER_DB is set: the next start opens that ledger)</source>
        <translation>（已设置 IPLEDGER_DB：下次启动仍打开它指定的台账）</translation>
    </message>
    <message>
        <source>My tasks reported this period: %1 / %2</source>
        <translation>本期本单位任务已填报：%1 / %2</translation>
    </message>
    <message>
        <source>, and %1 copied from last period, to check</source>
        <translation>，另有 %1 项为上期复制待核改</translation>
    </message>
    <message>
        <source>Save blank template</source>
        <translation>保存空白填报模板</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>IP Ledger %1
Putuo District IP action plan 2024–2025</source>
        <translation>知识产权工作台账 %1
普陀区知识产权行动方案（2024—2025）</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <source>What you typed is not saved yet: another program is writing to the ledger (an import?). It is saved as soon as that program has finished if the window stays open.

Close anyway and lose it?</source>
        <translation>输入的内容尚未保存：另一个程序正在写入台账（可能正在导入）。窗口保持打开，等它写完后会自动保存。

仍要关闭并放弃这些内容吗？</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>报送期限</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>反馈意见</translation>
    </message>
    <message>
        <source>Comments (%1)</source>
        <translation>反馈意见（%1）</translation>
    </message>
</context>
<context>
    <name>PrefillDialog</name>
    <message>
        <source>Pre-filled workbooks</source>
        <translation>生成各单位预填表</translation>
    </message>
    <message>
        <source>My pre-filled workbook</source>
        <translation>生成本单位预填表</translation>
    </message>
    <message>
        <source>Reporting period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Every unit (one file each, into a folder)</source>
        <translation>所有单位（每个单位一个文件，存入文件夹）</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <source>Reporting period:</source>
        <translation>报告期：</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <source>Each workbook already holds the unit and period, the tasks the unit leads with last period's status beside them, and its stations and listings. The unit checks and updates it in Excel or WPS and sends it back; it imports as that unit's submission.</source>
        <translation>预填表中已填好单位和报告期，列出该单位牵头的任务（旁边附上期推进情况），以及它的指导站和专利挂牌。单位在 Excel 或 WPS 中核对、更新后发回，导入时即作为该单位的报送。</translation>
    </message>
    <message>
        <source>Workbooks written</source>
        <translation>已生成的预填表</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Folder for the workbooks</source>
        <translation>预填表存放的文件夹</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>%1 workbooks written to %2</source>
        <translation>已生成 %1 个预填表，保存在 %2</translation>
    </message>
    <message>
        <source>Not written</source>
        <translation>未能生成</translation>
    </message>
</context>
<context>
    <name>PreviewTree</name>
    <message>
        <source>Import preview</source>
        <translation>导入预览</translation>
    </message>
    <message>
        <source>File / record</source>
        <translation>文件 / 记录</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Nothing of this file is imported.</source>
        <translation>本文件的数据都不会导入。</translation>
    </message>
    <message>
        <source>Whole file</source>
        <translation>整个文件</translation>
    </message>
    <message>
        <source>Key not yet confirmed as that of this unit's other PC (%1): compare the fingerprint with the one that PC shows under Settings → Signing keys and press Confirm signing key…; until then the file is kept, not merged.</source>
        <translation>尚未确认为本单位另一台电脑（%1）的密钥：请与那台电脑“设置 → 签名密钥”中显示的指纹核对后点“确认签名密钥…”；确认前文件保留，不合并</translation>
    </message>
    <message>
        <source>Key not yet confirmed as %1's: phone %1, compare the fingerprint and press Confirm signing key…; until then the file is kept, not merged.</source>
        <translation>尚未确认为%1的密钥：请电话与%1核对指纹后点“确认签名密钥…”；确认前文件保留，不合并</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Added to this ledger with the import: %1</source>
        <translation>导入时一并添加到本台账：%1</translation>
    </message>
    <message>
        <source>New action plan</source>
        <translation>新的行动方案</translation>
    </message>
    <message>
        <source>Recorded with the import; see Feedback</source>
        <translation>导入时记入，见“反馈意见”</translation>
    </message>
    <message>
        <source>Answers to comments</source>
        <translation>对审核意见的答复</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Already imported on %1</source>
        <translation>已于 %1 导入过</translation>
    </message>
    <message>
        <source>Refused: %1 errors</source>
        <translation>已拒绝：%1 处错误</translation>
    </message>
    <message>
        <source>Held: signing key to confirm</source>
        <translation>待确认签名，保留不合并</translation>
    </message>
    <message>
        <source>Held: the period is accepted</source>
        <translation>暂存：该期已接收</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>反馈文件</translation>
    </message>
    <message>
        <source>No data rows</source>
        <translation>没有数据行</translation>
    </message>
    <message>
        <source>A consolidated workbook</source>
        <translation>汇总工作簿</translation>
    </message>
    <message>
        <source>changes records of %1</source>
        <translation>改动%1的记录</translation>
    </message>
    <message>
        <source>%1 evidence file(s)</source>
        <translation>佐证材料 %1 个</translation>
    </message>
    <message>
        <source>%1 sent before are missing (nothing is deleted)</source>
        <translation>缺少以前报送的 %1 条（不会删除）</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>……另有 %1 条</translation>
    </message>
    <message>
        <source>Evidence (%1)</source>
        <translation>佐证材料（%1）</translation>
    </message>
    <message>
        <source>Each file checked: size, sha256 and type by content</source>
        <translation>每个文件均已核对：大小、sha256、按内容识别的类型</translation>
    </message>
    <message>
        <source>evidence: %1</source>
        <translation>佐证材料：%1</translation>
    </message>
    <message>
        <source>also reported by %1</source>
        <translation>%1 也报送了此事项</translation>
    </message>
    <message>
        <source>Both changed: choose below</source>
        <translation>双方都改过：请在下方选择</translation>
    </message>
    <message>
        <source>Keeps ours</source>
        <translation>保留本台账的值</translation>
    </message>
    <message>
        <source>%1 (the file has %2)</source>
        <translation>%1（文件中为 %2）</translation>
    </message>
    <message>
        <source>Both changed: ours kept</source>
        <translation>双方都改过：已保留本台账的值</translation>
    </message>
    <message>
        <source>Both changed: theirs taken</source>
        <translation>双方都改过：已采用文件中的值</translation>
    </message>
</context>
<context>
    <name>RecordDetail</name>
    <message>
        <source>Select a unit's report to read it here.</source>
        <translation>选择一个单位的填报内容，在此查看。</translation>
    </message>
    <message>
        <source>Record fields</source>
        <translation>记录内容</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>反馈意见</translation>
    </message>
    <message>
        <source>Comment…</source>
        <translation>提意见…</translation>
    </message>
    <message>
        <source>A comment on the selected field, or on the whole record</source>
        <translation>对所选字段提意见；未选字段时对整条记录提意见</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Reported by %1 · read-only: comment on it, or edit it deliberately.</source>
        <translation>填报单位：%1 · 只读：可提意见，确需修改时点“修改…”。</translation>
    </message>
    <message>
        <source>On the record: </source>
        <translation>对整条记录：</translation>
    </message>
    <message>
        <source>Comment on %1</source>
        <translation>对“%1”提意见</translation>
    </message>
    <message>
        <source>Comment not saved</source>
        <translation>意见未保存</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
</context>
<context>
    <name>RecordPage</name>
    <message>
        <source>Search (Ctrl+F)…</source>
        <translation>搜索（Ctrl+F）…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>All %1</source>
        <translation>全部%1</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <source>This period only</source>
        <translation>仅本报告期</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>显示列</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制为新记录</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>历史…</translation>
    </message>
    <message>
        <source>Save new record</source>
        <translation>保存新记录</translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <source>%1 total %2</source>
        <translation>%1合计 %2</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Copy selected rows</source>
        <translation>复制所选行</translation>
    </message>
    <message>
        <source>Export this view…</source>
        <translation>导出当前视图…</translation>
    </message>
    <message>
        <source>Export this view</source>
        <translation>导出当前视图</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved %1 (%2 records).</source>
        <translation>已保存 %1（共 %2 条记录）。</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Edit record</source>
        <translation>编辑记录</translation>
    </message>
    <message>
        <source>Changes are saved as you type.</source>
        <translation>修改会自动保存。</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <source>Fill in the fields marked * and save.</source>
        <translation>请填写带 * 的必填项后保存。</translation>
    </message>
    <message>
        <source>Not saved yet: correct the fields marked in red.</source>
        <translation>尚未保存：请更正标红的字段。</translation>
    </message>
    <message>
        <source>Not saved yet: check the warning and tick “Checked, keep it”, or correct the value.</source>
        <translation>尚未保存：请核对橙色提示并勾选“已核对，保留此值”，或更正该值。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Delete record</source>
        <translation>删除记录</translation>
    </message>
    <message>
        <source>Delete this record? You can undo with Ctrl+Z.</source>
        <translation>删除这条记录？可按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Restored what you were typing last time; it is not saved yet.</source>
        <translation>已恢复上次未保存的输入，尚未保存。</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Progress report</source>
        <translation>工作进展报告</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <source>Save as Word…</source>
        <translation>保存为 Word…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>No printer is installed on this computer. Install or connect one, or save the report as PDF and print it from a computer that has one.</source>
        <translation>本机没有可用的打印机。请先安装或连接打印机；也可先保存为 PDF，再在有打印机的电脑上打印。</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return %1's submission</source>
        <translation>退回%1的报送</translation>
    </message>
    <message>
        <source>The feedback workbook carries %1 comment(s) already written on this submission, its records and fields, and the due date. Send it to the unit: it imports it and answers each comment.</source>
        <translation>反馈文件包含已对本期报送、其记录和字段提出的 %1 条意见，以及报送截止日期。请发给该单位：该单位导入后逐条处理。</translation>
    </message>
    <message>
        <source>Comment on the whole submission</source>
        <translation>对整份报送的意见</translation>
    </message>
    <message>
        <source>A comment on the whole submission (optional)</source>
        <translation>对整份报送的意见（可不填）</translation>
    </message>
    <message>
        <source>Feedback workbook</source>
        <translation>反馈文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>New due date for the corrected file:</source>
        <translation>改正后重新报送的截止日期：</translation>
    </message>
    <message>
        <source>New due date</source>
        <translation>重新报送截止日期</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>意见：</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Save feedback workbook</source>
        <translation>保存反馈文件</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <source>Tasks lagging behind</source>
        <translation>有滞后的任务</translation>
    </message>
    <message>
        <source>Tasks not reported by every unit</source>
        <translation>有单位未填报的任务</translation>
    </message>
    <message>
        <source>Tasks changed since last period</source>
        <translation>较上期有变化的任务</translation>
    </message>
    <message>
        <source>● after a progress text: changed since last period</source>
        <translation>进展情况后的 ● 表示较上期有变化</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Units' submissions</source>
        <translation>各单位报送</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>报送时间</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>报送截止日期</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>反馈意见</translation>
    </message>
    <message>
        <source>Read submission…</source>
        <translation>查看报送…</translation>
    </message>
    <message>
        <source>Comment on submission…</source>
        <translation>对整份报送提意见…</translation>
    </message>
    <message>
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Re-open</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Discard held file</source>
        <translation>丢弃待审文件</translation>
    </message>
    <message>
        <source>What the units wrote</source>
        <translation>各单位填报内容</translation>
    </message>
    <message>
        <source>Task / unit</source>
        <translation>任务 / 单位</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>推进状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进展情况</translation>
    </message>
    <message>
        <source>Last period</source>
        <translation>上期</translation>
    </message>
    <message>
        <source>Review of %1</source>
        <translation>审核：%1</translation>
    </message>
    <message>
        <source> · evidence %1</source>
        <translation> · 佐证 %1</translation>
    </message>
    <message>
        <source>%1 open</source>
        <translation>待处理 %1 条</translation>
    </message>
    <message>
        <source>%1 answered</source>
        <translation>已答复 %1 条</translation>
    </message>
    <message>
        <source>%1 tasks · %2 lagging · %3 of %4 reports missing · %5 changed (●)</source>
        <translation>%1 项任务 · 滞后 %2 项 · 应填 %4 处，未填 %3 处 · 较上期变化（●）%5 项</translation>
    </message>
    <message>
        <source>Lead units:</source>
        <translation>牵头单位：</translation>
    </message>
    <message>
        <source>changed since last period</source>
        <translation>较上期有变化</translation>
    </message>
    <message>
        <source>%1 unit(s)</source>
        <translation>%1 个单位</translation>
    </message>
    <message>
        <source>No task matches this filter.</source>
        <translation>没有符合筛选条件的任务。</translation>
    </message>
    <message>
        <source>Not reported yet: %1</source>
        <translation>尚未填报：%1</translation>
    </message>
    <message>
        <source>Comment on %1's whole submission for %2</source>
        <translation>对%1%2的整份报送提意见</translation>
    </message>
    <message>
        <source>Comment not saved</source>
        <translation>意见未保存</translation>
    </message>
    <message>
        <source>Not returned</source>
        <translation>未退回</translation>
    </message>
    <message>
        <source>Returned to %1: %2 comment(s) in %3</source>
        <translation>已退回%1：%2 条意见已写入 %3</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>未接收</translation>
    </message>
    <message>
        <source>Accepted %1: later files for this period are held until you re-open it.</source>
        <translation>已接收%1：之后收到的该期文件将保留待重新审核，重新打开后才合并。</translation>
    </message>
    <message>
        <source>%1 comment(s) on its records not sent yet: they go with the next feedback workbook returned to it.</source>
        <translation>该单位另有 %1 条意见尚未发出，将随下次退回的反馈文件发出。</translation>
    </message>
    <message>
        <source>Not re-opened</source>
        <translation>未重新打开</translation>
    </message>
    <message>
        <source>Re-opened %1: it waits for review again.</source>
        <translation>已重新打开%1：回到待审核。</translation>
    </message>
    <message>
        <source>Discarded the held file(s) of %1.</source>
        <translation>已丢弃%1待重新审核的文件。</translation>
    </message>
</context>
<context>
    <name>ReviewPreview</name>
    <message>
        <source>To check</source>
        <translation>需核对</translation>
    </message>
    <message>
        <source>Tick the ones to follow up as comments</source>
        <translation>勾选需跟进的，导入后记为意见</translation>
    </message>
    <message>
        <source>(no explanation)</source>
        <translation>（未附情况说明）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>This ledger</source>
        <translation>本台账</translation>
    </message>
    <message>
        <source>Unit list</source>
        <translation>单位名单</translation>
    </message>
    <message>
        <source>Periods and reminders</source>
        <translation>报告期与提醒</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Ledger location</source>
        <translation>台账位置</translation>
    </message>
    <message>
        <source>Signing keys</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <source>Not changed: another program is writing to the ledger (an import?). Try again once it has finished.</source>
        <translation>未更改：另一个程序正在写入台账（正在导入？）。请在其完成后再试。</translation>
    </message>
    <message>
        <source>Unit this ledger reports for</source>
        <translation>本台账的填报单位</translation>
    </message>
    <message>
        <source>Change unit…</source>
        <translation>更换填报单位…</translation>
    </message>
    <message>
        <source>The ledger is saved in:</source>
        <translation>台账保存位置：</translation>
    </message>
    <message>
        <source>Change unit</source>
        <translation>更换填报单位</translation>
    </message>
    <message>
        <source>This ledger will report for %1 instead of %2. Records already entered stay with %2. The change is recorded. Continue?</source>
        <translation>本台账将改为以“%1”（原为“%2”）的名义填报。已录入的记录仍属于“%2”。此次更换会被记录。是否继续？</translation>
    </message>
    <message>
        <source>Local file</source>
        <translation>本机文件</translation>
    </message>
    <message>
        <source>Database server</source>
        <translation>数据库服务器</translation>
    </message>
    <message>
        <source>Ledger file</source>
        <translation>台账文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库名</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Use this location</source>
        <translation>使用此位置</translation>
    </message>
    <message>
        <source>saved (not shown)</source>
        <translation>已保存（不显示）</translation>
    </message>
    <message>
        <source>The port must be a number, such as 5432.</source>
        <translation>端口应为数字，如 5432。</translation>
    </message>
    <message>
        <source>Fill in the server, the database and the user name.</source>
        <translation>请填写服务器、数据库名和用户名。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接……</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Merge into another…</source>
        <translation>并入另一单位…</translation>
    </message>
    <message>
        <source>A renamed unit keeps its former names, so workbooks sent under them still import. Merge two entries that are one unit (a typo, a unit added twice).</source>
        <translation>单位改名后保留曾用名，以旧名称报送的工作簿仍可导入。若两个条目其实是同一单位（笔误、重复添加），可将其合并。</translation>
    </message>
    <message>
        <source> — formerly %1</source>
        <translation> — 曾用名：%1</translation>
    </message>
    <message>
        <source>This ledger reports for: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>本台账的填报单位：&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1: changed from %2 to %3</source>
        <translation>%1：由“%2”更换为“%3”</translation>
    </message>
    <message>
        <source>Add a unit</source>
        <translation>添加单位</translation>
    </message>
    <message>
        <source>Name of the unit:</source>
        <translation>单位名称：</translation>
    </message>
    <message>
        <source>Kind of unit:</source>
        <translation>单位类别：</translation>
    </message>
    <message>
        <source>Rename unit</source>
        <translation>单位重命名</translation>
    </message>
    <message>
        <source>New name of %1:</source>
        <translation>“%1”的新名称：</translation>
    </message>
    <message>
        <source>Several officers sharing one ledger use a database server (PostgreSQL): a ledger file on a network folder is refused, as it would be damaged. The password is kept in your pgpass file and never shown again. Use this location switches the window to that ledger at once (what is being typed is saved first) and the program opens it from then on.</source>
        <translation>多位同事共用一个台账时，请使用数据库服务器（PostgreSQL）：放在网络文件夹中的台账文件会损坏，程序不予打开。密码保存在您本人的 pgpass 文件中，不会再显示。点“使用此位置”后窗口立即切换到该台账（正在填写的内容先保存），以后启动程序也打开它。</translation>
    </message>
    <message>
        <source>This is the ledger in use.</source>
        <translation>这就是正在使用的台账。</translation>
    </message>
    <message>
        <source>Opening the ledger…</source>
        <translation>正在打开台账…</translation>
    </message>
    <message>
        <source>Not switched: %1</source>
        <translation>未切换：%1</translation>
    </message>
    <message>
        <source>Saved. The window switches to this ledger.</source>
        <translation>已保存，窗口切换到该台账。</translation>
    </message>
    <message>
        <source>Merge units</source>
        <translation>合并单位</translation>
    </message>
    <message>
        <source>%1 is the same unit as:</source>
        <translation>“%1”与以下哪个单位是同一单位：</translation>
    </message>
    <message>
        <source>no records</source>
        <translation>无记录</translation>
    </message>
    <message>
        <source>Merge %1 into %2? Its records (%3) go to %2 and %1 becomes a former name of %2.</source>
        <translation>将“%1”并入“%2”？其记录（%3）将归入“%2”，“%1”成为“%2”的曾用名。</translation>
    </message>
    <message>
        <source>Reporting period length</source>
        <translation>报告期长度</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月度</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Half-year</source>
        <translation>半年</translation>
    </message>
    <message>
        <source>Remind me of the due date of the period</source>
        <translation>提醒本报告期的报送截止日期</translation>
    </message>
    <message>
        <source>Reporting period length:</source>
        <translation>报告期长度：</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Restore this backup…</source>
        <translation>从此备份恢复…</translation>
    </message>
    <message>
        <source>No backup yet.</source>
        <translation>尚无备份。</translation>
    </message>
    <message>
        <source>Choose a backup to see what it holds.</source>
        <translation>请选择一个备份，查看其中的内容。</translation>
    </message>
    <message>
        <source>Taken: %1</source>
        <translation>备份时间：%1</translation>
    </message>
    <message>
        <source>Unit: %1</source>
        <translation>填报单位：%1</translation>
    </message>
    <message>
        <source>Records: %1</source>
        <translation>记录：%1 条</translation>
    </message>
    <message>
        <source>Backup saved: %1</source>
        <translation>备份已保存：%1</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Replace the ledger with the backup of %1 (%2 records)? The ledger as it is now is backed up first, so this can be undone by restoring that copy.</source>
        <translation>用 %1 的备份（%2 条记录）替换当前台账？当前台账会先自动备份，恢复那份备份即可撤销本次操作。</translation>
    </message>
</context>
<context>
    <name>SubmissionDialog</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Records of the submission</source>
        <translation>报送中的记录</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Select a record to read it here.</source>
        <translation>选择一条记录，在此查看。</translation>
    </message>
    <message>
        <source>Nothing in this submission</source>
        <translation>本期报送没有记录</translation>
    </message>
</context>
<context>
    <name>SubmissionsPage</name>
    <message>
        <source>Submitted: the export date of the file that counts for the quarter (superseded: earlier files it replaced). On time or late, and the review: see the “%1” and “%2” pages.</source>
        <translation>已报送：该季度有效文件的导出日期（“被取代”：被它取代的先前文件）。是否按时、审核状态，请看“%1”页和“%2”页。</translation>
    </message>
    <message>
        <source>Submissions</source>
        <translation>报送情况</translation>
    </message>
    <message>
        <source>Submissions in %1</source>
        <translation>%1报送情况</translation>
    </message>
</context>
<context>
    <name>TargetsPage</name>
    <message>
        <source>Indicators against targets</source>
        <translation>指标完成情况</translation>
    </message>
    <message>
        <source>Reported: the sum of the units' latest values in the year (rates: the latest period's value, whose and of which period in the last column). Computed: from the pledge financing records, each registration counted once.</source>
        <translation>报告值：各单位本年度最新一期报告值之和（比率类指标不相加，取最新一期的报告值，由哪个单位哪一期报送见最后一列）。据台账计算值：由质押融资记录计算，同一登记只计一次。</translation>
    </message>
    <message>
        <source>Targets are the whole district's for the year. Reported: the values this unit sent; computed: from this unit's pledge financing records. Whether a target is met, the bureau judges over the district.</source>
        <translation>目标值为全区的年度目标；报告值为本单位报送的数值，据台账计算值由本单位的质押融资记录汇总。是否达标由区知识产权局汇总全区后判断。</translation>
    </message>
    <message>
        <source>Indicators against targets, %1</source>
        <translation>%1指标完成情况</translation>
    </message>
    <message>
        <source>Indicators against targets, %1, to the end of %2</source>
        <translation>%1指标完成情况（截至%2末）</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>本期状态</translation>
    </message>
    <message>
        <source>Copy last period's report</source>
        <translation>复制上期填报内容</translation>
    </message>
    <message>
        <source>Copy all of last period's reports</source>
        <translation>复制上期全部填报内容</translation>
    </message>
    <message>
        <source>My unit's tasks</source>
        <translation>本单位牵头的任务</translation>
    </message>
    <message>
        <source>Other tasks of the plan</source>
        <translation>方案中的其他任务</translation>
    </message>
    <message>
        <source>Not reported</source>
        <translation>未填报</translation>
    </message>
    <message>
        <source>%1 (to check)</source>
        <translation>%1（待核）</translation>
    </message>
    <message>
        <source>%1 (copied, check it)</source>
        <translation>%1（上期复制，待核改）</translation>
    </message>
    <message>
        <source>Copies %1 reports of last period; reports already made this period stay as they are.</source>
        <translation>复制上期 %1 项任务的填报内容；本期已填报的任务保持不变。</translation>
    </message>
    <message>
        <source>%1: %2 of my %3 tasks reported</source>
        <translation>%1：本单位 %3 项任务已填报 %2 项</translation>
    </message>
    <message>
        <source>, and %1 copied from last period, to check</source>
        <translation>，另有 %1 项为上期复制待核改</translation>
    </message>
    <message>
        <source>Lead units: %1</source>
        <translation>牵头单位：%1</translation>
    </message>
    <message>
        <source>Saved automatically as you type.</source>
        <translation>边填边自动保存。</translation>
    </message>
    <message>
        <source>Not reported for this period yet.</source>
        <translation>本报告期尚未填报。</translation>
    </message>
    <message>
        <source>Restored what you were typing last time; it is not saved yet.</source>
        <translation>已恢复上次未保存的输入，尚未保存。</translation>
    </message>
    <message>
        <source>Not saved yet: correct the fields marked in red.</source>
        <translation>尚未保存：请更正标红的字段。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <source>New %1</source>
        <translation>新建%1</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>修改%1</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>删除%1</translation>
    </message>
    <message>
        <source>Copy last period's reports</source>
        <translation>复制上期全部填报内容</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong. Your saved data is safe; details were written to the log file.</source>
        <translation>程序出现错误。已保存的数据不受影响，详细信息已写入日志文件。</translation>
    </message>
    <message>
        <source>IP Ledger</source>
        <translation>知识产权工作台账</translation>
    </message>
</context>
</TS>
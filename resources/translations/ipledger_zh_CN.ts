<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/window.py" line="15" />
        <source>(no unit set)</source>
        <translation>（未设置单位）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="16" />
        <source>IP Ledger — %1</source>
        <translation>知识产权工作台账 — %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="21" />
        <source>This ledger</source>
        <translation>本台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="23" />
        <source>District IP bureau</source>
        <translation>区知识产权局（汇总）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="23" />
        <source>Reporting unit</source>
        <translation>填报单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="24" />
        <source>Unit:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="25" />
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="26" />
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="28" />
        <source>Plan catalogue:</source>
        <translation>计划目录：</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="30" />
        <source>%1 tasks, %2 indicators</source>
        <translation>%1 项任务，%2 项指标</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="37" />
        <source>Records</source>
        <translation>记录</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../app/ui/main.py" line="55" />
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/main.py" line="56" />
        <source>Something went wrong. Your saved data is safe; details were written to the log file.</source>
        <translation>程序出现错误。已保存的数据不受影响，详细信息已写入日志文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main.py" line="67" />
        <source>IP Ledger</source>
        <translation>知识产权工作台账</translation>
    </message>
</context>
</TS>
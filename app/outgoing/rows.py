"""What every workbook the ledger writes out is made of (a submission, a pre-filled workbook, the
consolidated workbook): its _meta, its cover and the sheet rows built from ledger rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from app import __version__
from app.exchange.layout import SUBMISSION, TEMPLATE, EvidenceEntry, Meta, cells_digest
from app.plans.carry import name_plan
from app.store import catalogue, keys, settings
from app.store.units import unit_names
from app.vocabulary.kinds import INDICATOR_VALUE_HINT, FieldType, Kind
from app.vocabulary.periods import Period, parse_period
from app.vocabulary.validators import NO, YES


def new_meta(s: Session, kind: str, unit: str, period: Period) -> Meta:
    """The _meta of a workbook this ledger writes for a period: a new submission id, when, by which
    version of the program from which ledger, and the plan the period is reported under."""
    meta = Meta(
        kind=kind,
        unit=unit,
        period=period,
        submission_id=str(uuid.uuid4()),
        exported_at=datetime.now().isoformat(),
        app_version=__version__,
        ledger_id=str(settings.get(s, settings.LEDGER_ID)),
        signer=keys.own_key(s),  # SPEC §15: every workbook the ledger writes is signed
    )
    name_plan(s, meta)  # the plan travels with the workbook
    return meta


class RowBuilder:
    """Turns ledger rows into sheet rows: derived columns filled in, yes/no spelt out."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.unit_name = unit_names(s)
        self._plans: dict[str, dict[str, dict[int, str]]] = {}  # period → texts of its plan

    def _plan_texts(self, period: object) -> dict[str, dict[int, str]]:
        """Task texts and indicator names of the plan a period belongs to."""
        key = str(period)
        if key not in self._plans:
            plan = catalogue.plan_of_period(self.s, parse_period(key))  # a record's period column
            self._plans[key] = {
                "task": catalogue.task_texts(self.s, plan),
                "indicator": {i.number: i.name for i in catalogue.indicators(self.s, plan)},
            }
        return self._plans[key]

    def cells(self, kind: Kind, values: dict[str, object], unit_id: int, record_id: str, revision: int) -> list:
        row: list[object] = []
        for f in kind.fields:
            if f.key == "task_text":
                row.append(self._plan_texts(values["period"])["task"].get(values["task_number"]))  # type: ignore[arg-type]
            elif f.key == "indicator_name":
                row.append(self._plan_texts(values["period"])["indicator"].get(values["indicator_number"]))  # type: ignore[arg-type]
            elif f.type is FieldType.YES_NO and values[f.key] is not None:
                row.append(YES if values[f.key] else NO)
            else:
                row.append(values[f.key])
        row += [self.unit_name[unit_id], record_id, revision]
        return row


def sheet_rows(
    kind: Kind,
    found: Iterable[tuple[dict[str, object], int, str, int]],
    builder: RowBuilder,
    meta: Meta,
    evidence: dict[str, list[EvidenceEntry]] | None = None,
) -> Iterator[list]:
    """Sheet rows streamed from the ledger, each row's digest noted in `meta` as it goes by
    (the _meta sheet is written last), so that no sheet is ever held in memory whole. A record's
    evidence files (`evidence`, by record id) are listed in `meta` and named in its 佐证材料 cell."""
    inputs = input_positions(kind)
    digests = meta.digests.setdefault(kind.sheet, {})
    for values, unit_id, rid, rev in found:
        files = evidence.get(rid) if evidence else None
        if files:
            meta.evidence.extend(files)
            if "evidence" in values:
                values["evidence"] = evidence_cell(values["evidence"], [e.name for e in files])
        row = builder.cells(kind, values, unit_id, rid, rev)
        digests[rid] = (rev, cells_digest(row[k] for k in inputs))
        yield row


def evidence_cell(text: object, names: Sequence[str]) -> str:
    """The 佐证材料 cell of a record with files: what the clerk wrote, then the files it does not
    name yet (so a workbook mailed without its files says which are missing)."""
    text = str(text or "").strip()
    missing = [n for n in names if n not in text]
    if not missing:
        return text
    listed = "附件：" + "；".join(missing)
    return f"{text}（{listed}）" if text else listed


def input_positions(kind: Kind) -> list[int]:
    """Where a kind's input fields stand in its sheet rows (derived columns left out)."""
    return [i for i, f in enumerate(kind.fields) if not f.derived]


# How a unit without the app asks for a record to be deleted: in the row's 情况说明 (every sheet has
# it); the bureau's import flags the row (app.merge.plausibility) and deletes it in its ledger if right.
DELETE_REQUEST = "请删除"
DELETE_REQUEST_HELP = f"记录需要删除时（如重复录入、填错），请在该行“情况说明”列写“{DELETE_REQUEST}”并注明原因"

# How a unit without the app sends its evidence (SPEC §15): the template's and the pre-filled
# workbook's covers say it; the import takes such a zip, or the files beside the workbook.
EVIDENCE_HELP = (
    "有佐证材料（协议、照片、证书等）的，在“任务进展”表该任务的“佐证材料”列写明文件名"
    "（如 签约协议.pdf；揭牌照片.jpg），再把本工作簿和这些文件一起压缩成一个 zip 文件发回；"
    "也可以把文件作为邮件附件与工作簿一起发送，文件名与该列所写一致。"
    "接受 PDF、JPG/PNG、Word（.docx）、Excel（.xlsx）和 OFD 文件，每个不超过 20 MB，不要发送程序或快捷方式。"
)

FILL_HELP = [
    ("填写说明", "每类记录一张工作表，第一行为表头，请勿修改表头文字；列的顺序可以调整，多余的列会被忽略。"),
    ("", "红色表头为必填项；有下拉列表的列请从列表中选择；日期写作 2025-03-01 或 2025年3月1日。"),
    ("", "报告期写作 2025Q1（季度）、2025-03（月）、2025H1（半年）或 2025（年）。"),
    (
        "",
        "各表金额单位为万元；“指标”表的数值按该指标在行动方案中的计量单位填写（如亿元、件、%），"
        "计量单位一栏写同样的单位或留空。",
    ),
    ("", f"“指标”表的数值为{INDICATOR_VALUE_HINT}。"),
    ("", "填报单位、记录ID、版本三列由程序填写：新增的行请留空记录ID和版本，不要复制他行的记录ID。"),
    ("", "请不要删除行：删除一行不会删除台账中的记录。已下架的挂牌、已撤销的指导站请改“挂牌状态”“站点状态”。"),
    ("", f"{DELETE_REQUEST_HELP}；区知识产权局导入时会看到，核实后在台账中删除。"),
]


def cover_lines(meta: Meta, counts: dict[str, int]) -> Sequence[Sequence[object]]:
    title = {TEMPLATE: "知识产权工作台账 — 空白填报模板", SUBMISSION: "知识产权工作台账 — 报送文件"}.get(
        meta.kind, "知识产权工作台账 — 汇总文件"
    )
    period = ""
    if meta.period:
        period = f"{meta.period.label}（{meta.period.code}）"
    lines: list[Sequence[object]] = [
        (title,),
        ("填报单位", meta.unit or "（见各表“填报单位”列）"),
        ("报告期", period or "（见各表“报告期”列）"),
        ("导出时间", meta.exported_at.replace("T", " ")[:19]),
        ("程序版本", f"知识产权工作台账 {meta.app_version}，文件格式第 {meta.version} 版"),
        (),
    ]
    if counts:
        lines.append(("各表记录数", ""))
        lines += [(sheet, n) for sheet, n in counts.items()]
        lines.append(())
    lines += FILL_HELP
    if meta.kind == TEMPLATE:  # a unit without the app sends its evidence with the filled template
        lines.append(("佐证材料", EVIDENCE_HELP))
    return lines

"""Realistic synthetic records of every kind, for demonstrations, screenshots and benchmarks.

Deterministic for a given seed: valid patent numbers and credit codes (in Putuo's area code
310107), plausible names of companies, universities and banks, periods across the plan's years.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.store import catalogue, records, settings
from app.vocabulary.kinds import (
    BRAND_STATION,
    INDICATOR_VALUE,
    PATENT_DEAL,
    PATENT_LISTING,
    PLEDGE_FINANCING,
    STATION_SERVICE,
    STATUSES,
    TASK_PROGRESS,
    Kind,
)
from app.vocabulary.periods import Period
from app.vocabulary.validators import CREDIT_CHARS, credit_check_char, patent_check_digit
from db.models import Indicator, Unit

COMPANY_WORDS = [
    "华信",
    "中科",
    "申达",
    "普瑞",
    "天合",
    "联影",
    "智云",
    "海川",
    "长风",
    "曹杨",
    "真新",
    "桃源",
    "宏图",
    "同济",
    "博远",
    "云帆",
    "新材",
    "瑞康",
    "数智",
    "科瑞",
]
INDUSTRIES = ["生物医药", "智能软件", "新材料", "信息技术", "检测技术", "医疗器械", "环保科技", "电子科技"]
HOLDERS_ACADEMIC = [
    ("华东师范大学", "高校"),
    ("上海理工大学", "高校"),
    ("上海电器科学研究院", "科研院所"),
    ("上海化工研究院有限公司", "科研院所"),
    ("上海市计量测试技术研究院", "科研院所"),
]
BANKS = [
    "上海农商银行普陀支行",
    "中国银行上海市普陀支行",
    "交通银行上海普陀支行",
    "浦发银行普陀支行",
    "上海银行普陀支行",
    "建设银行上海普陀支行",
    "上海市中小微企业政策性融资担保基金管理中心",
]
TECH = ["人工智能", "生物医药", "新材料", "智能制造", "集成电路", "节能环保", "数字医疗", "软件"]
THINGS = [
    "检测装置",
    "控制方法",
    "数据处理系统",
    "复合材料",
    "制备方法",
    "识别模型",
    "传感器",
    "给药系统",
    "图像分析方法",
    "电池管理装置",
]
ADJS = ["高效", "低功耗", "可降解", "智能", "便携式", "高精度", "多通道", "自适应"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱马胡郭林何高罗"
GIVEN = ["伟", "敏", "静", "磊", "洁", "强", "婷", "军", "芳", "涛", "燕", "杰", "丽", "斌"]
PROGRESS = [
    "已完成年度工作部署，召开专题推进会{n}次",
    "走访重点企业{n}家，收集需求并逐项回应",
    "组织政策宣讲活动{n}场，覆盖企业{m}家",
    "会同相关部门开展联合检查{n}次",
    "完成阶段性目标，形成工作简报{n}期",
]
PLAN_PERIODS = [Period(date(y, m, 1), 3) for y in (2024, 2025) for m in (1, 4, 7, 10)]


class DemoMaker:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.used_patents: set[str] = set()

    def uuid(self) -> str:
        """Record ids from the seeded generator, so that a demo ledger is the same every time."""
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def credit_code(self) -> str:
        body = "91310107" + "".join(self.r.choice(CREDIT_CHARS) for _ in range(9))
        return body + credit_check_char(body)

    def patent_no(self) -> str:
        while True:
            digits = f"{self.r.randint(2015, 2024)}{self.r.choice('1112238')}{self.r.randint(0, 9999999):07d}"
            number = f"{digits}.{patent_check_digit(digits)}"
            if number not in self.used_patents:
                self.used_patents.add(number)
                return number

    def company(self) -> str:
        return f"上海{self.r.choice(COMPANY_WORDS)}{self.r.choice(INDUSTRIES)}有限公司"

    def person(self) -> str:
        return self.r.choice(SURNAMES) + "".join(self.r.choices(GIVEN, k=self.r.randint(1, 2)))

    def phone(self) -> str:
        return f"021-{self.r.randint(52000000, 62999999)}"

    def day_in(self, period: Period) -> date:
        return period.start + timedelta(days=self.r.randint(0, (period.end - period.start).days))

    def amount(self, lo: float, hi: float) -> float:
        return round(self.r.uniform(lo, hi), 2)


def _split(rows: int) -> dict[str, int]:
    """How many rows of each kind a unit gets out of `rows`; every kind gets at least one."""
    weights = {
        "patent_listing": 40,
        "patent_deal": 15,
        "pledge_financing": 15,
        "task_progress": 15,
        "station_service": 5,
        "brand_station": 4,
        "indicator_value": 6,
    }
    split = {k: max(1, rows * w // 100) for k, w in weights.items()}
    split["brand_station"] = min(split["brand_station"], 6)  # a unit runs a handful of stations
    return split


def fill(s: Session, *, units: int, rows: int, seed: int = 1, only: str | None = None) -> dict[str, int]:
    """Add about `rows` records for each of `units` units (this ledger's own unit first), of every
    kind, or all of one kind (`only`, a kind key) for benchmarks."""
    maker = DemoMaker(seed)
    all_units = catalogue.units(s)
    own = catalogue.find_unit(s, str(settings.get(s, settings.UNIT)))
    ordered = ([own] if own else []) + [u for u in all_units if u is not own]
    indicators = catalogue.indicators(s)
    made: dict[str, int] = {}
    for unit in ordered[:units]:
        by_kind: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
        kinds = {}
        split = {k: rows if k == only else 0 for k in _split(rows)} if only else _split(rows)
        for kind, values in _unit_rows(s, maker, unit, split, indicators):
            by_kind.setdefault(kind.key, []).append((values, {"unit_id": unit.id, "id": maker.uuid()}))
            kinds[kind.key] = kind
        for key, batch in by_kind.items():
            records.bulk_create(s, kinds[key], batch)
            made[kinds[key].sheet] = made.get(kinds[key].sheet, 0) + len(batch)
    return made


def _spread(r: random.Random, combos: list, n: int) -> list:
    """n of the combinations, spread over all the periods rather than the first ones, in their order."""
    if n >= len(combos):
        return combos
    return [combos[i] for i in sorted(r.sample(range(len(combos)), n))]


def _unit_rows(
    s: Session, m: DemoMaker, unit: Unit, n: dict[str, int], indicators: list[Indicator]
) -> list[tuple[Kind, dict[str, Any]]]:
    r = m.r
    out: list[tuple[Kind, dict[str, Any]]] = []
    streets = [u.name for u in catalogue.units(s) if u.kind in ("街道", "镇")]
    street = unit.name if unit.name in streets else None

    tasks = catalogue.tasks_of_unit(s, unit)
    combos = _spread(r, [(p, t) for p in PLAN_PERIODS for t in tasks], n["task_progress"])
    for period, task in combos:
        status = r.choice(STATUSES)
        count = r.randint(1, 12)
        out.append(
            (
                TASK_PROGRESS,
                {
                    "period": period.code,
                    "task_number": task.number,
                    "status": status,
                    "progress": None if status == "未启动" else r.choice(PROGRESS).format(n=count, m=count * 8),
                    "results": f"服务企业{count * 5}家" if r.random() < 0.6 else None,
                    "problems": "部分企业知识产权意识有待提高" if r.random() < 0.3 else None,
                    "next_steps": "持续跟踪推进，按季度报送进展" if r.random() < 0.5 else None,
                    "reporter": m.person(),
                    "phone": m.phone(),
                    "report_date": period.end,
                },
            )
        )

    stations = []
    for i in range(n["brand_station"]):
        host = m.company()
        suffix = "商标品牌指导站" if i == 0 else f"商标品牌指导站第{i + 1}分站"
        name = f"{(street or unit.name).removesuffix('街道')}{suffix}"
        stations.append(name)
        out.append(
            (
                BRAND_STATION,
                {
                    "name": name,
                    "host_org": host,
                    "host_credit_code": m.credit_code(),
                    "street": street or r.choice(streets),
                    "address": f"上海市普陀区{r.choice(COMPANY_WORDS)}路{r.randint(1, 999)}号",
                    "opened_on": m.day_in(r.choice(PLAN_PERIODS)),
                    "status": r.choice(["已揭牌", "已揭牌", "筹建中"]),
                    "new_under_plan": r.random() < 0.4,
                    "service_types": "注册咨询；品牌培育" if r.random() < 0.5 else "注册咨询；维权援助",
                    "manager": m.person(),
                    "phone": m.phone(),
                },
            )
        )
    service_combos = _spread(r, [(st, p) for p in PLAN_PERIODS for st in stations], n["station_service"])
    for station, period in service_combos:
        out.append(
            (
                STATION_SERVICE,
                {
                    "station_name": station,
                    "period": period.code,
                    "companies_served": r.randint(5, 60),
                    "consultations": r.randint(10, 120),
                    "trainings": r.randint(0, 6),
                    "trademark_filings": r.randint(0, 40),
                    "enforcement_cases": r.randint(0, 5),
                    "note": None,
                },
            )
        )

    for _ in range(n["patent_listing"]):
        number = m.patent_no()
        holder, holder_type = r.choice(HOLDERS_ACADEMIC) if r.random() < 0.4 else (m.company(), "企业")
        mode = r.choice(["转让", "普通许可", "独占许可", "排他许可", "开放许可"])
        out.append(
            (
                PATENT_LISTING,
                {
                    "patent_no": number,
                    "title": f"一种{r.choice(ADJS)}{r.choice(THINGS)}",
                    "patent_type": None,
                    "holder": holder,
                    "holder_type": holder_type,
                    "holder_credit_code": m.credit_code(),
                    "tech_field": r.choice(TECH),
                    "legal_status": r.choice(["有效", "有效", "有效", "审中"]),
                    "deal_mode": mode,
                    "price": m.amount(1, 300) if mode != "开放许可" else None,
                    "open_licence_fee": "按销售额的3%收取" if mode == "开放许可" else None,
                    "listed_on": m.day_in(r.choice(PLAN_PERIODS)),
                    "listing_status": r.choice(["在架", "在架", "已成交", "已下架"]),
                },
            )
        )

    for _ in range(n["patent_deal"]):
        contract = m.day_in(r.choice(PLAN_PERIODS))
        out.append(
            (
                PATENT_DEAL,
                {
                    "deal_type": r.choice(["转让", "许可", "开放许可"]),
                    "patent_no": m.patent_no(),
                    "title": f"一种{r.choice(ADJS)}{r.choice(THINGS)}",
                    "grantor": r.choice(HOLDERS_ACADEMIC)[0],
                    "grantee": m.company(),
                    "grantee_credit_code": m.credit_code(),
                    "grantee_street": street or r.choice(streets),
                    "amount": m.amount(2, 500),
                    "contract_date": contract,
                    "filing_date": contract + timedelta(days=r.randint(5, 60)) if r.random() < 0.7 else None,
                    "via_supermarket": r.random() < 0.5,
                },
            )
        )

    for _ in range(n["pledge_financing"]):
        registered = m.day_in(r.choice(PLAN_PERIODS))
        kind = r.choice(["专利", "专利", "商标", "组合", "著作权", "数据知识产权"])
        out.append(
            (
                PLEDGE_FINANCING,
                {
                    "company": m.company(),
                    "credit_code": m.credit_code(),
                    "street": street or r.choice(streets),
                    "pledgee": r.choice(BANKS),
                    "collateral_type": kind,
                    "collateral_list": "；".join(m.patent_no() for _ in range(r.randint(1, 3)))
                    if kind in ("专利", "组合")
                    else None,
                    "amount": float(r.choice([100, 200, 300, 500, 800, 1000, 1500])),
                    "registration_no": f"Y{registered.year}310000{r.randint(0, 99999999):08d}",
                    "registered_on": registered,
                    "term_months": r.choice([6, 12, 12, 24, 36]),
                    "interest_subsidy": m.amount(1, 30) if r.random() < 0.5 else None,
                    "risk_compensation": r.random() < 0.3,
                    "insurance_type": "知识产权质押融资保证保险" if r.random() < 0.2 else None,
                    "insurance_amount": None,
                },
            )
        )

    ind_combos = _spread(r, [(i, p) for p in PLAN_PERIODS for i in indicators], n["indicator_value"])
    for indicator, period in ind_combos:
        out.append(
            (
                INDICATOR_VALUE,
                {
                    "indicator_number": indicator.number,
                    "period": period.code,
                    "value": round(r.uniform(0.5, 30), 1)
                    if indicator.measure_unit != "%"
                    else round(r.uniform(90, 99), 1),
                    "measure_unit": indicator.measure_unit,
                    "note": None,
                },
            )
        )
    return out

"""Deadlines and 催报 (SPEC §9): the year of every unit × period as on time, late, missing, returned or
accepted, and the reminders to the units still missing, with a text to paste and a mailto: draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.orm import Session

from app.review import refused
from app.review import state as review
from app.review.refused import Refusal
from app.review.rules import LATE, MISSING, NOT_DUE, NOT_SUBMITTED
from app.review.state import UnitStatus
from app.store import catalogue, settings
from app.vocabulary.clock import local
from app.vocabulary.periods import Granularity, Period


def periods_of_year(s: Session, year: int) -> list[Period]:
    """The reporting periods of a year at the ledger's granularity (quarters by default)."""
    granularity = Granularity(str(settings.get(s, settings.GRANULARITY)))
    p, found = Period.of(date(year, 1, 1), granularity), []
    while p.year == year:
        found.append(p)
        p = p.next()
    return found


def year_view(
    s: Session, year: int, today: date | None = None, ledger_path: Path | None = None
) -> tuple[list[Period], list[list[UnitStatus]]]:
    """The periods of the year, and per expected unit its status in each; with `ledger_path`, the
    files refused beside it are noted (a unit whose file came and was refused reads 文件被拒)."""
    periods = periods_of_year(s, year)
    units = review.expected_units(s)
    columns = [review.statuses(s, p, today, units) for p in periods]
    came = refused.latest_of_all(ledger_path)
    for column in columns:
        for st in column:
            st.refused = came.get((st.unit, st.period.code))
    return periods, [[column[i] for column in columns] for i in range(len(units))]


@dataclass
class Reminder:
    unit: str
    reporter: str
    phone: str
    email: str
    overdue: bool  # past the due date (else: not yet due, a friendly early reminder)
    text: str
    refused: Refusal | None = None  # the unit's file came and was refused: its error list goes back with this

    @property
    def mailto(self) -> str:
        if not self.email:
            return ""
        subject = self.text.split("\n", 1)[0]
        return f"mailto:{quote(self.email, safe='@')}?subject={quote(subject)}&body={quote(self.text)}"


def quoted_title(title: str) -> str:
    """A document title in 书名号; titles quoted inside it take 〈〉, as Chinese usage nests them."""
    title = title.strip().strip("《》")
    return f"《{title.replace('《', '〈').replace('》', '〉')}》"


def refused_text(unit: str, reporter: str, period: Period, due: date, today: date, plan: str, r: Refusal) -> str:
    """The reminder to a unit whose file came and was refused: when it came, why, what to do."""
    greeting = f"{unit}{reporter}同志" if reporter else f"{unit}"
    shown = "；".join(e.split("，", 1)[-1] if e.startswith(f"{r.file}，") else e for e in r.errors[:3])
    more = f"等 {r.count} 处" if r.count > 3 else f"共 {r.count} 处"
    when = f"{due.year}年{due.month}月{due.day}日"
    deadline = f"报送截止日期（{when}）已过，请尽快" if today > due else f"请在{when}前"
    return (
        f"关于报送{period.label}知识产权工作台账的提醒\n"
        f"{greeting}：您好！区知识产权局已于{r.at.month}月{r.at.day}日收到贵单位{quoted_title(plan)}"
        f"{period.label}推进情况的报送文件“{r.file}”，但该文件有错误，未能导入：{shown}（{more}，详见随附的错误清单）。"
        f"{deadline}按错误清单逐条改正后重新导出报送文件，发送区知识产权局。谢谢！\n"
        "区知识产权局"
    )


def key_pending_text(
    unit: str, reporter: str, period: Period, plan: str, held_file: str, arrived: date, fingerprint: str
) -> str:
    """The note to a unit whose file came and is held until the bureau confirms its signing key
    (待确认签名): it was received, nothing needs sending again; the key's fingerprint is to be checked."""
    greeting = f"{unit}{reporter}同志" if reporter else f"{unit}"
    return (
        f"关于报送{period.label}知识产权工作台账的提醒\n"
        f"{greeting}：您好！区知识产权局已于{arrived.month}月{arrived.day}日收到贵单位{quoted_title(plan)}"
        f"{period.label}推进情况的报送文件“{held_file}”。该文件的签名密钥（指纹 {fingerprint}）尚待区知识产权局确认，"
        "确认后即导入，无需重新报送。区知识产权局将与您核对密钥指纹（在知识产权工作台账“设置—签名密钥”中可见）；"
        "如该文件不是贵单位发送的，请告知区知识产权局。谢谢！\n"
        "区知识产权局"
    )


def reminder_text(unit: str, reporter: str, period: Period, due: date, today: date, plan: str) -> str:
    greeting = f"{unit}{reporter}同志" if reporter else f"{unit}"
    when = f"{due.year}年{due.month}月{due.day}日"
    if today > due:
        status = f"报送截止日期（{when}）已过，区知识产权局尚未收到贵单位的报送文件"
    else:
        status = f"报送截止日期为{when}，目前尚未收到贵单位的报送文件"
    return (
        f"关于报送{period.label}知识产权工作台账的提醒\n"
        f"{greeting}：您好！{quoted_title(plan)}{period.label}推进情况{status}。"
        "请在知识产权工作台账中填写本期任务进展和各项数据后，选择“导出报送文件”，将生成的工作簿发送区知识产权局；"
        "未安装程序的，请填写报送模板后发送。如已发送，请忽略本提醒。谢谢！\n"
        "区知识产权局"
    )


def reminders(s: Session, period: Period, today: date | None = None, ledger_path: Path | None = None) -> list[Reminder]:
    """The 催报 list: the expected units with nothing submitted for the period; for one whose file came
    and was refused (noted beside the ledger at `ledger_path`), why, with the error list to send."""
    today = today or date.today()
    plan = catalogue.plan_of_period(s, period).name
    found = []
    for st in review.statuses(s, period, today):
        if st.state != NOT_SUBMITTED or st.timeliness not in (MISSING, NOT_DUE):
            continue
        reporter, phone = review.last_reporter(s, st.unit_id)
        came = refused.latest(ledger_path, st.unit, period)
        held = st.key_pending
        if held is not None:  # it did send: the file waits for its key to be confirmed here
            arrived = local(held.held_at).date()
            text = key_pending_text(
                st.unit, reporter, period, plan, held.file_name, arrived, held.key_fingerprint or ""
            )
        elif came:
            text = refused_text(st.unit, reporter, period, st.due, today, plan, came)
        else:
            text = reminder_text(st.unit, reporter, period, st.due, today, plan)
        found.append(
            Reminder(
                st.unit,
                reporter,
                phone,
                review.unit_email(s, st.unit_id),
                (st.key_pending_timeliness == LATE) if held is not None else st.timeliness == MISSING,
                text,
                came if held is None else None,
            )
        )
    return found

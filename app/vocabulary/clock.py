"""The ledger's times: stored in UTC (db.models.utcnow), shown as the clerk's clock reads them.

A time written into a file by the program (a workbook's exported_at) is already local; a time the
ledger stamped itself (an import, a record's history, a comment) is UTC and goes through `local`
before anyone sees it: on a PC in Shanghai an import at 09:00 would otherwise read 01:00.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone


def local(utc: datetime) -> datetime:
    """A naive UTC time of the ledger as local naive time (unchanged if the system cannot say)."""
    try:
        return utc.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)
    except (OSError, OverflowError, ValueError):  # Windows cannot convert times before 1970
        return utc


def arrival(day: date) -> datetime:
    """The time a file that came by post or late mail is taken to have arrived on `day`: noon, so
    that it is neither the evening before nor the next morning on any clock."""
    return datetime.combine(day, time(12))


def chinese_date(day: date, *, padded: bool = True) -> str:
    """2025年07月15日 (or 2025年7月15日 with padded=False), built from numbers.

    Never `strftime` with Chinese in the format: on Windows the C library formats in the ANSI code
    page and Python raises ValueError (or mangles the text) for characters outside it.
    """
    if padded:
        return f"{day.year}年{day.month:02d}月{day.day:02d}日"
    return f"{day.year}年{day.month}月{day.day}日"

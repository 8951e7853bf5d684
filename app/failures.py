"""What the user is told when something fails: the message of a known failure, or for an
unexpected one a short Chinese sentence (the traceback goes to the log file)."""

from __future__ import annotations

from app.store.catalogue import UnitNameError
from app.store.ledger import SetupError
from app.vocabulary.periods import PeriodError
from app.vocabulary.validators import InvalidValue
from db.engine import LedgerError, busy_ledger_message


class Failure(Exception):
    """An unexpected error, described for the user; the original is its __cause__."""


def is_expected(exc: BaseException) -> bool:
    """Errors whose own message is meant for the user (Chinese, says what to do)."""
    from app.merge import ImportRefused  # the merge imports the reader, which is heavy
    from app.review.rules import ReviewError

    expected = (LedgerError, SetupError, ImportRefused, ReviewError, UnitNameError, InvalidValue, PeriodError)
    return isinstance(exc, expected)


def describe(exc: BaseException) -> str:
    """One message in Chinese for any error."""
    if is_expected(exc):
        return str(exc)
    busy = busy_ledger_message(exc)
    if busy:
        return busy
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return f"无法读写文件{where}：{exc.strerror or exc}"
    if isinstance(exc, MemoryError):
        return "内存不足，操作未完成。请关闭其他程序后重试；已提交的数据不受影响。"
    return f"程序遇到意外问题（{type(exc).__name__}），操作未完成。详细信息已写入日志文件；已提交的数据不受影响。"


def for_user(exc: BaseException) -> Exception:
    """The exception to show: a known one as it is, any other as a Failure that describes it."""
    if is_expected(exc):
        return exc  # type: ignore[return-value]
    failure = Failure(describe(exc))
    failure.__cause__ = exc
    return failure

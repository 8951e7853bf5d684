"""Refuse a file before parsing it when it is not a workbook, is encrypted, is a zip bomb or
carries a DTD (XML entity expansion). Messages are for the user, in Chinese."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

MAX_UNCOMPRESSED = 1_000_000_000  # bytes of XML in all; a 100,000-row submission is ~60 MB
MAX_RATIO = 200  # uncompressed / compressed for any large part; spreadsheet XML stays well below
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls or an encrypted .xlsx


class UnsafeWorkbook(ValueError):
    pass


def check_workbook_file(path: Path) -> None:
    """Raise UnsafeWorkbook with a clear reason, or return when the file can be parsed."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise UnsafeWorkbook(f"无法打开文件：{exc.strerror or exc}") from None
    if head.startswith(_CFB_MAGIC):
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnsafeWorkbook("工作簿设有打开密码（已加密），请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入")
        raise UnsafeWorkbook("这是旧版 Excel（.xls）文件，请在 Excel/WPS 中另存为 .xlsx 后再导入")
    if not zipfile.is_zipfile(path):
        raise UnsafeWorkbook("不是 Excel 工作簿（.xlsx）文件")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise UnsafeWorkbook("不是 Excel 工作簿（.xlsx）文件：缺少工作簿结构")
            total = 0
            for info in infos:
                total += info.file_size
                if total > MAX_UNCOMPRESSED:
                    raise UnsafeWorkbook("文件解压后过大，疑似压缩炸弹，已拒绝")
                if info.file_size > 10_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise UnsafeWorkbook(f"文件中的 {info.filename} 压缩比异常，疑似压缩炸弹，已拒绝")
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    with zf.open(info) as part:
                        prolog = part.read(4096)
                    # A DTD can only stand before the root element, so the prolog is enough to look at.
                    if _DTD.search(prolog):
                        raise UnsafeWorkbook(f"文件中的 {info.filename} 含有 DTD/实体声明，可能是恶意文件，已拒绝")
    except zipfile.BadZipFile:
        raise UnsafeWorkbook("工作簿已损坏，无法读取（压缩结构错误）") from None

"""What an evidence file is, judged by its content, never by its name alone (SPEC §15).

Accepted: PDF, JPG/PNG, DOCX/XLSX and OFD. DOCX, XLSX and OFD are zip files: each is told by
the members it must have. A program or a script is refused whatever it is called.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFD = "application/ofd"

# extension → media type it must be by content
BY_EXTENSION = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".ofd": OFD,
}
TYPE_LABELS = {
    PDF: "PDF",
    JPEG: "JPG 图片",
    PNG: "PNG 图片",
    DOCX: "Word 文档",
    XLSX: "Excel 工作簿",
    OFD: "OFD 版式文件",
}
ACCEPTED_TEXT = "PDF、JPG/PNG 图片、Word（.docx）、Excel（.xlsx）或 OFD 文件"

# Programs and scripts: never stored, never opened (SPEC §15).
PROGRAM_EXTENSIONS = frozenset(
    [
        ".exe",
        ".dll",
        ".bat",
        ".cmd",
        ".com",
        ".js",
        ".jse",
        ".vbs",
        ".vbe",
        ".wsf",
        ".wsh",
        ".ps1",
        ".psm1",
        ".scr",
        ".lnk",
        ".msi",
        ".msp",
        ".jar",
        ".cpl",
        ".hta",
        ".pif",
        ".reg",
        ".sh",
        ".py",
        ".pyw",
        ".app",
        ".apk",
        ".elf",
        ".so",
        ".dylib",
        ".url",
        ".scf",
        ".inf",
        ".sys",
        ".drv",
        ".ocx",
        ".gadget",
        ".appx",
        ".msix",
        ".docm",
        ".xlsm",
        ".pptm",
        ".iso",
        ".img",
        ".vhd",
        ".chm",
    ]
)
# Leading bytes of executables, whatever the name says: PE (MZ), ELF, Mach-O, shebang scripts.
PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")

BIG_IMAGE_SIDE = 2000  # an image longer than this on its long side is offered a smaller copy
ZIP_MEMBER_LIMIT = 10_000  # more entries than this in a document is not a document
ZIP_RATIO_LIMIT = 200  # nor a document that expands more than 200 times


class NotAccepted(ValueError):
    """The file is not an accepted evidence type; the message (Chinese) says why."""


@dataclass(frozen=True)
class FileType:
    media_type: str

    @property
    def label(self) -> str:
        return TYPE_LABELS.get(self.media_type, self.media_type)


def is_program_name(name: str) -> bool:
    return any(s.lower() in PROGRAM_EXTENSIONS for s in PurePosixPath(name.replace("\\", "/")).suffixes) or (
        PurePosixPath(name.replace("\\", "/")).suffix.lower() in PROGRAM_EXTENSIONS
    )


def sniff(data: bytes) -> str | None:
    """The accepted media type `data` is by content, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return _zip_document(data)
    return None


def _zip_document(data: bytes) -> str | None:
    """DOCX, XLSX or OFD by their characteristic members; None for any other zip (or a bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > ZIP_MEMBER_LIMIT:
                return None
            if sum(i.file_size for i in infos) > ZIP_RATIO_LIMIT * max(len(data), 1) + (1 << 20):
                return None
            names = {i.filename for i in infos}
            types = ""
            if "[Content_Types].xml" in names:
                types = zf.read("[Content_Types].xml")[:200_000].decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return None
    if "word/document.xml" in names and "wordprocessingml.document.main" in types:
        return DOCX
    if "xl/workbook.xml" in names and "spreadsheetml.sheet.main" in types:
        return XLSX
    if "OFD.xml" in names or "ofd.xml" in {n.lower() for n in names}:
        return OFD
    return None


def check_file(name: str, data: bytes) -> FileType:
    """The file's type when it may be evidence; NotAccepted (naming the file) otherwise."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if is_program_name(name) or data.startswith(PROGRAM_MAGIC):
        raise NotAccepted(f"“{name}”是程序或脚本，不能作为佐证材料")
    expected = BY_EXTENSION.get(suffix)
    if expected is None:
        raise NotAccepted(f"“{name}”不是可接受的佐证材料类型：只接受{ACCEPTED_TEXT}")
    found = sniff(data)
    if found is None:
        raise NotAccepted(f"“{name}”的内容不是{TYPE_LABELS[expected]}（按内容识别），可能已损坏或被改名")
    if found != expected:
        raise NotAccepted(
            f"“{name}”的内容是{TYPE_LABELS[found]}，与扩展名 {suffix} 不符（按内容识别）；请改回正确的扩展名"
        )
    return FileType(found)


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG from its header, without decoding it; None when unknown."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
                i += 1 if marker == 0xFF else 2
                continue
            length = struct.unpack(">H", data[i + 2 : i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return width, height
            i += 2 + length
    return None


def is_big_image(data: bytes) -> bool:
    size = image_size(data)
    return size is not None and max(size) > BIG_IMAGE_SIDE


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"

"""Draw the program's icon: resources/icons/ipledger.png (the window) and ipledger.ico (the Windows
program, its installer and Start-menu entry), 16 to 256 pixels.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icon.py

The .ico holds one PNG per size (Windows Vista and later read those); committed, so a build needs
nothing to draw it.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath

ROOT = Path(__file__).resolve().parents[1]
SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE, GOLD = QColor("#1F4E79"), QColor("#F2B705")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    s = float(size)
    body = QPainterPath()
    body.addRoundedRect(QRectF(0.03 * s, 0.03 * s, 0.94 * s, 0.94 * s), 0.18 * s, 0.18 * s)
    p.fillPath(body, BLUE)
    # the ledger's lines under the letters
    p.fillRect(QRectF(0.18 * s, 0.72 * s, 0.64 * s, max(1.0, 0.08 * s)), GOLD)
    if size >= 48:
        p.fillRect(QRectF(0.18 * s, 0.84 * s, 0.40 * s, max(1.0, 0.04 * s)), QColor(255, 255, 255, 170))
    font = QFont("DejaVu Sans")
    font.setBold(True)
    font.setPixelSize(round(0.50 * s))
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(QRectF(0, 0.08 * s, s, 0.60 * s), Qt.AlignmentFlag.AlignCenter, "IP")
    p.end()
    return image


def png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico(images: list[bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in zip(SIZES, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    return header + entries + blobs


def main() -> int:
    QGuiApplication(sys.argv[:1])
    out = ROOT / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    images = [png(draw(size)) for size in SIZES]
    (out / "ipledger.ico").write_bytes(ico(images))
    (out / "ipledger.png").write_bytes(images[-1])
    print(out / "ipledger.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())

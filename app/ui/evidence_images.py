"""A smaller copy of a large photo (SPEC §15: images over 2,000 px on the long side are offered one)."""

from __future__ import annotations

from pathlib import PurePosixPath

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage

from app.evidence.types import BIG_IMAGE_SIDE


def smaller_copy(data: bytes, name: str, side: int = BIG_IMAGE_SIDE) -> tuple[bytes, str]:
    """(the image scaled to `side` px on its long side, its name); the input unchanged when Qt
    cannot read it. A PNG stays PNG; anything else becomes JPEG at quality 85."""
    image = QImage.fromData(QByteArray(data))
    if image.isNull() or max(image.width(), image.height()) <= side:
        return data, name
    scaled = image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    png = data.startswith(b"\x89PNG")
    scaled.save(buffer, "PNG" if png else "JPG", -1 if png else 85)
    path = PurePosixPath(name)
    return bytes(buffer.data().data()), f"{path.stem}_缩小{path.suffix}"

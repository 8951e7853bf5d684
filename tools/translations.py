"""Refresh the zh_CN translation: extract strings with pyside6-lupdate, fill in what the
translation table below knows, compile with pyside6-lrelease, and list what is still missing.

Usage: python tools/translations.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "ipledger_zh_CN.ts"
TABLE = ROOT / "tools" / "zh_CN.json"  # English source text → Chinese, kept beside this script


def main() -> int:
    bin_dir = Path(sys.executable).parent
    sources = sorted(str(p) for p in (ROOT / "app" / "ui").rglob("*.py"))
    # no source line numbers in the .ts: they change with every edit and made every merge conflict there
    subprocess.run(
        [bin_dir / "pyside6-lupdate", *sources, "-no-obsolete", "-locations", "none", "-ts", str(TS)], check=True
    )
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    tree = ET.parse(TS)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if source in table:
            translation.text = table[source]
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished" or not translation.text:
            missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([bin_dir / "pyside6-lrelease", str(TS)], check=True)
    for source in missing:
        print(f"missing zh_CN: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

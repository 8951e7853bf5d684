"""Every window and dialog fits a 1366×768 office screen at 125 % and 150 % scaling (1093×614 and
911×512 logical pixels): inside the screen, no minimum size larger than it, and every push button
fully in view. Each scale needs its own Qt process (the factor is fixed when Qt starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("scale", ["1.25", "1.5"])
def test_every_surface_fits_a_small_screen(tmp_path, scale) -> None:
    out = tmp_path / "fit.json"
    env = {**os.environ, "QT_SCALE_FACTOR": scale, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "tests.ui.fit_child", str(out)], cwd=ROOT, env=env, check=True, capture_output=True
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    names = set(report)
    dialogs = {"first-run", "export", "import-preview", "calendar", "help", "settings-0", "settings-3", "submission"}
    assert dialogs | {"office-00", "bureau-00"} <= names
    assert sum(n.startswith("office-") for n in names) >= 8 and sum(n.startswith("bureau-") for n in names) >= 10
    expected_area = {"1.25": [0, 0, 1093, 614], "1.5": [0, 0, 911, 512]}[scale]
    problems = []
    for name, r in report.items():
        assert r["area"] == expected_area, name
        ax, ay, aw, ah = r["area"]
        x, y, w, h = r["frame"]
        if x < ax or y < ay or x + w > ax + aw or y + h > ay + ah:
            problems.append(f"{name}: frame {r['frame']} outside the screen {r['area']}")
        if r["minimum"][0] > aw or r["minimum"][1] > ah:
            problems.append(f"{name}: minimum size {r['minimum']} larger than the screen")
        if r["sideways_scrolling"]:
            problems.append(f"{name}: a form scrolls sideways {r['sideways_scrolling']}")
        if r["hidden_buttons"]:
            problems.append(f"{name}: buttons out of view {r['hidden_buttons']}")
    assert problems == []

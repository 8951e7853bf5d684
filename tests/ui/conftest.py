from __future__ import annotations

import pytest

from app.ui import worker


@pytest.fixture(autouse=True)
def synchronous_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long work runs on the calling thread in tests, so results are there when the click returns."""
    monkeypatch.setattr(worker, "runner", worker.run_now)


@pytest.fixture
def chinese(qapp):
    from app.ui.main import install_translators

    translators = install_translators(qapp)
    yield
    for t in translators:
        qapp.removeTranslator(t)

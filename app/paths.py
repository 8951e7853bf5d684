"""One place for where things are: bundled resources and the user's ledger and logs.

Resources are found next to the `resources` package, which is true in a source checkout, after
`pip install .` and inside a PyInstaller build (where the package lives under sys._MEIPASS).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

import resources

APP_NAME = "IPLedger"
APP_AUTHOR = "PutuoIP"
LEDGER_ENV = "IPLEDGER_DB"


def resource(name: str) -> Path:
    return Path(resources.__file__).resolve().parent / name


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_ledger_path() -> Path:
    """The ledger in use: IPLEDGER_DB if set, else ledger.db in the per-user data folder."""
    env = os.environ.get(LEDGER_ENV)
    return Path(env) if env else data_dir() / "ledger.db"

"""IP Ledger (知识产权工作台账): the Qt-free core of the application."""

__version__ = "0.1.0"

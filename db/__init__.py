"""The ledger (台账): SQLAlchemy models, the engine and session factory, migrations and backups.

Nothing here imports the application core or Qt.
"""

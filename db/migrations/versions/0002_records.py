"""The seven record kinds, record history and the import log.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=512), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("submission_id", sa.String(length=36), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=8), nullable=True),
        sa.Column("exported_at", sa.DateTime(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("superseded_by", sa.Integer(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["superseded_by"],
            ["import_log.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_log_file_hash"), ["file_hash"], unique=False)

    op.create_table(
        "record_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["import_log.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("record_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_history_import_id"), ["import_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_record_history_record_id"), ["record_id"], unique=False)

    op.create_table(
        "brand_stations",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("host_org", sa.String(length=128), nullable=False),
        sa.Column("host_credit_code", sa.String(length=18), nullable=True),
        sa.Column("street", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=256), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("new_under_plan", sa.Boolean(), nullable=True),
        sa.Column("service_types", sa.String(length=128), nullable=True),
        sa.Column("manager", sa.String(length=32), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("synced_revision", sa.Integer(), nullable=True),
        sa.Column("synced_digest", sa.String(length=64), nullable=True),
        sa.Column("locally_modified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("brand_stations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_brand_stations_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_brand_stations_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "indicator_values",
        sa.Column("indicator_number", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("measure_unit", sa.String(length=8), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("synced_revision", sa.Integer(), nullable=True),
        sa.Column("synced_digest", sa.String(length=64), nullable=True),
        sa.Column("locally_modified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_number"],
            ["indicators.number"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_values_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_values_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_values_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "patent_deals",
        sa.Column("deal_type", sa.String(length=8), nullable=False),
        sa.Column("patent_no", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=256), nullable=True),
        sa.Column("grantor", sa.String(length=128), nullable=False),
        sa.Column("grantee", sa.String(length=128), nullable=False),
        sa.Column("grantee_credit_code", sa.String(length=18), nullable=True),
        sa.Column("grantee_street", sa.String(length=32), nullable=True),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("contract_date", sa.Date(), nullable=False),
        sa.Column("filing_date", sa.Date(), nullable=True),
        sa.Column("via_supermarket", sa.Boolean(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("synced_revision", sa.Integer(), nullable=True),
        sa.Column("synced_digest", sa.String(length=64), nullable=True),
        sa.Column("locally_modified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("patent_deals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patent_deals_contract_date"), ["contract_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_patent_deals_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_patent_deals_patent_no"), ["patent_no"], unique=False)
        batch_op.create_index(batch_op.f("ix_patent_deals_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "patent_listings",
        sa.Column("patent_no", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("patent_type", sa.String(length=8), nullable=True),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("holder_type", sa.String(length=8), nullable=True),
        sa.Column("holder_credit_code", sa.String(length=18), nullable=True),
        sa.Column("tech_field", sa.String(length=64), nullable=True),
        sa.Column("legal_status", sa.String(length=8), nullable=True),
        sa.Column("deal_mode", sa.String(length=8), nullable=False),
        sa.Column("price", sa.Float(), nullable=True),
        sa.Column("open_licence_fee", sa.String(length=128), nullable=True),
        sa.Column("listed_on", sa.Date(), nullable=False),
        sa.Column("listing_status", sa.String(length=8), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("synced_revision", sa.Integer(), nullable=True),
        sa.Column("synced_digest", sa.String(length=64), nullable=True),
        sa.Column("locally_modified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("patent_listings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patent_listings_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_patent_listings_patent_no"), ["patent_no"], unique=False)
        batch_op.create_index(batch_op.f("ix_patent_listings_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "pledge_financings",
        sa.Column("company", sa.String(length=128), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("street", sa.String(length=32), nullable=True),
        sa.Column("pledgee", sa.String(length=128), nullable=False),
        sa.Column("collateral_type", sa.String(length=8), nullable=False),
        sa.Column("collateral_list", sa.Text(), nullable=True),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("registration_no", sa.String(length=64), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=True),
        sa.Column("interest_subsidy", sa.Float(), nullable=True),
        sa.Column("risk_compensation", sa.Boolean(), nullable=True),
        sa.Column("insurance_type", sa.String(length=64), nullable=True),
        sa.Column("insurance_amount", sa.Float(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("synced_revision", sa.Integer(), nullable=True),
        sa.Column("synced_digest", sa.String(length=64), nullable=True),
        sa.Column("locally_modified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pledge_financings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pledge_financings_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_financings_registered_on"), ["registered_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_financings_registration_no"), ["registration_no"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_financings_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "station_services",
        sa.Column("station_name", sa.String(length=128), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("companies_served", sa.Integer(), nullable=True),
        sa.Column("consultations", sa.Integer(), nullable=True),
        sa.Column("trainings", sa.Integer(), nullable=True),
        sa.Column("trademark_filings", sa.Integer(), nullable=True),
        sa.Column("enforcement_cases", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("synced_revision", sa.Integer(), nullable=True),
        sa.Column("synced_digest", sa.String(length=64), nullable=True),
        sa.Column("locally_modified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("station_services", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_station_services_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_station_services_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_station_services_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "task_progress",
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("task_number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("progress", sa.Text(), nullable=True),
        sa.Column("results", sa.Text(), nullable=True),
        sa.Column("problems", sa.Text(), nullable=True),
        sa.Column("next_steps", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("reporter", sa.String(length=32), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("report_date", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("synced_revision", sa.Integer(), nullable=True),
        sa.Column("synced_digest", sa.String(length=64), nullable=True),
        sa.Column("locally_modified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_number"],
            ["tasks.number"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("task_progress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_progress_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_progress_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_progress_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    op.drop_table("task_progress")
    op.drop_table("station_services")
    op.drop_table("pledge_financings")
    op.drop_table("patent_listings")
    op.drop_table("patent_deals")
    op.drop_table("indicator_values")
    op.drop_table("brand_stations")
    op.drop_table("record_history")
    op.drop_table("import_log")

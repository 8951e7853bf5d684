"""Typed SQLAlchemy models of the ledger.

Three groups: the reference data (units, the plan catalogue, reporting periods, settings), the seven
record kinds of the exchange workbook (each with the common columns of SPEC §4.1), and the
bookkeeping of merges (record history, import log).

No `from __future__ import annotations` here: SQLAlchemy would evaluate each of the ~220 column
annotations from its text when the classes are mapped (~15 ms of every command's start); Python
evaluates them as it defines the classes (a class defined further down is named in quotes).
"""

import uuid
from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    select,
    text,
)
from sqlalchemy.engine.interfaces import ExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    pass


# --- reference data ---------------------------------------------------------------------------


class Unit(Base):
    """A reporting unit (填报单位): a street, a town or a district body."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # 街道 / 镇 / 区级部门
    # Member of the district IP joint meeting (区知识产权联席会议成员单位).
    joint_member: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Names the unit had before a rename, so that older submission files still match.
    former_names: Mapped[list[str]] = mapped_column(JSON, default=list)


BUILTIN_PLAN_ID = 1  # the 2024–2025 plan the app ships (resources/plan.json)


class Plan(Base):
    """An action plan (行动方案): its years, and through plan_id its sections, tasks and indicators.

    A ledger holds several; every reporting period belongs to the plan in force in its year, and
    task reports and indicator values keep the plan they were reported under (their plan_id)."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The plan's identity from ledger to ledger: workbooks name their plan by it (_meta).
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    name: Mapped[str] = mapped_column(Text)
    doc_number: Mapped[str] = mapped_column(String(64), default="")  # 文号, 普府办〔2024〕26号
    issued_on: Mapped[date | None] = mapped_column(Date)  # 印发日期
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    loaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    @property
    def years_label(self) -> str:
        return f"{self.start_year}–{self.end_year}年" if self.end_year != self.start_year else f"{self.start_year}年"


def plan_id_for_year(conn: Connection, year: int) -> int:
    """The plan in force in `year`: of the plans covering it the latest to start; a year after
    every plan takes the last one before it, a year before every plan the first."""
    rows = conn.execute(select(Plan.id, Plan.start_year, Plan.end_year)).all()
    if not rows:
        return BUILTIN_PLAN_ID
    covering = [r for r in rows if r.start_year <= year <= r.end_year]
    if covering:
        return max(covering, key=lambda r: (r.start_year, r.id)).id
    earlier = [r for r in rows if r.end_year < year]
    if earlier:
        return max(earlier, key=lambda r: (r.end_year, r.start_year, r.id)).id
    return min(rows, key=lambda r: (r.start_year, r.id)).id


def _plan_of_period(context: ExecutionContext) -> int:
    """Default plan_id of a task report or indicator value: the plan in force in its period's
    year. Runs for ORM and Core inserts alike (one query per statement, not per row)."""
    period = str(context.get_current_parameters()["period"])
    cache = context.__dict__.setdefault("_plan_by_year", {})
    year = int(period[:4]) if period[:4].isdigit() else 0
    if year not in cache:
        cache[year] = plan_id_for_year(context.connection, year)
    return cache[year]


class PlanSection(Base):
    """A section (三、…) or sub-section ((一)…) of an action plan."""

    __tablename__ = "plan_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), server_default="1")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plan_sections.id"))
    number: Mapped[str] = mapped_column(String(8))  # 三 or 一
    title: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer)


class Task(Base):
    """One of a plan's numbered tasks (the built-in plan has 53)."""

    __tablename__ = "tasks"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True, server_default="1")
    number: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("plan_sections.id"))
    text: Mapped[str] = mapped_column(Text)
    # "区知识产权联席会议各成员单位": every member unit leads this task.
    all_members: Mapped[bool] = mapped_column(Boolean, default=False)
    lead_units: Mapped[list[Unit]] = relationship(secondary="task_lead_units", order_by="Unit.sort_order")
    section: Mapped[PlanSection] = relationship()


class TaskLeadUnit(Base):
    __tablename__ = "task_lead_units"
    __table_args__ = (ForeignKeyConstraint(["plan_id", "task_number"], ["tasks.plan_id", "tasks.number"]),)

    plan_id: Mapped[int] = mapped_column(primary_key=True, server_default="1")
    task_number: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # order as named in the plan


class Indicator(Base):
    """A yearly indicator of the plan's table (预期性指标)."""

    __tablename__ = "indicators"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True, server_default="1")
    number: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    measure_unit: Mapped[str] = mapped_column(String(8))
    group: Mapped[str] = mapped_column(String(32), default="")
    expected: Mapped[bool] = mapped_column(Boolean, default=True)
    targets: Mapped[list["IndicatorTarget"]] = relationship(order_by="IndicatorTarget.year")


class IndicatorTarget(Base):
    __tablename__ = "indicator_targets"
    __table_args__ = (
        ForeignKeyConstraint(["plan_id", "indicator_number"], ["indicators.plan_id", "indicators.number"]),
    )

    plan_id: Mapped[int] = mapped_column(primary_key=True, server_default="1")
    indicator_number: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    target: Mapped[float] = mapped_column(Float)


class ReportingPeriod(Base):
    """A reporting period the bureau expects submissions for (报告期), with its due date."""

    __tablename__ = "reporting_periods"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)  # 2025Q1, 2025-03, 2025H1, 2025
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class Setting(Base):
    """Key/value settings of this ledger; their types and defaults are declared in app.store.settings."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)


# --- the record kinds ---------------------------------------------------------------------------


class RecordMixin:
    """The common columns of every record (SPEC §4.1)."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)  # 记录ID
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)  # owner, 填报单位
    revision: Mapped[int] = mapped_column(Integer, default=1)  # 版本
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, index=True)  # tombstone
    # Merge bookkeeping: the revision and row digest last received from the owner unit, and
    # whether this ledger edited the record since (a later change by the unit is then a conflict).
    synced_revision: Mapped[int | None] = mapped_column(Integer)
    synced_digest: Mapped[str | None] = mapped_column(String(64))
    locally_modified: Mapped[bool] = mapped_column(Boolean, default=False)
    # 情况说明: the unit's explanation of an unusual value or its answer to a comment (SPEC §9).
    explanation: Mapped[str | None] = mapped_column(Text)


LIVE_REPORT_INDEX = "uq_task_progress_live"


class TaskProgress(RecordMixin, Base):
    """任务进展: one row per unit × period × task."""

    __tablename__ = "task_progress"
    __table_args__ = (
        ForeignKeyConstraint(
            ["plan_id", "task_number"], ["tasks.plan_id", "tasks.number"], name="fk_task_progress_plan_task"
        ),
        # One live report per unit × period × task (of a plan): two officers reporting the same task
        # at the same moment cannot both save (the later is refused, app.store.records). Tombstones
        # are not counted: a report deleted and filled in again keeps its deleted predecessor.
        Index(
            LIVE_REPORT_INDEX,
            "unit_id",
            "period",
            "plan_id",
            "task_number",
            unique=True,
            sqlite_where=text("NOT deleted"),  # on a server too: see declare_server_options()
        ),
    )

    period: Mapped[str] = mapped_column(String(8), index=True)
    task_number: Mapped[int] = mapped_column(Integer)
    # The plan the task was reported under; by default the plan in force in the period's year.
    plan_id: Mapped[int] = mapped_column(Integer, default=_plan_of_period, server_default="1")
    status: Mapped[str] = mapped_column(String(8))
    progress: Mapped[str | None] = mapped_column(Text)
    results: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    reporter: Mapped[str | None] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(32))
    report_date: Mapped[date | None] = mapped_column(Date)


def declare_server_options() -> None:
    """The options of the schema only a database server reads (PostgreSQL: the live-report index's
    condition, as migration 0010 creates it), given once a server's engine is made (db.engine).
    Declared with the model they would load SQLAlchemy's PostgreSQL dialect (~45 ms) into every
    start of the program, a ledger file's too."""
    index = next(i for i in TaskProgress.__table__.indexes if i.name == LIVE_REPORT_INDEX)
    index.dialect_options["postgresql"]["where"] = text("NOT deleted")


class BrandStation(RecordMixin, Base):
    """商标品牌指导站: the registry of trademark-brand guidance stations."""

    __tablename__ = "brand_stations"

    name: Mapped[str] = mapped_column(String(128))
    host_org: Mapped[str] = mapped_column(String(128))
    host_credit_code: Mapped[str | None] = mapped_column(String(18))
    street: Mapped[str] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(256))
    opened_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8))
    new_under_plan: Mapped[bool | None] = mapped_column(Boolean)
    service_types: Mapped[str | None] = mapped_column(String(128))
    manager: Mapped[str | None] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(32))


class StationService(RecordMixin, Base):
    """指导站服务: the services of one station in one period."""

    __tablename__ = "station_services"

    station_name: Mapped[str] = mapped_column(String(128))
    period: Mapped[str] = mapped_column(String(8), index=True)
    companies_served: Mapped[int | None] = mapped_column(Integer)
    consultations: Mapped[int | None] = mapped_column(Integer)
    trainings: Mapped[int | None] = mapped_column(Integer)
    trademark_filings: Mapped[int | None] = mapped_column(Integer)
    enforcement_cases: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class PatentListing(RecordMixin, Base):
    """专利超市挂牌: a patent offered for transfer or licence on the patent supermarket."""

    __tablename__ = "patent_listings"

    patent_no: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(256))
    patent_type: Mapped[str | None] = mapped_column(String(8))
    holder: Mapped[str] = mapped_column(String(128))
    holder_type: Mapped[str | None] = mapped_column(String(8))
    holder_credit_code: Mapped[str | None] = mapped_column(String(18))
    tech_field: Mapped[str | None] = mapped_column(String(64))
    legal_status: Mapped[str | None] = mapped_column(String(8))
    deal_mode: Mapped[str] = mapped_column(String(8))
    price: Mapped[float | None] = mapped_column(Float)  # 万元
    open_licence_fee: Mapped[str | None] = mapped_column(String(128))
    listed_on: Mapped[date] = mapped_column(Date)
    listing_status: Mapped[str] = mapped_column(String(8))


class PatentDeal(RecordMixin, Base):
    """专利交易: a transfer or licence concluded."""

    __tablename__ = "patent_deals"

    deal_type: Mapped[str] = mapped_column(String(8))
    patent_no: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str | None] = mapped_column(String(256))
    grantor: Mapped[str] = mapped_column(String(128))
    grantee: Mapped[str] = mapped_column(String(128))
    grantee_credit_code: Mapped[str | None] = mapped_column(String(18))
    grantee_street: Mapped[str | None] = mapped_column(String(32))
    amount: Mapped[float | None] = mapped_column(Float)  # 万元
    contract_date: Mapped[date] = mapped_column(Date, index=True)
    filing_date: Mapped[date | None] = mapped_column(Date)
    via_supermarket: Mapped[bool | None] = mapped_column(Boolean)


class PledgeFinancing(RecordMixin, Base):
    """质押融资: an IP pledge financing registration."""

    __tablename__ = "pledge_financings"

    company: Mapped[str] = mapped_column(String(128))
    credit_code: Mapped[str] = mapped_column(String(18))
    street: Mapped[str | None] = mapped_column(String(32))
    pledgee: Mapped[str] = mapped_column(String(128))
    collateral_type: Mapped[str] = mapped_column(String(8))
    collateral_list: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[float] = mapped_column(Float)  # 万元
    registration_no: Mapped[str | None] = mapped_column(String(64), index=True)
    registered_on: Mapped[date] = mapped_column(Date, index=True)
    term_months: Mapped[int | None] = mapped_column(Integer)
    interest_subsidy: Mapped[float | None] = mapped_column(Float)
    risk_compensation: Mapped[bool | None] = mapped_column(Boolean)
    insurance_type: Mapped[str | None] = mapped_column(String(64))
    insurance_amount: Mapped[float | None] = mapped_column(Float)


class IndicatorValue(RecordMixin, Base):
    """指标: a unit's reported value of one indicator in one period."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        ForeignKeyConstraint(
            ["plan_id", "indicator_number"],
            ["indicators.plan_id", "indicators.number"],
            name="fk_indicator_values_plan_indicator",
        ),
    )

    indicator_number: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(8), index=True)
    plan_id: Mapped[int] = mapped_column(Integer, default=_plan_of_period, server_default="1")
    value: Mapped[float] = mapped_column(Float)
    measure_unit: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)


# --- merge bookkeeping --------------------------------------------------------------------------


class ImportLog(Base):
    """One imported workbook: what it was, what it changed, and whether it was undone."""

    __tablename__ = "import_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(512))
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    submission_id: Mapped[str | None] = mapped_column(String(36))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    period: Mapped[str | None] = mapped_column(String(8))
    exported_at: Mapped[datetime | None] = mapped_column(DateTime)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("import_log.id"))
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The file's signature as the import found it (SPEC §15): valid / unsigned / own (written by this
    # ledger, e.g. a pre-filled workbook filled without the app); None before signatures existed.
    signature: Mapped[str | None] = mapped_column(String(12))
    key_fingerprint: Mapped[str | None] = mapped_column(String(19))
    uncovered_rows: Mapped[int | None] = mapped_column(Integer)  # rows edited after signing


class RecordHistory(Base):
    """The state a record had before a change, so that edits and imports can be undone."""

    __tablename__ = "record_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int | None] = mapped_column(Integer)  # revision before the change
    action: Mapped[str] = mapped_column(String(8))  # insert / update / delete / restore / attach / detach
    before: Mapped[dict[str, object] | None] = mapped_column(JSON)  # None for an insert
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id"), index=True)
    # For a merge: which side was kept, per field ("ours" / "theirs"); for an evidence file attached
    # or detached (action "attach" / "detach"): {"evidence": its name}. No merge is written NULL,
    # however the row is written (an import's bulk rows leave the column out; an ORM None is NULL, not
    # JSON null). Rows written before fcf6a7a keep the JSON null a form's save, a deletion and an
    # import's update wrote (no migration): a query in SQL must take both as no merge; the ORM reads
    # both as None, and nothing reads the difference.
    merge: Mapped[dict[str, object] | None] = mapped_column(JSON(none_as_null=True))


class MergeBase(Base):
    """What the bureau and the owner unit last agreed on for a record this ledger has changed
    since: the base of the three-way merge (SPEC §4.3), and what the bureau sent the unit since.
    Kept only while the ledger's copy differs from the unit's (locally_modified), and valid only
    for the synced revision it names (app/store/bases.py reads and writes it)."""

    __tablename__ = "merge_bases"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer)  # the synced revision these values are
    values: Mapped[dict[str, object]] = mapped_column(JSON)
    # What this ledger sent the unit since (pre-filled workbooks), each as {"submission": the
    # workbook's submission id, "values": the record's values in it}; None when nothing was sent.
    sent: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)


class RecordAlias(Base):
    """Another record id by which a unit knows a record this ledger holds (SPEC §4.2-3): a row of
    the unit's that landed on the record by its natural key — the same task, indicator or station
    and period typed again under a new id (its other PC, or the program after a filled workbook).
    Later rows and tombstones of that id are merged with the record as if they carried its id,
    against the revision (and cells digest) of that id last merged here, not the record's own.

    One row per import that merged that id (`import_id`): the id's state is its latest row, and
    undoing the import deletes the rows it wrote (app/store/aliases.py)."""

    __tablename__ = "record_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    alias_id: Mapped[str] = mapped_column(String(36), index=True)  # the unit's id of the record
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    record_id: Mapped[str] = mapped_column(String(36), index=True)  # the record this ledger holds
    revision: Mapped[int] = mapped_column(Integer)  # the unit's revision of alias_id last merged here
    digest: Mapped[str | None] = mapped_column(String(64))  # ... and that row's cells digest
    import_id: Mapped[int] = mapped_column(ForeignKey("import_log.id"), index=True)


# --- the review cycle (SPEC §9) -----------------------------------------------------------------


class ReviewState(Base):
    """The bureau's review of one unit × period: 待审核, 已退回 or 已接收 (no row: 未报送)."""

    __tablename__ = "review_states"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    state: Mapped[str] = mapped_column(String(12))  # pending / returned / accepted
    first_submitted_at: Mapped[datetime | None] = mapped_column(DateTime)  # decides on time or late
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)  # of the latest submission
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id"))  # the latest submission
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Comment(Base):
    """A comment of the bureau on a submission, a record or one field of a record.

    The same row (same id) lives in the bureau's ledger and, once the feedback workbook is
    imported, in the unit's; the unit's answer travels back in its next export."""

    __tablename__ = "comments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str | None] = mapped_column(String(32))  # record kind key; None: the whole submission
    record_id: Mapped[str | None] = mapped_column(String(36), index=True)
    field: Mapped[str | None] = mapped_column(String(32))  # field key; None: the whole record
    subject: Mapped[str] = mapped_column(String(256), default="")  # the record as a person names it
    text: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False)  # a plausibility flag to follow up
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open / answered / closed
    answer_kind: Mapped[str | None] = mapped_column(String(12))  # fixed / explained
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)  # written into a feedback workbook


class UnitContact(Base):
    """Where the bureau's reminders (催报) to a unit go; a mailto: draft is offered when known."""

    __tablename__ = "unit_contacts"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(128))


class HeldFile(Base):
    """A submission that arrived for an accepted unit × period: kept, not merged (待重新审核)."""

    __tablename__ = "held_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period: Mapped[str] = mapped_column(String(8))
    file_name: Mapped[str] = mapped_column(String(512))
    stored_path: Mapped[str] = mapped_column(String(1024))  # "" (in held_contents), or a copy beside an old ledger
    file_hash: Mapped[str] = mapped_column(String(64))
    exported_at: Mapped[datetime | None] = mapped_column(DateTime)
    held_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(12))  # None while held; merged / discarded
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Held for its signature (待确认签名): signed by a key not yet confirmed for the unit (SPEC §15).
    key_fingerprint: Mapped[str | None] = mapped_column(String(19))
    public_key: Mapped[str | None] = mapped_column(String(64))  # hex


class HeldContent(Base):
    """A held file's content, in the ledger (so every officer of a server ledger can re-review it):
    the input as it came, one row per file: the workbook and the evidence beside it, or every part
    of a package. `name` is the file's name (a workbook's evidence keeps its name, to lie beside it)."""

    __tablename__ = "held_contents"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_id: Mapped[int] = mapped_column(ForeignKey("held_files.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 0: the workbook or the package's first part
    name: Mapped[str] = mapped_column(String(512))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class KnownKey(Base):
    """A key confirmed as a unit's (at the bureau) or the bureau's (at an office), SPEC §15."""

    __tablename__ = "known_keys"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(19), index=True)
    # hex; None while only the fingerprint read over the phone is known (pinned by the next file)
    public_key: Mapped[str | None] = mapped_column(String(64))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --- evidence (佐证材料, SPEC §15) ------------------------------------------------------------------


class EvidenceBlob(Base):
    """A file's content, stored once however many records carry it (keyed by its sha256)."""

    __tablename__ = "evidence_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(128))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EvidenceLink(Base):
    """A file attached to a record under a name. Detaching is soft (removed_at), so undoing an
    edit or an import brings the file back; an import notes which links it added or removed."""

    __tablename__ = "evidence_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(ForeignKey("evidence_blobs.sha256"), index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(128))
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id"))  # the import that added it
    removed_by_import: Mapped[int | None] = mapped_column(ForeignKey("import_log.id"))  # ... or removed it

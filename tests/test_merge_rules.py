"""The merge rules as a decision table (SPEC §4.3 and §8): one row per case, no ledger, no files.

Each case is (incoming row or tombstone, stored record, base, who the file speaks for) → outcome
and, per field that differs, which side wins (OURS, THEIRS, or ASK: a conflict for the user).
"""

from __future__ import annotations

from datetime import date

import pytest

from app.merge.rules import (
    ASK,
    CONFLICT,
    DELETED,
    DELETION,
    DIVERGED,
    EDITED,
    MOVED,
    NEW,
    OTHER_UNIT,
    OURS,
    OWN_UNIT,
    REFUSED,
    STALE,
    THEIRS,
    UNCHANGED,
    UPDATED,
    Base,
    Incoming,
    Speaker,
    Stored,
    decide,
    started_from,
)
from app.vocabulary.kinds import PATENT_LISTING

UNIT, OTHER, BUREAU = 1, 2, 9  # unit ids: the sender, another street, the importing bureau itself
AGREED = {
    "patent_no": "202310123456.6",
    "title": "一种检测装置",
    "patent_type": "发明",
    "holder": "华东师范大学",
    "deal_mode": "转让",
    "price": 50.0,
    "listed_on": date(2025, 1, 5),
    "listing_status": "在架",
}
BASE_JSON = {**AGREED, "listed_on": "2025-01-05"}  # a base as the ledger keeps it (JSON)
SUBMISSION = Speaker("bureau", UNIT, own_unit=BUREAU)
TEMPLATE = Speaker("bureau", None, own_unit=BUREAU)  # a blank template: each row names its unit
CONSOLIDATED = Speaker("bureau", None, own_unit=BUREAU, consolidated=True)
OFFICE = Speaker("office", UNIT, own_unit=UNIT)


def row(
    revision: int | None = 2,
    unit: int = UNIT,
    untouched: bool = False,
    digest: str = "",
    outside: bool = False,
    **changes,
) -> Incoming:
    return Incoming(
        unit, revision, {**AGREED, **changes}, untouched=untouched, edited_outside=outside, cells_digest=digest
    )


def tombstone(revision: int, unit: int = UNIT) -> Incoming:
    return Incoming(unit, revision, tombstone=True)


def stored(
    revision: int = 2,
    synced: int | None = 2,
    modified: bool = False,
    deleted: bool = False,
    unit: int = UNIT,
    digest: str | None = None,
    **changes,
) -> Stored:
    return Stored(unit, revision, synced, modified, deleted, {**AGREED, **changes}, digest)


CASES = [
    # --- SPEC §4.3: one side changed, or nobody -----------------------------------------------
    pytest.param(row(), None, None, SUBMISSION, NEW, {}, id="new record"),
    pytest.param(row(3, price=65.0), stored(), None, SUBMISSION, UPDATED, {"price": THEIRS}, id="higher revision"),
    pytest.param(row(), stored(), None, SUBMISSION, UNCHANGED, {}, id="same revision same content"),
    pytest.param(row(digest="d1"), stored(digest="d1"), None, SUBMISSION, UNCHANGED, {}, id="cells as last received"),
    pytest.param(
        row(price=58.0), stored(), None, SUBMISSION, EDITED, {"price": THEIRS}, id="same revision, edited outside"
    ),
    pytest.param(row(1, price=40.0), stored(), None, SUBMISSION, STALE, {}, id="lower revision is stale"),
    # --- issue 23 item 3: cells changed in a spreadsheet after the unit's app exported them -----
    pytest.param(row(outside=True, price=55.0), None, None, SUBMISSION, NEW, {}, id="new row edited outside: flagged"),
    pytest.param(
        row(untouched=True),
        stored(price=55.0),
        None,
        SUBMISSION,
        DIVERGED,
        {"price": OURS},
        id="app row never reverts the unit's spreadsheet edit of that revision",
    ),
    pytest.param(
        row(untouched=True),
        stored(synced=None, price=55.0),
        None,
        OFFICE,
        EDITED,
        {"price": THEIRS},
        id="office: the bureau's workbook as written corrects ours",
    ),
    pytest.param(row(2), stored(3, synced=2, deleted=True), None, SUBMISSION, STALE, {}, id="row of a deleted record"),
    pytest.param(
        row(4, price=70.0),
        stored(3, synced=3, deleted=True),
        None,
        SUBMISSION,
        UPDATED,
        {"price": THEIRS},
        id="unit restored a deleted record",
    ),
    pytest.param(row(None), stored(), None, TEMPLATE, UNCHANGED, {}, id="template row, same content"),
    pytest.param(row(None, price=1.0), stored(), None, TEMPLATE, EDITED, {"price": THEIRS}, id="template row edited"),
    pytest.param(
        row(None, price=1.0), stored(synced=None), None, OFFICE, UPDATED, {"price": THEIRS}, id="office: template row"
    ),
    # --- SPEC §4.3: both sides changed since they last agreed: three-way per field ------------
    pytest.param(
        row(3, listing_status="已成交"),
        stored(3, synced=2, modified=True, price=60.0),
        BASE_JSON,
        SUBMISSION,
        UPDATED,
        {"price": OURS, "listing_status": THEIRS},
        id="one-sided changes on both sides merge",
    ),
    pytest.param(
        row(3, price=60.0),
        stored(3, synced=2, modified=True, price=60.0),
        BASE_JSON,
        SUBMISSION,
        UPDATED,
        {},
        id="both made the same change",
    ),
    pytest.param(
        row(3, price=70.0, title="新名称"),
        stored(3, synced=2, modified=True, price=60.0),
        BASE_JSON,
        SUBMISSION,
        CONFLICT,
        {"price": ASK, "title": THEIRS},
        id="both changed one field differently",
    ),
    pytest.param(
        row(3, listing_status="已成交"),
        stored(3, synced=2, modified=True, price=60.0),
        None,
        SUBMISSION,
        CONFLICT,
        {"price": ASK, "listing_status": ASK},
        id="no base known: every difference asks",
    ),
    pytest.param(
        row(untouched=True),
        stored(3, synced=2, modified=True, price=60.0),
        BASE_JSON,
        SUBMISSION,
        UNCHANGED,
        {},
        id="our edit of a row the unit did not touch stands",
    ),
    pytest.param(
        row(listing_status="已下架"),
        stored(3, synced=2, modified=True, price=60.0),
        BASE_JSON,
        SUBMISSION,
        EDITED,
        {"price": OURS, "listing_status": THEIRS},
        id="edited outside and here, different fields",
    ),
    pytest.param(
        row(None, listing_status="已成交"),
        stored(3, synced=2, modified=True, price=60.0),
        BASE_JSON,
        TEMPLATE,
        UPDATED,
        {"price": OURS, "listing_status": THEIRS},
        id="template row against our edit",
    ),
    # --- tombstones ----------------------------------------------------------------------------
    pytest.param(tombstone(3), stored(), None, SUBMISSION, DELETED, {DELETION: THEIRS}, id="tombstone"),
    pytest.param(tombstone(2), stored(), None, SUBMISSION, STALE, {}, id="tombstone of an older revision"),
    pytest.param(tombstone(3), stored(deleted=True), None, SUBMISSION, UNCHANGED, {}, id="tombstone, already deleted"),
    pytest.param(
        tombstone(3),
        stored(3, synced=2, modified=True, price=60.0),
        BASE_JSON,
        SUBMISSION,
        CONFLICT,
        {DELETION: ASK},
        id="tombstone against a record edited here",
    ),
    pytest.param(
        row(3, price=70.0),
        stored(3, synced=2, modified=True, deleted=True),
        BASE_JSON,
        SUBMISSION,
        CONFLICT,
        {"price": THEIRS, DELETION: ASK},
        id="edited there, deleted here",
    ),
    pytest.param(
        tombstone(2), stored(synced=None), None, OFFICE, DELETED, {DELETION: THEIRS}, id="office: own tombstone"
    ),
    # --- SPEC §8: who may change what ----------------------------------------------------------
    pytest.param(
        row(3, price=1.0), stored(unit=OTHER), None, SUBMISSION, REFUSED, OTHER_UNIT, id="row names another unit's"
    ),
    pytest.param(row(), stored(unit=BUREAU), None, SUBMISSION, REFUSED, OTHER_UNIT, id="row names the bureau's"),
    pytest.param(
        tombstone(3), stored(unit=OTHER), None, SUBMISSION, REFUSED, OTHER_UNIT, id="tombstone of another unit's"
    ),
    pytest.param(
        tombstone(3), stored(unit=BUREAU), None, SUBMISSION, REFUSED, OTHER_UNIT, id="tombstone of the bureau's"
    ),
    pytest.param(row(3, price=1.0), stored(unit=OTHER), None, TEMPLATE, REFUSED, MOVED, id="row copied across units"),
    pytest.param(
        row(3, unit=BUREAU, price=1.0),
        stored(unit=BUREAU),
        None,
        CONSOLIDATED,
        REFUSED,
        OWN_UNIT,
        id="consolidated changes our own record",
    ),
    pytest.param(
        row(unit=BUREAU), None, None, CONSOLIDATED, REFUSED, OWN_UNIT, id="consolidated adds a record of ours"
    ),
    pytest.param(
        tombstone(3, unit=BUREAU),
        stored(unit=BUREAU),
        None,
        CONSOLIDATED,
        REFUSED,
        OWN_UNIT,
        id="consolidated deletes our own record",
    ),
    pytest.param(
        row(unit=BUREAU), stored(unit=BUREAU), None, CONSOLIDATED, UNCHANGED, {}, id="consolidated, ours unchanged"
    ),
    pytest.param(
        row(3, unit=OTHER, price=1.0),
        stored(unit=OTHER),
        None,
        CONSOLIDATED,
        UPDATED,
        {"price": THEIRS},
        id="consolidated updates another unit's",
    ),
]


@pytest.mark.parametrize(("incoming", "record", "base", "speaker", "action", "expected"), CASES)
def test_decision_table(incoming, record, base, speaker, action, expected) -> None:  # noqa: ANN001
    outcome = decide(PATENT_LISTING, incoming, record, base, speaker)
    assert outcome.action == action
    if action == REFUSED:
        assert outcome.refusal == expected
        owner = record.unit if record is not None else incoming.unit
        assert outcome.owner == owner
    else:
        assert {k: c.side for k, c in outcome.fields.items()} == expected


OUTSIDE = {
    "new record": False,
    "new row edited outside: flagged": True,
    "same revision, edited outside": True,
    "app row never reverts the unit's spreadsheet edit of that revision": True,
    "edited outside and here, different fields": True,
    "template row edited": False,  # a unit without the app: there is no other ledger to disagree with
    "higher revision": False,
}


@pytest.mark.parametrize("case", OUTSIDE)
def test_rows_changed_outside_the_app_are_marked(case: str) -> None:
    """Whether the unit's ledger holds other values than this one after the row (the difference is
    then shown and sent back with the next feedback workbook)."""
    incoming, record, base, speaker, _action, _expected = next(c.values for c in CASES if c.id == case)
    assert decide(PATENT_LISTING, incoming, record, base, speaker).outside is OUTSIDE[case]


def test_field_changes_carry_old_and_new_values() -> None:
    outcome = decide(
        PATENT_LISTING,
        row(3, listing_status="已成交"),
        stored(3, synced=2, modified=True, price=60.0),
        BASE_JSON,
        SUBMISSION,
    )
    assert (outcome.fields["price"].old, outcome.fields["price"].new) == (60.0, 50.0)
    assert (outcome.fields["listing_status"].old, outcome.fields["listing_status"].new) == ("在架", "已成交")


# --- what "last exported" means: the bureau sent the unit a pre-filled workbook ----------------
# The bureau had changed the price 50 → 60 since the last import (synced revision 2), then sent the
# unit a workbook "w1" carrying 60. Whatever the unit returns may have started from what was agreed
# (an export of the unit's own ledger that ignored the workbook) or from what was sent.
SENT_60 = Base(BASE_JSON, (("w1", {**BASE_JSON, "price": 60.0}),))
SENT_TWICE = Base(BASE_JSON, (("w1", {**BASE_JSON, "price": 60.0}), ("w2", {**BASE_JSON, "price": 70.0})))


def returned(revision: int | None = 2, submission: str = "", **changes) -> Incoming:
    return Incoming(UNIT, revision, {**AGREED, **changes}, submission=submission)


SENT_CASES = [
    pytest.param(
        returned(submission="w1", price=60.0, listing_status="已成交"),
        stored(3, synced=2, modified=True, price=70.0),
        SENT_60,
        EDITED,
        {"price": OURS, "listing_status": THEIRS},
        id="bureau changed the field again after sending; the workbook comes back",
    ),
    pytest.param(
        returned(3, submission="own-export", price=60.0, listing_status="已成交"),
        stored(3, synced=2, modified=True, price=70.0),
        SENT_60,
        UPDATED,
        {"price": OURS, "listing_status": THEIRS},
        id="bureau changed the field again after sending; the unit's ledger took the workbook in",
    ),
    pytest.param(
        returned(3, submission="own-export", listing_status="已成交"),
        stored(3, synced=2, modified=True, price=70.0),
        SENT_60,
        UPDATED,
        {"price": OURS, "listing_status": THEIRS},
        id="the unit's ledger ignored the workbook: its agreed price is no change",
    ),
    pytest.param(
        returned(submission="w1", price=55.0),
        stored(3, synced=2, modified=True, price=60.0),
        SENT_60,
        EDITED,
        {"price": THEIRS},
        id="only the unit changed what was sent to it",
    ),
    pytest.param(
        returned(3, submission="own-export", price=55.0),
        stored(3, synced=2, modified=True, price=60.0),
        SENT_60,
        CONFLICT,
        {"price": ASK},
        id="unit's ledger changed a field we changed before sending: it may have started from either",
    ),
    pytest.param(
        returned(submission="w1", price=55.0),
        stored(3, synced=2, modified=True, price=70.0),
        SENT_60,
        CONFLICT,
        {"price": ASK},
        id="both changed the field after sending",
    ),
    pytest.param(
        returned(submission="w1", price=60.0, listing_status="已成交"),
        stored(4, synced=2, modified=True, price=70.0),
        SENT_TWICE,
        EDITED,
        {"price": OURS, "listing_status": THEIRS},
        id="sent twice, the first workbook comes back: the later price stands",
    ),
    pytest.param(
        returned(submission="w2", price=75.0),
        stored(4, synced=2, modified=True, price=70.0),
        SENT_TWICE,
        EDITED,
        {"price": THEIRS},
        id="sent twice, the second workbook comes back with the unit's price",
    ),
    pytest.param(
        returned(3, submission="own-export", price=60.0),
        stored(4, synced=2, modified=True, price=70.0),
        SENT_TWICE,
        UPDATED,
        {"price": OURS},
        id="sent twice, the unit's ledger holds the first sent price",
    ),
]


@pytest.mark.parametrize(("incoming", "record", "base", "action", "expected"), SENT_CASES)
def test_decisions_against_what_was_sent(incoming, record, base, action, expected) -> None:  # noqa: ANN001
    outcome = decide(PATENT_LISTING, incoming, record, base, SUBMISSION)
    assert outcome.action == action
    assert {k: c.side for k, c in outcome.fields.items()} == expected


def test_the_versions_a_returned_file_started_from() -> None:
    sent = dict(SENT_TWICE.sent)
    assert started_from(None, "w1") == ()
    assert started_from(BASE_JSON, "w1") == (BASE_JSON,)  # the agreed values alone
    assert started_from(SENT_TWICE, "w2") == (sent["w2"],)  # one of the workbooks sent, come back
    assert started_from(SENT_TWICE, "") == (BASE_JSON, sent["w1"], sent["w2"])
    assert started_from(SENT_TWICE, "unknown") == (BASE_JSON, sent["w1"], sent["w2"])

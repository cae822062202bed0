import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.invoicing.domain import (
    CENT,
    FinishedJob,
    InvalidJobTimesError,
    InvoiceLine,
    Kind,
    LineKind,
    Part,
    PaymentRefusedError,
    Status,
    ageing_bucket,
    check_payment,
    credit_note,
    draft_invoice,
    due_date,
    hours_worked,
    invoice_number,
    job_amount,
    payment_reminder_due,
    per_customer,
    receivables,
    status,
    totals,
)

RATE = Decimal("18.50")
VAT = Decimal("21")
ZERO_VAT = Decimal("0")
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def job(hours: float = 0, minutes: int = 0, description: str = "Oil change"):
    return FinishedJob(
        job_id=uuid.uuid4(),
        day=START.date(),
        description=description,
        license_number="12-AB-34",
        started_at=START,
        ended_at=START + timedelta(hours=hours, minutes=minutes),
    )


def money(*amounts: str) -> tuple[Decimal, ...]:
    return tuple(map(Decimal, amounts))


def figures(draft) -> tuple[Decimal, ...]:
    return draft.totals.subtotal, draft.totals.vat, draft.totals.total


def test_two_hours_cost_37_00_plus_7_77_vat():
    assert figures(draft_invoice([job(hours=2)], RATE, VAT)) == money(
        "37.00", "7.77", "44.77"
    )


def test_two_hours_and_one_hour_cost_55_50_plus_11_66_vat():
    draft = draft_invoice([job(hours=2), job(hours=1)], RATE, VAT)

    assert [line.amount for line in draft.lines] == [Decimal("37.00"), Decimal("18.50")]
    assert figures(draft) == money("55.50", "11.66", "67.16")


def test_one_hour_twenty_minutes_costs_24_67_plus_5_18_vat():
    draft = draft_invoice([job(hours=1, minutes=20)], RATE, VAT)

    [line] = draft.lines
    assert line.amount == Decimal("24.67")
    assert line.quantity == Decimal("1.33")
    assert figures(draft) == money("24.67", "5.18", "29.85")


def test_an_exact_half_cent_rounds_up():
    # 20 minutes at 0.015 an hour is exactly half a cent.
    amount = job_amount(START, START + timedelta(minutes=20), Decimal("0.015"))

    assert amount == Decimal("0.01")


def test_ten_jobs_over_a_thousand_euro_add_up_exactly():
    jobs = [job(hours=7, minutes=7 * n) for n in range(10)]

    draft = draft_invoice(jobs, RATE, VAT)

    assert len(draft.lines) == 10
    assert draft.totals.subtotal == sum(line.amount for line in draft.lines)
    assert draft.totals.subtotal == Decimal("1392.14")  # 135.975 rounds up to 135.98
    assert all(isinstance(line.amount, Decimal) for line in draft.lines)


def test_no_upper_limit_on_amounts():
    huge = job(hours=10_000)

    assert draft_invoice([huge], Decimal("999.99"), ZERO_VAT).total == Decimal(
        "9999900.00"
    )


def test_lines_keep_the_jobs_details_in_order():
    first, second = job(hours=1, description="Wash"), job(hours=2, description="Tyres")

    draft = draft_invoice([first, second], RATE, VAT)

    assert [line.job_id for line in draft.lines] == [first.job_id, second.job_id]
    assert draft.lines[1].description == "Tyres"
    assert draft.lines[1].quantity == Decimal("2.00")


def test_a_job_that_does_not_end_after_it_starts_is_refused():
    with pytest.raises(InvalidJobTimesError):
        hours_worked(START, START)


def test_numbers_carry_the_year_and_five_digits():
    assert invoice_number(2026, 42) == "2026-00042"
    assert invoice_number(2026, 123_456) == "2026-123456"


def test_payment_is_due_after_the_term():
    assert due_date(date(2026, 3, 2), 30) == date(2026, 4, 1)


def test_each_customer_s_jobs_make_one_invoice_in_the_order_given():
    ann, bob = uuid.uuid4(), uuid.uuid4()
    jobs = [SimpleNamespace(customer_id=c, n=n) for n, c in enumerate([ann, ann, bob])]

    groups = [[job.n for job in group] for group in per_customer(jobs)]

    assert groups == [[0, 1], [2]]


def test_a_customer_s_jobs_apart_still_make_one_invoice():
    ann, bob = uuid.uuid4(), uuid.uuid4()
    jobs = [SimpleNamespace(customer_id=c, n=n) for n, c in enumerate([ann, bob, ann])]

    groups = [[job.n for job in group] for group in per_customer(jobs)]

    assert groups == [[0, 2], [1]]


# Release 2: labour hours, parts, VAT, credit notes, payments, ageing.


def test_labour_hours_entered_are_billed_instead_of_the_duration():
    finished = replace(job(hours=3), labour_hours=Decimal("1.50"))

    [line] = draft_invoice([finished], RATE, VAT).lines

    assert (line.kind, line.quantity, line.amount) == (
        LineKind.LABOUR,
        Decimal("1.50"),
        Decimal("27.75"),
    )


def test_each_part_is_a_line_of_quantity_times_unit_price_rounded_half_up():
    parts = (
        Part("Oil filter", Decimal("1"), Decimal("12.50")),
        Part("Engine oil, litre", Decimal("4.5"), Decimal("9.99")),  # 44.955
    )
    finished = replace(job(hours=1), parts=parts)

    draft = draft_invoice([finished], RATE, VAT)

    assert [line.kind for line in draft.lines] == ["labour", "part", "part"]
    assert [line.amount for line in draft.lines] == list(
        money("18.50", "12.50", "44.96")
    )
    assert figures(draft) == money("75.96", "15.95", "91.91")  # 15.9516


def test_vat_rounds_half_up_once_on_the_subtotal():
    # 0.50 at 21% is 0.105: half a cent, up.
    assert totals([line_of("0.50")], VAT).vat == Decimal("0.11")
    assert totals([line_of("0.50"), line_of("0.50")], VAT).vat == Decimal("0.21")


def test_a_credit_note_negates_every_line_and_the_totals():
    original = draft_invoice([job(hours=1, minutes=20)], RATE, VAT)

    note = credit_note(original)

    assert [line.amount for line in note.lines] == [Decimal("-24.67")]
    assert [line.quantity for line in note.lines] == [Decimal("-1.33")]
    assert figures(note) == money("-24.67", "-5.18", "-29.85")


def test_status_follows_payments_the_due_date_and_credit_notes():
    due, total = date(2026, 4, 2), Decimal("44.77")

    def on(today, paid="0", kind=Kind.INVOICE, credited=False):
        return status(kind, total, Decimal(paid), due, today, credited)

    assert on(due) == Status.OPEN
    assert on(due, paid="10.00") == Status.PARTLY_PAID
    assert on(due + timedelta(1)) == Status.OVERDUE
    assert on(due + timedelta(1), paid="10.00") == Status.OVERDUE
    assert on(due + timedelta(99), paid="44.77") == Status.PAID
    assert on(due + timedelta(99), credited=True) == Status.CREDITED
    assert on(due, kind=Kind.CREDIT_NOTE) == Status.CREDIT_NOTE


def test_a_payment_is_more_than_nothing_and_at_most_what_is_open():
    check_payment(Decimal("44.77"), Decimal("44.77"), Decimal("0"))
    check_payment(Decimal("0.01"), Decimal("44.77"), Decimal("44.76"))
    with pytest.raises(PaymentRefusedError, match="more than € 0.00"):
        check_payment(Decimal("0"), Decimal("44.77"), Decimal("0"))
    with pytest.raises(PaymentRefusedError, match="€ 10.00 still open"):
        check_payment(Decimal("10.01"), Decimal("44.77"), Decimal("34.77"))


def test_a_payment_reminder_is_due_the_given_days_after_the_due_date():
    due = date(2026, 4, 2)

    assert not payment_reminder_due(due, date(2026, 4, 8), 7)
    assert payment_reminder_due(due, date(2026, 4, 9), 7)
    assert payment_reminder_due(due, date(2026, 6, 9), 7)


@pytest.mark.parametrize(
    ("days_late", "bucket"),
    [
        (-5, "not due"),
        (0, "not due"),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "over 60"),
    ],
)
def test_ageing_buckets(days_late, bucket):
    due = date(2026, 4, 2)

    assert ageing_bucket(due, due + timedelta(days_late)) == bucket


def test_receivables_add_up_per_customer_oldest_open_invoice_first():
    ann, bob, today = uuid.uuid4(), uuid.uuid4(), date(2026, 6, 1)

    def open_invoice(customer, name, issued, amount):
        return SimpleNamespace(
            customer_id=customer,
            customer_name=name,
            invoice_date=issued,
            due_date=issued + timedelta(30),
            open_amount=Decimal(amount),
        )

    rows = receivables(
        [
            open_invoice(bob, "Bob", date(2026, 5, 20), "10.00"),  # not due
            open_invoice(ann, "Ann", date(2026, 4, 20), "20.00"),  # 12 days late
            open_invoice(bob, "Bob", date(2026, 2, 1), "30.00"),  # 90 days late
        ],
        today,
    )

    assert [row.customer_name for row in rows] == ["Bob", "Ann"]
    assert rows[0].buckets == {
        "not due": Decimal("10.00"),
        "1-30": Decimal("0.00"),
        "31-60": Decimal("0.00"),
        "over 60": Decimal("30.00"),
    }
    assert (rows[0].open_amount, rows[0].invoices) == (Decimal("40.00"), 2)
    assert rows[1].buckets["1-30"] == Decimal("20.00")


# Properties: whatever the lines, the money adds up.

cents = st.decimals(
    min_value=Decimal("-100000"), max_value=Decimal("100000"), places=2
).map(lambda d: d.quantize(Decimal("0.01")))
quantities = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000"), places=2)
prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("10000"), places=2)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2)
parts = st.lists(st.builds(Part, st.just("Part"), quantities, prices), max_size=5).map(
    tuple
)
jobs = st.lists(
    st.builds(
        lambda minutes, hours, parts: replace(
            job(minutes=minutes), labour_hours=hours, parts=parts
        ),
        st.integers(min_value=1, max_value=24 * 60),
        st.none() | quantities,
        parts,
    ),
    min_size=1,
    max_size=6,
)


@given(jobs, rates)
def test_any_invoice_total_is_subtotal_plus_vat_and_lines_sum_to_subtotal(jobs, rate):
    draft = draft_invoice(jobs, RATE, rate)

    assert draft.totals.subtotal == sum(line.amount for line in draft.lines)
    assert draft.totals.total == draft.totals.subtotal + draft.totals.vat
    assert all(line.amount == line.amount.quantize(CENT) for line in draft.lines)
    assert draft.totals.vat == draft.totals.vat.quantize(CENT)
    assert len(draft.lines) == sum(1 + len(job.parts) for job in jobs)


@given(jobs, rates)
def test_any_credit_note_and_its_original_come_to_zero(jobs, rate):
    original = draft_invoice(jobs, RATE, rate)

    note = credit_note(original)

    assert original.totals.total + note.totals.total == 0
    assert original.totals.vat + note.totals.vat == 0
    assert sum(line.amount for line in original.lines + note.lines) == 0


@given(st.lists(cents, min_size=1, max_size=10), rates)
def test_vat_of_negated_lines_is_the_negated_vat(amounts, rate):
    lines = [line_of(str(amount)) for amount in amounts]
    negated = [line_of(str(-amount)) for amount in amounts]

    assert totals(negated, rate).vat == -totals(lines, rate).vat


def line_of(amount: str) -> InvoiceLine:
    return InvoiceLine(
        job_id=uuid.uuid4(),
        day=START.date(),
        kind=LineKind.PART,
        description="Part",
        license_number="12-AB-34",
        quantity=Decimal("1"),
        unit_price=Decimal(amount),
        amount=Decimal(amount),
    )

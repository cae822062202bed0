import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from apps.invoicing.domain import (
    FinishedJob,
    InvalidJobTimesError,
    draft_invoice,
    due_date,
    hours_worked,
    invoice_number,
    job_amount,
    per_customer,
)

RATE = Decimal("18.50")
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


def test_two_hours_cost_37_00():
    assert draft_invoice([job(hours=2)], RATE).total == Decimal("37.00")


def test_two_hours_and_one_hour_cost_55_50():
    draft = draft_invoice([job(hours=2), job(hours=1)], RATE)

    assert [line.amount for line in draft.lines] == [Decimal("37.00"), Decimal("18.50")]
    assert draft.total == Decimal("55.50")


def test_one_hour_twenty_minutes_costs_24_67_rounded_half_up():
    [line] = draft_invoice([job(hours=1, minutes=20)], RATE).lines

    assert line.amount == Decimal("24.67")
    assert line.hours == Decimal("1.33")


def test_an_exact_half_cent_rounds_up():
    # 20 minutes at 0.015 an hour is exactly half a cent.
    amount = job_amount(START, START + timedelta(minutes=20), Decimal("0.015"))

    assert amount == Decimal("0.01")


def test_ten_jobs_over_a_thousand_euro_add_up_exactly():
    jobs = [job(hours=7, minutes=7 * n) for n in range(10)]

    draft = draft_invoice(jobs, RATE)

    assert len(draft.lines) == 10
    assert draft.total == sum(line.amount for line in draft.lines)
    assert draft.total == Decimal("1392.14")  # 135.975 rounds up to 135.98
    assert all(isinstance(line.amount, Decimal) for line in draft.lines)


def test_no_upper_limit_on_amounts():
    huge = job(hours=10_000)

    assert draft_invoice([huge], Decimal("999.99")).total == Decimal("9999900.00")


def test_lines_keep_the_jobs_details_in_order():
    first, second = job(hours=1, description="Wash"), job(hours=2, description="Tyres")

    draft = draft_invoice([first, second], RATE)

    assert [line.job_id for line in draft.lines] == [first.job_id, second.job_id]
    assert draft.lines[1].description == "Tyres"
    assert draft.lines[1].hours == Decimal("2.00")


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

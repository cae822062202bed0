import argparse
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from garage.kernel.errors import GarageError

from ...commands import PassDay
from ...handlers import pass_day


def business_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date; use YYYY-MM-DD."
        ) from None


class Command(BaseCommand):
    help = (
        "Publishes DayHasPassed for a business day (default: today in the "
        "garage's time zone), after each day missed since the last one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=business_date, help="the day that begins (YYYY-MM-DD)"
        )

    def handle(self, *args, date: date | None, **options):
        day = date or timezone.localdate()
        try:
            passed = pass_day(PassDay(day=day, passed_by="day_has_passed command"))
        except GarageError as exc:
            raise CommandError(exc.message) from exc
        if passed.already_passed:
            self.stdout.write(f"{day.isoformat()} has already passed; nothing to do.")
        for published in passed.published:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Business day {published} began (DayHasPassed published)."
                )
            )

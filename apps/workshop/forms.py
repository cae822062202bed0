from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.utils import timezone
from django.utils.dateformat import format as format_date

from garage.kernel import fields
from garage.kernel.errors import GarageError
from garage.kernel.web import CommandForm

from . import clock
from .commands import (
    CancelMaintenanceJob,
    CheckInVehicle,
    FinishMaintenanceJob,
    PartUsed,
    PlanMaintenanceJob,
    RescheduleMaintenanceJob,
    StartWork,
    WaitForParts,
)
from .domain import PlanningRuleError, limits
from .models import MaintenanceJob


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def local(day: date, moment: time) -> datetime:
    """``moment`` on ``day`` in the garage's time zone."""
    return timezone.make_aware(datetime.combine(day, moment))


def entered(day: date, data: dict[str, Any], field: str) -> datetime:
    """The time entered in ``field``, on ``day`` in the garage's time zone;
    refused next to the field when the clocks skip it (the night they go
    forward), rather than taken as the hour after."""
    moment = local(day, data[field])
    if clock.skipped(moment):
        raise PlanningRuleError(
            f"{data[field]:%H:%M} does not exist on {format_date(day, 'D j M Y')}: "
            "the clocks go forward then.",
            "time_skipped",
            field,
        )
    return moment


def now() -> time:
    return timezone.localtime().time().replace(second=0, microsecond=0)


def reason_field() -> forms.CharField:
    """One line of printable text, the command's rule: a line break is
    refused next to the field, as the API's 422."""
    return forms.CharField(
        max_length=limits.REASON_MAX,
        validators=[RegexValidator(fields.LINE, fields.LINE_MESSAGE)],
    )


def amount_field(label: str, minimum: str, maximum: Decimal) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=8,
        decimal_places=limits.DECIMAL_PLACES,
        validators=[MinValueValidator(Decimal(minimum))],
        max_value=maximum,
    )


class PlanJobForm(CommandForm):
    start_time = forms.TimeField(initial=time(8, 0), widget=TimeInput())
    end_time = forms.TimeField(initial=time(10, 0), widget=TimeInput())
    license_number = forms.ChoiceField(label="Vehicle")
    description = forms.CharField(
        max_length=limits.DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, vehicles: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["license_number"].choices = [("", "Choose a vehicle"), *vehicles]
        self.has_vehicles = bool(vehicles)

    def command(self, day: date) -> PlanMaintenanceJob:
        data = self.cleaned_data
        return PlanMaintenanceJob(
            planning_date=day,
            start_time=entered(day, data, "start_time"),
            end_time=entered(day, data, "end_time"),
            license_number=data["license_number"],
            description=data["description"],
        )


class CheckInForm(CommandForm):
    odometer_km = forms.IntegerField(
        label="Odometer (km)", min_value=0, max_value=limits.ODOMETER_MAX_KM
    )
    at = forms.TimeField(label="Checked in at", widget=TimeInput())

    @classmethod
    def prefilled(cls, job: MaintenanceJob, user: Any) -> "CheckInForm":
        return cls(initial={"at": now()})

    def command(self, day: date, job_id: UUID) -> CheckInVehicle:
        data = self.cleaned_data
        return CheckInVehicle(
            planning_date=day,
            job_id=job_id,
            odometer_km=data["odometer_km"],
            at=entered(day, data, "at"),
        )


class StartWorkForm(CommandForm):
    workstation = forms.ChoiceField(label="Bay")
    mechanic = forms.CharField(max_length=limits.NAME_MAX)
    at = forms.TimeField(label="Started at", widget=TimeInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workstation"].choices = [
            (bay, bay) for bay in settings.WORKSTATIONS
        ]

    @classmethod
    def prefilled(cls, job: MaintenanceJob, user: Any) -> "StartWorkForm":
        mechanic = user.get_full_name() or user.get_username()
        return cls(initial={"mechanic": mechanic, "at": now()})

    def command(self, day: date, job_id: UUID) -> StartWork:
        data = self.cleaned_data
        return StartWork(
            planning_date=day,
            job_id=job_id,
            workstation=data["workstation"],
            mechanic=data["mechanic"],
            at=entered(day, data, "at"),
        )


class WaitForPartsForm(CommandForm):
    reason = reason_field()

    @classmethod
    def prefilled(cls, job: MaintenanceJob, user: Any) -> "WaitForPartsForm":
        return cls()

    def command(self, day: date, job_id: UUID) -> WaitForParts:
        return WaitForParts(
            planning_date=day, job_id=job_id, reason=self.cleaned_data["reason"]
        )


class RescheduleForm(CommandForm):
    planning_date = forms.DateField(label="Date", widget=DateInput())
    start_time = forms.TimeField(widget=TimeInput())
    end_time = forms.TimeField(widget=TimeInput())

    @classmethod
    def prefilled(cls, job: MaintenanceJob, user: Any) -> "RescheduleForm":
        return cls(
            initial={
                "planning_date": job.planning_date,
                "start_time": timezone.localtime(job.start_time).time(),
                "end_time": timezone.localtime(job.end_time).time(),
            }
        )

    def command(self, day: date, job_id: UUID) -> RescheduleMaintenanceJob:
        data = self.cleaned_data
        new_day = data["planning_date"]
        return RescheduleMaintenanceJob(
            planning_date=day,
            job_id=job_id,
            new_planning_date=new_day,
            start_time=entered(new_day, data, "start_time"),
            end_time=entered(new_day, data, "end_time"),
        )


class PartForm(CommandForm):
    """One line of the parts used; a row left empty is no line."""

    description = forms.CharField(max_length=limits.PART_DESCRIPTION_MAX)
    quantity = amount_field("Quantity", "0.01", limits.QUANTITY_MAX)
    unit_price = amount_field("Unit price excl. VAT", "0", limits.UNIT_PRICE_MAX)


PartFormSet = forms.formset_factory(
    PartForm, extra=3, max_num=limits.PARTS_MAX, validate_max=True
)


class FinishJobForm(CommandForm):
    """The actual times, notes and labour hours, with the parts used as a
    formset (``parts``) of a few empty rows."""

    actual_start_time = forms.TimeField(label="Actual start", widget=TimeInput())
    actual_end_time = forms.TimeField(label="Actual end", widget=TimeInput())
    notes = forms.CharField(
        required=False,
        max_length=limits.NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    labour_hours = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=limits.LABOUR_HOURS_MAX,
        max_digits=5,
        decimal_places=limits.DECIMAL_PLACES,
        help_text="Left empty: the actual duration.",
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.parts = PartFormSet(data, prefix="parts")

    @classmethod
    def prefilled(cls, job: MaintenanceJob) -> "FinishJobForm":
        return cls(
            initial={
                "actual_start_time": timezone.localtime(job.start_time).time(),
                "actual_end_time": timezone.localtime(job.end_time).time(),
            }
        )

    def is_valid(self) -> bool:
        return all([super().is_valid(), self.parts.is_valid()])

    def ahead_of_clock(self, day: date) -> datetime | None:
        """The actual end (as sent, or as prefilled) when it is still to come.

        Finishing ahead of the clock is allowed on purpose (SPEC 12: the
        garage records what happened, and a demo may run ahead), so the form
        only says so."""
        try:
            end = forms.TimeField().to_python(self["actual_end_time"].value())
        except forms.ValidationError:
            return None
        moment = local(day, end) if end else None
        return moment if moment and moment > clock.now() else None

    def part_rows(self) -> list[PartForm]:
        """The rows filled in: each a line of the command, in order."""
        return [row for row in self.parts if row.has_changed() and row.cleaned_data]

    def command(self, day: date, job_id: UUID) -> FinishMaintenanceJob:
        data = self.cleaned_data
        return FinishMaintenanceJob(
            planning_date=day,
            job_id=job_id,
            actual_start_time=entered(day, data, "actual_start_time"),
            actual_end_time=entered(day, data, "actual_end_time"),
            notes=data["notes"],
            labour_hours=data["labour_hours"],
            parts=[PartUsed(**row.cleaned_data) for row in self.part_rows()],
        )

    def add_command_error(self, error: GarageError) -> None:
        """A refused part line (field "parts.1.quantity") shows on its row."""
        field = getattr(error, "field", None) or ""
        prefix, line, name = (field.split(".", 2) + ["", ""])[:3]
        rows = self.part_rows()
        if prefix == "parts" and line.isdigit() and int(line) < len(rows):
            known = name if name in PartForm.base_fields else None
            rows[int(line)].add_error(known, error.message)
        else:
            super().add_command_error(error)


class CancelJobForm(CommandForm):
    reason = reason_field()

    def command(self, day: date, job_id: UUID) -> CancelMaintenanceJob:
        return CancelMaintenanceJob(
            planning_date=day, job_id=job_id, reason=self.cleaned_data["reason"]
        )

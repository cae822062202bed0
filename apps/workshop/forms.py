from datetime import date, datetime, time
from uuid import UUID

from django import forms
from django.utils import timezone

from garage.kernel.web import CommandForm

from .commands import CancelMaintenanceJob, FinishMaintenanceJob, PlanMaintenanceJob
from .models import MaintenanceJob


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


def at(day: date, moment: time) -> datetime:
    """``moment`` on ``day`` in the garage's time zone."""
    return timezone.make_aware(datetime.combine(day, moment))


class PlanJobForm(CommandForm):
    start_time = forms.TimeField(initial=time(8, 0), widget=TimeInput())
    end_time = forms.TimeField(initial=time(10, 0), widget=TimeInput())
    license_number = forms.ChoiceField(label="Vehicle")
    description = forms.CharField(
        max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, vehicles: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["license_number"].choices = [("", "Choose a vehicle"), *vehicles]
        self.has_vehicles = bool(vehicles)

    def command(self, day: date) -> PlanMaintenanceJob:
        data = self.cleaned_data
        return PlanMaintenanceJob(
            planning_date=day,
            start_time=at(day, data["start_time"]),
            end_time=at(day, data["end_time"]),
            license_number=data["license_number"],
            description=data["description"],
        )


class FinishJobForm(CommandForm):
    actual_start_time = forms.TimeField(label="Actual start", widget=TimeInput())
    actual_end_time = forms.TimeField(label="Actual end", widget=TimeInput())
    notes = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    @classmethod
    def prefilled(cls, job: MaintenanceJob) -> "FinishJobForm":
        return cls(
            initial={
                "actual_start_time": timezone.localtime(job.start_time).time(),
                "actual_end_time": timezone.localtime(job.end_time).time(),
            }
        )

    def command(self, day: date, job_id: UUID) -> FinishMaintenanceJob:
        data = self.cleaned_data
        return FinishMaintenanceJob(
            planning_date=day,
            job_id=job_id,
            actual_start_time=at(day, data["actual_start_time"]),
            actual_end_time=at(day, data["actual_end_time"]),
            notes=data["notes"],
        )


class CancelJobForm(CommandForm):
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def command(self, day: date, job_id: UUID) -> CancelMaintenanceJob:
        return CancelMaintenanceJob(
            planning_date=day, job_id=job_id, reason=self.cleaned_data["reason"]
        )

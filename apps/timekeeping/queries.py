from datetime import date, timedelta

from django.utils import timezone

from .models import BusinessDay


def get_current_business_day() -> date | None:
    return BusinessDay.objects.values_list("date", flat=True).first()


def get_next_business_day() -> date:
    current = get_current_business_day()
    return current + timedelta(days=1) if current else timezone.localdate()


def list_recent_business_days(limit: int = 10) -> list[BusinessDay]:
    return list(BusinessDay.objects.all()[:limit])

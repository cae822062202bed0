import pytest
from django.contrib import admin

from apps.workshop import handlers
from apps.workshop.models import (
    BusinessDay,
    Customer,
    MaintenanceJob,
    PlanningEvent,
    Vehicle,
)

from .conftest import plan_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff, cached_vehicle):
    handlers.plan_maintenance_job(plan_command())
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/workshop/planningevent/",
        "/admin/workshop/planningevent/?event_type=WorkshopPlanning.JobPlanned",
        "/admin/workshop/planningevent/?stream_id=2030-05-06",
        "/admin/workshop/planningevent/{pk}/change/",
        "/admin/workshop/maintenancejob/",
        "/admin/workshop/customer/",
        "/admin/workshop/vehicle/?q=12-AB",
        "/admin/workshop/businessday/",
    ],
)
def test_the_workshops_tables_are_in_the_admin(admin_client, url):
    pk = PlanningEvent.objects.first().pk
    assert admin_client.get(url.format(pk=pk)).status_code == 200


@pytest.mark.parametrize(
    "model", [PlanningEvent, MaintenanceJob, Customer, Vehicle, BusinessDay]
)
def test_the_admin_can_not_change_events_or_derived_tables(rf, staff, model):
    request = rf.get("/")
    request.user = staff
    model_admin = admin.site._registry[model]

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)

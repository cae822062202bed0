"""SPEC 16 for the pages: who may open which page, and who may act on it.

Each row is one page and method; the three columns say whether Front desk,
Mechanic and Manager may use it. A refusal is the friendly 403 page; anything
else (the page, a form error, a redirect, a 404 for an unknown thing) means
the permission check let the user through.
"""

from datetime import date
from uuid import uuid4

import pytest
from django.urls import reverse

from garage.kernel.roles import FRONT_DESK, MANAGER, MECHANIC
from tests.conftest import member_of

DAY = date(2030, 5, 6)
JOB = {"day": DAY, "job_id": uuid4()}
Y, N = True, False

MATRIX = [
    # page                          kwargs                 method  desk mech mgr
    ("customers:customer_list", {}, "GET", Y, Y, Y),
    ("customers:customer_detail", {"customer_id": uuid4()}, "GET", Y, Y, Y),
    ("customers:customer_register", {}, "GET", Y, N, Y),
    ("customers:customer_register", {}, "POST", Y, N, Y),
    ("customers:customer_edit", {"customer_id": uuid4()}, "GET", Y, N, Y),
    ("customers:customer_edit", {"customer_id": uuid4()}, "POST", Y, N, Y),
    ("customers:vehicle_list", {}, "GET", Y, Y, Y),
    ("customers:vehicle_transfer", {"license_number": "12-AB-34"}, "GET", Y, N, Y),
    ("customers:vehicle_transfer", {"license_number": "12-AB-34"}, "POST", Y, N, Y),
    ("customers:vehicle_detail", {"license_number": "12-AB-34"}, "GET", Y, Y, Y),
    ("customers:vehicle_register", {}, "GET", Y, N, Y),
    ("customers:vehicle_register", {}, "POST", Y, N, Y),
    ("workshop:planning_today", {}, "GET", Y, Y, Y),
    ("workshop:planning", {"day": DAY}, "GET", Y, Y, Y),
    ("workshop:planning_history", {"day": DAY}, "GET", Y, Y, Y),
    ("workshop:week", {"day": DAY}, "GET", Y, Y, Y),
    ("workshop:board", {}, "GET", Y, Y, Y),
    ("workshop:board_check_in", JOB, "POST", Y, N, Y),
    ("workshop:board_start", JOB, "POST", N, Y, Y),
    ("workshop:board_wait_for_parts", JOB, "POST", N, Y, Y),
    ("workshop:board_finish", JOB, "GET", N, Y, Y),
    ("workshop:board_finish", JOB, "POST", N, Y, Y),
    ("workshop:plan_job", {"day": DAY}, "GET", Y, N, Y),
    ("workshop:plan_job", {"day": DAY}, "POST", Y, N, Y),
    ("workshop:job_detail", JOB, "GET", Y, Y, Y),
    ("workshop:check_in_job", JOB, "GET", Y, N, Y),
    ("workshop:check_in_job", JOB, "POST", Y, N, Y),
    ("workshop:start_job", JOB, "GET", N, Y, Y),
    ("workshop:start_job", JOB, "POST", N, Y, Y),
    ("workshop:wait_for_parts", JOB, "GET", N, Y, Y),
    ("workshop:wait_for_parts", JOB, "POST", N, Y, Y),
    ("workshop:reschedule_job", JOB, "GET", Y, N, Y),
    ("workshop:reschedule_job", JOB, "POST", Y, N, Y),
    ("workshop:finish_job", JOB, "GET", N, Y, Y),
    ("workshop:finish_job", JOB, "POST", N, Y, Y),
    ("workshop:cancel_job", JOB, "GET", Y, N, Y),
    ("workshop:cancel_job", JOB, "POST", Y, N, Y),
    ("workshop:customer_jobs", {"customer_id": uuid4()}, "GET", Y, Y, Y),
    ("workshop:vehicle_jobs", {"license_number": "12-AB-34"}, "GET", Y, Y, Y),
    ("workshop:vehicle_history", {"license_number": "12-AB-34"}, "GET", Y, Y, Y),
    ("notifications:reminder_list", {}, "GET", Y, N, Y),
    ("notifications:message_list", {}, "GET", Y, N, Y),
    ("notifications:service_due", {}, "GET", Y, N, Y),
    ("invoicing:invoice_list", {}, "GET", Y, N, Y),
    ("invoicing:invoice_detail", {"number": "2030-00001"}, "GET", Y, N, Y),
    ("invoicing:invoice_document", {"number": "2030-00001"}, "GET", Y, N, Y),
    ("invoicing:invoice_pdf", {"number": "2030-00001"}, "GET", Y, N, Y),
    ("invoicing:record_payment", {"number": "2030-00001"}, "POST", Y, N, Y),
    ("invoicing:credit_invoice", {"number": "2030-00001"}, "POST", N, N, Y),
    ("invoicing:receivables", {}, "GET", N, N, Y),
    ("invoicing:export", {}, "GET", N, N, Y),
    ("timekeeping:business_day", {}, "GET", Y, N, Y),
    ("timekeeping:business_day", {}, "POST", N, N, Y),
    ("home", {}, "GET", Y, Y, Y),
]
ROLES = [FRONT_DESK, MECHANIC, MANAGER]


def cases():
    for name, kwargs, method, *allowed in MATRIX:
        for role, may in zip(ROLES, allowed, strict=True):
            yield pytest.param(
                name, kwargs, method, role, may, id=f"{name}-{method}-{role}"
            )


@pytest.mark.django_db
@pytest.mark.parametrize("name, kwargs, method, role, may", list(cases()))
def test_each_role_may_use_exactly_its_pages(
    client, django_user_model, name, kwargs, method, role, may
):
    client.force_login(member_of(role, django_user_model))
    url = reverse(name, kwargs=kwargs)

    response = client.post(url, {}) if method == "POST" else client.get(url)

    if may:
        assert response.status_code in (200, 302, 400, 404), response.status_code
    else:
        assert response.status_code == 403
        assert "Not allowed" in response.content.decode()
        assert "You tried to" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_role_reads_the_metrics_but_staff_do(client, django_user_model, role):
    member = member_of(role, django_user_model)
    client.force_login(member)
    assert client.get(reverse("metrics")).status_code == 403

    member.is_staff = True
    member.save()
    assert client.get(reverse("metrics")).status_code == 200


def test_the_matrix_covers_every_page():
    from django.urls import get_resolver

    names = {row[0] for row in MATRIX}
    resolver = get_resolver()
    for namespace in [
        "customers",
        "workshop",
        "notifications",
        "invoicing",
        "timekeeping",
    ]:
        pages = resolver.namespace_dict[namespace][1].reverse_dict.keys()
        named = {f"{namespace}:{key}" for key in pages if isinstance(key, str)}
        assert named <= names, named - names

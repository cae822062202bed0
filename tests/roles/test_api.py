"""SPEC 16 for the API: each operation with a bearer token of each role.

A refusal is ``403 {"detail", "code": "permission_denied"}``; anything else
(the answer, a 404 for an unknown thing, a 409 or 422 for the empty body sent)
means the permission check let the token through.
"""

from uuid import uuid4

import pytest
from django.test import Client

from garage.api import api
from garage.kernel.models import ApiToken
from garage.kernel.roles import FRONT_DESK, MANAGER, MECHANIC
from tests.conftest import member_of

JOB = f"/api/workshop/plannings/2030-05-06/jobs/{uuid4()}"
Y, N = True, False

MATRIX = [
    # method  path                                    desk mech mgr
    ("POST", "/api/customers", Y, N, Y),
    ("GET", "/api/customers", Y, Y, Y),
    ("GET", f"/api/customers/{uuid4()}", Y, Y, Y),
    ("POST", "/api/vehicles", Y, N, Y),
    ("GET", "/api/vehicles", Y, Y, Y),
    ("GET", "/api/vehicles/12-AB-34", Y, Y, Y),
    ("PATCH", f"/api/customers/{uuid4()}", Y, N, Y),
    ("POST", "/api/vehicles/12-AB-34/transfer", Y, N, Y),
    ("GET", "/api/workshop/plannings/2030-05-06", Y, Y, Y),
    ("POST", "/api/workshop/plannings/2030-05-06/jobs", Y, N, Y),
    ("GET", JOB, Y, Y, Y),
    ("POST", f"{JOB}/finish", N, Y, Y),
    ("POST", f"{JOB}/cancel", Y, N, Y),
    ("POST", f"{JOB}/check-in", Y, N, Y),
    ("POST", f"{JOB}/start", N, Y, Y),
    ("POST", f"{JOB}/wait-for-parts", N, Y, Y),
    ("POST", f"{JOB}/reschedule", Y, N, Y),
    ("GET", "/api/workshop/vehicles/12-AB-34/history", Y, Y, Y),
    ("GET", "/api/reminders", Y, N, Y),
    ("GET", "/api/messages", Y, N, Y),
    ("GET", "/api/invoices", Y, N, Y),
    ("GET", "/api/invoices/2030-00001", Y, N, Y),
    ("GET", "/api/invoices/2030-00001.pdf", Y, N, Y),
    ("POST", "/api/invoices/2030-00001/payments", Y, N, Y),
    ("POST", "/api/invoices/2030-00001/credit", N, N, Y),
    ("GET", "/api/receivables", N, N, Y),
]
ROLES = [FRONT_DESK, MECHANIC, MANAGER]


def cases():
    for method, path, *allowed in MATRIX:
        for role, may in zip(ROLES, allowed, strict=True):
            yield pytest.param(method, path, role, may, id=f"{method} {path} {role}")


@pytest.mark.django_db
@pytest.mark.parametrize("method, path, role, may", list(cases()))
def test_each_roles_token_may_use_exactly_its_operations(
    django_user_model, method, path, role, may
):
    token = ApiToken.issue(member_of(role, django_user_model))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", enforce_csrf_checks=True)

    if method in ("POST", "PATCH"):
        response = client.generic(method, path, "{}", content_type="application/json")
    else:
        response = client.get(path)

    if may:
        assert response.status_code in (200, 404, 409, 422), response.content
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
        assert response.json()["detail"].startswith("You tried to")


def test_the_matrix_covers_every_operation_and_each_needs_a_permission():
    operations = [
        operation
        for router_path in api._routers
        for view in router_path[1].path_operations.values()
        for operation in view.operations
    ]
    assert len(operations) == len(MATRIX)
    for operation in operations:
        assert {auth.permission for auth in operation.auth_callbacks} != {None}

"""/metrics: who may read it, and the bus's gauges counted from the outbox."""

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from garage.kernel import bus as kernel_bus
from garage.kernel.models import ApiToken, Delivery
from garage.kernel.roles import MANAGER
from tests.conftest import member_of

from .conftest import Pinged, Ponged

pytestmark = pytest.mark.django_db
State = Delivery.State


def test_a_stranger_gets_401(client):
    response = client.get("/metrics")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["code"] == "not_authenticated"


def test_an_employee_who_is_not_staff_gets_403(client, django_user_model):
    client.force_login(member_of(MANAGER, django_user_model))

    response = client.get("/metrics")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_staff_session_reads_them(client, staff):
    client.force_login(staff)

    response = client.get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    names = {family.name for family in families(response)}
    assert {"django_http_requests_before_middlewares", "garage_bus_deliveries"} <= names


def test_a_staff_token_reads_them_and_other_tokens_do_not(client, staff, user):
    def with_token(token: str) -> int:
        return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}").status_code

    assert with_token(ApiToken.issue(staff)) == 200
    assert with_token(ApiToken.issue(user)) == 403
    assert with_token("no-such-token") == 401


def test_the_bus_gauges_count_the_outbox(client, staff, monkeypatch):
    monkeypatch.setattr(kernel_bus, "_relay_after_commit", lambda ids: None)
    kernel_bus.publish(Pinged(n=1), Pinged(n=2), Ponged(n=3))  # alpha 3, beta 2
    beta = Delivery.objects.filter(consumer="beta").order_by("pk")
    beta.filter(pk=beta[0].pk).update(state=State.DEAD)
    alpha = Delivery.objects.filter(consumer="alpha").order_by("pk")
    alpha.filter(pk=alpha[0].pk).update(
        state=State.SENT, created_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(staff)

    gauges = samples(client.get("/metrics"))

    assert gauges["garage_bus_deliveries", ("alpha", "pending")] == 2
    assert gauges["garage_bus_deliveries", ("alpha", "sent")] == 1
    assert gauges["garage_bus_deliveries", ("beta", "pending")] == 1
    assert gauges["garage_bus_deliveries", ("beta", "sent")] == 0
    assert gauges["garage_bus_dead_letters", ("beta",)] == 1
    assert gauges["garage_bus_dead_letters", ("alpha",)] == 0
    assert 3_600 <= gauges["garage_bus_oldest_waiting_seconds", ("alpha",)] < 3_700
    assert gauges["garage_bus_oldest_waiting_seconds", ("beta",)] < 600


def families(response):
    return list(text_string_to_metric_families(response.content.decode()))


def samples(response) -> dict:
    return {
        (sample.name, tuple(sample.labels.values())): sample.value
        for family in families(response)
        if family.name.startswith("garage_bus_")
        for sample in family.samples
    }

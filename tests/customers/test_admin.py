import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

YEAR = str(timezone.localdate().year)


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "jansen"}, {"city": "Amsterdam"}, {"registered_at__year": YEAR}],
)
def test_customer_admin_lists_searches_and_filters(admin_client, customer, params):
    response = admin_client.get(reverse("admin:customers_customer_changelist"), params)

    assert response.status_code == 200
    assert customer.name in response.text


@pytest.mark.parametrize(
    "params", [{}, {"q": "12-ab"}, {"q": "jan"}, {"brand": "Volvo"}]
)
def test_vehicle_admin_lists_searches_and_filters(admin_client, make_vehicle, params):
    make_vehicle("12-AB-34", brand="Volvo")

    response = admin_client.get(reverse("admin:customers_vehicle_changelist"), params)

    assert response.status_code == 200
    assert "12-AB-34" in response.text


def test_admin_shows_a_customer_with_its_vehicles(admin_client, customer, make_vehicle):
    make_vehicle("12-AB-34")

    url = reverse("admin:customers_customer_change", args=[customer.pk])
    response = admin_client.get(url)

    assert response.status_code == 200
    assert "12-AB-34" in response.text


@pytest.mark.parametrize("model", ["customer", "vehicle"])
def test_admin_registers_nothing_so_every_registration_is_published(
    admin_client, model
):
    response = admin_client.get(reverse(f"admin:customers_{model}_add"))

    assert response.status_code == 403

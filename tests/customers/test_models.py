import pytest
from django.conf import settings
from django.db import IntegrityError, connection

from apps.customers.models import Vehicle

pytestmark = pytest.mark.django_db

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def test_database_refuses_a_lower_case_license_number(customer):
    with pytest.raises(IntegrityError):
        Vehicle.objects.bulk_create(
            [Vehicle(license_number="12-ab-34", brand="B", type="T", owner=customer)]
        )


def test_database_refuses_a_second_vehicle_with_the_same_license(make_vehicle):
    make_vehicle("12-AB-34")

    with pytest.raises(IntegrityError):
        Vehicle.objects.bulk_create(
            [
                Vehicle(
                    license_number="12-AB-34",
                    brand="B",
                    type="T",
                    owner_id=make_vehicle("1-A-1").owner_id,
                )
            ]
        )


@pytest.mark.skipif(
    not ON_POSTGRES, reason="the trigram index exists on PostgreSQL only"
)
def test_customer_search_has_a_trigram_index_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'customers_customer'"
        )
        names = {row[0] for row in cursor.fetchall()}

    assert {"customer_search_trgm", "customer_by_name"} <= names

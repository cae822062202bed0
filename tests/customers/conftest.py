import pytest

from apps.customers.models import Customer, Vehicle

from .cases import CUSTOMER


@pytest.fixture
def make_customer(db):
    def make(**fields) -> Customer:
        return Customer.objects.create(**{**CUSTOMER, **fields})

    return make


@pytest.fixture
def customer(make_customer) -> Customer:
    return make_customer()


@pytest.fixture
def make_vehicle(db, customer):
    def make(license_number: str, **fields) -> Vehicle:
        defaults = {"brand": "Volkswagen", "type": "Golf", "owner": customer}
        return Vehicle.objects.create(
            license_number=license_number, **{**defaults, **fields}
        )

    return make


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The logged-in and token fixtures create a user per test; hash quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

import pytest

from apps.customers.forms import CustomerForm, VehicleForm

from .cases import CUSTOMER, CUSTOMER_CASES, INVALID, VEHICLE, VEHICLE_CASES, case_id

OWNER = "8a0c1d7e-5f0f-4a57-9a4c-2b1f2c3d4e5f"


@pytest.mark.parametrize("case", CUSTOMER_CASES, ids=case_id)
def test_customer_form_applies_field_rule(case):
    field, value, expected = case

    form = CustomerForm({**CUSTOMER, field: value})

    if expected is INVALID:
        assert not form.is_valid()
        assert list(form.errors) == [field]
    else:
        assert form.is_valid(), form.errors
        assert form.cleaned_data[field] == expected


@pytest.mark.parametrize("case", VEHICLE_CASES, ids=case_id)
def test_vehicle_form_applies_field_rule(case):
    field, value, expected = case

    form = VehicleForm({**VEHICLE, "owner_id": OWNER, field: value})

    if expected is INVALID:
        assert not form.is_valid()
        assert list(form.errors) == [field]
    else:
        assert form.is_valid(), form.errors
        assert form.cleaned_data[field] == expected


@pytest.mark.parametrize("owner_id", ["", "  ", "not-a-uuid"])
def test_vehicle_form_needs_an_owner(owner_id):
    form = VehicleForm({**VEHICLE, "owner_id": owner_id})

    assert list(form.errors) == ["owner_id"]


def test_missing_fields_are_required():
    form = CustomerForm({})

    assert form.errors == {field: ["This field is required."] for field in CUSTOMER}


def test_fields_are_marked_required_for_the_browser():
    html = str(CustomerForm()["name"])

    assert "required" in html

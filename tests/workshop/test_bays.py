"""WORKSTATIONS (SPEC 12): a number of bays or their names."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.workshop import repository
from garage.settings import _bays


@pytest.mark.parametrize(
    ("value", "bays"),
    [
        ("3", ("Bay 1", "Bay 2", "Bay 3")),
        (" 1 ", ("Bay 1",)),
        ("Lift 1,Lift 2,Alignment", ("Lift 1", "Lift 2", "Alignment")),
        (" Lift 1 , Alignment ,", ("Lift 1", "Alignment")),
    ],
)
def test_workstations_is_a_number_of_bays_or_their_names(value, bays):
    assert _bays(value) == bays


@pytest.mark.parametrize("value", ["0", "", " , ", "Lift,lift", "x" * 101])
def test_no_bays_or_two_of_one_name_is_a_configuration_error(value):
    with pytest.raises(ImproperlyConfigured, match="WORKSTATIONS"):
        _bays(value)


def test_the_garage_has_the_configured_bays_and_as_many_workstations(settings):
    settings.WORKSTATIONS = ("Lift 1", "Lift 2")

    garage = repository.garage()

    assert (garage.bays, garage.workstations) == (("Lift 1", "Lift 2"), 2)

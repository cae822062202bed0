import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_add_employee_creates_a_user_in_the_role(capsys):
    call_command("add_employee", "frank", role="Front desk", password="garage-pw-93")

    frank = User.objects.get(username="frank")
    assert frank.check_password("garage-pw-93")
    assert [g.name for g in frank.groups.all()] == ["Front desk"]
    assert frank.has_perm("workshop.plan_job")
    assert not frank.has_perm("workshop.finish_job")
    assert not frank.is_staff
    assert "frank is an employee in the role Front desk." in capsys.readouterr().out


def test_add_employee_refuses_a_weak_password_and_an_existing_name():
    with pytest.raises(CommandError, match="too common"):
        call_command("add_employee", "mo", role="Mechanic", password="password")
    call_command("add_employee", "mo", role="Mechanic", password="garage-pw-93")
    with pytest.raises(CommandError, match="exists already"):
        call_command("add_employee", "mo", role="Mechanic", password="garage-pw-93")
    assert User.objects.filter(username="mo").count() == 1

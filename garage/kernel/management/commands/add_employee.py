from getpass import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from garage.kernel.roles import ROLES


class Command(BaseCommand):
    help = "Creates an employee in one role: Front desk, Mechanic or Manager."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument(
            "--password", help="Asked for when left out (keep it out of history)."
        )
        parser.add_argument(
            "--staff", action="store_true", help="May open the admin (for managers)."
        )

    def handle(self, *args, username: str, role: str, password, staff, **options):
        User = get_user_model()
        if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
            raise CommandError(f"A user named {username!r} exists already.")
        password = password or getpass(f"Password for {username}: ")
        try:
            validate_password(password, User(**{User.USERNAME_FIELD: username}))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        employee = User.objects.create_user(username, password=password)
        employee.is_staff = staff
        employee.save(update_fields=["is_staff"])
        employee.groups.add(Group.objects.get(name=role))
        self.stdout.write(f"{username} is an employee in the role {role}.")

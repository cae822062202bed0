from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from garage.kernel.models import ApiToken


class Command(BaseCommand):
    help = "Creates an API bearer token for a user and prints it (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user is named {username!r}.") from None
        self.stdout.write(ApiToken.issue(user))

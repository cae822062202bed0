from django.core.management.base import BaseCommand

from garage.kernel.models import Delivery
from garage.kernel.relay import replay


class Command(BaseCommand):
    help = "Sends dead-lettered deliveries again (all, or the given ids)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="delivery ids")
        parser.add_argument("--consumer", help="only this consuming context")

    def handle(self, *args, ids: list[int], consumer: str | None, **options):
        dead = Delivery.objects.filter(state=Delivery.State.DEAD)
        if ids:
            dead = dead.filter(pk__in=ids)
        if consumer:
            dead = dead.filter(consumer=consumer)
        self.stdout.write(f"Replayed {replay(dead)} dead-lettered deliveries.")

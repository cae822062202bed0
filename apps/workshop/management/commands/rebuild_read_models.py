from django.core.management.base import BaseCommand
from django.db import transaction

from apps.workshop import projections, repository


class Command(BaseCommand):
    help = "Rebuilds the workshop's read model of jobs from its event store."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            projections.rebuild(repository.all_events())
        self.stdout.write("The workshop's read model is rebuilt from its events.")

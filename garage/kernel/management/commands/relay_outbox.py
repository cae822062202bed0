from django.conf import settings
from django.core.management.base import BaseCommand

from garage.kernel.relay import Sweeper, sweep_all


class Command(BaseCommand):
    help = "Sends what the outbox has due (retries, rows a crash left behind)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="keep sweeping until interrupted"
        )

    def handle(self, *args, loop: bool, **options):
        if not loop:
            self.stdout.write(f"Sent {sweep_all()} deliveries.")
            return
        interval = settings.BUS["SWEEP_INTERVAL_SECONDS"]
        self.stdout.write(f"Sweeping the outbox every {interval} s; Ctrl-C stops.")
        sweeper = Sweeper()
        sweeper.start()
        try:
            sweeper.join()
        except KeyboardInterrupt:
            sweeper.stop()

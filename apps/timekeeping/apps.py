from django.apps import AppConfig


class TimekeepingConfig(AppConfig):
    name = "apps.timekeeping"
    label = "timekeeping"

    def ready(self) -> None:
        from garage.kernel import bus

        from .subscribers import SUBSCRIPTIONS

        bus.register(self.label, SUBSCRIPTIONS)

from django.apps import AppConfig


class WorkshopConfig(AppConfig):
    name = "apps.workshop"
    label = "workshop"

    def ready(self) -> None:
        from garage.kernel import bus

        from .subscribers import SUBSCRIPTIONS

        bus.register(self.label, SUBSCRIPTIONS)

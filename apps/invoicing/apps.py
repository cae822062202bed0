from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    name = "apps.invoicing"
    label = "invoicing"

    def ready(self) -> None:
        from garage.kernel import bus

        from .subscribers import SUBSCRIPTIONS

        bus.register(self.label, SUBSCRIPTIONS)

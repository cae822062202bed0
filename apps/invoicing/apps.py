from django.apps import AppConfig

from garage.kernel.roles import EVERYTHING, FRONT_DESK, MANAGER


class InvoicingConfig(AppConfig):
    name = "apps.invoicing"
    label = "invoicing"
    # Which role may do what here (SPEC 16); see garage.kernel.roles.
    role_grants = {
        FRONT_DESK: ["view_invoice", "record_payment", "view_payment"],
        MANAGER: [EVERYTHING],
    }

    def ready(self) -> None:
        from garage.kernel import bus

        from .subscribers import SUBSCRIPTIONS

        bus.register(self.label, SUBSCRIPTIONS)

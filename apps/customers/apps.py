from django.apps import AppConfig

from garage.kernel.roles import EVERYTHING, FRONT_DESK, MANAGER, MECHANIC


class CustomersConfig(AppConfig):
    name = "apps.customers"
    label = "customers"
    # Which role may do what here (SPEC 16); see garage.kernel.roles.
    role_grants = {
        FRONT_DESK: [
            "view_customer",
            "add_customer",
            "change_customer",
            "view_vehicle",
            "add_vehicle",
            "change_vehicle",
        ],
        MECHANIC: ["view_customer", "view_vehicle"],
        MANAGER: [EVERYTHING],
    }

    def ready(self) -> None:
        from garage.kernel import bus

        from .subscribers import SUBSCRIPTIONS

        bus.register(self.label, SUBSCRIPTIONS)
